package eval

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/matcher"
)

// TestIsotonicPAV: pool adjacent violators on a hand-worked sequence.
func TestIsotonicPAV(t *testing.T) {
	// p ascending with y = 1, 0, 1, 1, 0: blocks {1}, then 0 < 1 pools
	// the first two at y 0.5 (p 0.15), then 1, then 1,0 pools at 0.5 which
	// violates 1 before it: pools {1,1,0} at y 2/3, mean p 0.4.
	p := []float64{0.1, 0.2, 0.3, 0.4, 0.5}
	y := []float64{1, 0, 1, 1, 0}
	got := Isotonic(p, y)
	require.Len(t, got, 2)
	assert.InDelta(t, 0.15, got[0].X, 1e-12)
	assert.InDelta(t, 0.5, got[0].Y, 1e-12)
	assert.InDelta(t, 0.4, got[1].X, 1e-12)
	assert.InDelta(t, 2.0/3, got[1].Y, 1e-12)
	// Ties in p pool first: two points at 0.5 with labels 0 and 1 give one
	// knot (0.5, 0.5); input order does not matter.
	got = Isotonic([]float64{0.5, 0.2, 0.5}, []float64{1, 0, 0})
	assert.Equal(t, []matcher.CalPoint{{X: 0.2, Y: 0}, {X: 0.5, Y: 0.5}}, got)
	// Already monotone: one knot per distinct p.
	assert.Len(t, Isotonic([]float64{0.1, 0.2, 0.3}, []float64{0, 0, 1}), 3)
}

// TestReliabilityECE: hand-computed bins and error.
func TestReliabilityECE(t *testing.T) {
	pred := []float64{0.05, 0.05, 0.95, 0.95, 0.95, 0.95, 1.0, 0.5}
	label := []bool{false, true, true, true, true, false, true, true}
	bins := Reliability(pred, label, 10)
	require.Len(t, bins, 10)
	assert.Equal(t, 2, bins[0].N)
	assert.InDelta(t, 0.05, bins[0].MeanFit, 1e-12)
	assert.InDelta(t, 0.5, bins[0].Observed, 1e-12)
	assert.Equal(t, 1, bins[5].N, "0.5 falls in [0.5, 0.6)")
	assert.Equal(t, 5, bins[9].N, "1.0 falls in the last bin")
	assert.InDelta(t, 0.96, bins[9].MeanFit, 1e-12) // (4·0.95 + 1)/5
	assert.InDelta(t, 0.8, bins[9].Observed, 1e-12)
	// ECE = 2/8·|0.5−0.05| + 1/8·|1−0.5| + 5/8·|0.8−0.96| = 0.1125 + 0.0625 + 0.1.
	assert.InDelta(t, 0.275, ECE(bins), 1e-12)
	assert.Zero(t, ECE(Reliability(nil, nil, 10)))
	assert.Contains(t, ReliabilityMarkdown(bins), "| 0.9–1.0 | 5 | 0.960 | 0.800 |")
}

// TestLogistic: on data generated from a known logistic model with many
// repeats, Newton's method recovers the weights; on separable data the
// ridge keeps them finite.
func TestLogistic(t *testing.T) {
	// Exact expected counts: at x, n·σ(−1 + 2x) positives out of n.
	var x [][]float64
	var y []float64
	for _, xi := range []float64{0, 0.25, 0.5, 0.75, 1} {
		p := 1 / (1 + math.Exp(-(-1 + 2*xi)))
		n := 10000
		pos := int(math.Round(p * float64(n)))
		for i := range n {
			x = append(x, []float64{xi})
			if i < pos {
				y = append(y, 1)
			} else {
				y = append(y, 0)
			}
		}
	}
	w, err := logistic(x, y)
	require.NoError(t, err)
	assert.InDelta(t, -1, w[0], 0.01)
	assert.InDelta(t, 2, w[1], 0.01)

	w, err = logistic([][]float64{{0}, {0}, {1}, {1}}, []float64{0, 0, 1, 1})
	require.NoError(t, err)
	assert.False(t, math.IsInf(w[1], 0) || math.IsNaN(w[1]))
	assert.Positive(t, w[1])

	// The ridge also keeps collinear inputs solvable.
	_, err = logistic([][]float64{{1, 2}, {2, 4}, {3, 6}}, []float64{0, 1, 1})
	assert.NoError(t, err)

	x2, err := solve([][]float64{{2, 1}, {1, 3}}, []float64{3, 5}) // x = 0.8, y = 1.4
	require.NoError(t, err)
	assert.InDelta(t, 0.8, x2[0], 1e-12)
	assert.InDelta(t, 1.4, x2[1], 1e-12)
	_, err = solve([][]float64{{1, 2}, {2, 4}}, []float64{1, 2})
	assert.Error(t, err, "a singular system")
}

// TestFitCalibration: the cross-fit never predicts a query with a map that
// saw it, the shipped map is fitted on every pair, and a well-separated
// input gives a small held-out error.
func TestFitCalibration(t *testing.T) {
	var pairs []CalPair
	for q := range 40 {
		for i := range 50 {
			s := float64(i) / 49
			pairs = append(pairs, CalPair{
				Dataset: "d", Query: fmt.Sprintf("q%d", q), Creator: fmt.Sprint(i),
				Signals: map[string]float64{matcher.SignalSemantic: s},
				Label:   (i*7+q)%50 < int(50*s), // on-brief with probability ≈ s
			})
		}
	}
	fit, err := FitCalibration(pairs, []string{matcher.SignalSemantic}, "v", matcher.CalProvenance{})
	require.NoError(t, err)
	assert.Equal(t, "v", fit.Map.Version)
	assert.Equal(t, len(pairs), fit.Map.Provenance.Pairs)
	assert.Equal(t, []string{"d"}, fit.Map.Provenance.Datasets)
	assert.Less(t, fit.ECE["d"], 0.05)
	assert.Equal(t, fit.ECE["d"], ECE(fit.Reliability["d"]))
	assert.InDelta(t, fit.ECE["d"], fit.Map.Provenance.ECE["d"], 1e-4)
	// Fit rises with the input.
	assert.Less(t, fit.Map.Fit(map[string]float64{matcher.SignalSemantic: 0.1}), fit.Map.Fit(map[string]float64{matcher.SignalSemantic: 0.9}))

	_, err = FitCalibration(pairs[:10], []string{matcher.SignalSemantic}, "v", matcher.CalProvenance{})
	assert.Error(t, err, "too few pairs")
}

func TestCheckFit(t *testing.T) {
	run := Rankings{"q1": {{DocID: "a", Score: 1, Fit: 0.95}, {DocID: "b", Score: 0.5, Fit: 0.05}}, "q2": {{DocID: "c", Score: 1, Fit: 0.95}}}
	qrels := Qrels{"q1": {"a": 2, "b": 0}, "q2": {"c": 0}}
	c := checkFit(run, qrels, []string{"q1", "q2"})
	require.NotNil(t, c)
	assert.Equal(t, 3, c.Results)
	// Bin 0: fit 0.05, observed 0; bin 9: fit 0.95, observed 0.5.
	// ECE = 1/3·0.05 + 2/3·0.45 = 0.31666…
	assert.InDelta(t, 0.05/3+0.9/3, c.ECE, 1e-12)
	assert.Nil(t, checkFit(Rankings{"q1": {{DocID: "a", Score: 1}}}, qrels, []string{"q1"}), "runs without fit are not checked")
}
