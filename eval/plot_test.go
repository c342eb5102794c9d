package eval

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlots(t *testing.T) {
	var systems []*SystemResult
	for i := range 12 {
		s := &SystemResult{Name: fmt.Sprintf("system-%d", i), Curves: map[string]map[int]float64{"ndcg": {}}, PerQuery: PerQuery{}}
		for _, k := range []int{1, 5, 10, 100} {
			s.Curves["ndcg"][k] = float64(i+k%7) / 20
		}
		for q := range 30 {
			s.PerQuery[fmt.Sprintf("q%02d", q)] = map[string]float64{"ndcg@10": float64((q*(i+3))%10) / 10}
		}
		systems = append(systems, s)
	}
	dir := t.TempDir()
	curves := filepath.Join(dir, "curves.png")
	require.NoError(t, PlotCurves(curves, "ndcg", "ndcg@k", systems))
	diff := filepath.Join(dir, "diff.png")
	require.NoError(t, PlotDiffs(diff, "ndcg@10", systems[1], systems[0], systems[0].PerQuery.QueryIDs()))
	for _, p := range []string{curves, diff} {
		f, err := os.Open(p)
		require.NoError(t, err)
		img, err := png.Decode(f)
		f.Close()
		require.NoError(t, err, p)
		assert.Greater(t, img.Bounds().Dx(), 500)
	}
	if d := os.Getenv("EVAL_PLOT_DIR"); d != "" { // look at them: EVAL_PLOT_DIR=/tmp/x go test -run TestPlots
		_ = os.Rename(curves, filepath.Join(d, "curves.png"))
		_ = os.Rename(diff, filepath.Join(d, "diff.png"))
	}
}
