package brief

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/creatormatch/creatormatch"
)

// Limits on free-text list entries of a brief.
const (
	maxTopicLength      = 64
	maxCompetitorLength = 100
	maxProductLength    = 200
	// maxContentAskLength bounds one content ask: a short phrase ("hair
	// colour transformations"), not a paragraph.
	maxContentAskLength = 100
)

// Validate reports every problem with b as a *creatormatch.ValidationError.
// Field paths are relative to the brief ("platforms[0]", "budget.currency",
// "audience.ages[1]"), like creatormatch.Creator.Validate; a caller that
// nests the brief adds its own prefix with ValidationError.Prefix("brief").
//
// Codes must already be canonical: currencies upper-case ISO 4217,
// countries upper-case ISO 3166-1 alpha-2, languages lower-case ISO 639-1.
// Validate checks shapes, not membership in the ISO lists. Topics may be
// niche keys or free labels, so only their length is checked.
func Validate(b creatormatch.Brief) error {
	v := &creatormatch.ValidationError{}
	if b.Goal != "" && !b.Goal.Valid() {
		v.Add("goal", "must be one of %s; got %q", joinGoals(), b.Goal)
	}
	if b.Budget != nil {
		t := b.Budget.Total
		if math.IsNaN(t) || math.IsInf(t, 0) || t < 0 {
			v.Add("budget.total", "must be a finite amount of 0 or more")
		}
		if c := b.Budget.Currency; c != "" && !isUpperAlpha(c, 3) {
			v.Add("budget.currency", "must be an ISO 4217 code such as USD; got %q", c)
		}
	}
	checkList(v, "platforms", len(b.Platforms))
	seen := map[creatormatch.Platform]bool{}
	for i, p := range b.Platforms {
		switch {
		case !p.Valid():
			v.Add(fmt.Sprintf("platforms[%d]", i), "must be one of instagram, tiktok, youtube; got %q", p)
		case seen[p]:
			v.Add(fmt.Sprintf("platforms[%d]", i), "duplicate platform %s", p)
		}
		seen[p] = true
	}
	if b.MinFollowers < 0 {
		v.Add("min_followers", "must not be negative")
	}
	if b.MaxFollowers < 0 {
		v.Add("max_followers", "must not be negative")
	}
	if b.MinFollowers > 0 && b.MaxFollowers > 0 && b.MinFollowers > b.MaxFollowers {
		v.Add("min_followers", "must not exceed max_followers (%d > %d)", b.MinFollowers, b.MaxFollowers)
	}
	checkList(v, "tiers", len(b.Tiers))
	for i, t := range b.Tiers {
		if !slices.Contains(creatormatch.Tiers, t) {
			v.Add(fmt.Sprintf("tiers[%d]", i), "must be one of %s; got %q", joinTiers(), t)
		}
	}
	validateAudience(v, "audience", b.Audience)
	checkList(v, "creator_countries", len(b.CreatorCountries))
	for i, c := range b.CreatorCountries {
		if !isUpperAlpha(c, 2) {
			v.Add(fmt.Sprintf("creator_countries[%d]", i), "must be an ISO 3166-1 alpha-2 code such as US; got %q", c)
		}
	}
	checkList(v, "creator_languages", len(b.CreatorLanguages))
	for i, l := range b.CreatorLanguages {
		if !isLowerAlpha(l, 2) {
			v.Add(fmt.Sprintf("creator_languages[%d]", i), "must be an ISO 639-1 code such as en; got %q", l)
		}
	}
	checkStrings(v, "topics", b.Topics, maxTopicLength)
	checkStrings(v, "avoid_topics", b.AvoidTopics, maxTopicLength)
	checkStrings(v, "competitors", b.Competitors, maxCompetitorLength)
	checkList(v, "exclude_safety", len(b.ExcludeSafety))
	for i, c := range b.ExcludeSafety {
		if !slices.Contains(creatormatch.SafetyCategories, c) {
			v.Add(fmt.Sprintf("exclude_safety[%d]", i), "must be one of %s; got %q", strings.Join(creatormatch.SafetyCategories, ", "), c)
		}
	}
	checkShare(v, "safety_tolerance", b.SafetyTolerance)
	if len(b.Product) > maxProductLength {
		v.Add("product", "must be at most %d bytes", maxProductLength)
	}
	if c := b.ProductCategory; c != "" && (strings.TrimSpace(c) == "" || len(c) > maxTopicLength) {
		v.Add("product_category", "must be 1-%d bytes", maxTopicLength)
	}
	checkStrings(v, "content_asks", b.ContentAsks, maxContentAskLength)
	return v.Err()
}

func validateAudience(v *creatormatch.ValidationError, p string, a creatormatch.AudienceTarget) {
	checkList(v, p+".ages", len(a.Ages))
	for i, k := range a.Ages {
		if !slices.Contains(creatormatch.AgeBuckets, k) {
			v.Add(fmt.Sprintf("%s.ages[%d]", p, i), "must be one of %s; got %q", strings.Join(creatormatch.AgeBuckets, ", "), k)
		}
	}
	checkList(v, p+".genders", len(a.Genders))
	for i, g := range a.Genders {
		if !slices.Contains(creatormatch.Genders, g) {
			v.Add(fmt.Sprintf("%s.genders[%d]", p, i), "must be one of %s; got %q", strings.Join(creatormatch.Genders, ", "), g)
		}
	}
	checkList(v, p+".countries", len(a.Countries))
	for i, c := range a.Countries {
		if !isUpperAlpha(c, 2) {
			v.Add(fmt.Sprintf("%s.countries[%d]", p, i), "must be an ISO 3166-1 alpha-2 code such as US; got %q", c)
		}
	}
	checkList(v, p+".languages", len(a.Languages))
	for i, l := range a.Languages {
		if !isLowerAlpha(l, 2) {
			v.Add(fmt.Sprintf("%s.languages[%d]", p, i), "must be an ISO 639-1 code such as en; got %q", l)
		}
	}
	checkStrings(v, p+".interests", a.Interests, maxTopicLength)
	checkShare(v, p+".min_age_share", a.MinAgeShare)
	checkShare(v, p+".min_gender_share", a.MinGenderShare)
	checkShare(v, p+".min_country_share", a.MinCountryShare)
	checkShare(v, p+".min_language_share", a.MinLanguageShare)
	checkShare(v, p+".min_interest_share", a.MinInterestShare)
}

func checkShare(v *creatormatch.ValidationError, field string, x float64) {
	if math.IsNaN(x) || x < 0 || x > 1 {
		v.Add(field, "must be between 0 and 1")
	}
}

func checkList(v *creatormatch.ValidationError, field string, n int) {
	if n > creatormatch.MaxListItems {
		v.Add(field, "at most %d entries", creatormatch.MaxListItems)
	}
}

func checkStrings(v *creatormatch.ValidationError, field string, xs []string, maxLen int) {
	checkList(v, field, len(xs))
	for i, x := range xs {
		if strings.TrimSpace(x) == "" || len(x) > maxLen {
			v.Add(fmt.Sprintf("%s[%d]", field, i), "must be 1-%d bytes", maxLen)
		}
	}
}

func isUpperAlpha(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func isLowerAlpha(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func joinGoals() string {
	s := make([]string, len(creatormatch.Goals))
	for i, g := range creatormatch.Goals {
		s[i] = string(g)
	}
	return strings.Join(s, ", ")
}

func joinTiers() string {
	s := make([]string, len(creatormatch.Tiers))
	for i, t := range creatormatch.Tiers {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}
