package memory

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/internal/deepcheck"
)

// TestClone: the reflective deep copy (API keys, feedback events) copies
// every exported field and shares no pointer, slice or map.
func TestClone(t *testing.T) {
	orig := &cm.Creator{}
	deepcheck.Fill(orig)
	got := clone(orig)
	require.True(t, reflect.DeepEqual(orig, got))
	require.Empty(t, deepcheck.Shared(orig, got, "c"))
	empty := &cm.Creator{Languages: []string{}}
	require.NotNil(t, clone(empty).Languages, "empty stays empty")
	require.Nil(t, clone(empty).Niches, "nil stays nil")
}
