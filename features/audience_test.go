package features

import (
	"testing"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAudienceFit(t *testing.T) {
	aud := &creatormatch.Audience{
		Age:       map[string]float64{"13-17": 0.05, "18-24": 0.41, "25-34": 0.30, "35-44": 0.14, "45-64": 0.10},
		Gender:    map[string]float64{"female": 0.62, "male": 0.36, "other": 0.02},
		Countries: map[string]float64{"US": 0.35, "GB": 0.15, "DE": 0.50},
	}
	target := AudienceTarget{
		Ages: []string{"18–24"}, MinAgeShare: 0.30, // en dash accepted
		Genders:   []string{"Female"},
		Countries: []string{"us"}, MinCountryShare: 0.50,
		Languages: []string{"en"}, // audience has no languages
	}
	r := AudienceFit(aud, target, AudienceWeights{})
	// age: share 0.41 ≥ 0.30 -> pass, fit 1
	// gender: 0.62, no threshold -> fit 0.62
	// country: 0.35 < 0.50 -> fail, fit 0.35/0.5 = 0.7
	// value = (0.25·1 + 0.20·0.62 + 0.30·0.7)/(0.25+0.20+0.30) = 0.584/0.75 = 0.778667
	// confidence = 0.75/(0.75 + 0.15) = 0.833333
	assert.InDelta(t, 0.584/0.75, r.Value, 1e-9)
	assert.InDelta(t, 0.75/0.9, r.Confidence, 1e-9)
	assert.False(t, r.Pass)
	require.Len(t, r.Dimensions, 4)
	assert.Equal(t, DimensionFit{Dimension: DimAge, Target: []string{"18-24"}, Evaluated: true, Share: 0.41, MinShare: 0.30, Pass: true, Fit: 1}, r.Dimensions[0])
	assert.False(t, r.Dimensions[2].Pass)
	assert.False(t, r.Dimensions[3].Evaluated)
	assert.Equal(t, "41% of the audience is 18–24 (target ≥30%)", r.Evidence[0].Text)
	assert.Equal(t, "62% of the audience is female", r.Evidence[1].Text)
	assert.Equal(t, "35% of the audience is in US (target ≥50%)", r.Evidence[2].Text)

	// two age buckets: 0.41 + 0.30 = 0.71
	r = AudienceFit(aud, AudienceTarget{Ages: []string{"18-24", "25-34"}, MinAgeShare: 0.5}, DefaultAudienceWeights())
	assert.InDelta(t, 0.71, r.Dimensions[0].Share, 1e-12)
	assert.Equal(t, 1.0, r.Value)
	assert.Equal(t, 1.0, r.Confidence)
	assert.True(t, r.Pass)

	// missing audience: neutral 0.5, confidence 0
	r = AudienceFit(nil, target, AudienceWeights{})
	assert.Equal(t, 0.5, r.Value)
	assert.Equal(t, 0.0, r.Confidence)
	// empty target: nothing to judge
	r = AudienceFit(aud, AudienceTarget{}, AudienceWeights{})
	assert.Equal(t, 0.5, r.Value)
	assert.Equal(t, 0.0, r.Confidence)
	assert.True(t, r.Pass)
	// custom weights: only country counts
	r = AudienceFit(aud, target, AudienceWeights{Country: 1})
	assert.InDelta(t, 0.7, r.Value, 1e-12)
}

// TestAudienceShareAtTheThreshold: a share exactly at the stated minimum
// passes ("at least 60% female").
func TestAudienceShareAtTheThreshold(t *testing.T) {
	aud := &creatormatch.Audience{Gender: map[string]float64{"female": 0.5, "male": 0.5}}
	r := AudienceFit(aud, AudienceTarget{Genders: []string{"female"}, MinGenderShare: 0.5}, DefaultAudienceWeights())
	require.Len(t, r.Dimensions, 1)
	assert.True(t, r.Dimensions[0].Pass, "0.5 is at least 0.5")
	assert.InDelta(t, 1, r.Dimensions[0].Fit, 1e-12)
	r = AudienceFit(aud, AudienceTarget{Genders: []string{"female"}, MinGenderShare: 0.51}, DefaultAudienceWeights())
	assert.False(t, r.Dimensions[0].Pass)
}
