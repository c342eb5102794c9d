package storetest

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// testFilterKeys: a filter value matches whatever case, spacing or "@"
// the stored value or the filter used (creatormatch's key forms,
// filterkeys.go), for every filter field with text values, on the dense
// and the lexical search alike.
func testFilterKeys(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(41)
	mk := func(id, country, lang, brand, niche, safety string, tier cm.Tier, featured bool) cm.CreatorRecord {
		c := basicCreator(id)
		c.Bio = "ceramics studio " + id
		c.Country, c.Languages = country, []string{lang}
		if featured {
			c.Features.Tier.Value = tier
			c.Features.Brands = cm.BrandAffinity{Brands: []cm.BrandMention{{Brand: brand, Posts: 1}}}
			c.Features.Niches = cm.NicheFeature{Labels: []cm.NicheLabel{{Niche: niche, Confidence: 0.9}}}
			c.Features.BrandSafety = cm.BrandSafety{Value: 0.5, Flags: []cm.SafetyFlag{{Category: safety, Severity: 0.9}}}
		} else {
			c.Features = nil
			c.Niches = []string{niche}
		}
		return rec(c, modelA, g.unit(dim8), nil)
	}
	upsert(t, s,
		// Stored in varied forms, as sources write them.
		mk("fk-a", "us", "EN", "@Nike", "Fitness", "Alcohol", "Micro", true),
		mk("fk-b", " US ", "en", "nike", "fitness ", "alcohol", cm.TierMicro, true),
		mk("fk-c", "GB", "fr", "Coca-Cola", "food", "gambling", cm.TierMid, true),
		mk("fk-d", "us", "En", "", "FITNESS", "", "", false), // no features: declared niches count
	)
	search := func(fl cm.Filter) []string {
		t.Helper()
		d := ids(dense(t, s, cm.DenseQuery{Model: modelA, Vector: g.unit(dim8), Limit: 10, Filter: fl, Exact: true}))
		l := ids(lexical(t, s, "ceramics studio", 10, fl))
		require.ElementsMatch(t, d, l, "dense and lexical disagree on %+v", fl)
		return sorted(d)
	}
	for _, tc := range []struct {
		field    string
		want     []string
		variants []cm.Filter
	}{
		{"countries", []string{"fk-a", "fk-b", "fk-d"}, []cm.Filter{
			{Countries: []string{"US"}}, {Countries: []string{"us"}}, {Countries: []string{" Us "}}}},
		{"languages", []string{"fk-a", "fk-b", "fk-d"}, []cm.Filter{
			{Languages: []string{"en"}}, {Languages: []string{"EN"}}, {Languages: []string{" En"}}}},
		{"worked_with", []string{"fk-a", "fk-b"}, []cm.Filter{
			{WorkedWith: []string{"nike"}}, {WorkedWith: []string{"@nike"}}, {WorkedWith: []string{"Nike"}}, {WorkedWith: []string{" @NIKE "}}}},
		{"worked_with, joined", []string{"fk-c"}, []cm.Filter{
			{WorkedWith: []string{"cocacola"}}, {WorkedWith: []string{"@coca_cola"}}, {WorkedWith: []string{"Coca Cola"}}, {WorkedWith: []string{"coca.cola"}}}},
		{"niches", []string{"fk-a", "fk-b", "fk-d"}, []cm.Filter{
			{Niches: []string{"fitness"}}, {Niches: []string{"Fitness"}}, {Niches: []string{" FITNESS "}}}},
		{"tiers", []string{"fk-a", "fk-b"}, []cm.Filter{
			{Tiers: []cm.Tier{cm.TierMicro}}, {Tiers: []cm.Tier{"Micro"}}, {Tiers: []cm.Tier{" MICRO"}}}},
		{"platforms", []string{"fk-a", "fk-b", "fk-c", "fk-d"}, []cm.Filter{
			{Platforms: []cm.Platform{cm.Instagram}}, {Platforms: []cm.Platform{"Instagram"}}, {Platforms: []cm.Platform{" INSTAGRAM "}}}},
		{"exclude_safety", []string{"fk-c", "fk-d"}, []cm.Filter{
			{ExcludeSafety: []string{"alcohol"}, SafetyTolerance: 0.5}, {ExcludeSafety: []string{"Alcohol"}, SafetyTolerance: 0.5},
			{ExcludeSafety: []string{" ALCOHOL "}, SafetyTolerance: 0.5}}},
	} {
		for _, v := range tc.variants {
			require.Equal(t, tc.want, search(v), "%s: %+v", tc.field, v)
		}
	}
	// Ids are identifiers, compared exactly.
	require.Empty(t, search(cm.Filter{IDs: []string{"FK-A"}}))
	require.Equal(t, []string{"fk-a"}, search(cm.Filter{IDs: []string{"fk-a"}}))
}

func sorted(xs []string) []string {
	out := append([]string(nil), xs...)
	slices.Sort(out)
	return out
}
