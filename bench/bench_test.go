package bench

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/internal/testenv"
)

func TestPercentile(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3, 10, 9, 8, 7, 6}
	assert.Equal(t, 5.0, Percentile(xs, 0.5))
	assert.Equal(t, 10.0, Percentile(xs, 0.95))
	assert.Equal(t, 10.0, Percentile(xs, 0.99))
	assert.Equal(t, 1.0, Percentile(xs, 0.01))
	assert.Equal(t, 0.0, Percentile(nil, 0.5))
	assert.Equal(t, 5.0, xs[0], "input not modified")
	hundred := make([]float64, 100)
	for i := range hundred {
		hundred[i] = float64(100 - i)
	}
	assert.Equal(t, 50.0, Percentile(hundred, 0.5))
	assert.Equal(t, 95.0, Percentile(hundred, 0.95))
	assert.Equal(t, 99.0, Percentile(hundred, 0.99))
}

func TestMatchRecordJSONShape(t *testing.T) {
	b, err := json.Marshal(MatchRecord{Kind: "match", Store: "memory", Creators: 10, Mode: "http"})
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	for _, k := range []string{"store", "creators", "filter_selectivity", "concurrency", "mode", "p50_ms", "p95_ms", "p99_ms",
		"qps", "recall_at_10", "recall_at_100", "excl_embed_p50_ms", "bare_query_p50_ms"} {
		assert.Contains(t, m, k)
	}
}

func TestPlantedShares(t *testing.T) {
	const n = 20000
	for _, f := range Filters() {
		got := selectivity(1, n, f.Filter)
		assert.InDelta(t, f.Share, got, f.Share*0.2+0.002, f.Name)
	}
}

// TestRunSmall runs the whole bench at 300 creators on the memory store.
func TestRunSmall(t *testing.T) {
	emb := testenv.Embedder(t)
	dir := t.TempDir()
	prof := filepath.Join(dir, "cpu.prof")
	rep, err := Run(context.Background(), Config{
		Sizes: []int{300}, Stores: []string{"memory"}, DataDir: filepath.Join(dir, "data"),
		Queries: 4, Duration: 2 * time.Second, Concurrency: []int{1, 2}, Templates: 20, IngestCreators: 10,
		CPUProfile: prof, Embedder: emb,
	})
	require.NoError(t, err)
	require.NotNil(t, rep.Ingest)
	assert.Equal(t, 10, rep.Ingest.Creators)
	assert.GreaterOrEqual(t, rep.Ingest.PiecesPerPost, float64(PostPieces), "posts are real-length")
	assert.LessOrEqual(t, rep.Ingest.PiecesPerPost, float64(PostPieces)+10, "posts are real-length, not longer")
	assert.Positive(t, rep.Ingest.GFLOPS)
	assert.NotEmpty(t, rep.Targets(), "the ingest target at least is checked")
	require.Len(t, rep.Loads, 1)
	assert.False(t, rep.Loads[0].Reused)
	require.Len(t, rep.Matches, len(Filters())*2*2) // filters × modes × concurrency
	for _, m := range rep.Matches {
		assert.Zero(t, m.Errors, m.Filter)
		assert.Positive(t, m.Requests)
		assert.Equal(t, 1.0, m.RecallAt10, "the memory store is exact")
		assert.Positive(t, m.P50)
		assert.Positive(t, m.BareQueryP50)
		assert.Positive(t, m.BareFullScanP50, "the memory target's reference")
	}
	require.NoError(t, rep.Write(filepath.Join(dir, "out")))
	var recs []map[string]any
	b, err := os.ReadFile(filepath.Join(dir, "out", "bench.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &recs))
	assert.NotEmpty(t, recs)
	md, err := os.ReadFile(filepath.Join(dir, "out", "bench.md"))
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(md), "| memory | 300 |"))
	st, err := os.Stat(ProfilePath(prof, "memory"))
	require.NoError(t, err)
	assert.Positive(t, st.Size())

	// A second run reuses the loaded catalogue.
	rep, err = Run(context.Background(), Config{
		Sizes: []int{300}, Stores: []string{"memory"}, DataDir: filepath.Join(dir, "data"),
		Queries: 2, Duration: time.Second, Concurrency: []int{1}, Templates: 20, IngestCreators: 5, Embedder: emb, SkipHTTP: true,
	})
	require.NoError(t, err)
	assert.True(t, rep.Loads[0].Reused)
	assert.Empty(t, rep.FirstSight, "the embedded store reads no database pages")
}

