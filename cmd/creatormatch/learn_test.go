package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/store/memory"
)

// TestLearnCommand: learn trains the workspace's weights from its stored
// feedback and prints the version with its replay figures; --reset puts
// the workspace back on the presets; a missing workspace is a usage error.
func TestLearnCommand(t *testing.T) {
	testenv.Embedder(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	env := map[string]string{"DATABASE_URL": "", "CREATORMATCH_DATA_DIR": data, "CREATORMATCH_MODEL_DIR": testenv.ModelDir()}
	code, _, errs := runCLI(t, nil, "demo-data", "--creators", "25", "--out", dir)
	require.Equal(t, 0, code, errs)
	code, _, errs = runCLI(t, env, "ingest", filepath.Join(dir, "creators.jsonl"))
	require.Equal(t, 0, code, errs)

	code, _, errs = runCLI(t, env, "learn")
	require.Equal(t, 2, code, errs)

	st, err := memory.Open(context.Background(), data)
	require.NoError(t, err)
	var ids []string
	require.NoError(t, st.ScanCreators(context.Background(), func(c *creatormatch.Creator) error {
		ids = append(ids, c.ID)
		return nil
	}))
	require.GreaterOrEqual(t, len(ids), 4)
	var evs []creatormatch.FeedbackEvent
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for b := range 8 {
		for i, id := range ids[:4] {
			kind := creatormatch.FeedbackDismissed
			if i == b%4 {
				kind = creatormatch.FeedbackHired
			}
			at = at.Add(time.Second)
			evs = append(evs, creatormatch.FeedbackEvent{ID: fmt.Sprintf("e%d-%d", b, i), Workspace: "acme", BriefID: fmt.Sprintf("brief-%d", b),
				BriefText: "vegan recipes for students on TikTok", CreatorID: id, Kind: kind, CreatedAt: at})
		}
	}
	require.NoError(t, st.AddFeedback(context.Background(), evs))
	require.NoError(t, st.Close())

	code, out, errs := runCLI(t, env, "learn", "--workspace", "acme", "--json")
	require.Equal(t, 0, code, errs)
	var vs []creatormatch.WeightVersion
	require.NoError(t, json.Unmarshal([]byte(out), &vs), out)
	require.Len(t, vs, 1, out)
	assert.Equal(t, creatormatch.GoalLaunch, vs[0].Goal)
	assert.Equal(t, int64(1), vs[0].Version)
	assert.Equal(t, 32, vs[0].Events)
	require.NotNil(t, vs[0].Replay)

	code, out, errs = runCLI(t, env, "learn", "--workspace", "other")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "nothing to learn")

	// Two held-back briefs, on which the learned weights lose nothing.
	require.Equal(t, creatormatch.WeightsServed, vs[0].Status, "replay %+v", *vs[0].Replay)
	assert.Equal(t, 2, vs[0].Replay.Briefs)

	code, out, errs = runCLI(t, env, "learn", "--workspace", "acme", "--reset")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "launch/v2")
	assert.Contains(t, out, "reset")
	code, out, errs = runCLI(t, env, "learn", "--workspace", "acme", "--reset")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "nothing to reset")
}
