package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/api"
)

// TestBadInputNamesItsField: query parameters are named as sent (not
// "body", not "malformed JSON"), unknown members by their path, and a
// string that is not UTF-8 (or holds an unpaired surrogate escape) is a
// 422 naming its field on every operation with a body, instead of being
// stored with U+FFFD. Nothing is written; nothing is a 500.
func TestBadInputNamesItsField(t *testing.T) {
	const bad = "\xff\xfe"
	account := `"accounts":[{"platform":"tiktok","followers":3}]`
	brief := func(text string) string { return `"brief":{"text":"` + text + `"}` }
	cases := []struct {
		name, method, path, body string
		status                   int
		field, reason            string
	}{
		{"limit not a number", "GET", "/v1/creators/x/similar?limit=abc", "", 422, "limit", "must be an integer"},
		{"limit a fraction", "GET", "/v1/creators/x/similar?limit=1.5", "", 422, "limit", "must be an integer"},
		{"limit too small", "GET", "/v1/creators/x/similar?limit=0", "", 422, "limit", "at least 1"},
		{"event not a kind", "GET", "/v1/feedback?event=liked", "", 422, "event", ""},
		{"query not UTF-8", "GET", "/v1/feedback?brief_id=%FF", "", 422, "brief_id", "UTF-8"},

		{"unknown top-level field", "POST", "/v1/creators", `{"creators":[{"id":"a",` + account + `}],"extra":1}`, 422, "extra", "unknown field"},
		{"unknown creator field", "POST", "/v1/creators", `{"creators":[{"id":"a",` + account + `},{"id":"b","folowers":3}]}`, 422, "creators[1].folowers", "unknown field"},
		{"unknown account field", "POST", "/v1/creators", `{"creators":[{"id":"a","accounts":[{"platform":"tiktok","followers":3,"folowing":7}]}]}`, 422, "creators[0].accounts[0].folowing", "unknown field"},
		{"unknown brief field", "POST", "/v1/match", `{"brief":{"text":"vegan food","mood":"happy"}}`, 422, "brief.mood", "unknown field"},
		{"unknown match field", "POST", "/v1/match", `{` + brief("vegan food") + `,"colour":1}`, 422, "colour", "unknown field"},
		{"unknown event field", "POST", "/v1/feedback", `{"events":[{"brief_id":"b","creator_id":"a","event":"hired","fee":3}]}`, 422, "events[0].fee", "unknown field"},

		{"bio not UTF-8", "POST", "/v1/creators", `{"creators":[{"id":"a","bio":"runner` + bad + `",` + account + `}]}`, 422, "creators[0].bio", "UTF-8"},
		{"caption not UTF-8", "POST", "/v1/creators", `{"creators":[{"id":"a",` + account + `,"content":[{"id":"p1","caption":"ok"},{"id":"p2","caption":"x"},{"id":"p3","caption":"a` + bad + `"}]}]}`, 422, "creators[0].content[2].caption", "UTF-8"},
		{"hashtag not UTF-8", "POST", "/v1/creators", `{"creators":[{"id":"a",` + account + `,"content":[{"id":"p1","caption":"ok","hashtags":["fine","` + bad + `"]}]}]}`, 422, "creators[0].content[0].hashtags[1]", "UTF-8"},
		{"unpaired surrogate", "POST", "/v1/creators", `{"creators":[{"id":"a","name":"x\ud800y",` + account + `}]}`, 422, "creators[0].name", "surrogate"},
		{"member name not UTF-8", "POST", "/v1/creators", `{"creators":[{"id":"a","` + bad + `":1,` + account + `}]}`, 422, "creators[0]", "member name"},
		{"content caption not UTF-8", "POST", "/v1/creators/seed/content", `{"items":[{"id":"p9","caption":"` + bad + `"}]}`, 422, "items[0].caption", "UTF-8"},
		{"feedback brief text not UTF-8", "POST", "/v1/feedback", `{"events":[{"brief_id":"b","brief_text":"` + bad + `","creator_id":"seed","event":"hired"}]}`, 422, "events[0].brief_text", "UTF-8"},
		{"match brief not UTF-8", "POST", "/v1/match", `{` + brief("vegan"+bad) + `}`, 422, "brief.text", "UTF-8"},
		{"shortlist brief not UTF-8", "POST", "/v1/shortlists", `{` + brief("vegan"+bad) + `,"budget":{"total":3000}}`, 422, "brief.text", "UTF-8"},
		{"parse text not UTF-8", "POST", "/v1/briefs/parse", `{"text":"vegan` + bad + `"}`, 422, "text", "UTF-8"},
		{"lookalike id not UTF-8", "POST", "/v1/lookalikes", `{"positive":["seed` + bad + `"]}`, 422, "positive[0]", "UTF-8"},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := newServer(t, b, api.Config{})
			rec := s.do("POST", "/v1/creators", `{"creators":[{"id":"seed","bio":"Trail runner",`+account+`}]}`)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			for _, tc := range cases {
				rec := s.do(tc.method, tc.path, tc.body)
				require.Equal(t, tc.status, rec.Code, "%s: %s", tc.name, rec.Body.String())
				p := problem(t, rec)
				require.Contains(t, fields(p), tc.field, "%s: %+v", tc.name, p)
				assert.NotContains(t, fields(p), "body", tc.name)
				for _, e := range p.Errors {
					if e.Field == tc.field {
						assert.Contains(t, e.Reason, tc.reason, tc.name)
						assert.NotContains(t, e.Reason, "malformed JSON", tc.name)
					}
				}
			}
			n, err := s.store.CountCreators(context.Background())
			require.NoError(t, err)
			assert.Equal(t, 1, n, "a rejected request wrote a creator")
			rec = s.do("GET", "/v1/creators/seed", "")
			require.Equal(t, 200, rec.Code)
			assert.NotContains(t, rec.Body.String(), "\ufffd", "replacement characters were stored")
			rec = s.do("GET", "/v1/feedback", "")
			require.Equal(t, 200, rec.Code)
			assert.False(t, strings.Contains(rec.Body.String(), "\ufffd"), "replacement characters were stored")
		})
	}
}
