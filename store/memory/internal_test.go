package memory

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

func TestTokenize(t *testing.T) {
	var got []string
	tokenize("Loving my #PlantBased recipes & veganRecipes! The BBQSauce top10 don't x 5 berries, dishes, glasses bus", func(s string) { got = append(got, s) })
	require.Equal(t, []string{
		"loving", "plantbased", "plant", "based", "recipe", "veganrecipe", "vegan", "recipe",
		"bbqsauce", "bbq", "sauce", "top10", "top", "10", "5", "berry", "dish", "glass", "bus",
	}, got)
}

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"recipes": "recipe", "berries": "berry", "boxes": "box", "classes": "class", "bags": "bag",
		"glass": "glass", "status": "status", "analysis": "analysis", "gas": "gas", "series": "sery",
	} {
		require.Equal(t, want, stem(in), in)
	}
}

func TestLexicalPluralsAndCamelCase(t *testing.T) {
	s := openT(t, t.TempDir())
	ctx := context.Background()
	require.NoError(t, s.UpsertCreators(ctx, []cm.CreatorRecord{
		{Creator: &cm.Creator{ID: "a", Bio: "Easy vegan recipe ideas"}},
		{Creator: &cm.Creator{ID: "b", Content: []cm.ContentItem{{ID: "1", Hashtags: []string{"#SourdoughBaking"}}}}},
	}))
	hits, err := s.SearchLexical(ctx, cm.LexicalQuery{Text: "recipes", Limit: 5})
	require.NoError(t, err)
	require.Equal(t, []string{"a"}, hitIDs(hits))
	hits, err = s.SearchLexical(ctx, cm.LexicalQuery{Text: "sourdough", Limit: 5})
	require.NoError(t, err)
	require.Equal(t, []string{"b"}, hitIDs(hits))
	hits, err = s.SearchLexical(ctx, cm.LexicalQuery{Text: "the and of", Limit: 5})
	require.NoError(t, err)
	require.Empty(t, hits, "stop words alone match nothing")
}

func hitIDs(h []cm.Hit) []string {
	out := make([]string, len(h))
	for i := range h {
		out[i] = h[i].CreatorID
	}
	return out
}

func TestModelDimensionConflict(t *testing.T) {
	s := openT(t, t.TempDir())
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 1))
	require.NoError(t, s.UpsertCreators(ctx, []cm.CreatorRecord{testRecord(r, "a", 8)}))
	err := s.UpsertCreators(ctx, []cm.CreatorRecord{testRecord(r, "b", 4)})
	require.True(t, errors.Is(err, cm.ErrInvalid), "got %v", err)
	err = s.UpsertCreators(ctx, []cm.CreatorRecord{testRecord(r, "c", 6), testRecord(r, "d", 5)})
	require.True(t, errors.Is(err, cm.ErrInvalid), "got %v", err)
	_, err = s.SearchDense(ctx, cm.DenseQuery{Model: "m", Vector: unitVec(r, 4), Limit: 1})
	require.True(t, errors.Is(err, cm.ErrInvalid), "query of the wrong dimension: %v", err)
	// Once no creator uses the model, it may change dimension.
	require.NoError(t, s.DeleteCreator(ctx, "a"))
	require.NoError(t, s.UpsertCreators(ctx, []cm.CreatorRecord{testRecord(r, "b", 4)}))
	hits, err := s.SearchDense(ctx, cm.DenseQuery{Model: "m", Vector: unitVec(r, 4), Limit: 1})
	require.NoError(t, err)
	require.Equal(t, []string{"b"}, hitIDs(hits))
}

func TestInvalidQueries(t *testing.T) {
	s := openT(t, t.TempDir())
	ctx := context.Background()
	for _, q := range []cm.DenseQuery{
		{Model: "m", Vector: []float32{1}, Limit: 0},
		{Model: "", Vector: []float32{1}, Limit: 1},
		{Model: "m", Vector: []float32{0, 0}, Limit: 1},
		{Model: "m", Vector: nil, Limit: 1},
	} {
		_, err := s.SearchDense(ctx, q)
		require.True(t, errors.Is(err, cm.ErrInvalid), "%+v: %v", q, err)
	}
	_, err := s.SearchLexical(ctx, cm.LexicalQuery{Text: "x", Limit: -1})
	require.True(t, errors.Is(err, cm.ErrInvalid))
	err = s.UpsertCreators(ctx, []cm.CreatorRecord{{Creator: &cm.Creator{ID: "x"}, Model: "m", Dimension: 2,
		ContentVectors: map[string][]float32{"no-such-item": {1, 0}}}})
	require.True(t, errors.Is(err, cm.ErrInvalid), "content vector for an unknown item: %v", err)
}

