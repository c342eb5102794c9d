package features_test

import (
	"sort"
	"testing"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/features"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rocAUC is the probability that a random positive scores above a random
// negative, by the rank formula (Mann–Whitney U), ties given average ranks:
// AUC = (Σ ranks of positives − n₊(n₊+1)/2) / (n₊·n₋).
func rocAUC(scores []float64, positive []bool) float64 {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return scores[idx[a]] < scores[idx[b]] })
	ranks := make([]float64, len(scores))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && scores[idx[j+1]] == scores[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1 // ranks are 1-based
		for k := i; k <= j; k++ {
			ranks[idx[k]] = avg
		}
		i = j + 1
	}
	var sumPos, nPos, nNeg float64
	for i, p := range positive {
		if p {
			sumPos += ranks[i]
			nPos++
		} else {
			nNeg++
		}
	}
	if nPos == 0 || nNeg == 0 {
		return 0.5
	}
	return (sumPos - nPos*(nPos+1)/2) / (nPos * nNeg)
}

func TestRocAUC(t *testing.T) {
	assert.Equal(t, 1.0, rocAUC([]float64{0.9, 0.8, 0.1, 0.2}, []bool{true, true, false, false}))
	assert.Equal(t, 0.0, rocAUC([]float64{0.1, 0.2, 0.9, 0.8}, []bool{true, true, false, false}))
	assert.Equal(t, 0.5, rocAUC([]float64{0.5, 0.5}, []bool{true, false})) // a tie counts half
}

// TestCatalogueAuthenticityAUC checks that authenticity separates the
// planted bought-follower accounts of the synthetic catalogue from real
// creators, several of whom carry one honest anomaly. Like production it
// computes in two passes: engagement rates first, to fill the peer table
// the store's PeerRates would return, then every feature.
func TestCatalogueAuthenticityAUC(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and scores 2000 creators")
	}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	creators, truth := demodata.Generate(demodata.Config{Creators: 2000, Seed: 42, Now: now})
	require.Len(t, truth, len(creators))
	cfg := features.DefaultConfig()

	peers := map[string][]float64{}
	for i := range creators {
		c := &creators[i]
		er := features.EngagementRate(c, features.PeerTable{}, cfg)
		if er.PostsUsed == 0 {
			continue
		}
		var tier creatormatch.Tier
		if a := c.Account(er.Platform); a != nil {
			tier = features.TierOf(a.Followers, cfg.Tiers)
		}
		k := creatormatch.PeerKey(er.Platform, tier)
		peers[k] = append(peers[k], er.Value)
	}
	table := features.NewPeerTable(peers)

	scores := make([]float64, len(creators))
	fake := make([]bool, len(creators))
	nFake := 0
	for i := range creators {
		f := features.Compute(features.Input{Creator: &creators[i], Now: now, Peers: table, Config: cfg})
		scores[i] = 1 - f.Authenticity.Value // higher = more suspicious
		fake[i] = truth[i].Fake
		if fake[i] {
			nFake++
		}
	}
	require.Greater(t, nFake, 10, "the catalogue should plant fakes")
	auc := rocAUC(scores, fake)
	t.Logf("authenticity ROC AUC = %.4f over %d creators (%d fakes)", auc, len(creators), nFake)
	assert.GreaterOrEqual(t, auc, 0.9)
}
