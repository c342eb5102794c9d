package features

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
)

// microIG is a micro instagram creator (20k followers) whose median
// engagement rate is likes/20k.
func microIG(likes int64) *creatormatch.Creator {
	return igCreator(20_000, post("a", 1, likes, 0), post("b", 2, likes, 0), post("c", 3, likes, 0))
}

// microPeers is a table of n micro instagram peers with rates from 1%
// (all below 5% up to n = 800).
func microPeers(n int) PeerTable {
	rates := make([]float64, n)
	for i := range rates {
		rates[i] = 0.01 + 0.00005*float64(i)
	}
	return NewPeerTable(map[string][]float64{creatormatch.PeerKey(creatormatch.Instagram, creatormatch.TierMicro): rates})
}

func TestEngagementPercentileText(t *testing.T) {
	er := func(pct float64, peers int, prior float64) creatormatch.EngagementRate {
		return creatormatch.EngagementRate{Value: 0.04, Percentile: pct, PostsUsed: 12, Platform: creatormatch.Instagram,
			Tier: creatormatch.TierMicro, Peers: peers, PriorWeight: prior}
	}
	cases := []struct {
		name string
		er   creatormatch.EngagementRate
		want string
	}{
		{"enough peers", er(0.84, 412, 0), "higher than 84% of 412 micro instagram creators"},
		{"exactly MinPeers", er(0.5, DefaultMinPeers, 0), "higher than 50% of 30 micro instagram creators"},
		{"few peers, high", er(0.84, 3, 0.9), "above the typical micro instagram creator (prior estimate: only 3 peers in the catalogue)"},
		{"one peer, low", er(0.2, 1, 29.0/30), "below the typical micro instagram creator (prior estimate: only 1 peer in the catalogue)"},
		{"no peers, middling", er(0.5, 0, 1), "in line with the typical micro instagram creator (prior estimate: no peers in the catalogue)"},
		{"one short of MinPeers", er(0.9, DefaultMinPeers-1, 1.0/30), "above the typical micro instagram creator (prior estimate: only 29 peers in the catalogue)"},
		// Stored before Peers existed: nothing says it was a rank.
		{"legacy features", er(0.84, 0, 0), "above the typical micro instagram creator (prior estimate: no peers in the catalogue)"},
		{"no tier", creatormatch.EngagementRate{Percentile: 0.7, Platform: creatormatch.TikTok, Peers: 40}, "higher than 70% of 40 tiktok creators"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, EngagementPercentileText(tc.er))
		})
	}
}

// TestEngagementRateSaysHowManyPeers: the feature carries the size of the
// peer group it was ranked in and the prior's share, and below MinPeers
// the text says the percentile is the prior's.
func TestEngagementRateSaysHowManyPeers(t *testing.T) {
	cfg := DefaultConfig()
	c := microIG(1_000) // 5%, above every peer below
	for _, n := range []int{0, 3, DefaultMinPeers - 1, DefaultMinPeers, 412} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			er := EngagementRate(c, microPeers(n), cfg)
			require.Equal(t, creatormatch.TierMicro, er.Tier)
			assert.Equal(t, n, er.Peers)
			assert.InDelta(t, 1-min(1, float64(n)/float64(DefaultMinPeers)), er.PriorWeight, 1e-12)
			text := EngagementPercentileText(er)
			if n < DefaultMinPeers {
				assert.Contains(t, text, "prior estimate")
				assert.NotContains(t, text, "higher than")
			} else {
				assert.Equal(t, fmt.Sprintf("higher than 100%% of %d micro instagram creators", n), text)
			}
		})
	}
	// A smaller MinPeers makes fewer peers enough.
	cfg.Peers.MinPeers = 3
	er := EngagementRate(c, microPeers(3), cfg)
	assert.Equal(t, 0.0, er.PriorWeight)
	assert.Equal(t, "higher than 100% of 3 micro instagram creators", EngagementPercentileText(er))
}

// TestWithPeersIsComputeAtThosePeers: re-ranking computed features against
// another table gives what Compute gives against it.
func TestWithPeersIsComputeAtThosePeers(t *testing.T) {
	c := microIG(300)
	c.RateCard = &creatormatch.RateCard{Currency: "USD", PerPost: map[creatormatch.Platform]float64{creatormatch.Instagram: 400}}
	peers := microPeers(50)
	stale := Compute(Input{Creator: c, Now: testNow})
	fresh := Compute(Input{Creator: c, Now: testNow, Peers: peers})
	require.NotEqual(t, stale.EngagementRate, fresh.EngagementRate)
	assert.Equal(t, fresh, WithPeers(c, stale, peers, Config{}))
}

func TestPeerTableWith(t *testing.T) {
	ig := creatormatch.PeerKey(creatormatch.Instagram, creatormatch.TierMicro)
	tt := creatormatch.PeerKey(creatormatch.TikTok, creatormatch.TierNano)
	base := NewPeerTable(map[string][]float64{ig: {0.03, 0.01, 0.02}})
	next, exact := base.With(map[string][]float64{ig: {0.02}}, map[string][]float64{ig: {0.05, 0.005}, tt: {0.1}})
	assert.True(t, exact)
	assert.Equal(t, []float64{0.005, 0.01, 0.03, 0.05}, next.groups[ig])
	assert.Equal(t, []float64{0.1}, next.groups[tt])
	assert.Equal(t, []float64{0.01, 0.02, 0.03}, base.groups[ig], "the original table is unchanged")
	assert.Equal(t, 0, base.Count(creatormatch.TikTok, creatormatch.TierNano))

	_, exact = base.With(map[string][]float64{ig: {0.04}}, nil)
	assert.False(t, exact, "removing a rate the table does not hold")
}
