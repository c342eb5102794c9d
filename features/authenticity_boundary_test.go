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

// The tests in this file pin the boundaries and the evidence texts of
// authenticity.go that the mutation run of issue 20 showed untested (see
// docs/testing.md, "Mutation testing"): values sit exactly at a threshold so
// that < and <= (or > and >=) give different outcomes, and evidence texts are
// compared whole so that every number in them is checked.

// authCfg is the default config with fn applied to its AuthenticityConfig.
// withDefaults keeps a partly changed AuthenticityConfig as it is, so a single
// field can be set to a degenerate value.
func authCfg(fn func(a *AuthenticityConfig)) Config {
	cfg := DefaultConfig()
	fn(&cfg.Authenticity)
	return cfg
}

func TestFollowerGrowthSpikeBoundaries(t *testing.T) {
	day0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return day0.AddDate(0, 0, n) }
	for _, tc := range []struct {
		name   string
		counts []int64 // daily points from day0
		cfg    Config
		want   GrowthSpike
	}{
		{
			// g = 0, 0, 0, 2/1000, 0: median and MAD 0, so the scale is the
			// 0.0005 floor and z = 0.002/0.0005 = 4 exactly (a power-of-two
			// multiple of the floor, so no rounding): a z equal to SpikeZ counts.
			name:   "z exactly SpikeZ is a spike",
			counts: []int64{1000, 1000, 1000, 1000, 1002, 1002},
			cfg:    authCfg(func(a *AuthenticityConfig) { a.SpikeMinJump, a.SpikeFullJump = 0.001, 0.01 }),
			want:   GrowthSpike{Severity: 0.2, Z: 4, Excess: 0.002, From: day(3), Date: day(4)},
		},
		{
			// g = 20/1000 = 0.02 over a flat trend: excess 0.02 = SpikeMinJump
			// exactly -> severity 0.02/0.12; z = 0.02/0.0005 = 40.
			name:   "excess exactly SpikeMinJump is a spike",
			counts: []int64{1000, 1000, 1000, 1000, 1020, 1020},
			cfg:    DefaultConfig(),
			want:   GrowthSpike{Severity: 0.02 / 0.12, Z: 40, Excess: 0.02, From: day(3), Date: day(4)},
		},
		{
			// The first interval is the spike: it starts at the first point.
			// g = 0.3, then ≈ 0.0077: median g2 = 1000/131,000 = 0.0076336
			// (g = 0.3, 0.0076923, 0.0076336, 0.0075758, 0.0075188).
			name:   "spike in the first interval",
			counts: []int64{100_000, 130_000, 131_000, 132_000, 133_000, 134_000},
			cfg:    DefaultConfig(),
			want: GrowthSpike{Severity: 1, Z: (0.3 - 1000.0/131_000) / 0.0005, Excess: 0.3 - 1000.0/131_000,
				From: day(0), Date: day(1)},
		},
		{
			// Two +20% intervals from the first point are one run: it starts
			// at day 0 and ends on day 2. g = 0.2, 0.2, 10/14,400, 10/14,410,
			// 10/14,420, 10/14,430; median = mean of the middle two.
			name:   "two-interval run from the first point",
			counts: []int64{10_000, 12_000, 14_400, 14_410, 14_420, 14_430, 14_440},
			cfg:    DefaultConfig(),
			want: func() GrowthSpike {
				med := (10.0/14_400 + 10.0/14_410) / 2
				return GrowthSpike{Severity: 1, Z: (0.2 - med) / 0.0005, Excess: 2 * (0.2 - med), From: day(0), Date: day(2)}
			}(),
		},
		{
			// Two equal +10% jumps (100/1000 and 110/1100 are both 0.1):
			// the first one is reported, a later equal one does not replace it.
			name:   "equal spikes keep the first",
			counts: []int64{1000, 1000, 1100, 1100, 1100, 1210, 1210, 1210},
			cfg:    DefaultConfig(),
			want:   GrowthSpike{Severity: 0.1 / 0.12, Z: 0.1 / 0.0005, Excess: 0.1, From: day(1), Date: day(2)},
		},
		{
			// SpikeFullJump 0 turns the reason off instead of dividing by 0;
			// the z-score is still reported.
			name:   "SpikeFullJump 0 reports no spike",
			counts: []int64{1000, 1000, 1000, 1000, 1300, 1300},
			cfg:    authCfg(func(a *AuthenticityConfig) { a.SpikeFullJump = 0 }),
			want:   GrowthSpike{Z: 0.3 / 0.0005},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ok := FollowerGrowthSpike(history(day0, 1, tc.counts...), tc.cfg)
			require.True(t, ok)
			assert.InDelta(t, tc.want.Severity, s.Severity, 1e-9)
			assert.InDelta(t, tc.want.Z, s.Z, 1e-6)
			assert.InDelta(t, tc.want.Excess, s.Excess, 1e-9)
			assert.Equal(t, tc.want.From, s.From)
			assert.Equal(t, tc.want.Date, s.Date)
		})
	}
}

