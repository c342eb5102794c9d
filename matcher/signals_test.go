package matcher

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

// TestScoreOneSignals pins what scoreOne reads for each signal, with
// hand-computed values for one creator: the engagement and consistency
// signals are shrunk toward 0.5 by their confidence, semantic fit blends
// dense and lexical 0.75/0.25, and the score is Σ weight × signal.
func TestScoreOneSignals(t *testing.T) {
	m := New(nil, nil, nil, Config{}, nil)
	c := &creatormatch.Creator{ID: "c1", Accounts: []creatormatch.Account{{Platform: creatormatch.Instagram, Followers: 20000}},
		Features: &creatormatch.Features{
			Niches:         creatormatch.NicheFeature{Labels: []creatormatch.NicheLabel{{Niche: "food", Confidence: 0.8}, {Niche: "fitness", Confidence: 0.4}}},
			EngagementRate: creatormatch.EngagementRate{Percentile: 0.9, Confidence: 0.5},
			Consistency:    creatormatch.Consistency{Value: 0.2, Confidence: 0.25},
			Authenticity:   creatormatch.Authenticity{Value: 0.7},
			BrandSafety:    creatormatch.BrandSafety{Value: 0.95},
			Disclosure:     creatormatch.Disclosure{Value: 0.6},
		}}
	var w signalValues
	for i := range w {
		w[i] = float64(i+1) / 100
	}
	q := &queryContext{b: creatormatch.Brief{Topics: []string{"fitness"}, Goal: creatormatch.GoalConversion}, w: w, bestLex: 8, lexShare: features.DefaultLexicalShare, usdRate: map[string]float64{}, perUSD: 1}
	var out scored
	m.scoreOne(q, c, candidate{id: "c1", dense: 0.35, lexical: 2, inDense: true, inLexical: true}, &out)

	want := map[int]float64{
		iSemantic:     0.75*0.5 + 0.25*0.25, // dense (0.35−0.1)/0.5 = 0.5; lexical 2/8
		iNiche:        0.5,                  // 0.4 / 0.8
		iEngagement:   0.7,                  // 0.5·0.9 + 0.5·0.5
		iConsistency:  0.425,                // 0.25·0.2 + 0.75·0.5
		iAuthenticity: 0.7,
		iBrandSafety:  0.95,
		iDisclosure:   0.6,
		iCost:         0.5, // no price estimate: neutral
		iWorkedWithUs: 0.5, // no history with this workspace: neutral
	}
	score := 0.0
	for i := range numSignals {
		if v, ok := want[i]; ok {
			assert.InDelta(t, v, out.sig[i], 1e-12, SignalNames[i])
		}
		assert.InDelta(t, w[i]*out.sig[i], out.contrib[i], 1e-12, SignalNames[i])
		score += w[i] * out.sig[i]
	}
	assert.InDelta(t, score, out.match.Score, 1e-12)
	assert.InDelta(t, features.Shrink(0.9, 0.5), out.sig[iEngagement], 1e-12)

	// Hired before by the workspace: the signal is 1 and the score rises
	// by exactly its weight × (1 − 0.5).
	q.workedWithUs = map[string]*creatormatch.WorkedWithUs{"c1": {Hires: 1}}
	var hired scored
	m.scoreOne(q, c, candidate{id: "c1", dense: 0.35, lexical: 2, inDense: true, inLexical: true}, &hired)
	assert.InDelta(t, 1, hired.sig[iWorkedWithUs], 1e-12)
	assert.InDelta(t, out.match.Score+w[iWorkedWithUs]*0.5, hired.match.Score, 1e-12)
}

// TestBuyAccount: the largest account on an allowed platform within the
// follower bounds (both inclusive; max 0 is no bound), the first of equal
// ones, and the main (largest) account when none qualifies.
func TestBuyAccount(t *testing.T) {
	c := &creatormatch.Creator{ID: "c", Accounts: []creatormatch.Account{
		{Platform: creatormatch.Instagram, Handle: "ig", Followers: 50000},
		{Platform: creatormatch.TikTok, Handle: "tt", Followers: 8000},
		{Platform: creatormatch.YouTube, Handle: "yt", Followers: 8000},
	}}
	for _, tc := range []struct {
		name   string
		filter creatormatch.Filter
		want   string
	}{
		{"no filter: the largest", creatormatch.Filter{}, "ig"},
		{"a platform, no bound", creatormatch.Filter{Platforms: []creatormatch.Platform{creatormatch.TikTok}}, "tt"},
		{"max bound only", creatormatch.Filter{MaxFollowers: 10000}, "tt"}, // tt and yt tie at 8,000: the first
		{"min bound only", creatormatch.Filter{MinFollowers: 8000, Platforms: []creatormatch.Platform{creatormatch.YouTube}}, "yt"},
		{"max bound equal to the followers", creatormatch.Filter{MaxFollowers: 8000, Platforms: []creatormatch.Platform{creatormatch.YouTube}}, "yt"},
		{"min bound above every allowed account", creatormatch.Filter{MinFollowers: 8001, Platforms: []creatormatch.Platform{creatormatch.YouTube}}, "ig"},
		{"max bound below every allowed account", creatormatch.Filter{MaxFollowers: 7999}, "ig"},
	} {
		a := buyAccount(c, tc.filter)
		if assert.NotNil(t, a, tc.name) {
			assert.Equal(t, tc.want, a.Handle, tc.name)
		}
	}
	assert.Nil(t, buyAccount(&creatormatch.Creator{}, creatormatch.Filter{}), "no account at all")
}

