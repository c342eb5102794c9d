package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/api/spec"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/metrics"
)

// specChecker validates real answers against openapi.yaml: the status must
// be one the operation declares, the content type one the status declares,
// required headers present (Retry-After), and a JSON body must match its
// schema, which fails on a required field left out and on a null where the
// schema is not nullable (kin-openapi's response validation).
type specChecker struct {
	t  *testing.T
	sw *openapi3.T
	// seen records "operationId status" of every validated answer.
	seen map[string]bool
	// record, when set ($CREATORMATCH_SPEC_RECORD), is a directory the
	// largest 2xx JSON answer (and its request) of each operation is
	// written to: the source of openapi.yaml's examples.
	record string
}

func newSpecChecker(t *testing.T) *specChecker {
	sw, err := spec.GetSpec()
	require.NoError(t, err)
	sw.Servers = nil
	return &specChecker{t: t, sw: sw, seen: map[string]bool{}, record: os.Getenv("CREATORMATCH_SPEC_RECORD")}
}

// check validates rec, the answer to method path (a concrete path with its
// query) with request body reqBody.
func (sc *specChecker) check(method, path, reqBody string, rec *httptest.ResponseRecorder) {
	t := sc.t
	t.Helper()
	specP := specPath(path)
	item := sc.sw.Paths.Find(specP)
	require.NotNil(t, item, "%s: no such path in openapi.yaml", specP)
	op := item.GetOperation(method)
	require.NotNil(t, op, "%s %s: no such operation in openapi.yaml", method, specP)
	sc.seen[op.OperationID+" "+fmt.Sprint(rec.Code)] = true
	if err := sc.validate(method, path, reqBody, rec); err != nil {
		msg := err.Error()
		if len(msg) > 4000 {
			msg = msg[:4000]
		}
		t.Errorf("%s %s answered %d, not as openapi.yaml says: %s\nbody: %.2000s", method, path, rec.Code, msg, rec.Body.String())
	}
	ct := rec.Header().Get("Content-Type")
	mt, _, _ := strings.Cut(ct, ";")
	isJSON := mt == "application/json" || mt == "application/problem+json"
	if !isJSON {
		// The body is not validated: its content type must still be one
		// the status declares.
		if r := op.Responses.Status(rec.Code); r != nil && r.Value != nil && rec.Code != http.StatusNoContent {
			assert.NotNil(t, r.Value.Content.Get(mt), "%s %s answered %d as %q, which openapi.yaml does not declare", method, path, rec.Code, ct)
		}
	}
	if sc.record != "" && rec.Code >= 200 && rec.Code < 300 && isJSON {
		// The largest answer of each operation and status is kept: it
		// shows the most fields.
		name := filepath.Join(sc.record, fmt.Sprintf("%s.%d.json", op.OperationID, rec.Code))
		if fi, err := os.Stat(name); err != nil || fi.Size() < int64(rec.Body.Len()+len(reqBody)) {
			rq := json.RawMessage("null")
			if json.Valid([]byte(reqBody)) {
				rq = json.RawMessage(reqBody)
			}
			b, _ := json.Marshal(map[string]any{"method": method, "path": path, "request": rq, "response": json.RawMessage(rec.Body.Bytes())})
			require.NoError(t, os.WriteFile(name, b, 0o644))
		}
	}
}

// validate checks one answer against the operation's declared responses.
func (sc *specChecker) validate(method, path, reqBody string, rec *httptest.ResponseRecorder) error {
	specP := specPath(path)
	item := sc.sw.Paths.Find(specP)
	if item == nil || item.GetOperation(method) == nil {
		return fmt.Errorf("%s %s: no such operation in openapi.yaml", method, specP)
	}
	op := item.GetOperation(method)
	ct := rec.Header().Get("Content-Type")
	mt, _, _ := strings.Cut(ct, ";")
	isJSON := mt == "application/json" || mt == "application/problem+json"
	req := httptest.NewRequest(method, path, strings.NewReader(reqBody))
	opts := &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		IncludeResponseStatus: true, ExcludeResponseBody: !isJSON}
	in := &openapi3filter.RequestValidationInput{Request: req, Route: &routers.Route{Spec: sc.sw, Path: specP, PathItem: item, Method: method, Operation: op}, Options: opts}
	return openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
		Body: io.NopCloser(strings.NewReader(rec.Body.String())), Options: opts})
}

