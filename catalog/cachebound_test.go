package catalog_test

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/store/memory"
)

// hashEmbedder is a deterministic stand-in for the model, for tests about
// the cache rather than about embeddings: a text's vector is a unit vector
// drawn from a generator seeded by the text's hash, so the same text always
// gets the same vector, and embedding costs microseconds. Test-only: the
// product has no fake embedder.
type hashEmbedder struct{ texts atomic.Int64 }

const hashDim = 512

func (*hashEmbedder) Model() string  { return "test-hash-512" }
func (*hashEmbedder) Dimension() int { return hashDim }

func (e *hashEmbedder) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	e.texts.Add(int64(len(texts)))
	out := make([][]float32, len(texts))
	for i, t := range texts {
		h := fnv.New64a()
		h.Write([]byte(t))
		r := rand.New(rand.NewPCG(h.Sum64(), 17))
		v := make([]float32, hashDim)
		var n float64
		for j := range v {
			v[j] = float32(r.NormFloat64())
			n += float64(v[j]) * float64(v[j])
		}
		for j := range v {
			v[j] /= float32(math.Sqrt(n))
		}
		out[i] = v
	}
	return out, ctx.Err()
}

func boundedService(t *testing.T, entries int, opts ...memory.Option) (*catalog.Service, *hashEmbedder, *memory.Store) {
	t.Helper()
	emb := &hashEmbedder{}
	st, err := memory.Open(context.Background(), t.TempDir(), append(opts, memory.WithEmbeddingCache(entries))...)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	svc := catalog.New(st, emb, catalog.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
		catalog.WithClock(func() time.Time { return demodata.DefaultNow }))
	return svc, emb, st
}

// TestEvictedEmbeddingsAreRecomputed: once a creator's texts are evicted
// from a bounded cache, re-ingesting the creator misses, embeds its texts
// again and stores the same vectors as the first time.
func TestEvictedEmbeddingsAreRecomputed(t *testing.T) {
	ctx := context.Background()
	svc, emb, st := boundedService(t, 16)
	first := demo(2)
	var texts []string
	for _, c := range first {
		texts = append(texts, c.Bio)
		for _, it := range c.Content {
			texts = append(texts, it.Text())
		}
	}
	require.LessOrEqual(t, len(texts), 16)
	keys := make([]string, len(texts))
	for i, tx := range texts {
		keys[i] = creatormatch.EmbeddingKey(tx)
	}
	require.NoError(t, svc.Upsert(ctx, first))
	ids := []string{first[0].ID, first[1].ID}
	profiles, err := st.ProfileVectors(ctx, emb.Model(), ids)
	require.NoError(t, err)
	content, err := st.ContentVectors(ctx, emb.Model(), ids)
	require.NoError(t, err)
	require.Len(t, profiles, 2)

	// Re-ingesting at once is all hits.
	emb.texts.Store(0)
	require.NoError(t, svc.Upsert(ctx, demo(2)))
	require.Zero(t, emb.texts.Load())

	// Other creators' texts push them out.
	others, _ := demodata.Generate(demodata.Config{Creators: 8, Seed: 99})
	require.NoError(t, svc.Upsert(ctx, others))
	got, err := st.CachedEmbeddings(ctx, emb.Model(), keys)
	require.NoError(t, err)
	require.Empty(t, got, "the first creators' texts were evicted")
	stats, err := st.EmbeddingCacheStats(ctx)
	require.NoError(t, err)
	require.LessOrEqual(t, stats.Entries, 16)
	require.Positive(t, stats.Evictions)

	emb.texts.Store(0)
	require.NoError(t, svc.Upsert(ctx, demo(2)))
	require.Equal(t, int64(len(texts)), emb.texts.Load(), "evicted texts are embedded again")
	profiles2, err := st.ProfileVectors(ctx, emb.Model(), ids)
	require.NoError(t, err)
	content2, err := st.ContentVectors(ctx, emb.Model(), ids)
	require.NoError(t, err)
	require.Equal(t, profiles, profiles2, "recomputed profile vectors")
	require.Equal(t, content, content2, "recomputed content vectors")
}

var (
	soakDuration = flag.Duration("soak.duration", 0, "run TestSoakEmbeddingCache for this long at -soak.creators creators (0: the short, fixed-count version)")
	soakCreators = flag.Int("soak.creators", 2000, "catalogue size of the long soak")
	soakBound    = flag.Int("soak.bound", 16384, "embedding cache bound of the long soak")
)

// soakWords is the soak's vocabulary: texts are new word sequences, so
// every update embeds new texts, from a fixed vocabulary, so the lexical
// index's vocabulary does not grow (that would be another test).
var soakWords = strings.Fields(`handmade pottery glaze kiln studio vegan snacks recipe
	baking sourdough travel hiking trail camera film street photo fitness running
	marathon yoga morning routine coffee espresso latte art garden plants balcony
	skincare routine makeup tutorial fashion vintage thrift haul gaming stream
	speedrun guitar cover piano lesson budget finance saving tips parenting toddler
	crafts knitting sewing woodworking bike repair electric car review kitchen`)

