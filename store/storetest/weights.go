package storetest

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// testWeights checks the WeightStore: versions count from 1 per
// (workspace, goal), history is newest first, the current version is the
// newest not rejected, workspaces never see each other's, and everything
// survives a reopen (and, for stores that compact, a snapshot).
func testWeights(t *testing.T, f Factory) {
	w := func(x float64) map[string]float64 { return map[string]float64{"engagement": x, "semantic_fit": 1 - x} }
	add := func(t *testing.T, s cm.Store, v cm.WeightVersion) cm.WeightVersion {
		t.Helper()
		out, err := s.AddWeights(ctx(t), v)
		require.NoError(t, err)
		return out
	}
	t.Run("Versions", func(t *testing.T) {
		s := f.New(t)
		cur, err := s.CurrentWeights(ctx(t), "acme")
		require.NoError(t, err)
		require.Empty(t, cur)
		hist, err := s.WeightHistory(ctx(t), "acme", "", 0)
		require.NoError(t, err)
		require.Empty(t, hist)

		replay := &cm.WeightReplay{Briefs: 4, NDCG10: 0.61, ServingNDCG: 0.55, ServingLabel: "preset"}
		v1 := add(t, s, cm.WeightVersion{Workspace: "acme", Goal: cm.GoalLaunch, Status: cm.WeightsServed, Weights: w(0.3), TrainedAt: timeAt(1), Events: 50, Replay: replay})
		require.Equal(t, int64(1), v1.Version)
		v2 := add(t, s, cm.WeightVersion{Workspace: "acme", Goal: cm.GoalLaunch, Status: cm.WeightsRejected, Weights: w(0.9), TrainedAt: timeAt(2), Events: 100})
		require.Equal(t, int64(2), v2.Version)
		c1 := add(t, s, cm.WeightVersion{Workspace: "acme", Goal: cm.GoalConversion, Status: cm.WeightsServed, Weights: w(0.5), TrainedAt: timeAt(3), Events: 10})
		require.Equal(t, int64(1), c1.Version, "versions count per goal")
		o1 := add(t, s, cm.WeightVersion{Workspace: "other", Goal: cm.GoalLaunch, Status: cm.WeightsServed, Weights: w(0.7), TrainedAt: timeAt(4)})
		require.Equal(t, int64(1), o1.Version, "versions count per workspace")

		check := func(t *testing.T, s cm.Store) {
			cur, err := s.CurrentWeights(ctx(t), "acme")
			require.NoError(t, err)
			require.Len(t, cur, 2)
			require.Equal(t, int64(1), cur[cm.GoalLaunch].Version, "a rejected version does not serve")
			require.Equal(t, w(0.3), cur[cm.GoalLaunch].Weights)
			require.Equal(t, *replay, *cur[cm.GoalLaunch].Replay)
			require.Equal(t, 50, cur[cm.GoalLaunch].Events)
			require.True(t, timeAt(1).Equal(cur[cm.GoalLaunch].TrainedAt))
			require.Equal(t, cm.WeightsServed, cur[cm.GoalLaunch].Status)

			hist, err := s.WeightHistory(ctx(t), "acme", "", 0)
			require.NoError(t, err)
			var got []string
			for _, v := range hist {
				got = append(got, string(v.Goal)+"/"+string(v.Status)+"/"+string(rune('0'+v.Version)))
			}
			require.Equal(t, []string{"conversion/served/1", "launch/rejected/2", "launch/served/1"}, got)
			hist, err = s.WeightHistory(ctx(t), "acme", cm.GoalLaunch, 1)
			require.NoError(t, err)
			require.Len(t, hist, 1)
			require.Equal(t, int64(2), hist[0].Version)
			require.Equal(t, w(0.9), hist[0].Weights)

			other, err := s.CurrentWeights(ctx(t), "other")
			require.NoError(t, err)
			require.Equal(t, cm.WeightsReset, other[cm.GoalLaunch].Status)
			require.Empty(t, other[cm.GoalLaunch].Weights)
			hist, err = s.WeightHistory(ctx(t), "other", cm.GoalLaunch, 0)
			require.NoError(t, err)
			require.Len(t, hist, 2)
			require.Equal(t, w(0.7), hist[1].Weights)
			none, err := s.WeightHistory(ctx(t), "nobody", "", 0)
			require.NoError(t, err)
			require.Empty(t, none)
		}
		// A reset serves the preset: the newest version, without weights.
		r := add(t, s, cm.WeightVersion{Workspace: "other", Goal: cm.GoalLaunch, Status: cm.WeightsReset, TrainedAt: timeAt(5)})
		require.Equal(t, int64(2), r.Version)
		check(t, s)

		if f.Reopen == nil {
			return
		}
		s = f.Reopen(t, s)
		check(t, s)
		if c, ok := s.(interface{ Compact(context.Context) error }); ok {
			require.NoError(t, c.Compact(ctx(t)))
			s = f.Reopen(t, s)
			check(t, s)
		}
		// Versions continue after a reopen.
		v3 := add(t, s, cm.WeightVersion{Workspace: "acme", Goal: cm.GoalLaunch, Status: cm.WeightsServed, Weights: w(0.4), TrainedAt: timeAt(6)})
		require.Equal(t, int64(3), v3.Version)
	})

	t.Run("Invalid", func(t *testing.T) {
		s := f.New(t)
		for name, v := range map[string]cm.WeightVersion{
			"no workspace":         {Goal: cm.GoalLaunch, Status: cm.WeightsServed, Weights: w(0.5)},
			"bad goal":             {Workspace: "acme", Goal: "fame", Status: cm.WeightsServed, Weights: w(0.5)},
			"bad status":           {Workspace: "acme", Goal: cm.GoalLaunch, Status: "maybe", Weights: w(0.5)},
			"negative weight":      {Workspace: "acme", Goal: cm.GoalLaunch, Status: cm.WeightsServed, Weights: map[string]float64{"x": -1}},
			"served without":       {Workspace: "acme", Goal: cm.GoalLaunch, Status: cm.WeightsServed},
			"reset with weights":   {Workspace: "acme", Goal: cm.GoalLaunch, Status: cm.WeightsReset, Weights: w(0.5)},
			"negative event count": {Workspace: "acme", Goal: cm.GoalLaunch, Status: cm.WeightsServed, Weights: w(0.5), Events: -1},
		} {
			_, err := s.AddWeights(ctx(t), v)
			requireErrIs(t, err, cm.ErrInvalid, name)
		}
		hist, err := s.WeightHistory(ctx(t), "acme", "", 0)
		require.NoError(t, err)
		require.Empty(t, hist)
	})

	t.Run("ConcurrentVersions", func(t *testing.T) {
		s := f.New(t)
		const n = 8
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.AddWeights(ctx(t), cm.WeightVersion{Workspace: "acme", Goal: cm.GoalLaunch, Status: cm.WeightsServed, Weights: w(0.5)})
				require.NoError(t, err)
			}()
		}
		wg.Wait()
		hist, err := s.WeightHistory(ctx(t), "acme", cm.GoalLaunch, 0)
		require.NoError(t, err)
		require.Len(t, hist, n)
		for i, v := range hist {
			require.Equal(t, int64(n-i), v.Version, "distinct, gapless versions")
		}
	})
}
