package storetest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// Audience thresholds (Filter.Audience) are defined by
// creatormatch.AudienceThreshold.Pass: these tests check that a store's
// searches return exactly the creators Pass accepts, at the boundary bit
// for bit, and that they still return Limit hits when a threshold is
// selective.

// audienceCreators is a small population whose audiences make each
// threshold case select a known subset. Keys are stored in assorted forms
// (case, spaces, en dash) the thresholds must normalise.
func audienceCreators() []*cm.Creator {
	auds := []struct {
		id  string
		aud *cm.Audience
	}{
		{"a01", &cm.Audience{
			Gender:    map[string]float64{"female": 0.6, "male": 0.4},
			Countries: map[string]float64{"us": 0.5, "CA": 0.3, " gb ": 0.2},
			Age:       map[string]float64{"18–24": 0.25, "25-34": 0.5, "35-44": 0.25},
		}},
		{"a02", &cm.Audience{
			Gender:    map[string]float64{"Female": 0.55, "male": 0.45},
			Countries: map[string]float64{"US": 0.4, "GB": 0.6},
			Age:       map[string]float64{"18-24": 0.1, "25 - 34": 0.2, "35-44": 0.7},
		}},
		{"a03", nil}, // no audience data at all
		{"a04", &cm.Audience{Countries: map[string]float64{"DE": 1}}}, // no gender data
		{"a05", &cm.Audience{Gender: map[string]float64{}, Countries: map[string]float64{"US": 0.9, "DE": 0.1}}},
		// Keys in the order a JSON object keeps them add largest first:
		// only the smallest-first sum reaches 0.1+0.2+0.3 in float64.
		{"a06", &cm.Audience{
			Gender:    map[string]float64{"female": 0.7, "male": 0.3},
			Interests: map[string]float64{"aa": 0.3, "bb": 0.2, "cc": 0.1, "dd": 0.4},
		}},
		{"a07", &cm.Audience{Gender: map[string]float64{"female": 0, "male": 1}}},
		{"a08", &cm.Audience{Countries: map[string]float64{"US": 0.8, "us": 0.5}}}, // sums over 1: clamped
		{"a09", &cm.Audience{
			Gender:    map[string]float64{"female": 0.5, "male": 0.5},
			Languages: map[string]float64{"EN": 0.8, "es": 0.2},
		}},
		{"a10", &cm.Audience{Gender: map[string]float64{"female": -0.5, "other": 0.5, "male": 1}}}, // a negative share counts as none
		{"a11", &cm.Audience{Credibility: ptr(0.9)}},                                               // an audience without distributions
	}
	out := make([]*cm.Creator, len(auds))
	for i, a := range auds {
		c := basicCreator(a.id)
		c.Bio = "creative studio " + a.id
		c.Audience = a.aud
		out[i] = c
	}
	return out
}

func th(dim string, min float64, keys ...string) cm.AudienceThreshold {
	return cm.AudienceThreshold{Dimension: dim, Keys: keys, MinShare: min}
}

// up is the float64 just above x.
func up(x float64) float64 { return math.Nextafter(x, math.Inf(1)) }

