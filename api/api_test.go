package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/matcher"
	"github.com/creatormatch/creatormatch/metrics"
	"github.com/creatormatch/creatormatch/store/memory"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// backend opens an empty store of one kind.
type backend struct {
	name string
	open func(t testing.TB) creatormatch.Store
}

var backends = []backend{
	{"memory", func(t testing.TB) creatormatch.Store {
		s, err := memory.Open(context.Background(), t.TempDir())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	}},
	{"postgres", func(t testing.TB) creatormatch.Store {
		s, err := postgres.Open(context.Background(), testenv.FreshDatabase(t))
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	}},
}

// testServer is the real HTTP handler over a real store and embedder.
type testServer struct {
	t     testing.TB
	h     http.Handler
	srv   *api.Server
	store creatormatch.Store
}

func (s *testServer) routes() []string { return s.srv.Routes() }

func apiConfig() api.Config { return api.Config{} }

func newServer(t testing.TB, b backend, cfg api.Config) *testServer {
	emb := testenv.Embedder(t)
	st := b.open(t)
	return newServerWith(t, st, emb, cfg, io.Discard)
}

func newServerWithMetrics(t testing.TB, st creatormatch.Store, emb catalog.Embedder, met *metrics.Metrics) *testServer {
	return newServerFull(t, st, emb, api.Config{}, io.Discard, met)
}

func newServerWith(t testing.TB, st creatormatch.Store, emb catalog.Embedder, cfg api.Config, logs io.Writer) *testServer {
	return newServerFull(t, st, emb, cfg, logs, nil)
}

func newServerFull(t testing.TB, st creatormatch.Store, emb catalog.Embedder, cfg api.Config, logs io.Writer, met *metrics.Metrics) *testServer {
	log := slog.New(slog.NewJSONHandler(logs, nil))
	svc := catalog.New(st, emb, catalog.WithLogger(log))
	m := matcher.New(st, emb.(matcher.QueryEmbedder), nil, matcher.Config{}, log)
	srv, err := api.New(cfg, api.Deps{Catalog: svc, Matcher: m, Log: log, Metrics: met})
	require.NoError(t, err)
	return &testServer{t: t, h: srv, srv: srv, store: st}
}

func (s *testServer) do(method, path string, body string) *httptest.ResponseRecorder {
	s.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = "127.0.0.1:40000" // the local demo mode serves loopback callers without keys
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	return rec
}

func problem(t testing.TB, rec *httptest.ResponseRecorder) api.Problem {
	t.Helper()
	require.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"), "body: %s", rec.Body.String())
	var p api.Problem
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
	return p
}

func fields(p api.Problem) []string {
	out := make([]string, len(p.Errors))
	for i, e := range p.Errors {
		out[i] = e.Field
	}
	return out
}

const goodCreator = `{"id":"good-1","name":"Maya Ortiz","bio":"Vegan food blogger sharing plant-based recipes and meal prep.",
 "country":"us","languages":["en"],"niches":["plant_based"],
 "accounts":[{"platform":"tiktok","handle":"@mayacooks","followers":48200,"following":310}],
 "audience":{"age":{"18-24":0.46,"25-34":0.38,"35-44":0.16},"gender":{"female":0.7,"male":0.3},"credibility":0.9},
 "content":[{"id":"v1","posted_at":"2026-10-28T17:00:00Z","caption":"3-ingredient oat yogurt bowl for busy mornings",
   "hashtags":["#vegan","breakfast"],"likes":3100,"comments":84,"shares":40,"saves":220,"views":61000},
  {"id":"v2","posted_at":"2026-10-21T17:00:00Z","caption":"Crispy tofu meal prep for the whole week",
   "likes":2500,"comments":60,"views":52000,"sponsored":true,"sponsors":["@TofuCo"],"disclosures":["#ad"]}]}`

