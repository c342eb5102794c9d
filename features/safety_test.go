package features

import (
	"testing"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func flagOf(b creatormatch.BrandSafety, cat string) (creatormatch.SafetyFlag, bool) {
	for _, f := range b.Flags {
		if f.Category == cat {
			return f, true
		}
	}
	return creatormatch.SafetyFlag{}, false
}

func TestSafetyLexiconCoverage(t *testing.T) {
	lx := SafetyLexicon()
	d := SafetyDescriptions()
	for _, cat := range creatormatch.SafetyCategories {
		assert.GreaterOrEqual(t, len(lx[cat]), 25, cat)
		assert.NotEmpty(t, d[cat], cat)
	}
}

func TestBrandSafetyLexicon(t *testing.T) {
	cfg := DefaultConfig()
	cases := []struct {
		name     string
		posts    []creatormatch.ContentItem
		cat      string
		severity float64 // 0 = no flag in cat
		ids      []string
	}{
		// drunk (1.0) and hangover (0.9) in one post: 1·(1 − 2^−1) = 0.5
		{"one post", []creatormatch.ContentItem{{ID: "a", Caption: "Got so drunk last night", Hashtags: []string{"hangover"}}}, "alcohol", 0.5, []string{"a"}},
		// two posts: 1·(1 − 2^−2) = 0.75
		{"two posts", []creatormatch.ContentItem{
			{ID: "a", PostedAt: daysAgo(1), Caption: "drunk again"},
			{ID: "b", PostedAt: daysAgo(2), Caption: "tequila night"},
		}, "alcohol", 0.75, []string{"a", "b"}},
		// hashtag substring: #drunkaf contains "drunk" -> 0.5
		{"hashtag substring", []creatormatch.ContentItem{{ID: "a", Hashtags: []string{"#DrunkAF"}}}, "alcohol", 0.5, []string{"a"}},
		// low-weight term: "shots" 0.3 -> 0.3·0.5 = 0.15 < MinSeverity 0.25: no flag
		{"ambiguous term", []creatormatch.ContentItem{{ID: "a", Caption: "Some shots from the shoot"}}, "alcohol", 0, nil},
		// ...but repeated in three posts: 0.3·(1 − 2^−3) = 0.2625 flags
		{"ambiguous term repeated", []creatormatch.ContentItem{
			{ID: "a", PostedAt: daysAgo(1), Caption: "shots"}, {ID: "b", PostedAt: daysAgo(2), Caption: "shots"},
			{ID: "c", PostedAt: daysAgo(3), Caption: "shots"},
		}, "alcohol", 0.2625, []string{"a", "b", "c"}},
		// word boundaries: no profanity inside class, grass, Scunthorpe, assess
		{"word boundary", []creatormatch.ContentItem{{ID: "a", Caption: "Class trip to Scunthorpe, we assess the grass"}}, "profanity", 0, nil},
		// low-weight terms never match inside hashtags: #shootingday has no violence
		{"no substring for ambiguous", []creatormatch.ContentItem{{ID: "a", Hashtags: []string{"shootingday", "photoshoot"}}}, "violence", 0, nil},
		{"gambling", []creatormatch.ContentItem{{ID: "a", Caption: "Big win at the casino, sports betting is my thing"}}, "gambling", 0.5, []string{"a"}},
		{"politics", []creatormatch.ContentItem{{ID: "a", Caption: "Go vote in the midterms"}}, "politics", 0.5, []string{"a"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := igCreator(1000, tc.posts...)
			b := BrandSafety(c, nil, nil, cfg)
			f, ok := flagOf(b, tc.cat)
			if tc.severity == 0 {
				assert.False(t, ok, "%+v", b.Flags)
				return
			}
			require.True(t, ok, "%+v", b.Flags)
			assert.InDelta(t, tc.severity, f.Severity, 1e-12)
			assert.Equal(t, tc.ids, f.PostIDs)
			assert.InDelta(t, 1-tc.severity, b.Value, 1e-12)
		})
	}
}

func TestBrandSafetyEmbedding(t *testing.T) {
	cfg := DefaultConfig()
	protos := map[string][]float32{"gambling": {1, 0, 0}}
	// cos(post, proto) = 0.65: e = (0.65 − 0.45)/0.2 = 1; emb = 0.8·1·(1 − 2^−1) = 0.4
	vec := []float32{0.65, 0.7599, 0}
	c := igCreator(1000, creatormatch.ContentItem{ID: "a", Caption: "a night out"})
	b := BrandSafety(c, map[string][]float32{"a": vec}, protos, cfg)
	f, ok := flagOf(b, "gambling")
	require.True(t, ok)
	assert.InDelta(t, 0.4, f.Severity, 1e-4)
	assert.Equal(t, []string{"a"}, f.PostIDs)
	// with a lexicon hit too: lex 0.5 -> 1 − (1 − 0.5)(1 − 0.4) = 0.7
	c.Content[0].Caption = "a night at the casino"
	b = BrandSafety(c, map[string][]float32{"a": vec}, protos, cfg)
	f, _ = flagOf(b, "gambling")
	assert.InDelta(t, 0.7, f.Severity, 1e-4)
	assert.Equal(t, []string{"casino"}, f.Terms)
	// below EmbedMin: nothing
	b = BrandSafety(igCreator(1000, creatormatch.ContentItem{ID: "a"}), map[string][]float32{"a": {0.3, 0.95, 0}}, protos, cfg)
	assert.Empty(t, b.Flags)
}

func TestBrandSafetyEmpty(t *testing.T) {
	for _, c := range []*creatormatch.Creator{nil, {}, igCreator(0)} {
		b := BrandSafety(c, nil, nil, DefaultConfig())
		assert.Equal(t, 1.0, b.Value)
		assert.Equal(t, 0.0, b.Confidence)
		assert.Empty(t, b.Flags)
	}
}

func TestSafetyExcluded(t *testing.T) {
	b := creatormatch.BrandSafety{Flags: []creatormatch.SafetyFlag{
		{Category: "alcohol", Severity: 0.5}, {Category: "profanity", Severity: 0.15},
	}}
	cases := []struct {
		exclude   []string
		tolerance float64
		want      bool
	}{
		{nil, 0, false},
		{[]string{"gambling"}, 0, false},
		{[]string{"alcohol"}, 0, true},     // any alcohol flag
		{[]string{"Alcohol"}, 0.5, true},   // at the tolerance
		{[]string{"alcohol"}, 0.51, false}, // above this flag
		{[]string{"profanity", "alcohol"}, 0.2, true},
		{[]string{"profanity"}, 0.2, false},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, SafetyExcluded(b, c.exclude, c.tolerance), "%v @ %v", c.exclude, c.tolerance)
	}
	assert.False(t, SafetyExcluded(creatormatch.BrandSafety{}, []string{"alcohol"}, 0))
}
