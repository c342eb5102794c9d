package api_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/internal/testenv"
)

// readyStore is a failingStore that is also a creatormatch.HealthChecker.
type readyStore struct {
	*failingStore
	ready error
}

func (r *readyStore) Ready(ctx context.Context) error { return r.ready }

// fault is an error as a store reports a database fault: of kind
// ErrUnavailable with a message written for clients, and driver text for
// the logs.
func fault(reason string) error {
	return creatormatch.WrapError(errors.New(driverText), creatormatch.ErrUnavailable,
		"The service is temporarily unavailable: %s; retry after the Retry-After delay.", reason)
}

// TestReadyzSaysWhy: /readyz passes on the reason a store's Ready gives
// (503, Retry-After, problem+json, nothing of the driver's text), and a
// request failing with such a fault gets the same reason.
func TestReadyzSaysWhy(t *testing.T) {
	logs := &testenv.LogBuffer{}
	fs := &failingStore{Store: backends[0].open(t)}
	rs := &readyStore{failingStore: fs}
	s := newServerWith(t, rs, testenv.Embedder(t), api.Config{RateLimit: -1}, logs)

	rec := s.req("GET", "/readyz", "", "", remote)
	require.Equal(t, 200, rec.Code)

	for _, tc := range []struct {
		name, want string
		err        error
	}{
		{"missing database", "the database does not exist", fault("the database does not exist")},
		{"read-only", "the database is read-only", fault("the database is read-only")},
		{"no message", "The store is not reachable", errors.New(driverText)},
		{"unavailable without a message", "The store is not reachable", errors.Join(creatormatch.ErrUnavailable, errors.New(driverText))},
		{"another kind", "The store is not reachable", creatormatch.WrapError(errors.New(driverText), creatormatch.ErrNotFound, "nothing")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs.ready = tc.err
			rec := s.req("GET", "/readyz", "", "", remote)
			require.Equal(t, 503, rec.Code, rec.Body.String())
			assert.NotEmpty(t, rec.Header().Get("Retry-After"))
			p := problem(t, rec)
			assert.Contains(t, p.Detail, tc.want)
			assert.Contains(t, p.Type, "unavailable")
			for _, leak := range []string{"postgres", "user=", "127.0.0.1", "creatormatch_x", "pgx", "dial tcp", "SQLSTATE"} {
				assert.NotContains(t, rec.Body.String(), leak)
			}
			assert.Contains(t, logs.String(), "connection refused", "the log keeps the cause")
		})
	}
	rs.ready = nil

	// A write failing with a fault: 503, Retry-After, the reason.
	fs.set(fault("the database is read-only"), nil)
	rec = s.req("POST", "/v1/creators", `{"creators":[{"id":"x","bio":"Trail runner","accounts":[{"platform":"instagram","followers":1200}]}]}`, "", local)
	require.Equal(t, 503, rec.Code, rec.Body.String())
	assert.NotEmpty(t, rec.Header().Get("Retry-After"))
	p := problem(t, rec)
	assert.Contains(t, p.Detail, "the database is read-only")
	assert.False(t, strings.Contains(rec.Body.String(), "127.0.0.1"))
}
