package api

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"github.com/labstack/echo/v4"
)

// These two small middlewares replace Echo's middleware package, whose
// proxy and rate-limiter code carries advisories without a fix
// (GO-2026-6872, GO-2026-6875); importing the package at all made
// govulncheck report them.

// requestID gives every request an id, echoed in X-Request-ID, in logs
// and in problem bodies. A caller's own id is kept when it is at most 64
// characters of [A-Za-z0-9._-], so a client can correlate its logs with
// ours; anything else (markup, quotes, spaces, control bytes) is replaced
// by a generated id and never echoed.
func requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(echo.HeaderXRequestID)
		if !safeID(id) {
			var b [16]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		return next(c)
	}
}

// maxRequestIDLen bounds a caller's request id.
const maxRequestIDLen = 64

func safeID(s string) bool {
	if s == "" || len(s) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9', b == '.', b == '_', b == '-':
		default:
			return false
		}
	}
	return true
}

// apiCSP is the Content-Security-Policy of every API response but /docs:
// JSON, YAML and problem bodies load nothing and are never framed.
const apiCSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// setSecurityHeaders sets the headers every response carries, keeping
// any a handler already chose.
func setSecurityHeaders(h http.Header) {
	for _, kv := range [][2]string{
		{"X-Content-Type-Options", "nosniff"},
		{"Referrer-Policy", "no-referrer"},
		{"X-Frame-Options", "DENY"},
	} {
		if h.Get(kv[0]) == "" {
			h.Set(kv[0], kv[1])
		}
	}
}

// securityHeaders sets them before anything runs, so errors from any
// middleware (body limit, auth, routing) carry them too. /docs replaces
// the CSP with one that allows its own inline style.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		setSecurityHeaders(h)
		h.Set("Content-Security-Policy", apiCSP)
		return next(c)
	}
}

// SecurityHeaders wraps a handler that serves beside the API (the web app
// at /, its assets, the mux's 404s) so that its responses carry
// X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer and
// X-Frame-Options: DENY too. It sets no CSP: the web app sets its own.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w.Header())
		next.ServeHTTP(w, r)
	})
}

// bodyLimit refuses bodies over limit bytes: at once when Content-Length
// says so, and while reading otherwise (http.MaxBytesReader), both as 413.
func bodyLimit(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.ContentLength > limit {
				return &echo.HTTPError{Code: http.StatusRequestEntityTooLarge, Message: "the request body exceeds the limit"}
			}
			req.Body = http.MaxBytesReader(c.Response(), req.Body, limit)
			return next(c)
		}
	}
}
