package pack

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.pack")

// TestGolden pins the layout: Encode of a fixed creator (every field set,
// by the same filler as TestPackCreatorComplete) must be byte for byte the
// checked-in pack, and that pack must decode to the creator. Packs persist
// in the postgres store under a Format number, so a layout change must bump
// Format; this test is what notices the change. After bumping Format,
// regenerate with
//
//	go test ./store/pack -run TestGolden -update
func TestGolden(t *testing.T) {
	c := &cm.Creator{}
	n := 0
	fillAll(t, reflect.ValueOf(c).Elem(), "Creator", &n)
	path := filepath.Join("testdata", "golden.pack")
	got := Encode(c)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		require.NoError(t, os.WriteFile(filepath.Join("testdata", "golden.format"), []byte{'0' + Format}, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	format, err := os.ReadFile(filepath.Join("testdata", "golden.format"))
	require.NoError(t, err)
	require.Equal(t, string(rune('0'+Format)), string(format), "golden.pack was written by another Format; regenerate it with -update")
	require.Equal(t, want, got, "the packed layout changed: bump Format, then regenerate testdata/golden.pack with -update")
	dec, err := Decode(want)
	require.NoError(t, err)
	require.True(t, reflect.DeepEqual(c, dec), "the golden pack decodes to the creator")
}