// audienceCases lists audience filters with the creators of
// audienceCreators that pass.
func audienceCases() []struct {
	name   string
	filter cm.Filter
	want   []string
} {
	// Sums computed at run time, in float64 (a constant expression would
	// be exact), smallest first as Share adds them.
	s12 := 0.1
	s12 += 0.2
	s123 := s12
	s123 += 0.3
	all := []string{"a01", "a02", "a03", "a04", "a05", "a06", "a07", "a08", "a09", "a10", "a11"}
	aud := func(include bool, ts ...cm.AudienceThreshold) cm.Filter {
		return cm.Filter{Audience: ts, IncludeUnknownAudience: include}
	}
	return []struct {
		name   string
		filter cm.Filter
		want   []string
	}{
		{"share equal to min passes", aud(false, th("gender", 0.6, "female")), []string{"a01", "a06"}},
		{"share just below min fails", aud(false, th("gender", up(0.6), "female")), []string{"a06"}},
		{"keys in other case and with spaces", aud(false, th("gender", 0.55, "  FEMALE ")), []string{"a01", "a02", "a06"}},
		{"dimension in other case", aud(false, th(" Gender ", 0.6, "female")), []string{"a01", "a06"}},
		{"stored country keys normalised", aud(false, th("country", 0.4, " us ")), []string{"a01", "a02", "a05", "a08"}},
		{"several keys sum", aud(false, th("country", 0.7, "US", "gb")), []string{"a01", "a02", "a05", "a08"}},
		{"several keys sum just short", aud(false, th("country", up(0.7), "US", "gb")), []string{"a02", "a05", "a08"}},
		{"age keys with en dash and spaces", aud(false, th("age", 0.3, "18 – 24", "25-34")), []string{"a01", "a02"}},
		{"sum equal to min passes", aud(false, th("age", s12, "18-24", "25—34")), []string{"a01", "a02"}},
		{"sum just below min fails", aud(false, th("age", up(s12), "18-24", "25-34")), []string{"a01"}},
		{"sum added smallest first", aud(false, th("interest", s123, "aa", "BB", "cc")), []string{"a06"}},
		{"share clamped to 1", aud(false, th("country", 1, "US")), []string{"a08"}},
		{"clamped share never above 1", aud(false, th("country", up(1), "US")), nil},
		{"negative share counts as none", aud(false, th("gender", 0.5, "female", "other")), []string{"a01", "a02", "a06", "a09", "a10"}},
		{"zero share", aud(false, th("gender", 0.01, "female")), []string{"a01", "a02", "a06", "a09"}},
		{"language", aud(false, th("language", 0.8, "en")), []string{"a09"}},
		{"unknown fails", aud(false, th("gender", 0.1, "female")), []string{"a01", "a02", "a06", "a09"}},
		{"unknown included", aud(true, th("gender", 0.1, "female")), []string{"a01", "a02", "a03", "a04", "a05", "a06", "a08", "a09", "a11"}},
		{"two thresholds both hold", aud(false, th("gender", 0.6, "female"), th("country", 0.5, "US")), []string{"a01"}},
		{"two thresholds, unknown included", aud(true, th("gender", 0.6, "female"), th("country", 0.5, "US")), []string{"a01", "a03", "a05", "a06", "a08", "a11"}},
		{"unknown dimension", aud(false, th("height", 0.1, "tall")), nil},
		{"unknown dimension included", aud(true, th("height", 0.1, "tall")), all},
		{"no keys", aud(false, th("gender", 0.1)), nil},
		{"no keys, min 0", aud(false, th("gender", 0)), []string{"a01", "a02", "a06", "a07", "a09", "a10"}},
		{"with another filter", cm.Filter{ExcludeIDs: []string{"a06"}, Audience: []cm.AudienceThreshold{th("gender", 0.6, "female")}}, []string{"a01"}},
	}
}

// passing returns the IDs of the creators passing f's audience
// thresholds by AudienceThreshold.Pass, sorted.
func passing(creators []*cm.Creator, f cm.Filter) []string {
	var out []string
	for _, c := range creators {
		ok := true
		for _, t := range f.Audience {
			if !t.Normalize().Pass(c.Audience, f.IncludeUnknownAudience) {
				ok = false
				break
			}
		}
		if ok && !slices.Contains(f.ExcludeIDs, c.ID) {
			out = append(out, c.ID)
		}
	}
	slices.Sort(out)
	return out
}

// checkAudienceFilter runs dense (exact and approximate) and lexical
// searches with f and requires exactly the creators of want.
func checkAudienceFilter(t *testing.T, s cm.Store, model string, vecs map[string][]float32, queries [][]float32, text string, f cm.Filter, want []string) {
	t.Helper()
	keep := func(id string) bool { return slices.Contains(want, id) }
	limit := len(vecs) + 5
	for _, q := range queries {
		for _, exact := range []bool{false, true} {
			hits := dense(t, s, cm.DenseQuery{Model: model, Vector: q, Filter: f, Limit: limit, Exact: exact})
			requireRanking(t, bruteForce(q, vecs, keep), hits, limit, "dense, exact ", exact)
		}
		if len(want) > 1 {
			hits := dense(t, s, cm.DenseQuery{Model: model, Vector: q, Filter: f, Limit: 1})
			requireRanking(t, bruteForce(q, vecs, keep), hits, 1, "dense, limit 1")
		}
	}
	require.ElementsMatch(t, want, ids(lexical(t, s, text, limit, f)), "lexical")
}

