package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

func dense(t *testing.T, s cm.Store, q cm.DenseQuery) []cm.Hit {
	t.Helper()
	hits, err := s.SearchDense(ctx(t), q)
	require.NoError(t, err)
	return hits
}

func lexical(t *testing.T, s cm.Store, text string, limit int, f cm.Filter) []cm.Hit {
	t.Helper()
	hits, err := s.SearchLexical(ctx(t), cm.LexicalQuery{Text: text, Limit: limit, Filter: f})
	require.NoError(t, err)
	return hits
}

func testDenseRanking(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(10)
	const dim = 16
	vecs := map[string][]float32{}
	var batch []cm.CreatorRecord
	for i, id := range seriesIDs("dr", 60) {
		vecs[id] = g.unit(dim)
		if i%3 == 1 { // cosine, not dot product: stored lengths do not matter
			vecs[id] = scale(vecs[id], 0.25+float32(i)/20)
		}
		batch = append(batch, rec(basicCreator(id), modelA, vecs[id], nil))
	}
	// A creator without vectors is never a dense hit.
	batch = append(batch, cm.CreatorRecord{Creator: basicCreator("no-vector")})
	upsert(t, s, batch...)

	for i := 0; i < 5; i++ {
		q := g.unit(dim)
		want := bruteForce(q, vecs, nil)
		for _, limit := range []int{1, 10, 60, 100} {
			for _, exact := range []bool{false, true} {
				name := fmt.Sprintf("query %d limit %d exact %v", i, limit, exact)
				requireRanking(t, want, dense(t, s, cm.DenseQuery{Model: modelA, Vector: q, Limit: limit, Exact: exact}), limit, name)
			}
		}
		// Cosine ignores the query's length.
		requireRanking(t, want, dense(t, s, cm.DenseQuery{Model: modelA, Vector: scale(q, 3.5), Limit: 10}), 10, "scaled query")
	}
}

func testDenseTiesAndLimit(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(11)
	same := g.unit(dim8)
	var batch []cm.CreatorRecord
	for _, id := range []string{"tie-c", "tie-a", "tie-d", "tie-b"} {
		batch = append(batch, rec(basicCreator(id), modelA, same, nil))
	}
	batch = append(batch, rec(basicCreator("far"), modelA, scale(same, -1), nil))
	upsert(t, s, batch...)

	for _, exact := range []bool{false, true} {
		hits := dense(t, s, cm.DenseQuery{Model: modelA, Vector: same, Limit: 10, Exact: exact})
		require.Equal(t, []string{"tie-a", "tie-b", "tie-c", "tie-d", "far"}, ids(hits), "equal scores in ID order")
		require.InDelta(t, 1.0, hits[0].Score, 1e-4)
		require.InDelta(t, -1.0, hits[4].Score, 1e-4)
		hits = dense(t, s, cm.DenseQuery{Model: modelA, Vector: same, Limit: 2, Exact: exact})
		require.Equal(t, []string{"tie-a", "tie-b"}, ids(hits), "limit keeps the first by ID among ties")
	}
}