func TestCreatorsLifecycle(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := newServer(t, b, api.Config{})
			rec := s.do("POST", "/v1/creators", `{"creators":[`+goodCreator+`]}`)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			assert.JSONEq(t, `{"upserted":1,"ids":["good-1"]}`, rec.Body.String())

			rec = s.do("GET", "/v1/creators/good-1", "")
			require.Equal(t, 200, rec.Code, rec.Body.String())
			var got struct {
				creatormatch.Creator
				Features map[string]json.RawMessage `json:"features"`
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
			assert.Equal(t, "US", got.Country, "country normalised")
			assert.Equal(t, "mayacooks", got.Accounts[0].Handle, "@ stripped")
			require.Len(t, got.Content, 2)
			assert.Equal(t, creatormatch.TikTok, got.Content[0].Platform, "platform defaulted from the only account")
			for _, k := range []string{"tier", "engagement_rate", "engagement_quality", "consistency", "authenticity", "niches", "brand_safety", "disclosure", "brands", "cost", "computed_at"} {
				assert.Contains(t, got.Features, k)
			}

			rec = s.do("POST", "/v1/creators/good-1/content", `{"items":[{"id":"v3","caption":"Overnight oats three ways","likes":10}]}`)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			rec = s.do("GET", "/v1/creators/good-1", "")
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
			assert.Len(t, got.Content, 3)

			// Upserting again is idempotent: same id, one creator.
			rec = s.do("POST", "/v1/creators", `{"creators":[`+goodCreator+`]}`)
			require.Equal(t, 200, rec.Code)
			n, err := s.store.CountCreators(context.Background())
			require.NoError(t, err)
			assert.Equal(t, 1, n)

			rec = s.do("DELETE", "/v1/creators/good-1", "")
			assert.Equal(t, 204, rec.Code)
			rec = s.do("GET", "/v1/creators/good-1", "")
			assert.Equal(t, 404, rec.Code)
			assert.Equal(t, 404, problem(t, rec).Status)
		})
	}
}

func TestBadInputIs4xxAndWritesNothing(t *testing.T) {
	// Each bad request carries a valid creator too: the batch must write nothing.
	batch := func(bad string) string { return `{"creators":[` + goodCreator + `,` + bad + `]}` }
	cases := []struct {
		name   string
		method string
		path   string
		body   string
		status int
		field  string
	}{
		{"malformed JSON", "POST", "/v1/creators", `{"creators":[{"id":"x",}]}`, 400, "body"},
		{"truncated JSON", "POST", "/v1/creators", `{"creators":[{"id":"x"`, 400, "body"},
		{"not an object", "POST", "/v1/creators", `[1,2]`, 422, "body"},
		{"empty body", "POST", "/v1/creators", ``, 400, "body"},
		{"no creators", "POST", "/v1/creators", `{}`, 422, "creators"},
		{"unknown field", "POST", "/v1/creators", batch(`{"id":"b","folowers":3}`), 422, "creators[1].folowers"},
		{"unknown top-level field", "POST", "/v1/creators", `{"creators":[],"extra":1}`, 422, "extra"},
		{"wrong type", "POST", "/v1/creators", batch(`{"id":"b","accounts":[{"platform":"tiktok","followers":"many"}]}`), 422, "creators[1].accounts[0].followers"},
		{"unknown platform", "POST", "/v1/creators", batch(`{"id":"b","accounts":[{"platform":"myspace","followers":3}]}`), 422, "creators[1].accounts[0].platform"},
		{"negative followers", "POST", "/v1/creators", batch(`{"id":"b","accounts":[{"platform":"tiktok","followers":-3}]}`), 422, "creators[1].accounts[0].followers"},
		{"negative likes", "POST", "/v1/creators", batch(`{"id":"b","accounts":[{"platform":"tiktok","followers":3}],"content":[{"id":"p","caption":"hi","likes":-1}]}`), 422, "creators[1].content[0].likes"},
		{"age shares off", "POST", "/v1/creators", batch(`{"id":"b","audience":{"age":{"18-24":0.5,"25-34":0.3}}}`), 422, "creators[1].audience.age"},
		{"gender shares over", "POST", "/v1/creators", batch(`{"id":"b","audience":{"gender":{"female":0.7,"male":0.4}}}`), 422, "creators[1].audience.gender"},
		{"unknown age bucket", "POST", "/v1/creators", batch(`{"id":"b","audience":{"age":{"18-29":1}}}`), 422, "creators[1].audience.age.18-29"},
		{"duplicate ids", "POST", "/v1/creators", batch(`{"id":"good-1"}`), 422, "creators[1].id"},
		{"missing id", "POST", "/v1/creators", batch(`{"name":"x"}`), 422, "creators[1].id"},
		{"bad id", "POST", "/v1/creators", batch(`{"id":"a b/c"}`), 422, "creators[1].id"},
		{"future post", "POST", "/v1/creators", batch(`{"id":"b","accounts":[{"platform":"tiktok","followers":3}],"content":[{"id":"p","caption":"x","posted_at":"2999-01-01T00:00:00Z"}]}`), 422, "creators[1].content[0].posted_at"},
		{"bad date", "POST", "/v1/creators", batch(`{"id":"b","accounts":[{"platform":"tiktok","followers":3,"follower_history":[{"date":"yesterday","followers":1}]}]}`), 422, "creators[1].accounts[0].follower_history[0].date"},
		{"body too large", "POST", "/v1/creators", `{"creators":[{"id":"big","bio":"` + strings.Repeat("x", 5000) + `"}]}`, 413, "body"},
		{"wrong content type", "POST", "/v1/creators", "", 415, ""},
		{"unknown creator", "GET", "/v1/creators/nobody", "", 404, ""},
		{"content for unknown creator", "POST", "/v1/creators/nobody/content", `{"items":[{"id":"p","caption":"x"}]}`, 404, ""},
		{"content with bad platform", "POST", "/v1/creators/good-0/content", `{"items":[{"id":"p","platform":"myspace","caption":"x"}]}`, 422, "items[0].platform"},
		{"delete unknown", "DELETE", "/v1/creators/nobody", "", 404, ""},
		{"unknown route", "GET", "/v1/nothing", "", 404, ""},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := newServer(t, b, api.Config{BodyLimit: 4096})
			// good-0 exists so content errors are about the content.
			seed := strings.Replace(goodCreator, `"good-1"`, `"good-0"`, 1)
			rec := s.do("POST", "/v1/creators", `{"creators":[`+compact(seed)+`]}`)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(compact(tc.body)))
					req.RemoteAddr = "127.0.0.1:40000"
					if tc.status == 415 {
						req.Body = io.NopCloser(strings.NewReader(`{"creators":[]}`))
						req.Header.Set("Content-Type", "text/plain")
					} else {
						req.Header.Set("Content-Type", "application/json")
					}
					rec := httptest.NewRecorder()
					s.h.ServeHTTP(rec, req)
					require.Equal(t, tc.status, rec.Code, rec.Body.String())
					p := problem(t, rec)
					assert.Equal(t, tc.status, p.Status)
					assert.NotEmpty(t, p.Title)
					assert.True(t, strings.HasPrefix(p.Type, "https://"), p.Type)
					if tc.field != "" {
						assert.Contains(t, fields(p), tc.field, "problem: %+v", p)
					}
					n, err := s.store.CountCreators(context.Background())
					require.NoError(t, err)
					assert.Equal(t, 1, n, "a rejected request wrote something")
				})
			}
		})
	}
}

