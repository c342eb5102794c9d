package features

import (
	"math"
	"testing"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPostRate(t *testing.T) {
	c := &creatormatch.Creator{Accounts: []creatormatch.Account{
		{Platform: creatormatch.Instagram, Followers: 10_000},
		{Platform: creatormatch.TikTok, Followers: 20_000},
	}}
	cases := []struct {
		name  string
		item  creatormatch.ContentItem
		rate  float64
		basis string
		ok    bool
	}{
		// (300+20+10+20)/10,000 = 350/10,000 = 0.035
		{"instagram per follower", creatormatch.ContentItem{Platform: creatormatch.Instagram, Likes: 300, Comments: 20, Shares: 10, Saves: 20, Views: 9000}, 0.035, BasisFollowers, true},
		// 350/50,000 = 0.007
		{"tiktok per view", creatormatch.ContentItem{Platform: creatormatch.TikTok, Likes: 300, Comments: 20, Shares: 10, Saves: 20, Views: 50_000}, 0.007, BasisViews, true},
		// no views: 350/20,000 = 0.0175
		{"tiktok without views", creatormatch.ContentItem{Platform: creatormatch.TikTok, Likes: 300, Comments: 20, Shares: 10, Saves: 20}, 0.0175, BasisFollowers, true},
		// empty platform with two accounts: main account (tiktok, 20k) -> 350/20,000
		{"default platform is main", creatormatch.ContentItem{Likes: 300, Comments: 20, Shares: 10, Saves: 20}, 0.0175, BasisFollowers, true},
		{"no youtube account, no views", creatormatch.ContentItem{Platform: creatormatch.YouTube, Likes: 5}, 0, "", false},
		// negative counts count as 0: 100/10,000
		{"negative counts", creatormatch.ContentItem{Platform: creatormatch.Instagram, Likes: 100, Comments: -50}, 0.01, BasisFollowers, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, b, ok := PostRate(c, tc.item)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.basis, b)
			assert.InDelta(t, tc.rate, r, 1e-12)
		})
	}
	_, _, ok := PostRate(igCreator(0), creatormatch.ContentItem{Likes: 10})
	assert.False(t, ok, "zero followers gives no rate")
}

func TestEngagementRateMedian(t *testing.T) {
	cfg := DefaultConfig()
	cfg.EngagementPosts = 3
	// followers 10,000; rates by recency: p1 0.05 (1 day), p2 0.01, p3 0.03, p4 0.09 (oldest, outside N=3)
	c := igCreator(10_000, post("p4", 40, 900, 0), post("p1", 1, 450, 50), post("p2", 10, 100, 0), post("p3", 20, 280, 20))
	er := EngagementRate(c, PeerTable{}, cfg)
	// median(0.05, 0.01, 0.03) = 0.03
	assert.InDelta(t, 0.03, er.Value, 1e-12)
	assert.Equal(t, 3, er.PostsUsed)
	assert.Equal(t, BasisFollowers, er.Basis)
	assert.Equal(t, creatormatch.Instagram, er.Platform)
	assert.InDelta(t, 1.0, er.Confidence, 1e-12) // 3/3
	require.NotEmpty(t, er.Evidence)
	assert.Equal(t, []string{"p1", "p2", "p3"}, er.Evidence[0].PostIDs)
	// prior percentile, micro? no: 10,000 followers is micro; prior median 0.04, logSD 0.6
	// Φ((ln 0.03 − ln 0.04)/0.6) = Φ(−0.4795) = 0.3158
	assert.InDelta(t, 0.3158, er.Percentile, 1e-3)

	// even count: N=12, four posts -> median(0.01,0.03,0.05,0.09) = (0.03+0.05)/2 = 0.04, confidence 4/12
	er = EngagementRate(c, PeerTable{}, DefaultConfig())
	assert.InDelta(t, 0.04, er.Value, 1e-12)
	assert.InDelta(t, 4.0/12, er.Confidence, 1e-12)

	// one post
	er = EngagementRate(igCreator(10_000, post("only", 1, 200, 0)), PeerTable{}, DefaultConfig())
	assert.InDelta(t, 0.02, er.Value, 1e-12)
	assert.InDelta(t, 1.0/12, er.Confidence, 1e-12)
}

func TestEngagementRateEdgeCases(t *testing.T) {
	for name, c := range map[string]*creatormatch.Creator{
		"nil":            nil,
		"empty":          {},
		"no posts":       igCreator(5_000),
		"zero followers": igCreator(0, post("a", 1, 10, 1)),
	} {
		er := EngagementRate(c, PeerTable{}, DefaultConfig())
		assert.Equal(t, 0.0, er.Value, name)
		assert.Equal(t, 0.5, er.Percentile, name)
		assert.Equal(t, 0.0, er.Confidence, name)
	}
}