func testDenseModelsNeverMix(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(12)
	vecsA, vecsB := map[string][]float32{}, map[string][]float32{}
	var batch []cm.CreatorRecord
	for _, id := range seriesIDs("ma", 8) {
		vecsA[id] = g.unit(dim8)
		batch = append(batch, rec(basicCreator(id), modelA, vecsA[id], nil))
	}
	for _, id := range seriesIDs("mb", 8) {
		vecsB[id] = g.unit(dim8)
		batch = append(batch, rec(basicCreator(id), modelB, vecsB[id], nil))
	}
	upsert(t, s, batch...)

	for i := 0; i < 3; i++ {
		q := g.unit(dim8)
		for _, exact := range []bool{false, true} {
			requireRanking(t, bruteForce(q, vecsA, nil), dense(t, s, cm.DenseQuery{Model: modelA, Vector: q, Limit: 20, Exact: exact}), 20, "model A")
			requireRanking(t, bruteForce(q, vecsB, nil), dense(t, s, cm.DenseQuery{Model: modelB, Vector: q, Limit: 20, Exact: exact}), 20, "model B")
		}
	}
	// Querying with a B vector under model A still only finds A creators.
	q := vecsB["mb-003"]
	requireRanking(t, bruteForce(q, vecsA, nil), dense(t, s, cm.DenseQuery{Model: modelA, Vector: q, Limit: 20}), 20, "B vector, model A")

	hits, err := s.SearchDense(ctx(t), cm.DenseQuery{Model: "no-such-model", Vector: q, Limit: 5})
	require.NoError(t, err, "a model with no vectors has no hits, not an error")
	require.Empty(t, hits)

	// Moving a creator to model B removes its model-A vectors.
	v := g.unit(dim8)
	upsert(t, s, rec(basicCreator("ma-000"), modelB, v, nil))
	delete(vecsA, "ma-000")
	vecsB["ma-000"] = v
	requireRanking(t, bruteForce(v, vecsA, nil), dense(t, s, cm.DenseQuery{Model: modelA, Vector: v, Limit: 20}), 20, "after moving to B, model A")
	requireRanking(t, bruteForce(v, vecsB, nil), dense(t, s, cm.DenseQuery{Model: modelB, Vector: v, Limit: 20}), 20, "after moving to B, model B")
	pv, err := s.ProfileVectors(ctx(t), modelA, []string{"ma-000"})
	require.NoError(t, err)
	require.Empty(t, pv)
}

// filterCreators is a small population whose attributes make each Filter
// field select a known subset. f07 has no accounts and no features.
func filterCreators() []*cm.Creator {
	type spec struct {
		id        string
		accounts  []cm.Account
		country   string
		langs     []string
		tier      cm.Tier
		eng, auth float64
		safety    []cm.SafetyFlag
		brands    []string
		niches    []string
	}
	acct := func(p cm.Platform, n int64) cm.Account {
		return cm.Account{Platform: p, Handle: string(p), Followers: n}
	}
	flag := func(c string, s float64) cm.SafetyFlag {
		return cm.SafetyFlag{Category: c, Severity: s, PostIDs: []string{"x"}}
	}
	specs := []spec{
		{"f01", []cm.Account{acct(cm.Instagram, 5_000), acct(cm.TikTok, 200_000)}, "US", []string{"en"}, cm.TierMicro, 0.05, 0.90, nil, []string{"nike"}, []string{"fitness"}},
		{"f02", []cm.Account{acct(cm.Instagram, 50_000)}, "US", []string{"en", "es"}, cm.TierMicro, 0.02, 0.70, []cm.SafetyFlag{flag("alcohol", 0.3)}, []string{"adidas"}, []string{"fashion"}},
		{"f03", []cm.Account{acct(cm.YouTube, 1_200_000)}, "GB", []string{"en"}, cm.TierMega, 0.01, 0.95, []cm.SafetyFlag{flag("profanity", 0.8)}, []string{"nike", "sony"}, []string{"gaming", "tech"}},
		{"f04", []cm.Account{acct(cm.TikTok, 8_000)}, "DE", []string{"de"}, cm.TierNano, 0.09, 0.50, nil, nil, []string{"food"}},
		{"f05", []cm.Account{acct(cm.Instagram, 300_000), acct(cm.YouTube, 20_000)}, "FR", []string{"fr", "en"}, cm.TierMacro, 0.03, 0.85, []cm.SafetyFlag{flag("gambling", 0.5), flag("alcohol", 0.9)}, []string{"sephora"}, []string{"beauty", "skincare"}},
		{"f06", []cm.Account{acct(cm.Instagram, 120_000)}, "US", []string{"es"}, cm.TierMid, 0.04, 0.80, nil, []string{"nike"}, []string{"fitness", "food"}},
		{"f07", nil, "US", []string{"en"}, "", 0, 0, nil, nil, nil},
		{"f08", []cm.Account{acct(cm.TikTok, 900_000)}, "BR", []string{"pt"}, cm.TierMacro, 0.07, 0.60, []cm.SafetyFlag{flag("politics", 0.2)}, []string{"sony"}, []string{"music"}},
	}
	var out []*cm.Creator
	for _, sp := range specs {
		c := &cm.Creator{ID: sp.id, Name: "Name " + sp.id, Bio: "creative studio " + sp.id, Country: sp.country, Languages: sp.langs, Accounts: sp.accounts}
		if sp.id != "f07" {
			f := &cm.Features{
				Tier:           cm.TierFeature{Value: sp.tier},
				EngagementRate: cm.EngagementRate{Value: sp.eng, Platform: sp.accounts[0].Platform},
				Authenticity:   cm.Authenticity{Value: sp.auth},
				BrandSafety:    cm.BrandSafety{Flags: sp.safety},
			}
			for _, b := range sp.brands {
				f.Brands.Brands = append(f.Brands.Brands, cm.BrandMention{Brand: b, Posts: 1})
			}
			for _, n := range sp.niches {
				f.Niches.Labels = append(f.Niches.Labels, cm.NicheLabel{Niche: n, Confidence: 0.7})
			}
			c.Features = f
		}
		out = append(out, c)
	}
	return out
}

