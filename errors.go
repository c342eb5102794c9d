package creatormatch

import (
	"errors"
	"fmt"
	"strings"
)

// Error kinds. Every layer wraps one of these with %w; the HTTP layer maps
// them to status codes in one place (api.statusFor), the CLI to exit codes.
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
