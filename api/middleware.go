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
// and in problem bodies. A caller's own id is kept when it is short and
// printable, so a client can correlate its logs with ours.
func requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(echo.HeaderXRequestID)
		if !printableID(id) {
			var b [16]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		return next(c)
	}
}

func printableID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r > '~' {
			return false
		}
	}
	return true
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