// filterCases lists filters with the creators of filterCreators that pass.
var filterCases = []struct {
	name   string
	filter cm.Filter
	want   []string
}{
	{"none", cm.Filter{}, []string{"f01", "f02", "f03", "f04", "f05", "f06", "f07", "f08"}},
	{"ids", cm.Filter{IDs: []string{"f02", "f05", "f99"}}, []string{"f02", "f05"}},
	{"exclude ids", cm.Filter{ExcludeIDs: []string{"f01", "f03"}}, []string{"f02", "f04", "f05", "f06", "f07", "f08"}},
	{"ids and exclude ids", cm.Filter{IDs: []string{"f01", "f02"}, ExcludeIDs: []string{"f01"}}, []string{"f02"}},
	{"platform", cm.Filter{Platforms: []cm.Platform{cm.YouTube}}, []string{"f03", "f05"}},
	{"platform and min followers on the same account", cm.Filter{Platforms: []cm.Platform{cm.Instagram}, MinFollowers: 100_000}, []string{"f05", "f06"}},
	{"tiktok min followers", cm.Filter{Platforms: []cm.Platform{cm.TikTok}, MinFollowers: 100_000}, []string{"f01", "f08"}},
	{"min followers on any account", cm.Filter{MinFollowers: 100_000}, []string{"f01", "f03", "f05", "f06", "f08"}},
	{"max followers on any account", cm.Filter{MaxFollowers: 10_000}, []string{"f01", "f04"}},
	{"platform and max followers", cm.Filter{Platforms: []cm.Platform{cm.TikTok}, MaxFollowers: 10_000}, []string{"f04"}},
	{"follower range", cm.Filter{MinFollowers: 10_000, MaxFollowers: 60_000}, []string{"f02", "f05"}},
	{"follower range on one platform", cm.Filter{Platforms: []cm.Platform{cm.Instagram}, MinFollowers: 10_000, MaxFollowers: 60_000}, []string{"f02"}},
	{"follower bounds inclusive", cm.Filter{MinFollowers: 120_000, MaxFollowers: 120_000}, []string{"f06"}},
	{"tiers", cm.Filter{Tiers: []cm.Tier{cm.TierMicro, cm.TierMid}}, []string{"f01", "f02", "f06"}},
	{"tier macro", cm.Filter{Tiers: []cm.Tier{cm.TierMacro}}, []string{"f05", "f08"}},
	{"country", cm.Filter{Countries: []string{"US"}}, []string{"f01", "f02", "f06", "f07"}},
	{"countries", cm.Filter{Countries: []string{"GB", "FR"}}, []string{"f03", "f05"}},
	{"language", cm.Filter{Languages: []string{"es"}}, []string{"f02", "f06"}},
	{"languages", cm.Filter{Languages: []string{"fr", "de"}}, []string{"f04", "f05"}},
	{"safety any severity", cm.Filter{ExcludeSafety: []string{"alcohol"}}, []string{"f01", "f03", "f04", "f06", "f07", "f08"}},
	{"safety tolerance", cm.Filter{ExcludeSafety: []string{"alcohol"}, SafetyTolerance: 0.5}, []string{"f01", "f02", "f03", "f04", "f06", "f07", "f08"}},
	{"safety categories", cm.Filter{ExcludeSafety: []string{"profanity", "gambling"}, SafetyTolerance: 0.6}, []string{"f01", "f02", "f04", "f05", "f06", "f07", "f08"}},
	{"safety at tolerance excludes", cm.Filter{ExcludeSafety: []string{"politics"}, SafetyTolerance: 0.2}, []string{"f01", "f02", "f03", "f04", "f05", "f06", "f07"}},
	{"min engagement inclusive", cm.Filter{MinEngagementRate: 0.04}, []string{"f01", "f04", "f06", "f08"}},
	{"min authenticity inclusive", cm.Filter{MinAuthenticity: 0.85}, []string{"f01", "f03", "f05"}},
	{"worked with", cm.Filter{WorkedWith: []string{"nike"}}, []string{"f01", "f03", "f06"}},
	{"worked with any", cm.Filter{WorkedWith: []string{"sony", "sephora"}}, []string{"f03", "f05", "f08"}},
	{"niche", cm.Filter{Niches: []string{"food"}}, []string{"f04", "f06"}},
	{"niches any label", cm.Filter{Niches: []string{"skincare", "music"}}, []string{"f05", "f08"}},
	{"combined", cm.Filter{Countries: []string{"US"}, Niches: []string{"fitness"}, MinFollowers: 100_000}, []string{"f01", "f06"}},
	{"combined with tier", cm.Filter{Countries: []string{"US"}, Niches: []string{"fitness"}, MinFollowers: 100_000, Tiers: []cm.Tier{cm.TierMid}}, []string{"f06"}},
	{"combined with exclusion", cm.Filter{Countries: []string{"US"}, ExcludeIDs: []string{"f06"}}, []string{"f01", "f02", "f07"}},
	{"nothing passes", cm.Filter{Countries: []string{"JP"}}, nil},
}

