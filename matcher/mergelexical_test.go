package matcher

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/creatormatch/creatormatch"
)

func TestMergeLexical(t *testing.T) {
	h := func(id string, s float64) creatormatch.Hit { return creatormatch.Hit{CreatorID: id, Score: s} }
	for _, tc := range []struct {
		name            string
		lexical, scored []creatormatch.Hit
		want            []creatormatch.Hit
	}{
		{"no dense scores: the lexical hits as they are", []creatormatch.Hit{h("b", 2), h("a", 1)}, nil,
			[]creatormatch.Hit{h("b", 2), h("a", 1)}},
		{"dense candidates slot in by score", []creatormatch.Hit{h("b", 3), h("a", 1)}, []creatormatch.Hit{h("d", 2.5), h("c", 0.5)},
			[]creatormatch.Hit{h("b", 3), h("d", 2.5), h("a", 1), h("c", 0.5)}},
		{"a creator in both lists once", []creatormatch.Hit{h("b", 3), h("a", 1)}, []creatormatch.Hit{h("a", 1), h("e", 2)},
			[]creatormatch.Hit{h("b", 3), h("e", 2), h("a", 1)}},
		{"ties by ID", []creatormatch.Hit{h("z", 1)}, []creatormatch.Hit{h("y", 1), h("x", 2)},
			[]creatormatch.Hit{h("x", 2), h("y", 1), h("z", 1)}},
		{"only dense scores", nil, []creatormatch.Hit{h("q", 1), h("p", 1.5)},
			[]creatormatch.Hit{h("p", 1.5), h("q", 1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, mergeLexical(tc.lexical, tc.scored))
		})
	}
}
