package brief

import (
	"slices"

	"github.com/creatormatch/creatormatch"
)

// Merge combines a parsed brief with the structured fields a caller sent:
// the caller always wins, field by field. A field of explicit replaces the
// parsed one when it is non-zero (a non-empty string or list, a non-nil
// budget, a non-zero number); the audience is merged per dimension and per
// share the same way. A zero explicit field cannot clear a parsed value;
// callers that want "any platform" despite the text simply omit it and
// accept the text's reading, or edit the text.
//
// Follower bounds move as a pair: if explicit sets either bound, both come
// from explicit, so a parsed max cannot contradict an explicit min. If
// explicit names Tiers but no bounds, the bounds follow those tiers (via
// TierRange) rather than whatever the text said.
//
// The result shares no slices or pointers with its inputs.
func Merge(parsed, explicit creatormatch.Brief) creatormatch.Brief {
	out := parsed
	pickStr(&out.Text, explicit.Text)
	if explicit.Goal != "" {
		out.Goal = explicit.Goal
	}
	if explicit.Budget != nil {
		out.Budget = explicit.Budget
	}
	if out.Budget != nil {
		m := *out.Budget
		out.Budget = &m
	}
	out.Platforms = pickList(parsed.Platforms, explicit.Platforms)
	out.Tiers = pickList(parsed.Tiers, explicit.Tiers)
	switch {
	case explicit.MinFollowers != 0 || explicit.MaxFollowers != 0:
		out.MinFollowers, out.MaxFollowers = explicit.MinFollowers, explicit.MaxFollowers
	case len(explicit.Tiers) > 0:
		out.MinFollowers, out.MaxFollowers = TierRange(explicit.Tiers)
	}
	a, e := parsed.Audience, explicit.Audience
	out.Audience = creatormatch.AudienceTarget{
		Ages:             pickList(a.Ages, e.Ages),
		Genders:          pickList(a.Genders, e.Genders),
		Countries:        pickList(a.Countries, e.Countries),
		Languages:        pickList(a.Languages, e.Languages),
		Interests:        pickList(a.Interests, e.Interests),
		MinAgeShare:      pickNum(a.MinAgeShare, e.MinAgeShare),
		MinGenderShare:   pickNum(a.MinGenderShare, e.MinGenderShare),
		MinCountryShare:  pickNum(a.MinCountryShare, e.MinCountryShare),
		MinLanguageShare: pickNum(a.MinLanguageShare, e.MinLanguageShare),
		MinInterestShare: pickNum(a.MinInterestShare, e.MinInterestShare),
	}
	out.CreatorCountries = pickList(parsed.CreatorCountries, explicit.CreatorCountries)
	out.CreatorLanguages = pickList(parsed.CreatorLanguages, explicit.CreatorLanguages)
	out.Topics = pickList(parsed.Topics, explicit.Topics)
	out.AvoidTopics = pickList(parsed.AvoidTopics, explicit.AvoidTopics)
	out.Competitors = pickList(parsed.Competitors, explicit.Competitors)
	out.ExcludeSafety = pickList(parsed.ExcludeSafety, explicit.ExcludeSafety)
	out.SafetyTolerance = pickNum(parsed.SafetyTolerance, explicit.SafetyTolerance)
	pickStr(&out.Product, explicit.Product)
	pickStr(&out.ProductCategory, explicit.ProductCategory)
	out.ContentAsks = pickList(parsed.ContentAsks, explicit.ContentAsks)
	return out
}

func pickStr(dst *string, explicit string) {
	if explicit != "" {
		*dst = explicit
	}
}

func pickList[T any](parsed, explicit []T) []T {
	if len(explicit) > 0 {
		return slices.Clone(explicit)
	}
	return slices.Clone(parsed)
}

func pickNum(parsed, explicit float64) float64 {
	if explicit != 0 {
		return explicit
	}
	return parsed
}
