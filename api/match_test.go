package api_test

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/demodata"
)

var demoJSON = sync.OnceValue(func() string {
	cs, _ := demodata.Generate(demodata.Config{Creators: 40, Seed: 11, Now: demodata.DefaultNow})
	for i := range cs {
		if len(cs[i].Content) > 5 {
			cs[i].Content = cs[i].Content[:5]
		}
	}
	b, _ := json.Marshal(map[string]any{"creators": cs})
	return string(b)
})

// TestMatchEndpoints exercises every matcher endpoint over HTTP on both
// stores: parse, match (with paging), shortlists, lookalikes, similar and
// feedback.
func TestMatchEndpoints(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := newServer(t, b, apiConfig())
			rec := s.do("POST", "/v1/creators", demoJSON())
			require.Equal(t, 200, rec.Code, rec.Body.String())

			// Parse.
			rec = s.do("POST", "/v1/briefs/parse", `{"text":"oat-milk yogurt launch, Gen Z in the US, TikTok or Instagram, 10k–100k followers, $15k"}`)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			var parsed struct {
				Brief   creatormatch.Brief `json:"brief"`
				BriefID string             `json:"brief_id"`
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &parsed))
			assert.Equal(t, 15000.0, parsed.Brief.Budget.Total)
			assert.ElementsMatch(t, []creatormatch.Platform{creatormatch.TikTok, creatormatch.Instagram}, parsed.Brief.Platforms)
			assert.Equal(t, creatormatch.GoalLaunch, parsed.Brief.Goal)
			assert.NotEmpty(t, parsed.BriefID)

			// Match, two pages.
			body := `{"brief":{"text":"healthy breakfast recipes for busy people"},"limit":5}`
			rec = s.do("POST", "/v1/match", body)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			var page struct {
				BriefID    string               `json:"brief_id"`
				Results    []creatormatch.Match `json:"results"`
				NextCursor string               `json:"next_cursor"`
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
			require.Len(t, page.Results, 5)
			require.NotEmpty(t, page.NextCursor)
			for _, r := range page.Results {
				sum := 0.0
				for _, v := range r.Contributions {
					sum += v
				}
				assert.InDelta(t, r.Score, sum, 1e-6)
				assert.NotEmpty(t, r.Card.Platforms)
			}
			first := slices.Clone(page.Results)
			page.Results = nil
			rec = s.do("POST", "/v1/match", `{"brief":{"text":"healthy breakfast recipes for busy people"},"limit":5,"cursor":"`+page.NextCursor+`"}`)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
			require.NotEmpty(t, page.Results)
			assert.Equal(t, 6, page.Results[0].Rank)
			for _, r := range page.Results {
				assert.False(t, slices.ContainsFunc(first, func(m creatormatch.Match) bool { return m.CreatorID == r.CreatorID }))
			}

			// Bad match requests are 4xx naming the field.
			for _, tc := range []struct{ body, field string }{
				{`{"brief":{"text":"x"},"limit":1000}`, "limit"},
				{`{"brief":{"text":"x"},"diversity":2}`, "diversity"},
				{`{"brief":{"text":"x"},"weights":{"vibes":1}}`, "weights.vibes"},
				{`{"brief":{"text":"x"},"cursor":"garbage"}`, "cursor"},
				{`{"brief":{"text":"x","platforms":["myspace"]}}`, "brief.platforms[0]"},
				{`{"brief":{"text":"x"},"goal":"fame"}`, "goal"},
				{`{"brief":{"text":"x","goal":"fame"}}`, "brief.goal"},
				{`{"brief":{"text":"x"},"filters":{"platforms":["myspace"]}}`, "filters.platforms[0]"},
			} {
				rec := s.do("POST", "/v1/match", tc.body)
				require.Equal(t, 422, rec.Code, "%s: %s", tc.body, rec.Body.String())
				assert.Contains(t, fields(problem(t, rec)), tc.field, tc.body)
			}

			// Shortlist.
			rec = s.do("POST", "/v1/shortlists", `{"brief":{"text":"healthy breakfast recipes"},"budget":{"total":5000,"currency":"USD"},"max_creators":5}`)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			var sl struct {
				Picks []struct {
					CreatorID string `json:"creator_id"`
				} `json:"picks"`
				Totals struct{ Cost, Remaining float64 } `json:"totals"`
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &sl))
			require.NotEmpty(t, sl.Picks)
			assert.LessOrEqual(t, len(sl.Picks), 5)
			assert.LessOrEqual(t, sl.Totals.Cost, 5000.0)
			rec = s.do("POST", "/v1/shortlists", `{"brief":{"text":"healthy breakfast recipes"}}`)
			assert.Equal(t, 422, rec.Code)

			// Lookalikes and similar.
			ex := first[0].CreatorID
			rec = s.do("POST", "/v1/lookalikes", `{"positive":["`+ex+`"],"negative":["`+first[1].CreatorID+`"],"limit":3}`)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			var la struct {
				Results []struct {
					CreatorID string `json:"creator_id"`
				} `json:"results"`
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &la))
			require.Len(t, la.Results, 3)
			for _, r := range la.Results {
				assert.NotEqual(t, ex, r.CreatorID)
			}
			rec = s.do("GET", "/v1/creators/"+ex+"/similar?limit=4", "")
			require.Equal(t, 200, rec.Code, rec.Body.String())
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &la))
			assert.Len(t, la.Results, 4)
			assert.Equal(t, 404, s.do("GET", "/v1/creators/nobody/similar", "").Code)
			assert.Equal(t, 422, s.do("POST", "/v1/lookalikes", `{"positive":[]}`).Code)

			// Feedback.
			rec = s.do("POST", "/v1/feedback", `{"events":[{"brief_id":"`+page.BriefID+`","creator_id":"`+ex+`","event":"rejected"}]}`)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			rec = s.do("POST", "/v1/feedback", `{"events":[{"brief_id":"b","creator_id":"`+ex+`","event":"liked"}]}`)
			require.Equal(t, 422, rec.Code)
			assert.Contains(t, fields(problem(t, rec)), "events[0].event")
			rec = s.do("GET", "/v1/feedback?brief_id="+page.BriefID, "")
			require.Equal(t, 200, rec.Code)
			var fb struct {
				Events []creatormatch.FeedbackEvent `json:"events"`
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &fb))
			require.Len(t, fb.Events, 1)
			assert.Equal(t, creatormatch.FeedbackRejected, fb.Events[0].Kind)
			n, err := s.store.CountCreators(context.Background())
			require.NoError(t, err)
			assert.Equal(t, 40, n)
		})
	}
}
