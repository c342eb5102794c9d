package matcher

import (
	"fmt"
	"slices"
	"strings"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

// Decision thresholds on fit (the calibrated probability that the creator
// is on-brief), applied to creators no hard rule excluded:
//
//	good    on_brief      fit ≥ GoodFit (default 0.6)
//	neutral undisclosed_sponsorship  under half of ≥ 2 sponsored posts disclosed
//	neutral possible_fit  OffBriefFit ≤ fit < GoodFit
//	avoid   off_brief     fit < OffBriefFit (default 0.3)
//
// A creator a hard rule excludes is avoid with that rule (see exclusions).
const (
	DefaultGoodFit     = 0.6
	DefaultOffBriefFit = 0.3
)

// The decision rules of kept creators.
const (
	RuleOnBrief                = "on_brief"
	RulePossibleFit            = "possible_fit"
	RuleOffBrief               = "off_brief"
	RuleUndisclosedSponsorship = "undisclosed_sponsorship"
)

// exclusion is the set of hard rules a candidate fails, as bits in
// exclusionRules order.
type exclusion uint8

// exclusionRules are the hard rules in the order they are checked and
// reported; the first one a creator fails is its decision rule.
var exclusionRules = []string{
	creatormatch.RuleCompetitorConflict,
	creatormatch.RuleBrandSafety,
	creatormatch.RuleLowAuthenticity,
	creatormatch.RuleOverBudget,
	creatormatch.RuleAudienceThreshold,
}

const (
	exCompetitor exclusion = 1 << iota
	exSafety
	exAuthenticity
	exBudget
	exAudience
)

// rules names the rules in e, in exclusionRules order.
func (e exclusion) rules() []string {
	var out []string
	for i, r := range exclusionRules {
		if e&(1<<i) != 0 {
			out = append(out, r)
		}
	}
	return out
}

// exclusions checks the hard rules of a brief against one creator:
//
//	competitor_conflict  the creator promoted a competitor the brief names
//	brand_safety         a flag in a category the brief excludes, at or above
//	                     its tolerance
//	low_authenticity     authenticity < MinAuthenticity (with any confidence)
//	over_budget          one post costs more than the whole budget
//	audience_threshold   a stated audience share is not met, or the creator
//	                     has no data for it (unless include_unknown_audience)
//
// Retrieval applies the safety and audience rules already; they are
// checked again here because include_excluded retrieves without them.
func (m *Matcher) exclusions(q *queryContext, c *creatormatch.Creator, f *creatormatch.Features, withinBudget bool) exclusion {
	var e exclusion
	if len(q.b.Competitors) > 0 && len(features.Conflicts(f.Brands, q.b.Competitors)) > 0 {
		e |= exCompetitor
	}
	if len(safetyViolations(f, q.filter)) > 0 {
		e |= exSafety
	}
	if f.Authenticity.Value < m.cfg.MinAuthenticity && f.Authenticity.Confidence > 0 {
		e |= exAuthenticity
	}
	if !withinBudget {
		e |= exBudget
	}
	for _, t := range q.filter.Audience {
		if !t.Pass(c.Audience, q.filter.IncludeUnknownAudience) {
			e |= exAudience
			break
		}
	}
	return e
}

// safetyViolations are the creator's flags in the filter's excluded
// categories at or above its tolerance.
func safetyViolations(f *creatormatch.Features, filter creatormatch.Filter) []creatormatch.SafetyFlag {
	if len(filter.ExcludeSafety) == 0 {
		return nil
	}
	var out []creatormatch.SafetyFlag
	for _, fl := range f.BrandSafety.Flags {
		if fl.Severity >= filter.SafetyTolerance && slices.ContainsFunc(filter.ExcludeSafety, func(c string) bool { return strings.EqualFold(c, fl.Category) }) {
			out = append(out, fl)
		}
	}
	return out
}

// decide gives a creator its decision and rule: avoid with the first hard
// rule it fails, else by its fit (see DefaultGoodFit).
func (m *Matcher) decide(e exclusion, f *creatormatch.Features, fit float64) (creatormatch.Decision, string) {
	if e != 0 {
		return creatormatch.DecisionAvoid, e.rules()[0]
	}
	switch {
	case fit < m.cfg.OffBriefFit:
		return creatormatch.DecisionAvoid, RuleOffBrief
	case f.Disclosure.SponsoredPosts >= 2 && f.Disclosure.Value < 0.5:
		return creatormatch.DecisionNeutral, RuleUndisclosedSponsorship
	case fit >= m.cfg.GoodFit:
		return creatormatch.DecisionGood, RuleOnBrief
	}
	return creatormatch.DecisionNeutral, RulePossibleFit
}

// constraints lists every requirement of the brief checked against one
// creator, hard rules first, then the soft audience preferences.
func (m *Matcher) constraints(q *queryContext, s *scored) []creatormatch.ConstraintCheck {
	c, f := s.creator, s.match.Features
	out := []creatormatch.ConstraintCheck{}
	add := func(cc creatormatch.ConstraintCheck) { out = append(out, cc) }
	status := func(ok bool) string {
		if ok {
			return creatormatch.ConstraintPass
		}
		return creatormatch.ConstraintFail
	}
	if len(q.b.Competitors) > 0 {
		conf := features.Conflicts(f.Brands, q.b.Competitors)
		detail := "promoted none of " + strings.Join(q.b.Competitors, ", ")
		if len(conf) > 0 {
			var names []string
			for _, bm := range conf {
				names = append(names, bm.Brand)
			}
			detail = "promoted " + strings.Join(names, ", ")
		}
		add(creatormatch.ConstraintCheck{Name: "competitors", Rule: creatormatch.RuleCompetitorConflict, Hard: true, Status: status(len(conf) == 0), Detail: detail})
	}
	if len(q.filter.ExcludeSafety) > 0 {
		v := safetyViolations(f, q.filter)
		detail := fmt.Sprintf("no flag in %s at severity ≥ %.2f", strings.Join(q.filter.ExcludeSafety, ", "), q.filter.SafetyTolerance)
		if len(v) > 0 {
			detail = fmt.Sprintf("flagged %s (severity %.2f)", v[0].Category, v[0].Severity)
		}
		add(creatormatch.ConstraintCheck{Name: "brand_safety", Rule: creatormatch.RuleBrandSafety, Hard: true, Status: status(len(v) == 0), Threshold: ptr(q.filter.SafetyTolerance), Detail: detail})
	}
	auth := creatormatch.ConstraintCheck{Name: "authenticity", Rule: creatormatch.RuleLowAuthenticity, Hard: true, Value: ptr(f.Authenticity.Value), Threshold: ptr(m.cfg.MinAuthenticity)}
	if f.Authenticity.Confidence > 0 {
		auth.Status = status(f.Authenticity.Value >= m.cfg.MinAuthenticity)
		auth.Detail = fmt.Sprintf("authenticity %.2f (floor %.2f)", f.Authenticity.Value, m.cfg.MinAuthenticity)
	} else {
		auth.Status, auth.Detail = creatormatch.ConstraintUnknown, "too little data to judge authenticity"
	}
	add(auth)
	if q.budget > 0 {
		cc := creatormatch.ConstraintCheck{Name: "budget", Rule: creatormatch.RuleOverBudget, Hard: true, Threshold: ptr(q.budget)}
		if s.match.Cost != nil && s.match.Cost.PricePerPost > 0 {
			// The rule compared dollars; the status reads its verdict rather
			// than comparing the converted amounts again, which can disagree
			// at the boundary.
			cc.Value = ptr(s.match.Cost.PricePerPost)
			cc.Status = status(s.excl&exBudget == 0)
			cc.Detail = fmt.Sprintf("one post costs about %s %.0f of a %s %.0f budget", q.currency, s.match.Cost.PricePerPost, q.currency, q.budget)
		} else {
			cc.Status, cc.Detail = creatormatch.ConstraintUnknown, "no price estimate"
		}
		add(cc)
	}
	for _, t := range q.filter.Audience {
		share, known := t.Share(c.Audience)
		cc := creatormatch.ConstraintCheck{Name: "audience." + t.Dimension, Rule: creatormatch.RuleAudienceThreshold, Hard: true, Threshold: ptr(t.MinShare)}
		switch {
		case !known:
			cc.Status = creatormatch.ConstraintUnknown
			cc.Detail = fmt.Sprintf("no audience %s data; at least %.0f%% %s required", t.Dimension, 100*t.MinShare, strings.Join(t.Keys, " or "))
		default:
			cc.Value = ptr(share)
			cc.Status = status(share >= t.MinShare)
			cc.Detail = fmt.Sprintf("%.0f%% of the audience is %s; at least %.0f%% required", 100*share, strings.Join(t.Keys, " or "), 100*t.MinShare)
		}
		add(cc)
	}
	for _, p := range softAudience(q.b.Audience) {
		share, known := p.Share(c.Audience)
		cc := creatormatch.ConstraintCheck{Name: "audience." + p.Dimension, Hard: false}
		if !known {
			cc.Status, cc.Detail = creatormatch.ConstraintUnknown, fmt.Sprintf("no audience %s data (a preference, not a filter)", p.Dimension)
		} else {
			cc.Value = ptr(share)
			cc.Status = status(share >= 0.5)
			cc.Detail = fmt.Sprintf("%.0f%% of the audience is %s (a preference: counts in audience_alignment, passes at 50%%)", 100*share, strings.Join(p.Keys, " or "))
		}
		add(cc)
	}
	return out
}

// hardAudience turns a brief's stated shares ("at least 60% female") into
// retrieval thresholds; a dimension named without a share is a preference
// (softAudience) and stays a signal.
func hardAudience(t creatormatch.AudienceTarget) []creatormatch.AudienceThreshold {
	var out []creatormatch.AudienceThreshold
	for _, d := range audienceDims(t) {
		if d.MinShare > 0 && len(d.Keys) > 0 {
			out = append(out, d.Normalize())
		}
	}
	return out
}

// softAudience lists the dimensions a brief prefers without a stated share.
func softAudience(t creatormatch.AudienceTarget) []creatormatch.AudienceThreshold {
	var out []creatormatch.AudienceThreshold
	for _, d := range audienceDims(t) {
		if d.MinShare <= 0 && len(d.Keys) > 0 && d.Dimension != creatormatch.AudienceInterest {
			out = append(out, d.Normalize())
		}
	}
	return out
}

func audienceDims(t creatormatch.AudienceTarget) []creatormatch.AudienceThreshold {
	return []creatormatch.AudienceThreshold{
		{Dimension: creatormatch.AudienceAge, Keys: t.Ages, MinShare: t.MinAgeShare},
		{Dimension: creatormatch.AudienceGender, Keys: t.Genders, MinShare: t.MinGenderShare},
		{Dimension: creatormatch.AudienceCountry, Keys: t.Countries, MinShare: t.MinCountryShare},
		{Dimension: creatormatch.AudienceLanguage, Keys: t.Languages, MinShare: t.MinLanguageShare},
		{Dimension: creatormatch.AudienceInterest, Keys: t.Interests, MinShare: t.MinInterestShare},
	}
}

func ptr(x float64) *float64 { return &x }
