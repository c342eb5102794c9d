package matcher

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
)

// TestCalibrationSteps pins both steps of the map with hand-computed
// values.
func TestCalibrationSteps(t *testing.T) {
	c, err := NewCalibration("t", []string{SignalSemantic, SignalNicheConsensus}, -2, []float64{4, 1},
		[]CalPoint{{X: 0.2, Y: 0.1}, {X: 0.5, Y: 0.4}, {X: 0.8, Y: 0.9}}, CalProvenance{})
	require.NoError(t, err)
	// z = −2 + 4·0.5 + 1·0 = 0 → p = 0.5 exactly.
	assert.InDelta(t, 0.5, c.Platt([]float64{0.5, 0}), 1e-12)
	// z = −2 + 4·1 + 1·1 = 3 → p = 1/(1+e⁻³) = 0.9525741268.
	assert.InDelta(t, 0.9525741268, c.Platt([]float64{1, 1}), 1e-9)
	// z = −2 → p = 0.1192029220.
	assert.InDelta(t, 0.1192029220, c.Platt([]float64{0, 0}), 1e-9)

	for _, tc := range []struct{ p, want float64 }{
		{0.0, 0.1},   // flat below the first knot
		{0.2, 0.1},   // on a knot
		{0.35, 0.25}, // halfway between (0.2,0.1) and (0.5,0.4)
		{0.5, 0.4},
		{0.65, 0.65}, // halfway between (0.5,0.4) and (0.8,0.9)
		{0.74, 0.8},  // 0.4 + 0.5·(0.24/0.3)
		{0.95, 0.9},  // flat above the last knot
	} {
		assert.InDelta(t, tc.want, c.Isotonic(tc.p), 1e-12, "isotonic(%v)", tc.p)
	}
	// Fit composes them: inputs (0.5, 0) → p 0.5 → 0.4.
	assert.InDelta(t, 0.4, c.Fit(map[string]float64{SignalSemantic: 0.5}), 1e-12)
	// A map without knots is Platt alone.
	plain, err := NewCalibration("t", []string{SignalSemantic}, -2, []float64{4}, nil, CalProvenance{})
	require.NoError(t, err)
	assert.InDelta(t, 0.5, plain.Isotonic(0.5), 0)
	assert.InDelta(t, 0.5, plain.Fit(map[string]float64{SignalSemantic: 0.5}), 1e-12)

	for _, bad := range []struct {
		inputs []string
		coef   []float64
		pts    []CalPoint
	}{
		{[]string{"vibes"}, []float64{1}, nil},
		{[]string{SignalSemantic}, []float64{1, 2}, nil},
		{[]string{SignalSemantic}, []float64{1}, []CalPoint{{X: 0.5, Y: 0.5}, {X: 0.4, Y: 0.6}}},
		{[]string{SignalSemantic}, []float64{1}, []CalPoint{{X: 0.4, Y: 0.6}, {X: 0.5, Y: 0.5}}},
		{[]string{SignalSemantic}, []float64{1}, []CalPoint{{X: 0.4, Y: 1.5}}},
		{[]string{SignalSemantic, SignalSemantic}, []float64{1, 1}, nil},
		{[]string{SignalSemantic}, []float64{math.NaN()}, nil},
		{[]string{SignalSemantic}, []float64{math.Inf(1)}, nil},
		{append(slices.Clone(FitInputNames), SignalSemantic), make([]float64, len(FitInputNames)+1), nil},
	} {
		_, err := NewCalibration("t", bad.inputs, 0, bad.coef, bad.pts, CalProvenance{})
		assert.Error(t, err, "%+v", bad)
	}
	_, err = NewCalibration("", []string{SignalSemantic}, 0, []float64{1}, nil, CalProvenance{})
	assert.Error(t, err, "a map needs a version")
	// Flat stretches (equal y) and repeated x are what PAV produces.
	_, err = NewCalibration("t", []string{SignalSemantic}, 0, []float64{1}, []CalPoint{{X: 0.1, Y: 0.2}, {X: 0.3, Y: 0.2}, {X: 0.3, Y: 0.5}}, CalProvenance{})
	assert.NoError(t, err)
	// Every signal and extra input can be read, the first and last included.
	for _, name := range FitInputNames {
		_, err := NewCalibration("t", []string{name}, 0, []float64{1}, nil, CalProvenance{})
		assert.NoError(t, err, name)
	}
}