// TestSpecCheckerCatchesMissingAndNull: the checker the conformance test
// uses fails an answer that leaves out a required field, sends null for a
// field that is not nullable, sends an undeclared status, or a 429 without
// Retry-After, so a spec that over-promises cannot pass.
func TestSpecCheckerCatchesMissingAndNull(t *testing.T) {
	sc := newSpecChecker(t)
	answer := func(status int, ct, body string, header ...string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		rec.Header().Set("Content-Type", ct)
		for i := 0; i+1 < len(header); i += 2 {
			rec.Header().Set(header[i], header[i+1])
		}
		rec.WriteHeader(status)
		rec.WriteString(body)
		return rec
	}
	good := `{"brief_id":"br_1","brief":{},"brief_source":"rules","weights":{},"weights_version":"preset","results":[],
		"currency":{"currency":"USD","usd_per_unit":1,"as_of":"2026-01-01","source":"fixed"},"calibration":"v1","candidates":0}`
	require.NoError(t, sc.validate("POST", "/v1/match", `{}`, answer(200, "application/json", good)))
	for name, body := range map[string]string{
		"required field left out": strings.Replace(good, `"results":[],`, ``, 1),
		"null list":               strings.Replace(good, `"results":[]`, `"results":null`, 1),
		"null map":                strings.Replace(good, `"weights":{}`, `"weights":null`, 1),
		"wrong type":              strings.Replace(good, `"candidates":0`, `"candidates":"0"`, 1),
	} {
		assert.Error(t, sc.validate("POST", "/v1/match", `{}`, answer(200, "application/json", body)), name)
	}
	problem := `{"type":"https://creatormatch.dev/problems/rate-limited","title":"Too many requests","status":429}`
	assert.NoError(t, sc.validate("POST", "/v1/match", `{}`, answer(429, "application/problem+json", problem, "Retry-After", "1")))
	assert.Error(t, sc.validate("POST", "/v1/match", `{}`, answer(429, "application/problem+json", problem)), "429 without Retry-After")
	assert.Error(t, sc.validate("POST", "/v1/match", `{}`, answer(429, "application/problem+json", `{"title":"x"}`, "Retry-After", "1")), "problem without type and status")
	assert.Error(t, sc.validate("POST", "/v1/match", `{}`, answer(418, "application/problem+json", problem)), "undeclared status")
}

