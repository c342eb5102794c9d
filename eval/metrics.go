package eval

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// The accuracy metrics. Each is a pure function of a ranked list (creator
// ids in evaluation order, see Ranked), the query's judgments and a cutoff
// k; k ≤ 0 means the whole list. Throughout, "relevant" means grade ≥ 1,
// the gain of a creator is max(grade, 0) (unjudged creators gain 0), and R
// is the number of relevant creators in the judgments. The definitions
// follow trec_eval 9.x:
//
//	NDCG@k   = DCG@k / IDCG@k,   DCG@k = Σ_{i=1..k} gain_i / log2(i+1)
//	           (gain = grade, not 2^grade − 1, as trec_eval's ndcg_cut;
//	           IDCG@k is the DCG@k of the judgments sorted by gain)
//	AP@k     = (1/R) Σ_{i ≤ k, i relevant} P@i   (AP = AP@∞; MAP is its mean)
//	RR@k     = 1 / rank of the first relevant creator within k, else 0
//	P@k      = relevant creators in the top k / k  (k, even when fewer were retrieved)
//	Recall@k = relevant creators in the top k / R
//	Hit@k    = 1 if any relevant creator is in the top k, else 0
//	R-Prec   = P@R
//	Judged@k = judged creators (any grade, negatives included) in the top k / k
//
// A query of the qrels with R = 0 (judged, nothing relevant) scores 0 on
// every metric but Judged@k, and counts in the mean: that is how
// trec_eval 9.x averages with -c (every query of the qrels counts, those
// the run lacks as empty rankings). On testdata/golden.* it gives MAP
// 0.3375, the figure `trec_eval -c -m map golden.qrels golden.run`
// printed for the review that found the harness skipping such queries
// (issue 20); without q3 the mean was 0.45.

