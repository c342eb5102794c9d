package memory

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// requireNoSecret checks that no file in dir holds the secret (or its
// random part), and that some file holds the hash: the form the key was
// given in is the only one stored.
func requireNoSecret(t *testing.T, dir, secret, hash string) {
	t.Helper()
	random := strings.TrimPrefix(secret, "cm_")
	require.Greater(t, len(random), 20)
	sawHash := false
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		require.NotContains(t, string(data), random, "%s holds the secret", path)
		sawHash = sawHash || strings.Contains(string(data), hash)
		return nil
	}))
	require.True(t, sawHash, "no file holds the key's hash")
}

func TestAPIKeySecretNeverStored(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s := openT(t, dir)
	k, secret := cm.NewAPIKey("ci", []cm.Scope{cm.ScopeWrite}, time.Now())
	require.NoError(t, s.CreateAPIKey(ctx, k))
	requireNoSecret(t, dir, secret, k.Hash) // in the log
	require.NoError(t, s.RevokeAPIKey(ctx, k.ID, time.Now()))
	require.NoError(t, s.Compact(ctx))
	requireNoSecret(t, dir, secret, k.Hash) // in the snapshot
	require.NotEmpty(t, s.snapBucket)

	require.NoError(t, s.Close())
	s = openT(t, dir)
	got, err := s.APIKeyByHash(ctx, cm.HashAPIKey(secret))
	require.NoError(t, err)
	require.Equal(t, k.ID, got.ID)
	require.Equal(t, k.Hash, got.Hash, "the hash round-trips as given")
	require.False(t, got.Active())
	requireNoSecret(t, dir, secret, k.Hash)
}

// TestNoopWritesLogNothing: a second revocation and a feedback batch whose
// events are all stored change nothing, so they add no log record.
func TestNoopWritesLogNothing(t *testing.T) {
	ctx := context.Background()
	s := openT(t, t.TempDir())
	ev := cm.FeedbackEvent{ID: "f1", Workspace: cm.DefaultWorkspace, CreatorID: "c1", Kind: cm.FeedbackHired, CreatedAt: time.Unix(100, 0)}
	require.NoError(t, s.AddFeedback(ctx, []cm.FeedbackEvent{ev}))
	k, _ := cm.NewAPIKey("", []cm.Scope{cm.ScopeRead}, time.Unix(100, 0))
	require.NoError(t, s.CreateAPIKey(ctx, k))
	require.NoError(t, s.RevokeAPIKey(ctx, k.ID, time.Unix(200, 0)))
	lsn, size := s.lsn, s.logBytes

	require.NoError(t, s.RevokeAPIKey(ctx, k.ID, time.Unix(300, 0)))
	require.NoError(t, s.AddFeedback(ctx, []cm.FeedbackEvent{ev}))
	require.Equal(t, lsn, s.lsn)
	require.Equal(t, size, s.logBytes)

	// A partly stored batch logs only its new events.
	ev2 := cm.FeedbackEvent{ID: "f2", Workspace: cm.DefaultWorkspace, CreatorID: "c1", Kind: cm.FeedbackHired, CreatedAt: time.Unix(101, 0)}
	require.NoError(t, s.AddFeedback(ctx, []cm.FeedbackEvent{ev, ev2}))
	require.Equal(t, lsn+1, s.lsn)
	only, err := json.Marshal([]cm.FeedbackEvent{ev2})
	require.NoError(t, err)
	require.Contains(t, string(logRecord(t, s, s.lsn)), string(only))
}

