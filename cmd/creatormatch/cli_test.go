package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/store/memory"
)

func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	for k, v := range env {
		t.Setenv(k, v)
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestIngestReportsRejectedLines(t *testing.T) {
	testenv.Embedder(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "creators.jsonl")
	lines := []string{
		`{"id":"a","bio":"Home baker sharing sourdough tips","accounts":[{"platform":"instagram","followers":4000}]}`,
		`{"id":"b","accounts":[{"platform":"myspace","followers":10}]}`,
		`not json`,
		`{"id":"a","bio":"duplicate"}`,
		`{"id":"c","bio":"Cyclist and bike mechanic","audience":{"age":{"18-24":0.5}}}`,
		`{"id":"d","bio":"Board game reviews every Friday"}`,
	}
	require.NoError(t, os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o600))
	env := map[string]string{"DATABASE_URL": "", "CREATORMATCH_DATA_DIR": filepath.Join(dir, "data"), "CREATORMATCH_MODEL_DIR": testenv.ModelDir()}
	code, out, errs := runCLI(t, env, "ingest", file)
	assert.Equal(t, 1, code, "rejected rows make the exit status non-zero")
	assert.Contains(t, out, "ingested 2 creators (6 read, 4 rejected)")
	assert.Contains(t, errs, "creators.jsonl:2: rejected: accounts[0].platform")
	assert.Contains(t, errs, "creators.jsonl:3: rejected: body")
	assert.Contains(t, errs, `creators.jsonl:4: rejected: duplicate id "a" (first on line 1)`)
	assert.Contains(t, errs, "creators.jsonl:5: rejected: audience.age")

	// Re-ingesting the good rows is idempotent.
	good := filepath.Join(dir, "good.jsonl")
	require.NoError(t, os.WriteFile(good, []byte(lines[0]+"\n"+lines[5]+"\n"), 0o600))
	code, out, _ = runCLI(t, env, "ingest", good)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "ingested 2 creators (2 read, 0 rejected)")
}