func TestAuthenticityGrowthEvidence(t *testing.T) {
	day0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// +30% on day 4 over a flat trend: excess 0.3, z = 0.3/0.0005 = 600,
	// severity 1 -> effect −0.40.
	h := history(day0, 1, 1000, 1000, 1000, 1000, 1300, 1300)
	const text = "%s followers jumped 30%% beyond trend around 2026-01-05 (robust z 600.0)"

	t.Run("text", func(t *testing.T) {
		c := igCreator(1300)
		c.Accounts[0].FollowerHistory = h
		a := Authenticity(c, creatormatch.EngagementRate{}, PeerTable{}, DefaultConfig())
		require.Len(t, a.Evidence, 1)
		assert.Equal(t, fmt.Sprintf(text, "instagram"), a.Evidence[0].Text)
		assert.InDelta(t, -0.4, a.Evidence[0].Effect, 1e-12)
		assert.Nil(t, a.Evidence[0].PostIDs)
	})
	t.Run("equal severities keep the first account", func(t *testing.T) {
		c := &creatormatch.Creator{Accounts: []creatormatch.Account{
			{Platform: creatormatch.Instagram, Followers: 1300, FollowerHistory: h},
			{Platform: creatormatch.TikTok, Followers: 1300, FollowerHistory: h},
		}}
		a := Authenticity(c, creatormatch.EngagementRate{}, PeerTable{}, DefaultConfig())
		require.Len(t, a.Evidence, 1)
		assert.Equal(t, fmt.Sprintf(text, "instagram"), a.Evidence[0].Text)
	})
}

func TestAuthenticityLowEngagement(t *testing.T) {
	// IG micro (50k followers), prior median 4%; a rate of 1% is r = 0.25:
	// severity (log2 4 − 1)/2 = 0.5 -> effect −0.35·0.5 = −0.175. The rate
	// carries no evidence, so no post is cited.
	c := igCreator(50_000)
	er := creatormatch.EngagementRate{Value: 0.01, PostsUsed: 3, Platform: creatormatch.Instagram}
	a := Authenticity(c, er, PeerTable{}, DefaultConfig())
	require.Len(t, a.Evidence, 1)
	assert.Equal(t, "engagement 1.00% is 25% of the micro instagram norm 4.00%", a.Evidence[0].Text)
	assert.InDelta(t, -0.175, a.Evidence[0].Effect, 1e-9)
	assert.Nil(t, a.Evidence[0].PostIDs)
	assert.InDelta(t, 1-0.175, a.Value, 1e-9)
}

func TestAuthenticityFollowRatio(t *testing.T) {
	// With no other data, the only weight that can become available is the
	// follow ratio's 0.2 of the applicable 0.4+0.35+0.2+0.35+0.2 = 1.5.
	for _, tc := range []struct {
		name                string
		followers, follows  int64
		cfg                 Config
		wantConf, wantValue float64
	}{
		// An unknown following (0) says nothing: the reason is unavailable.
		{"following 0 is unknown", 50_000, 0, DefaultConfig(), 0, 1},
		// No followers: no ratio (not an infinite one).
		{"followers 0", 0, 100, DefaultConfig(), 0, 1},
		// r = 1.5 but FollowRatioFull = FollowRatioStart leaves no range to
		// scale the severity over: the reason is off, not full.
		{"full equal to start disables", 50_000, 75_000,
			authCfg(func(a *AuthenticityConfig) { a.FollowRatioFull = a.FollowRatioStart }), 0.2 / 1.5, 1},
		// r = 1.5 with defaults: severity ln 3/ln 4 (the reference row).
		{"ratio 1.5", 50_000, 75_000, DefaultConfig(), 0.2 / 1.5, 1 - 0.2*math.Log(3)/math.Log(4)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := igCreator(tc.followers)
			c.Accounts[0].Following = tc.follows
			a := Authenticity(c, creatormatch.EngagementRate{}, PeerTable{}, tc.cfg)
			assert.InDelta(t, tc.wantConf, a.Confidence, 1e-12)
			assert.InDelta(t, tc.wantValue, a.Value, 1e-9)
			if tc.wantValue == 1 {
				assert.Empty(t, a.Evidence)
			}
		})
	}
}

