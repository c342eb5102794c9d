package api_test

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/api/spec"
	"github.com/creatormatch/creatormatch/matcher"
)

// TestSchemasMatchGoTypes keeps openapi.yaml and the Go types in step: for
// every object schema bound to a Go type (x-go-type) the schema's
// properties are exactly the type's JSON fields.
func TestSchemasMatchGoTypes(t *testing.T) {
	types := map[string]reflect.Type{
		"Creator":           reflect.TypeFor[creatormatch.Creator](),
		"Account":           reflect.TypeFor[creatormatch.Account](),
		"ContentItem":       reflect.TypeFor[creatormatch.ContentItem](),
		"Audience":          reflect.TypeFor[creatormatch.Audience](),
		"RateCard":          reflect.TypeFor[creatormatch.RateCard](),
		"Contact":           reflect.TypeFor[creatormatch.Contact](),
		"CreatorSummary":    reflect.TypeFor[creatormatch.CreatorSummary](),
		"Money":             reflect.TypeFor[creatormatch.Money](),
		"AudienceTarget":    reflect.TypeFor[creatormatch.AudienceTarget](),
		"Brief":             reflect.TypeFor[creatormatch.Brief](),
		"Filter":            reflect.TypeFor[creatormatch.Filter](),
		"Reason":            reflect.TypeFor[creatormatch.Reason](),
		"Card":              reflect.TypeFor[creatormatch.Card](),
		"PlatformCost":      reflect.TypeFor[creatormatch.PlatformCost](),
		"Match":             reflect.TypeFor[creatormatch.Match](),
		"FeedbackEvent":     reflect.TypeFor[creatormatch.FeedbackEvent](),
		"MatchRequest":      reflect.TypeFor[matcher.Request](),
		"MatchResponse":     reflect.TypeFor[matcher.Response](),
		"ShortlistResponse": reflect.TypeFor[matcher.ShortlistResponse](),
		"Problem":           reflect.TypeFor[api.Problem](),
	}
	sw, err := spec.GetSpec()
	require.NoError(t, err)
	for name, schemaRef := range sw.Components.Schemas {
		typ, ok := types[name]
		if !ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			var inSpec []string
			for p := range schemaRef.Value.Properties {
				inSpec = append(inSpec, p)
			}
			sort.Strings(inSpec)
			assert.Equal(t, jsonFields(typ), inSpec, "openapi.yaml %s and Go %s disagree", name, typ)
		})
	}
	for name := range types {
		_, ok := sw.Components.Schemas[name]
		assert.True(t, ok, "schema %s missing from openapi.yaml", name)
	}
}

func jsonFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
