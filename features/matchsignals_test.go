package features

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/creatormatch/creatormatch"
)

// TestSemanticFit pins the formula with hand-computed values:
//
//	dense = clamp((0.5·profile + 0.5·mean(posts) − 0.10) / 0.50), or the
//	        profile alone without posts
//	fit   = 0.75·dense + 0.25·lexical, or dense alone without lexical
func TestSemanticFit(t *testing.T) {
	for _, tc := range []struct {
		name       string
		profile    float64
		posts      []float64
		lexical    float64
		hasLexical bool
		want       float64
	}{
		{"profile only, dense mode", 0.35, nil, 0, false, 0.5},                           // (0.35−0.1)/0.5
		{"profile and lexical", 0.35, nil, 0.8, true, 0.75*0.5 + 0.25*0.8},               // 0.575
		{"posts averaged with the profile", 0.30, []float64{0.6, 0.4}, 0, false, 0.6},    // (0.5·0.3+0.5·0.5−0.1)/0.5
		{"one post", 0.20, []float64{0.5}, 0, false, 0.5},                                // (0.1+0.25−0.1)/0.5
		{"posts and lexical", 0.30, []float64{0.6, 0.4}, 0.2, true, 0.75*0.6 + 0.25*0.2}, // 0.5
		{"below the floor", 0.05, nil, 0, false, 0},
		{"above the ceiling", 0.9, []float64{0.9}, 0, false, 1},
		{"lexical clamped", 0.35, nil, 1.7, true, 0.75*0.5 + 0.25},
		{"negative lexical clamped", 0.35, nil, -0.4, true, 0.75 * 0.5},
	} {
		assert.InDelta(t, tc.want, SemanticFit(tc.profile, tc.posts, tc.lexical, tc.hasLexical), 1e-12, tc.name)
	}
}

// TestLexicalFit: score over the best score, clamped, 0 without either.
func TestLexicalFit(t *testing.T) {
	assert.InDelta(t, 0.25, LexicalFit(2, 8), 1e-12)
	assert.Equal(t, 1.0, LexicalFit(9, 8))
	assert.Equal(t, 0.0, LexicalFit(0, 8))
	assert.Equal(t, 0.0, LexicalFit(3, 0))
	assert.Equal(t, 0.0, LexicalFit(-1, 8))
}

// TestFusionFormulas pins the evaluation-only fusions (matcher
// Request.Fusion) with hand-computed values.
func TestFusionFormulas(t *testing.T) {
	// DenseSim: the profile alone, or 0.5·profile + 0.5·mean(posts).
	assert.InDelta(t, 0.42, DenseSim(0.42, nil), 1e-12)
	assert.InDelta(t, 0.5*0.4+0.5*(0.6+0.2)/2, DenseSim(0.4, []float64{0.6, 0.2}), 1e-12) // 0.40
	assert.InDelta(t, 0.5*0.3+0.5*0.7, DenseSim(0.3, []float64{0.7}), 1e-12)              // 0.50

	// MinMax: (x − lo)/(hi − lo), clamped, 1 on an empty range.
	assert.InDelta(t, 0.25, MinMax(0.3, 0.2, 0.6), 1e-12)
	assert.InDelta(t, 0.0, MinMax(0.1, 0.2, 0.6), 1e-12)
	assert.InDelta(t, 1.0, MinMax(0.7, 0.2, 0.6), 1e-12)
	assert.InDelta(t, 1.0, MinMax(0.4, 0.4, 0.4), 1e-12)

	// RRF with k = 60, scaled by (k+1)/2: first in both is 1.
	assert.InDelta(t, 1.0, RRF(1, 1), 1e-12)
	assert.InDelta(t, 0.5, RRF(1, 0), 1e-12)
	assert.InDelta(t, (1.0/63+1.0/70)*61/2, RRF(3, 10), 1e-12) // 0.9198
	assert.InDelta(t, 0.0, RRF(0, 0), 1e-12)
}

func TestWorkedWithUs(t *testing.T) {
	assert.InDelta(t, 0.5, WorkedWithUs(nil), 1e-12)
	assert.InDelta(t, 0.5, WorkedWithUs(&creatormatch.WorkedWithUs{}), 1e-12)
	assert.InDelta(t, 1.0, WorkedWithUs(&creatormatch.WorkedWithUs{Hires: 1}), 1e-12)
	assert.InDelta(t, 1.0, WorkedWithUs(&creatormatch.WorkedWithUs{Results: 2}), 1e-12)
}

