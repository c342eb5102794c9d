package api_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRoutesMatchSpec fails when a route exists that openapi.yaml lacks, or
// the spec describes an operation no route serves.
func TestRoutesMatchSpec(t *testing.T) {
	inSpec := specOperations(t)
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