func TestEngagementRateViewBasis(t *testing.T) {
	c := &creatormatch.Creator{Accounts: []creatormatch.Account{{Platform: creatormatch.TikTok, Followers: 200_000}}}
	// rates per view: 0.10, 0.05 and one post without views (followers basis, dropped: views are the majority)
	c.Content = []creatormatch.ContentItem{
		{ID: "a", PostedAt: daysAgo(1), Likes: 1000, Views: 10_000},
		{ID: "b", PostedAt: daysAgo(2), Likes: 1000, Views: 20_000},
		{ID: "c", PostedAt: daysAgo(3), Likes: 1000},
	}
	er := EngagementRate(c, PeerTable{}, DefaultConfig())
	assert.Equal(t, BasisViews, er.Basis)
	assert.Equal(t, 2, er.PostsUsed)
	assert.InDelta(t, 0.075, er.Value, 1e-12) // (0.10+0.05)/2
}

func TestPercentilePriorEmpiricalBlend(t *testing.T) {
	cfg := DefaultConfig()
	ig := creatormatch.Instagram
	// prior only: IG micro median 0.04 -> exactly the 50th percentile
	assert.InDelta(t, 0.5, PeerTable{}.Percentile(ig, creatormatch.TierMicro, 0.04, cfg), 1e-12)
	assert.Equal(t, 0.0, PeerTable{}.Percentile(ig, creatormatch.TierMicro, 0, cfg))

	// 40 peers 0.001..0.040: pure empirical. rate 0.0105: 10 below, 0 equal -> 10/40 = 0.25
	var g []float64
	for i := 1; i <= 40; i++ {
		g = append(g, float64(i)/1000)
	}
	pt := NewPeerTable(map[string][]float64{creatormatch.PeerKey(ig, creatormatch.TierMicro): g})
	assert.InDelta(t, 0.25, pt.Percentile(ig, creatormatch.TierMicro, 0.0105, cfg), 1e-12)
	// rate equal to a peer (0.010): 9 below + ½·1 equal = 9.5/40 = 0.2375
	assert.InDelta(t, 0.2375, pt.Percentile(ig, creatormatch.TierMicro, 0.010, cfg), 1e-12)

	// 15 peers: w = 15/30 = 0.5. peers 0.001..0.015, rate 0.04: emp = 1, prior = 0.5 -> 0.75
	pt = NewPeerTable(map[string][]float64{creatormatch.PeerKey(ig, creatormatch.TierMicro): g[:15]})
	assert.InDelta(t, 0.75, pt.Percentile(ig, creatormatch.TierMicro, 0.04, cfg), 1e-12)
	// blended median: exp(0.5·ln 0.008 + 0.5·ln 0.04) = sqrt(0.008·0.04) = 0.017889
	assert.InDelta(t, 0.017889, pt.Median(ig, creatormatch.TierMicro, cfg), 1e-6)
	// NaN and negative peers are dropped
	pt = NewPeerTable(map[string][]float64{"x": {math.NaN(), -1, 0.2}})
	assert.Equal(t, []float64{0.2}, pt.groups["x"])
}

// A 2% mega creator and a 9% nano creator are judged against their peers:
// the mega creator's lower raw rate is the better result.
func TestPercentileJudgesAgainstPeers(t *testing.T) {
	cfg := DefaultConfig()
	ig := creatormatch.Instagram
	// prior only. mega: Φ(ln(0.02/0.009)/0.6) = Φ(1.3308) = 0.9084
	//             nano: Φ(ln(0.09/0.06)/0.6)  = Φ(0.6758) = 0.7504
	mega := PeerTable{}.Percentile(ig, creatormatch.TierMega, 0.02, cfg)
	nano := PeerTable{}.Percentile(ig, creatormatch.TierNano, 0.09, cfg)
	assert.InDelta(t, 0.9084, mega, 1e-3)
	assert.InDelta(t, 0.7504, nano, 1e-3)
	assert.Greater(t, mega, nano)

	// empirical: 40 mega peers 0.003..0.0147 (all below 2%), 40 nano peers 0.06..0.138
	var megaPeers, nanoPeers []float64
	for i := range 40 {
		megaPeers = append(megaPeers, 0.003+0.0003*float64(i))
		nanoPeers = append(nanoPeers, 0.06+0.002*float64(i))
	}
	pt := NewPeerTable(map[string][]float64{
		creatormatch.PeerKey(ig, creatormatch.TierMega): megaPeers,
		creatormatch.PeerKey(ig, creatormatch.TierNano): nanoPeers,
	})
	// mega: 40 below -> 1.0; nano 0.09: peers below are 0.06..0.088 (15), 0.09 equal (1) -> 15.5/40 = 0.3875
	assert.InDelta(t, 1.0, pt.Percentile(ig, creatormatch.TierMega, 0.02, cfg), 1e-12)
	assert.InDelta(t, 0.3875, pt.Percentile(ig, creatormatch.TierNano, 0.09, cfg), 1e-9)

	// through EngagementRate
	megaC := igCreator(2_000_000, post("m", 1, 40_000, 0))
	nanoC := igCreator(5_000, post("n", 1, 450, 0))
	em := EngagementRate(megaC, pt, cfg)
	en := EngagementRate(nanoC, pt, cfg)
	assert.InDelta(t, 0.02, em.Value, 1e-12)
	assert.InDelta(t, 0.09, en.Value, 1e-12)
	assert.Greater(t, em.Percentile, en.Percentile)
}