// TestCosine: hand-computed similarities, and 0 for vectors it cannot
// compare.
func TestCosine(t *testing.T) {
	assert.InDelta(t, 1, Cosine([]float32{1, 2}, []float32{2, 4}), 1e-12)
	assert.InDelta(t, 0, Cosine([]float32{1, 0}, []float32{0, 3}), 1e-12)
	assert.InDelta(t, -1, Cosine([]float32{1, 1}, []float32{-2, -2}), 1e-12)
	// (3·4 + 4·0) / (5·4) = 0.6
	assert.InDelta(t, 0.6, Cosine([]float32{3, 4}, []float32{4, 0}), 1e-12)
	assert.Equal(t, 0.0, Cosine(nil, nil))
	assert.Equal(t, 0.0, Cosine([]float32{1}, []float32{1, 2}))
	assert.Equal(t, 0.0, Cosine([]float32{0, 0}, []float32{1, 2}))
	assert.Equal(t, 0.0, Cosine([]float32{1, 2}, []float32{0, 0}))
}

// TestNicheMatch: conf(topic) / conf(top label), best topic, 0.5 without
// topics or labels.
func TestNicheMatch(t *testing.T) {
	labels := []creatormatch.NicheLabel{{Niche: "food", Confidence: 0.8}, {Niche: "fitness", Confidence: 0.4}, {Niche: "travel", Confidence: 0.2}}
	for _, tc := range []struct {
		name   string
		labels []creatormatch.NicheLabel
		topics []string
		want   float64
	}{
		{"top label", labels, []string{"food"}, 1},
		{"second label", labels, []string{"fitness"}, 0.5},                 // 0.4 / 0.8
		{"best of two topics", labels, []string{"travel", "fitness"}, 0.5}, // max(0.25, 0.5)
		{"third label", labels, []string{"travel"}, 0.25},                  // 0.2 / 0.8
		{"case-insensitive", labels, []string{"FITNESS"}, 0.5},
		{"absent", labels, []string{"gaming"}, 0},
		{"no topics", labels, nil, 0.5},
		{"no labels", nil, []string{"food"}, 0.5},
		{"zero top confidence", []creatormatch.NicheLabel{{Niche: "food", Confidence: 0}}, []string{"food"}, 0},
		// conf/top would be 0.5/0 = +Inf: a top label without confidence
		// scores 0 whatever the others say.
		{"zero top confidence, topic second", []creatormatch.NicheLabel{{Niche: "food", Confidence: 0}, {Niche: "fitness", Confidence: 0.5}}, []string{"fitness"}, 0},
	} {
		assert.InDelta(t, tc.want, NicheMatch(tc.labels, tc.topics), 1e-12, tc.name)
	}
}

// TestCostEfficiency: Ref/(Ref+cost) with ReferenceCPE $0.20 and
// ReferenceCPM $10, 0 above the budget, 0.5 without an estimate.
func TestCostEfficiency(t *testing.T) {
	pc := func(price, cpe, cpm float64) creatormatch.PlatformCost {
		return creatormatch.PlatformCost{PricePerPost: price, CPE: cpe, CPM: cpm}
	}
	for _, tc := range []struct {
		name   string
		pc     creatormatch.PlatformCost
		ok     bool
		goal   creatormatch.Goal
		budget float64
		want   float64
		fits   bool
	}{
		{"CPE at the reference", pc(500, 0.20, 8), true, creatormatch.GoalConversion, 0, 0.5, true},
		{"CPE half the reference", pc(500, 0.10, 8), true, creatormatch.GoalLaunch, 0, 0.2 / 0.3, true},
		{"CPE twice the reference", pc(500, 0.40, 8), true, creatormatch.GoalCommunity, 0, 0.2 / 0.6, true},
		{"CPE 0.30", pc(500, 0.30, 8), true, creatormatch.GoalConversion, 0, 0.4, true}, // 0.2 / 0.5
		{"awareness reads CPM", pc(500, 0.40, 10), true, creatormatch.GoalAwareness, 0, 0.5, true},
		{"awareness CPM 30", pc(500, 0.10, 30), true, creatormatch.GoalAwareness, 0, 0.25, true}, // 10 / 40
		{"above the budget", pc(500, 0.10, 8), true, creatormatch.GoalConversion, 499, 0, false},
		{"within the budget", pc(500, 0.20, 8), true, creatormatch.GoalConversion, 500, 0.5, true},
		{"no estimate", pc(0, 0, 0), false, creatormatch.GoalConversion, 100, 0.5, true},
		{"zero price is no estimate", pc(0, 0.30, 8), true, creatormatch.GoalConversion, 0, 0.5, true}, // not 0.2/0.5
		{"no CPE", pc(500, 0, 8), true, creatormatch.GoalConversion, 0, 0.5, true},
		{"no CPM", pc(500, 0.2, 0), true, creatormatch.GoalAwareness, 0, 0.5, true},
	} {
		got, fits := CostEfficiency(tc.pc, tc.ok, tc.goal, tc.budget)
		assert.InDelta(t, tc.want, got, 1e-12, tc.name)
		assert.Equal(t, tc.fits, fits, tc.name)
	}
}