// TestDefaultCalibrationShipped: the embedded map parses and says where it
// came from.
func TestDefaultCalibrationShipped(t *testing.T) {
	c := DefaultCalibration()
	assert.NotEmpty(t, c.Version)
	assert.NotEmpty(t, c.Provenance.Datasets)
	assert.Positive(t, c.Provenance.Pairs)
	for ds, ece := range c.Provenance.ECE {
		assert.LessOrEqual(t, ece, 0.05, "held-out ECE of %s", ds)
	}
	// Fit rises with semantic fit and with niche consensus.
	lo := c.Fit(map[string]float64{SignalSemantic: 0.3, SignalNicheConsensus: 0})
	hi := c.Fit(map[string]float64{SignalSemantic: 0.9, SignalNicheConsensus: 1})
	assert.Less(t, lo, hi)
}

func TestDecide(t *testing.T) {
	m := New(nil, nil, nil, Config{}, nil)
	f := &creatormatch.Features{}
	undisclosed := &creatormatch.Features{Disclosure: creatormatch.Disclosure{SponsoredPosts: 2, Value: 0.49}}
	disclosed := &creatormatch.Features{Disclosure: creatormatch.Disclosure{SponsoredPosts: 2, Value: 0.5}}
	oneSponsored := &creatormatch.Features{Disclosure: creatormatch.Disclosure{SponsoredPosts: 1, Value: 0}}
	for _, tc := range []struct {
		e    exclusion
		f    *creatormatch.Features
		fit  float64
		want creatormatch.Decision
		rule string
	}{
		{0, f, 0.6, creatormatch.DecisionGood, RuleOnBrief},
		{0, f, 0.5999, creatormatch.DecisionNeutral, RulePossibleFit},
		{0, f, 0.3, creatormatch.DecisionNeutral, RulePossibleFit},
		{0, f, 0.2999, creatormatch.DecisionAvoid, RuleOffBrief},
		{0, undisclosed, 0.9, creatormatch.DecisionNeutral, RuleUndisclosedSponsorship},
		{0, disclosed, 0.9, creatormatch.DecisionGood, RuleOnBrief},
		{0, oneSponsored, 0.9, creatormatch.DecisionGood, RuleOnBrief},
		{0, undisclosed, 0.1, creatormatch.DecisionAvoid, RuleOffBrief},
		{exBudget, f, 0.99, creatormatch.DecisionAvoid, creatormatch.RuleOverBudget},
		{exBudget | exCompetitor, f, 0.99, creatormatch.DecisionAvoid, creatormatch.RuleCompetitorConflict},
		{exAudience | exAuthenticity, f, 0.99, creatormatch.DecisionAvoid, creatormatch.RuleLowAuthenticity},
		{exAudience, f, 0.99, creatormatch.DecisionAvoid, creatormatch.RuleAudienceThreshold},
		{exSafety, f, 0.99, creatormatch.DecisionAvoid, creatormatch.RuleBrandSafety},
	} {
		d, r := m.decide(tc.e, tc.f, tc.fit)
		assert.Equal(t, tc.want, d, "%+v", tc)
		assert.Equal(t, tc.rule, r, "%+v", tc)
	}
	assert.Equal(t, []string{creatormatch.RuleCompetitorConflict, creatormatch.RuleOverBudget, creatormatch.RuleAudienceThreshold},
		(exAudience | exBudget | exCompetitor).rules())
	assert.Empty(t, exclusion(0).rules())
}

