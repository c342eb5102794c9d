package bench

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
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
}

func TestRunPostgresSmall(t *testing.T) {
	emb := testenv.Embedder(t)
	admin := testenv.DatabaseURL(t)
	dir := t.TempDir()
	seed := time.Now().UnixNano()%1000000 + 2 // a fresh bench database every run
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
		assert.Positive(t, m.RecallAt10, m.Filter)
	}
	require.Len(t, rep.Explains, len(Filters()))
	for f, plan := range rep.Explains {
		assert.Contains(t, plan, "Execution Time", f)
	}
}
