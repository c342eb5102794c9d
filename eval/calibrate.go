package eval

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strings"

	"github.com/creatormatch/creatormatch/matcher"
)

// CalPair is one labelled judgment for calibration: the signals the
// matcher computed for a creator it returned for a query, and whether the
// qrels judge that creator on-brief (grade ≥ 1).
type CalPair struct {
	Dataset string             `json:"dataset"`
	Query   string             `json:"query"`
	Creator string             `json:"creator"`
	Signals map[string]float64 `json:"signals"`
	Label   bool               `json:"label"`
}

// CalibrationPairs runs m over every judged query of ds (limit results
// each, the served system's settings) and labels each returned creator
// from the qrels. Unjudged creators count as not on-brief, as in trec_eval.
func CalibrationPairs(ctx context.Context, m *matcher.Matcher, ds *Dataset, limit int) ([]CalPair, error) {
	var out []CalPair
	for _, q := range ds.Queries {
		if ds.Qrels.Relevant(q.ID) == 0 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		resp, err := m.Match(ctx, matcher.Request{Brief: q.Brief, Limit: limit})
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", q.ID, err)
		}
		for _, r := range resp.Results {
			g := ds.Qrels[q.ID][r.CreatorID]
			out = append(out, CalPair{Dataset: ds.Name, Query: q.ID, Creator: r.CreatorID, Signals: r.FitInputs, Label: g >= 1})
		}
	}
	return out, nil
}

// CalibrationInputs are the signals the shipped map reads: the topical
// ones, which say whether a creator is on-brief. The goal-dependent
// signals (cost, engagement, …) move the score, not the chance that the
// creator posts about what the brief asks.
var CalibrationInputs = []string{matcher.SignalSemantic, matcher.SignalNicheConsensus}

// CalibrationFit is a fitted map with its out-of-fold check.
type CalibrationFit struct {
	Map *matcher.Calibration
	// OutOfFold holds, per pair, the fit predicted by a map fitted on the
	// other fold (pairs are split by query, so no query is predicted by a
	// map that saw it).
	OutOfFold []float64
	// ECE and Reliability are computed from OutOfFold per dataset.
	ECE         map[string]float64
	Reliability map[string][]ReliabilityBin
}

// FitCalibration fits the two-step map of matcher.Calibration on pairs:
// a logistic regression (Platt scaling) of the label on the inputs by
// Newton's method, then an isotonic regression (pool adjacent violators)
// of the label on the logistic output. It also cross-fits two folds split
// by a hash of dataset and query id and reports each dataset's expected
// calibration error on the fold the map was not fitted on.
func FitCalibration(pairs []CalPair, inputs []string, version string, prov matcher.CalProvenance) (*CalibrationFit, error) {
	if len(pairs) < 20 {
		return nil, errors.New("eval: too few labelled pairs to calibrate (need 20)")
	}
	fold := make([]int, len(pairs))
	for i, p := range pairs {
		h := fnv.New32a()
		h.Write([]byte(p.Dataset + "\x00" + p.Query))
		fold[i] = int(h.Sum32() % 2)
	}
	res := &CalibrationFit{OutOfFold: make([]float64, len(pairs)), ECE: map[string]float64{}, Reliability: map[string][]ReliabilityBin{}}
	for f := range 2 {
		var train []CalPair
		for i, p := range pairs {
			if fold[i] != f {
				train = append(train, p)
			}
		}
		cal, err := fitMap(train, inputs, version, prov)
		if err != nil {
			return nil, err
		}
		for i, p := range pairs {
			if fold[i] == f {
				res.OutOfFold[i] = cal.Fit(p.Signals)
			}
		}
	}
	byDS := map[string][]int{}
	for i, p := range pairs {
		byDS[p.Dataset] = append(byDS[p.Dataset], i)
	}
	prov.ECE = map[string]float64{}
	for ds, idx := range byDS {
		pred := make([]float64, len(idx))
		lab := make([]bool, len(idx))
		for j, i := range idx {
			pred[j], lab[j] = res.OutOfFold[i], pairs[i].Label
		}
		bins := Reliability(pred, lab, 10)
		res.Reliability[ds] = bins
		res.ECE[ds] = ECE(bins)
		prov.ECE[ds] = math.Round(res.ECE[ds]*10000) / 10000
	}
	positive := 0
	var dsNames []string
	for ds := range byDS {
		dsNames = append(dsNames, ds)
	}
	sort.Strings(dsNames)
	for _, p := range pairs {
		if p.Label {
			positive++
		}
	}
	prov.Pairs, prov.Positive, prov.Datasets = len(pairs), positive, dsNames
	prov.Split = "held_out_ece: two folds split by hash(dataset, query id); each fold predicted by a map fitted on the other"
	cal, err := fitMap(pairs, inputs, version, prov)
	if err != nil {
		return nil, err
	}
	res.Map = cal
	return res, nil
}

