package api_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/metrics"
)

func (s *testServer) req(method, path, body, key, remote string, header ...string) *httptest.ResponseRecorder {
	s.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = remote
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	return rec
}

const local, remote = "127.0.0.1:5000", "203.0.113.9:5000"

func TestAuthScopesAndSecretsStayOutOfLogs(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			logs := &testenv.LogBuffer{}
			st := b.open(t)
			s := newServerWith(t, st, testenv.Embedder(t), api.Config{}, logs)
			ctx := context.Background()

			// No key exists: loopback is served, other callers are not.
			assert.Equal(t, 404, s.req("GET", "/v1/creators/x", "", "", local).Code)
			assert.Equal(t, 401, s.req("GET", "/v1/creators/x", "", "", remote).Code)
			assert.Equal(t, 200, s.req("GET", "/healthz", "", "", remote).Code, "health is public")

			reader, readSecret := creatormatch.NewAPIKey("reader", []creatormatch.Scope{creatormatch.ScopeRead}, time.Now())
			writer, writeSecret := creatormatch.NewAPIKey("writer", []creatormatch.Scope{creatormatch.ScopeRead, creatormatch.ScopeWrite}, time.Now())
			admin, adminSecret := creatormatch.NewAPIKey("admin", []creatormatch.Scope{creatormatch.ScopeAdmin}, time.Now())
			for _, k := range []creatormatch.APIKey{reader, writer, admin} {
				require.NoError(t, st.CreateAPIKey(ctx, k))
			}
			time.Sleep(2100 * time.Millisecond) // the "any key exists" answer is cached for 2 s

			body := `{"creators":[{"id":"a1","bio":"Trail runner","accounts":[{"platform":"instagram","followers":1200}]}]}`
			cases := []struct {
				name, method, path, body, key, remote string
				want                                  int
			}{
				{"no key, even on loopback", "GET", "/v1/creators/a1", "", "", local, 401},
				{"unknown key", "GET", "/v1/creators/a1", "", "cm_not_a_real_key", remote, 401},
				{"read key reads", "GET", "/v1/creators/a1", "", readSecret, remote, 404},
				{"read key cannot write", "POST", "/v1/creators", body, readSecret, remote, 403},
				{"write key writes", "POST", "/v1/creators", body, writeSecret, remote, 200},
				{"admin key writes", "DELETE", "/v1/creators/a1", "", adminSecret, remote, 204},
				{"write key cannot profile", "GET", "/debug/pprof/heap", "", writeSecret, remote, 403},
				{"admin key profiles", "GET", "/debug/pprof/heap", "", adminSecret, remote, 200},
			}
			for _, tc := range cases {
				rec := s.req(tc.method, tc.path, tc.body, tc.key, tc.remote)
				assert.Equal(t, tc.want, rec.Code, "%s: %s", tc.name, rec.Body.String())
				if tc.want == 401 || tc.want == 403 {
					assert.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"), tc.name)
				}
			}

			require.NoError(t, st.RevokeAPIKey(ctx, writer.ID, time.Now()))
			time.Sleep(2100 * time.Millisecond) // key lookups are cached for 2 s
			assert.Equal(t, 401, s.req("GET", "/v1/creators/a1", "", writeSecret, remote).Code, "a revoked key is refused")

			out := logs.String()
			require.Contains(t, out, `"path":"/v1/creators/a1"`, "requests are logged")
			for _, secret := range []string{readSecret, writeSecret, adminSecret, "cm_not_a_real_key"} {
				assert.NotContains(t, out, secret, "a key appeared in the logs")
			}
			for _, k := range []creatormatch.APIKey{reader, writer, admin} {
				assert.NotContains(t, out, k.Hash, "a key hash appeared in the logs")
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	// One token per 100 s: a slow machine cannot refill the bucket
	// between the six requests.
	s := newServer(t, backends[0], api.Config{RateLimit: 0.01, RateBurst: 3})
	codes := map[int]int{}
	var retry string
	for range 6 {
		rec := s.req("GET", "/v1/creators/x", "", "", local)
		codes[rec.Code]++
		if rec.Code == 429 {
			retry = rec.Header().Get("Retry-After")
			assert.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
		}
	}
	assert.Equal(t, 3, codes[404], "the burst is served")
	assert.Equal(t, 3, codes[429], "then requests are limited")
	// The next token is due 100 s after the burst, less the time the six
	// requests took (seconds at most on a slow machine).
	secs, err := strconv.Atoi(retry)
	require.NoError(t, err, "Retry-After %q", retry)
	assert.True(t, secs >= 90 && secs <= 101, "Retry-After %d", secs)
	// Another caller has its own bucket; health checks are never limited.
	assert.Equal(t, 200, s.req("GET", "/healthz", "", "", local).Code)
}

func TestIdempotencyKey(t *testing.T) {
	s := newServer(t, backends[0], api.Config{})
	body := `{"creators":[{"id":"i1","bio":"Knitting patterns","accounts":[{"platform":"instagram","followers":900}]}]}`
	first := s.req("POST", "/v1/creators", body, "", local, "Idempotency-Key", "abc-1")
	require.Equal(t, 200, first.Code, first.Body.String())
	again := s.req("POST", "/v1/creators", body, "", local, "Idempotency-Key", "abc-1")
	require.Equal(t, 200, again.Code)
	assert.Equal(t, "true", again.Header().Get("Idempotent-Replayed"))
	assert.Equal(t, first.Body.String(), again.Body.String())

	other := s.req("POST", "/v1/creators", strings.Replace(body, "900", "901", 1), "", local, "Idempotency-Key", "abc-1")
	require.Equal(t, 422, other.Code)
	assert.Contains(t, fields(problem(t, other)), "Idempotency-Key")

	// Errors below 500 are replayed too; a new key runs the request.
	bad := s.req("POST", "/v1/creators", `{"creators":[{"id":"x y"}]}`, "", local, "Idempotency-Key", "abc-2")
	require.Equal(t, 422, bad.Code)
	again = s.req("POST", "/v1/creators", `{"creators":[{"id":"x y"}]}`, "", local, "Idempotency-Key", "abc-2")
	assert.Equal(t, "true", again.Header().Get("Idempotent-Replayed"))
	assert.Equal(t, bad.Body.String(), again.Body.String())
}

func TestMetricsEndpoint(t *testing.T) {
	emb := testenv.Embedder(t)
	st := backends[0].open(t)
	met := metrics.New()
	s := newServerWithMetrics(t, met.WrapStore(st), met.WrapEmbedder(emb), met)
	require.Equal(t, 404, s.req("GET", "/v1/creators/nobody", "", "", local).Code)
	rec := s.req("GET", "/metrics", "", "", remote)
	require.Equal(t, 200, rec.Code)
	out := rec.Body.String()
	assert.Contains(t, out, `creatormatch_http_request_duration_seconds_count{method="GET",route="/v1/creators/{id}",status="404"} 1`)
	assert.Contains(t, out, `creatormatch_store_duration_seconds_count{method="GetCreator",outcome="not_found"} 1`)
	assert.Contains(t, out, "go_goroutines")
}
