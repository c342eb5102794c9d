package memory

import (
	"math/rand/v2"
	"testing"

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