func TestAuthenticityCredibility(t *testing.T) {
	cred := func(v float64) *float64 { return &v }
	t.Run("text", func(t *testing.T) {
		// 0.6 -> severity (0.8 − 0.6)/0.35 -> effect −0.2
		c := igCreator(50_000)
		c.Audience = &creatormatch.Audience{Credibility: cred(0.6)}
		a := Authenticity(c, creatormatch.EngagementRate{}, PeerTable{}, DefaultConfig())
		require.Len(t, a.Evidence, 1)
		assert.Equal(t, "audience credibility 60% (real, active accounts)", a.Evidence[0].Text)
		assert.InDelta(t, -0.2, a.Evidence[0].Effect, 1e-9)
	})
	t.Run("ok equal to bad disables", func(t *testing.T) {
		// CredibilityOK = CredibilityBad leaves no range: no reason rather
		// than a division by 0.
		c := igCreator(50_000)
		c.Audience = &creatormatch.Audience{Credibility: cred(0.6)}
		cfg := authCfg(func(a *AuthenticityConfig) { a.CredibilityBad = a.CredibilityOK })
		a := Authenticity(c, creatormatch.EngagementRate{}, PeerTable{}, cfg)
		assert.Empty(t, a.Evidence)
		assert.Equal(t, 1.0, a.Value)
		assert.InDelta(t, 0.35/1.5, a.Confidence, 1e-12) // still evaluated
	})
}

func TestAuthenticityGenericComments(t *testing.T) {
	withComments := func(id string, comments ...string) creatormatch.ContentItem {
		it := post(id, 1, 100, 10)
		it.CommentSamples = comments
		return it
	}
	const sauce = "How did you make the sauce?" // not generic; repeated, it is a duplicate
	for _, tc := range []struct {
		name   string
		posts  []creatormatch.ContentItem
		effect float64
		text   string
		ids    []string
	}{
		{
			// Five samples are enough. All "🔥": g = 1 -> severity 1 -> −0.2.
			name:   "five samples",
			posts:  []creatormatch.ContentItem{withComments("p", "🔥", "🔥", "🔥", "🔥", "🔥")},
			effect: -0.2,
			text:   "100% generic and 100% duplicate comments among 5 samples",
			ids:    []string{"p"},
		},
		{
			// 3 distinct emoji (generic, not duplicates) and 3 × the same
			// question (duplicates, not generic): both shares 0.5, g = 0.5 ->
			// severity (0.5 − 0.35)/0.65 -> −0.2·0.15/0.65. On a tie the
			// generic posts are cited.
			name:   "equal shares cite the generic posts",
			posts:  []creatormatch.ContentItem{withComments("g", "🔥", "😍", "👏"), withComments("d", sauce, sauce, sauce)},
			effect: -0.2 * 0.15 / 0.65,
			text:   "50% generic and 50% duplicate comments among 6 samples",
			ids:    []string{"g"},
		},
		{
			// 1 generic, 4 duplicates of 5: g = 0.8 -> −0.2·0.45/0.65, citing
			// the duplicate posts.
			name:   "more duplicates cite the duplicate posts",
			posts:  []creatormatch.ContentItem{withComments("g", "🔥"), withComments("d", sauce, sauce, sauce, sauce)},
			effect: -0.2 * 0.45 / 0.65,
			text:   "20% generic and 80% duplicate comments among 5 samples",
			ids:    []string{"d"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := igCreator(50_000, tc.posts...)
			a := Authenticity(c, creatormatch.EngagementRate{}, PeerTable{}, DefaultConfig())
			require.Len(t, a.Evidence, 1)
			assert.Equal(t, tc.text, a.Evidence[0].Text)
			assert.InDelta(t, tc.effect, a.Evidence[0].Effect, 1e-9)
			assert.Equal(t, tc.ids, a.Evidence[0].PostIDs)
		})
	}
}