// fitMap fits one map on pairs.
func fitMap(pairs []CalPair, inputs []string, version string, prov matcher.CalProvenance) (*matcher.Calibration, error) {
	x := make([][]float64, len(pairs))
	y := make([]float64, len(pairs))
	for i, p := range pairs {
		row := make([]float64, len(inputs))
		for j, name := range inputs {
			row[j] = p.Signals[name]
		}
		x[i] = row
		if p.Label {
			y[i] = 1
		}
	}
	w, err := logistic(x, y)
	if err != nil {
		return nil, err
	}
	plain, err := matcher.NewCalibration(version, inputs, w[0], w[1:], nil, prov)
	if err != nil {
		return nil, err
	}
	ps := make([]float64, len(pairs))
	for i := range pairs {
		ps[i] = plain.Platt(x[i])
	}
	return matcher.NewCalibration(version, inputs, w[0], w[1:], Isotonic(ps, y), prov)
}

// logistic fits P(y=1|x) = σ(w₀ + Σ wⱼxⱼ) by Newton's method (iteratively
// reweighted least squares) with a small ridge penalty (λ = 1e-3 on the
// slopes), which keeps the weights finite when the data are separable.
func logistic(x [][]float64, y []float64) ([]float64, error) {
	d := len(x[0]) + 1
	w := make([]float64, d)
	const lambda = 1e-3
	for iter := 0; iter < 100; iter++ {
		g := make([]float64, d)
		h := make([][]float64, d)
		for i := range h {
			h[i] = make([]float64, d)
		}
		for i, xi := range x {
			z := w[0]
			for j, v := range xi {
				z += w[j+1] * v
			}
			p := 1 / (1 + math.Exp(-z))
			r := p * (1 - p)
			row := append([]float64{1}, xi...)
			for a := range d {
				g[a] += (p - y[i]) * row[a]
				for b := range d {
					h[a][b] += r * row[a] * row[b]
				}
			}
		}
		for a := 1; a < d; a++ {
			g[a] += lambda * w[a]
			h[a][a] += lambda
		}
		step, err := solve(h, g)
		if err != nil {
			return nil, err
		}
		maxStep := 0.0
		for a := range d {
			w[a] -= step[a]
			maxStep = math.Max(maxStep, math.Abs(step[a]))
		}
		if maxStep < 1e-9 {
			break
		}
	}
	return w, nil
}

// solve solves A·x = b by Gaussian elimination with partial pivoting.
func solve(a [][]float64, b []float64) ([]float64, error) {
	n := len(b)
	m := make([][]float64, n)
	for i := range a {
		m[i] = append(append([]float64{}, a[i]...), b[i])
	}
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		if math.Abs(m[p][c]) < 1e-12 {
			return nil, errors.New("eval: calibration inputs are collinear")
		}
		m[c], m[p] = m[p], m[c]
		for r := c + 1; r < n; r++ {
			f := m[r][c] / m[c][c]
			for k := c; k <= n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := m[i][n]
		for k := i + 1; k < n; k++ {
			s -= m[i][k] * x[k]
		}
		x[i] = s / m[i][i]
	}
	return x, nil
}

