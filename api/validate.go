package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api/spec"
)

// operation is one operation of openapi.yaml, ready for validation.
type operation struct {
	route *routers.Route
	// scope is the operation's x-required-scope; empty for public routes.
	scope creatormatch.Scope
}

// loadOperations indexes the embedded spec by "METHOD /path".
func loadOperations() (map[string]*operation, error) {
	sw, err := spec.GetSpec()
	if err != nil {
		return nil, fmt.Errorf("load embedded openapi spec: %w", err)
	}
	// Requests are matched by Echo's router; the servers list would only
	// make the validator insist on a host.
	sw.Servers = nil
	ops := map[string]*operation{}
	for path, item := range sw.Paths.Map() {
		for method, op := range item.Operations() {
			o := &operation{route: &routers.Route{Spec: sw, Path: path, PathItem: item, Method: method, Operation: op}}
			if sc, ok := op.Extensions["x-required-scope"].(string); ok {
				o.scope = creatormatch.Scope(sc)
				if !o.scope.Valid() {
					return nil, fmt.Errorf("openapi.yaml: %s %s: unknown x-required-scope %q", method, path, sc)
				}
			}
			ops[method+" "+path] = o
		}
	}
	return ops, nil
}

// operationFor returns the spec operation Echo routed c to, or nil.
func (s *Server) operationFor(c echo.Context) *operation {
	return s.ops[c.Request().Method+" "+openAPIPath(c.Path())]
}

// validateRequest checks every request against openapi.yaml before a
// handler sees it: parameters, content type and body schema. Violations
// become one problem+json listing every field; a body that is not JSON at
// all is a 400. Handlers then apply the rules a schema cannot express
// (shares summing to 1, cross-field checks).
func (s *Server) validateRequest(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		op := s.operationFor(c)
		if op == nil {
			return next(c)
		}
		req := c.Request()
		rb := op.route.Operation.RequestBody
		// An optional body may be left out altogether (no bytes, no
		// content type); one that is sent is checked like any other.
		noBody := rb != nil && rb.Value != nil && !rb.Value.Required &&
			req.ContentLength == 0 && req.Header.Get(echo.HeaderContentType) == ""
		if rb != nil && !noBody {
			if ct := req.Header.Get(echo.HeaderContentType); !isJSON(ct) {
				return &echo.HTTPError{Code: http.StatusUnsupportedMediaType, Message: "send application/json"}
			}
			body, err := io.ReadAll(req.Body)
			if err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return &echo.HTTPError{Code: http.StatusRequestEntityTooLarge, Message: "the request body exceeds the limit"}
				}
				return &echo.HTTPError{Code: http.StatusBadRequest, Message: "could not read the request body"}
			}
			if len(bytes.TrimSpace(body)) == 0 {
				return malformed{creatormatch.Invalid("body", "is empty")}
			}
			// Bytes that are not UTF-8 would be replaced with U+FFFD by
			// the decoder and stored: refuse them, naming the field. A body
			// that is not JSON at all is left to the validator (400).
			if json.Valid(body) {
				if err := checkUTF8(body); err != nil {
					return err
				}
			}
			req.Body = io.NopCloser(bytes.NewReader(body))
			req.ContentLength = int64(len(body))
		}
		if err := checkQueryUTF8(req.URL.Query()); err != nil {
			return err
		}
		params := map[string]string{}
		for i, name := range c.ParamNames() {
			params[name] = c.ParamValues()[i]
		}
		err := openapi3filter.ValidateRequest(req.Context(), &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: params,
			Route:      op.route,
			Options: &openapi3filter.Options{
				MultiError:         true,
				ExcludeRequestBody: noBody,
				AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
			},
		})
		if err != nil {
			return specError(err)
		}
		return next(c)
	}
}

