// This check needs the USE-lite weights (scripts/fetch-model): without
// them it skips locally and fails under CI=true, like every test that
// needs the model (internal/testenv).
package demodata

import (
	"context"
	"math"
	"testing"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCaptionsSeparateUnderUSELite embeds post texts (caption + hashtags,
// what ingest embeds) and classifies held-out posts by the nearest niche
// centroid: the niche content must be semantically clear most of the time.
func TestCaptionsSeparateUnderUSELite(t *testing.T) {
	if testing.Short() {
		t.Skip("embeds ~480 posts")
	}
	emb := testenv.Embedder(t)

	const perNiche, train = 24, 12
	creators, truth := Generate(Config{Creators: 1500, Seed: 99})
	texts := map[string][]string{}
	captions := map[string][]string{}
	for i := range creators {
		for _, it := range creators[i].Content {
			n := truth[i].PostNiches[it.ID]
			if n == "lifestyle" || it.Sponsored || len(texts[n]) >= perNiche {
				continue
			}
			texts[n] = append(texts[n], it.Text())
			captions[n] = append(captions[n], it.Caption)
		}
	}
	for _, variant := range []struct {
		name string
		m    map[string][]string
		min  float64
	}{{"caption+hashtags", texts, 0.8}, {"caption only", captions, 0.7}} {
		var all []string
		for _, n := range creatormatch.NicheKeys {
			require.Len(t, variant.m[n], perNiche, n)
			all = append(all, variant.m[n]...)
		}
		vecs, err := emb.EmbedDocuments(context.Background(), all)
		require.NoError(t, err)
		centroids := make([][]float64, len(creatormatch.NicheKeys))
		for ni := range creatormatch.NicheKeys {
			c := make([]float64, len(vecs[0]))
			for j := range train {
				for d, x := range vecs[ni*perNiche+j] {
					c[d] += float64(x)
				}
			}
			centroids[ni] = c
		}
		correct, total := 0, 0
		for ni := range creatormatch.NicheKeys {
			for j := train; j < perNiche; j++ {
				v := vecs[ni*perNiche+j]
				best, bestSim := -1, math.Inf(-1)
				for ci, c := range centroids {
					if s := cosine(v, c); s > bestSim {
						best, bestSim = ci, s
					}
				}
				if best == ni {
					correct++
				}
				total++
			}
		}
		acc := float64(correct) / float64(total)
		t.Logf("%s: nearest-centroid niche accuracy %.3f on %d held-out posts (chance %.3f)", variant.name, acc, total, 1/float64(len(creatormatch.NicheKeys)))
		assert.Greater(t, acc, variant.min, variant.name)
	}
}

func cosine(v []float32, c []float64) float64 {
	var dot, nv, nc float64
	for i, x := range v {
		dot += float64(x) * c[i]
		nv += float64(x) * float64(x)
		nc += c[i] * c[i]
	}
	return dot / math.Sqrt(nv*nc)
}
