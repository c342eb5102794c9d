package api_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/api/spec"
)

// TestSpecExamplesValidate: every example in openapi.yaml validates against
// its schema (request bodies as requests, so readOnly fields are refused
// there; responses as responses, so their required fields must be there),
// and so do the examples of parameters, headers and schema properties.
// Every JSON request body and every JSON 2xx answer has an example: /docs
// shows them, and Prism's mock serves them.
func TestSpecExamplesValidate(t *testing.T) {
	sw, err := spec.GetSpec()
	require.NoError(t, err)
	checked := 0
	check := func(where string, schema *openapi3.SchemaRef, ex any, asRequest bool) {
		t.Helper()
		if schema == nil || schema.Value == nil {
			t.Errorf("%s: an example without a schema", where)
			return
		}
		checked++
		opts := []openapi3.SchemaValidationOption{openapi3.MultiErrors()}
		if asRequest {
			opts = append(opts, openapi3.VisitAsRequest())
		} else {
			opts = append(opts, openapi3.VisitAsResponse())
		}
		if err := schema.Value.VisitJSON(ex, opts...); err != nil {
			msg := err.Error()
			if len(msg) > 2000 {
				msg = msg[:2000]
			}
			t.Errorf("%s: the example does not match its schema: %s", where, msg)
		}
	}
	media := func(where string, content openapi3.Content, asRequest, needJSON bool) {
		t.Helper()
		for ct, mt := range content {
			n := 0
			if mt.Example != nil {
				check(where+" "+ct, mt.Schema, mt.Example, asRequest)
				n++
			}
			for name, ex := range mt.Examples {
				if ex.Value != nil {
					check(where+" "+ct+" examples."+name, mt.Schema, ex.Value.Value, asRequest)
					n++
				}
			}
			if needJSON && ct == "application/json" && n == 0 {
				t.Errorf("%s %s: no example", where, ct)
			}
		}
	}
	var ops []string
	for path, item := range sw.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			ops = append(ops, where)
			for _, p := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
				if p.Value != nil && p.Value.Example != nil {
					check(where+" parameter "+p.Value.Name, p.Value.Schema, p.Value.Example, true)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				media(where+" request", op.RequestBody.Value.Content, true, true)
			}
			for code, r := range op.Responses.Map() {
				if r.Value == nil {
					continue
				}
				media(fmt.Sprintf("%s %s", where, code), r.Value.Content, false, strings.HasPrefix(code, "2"))
				for name, h := range r.Value.Headers {
					if h.Value != nil && h.Value.Example != nil {
						check(where+" "+code+" header "+name, h.Value.Schema, h.Value.Example, false)
					}
				}
			}
		}
	}
	// Examples on schemas and their properties (`example: US`).
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, s *openapi3.SchemaRef)
	walk = func(where string, s *openapi3.SchemaRef) {
		if s == nil || s.Value == nil || seen[s.Value] {
			return
		}
		seen[s.Value] = true
		if s.Value.Example != nil {
			check(where, s, s.Value.Example, false)
		}
		for name, p := range s.Value.Properties {
			walk(where+"."+name, p)
		}
		walk(where+"[]", s.Value.Items)
		for i, sub := range append(append(s.Value.AllOf, s.Value.AnyOf...), s.Value.OneOf...) {
			walk(fmt.Sprintf("%s/%d", where, i), sub)
		}
		if ap := s.Value.AdditionalProperties.Schema; ap != nil {
			walk(where+".*", ap)
		}
	}
	names := make([]string, 0, len(sw.Components.Schemas))
	for name := range sw.Components.Schemas {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		walk(name, sw.Components.Schemas[name])
	}
	require.NotEmpty(t, ops)
	t.Logf("%d examples validated across %d operations", checked, len(ops))
	assert.Greater(t, checked, len(ops), "fewer examples than operations")
}

// TestSpecExampleCheckerRefuses: the example check is not vacuous.
func TestSpecExampleCheckerRefuses(t *testing.T) {
	sw, err := spec.GetSpec()
	require.NoError(t, err)
	s := sw.Components.Schemas["MatchResponse"].Value
	for name, ex := range map[string]any{
		"missing results": map[string]any{"brief_id": "b", "brief": map[string]any{}, "brief_source": "rules", "weights": map[string]any{},
			"weights_version": "preset", "currency": map[string]any{"currency": "USD", "usd_per_unit": 1.0, "as_of": "2026-01-01", "source": "x"}, "calibration": "v", "candidates": 0.0},
		"null results": map[string]any{"brief_id": "b", "brief": map[string]any{}, "brief_source": "rules", "weights": map[string]any{}, "results": nil,
			"weights_version": "preset", "currency": map[string]any{"currency": "USD", "usd_per_unit": 1.0, "as_of": "2026-01-01", "source": "x"}, "calibration": "v", "candidates": 0.0},
	} {
		assert.Error(t, s.VisitJSON(ex, openapi3.VisitAsResponse()), name)
	}
	// readOnly members are refused in a request example.
	c := sw.Components.Schemas["Creator"].Value
	assert.Error(t, c.VisitJSON(map[string]any{"id": "a", "created_at": "2026-01-01T00:00:00Z"}, openapi3.VisitAsRequest()))
	assert.NoError(t, c.VisitJSON(map[string]any{"id": "a"}, openapi3.VisitAsRequest()))
}