func testFilters(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(13)
	vecs := map[string][]float32{}
	var batch []cm.CreatorRecord
	for _, c := range filterCreators() {
		vecs[c.ID] = g.unit(dim4)
		batch = append(batch, rec(c, model4, vecs[c.ID], nil))
	}
	upsert(t, s, batch...)
	queries := [][]float32{g.unit(dim4), g.unit(dim4)}

	for _, tc := range filterCases {
		t.Run(tc.name, func(t *testing.T) {
			keep := func(id string) bool { return slices.Contains(tc.want, id) }
			for _, q := range queries {
				for _, exact := range []bool{false, true} {
					hits := dense(t, s, cm.DenseQuery{Model: model4, Vector: q, Filter: tc.filter, Limit: 20, Exact: exact})
					requireRanking(t, bruteForce(q, vecs, keep), hits, 20, "dense, exact ", exact)
				}
				if len(tc.want) > 1 {
					hits := dense(t, s, cm.DenseQuery{Model: model4, Vector: q, Filter: tc.filter, Limit: 1})
					requireRanking(t, bruteForce(q, vecs, keep), hits, 1, "dense, limit 1")
				}
			}
			hits := lexical(t, s, "studio", 20, tc.filter)
			require.ElementsMatch(t, tc.want, ids(hits), "lexical")
		})
	}
}

