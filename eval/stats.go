package eval

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Significance testing of paired per-query scores: system a against a
// baseline b on the same queries, d_i = a_i − b_i.

// TTest is the result of a paired t-test.
type TTest struct {
	N    int     // pairs
	Mean float64 // mean difference
	SD   float64 // sample standard deviation of the differences
	T    float64 // t statistic
	DF   int     // degrees of freedom, N − 1
	P    float64 // two-sided p-value
}

// PairedTTest is the two-sided paired t-test of H0: mean(a − b) = 0:
//
//	t = mean(d) / (sd(d) / √n),  df = n − 1,  p = 2·(1 − F_t(|t|; df))
//
// with F_t the Student t CDF (gonum's distuv.StudentsT, which evaluates
// the regularized incomplete beta function). When every difference is
// equal the statistic is undefined: p is 1 if they are all zero, else 0.
// With fewer than two pairs p is 1.
func PairedTTest(a, b []float64) TTest {
	d := diffs(a, b)
	n := len(d)
	r := TTest{N: n, P: 1}
	if n == 0 {
		return r
	}
	r.Mean = mean(d)
	if n < 2 {
		return r
	}
	ss := 0.0
	for _, x := range d {
		ss += (x - r.Mean) * (x - r.Mean)
	}
	r.SD = math.Sqrt(ss / float64(n-1))
	r.DF = n - 1
	if r.SD == 0 || r.SD < 1e-12*math.Abs(r.Mean) {
		if r.Mean != 0 {
			r.T = math.Copysign(math.Inf(1), r.Mean)
			r.P = 0
		}
		return r
	}
	r.T = r.Mean / (r.SD / math.Sqrt(float64(n)))
	dist := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(r.DF)}
	r.P = math.Min(1, 2*dist.Survival(math.Abs(r.T)))
	return r
}

// RandomizationTest is a two-sided paired randomization (permutation)
// test: under H0 each difference's sign is exchangeable, so it flips every
// sign with probability ½ in each of rounds resamples and counts how often
// |mean| of the flipped differences reaches the observed |mean|:
//
//	p = (1 + #{|mean*| ≥ |mean|}) / (1 + rounds)
//
// (the +1s count the observed assignment, so p is never 0). Seeded: the
// same inputs and seed give the same p.
func RandomizationTest(a, b []float64, rounds int, seed uint64) float64 {
	d := diffs(a, b)
	if len(d) == 0 || rounds <= 0 {
		return 1
	}
	obs := math.Abs(mean(d))
	// Compare sums with a tolerance so that float error does not decide
	// ties (e.g. all-zero differences must give p = 1).
	obsSum := obs * float64(len(d))
	eps := 1e-9 * (1 + obsSum)
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	hits := 0
	for range rounds {
		s := 0.0
		for _, x := range d {
			if r.Uint64()&1 == 1 {
				s -= x
			} else {
				s += x
			}
		}
		if math.Abs(s) >= obsSum-eps {
			hits++
		}
	}
	return float64(1+hits) / float64(1+rounds)
}

// BootstrapCI is the percentile bootstrap confidence interval of the mean
// of d at the given level (e.g. 0.95): it resamples d with replacement
// rounds times, and returns the (1−level)/2 and (1+level)/2 quantiles of
// the resampled means (linear interpolation between order statistics).
// Seeded and deterministic.
func BootstrapCI(d []float64, rounds int, level float64, seed uint64) (lo, hi float64) {
	n := len(d)
	if n == 0 || rounds <= 0 {
		return math.NaN(), math.NaN()
	}
	r := rand.New(rand.NewPCG(seed, 0xb007))
	means := make([]float64, rounds)
	for i := range means {
		s := 0.0
		for range n {
			s += d[r.IntN(n)]
		}
		means[i] = s / float64(n)
	}
	sort.Float64s(means)
	return quantile(means, (1-level)/2), quantile(means, (1+level)/2)
}

// quantile of sorted xs at p in [0,1], linear between order statistics
// (the "type 7" definition of R and NumPy).
func quantile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	h := p * float64(len(xs)-1)
	i := int(math.Floor(h))
	if i >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	return xs[i] + (h-float64(i))*(xs[i+1]-xs[i])
}

// Holm adjusts p-values for multiple comparisons with the Holm–Bonferroni
// step-down method, which controls the family-wise error rate: with the m
// p-values sorted ascending p(1) ≤ … ≤ p(m),
//
//	adj(i) = max_{j ≤ i} min(1, (m − j + 1)·p(j))
//
// returned in the input order. A comparison is significant at level α
// when its adjusted p-value is below α.
func Holm(ps []float64) []float64 {
	m := len(ps)
	idx := make([]int, m)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return ps[idx[a]] < ps[idx[b]] })
	out := make([]float64, m)
	running := 0.0
	for rank, i := range idx {
		v := math.Min(1, float64(m-rank)*ps[i])
		running = math.Max(running, v)
		out[i] = running
	}
	return out
}

// WinTieLoss counts the queries where a beats b by more than eps, where
// they are within eps, and where a loses.
func WinTieLoss(a, b []float64, eps float64) (wins, ties, losses int) {
	for _, x := range diffs(a, b) {
		switch {
		case x > eps:
			wins++
		case x < -eps:
			losses++
		default:
			ties++
		}
	}
	return
}

