package creatormatch_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/creatormatch/creatormatch"
)

func TestErrorCodeAndMessage(t *testing.T) {
	driver := errors.New("failed to connect to `user=postgres database=x host=127.0.0.1`: connection refused")
	cases := []struct {
		name string
		err  error
		code error
		msg  string
	}{
		{"nil", nil, nil, ""},
		{"store unavailable", fmt.Errorf("postgres: api key by hash: %w: %w", creatormatch.ErrUnavailable, driver),
			creatormatch.ErrUnavailable, "The service is temporarily unavailable; retry after the Retry-After delay."},
		{"store not found", fmt.Errorf("postgres: creator %q: %w", "x", creatormatch.ErrNotFound),
			creatormatch.ErrNotFound, "The requested resource was not found."},
		{"store data exception", fmt.Errorf("postgres: upsert: %w: %w", creatormatch.ErrInvalid, driver),
			creatormatch.ErrInvalid, "The request is invalid."},
		{"no kind", fmt.Errorf("postgres: scan: %w", driver), nil, "An internal error occurred; it has been logged."},
		{"client message", creatormatch.WrapError(fmt.Errorf("postgres: creator %q: %w", "x", creatormatch.ErrNotFound), creatormatch.ErrNotFound, "no creator with id %q", "x"),
			creatormatch.ErrNotFound, `no creator with id "x"`},
		{"wrapped client message", fmt.Errorf("outer: %w", creatormatch.Errorf(creatormatch.ErrForbidden, "this key lacks the %s scope", "write")),
			creatormatch.ErrForbidden, "this key lacks the write scope"},
		{"validation", creatormatch.Invalid("limit", "must be positive"), creatormatch.ErrInvalid, "invalid input: limit: must be positive"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.code, creatormatch.ErrorCode(tc.err))
			msg := creatormatch.ErrorMessage(tc.err)
			assert.Equal(t, tc.msg, msg)
			for _, leak := range []string{"postgres", "user=", "127.0.0.1", "database"} {
				assert.NotContains(t, strings.ToLower(msg), leak)
			}
		})
	}
	// The cause stays in the chain for errors.Is and in the logged text.
	err := creatormatch.WrapError(fmt.Errorf("x: %w: %w", creatormatch.ErrUnavailable, driver), creatormatch.ErrUnavailable, "try later")
	assert.ErrorIs(t, err, driver)
	assert.Contains(t, err.Error(), "127.0.0.1")
}