func TestExclusionRules(t *testing.T) {
	m := New(nil, nil, nil, Config{}, nil)
	aud := &creatormatch.Audience{Gender: map[string]float64{"female": 0.6, "male": 0.4}}
	c := &creatormatch.Creator{ID: "c", Audience: aud}
	f := &creatormatch.Features{
		Authenticity: creatormatch.Authenticity{Value: 0.4, Confidence: 0.5},
		BrandSafety:  creatormatch.BrandSafety{Flags: []creatormatch.SafetyFlag{{Category: "alcohol", Severity: 0.5}}},
		Brands:       creatormatch.BrandAffinity{Brands: []creatormatch.BrandMention{{Brand: "glowco", Posts: 2}}},
	}
	q := &queryContext{}
	assert.Equal(t, exclusion(0), m.exclusions(q, c, f, true), "nothing asked, nothing excluded")
	assert.Equal(t, exBudget, m.exclusions(q, c, f, false))

	q = &queryContext{b: creatormatch.Brief{Competitors: []string{"@GlowCo"}}}
	assert.Equal(t, exCompetitor, m.exclusions(q, c, f, true))

	q = &queryContext{filter: creatormatch.Filter{ExcludeSafety: []string{"Alcohol"}, SafetyTolerance: 0.5}}
	assert.Equal(t, exSafety, m.exclusions(q, c, f, true), "severity at the tolerance excludes")
	q.filter.SafetyTolerance = 0.51
	assert.Equal(t, exclusion(0), m.exclusions(q, c, f, true), "below the tolerance does not")
	q.filter = creatormatch.Filter{ExcludeSafety: []string{"gambling"}}
	assert.Equal(t, exclusion(0), m.exclusions(q, c, f, true), "another category does not")

	low := *f
	low.Authenticity = creatormatch.Authenticity{Value: 0.39, Confidence: 0.5}
	assert.Equal(t, exAuthenticity, m.exclusions(&queryContext{}, c, &low, true))
	low.Authenticity.Confidence = 0
	assert.Equal(t, exclusion(0), m.exclusions(&queryContext{}, c, &low, true), "no confidence, no verdict")

	th := creatormatch.AudienceThreshold{Dimension: "gender", Keys: []string{"female"}, MinShare: 0.6}
	q = &queryContext{filter: creatormatch.Filter{Audience: []creatormatch.AudienceThreshold{th}}}
	assert.Equal(t, exclusion(0), m.exclusions(q, c, f, true), "a share equal to the threshold passes")
	q.filter.Audience[0].MinShare = 0.61
	assert.Equal(t, exAudience, m.exclusions(q, c, f, true))
	unknown := &creatormatch.Creator{ID: "u"}
	q.filter.Audience[0].MinShare = 0.1
	assert.Equal(t, exAudience, m.exclusions(q, unknown, f, true), "unknown audience fails")
	q.filter.IncludeUnknownAudience = true
	assert.Equal(t, exclusion(0), m.exclusions(q, unknown, f, true))
}

func TestHardAndSoftAudience(t *testing.T) {
	tgt := creatormatch.AudienceTarget{
		Genders: []string{"Female"}, MinGenderShare: 0.6,
		Countries: []string{"us"}, MinCountryShare: 0.4,
		Ages:      []string{"18–24"},
		Interests: []string{"beauty"},
	}
	hard := hardAudience(tgt)
	assert.Equal(t, []creatormatch.AudienceThreshold{
		{Dimension: "gender", Keys: []string{"female"}, MinShare: 0.6},
		{Dimension: "country", Keys: []string{"US"}, MinShare: 0.4},
	}, hard)
	soft := softAudience(tgt)
	assert.Equal(t, []creatormatch.AudienceThreshold{{Dimension: "age", Keys: []string{"18-24"}}}, soft,
		"a preference without a share is soft; interests are not shown as constraints")
	assert.Empty(t, hardAudience(creatormatch.AudienceTarget{MinGenderShare: 0.5}), "a share without keys is nothing")
}

