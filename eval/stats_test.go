package eval

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Student's (1908) sleep data, as in R's datasets::sleep: extra hours of
// sleep of ten patients under two drugs. R's
// t.test(extra ~ group, data = sleep, paired = TRUE) reports
// t = -4.0621, df = 9, p-value = 0.002833.
var (
	sleep1 = []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
	sleep2 = []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}
)

func TestPairedTTestKnownValue(t *testing.T) {
	r := PairedTTest(sleep1, sleep2)
	assert.Equal(t, 10, r.N)
	assert.Equal(t, 9, r.DF)
	assert.InDelta(t, -1.58, r.Mean, 1e-12)
	assert.InDelta(t, -4.0621, r.T, 1e-4)
	assert.InDelta(t, 0.002833, r.P, 1e-4)
	// Symmetric in direction.
	assert.InDelta(t, r.P, PairedTTest(sleep2, sleep1).P, 1e-15)

	// Degenerate cases.
	assert.Equal(t, 1.0, PairedTTest([]float64{1, 2}, []float64{1, 2}).P, "no difference")
	assert.Equal(t, 0.0, PairedTTest([]float64{2, 3}, []float64{1, 2}).P, "constant non-zero difference")
	assert.Equal(t, 1.0, PairedTTest([]float64{1}, []float64{0}).P, "one pair")
	// NaN pairs are dropped.
	assert.Equal(t, 10, PairedTTest(append(sleep1, math.NaN()), append(sleep2, 1)).N)
}

func TestHolmKnownSet(t *testing.T) {
	// R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
	got := Holm([]float64{0.01, 0.04, 0.03, 0.005})
	want := []float64{0.03, 0.06, 0.06, 0.02}
	for i := range want {
		assert.InDelta(t, want[i], got[i], 1e-12, "p[%d]", i)
	}
	// Capped at 1, monotone.
	got = Holm([]float64{0.5, 0.6, 0.01})
	assert.InDeltaSlice(t, []float64{1, 1, 0.03}, got, 1e-12)
	assert.Empty(t, Holm(nil))
}

func TestBootstrapCIDeterministic(t *testing.T) {
	d := make([]float64, len(sleep1))
	for i := range d {
		d[i] = sleep2[i] - sleep1[i]
	}
	lo1, hi1 := BootstrapCI(d, 2000, 0.95, 7)
	lo2, hi2 := BootstrapCI(d, 2000, 0.95, 7)
	assert.Equal(t, lo1, lo2)
	assert.Equal(t, hi1, hi2)
	lo3, hi3 := BootstrapCI(d, 2000, 0.95, 8)
	assert.False(t, lo1 == lo3 && hi1 == hi3, "another seed resamples differently")
	assert.Less(t, lo1, 1.58)
	assert.Greater(t, hi1, 1.58)
	assert.Greater(t, lo1, 0.5, "the sleep effect's CI excludes 0 comfortably")
	assert.Less(t, hi1, 2.8)
	// A constant sample has a degenerate interval.
	lo, hi := BootstrapCI([]float64{0.2, 0.2, 0.2}, 500, 0.95, 1)
	assert.InDelta(t, 0.2, lo, 1e-12)
	assert.InDelta(t, 0.2, hi, 1e-12)
}

func TestRandomizationCloseToTTest(t *testing.T) {
	// 50 normal-ish paired differences (seeded): the sign-flip test and the
	// t-test should agree closely.
	r := rand.New(rand.NewPCG(3, 4))
	a, b := make([]float64, 50), make([]float64, 50)
	for i := range a {
		b[i] = r.NormFloat64()
		a[i] = b[i] + 0.2 + r.NormFloat64()
	}
	pt := PairedTTest(a, b).P
	pr := RandomizationTest(a, b, 10000, 11)
	require.Greater(t, pt, 0.001, "the example should not be extreme")
	require.Less(t, pt, 0.3)
	assert.InDelta(t, pt, pr, 0.01, "t p=%.4f, randomization p=%.4f", pt, pr)
	assert.Equal(t, pr, RandomizationTest(a, b, 10000, 11), "seeded")
	assert.Equal(t, 1.0, RandomizationTest(b, b, 1000, 1), "no difference")

	w, ti, l := WinTieLoss([]float64{1, 2, 3}, []float64{0, 2, 4}, 1e-9)
	assert.Equal(t, [3]int{1, 1, 1}, [3]int{w, ti, l})
}

func TestCompareAppliesHolmPerMetric(t *testing.T) {
	base := PerQuery{}
	good := PerQuery{}
	same := PerQuery{}
	for i := range sleep1 {
		q := string(rune('a' + i))
		base[q] = map[string]float64{"m": sleep1[i]}
		good[q] = map[string]float64{"m": sleep2[i]}
		same[q] = map[string]float64{"m": sleep1[i]}
	}
	cs := Compare(map[string]PerQuery{"base": base, "good": good, "same": same}, []string{"base", "good", "same"}, "base", []string{"m"}, StatsConfig{Seed: 1, Permutations: 2000, Bootstrap: 500})
	require.Len(t, cs, 2)
	assert.Equal(t, "good", cs[0].System)
	assert.InDelta(t, 0.002833, cs[0].PT, 1e-4)
	assert.InDelta(t, math.Min(1, 2*cs[0].PT), cs[0].PHolm, 1e-12, "smallest of two p-values is doubled")
	assert.True(t, cs[0].Sig)
	assert.Equal(t, [3]int{9, 1, 0}, [3]int{cs[0].Wins, cs[0].Ties, cs[0].Losses})
	assert.Equal(t, 1.0, cs[1].PT)
	assert.False(t, cs[1].Sig)
	assert.Equal(t, 2, cs[0].Family)
}

func TestMeanCIs(t *testing.T) {
	pq := PerQuery{
		"q1": {"ndcg@10": 0.5, "map": 0.2},
		"q2": {"ndcg@10": 0.5, "map": 0.4},
		"q3": {"ndcg@10": 0.5, "map": math.NaN()},
	}
	cfg := StatsConfig{Bootstrap: 500, Level: 0.9, Seed: 7}
	ci := MeanCIs(pq, []string{"ndcg@10", "map"}, cfg)
	assert.Equal(t, [2]float64{0.5, 0.5}, ci["ndcg@10"], "constant values: a point")
	assert.GreaterOrEqual(t, ci["map"][0], 0.2)
	assert.LessOrEqual(t, ci["map"][1], 0.4)
	assert.Less(t, ci["map"][0], ci["map"][1])
	assert.Equal(t, ci, MeanCIs(pq, []string{"ndcg@10", "map"}, cfg), "deterministic")
	lo, hi := BootstrapCI([]float64{0.2, 0.4}, 500, 0.9, 7)
	assert.Equal(t, [2]float64{lo, hi}, ci["map"], "NaN left out, query-id order")
}
