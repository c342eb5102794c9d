package features

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func history(start time.Time, stepDays int, counts ...int64) []creatormatch.FollowerPoint {
	out := make([]creatormatch.FollowerPoint, len(counts))
	for i, n := range counts {
		out[i] = creatormatch.FollowerPoint{Date: creatormatch.Date{Time: start.AddDate(0, 0, i*stepDays)}, Followers: n}
	}
	return out
}

func TestFollowerGrowthSpike(t *testing.T) {
	cfg := DefaultConfig()
	day0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	t.Run("large spike", func(t *testing.T) {
		// g = 0.01, 0.009901, 0.009804, 0.3 (30,900/103,000), 0.007468 per day
		// median 0.009901; MAD = 0.000099 -> 1.4826·MAD = 0.000147 < floor 0.0005
		// z = (0.3 − 0.009901)/0.0005 = 580.2; excess 0.290099 -> severity min(1, 0.2901/0.12) = 1
		s, ok := FollowerGrowthSpike(history(day0, 1, 100_000, 101_000, 102_000, 103_000, 133_900, 134_900), cfg)
		require.True(t, ok)
		assert.Equal(t, 1.0, s.Severity)
		assert.InDelta(t, 0.290099, s.Excess, 1e-6)
		assert.InDelta(t, 580.2, s.Z, 0.1)
		assert.Equal(t, day0.AddDate(0, 0, 4), s.Date)
		assert.Equal(t, day0.AddDate(0, 0, 3), s.From)
	})
	t.Run("moderate spike", func(t *testing.T) {
		// g4 = 7,000/103,000 = 0.067961; g5 = 1,000/110,000 = 0.009091; median 0.009901
		// excess = 0.058060 -> severity 0.058060/0.12 = 0.48383
		s, ok := FollowerGrowthSpike(history(day0, 1, 100_000, 101_000, 102_000, 103_000, 110_000, 111_000), cfg)
		require.True(t, ok)
		assert.InDelta(t, (7000.0/103000-1000.0/101000)/0.12, s.Severity, 1e-9)
	})
	t.Run("two-step spike", func(t *testing.T) {
		// weekly points; two jumps of 20% in a row; trend ≈ 0 -> run excess ≈ 0.2 + 0.2 = 0.4 -> severity 1
		s, ok := FollowerGrowthSpike(history(day0, 7, 10_000, 10_010, 10_020, 12_024, 14_429, 14_440, 14_450), cfg)
		require.True(t, ok)
		assert.Equal(t, 1.0, s.Severity)
		assert.InDelta(t, 0.4, s.Excess, 0.01)
	})
	t.Run("steady growth", func(t *testing.T) {
		s, ok := FollowerGrowthSpike(history(day0, 30, 10_000, 10_500, 11_000, 11_600, 12_100, 12_800), cfg)
		require.True(t, ok)
		assert.Equal(t, 0.0, s.Severity)
	})
	t.Run("irregular spacing", func(t *testing.T) {
		// Points on days 0, 1, 3, 4, 5, 6: growth per day is the change over
		// the earlier count over the gap, so the 2-day gap halves its rate,
		// which is the median of the five.
		at := func(day int, n int64) creatormatch.FollowerPoint {
			return creatormatch.FollowerPoint{Date: creatormatch.Date{Time: day0.AddDate(0, 0, day)}, Followers: n}
		}
		g := []float64{800.0 / 100_000, 2016.0 / 100_800 / 2, 1234.0 / 102_816, 936.0 / 104_050, 31_496.0 / 104_986}
		// sorted: 0.008, 0.0089957, 0.01 (g[1]), 0.0120020, 0.3000019
		med := g[1]
		s, ok := FollowerGrowthSpike([]creatormatch.FollowerPoint{at(0, 100_000), at(1, 100_800), at(3, 102_816), at(4, 104_050), at(5, 104_986), at(6, 136_482)}, cfg)
		require.True(t, ok)
		assert.InDelta(t, g[4]-med, s.Excess, 1e-9) // a one-day spike: its excess × 1 day
		assert.Equal(t, 1.0, s.Severity)
		assert.Equal(t, day0.AddDate(0, 0, 6), s.Date)
	})
	t.Run("four points are enough", func(t *testing.T) {
		_, ok := FollowerGrowthSpike(history(day0, 1, 100, 110, 120, 130), cfg)
		assert.True(t, ok)
	})
	t.Run("half a day apart are two points", func(t *testing.T) {
		// Reports less than half a day apart collapse into the later one;
		// exactly 12 hours apart they are two days' points.
		pts := []creatormatch.FollowerPoint{
			{Date: creatormatch.Date{Time: day0}, Followers: 100},
			{Date: creatormatch.Date{Time: day0.Add(12 * time.Hour)}, Followers: 110},
			{Date: creatormatch.Date{Time: day0.Add(36 * time.Hour)}, Followers: 120},
			{Date: creatormatch.Date{Time: day0.Add(60 * time.Hour)}, Followers: 130},
		}
		_, ok := FollowerGrowthSpike(pts, cfg)
		assert.True(t, ok, "four points")
		pts[1].Date = creatormatch.Date{Time: day0.Add(11 * time.Hour)}
		_, ok = FollowerGrowthSpike(pts, cfg)
		assert.False(t, ok, "the first two collapse: three points")
	})
	t.Run("too short", func(t *testing.T) {
		_, ok := FollowerGrowthSpike(history(day0, 1, 100, 200, 10_000), cfg)
		assert.False(t, ok)
		_, ok = FollowerGrowthSpike(nil, cfg)
		assert.False(t, ok)
		_, ok = FollowerGrowthSpike(history(day0, 1, 0, 0, 0, 0, 0), cfg) // zero counts are dropped
		assert.False(t, ok)
	})
}