// TestSpecEveryOperationConforms calls every operation of openapi.yaml on
// both stores, with the answers a client meets (2xx, and 400, 401, 403,
// 404, 413, 415, 422, 429, 503), and validates each against the spec. It fails
// when an operation of the spec was not answered with a 2xx at least once,
// so a new operation needs a call here.
func TestSpecEveryOperationConforms(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			sc := newSpecChecker(t)
			st := b.open(t)
			admin, adminSecret := creatormatch.NewAPIKey("conformance", []creatormatch.Scope{creatormatch.ScopeAdmin}, time.Now())
			require.NoError(t, st.CreateAPIKey(context.Background(), admin))
			reader, readerSecret := creatormatch.NewAPIKey("reader", []creatormatch.Scope{creatormatch.ScopeRead}, time.Now())
			require.NoError(t, st.CreateAPIKey(context.Background(), reader))
			s := newServerFull(t, st, testenv.Embedder(t), api.Config{RateLimit: -1}, io.Discard, metrics.New())
			call := func(method, path, body string, want int, header ...string) *httptest.ResponseRecorder {
				t.Helper()
				rec := s.req(method, path, body, adminSecret, local, header...)
				require.Equal(t, want, rec.Code, "%s %s: %s", method, path, rec.Body.String())
				sc.check(method, path, body, rec)
				return rec
			}
			id := func(rec *httptest.ResponseRecorder) string {
				var v struct {
					ID string `json:"id"`
				}
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &v))
				require.NotEmpty(t, v.ID)
				return v.ID
			}

			// Public routes.
			call("GET", "/healthz", "", 200)
			call("GET", "/readyz", "", 200)
			call("GET", "/docs", "", 200)
			call("GET", "/openapi.yaml", "", 200)
			call("GET", "/metrics", "", 200)
			call("GET", "/healthz?x=%FF", "", 422)
			call("GET", "/debug/pprof/heap", "", 200)
			call("GET", "/debug/pprof/nonesuch", "", 404)

			// The catalogue.
			call("POST", "/v1/creators", batteryBodies["POST /v1/creators"], 200)
			seed := strings.Replace(goodCreator, `"good-1"`, `"seed"`, 1)
			bare := `{"id":"bare","name":"No Content Yet"}`
			call("POST", "/v1/creators", `{"creators":[`+seed+`,`+bare+`]}`, 200)
			call("GET", "/v1/creators", "", 200)
			call("GET", "/v1/creators?limit=1&sort=engagement_rate&order=asc", "", 200)
			call("GET", "/v1/creators?q=nobody-has-this-name", "", 200)
			call("GET", "/v1/creators/good-1", "", 200)
			call("GET", "/v1/creators/bare", "", 200)
			call("GET", "/v1/creators/nonesuch", "", 404)
			call("POST", "/v1/creators/seed/content", batteryBodies["POST /v1/creators/seed/content"], 200)
			call("GET", "/v1/creators/seed/similar?limit=5", "", 200)
			call("GET", "/v1/creators/bare/similar", "", 422) // no vector without content

			// Matching.
			call("POST", "/v1/briefs/parse", batteryBodies["POST /v1/briefs/parse"], 200)
			call("POST", "/v1/match", batteryBodies["POST /v1/match"], 200)
			call("POST", "/v1/match", `{"brief":{"text":"vegan recipes on tiktok"},"limit":5}`, 200)
			call("POST", "/v1/match", `{"brief":{"text":"vegan recipes"},"filters":{"ids":["nonesuch"]}}`, 200)
			call("POST", "/v1/shortlists", batteryBodies["POST /v1/shortlists"], 200)
			call("POST", "/v1/shortlists", `{"brief":{"text":"vegan recipes"},"budget":{"total":100},"filters":{"ids":["nonesuch"]}}`, 200)
			call("POST", "/v1/lookalikes", batteryBodies["POST /v1/lookalikes"], 200)
			call("POST", "/v1/lookalikes", `{"positive":["nonesuch"]}`, 404)

			// Feedback and weights.
			call("GET", "/v1/feedback", "", 200)
			call("POST", "/v1/feedback", batteryBodies["POST /v1/feedback"], 200, "Idempotency-Key", "conformance-1")
			call("POST", "/v1/feedback", batteryBodies["POST /v1/feedback"], 200, "Idempotency-Key", "conformance-1")
			call("GET", "/v1/feedback?limit=1", "", 200)
			call("GET", "/v1/weights", "", 200)
			call("DELETE", "/v1/weights", "", 200)

			// The blocklist.
			call("GET", "/v1/blocklist", "", 200)
			call("PUT", "/v1/blocklist/seed", batteryBodies["PUT /v1/blocklist/seed"], 201)
			call("PUT", "/v1/blocklist/seed", "", 200)
			call("GET", "/v1/blocklist", "", 200)
			call("DELETE", "/v1/blocklist/seed", "", 204)
			call("DELETE", "/v1/blocklist/seed", "", 404)

			// Saved briefs.
			call("GET", "/v1/saved-briefs", "", 200)
			sb := id(call("POST", "/v1/saved-briefs", batteryBodies["POST /v1/saved-briefs"], 201))
			call("GET", "/v1/saved-briefs", "", 200)
			call("GET", "/v1/saved-briefs/"+sb, "", 200)
			call("PUT", "/v1/saved-briefs/"+sb, batteryBodies["PUT /v1/saved-briefs/sb_battery"], 200)
			call("PUT", "/v1/saved-briefs/sb_conformance", batteryBodies["PUT /v1/saved-briefs/sb_battery"], 201)
			call("DELETE", "/v1/saved-briefs/"+sb, "", 204)
			call("GET", "/v1/saved-briefs/"+sb, "", 404)

			// Lists, items and notes.
			call("GET", "/v1/lists", "", 200)
			list := id(call("POST", "/v1/lists", batteryBodies["POST /v1/lists"], 201))
			call("GET", "/v1/lists", "", 200)
			call("GET", "/v1/lists/"+list, "", 200)
			call("PATCH", "/v1/lists/"+list, batteryBodies["PATCH /v1/lists/battery-list"], 200)
			call("GET", "/v1/lists/"+list+"/items", "", 200)
			call("PUT", "/v1/lists/"+list+"/items/seed", batteryBodies["PUT /v1/lists/battery-list/items/seed"], 201)
			call("PUT", "/v1/lists/"+list+"/items/seed", `{"status":"negotiating"}`, 200)
			call("PUT", "/v1/lists/"+list+"/items/bare", "", 201)
			call("GET", "/v1/lists/"+list+"/items", "", 200)
			call("GET", "/v1/creators/seed/lists", "", 200)
			call("GET", "/v1/creators/nonesuch/lists", "", 200)
			call("GET", "/v1/creators/seed/notes", "", 200)
			note := id(call("POST", "/v1/creators/seed/notes", batteryBodies["POST /v1/creators/seed/notes"], 201))
			call("GET", "/v1/creators/seed/notes", "", 200)
			call("POST", "/v1/match", `{"brief":{"text":"vegan food recipes"},"limit":5}`, 200)
			call("GET", "/v1/lists/"+list+"/export?format=json", "", 200)
			call("GET", "/v1/lists/"+list+"/export", "", 200)
			call("DELETE", "/v1/creators/seed/notes/"+note, "", 204)
			call("DELETE", "/v1/lists/"+list+"/items/bare", "", 204)
			call("DELETE", "/v1/lists/"+list, "", 204)
			call("GET", "/v1/lists/"+list, "", 404)

			// Keys.
			call("GET", "/v1/apikeys", "", 200)
			created := call("POST", "/v1/apikeys", batteryBodies["POST /v1/apikeys"], 201)
			var ck struct {
				Key struct {
					ID string `json:"id"`
				} `json:"key"`
			}
			require.NoError(t, json.Unmarshal(created.Body.Bytes(), &ck))
			call("DELETE", "/v1/apikeys/"+ck.Key.ID, "", 204)
			call("GET", "/v1/apikeys", "", 200)

			// Refusals.
			bad := problem(t, call("POST", "/v1/match", `{"brief":`, 400))
			require.Len(t, bad.Errors, 1)
			assert.Equal(t, "malformed JSON: unexpected EOF", bad.Errors[0].Reason, "the reason says what is wrong")
			call("POST", "/v1/match", `{"limit":0}`, 422)
			call("GET", "/v1/creators?limit=0", "", 422)
			rec := s.req("POST", "/v1/match", `{}`, adminSecret, local, "Content-Type", "text/plain")
			require.Equal(t, 415, rec.Code, rec.Body.String())
			sc.check("POST", "/v1/match", `{}`, rec)
			rec = s.req("GET", "/v1/creators", "", "", local)
			require.Equal(t, 401, rec.Code, rec.Body.String())
			sc.check("GET", "/v1/creators", "", rec)
			rec = s.req("GET", "/v1/creators", "", "cm_not_a_key", remote)
			require.Equal(t, 401, rec.Code, rec.Body.String())
			sc.check("GET", "/v1/creators", "", rec)
			rec = s.req("DELETE", "/v1/creators/good-1", "", readerSecret, local)
			require.Equal(t, 403, rec.Code, rec.Body.String())
			sc.check("DELETE", "/v1/creators/good-1", "", rec)
			call("DELETE", "/v1/creators/good-1", "", 204)
			call("DELETE", "/v1/creators/good-1", "", 404)

			// A small body limit (413) and a rate limit (429, Retry-After).
			small := newServerWith(t, st, testenv.Embedder(t), api.Config{BodyLimit: 64, RateLimit: 1, RateBurst: 1}, io.Discard)
			big := `{"positive":["` + strings.Repeat("x", 100) + `"]}`
			rec = small.req("POST", "/v1/lookalikes", big, adminSecret, local)
			require.Equal(t, 413, rec.Code, rec.Body.String())
			sc.check("POST", "/v1/lookalikes", big, rec)
			limited := 0
			for range 5 {
				rec = small.req("GET", "/v1/blocklist", "", readerSecret, local)
				sc.check("GET", "/v1/blocklist", "", rec)
				if rec.Code == 429 {
					limited++
				}
			}
			assert.Positive(t, limited, "the rate limit was never reached")

			// A store that is gone: 503 with Retry-After, on the readiness
			// probe and on an operation (the key lookup sheds the request).
			require.NoError(t, st.Close())
			call("GET", "/readyz", "", 503)
			rec = s.req("GET", "/v1/creators", "", readerSecret, local)
			require.Equal(t, 503, rec.Code, rec.Body.String())
			sc.check("GET", "/v1/creators", "", rec)

			// Every operation was answered with a 2xx at least once.
			var missing []string
			for path, item := range sc.sw.Paths.Map() {
				for method, op := range item.Operations() {
					ok := false
					for code := range op.Responses.Map() {
						ok = ok || (strings.HasPrefix(code, "2") && sc.seen[op.OperationID+" "+code])
					}
					if !ok {
						missing = append(missing, method+" "+path)
					}
				}
			}
			sort.Strings(missing)
			assert.Empty(t, missing, "operations never answered with a 2xx here: add a call")
		})
	}
}
