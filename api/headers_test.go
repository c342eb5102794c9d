package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/web"
)

// TestSecurityHeaders: every response, success or problem, from a route
// or from middleware, carries nosniff, no-referrer and DENY and a CSP;
// /docs's CSP allows exactly its inline style; the wrapper the binary puts
// around the web app adds the three headers without replacing its CSP.
func TestSecurityHeaders(t *testing.T) {
	s := newServer(t, backends[0], api.Config{BodyLimit: 64})
	cases := []struct {
		name, method, path, body, remote string
		status                           int
	}{
		{"health", "GET", "/healthz", "", remote, 200},
		{"spec", "GET", "/openapi.yaml", "", remote, 200},
		{"docs", "GET", "/docs", "", remote, 200},
		{"unknown route", "GET", "/v1/nothing", "", remote, 404},
		{"not found", "GET", "/v1/creators/nobody", "", local, 404},
		{"unauthenticated", "GET", "/v1/creators/nobody", "", remote, 401},
		{"invalid", "GET", "/v1/creators/x/similar?limit=0", "", local, 422},
		{"too large", "POST", "/v1/creators", `{"creators":[{"id":"` + strings.Repeat("x", 100) + `"}]}`, local, 413},
		{"method not allowed", "PUT", "/v1/creators", "", local, 405},
	}
	for _, tc := range cases {
		rec := s.req(tc.method, tc.path, tc.body, "", tc.remote)
		require.Equal(t, tc.status, rec.Code, "%s: %s", tc.name, rec.Body.String())
		h := rec.Header()
		assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"), tc.name)
		assert.Equal(t, "no-referrer", h.Get("Referrer-Policy"), tc.name)
		assert.Equal(t, "DENY", h.Get("X-Frame-Options"), tc.name)
		csp := h.Get("Content-Security-Policy")
		assert.Contains(t, csp, "default-src 'none'", tc.name)
		assert.Contains(t, csp, "frame-ancestors 'none'", tc.name)
	}

	// /docs loads nothing but its own <style>: no script, no style
	// attribute, and the CSP names the style's hash.
	rec := s.req("GET", "/docs", "", "", remote)
	page := rec.Body.Bytes()
	assert.NotContains(t, string(page), "<script")
	assert.NotRegexp(t, regexp.MustCompile(`\sstyle=`), string(page))
	assert.NotRegexp(t, regexp.MustCompile(`<(img|link|iframe|object)\b`), string(page))
	_, rest, ok := bytes.Cut(page, []byte("<style>"))
	require.True(t, ok)
	style, _, ok := bytes.Cut(rest, []byte("</style>"))
	require.True(t, ok)
	sum := sha256.Sum256(style)
	assert.Contains(t, rec.Header().Get("Content-Security-Policy"), "style-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	assert.NotContains(t, rec.Header().Get("Content-Security-Policy"), "unsafe-inline")

	// The web app beside the API, as the binary mounts it.
	h := api.SecurityHeaders(web.Handler())
	for _, path := range []string{"/", "/static/app.js", "/static/app.css", "/nothing-here"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"), path)
		assert.Equal(t, "no-referrer", rec.Header().Get("Referrer-Policy"), path)
		assert.Equal(t, "DENY", rec.Header().Get("X-Frame-Options"), path)
		if path == "/" {
			assert.Contains(t, rec.Header().Get("Content-Security-Policy"), "script-src 'self'", "the web app keeps its own CSP")
		}
	}
}

// TestRequestIDAlphabet: a caller's X-Request-Id is kept only when it is
// at most 64 characters of [A-Za-z0-9._-]; anything else is replaced by a
// generated id and appears in no header, body or log line.
func TestRequestIDAlphabet(t *testing.T) {
	logs := &testenv.LogBuffer{}
	s := newServerWith(t, backends[0].open(t), testenv.Embedder(t), api.Config{}, logs)
	generated := regexp.MustCompile(`^[0-9a-f]{32}$`)
	for _, tc := range []struct {
		id   string
		kept bool
	}{
		{"client-7.run_42", true},
		{strings.Repeat("a", 64), true},
		{strings.Repeat("a", 65), false},
		{"<script>alert(1)</script>", false},
		{`"quoted"`, false},
		{"with space", false},
		{"semi;colon", false},
		{"ünïcode", false},
		{"a/b", false},
	} {
		rec := s.req("GET", "/v1/creators/nobody", "", "", local, "X-Request-Id", tc.id)
		require.Equal(t, 404, rec.Code)
		got := rec.Header().Get("X-Request-Id")
		p := problem(t, rec)
		assert.Equal(t, got, p.RequestID, tc.id)
		if tc.kept {
			assert.Equal(t, tc.id, got)
			continue
		}
		assert.Regexp(t, generated, got, tc.id)
		assert.NotContains(t, rec.Body.String(), tc.id)
		for _, vs := range rec.Header() {
			for _, v := range vs {
				assert.NotContains(t, v, tc.id)
			}
		}
		assert.NotContains(t, logs.String(), tc.id)
	}
}