func TestConstraintsList(t *testing.T) {
	m := New(nil, nil, nil, Config{}, nil)
	aud := &creatormatch.Audience{Gender: map[string]float64{"female": 0.3, "male": 0.7}, Age: map[string]float64{"18-24": 0.8, "25-34": 0.2}}
	s := &scored{
		creator: &creatormatch.Creator{ID: "c", Audience: aud},
		match: creatormatch.Match{
			Features: &creatormatch.Features{Authenticity: creatormatch.Authenticity{Value: 0.8, Confidence: 1}},
			Cost:     &creatormatch.PlatformCost{PricePerPost: 900},
		},
	}
	q := &queryContext{
		b:        creatormatch.Brief{Competitors: []string{"acme"}, Audience: creatormatch.AudienceTarget{Ages: []string{"18-24"}}},
		budget:   800,
		currency: "GBP",
		filter: creatormatch.Filter{
			ExcludeSafety: []string{"alcohol"},
			Audience:      []creatormatch.AudienceThreshold{{Dimension: "gender", Keys: []string{"female"}, MinShare: 0.6}},
		},
	}
	cs := m.constraints(q, s)
	byName := map[string]creatormatch.ConstraintCheck{}
	var names []string
	for _, c := range cs {
		byName[c.Name] = c
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"competitors", "brand_safety", "authenticity", "budget", "audience.gender", "audience.age"}, names)
	assert.Equal(t, creatormatch.ConstraintPass, byName["competitors"].Status)
	assert.Equal(t, creatormatch.ConstraintPass, byName["brand_safety"].Status)
	assert.Equal(t, creatormatch.ConstraintPass, byName["authenticity"].Status)
	b := byName["budget"]
	assert.Equal(t, creatormatch.ConstraintPass, b.Status, "the status is the rule's verdict (excl), not a second comparison")
	assert.Equal(t, 900.0, *b.Value)
	assert.Equal(t, 800.0, *b.Threshold)
	assert.Contains(t, b.Detail, "GBP 900")
	g := byName["audience.gender"]
	assert.True(t, g.Hard)
	assert.Equal(t, creatormatch.ConstraintFail, g.Status)
	assert.InDelta(t, 0.3, *g.Value, 1e-12)
	assert.Equal(t, creatormatch.RuleAudienceThreshold, g.Rule)
	a := byName["audience.age"]
	assert.False(t, a.Hard)
	assert.Empty(t, a.Rule)
	assert.Equal(t, creatormatch.ConstraintPass, a.Status, "80% aged 18-24 passes a preference at 50%")

	assert.Equal(t, "promoted none of acme", byName["competitors"].Detail)
	assert.Equal(t, "no flag in alcohol at severity ≥ 0.00", byName["brand_safety"].Detail)
	assert.Equal(t, "authenticity 0.80 (floor 0.40)", byName["authenticity"].Detail)
	assert.Equal(t, "one post costs about GBP 900 of a GBP 800 budget", b.Detail)
	assert.Equal(t, "30% of the audience is female; at least 60% required", g.Detail)
	assert.Equal(t, "80% of the audience is 18-24 (a preference: counts in audience_alignment, passes at 50%)", a.Detail)

	// At the boundaries: authenticity at the floor, price equal to the
	// budget, share equal to the threshold and to 50% all pass.
	s.excl = exBudget
	for _, c := range m.constraints(q, s) {
		byName[c.Name] = c
	}
	assert.Equal(t, creatormatch.ConstraintFail, byName["budget"].Status)
	s.excl = 0
	s.match.Features.Authenticity.Value = 0.4
	s.match.Cost.PricePerPost = 800
	s.creator.Audience = &creatormatch.Audience{Gender: map[string]float64{"female": 0.6, "male": 0.4}, Age: map[string]float64{"18-24": 0.5, "25-34": 0.5}}
	s.match.Features.Brands = creatormatch.BrandAffinity{Brands: []creatormatch.BrandMention{{Brand: "acme", Posts: 1}}}
	s.match.Features.BrandSafety = creatormatch.BrandSafety{Flags: []creatormatch.SafetyFlag{{Category: "alcohol", Severity: 0.3}}}
	for _, c := range m.constraints(q, s) {
		byName[c.Name] = c
	}
	assert.Equal(t, creatormatch.ConstraintPass, byName["authenticity"].Status)
	assert.Equal(t, creatormatch.ConstraintPass, byName["budget"].Status)
	assert.Equal(t, creatormatch.ConstraintPass, byName["audience.gender"].Status)
	assert.Equal(t, creatormatch.ConstraintPass, byName["audience.age"].Status)
	assert.Equal(t, creatormatch.ConstraintFail, byName["competitors"].Status)
	assert.Equal(t, "promoted acme", byName["competitors"].Detail)
	assert.Equal(t, creatormatch.ConstraintFail, byName["brand_safety"].Status)
	assert.Equal(t, "flagged alcohol (severity 0.30)", byName["brand_safety"].Detail)
	s.match.Cost.PricePerPost = 0
	for _, c := range m.constraints(q, s) {
		byName[c.Name] = c
	}
	assert.Equal(t, creatormatch.ConstraintUnknown, byName["budget"].Status, "a zero price is no estimate")

	// A brief that asks nothing lists authenticity alone.
	only := m.constraints(&queryContext{}, s)
	require.Len(t, only, 1)
	assert.Equal(t, "authenticity", only[0].Name)

	s.match.Features.Authenticity.Confidence = 0
	s.match.Cost = nil
	s.creator.Audience = nil
	cs = m.constraints(q, s)
	for _, c := range cs {
		byName[c.Name] = c
	}
	assert.Equal(t, "no audience gender data; at least 60% female required", byName["audience.gender"].Detail)
	assert.Equal(t, creatormatch.ConstraintUnknown, byName["authenticity"].Status)
	assert.Equal(t, creatormatch.ConstraintUnknown, byName["budget"].Status)
	assert.Equal(t, creatormatch.ConstraintUnknown, byName["audience.gender"].Status)
	assert.Nil(t, byName["audience.gender"].Value)
	assert.Equal(t, creatormatch.ConstraintUnknown, byName["audience.age"].Status)
}

