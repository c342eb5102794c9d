package features

import (
	"testing"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCost(t *testing.T) {
	cfg := DefaultConfig()
	t.Run("instagram estimate", func(t *testing.T) {
		// 50k IG micro, 2 posts at 4% (= prior median -> percentile 0.5 -> multiplier 1.0)
		// price = 50 · $10 · 1.0 · 1.0 = $500; reach = 50,000 · 0.2 = 10,000
		// engagements = 50,000 · 0.04 = 2,000; CPE = 0.25; CPM = 1000 · 500/10,000 = 50
		c := igCreator(50_000, post("a", 1, 1900, 100), post("b", 2, 1950, 50))
		ce := Cost(c, PeerTable{}, cfg)
		require.Len(t, ce.PerPlatform, 1)
		pc := ce.PerPlatform[0]
		assert.Equal(t, "USD", ce.Currency)
		assert.Equal(t, "estimate", pc.Source)
		assert.InDelta(t, 500, pc.PricePerPost, 1e-9)
		assert.InDelta(t, 10_000, pc.ExpectedReach, 1e-9)
		assert.InDelta(t, 2_000, pc.ExpectedEngagements, 1e-9)
		assert.InDelta(t, 0.25, pc.CPE, 1e-12)
		assert.InDelta(t, 50, pc.CPM, 1e-9)
		// confidence 0.5 · (0.5 + 0.5·2/12)
		assert.InDelta(t, 0.5*(0.5+0.5*2.0/12), ce.Confidence, 1e-12)
	})
	t.Run("rate card wins", func(t *testing.T) {
		c := igCreator(50_000, post("a", 1, 1900, 100), post("b", 2, 1950, 50))
		c.RateCard = &creatormatch.RateCard{PerPost: map[creatormatch.Platform]float64{creatormatch.Instagram: 800}}
		pc, ok := Cost(c, PeerTable{}, cfg).For(creatormatch.Instagram)
		require.True(t, ok)
		assert.Equal(t, "rate_card", pc.Source)
		assert.Equal(t, 800.0, pc.PricePerPost)
		assert.InDelta(t, 0.4, pc.CPE, 1e-12) // 800 / 2,000
	})
	t.Run("tiktok views, no posts nano, mega percentile", func(t *testing.T) {
		c := &creatormatch.Creator{Accounts: []creatormatch.Account{
			{Platform: creatormatch.TikTok, Followers: 2_000_000},
			{Platform: creatormatch.Instagram, Followers: 5_000},
		}}
		// tiktok: views 100k and 300k -> median 200k; rates 0.05, 0.05 -> 0.05 = mega prior median -> pct 0.5
		// price = 2000 · $6 · 0.7 · 1.0 = $8,400; reach 200,000; engagements 200,000 · 0.05 = 10,000
		c.Content = []creatormatch.ContentItem{
			{ID: "t1", Platform: creatormatch.TikTok, PostedAt: daysAgo(1), Likes: 5000, Views: 100_000},
			{ID: "t2", Platform: creatormatch.TikTok, PostedAt: daysAgo(2), Likes: 15_000, Views: 300_000},
		}
		ce := Cost(c, PeerTable{}, cfg)
		require.Len(t, ce.PerPlatform, 2)
		tt := ce.PerPlatform[0]
		assert.Equal(t, creatormatch.TikTok, tt.Platform)
		assert.InDelta(t, 8400, tt.PricePerPost, 1e-9)
		assert.InDelta(t, 200_000, tt.ExpectedReach, 1e-9)
		assert.InDelta(t, 10_000, tt.ExpectedEngagements, 1e-9)
		assert.InDelta(t, 0.84, tt.CPE, 1e-12)
		assert.InDelta(t, 42, tt.CPM, 1e-9)
		// instagram nano without posts: price 5 · 10 · 1.2 · 1.0 = $60; engagements 5,000 · 0.06 prior = 300
		ig := ce.PerPlatform[1]
		assert.InDelta(t, 60, ig.PricePerPost, 1e-9)
		assert.InDelta(t, 300, ig.ExpectedEngagements, 1e-9)
		assert.InDelta(t, 1000, ig.ExpectedReach, 1e-9)
	})
	t.Run("edge cases", func(t *testing.T) {
		assert.Empty(t, Cost(nil, PeerTable{}, cfg).PerPlatform)
		assert.Empty(t, Cost(igCreator(0), PeerTable{}, cfg).PerPlatform, "zero followers and no card: no estimate")
		// tiny account: price floor $25 (0.5 · 10 · 1.2 · 1 = 6)
		pc, ok := Cost(igCreator(500), PeerTable{}, cfg).For("")
		require.True(t, ok)
		assert.Equal(t, 25.0, pc.PricePerPost)
		// a card in EUR: estimates are left out for platforms without a card price
		c := &creatormatch.Creator{Accounts: []creatormatch.Account{{Platform: creatormatch.Instagram, Followers: 10_000}, {Platform: creatormatch.TikTok, Followers: 5_000}},
			RateCard: &creatormatch.RateCard{Currency: "eur", PerPost: map[creatormatch.Platform]float64{creatormatch.TikTok: 300}}}
		ce := Cost(c, PeerTable{}, cfg)
		assert.Equal(t, "EUR", ce.Currency)
		require.Len(t, ce.PerPlatform, 1)
		assert.Equal(t, creatormatch.TikTok, ce.PerPlatform[0].Platform)
	})
}