func TestAuthenticityLowViews(t *testing.T) {
	videos := func(views ...int64) []creatormatch.ContentItem {
		var out []creatormatch.ContentItem
		for i, v := range views {
			out = append(out, creatormatch.ContentItem{ID: fmt.Sprint("v", i), PostedAt: daysAgo(float64(i)), Views: v, Likes: 1})
		}
		return out
	}
	for _, tc := range []struct {
		name      string
		followers int64
		content   []creatormatch.ContentItem
		sev       float64
		text      string
		ids       []string
	}{
		{
			// Exactly 1,000 followers is enough for the reason to apply.
			// v = 10/1,000 = 1% -> severity (log2 10 − 1)/3.
			name: "1000 followers", followers: 1000, content: videos(10, 10, 10),
			sev: (math.Log2(10) - 1) / 3, text: "tiktok videos reach a median 1.0% of followers",
			ids: []string{"v0", "v1", "v2"},
		},
		{
			// Posts without views are left out of the median (1,000, not
			// 500) and of the cited posts.
			name: "posts without views are skipped", followers: 100_000, content: videos(1000, 0, 1000, 0, 1000, 0),
			sev: (math.Log2(10) - 1) / 3, text: "tiktok videos reach a median 1.0% of followers",
			ids: []string{"v0", "v2", "v4"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &creatormatch.Creator{Accounts: []creatormatch.Account{{Platform: creatormatch.TikTok, Followers: tc.followers}}, Content: tc.content}
			a := Authenticity(c, creatormatch.EngagementRate{}, PeerTable{}, DefaultConfig())
			require.Len(t, a.Evidence, 1)
			assert.Equal(t, tc.text, a.Evidence[0].Text)
			assert.InDelta(t, -0.15*tc.sev, a.Evidence[0].Effect, 1e-9)
			assert.Equal(t, tc.ids, a.Evidence[0].PostIDs)
		})
	}
}

func TestViralPost(t *testing.T) {
	day0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return day0.AddDate(0, 0, n) }
	// The spike's interval is day 14 → day 21, so the window is
	// [day 11, day 22): from 3 days before the interval to the end of its day.
	spike := GrowthSpike{Severity: 1, From: day(14), Date: day(21)}
	// p builds an Instagram post with likes and views.
	p := func(id string, at time.Time, likes, views int64) creatormatch.ContentItem {
		return creatormatch.ContentItem{ID: id, PostedAt: at, Likes: likes, Views: views}
	}
	// three ordinary posts before the window, 500 likes each
	before := func(views int64) []creatormatch.ContentItem {
		return []creatormatch.ContentItem{p("a", day(1), 500, views), p("b", day(4), 500, views), p("c", day(7), 500, views)}
	}
	for _, tc := range []struct {
		name  string
		posts []creatormatch.ContentItem
		cfg   Config
		want  string
	}{
		// median interactions [500, 500, 5000] = 500, x = 10
		{"three posts are enough", []creatormatch.ContentItem{p("a", day(1), 500, 0), p("b", day(4), 500, 0), p("v", day(16), 5000, 0)}, DefaultConfig(), "v"},
		// median [500, 500, 500, 1500] = 500, x = 3 = ViralMultiple
		{"exactly ViralMultiple", append(before(0), p("v", day(16), 1500, 0)), DefaultConfig(), "v"},
		{"below ViralMultiple", append(before(0), p("v", day(16), 1499, 0)), DefaultConfig(), ""},
		// two posts at x = 10: the first one found is kept
		{"equal multiples keep the first", append(before(0), p("v", day(15), 5000, 0), p("w", day(16), 5000, 0)), DefaultConfig(), "v"},
		// the window opens exactly 3 days before the interval's start
		{"3 days before the interval", append(before(0), p("v", day(11), 5000, 0)), DefaultConfig(), "v"},
		{"earlier", append(before(0), p("v", day(11).Add(-time.Minute), 5000, 0)), DefaultConfig(), ""},
		// and closes at the end of the spike's day
		{"on the spike's day", append(before(0), p("v", day(21).Add(12*time.Hour), 5000, 0)), DefaultConfig(), "v"},
		{"the day after", append(before(0), p("v", day(22), 5000, 0)), DefaultConfig(), ""},
		// equal interactions, views 10,000 against a views median of
		// [1000, 1000, 1000, 10,000] = 1000: x = 10 by views
		{"views decide", append(before(1000), p("v", day(16), 500, 10_000)), DefaultConfig(), "v"},
		// views median [2000, 2000, 3000] = 2000 (the posts without views
		// do not count as 0, which would make it 1000 and x = 3): x = 1.5
		{"posts without views do not lower the median", []creatormatch.ContentItem{
			p("a", day(1), 500, 2000), p("b", day(3), 500, 2000), p("c", day(5), 500, 0), p("d", day(7), 500, 0),
			p("e", day(9), 500, 0), p("v", day(16), 500, 3000)}, DefaultConfig(), ""},
		// ViralMultiple 0 turns the discount off (rather than making every post viral)
		{"ViralMultiple 0 disables", append(before(0), p("v", day(16), 5000, 0)),
			authCfg(func(a *AuthenticityConfig) { a.ViralMultiple = 0 }), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := igCreator(10_000, tc.posts...)
			assert.Equal(t, tc.want, viralPost(c, creatormatch.Instagram, spike, tc.cfg))
		})
	}
}
