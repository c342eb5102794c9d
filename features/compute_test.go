package features

import (
	"encoding/json"
	"testing"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestComputeEdgeCases(t *testing.T) {
	one := igCreator(5_000, post("p", 3, 100, 5))
	one.Niches = []string{"fitness"}
	cases := map[string]*creatormatch.Creator{
		"nil":            nil,
		"empty":          {},
		"no posts":       igCreator(5_000),
		"zero followers": igCreator(0, post("p", 1, 10, 1)),
		"one post":       one,
		"missing audience and vectors": {ID: "x", Accounts: []creatormatch.Account{{Platform: creatormatch.YouTube, Followers: 1_000_000}},
			Content: []creatormatch.ContentItem{{ID: "v", Views: 0, Likes: 5}}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			f := Compute(Input{Creator: c, Now: testNow})
			assert.Equal(t, testNow, f.ComputedAt)
			checkFeatures(t, f)
			_, err := json.Marshal(f)
			require.NoError(t, err)
		})
	}
	f := Compute(Input{Creator: one, Now: testNow})
	assert.Equal(t, creatormatch.TierNano, f.Tier.Value)
	assert.InDelta(t, 0.021, f.EngagementRate.Value, 1e-12) // 105/5,000
	assert.Equal(t, "fitness", f.Niches.Top())
	assert.Equal(t, 1, len(f.Cost.PerPlatform))
}

// checkFeatures asserts every [0,1] value of f is in [0,1] and finite.
func checkFeatures(t testing.TB, f creatormatch.Features) {
	t.Helper()
	in01 := func(name string, v float64) {
		t.Helper()
		if !(v >= 0 && v <= 1) { // false for NaN
			t.Fatalf("%s = %v, want a value in [0,1]", name, v)
		}
	}
	in01("tier.confidence", f.Tier.Confidence)
	in01("engagement_rate.percentile", f.EngagementRate.Percentile)
	in01("engagement_rate.confidence", f.EngagementRate.Confidence)
	in01("engagement_quality.value", f.EngagementQuality.Value)
	in01("engagement_quality.generic", f.EngagementQuality.GenericCommentShare)
	in01("engagement_quality.duplicate", f.EngagementQuality.DuplicateCommentShare)
	in01("engagement_quality.confidence", f.EngagementQuality.Confidence)
	in01("consistency.value", f.Consistency.Value)
	in01("consistency.confidence", f.Consistency.Confidence)
	in01("authenticity.value", f.Authenticity.Value)
	in01("authenticity.confidence", f.Authenticity.Confidence)
	for _, e := range f.Authenticity.Evidence {
		if !(e.Effect <= 0 && e.Effect >= -1) {
			t.Fatalf("authenticity effect %v", e.Effect)
		}
	}
	in01("niches.confidence", f.Niches.Confidence)
	for _, l := range f.Niches.Labels {
		in01("niche label "+l.Niche, l.Confidence)
	}
	in01("brand_safety.value", f.BrandSafety.Value)
	in01("brand_safety.confidence", f.BrandSafety.Confidence)
	for _, fl := range f.BrandSafety.Flags {
		in01("safety flag "+fl.Category, fl.Severity)
	}
	in01("disclosure.value", f.Disclosure.Value)
	in01("disclosure.confidence", f.Disclosure.Confidence)
	in01("cost.confidence", f.Cost.Confidence)
	// json.Marshal rejects NaN and ±Inf anywhere in the struct
	if _, err := json.Marshal(f); err != nil {
		t.Fatalf("features do not marshal: %v", err)
	}
}