func niches(labels ...string) *creatormatch.Features {
	f := &creatormatch.Features{}
	conf := 1.0
	for _, l := range labels {
		f.Niches.Labels = append(f.Niches.Labels, creatormatch.NicheLabel{Niche: l, Confidence: conf})
		conf /= 2
	}
	return f
}

func TestNicheConsensus(t *testing.T) {
	mk := func(id string, sem, niche float64, f *creatormatch.Features) scored {
		s := scored{match: creatormatch.Match{CreatorID: id, Features: f}}
		s.sig[iSemantic], s.sig[iNiche] = sem, niche
		return s
	}
	out := []scored{
		mk("a", 0.99, 0.0, niches("plant_based")), // closest, but off the brief's topics: not read
		mk("b", 0.95, 1, niches("food")),
		mk("c", 0.90, 1, niches("food", "travel")),
		mk("d", 0.85, 0.5, niches("plant_based", "food")),
		mk("e", 0.80, 1, niches("food")),
		mk("f", 0.75, 1, niches("travel", "food")),
		mk("g", 0.70, 1, niches("travel")), // sixth: beyond the top five
	}
	share := nicheConsensus(out)
	// Top five among niche ≥ 0.5: b, c, d, e, f → food 3, plant_based 1, travel 1.
	assert.InDelta(t, 0.6, share["food"], 1e-12)
	assert.InDelta(t, 0.2, share["plant_based"], 1e-12)
	assert.InDelta(t, 0.2, share["travel"], 1e-12)
	// consensusOf = max over labels of share·conf/top.
	assert.InDelta(t, 0.6, consensusOf(share, niches("food")), 1e-12)
	assert.InDelta(t, 0.3, consensusOf(share, niches("sports", "food")), 1e-12) // 0.6·0.5
	assert.InDelta(t, 0.2, consensusOf(share, niches("plant_based")), 1e-12)
	assert.Zero(t, consensusOf(share, niches("gaming")))
	assert.Zero(t, consensusOf(share, nil))
	// relaxedOnly candidates are not read.
	out[1].cand.relaxedOnly = true
	assert.InDelta(t, 0.4, nicheConsensus(out)["food"], 1e-12)

	// Order is by semantic fit, not by id or input order; a candidate
	// without niches counts in the five but adds no niche.
	mixed := []scored{
		mk("z", 0.99, 1, niches("food")),
		mk("y", 0.98, 1, nil),
		mk("a", 0.10, 1, niches("travel")),
		mk("b", 0.20, 1, niches("travel")),
		mk("x", 0.97, 1, niches("food")),
		mk("w", 0.96, 1, niches("gaming")),
		mk("v", 0.95, 1, niches("gaming")),
	}
	mixed[1].match.Features = &creatormatch.Features{}
	share = nicheConsensus(mixed)
	assert.InDelta(t, 0.4, share["food"], 1e-12)
	assert.InDelta(t, 0.4, share["gaming"], 1e-12)
	assert.Zero(t, share["travel"])
	zero := niches("food")
	zero.Niches.Labels[0].Confidence = 0
	assert.Zero(t, consensusOf(share, zero), "a top label without confidence")
}

