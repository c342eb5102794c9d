package matcher_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/matcher"
)

// TestSelectiveFilterAtScale loads 50,000 creators into Postgres and asks
// for 20 matches under a filter that keeps 2% of them (one country). The
// HNSW index alone would return too few (most of its nearest neighbours
// fail the filter); the store must still return the full page, through
// pgvector's iterative scan or its exact fallback.
//
// Embedding 50k creators with the real model would take most of an hour,
// so their profile vectors are derived from real embeddings of the niche
// descriptions plus Gaussian noise: the same geometry of clusters, at the
// cost of realism inside each cluster.
func TestSelectiveFilterAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 50k creators")
	}
	t.Parallel() // the time is Postgres building its index, not this process
	emb := testenv.Embedder(t)
	st := backends[1].open(t)
	ctx := context.Background()

	descs := features.NicheDescriptions()
	niches := make([]string, 0, len(descs))
	for k := range descs {
		niches = append(niches, k)
	}
	sort.Strings(niches)
	texts := make([]string, len(niches))
	for i, k := range niches {
		texts[i] = descs[k]
	}
	bases, err := emb.EmbedDocuments(ctx, texts)
	require.NoError(t, err)

	const n, nz = 50000, 1000 // 2% in New Zealand
	rng := rand.New(rand.NewPCG(1, 2))
	countries := []string{"US", "GB", "CA", "AU", "DE", "FR", "ES", "BR"}
	start := time.Now()
	batch := make([]creatormatch.CreatorRecord, 0, 1000)
	for i := range n {
		niche := i % len(niches)
		v := make([]float32, len(bases[niche]))
		var norm float64
		for j, x := range bases[niche] {
			v[j] = x + float32(rng.NormFloat64()*0.03)
			norm += float64(v[j]) * float64(v[j])
		}
		for j := range v {
			v[j] /= float32(math.Sqrt(norm))
		}
		country := countries[i%len(countries)]
		if i%(n/nz) == 0 {
			country = "NZ"
		}
		id := fmt.Sprintf("s%06d", i)
		c := &creatormatch.Creator{
			ID: id, Name: "Creator " + id, Country: country,
			Bio:      niches[niche] + " creator",
			Accounts: []creatormatch.Account{{Platform: creatormatch.Instagram, Followers: int64(5000 + i%90000)}},
			Features: &creatormatch.Features{
				Tier:           creatormatch.TierFeature{Value: creatormatch.TierMicro, Platform: creatormatch.Instagram},
				EngagementRate: creatormatch.EngagementRate{Value: 0.04, Percentile: 0.5, Platform: creatormatch.Instagram, PostsUsed: 1},
				Authenticity:   creatormatch.Authenticity{Value: 0.9, Confidence: 1},
				Niches:         creatormatch.NicheFeature{Labels: []creatormatch.NicheLabel{{Niche: niches[niche], Confidence: 0.8}}},
			},
		}
		batch = append(batch, creatormatch.CreatorRecord{
			Creator: c, Model: emb.Model(), Dimension: emb.Dimension(), Profile: v,
		})
		if len(batch) == cap(batch) {
			require.NoError(t, st.UpsertCreators(ctx, batch))
			batch = batch[:0]
		}
	}
	t.Logf("loaded %d creators into Postgres in %s", n, time.Since(start).Round(time.Second))

	m := matcher.New(st, emb, nil, matcher.Config{}, quiet)
	for _, text := range []string{"plant-based breakfast recipes", "PC gaming hardware reviews", "budget travel in Asia"} {
		resp, err := m.Match(ctx, matcher.Request{
			Brief:   creatormatch.Brief{Text: text},
			Filters: creatormatch.Filter{Countries: []string{"NZ"}},
			Limit:   20,
		})
		require.NoError(t, err)
		require.Len(t, resp.Results, 20, "a 2%% filter must still fill the page (%s)", text)
		for _, r := range resp.Results {
			assert.Equal(t, "NZ", r.Card.Country)
		}
		t.Logf("%q: 20 of %d NZ creators, retrieval %.1f ms", text, nz, resp.Timings["retrieve"])
	}
}
