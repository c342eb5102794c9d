package brief

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/creatormatch/creatormatch"
)

// numPattern is a written number: "15,000", "8.000" (European thousands),
// "15 000", "1.2", "1,5", "15000".
const numPattern = `\d{1,3}(?:[,.]\d{3})+(?:[.,]\d{1,2})?|\d{1,3}(?:[ \x{00a0}\x{202f}]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?`

// multPattern is a magnitude suffix.
const multPattern = `thousand|million|billion|grand|mil|mm|mn|bn|k|m|b`

var (
	// moneyRe is anchored at the first digit of a number (Parse runs it
	// only there: scanning every position of the text is what makes Go
	// regexps slow); the currency before the number is read by
	// currencyBeforeRe.
	moneyRe = regexp.MustCompile(
		`^(?P<num>` + numPattern + `)` +
			`(?:\s?(?P<mult>` + multPattern + `)\b)?` +
			`(?:\s?(?P<post>(?:us )?dollars?|bucks|euros?|pounds?(?: sterling)?|quid|` + strings.Join(currencyCodes, "|") + `)\b|\s?(?P<psym>€|£|\$))?`)
	currencyBeforeRe = regexp.MustCompile(`(?:(?:us|ca|c|au|a|nz|s|r|hk)?\$|€|£|¥|₹|\b(?:` + strings.Join(currencyCodes, "|") + `))\s?$`)
	moneyNum         = moneyRe.SubexpIndex("num")
	moneyMult        = moneyRe.SubexpIndex("mult")
	moneyPost        = moneyRe.SubexpIndex("post")
	moneyPsym        = moneyRe.SubexpIndex("psym")

	rangeGapRe = regexp.MustCompile(`^\s*(?:-|–|—|‒|−|to|and|or|until|up to)\s*$`)

	budgetBeforeRe = regexp.MustCompile(`\b(?:budget(?:ed|s)?|spend(?:ing)?|invest(?:ment|ing)?|total|allocation|allocated|funding|pot|ceiling)\b[^.;\n$€£¥₹]{0,40}$`)
	budgetAfterRe  = regexp.MustCompile(`^\s*\(?\s*(?:total|all[- ]in|overall|in total|flat|budget|total budget|campaign budget|to spend|spend|for the (?:whole |entire )?campaign)\b`)
	// rateAfterRe and rateBeforeRe recognise amounts that are not a total
	// budget: rates, prices, discounts, revenue.
	rateAfterRe  = regexp.MustCompile(`^\s*(?:/|per\b|a\s+(?:day|week|month|year|post|video|piece|creator|influencer|reel|story|head)\b|an?\s+hour\b|each\b|apiece\b|hourly\b|daily\b|weekly\b|monthly\b|yearly\b|annually\b|off\b|discount|cash ?back|cpm\b|cpc\b|cpa\b|cpv\b|cpe\b|in\s+(?:annual\s+|yearly\s+|monthly\s+)?(?:sales|revenue)|revenue|arr\b|gmv\b|valuation|raised|retail|msrp|rrp|gift ?cards?|vouchers?|coupons?|credits?\b|(?:in |of )?(?:product|products) (?:value|worth)|worth of (?:product|free)|followers?\b|subs\b|subscribers?\b|views?\b|impressions?\b|likes?\b|itinerar)`)
	rateBeforeRe = regexp.MustCompile(`\b(?:price[ds]?|pricing|priced(?: at)?|retail(?:s|ing)?(?: at| for)?|msrp|rrp|costs?|sells?(?: for)?|selling(?: for)?|revenue|sales|raised|valu(?:ed|ation)|worth|save|saving|savings|discount|cpm|cpc|cpa|cpe|cpv|rate|rates|per|earn(?:s|ed|ing)?|makes?|made|aov|ltv|salary|commission|payout|starting at|from just)\b[^.;\n$€£¥₹\d]{0,12}$`)
	// unitAfterRe: a bare number followed by one of these is a count, not
	// money ("15k followers").
	unitAfterRe = regexp.MustCompile(`^\s*\+?\s*(?:followers?|creators?|influencers?|posts?|videos?|views?|subs|subscribers?|people|users|%|percent|x\b|impressions|likes|pieces|deliverables|units|items|days|weeks|months|years|hours|minutes|seconds|reels|stories|tiktoks|shorts|year[- ]olds?|yo\b|y/o|yrs?\b)`)
)

// amount is one number found by moneyRe, with its context.
type amount struct {
	start, end int
	value      float64 // magnitude applied
	raw        float64 // as written
	mult       string
	currency   string // ISO code, "" if none written
	word       bool   // currency written as a word ("dollars")
}

// multiplier returns the factor of a magnitude suffix.
func multiplier(m string) float64 {
	switch m {
	case "k", "thousand", "grand":
		return 1e3
	case "m", "mm", "mn", "mil", "million":
		return 1e6
	case "b", "bn", "billion":
		return 1e9
	}
	return 1
}

