package eval

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The golden run and qrels are in testdata/golden.{run,qrels}. Evaluation
// order (score desc, then creator id desc; the file's rank column ignored):
//
//	q1: c(0) a(2) g(unjudged) e(-1) b(1) d(2)    R = 4 (a b d f), f not retrieved
//	    (e and b tie at 0.5: "e" > "b", so e comes first, although the
//	    file ranks b 4th)
//	q2: x(1) w(unjudged) y(0)                    R = 1
//	    (x and w tie at 0.4: "x" > "w", so x comes first: RR = 1, not ½)
//	q3: no relevant creator: not evaluated
//	q4: R = 1 but no run lines: every metric 0 (trec_eval -c)
//	q9: in the run, not in the qrels: ignored
//
// By hand, gains = grade (negatives 0), discount log2(i+1):
//
//	q1 DCG@5  = 2/log2(3) + 1/log2(6)                         = 1.2618595 + 0.3868528 = 1.6487123
//	   IDCG@5 = 2/1 + 2/log2(3) + 1/log2(4) + 1/log2(5)        = 2 + 1.2618595 + 0.5 + 0.4306766 = 4.1925361
//	   NDCG@5 = 1.6487123 / 4.1925361                          = 0.3932494
//	   NDCG@3 = (2/log2(3)) / (2 + 2/log2(3) + 1/2)            = 1.2618595 / 3.7618595 = 0.3354350
//	   NDCG   = (1.6487123 + 2/log2(7)) / 4.1925361            = 2.3611266 / 4.1925361 = 0.5631739
//	   AP     = (1/2 + 2/5 + 3/6) / 4                          = 1.4 / 4 = 0.35
//	   AP@5   = (1/2 + 2/5) / 4                                = 0.225
//	   RR     = 1/2 (a at rank 2);  RR@1 = 0
//	   P@5    = 2/5 = 0.4 (a, b);   P@10 = 3/10 = 0.3 (divides by k)
//	   Recall@5 = 2/4 = 0.5;        Recall@10 = 3/4 = 0.75
//	   Hit@1  = 0;                  Hit@2 = 1
//	   R-Prec = P@4 = 1/4 = 0.25 (c a g e: only a)
//	   Judged@5 = 4/5 = 0.8 (c a e b; g unjudged); Judged@10 = 5/10 = 0.5
//	q2 NDCG@5 = NDCG@3 = NDCG = 1;  AP = 1;  RR = 1;  P@5 = 1/5 = 0.2;  P@10 = 0.1
//	   Recall@5 = 1;  Hit@1 = 1;  R-Prec = P@1 = 1;  Judged@5 = 2/5 = 0.4;  Judged@10 = 0.2
//	q4 everything 0
//
//	mean NDCG@5 = (0.3932494 + 1 + 0) / 3 = 0.4644165
//	MAP         = (0.35 + 1 + 0) / 3      = 0.45
//	MRR         = (0.5 + 1 + 0) / 3       = 0.5
//	mean P@5    = (0.4 + 0.2 + 0) / 3     = 0.2
var goldenQ1 = map[string]float64{
	"ndcg@5": 0.3932494, "ndcg@3": 0.3354350, "ndcg": 0.5631739, "map": 0.35, "map@5": 0.225,
	"mrr": 0.5, "mrr@1": 0, "p@5": 0.4, "p@10": 0.3, "recall@5": 0.5, "recall@10": 0.75,
	"hit@1": 0, "hit@2": 1, "rprec": 0.25, "judged@5": 0.8, "judged@10": 0.5,
}

var goldenQ2 = map[string]float64{
	"ndcg@5": 1, "ndcg@3": 1, "ndcg": 1, "map": 1, "map@5": 1, "mrr": 1, "mrr@1": 1,
	"p@5": 0.2, "p@10": 0.1, "recall@5": 1, "recall@10": 1, "hit@1": 1, "hit@2": 1,
	"rprec": 1, "judged@5": 0.4, "judged@10": 0.2,
}

func golden(t *testing.T) (Rankings, Qrels) {
	t.Helper()
	run, err := ReadRunFile("testdata/golden.run")
	require.NoError(t, err)
	qrels, err := ReadQrelsFile("testdata/golden.qrels")
	require.NoError(t, err)
	return run, qrels
}

func TestGoldenMetrics(t *testing.T) {
	run, qrels := golden(t)
	assert.Equal(t, []string{"c", "a", "g", "e", "b", "d"}, Ranked(run["q1"]), "ties by creator id descending, rank column ignored")
	assert.Equal(t, []string{"x", "w", "y"}, Ranked(run["q2"]))

	names := make([]string, 0, len(goldenQ1))
	for n := range goldenQ1 {
		names = append(names, n)
	}
	metrics, err := ParseMetrics(names...)
	require.NoError(t, err)
	pq := Evaluate(run, qrels, metrics)
	require.Equal(t, []string{"q1", "q2", "q3", "q4"}, pq.QueryIDs(), "q9 has no judgments; q3 nothing relevant but counts, as in trec_eval -c")
	for name, want := range goldenQ1 {
		assert.InDelta(t, want, pq["q1"][name], 1e-6, "q1 %s", name)
		assert.InDelta(t, goldenQ2[name], pq["q2"][name], 1e-6, "q2 %s", name)
		assert.Equal(t, 0.0, pq["q4"][name], "q4 %s", name)
		if !strings.HasPrefix(name, "judged@") {
			assert.Equal(t, 0.0, pq["q3"][name], "q3 %s", name)
		}
	}
	mean := pq.Mean()
	// Means over four queries (q3 and q4 score 0); the earlier means over
	// q1, q2, q4 were 0.4644165, 0.45, 0.5 and 0.2. MAP 0.3375 is what
	// trec_eval -c printed for these files (see Evaluate).
	assert.InDelta(t, 0.4644165*3/4, mean["ndcg@5"], 1e-6)
	assert.InDelta(t, 0.3375, mean["map"], 1e-9)
	assert.InDelta(t, 0.375, mean["mrr"], 1e-9)
	assert.InDelta(t, 0.15, mean["p@5"], 1e-9)
}

