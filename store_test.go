package creatormatch

import (
	"testing"
)

func TestAudienceThresholdNormalize(t *testing.T) {
	got := AudienceThreshold{Dimension: " Age ", Keys: []string{"18 – 24", "18-24", "25—34", " ", "65+"}, MinShare: 0.3}.Normalize()
	want := AudienceThreshold{Dimension: "age", Keys: []string{"18-24", "25-34", "65+"}, MinShare: 0.3}
	if got.Dimension != want.Dimension || got.MinShare != want.MinShare || len(got.Keys) != len(want.Keys) {
		t.Fatalf("Normalize = %+v, want %+v", got, want)
	}
	for i := range want.Keys {
		if got.Keys[i] != want.Keys[i] {
			t.Fatalf("Normalize = %+v, want %+v", got, want)
		}
	}
	for _, tc := range []struct{ dim, key, want string }{
		{AudienceCountry, " us\t", "US"},
		{AudienceGender, "Female ", "female"},
		{AudienceLanguage, "\u00a0EN", "en"},
		{AudienceAge, " 18 — 24 ", "18-24"},
	} {
		if got := NormalizeKey(tc.dim, tc.key); got != tc.want {
			t.Errorf("NormalizeKey(%q, %q) = %q, want %q", tc.dim, tc.key, got, tc.want)
		}
	}
}

// TestAudienceShareOrder checks that Share does not depend on map order:
// 0.3+0.2+0.1 and 0.1+0.2+0.3 differ in float64, and a threshold placed on
// the smallest-first sum must pass every time (the stores add in that
// order too).
func TestAudienceShareOrder(t *testing.T) {
	a := &Audience{Interests: map[string]float64{"aa": 0.3, "bb": 0.2, "cc": 0.1, "dd": 0.4, "ee": 0.05}}
	sum := 0.1
	sum += 0.2
	sum += 0.3
	th := AudienceThreshold{Dimension: AudienceInterest, Keys: []string{"aa", "bb", "cc"}, MinShare: sum}.Normalize()
	for i := 0; i < 200; i++ {
		share, known := th.Share(a)
		if !known || share != sum {
			t.Fatalf("Share = %v, %v; want %v (smallest first), true", share, known, sum)
		}
		if !th.Pass(a, false) {
			t.Fatal("Pass fails a share equal to MinShare")
		}
	}
}

func TestAudienceSharePass(t *testing.T) {
	a := &Audience{
		Gender:    map[string]float64{"female": 0.6, "male": -0.1, "other": 0.5},
		Countries: map[string]float64{"US": 0.8, "us": 0.5},
		Age:       map[string]float64{},
	}
	for _, tc := range []struct {
		name    string
		t       AudienceThreshold
		include bool
		share   float64
		known   bool
		pass    bool
	}{
		{"boundary", AudienceThreshold{Dimension: "gender", Keys: []string{"female"}, MinShare: 0.6}, false, 0.6, true, true},
		{"negative ignored", AudienceThreshold{Dimension: "gender", Keys: []string{"male"}, MinShare: 0.01}, false, 0, true, false},
		{"clamped", AudienceThreshold{Dimension: "country", Keys: []string{"us"}, MinShare: 1}, false, 1, true, true},
		{"empty map unknown", AudienceThreshold{Dimension: "age", Keys: []string{"18-24"}, MinShare: 0.1}, false, 0, false, false},
		{"empty map unknown, included", AudienceThreshold{Dimension: "age", Keys: []string{"18-24"}, MinShare: 0.1}, true, 0, false, true},
		{"unknown dimension", AudienceThreshold{Dimension: "height", Keys: []string{"tall"}, MinShare: 0.1}, false, 0, false, false},
		{"no keys", AudienceThreshold{Dimension: "gender", MinShare: 0.1}, false, 0, true, false},
	} {
		th := tc.t.Normalize()
		share, known := th.Share(a)
		if share != tc.share || known != tc.known || th.Pass(a, tc.include) != tc.pass {
			t.Errorf("%s: Share = %v, %v, Pass = %v; want %v, %v, %v", tc.name, share, known, th.Pass(a, tc.include), tc.share, tc.known, tc.pass)
		}
	}
	if _, known := (AudienceThreshold{Dimension: "gender"}).Share(nil); known {
		t.Error("a nil audience is unknown")
	}
}
