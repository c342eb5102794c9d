package features_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/store/memory"
)

// TestNicheAccuracyOnSyntheticCatalogue ingests a generated catalogue
// through the real write path (the real use-lite embedder, the embedded
// store) and checks the top classified niche against the generator's
// ground truth (the primary niche). Declared niches are removed first, so
// the figure measures classification from content, not the prior.
func TestNicheAccuracyOnSyntheticCatalogue(t *testing.T) {
	if testing.Short() {
		t.Skip("embeds a catalogue with the real model")
	}
	emb := testenv.Embedder(t)
	st, err := memory.Open(context.Background(), t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	svc := catalog.New(st, emb, catalog.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))

	creators, truth := demodata.Generate(demodata.Config{Creators: 250, Seed: 99})
	for i := range creators {
		creators[i].Niches = nil
		if len(creators[i].Content) > 8 {
			creators[i].Content = creators[i].Content[:8]
		}
	}
	ctx := context.Background()
	for i := 0; i < len(creators); i += 50 {
		require.NoError(t, svc.Upsert(ctx, creators[i:min(i+50, len(creators))]))
	}
	correct, inTop3 := 0, 0
	for i, tr := range truth {
		c, err := st.GetCreator(ctx, creators[i].ID)
		require.NoError(t, err)
		labels := c.Features.Niches.Labels
		if len(labels) > 0 && labels[0].Niche == tr.Niches[0] {
			correct++
		}
		for _, l := range labels {
			if l.Niche == tr.Niches[0] {
				inTop3++
				break
			}
		}
	}
	acc := float64(correct) / float64(len(truth))
	t.Logf("niche top-1 accuracy %.3f (%d/%d), primary niche among labels %.3f, without declared niches",
		acc, correct, len(truth), float64(inTop3)/float64(len(truth)))
	assert.GreaterOrEqual(t, acc, 0.85)
}