func TestAuthenticity(t *testing.T) {
	cfg := DefaultConfig()
	cred := func(v float64) *float64 { return &v }

	t.Run("no data", func(t *testing.T) {
		for _, c := range []*creatormatch.Creator{nil, {}} {
			a := Authenticity(c, creatormatch.EngagementRate{}, PeerTable{}, cfg)
			assert.Equal(t, 1.0, a.Value)
			assert.Equal(t, 0.0, a.Confidence)
			assert.Empty(t, a.Evidence)
		}
	})

	t.Run("three reasons", func(t *testing.T) {
		// micro IG, 50k followers following 75k: r = 1.5 -> sev ln(3)/ln(4) = 0.79248 -> effect −0.2·0.79248 = −0.15850
		// credibility 0.6 -> sev (0.8−0.6)/0.35 = 0.57143 -> effect −0.35·0.57143 = −0.2
		// 3 posts at 0.5% on IG micro, prior median 4%: r = 0.125 -> sev (log2 8 − 1)/2 = 1 -> effect −0.35
		// value = 1 − 0.15850 − 0.2 − 0.35 = 0.29150
		// confidence = (0.35 + 0.2 + 0.35) / (0.4 + 0.35 + 0.2 + 0.35 + 0.2) = 0.9/1.5 = 0.6
		c := igCreator(50_000, post("a", 1, 250, 0), post("b", 2, 250, 0), post("c", 3, 250, 0))
		c.Accounts[0].Following = 75_000
		c.Audience = &creatormatch.Audience{Credibility: cred(0.6)}
		er := EngagementRate(c, PeerTable{}, cfg)
		a := Authenticity(c, er, PeerTable{}, cfg)
		want := 1 - 0.2*math.Log(3)/math.Log(4) - 0.35*(0.2/0.35) - 0.35
		assert.InDelta(t, want, a.Value, 1e-9)
		assert.InDelta(t, 0.6, a.Confidence, 1e-12)
		require.Len(t, a.Evidence, 3)
		var sum float64
		for _, e := range a.Evidence {
			assert.Less(t, e.Effect, 0.0, e.Text)
			sum += e.Effect
		}
		assert.InDelta(t, want-1, sum, 1e-9)
		assert.Equal(t, []string{"a", "b", "c"}, a.Evidence[0].PostIDs) // engagement evidence cites posts
	})

	t.Run("clean", func(t *testing.T) {
		// 4% on IG micro = the norm, following 500 of 50k, credibility 0.9, varied comments
		c := igCreator(50_000)
		for i := range 6 {
			it := post(fmt.Sprint("p", i), float64(i+1), 1900+int64(i)*100, 60)
			it.CommentSamples = []string{fmt.Sprintf("How did you make the sauce in part %d?", i)}
			c.Content = append(c.Content, it)
		}
		c.Accounts[0].Following = 500
		c.Audience = &creatormatch.Audience{Credibility: cred(0.9)}
		c.Accounts[0].FollowerHistory = history(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 7, 45_000, 46_000, 47_000, 48_000, 49_000, 50_000)
		er := EngagementRate(c, PeerTable{}, cfg)
		a := Authenticity(c, er, PeerTable{}, cfg)
		assert.Equal(t, 1.0, a.Value)
		assert.Empty(t, a.Evidence)
		assert.InDelta(t, 1.0, a.Confidence, 1e-12) // every signal available
	})

	t.Run("generic comments and growth spike", func(t *testing.T) {
		// 10 samples all "🔥" -> g = max(1, 1) = 1 -> sev (1−0.35)/0.65 = 1 -> −0.2
		// spike of +30% -> severity 1 -> −0.4; value = 0.4
		c := igCreator(13_000)
		it := post("p", 1, 0, 0)
		for range 10 {
			it.CommentSamples = append(it.CommentSamples, "🔥")
		}
		c.Content = []creatormatch.ContentItem{it}
		c.Accounts[0].FollowerHistory = history(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 7, 10_000, 10_010, 10_020, 13_000, 13_010)
		a := Authenticity(c, EngagementRate(c, PeerTable{}, cfg), PeerTable{}, cfg)
		assert.InDelta(t, 0.4, a.Value, 1e-9)
	})

	t.Run("viral spike is discounted", func(t *testing.T) {
		// same spike, but a post 10× the median in the spike's interval -> severity ×0.25 -> −0.1
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		c := igCreator(13_000)
		for i := range 5 {
			c.Content = append(c.Content, creatormatch.ContentItem{ID: fmt.Sprint("p", i), PostedAt: start.AddDate(0, 0, 3*i+1), Likes: 500, Comments: 10})
		}
		c.Content[4].PostedAt = start.AddDate(0, 0, 16) // inside (day 14, day 21]
		c.Content[4].Likes = 5000
		c.Accounts[0].FollowerHistory = history(start, 7, 10_000, 10_010, 10_020, 13_000, 13_010)
		a := Authenticity(c, EngagementRate(c, PeerTable{}, cfg), PeerTable{}, cfg)
		require.NotEmpty(t, a.Evidence)
		assert.InDelta(t, -0.1, a.Evidence[0].Effect, 1e-9)
		assert.Equal(t, []string{"p4"}, a.Evidence[0].PostIDs)
	})

	t.Run("views far below followers", func(t *testing.T) {
		// tiktok 100k followers, median views 1,000: v = 0.01 -> sev (log2(10) − 1)/3 = 0.77404 -> −0.15·0.77404
		c := &creatormatch.Creator{Accounts: []creatormatch.Account{{Platform: creatormatch.TikTok, Followers: 100_000}}}
		for i := range 3 {
			c.Content = append(c.Content, creatormatch.ContentItem{ID: fmt.Sprint("v", i), PostedAt: daysAgo(float64(i)), Views: 1000, Likes: 80})
		}
		a := Authenticity(c, EngagementRate(c, PeerTable{}, cfg), PeerTable{}, cfg)
		assert.InDelta(t, 1-0.15*(math.Log2(10)-1)/3, a.Value, 1e-9)
	})
}
