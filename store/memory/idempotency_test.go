package memory

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

func idemClaim(key string, ttl time.Duration) cm.IdempotencyClaim {
	return cm.IdempotencyClaim{Scope: "s", Key: key, RequestHash: "h", Token: "t" + key, Lease: time.Minute, TTL: ttl}
}

func idemDo(t *testing.T, s *Store, key string, ttl time.Duration) {
	t.Helper()
	ctx := context.Background()
	r, err := s.ClaimIdempotency(ctx, idemClaim(key, ttl))
	require.NoError(t, err)
	require.Nil(t, r, "key %q", key)
	require.NoError(t, s.CompleteIdempotency(ctx, "s", key, "t"+key, cm.IdempotencyResponse{Status: 200, Body: []byte("body " + key)}))
}

// idemKeys returns the keys of the completed records held, oldest first.
func idemKeys(s *Store) []string {
	s.idemMu.Lock()
	defer s.idemMu.Unlock()
	var out []string
	for _, e := range s.idem.order {
		if s.idem.current(e) && e.rec.Complete {
			out = append(out, e.rec.Key)
		}
	}
	return out
}

// TestIdempotencySnapshot checks completed records go through a snapshot
// and the log after it, expired ones are left out of the snapshot, and
// the count and byte accounting agrees with what is held.
func TestIdempotencySnapshot(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, WithCompactThreshold(0))
	idemDo(t, s, "a", time.Hour)
	idemDo(t, s, "short", 100*time.Millisecond)
	idemDo(t, s, "b", time.Hour)
	time.Sleep(200 * time.Millisecond)
	require.NoError(t, s.Compact(context.Background()))
	idemDo(t, s, "c", time.Hour) // in the log after the snapshot
	require.Equal(t, []string{"a", "b", "c"}, idemKeys(s), "the expired record is dropped at the snapshot")
	require.NoError(t, s.Close())

	s = openT(t, dir, WithCompactThreshold(0))
	require.Equal(t, []string{"a", "b", "c"}, idemKeys(s))
	require.Equal(t, 3, s.idem.done)
	var bytes int64
	for _, e := range s.idem.m {
		bytes += e.size()
	}
	require.Equal(t, bytes, s.idem.bytes)
	r, err := s.ClaimIdempotency(context.Background(), idemClaim("b", time.Hour))
	require.NoError(t, err)
	require.NotNil(t, r)
	require.Equal(t, "body b", string(r.Response.Body))
}

// TestIdempotencyBound checks the oldest completed records are dropped
// beyond the bound, the same way at run time and on replay, and claims
// in progress are bounded too.
func TestIdempotencyBound(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, WithCompactThreshold(0), withIdempotencyBound(3))
	s.idem.maxClaims = 2
	for i := range 5 {
		idemDo(t, s, fmt.Sprintf("k%d", i), time.Hour)
	}
	require.Equal(t, []string{"k2", "k3", "k4"}, idemKeys(s))
	r, err := s.ClaimIdempotency(context.Background(), idemClaim("k0", time.Hour))
	require.NoError(t, err)
	require.Nil(t, r, "an evicted key is claimed again")

	// Claims in progress: k0 holds one, one more fits, then none.
	_, err = s.ClaimIdempotency(context.Background(), idemClaim("p1", time.Hour))
	require.NoError(t, err)
	_, err = s.ClaimIdempotency(context.Background(), idemClaim("p2", time.Hour))
	require.ErrorIs(t, err, cm.ErrUnavailable)
	lapsing := idemClaim("p1", time.Hour)
	require.NoError(t, s.ReleaseIdempotency(context.Background(), "s", "p1", lapsing.Token))
	_, err = s.ClaimIdempotency(context.Background(), idemClaim("p2", time.Hour))
	require.NoError(t, err, "a released claim frees its place")
	require.NoError(t, s.Close())

	s = openT(t, dir, WithCompactThreshold(0))
	require.Equal(t, []string{"k0", "k1", "k2", "k3", "k4"}, idemKeys(s), "with the default bound nothing is dropped on replay")
	require.NoError(t, s.Close())
	s2, err := Open(context.Background(), dir, WithCompactThreshold(0), withIdempotencyBound(3))
	require.NoError(t, err)
	t.Cleanup(func() { s2.Close() })
	require.Equal(t, []string{"k2", "k3", "k4"}, idemKeys(s2), "replay through the same bound drops the same records")
}

// TestSnapshotIdemCountMismatch: an end record whose idempotency count
// disagrees with the records read is corruption.
func TestSnapshotIdemCountMismatch(t *testing.T) {
	dir := t.TempDir()
	data := append([]byte{}, snapMagic...)
	put := func(rec *encoder) { data = append(data, legacyFrame(rec, 1)...) }
	put(newRecord(recMeta))
	rec := newRecord(recIdem)
	now := time.Now()
	encodeIdem(rec, cm.IdempotencyRecord{Scope: "s", Key: "k", RequestHash: "h", Complete: true,
		Response: cm.IdempotencyResponse{Status: 200}, CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
	put(rec)
	end := newRecord(recEnd)
	for range 4 { // no fifth count: this snapshot claims to hold no idempotency records
		end.uvarint(0)
	}
	put(end)
	require.NoError(t, os.WriteFile(snapPath(dir, 1), data, 0o644))
	_, err := Open(context.Background(), dir)
	require.True(t, errors.Is(err, ErrCorrupt), "got %v", err)
}
