package client_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	client "github.com/creatormatch/creatormatch/clients/go"
)

// flaky answers the first fails requests with status and Retry-After,
// then 200, recording each request's key, Idempotency-Key and body.
type flaky struct {
	mu         sync.Mutex
	fails      int
	status     int
	retryAfter string
	auth, idem []string
	bodies     []string
}

func (f *flaky) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	f.idem = append(f.idem, r.Header.Get("Idempotency-Key"))
	f.bodies = append(f.bodies, string(body))
	if len(f.idem) <= f.fails {
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(f.status)
		io.WriteString(w, `{"type":"about:blank","title":"busy","status":429}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"status":"ok"}`)
}

func TestRetriesHonourRetryAfter(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		f := &flaky{fails: 2, status: status, retryAfter: "0"}
		srv := httptest.NewServer(f)
		defer srv.Close()
		c, err := client.New(srv.URL, client.Options{APIKey: "cm_secret"})
		require.NoError(t, err)
		res, err := c.ParseBriefWithResponse(context.Background(), client.ParseBriefJSONRequestBody{Text: "vegan snacks"})
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, res.StatusCode(), "retried past %d", status)
		require.Len(t, f.idem, 3)
		assert.NotEmpty(t, f.idem[0], "a write carries an Idempotency-Key")
		assert.Equal(t, []string{f.idem[0], f.idem[0], f.idem[0]}, f.idem, "every retry sends the same key")
		assert.Equal(t, []string{f.bodies[0], f.bodies[0], f.bodies[0]}, f.bodies, "every retry sends the body again")
		assert.Contains(t, f.bodies[0], "vegan snacks")
		assert.Equal(t, "Bearer cm_secret", f.auth[2])
	}
}

func TestRetriesAreBounded(t *testing.T) {
	// Too many failures: the last 429 is returned after MaxRetries retries.
	f := &flaky{fails: 10, status: http.StatusTooManyRequests, retryAfter: "0"}
	srv := httptest.NewServer(f)
	defer srv.Close()
	c, err := client.New(srv.URL, client.Options{MaxRetries: 2})
	require.NoError(t, err)
	res, err := c.HealthzWithResponse(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode())
	assert.Len(t, f.idem, 3)
	assert.Empty(t, f.idem[0], "a read carries no Idempotency-Key")

	// A Retry-After beyond MaxRetryWait is not waited for.
	f = &flaky{fails: 1, status: http.StatusServiceUnavailable, retryAfter: "120"}
	srv2 := httptest.NewServer(f)
	defer srv2.Close()
	c, err = client.New(srv2.URL, client.Options{MaxRetryWait: time.Second})
	require.NoError(t, err)
	start := time.Now()
	res, err = c.HealthzWithResponse(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode())
	assert.Len(t, f.idem, 1)
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestCallerIdempotencyKeyKept(t *testing.T) {
	f := &flaky{}
	srv := httptest.NewServer(f)
	defer srv.Close()
	c, err := client.New(srv.URL, client.Options{})
	require.NoError(t, err)
	key := client.IdempotencyKey("mine")
	_, err = c.UpsertCreatorsWithResponse(context.Background(), &client.UpsertCreatorsParams{IdempotencyKey: &key},
		client.UpsertCreatorsJSONRequestBody{Creators: []client.Creator{{ID: "c1"}}})
	require.NoError(t, err)
	assert.Equal(t, []string{"mine"}, f.idem)
	assert.Equal(t, []string{""}, f.auth, "no key, no Authorization (demo mode)")
}
