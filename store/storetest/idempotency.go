package storetest

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// idemScope is a scope as the API builds it.
const idemScope = "anon:127.0.0.1 POST /v1/feedback"

func claimOf(key, hash, token string) cm.IdempotencyClaim {
	return cm.IdempotencyClaim{Scope: idemScope, Key: key, RequestHash: hash, Token: token,
		Lease: time.Minute, TTL: cm.IdempotencyTTL}
}

// claim claims c and fails the test on error.
func claim(t *testing.T, s cm.Store, c cm.IdempotencyClaim) *cm.IdempotencyRecord {
	t.Helper()
	r, err := s.ClaimIdempotency(ctx(t), c)
	require.NoError(t, err, "ClaimIdempotency(%q, %q)", c.Scope, c.Key)
	return r
}

func requireClaimed(t *testing.T, s cm.Store, c cm.IdempotencyClaim, msgAndArgs ...any) {
	t.Helper()
	r := claim(t, s, c)
	require.Nil(t, r, msgAndArgs...)
}

func requireHeld(t *testing.T, s cm.Store, c cm.IdempotencyClaim, complete bool, hash string) *cm.IdempotencyRecord {
	t.Helper()
	r := claim(t, s, c)
	require.NotNil(t, r, "ClaimIdempotency(%q) of a held key returns the record holding it", c.Key)
	require.Equal(t, c.Scope, r.Scope)
	require.Equal(t, c.Key, r.Key)
	require.Equal(t, hash, r.RequestHash)
	require.Equal(t, complete, r.Complete, "complete")
	require.Empty(t, r.Token, "the holder's token is not handed out")
	return r
}

func complete(t *testing.T, s cm.Store, c cm.IdempotencyClaim, resp cm.IdempotencyResponse) {
	t.Helper()
	require.NoError(t, s.CompleteIdempotency(ctx(t), c.Scope, c.Key, c.Token, resp), "CompleteIdempotency(%q)", c.Key)
}

var idemResp = cm.IdempotencyResponse{Status: 200, ContentType: "application/json",
	Body: []byte(`{"recorded":1,"events":[{"id":"e1","brief_id":"b","creator_id":"c","event":"hired"}]}`)}

func requireResponse(t *testing.T, want cm.IdempotencyResponse, got *cm.IdempotencyRecord) {
	t.Helper()
	require.Equal(t, want.Status, got.Response.Status)
	require.Equal(t, want.ContentType, got.Response.ContentType)
	require.True(t, bytes.Equal(want.Body, got.Response.Body), "body: got %q, want %q", got.Response.Body, want.Body)
}

