package eval

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPerQueryCSVRoundTrip: what writePerQueryCSV writes, ReadPerQueryCSV
// reads back value for value.
func TestPerQueryCSVRoundTrip(t *testing.T) {
	r := &Result{Systems: []*SystemResult{
		{Name: "hybrid", PerQuery: PerQuery{"q1": {"ndcg@10": 0.5, "map": 0.25}, "q2": {"ndcg@10": 1}}},
		{Name: "dense", PerQuery: PerQuery{"q1": {"ndcg@10": 0.125}}},
	}}
	path := t.TempDir() + "/per_query.csv"
	require.NoError(t, r.writePerQueryCSV(path))
	f, err := os.ReadFile(path)
	require.NoError(t, err)
	got, err := ReadPerQueryCSV(bytes.NewReader(f))
	require.NoError(t, err)
	assert.Equal(t, map[string]PerQuery{
		"hybrid": {"q1": {"ndcg@10": 0.5, "map": 0.25}, "q2": {"ndcg@10": 1}},
		"dense":  {"q1": {"ndcg@10": 0.125}},
	}, got)

	_, err = ReadPerQueryCSV(strings.NewReader("a,b,c,d\n"))
	assert.ErrorContains(t, err, "header")
	_, err = ReadPerQueryCSV(strings.NewReader("system,qid,metric,value\nhybrid,q1,map,x\n"))
	assert.ErrorContains(t, err, "line 2")
}