// TestChooseCost: the bought account's platform's estimate, else the
// cheapest allowed platform's, else none.
func TestChooseCost(t *testing.T) {
	f := &creatormatch.Features{Cost: creatormatch.CostEstimate{PerPlatform: []creatormatch.PlatformCost{
		{Platform: creatormatch.Instagram, PricePerPost: 400},
		{Platform: creatormatch.TikTok, PricePerPost: 300},
	}}}
	ig := &creatormatch.Account{Platform: creatormatch.Instagram}
	yt := &creatormatch.Account{Platform: creatormatch.YouTube}
	pc, ok := chooseCost(f, ig, nil)
	assert.True(t, ok)
	assert.Equal(t, 400.0, pc.PricePerPost, "the bought account's platform, though not the cheapest")
	pc, ok = chooseCost(f, nil, nil)
	assert.True(t, ok)
	assert.Equal(t, 300.0, pc.PricePerPost, "no account: the cheapest")
	pc, ok = chooseCost(f, yt, []creatormatch.Platform{creatormatch.YouTube, creatormatch.Instagram})
	assert.True(t, ok)
	assert.Equal(t, 400.0, pc.PricePerPost, "no estimate for the account: the cheapest allowed")
	_, ok = chooseCost(f, yt, []creatormatch.Platform{creatormatch.YouTube})
	assert.False(t, ok, "no allowed platform priced")
	_, ok = chooseCost(&creatormatch.Features{}, ig, nil)
	assert.False(t, ok)
	tie := &creatormatch.Features{Cost: creatormatch.CostEstimate{PerPlatform: []creatormatch.PlatformCost{
		{Platform: creatormatch.TikTok, PricePerPost: 300},
		{Platform: creatormatch.YouTube, PricePerPost: 300},
	}}}
	pc, _ = chooseCost(tie, nil, nil)
	assert.Equal(t, creatormatch.TikTok, pc.Platform, "of equal prices the first")
}

// TestConsensusOfScalesByTop: share(l)·conf(l)/conf(top) with a top
// confidence other than 1 (0.6·0.8/0.8 = 0.6 beats 0.2·0.4/0.8 = 0.1).
func TestConsensusOfScalesByTop(t *testing.T) {
	share := map[string]float64{"food": 0.6, "travel": 0.2}
	f := &creatormatch.Features{Niches: creatormatch.NicheFeature{Labels: []creatormatch.NicheLabel{{Niche: "travel", Confidence: 0.8}, {Niche: "food", Confidence: 0.4}}}}
	assert.InDelta(t, 0.3, consensusOf(share, f), 1e-12) // max(0.2·0.8/0.8, 0.6·0.4/0.8) = max(0.2, 0.3)
	f.Niches.Labels[1].Niche = "gaming"
	assert.InDelta(t, 0.2, consensusOf(share, f), 1e-12)
}

// TestAudienceMixAnyDimension: one dimension with data is enough for a mix
// (the emptiness test adds the three counts).
func TestAudienceMixAnyDimension(t *testing.T) {
	mix := audienceMix(&creatormatch.Audience{Countries: map[string]float64{"US": 1}, Age: map[string]float64{"18-24": 1}})
	require.NotNil(t, mix)
	assert.Len(t, mix.Countries, 1)
	assert.Len(t, mix.Ages, 1)
	mix = audienceMix(&creatormatch.Audience{Age: map[string]float64{"18-24": 1}, Gender: map[string]float64{"female": 1}})
	require.NotNil(t, mix)
	assert.Len(t, mix.Genders, 1)
}

