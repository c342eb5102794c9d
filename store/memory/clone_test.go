package memory

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/internal/deepcheck"
)

// TestCloneCreatorComplete guards the hand-written cloneCreator: on a
// creator with every exported field set, it must equal the reflective deep
// copy and share no pointer, slice or map with the original.
func TestCloneCreatorComplete(t *testing.T) {
	orig := &cm.Creator{}
	deepcheck.Fill(orig)
	got := cloneCreator(orig)
	require.Equal(t, clone(orig), got)
	require.True(t, reflect.DeepEqual(orig, got))

	for _, path := range deepcheck.Shared(orig, got, "c") {
		t.Errorf("clone shares %s with the original", path)
	}
	// nil stays nil and empty stays empty.
	empty := &cm.Creator{Languages: []string{}, Features: &cm.Features{}}
	require.Equal(t, clone(empty), cloneCreator(empty))
	require.NotNil(t, cloneCreator(empty).Languages)
	require.Nil(t, cloneCreator(empty).Niches)
	require.Nil(t, cloneCreator(nil))
}

func BenchmarkCloneCreator(b *testing.B) {
	c := &cm.Creator{}
	deepcheck.Fill(c)
	b.Run("hand", func(b *testing.B) {
		for b.Loop() {
			_ = cloneCreator(c)
		}
	})
	b.Run("reflect", func(b *testing.B) {
		for b.Loop() {
			_ = clone(c)
		}
	})
}