// TestBareScan checks the memory target's reference scan against a plain
// loop: the same top k rows, with and without a mask, when the slab is
// split across workers. The bench times this scan, so it must do the whole
// job a match's exact search does, not less.
func TestBareScan(t *testing.T) {
	const n, dim, k = 45000, 16, 100 // n/20000 = 2 workers when GOMAXPROCS ≥ 2
	r := rand.New(rand.NewPCG(3, 4))
	s := &memSlab{n: n, dim: dim, data: make([]float32, n*dim)}
	for i := range s.data {
		s.data[i] = float32(r.NormFloat64())
	}
	q := make([]float32, dim)
	for i := range q {
		q[i] = float32(r.NormFloat64())
	}
	mask := make([]bool, n)
	for i := range mask {
		mask[i] = i%7 == 3
	}
	for _, tc := range []struct {
		name string
		mask []bool
	}{{"no mask", nil}, {"one row in seven", mask}} {
		t.Run(tc.name, func(t *testing.T) {
			var want []cand
			for row := range n {
				if tc.mask == nil || tc.mask[row] {
					want = append(want, cand{blas.Sdot(dim, q, 1, s.data[row*dim:(row+1)*dim], 1), int32(row)})
				}
			}
			sort.Slice(want, func(i, j int) bool { return want[i].score > want[j].score })
			want = want[:k]
			got := s.bareScan(q, tc.mask, k)
			require.Len(t, got, k*max(1, min(runtime.GOMAXPROCS(0), n/20000, 8)), "each worker keeps its own k best")
			sort.Slice(got, func(i, j int) bool { return got[i].score > got[j].score })
			assert.Equal(t, want, []cand(got[:k]))
		})
	}
}

func TestRunPostgresSmall(t *testing.T) {
	emb := testenv.Embedder(t)
	admin := testenv.DatabaseURL(t)
	dir := t.TempDir()
	seed := time.Now().UnixNano()%1000000 + 2 // a fresh bench database every run
	// Each creator is planted in NZ with probability 1%, so 400 of them
	// hold none about once in 55 seeds, and the 1% filter's exact top k
	// (and so its recall) would be empty.
	for selectivity(seed, 400, Filters()[3].Filter) == 0 {
		seed++
	}
	t.Logf("seed %d", seed)
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), admin)
		if err == nil {
			_, err = conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+
				pgx.Identifier{"creatormatch_bench_" + catalogueKey(400, 20, seed)}.Sanitize()+" WITH (FORCE)")
			conn.Close(context.Background())
		}
		assert.NoError(t, err, "drop the bench database")
	})
	rep, err := Run(context.Background(), Config{
		Sizes: []int{400}, Stores: []string{"postgres"}, DatabaseURL: admin, DataDir: filepath.Join(dir, "data"),
		Queries: 3, Duration: time.Second, Concurrency: []int{1}, Templates: 20, IngestCreators: 5,
		Seed: seed, Embedder: emb, SkipHTTP: true,
	})
	require.NoError(t, err)
	require.Len(t, rep.Matches, len(Filters()))
	for _, m := range rep.Matches {
		assert.Zero(t, m.Errors, m.Filter)
		assert.Positive(t, m.BareQueryP50, "the store's own statement was timed")
		assert.Positive(t, m.BareInterleavedP50, "and timed after each match of the in-process concurrency-1 cell")
		assert.Positive(t, m.RecallAt10, m.Filter)
	}
	require.Len(t, rep.FirstSight, len(Filters()), "one database warm-up record per filter")
	for _, f := range rep.FirstSight {
		assert.Equal(t, len(Briefs), f.Requests, f.Filter)
		assert.Positive(t, f.P50, f.Filter)
		assert.GreaterOrEqual(t, f.Max, f.P50, f.Filter)
	}
	require.Len(t, rep.Explains, len(Filters()))
	for f, plan := range rep.Explains {
		assert.Contains(t, plan, "Execution Time", f)
	}
}

