package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/matcher"
)

// secretMark is in every string workspace A stores (blocklist reasons,
// feedback ids, brief ids and texts): no answer to workspace B may hold it.
const secretMark = "acme-secret"

// creatorIDs collects every "creator_id" value anywhere in a JSON body.
func creatorIDs(t *testing.T, body []byte) []string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(body, &v), string(body))
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && k == "creator_id" {
					out = append(out, s)
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// rankedIDs is the creator ids of a match's results, in rank order.
func rankedIDs(t *testing.T, rec *httptest.ResponseRecorder) []string {
	t.Helper()
	require.Equal(t, 200, rec.Code, rec.Body.String())
	var resp struct {
		Results []struct {
			CreatorID string `json:"creator_id"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &resp))
	var out []string
	for _, r := range resp.Results {
		out = append(out, r.CreatorID)
	}
	return out
}

// isolationCase is one operation called with workspace B's key.
type isolationCase struct {
	method, path, body string
	admin              bool // with B's admin key
	// check asserts on the answer; every answer must also be free of
	// secretMark and must not be a 500.
	check func(t *testing.T, rec *httptest.ResponseRecorder)
}

// TestWorkspaceIsolation walks every operation of openapi.yaml with keys
// of workspace "beta" (B) after workspace "acme" (A) stored a blocklist
// and feedback, on both stores: B never sees A's entries or events in its
// listings or answers (no answer holds any string A stored), deleting A's
// blocklist entry is a 404 (not a 403: B cannot tell it exists), recording
// feedback with one of A's event ids leaves A's event alone, and each
// workspace's blocklist shapes its own rankings only — A's match ranking is
// the same before and after B blocked creators in it. Admin operations are
// cross-workspace by nature: B's admin key lists every key with its
// workspace. The test fails when the spec gains an operation it does not
// call.
func TestWorkspaceIsolation(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			mk := func(ws string, sc creatormatch.Scope) (creatormatch.APIKey, string) {
				k, secret := creatormatch.NewWorkspaceAPIKey(ws, ws+"-"+string(sc), []creatormatch.Scope{sc}, time.Now())
				require.NoError(t, st.CreateAPIKey(context.Background(), k))
				return k, secret
			}
			aKeyRec, aKey := mk("acme", creatormatch.ScopeWrite)
			_, bKey := mk("beta", creatormatch.ScopeWrite)
			_, bAdmin := mk("beta", creatormatch.ScopeAdmin)
			s := newServerWith(t, st, testenv.Embedder(t), api.Config{RateLimit: -1}, &testenv.LogBuffer{})
			asA := func(method, path, body string) *httptest.ResponseRecorder {
				return s.req(method, path, body, aKey, local)
			}

			var cs []string
			for i := 1; i <= 4; i++ {
				cs = append(cs, strings.Replace(goodCreator, `"good-1"`, fmt.Sprintf(`"good-%d"`, i), 1))
			}
			rec := asA("POST", "/v1/creators", `{"creators":[`+strings.Join(cs, ",")+`]}`)
			require.Equal(t, 200, rec.Code, rec.Body.String())

			// Workspace A's data.
			const brief = `{"brief":{"text":"vegan plant-based recipes on tiktok"},"limit":10}`
			before := rankedIDs(t, asA("POST", "/v1/match", brief))
			require.Equal(t, []string{"good-1", "good-2", "good-3", "good-4"}, sorted(before))
			for _, id := range []string{"good-2", "good-4"} {
				rec = asA("PUT", "/v1/blocklist/"+id, `{"reason":"`+secretMark+` reason"}`)
				require.Equal(t, 201, rec.Code, rec.Body.String())
			}
			rec = asA("PUT", "/v1/blocklist/good-2", "")
			require.Equal(t, 200, rec.Code, "re-blocking is idempotent: %s", rec.Body.String())
			assert.Contains(t, rec.Body.String(), secretMark+" reason", "the stored entry is kept")
			withoutABlocks := func(ids []string) []string {
				return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == "good-2" || id == "good-4" })
			}
			aRanking := rankedIDs(t, asA("POST", "/v1/match", brief))
			require.Equal(t, withoutABlocks(before), aRanking, "A's blocklist removes its creators and nothing else")
			// The workspace is never read from a body (the spec marks it
			// read-only): naming one is refused.
			rec = asA("POST", "/v1/feedback", `{"events":[{"id":"ev-shared","brief_id":"br-`+secretMark+`","creator_id":"good-1","event":"hired","workspace":"beta"}]}`)
			require.Equal(t, 422, rec.Code, rec.Body.String())
			require.Contains(t, fields(problem(t, rec)), "events[0].workspace")
			rec = asA("POST", "/v1/feedback", `{"events":[{"id":"ev-shared","brief_id":"br-`+secretMark+`","brief_text":"`+secretMark+`","creator_id":"good-1","event":"hired"}]}`)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			assert.Contains(t, rec.Body.String(), `"workspace":"acme"`)
			aEvents := func() []creatormatch.FeedbackEvent {
				evs, err := st.ListFeedback(context.Background(), creatormatch.FeedbackFilter{Workspace: "acme"})
				require.NoError(t, err)
				return evs
			}
			require.Len(t, aEvents(), 1)
			require.Equal(t, "ev-shared", aEvents()[0].ID)

			// A's lists, items and notes, every string marked.
			rec = asA("POST", "/v1/lists", `{"name":"`+secretMark+` list","description":"`+secretMark+` plans"}`)
			require.Equal(t, 201, rec.Code, rec.Body.String())
			var aList creatormatch.List
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &aList))
			for _, id := range []string{"good-1", "good-3"} {
				rec = asA("PUT", "/v1/lists/"+aList.ID+"/items/"+id, `{"status":"contacted"}`)
				require.Equal(t, 201, rec.Code, rec.Body.String())
			}
			rec = asA("POST", "/v1/creators/good-3/notes", `{"text":"`+secretMark+` note"}`)
			require.Equal(t, 201, rec.Code, rec.Body.String())
			var aNote creatormatch.Note
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &aNote))
			require.Contains(t, asA("POST", "/v1/match", brief).Body.String(), `"lists":[{"id":"`+aList.ID+`"`, "A's matches carry A's lists")
			// A's saved brief, its name and text marked.
			rec = asA("POST", "/v1/saved-briefs", `{"name":"`+secretMark+` brief","brief":{"text":"`+secretMark+` vegan recipes"}}`)
			require.Equal(t, 201, rec.Code, rec.Body.String())
			var aBrief creatormatch.SavedBrief
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &aBrief))
			aBriefUnchanged := func(t *testing.T) {
				t.Helper()
				b, err := st.GetSavedBrief(context.Background(), "acme", aBrief.ID)
				require.NoError(t, err, "A's saved brief is still there")
				assert.Equal(t, secretMark+" brief", b.Name)
				assert.Equal(t, secretMark+" vegan recipes", b.Brief.Text)
			}
			aListUnchanged := func(t *testing.T) {
				t.Helper()
				l, err := st.GetList(context.Background(), "acme", aList.ID)
				require.NoError(t, err, "A's list is still there")
				assert.Equal(t, secretMark+" list", l.Name)
				assert.Equal(t, 2, l.Items)
				items, err := st.ListItems(context.Background(), creatormatch.ItemPage{Workspace: "acme", ListID: aList.ID})
				require.NoError(t, err)
				for _, it := range items {
					assert.Equal(t, creatormatch.StatusContacted, it.Status)
				}
				notes, err := st.ListNotes(context.Background(), creatormatch.NotePage{Workspace: "acme", CreatorID: "good-3"})
				require.NoError(t, err)
				assert.Len(t, notes, 1, "A's note is still there")
			}
			notFound := func(t *testing.T, rec *httptest.ResponseRecorder) {
				t.Helper()
				require.Equal(t, 404, rec.Code, "another workspace's object is not found, not forbidden: %s", rec.Body.String())
				aListUnchanged(t)
			}
			aPath := "/v1/lists/" + aList.ID

			// B's own blocklist: one creator A ranks, one A blocked.
			bBlocks := []string{"good-1", "good-2"}
			for _, id := range bBlocks {
				rec = s.req("PUT", "/v1/blocklist/"+id, `{"reason":"beta's own"}`, bKey, local)
				require.Equal(t, 201, rec.Code, "B cannot tell A listed %s: %s", id, rec.Body.String())
			}
			withoutBBlocks := func(ids []string) []string {
				return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(bBlocks, id) })
			}

			// A's learned weights (launch: the brief's goal) serve A's
			// matches only: B's match answers are byte-identical (timings
			// aside) before and after.
			bMatch := func() string {
				rec := s.req("POST", "/v1/match", brief, bKey, local)
				require.Equal(t, 200, rec.Code, rec.Body.String())
				var m map[string]any
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &m))
				delete(m, "timings_ms")
				js, err := json.Marshal(m)
				require.NoError(t, err)
				return string(js)
			}
			bBefore := bMatch()
			aWeights := map[string]float64{}
			for _, k := range matcher.SignalNames {
				aWeights[k] = 0.01
			}
			aWeights[matcher.SignalCost] = 0.92
			_, err := st.AddWeights(context.Background(), creatormatch.WeightVersion{Workspace: "acme", Goal: creatormatch.GoalLaunch,
				Status: creatormatch.WeightsServed, Weights: aWeights, Events: 60})
			require.NoError(t, err)
			rec = asA("POST", "/v1/match", brief)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			assert.Contains(t, rec.Body.String(), `"weights_version":"launch/v1"`, "A's matches use A's learned weights")
			aRanking = rankedIDs(t, rec)
			require.Equal(t, bBefore, bMatch(), "B's ranking is byte-identical after A learned weights")
			assert.Contains(t, bBefore, `"weights_version":"preset"`)

			noneOf := func(t *testing.T, rec *httptest.ResponseRecorder, want int, banned ...string) []string {
				t.Helper()
				require.Equal(t, want, rec.Code, rec.Body.String())
				ids := creatorIDs(t, rec.Body.Bytes())
				for _, id := range banned {
					assert.NotContains(t, ids, id, "a creator blocked by this workspace")
				}
				return ids
			}
			var gammaID string
			cases := []isolationCase{
				{method: "GET", path: "/healthz"},
				{method: "GET", path: "/readyz"},
				{method: "GET", path: "/docs"},
				{method: "GET", path: "/metrics"},
				{method: "GET", path: "/openapi.yaml"},
				{method: "GET", path: "/debug/pprof/cmdline", admin: true},
				{method: "POST", path: "/v1/creators", body: `{"creators":[` + strings.Replace(goodCreator, `"good-1"`, `"beta-5"`, 1) + `]}`,
					check: func(t *testing.T, rec *httptest.ResponseRecorder) { require.Equal(t, 200, rec.Code, rec.Body.String()) }},
				{method: "POST", path: "/v1/creators/beta-5/content", body: `{"items":[{"id":"p9","caption":"Oat yogurt bowl","posted_at":"2026-10-01T08:00:00Z"}]}`,
					check: func(t *testing.T, rec *httptest.ResponseRecorder) { require.Equal(t, 200, rec.Code, rec.Body.String()) }},
				{method: "GET", path: "/v1/creators/good-2", check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 200, rec.Code, "the catalogue is shared: %s", rec.Body.String())
				}},
				{method: "DELETE", path: "/v1/creators/beta-5", check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 204, rec.Code, rec.Body.String())
				}},
				{method: "GET", path: "/v1/creators?limit=100&order=asc", check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 200, rec.Code, "the catalogue is shared: %s", rec.Body.String())
					var page struct {
						Creators []creatormatch.CreatorSummary `json:"creators"`
					}
					require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
					var ids []string
					for _, c := range page.Creators {
						ids = append(ids, c.ID)
					}
					assert.Subset(t, ids, []string{"good-1", "good-2", "good-3", "good-4"}, "B browses the whole catalogue; no blocklist shapes it")
					a := asA("GET", "/v1/creators?limit=100&order=asc", "")
					assert.Equal(t, rec.Body.String(), a.Body.String(), "every workspace browses the same listing")
				}},
				{method: "GET", path: "/v1/creators/good-3/similar?limit=10", check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					noneOf(t, rec, 200, bBlocks...)
					aIDs := noneOf(t, asA("GET", "/v1/creators/good-3/similar?limit=10", ""), 200, "good-2", "good-4")
					assert.Contains(t, aIDs, "good-1", "B's blocklist does not apply to A")
				}},
				{method: "POST", path: "/v1/briefs/parse", body: `{"text":"vegan recipes"}`},
				{method: "POST", path: "/v1/match", body: strings.Replace(brief, `"limit":10`, `"limit":10,"include_excluded":true`, 1), check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					noneOf(t, rec, 200, bBlocks...)
					assert.Equal(t, withoutBBlocks(before), rankedIDs(t, rec), "B's ranking drops B's blocks only: A's blocklist does not apply")
					assert.Equal(t, aRanking, rankedIDs(t, asA("POST", "/v1/match", brief)), "A's ranking is unaffected by B's blocklist")
				}},
				{method: "POST", path: "/v1/shortlists", body: `{"brief":{"text":"vegan plant-based recipes"},"budget":{"total":1000000,"currency":"USD"},"max_creators":10,"candidate_pool":50,"min_fit":0}`,
					check: func(t *testing.T, rec *httptest.ResponseRecorder) {
						noneOf(t, rec, 200, bBlocks...)
						noneOf(t, asA("POST", "/v1/shortlists", `{"brief":{"text":"vegan plant-based recipes"},"budget":{"total":1000000,"currency":"USD"},"max_creators":10,"candidate_pool":50,"min_fit":0}`), 200, "good-2", "good-4")
					}},
				{method: "POST", path: "/v1/lookalikes", body: `{"positive":["good-3"],"limit":10}`, check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					ids := noneOf(t, rec, 200, bBlocks...)
					assert.Contains(t, ids, "good-4", "A's blocklist does not apply to B")
					aIDs := noneOf(t, asA("POST", "/v1/lookalikes", `{"positive":["good-3"],"limit":10}`), 200, "good-2", "good-4")
					assert.Contains(t, aIDs, "good-1", "B's blocklist does not apply to A")
				}},
				{method: "POST", path: "/v1/feedback", body: `{"events":[{"id":"ev-shared","brief_id":"br-beta","creator_id":"good-3","event":"rejected"}]}`,
					check: func(t *testing.T, rec *httptest.ResponseRecorder) {
						// rec's body echoes the id B sent; what matters is A's event.
						require.Equal(t, 200, rec.Code, rec.Body.String())
						require.Len(t, aEvents(), 1)
						assert.Equal(t, "br-"+secretMark, aEvents()[0].BriefID, "A's event is untouched by B's event with the same id")
					}},
				{method: "GET", path: "/v1/feedback?limit=1000", check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 200, rec.Code, rec.Body.String())
					var page struct {
						Events []creatormatch.FeedbackEvent `json:"events"`
					}
					require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
					require.Len(t, page.Events, 1, "B lists its own event only")
					assert.Equal(t, "br-beta", page.Events[0].BriefID)
					assert.Equal(t, "beta", page.Events[0].Workspace)
					by := s.req("GET", "/v1/feedback?brief_id=br-"+secretMark, "", bKey, local)
					require.Equal(t, 200, by.Code)
					assert.JSONEq(t, `{"events":[]}`, by.Body.String(), "B cannot find A's events by A's brief id")
				}},
				{method: "GET", path: "/v1/blocklist?limit=1000", check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 200, rec.Code, rec.Body.String())
					assert.ElementsMatch(t, bBlocks, creatorIDs(t, rec.Body.Bytes()), "B lists its own entries only")
				}},
				{method: "PUT", path: "/v1/blocklist/good-2", body: `{"reason":"again"}`, check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 200, rec.Code, rec.Body.String())
					assert.Contains(t, rec.Body.String(), "beta's own", "B's entry, not A's")
				}},
				{method: "DELETE", path: "/v1/blocklist/good-4", check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 404, rec.Code, "another workspace's entry is not found, not forbidden: %s", rec.Body.String())
					ids, err := st.BlockedIDs(context.Background(), "acme")
					require.NoError(t, err)
					assert.ElementsMatch(t, []string{"good-2", "good-4"}, ids, "A's blocklist is unchanged")
				}},
				{method: "GET", path: "/v1/lists?limit=1000", check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 200, rec.Code, rec.Body.String())
					assert.JSONEq(t, `{"lists":[]}`, rec.Body.String(), "B lists its own lists only")
				}},
				{method: "POST", path: "/v1/lists", body: `{"name":"beta's list"}`, check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 201, rec.Code, rec.Body.String())
					ls, err := st.ListLists(context.Background(), creatormatch.ListPage{Workspace: "acme"})
					require.NoError(t, err)
					assert.Len(t, ls, 1, "A's lists are A's only")
				}},
				{method: "GET", path: aPath, check: notFound},
				{method: "PATCH", path: aPath, body: `{"name":"taken over"}`, check: notFound},
				{method: "DELETE", path: aPath, check: notFound},
				{method: "GET", path: aPath + "/items?limit=1000", check: notFound},
				{method: "PUT", path: aPath + "/items/good-1", body: `{"status":"hired"}`, check: notFound},
				{method: "DELETE", path: aPath + "/items/good-3", check: notFound},
				{method: "GET", path: aPath + "/export?format=json", check: notFound},
				{method: "GET", path: "/v1/saved-briefs?limit=1000", check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 200, rec.Code, rec.Body.String())
					assert.JSONEq(t, `{"saved_briefs":[]}`, rec.Body.String(), "B lists its own saved briefs only")
				}},
				{method: "POST", path: "/v1/saved-briefs", body: `{"name":"beta's brief","brief":{"text":"oat milk"}}`, check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 201, rec.Code, rec.Body.String())
					aBriefUnchanged(t)
				}},
				{method: "GET", path: "/v1/saved-briefs/" + aBrief.ID, check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 404, rec.Code, rec.Body.String())
				}},
				{method: "PUT", path: "/v1/saved-briefs/" + aBrief.ID, body: `{"name":"taken over","brief":{"text":"beta's"}}`, check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 201, rec.Code, "B's PUT makes B's own brief under that id: %s", rec.Body.String())
					aBriefUnchanged(t)
				}},
				{method: "DELETE", path: "/v1/saved-briefs/" + aBrief.ID, check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 204, rec.Code, "B deletes its own brief of that id: %s", rec.Body.String())
					aBriefUnchanged(t)
				}},
				{method: "GET", path: "/v1/creators/good-3/lists", check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 200, rec.Code, rec.Body.String())
					assert.JSONEq(t, `{"lists":[]}`, rec.Body.String(), "B cannot tell good-3 is on A's list")
				}},
				{method: "GET", path: "/v1/creators/good-3/notes?limit=1000", check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 200, rec.Code, rec.Body.String())
					assert.JSONEq(t, `{"notes":[]}`, rec.Body.String(), "B sees none of A's notes")
				}},
				{method: "POST", path: "/v1/creators/good-3/notes", body: `{"text":"beta's note"}`, check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 201, rec.Code, rec.Body.String())
					aListUnchanged(t)
				}},
				{method: "DELETE", path: "/v1/creators/good-3/notes/" + aNote.ID, check: notFound},
				{method: "GET", path: "/v1/weights?limit=1000", check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 200, rec.Code, rec.Body.String())
					var resp struct {
						Current []struct {
							WeightsVersion string `json:"weights_version"`
						} `json:"current"`
						History []any `json:"history"`
					}
					require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &resp))
					require.Len(t, resp.Current, len(creatormatch.Goals))
					for _, c := range resp.Current {
						assert.Equal(t, "preset", c.WeightsVersion, "B never sees A's weights")
					}
					assert.Empty(t, resp.History, "B never sees A's history")
					a := asA("GET", "/v1/weights", "")
					require.Equal(t, 200, a.Code, a.Body.String())
					assert.Contains(t, a.Body.String(), `"weights_version":"launch/v1"`)
				}},
				{method: "DELETE", path: "/v1/weights", check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 200, rec.Code, rec.Body.String())
					assert.JSONEq(t, `{"reset":[]}`, rec.Body.String(), "B has nothing to reset")
					cur, err := st.CurrentWeights(context.Background(), "acme")
					require.NoError(t, err)
					assert.Equal(t, creatormatch.WeightsServed, cur[creatormatch.GoalLaunch].Status, "B's reset leaves A's weights serving")
				}},
				{method: "GET", path: "/v1/apikeys", admin: true, check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 200, rec.Code, rec.Body.String())
					var resp struct {
						Keys []map[string]any `json:"keys"`
					}
					require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &resp))
					ws := map[string]any{}
					for _, k := range resp.Keys {
						require.Contains(t, k, "workspace", "every key carries its workspace")
						ws[k["id"].(string)] = k["workspace"]
					}
					assert.Equal(t, "acme", ws[aKeyRec.ID], "admin keys see every workspace's keys, with their workspace")
				}},
				{method: "POST", path: "/v1/apikeys", admin: true, body: `{"name":"g","workspace":"gamma","scopes":["read"]}`, check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 201, rec.Code, rec.Body.String())
					var resp struct {
						Key creatormatch.APIKey `json:"key"`
					}
					require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &resp))
					assert.Equal(t, "gamma", resp.Key.Workspace, "an admin key creates keys of any workspace")
					gammaID = resp.Key.ID
				}},
				{method: "DELETE", path: "/v1/apikeys/", admin: true, check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					require.Equal(t, 204, rec.Code, rec.Body.String())
				}},
			}
			covered := map[string]bool{}
			for _, c := range cases {
				path := c.path
				if path == "/v1/apikeys/" {
					path += gammaID
				}
				covered[c.method+" "+specPath(path)] = true
				t.Run(c.method+" "+path, func(t *testing.T) {
					key := bKey
					if c.admin {
						key = bAdmin
					}
					rec := s.req(c.method, path, c.body, key, local)
					assert.NotEqual(t, 500, rec.Code, rec.Body.String())
					assert.NotContains(t, rec.Body.String(), secretMark, "B's answer holds A's data")
					if c.check != nil {
						c.check(t, rec)
					}
				})
			}
			for _, op := range specOperations(t) {
				assert.True(t, covered[op], "openapi.yaml's %s has no workspace isolation case", op)
			}
		})
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestDemoModeActsInDefaultWorkspace: with no key at all, a loopback
// caller acts in the default workspace.
func TestDemoModeActsInDefaultWorkspace(t *testing.T) {
	b := backends[0]
	st := b.open(t)
	s := newServerWith(t, st, testenv.Embedder(t), api.Config{RateLimit: -1}, &testenv.LogBuffer{})
	rec := s.req("PUT", "/v1/blocklist/good-1", "", "", local)
	require.Equal(t, 201, rec.Code, rec.Body.String())
	ids, err := st.BlockedIDs(context.Background(), creatormatch.DefaultWorkspace)
	require.NoError(t, err)
	assert.Equal(t, []string{"good-1"}, ids)
	rec = s.req("GET", "/v1/blocklist", "", "", local)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	assert.Equal(t, []string{"good-1"}, creatorIDs(t, rec.Body.Bytes()))
}