func soakText(r *rand.Rand) string {
	n := 8 + r.IntN(10)
	w := make([]string, n)
	for i := range w {
		w[i] = soakWords[r.IntN(len(soakWords))]
	}
	return strings.Join(w, " ")
}

// heapAfterGC is the live heap: HeapAlloc right after two collections.
func heapAfterGC() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestSoakEmbeddingCache drives sustained updates at a fixed catalogue
// size through the catalog and the embedded store with a bounded cache:
// every update gives a creator a new bio and a new first caption (two
// texts never seen before, as in the soak), and the live heap
// must stay flat.
//
// Creators have a bio and 4 posts. The short version (the default) is
// 3,000 updates of 40 creators (200 texts) in batches of 10, with a bound
// of 256 entries, so an update's 3 unchanged texts hit, after at least
// 500 warm-up updates and until the cache is full; the heap after must be
// within 4 MB of the heap before. Unbounded, the cache alone grows by
// 6,000 vectors of 2 kB plus keys, ~13 MB. The long version runs for -soak.duration (e.g.
//
//	go test ./catalog -run TestSoakEmbeddingCache -soak.duration=3m -v -timeout 10m
//
// see docs/benchmarks.md) at -soak.creators creators with a bound of
// -soak.bound, logging the heap every 30 s, with the limit at 8 MB.
//
// The creator cache (GetCreators' unpacked creators, bounded separately
// at 2 × WithCreatorCache) is kept small so that its filling up with the
// replaced creators does not hide what the embedding cache does.
func TestSoakEmbeddingCache(t *testing.T) {
	long := *soakDuration > 0
	creators, bound, updates, limit := 40, 256, 3000, uint64(4<<20)
	if long {
		creators, bound, updates, limit = *soakCreators, *soakBound, math.MaxInt, 8<<20
	}
	const batch, warmup = 10, 500
	ctx := context.Background()
	svc, _, st := boundedService(t, bound, memory.WithCreatorCache(64))
	cat, _ := demodata.Generate(demodata.Config{Creators: creators, Seed: 5})
	for i := range cat { // a bio and 4 posts: 5 texts a creator
		cat[i].Content = cat[i].Content[:min(4, len(cat[i].Content))]
	}
	for i := 0; i < len(cat); i += catalog.MaxBatch {
		require.NoError(t, svc.Upsert(ctx, cat[i:min(i+catalog.MaxBatch, len(cat))]))
	}
	r := rand.New(rand.NewPCG(7, 8))
	next := 0
	update := func() {
		b := make([]creatormatch.Creator, batch)
		for i := range b {
			c := cat[next%len(cat)]
			next++
			c.Bio = soakText(r)
			c.Content = append([]creatormatch.ContentItem(nil), c.Content...)
			if len(c.Content) > 0 {
				c.Content[0].Caption = soakText(r)
			}
			c.Features = nil
			b[i] = c
		}
		require.NoError(t, svc.Upsert(ctx, b))
	}
	// Warm up until the cache is full (at least warmup updates; at most
	// 10 × bound, which two new texts an update fill many times over).
	for n := 0; n < 10*bound; n += batch {
		update()
		if n < warmup {
			continue
		}
		if s, err := st.EmbeddingCacheStats(ctx); err == nil && s.Entries >= bound {
			break
		}
	}
	before := heapAfterGC()
	start, lastLog := time.Now(), time.Now()
	done := 0
	for done < updates && (!long || time.Since(start) < *soakDuration) {
		update()
		done += batch
		if long && time.Since(lastLog) >= 30*time.Second {
			lastLog = time.Now()
			t.Logf("%5.0f s: %d updates, heap %.1f MB", time.Since(start).Seconds(), done, float64(heapAfterGC())/1e6)
		}
	}
	elapsed := time.Since(start)
	after := heapAfterGC()
	stats, err := st.EmbeddingCacheStats(ctx)
	require.NoError(t, err)
	t.Logf("%d creators, bound %d: %d updates in %v (%.0f updates/s); heap %.2f MB before, %.2f MB after (%+.2f MB); cache %d entries, %.2f MB, %d hits, %d misses, %d evictions",
		creators, bound, done, elapsed.Round(time.Millisecond), float64(done)/elapsed.Seconds(),
		float64(before)/1e6, float64(after)/1e6, (float64(after)-float64(before))/1e6,
		stats.Entries, float64(stats.Bytes)/1e6, stats.Hits, stats.Misses, stats.Evictions)
	require.LessOrEqual(t, stats.Entries, bound)
	require.Less(t, after, before+limit, fmt.Sprintf("the heap grew by %.1f MB over %d updates", (float64(after)-float64(before))/1e6, done))
}
