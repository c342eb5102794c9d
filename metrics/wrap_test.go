package metrics_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/metrics"
	"github.com/creatormatch/creatormatch/store/memory"
)

// notScorer hides the optional methods of the store it embeds.
type notScorer struct{ creatormatch.Store }

func TestWrapStoreKeepsProfileScorer(t *testing.T) {
	st, err := memory.Open(context.Background(), t.TempDir())
	require.NoError(t, err)
	defer st.Close()
	m := metrics.New()
	_, ok := m.WrapStore(st).(creatormatch.ProfileScorer)
	assert.True(t, ok, "the embedded store scores in place, wrapped or not")
	_, ok = m.WrapStore(notScorer{st}).(creatormatch.ProfileScorer)
	assert.False(t, ok, "a store without the method does not gain it")
	sims, err := m.WrapStore(st).(creatormatch.ProfileScorer).ProfileSimilarities(context.Background(), "m", []float32{1}, nil)
	require.NoError(t, err)
	assert.Empty(t, sims)
}

func TestWrapStoreReady(t *testing.T) {
	st, err := memory.Open(context.Background(), t.TempDir())
	require.NoError(t, err)
	m := metrics.New()
	wrapped := m.WrapStore(st).(creatormatch.HealthChecker)
	bare := m.WrapStore(notScorer{st}).(creatormatch.HealthChecker)
	require.NoError(t, wrapped.Ready(context.Background()))
	require.NoError(t, bare.Ready(context.Background()), "Ping stands in for a store without Ready")
	require.NoError(t, st.Close())
	assert.ErrorIs(t, wrapped.Ready(context.Background()), creatormatch.ErrUnavailable)
	assert.ErrorIs(t, bare.Ready(context.Background()), creatormatch.ErrUnavailable)
}

func TestEmbeddingCacheMetrics(t *testing.T) {
	ctx := context.Background()
	st, err := memory.Open(ctx, t.TempDir(), memory.WithEmbeddingCache(2))
	require.NoError(t, err)
	defer st.Close()
	m := metrics.New()
	m.RegisterEmbeddingCache(st)
	for _, k := range []string{"a", "b", "c"} {
		require.NoError(t, st.CacheEmbeddings(ctx, "m", map[string][]float32{k: {1, 0}}))
	}
	_, err = st.CachedEmbeddings(ctx, "m", []string{"a", "b", "c"})
	require.NoError(t, err)

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, line := range []string{
		"creatormatch_embedding_cache_hits_total 2",
		"creatormatch_embedding_cache_misses_total 1",
		"creatormatch_embedding_cache_evictions_total 1",
		"creatormatch_embedding_cache_entries 2",
		"creatormatch_embedding_cache_bytes 18", // 2 × (1-byte key + 2 × 4 bytes)
		"creatormatch_embedding_cache_max_entries 2",
	} {
		assert.Contains(t, body, line+"\n")
	}
}

// limiterStore is a store with the optional SharedRateLimiter.
type limiterStore struct{ creatormatch.Store }

func (limiterStore) TakeRate(context.Context, string, time.Duration, int) (time.Duration, error) {
	return 0, nil
}

// TestWrapStoreKeepsOptionalInterfaces: the wrapper does not forward every
// optional interface, but creatormatch.StoreAs reaches them through it
// (the API found no shared rate limiter behind the wrapper before).
func TestWrapStoreKeepsOptionalInterfaces(t *testing.T) {
	w := metrics.New().WrapStore(limiterStore{})
	_, direct := w.(creatormatch.SharedRateLimiter)
	assert.False(t, direct, "the wrapper itself has no TakeRate")
	_, ok := creatormatch.StoreAs[creatormatch.SharedRateLimiter](w)
	assert.True(t, ok, "StoreAs unwraps")
	_, ok = creatormatch.StoreAs[creatormatch.ConsistencyTokener](w)
	assert.False(t, ok, "and finds only what is there")
}
