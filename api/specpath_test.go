package api_test

import "testing"

// TestSpecPathTemplates: concrete paths map back to their openapi.yaml
// templates, the most literal one winning.
func TestSpecPathTemplates(t *testing.T) {
	for in, want := range map[string]string{
		"/v1/creators/good-1": "/v1/creators/{id}", "/v1/creators/x/lists": "/v1/creators/{id}/lists",
		"/v1/creators/x/notes/note_1": "/v1/creators/{id}/notes/{note_id}", "/v1/briefs/parse": "/v1/briefs/parse",
		"/v1/lists/l/items?limit=3": "/v1/lists/{list_id}/items", "/debug/pprof/heap": "/debug/pprof/{profile}",
		"/v1/saved-briefs/sb_1": "/v1/saved-briefs/{saved_brief_id}", "/v1/creators": "/v1/creators",
	} {
		if got := specPath(in); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}
