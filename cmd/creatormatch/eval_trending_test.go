package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/internal/testenv"
)

// TestEvalDatasetYouTubeTrending: `eval --dataset youtube-trending` opens
// the trending data (materialised with --write-dataset, so nothing is
// embedded), the flag help names it, and a wrong data directory is a usage
// error naming the path.
func TestEvalDatasetYouTubeTrending(t *testing.T) {
	code, _, stderr := runCLI(t, nil, "eval", "-h")
	assert.Equal(t, 0, code)
	assert.Contains(t, stderr, "youtube-trending")

	if _, err := demodata.TrendingDir(); err != nil {
		testenv.Missing(t, err.Error())
	}
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, nil, "eval", "--dataset", "youtube-trending", "--write-dataset", dir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "wrote youtube-trending: 2198 creators, 49 queries")
	for _, f := range []string{"creators.jsonl", "queries.jsonl", "qrels.txt"} {
		st, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err)
		assert.Positive(t, st.Size(), f)
	}

	code, _, stderr = runCLI(t, map[string]string{demodata.TrendingDirEnv: "/no/such/dir"}, "eval", "--dataset", "youtube-trending", "--write-dataset", t.TempDir())
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr, "/no/such/dir")
}
