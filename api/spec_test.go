package api_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/creatormatch/creatormatch"
)

// TestRoutesMatchSpec fails when a route exists that openapi.yaml lacks, or
// the spec describes an operation no route serves.
func TestRoutesMatchSpec(t *testing.T) {
	var spec struct {
		Paths map[string]map[string]any `yaml:"paths"`
	}
	require.NoError(t, yaml.Unmarshal(creatormatch.OpenAPI, &spec))
	var inSpec []string
	for path, ops := range spec.Paths {
		for method := range ops {
			switch method {
			case "get", "post", "put", "patch", "delete":
				inSpec = append(inSpec, strings.ToUpper(method)+" "+path)
			}
		}
	}
	s := newServer(t, backends[0], apiConfig())
	var routed []string
	for _, r := range s.routes() {
		if strings.HasPrefix(r, "echo_route_not_found") {
			continue
		}
		routed = append(routed, r)
	}
	sort.Strings(inSpec)
	sort.Strings(routed)
	require.NotEmpty(t, routed)
	assert.Equal(t, inSpec, routed, "routes and openapi.yaml disagree")
}