// TestSnapshotWithoutKeyCount opens a snapshot in the format written before
// API keys existed (an end record with three counts) and checks the store
// loads it, takes keys and writes the new format.
func TestSnapshotWithoutKeyCount(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	const lsn = 3
	data := append([]byte{}, snapMagic...)
	put := func(rec *encoder) { data = append(data, legacyFrame(rec, lsn)...) }
	put(newRecord(recMeta))
	c := newRecord(recCreator)
	require.NoError(t, encodeCreator(c, &cm.Creator{ID: "old-1", Name: "Old"}, "", 0, nil, nil))
	put(c)
	cache := newRecord(recCache)
	encodeCache(cache, "m", []string{"k"}, map[string][]float32{"k": {1, 2}})
	put(cache)
	fb := newRecord(recFeedback)
	js, err := json.Marshal([]cm.FeedbackEvent{{ID: "f1", CreatorID: "old-1", Kind: cm.FeedbackHired, CreatedAt: time.Unix(100, 0).UTC()}})
	require.NoError(t, err)
	fb.bytes(js)
	put(fb)
	end := newRecord(recEnd)
	end.uvarint(1)
	end.uvarint(1)
	end.uvarint(1)
	put(end)
	require.NoError(t, os.WriteFile(snapPath(dir, 1), data, 0o644))

	s := openT(t, dir)
	_, err = s.GetCreator(ctx, "old-1")
	require.NoError(t, err)
	evs, err := s.ListFeedback(ctx, cm.FeedbackFilter{})
	require.NoError(t, err)
	require.Len(t, evs, 1)
	keys, err := s.ListAPIKeys(ctx)
	require.NoError(t, err)
	require.Empty(t, keys)

	k, secret := cm.NewAPIKey("new", []cm.Scope{cm.ScopeAdmin}, time.Unix(200, 0))
	require.NoError(t, s.CreateAPIKey(ctx, k))
	require.NoError(t, s.Compact(ctx))
	require.NoError(t, s.Close())
	s = openT(t, dir)
	got, err := s.APIKeyByHash(ctx, cm.HashAPIKey(secret))
	require.NoError(t, err)
	require.Equal(t, k.ID, got.ID)
	evs, err = s.ListFeedback(ctx, cm.FeedbackFilter{})
	require.NoError(t, err)
	require.Len(t, evs, 1)
}

func TestDecodeEnd(t *testing.T) {
	enc := func(vs ...uint64) []byte {
		e := &encoder{}
		for _, v := range vs {
			e.uvarint(v)
		}
		return e.b
	}
	got, err := decodeEnd(enc(5, 6, 7))
	require.NoError(t, err)
	require.Equal(t, [endCounts]uint64{5, 6, 7, 0, 0, 0, 0, 0}, got, "three counts: written before API keys")
	got, err = decodeEnd(enc(5, 6, 7, 8))
	require.NoError(t, err)
	require.Equal(t, [endCounts]uint64{5, 6, 7, 8, 0, 0, 0, 0}, got, "four counts: no idempotency records")
	got, err = decodeEnd(enc(5, 6, 7, 8, 9))
	require.NoError(t, err)
	require.Equal(t, [endCounts]uint64{5, 6, 7, 8, 9, 0, 0, 0}, got, "five counts: no blocklist entries")
	got, err = decodeEnd(enc(5, 6, 7, 8, 9, 10))
	require.NoError(t, err)
	require.Equal(t, [endCounts]uint64{5, 6, 7, 8, 9, 10, 0, 0}, got, "six counts: no list records")
	got, err = decodeEnd(enc(5, 6, 7, 8, 9, 10, 11))
	require.NoError(t, err)
	require.Equal(t, [endCounts]uint64{5, 6, 7, 8, 9, 10, 11, 0}, got, "seven counts: no learned weights")
	got, err = decodeEnd(enc(5, 6, 7, 8, 9, 10, 11, 12))
	require.NoError(t, err)
	require.Equal(t, [endCounts]uint64{5, 6, 7, 8, 9, 10, 11, 12, 0}, got, "eight counts: no saved briefs")
	got, err = decodeEnd(enc(5, 6, 7, 8, 9, 10, 11, 12, 13))
	require.NoError(t, err)
	require.Equal(t, [endCounts]uint64{5, 6, 7, 8, 9, 10, 11, 12, 13}, got)
	_, err = decodeEnd(enc(5, 6))
	require.Error(t, err)
	_, err = decodeEnd(enc(5, 6, 7, 8, 9, 10, 11, 12, 13, 14))
	require.Error(t, err)
}

// TestSnapshotKeyCountMismatch: an end record whose key count disagrees
// with the key records read is corruption.
func TestSnapshotKeyCountMismatch(t *testing.T) {
	dir := t.TempDir()
	data := append([]byte{}, snapMagic...)
	put := func(rec *encoder) { data = append(data, legacyFrame(rec, 1)...) }
	put(newRecord(recMeta))
	k, _ := cm.NewAPIKey("x", []cm.Scope{cm.ScopeRead}, time.Unix(1, 0))
	rec := newRecord(recAPIKey)
	require.NoError(t, encodeAPIKey(rec, k))
	put(rec)
	end := newRecord(recEnd)
	end.uvarint(0)
	end.uvarint(0)
	end.uvarint(0) // no key count: this snapshot claims to hold no keys
	put(end)
	require.NoError(t, os.WriteFile(snapPath(dir, 1), data, 0o644))
	_, err := Open(context.Background(), dir)
	require.True(t, errors.Is(err, ErrCorrupt), "got %v", err)
}