// TestScoreOneSemanticModes: semantic fit under each retrieval mode and
// fusion, for a candidate with dense similarity 0.35 and lexical score 2 of
// a best 8 (lexical fit 0.25), hand-computed.
func TestScoreOneSemanticModes(t *testing.T) {
	m := New(nil, nil, nil, Config{}, nil)
	c := &creatormatch.Creator{ID: "c1", Accounts: []creatormatch.Account{{Platform: creatormatch.Instagram, Followers: 20000}}}
	cand := candidate{id: "c1", dense: 0.35, lexical: 2, inDense: true, inLexical: true}
	rrf := func(dr, lr int) float64 { // (1/(60+dr) + 1/(60+lr)) · 61/2
		s := 0.0
		if dr > 0 {
			s += 1 / float64(60+dr)
		}
		if lr > 0 {
			s += 1 / float64(60+lr)
		}
		return s * 61 / 2
	}
	for _, tc := range []struct {
		name   string
		fusion string
		mode   Retrieval
		want   float64
	}{
		{"hybrid", "", RetrievalHybrid, 0.75*0.5 + 0.25*0.25}, // dense (0.35−0.1)/0.5 = 0.5
		{"dense", "", RetrievalDense, 0.5},
		{"lexical", "", RetrievalLexical, 0.25},
		{"minmax hybrid", "minmax", RetrievalHybrid, 0.75*0.375 + 0.25*0.25}, // (0.35−0.2)/(0.6−0.2) = 0.375
		{"minmax dense", "minmax", RetrievalDense, 0.375},
		{"minmax lexical", "minmax", RetrievalLexical, 0.25},
		{"rrf hybrid", "rrf", RetrievalHybrid, rrf(3, 10)},
		{"rrf dense", "rrf", RetrievalDense, rrf(3, 0)},
		{"rrf lexical", "rrf", RetrievalLexical, rrf(0, 10)},
	} {
		q := &queryContext{mode: tc.mode, fusion: tc.fusion, bestLex: 8, lexShare: features.DefaultLexicalShare, usdRate: map[string]float64{}, perUSD: 1,
			denseMin: 0.2, denseMax: 0.6, denseRank: map[string]int{"c1": 3}, lexRank: map[string]int{"c1": 10}}
		var out scored
		m.scoreOne(q, c, cand, &out)
		assert.InDelta(t, tc.want, out.sig[iSemantic], 1e-12, tc.name)
	}
	assert.InDelta(t, 0.919841, rrf(3, 10), 1e-6) // (1/63 + 1/70)·30.5
}

// TestScoreOneCost: the bought account's estimate in dollars gives the
// cost signal, is shown in the brief's currency, and a price above the
// budget scores 0 and excludes.
func TestScoreOneCost(t *testing.T) {
	m := New(nil, nil, nil, Config{}, nil)
	c := &creatormatch.Creator{ID: "c1", Accounts: []creatormatch.Account{{Platform: creatormatch.Instagram, Followers: 20000}},
		Features: &creatormatch.Features{Cost: creatormatch.CostEstimate{Currency: "EUR", PerPlatform: []creatormatch.PlatformCost{
			{Platform: creatormatch.Instagram, PricePerPost: 500, CPE: 0.25, CPM: 10},
		}}}}
	// EUR 1.08 per unit: $540 a post, CPE $0.27 → 0.2/(0.2+0.27).
	q := &queryContext{b: creatormatch.Brief{Goal: creatormatch.GoalConversion}, usdRate: map[string]float64{}, perUSD: 2}
	var out scored
	m.scoreOne(q, c, candidate{id: "c1"}, &out)
	assert.InDelta(t, 0.2/0.47, out.sig[iCost], 1e-12)
	require.NotNil(t, out.match.Cost)
	assert.InDelta(t, 1080, out.match.Cost.PricePerPost, 1e-9, "shown at 2 units per dollar")
	assert.InDelta(t, 0.54, out.match.Cost.CPE, 1e-12)
	assert.Zero(t, out.excl&exBudget)

	q.budgetUSD = 539
	m.scoreOne(q, c, candidate{id: "c1"}, &out)
	assert.Zero(t, out.sig[iCost])
	assert.NotZero(t, out.excl&exBudget)
	q.budgetUSD = 540
	m.scoreOne(q, c, candidate{id: "c1"}, &out)
	assert.Zero(t, out.excl&exBudget, "a price equal to the budget is within it")

	m.scoreOne(q, &creatormatch.Creator{ID: "c2"}, candidate{id: "c2"}, &out)
	assert.Equal(t, 0.5, out.sig[iCost], "no estimate: neutral")
	assert.Nil(t, out.match.Cost)
}