// diffs returns a_i − b_i over the pairs where both are defined.
func diffs(a, b []float64) []float64 {
	n := min(len(a), len(b))
	out := make([]float64, 0, n)
	for i := range n {
		if math.IsNaN(a[i]) || math.IsNaN(b[i]) {
			continue
		}
		out = append(out, a[i]-b[i])
	}
	return out
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// Comparison is one system against the baseline on one metric, over the
// queries both were evaluated on.
type Comparison struct {
	System   string  `json:"system"`
	Baseline string  `json:"baseline"`
	Metric   string  `json:"metric"`
	N        int     `json:"n"`
	Mean     float64 `json:"mean"`          // the system's mean
	BaseMean float64 `json:"baseline_mean"` // the baseline's mean
	Delta    float64 `json:"delta"`         // mean difference, system − baseline
	CILow    float64 `json:"ci_low"`        // bootstrap CI of Delta
	CIHigh   float64 `json:"ci_high"`
	T        float64 `json:"t"`
	DF       int     `json:"df"`
	PT       float64 `json:"p_t"`            // paired t-test, two-sided
	PRand    float64 `json:"p_rand"`         // randomization test, two-sided
	PHolm    float64 `json:"p_t_holm"`       // PT after Holm over the family
	PRandH   float64 `json:"p_rand_holm"`    // PRand after Holm over the family
	Wins     int     `json:"wins"`           // queries where the system is better
	Ties     int     `json:"ties"`           //
	Losses   int     `json:"losses"`         //
	Sig      bool    `json:"significant"`    // PHolm < Alpha
	Alpha    float64 `json:"alpha"`          //
	Family   int     `json:"holm_family"`    // how many p-values Holm adjusted together
	Level    float64 `json:"ci_level"`       //
	Rounds   int     `json:"permutations"`   //
	Boot     int     `json:"bootstrap_runs"` //
}

// StatsConfig sets the tests' parameters.
type StatsConfig struct {
	Alpha        float64 // significance level after Holm (default 0.05)
	Permutations int     // randomization rounds (default 10,000)
	Bootstrap    int     // bootstrap resamples (default 2,000)
	Level        float64 // bootstrap CI level (default 0.95)
	Seed         uint64  // seeds both resampling tests
	TieEps       float64 // |difference| ≤ TieEps is a tie (default 1e-9)
}

func (c *StatsConfig) defaults() {
	if c.Alpha <= 0 {
		c.Alpha = 0.05
	}
	if c.Permutations <= 0 {
		c.Permutations = 10000
	}
	if c.Bootstrap <= 0 {
		c.Bootstrap = 2000
	}
	if c.Level <= 0 || c.Level >= 1 {
		c.Level = 0.95
	}
	if c.TieEps <= 0 {
		c.TieEps = 1e-9
	}
}

// Compare compares each system with the baseline on each metric, pairing
// per-query values by query id (queries evaluated for both). Holm's
// correction is applied per metric across the systems compared (the
// family is "every system vs the baseline on this metric"), to the t-test
// and the randomization p-values separately. systems maps a system name
// to its per-query values; the baseline itself is not compared.
func Compare(systems map[string]PerQuery, order []string, baseline string, metrics []string, cfg StatsConfig) []Comparison {
	cfg.defaults()
	base, ok := systems[baseline]
	if !ok {
		return nil
	}
	var out []Comparison
	for mi, metric := range metrics {
		start := len(out)
		for si, name := range order {
			if name == baseline {
				continue
			}
			sys, ok := systems[name]
			if !ok {
				continue
			}
			var qids []string
			for _, q := range sys.QueryIDs() {
				if _, ok := base[q]; ok {
					qids = append(qids, q)
				}
			}
			a, b := sys.Values(metric, qids), base.Values(metric, qids)
			tt := PairedTTest(a, b)
			d := diffs(a, b)
			seed := cfg.Seed + uint64(1000*mi+si)
			lo, hi := BootstrapCI(d, cfg.Bootstrap, cfg.Level, seed)
			w, t, l := WinTieLoss(a, b, cfg.TieEps)
			out = append(out, Comparison{
				System: name, Baseline: baseline, Metric: metric, N: tt.N,
				Mean: mean(dropNaN(a)), BaseMean: mean(dropNaN(b)), Delta: tt.Mean,
				CILow: lo, CIHigh: hi, T: tt.T, DF: tt.DF, PT: tt.P,
				PRand: RandomizationTest(a, b, cfg.Permutations, seed),
				Wins:  w, Ties: t, Losses: l, Alpha: cfg.Alpha, Level: cfg.Level,
				Rounds: cfg.Permutations, Boot: cfg.Bootstrap,
			})
		}
		fam := out[start:]
		pt := make([]float64, len(fam))
		pr := make([]float64, len(fam))
		for i, c := range fam {
			pt[i], pr[i] = c.PT, c.PRand
		}
		ht, hr := Holm(pt), Holm(pr)
		for i := range fam {
			fam[i].PHolm, fam[i].PRandH = ht[i], hr[i]
			fam[i].Sig = ht[i] < cfg.Alpha
			fam[i].Family = len(fam)
		}
	}
	return out
}

func dropNaN(xs []float64) []float64 {
	out := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	return out
}

// MeanCIs is the percentile bootstrap CI (BootstrapCI with cfg's
// resamples, level and seed) of each metric's mean over the queries of pq,
// taken in query-id order so that it is deterministic; NaN values are left
// out. It is the uncertainty of one system's mean, where Comparison's CI
// is that of a difference between two systems.
func MeanCIs(pq PerQuery, metrics []string, cfg StatsConfig) map[string][2]float64 {
	cfg.defaults()
	out := make(map[string][2]float64, len(metrics))
	qids := sortedKeys(pq)
	for _, m := range metrics {
		xs := make([]float64, 0, len(qids))
		for _, q := range qids {
			if v, ok := pq[q][m]; ok {
				xs = append(xs, v)
			}
		}
		lo, hi := BootstrapCI(dropNaN(xs), cfg.Bootstrap, cfg.Level, cfg.Seed)
		out[m] = [2]float64{lo, hi}
	}
	return out
}