// TestShrink: c·value + (1−c)·0.5, inputs clamped.
func TestShrink(t *testing.T) {
	for _, tc := range []struct{ v, c, want float64 }{
		{0.9, 1, 0.9}, {0.9, 0, 0.5}, {0.9, 0.5, 0.7}, {0.1, 0.25, 0.4}, // 0.025 + 0.375
		{1.4, 1, 1}, {0.9, 2, 0.9}, {0.9, -1, 0.5},
	} {
		assert.InDelta(t, tc.want, Shrink(tc.v, tc.c), 1e-12, "Shrink(%v, %v)", tc.v, tc.c)
	}
}

// TestToUSD: the table's rates; empty is USD; unknown is false.
func TestToUSD(t *testing.T) {
	for _, tc := range []struct {
		amount   float64
		currency string
		want     float64
		ok       bool
	}{
		{100, "", 100, true}, {100, "USD", 100, true}, {100, "EUR", 108, true}, {100, "gbp", 127, true},
		{1000, "JPY", 6.7, true}, {100, "XYZ", 0, false},
	} {
		got, ok := ToUSD(tc.amount, tc.currency)
		assert.Equal(t, tc.ok, ok, tc.currency)
		assert.InDelta(t, tc.want, got, 1e-9, tc.currency)
	}
}

// TestAudienceOverlap: max(0, contentSim) × mean Bhattacharyya coefficient
// over the dimensions both audiences have; 0.5 when unknown.
func TestAudienceOverlap(t *testing.T) {
	a := &creatormatch.Audience{Countries: map[string]float64{"US": 0.5, "GB": 0.5}, Gender: map[string]float64{"female": 1}}
	b := &creatormatch.Audience{Countries: map[string]float64{"US": 0.5, "CA": 0.5}, Gender: map[string]float64{"female": 0.25, "male": 0.75}}
	// countries: √(0.5·0.5) = 0.5; gender: √(1·0.25) = 0.5; age: absent.
	assert.InDelta(t, 0.8*0.5, AudienceOverlap(a, b, 0.8), 1e-12)
	assert.InDelta(t, 0.8*1, AudienceOverlap(a, a, 0.8), 1e-12, "the same audience")
	assert.InDelta(t, 0.8*0.5, AudienceOverlap(nil, b, 0.8), 1e-12, "unknown audience is 0.5")
	assert.InDelta(t, 0.6*0.5, AudienceOverlap(&creatormatch.Audience{}, &creatormatch.Audience{Age: map[string]float64{"18-24": 1}}, 0.6), 1e-12, "no shared dimension")
	assert.Equal(t, 0.0, AudienceOverlap(a, a, -0.3), "opposite content does not overlap")
	disjoint := &creatormatch.Audience{Countries: map[string]float64{"JP": 1}}
	assert.Equal(t, 0.0, AudienceOverlap(a, disjoint, 0.9))
}

// TestExchangeRate: codes are trimmed and upper-cased, empty is USD,
// unknown is false.
func TestExchangeRate(t *testing.T) {
	r, ok := ExchangeRate("")
	assert.True(t, ok)
	assert.Equal(t, "USD", r.Currency)
	assert.Equal(t, 1.0, r.USDPerUnit)
	r, ok = ExchangeRate(" eur ")
	assert.True(t, ok)
	assert.Equal(t, "EUR", r.Currency)
	assert.Equal(t, 1.08, r.USDPerUnit)
	assert.Equal(t, RatesAsOf, r.AsOf)
	_, ok = ExchangeRate("XYZ")
	assert.False(t, ok)
}
