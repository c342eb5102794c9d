package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/web"
)

func TestAssets(t *testing.T) {
	for _, name := range []string{"index.html", "app.js", "app.css"} {
		f, err := web.Assets.Open(name)
		require.NoError(t, err, name)
		require.NoError(t, f.Close())
	}
}

func get(t *testing.T, h http.Handler, method, target string, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestHandler(t *testing.T) {
	h := web.Handler()

	page := get(t, h, "GET", "/", nil)
	require.Equal(t, http.StatusOK, page.Code)
	assert.Equal(t, "text/html; charset=utf-8", page.Header().Get("Content-Type"))
	assert.Equal(t, "no-cache", page.Header().Get("Cache-Control"))
	assert.Contains(t, page.Header().Get("Content-Security-Policy"), "default-src 'self'")
	assert.Equal(t, "nosniff", page.Header().Get("X-Content-Type-Options"))
	body := page.Body.String()
	assert.Contains(t, body, "<main")

	// The page references fingerprinted assets.
	refs := regexp.MustCompile(`"/static/(app\.(?:js|css))\?v=([0-9a-f]{12})"`).FindAllStringSubmatch(body, -1)
	require.Len(t, refs, 2, "index.html should reference app.js and app.css with ?v=")
	types := map[string]string{"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
	for _, ref := range refs {
		name, v := ref[1], ref[2]
		rec := get(t, h, "GET", "/static/"+name+"?v="+v, nil)
		require.Equal(t, http.StatusOK, rec.Code, name)
		assert.Equal(t, types[name], rec.Header().Get("Content-Type"), name)
		assert.Equal(t, "public, max-age=31536000, immutable", rec.Header().Get("Cache-Control"), name)
		want, err := io.ReadAll(must(web.Assets.Open(name)))
		require.NoError(t, err)
		assert.Equal(t, string(want), rec.Body.String(), name)

		// Without (or with a stale) fingerprint: revalidate, 304 on a match.
		plain := get(t, h, "GET", "/static/"+name+"?v=stale", nil)
		assert.Equal(t, "no-cache", plain.Header().Get("Cache-Control"), name)
		etag := plain.Header().Get("ETag")
		require.NotEmpty(t, etag)
		nm := get(t, h, "GET", "/static/"+name, map[string]string{"If-None-Match": etag})
		assert.Equal(t, http.StatusNotModified, nm.Code, name)
	}

	head := get(t, h, "HEAD", "/", nil)
	assert.Equal(t, http.StatusOK, head.Code)
	assert.Empty(t, head.Body.String())

	for _, p := range []string{"/nope", "/static/", "/static/missing.js", "/static/index.html", "/static/../web.go"} {
		assert.Equal(t, http.StatusNotFound, get(t, h, "GET", p, nil).Code, p)
	}
	post := get(t, h, "POST", "/", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, post.Code)
	assert.Equal(t, "GET, HEAD", post.Header().Get("Allow"))
}

// TestPageAccessibility checks the markup rules the browser test cannot
// see at a glance: every form control has a label, buttons are buttons,
// and the landmarks exist.
func TestPageAccessibility(t *testing.T) {
	b, err := io.ReadAll(must(web.Assets.Open("index.html")))
	require.NoError(t, err)
	html := string(b)
	for _, lm := range []string{"<header", "<main", "<aside", "<footer", `lang="en"`, `name="viewport"`} {
		assert.Contains(t, html, lm)
	}
	ids := regexp.MustCompile(`<(?:input|select|textarea)[^>]*\bid="([^"]+)"`).FindAllStringSubmatch(html, -1)
	require.NotEmpty(t, ids)
	for _, m := range ids {
		assert.Contains(t, html, `for="`+m[1]+`"`, "control #%s has no <label for>", m[1])
	}
	assert.NotContains(t, html, "onclick=", "no inline handlers (CSP)")
	assert.False(t, strings.Contains(html, "<a href=\"#\""), "actions are buttons, not links")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