// compact removes the newlines the test literals are wrapped with.
func compact(s string) string {
	if s == "" {
		return s
	}
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		return strings.ReplaceAll(s, "\n", "")
	}
	return b.String()
}

func TestHealthAndSpec(t *testing.T) {
	s := newServer(t, backends[0], api.Config{Version: "test"})
	rec := s.do("GET", "/healthz", "")
	assert.Equal(t, 200, rec.Code)
	rec = s.do("GET", "/readyz", "")
	assert.Equal(t, 200, rec.Code)
	rec = s.do("GET", "/openapi.yaml", "")
	assert.Equal(t, 200, rec.Code)
	assert.Contains(t, rec.Body.String(), "openapi: 3")
	rec = s.do("GET", "/docs", "")
	assert.Equal(t, 200, rec.Code)
	assert.Contains(t, rec.Header().Get("Content-Type"), "text/html")
	assert.Contains(t, rec.Body.String(), "<code>/v1/match</code>")
	assert.Contains(t, rec.Body.String(), `id="schema-Creator"`)
	// Examples from openapi.yaml are shown, without JavaScript.
	assert.Contains(t, rec.Body.String(), `<summary>Request example</summary>`)
	assert.Contains(t, rec.Body.String(), `<summary>Response example (200)</summary>`)
	assert.Contains(t, rec.Body.String(), `&#34;decision_rule&#34;`)

	// A closed store is not ready: 503 with Retry-After, as problem+json.
	require.NoError(t, s.store.Close())
	rec = s.do("GET", "/readyz", "")
	assert.Equal(t, 503, rec.Code)
	assert.NotEmpty(t, rec.Header().Get("Retry-After"))
	problem(t, rec)
}