// testIdempotency checks the IdempotencyStore half of the contract.
func testIdempotency(t *testing.T, f Factory) {
	t.Run("Claim", func(t *testing.T) {
		s := f.New(t)
		a := claimOf("k1", "h1", "t1")
		requireClaimed(t, s, a, "an unused key is claimed")
		r := requireHeld(t, s, claimOf("k1", "h1", "t2"), false, "h1")
		require.False(t, r.CreatedAt.IsZero())
		require.True(t, r.LockedUntil.After(r.CreatedAt), "an in-progress record has a lease")
		require.WithinDuration(t, r.CreatedAt.Add(cm.IdempotencyTTL), r.ExpiresAt, time.Millisecond)
		// Keys are per scope: the same key in another scope, another
		// key in the same scope are claims of their own.
		other := claimOf("k1", "h1", "t3")
		other.Scope = "key_abc POST /v1/feedback"
		requireClaimed(t, s, other, "the same key in another scope")
		requireClaimed(t, s, claimOf("k2", "h1", "t4"), "another key")
	})

	t.Run("Replay", func(t *testing.T) {
		s := f.New(t)
		a := claimOf("k1", "h1", "t1")
		requireClaimed(t, s, a)
		complete(t, s, a, idemResp)
		r := requireHeld(t, s, claimOf("k1", "h1", "t2"), true, "h1")
		requireResponse(t, idemResp, r)
		// The caller owns what it is given.
		r.Response.Body[0] = 'X'
		requireResponse(t, idemResp, requireHeld(t, s, claimOf("k1", "h1", "t3"), true, "h1"))

		// Completing is for the holder of an in-progress claim only.
		requireErrIs(t, s.CompleteIdempotency(ctx(t), a.Scope, a.Key, a.Token, idemResp), cm.ErrConflict, "completing twice")
		requireErrIs(t, s.CompleteIdempotency(ctx(t), a.Scope, "unknown", "t1", idemResp), cm.ErrConflict, "completing an unknown key")
		b := claimOf("k2", "h1", "t4")
		requireClaimed(t, s, b)
		requireErrIs(t, s.CompleteIdempotency(ctx(t), b.Scope, b.Key, "not-t4", idemResp), cm.ErrConflict, "completing with another token")
		// An empty body and a 4xx are kept as they are.
		empty := cm.IdempotencyResponse{Status: 422, ContentType: "application/problem+json"}
		complete(t, s, b, empty)
		requireResponse(t, empty, requireHeld(t, s, claimOf("k2", "h1", "t5"), true, "h1"))
	})

	t.Run("OtherHash", func(t *testing.T) {
		s := f.New(t)
		a := claimOf("k1", "h1", "t1")
		requireClaimed(t, s, a)
		// Another request with the key is told what holds it, in
		// progress or complete, and never takes it over.
		requireHeld(t, s, claimOf("k1", "h2", "t2"), false, "h1")
		complete(t, s, a, idemResp)
		requireResponse(t, idemResp, requireHeld(t, s, claimOf("k1", "h2", "t3"), true, "h1"))
	})

	t.Run("LeaseLapse", func(t *testing.T) {
		s := f.New(t)
		a := claimOf("k1", "h1", "t1")
		a.Lease = 50 * time.Millisecond
		requireClaimed(t, s, a)
		requireHeld(t, s, claimOf("k1", "h2", "t2"), false, "h1")
		time.Sleep(200 * time.Millisecond)
		// The claimer crashed: its lease lapsed, the next claim wins,
		// whatever its request.
		b := claimOf("k1", "h2", "t3")
		requireClaimed(t, s, b, "a lapsed claim is claimed again")
		requireHeld(t, s, claimOf("k1", "h1", "t4"), false, "h2")
		// The first claimer, back late, can neither complete nor release.
		requireErrIs(t, s.CompleteIdempotency(ctx(t), a.Scope, a.Key, a.Token, idemResp), cm.ErrConflict, "completing a claim taken over")
		require.NoError(t, s.ReleaseIdempotency(ctx(t), a.Scope, a.Key, a.Token))
		requireHeld(t, s, claimOf("k1", "h1", "t5"), false, "h2")
		complete(t, s, b, idemResp)
		requireResponse(t, idemResp, requireHeld(t, s, claimOf("k1", "h2", "t6"), true, "h2"))

		// A lapsed lease with nobody claiming since: the slow claimer
		// still completes.
		c := claimOf("k2", "h1", "t7")
		c.Lease = 50 * time.Millisecond
		requireClaimed(t, s, c)
		time.Sleep(200 * time.Millisecond)
		complete(t, s, c, idemResp)
		requireResponse(t, idemResp, requireHeld(t, s, claimOf("k2", "h1", "t8"), true, "h1"))
	})

	t.Run("Expiry", func(t *testing.T) {
		s := f.New(t)
		keep := claimOf("live", "h1", "t0")
		requireClaimed(t, s, keep)
		complete(t, s, keep, idemResp)
		for i := range 3 {
			c := claimOf(fmt.Sprintf("k%d", i), "h1", fmt.Sprintf("t%d", i+1))
			c.TTL, c.Lease = 200*time.Millisecond, 100*time.Millisecond
			requireClaimed(t, s, c)
			if i < 2 {
				complete(t, s, c, idemResp)
			} // k2 stays in progress: a claimer that crashed
		}
		time.Sleep(400 * time.Millisecond)
		n, err := s.PurgeIdempotency(ctx(t), 2)
		require.NoError(t, err)
		require.Equal(t, 2, n, "a purge deletes at most its limit")
		n, err = s.PurgeIdempotency(ctx(t), 10)
		require.NoError(t, err)
		require.Equal(t, 1, n, "expired records, completed or not, are purged")
		n, err = s.PurgeIdempotency(ctx(t), 10)
		require.NoError(t, err)
		require.Zero(t, n)
		requireResponse(t, idemResp, requireHeld(t, s, claimOf("live", "h1", "t9"), true, "h1"))

		// An expired record is replaced by the next claim, purged or not.
		c := claimOf("k9", "h1", "t10")
		c.TTL = 200 * time.Millisecond
		requireClaimed(t, s, c)
		complete(t, s, c, idemResp)
		requireHeld(t, s, claimOf("k9", "h2", "t11"), true, "h1")
		time.Sleep(400 * time.Millisecond)
		requireClaimed(t, s, claimOf("k9", "h2", "t12"), "an expired key is claimed again")
		requireHeld(t, s, claimOf("k9", "h1", "t13"), false, "h2")
	})

	t.Run("Release", func(t *testing.T) {
		s := f.New(t)
		a := claimOf("k1", "h1", "t1")
		requireClaimed(t, s, a)
		require.NoError(t, s.ReleaseIdempotency(ctx(t), a.Scope, a.Key, "not-t1"), "another token's release is a no-op")
		requireHeld(t, s, claimOf("k1", "h1", "t2"), false, "h1")
		require.NoError(t, s.ReleaseIdempotency(ctx(t), a.Scope, a.Key, a.Token))
		requireErrIs(t, s.CompleteIdempotency(ctx(t), a.Scope, a.Key, a.Token, idemResp), cm.ErrConflict, "completing a released claim")
		b := claimOf("k1", "h2", "t3")
		requireClaimed(t, s, b, "a released key is claimed again at once")
		complete(t, s, b, idemResp)
		// Releasing a completed record does nothing.
		require.NoError(t, s.ReleaseIdempotency(ctx(t), b.Scope, b.Key, b.Token))
		requireResponse(t, idemResp, requireHeld(t, s, claimOf("k1", "h2", "t4"), true, "h2"))
		require.NoError(t, s.ReleaseIdempotency(ctx(t), b.Scope, "unknown", "t5"))
	})

	t.Run("Invalid", func(t *testing.T) {
		s := f.New(t)
		for name, c := range map[string]cm.IdempotencyClaim{
			"empty key":          claimOf("", "h1", "t1"),
			"long key":           claimOf(strings.Repeat("k", cm.MaxIdempotencyKey+1), "h1", "t1"),
			"NUL in key":         claimOf("a\x00b", "h1", "t1"),
			"bad UTF-8":          claimOf("a\xffb", "h1", "t1"),
			"no hash":            claimOf("k", "", "t1"),
			"no token":           claimOf("k", "h1", ""),
			"no lease":           {Scope: idemScope, Key: "k", RequestHash: "h", Token: "t", TTL: time.Hour},
			"scope NUL":          {Scope: "a\x00", Key: "k", RequestHash: "h", Token: "t", Lease: time.Minute, TTL: time.Hour},
			"no ttl":             {Scope: idemScope, Key: "k", RequestHash: "h", Token: "t", Lease: time.Minute},
			"empty scope":        {Key: "k", RequestHash: "h", Token: "t", Lease: time.Minute, TTL: time.Hour},
			"key over 255 bytes": claimOf(strings.Repeat("é", cm.MaxIdempotencyKey/2+1), "h1", "t1"),
		} {
			_, err := s.ClaimIdempotency(ctx(t), c)
			requireErrIs(t, err, cm.ErrInvalid, name)
		}
		requireClaimed(t, s, claimOf(strings.Repeat("k", cm.MaxIdempotencyKey), "h1", "t1"), "a key of the maximum length")
		a := claimOf("k1", "h1", "t1")
		requireClaimed(t, s, a)
		big := cm.IdempotencyResponse{Status: 200, Body: make([]byte, cm.MaxIdempotencyBody+1)}
		requireErrIs(t, s.CompleteIdempotency(ctx(t), a.Scope, a.Key, a.Token, big), cm.ErrTooLarge, "a body over the bound")
		requireErrIs(t, s.CompleteIdempotency(ctx(t), a.Scope, a.Key, a.Token, cm.IdempotencyResponse{Status: 42}), cm.ErrInvalid, "status 42")
		// The claim is still held and completes with a body at the bound.
		most := cm.IdempotencyResponse{Status: 200, ContentType: "application/json", Body: bytes.Repeat([]byte("x"), cm.MaxIdempotencyBody)}
		complete(t, s, a, most)
		requireResponse(t, most, requireHeld(t, s, claimOf("k1", "h1", "t2"), true, "h1"))
	})

	t.Run("Concurrent", func(t *testing.T) {
		s := f.New(t)
		const n = 8
		var wg sync.WaitGroup
		won := make(chan string, n)
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tok := fmt.Sprintf("t%d", i)
				r, err := s.ClaimIdempotency(ctx(t), claimOf("k1", "h1", tok))
				if err != nil {
					errs <- err
					return
				}
				if r == nil {
					won <- tok
				}
			}()
		}
		wg.Wait()
		close(won)
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		var winners []string
		for tok := range won {
			winners = append(winners, tok)
		}
		require.Len(t, winners, 1, "exactly one of concurrent claims wins")
		complete(t, s, claimOf("k1", "h1", winners[0]), idemResp)
	})

	t.Run("SurvivesReopen", func(t *testing.T) {
		if f.Reopen == nil {
			t.Skip("backend has no Reopen")
		}
		s := f.New(t)
		a := claimOf("k1", "h1", "t1")
		requireClaimed(t, s, a)
		complete(t, s, a, idemResp)
		before := requireHeld(t, s, claimOf("k1", "h1", "t2"), true, "h1")
		b := claimOf("k2", "h2", "t3")
		requireClaimed(t, s, b)
		second := claimOf("k3", "h3", "t4")
		requireClaimed(t, s, second)
		complete(t, s, second, cm.IdempotencyResponse{Status: 201, ContentType: "text/plain", Body: []byte("first")})

		s = f.Reopen(t, s)
		after := requireHeld(t, s, claimOf("k1", "h2", "t5"), true, "h1")
		requireResponse(t, idemResp, after)
		require.WithinDuration(t, before.CreatedAt, after.CreatedAt, time.Microsecond)
		require.WithinDuration(t, before.ExpiresAt, after.ExpiresAt, time.Microsecond)
		requireResponse(t, cm.IdempotencyResponse{Status: 201, ContentType: "text/plain", Body: []byte("first")},
			requireHeld(t, s, claimOf("k3", "h3", "t6"), true, "h3"))
		// A claim in progress at the restart may be lost (the embedded
		// store keeps claims in memory) or kept until its lease lapses
		// (Postgres); either way it is not complete, and its holder can
		// still complete it only if it is kept.
		if r := claim(t, s, claimOf("k2", "h2", "t7")); r != nil {
			require.False(t, r.Complete)
			complete(t, s, b, idemResp)
		}

		// And once more, so a backend that compacts on reopen or
		// rewrites its files keeps what it loaded.
		s = f.Reopen(t, s)
		requireResponse(t, idemResp, requireHeld(t, s, claimOf("k1", "h1", "t8"), true, "h1"))
	})
}