func TestRelativeAndScale(t *testing.T) {
	assert.InDelta(t, 0.5, relativeTo(0.4, 0.8), 1e-12)
	assert.Zero(t, relativeTo(0.4, 0))
	assert.Equal(t, 1.0, relativeTo(0.9, 0.8))
	pc := scaleCost(creatormatch.PlatformCost{PricePerPost: 100, CPE: 0.2, CPM: 10, ExpectedReach: 5000}, 0.5)
	assert.Equal(t, creatormatch.PlatformCost{PricePerPost: 50, CPE: 0.1, CPM: 5, ExpectedReach: 5000}, pc, "money fields only")
}

func TestAudienceMix(t *testing.T) {
	assert.Nil(t, audienceMix(nil))
	assert.Nil(t, audienceMix(&creatormatch.Audience{Languages: map[string]float64{"en": 1}}))
	mix := audienceMix(&creatormatch.Audience{
		Countries: map[string]float64{"US": 0.5, "GB": 0.2, "DE": 0.2, "FR": 0.1},
		Gender:    map[string]float64{"female": 0.7, "male": 0.3},
	})
	require.NotNil(t, mix)
	assert.Equal(t, []creatormatch.AudienceShare{{Key: "US", Share: 0.5}, {Key: "DE", Share: 0.2}, {Key: "GB", Share: 0.2}}, mix.Countries, "top three, ties by key")
	assert.Equal(t, []creatormatch.AudienceShare{{Key: "female", Share: 0.7}, {Key: "male", Share: 0.3}}, mix.Genders)
	assert.Empty(t, mix.Ages)
}

func opt(id string, cost, value float64) option {
	return option{s: scored{creator: &creatormatch.Creator{ID: id}, match: creatormatch.Match{CreatorID: id}}, cost: cost, value: value}
}

// TestPickSet: greedy by value per unit of cost, the best-single guard,
// the budget, the cap, and the overlap discount, on hand-worked sets.
func TestPickSet(t *testing.T) {
	ctx := context.Background()
	pick := func(opts []option, budget float64, k int) []string {
		t.Helper()
		c, err := pickSet(ctx, opts, budget, k)
		require.NoError(t, err)
		var out []string
		for _, j := range c.picks {
			out = append(out, opts[j].s.match.CreatorID)
		}
		return out
	}
	// Ratios: a 2, b 1.5, c 1; budget 300 takes a (100) and b (200).
	opts := []option{opt("a", 100, 200), opt("b", 200, 300), opt("c", 100, 100)}
	assert.Equal(t, []string{"b", "a"}, pick(opts, 300, 10), "picks reported by value")
	// Cap of one: a has the best ratio, but b alone is worth more: the guard.
	assert.Equal(t, []string{"b"}, pick(opts, 300, 1))
	// Budget 150: only one of a or c fits with the other; a (ratio 2).
	assert.Equal(t, []string{"a"}, pick(opts, 150, 10))
	// The guard: x alone (value 1000, cost 1000) beats y+z (ratio 2 and 1.9
	// but total 390); budget 1000.
	g := []option{opt("x", 1000, 1000), opt("y", 100, 200), opt("z", 100, 190)}
	assert.Equal(t, []string{"x"}, pick(g, 1000, 10))
	assert.Empty(t, pick(nil, 1000, 10))

	// Overlap: two identical audiences and vectors overlap fully (1·1), so
	// the second adds nothing; a distinct third is taken instead.
	aud := &creatormatch.Audience{Countries: map[string]float64{"US": 1}}
	other := &creatormatch.Audience{Countries: map[string]float64{"GB": 1}}
	o1, o2, o3 := opt("o1", 100, 300), opt("o2", 100, 290), opt("o3", 100, 100)
	o1.s.creator.Audience, o2.s.creator.Audience, o3.s.creator.Audience = aud, aud, other
	o1.vec, o2.vec, o3.vec = []float32{1, 0}, []float32{1, 0}, []float32{0, 1}
	c, err := pickSet(ctx, []option{o1, o2, o3}, 200, 10)
	require.NoError(t, err)
	assert.Equal(t, []int{0, 2}, c.picks)
	assert.InDelta(t, 1.0, c.overlap(0, 1), 1e-12)
	assert.InDelta(t, 0.0, c.overlap(0, 2), 1e-12)
	v, cost := c.total([]int{0, 1})
	assert.InDelta(t, 300, v, 1e-9, "the second identical pick adds 290·(1−1)")
	assert.Equal(t, 200.0, cost)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = pickSet(cctx, opts, 300, 10)
	assert.ErrorIs(t, err, context.Canceled, "the search checks its context")
}

