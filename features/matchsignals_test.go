package features

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSemanticFit pins the formula with hand-computed values:
//
//	dense = clamp((0.5·profile + 0.5·mean(posts) − 0.10) / 0.50), or the
//	        profile alone without posts
//	fit   = 0.75·dense + 0.25·lexical, or dense alone without lexical
func TestSemanticFit(t *testing.T) {
	for _, tc := range []struct {
		name       string
		profile    float64
		posts      []float64
		lexical    float64
		hasLexical bool
		want       float64
	}{
		{"profile only, dense mode", 0.35, nil, 0, false, 0.5},                           // (0.35−0.1)/0.5
		{"profile and lexical", 0.35, nil, 0.8, true, 0.75*0.5 + 0.25*0.8},               // 0.575
		{"posts averaged with the profile", 0.30, []float64{0.6, 0.4}, 0, false, 0.6},    // (0.5·0.3+0.5·0.5−0.1)/0.5
		{"one post", 0.20, []float64{0.5}, 0, false, 0.5},                                // (0.1+0.25−0.1)/0.5
		{"posts and lexical", 0.30, []float64{0.6, 0.4}, 0.2, true, 0.75*0.6 + 0.25*0.2}, // 0.5
		{"below the floor", 0.05, nil, 0, false, 0},
		{"above the ceiling", 0.9, []float64{0.9}, 0, false, 1},
		{"lexical clamped", 0.35, nil, 1.7, true, 0.75*0.5 + 0.25},
		{"negative lexical clamped", 0.35, nil, -0.4, true, 0.75 * 0.5},
	} {
		assert.InDelta(t, tc.want, SemanticFit(tc.profile, tc.posts, tc.lexical, tc.hasLexical), 1e-12, tc.name)
	}
}

// TestLexicalFit: score over the best score, clamped, 0 without either.
func TestLexicalFit(t *testing.T) {
	assert.InDelta(t, 0.25, LexicalFit(2, 8), 1e-12)
	assert.Equal(t, 1.0, LexicalFit(9, 8))
	assert.Equal(t, 0.0, LexicalFit(0, 8))
	assert.Equal(t, 0.0, LexicalFit(3, 0))
	assert.Equal(t, 0.0, LexicalFit(-1, 8))
}

// TestCosine: hand-computed similarities, and 0 for vectors it cannot
// compare.
func TestCosine(t *testing.T) {
	assert.InDelta(t, 1, Cosine([]float32{1, 2}, []float32{2, 4}), 1e-12)
	assert.InDelta(t, 0, Cosine([]float32{1, 0}, []float32{0, 3}), 1e-12)
	assert.InDelta(t, -1, Cosine([]float32{1, 1}, []float32{-2, -2}), 1e-12)
	// (3·4 + 4·0) / (5·4) = 0.6
	assert.InDelta(t, 0.6, Cosine([]float32{3, 4}, []float32{4, 0}), 1e-12)
	assert.Equal(t, 0.0, Cosine(nil, nil))
	assert.Equal(t, 0.0, Cosine([]float32{1}, []float32{1, 2}))
	assert.Equal(t, 0.0, Cosine([]float32{0, 0}, []float32{1, 2}))
	assert.Equal(t, 0.0, Cosine([]float32{1, 2}, []float32{0, 0}))
}
