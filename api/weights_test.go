package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/learning"
	"github.com/creatormatch/creatormatch/matcher"
)

// TestLearnedWeightsServe: feedback recorded through the API trains the
// workspace's weights in the background (every Trainer.Every events);
// /v1/match and /v1/shortlists then use them when the request sends no
// weights and name them in weights_version; GET /v1/weights shows them
// with their history; DELETE /v1/weights goes back to the presets.
func TestLearnedWeightsServe(t *testing.T) {
	st := backends[0].open(t) // memory; the stores' side is the contract suite's
	emb := testenv.Embedder(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := catalog.New(st, emb, catalog.WithLogger(log))
	m := matcher.New(st, emb.(matcher.QueryEmbedder), nil, matcher.Config{}, log)
	// Every brief is a training brief: the split holds back the one
	// named "held".
	tr := &learning.Trainer{Matcher: m, Store: st, Every: 8, Split: func(id string) bool { return strings.HasPrefix(id, "held") }}
	t.Cleanup(tr.Stop)
	srv, err := api.New(api.Config{RateLimit: -1}, api.Deps{Catalog: svc, Matcher: m, Log: log, Trainer: tr})
	require.NoError(t, err)
	s := &testServer{t: t, h: srv, srv: srv, store: st}

	var cs []string
	for i := 1; i <= 4; i++ {
		c := strings.Replace(goodCreator, `"good-1"`, fmt.Sprintf(`"good-%d"`, i), 1)
		c = strings.Replace(c, `"followers":48200`, fmt.Sprintf(`"followers":%d`, 2000*i*i*i), 1)
		cs = append(cs, c)
	}
	rec := s.do("POST", "/v1/creators", `{"creators":[`+strings.Join(cs, ",")+`]}`)
	require.Equal(t, 200, rec.Code, rec.Body.String())

	const brief = `{"brief":{"text":"vegan plant-based recipes on tiktok"},"limit":10}`
	var first matcher.Response
	rec = s.do("POST", "/v1/match", brief)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &first))
	require.Equal(t, matcher.WeightsPreset, first.WeightsVersion)

	// The strategist hires the last-ranked creator and rejects the rest,
	// on a training brief and on the held-back one.
	results := first.Results
	require.Len(t, results, 4)
	var evs []string
	for _, bid := range []string{"br-train", "held-1"} {
		for i, r := range results {
			kind := "rejected"
			if i == len(results)-1 {
				kind = "hired"
			}
			evs = append(evs, fmt.Sprintf(`{"brief_id":%q,"brief_text":"vegan plant-based recipes on tiktok","creator_id":%q,"event":%q}`, bid, r.CreatorID, kind))
		}
	}
	rec = s.do("POST", "/v1/feedback", `{"events":[`+strings.Join(evs, ",")+`]}`)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	tr.Wait() // 8 events: one training ran

	rec = s.do("GET", "/v1/weights?goal=launch", "")
	require.Equal(t, 200, rec.Code, rec.Body.String())
	var got struct {
		Current []struct {
			Goal           string             `json:"goal"`
			WeightsVersion string             `json:"weights_version"`
			Weights        map[string]float64 `json:"weights"`
		} `json:"current"`
		History []creatormatch.WeightVersion `json:"history"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	require.Len(t, got.History, 1, rec.Body.String())
	v := got.History[0]
	require.Equal(t, creatormatch.WeightsServed, v.Status, "the replay shows no loss: %s", rec.Body.String())
	require.Equal(t, 8, v.Events)
	require.NotNil(t, v.Replay)
	require.Equal(t, 1, v.Replay.Briefs)
	require.Len(t, got.Current, 1)
	require.Equal(t, "launch/v1", got.Current[0].WeightsVersion)

	var after matcher.Response
	rec = s.do("POST", "/v1/match", brief)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &after))
	assert.Equal(t, "launch/v1", after.WeightsVersion)
	assert.InDeltaMapValues(t, got.Current[0].Weights, map[string]float64(after.Weights), 1e-12)
	assert.NotEqual(t, first.Weights, after.Weights)

	rec = s.do("POST", "/v1/match", strings.Replace(brief, `"limit":10`, `"limit":10,"weights":{"engagement":1}`, 1))
	require.Equal(t, 200, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `"weights_version":"request"`, "a request's own weights win")

	rec = s.do("POST", "/v1/shortlists", `{"brief":{"text":"vegan plant-based recipes"},"budget":{"total":1000000,"currency":"USD"},"min_fit":0}`)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `"weights_version":"launch/v1"`)

	rec = s.do("DELETE", "/v1/weights", "")
	require.Equal(t, 200, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `"status":"reset"`)
	rec = s.do("POST", "/v1/match", brief)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `"weights_version":"preset"`)
	rec = s.do("GET", "/v1/weights", "")
	require.Equal(t, 200, rec.Code, rec.Body.String())
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	require.Len(t, got.History, 2, "the reset is a version")
	rec = s.do("DELETE", "/v1/weights", "")
	require.Equal(t, 200, rec.Code, rec.Body.String())
	assert.JSONEq(t, `{"reset":[]}`, rec.Body.String(), "nothing left to reset")

}
