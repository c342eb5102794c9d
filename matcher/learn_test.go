package matcher

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
)

// TestLearnStep pins one step of the model on two-signal examples
// computed by hand (see the model in learn.go).
func TestLearnStep(t *testing.T) {
	for _, tc := range []struct {
		name      string
		w, w0     []float64
		pairs     []Pair
		cfg       LearnConfig
		want      []float64
		rationale string
	}{
		{
			name: "gradient step",
			w:    []float64{0.5, 0.5}, w0: []float64{0.5, 0.5},
			pairs: []Pair{{Preferred: []float64{1, 0}, Passed: []float64{0, 1}}},
			cfg:   LearnConfig{Scale: 2, Lambda: 1},
			// d = (1,-1), w·d = 0, σ(0) = 0.5: ∇ = -2·0.5·d = (-1, 1);
			// K = 1 + 4/4·2 = 3, η = 1/3: w = (0.5+1/3, 0.5-1/3), sum 1.
			want: []float64{0.5 + 1.0/3, 0.5 - 1.0/3},
		},
		{
			name: "regularisation pull",
			w:    []float64{0.8, 0.2}, w0: []float64{0.5, 0.5},
			cfg: LearnConfig{Scale: 2, Lambda: 1, Rate: 0.5},
			// No pairs: ∇ = λ(w - w0) = (0.3, -0.3); η = 0.5.
			want: []float64{0.65, 0.35},
		},
		{
			name: "non-negative and normalised",
			w:    []float64{0.05, 0.95}, w0: []float64{0.05, 0.95},
			pairs: []Pair{{Preferred: []float64{0, 1}, Passed: []float64{1, 0}}},
			cfg:   LearnConfig{Scale: 2, Lambda: 1, Rate: 1},
			// d = (-1,1), w·d = 0.9, g = 2σ(-1.8) = 0.28370:
			// w - ∇ = (0.05-0.2837, 0.95+0.2837) = (-0.2337, 1.2337)
			// → clamp (0, 1.2337) → normalise (0, 1).
			want: []float64{0, 1},
		},
		{
			name: "normalisation of an unnormalised result",
			w:    []float64{0.5, 0.5}, w0: []float64{0.5, 0.5},
			pairs: []Pair{{Preferred: []float64{1, 1}, Passed: []float64{0, 0}}},
			cfg:   LearnConfig{Scale: 2, Lambda: 1, Rate: 0.5},
			// d = (1,1), w·d = 1, g = 2σ(-2) = 0.238406: w - 0.5·(-g,-g) =
			// (0.619203, 0.619203) → normalise (0.5, 0.5).
			want: []float64{0.5, 0.5},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := learnStep(tc.w, tc.w0, tc.pairs, tc.cfg)
			require.Len(t, got, len(tc.want))
			for i := range got {
				assert.InDelta(t, tc.want[i], got[i], 1e-9, "signal %d", i)
			}
		})
	}
}

// TestLearnFewEventsBarelyMove checks the regulariser: no pairs return
// the preset, a few pairs move it a little, many pairs move it more, and
// learned weights are non-negative and sum to 1.
func TestLearnFewEventsBarelyMove(t *testing.T) {
	prior := Presets[creatormatch.GoalLaunch]
	assert.InDeltaMapValues(t, prior, Learn(prior, nil, LearnConfig{}), 1e-12)

	// The preferred creator is better on engagement only.
	pair := func() Pair {
		p, n := make([]float64, len(SignalNames)), make([]float64, len(SignalNames))
		for i := range p {
			p[i], n[i] = 0.5, 0.5
		}
		p[3], n[3] = 0.9, 0.1 // engagement
		return Pair{p, n}
	}
	many := make([]Pair, 200)
	for i := range many {
		many[i] = pair()
	}
	few := Learn(prior, many[:2], LearnConfig{})
	lots := Learn(prior, many, LearnConfig{})
	for _, w := range []Weights{few, lots} {
		sum := 0.0
		for _, k := range SignalNames {
			assert.GreaterOrEqual(t, w[k], 0.0)
			sum += w[k]
		}
		assert.InDelta(t, 1, sum, 1e-9)
	}
	moveFew := few[SignalEngagement] - prior[SignalEngagement]
	moveLots := lots[SignalEngagement] - prior[SignalEngagement]
	assert.Greater(t, moveFew, 0.0)
	assert.Less(t, moveFew, 0.02, "two pairs barely move the weights")
	assert.Greater(t, moveLots, 5*moveFew, "many pairs move them more")
}