// TestGreedyFill pins the greedy step on a hand-worked case where the
// overlap discount changes the order: a (ratio 3) first; then b's ratio
// falls to 250·(1−0.8)/100 = 0.5 behind c's 2; b last.
func TestGreedyFill(t *testing.T) {
	ctx := context.Background()
	us := &creatormatch.Audience{Countries: map[string]float64{"US": 1}}
	a, b, c := opt("a", 100, 300), opt("b", 100, 250), opt("c", 50, 100)
	a.s.creator.Audience, b.s.creator.Audience = us, us
	c.s.creator.Audience = &creatormatch.Audience{Countries: map[string]float64{"GB": 1}}
	a.vec, b.vec, c.vec = []float32{1, 0}, []float32{0.8, 0.6}, []float32{0, 1}
	ch := newChosen([]option{a, b, c})
	assert.InDelta(t, 0.8, ch.overlap(0, 1), 1e-6)
	used := make([]bool, 3)
	set, err := ch.fill(ctx, nil, used, 250, 10)
	require.NoError(t, err)
	assert.Equal(t, []int{0, 2, 1}, set)
	assert.Equal(t, []bool{true, true, true}, used)

	// The budget: 200 leaves no room for b after a and c.
	used = make([]bool, 3)
	set, _ = newChosen([]option{a, b, c}).fill(ctx, nil, used, 200, 10)
	assert.Equal(t, []int{0, 2}, set)
	// The cap.
	set, _ = newChosen([]option{a, b, c}).fill(ctx, nil, make([]bool, 3), 1000, 2)
	assert.Equal(t, []int{0, 2}, set)
	// A given start counts its cost: with a in and 100 left, only c fits.
	used = []bool{true, false, false}
	set, _ = newChosen([]option{a, b, c}).fill(ctx, []int{0}, used, 200, 10)
	assert.Equal(t, []int{0, 2}, set)
	// Ties go to the smaller id, whatever the order; no value, no pick.
	e, d, z := opt("e", 100, 200), opt("d", 100, 200), opt("z", 10, 0)
	set, _ = newChosen([]option{e, d, z}).fill(ctx, nil, make([]bool, 3), 100, 5)
	assert.Equal(t, []int{1}, set)
	set, _ = newChosen([]option{z}).fill(ctx, nil, make([]bool, 1), 100, 5)
	assert.Empty(t, set)
}

// TestPickSetWorkCap: many eligible creators and a large shortlist hit the
// swap work cap; the search stops, says so, and returns a full set within
// the budget.
func TestPickSetWorkCap(t *testing.T) {
	var opts []option
	for i := range 600 {
		o := opt(fmt.Sprintf("c%03d", i), float64(100+i%37), float64(1000+(i*7919)%1000))
		o.s.creator.Audience = &creatormatch.Audience{Countries: map[string]float64{fmt.Sprint(i): 1}} // disjoint: no overlap
		o.vec = []float32{float32(i%5) + 1, float32(i % 3)}
		opts = append(opts, o)
	}
	c, err := pickSet(context.Background(), opts, 1e9, 100)
	require.NoError(t, err)
	assert.True(t, c.stoppedEarly, "600 creators × 100 picks exceed maxSwapWork")
	assert.Len(t, c.picks, 100)
	small, err := pickSet(context.Background(), opts[:20], 1e9, 5)
	require.NoError(t, err)
	assert.False(t, small.stoppedEarly)
}

func TestShortNote(t *testing.T) {
	n := shortNote(3, 20, 5, 0.7, 100, 7, 80, 10, 3, false)
	assert.True(t, strings.HasPrefix(n, "3 of 20 picks: 5 of the 100 ranked creators considered were eligible (80 below the fit floor 0.70, 10 off brief, 3 without a price estimate); 7 more were excluded by the brief's hard rules"), n)
	assert.Contains(t, n, "the remaining eligible creators do not fit")
	assert.NotContains(t, shortNote(5, 20, 5, 0.7, 100, 0, 95, 0, 0, false), "remaining eligible")
	assert.NotContains(t, shortNote(5, 20, 5, 0.7, 100, 0, 95, 0, 0, false), "excluded")
	assert.Contains(t, shortNote(5, 20, 5, 0.7, 100, 0, 95, 0, 0, true), "work limit")
}
