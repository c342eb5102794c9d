package memory

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// TestEmbeddingCachePersistedBounded: what the store writes to disk for the
// cache stays bounded. Far more vectors than the bound are cached; after a
// compaction the snapshot holds only the bound's worth (and the log is
// empty), reopening restores those entries in their recency order, and
// replaying a log through the bound evicts as the live store did.
func TestEmbeddingCachePersistedBounded(t *testing.T) {
	const (
		bound = 16
		dim   = 64
	)
	ctx := context.Background()
	dir := t.TempDir()
	opts := []Option{WithEmbeddingCache(bound), WithCompactThreshold(0)}
	s := openT(t, dir, opts...)
	r := rand.New(rand.NewPCG(1, 2))
	key := func(i int) string { return cm.EmbeddingKey(fmt.Sprint("persist ", i)) }
	vecs := map[string][]float32{}
	const n = 400
	for i := range n {
		k := key(i)
		vecs[k] = unitVec(r, dim)
		require.NoError(t, s.CacheEmbeddings(ctx, "m", map[string][]float32{k: vecs[k]}))
	}
	oldest := key(n - bound)
	got, err := s.CachedEmbeddings(ctx, "m", []string{oldest})
	require.NoError(t, err)
	require.Len(t, got, 1)
	st, err := s.EmbeddingCacheStats(ctx)
	require.NoError(t, err)
	require.Equal(t, bound, st.Entries)
	require.Equal(t, int64(bound*(64+4*dim)), st.Bytes)
	require.Equal(t, uint64(n-bound), st.Evictions)

	// Replaying the log of 400 writes through the bound ends where the
	// live store did (but for the hit, which is not logged).
	s2 := reopenCache(t, s, opts...)
	st, err = s2.EmbeddingCacheStats(ctx)
	require.NoError(t, err)
	require.Equal(t, cm.EmbeddingCacheStats{MaxEntries: bound, Entries: bound, Bytes: int64(bound * (64 + 4*dim))}, st,
		"counters restart at Open")
	requireCached(t, s2, key, n-bound, n, vecs)

	// Use the oldest, compact: the snapshot holds bound entries, least
	// recently used first, so after a reopen one more write evicts
	// key(n-bound+1), not the used one.
	_, err = s2.CachedEmbeddings(ctx, "m", []string{oldest})
	require.NoError(t, err)
	require.NoError(t, s2.Compact(ctx))
	require.Less(t, s2.snapSize, int64(bound*(64+4*dim)+4096), "the snapshot holds the bound, not the %d vectors written", n)
	s3 := reopenCache(t, s2, opts...)
	st, err = s3.EmbeddingCacheStats(ctx)
	require.NoError(t, err)
	require.Equal(t, bound, st.Entries)
	extra := cm.EmbeddingKey("extra")
	require.NoError(t, s3.CacheEmbeddings(ctx, "m", map[string][]float32{extra: unitVec(r, dim)}))
	got, err = s3.CachedEmbeddings(ctx, "m", []string{oldest, key(n - bound + 1)})
	require.NoError(t, err)
	require.Equal(t, map[string][]float32{oldest: vecs[oldest]}, got, "the snapshot kept the recency order")
	st, err = s3.EmbeddingCacheStats(ctx)
	require.NoError(t, err)
	require.Equal(t, bound, st.Entries)
	require.Equal(t, uint64(1), st.Evictions)
}

func reopenCache(t *testing.T, s *Store, opts ...Option) *Store {
	t.Helper()
	require.NoError(t, s.Close())
	return openT(t, s.dir, opts...)
}

// requireCached checks that exactly keys from..to-1 are cached with their
// vectors (looking them up moves them, in order, to the front).
func requireCached(t *testing.T, s *Store, key func(int) string, from, to int, vecs map[string][]float32) {
	t.Helper()
	var keys []string
	for i := from - 4; i < to; i++ {
		keys = append(keys, key(i))
	}
	got, err := s.CachedEmbeddings(context.Background(), "m", keys)
	require.NoError(t, err)
	want := map[string][]float32{}
	for i := from; i < to; i++ {
		want[key(i)] = vecs[key(i)]
	}
	require.Equal(t, want, got)
}
