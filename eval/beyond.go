package eval

import (
	"math"
	"sort"
	"strings"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

// Beyond-accuracy metrics. Coverage and Gini are properties of a system
// over all queries; intra-list diversity and audience calibration are per
// query (NaN when undefined: fewer than two vectors, or a brief without an
// audience target).

// Coverage is catalogue coverage at k: the share of the catalogue's
// creators that appear in the top k of at least one query.
func Coverage(run Rankings, k, catalogueSize int) float64 {
	if catalogueSize <= 0 {
		return 0
	}
	seen := map[string]bool{}
	for _, res := range run {
		r := Ranked(res)
		for _, d := range r[:cut(k, len(r))] {
			seen[d] = true
		}
	}
	return math.Min(1, float64(len(seen))/float64(catalogueSize))
}

// GiniExposure is the Gini coefficient of exposure at k over the
// catalogue: each creator's exposure is the number of queries whose top k
// holds it (every slot counts the same; no position weighting), creators
// never shown included with 0. With exposures x sorted ascending,
//
//	G = Σ_{i=1..n} (2i − n − 1)·x_i / (n·Σx)
//
// 0 means every creator is shown equally often; values near 1 mean a few
// creators take all the exposure. catalogue lists every creator id.
func GiniExposure(run Rankings, k int, catalogue []string) float64 {
	exp := make(map[string]float64, len(catalogue))
	for _, id := range catalogue {
		exp[id] = 0
	}
	for _, res := range run {
		r := Ranked(res)
		for _, d := range r[:cut(k, len(r))] {
			exp[d]++
		}
	}
	xs := make([]float64, 0, len(exp))
	for _, x := range exp {
		xs = append(xs, x)
	}
	return Gini(xs)
}

// Gini is the Gini coefficient of non-negative values (0 for an empty or
// all-zero input).
func Gini(xs []float64) float64 {
	n := len(xs)
	if n == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	total, acc := 0.0, 0.0
	for i, x := range s {
		total += x
		acc += float64(2*(i+1)-n-1) * x
	}
	if total == 0 {
		return 0
	}
	return acc / (float64(n) * total)
}

// IntraListDiversity is the mean pairwise cosine distance 1 − cos(u, v) of
// the profile vectors of the top k creators (those with a vector). NaN
// when fewer than two have one.
func IntraListDiversity(ranked []string, vectors map[string][]float32, k int) float64 {
	var vs [][]float32
	for _, d := range ranked[:cut(k, len(ranked))] {
		if v := vectors[d]; len(v) > 0 {
			vs = append(vs, v)
		}
	}
	if len(vs) < 2 {
		return math.NaN()
	}
	sum, n := 0.0, 0
	for i := range vs {
		for j := i + 1; j < len(vs); j++ {
			sum += 1 - features.Cosine(vs[i], vs[j])
			n++
		}
	}
	return sum / float64(n)
}

// AudienceCalibration is how far the audience of the top k creators is
// from the audience a brief targets, as a Jensen–Shannon divergence (base
// 2, so in [0,1]; 0 = the results' audience is exactly the target mix).
// For each dimension the brief targets among age, gender and country:
//
//	target p = uniform over the brief's keys for that dimension
//	results q = mean of the top-k creators' audience distributions for that
//	            dimension (creators without audience data for it skipped)
//	JS(p, q) = ½ KL(p‖m) + ½ KL(q‖m),  m = ½(p + q)
//
// and the value is the mean over those dimensions. JS rather than KL
// because it is symmetric, bounded and finite when the results put no
// mass on a target key (KL(p‖q) would be infinite). NaN when the brief
// targets none of these dimensions or no top-k creator has audience data
// for them. audiences maps creator id to its audience.
func AudienceCalibration(target creatormatch.AudienceTarget, ranked []string, audiences map[string]*creatormatch.Audience, k int) float64 {
	top := ranked[:cut(k, len(ranked))]
	dims := []struct {
		keys []string
		get  func(*creatormatch.Audience) map[string]float64
	}{
		{normAges(target.Ages), func(a *creatormatch.Audience) map[string]float64 { return a.Age }},
		{lowerAll(target.Genders), func(a *creatormatch.Audience) map[string]float64 { return a.Gender }},
		{upperAll(target.Countries), func(a *creatormatch.Audience) map[string]float64 { return a.Countries }},
	}
	sum, n := 0.0, 0
	for _, dim := range dims {
		if len(dim.keys) == 0 {
			continue
		}
		p := map[string]float64{}
		for _, key := range dim.keys {
			p[key] += 1 / float64(len(dim.keys))
		}
		q := map[string]float64{}
		m := 0
		for _, id := range top {
			a := audiences[id]
			if a == nil {
				continue
			}
			d := dim.get(a)
			tot := 0.0
			for _, v := range d {
				tot += v
			}
			if tot <= 0 {
				continue
			}
			for key, v := range d {
				q[key] += v / tot
			}
			m++
		}
		if m == 0 {
			continue
		}
		for key := range q {
			q[key] /= float64(m)
		}
		sum += JSDivergence(p, q)
		n++
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

// JSDivergence is the Jensen–Shannon divergence of two distributions in
// bits (in [0,1]); missing keys are 0.
func JSDivergence(p, q map[string]float64) float64 {
	keys := map[string]bool{}
	for k := range p {
		keys[k] = true
	}
	for k := range q {
		keys[k] = true
	}
	js := 0.0
	for k := range keys {
		m := (p[k] + q[k]) / 2
		if p[k] > 0 {
			js += 0.5 * p[k] * math.Log2(p[k]/m)
		}
		if q[k] > 0 {
			js += 0.5 * q[k] * math.Log2(q[k]/m)
		}
	}
	return math.Max(0, math.Min(1, js))
}

var ageFold = strings.NewReplacer("–", "-", "—", "-", " ", "")

func normAges(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = ageFold.Replace(x)
	}
	return out
}

func lowerAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.ToLower(x)
	}
	return out
}

func upperAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.ToUpper(x)
	}
	return out
}