func TestGrade(t *testing.T) {
	ev := func(kinds ...creatormatch.FeedbackKind) []creatormatch.FeedbackEvent {
		var out []creatormatch.FeedbackEvent
		for _, k := range kinds {
			out = append(out, creatormatch.FeedbackEvent{Kind: k})
		}
		return out
	}
	for _, tc := range []struct {
		events []creatormatch.FeedbackEvent
		grade  int
		ok     bool
	}{
		{ev(creatormatch.FeedbackShown), GradeShownOnly, true},
		{ev(creatormatch.FeedbackShown, creatormatch.FeedbackOpened), GradeOpened, true},
		{ev(creatormatch.FeedbackShown, creatormatch.FeedbackShortlisted), GradeEngaged, true},
		{ev(creatormatch.FeedbackShortlisted, creatormatch.FeedbackRejected), GradePassed, true},
		{ev(creatormatch.FeedbackShown, creatormatch.FeedbackDismissed), GradePassed, true},
		{ev(creatormatch.FeedbackRejected, creatormatch.FeedbackHired), GradeHired, true},
		{[]creatormatch.FeedbackEvent{{Kind: creatormatch.FeedbackCampaignResult, Metrics: map[string]float64{"sales": 0, "clicks": 0}}}, GradeOpened, true},
		{[]creatormatch.FeedbackEvent{{Kind: creatormatch.FeedbackCampaignResult, Metrics: map[string]float64{"sales": 3}}}, GradeEngaged, true},
		{nil, -1, false},
	} {
		g, ok := Grade(tc.events)
		assert.Equal(t, tc.grade, g, "%v", tc.events)
		assert.Equal(t, tc.ok, ok)
	}
}

func TestJudgedPairs(t *testing.T) {
	j := Judged{
		Grades:  map[string]int{"a": GradeHired, "b": GradeShownOnly, "c": GradePassed, "d": GradeShownOnly},
		Signals: map[string][]float64{"a": {1}, "b": {2}, "c": {3}, "d": {4}},
	}
	// a≻b, a≻c, a≻d, b≻c, d≻c; the widest gaps first.
	got := j.Pairs(0)
	require.Len(t, got, 5)
	assert.Equal(t, Pair{[]float64{1}, []float64{3}}, got[0])
	assert.Len(t, j.Pairs(2), 2)
}

func TestLearnedFrom(t *testing.T) {
	cur := map[creatormatch.Goal]creatormatch.WeightVersion{
		creatormatch.GoalLaunch:     {Goal: creatormatch.GoalLaunch, Version: 3, Status: creatormatch.WeightsServed, Weights: map[string]float64{SignalEngagement: 0.5, SignalSemantic: 0.5, "retired_signal": 0.2}},
		creatormatch.GoalAwareness:  {Goal: creatormatch.GoalAwareness, Version: 2, Status: creatormatch.WeightsReset},
		creatormatch.GoalConversion: {Goal: creatormatch.GoalConversion, Version: 1, Status: creatormatch.WeightsServed, Weights: map[string]float64{"retired_signal": 1}},
	}
	got := LearnedFrom(cur)
	assert.Equal(t, map[creatormatch.Goal]LearnedWeights{
		creatormatch.GoalLaunch:     {Weights: Weights{SignalEngagement: 0.5, SignalSemantic: 0.5}, Version: "launch/v3"},
		creatormatch.GoalConversion: {Weights: Weights{}, Version: "conversion/v1"},
	}, got, "a reset serves the preset; signals this build does not know are dropped")
	w, err := ResolveWeights(creatormatch.GoalLaunch, got[creatormatch.GoalLaunch].Weights)
	require.NoError(t, err)
	// The other seven keep their launch presets (sum 1 − 0.40 − 0.09 =
	// 0.51), then all are normalised: 0.5 / (0.5 + 0.5 + 0.51).
	assert.InDelta(t, 0.5/1.51, w[SignalEngagement], 1e-12)
}