// parseNumber reads a written number. With both ',' and '.', the last one
// is the decimal mark ("1.234,56", "1,234.56"). A single separator followed
// by exactly three digits is a thousands separator ("15,000", "8.000")
// unless a magnitude follows ("1.250M" is 1.25 million); otherwise it is a
// decimal mark ("1.2", "1,5").
func parseNumber(num, mult string) (float64, bool) {
	s := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f':
			return -1
		}
		return r
	}, num)
	commas, dots := strings.Count(s, ","), strings.Count(s, ".")
	switch {
	case commas > 0 && dots > 0:
		if strings.LastIndex(s, ",") > strings.LastIndex(s, ".") {
			s = strings.ReplaceAll(s, ".", "")
			s = strings.Replace(s, ",", ".", 1)
		} else {
			s = strings.ReplaceAll(s, ",", "")
		}
	case commas+dots > 1:
		s = strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), ".", "")
	case commas+dots == 1:
		i := strings.IndexAny(s, ",.")
		if len(s)-i-1 == 3 && mult == "" {
			s = s[:i] + s[i+1:]
		} else {
			s = s[:i] + "." + s[i+1:]
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// amounts finds every number with its currency and magnitude.
func (d *doc) amounts() []amount {
	var out []amount
	last := 0
	for _, p := range d.numStarts {
		if p < last {
			continue
		}
		m := moneyRe.FindStringSubmatchIndex(d.low[p:])
		if m == nil {
			continue
		}
		group := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return d.low[p+m[2*i] : p+m[2*i+1]]
		}
		from := max(last, p-8) // the previous amount may own a "$" suffix
		last = p + m[1]
		a := amount{start: p, end: p + m[1], mult: group(moneyMult)}
		pre := ""
		if loc := currencyBeforeRe.FindStringIndex(d.low[from:p]); loc != nil {
			pre = strings.TrimSpace(d.low[from+loc[0] : p])
			a.start = from + loc[0]
		} else if d.gluedLeft(p) {
			continue // "q3", "v2"
		}
		raw, ok := parseNumber(group(moneyNum), a.mult)
		if !ok {
			continue
		}
		a.raw = raw
		a.value = raw * multiplier(a.mult)
		cur := pre
		if cur == "" {
			cur = group(moneyPost)
			a.word = cur != "" && !isCode(cur)
		}
		if cur == "" {
			cur = group(moneyPsym)
		}
		a.currency = currencyForSymbol(cur)
		out = append(out, a)
	}
	return out
}

func isCode(s string) bool {
	for _, c := range currencyCodes {
		if s == c {
			return true
		}
	}
	return false
}

// findBudget picks the campaign budget among the amounts; see Parse.
func (d *doc) findBudget(b *creatormatch.Brief) {
	as := d.amounts()
	// Merge ranges: "$10k–$20k", "between €5k and €8k", "10-20k USD".
	var cands []amount
	for i := 0; i < len(as); i++ {
		a := as[i]
		if i+1 < len(as) && a.end <= as[i+1].start && rangeGapRe.MatchString(d.low[a.end:as[i+1].start]) {
			hi := as[i+1]
			lo := a
			if lo.mult == "" && hi.mult != "" && lo.raw < hi.raw {
				lo.value = lo.raw * multiplier(hi.mult) // "$10–20k"
			}
			m := hi
			m.start = lo.start
			m.value = max(lo.value, hi.value)
			if m.currency == "" {
				m.currency, m.word = lo.currency, lo.word
			}
			if m.mult == "" {
				m.mult = lo.mult
			}
			cands = append(cands, m)
			i++
			continue
		}
		cands = append(cands, a)
	}

	best, bestClass := -1, 0
	for i, a := range cands {
		if a.currency != "" {
			d.money = append(d.money, span{a.start, a.end})
		}
		if a.value <= 0 || a.value > 1e12 {
			continue
		}
		beforeText := d.before(a.start, 60)
		afterText := d.after(a.end, 60)
		if rateAfterRe.MatchString(afterText) || rateBeforeRe.MatchString(beforeText) {
			continue
		}
		ctx := budgetBeforeRe.MatchString(beforeText) || budgetAfterRe.MatchString(afterText)
		class := 0
		switch {
		case a.currency != "" && ctx:
			class = 3
		case a.currency == "" && ctx:
			if unitAfterRe.MatchString(afterText) {
				continue
			}
			if a.mult == "" && (a.value < 100 || (a.value >= 1900 && a.value <= 2100 && a.value == math.Trunc(a.value))) {
				continue // "budget for 2025", "budget for 10 creators"
			}
			class = 2
		case a.currency != "":
			if a.word && a.value < 100 {
				continue // "lose 10 pounds"
			}
			class = 1
		}
		if class > bestClass {
			best, bestClass = i, class
		}
	}
	if best < 0 {
		return
	}
	a := cands[best]
	d.money = append(d.money, span{a.start, a.end})
	b.Budget = &creatormatch.Money{Total: math.Round(a.value*100) / 100, Currency: a.currency}
}