// The evaluator keeps no state: evaluating with other cutoffs in between
// gives the same values, and each cutoff's values match a fresh call.
func TestEvaluateIsStateless(t *testing.T) {
	run, qrels := golden(t)
	m5, err := ParseMetrics("ndcg@5", "p@5")
	require.NoError(t, err)
	m3, err := ParseMetrics("ndcg@3", "p@10")
	require.NoError(t, err)
	first := Evaluate(run, qrels, m5)
	other := Evaluate(run, qrels, m3)
	again := Evaluate(run, qrels, m5)
	assert.Equal(t, first, again)
	assert.InDelta(t, goldenQ1["ndcg@3"], other["q1"]["ndcg@3"], 1e-6)
	assert.InDelta(t, goldenQ1["p@10"], other["q1"]["p@10"], 1e-9)
	assert.NotContains(t, other["q1"], "ndcg@5", "results of one call do not leak into another")
	// Inputs are not modified.
	run2, qrels2 := golden(t)
	assert.Equal(t, run2, run)
	assert.Equal(t, qrels2, qrels)
}

func TestRunRoundTrip(t *testing.T) {
	run, _ := golden(t)
	var buf bytes.Buffer
	require.NoError(t, WriteRun(&buf, run, "sys"))
	back, err := ReadRun(&buf)
	require.NoError(t, err)
	for qid := range run {
		assert.Equal(t, Ranked(run[qid]), Ranked(back[qid]), qid)
	}
	assert.Error(t, WriteRun(&buf, run, "two words"))

	_, qrels := golden(t)
	buf.Reset()
	require.NoError(t, WriteQrels(&buf, qrels))
	q2, err := ReadQrels(&buf)
	require.NoError(t, err)
	assert.Equal(t, qrels, q2)

	_, err = ReadQrels(bytes.NewReader([]byte("q1 0 a\n")))
	assert.ErrorContains(t, err, "line 1")
	_, err = ReadRun(bytes.NewReader([]byte("q1 Q0 a 1 high tag\n")))
	assert.ErrorContains(t, err, "not a number")
}

func TestParseMetric(t *testing.T) {
	for in, want := range map[string]string{"NDCG@10": "ndcg@10", "ap": "map", "P@5": "p@5", "recip_rank": "mrr", "R-Prec": "rprec", "ndcg": "ndcg"} {
		m, err := ParseMetric(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, m.Name())
	}
	for _, bad := range []string{"ndcg@0", "p", "rprec@5", "foo@3", "ndcg@x"} {
		_, err := ParseMetric(bad)
		assert.Error(t, err, bad)
	}
}

func TestBeyondAccuracy(t *testing.T) {
	run := Rankings{
		"q1": {{DocID: "a", Score: 3}, {DocID: "b", Score: 2}, {DocID: "c", Score: 1}},
		"q2": {{DocID: "a", Score: 3}, {DocID: "d", Score: 2}},
	}
	// Top 2: q1 {a, b}, q2 {a, d}: 3 of 5 creators shown.
	assert.InDelta(t, 0.6, Coverage(run, 2, 5), 1e-12)
	// Exposures at k=2 over a..e: a=2, b=1, d=1, c=0, e=0 → sorted 0 0 1 1 2, n=5, Σ=4:
	// G = (−4·0 −2·0 + 0·1 + 2·1 + 4·2) / (5·4) = 10/20 = 0.5.
	assert.InDelta(t, 0.5, GiniExposure(run, 2, []string{"a", "b", "c", "d", "e"}), 1e-12)
	assert.InDelta(t, 0.0, Gini([]float64{1, 1, 1}), 1e-12)

	// Orthogonal vectors: distance 1; identical: 0. a⊥b, a=c → pairs (a,b)=1, (a,c)=0, (b,c)=1 → 2/3.
	vecs := map[string][]float32{"a": {1, 0}, "b": {0, 1}, "c": {1, 0}}
	assert.InDelta(t, 2.0/3, IntraListDiversity([]string{"a", "b", "c"}, vecs, 3), 1e-9)
	assert.True(t, math.IsNaN(IntraListDiversity([]string{"a", "x"}, vecs, 2)))

	// JS divergence: identical 0; disjoint 1; p=(1,0), q=(½,½):
	// m=(¾,¼): ½·1·log2(1/¾) + ½(½·log2(½/¾) + ½·log2(½/¼)) = 0.2075187 + ½(−0.2924813 + 0.5) = 0.3112781.
	assert.InDelta(t, 0, JSDivergence(map[string]float64{"a": 1}, map[string]float64{"a": 1}), 1e-12)
	assert.InDelta(t, 1, JSDivergence(map[string]float64{"a": 1}, map[string]float64{"b": 1}), 1e-12)
	assert.InDelta(t, 0.3112781, JSDivergence(map[string]float64{"a": 1}, map[string]float64{"a": 0.5, "b": 0.5}), 1e-6)
}