func testAudienceFilter(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(15)
	creators := audienceCreators()
	vecs := map[string][]float32{}
	var batch []cm.CreatorRecord
	for _, c := range creators {
		vecs[c.ID] = g.unit(dim4)
		batch = append(batch, rec(c, model4, vecs[c.ID], nil))
	}
	upsert(t, s, batch...)
	queries := [][]float32{g.unit(dim4), g.unit(dim4)}
	// Pass is also asked about the creators as the store returns them.
	var stored []*cm.Creator
	for _, c := range creators {
		stored = append(stored, get(t, s, c.ID))
	}

	for _, tc := range audienceCases() {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, passing(creators, tc.filter), "the case agrees with AudienceThreshold.Pass")
			require.Equal(t, tc.want, passing(stored, tc.filter), "the case agrees with AudienceThreshold.Pass on the stored creators")
			checkAudienceFilter(t, s, model4, vecs, queries, "studio", tc.filter, tc.want)
		})
	}
}

// testAudienceFilterRandom compares the stores' answers with
// AudienceThreshold.Pass on random audiences and thresholds, with shares
// of many digits so sums land on every side of the thresholds, and
// thresholds placed exactly on some creators' shares.
func testAudienceFilterRandom(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(16)
	r := rand.New(rand.NewPCG(16, 61))
	spell := map[string][]string{
		cm.AudienceAge:      {"18-24", "18–24", " 18 - 24", "25-34", "25—34", "35-44", "45-64", "65+"},
		cm.AudienceGender:   {"female", "Female", "FEMALE ", "male", "other"},
		cm.AudienceCountry:  {"US", "us", " Us", "GB", "gb", "DE", "FR", "BR"},
		cm.AudienceLanguage: {"en", "EN", "es", "fr", " de"},
		cm.AudienceInterest: {"food", "Food", "travel", "tech", "books"},
	}
	dims := []string{cm.AudienceAge, cm.AudienceGender, cm.AudienceCountry, cm.AudienceLanguage, cm.AudienceInterest}
	dist := func(dim string) map[string]float64 {
		if r.IntN(5) == 0 {
			return nil
		}
		m := map[string]float64{}
		for _, k := range spell[dim] {
			if r.IntN(2) == 0 {
				m[k] = float64(r.IntN(1_000_000)) / 3_000_000
			}
		}
		return m
	}
	var creators []*cm.Creator
	for _, id := range seriesIDs("ar", 60) {
		c := basicCreator(id)
		c.Bio = "creative studio " + id
		if r.IntN(8) > 0 {
			c.Audience = &cm.Audience{Age: dist(cm.AudienceAge), Gender: dist(cm.AudienceGender),
				Countries: dist(cm.AudienceCountry), Languages: dist(cm.AudienceLanguage), Interests: dist(cm.AudienceInterest)}
		}
		creators = append(creators, c)
	}
	vecs := map[string][]float32{}
	var batch []cm.CreatorRecord
	for _, c := range creators {
		vecs[c.ID] = g.unit(dim4)
		batch = append(batch, rec(c, model4, vecs[c.ID], nil))
	}
	upsert(t, s, batch...)
	queries := [][]float32{g.unit(dim4)}

	threshold := func() cm.AudienceThreshold {
		dim := dims[r.IntN(len(dims))]
		var keys []string
		for _, k := range spell[dim] {
			if r.IntN(3) == 0 {
				keys = append(keys, k)
			}
		}
		t := cm.AudienceThreshold{Dimension: dim, Keys: keys, MinShare: r.Float64() * 0.8}
		// Half the time, exactly some creator's share.
		if c := creators[r.IntN(len(creators))]; r.IntN(2) == 0 {
			if share, known := t.Normalize().Share(c.Audience); known && share > 0 {
				t.MinShare = share
			}
		}
		return t
	}
	nonEmpty := 0
	for i := 0; i < 40; i++ {
		f := cm.Filter{IncludeUnknownAudience: r.IntN(3) == 0}
		for range 1 + r.IntN(2) {
			f.Audience = append(f.Audience, threshold())
		}
		want := passing(creators, f)
		if len(want) > 0 {
			nonEmpty++
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			checkAudienceFilter(t, s, model4, vecs, queries, "studio", f, want)
		})
	}
	require.Greater(t, nonEmpty, 10, "most random filters should pass someone")
}

