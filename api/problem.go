package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
)

// Problem is an RFC 9457 problem details body (application/problem+json),
// extended with the request id and per-field errors.
type Problem struct {
	Type      string                    `json:"type"`
	Title     string                    `json:"title"`
	Status    int                       `json:"status"`
	Detail    string                    `json:"detail,omitempty"`
	Instance  string                    `json:"instance,omitempty"`
	RequestID string                    `json:"request_id,omitempty"`
	Errors    []creatormatch.FieldError `json:"errors,omitempty"`
}

// problemKind is the one table from error codes (creatormatch.ErrorCode)
// to HTTP answers.
type problemKind struct {
	code   error
	status int
	slug   string
	title  string
}

var problemKinds = []problemKind{
	{creatormatch.ErrInvalid, http.StatusUnprocessableEntity, "invalid-input", "The request is invalid"},
	{creatormatch.ErrNotFound, http.StatusNotFound, "not-found", "Not found"},
	{creatormatch.ErrConflict, http.StatusConflict, "conflict", "Conflict"},
	{creatormatch.ErrUnauthorized, http.StatusUnauthorized, "unauthorized", "Authentication required"},
	{creatormatch.ErrForbidden, http.StatusForbidden, "forbidden", "Not allowed"},
	{creatormatch.ErrTooLarge, http.StatusRequestEntityTooLarge, "too-large", "The request body is too large"},
	{creatormatch.ErrRateLimited, http.StatusTooManyRequests, "rate-limited", "Too many requests"},
	{creatormatch.ErrUnavailable, http.StatusServiceUnavailable, "unavailable", "Service temporarily unavailable"},
	{context.DeadlineExceeded, http.StatusServiceUnavailable, "timeout", "The request took too long"},
}

// problemTypeBase prefixes every problem type; docs/api.md lists them.
const problemTypeBase = "https://creatormatch.dev/problems/"

// retryAfterSeconds is what a 503 tells clients to wait.
const retryAfterSeconds = 2

// errorf returns an error of kind whose problem detail is the message.
func errorf(kind error, format string, args ...any) error {
	return creatormatch.Errorf(kind, format, args...)
}

// internalError hides the kind of err: an error that is the server's
// fault whatever the store called it (a key lookup that fails as
// "invalid") is a 500, not a 4xx. Its text is logged, never sent.
type internalError struct{ err error }

func (e internalError) Error() string { return e.err.Error() }

// errorCode is creatormatch.ErrorCode, plus the request deadline, which
// the domain knows no kind for.
func errorCode(err error) error {
	if code := creatormatch.ErrorCode(err); code != nil {
		return code
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return context.DeadlineExceeded
	}
	return nil
}

// malformed marks a body that is not JSON: 400 rather than 422.
type malformed struct{ err error }

func (m malformed) Error() string { return m.err.Error() }
func (m malformed) Unwrap() error { return m.err }

// problemFor maps any error to a Problem. The detail is
// creatormatch.ErrorMessage, written for clients; err.Error() (store
// prefixes, driver text) never reaches the body: errorHandler logs it.
func problemFor(err error) Problem {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return httpErrorProblem(he)
	}
	var ve *creatormatch.ValidationError
	isValidation := errors.As(err, &ve)
	var mal malformed
	if errors.As(err, &mal) {
		p := Problem{Type: problemTypeBase + "malformed-json", Title: "The body is not valid JSON", Status: http.StatusBadRequest,
			Detail: "the body is not valid JSON"}
		if isValidation {
			p.Errors = ve.Fields
			p.Detail = creatormatch.ErrorMessage(ve)
		}
		return p
	}
	code := errorCode(err)
	for _, k := range problemKinds {
		if code == nil || k.code != code {
			continue
		}
		p := Problem{Type: problemTypeBase + k.slug, Title: k.title, Status: k.status, Detail: creatormatch.ErrorMessage(err)}
		if k.code == context.DeadlineExceeded {
			p.Detail = "The request did not finish within the server's time limit; retry after the Retry-After delay."
		}
		if isValidation {
			p.Errors = ve.Fields
			p.Detail = fmt.Sprintf("%d field(s) are invalid", len(ve.Fields))
		}
		return p
	}
	return Problem{Type: problemTypeBase + "internal", Title: "Internal error", Status: http.StatusInternalServerError,
		Detail: "the server could not complete the request; it has been logged"}
}

func httpErrorProblem(he *echo.HTTPError) Problem {
	detail := http.StatusText(he.Code)
	if m, ok := he.Message.(string); ok {
		detail = m
	}
	slug := map[int]string{
		http.StatusNotFound:              "not-found",
		http.StatusMethodNotAllowed:      "method-not-allowed",
		http.StatusRequestEntityTooLarge: "too-large",
		http.StatusUnsupportedMediaType:  "unsupported-media-type",
		http.StatusBadRequest:            "bad-request",
		http.StatusTooManyRequests:       "rate-limited",
		http.StatusUnauthorized:          "unauthorized",
		http.StatusForbidden:             "forbidden",
		http.StatusServiceUnavailable:    "unavailable",
	}[he.Code]
	if slug == "" {
		slug = "http-" + strconv.Itoa(he.Code)
	}
	p := Problem{Type: problemTypeBase + slug, Title: http.StatusText(he.Code), Status: he.Code, Detail: detail}
	if he.Code == http.StatusRequestEntityTooLarge {
		p.Errors = []creatormatch.FieldError{{Field: "body", Reason: "exceeds the request body limit"}}
	}
	return p
}

// errorHandler writes every error as problem+json. It is Echo's
// HTTPErrorHandler, so errors from middleware (body limit, routing) take
// the same shape as errors from handlers.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p := problemFor(err)
	p.Instance = c.Request().URL.Path
	p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
	// The full error, with whatever the store or driver said, goes to the
	// log under the request id the client sees; the body has only the
	// message written for clients.
	if p.Status >= 500 {
		s.log.ErrorContext(c.Request().Context(), "request failed", "request_id", p.RequestID, "path", p.Instance, "status", p.Status, "error", err.Error())
	} else {
		s.log.InfoContext(c.Request().Context(), "request refused", "request_id", p.RequestID, "path", p.Instance, "status", p.Status, "error", err.Error())
	}
	if p.Status == http.StatusServiceUnavailable || p.Status == http.StatusTooManyRequests {
		if c.Response().Header().Get("Retry-After") == "" {
			c.Response().Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds))
		}
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	c.Response().WriteHeader(p.Status)
	if c.Request().Method == http.MethodHead {
		return
	}
	_ = writeJSON(c.Response(), p)
}
