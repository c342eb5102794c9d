package api_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api/spec"
)

func decodeJSON[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &v), rec.Body.String())
	return v
}

// TestListsLifecycle drives lists, items, notes, export and the match
// annotation through the API on both stores, and validates every JSON
// answer against openapi.yaml.
func TestListsLifecycle(t *testing.T) {
	sw, err := spec.GetSpec()
	require.NoError(t, err)
	sw.Servers = nil
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := newServer(t, b, apiConfig())
			valid := func(rec *httptest.ResponseRecorder, method, path, specPath string) {
				t.Helper()
				item := sw.Paths.Find(specPath)
				require.NotNil(t, item, specPath)
				req := httptest.NewRequest(method, path, nil)
				in := &openapi3filter.RequestValidationInput{Request: req, Route: &routers.Route{Spec: sw, Path: specPath, PathItem: item, Method: method, Operation: item.GetOperation(method)},
					Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}}
				err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
					RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
					Body: io.NopCloser(strings.NewReader(rec.Body.String())), Options: in.Options})
				assert.NoError(t, err, "%s %s", method, path)
			}
			call := func(method, path, specPath, body string, want int) *httptest.ResponseRecorder {
				t.Helper()
				rec := s.do(method, path, body)
				require.Equal(t, want, rec.Code, "%s %s: %s", method, path, rec.Body.String())
				if specPath != "" {
					valid(rec, method, path, specPath)
				}
				return rec
			}
			two := strings.Replace(goodCreator, `"good-1"`, `"good-2"`, 1)
			two = strings.Replace(two, `"Maya Ortiz"`, `"=HYPERLINK(\"x\")"`, 1)
			one := strings.Replace(goodCreator, `"country"`, `"contact":{"email":"maya@example.com","agent":"=Plant Agency","website":"https://maya.example.com"},"country"`, 1)
			call("POST", "/v1/creators", "", `{"creators":[`+one+`,`+two+`]}`, 200)

			l := decodeJSON[creatormatch.List](t, call("POST", "/v1/lists", "/v1/lists", `{"name":"Spring launch","description":"oat milk"}`, 201))
			require.NotEmpty(t, l.ID)
			assert.Equal(t, "Spring launch", l.Name)
			other := decodeJSON[creatormatch.List](t, call("POST", "/v1/lists", "/v1/lists", `{"name":"Backup"}`, 201))
			call("POST", "/v1/lists", "", `{"description":"no name"}`, 422)
			// A retried create with the same Idempotency-Key makes one list.
			idem := func() *httptest.ResponseRecorder {
				req := httptest.NewRequest("POST", "/v1/lists", strings.NewReader(`{"name":"Retried"}`))
				req.RemoteAddr = "127.0.0.1:40000"
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Idempotency-Key", "create-retried")
				rec := httptest.NewRecorder()
				s.h.ServeHTTP(rec, req)
				return rec
			}
			first, again := idem(), idem()
			require.Equal(t, 201, first.Code, first.Body.String())
			require.Equal(t, 201, again.Code, again.Body.String())
			assert.Equal(t, first.Body.String(), again.Body.String())
			assert.Equal(t, "true", again.Header().Get("Idempotent-Replayed"))
			retried := decodeJSON[creatormatch.List](t, first)
			call("DELETE", "/v1/lists/"+retried.ID, "", "", 204)
			base := "/v1/lists/" + l.ID
			got := decodeJSON[creatormatch.List](t, call("PATCH", base, "/v1/lists/{list_id}", `{"name":"Spring 2027"}`, 200))
			assert.Equal(t, "Spring 2027", got.Name)
			assert.Equal(t, "oat milk", got.Description)

			it := decodeJSON[creatormatch.ListItem](t, call("PUT", base+"/items/good-1", "/v1/lists/{list_id}/items/{creator_id}", "", 201))
			assert.Equal(t, creatormatch.StatusProspect, it.Status)
			it = decodeJSON[creatormatch.ListItem](t, call("PUT", base+"/items/good-1", "/v1/lists/{list_id}/items/{creator_id}", `{"status":"negotiating"}`, 200))
			assert.Equal(t, creatormatch.StatusNegotiating, it.Status)
			call("PUT", base+"/items/good-2", "", `{"status":"hired"}`, 201)
			call("PUT", "/v1/lists/"+other.ID+"/items/good-1", "", `{"status":"declined"}`, 201)
			rec := call("PUT", base+"/items/nobody", "", "", 404)
			assert.Contains(t, problem(t, rec).Detail, "creator_id")
			call("PUT", base+"/items/good-1", "", `{"status":"lost"}`, 422)
			call("PUT", "/v1/lists/lst_missing/items/good-1", "", "", 404)

			page := decodeJSON[struct {
				Items      []creatormatch.ListItem `json:"items"`
				NextCursor string                  `json:"next_cursor"`
			}](t, call("GET", base+"/items?limit=1", "/v1/lists/{list_id}/items", "", 200))
			require.Len(t, page.Items, 1)
			require.NotEmpty(t, page.NextCursor)
			page2 := decodeJSON[struct {
				Items []creatormatch.ListItem `json:"items"`
			}](t, call("GET", base+"/items?limit=1&cursor="+page.NextCursor, "/v1/lists/{list_id}/items", "", 200))
			require.Len(t, page2.Items, 1)
			assert.NotEqual(t, page.Items[0].CreatorID, page2.Items[0].CreatorID)
			hired := decodeJSON[struct {
				Items []creatormatch.ListItem `json:"items"`
			}](t, call("GET", base+"/items?status=hired", "/v1/lists/{list_id}/items", "", 200))
			require.Len(t, hired.Items, 1)
			assert.Equal(t, "good-2", hired.Items[0].CreatorID)

			n := decodeJSON[creatormatch.Note](t, call("POST", "/v1/creators/good-1/notes", "/v1/creators/{id}/notes", `{"text":"Asked for rates, waiting"}`, 201))
			assert.Equal(t, "local", n.Author)
			call("POST", "/v1/creators/good-1/notes", "", `{"text":"=1+1 second"}`, 201)
			call("POST", "/v1/creators/nobody/notes", "", `{"text":"x"}`, 404)
			call("POST", "/v1/creators/good-1/notes", "", `{"text":"`+strings.Repeat("é", creatormatch.MaxNoteText/2+1)+`"}`, 422)
			notes := decodeJSON[struct {
				Notes []creatormatch.Note `json:"notes"`
			}](t, call("GET", "/v1/creators/good-1/notes", "/v1/creators/{id}/notes", "", 200))
			require.Len(t, notes.Notes, 2)
			assert.Equal(t, "=1+1 second", notes.Notes[0].Text, "newest first")

			// Export.
			rec = call("GET", base+"/export", "", "", 200)
			assert.Equal(t, "text/csv; charset=utf-8", rec.Header().Get("Content-Type"))
			assert.Contains(t, rec.Header().Get("Content-Disposition"), `filename="list-`+l.ID+`.csv"`)
			rows, err := csv.NewReader(strings.NewReader(rec.Body.String())).ReadAll()
			require.NoError(t, err)
			require.Len(t, rows, 3)
			assert.Equal(t, []string{"creator_id", "name", "platforms", "handles", "followers", "email", "agent", "website", "status", "added_at", "updated_at", "notes"}, rows[0])
			byID := map[string][]string{rows[1][0]: rows[1], rows[2][0]: rows[2]}
			assert.Equal(t, "Maya Ortiz", byID["good-1"][1])
			assert.Equal(t, "tiktok", byID["good-1"][2])
			assert.Equal(t, "mayacooks", byID["good-1"][3])
			assert.Equal(t, "48200", byID["good-1"][4])
			assert.Equal(t, []string{"maya@example.com", "'=Plant Agency", "https://maya.example.com"}, byID["good-1"][5:8], "contact details, a formula defused")
			assert.Equal(t, []string{"", "", ""}, byID["good-2"][5:8], "no contact details")
			assert.Equal(t, "negotiating", byID["good-1"][8])
			assert.Contains(t, byID["good-1"][11], "Asked for rates")
			assert.Contains(t, byID["good-1"][11], "'=1+1"[1:], "every note joined")
			assert.True(t, strings.HasPrefix(byID["good-2"][1], "'="), "a formula is defused: %q", byID["good-2"][1])
			rec = call("GET", base+"/export?format=json", "/v1/lists/{list_id}/export", "", 200)
			assert.Contains(t, rec.Header().Get("Content-Disposition"), ".json")
			exp := decodeJSON[struct {
				Rows []struct {
					CreatorID string                `json:"creator_id"`
					Contact   *creatormatch.Contact `json:"contact"`
					Notes     []creatormatch.Note   `json:"notes"`
				} `json:"rows"`
			}](t, rec)
			require.Len(t, exp.Rows, 2)
			for _, r := range exp.Rows {
				if r.CreatorID == "good-1" {
					assert.Equal(t, &creatormatch.Contact{Email: "maya@example.com", Agent: "=Plant Agency", Website: "https://maya.example.com"}, r.Contact)
				} else {
					assert.Nil(t, r.Contact)
				}
			}
			call("GET", base+"/export?format=xml", "", "", 422)

			// The lists holding one creator, for its profile page.
			rec = call("GET", "/v1/creators/good-1/lists", "/v1/creators/{id}/lists", "", 200)
			assert.JSONEq(t, `{"lists":[{"id":"`+l.ID+`","name":"Spring 2027","status":"negotiating"},{"id":"`+other.ID+`","name":"Backup","status":"declined"}]}`, rec.Body.String())
			call("GET", "/v1/creators/nobody-here/lists", "/v1/creators/{id}/lists", "", 200)

			// Match and shortlist results say which lists hold each creator.
			rec = call("POST", "/v1/match", "/v1/match", `{"brief":{"text":"vegan plant-based recipes on tiktok"},"limit":10}`, 200)
			mresp := decodeJSON[struct {
				Results []creatormatch.Match `json:"results"`
			}](t, rec)
			lists := map[string][]creatormatch.Membership{}
			for _, m := range mresp.Results {
				lists[m.CreatorID] = m.Lists
			}
			assert.Equal(t, []creatormatch.Membership{{ListID: l.ID, Name: "Spring 2027", Status: creatormatch.StatusNegotiating}, {ListID: other.ID, Name: "Backup", Status: creatormatch.StatusDeclined}}, lists["good-1"])
			assert.Equal(t, []creatormatch.Membership{{ListID: l.ID, Name: "Spring 2027", Status: creatormatch.StatusHired}}, lists["good-2"])
			rec = call("POST", "/v1/shortlists", "/v1/shortlists", `{"brief":{"text":"vegan plant-based recipes"},"budget":{"total":1000000,"currency":"USD"},"max_creators":10,"min_fit":0}`, 200)
			assert.Contains(t, rec.Body.String(), `"lists":[{"id":"`+l.ID+`"`)

			// Deleting.
			call("DELETE", "/v1/creators/good-1/notes/"+n.ID, "", "", 204)
			call("DELETE", "/v1/creators/good-1/notes/"+n.ID, "", "", 404)
			call("DELETE", base+"/items/good-2", "", "", 204)
			call("DELETE", base+"/items/good-2", "", "", 404)
			lists2 := decodeJSON[struct {
				Lists []creatormatch.List `json:"lists"`
			}](t, call("GET", "/v1/lists", "/v1/lists", "", 200))
			require.Len(t, lists2.Lists, 2)
			assert.Equal(t, 1, lists2.Lists[0].Items)
			call("DELETE", base, "", "", 204)
			call("GET", base, "", "", 404)
			call("GET", base+"/items", "", "", 404)
			call("GET", "/v1/lists/"+other.ID, "/v1/lists/{list_id}", "", 200)
		})
	}
}