// testDense512 runs dense search with the production model's dimension on a
// few hundred clustered creators: exact search equals brute force,
// approximate search has high recall, and a selective filter still yields
// Limit hits (an index that filters after fetching a fixed candidate list
// fails this).
func testDense512(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(14)
	const n, clusters = 300, 12
	centers := make([][]float32, clusters)
	for i := range centers {
		centers[i] = g.unit(Dim512)
	}
	vecs := map[string][]float32{}
	country := map[string]string{}
	niche := map[string]string{}
	var batch []cm.CreatorRecord
	for i, id := range seriesIDs("v", n) {
		c := basicCreator(id)
		c.Country = "US"
		if i%33 == 0 { // 10 of 300: about 3%
			c.Country = "IS"
		}
		c.Features.Niches.Labels = []cm.NicheLabel{{Niche: "travel", Confidence: 0.5}}
		if i%40 == 7 { // 8 of 300
			c.Features.Niches.Labels = []cm.NicheLabel{{Niche: "books", Confidence: 0.5}}
		}
		country[id], niche[id] = c.Country, c.Features.Niches.Labels[0].Niche
		vecs[id] = g.near(centers[i%clusters], 1.0)
		batch = append(batch, rec(c, Model512, vecs[id], map[string][]float32{id + "-p1": g.near(vecs[id], 0.5)}))
	}
	upsertBatches(t, s, 100, batch)
	require.Equal(t, n, count(t, s))

	var recall, total float64
	for i := 0; i < 8; i++ {
		q := g.near(centers[i%clusters], 0.8)
		want := bruteForce(q, vecs, nil)
		requireRanking(t, want, dense(t, s, cm.DenseQuery{Model: Model512, Vector: q, Limit: 10, Exact: true}), 10, "exact")

		got := dense(t, s, cm.DenseQuery{Model: Model512, Vector: q, Limit: 10})
		require.Len(t, got, 10)
		top := ids(want[:10])
		for j, h := range got {
			require.InDelta(t, cosine(q, vecs[h.CreatorID]), h.Score, 1e-4)
			if j > 0 {
				require.GreaterOrEqual(t, got[j-1].Score+1e-6, h.Score)
			}
			if slices.Contains(top, h.CreatorID) {
				recall++
			}
		}
		total += 10

		for _, fc := range []struct {
			name   string
			filter cm.Filter
			keep   func(string) bool
		}{
			{"country IS", cm.Filter{Countries: []string{"IS"}}, func(id string) bool { return country[id] == "IS" }},
			{"niche books", cm.Filter{Niches: []string{"books"}}, func(id string) bool { return niche[id] == "books" }},
		} {
			want := bruteForce(q, vecs, fc.keep)
			requireRanking(t, want, dense(t, s, cm.DenseQuery{Model: Model512, Vector: q, Filter: fc.filter, Limit: 5, Exact: true}), 5, fc.name+" exact")
			got := dense(t, s, cm.DenseQuery{Model: Model512, Vector: q, Filter: fc.filter, Limit: 5})
			require.Len(t, got, 5, "%s: Limit hits whenever at least Limit creators pass", fc.name)
			for _, h := range got {
				require.True(t, fc.keep(h.CreatorID), "%s: %s does not pass", fc.name, h.CreatorID)
			}
			got = dense(t, s, cm.DenseQuery{Model: Model512, Vector: q, Filter: fc.filter, Limit: 50})
			require.ElementsMatch(t, ids(want), ids(got), "%s: every passing creator when Limit exceeds them", fc.name)
		}
	}
	require.GreaterOrEqual(t, recall/total, 0.9, "approximate recall@10")

	pv, err := s.ProfileVectors(ctx(t), Model512, []string{"v-000", "v-299"})
	require.NoError(t, err)
	require.Equal(t, map[string][]float32{"v-000": vecs["v-000"], "v-299": vecs["v-299"]}, pv)
}

