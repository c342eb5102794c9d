package features

import (
	"math"
	"strings"
	"testing"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNicheTaxonomyComplete(t *testing.T) {
	d := NicheDescriptions()
	lx := NicheLexicon()
	assert.Len(t, d, len(creatormatch.NicheKeys))
	for _, k := range creatormatch.NicheKeys {
		words := len(strings.Fields(d[k]))
		assert.True(t, words >= 20 && words <= 40, "%s description has %d words", k, words)
		assert.GreaterOrEqual(t, len(lx[k]), 15, k)
	}
	for k := range lx {
		assert.True(t, creatormatch.ValidNiche(k), k)
	}
}

func TestClassifyNichesLexicon(t *testing.T) {
	// post 1 hits fitness only ("leg day", "gym", #workout); post 2 hits fitness ("protein") and food ("recipe")
	// lex_fitness = (1 + ½)/2 = 0.75, lex_food = ½/2 = 0.25
	// S_fitness = 3·0.75 = 2.25, S_food = 0.75, 23 others 0
	// softmax T=1: e^2.25 = 9.4877, e^0.75 = 2.1170, Z = 9.4877 + 2.1170 + 23 = 34.605
	// p_fitness = 0.27417, p_food = 0.06118 (< 0.10, dropped); confidence 0.27417 · min(1, 2/8)
	posts := []creatormatch.ContentItem{
		{ID: "p1", Caption: "Leg day at the gym", Hashtags: []string{"#workout"}},
		{ID: "p2", Caption: "protein pancakes recipe"},
	}
	nf := ClassifyNiches(NicheInput{Posts: posts})
	z := math.Exp(2.25) + math.Exp(0.75) + 23
	require.Len(t, nf.Labels, 1)
	assert.Equal(t, "fitness", nf.Top())
	assert.InDelta(t, math.Exp(2.25)/z, nf.Labels[0].Confidence, 1e-9)
	assert.InDelta(t, math.Exp(2.25)/z*0.25, nf.Confidence, 1e-9)
	require.NotEmpty(t, nf.Evidence)
	assert.Equal(t, []string{"p1", "p2"}, nf.Evidence[0].PostIDs)
}

// unit returns a one-hot-ish vector: 1 at i, plus 0.3·(noise) at j.
func unit(dim, i int, mix map[int]float64) []float32 {
	v := make([]float32, dim)
	v[i] = 1
	for j, w := range mix {
		v[j] += float32(w)
	}
	var n float64
	for _, x := range v {
		n += float64(x * x)
	}
	for k := range v {
		v[k] /= float32(math.Sqrt(n))
	}
	return v
}

func TestClassifyNichesEmbeddings(t *testing.T) {
	keys := creatormatch.NicheKeys
	dim := len(keys)
	idx := map[string]int{}
	protos := map[string][]float32{}
	for i, k := range keys {
		idx[k] = i
		protos[k] = unit(dim, i, nil)
	}
	vectors := map[string][]float32{}
	var posts []creatormatch.ContentItem
	// 6 food posts, 3 plant-based posts, 1 travel post; no lexicon words
	add := func(id, niche string, extra map[int]float64) {
		posts = append(posts, creatormatch.ContentItem{ID: id, Caption: "today"})
		vectors[id] = unit(dim, idx[niche], extra)
	}
	for _, id := range []string{"f1", "f2", "f3", "f4", "f5", "f6"} {
		add(id, "food", map[int]float64{idx["plant_based"]: 0.3})
	}
	add("f7", "food", map[int]float64{idx["plant_based"]: 0.1}) // most food-like
	for _, id := range []string{"v1", "v2", "v3"} {
		add(id, "plant_based", map[int]float64{idx["food"]: 0.4})
	}
	add("t1", "travel", nil)
	nf := ClassifyNiches(NicheInput{Posts: posts, ContentVectors: vectors, Prototypes: protos, Declared: []string{"travel"}})
	require.NotEmpty(t, nf.Labels)
	assert.Equal(t, "food", nf.Top(), "declared travel is a prior, not the truth: %+v", nf.Labels)
	assert.Equal(t, "plant_based", nf.Labels[1].Niche)
	assert.LessOrEqual(t, len(nf.Labels), 3)
	for i := 1; i < len(nf.Labels); i++ {
		assert.GreaterOrEqual(t, nf.Labels[i-1].Confidence, nf.Labels[i].Confidence)
	}
	require.NotEmpty(t, nf.Evidence)
	assert.Equal(t, "f7", nf.Evidence[0].PostIDs[0], "evidence cites the post most similar to the top niche")
	assert.Greater(t, nf.Confidence, 0.4)
}

func TestClassifyNichesDeclaredOnlyAndEmpty(t *testing.T) {
	// declared only: S = 0.6 for beauty; p = e^0.6/(e^0.6 + 24) = 0.07056 < 0.10 but kept as the only signal
	nf := ClassifyNiches(NicheInput{Declared: []string{"Beauty", "not-a-niche"}})
	require.Len(t, nf.Labels, 1)
	assert.Equal(t, "beauty", nf.Top())
	p := math.Exp(0.6) / (math.Exp(0.6) + 24)
	assert.InDelta(t, p, nf.Labels[0].Confidence, 1e-9)
	assert.InDelta(t, 0.1*p, nf.Confidence, 1e-9) // coverage floor 0.1

	nf = ClassifyNiches(NicheInput{})
	assert.Empty(t, nf.Labels)
	assert.Equal(t, 0.0, nf.Confidence)
	assert.Equal(t, "", nf.Top())
}
