package memory

import (
	cm "github.com/creatormatch/creatormatch"
)

// filterFields are the per-creator values Filter tests, copied out of the
// creator at write time so a scan checks flat fields instead of walking the
// creator and its features for every candidate.
type filterFields struct {
	accounts     []accountFields
	country      string
	languages    []string
	hasFeatures  bool
	tier         cm.Tier
	engagement   float64
	engPlatform  cm.Platform
	engTier      cm.Tier // the peer group's tier: the measured account's
	authenticity float64
	safety       []safetyFields
	brands       []string
	niches       []string // classified niche labels
}

type accountFields struct {
	platform  cm.Platform
	followers int64
}

type safetyFields struct {
	category string
	severity float64
}

func fieldsOf(c *cm.Creator) filterFields {
	ff := filterFields{country: c.Country, languages: c.Languages}
	for _, a := range c.Accounts {
		ff.accounts = append(ff.accounts, accountFields{a.Platform, a.Followers})
	}
	if f := c.Features; f != nil {
		ff.hasFeatures = true
		ff.tier = f.Tier.Value
		ff.engagement = f.EngagementRate.Value
		ff.engPlatform = f.EngagementRate.Platform
		ff.engTier = f.EngagementRate.Tier
		if ff.engTier == "" {
			ff.engTier = f.Tier.Value
		}
		ff.authenticity = f.Authenticity.Value
		for _, s := range f.BrandSafety.Flags {
			ff.safety = append(ff.safety, safetyFields{s.Category, s.Severity})
		}
		ff.brands = f.Brands.Names()
		for _, l := range f.Niches.Labels {
			ff.niches = append(ff.niches, l.Niche)
		}
	}
	return ff
}

// compiledFilter is a Filter turned into sets once per query.
type compiledFilter struct {
	none       bool // no constraint at all
	ids        map[string]struct{}
	exclude    map[string]struct{}
	accounts   bool
	platforms  map[cm.Platform]struct{}
	minF, maxF int64
	tiers      map[cm.Tier]struct{}
	countries  map[string]struct{}
	languages  map[string]struct{}
	safety     map[string]struct{}
	tolerance  float64
	minEng     float64
	minAuth    float64
	brands     map[string]struct{}
	niches     map[string]struct{}
}

func set[T comparable](xs []T) map[T]struct{} {
	if len(xs) == 0 {
		return nil
	}
	m := make(map[T]struct{}, len(xs))
	for _, x := range xs {
		m[x] = struct{}{}
	}
	return m
}

func compileFilter(f cm.Filter) *compiledFilter {
	cf := &compiledFilter{
		ids:       set(f.IDs),
		exclude:   set(f.ExcludeIDs),
		platforms: set(f.Platforms),
		minF:      f.MinFollowers,
		maxF:      f.MaxFollowers,
		tiers:     set(f.Tiers),
		countries: set(f.Countries),
		languages: set(f.Languages),
		safety:    set(f.ExcludeSafety),
		tolerance: f.SafetyTolerance,
		minEng:    f.MinEngagementRate,
		minAuth:   f.MinAuthenticity,
		brands:    set(f.WorkedWith),
		niches:    set(f.Niches),
	}
	cf.accounts = cf.platforms != nil || cf.minF > 0 || cf.maxF > 0
	cf.none = cf.ids == nil && cf.exclude == nil && !cf.accounts && cf.tiers == nil &&
		cf.countries == nil && cf.languages == nil && cf.safety == nil && cf.minEng <= 0 &&
		cf.minAuth <= 0 && cf.brands == nil && cf.niches == nil
	return cf
}

// hasIDs reports whether the filter restricts to an explicit id list, so a
// search can visit those creators instead of scanning everything.
func (cf *compiledFilter) hasIDs() bool { return cf.ids != nil }

func anyIn(xs []string, m map[string]struct{}) bool {
	for _, x := range xs {
		if _, ok := m[x]; ok {
			return true
		}
	}
	return false
}

// pass reports whether a creator passes. Feature-based constraints fail a
// creator without features (nothing shows it qualifies), except safety
// exclusion, which only drops creators with a flag.
func (cf *compiledFilter) pass(id string, ff *filterFields) bool {
	if cf.none {
		return true
	}
	if cf.ids != nil {
		if _, ok := cf.ids[id]; !ok {
			return false
		}
	}
	if cf.exclude != nil {
		if _, ok := cf.exclude[id]; ok {
			return false
		}
	}
	if cf.accounts {
		ok := false
		for _, a := range ff.accounts {
			if cf.platforms != nil {
				if _, in := cf.platforms[a.platform]; !in {
					continue
				}
			}
			if a.followers < cf.minF || (cf.maxF > 0 && a.followers > cf.maxF) {
				continue
			}
			ok = true
			break
		}
		if !ok {
			return false
		}
	}
	if cf.countries != nil {
		if _, ok := cf.countries[ff.country]; !ok {
			return false
		}
	}
	if cf.languages != nil && !anyIn(ff.languages, cf.languages) {
		return false
	}
	if cf.tiers != nil {
		if !ff.hasFeatures {
			return false
		}
		if _, ok := cf.tiers[ff.tier]; !ok {
			return false
		}
	}
	if cf.minEng > 0 && (!ff.hasFeatures || ff.engagement < cf.minEng) {
		return false
	}
	if cf.minAuth > 0 && (!ff.hasFeatures || ff.authenticity < cf.minAuth) {
		return false
	}
	if cf.safety != nil {
		for _, s := range ff.safety {
			if _, ok := cf.safety[s.category]; ok && s.severity >= cf.tolerance {
				return false
			}
		}
	}
	if cf.brands != nil && !anyIn(ff.brands, cf.brands) {
		return false
	}
	if cf.niches != nil && !anyIn(ff.niches, cf.niches) {
		return false
	}
	return true
}
