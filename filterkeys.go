package creatormatch

import "strings"

// Filter values are compared by key, so that a filter means the same on
// every store whatever case, spacing or "@" a caller or an ingest source
// used: both stores keep their filter fields in key form and turn every
// Filter into key form (Filter.Normalized) before comparing.

// CountryKey is a country's comparison key: trimmed, upper case ("us " →
// "US").
func CountryKey(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// LowerKey is the comparison key of languages, niches, brand-safety
// categories, platforms and tiers: trimmed, lower case.
func LowerKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// BrandKey is a brand's comparison key: lower case, without leading "@"
// and without spaces, '.', '_' or '-' ("@Coca-Cola", "coca cola" and
// "cocacola" meet), so that a handle, a name and a mention of one brand
// compare equal. The competitor rule (features.Conflicts) and the
// worked_with filter of both stores use it.
func BrandKey(s string) string {
	return brandJoiner.Replace(strings.TrimLeft(LowerKey(s), "@"))
}

var brandJoiner = strings.NewReplacer(" ", "", ".", "", "_", "", "-", "")

// Normalized returns f with every value in key form (ids stay exact: they
// are case-sensitive identifiers). Audience thresholds keep their own
// normalisation (AudienceThreshold.Normalize).
func (f Filter) Normalized() Filter {
	f.Platforms = mapKeys(f.Platforms, func(p Platform) Platform { return Platform(LowerKey(string(p))) })
	f.Tiers = mapKeys(f.Tiers, func(t Tier) Tier { return Tier(LowerKey(string(t))) })
	f.Countries = mapKeys(f.Countries, CountryKey)
	f.Languages = mapKeys(f.Languages, LowerKey)
	f.ExcludeSafety = mapKeys(f.ExcludeSafety, LowerKey)
	f.WorkedWith = mapKeys(f.WorkedWith, BrandKey)
	f.Niches = mapKeys(f.Niches, LowerKey)
	return f
}

// mapKeys returns a new slice of key(x) for xs (nil for nil), so the
// caller's filter is never modified.
func mapKeys[T any](xs []T, key func(T) T) []T {
	if xs == nil {
		return nil
	}
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = key(x)
	}
	return out
}