// Isotonic is the isotonic (non-decreasing) regression of y on p by pool
// adjacent violators, returned as knots: one point per pooled block at
// the block's mean p and mean y. Ties in p are pooled first.
func Isotonic(p, y []float64) []matcher.CalPoint {
	idx := make([]int, len(p))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] < p[idx[b]] })
	type block struct{ sumP, sumY, n float64 }
	var bs []block
	for k := 0; k < len(idx); {
		i := idx[k]
		b := block{}
		for k < len(idx) && p[idx[k]] == p[i] {
			b.sumP += p[idx[k]]
			b.sumY += y[idx[k]]
			b.n++
			k++
		}
		bs = append(bs, b)
		for len(bs) > 1 {
			l, r := bs[len(bs)-2], bs[len(bs)-1]
			if l.sumY/l.n <= r.sumY/r.n {
				break
			}
			bs = append(bs[:len(bs)-2], block{l.sumP + r.sumP, l.sumY + r.sumY, l.n + r.n})
		}
	}
	out := make([]matcher.CalPoint, len(bs))
	for i, b := range bs {
		out[i] = matcher.CalPoint{X: b.sumP / b.n, Y: b.sumY / b.n}
	}
	return out
}

// ReliabilityBin is one bin of a reliability diagram: the predictions in
// [Lo, Hi), their mean and the observed rate of positives.
type ReliabilityBin struct {
	Lo       float64 `json:"lo"`
	Hi       float64 `json:"hi"`
	N        int     `json:"n"`
	MeanFit  float64 `json:"mean_fit"`
	Observed float64 `json:"observed"`
}

// Reliability bins predictions into n equal-width bins of [0,1] (the last
// one closed) and reports each bin's mean prediction and observed rate.
func Reliability(pred []float64, label []bool, n int) []ReliabilityBin {
	bins := make([]ReliabilityBin, n)
	for i := range bins {
		bins[i].Lo, bins[i].Hi = float64(i)/float64(n), float64(i+1)/float64(n)
	}
	for i, p := range pred {
		b := min(int(p*float64(n)), n-1)
		b = max(b, 0)
		bins[b].N++
		bins[b].MeanFit += p
		if label[i] {
			bins[b].Observed++
		}
	}
	for i := range bins {
		if bins[i].N > 0 {
			bins[i].MeanFit /= float64(bins[i].N)
			bins[i].Observed /= float64(bins[i].N)
		}
	}
	return bins
}

// ECE is the expected calibration error of a reliability diagram:
//
//	ECE = Σ_b (n_b / N) · |observed_b − mean_fit_b|
//
// (Naeini et al. 2015; Guo et al. 2017), 0 with no predictions.
func ECE(bins []ReliabilityBin) float64 {
	total := 0
	for _, b := range bins {
		total += b.N
	}
	if total == 0 {
		return 0
	}
	e := 0.0
	for _, b := range bins {
		e += float64(b.N) / float64(total) * math.Abs(b.Observed-b.MeanFit)
	}
	return e
}

// ReliabilityMarkdown renders bins as a table.
func ReliabilityMarkdown(bins []ReliabilityBin) string {
	var b strings.Builder
	b.WriteString("| fit bin | n | mean fit | observed on-brief |\n|---|---:|---:|---:|\n")
	for _, x := range bins {
		if x.N == 0 {
			continue
		}
		fmt.Fprintf(&b, "| %.1f–%.1f | %d | %.3f | %.3f |\n", x.Lo, x.Hi, x.N, x.MeanFit, x.Observed)
	}
	return b.String()
}

// FitCheck is how well a system's fit matches the judgments.
type FitCheck struct {
	Results     int              `json:"results"`
	ECE         float64          `json:"ece"`
	Reliability []ReliabilityBin `json:"reliability"`
}

// checkFit bins the fit of every result of the evaluated queries against
// its label (grade ≥ 1). Runs without fit (all 0) are not checked.
func checkFit(run Rankings, qrels Qrels, evaluated []string) *FitCheck {
	var pred []float64
	var label []bool
	any := false
	for _, q := range evaluated {
		for _, r := range run[q] {
			pred = append(pred, r.Fit)
			label = append(label, qrels[q][r.DocID] >= 1)
			any = any || r.Fit != 0
		}
	}
	if !any {
		return nil
	}
	bins := Reliability(pred, label, 10)
	return &FitCheck{Results: len(pred), ECE: ECE(bins), Reliability: bins}
}