func testLexicalFields(t *testing.T, f Factory) {
	s := f.New(t)
	mk := func(id string) *cm.Creator {
		return &cm.Creator{ID: id, Name: "Person " + id, Bio: "ordinary profile text"}
	}
	name := mk("l-name")
	name.Name = "Zephyrine Okafor"
	bio := mk("l-bio")
	bio.Bio = "I make quillwork jewellery by hand"
	caption := mk("l-caption")
	caption.Content = []cm.ContentItem{{ID: "c1", Caption: "Tasting marzipan in Lübeck"}}
	hashtag := mk("l-hashtag")
	hashtag.Content = []cm.ContentItem{{ID: "c1", Caption: "my weekend", Hashtags: []string{"kombucha"}}}
	declared := mk("l-declared")
	declared.Niches = []string{"photography"}
	classified := mk("l-classified")
	classified.Features = &cm.Features{Niches: cm.NicheFeature{Labels: []cm.NicheLabel{{Niche: "automotive", Confidence: 0.9}}}}
	plain := mk("l-plain")
	var batch []cm.CreatorRecord
	for _, c := range []*cm.Creator{name, bio, caption, hashtag, declared, classified, plain} {
		batch = append(batch, cm.CreatorRecord{Creator: c})
	}
	upsert(t, s, batch...)

	for _, tc := range []struct{ field, query, want string }{
		{"name", "zephyrine", "l-name"},
		{"bio", "quillwork", "l-bio"},
		{"caption", "marzipan", "l-caption"},
		{"hashtag", "kombucha", "l-hashtag"},
		{"declared niche", "photography", "l-declared"},
		{"classified niche", "automotive", "l-classified"},
		{"case-insensitive", "QUILLWORK", "l-bio"},
	} {
		hits := lexical(t, s, tc.query, 10, cm.Filter{})
		require.Equal(t, []string{tc.want}, ids(hits), "%s: query %q", tc.field, tc.query)
		require.Greater(t, hits[0].Score, 0.0, "%s: score is higher-is-better and positive", tc.field)
	}
	require.Empty(t, lexical(t, s, "xylophonist", 10, cm.Filter{}), "no match, no hits")

	// OR semantics: any word matches, and a long brief finds creators by
	// the words they share with it.
	require.ElementsMatch(t, []string{"l-bio", "l-caption"}, ids(lexical(t, s, "quillwork marzipan", 10, cm.Filter{})))
	brief := "We are looking for a creator who loves kombucha and automotive culture for a summer campaign in Berlin"
	require.ElementsMatch(t, []string{"l-hashtag", "l-classified"}, ids(lexical(t, s, brief, 10, cm.Filter{})))
	require.Equal(t, []string{"l-bio"}, ids(lexical(t, s, "quillwork", 10, cm.Filter{ExcludeIDs: []string{"l-name"}})))
	require.Empty(t, lexical(t, s, "quillwork", 10, cm.Filter{ExcludeIDs: []string{"l-bio"}}))
}

func testLexicalRanking(t *testing.T, f Factory) {
	s := f.New(t)
	mk := func(id, bio string) cm.CreatorRecord {
		return cm.CreatorRecord{Creator: &cm.Creator{ID: id, Name: "Someone", Bio: bio}}
	}
	upsert(t, s,
		// Named to sort first, so a ranking without length
		// normalisation cannot pass by the ID tie-break.
		mk("r-allsorts", "Lifestyle, travel, food, family, ceramics, books, fitness and everything in between about my daily life in the city, weekend markets and long walks."),
		mk("r-heavy", "Ceramics studio: wheel-thrown ceramics, ceramics classes and ceramics glazes."),
		mk("r-none", "Travel and food diaries."),
		mk("r-both", "Ceramics and origami workshops."),
		mk("tie-b", "Origami tutorials"),
		mk("tie-a", "Origami tutorials"),
	)
	hits := lexical(t, s, "ceramics", 10, cm.Filter{})
	require.Len(t, hits, 3)
	require.Equal(t, "r-heavy", hits[0].CreatorID, "the creator mentioning the term most, in the shortest text, ranks first: %v", ids(hits))
	require.Equal(t, "r-allsorts", hits[2].CreatorID, "a passing mention in a long text ranks last: %v", ids(hits))
	require.Greater(t, hits[0].Score, hits[2].Score)

	hits = lexical(t, s, "ceramics origami", 10, cm.Filter{})
	require.Equal(t, "r-both", hits[0].CreatorID, "matching both words beats matching one: %v", ids(hits))
	require.ElementsMatch(t, []string{"r-both", "r-heavy", "r-allsorts", "tie-a", "tie-b"}, ids(hits))

	hits = lexical(t, s, "origami tutorials", 10, cm.Filter{})
	require.Equal(t, []string{"tie-a", "tie-b", "r-both"}, ids(hits), "equal scores in ID order")
	require.Equal(t, hits[0].Score, hits[1].Score)
	require.Equal(t, []string{"tie-a"}, ids(lexical(t, s, "origami tutorials", 1, cm.Filter{})), "limit")
	require.Equal(t, []string{"r-heavy", "r-allsorts"}, ids(lexical(t, s, "ceramics", 10, cm.Filter{IDs: []string{"r-heavy", "r-allsorts", "r-none"}})), "filter")
}
