package api_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/internal/testenv"
)

// TestFailedAuthIsLimitedPerAddress: 800 distinct wrong keys from one
// address cost the store only the burst's lookups, the rest are 429s with
// Retry-After; the address's IPv6 /64 neighbours share its bucket; other
// addresses are unaffected.
func TestFailedAuthIsLimitedPerAddress(t *testing.T) {
	fs := &failingStore{Store: backends[0].open(t)}
	// One token per 100 s: nothing refills during the test.
	s := newServerWith(t, fs, testenv.Embedder(t), api.Config{AuthFailureRate: 0.01, AuthFailureBurst: 5, RateLimit: -1}, &testenv.LogBuffer{})
	key, secret := creatormatch.NewAPIKey("reader", []creatormatch.Scope{creatormatch.ScopeRead}, time.Now())
	require.NoError(t, fs.Store.CreateAPIKey(context.Background(), key))

	attacker := "198.51.100.7:4000"
	codes := map[int]int{}
	for i := range 800 {
		rec := s.req("GET", "/v1/creators/x", "", fmt.Sprintf("cm_guess_%d", i), attacker)
		codes[rec.Code]++
		if rec.Code == 429 {
			p := problem(t, rec)
			assert.Equal(t, 429, p.Status)
			secs, err := strconv.Atoi(rec.Header().Get("Retry-After"))
			require.NoError(t, err)
			assert.True(t, secs >= 1 && secs <= 101, "Retry-After %d", secs)
		}
	}
	assert.Equal(t, 5, codes[401], "the burst is answered")
	assert.Equal(t, 795, codes[429], "then the address is refused")
	assert.EqualValues(t, 5, fs.keyLookups.Load(), "refused guesses must not reach the store")

	// The same /64 shares a bucket; another /64 and another IPv4 do not.
	for i := range 5 {
		assert.Equal(t, 401, s.req("GET", "/v1/creators/x", "", fmt.Sprintf("cm_v6_%d", i), "[2001:db8:1:2::1]:4000").Code)
	}
	assert.Equal(t, 429, s.req("GET", "/v1/creators/x", "", "cm_v6_next", "[2001:db8:1:2::ffff]:4000").Code)
	assert.Equal(t, 401, s.req("GET", "/v1/creators/x", "", "cm_v6_other", "[2001:db8:1:3::1]:4000").Code)
	assert.Equal(t, 401, s.req("GET", "/v1/creators/x", "", "cm_guess_0_b", remote).Code)
	assert.Equal(t, 404, s.req("GET", "/v1/creators/x", "", secret, remote).Code, "a valid key from another address works")
}

// TestUnknownKeysAreCached: the same unknown key is looked up in the store
// once, then answered 401 from memory.
func TestUnknownKeysAreCached(t *testing.T) {
	fs := &failingStore{Store: backends[0].open(t)}
	s := newServerWith(t, fs, testenv.Embedder(t), api.Config{AuthFailureRate: -1, RateLimit: -1}, &testenv.LogBuffer{})
	key, _ := creatormatch.NewAPIKey("reader", []creatormatch.Scope{creatormatch.ScopeRead}, time.Now())
	require.NoError(t, fs.Store.CreateAPIKey(context.Background(), key))
	for range 50 {
		require.Equal(t, 401, s.req("GET", "/v1/creators/x", "", "cm_same_wrong_key", remote).Code)
	}
	// The positive cache lasts 2 s: the negative one must outlive it.
	time.Sleep(2100 * time.Millisecond)
	require.Equal(t, 401, s.req("GET", "/v1/creators/x", "", "cm_same_wrong_key", remote).Code)
	assert.EqualValues(t, 1, fs.keyLookups.Load())
}
