package brief

import (
	"regexp"
	"slices"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

// maxFollowerCount bounds what the parser accepts as a follower count; no
// account comes near it, and it keeps int64 conversions safe.
const maxFollowerCount = 1e10

const (
	fNum  = `(` + numPattern + `)(?:\s?(k|m|mm|mil|thousand|million)\b)?`
	fWord = `(?:followers?|follower count|followings?|subs|subscribers?|fans|audience size|community size)`
	dashC = `(?:-|–|—|‒|−)`
)

var (
	fNumAtRe       = regexp.MustCompile(`^` + fNum)
	fRangeRestRe   = regexp.MustCompile(`^\s*(` + dashC + `|to\b|and\b)\s*` + fNum + `(\s*\+?\s*` + fWord + `\b)?`)
	fBetweenRe     = regexp.MustCompile(`\b(between|from)\s+$`)
	fUpperBeforeRe = regexp.MustCompile(`(?:\b(?:under|below|less than|fewer than|up to|upto|max(?:imum)?(?: of)?|at most|no more than|not more than|smaller than|sub|capped at)|<=?|≤)[\s-]*$`)
	fLowerBeforeRe = regexp.MustCompile(`(?:\b(?:over|above|more than|at least|min(?:imum)?(?: of)?|no less than|not less than|bigger than|larger than|starting at|upwards of|in excess of)|>=?|≥)[\s-]*$`)
	fWordAfterRe   = regexp.MustCompile(`^\s*` + fWord + `\b`)
	fPlusAfterRe   = regexp.MustCompile(`^(?:\s*\+|\s+(?:` + fWord + `\s+)?(?:or more|and up|and above|or higher|minimum|min\b|plus))(\s*` + fWord + `\b)?`)
	followerCtxRe  = regexp.MustCompile(`(?:followers?|follower count|follower range|audience size|size|tiers?|reach)\s*:?\s*(?:of\s+|between\s+|from\s+)?$`)
	notFollowersRe = regexp.MustCompile(`^\s*(?:views?|impressions?|plays|likes?|engagements?|downloads?|installs?|units|sales|visits|visitors|clicks|users|reach|streams|comments|shares|saves|members|customers|people|posts?|videos?|pieces|creators?|influencers?|%|percent|usd|eur|gbp|dollars?|euros?|pounds?|\$|€|£)\b?`)

	tierWord      = `nano|micro|mid|macro|mega`
	tierSep       = `\s*(?:,|/|&|\+|-|–|\bor\b|\band\b|\bto\b)\s*(?:(?:and|or)\s+)?`
	tierSuffix    = `[\s-]?(?:tiers?|level|sized?|range|influencers?|creators?|accounts?|kols?|talent|youtubers?|tiktokers?|instagrammers?|bloggers?|vloggers?|streamers?|fluencers?)\b`
	tierListRe    = regexp.MustCompile(`\b(?:` + tierWord + `)(?:` + tierSep + `(?:` + tierWord + `))*` + tierSuffix)
	tierPairRe    = regexp.MustCompile(`\b(?:` + tierWord + `)(?:` + tierSep + `(?:` + tierWord + `))+\b`)
	tierItemRe    = regexp.MustCompile(`(?:^|[,;:(/\n•|])\s*(?:nano|micro|macro|mega)\s*(?:[,;)/\n.|]|$)`)
	tierLabelRe   = regexp.MustCompile(`\btiers?\s*[:=]\s*(?:` + tierWord + `)\b(?:` + tierSep + `(?:` + tierWord + `)\b)*`)
	tierWordRe    = regexp.MustCompile(tierWord)
	tierToRe      = regexp.MustCompile(`^\s*(?:-|–|to)\s*$`)
	tierNames     = map[string]creatormatch.Tier{"nano": creatormatch.TierNano, "micro": creatormatch.TierMicro, "mid": creatormatch.TierMid, "macro": creatormatch.TierMacro, "mega": creatormatch.TierMega}
	namedTierList = []creatormatch.Tier{creatormatch.TierNano, creatormatch.TierMicro, creatormatch.TierMid, creatormatch.TierMacro, creatormatch.TierMega}
)

// TierRange returns the follower bounds of the union of tiers using the
// features package's default bounds (nano 1k–10k, micro 10k–100k, mid
// 100k–500k, macro 500k–1M, mega 1M+). max is 0 (unbounded) when mega is
// included; both are 0 when no named tier is given.
func TierRange(tiers []creatormatch.Tier) (lo, hi int64) {
	tb := features.DefaultTierBounds()
	bounds := map[creatormatch.Tier][2]int64{
		creatormatch.TierNone:  {0, tb.Nano},
		creatormatch.TierNano:  {tb.Nano, tb.Micro},
		creatormatch.TierMicro: {tb.Micro, tb.Mid},
		creatormatch.TierMid:   {tb.Mid, tb.Macro},
		creatormatch.TierMacro: {tb.Macro, tb.Mega},
		creatormatch.TierMega:  {tb.Mega, 0},
	}
	first := true
	for _, t := range tiers {
		bd, ok := bounds[t]
		if !ok {
			continue
		}
		if first {
			lo, hi = bd[0], bd[1]
			first = false
			continue
		}
		lo = min(lo, bd[0])
		if hi != 0 && (bd[1] == 0 || bd[1] > hi) {
			hi = bd[1]
		}
	}
	return lo, hi
}

// followerCount converts a parsed number and magnitude to a count.
func followerCount(num, mult string) (int64, bool) {
	v, ok := parseNumber(num, mult)
	if !ok {
		return 0, false
	}
	v *= multiplier(mult)
	if v < 0 || v > maxFollowerCount {
		return 0, false
	}
	return int64(v + 0.5), true
}

// findFollowers reads follower ranges ("10k–100k followers", "10-100k"),
// bounds ("under 50k", "at least 5k", "50k+") and tier words ("micro",
// "nano or micro influencers", "micro-to-mid-tier"). An explicit number
// beats the tier's standard bounds: "micro-influencers (10k–50k)" gives
// 10k–50k with Tiers [micro]. The first range wins; otherwise the first
// lower and the first upper bound.
func (d *doc) findFollowers(b *creatormatch.Brief) {
	var minF, maxF int64
	var lowers, uppers []int64
	rangeSet := false
	last := 0
	for _, p := range d.numStarts {
		if p < last || d.gluedLeft(p) || overlapsAny(d.money, p, p+1) {
			continue
		}
		n1 := fNumAtRe.FindStringSubmatchIndex(d.low[p:])
		if n1 == nil {
			continue
		}
		e1 := p + n1[1]
		num1, mult1 := d.low[p+n1[2]:p+n1[3]], ""
		if n1[4] >= 0 {
			mult1 = d.low[p+n1[4] : p+n1[5]]
		}
		before := d.before(p, 40)

		// Range: "10k-100k", "between 10,000 and 50,000 followers".
		if r := fRangeRestRe.FindStringSubmatchIndex(d.low[e1:]); r != nil {
			g := func(i int) string {
				if r[2*i] < 0 {
					return ""
				}
				return d.low[e1+r[2*i] : e1+r[2*i+1]]
			}
			end := e1 + r[1]
			conn, mult2, hasWord := g(1), g(3), g(4) != ""
			prefix := fBetweenRe.FindStringSubmatch(before)
			pre := ""
			if prefix != nil {
				pre = prefix[1]
			}
			if lo, hi, ok := d.followerRange(num1, mult1, g(2), mult2, conn, pre, hasWord, before, end); ok {
				if !overlapsAny(d.money, p, end) {
					d.followers = append(d.followers, span{p, end})
					last = end
					if !rangeSet {
						minF, maxF, rangeSet = lo, hi, true
					}
					continue
				}
			}
		}

		// Bounds.
		end := e1
		hasWord := false
		if w := fWordAfterRe.FindStringIndex(d.low[e1:]); w != nil {
			hasWord, end = true, e1+w[1]
		}
		var set *[]int64
		switch {
		case fUpperBeforeRe.MatchString(before):
			set = &uppers
		case fLowerBeforeRe.MatchString(before):
			set = &lowers
			if pl := fPlusAfterRe.FindStringSubmatchIndex(d.low[e1:]); pl != nil {
				end = max(end, e1+pl[1])
				hasWord = hasWord || pl[2] >= 0
			}
		default:
			pl := fPlusAfterRe.FindStringSubmatchIndex(d.low[e1:])
			if pl == nil {
				continue
			}
			set = &lowers
			end = max(end, e1+pl[1])
			hasWord = hasWord || pl[2] >= 0
		}
		if !hasWord && notFollowersRe.MatchString(d.low[end:min(len(d.low), end+20)]) {
			continue
		}
		v, ok := followerCount(num1, mult1)
		if !ok || v < 100 || (!hasWord && v < 1000) {
			continue
		}
		d.followers = append(d.followers, span{p, end})
		last = end
		*set = append(*set, v)
	}
	if !rangeSet {
		if len(lowers) > 0 {
			minF = lowers[0]
		}
		if len(uppers) > 0 {
			maxF = uppers[0]
		}
	}

	// Tiers.
	var tiers []creatormatch.Tier
	addTiers := func(start, end int) {
		if d.inAvoid(start, end) {
			return
		}
		text := d.low[start:end]
		ws := tierWordRe.FindAllStringIndex(text, -1)
		for i, w := range ws {
			t := tierNames[text[w[0]:w[1]]]
			tiers = addUnique(tiers, t)
			if i > 0 && tierToRe.MatchString(text[ws[i-1][1]:w[0]]) {
				// "micro to macro": every tier in between.
				a := slices.Index(namedTierList, tierNames[text[ws[i-1][0]:ws[i-1][1]]])
				z := slices.Index(namedTierList, t)
				for k := min(a, z); k <= max(a, z); k++ {
					tiers = addUnique(tiers, namedTierList[k])
				}
			}
		}
	}
	// The regexps scan every position, so only run them when a tier word
	// is present at all.
	if tierWordRe.MatchString(d.low) {
		for _, m := range tierListRe.FindAllStringIndex(d.low, -1) {
			addTiers(m[0], m[1])
		}
		for _, m := range tierLabelRe.FindAllStringIndex(d.low, -1) {
			addTiers(m[0], m[1])
		}
		// "nano or micro", "micro/mid": two tier words are a tier list
		// even without "influencers"; a lone "micro" counts as an item of
		// a comma list ("TikTok, micro, $18k").
		for _, m := range tierPairRe.FindAllStringIndex(d.low, -1) {
			addTiers(m[0], m[1])
		}
		for _, m := range tierItemRe.FindAllStringIndex(d.low, -1) {
			addTiers(m[0], m[1])
		}
	}
	b.Tiers = orderBy(tiers, namedTierList)
	if minF == 0 && maxF == 0 && len(b.Tiers) > 0 {
		minF, maxF = TierRange(b.Tiers)
	}
	b.MinFollowers, b.MaxFollowers = minF, maxF
}

// followerRange judges a number range as a follower range: with a
// followers word, with magnitudes on both ends ("10k-100k"), after a
// follower cue ("followers: 10,000 to 50,000"), or as "10-100k".
func (d *doc) followerRange(num1, mult1, num2, mult2, conn, prefix string, hasWord bool, before string, end int) (lo, hi int64, ok bool) {
	if conn == "and" && prefix != "between" {
		return 0, 0, false
	}
	if conn == "to" && prefix == "" && !hasWord && (mult1 == "" || mult2 == "") {
		return 0, 0, false
	}
	if !hasWord && notFollowersRe.MatchString(d.low[end:min(len(d.low), end+20)]) {
		return 0, 0, false
	}
	hi, ok2 := followerCount(num2, mult2)
	loRaw, ok1 := parseNumber(num1, mult1)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	lm := mult1
	if lm == "" && mult2 != "" {
		if hiRaw, _ := parseNumber(num2, mult2); loRaw < hiRaw {
			lm = mult2 // "10-100k"
		}
	}
	lo, ok = followerCount(num1, lm)
	if !ok {
		return 0, 0, false
	}
	ctx := hasWord || (mult1 != "" && mult2 != "") || followerCtxRe.MatchString(before)
	if !ctx && !(mult2 != "" && hi >= 1000 && mult1 == "") {
		return 0, 0, false
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi < 100 {
		return 0, 0, false
	}
	return lo, hi, true
}
