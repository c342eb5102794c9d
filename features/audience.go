package features

import (
	"fmt"
	"strings"

	"github.com/creatormatch/creatormatch"
)

// AudienceTarget is a brief's target audience: the domain's
// creatormatch.AudienceTarget (dimensions of keys inside the target and
// Modash-style Min*Share thresholds such as "≥30% aged 18–24"; empty
// dimensions are not part of the target). Ages may be written with an en
// dash ("18–24").
type AudienceTarget = creatormatch.AudienceTarget

// AudienceWeights weigh the dimensions in the combined fit.
type AudienceWeights struct {
	Age, Gender, Country, Language, Interest float64
}

// DefaultAudienceWeights: country 0.30 (a campaign is usually bought for a
// market), age 0.25, gender 0.20, language 0.15, interest 0.10.
func DefaultAudienceWeights() AudienceWeights {
	return AudienceWeights{Age: 0.25, Gender: 0.20, Country: 0.30, Language: 0.15, Interest: 0.10}
}

var ageReplacer = strings.NewReplacer("–", "-", "—", "-", " ", "")

// Audience dimensions, as reported in DimensionFit.Dimension: the
// domain's, which audience thresholds name too.
const (
	DimAge      = creatormatch.AudienceAge
	DimGender   = creatormatch.AudienceGender
	DimCountry  = creatormatch.AudienceCountry
	DimLanguage = creatormatch.AudienceLanguage
	DimInterest = creatormatch.AudienceInterest
)

// DimensionFit is one dimension of an audience fit.
type DimensionFit struct {
	Dimension string   `json:"dimension"`
	Target    []string `json:"target"`
	// Evaluated is false when the audience has no data for the dimension;
	// then Share, Fit and Pass are not meaningful.
	Evaluated bool    `json:"evaluated"`
	Share     float64 `json:"share"`     // audience share inside the target
	MinShare  float64 `json:"min_share"` // the threshold, 0 if none
	Pass      bool    `json:"pass"`      // Share ≥ MinShare
	Fit       float64 `json:"fit"`       // in [0,1]
}

// AudienceFitResult is the fit of an audience to a target.
type AudienceFitResult struct {
	Value      float64                 `json:"value"` // in [0,1]; 0.5 (neutral) when nothing can be evaluated
	Confidence float64                 `json:"confidence"`
	Pass       bool                    `json:"pass"` // every evaluated threshold passes
	Dimensions []DimensionFit          `json:"dimensions,omitempty"`
	Evidence   []creatormatch.Evidence `json:"evidence,omitempty"`
}

// AudienceFit measures how much of an audience lies inside a target. For
// each dimension the target specifies:
//
//	Share = Σ audience share over the target keys (clamped to [0,1])
//	Fit   = min(1, Share / MinShare) with a threshold, Share without one
//	Pass  = Share ≥ MinShare
//
// Value is the weighted mean of Fit over the dimensions the target
// specifies and the audience has (weights w, DefaultAudienceWeights when w
// is zero); Confidence is the weight of those dimensions over the weight of
// every dimension the target specifies. A missing audience, or nothing to
// evaluate, is a neutral 0.5 with confidence 0.
func AudienceFit(a *creatormatch.Audience, t AudienceTarget, w AudienceWeights) AudienceFitResult {
	if w == (AudienceWeights{}) {
		w = DefaultAudienceWeights()
	}
	out := AudienceFitResult{Value: 0.5, Pass: true}
	type dim struct {
		name   string
		keys   []string
		min    float64
		weight float64
		dist   func(*creatormatch.Audience) map[string]float64
		norm   func(string) string
		phrase func(keys []string) string
	}
	lower := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	upper := func(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
	age := func(s string) string { return ageReplacer.Replace(strings.TrimSpace(s)) }
	dims := []dim{
		{DimAge, t.Ages, t.MinAgeShare, w.Age, func(a *creatormatch.Audience) map[string]float64 { return a.Age }, age,
			func(k []string) string { return "is " + strings.ReplaceAll(strings.Join(k, " or "), "-", "–") }},
		{DimGender, t.Genders, t.MinGenderShare, w.Gender, func(a *creatormatch.Audience) map[string]float64 { return a.Gender }, lower,
			func(k []string) string { return "is " + strings.Join(k, " or ") }},
		{DimCountry, t.Countries, t.MinCountryShare, w.Country, func(a *creatormatch.Audience) map[string]float64 { return a.Countries }, upper,
			func(k []string) string { return "is in " + strings.Join(k, ", ") }},
		{DimLanguage, t.Languages, t.MinLanguageShare, w.Language, func(a *creatormatch.Audience) map[string]float64 { return a.Languages }, lower,
			func(k []string) string { return "speaks " + strings.Join(k, ", ") }},
		{DimInterest, t.Interests, t.MinInterestShare, w.Interest, func(a *creatormatch.Audience) map[string]float64 { return a.Interests }, lower,
			func(k []string) string { return "is interested in " + strings.Join(k, ", ") }},
	}
	var num, wEval, wSpec float64
	for _, d := range dims {
		if len(d.keys) == 0 {
			continue
		}
		weight := max(d.weight, 0)
		wSpec += weight
		keys := make([]string, 0, len(d.keys))
		seen := map[string]bool{}
		for _, k := range d.keys {
			if nk := d.norm(k); nk != "" && !seen[nk] {
				seen[nk] = true
				keys = append(keys, nk)
			}
		}
		minShare := clamp01(d.min)
		df := DimensionFit{Dimension: d.name, Target: keys, MinShare: minShare}
		var dist map[string]float64
		if a != nil {
			dist = d.dist(a)
		}
		if len(dist) == 0 {
			out.Dimensions = append(out.Dimensions, df)
			out.Evidence = append(out.Evidence, creatormatch.Evidence{Text: fmt.Sprintf("no audience %s data", d.name)})
			continue
		}
		var share float64
		for k, v := range dist {
			if seen[d.norm(k)] {
				share += finite(v)
			}
		}
		df.Evaluated = true
		df.Share = clamp01(share)
		df.Pass = df.Share >= minShare
		if minShare > 0 {
			df.Fit = clamp01(df.Share / minShare)
		} else {
			df.Fit = df.Share
		}
		if !df.Pass {
			out.Pass = false
		}
		num += weight * df.Fit
		wEval += weight
		out.Dimensions = append(out.Dimensions, df)
		text := fmt.Sprintf("%.0f%% of the audience %s", 100*df.Share, d.phrase(keys))
		if minShare > 0 {
			text += fmt.Sprintf(" (target ≥%.0f%%)", 100*minShare)
		}
		out.Evidence = append(out.Evidence, creatormatch.Evidence{Text: text})
	}
	if wEval > 0 {
		out.Value = clamp01(num / wEval)
		out.Confidence = clamp01(wEval / wSpec)
	}
	return out
}