// specError turns kin-openapi's validation errors into field errors named
// like the rest of the API ("creators[1].accounts[0].platform").
func specError(err error) error {
	v := &creatormatch.ValidationError{}
	bad := false
	var walk func(prefix string, err error)
	walk = func(prefix string, err error) {
		var re *openapi3filter.RequestError
		var se *openapi3.SchemaError
		var pe *openapi3filter.ParseError
		// A MultiError is split first, then a parameter's error is taken
		// whole: errors.As would find the MultiError or SchemaError inside
		// it and lose the parameter's name.
		var me openapi3.MultiError
		direct, isMulti := err.(openapi3.MultiError)
		switch {
		case isMulti:
			for _, e := range direct {
				walk(prefix, e)
			}
		case errors.As(err, &re) && re.Parameter != nil:
			// A parameter is named as the client sent it ("limit"), never
			// "body", and a value that does not parse is a 422 saying what
			// it must be, not "malformed JSON".
			v.Add(re.Parameter.Name, "%s", paramReason(re))
		case errors.As(err, &me):
			for _, e := range me {
				walk(prefix, e)
			}
		case errors.As(err, &pe):
			bad = true
			v.Add(or(prefix, "body"), "malformed JSON: %s", parseReason(pe))
		case errors.As(err, &re):
			switch {
			case re.Parameter != nil:
				if re.Err != nil {
					walk(re.Parameter.Name, re.Err)
				} else {
					v.Add(re.Parameter.Name, "%s", re.Reason)
				}
			case re.Err != nil:
				walk(prefix, re.Err)
			default:
				v.Add(or(prefix, "body"), "%s", re.Reason)
			}
		case errors.As(err, &se):
			field := joinPointer(prefix, se.JSONPointer())
			if name, ok := unsupportedProperty(se); ok {
				v.Add(joinPointer(field, []string{name}), "unknown field")
				return
			}
			reason := se.Reason
			if reason == "" {
				reason = se.Error()
			}
			v.Add(or(field, "body"), "%s", reason)
		default:
			v.Add(or(prefix, "body"), "%s", err.Error())
		}
	}
	walk("", err)
	if bad {
		return malformed{v}
	}
	return v
}

// unsupportedProperty returns the member name of kin-openapi's
// `property "x" is unsupported` (additionalProperties: false).
func unsupportedProperty(se *openapi3.SchemaError) (string, bool) {
	rest, ok := strings.CutPrefix(se.Reason, "property ")
	if !ok {
		return "", false
	}
	quoted, ok := strings.CutSuffix(rest, " is unsupported")
	if !ok {
		return "", false
	}
	name, err := strconv.Unquote(quoted)
	return name, err == nil
}

// paramReason says what is wrong with a query, path or header parameter.
// parseReason says why a body did not parse: kin-openapi leaves Reason
// empty when the JSON decoder's error (its Cause) says it.
func parseReason(pe *openapi3filter.ParseError) string {
	switch {
	case pe.Reason != "":
		return pe.Reason
	case pe.Cause != nil && pe.Cause.Error() != "":
		return pe.Cause.Error()
	}
	return "cannot be parsed"
}

func paramReason(re *openapi3filter.RequestError) string {
	var pe *openapi3filter.ParseError
	var se *openapi3.SchemaError
	switch {
	case errors.As(re.Err, &pe):
		kind := "a valid value"
		if sc := re.Parameter.Schema; sc != nil && sc.Value != nil && sc.Value.Type != nil {
			switch t := sc.Value.Type.Slice(); {
			case len(t) == 0:
			case t[0] == "integer":
				kind = "an integer"
			case t[0] == "number":
				kind = "a number"
			case t[0] == "boolean":
				kind = "true or false"
			case t[0] == "array":
				kind = "a comma-separated list"
			}
		}
		return "must be " + kind
	case errors.As(re.Err, &se):
		return or(se.Reason, se.Error())
	case re.Reason != "":
		return re.Reason
	case re.Err != nil:
		return re.Err.Error()
	}
	return "is invalid"
}

// checkQueryUTF8 refuses query values that are not UTF-8 (%FF) or hold NUL, naming
// the parameter.
func checkQueryUTF8(q url.Values) error {
	v := &creatormatch.ValidationError{}
	for name, vals := range q {
		if !utf8.ValidString(name) {
			v.Add("query", "a parameter name is not valid UTF-8")
			continue
		}
		for _, val := range vals {
			if !utf8.ValidString(val) {
				v.Add(name, "is not valid UTF-8")
				break
			}
			// Postgres text cannot hold NUL: refused here, a filter
			// means the same on both stores and the client learns which
			// parameter was wrong.
			if strings.IndexByte(val, 0) >= 0 {
				v.Add(name, "must not contain NUL characters")
				break
			}
		}
	}
	return v.Err()
}

// joinPointer renders a JSON pointer as a field path: /a/0/b -> a[0].b.
func joinPointer(prefix string, ptr []string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, p := range ptr {
		if _, err := strconv.Atoi(p); err == nil {
			b.WriteString("[" + p + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
