package eval

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/store/memory"
)

// TestRunEndToEnd runs the whole harness with the real embedder on a small
// synthetic catalogue (60 creators, three posts each, to keep embedding
// cheap): ingest through catalog.Service, three retrieval modes, a tiny
// weight search, the report files — and checks that the TREC runs written
// to disk score exactly what the harness reported.
func TestRunEndToEnd(t *testing.T) {
	emb := testenv.Embedder(t)
	ds := SyntheticDataset(60, 3)
	for i := range ds.Creators {
		c := &ds.Creators[i]
		if len(c.Content) > 3 {
			c.Content = c.Content[:3]
		}
	}
	cfg, err := ParseConfig([]byte(`
name: e2e
seed: 7
metrics: [ndcg@10, map, mrr, recall@20, p@5, hit@10, rprec, judged@10]
cutoffs: [1, 5, 10, 20]
stats: {permutations: 500, bootstrap: 200}
systems:
  - name: hybrid
  - name: dense
    retrieval: dense
  - name: lexical
    retrieval: lexical
weight_search: {trials: 2, train_fraction: 0.5}
`))
	require.NoError(t, err)
	dataDir := t.TempDir()
	res, err := Run(context.Background(), Options{Dataset: ds, Config: cfg, Embedder: emb, DataDir: dataDir})
	require.NoError(t, err)

	require.Len(t, res.Systems, 3)
	require.NotEmpty(t, res.Evaluated)
	assert.Equal(t, len(ds.Queries), len(res.Evaluated), "SyntheticDataset keeps only queries with a relevant creator")
	for _, s := range res.Systems {
		assert.Empty(t, s.Errors, s.Name)
		assert.Len(t, s.PerQuery, len(res.Evaluated), s.Name)
		for _, m := range res.Metrics {
			v := s.Mean[m]
			assert.True(t, v >= 0 && v <= 1, "%s %s = %v", s.Name, m, v)
			ci := s.MeanCI[m]
			assert.True(t, ci[0] <= v+1e-12 && v <= ci[1]+1e-12, "%s %s = %v outside its CI %v", s.Name, m, v, ci)
		}
		assert.Contains(t, s.Mean, "coverage@10")
		assert.Contains(t, s.Mean, "gini@10")
		assert.Positive(t, s.Latency.P50)
		assert.GreaterOrEqual(t, s.Latency.P99, s.Latency.P50)
	}
	hybrid := res.System("hybrid")
	// Judgments are complete and the full catalogue is ranked.
	assert.InDelta(t, 1.0, hybrid.Mean["judged@10"], 1e-9)
	// Every creator is ranked (pool ≥ catalogue) but those a hard rule
	// excludes: these briefs name no competitor, safety category, budget or
	// audience share, so only low authenticity can.
	st, err := memory.Open(context.Background(), filepath.Join(dataDir, safeName(emb.Model())))
	require.NoError(t, err)
	lowAuth := 0
	require.NoError(t, st.ScanCreators(context.Background(), func(c *creatormatch.Creator) error {
		if a := c.Features.Authenticity; a.Value < 0.4 && a.Confidence > 0 {
			lowAuth++
		}
		return nil
	}))
	require.NoError(t, st.Close())
	assert.Len(t, hybrid.Run[res.Evaluated[0]], 60-lowAuth, "every creator ranked but the excluded (pool ≥ catalogue)")
	assert.Greater(t, hybrid.Mean["ndcg@10"], 0.3, "the matcher finds the niche creators")
	require.Len(t, res.Comparisons, 2*len(res.Metrics))
	// Shortlists are judged by the ground truth: every niche brief, both
	// goals, both budgets; none breaks a hard rule.
	require.NotNil(t, res.Shortlists)
	assert.Len(t, res.Shortlists.Checks, 4*len(slices.DeleteFunc(slices.Clone(ds.Queries), func(q Query) bool { return !strings.HasPrefix(q.ID, "niche-") })))
	assert.Positive(t, res.Shortlists.Picks)
	assert.Zero(t, res.Shortlists.Excluded)
	assert.Less(t, res.Shortlists.Empty, len(res.Shortlists.Checks))
	require.NotNil(t, hybrid.Calibration, "the report checks fit against the qrels")
	assert.Positive(t, hybrid.Calibration.Results)
	require.NotNil(t, res.Search)
	assert.Len(t, res.Search.Trials, 2)
	assert.NotEmpty(t, res.Search.Test)

	out := t.TempDir()
	require.NoError(t, res.WriteReport(out))
	for _, f := range []string{"report.md", "metrics.json", "per_query.csv", "comparisons.csv", "manifest.json",
		"runs/hybrid.trec", "runs/dense.trec", "runs/lexical.trec", "runs/weight-search-tuned.trec",
		"plots/ndcg_at_k.png", "plots/recall_at_k.png", "plots/diff_dense_ndcg_10.png"} {
		st, err := os.Stat(filepath.Join(out, f))
		require.NoError(t, err, f)
		assert.Positive(t, st.Size(), f)
	}

	// The run on disk scores what the harness reported.
	run, err := ReadRunFile(filepath.Join(out, "runs", "hybrid.trec"))
	require.NoError(t, err)
	ms, _ := ParseMetrics(res.Metrics...)
	again := Evaluate(run, ds.Qrels, ms)
	for _, q := range res.Evaluated {
		for _, m := range res.Metrics {
			assert.InDelta(t, hybrid.PerQuery[q][m], again[q][m], 1e-12, "%s %s", q, m)
		}
	}

	var mj struct {
		Systems map[string]struct {
			Mean     map[string]float64            `json:"mean"`
			PerQuery map[string]map[string]float64 `json:"per_query"`
		} `json:"systems"`
	}
	b, err := os.ReadFile(filepath.Join(out, "metrics.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &mj))
	assert.InDelta(t, hybrid.Mean["ndcg@10"], mj.Systems["hybrid"].Mean["ndcg@10"], 1e-12)
	assert.Len(t, mj.Systems["dense"].PerQuery, len(res.Evaluated))

	f, err := os.Open(filepath.Join(out, "per_query.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"system", "qid", "metric", "value"}, rows[0])
	assert.Greater(t, len(rows), 3*len(res.Evaluated)*len(res.Metrics))

	var man Manifest
	b, err = os.ReadFile(filepath.Join(out, "manifest.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &man))
	assert.Equal(t, emb.Model(), man.Embedder)
	assert.Len(t, man.DatasetSHA256, 64)
	assert.Equal(t, uint64(7), man.Seed)
	assert.NotEmpty(t, man.GoVersion)
}
