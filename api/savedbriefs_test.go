package api_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
)

// TestSavedBriefs drives saved briefs through the API on both stores:
// save, read, page, replace (created_at kept), save under a chosen id,
// refusals naming their field, delete.
func TestSavedBriefs(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := newServer(t, b, apiConfig())
			call := func(method, path, body string, want int) []byte {
				t.Helper()
				rec := s.do(method, path, body)
				require.Equal(t, want, rec.Code, "%s %s: %s", method, path, rec.Body.String())
				return rec.Body.Bytes()
			}
			var first creatormatch.SavedBrief
			require.NoError(t, json.Unmarshal(call("POST", "/v1/saved-briefs", `{"name":"Oat launch","brief":{"text":"oat-milk yogurt launch, Gen Z in the US","budget":{"total":15000,"currency":"USD"}}}`, 201), &first))
			assert.Regexp(t, `^sb_[0-9a-f]{20}$`, first.ID)
			assert.Equal(t, "Oat launch", first.Name)
			assert.Equal(t, 15000.0, first.Brief.Budget.Total)

			var got creatormatch.SavedBrief
			require.NoError(t, json.Unmarshal(call("GET", "/v1/saved-briefs/"+first.ID, "", 200), &got))
			assert.Equal(t, first, got)

			call("POST", "/v1/saved-briefs", `{"name":"Second","brief":{"text":"running shoes"}}`, 201)
			var page struct {
				SavedBriefs []creatormatch.SavedBrief `json:"saved_briefs"`
				NextCursor  string                    `json:"next_cursor"`
			}
			require.NoError(t, json.Unmarshal(call("GET", "/v1/saved-briefs?limit=1", "", 200), &page))
			require.Len(t, page.SavedBriefs, 1)
			assert.Equal(t, first.ID, page.SavedBriefs[0].ID, "oldest first")
			require.NotEmpty(t, page.NextCursor)
			require.NoError(t, json.Unmarshal(call("GET", "/v1/saved-briefs?limit=1&cursor="+page.NextCursor, "", 200), &page))
			assert.Equal(t, "Second", page.SavedBriefs[0].Name)

			var upd creatormatch.SavedBrief
			require.NoError(t, json.Unmarshal(call("PUT", "/v1/saved-briefs/"+first.ID, `{"name":"Oat launch v2","brief":{"text":"oat-milk yogurt, US and Canada"}}`, 200), &upd))
			assert.Equal(t, "Oat launch v2", upd.Name)
			assert.True(t, upd.CreatedAt.Equal(first.CreatedAt), "created_at kept")
			assert.Nil(t, upd.Brief.Budget, "the brief is replaced, not merged")
			call("PUT", "/v1/saved-briefs/sb_mine", `{"name":"Chosen id","brief":{"goal":"community"}}`, 201)

			for _, tc := range []struct{ body, field string }{
				{`{"brief":{"text":"x"}}`, "name"},
				{`{"name":"x"}`, "brief"},
				{`{"name":"","brief":{"text":"x"}}`, "name"},
				{`{"name":"x","brief":{"goal":"fame"}}`, "brief.goal"},
				{`{"name":"x","brief":{"budget":{"total":-5,"currency":"USD"}}}`, "brief.budget.total"},
			} {
				body := string(call("POST", "/v1/saved-briefs", tc.body, 422))
				assert.Contains(t, body, `"field":"`+tc.field+`"`, tc.body)
			}
			call("GET", "/v1/saved-briefs/not%20an%20id", "", 422)

			call("DELETE", "/v1/saved-briefs/"+first.ID, "", 204)
			call("GET", "/v1/saved-briefs/"+first.ID, "", 404)
			call("DELETE", "/v1/saved-briefs/"+first.ID, "", 404)
		})
	}
}