func TestEmbedCommand(t *testing.T) {
	testenv.Embedder(t)
	env := map[string]string{"CREATORMATCH_MODEL_DIR": testenv.ModelDir()}
	code, out, errs := runCLI(t, env, "embed", "--json", "vegan meal prep")
	require.Equal(t, 0, code, errs)
	var got struct {
		Model     string    `json:"model"`
		Dimension int       `json:"dimension"`
		Vector    []float64 `json:"vector"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, "use-lite-0.2.0", got.Model)
	assert.Equal(t, 512, got.Dimension)
	assert.Len(t, got.Vector, 512)

	code, out, _ = runCLI(t, env, "embed", "vegan meal prep")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "dimension: 512")

	code, _, _ = runCLI(t, env, "embed", "   ")
	assert.Equal(t, 2, code)

	code, _, errs = runCLI(t, map[string]string{"CREATORMATCH_MODEL_DIR": t.TempDir()}, "embed", "hello")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "scripts/fetch-model", "a missing model names the command that fixes it")
}

func TestDemoDataCommand(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI(t, nil, "demo-data", "--creators", "30", "--seed", "5", "--out", dir)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "wrote 30 creators")
	b, err := os.ReadFile(filepath.Join(dir, "truth.jsonl"))
	require.NoError(t, err)
	assert.Equal(t, 30, strings.Count(string(b), "\n"))
	first := strings.SplitN(string(b), "\n", 2)[0]
	assert.True(t, strings.HasPrefix(first, `{"id":`), first)

	code, _, _ = runCLI(t, nil, "demo-data")
	assert.Equal(t, 2, code)
	code, _, _ = runCLI(t, nil, "nonsense")
	assert.Equal(t, 2, code)
}

func TestMatchCommand(t *testing.T) {
	testenv.Embedder(t)
	dir := t.TempDir()
	env := map[string]string{"DATABASE_URL": "", "CREATORMATCH_DATA_DIR": filepath.Join(dir, "data"), "CREATORMATCH_MODEL_DIR": testenv.ModelDir()}
	code, _, errs := runCLI(t, nil, "demo-data", "--creators", "25", "--out", dir)
	require.Equal(t, 0, code, errs)
	code, _, errs = runCLI(t, env, "ingest", filepath.Join(dir, "creators.jsonl"))
	require.Equal(t, 0, code, errs)
	code, out, errs := runCLI(t, env, "match", "--limit", "5", "--reasons", "vegan recipes for students, $2k, TikTok")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "brief: goal=")
	assert.Contains(t, out, "budget=2000 USD")
	assert.Contains(t, out, "#  CREATOR")
	assert.Equal(t, 5, strings.Count(out, "\n1. ")+strings.Count(out, "\n2. ")+strings.Count(out, "\n3. ")+strings.Count(out, "\n4. ")+strings.Count(out, "\n5. "))
}

// TestMigratePacksCreators: migrate applies the migrations and gives
// creators stored without a pack (as before migration 009) their packs,
// and a second run finds nothing left to pack.
func TestMigratePacksCreators(t *testing.T) {
	testenv.Embedder(t)
	dbURL := testenv.FreshDatabase(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "creators.jsonl")
	require.NoError(t, os.WriteFile(file, []byte(
		`{"id":"a","bio":"Home baker sharing sourdough tips","accounts":[{"platform":"instagram","followers":4000}]}`+"\n"+
			`{"id":"b","bio":"Board game reviews every Friday","accounts":[{"platform":"tiktok","followers":12000}]}`+"\n"), 0o600))
	env := map[string]string{"DATABASE_URL": dbURL, "CREATORMATCH_MODEL_DIR": testenv.ModelDir()}
	code, out, errs := runCLI(t, env, "ingest", file)
	require.Equal(t, 0, code, errs)
	require.Contains(t, out, "ingested 2 creators")

	conn, err := pgx.Connect(context.Background(), dbURL)
	require.NoError(t, err)
	defer conn.Close(context.Background())
	_, err = conn.Exec(context.Background(), "DELETE FROM creator_packs")
	require.NoError(t, err)

	code, out, errs = runCLI(t, env, "migrate")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "migrations applied")
	assert.Contains(t, out, "packed 2 creators")
	var n int
	require.NoError(t, conn.QueryRow(context.Background(), "SELECT count(*) FROM creator_packs").Scan(&n))
	assert.Equal(t, 2, n)
	code, out, _ = runCLI(t, env, "migrate")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "packed 0 creators")
}

// TestIngestRanksAgainstTheWholeFile: after `creatormatch ingest` in small
// batches, every creator's engagement is ranked among all the creators of
// the file, not among the batches before its own.
func TestIngestRanksAgainstTheWholeFile(t *testing.T) {
	testenv.Embedder(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	env := map[string]string{"DATABASE_URL": "", "CREATORMATCH_DATA_DIR": data, "CREATORMATCH_MODEL_DIR": testenv.ModelDir()}
	code, _, errs := runCLI(t, nil, "demo-data", "--creators", "25", "--out", dir)
	require.Equal(t, 0, code, errs)
	code, _, errs = runCLI(t, env, "ingest", "--batch", "5", filepath.Join(dir, "creators.jsonl"))
	require.Equal(t, 0, code, errs)

	ctx := context.Background()
	st, err := memory.Open(ctx, data)
	require.NoError(t, err)
	defer st.Close()
	rates, err := st.PeerRates(ctx)
	require.NoError(t, err)
	table := features.NewPeerTable(rates)
	n := 0
	require.NoError(t, st.ScanCreators(ctx, func(c *creatormatch.Creator) error {
		n++
		er := c.Features.EngagementRate
		key, _, _ := features.PeerEntry(c.Features)
		assert.Equal(t, len(rates[key]), er.Peers, c.ID)
		assert.Equal(t, table.Percentile(er.Platform, er.Tier, er.Value, features.DefaultConfig()), er.Percentile, c.ID)
		return nil
	}))
	assert.Equal(t, 25, n)
}

// TestMatchSaysWhereItLooked: match never creates an empty store where
// the user meant another one; it says where it looked, and points at
// scripts/demo's store when there is one.
func TestMatchSaysWhereItLooked(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	missing := filepath.Join(dir, "nowhere")
	code, _, stderr := runCLI(t, map[string]string{"CREATORMATCH_DATA_DIR": missing, "DATABASE_URL": ""}, "match", "vegan snacks")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "no embedded store at "+missing)
	assert.NotContains(t, stderr, ".data/demo")
	_, err := os.Stat(missing)
	assert.True(t, os.IsNotExist(err), "match created the store")

	require.NoError(t, os.MkdirAll(filepath.Join(dir, ".data", "demo"), 0o755))
	code, _, stderr = runCLI(t, map[string]string{"CREATORMATCH_DATA_DIR": missing, "DATABASE_URL": ""}, "match", "vegan snacks")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "pass --data-dir .data/demo")
}