// TestScanPaths checks the parallel scan and the IDs fast path return what
// the sequential full scan returns.
func TestScanPaths(t *testing.T) {
	s := openT(t, t.TempDir())
	ctx := context.Background()
	r := rand.New(rand.NewPCG(2, 2))
	var batch []cm.CreatorRecord
	for i := 0; i < 3000; i++ {
		rec := testRecord(r, fmt.Sprintf("c%04d", i), 16)
		if i%7 == 0 {
			rec.Creator.Country = "IS"
		}
		batch = append(batch, rec)
	}
	require.NoError(t, s.UpsertCreators(ctx, batch))
	old := parallelMinRows
	defer func() { parallelMinRows = old }()
	var someIDs []string
	for i := 0; i < 3000; i += 37 {
		someIDs = append(someIDs, fmt.Sprintf("c%04d", i))
	}
	for i := 0; i < 5; i++ {
		q := unitVec(r, 16)
		for _, f := range []cm.Filter{{}, {Countries: []string{"IS"}}, {IDs: someIDs}} {
			parallelMinRows = 1 << 30
			seq, err := s.SearchDense(ctx, cm.DenseQuery{Model: "m", Vector: q, Limit: 25, Filter: f})
			require.NoError(t, err)
			parallelMinRows = 100
			par, err := s.SearchDense(ctx, cm.DenseQuery{Model: "m", Vector: q, Limit: 25, Filter: f})
			require.NoError(t, err)
			require.Equal(t, seq, par)
			require.Len(t, seq, 25)
		}
	}
	// IDs fast path (few ids) against a full scan with the same creators
	// selected by country.
	parallelMinRows = old
	q := unitVec(r, 16)
	var is []string
	for i := 0; i < 3000; i += 7 {
		is = append(is, fmt.Sprintf("c%04d", i))
	}
	byCountry, err := s.SearchDense(ctx, cm.DenseQuery{Model: "m", Vector: q, Limit: 10, Filter: cm.Filter{Countries: []string{"IS"}}})
	require.NoError(t, err)
	byIDs, err := s.SearchDense(ctx, cm.DenseQuery{Model: "m", Vector: q, Limit: 10, Filter: cm.Filter{IDs: is}})
	require.NoError(t, err)
	require.Equal(t, byCountry, byIDs)
}

// TestLexicalRebuild deletes most documents so the index drops dead
// postings and renumbers, then checks search and later updates still work.
func TestLexicalRebuild(t *testing.T) {
	s := openT(t, t.TempDir())
	ctx := context.Background()
	var batch []cm.CreatorRecord
	for i := 0; i < 2000; i++ {
		bio := "common words"
		if i%2 == 0 {
			bio += " evenword"
		}
		batch = append(batch, cm.CreatorRecord{Creator: &cm.Creator{ID: fmt.Sprintf("c%04d", i), Bio: bio}})
	}
	require.NoError(t, s.UpsertCreators(ctx, batch))
	for i := 0; i < 1800; i++ {
		require.NoError(t, s.DeleteCreator(ctx, fmt.Sprintf("c%04d", i)))
	}
	require.Less(t, len(s.lex.docs), 2000, "index was rebuilt")
	hits, err := s.SearchLexical(ctx, cm.LexicalQuery{Text: "evenword", Limit: 1000})
	require.NoError(t, err)
	require.Len(t, hits, 100)
	require.NoError(t, s.UpsertCreators(ctx, []cm.CreatorRecord{{Creator: &cm.Creator{ID: "c1999", Bio: "evenword now"}}}))
	require.NoError(t, s.DeleteCreator(ctx, "c1998"))
	hits, err = s.SearchLexical(ctx, cm.LexicalQuery{Text: "evenword", Limit: 1000})
	require.NoError(t, err)
	got := hitIDs(hits)
	require.Len(t, got, 100)
	require.Contains(t, got, "c1999")
	require.NotContains(t, got, "c1998")
}

// TestFieldsOfInterns: filter fields keep interned strings, never the
// creator's own (which would keep its decoded strings alive per entry).
func TestFieldsOfInterns(t *testing.T) {
	c := &cm.Creator{
		Country: string([]byte("US")), Languages: []string{string([]byte("en"))},
		Accounts: []cm.Account{{Platform: cm.Platform([]byte("tiktok"))}},
		Features: &cm.Features{
			Tier:           cm.TierFeature{Value: cm.Tier([]byte("micro"))},
			EngagementRate: cm.EngagementRate{Platform: cm.Platform([]byte("tiktok"))},
			Niches:         cm.NicheFeature{Labels: []cm.NicheLabel{{Niche: string([]byte("food"))}}},
			BrandSafety:    cm.BrandSafety{Flags: []cm.SafetyFlag{{Category: string([]byte("alcohol"))}}},
			Brands:         cm.BrandAffinity{Brands: []cm.BrandMention{{Brand: string([]byte("acme"))}}},
		},
	}
	ff, again := fieldsOf(c), fieldsOf(c)
	for _, p := range []struct{ got, other, orig string }{
		{ff.country, again.country, c.Country},
		{ff.languages[0], again.languages[0], c.Languages[0]},
		{string(ff.accounts[0].platform), string(again.accounts[0].platform), string(c.Accounts[0].Platform)},
		{string(ff.tier), string(again.tier), string(c.Features.Tier.Value)},
		{string(ff.engPlatform), string(again.engPlatform), string(c.Features.EngagementRate.Platform)},
		{string(ff.engTier), string(again.engTier), string(c.Features.Tier.Value)},
		{ff.niches[0], again.niches[0], c.Features.Niches.Labels[0].Niche},
		{ff.safety[0].category, again.safety[0].category, c.Features.BrandSafety.Flags[0].Category},
		{ff.brands[0], again.brands[0], c.Features.Brands.Brands[0].Brand},
	} {
		require.Equal(t, p.orig, p.got)
		require.Same(t, unsafe.StringData(p.other), unsafe.StringData(p.got), "%q is shared", p.got)
		require.NotSame(t, unsafe.StringData(p.orig), unsafe.StringData(p.got), "%q is not the creator's", p.got)
	}

	// Full, the table returns its argument.
	tab := &stringTable{m: map[string]string{}, max: 2}
	a, b := tab.get("a"), tab.get("b")
	require.Same(t, unsafe.StringData(a), unsafe.StringData(tab.get(string([]byte("a")))))
	require.Equal(t, "b", b)
	x := string([]byte("x"))
	require.Same(t, unsafe.StringData(x), unsafe.StringData(tab.get(x)))
	require.Len(t, tab.m, 2)
	require.Equal(t, "", tab.get(""))
}