func TestTargets(t *testing.T) {
	nz := Filters()[3].Name
	rep := &Report{
		Ingest: &IngestRecord{Store: "memory", Creators: 300, CreatorsPS: 30},
		Matches: []MatchRecord{
			// Postgres at its largest size, 1% filter: p99 60 ms against
			// 50; 45 ms excl. embedding against a 40 ms bare statement.
			{Store: "postgres", Creators: 1000, Filter: nz, Mode: "in_process", Concurrency: 1, Requests: 10,
				P99: 60, ExclEmbedP50: 45, BareQueryP50: 40, RecallAt10: 0.96},
			{Store: "postgres", Creators: 100, Filter: nz, Mode: "in_process", Concurrency: 1, Requests: 10, P99: 500},
			// Memory at 100k: the ratio is to the full scan (8 ms), not
			// to the same-filter scan (0.5 ms).
			{Store: "memory", Creators: 100000, Filter: nz, Mode: "in_process", Concurrency: 1, Requests: 10,
				P99: 12, ExclEmbedP50: 10, BareQueryP50: 0.5, BareFullScanP50: 8, RecallAt10: 1},
			// Concurrency 8 and HTTP rows are not target rows.
			{Store: "memory", Creators: 100000, Filter: nz, Mode: "http", Concurrency: 1, Requests: 10, P99: 99, RecallAt10: 0.5},
			{Store: "memory", Creators: 100000, Filter: nz, Mode: "in_process", Concurrency: 8, Requests: 10, P99: 99, RecallAt10: 0.5},
		},
	}
	got := map[string]Target{}
	for _, tg := range rep.Targets() {
		got[tg.Store+" "+tg.Name] = tg
	}
	check := func(key string, measured, ratio float64, met bool) {
		t.Helper()
		tg, ok := got[key]
		require.True(t, ok, key)
		assert.InDelta(t, measured, tg.Measured, 1e-9, key)
		assert.InDelta(t, ratio, tg.Ratio, 1e-3, key)
		assert.Equal(t, met, tg.Met, key)
	}
	check("memory ingest with real embeddings", 30, 0.5, true)
	check("postgres match p99 incl. embedding", 60, 1.2, false)
	check("postgres match p50 excl. embedding / bare pgvector statement p50", 1.125, 0.75, true)

	// With the bare statement timed after each match, the target uses that.
	rep.Matches[0].BareInterleavedP50 = 25
	got = map[string]Target{}
	for _, tg := range rep.Targets() {
		got[tg.Store+" "+tg.Name] = tg
	}
	check("postgres match p50 excl. embedding / bare pgvector statement p50 (timed after each match)", 1.8, 1.2, false)
	_, old := got["postgres match p50 excl. embedding / bare pgvector statement p50"]
	assert.False(t, old, "one ratio target, not two")
	check("memory match p99 incl. embedding", 12, 0.4, true)
	check("memory match p50 excl. embedding / bare exact scan of all vectors p50", 1.25, 1.25/1.3, true)
	recalls := 0
	for _, tg := range rep.Targets() {
		if tg.Name == "recall@10 vs exact" {
			recalls++
			assert.Equal(t, tg.Measured >= 0.95, tg.Met)
		}
	}
	assert.Equal(t, 2, recalls, "one per base row with a recall")
	assert.Len(t, got, 7, "five targets and two recall rows; the 100-creator postgres row is not the largest size")
}

// TestDriveUncounted: work that a request reports as uncounted (the bare
// statement timed beside each match) does not use up the cell's duration
// nor count in its elapsed time.
func TestDriveUncounted(t *testing.T) {
	const d, nap, maxN = 400 * time.Millisecond, 500 * time.Millisecond, 3
	for _, tc := range []struct {
		name      string
		uncounted bool
		calls     int
	}{{"counted: the cap stops the run", false, 1}, {"uncounted: the run goes to maxN", true, maxN}} {
		t.Run(tc.name, func(t *testing.T) {
			var uncounted *atomic.Int64
			if tc.uncounted {
				uncounted = new(atomic.Int64)
			}
			res := drive(context.Background(), 1, maxN, d, uncounted, func(int) (float64, map[string]float64, error) {
				start := time.Now()
				time.Sleep(nap)
				if uncounted != nil {
					uncounted.Add(int64(time.Since(start)))
				}
				return 1, nil, nil
			})
			assert.Len(t, res.wall, tc.calls)
			if uncounted != nil {
				assert.Panics(t, func() { drive(context.Background(), 2, 1, d, uncounted, nil) }, "uncounted time at concurrency 2")
			}
			if tc.uncounted {
				assert.Less(t, res.elapsed, nap, "only the time between calls counts")
			} else {
				assert.GreaterOrEqual(t, res.elapsed, nap)
			}
		})
	}
}
