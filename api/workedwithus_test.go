package api_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/internal/testenv"
)

// TestWorkedWithUs: a workspace's hires and campaign results show on its
// own match results and shortlists ("worked with us before", with the
// outcome), on both stores, and never on another workspace's.
func TestWorkedWithUs(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			mk := func(ws string) string {
				k, secret := creatormatch.NewWorkspaceAPIKey(ws, ws+"-w", []creatormatch.Scope{creatormatch.ScopeWrite}, time.Now())
				require.NoError(t, st.CreateAPIKey(context.Background(), k))
				return secret
			}
			aKey, bKey := mk("acme"), mk("beta")
			s := newServerWith(t, st, testenv.Embedder(t), api.Config{RateLimit: -1}, &testenv.LogBuffer{})
			as := func(key, method, path, body string) *httptest.ResponseRecorder {
				rec := s.req(method, path, body, key, local)
				require.Less(t, rec.Code, 300, "%s %s: %s", method, path, rec.Body.String())
				return rec
			}
			twin := strings.Replace(goodCreator, `"good-1"`, `"good-2"`, 1)
			as(aKey, "POST", "/v1/creators", `{"creators":[`+goodCreator+`,`+twin+`]}`)
			as(aKey, "POST", "/v1/feedback", `{"events":[
				{"brief_id":"br_1","creator_id":"good-1","event":"hired","metrics":{"cost":1200,"deliverables":3}},
				{"brief_id":"br_1","creator_id":"good-1","event":"campaign_result","metrics":{"engagements":5400,"sales":87}},
				{"brief_id":"br_1","creator_id":"good-1","event":"shortlisted"}]}`)

			matchOf := func(key string) creatormatch.Match {
				var resp struct {
					Results []creatormatch.Match `json:"results"`
				}
				rec := as(key, "POST", "/v1/match", `{"brief":{"text":"vegan plant-based recipes"},"limit":5}`)
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &resp))
				require.NotEmpty(t, resp.Results)
				return resp.Results[0]
			}
			m := matchOf(aKey)
			require.NotNil(t, m.WorkedWithUs)
			assert.Equal(t, 1, m.WorkedWithUs.Hires)
			assert.Equal(t, 1, m.WorkedWithUs.Results)
			assert.Equal(t, map[string]float64{"cost": 1200, "deliverables": 3}, m.WorkedWithUs.LastHire)
			assert.Equal(t, map[string]float64{"engagements": 5400, "sales": 87}, m.WorkedWithUs.LastResult)
			assert.False(t, m.WorkedWithUs.LastHiredAt.IsZero())

			assert.Nil(t, matchOf(bKey).WorkedWithUs, "another workspace never sees acme's history")

			// Under the community goal the history is a signal: of two
			// creators alike but for their id, the one acme hired ranks
			// first for acme, by worked_with_us's weight × (1 − 0.5).
			community := func(key string) []creatormatch.Match {
				var resp struct {
					Results []creatormatch.Match `json:"results"`
				}
				rec := as(key, "POST", "/v1/match", `{"brief":{"text":"vegan plant-based recipes","goal":"community"},"limit":5}`)
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &resp))
				require.Len(t, resp.Results, 2)
				return resp.Results
			}
			rs := community(aKey)
			assert.Equal(t, "good-1", rs[0].CreatorID)
			assert.Equal(t, 1.0, rs[0].Signals["worked_with_us"])
			assert.Equal(t, 0.5, rs[1].Signals["worked_with_us"])
			assert.InDelta(t, 0.04*0.5, rs[0].Score-rs[1].Score, 1e-9)
			rs = community(bKey)
			assert.Equal(t, rs[0].Score, rs[1].Score, "beta has no history: the twins tie")
			rec := as(bKey, "POST", "/v1/shortlists", `{"brief":{"text":"vegan plant-based recipes"},"budget":{"total":1000000,"currency":"USD"},"max_creators":5,"min_fit":0}`)
			assert.NotContains(t, rec.Body.String(), `"worked_with_us":{`)
			rec = as(aKey, "POST", "/v1/shortlists", `{"brief":{"text":"vegan plant-based recipes"},"budget":{"total":1000000,"currency":"USD"},"max_creators":5,"min_fit":0}`)
			assert.Contains(t, rec.Body.String(), `"worked_with_us":{"hires":1`)
		})
	}
}

// TestWorkedWithUsFold pins the fold: counts, and the latest hire and
// result win whatever the order the events arrive in.
func TestWorkedWithUsFold(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 5, 1, h, 0, 0, 0, time.UTC) }
	got := creatormatch.WorkedWithUsFrom([]creatormatch.FeedbackEvent{
		{CreatorID: "a", Kind: creatormatch.FeedbackHired, CreatedAt: at(5), Metrics: map[string]float64{"cost": 2}},
		{CreatorID: "a", Kind: creatormatch.FeedbackHired, CreatedAt: at(1), Metrics: map[string]float64{"cost": 1}},
		{CreatorID: "a", Kind: creatormatch.FeedbackCampaignResult, CreatedAt: at(3), Metrics: map[string]float64{"sales": 9}},
		{CreatorID: "a", Kind: creatormatch.FeedbackRejected, CreatedAt: at(9)},
		{CreatorID: "b", Kind: creatormatch.FeedbackShortlisted, CreatedAt: at(2)},
	})
	require.Len(t, got, 1, "only hires and results make a history")
	assert.Equal(t, creatormatch.WorkedWithUs{Hires: 2, LastHiredAt: at(5), LastHire: map[string]float64{"cost": 2},
		Results: 1, LastResultAt: at(3), LastResult: map[string]float64{"sales": 9}}, *got["a"])
}
