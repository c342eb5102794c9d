package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCompareCommand pairs two runs by query: after = before + 0.1 on two
// queries and − 0.1 on a third, so Δ = +0.1/3, W/T/L 2/0/1; a query only
// one run has is left out.
func TestCompareCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		d := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(d, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(d, "per_query.csv"), []byte("system,qid,metric,value\n"+body), 0o644))
		return d
	}
	before := write("before", "hybrid,q1,ndcg@10,0.5\nhybrid,q2,ndcg@10,0.25\nhybrid,q3,ndcg@10,0.75\ndense,q1,ndcg@10,0.9\n")
	after := write("after", "hybrid,q1,ndcg@10,0.6\nhybrid,q2,ndcg@10,0.35\nhybrid,q3,ndcg@10,0.65\nhybrid,q4,ndcg@10,1\n")
	code, stdout, stderr := runCLI(t, nil, "compare", "--metrics", "ndcg@10", before, after)
	require.Equal(t, 0, code, stderr)
	line := ""
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, "ndcg@10") {
			line = l
		}
	}
	f := strings.Fields(line)
	require.Len(t, f, 10, stdout)
	assert.Equal(t, []string{"ndcg@10", "3", "0.5000", "0.5333", "+0.0333"}, f[:5])
	assert.Equal(t, "2/0/1", f[9])

	code, _, stderr = runCLI(t, nil, "compare", "--system", "served", before, after)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr, `no system "served"`)
}
