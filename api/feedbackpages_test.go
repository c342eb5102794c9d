package api_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/api"
)

// TestFeedbackListIsPaged: a listing returns at most limit events (100 by
// default) and a cursor to the next page, so its memory and time are one
// page's however many events are stored; the pages add up to every event,
// oldest first.
func TestFeedbackListIsPaged(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := newServer(t, b, api.Config{RateLimit: -1})
			require.Equal(t, 200, s.do("POST", "/v1/creators", `{"creators":[`+goodCreator+`]}`).Code)
			const n = 250
			var evs []string
			for i := 0; i < n; i++ {
				// Times out of order and tied, so the order is the store's.
				evs = append(evs, fmt.Sprintf(`{"id":"ev%03d","brief_id":"br_p","creator_id":"good-1","event":"shortlisted","created_at":"2026-11-%02dT10:00:00Z"}`, i, 1+(i*7)%20))
			}
			for i := 0; i < n; i += 100 {
				rec := s.do("POST", "/v1/feedback", `{"events":[`+strings.Join(evs[i:min(i+100, n)], ",")+`]}`)
				require.Equal(t, 200, rec.Code, rec.Body.String())
			}
			type page struct {
				Events []struct {
					ID        string `json:"id"`
					CreatedAt string `json:"created_at"`
				} `json:"events"`
				NextCursor string `json:"next_cursor"`
			}
			get := func(query string) page {
				rec := s.do("GET", "/v1/feedback?"+query, "")
				require.Equal(t, 200, rec.Code, rec.Body.String())
				var p page
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
				return p
			}
			first := get("brief_id=br_p")
			assert.Len(t, first.Events, 100, "the default page")
			require.NotEmpty(t, first.NextCursor)

			seen := map[string]bool{}
			prev := ""
			cursor, pages := "", 0
			for {
				p := get("brief_id=br_p&limit=40&cursor=" + url.QueryEscape(cursor))
				pages++
				for _, e := range p.Events {
					assert.False(t, seen[e.ID], "%s listed twice", e.ID)
					seen[e.ID] = true
					assert.LessOrEqual(t, prev, e.CreatedAt, "oldest first")
					prev = e.CreatedAt
				}
				if p.NextCursor == "" {
					break
				}
				cursor = p.NextCursor
				require.Less(t, pages, 20)
			}
			assert.Len(t, seen, n)
			assert.Equal(t, 7, pages, "250 events in pages of 40")

			rec := s.do("GET", "/v1/feedback?cursor=bm90IGEgY3Vyc29y", "")
			require.Equal(t, 422, rec.Code)
			assert.Equal(t, []string{"cursor"}, fields(problem(t, rec)))
			rec = s.do("GET", "/v1/feedback?limit=1001", "")
			require.Equal(t, 422, rec.Code)
			assert.Equal(t, []string{"limit"}, fields(problem(t, rec)))
		})
	}
}
