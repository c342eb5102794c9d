package memory

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// TestAudienceFieldsAgreeWithPass checks the compiled audience test against
// AudienceThreshold.Pass on random audiences, with the key interner both
// roomy and full (keys it has no room for are compared as strings).
func TestAudienceFieldsAgreeWithPass(t *testing.T) {
	for _, room := range []int{symOther, 4} {
		saved := audienceKeys
		audienceKeys = newSymbols(room)
		t.Cleanup(func() { audienceKeys = saved })

		r := rand.New(rand.NewPCG(uint64(room), 7))
		spell := map[string][]string{
			cm.AudienceAge:      {"18-24", "18–24", " 18 - 24", "25-34", "25—34", "65+"},
			cm.AudienceGender:   {"female", "Female", "male", "other"},
			cm.AudienceCountry:  {"US", "us", " Us", "GB", "DE"},
			cm.AudienceLanguage: {"en", "EN", "es"},
			cm.AudienceInterest: {"food", "Food", "travel"},
			"height":            {"tall"},
		}
		dist := func(dim string) map[string]float64 {
			if r.IntN(4) == 0 {
				return nil
			}
			m := map[string]float64{}
			for _, k := range spell[dim] {
				if r.IntN(2) == 0 {
					m[k] = float64(r.IntN(2_000_000)-100_000) / 3_000_000 // a few negative
				}
			}
			return m
		}
		dims := []string{cm.AudienceAge, cm.AudienceGender, cm.AudienceCountry, cm.AudienceLanguage, cm.AudienceInterest, "height"}
		overflowed := 0
		for i := 0; i < 3000; i++ {
			var a *cm.Audience
			if r.IntN(6) > 0 {
				a = &cm.Audience{Age: dist(cm.AudienceAge), Gender: dist(cm.AudienceGender),
					Countries: dist(cm.AudienceCountry), Languages: dist(cm.AudienceLanguage), Interests: dist(cm.AudienceInterest)}
			}
			af := audienceFieldsOf(a)
			if af != nil && af.strs != nil {
				overflowed++
			}
			dim := dims[r.IntN(len(dims))]
			var keys []string
			for _, k := range spell[dim] {
				if r.IntN(2) == 0 {
					keys = append(keys, k)
				}
			}
			th := cm.AudienceThreshold{Dimension: dim, Keys: keys, MinShare: r.Float64() * 0.7}
			nt := th.Normalize()
			if share, known := nt.Share(a); known && r.IntN(2) == 0 {
				th.MinShare = share // exactly on the boundary
				nt.MinShare = share
			}
			at := compileAudience([]cm.AudienceThreshold{th})[0]
			for _, include := range []bool{false, true} {
				if got, want := at.pass(af, include), nt.Pass(a, include); got != want {
					t.Fatalf("room %d: %+v on %+v (include %v): got %v, Pass %v", room, th, a, include, got, want)
				}
			}
		}
		if room < symOther && overflowed == 0 {
			t.Fatal("no creator overflowed the small interner: the string path went untested")
		}
	}
}

// TestAudienceFieldsNilWithoutData keeps creators without audience data
// at one nil pointer.
func TestAudienceFieldsNilWithoutData(t *testing.T) {
	for _, a := range []*cm.Audience{nil, {}, {Credibility: new(float64)}, {Gender: map[string]float64{}}} {
		if af := audienceFieldsOf(a); af != nil {
			t.Errorf("audienceFieldsOf(%+v) = %+v, want nil", a, af)
		}
	}
	af := audienceFieldsOf(&cm.Audience{Gender: map[string]float64{"female": 0}})
	if af == nil || af.known != 1<<1 || len(af.shares) != 0 {
		t.Errorf("a dimension with only zero shares is known and holds no entries: %+v", af)
	}
}

// TestAudienceFilterShortWalk keeps the Limit guarantee for an audience
// threshold the graph walk cannot satisfy within its visit budget (few
// creators pass and ef is small): the search must fall back to the exact
// scan rather than return fewer hits, or hits that fail.
func TestAudienceFilterShortWalk(t *testing.T) {
	forceGraph(t)
	defer func(v int) { hnswEfSearchMin = v }(hnswEfSearchMin)
	hnswEfSearchMin = 8
	s := openT(t, t.TempDir(), WithANNThreshold(1))
	r := rand.New(rand.NewPCG(5, 5))
	const n, dim = 3000, 16
	recs := make([]cm.CreatorRecord, n)
	var passing []string
	for i := range recs {
		recs[i] = annRecord(r, i, dim, unitVec(r, dim))
		female := 0.4
		if i%600 == 7 { // 5 of 3000
			female = 0.8
			passing = append(passing, recs[i].Creator.ID)
		}
		recs[i].Creator.Audience = &cm.Audience{Gender: map[string]float64{"female": female, "male": 1 - female}}
	}
	upsertBatches(t, s, recs)
	require.NoError(t, s.WaitIndexes(context.Background()))
	f := cm.Filter{Audience: []cm.AudienceThreshold{{Dimension: "gender", Keys: []string{"Female"}, MinShare: 0.75}}}
	for i := 0; i < 5; i++ {
		q := unitVec(r, dim)
		got, _, err := s.SearchDenseInfo(context.Background(), cm.DenseQuery{Model: "m", Vector: q, Limit: 5, Filter: f})
		require.NoError(t, err)
		var ids []string
		for _, h := range got {
			ids = append(ids, h.CreatorID)
		}
		require.ElementsMatch(t, passing, ids, "Limit hits, all passing, when exactly Limit creators pass")
	}
}
