package creatormatch

import (
	"errors"
	"fmt"
	"strings"
)

// Error kinds. Every layer wraps one of these with %w; ErrorCode reads the
// kind back, and the HTTP layer maps it to a status in one table (see
// api/problem.go), the CLI to exit codes. What a client is told is
// ErrorMessage, never err.Error().
var (
	ErrInvalid      = errors.New("invalid input")
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrUnauthorized = errors.New("unauthorized")
	ErrForbidden    = errors.New("forbidden")
	ErrTooLarge     = errors.New("too large")
	ErrRateLimited  = errors.New("rate limited")
	// ErrUnavailable means a dependency (the database) cannot be reached;
	// the request may succeed if retried later.
	ErrUnavailable = errors.New("temporarily unavailable")
)

// FieldError says what is wrong with one field of the input. Field is a
// JSON path such as "creators[3].accounts[0].platform".
type FieldError struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// ValidationError collects every FieldError found in one input. It unwraps
// to ErrInvalid.
type ValidationError struct {
	Fields []FieldError
}

// Add records a problem with field.
func (v *ValidationError) Add(field, format string, args ...any) {
	v.Fields = append(v.Fields, FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
}

// Err returns v if it holds any field error, else nil.
func (v *ValidationError) Err() error {
	if v == nil || len(v.Fields) == 0 {
		return nil
	}
	return v
}

// Prefix returns a copy whose field paths start with prefix.
func (v *ValidationError) Prefix(prefix string) *ValidationError {
	out := &ValidationError{Fields: make([]FieldError, len(v.Fields))}
	for i, f := range v.Fields {
		sep := "."
		if strings.HasPrefix(f.Field, "[") || f.Field == "" {
			sep = ""
		}
		if f.Field == "" {
			out.Fields[i] = FieldError{Field: prefix, Reason: f.Reason}
			continue
		}
		out.Fields[i] = FieldError{Field: prefix + sep + f.Field, Reason: f.Reason}
	}
	return out
}

func (v *ValidationError) Error() string {
	parts := make([]string, 0, len(v.Fields))
	for _, f := range v.Fields {
		parts = append(parts, f.Field+": "+f.Reason)
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (v *ValidationError) Unwrap() error { return ErrInvalid }

// Invalid returns a ValidationError for a single field.
func Invalid(field, format string, args ...any) error {
	v := &ValidationError{}
	v.Add(field, format, args...)
	return v
}

// Error is an error whose Message is written for the client: it names
// only what the client sent or may know, never a store, a driver, SQL, a
// host or a user name. Code is the kind (one of the Err* values above) and
// Err the cause, if any, which is logged but never shown. In the style of
// github.com/benbjohnson/wtf: ErrorCode and ErrorMessage read any error.
type Error struct {
	Code    error
	Message string
	Err     error
}

// Errorf returns an *Error of kind code whose client message is the
// formatted text.
func Errorf(code error, format string, args ...any) error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WrapError returns an *Error of kind code with a client message, keeping
// err as the cause for the logs.
func WrapError(err, code error, format string, args ...any) error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

func (e *Error) Error() string {
	if e.Err == nil {
		return e.Message
	}
	return e.Message + ": " + e.Err.Error()
}

// Unwrap makes errors.Is see both the kind and the cause.
func (e *Error) Unwrap() []error {
	var out []error
	if e.Code != nil {
		out = append(out, e.Code)
	}
	if e.Err != nil {
		out = append(out, e.Err)
	}
	return out
}

// errorKinds lists the kinds ErrorCode recognises, and the message a client
// gets for an error of that kind that carries none written for it.
var errorKinds = []struct {
	kind error
	msg  string
}{
	{ErrInvalid, "The request is invalid."},
	{ErrNotFound, "The requested resource was not found."},
	{ErrConflict, "The request conflicts with the current state of the resource."},
	{ErrUnauthorized, "Authentication is required."},
	{ErrForbidden, "The API key is not allowed to do this."},
	{ErrTooLarge, "The request is too large to process."},
	{ErrRateLimited, "Too many requests; retry after the Retry-After delay."},
	{ErrUnavailable, "The service is temporarily unavailable; retry after the Retry-After delay."},
}

// internalMessage is what a client is told about an error of no kind.
const internalMessage = "An internal error occurred; it has been logged."

// ErrorCode returns the kind of err: the Code of the first *Error in its
// chain, else the first of the Err* kinds it wraps, else nil (an internal
// error, a bug or an unclassified failure).
func ErrorCode(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) && e.Code != nil {
		return e.Code
	}
	for _, k := range errorKinds {
		if errors.Is(err, k.kind) {
			return k.kind
		}
	}
	return nil
}

// ErrorMessage returns the text a client may see for err: the Message of
// an *Error, the field list of a *ValidationError (written for clients
// already), else a fixed text for its kind. Whatever else err says (store
// prefixes, driver text) is for the logs only.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		return ve.Error()
	}
	code := ErrorCode(err)
	for _, k := range errorKinds {
		if k.kind == code {
			return k.msg
		}
	}
	return internalMessage
}
