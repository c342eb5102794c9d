// Package web is creatormatch's browser app for brand strategists: paste a
// brief, correct what was parsed from it, see ranked creators with why they
// match, dismiss the wrong ones, find lookalikes and build a shortlist
// within a budget; save it as a list, move the list's creators through
// the pipeline (prospect to hired), keep notes on them, and read a
// creator's profile (audience charts, follower growth, recent posts, every
// feature with its evidence). It is three hand-written files
// (static/index.html, app.js, app.css) with no build step; the page talks
// to the /v1 REST API of the same origin, so the binary serves both. Views
// are addressed by the URL fragment: #/ (search), #/lists, #/lists/ID and
// #/creators/ID.
//
// Handler serves the page at / and its assets under /static/. The asset
// URLs in the page carry a hash of the asset's bytes (?v=...), so a
// fingerprinted request is cached for a year as immutable; the page itself
// and un-fingerprinted requests are revalidated on every load (ETag).
//
// The binary mounts it beside the API on one mux:
//
//	mux := http.NewServeMux()
//	for _, p := range []string{"/v1/", "/healthz", "/readyz", "/openapi.yaml", "/docs", "/metrics", "/debug/"} {
//		mux.Handle(p, apiServer)
//	}
//	mux.Handle("/", web.Handler())
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static/*
var static embed.FS

// Assets holds the page's files at their names: index.html, app.js, app.css.
var Assets fs.FS = mustSub(static, "static")

func mustSub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return s
}

// asset is one file ready to serve.
type asset struct {
	body        []byte
	contentType string
	etag        string // strong ETag of body
	hash        string // short content hash used as ?v=
}

var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".png":  "image/png",
	".svg":  "image/svg+xml",
	".ico":  "image/x-icon",
}

// contentSecurityPolicy allows only this origin's scripts, styles and
// requests; the CSV export downloads a blob: URL, which needs no
// permission. No inline script or style attribute is used by the page.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Handler serves the app: GET or HEAD of / (and /index.html) returns the
// page, /static/NAME an asset. Anything else is 404 (405 for other methods
// on a known path).
func Handler() http.Handler {
	assets := map[string]*asset{}
	err := fs.WalkDir(Assets, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Assets, p)
		if err != nil {
			return err
		}
		assets[p] = newAsset(p, b)
		return nil
	})
	if err != nil {
		panic("web: reading embedded assets: " + err.Error())
	}
	page := assets["index.html"]
	if page == nil {
		panic("web: index.html is not embedded")
	}
	// Fingerprint the asset references so browsers may cache them forever.
	body := page.body
	for name, a := range assets {
		if name == "index.html" {
			continue
		}
		ref := []byte(`"/static/` + name + `"`)
		body = bytes.ReplaceAll(body, ref, []byte(`"/static/`+name+`?v=`+a.hash+`"`))
	}
	page = newAsset("index.html", body)
	return &handler{page: page, assets: assets}
}

func newAsset(name string, b []byte) *asset {
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])
	ct := contentTypes[path.Ext(name)]
	if ct == "" {
		ct = "application/octet-stream"
	}
	return &asset{body: b, contentType: ct, etag: `"` + h[:32] + `"`, hash: h[:12]}
}

type handler struct {
	page   *asset
	assets map[string]*asset
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var a *asset
	immutable := false
	switch p := r.URL.Path; {
	case p == "/" || p == "/index.html":
		a = h.page
	case strings.HasPrefix(p, "/static/"):
		name := strings.TrimPrefix(p, "/static/")
		if name != "index.html" {
			a = h.assets[name]
		}
		immutable = a != nil && r.URL.Query().Get("v") == a.hash
	}
	if a == nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", a.contentType)
	hd.Set("ETag", a.etag)
	hd.Set("X-Content-Type-Options", "nosniff")
	if immutable {
		hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hd.Set("Cache-Control", "no-cache")
	}
	if a == h.page {
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
	}
	// ServeContent answers If-None-Match with 304 and handles HEAD and Range.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}