// NDCG is NDCG@k with linear gains (see the definitions above). The ideal
// DCG ranks the judgments down to k even when the system returned fewer
// than k creators.
func NDCG(ranked []string, judged map[string]int, k int) float64 {
	dcg := 0.0
	for i := 0; i < cut(k, len(ranked)); i++ {
		if g := gain(judged, ranked[i]); g > 0 {
			dcg += g / math.Log2(float64(i+2))
		}
	}
	gains := make([]float64, 0, len(judged))
	for _, g := range judged {
		if g > 0 {
			gains = append(gains, float64(g))
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(gains)))
	idcg := 0.0
	for i := 0; i < cut(k, len(gains)); i++ {
		idcg += gains[i] / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

// AP is average precision over the top k (k ≤ 0: the whole list), divided
// by R, the number of relevant creators judged (trec_eval's map_cut).
func AP(ranked []string, judged map[string]int, k int) float64 {
	r := relevantCount(judged)
	if r == 0 {
		return 0
	}
	k = cut(k, len(ranked))
	hits, sum := 0, 0.0
	for i := 0; i < k; i++ {
		if isRel(judged, ranked[i]) {
			hits++
			sum += float64(hits) / float64(i+1)
		}
	}
	return sum / float64(r)
}

// RR is the reciprocal rank of the first relevant creator within k.
func RR(ranked []string, judged map[string]int, k int) float64 {
	k = cut(k, len(ranked))
	for i := 0; i < k; i++ {
		if isRel(judged, ranked[i]) {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// Precision is P@k: relevant creators in the top k over k. With k ≤ 0 it
// is the precision of the whole list.
func Precision(ranked []string, judged map[string]int, k int) float64 {
	den := k
	if k <= 0 {
		den = len(ranked)
	}
	if den == 0 {
		return 0
	}
	return float64(relevantIn(ranked, judged, cut(k, len(ranked)))) / float64(den)
}

// Recall is Recall@k: relevant creators in the top k over R.
func Recall(ranked []string, judged map[string]int, k int) float64 {
	r := relevantCount(judged)
	if r == 0 {
		return 0
	}
	return float64(relevantIn(ranked, judged, cut(k, len(ranked)))) / float64(r)
}

// Hit is 1 when a relevant creator is in the top k, else 0.
func Hit(ranked []string, judged map[string]int, k int) float64 {
	if relevantIn(ranked, judged, cut(k, len(ranked))) > 0 {
		return 1
	}
	return 0
}

// RPrecision is P@R, R the number of relevant creators.
func RPrecision(ranked []string, judged map[string]int) float64 {
	r := relevantCount(judged)
	if r == 0 {
		return 0
	}
	return Precision(ranked, judged, r)
}

// Judged is the share of the top k that carries a judgment of any grade
// (over k; k ≤ 0: over the list length). It says how far the qrels can be
// trusted for a run: unjudged creators count as non-relevant.
func Judged(ranked []string, judged map[string]int, k int) float64 {
	den := k
	if k <= 0 {
		den = len(ranked)
	}
	if den == 0 {
		return 0
	}
	n := 0
	for _, d := range ranked[:cut(k, len(ranked))] {
		if _, ok := judged[d]; ok {
			n++
		}
	}
	return float64(n) / float64(den)
}

func cut(k, n int) int {
	if k <= 0 || k > n {
		return n
	}
	return k
}

func gain(judged map[string]int, d string) float64 {
	if g := judged[d]; g > 0 {
		return float64(g)
	}
	return 0
}

func isRel(judged map[string]int, d string) bool { return judged[d] >= 1 }

func relevantCount(judged map[string]int) int {
	n := 0
	for _, g := range judged {
		if g >= 1 {
			n++
		}
	}
	return n
}

func relevantIn(ranked []string, judged map[string]int, k int) int {
	n := 0
	for _, d := range ranked[:k] {
		if isRel(judged, d) {
			n++
		}
	}
	return n
}

// Metric is one accuracy metric at one cutoff, named as in reports:
// "ndcg@10", "map", "map@100", "mrr", "mrr@10", "recall@100", "p@10",
// "hit@10", "rprec", "judged@10" ("ndcg" alone is NDCG over the whole
// list). The per-query value of "map" is AP and of "mrr" is RR.
type Metric struct {
	Kind string // ndcg, map, mrr, recall, p, hit, rprec, judged
	K    int    // 0: the whole list
}

// Name is the metric's report name.
func (m Metric) Name() string {
	if m.K > 0 {
		return m.Kind + "@" + strconv.Itoa(m.K)
	}
	return m.Kind
}

// String is Name.
func (m Metric) String() string { return m.Name() }

// Value computes the metric for one ranked list.
func (m Metric) Value(ranked []string, judged map[string]int) float64 {
	switch m.Kind {
	case "ndcg":
		return NDCG(ranked, judged, m.K)
	case "map":
		return AP(ranked, judged, m.K)
	case "mrr":
		return RR(ranked, judged, m.K)
	case "recall":
		return Recall(ranked, judged, m.K)
	case "p":
		return Precision(ranked, judged, m.K)
	case "hit":
		return Hit(ranked, judged, m.K)
	case "rprec":
		return RPrecision(ranked, judged)
	case "judged":
		return Judged(ranked, judged, m.K)
	}
	return math.NaN()
}

var metricAliases = map[string]string{
	"ndcg": "ndcg", "ndcg_cut": "ndcg", "map": "map", "ap": "map", "map_cut": "map",
	"mrr": "mrr", "rr": "mrr", "recip_rank": "mrr", "recall": "recall", "r": "recall",
	"p": "p", "precision": "p", "hit": "hit", "success": "hit", "rprec": "rprec", "r-prec": "rprec",
	"judged": "judged",
}

// ParseMetric parses a metric name such as "ndcg@10", "map", "P@5",
// "recall@100" or "rprec".
func ParseMetric(s string) (Metric, error) {
	name, kstr, hasK := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "@")
	kind, ok := metricAliases[name]
	if !ok {
		return Metric{}, fmt.Errorf("unknown metric %q (known: ndcg@k, map, mrr, recall@k, p@k, hit@k, rprec, judged@k)", s)
	}
	m := Metric{Kind: kind}
	if hasK {
		k, err := strconv.Atoi(kstr)
		if err != nil || k < 1 {
			return Metric{}, fmt.Errorf("metric %q: cutoff must be a positive integer", s)
		}
		if kind == "rprec" {
			return Metric{}, fmt.Errorf("metric %q: rprec takes no cutoff", s)
		}
		m.K = k
	}
	switch kind {
	case "p", "recall", "hit", "judged":
		if m.K == 0 {
			return Metric{}, fmt.Errorf("metric %q needs a cutoff, e.g. %s@10", s, kind)
		}
	}
	return m, nil
}

// ParseMetrics parses several metric names.
func ParseMetrics(names ...string) ([]Metric, error) {
	out := make([]Metric, 0, len(names))
	seen := map[string]bool{}
	for _, n := range names {
		m, err := ParseMetric(n)
		if err != nil {
			return nil, err
		}
		if !seen[m.Name()] {
			seen[m.Name()] = true
			out = append(out, m)
		}
	}
	return out, nil
}

// DefaultMetrics are the metrics a report shows when the config names none.
var DefaultMetrics = []string{"ndcg@10", "ndcg@20", "map", "mrr", "p@10", "recall@100", "hit@10", "rprec", "judged@10"}

// PerQuery holds metric values: query id → metric name → value.
type PerQuery map[string]map[string]float64

// Evaluate scores run against qrels with metrics, as trec_eval -c does:
// every query of qrels is evaluated; one missing from run scores as an
// empty ranking, one without a relevant creator scores 0 on every metric
// but Judged@k. Queries of run absent from qrels are skipped. Evaluate is
// a pure function: it keeps no state between calls.
func Evaluate(run Rankings, qrels Qrels, metrics []Metric) PerQuery {
	out := PerQuery{}
	for qid, judged := range qrels {
		ranked := Ranked(run[qid])
		noneRelevant := relevantCount(judged) == 0
		vals := make(map[string]float64, len(metrics))
		for _, m := range metrics {
			if noneRelevant && m.Kind != "judged" {
				vals[m.Name()] = 0
				continue
			}
			vals[m.Name()] = m.Value(ranked, judged)
		}
		out[qid] = vals
	}
	return out
}

// QueryIDs returns the evaluated query ids in sorted order.
func (p PerQuery) QueryIDs() []string {
	ids := make([]string, 0, len(p))
	for id := range p {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Mean returns each metric's mean over the queries where it is defined
// (not NaN).
func (p PerQuery) Mean() map[string]float64 {
	sum := map[string]float64{}
	n := map[string]int{}
	for _, vals := range p {
		for k, v := range vals {
			if math.IsNaN(v) {
				continue
			}
			sum[k] += v
			n[k]++
		}
	}
	out := make(map[string]float64, len(sum))
	for k, s := range sum {
		out[k] = s / float64(n[k])
	}
	return out
}

// Values returns metric's values for qids in order (NaN where missing).
func (p PerQuery) Values(metric string, qids []string) []float64 {
	out := make([]float64, len(qids))
	for i, q := range qids {
		v, ok := p[q][metric]
		if !ok {
			v = math.NaN()
		}
		out[i] = v
	}
	return out
}
