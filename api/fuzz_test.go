package api_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/creatormatch/creatormatch/api"
)

// FuzzRequestDecoders sends arbitrary bodies to every write and match
// endpoint and requires an answer below 500: every decoder, validator and
// handler must turn bad input into a 4xx.
func FuzzRequestDecoders(f *testing.F) {
	for _, seed := range []string{
		`{"creators":[{"id":"a","bio":"Vegan recipes","accounts":[{"platform":"tiktok","followers":1000}],"content":[{"id":"p","caption":"Tofu","likes":3}]}]}`,
		`{"creators":[{"id":"a","audience":{"age":{"18-24":0.5,"25-34":0.5},"gender":{"female":1}}}]}`,
		`{"creators":[{"id":"a","accounts":[{"platform":"tiktok","followers":-1}]}]}`,
		`{"items":[{"id":"p2","caption":"x","posted_at":"2026-01-01T00:00:00Z"}]}`,
		`{"brief":{"text":"oat-milk yogurt launch, Gen Z in the US, $15k"},"limit":3}`,
		`{"brief":{"text":"x"},"weights":{"cost_efficiency":2},"diversity":0.5}`,
		`{"positive":["a"],"limit":2}`,
		`{"events":[{"brief_id":"b","creator_id":"a","event":"hired"}]}`,
		`{"text":"micro creators under 50k, €8k"}`,
		`{`, `[]`, `null`, `{"creators":null}`, `{"creators":[{}]}`, "\x00\xff",
	} {
		for _, path := range []string{"/v1/creators", "/v1/creators/a/content", "/v1/match", "/v1/shortlists", "/v1/lookalikes", "/v1/feedback", "/v1/briefs/parse"} {
			f.Add(path, seed)
		}
	}
	s := newServer(f, backends[0], api.Config{RateLimit: -1})
	f.Fuzz(func(t *testing.T, path, body string) {
		switch path {
		case "/v1/creators", "/v1/creators/a/content", "/v1/match", "/v1/shortlists", "/v1/lookalikes", "/v1/feedback", "/v1/briefs/parse":
		default:
			return
		}
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.RemoteAddr = "127.0.0.1:1"
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("POST %s %q: %d %s", path, body, rec.Code, rec.Body.String())
		}
	})
}