// testAudienceFilterLimit checks the search guarantee with audience
// thresholds: Limit hits whenever at least Limit creators pass, for a
// selective threshold (3%) and a broad one (about half), from the
// approximate index as from the exact scan, and from lexical search.
func testAudienceFilterLimit(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(17)
	const n, clusters = 300, 12
	centers := make([][]float32, clusters)
	for i := range centers {
		centers[i] = g.unit(Dim512)
	}
	vecs := map[string][]float32{}
	var creators []*cm.Creator
	var batch []cm.CreatorRecord
	for i, id := range seriesIDs("au", n) {
		c := basicCreator(id)
		c.Bio = "creative studio " + id
		switch {
		case i%33 == 0: // 10 of 300
			c.Audience = &cm.Audience{Gender: map[string]float64{"female": 0.8, "male": 0.2}}
		case i%10 == 1: // no audience data
		case i%2 == 0:
			c.Audience = &cm.Audience{Gender: map[string]float64{"female": 0.55, "male": 0.45}}
		default:
			c.Audience = &cm.Audience{Gender: map[string]float64{"female": 0.3, "male": 0.7}}
		}
		creators = append(creators, c)
		vecs[id] = g.near(centers[i%clusters], 1.0)
		batch = append(batch, rec(c, Model512, vecs[id], nil))
	}
	upsertBatches(t, s, 100, batch)

	for _, fc := range []struct {
		name   string
		filter cm.Filter
	}{
		{"selective", cm.Filter{Audience: []cm.AudienceThreshold{th("gender", 0.75, "Female")}}},
		{"broad", cm.Filter{Audience: []cm.AudienceThreshold{th("gender", 0.5, "female")}}},
		{"broad with unknown", cm.Filter{Audience: []cm.AudienceThreshold{th("gender", 0.5, "female")}, IncludeUnknownAudience: true}},
	} {
		pass := passing(creators, fc.filter)
		keep := func(id string) bool { return slices.Contains(pass, id) }
		require.GreaterOrEqual(t, len(pass), 10, fc.name)
		for i := 0; i < 4; i++ {
			q := g.near(centers[i%clusters], 0.8)
			want := bruteForce(q, vecs, keep)
			requireRanking(t, want, dense(t, s, cm.DenseQuery{Model: Model512, Vector: q, Filter: fc.filter, Limit: 5, Exact: true}), 5, fc.name+" exact")
			got := dense(t, s, cm.DenseQuery{Model: Model512, Vector: q, Filter: fc.filter, Limit: 5})
			require.Len(t, got, 5, "%s: Limit hits whenever at least Limit creators pass", fc.name)
			for _, h := range got {
				require.True(t, keep(h.CreatorID), "%s: %s does not pass", fc.name, h.CreatorID)
			}
			if len(pass) < 50 {
				got = dense(t, s, cm.DenseQuery{Model: Model512, Vector: q, Filter: fc.filter, Limit: 50})
				require.ElementsMatch(t, ids(want), ids(got), "%s: every passing creator when Limit exceeds them", fc.name)
			}
		}
		got := lexical(t, s, "studio", 5, fc.filter)
		require.Len(t, got, 5, "%s: lexical Limit hits", fc.name)
		for _, h := range got {
			require.True(t, keep(h.CreatorID), "%s: lexical %s does not pass", fc.name, h.CreatorID)
		}
		require.ElementsMatch(t, pass, ids(lexical(t, s, "studio", n, fc.filter)), "%s: lexical, every passing creator", fc.name)
	}
}
