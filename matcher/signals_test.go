package matcher

import (
	"testing"

	"github.com/stretchr/testify/assert"

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
