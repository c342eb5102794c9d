package brief

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var ve *creatormatch.ValidationError
	require.True(t, errors.As(err, &ve), "want a *creatormatch.ValidationError, got %v", err)
	assert.ErrorIs(t, err, creatormatch.ErrInvalid)
	out := make([]string, len(ve.Fields))
	for i, f := range ve.Fields {
		out[i] = f.Field
	}
	return out
}

func TestValidateAcceptsValid(t *testing.T) {
	b := creatormatch.Brief{
		Text:         "x",
		Goal:         creatormatch.GoalLaunch,
		Budget:       &creatormatch.Money{Total: 15000, Currency: "USD"},
		Platforms:    []creatormatch.Platform{creatormatch.TikTok, creatormatch.Instagram},
		MinFollowers: 10_000, MaxFollowers: 100_000,
		Tiers: []creatormatch.Tier{creatormatch.TierMicro, creatormatch.TierNone},
		Audience: creatormatch.AudienceTarget{
			Ages: []string{"18-24", "65+"}, Genders: []string{"female"}, Countries: []string{"US"},
			Languages: []string{"en"}, Interests: []string{"food"}, MinAgeShare: 0.3, MinCountryShare: 1,
		},
		CreatorCountries: []string{"DE"}, CreatorLanguages: []string{"de"},
		Topics: []string{"food", "oat milk"}, AvoidTopics: []string{"fast fashion"},
		Competitors: []string{"oatly"}, ExcludeSafety: []string{"alcohol"}, SafetyTolerance: 0.5,
		Product: "oat-milk yogurt", ProductCategory: "food",
		ContentAsks: []string{"breakfast bowls", "dairy-free swaps"},
	}
	assert.NoError(t, Validate(b))
	assert.NoError(t, Validate(creatormatch.Brief{}))
	assert.NoError(t, Validate(creatormatch.Brief{Budget: &creatormatch.Money{Total: 0}}), "empty currency means USD")
}

func TestValidateReportsFields(t *testing.T) {
	tests := []struct {
		name  string
		b     creatormatch.Brief
		field []string
	}{
		{"unknown platform", creatormatch.Brief{Platforms: []creatormatch.Platform{creatormatch.TikTok, "myspace"}}, []string{"platforms[1]"}},
		{"duplicate platform", creatormatch.Brief{Platforms: []creatormatch.Platform{creatormatch.TikTok, creatormatch.TikTok}}, []string{"platforms[1]"}},
		{"negative budget", creatormatch.Brief{Budget: &creatormatch.Money{Total: -1}}, []string{"budget.total"}},
		{"NaN budget", creatormatch.Brief{Budget: &creatormatch.Money{Total: math.NaN()}}, []string{"budget.total"}},
		{"infinite budget", creatormatch.Brief{Budget: &creatormatch.Money{Total: math.Inf(1)}}, []string{"budget.total"}},
		{"bad currency", creatormatch.Brief{Budget: &creatormatch.Money{Total: 1, Currency: "dollars"}}, []string{"budget.currency"}},
		{"lower-case currency", creatormatch.Brief{Budget: &creatormatch.Money{Total: 1, Currency: "usd"}}, []string{"budget.currency"}},
		{"min > max", creatormatch.Brief{MinFollowers: 100_000, MaxFollowers: 10_000}, []string{"min_followers"}},
		{"negative followers", creatormatch.Brief{MinFollowers: -1, MaxFollowers: -5}, []string{"min_followers", "max_followers"}},
		{"unknown goal", creatormatch.Brief{Goal: "virality"}, []string{"goal"}},
		{"unknown age bucket", creatormatch.Brief{Audience: creatormatch.AudienceTarget{Ages: []string{"18-24", "20-30"}}}, []string{"audience.ages[1]"}},
		{"unknown gender", creatormatch.Brief{Audience: creatormatch.AudienceTarget{Genders: []string{"women"}}}, []string{"audience.genders[0]"}},
		{"bad country", creatormatch.Brief{Audience: creatormatch.AudienceTarget{Countries: []string{"usa"}}}, []string{"audience.countries[0]"}},
		{"bad language", creatormatch.Brief{Audience: creatormatch.AudienceTarget{Languages: []string{"EN"}}}, []string{"audience.languages[0]"}},
		{"share above 1", creatormatch.Brief{Audience: creatormatch.AudienceTarget{MinAgeShare: 30}}, []string{"audience.min_age_share"}},
		{"negative share", creatormatch.Brief{Audience: creatormatch.AudienceTarget{MinGenderShare: -0.1}}, []string{"audience.min_gender_share"}},
		{"NaN share", creatormatch.Brief{Audience: creatormatch.AudienceTarget{MinCountryShare: math.NaN()}}, []string{"audience.min_country_share"}},
		{"unknown safety category", creatormatch.Brief{ExcludeSafety: []string{"alcohol", "swearing"}}, []string{"exclude_safety[1]"}},
		{"unknown tier", creatormatch.Brief{Tiers: []creatormatch.Tier{"giga"}}, []string{"tiers[0]"}},
		{"creator country", creatormatch.Brief{CreatorCountries: []string{"Germany"}}, []string{"creator_countries[0]"}},
		{"empty topic", creatormatch.Brief{Topics: []string{" "}}, []string{"topics[0]"}},
		{"tolerance", creatormatch.Brief{SafetyTolerance: 2}, []string{"safety_tolerance"}},
		{"blank product category", creatormatch.Brief{ProductCategory: "  "}, []string{"product_category"}},
		{"long product category", creatormatch.Brief{ProductCategory: strings.Repeat("x", 65)}, []string{"product_category"}},
		{"empty content ask", creatormatch.Brief{ContentAsks: []string{"road trips", ""}}, []string{"content_asks[1]"}},
		{"long content ask", creatormatch.Brief{ContentAsks: []string{strings.Repeat("x", 101)}}, []string{"content_asks[0]"}},
		{"too many content asks", creatormatch.Brief{ContentAsks: slices.Repeat([]string{"x"}, 101)}, []string{"content_asks"}},
		{"several", creatormatch.Brief{Goal: "x", Platforms: []creatormatch.Platform{"x"}, Tiers: []creatormatch.Tier{"x"}}, []string{"goal", "platforms[0]", "tiers[0]"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.b)
			require.Error(t, err)
			assert.Equal(t, tc.field, fieldsOf(t, err))
		})
	}
}

func TestValidatePrefix(t *testing.T) {
	err := Validate(creatormatch.Brief{Goal: "x"})
	var ve *creatormatch.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "brief.goal", ve.Prefix("brief").Fields[0].Field)
}
