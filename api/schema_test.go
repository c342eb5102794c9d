package api_test

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
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
	types := schemaGoTypes
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

// schemaGoTypes are the component schemas bound to a Go type.
var schemaGoTypes = map[string]reflect.Type{
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
	"ConstraintCheck":   reflect.TypeFor[creatormatch.ConstraintCheck](),
	"ExchangeRate":      reflect.TypeFor[creatormatch.ExchangeRate](),
	"WeightVersion":     reflect.TypeFor[creatormatch.WeightVersion](),
	"BlockEntry":        reflect.TypeFor[creatormatch.BlockEntry](),
	"SavedBrief":        reflect.TypeFor[creatormatch.SavedBrief](),
	"List":              reflect.TypeFor[creatormatch.List](),
	"ListItem":          reflect.TypeFor[creatormatch.ListItem](),
	"ListMembership":    reflect.TypeFor[creatormatch.Membership](),
	"Note":              reflect.TypeFor[creatormatch.Note](),
	"APIKey":            reflect.TypeFor[creatormatch.APIKey](),
	"AudienceThreshold": reflect.TypeFor[creatormatch.AudienceThreshold](),
	"AudienceShare":     reflect.TypeFor[creatormatch.AudienceShare](),
	"WorkedWithUs":      reflect.TypeFor[creatormatch.WorkedWithUs](),
}

// requiredExceptions are response fields the spec declares required although
// the Go field may be left out (omitempty/omitzero), with why the server
// always sends them.
var requiredExceptions = map[string]string{
	// A stored creator always has its times; only an unsaved one has
	// none, and the API never answers with one.
	"Creator.created_at": "set by the store", "Creator.updated_at": "set by the store",
	// Every stored event belongs to the caller's workspace.
	"FeedbackEvent.workspace": "set by the server",
}

// responseForms name, for a schema that requests share, the schema
// responses use: it adds the fields the server always fills in.
var responseForms = map[string]string{"FeedbackEvent": "StoredFeedbackEvent"}

// requestOnlySchemas describe request bodies only: their required list is
// what a client must send, not what the server always sends.
var requestOnlySchemas = map[string]bool{"MatchRequest": true, "Filter": true, "AudienceThreshold": true, "AudienceTarget": true}

// TestRequiredMatchesOmitempty keeps each response schema's required list
// equal to what encoding/json always writes: a Go field without omitempty
// or omitzero is always sent, so the spec must declare it required (a
// generated client then needs no `?.`), and a field that may be left out
// must stay optional.
func TestRequiredMatchesOmitempty(t *testing.T) {
	sw, err := spec.GetSpec()
	require.NoError(t, err)
	types := map[string]reflect.Type{}
	for name := range sw.Components.Schemas {
		if typ, ok := schemaGoTypes[name]; ok {
			types[name] = typ
		}
	}
	require.NotEmpty(t, types)
	// Inline schemas bound to a Go type: "Schema.member[]" steps into
	// the member, then its items.
	inline := map[string]reflect.Type{
		"LookalikesResponse.results[]": reflect.TypeFor[matcher.Lookalike](),
		"ShortlistResponse.totals":     reflect.TypeFor[matcher.Totals](),
		"WeightVersion.replay":         reflect.TypeFor[creatormatch.WeightReplay](),
		"Reason.posts[]":               reflect.TypeFor[creatormatch.PostRef](),
		"Account.follower_history[]":   reflect.TypeFor[creatormatch.FollowerPoint](),
		"Card.audience":                reflect.TypeFor[creatormatch.AudienceMix](),
	}
	schemas := map[string]*openapi3.Schema{}
	for name := range types {
		schemas[name] = sw.Components.Schemas[name].Value
	}
	for where, typ := range inline {
		name, rest, _ := strings.Cut(where, ".")
		s := sw.Components.Schemas[name]
		require.NotNil(t, s, where)
		for _, step := range strings.Split(strings.ReplaceAll(rest, "[]", ".[]"), ".") {
			if step == "[]" {
				s = s.Value.Items
			} else {
				s = s.Value.Properties[step]
			}
			require.NotNil(t, s, where)
		}
		types[where], schemas[where] = typ, s.Value
		var props []string
		for p := range s.Value.Properties {
			props = append(props, p)
		}
		sort.Strings(props)
		assert.Equal(t, jsonFields(typ), props, "openapi.yaml %s and Go %s disagree", where, typ)
	}
	for name, typ := range types {
		if requestOnlySchemas[name] {
			continue
		}
		schema := schemas[name]
		declared := map[string]bool{}
		for _, r := range schema.Required {
			declared[r] = true
		}
		if form, ok := responseForms[name]; ok {
			for _, part := range sw.Components.Schemas[form].Value.AllOf {
				for _, r := range part.Value.Required {
					declared[r] = true
				}
			}
		}
		for _, f := range jsonFieldInfo(typ) {
			switch {
			case !f.omit && !declared[f.name]:
				t.Errorf("%s.%s: always sent (no omitempty in %s) but not required in openapi.yaml", name, f.name, typ)
			case f.omit && declared[f.name] && requiredExceptions[name+"."+f.name] == "":
				t.Errorf("%s.%s: required in openapi.yaml but %s may leave it out (omitempty/omitzero)", name, f.name, typ)
			}
		}
	}
}

type fieldInfo struct {
	name string
	omit bool
}

func jsonFieldInfo(t reflect.Type) []fieldInfo {
	var out []fieldInfo
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			out = append(out, jsonFieldInfo(f.Type)...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		omit := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
		out = append(out, fieldInfo{name, omit})
	}
	return out
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
