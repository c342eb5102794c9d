package brief

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/creatormatch/creatormatch"
)

// Who a country or language mention is about.
const (
	ctxAudience = iota
	ctxCreator
	ctxSkip // the brand itself ("a Swedish brand", "Berlin-based startup")
)

var (
	creatorNounAfterRe = regexp.MustCompile(`^(?:[- ]based|[- ]speaking|[- ]born|[- ]native)?\s*(?:content\s+)?(?:(?:nano|micro|mid[- ]tier|macro|mega)[- ]?)?(?:creators?|influencers?|talents?|kols?|youtubers?|tiktokers?|instagrammers?|bloggers?|vloggers?|streamers?|ambassadors?|hosts?|personalities)\b`)
	brandAfterRe       = regexp.MustCompile(`^(?:[- ]based|[- ]owned|[- ]founded|[- ]made|[- ]born)?\s*(?:(?:dtc|d2c|cpg|beauty|food|fashion|skincare|tech)\s+)?(?:brand|brands|company|startup|label|business|agency|team|client|manufacturer|retailer|founders?|hq|headquarters)\b`)
	locVerbRe          = regexp.MustCompile(`\b(?:based|located|living|residing|resident|live|lives|from|out of|headquartered|speak|speaks|speaking|fluent|native|natives)\b`)
	creatorNounRe      = regexp.MustCompile(`\b(?:creators?|influencers?|talents?|kols?|youtubers?|tiktokers?|instagrammers?|bloggers?|vloggers?|streamers?|ambassadors?|hosts?)\b`)
	audienceNounRe     = regexp.MustCompile(`\b(?:audiences?|followers|fans|viewers|consumers|customers|shoppers|targeting|target|reach|markets?|people|users)\b`)
	brandNounRe        = regexp.MustCompile(`\b(?:we|we're|we are|our|brand|company|startup|client|agency|business|hq|headquarters|label|founders?)\b`)
	// productAfterRe: "Korean skincare", "Greek yogurt", "French fries" name
	// a product or a style, not a market.
	productAfterRe = regexp.MustCompile(`^\s*(?:cheese|foods?|cuisine|cooking|recipes?|dish(?:es)?|restaurants?|style|fries|toast|bbq|barbecue|wine|beer|coffee|tea|chocolate|pastr(?:y|ies)|yog(?:h)?urts?|skin ?care|beauty|makeup|fashion|kitchen|bread|pizza|pasta|sushi|curry|breakfast|dressing|mustard|press|bulldog|shepherd|terrier|football|flag|accent|music|films?|movies?|dramas?|pop|culture|oven|roast|muffins?|wax|blowout|massage|manicure|beans|tapas|design|interiors?|inspired|twist|flavou?rs?|heritage|roots|label|origin)\b`)
)

// mentionContext decides whether the country or language at [start,end)
// describes the creators, the audience, or the brand. The heuristic: a
// creator noun right after ("German creators", "Spanish-speaking
// influencers") or a creator noun followed by a location verb before it
// ("creators based in / from / who live in Germany", "creators who speak
// French") means the creators; a brand noun in those places means the
// brand (ignored); everything else ("in the US", "Gen Z in the UK", "US
// audience") describes the audience.
func (d *doc) mentionContext(start, end int) int {
	afterText := d.low[end:min(len(d.low), end+40)]
	if creatorNounAfterRe.MatchString(afterText) {
		return ctxCreator
	}
	if brandAfterRe.MatchString(afterText) {
		return ctxSkip
	}
	before := d.before(start, 90)
	verbs := locVerbRe.FindAllStringIndex(before, -1)
	if len(verbs) == 0 {
		return ctxAudience
	}
	v := verbs[len(verbs)-1]
	if len(before)-v[1] > 45 || audienceNounRe.MatchString(before[v[1]:]) {
		return ctxAudience
	}
	head := before[:v[0]]
	c := creatorNounRe.FindAllStringIndex(head, -1)
	bn := brandNounRe.FindAllStringIndex(head, -1)
	lastC, lastB := -1, -1
	if len(c) > 0 {
		lastC = c[len(c)-1][0]
	}
	if len(bn) > 0 {
		lastB = bn[len(bn)-1][0]
	}
	switch {
	case lastC >= 0 && lastC > lastB:
		return ctxCreator
	case lastB >= 0 && before[v[0]:v[1]] != "speak" && before[v[0]:v[1]] != "speaking":
		return ctxSkip
	}
	return ctxAudience
}

// ---------------------------------------------------------------------------
// Languages.

var (
	langSet = func() *phraseSet {
		ps := make([]string, len(languages))
		for i, l := range languages {
			ps[i] = alternation(l.names)
		}
		return newPhraseSet(ps)
	}()
	langJoinRe    = regexp.MustCompile(`^\s*(?:/|,|or|and|&)\s*$`)
	langSuffixRe  = regexp.MustCompile(`^(?:[- ]speaking|[- ]speakers?|\s+native speakers?|[- ]language|\s+(?:content|captions?|subtitles?|voice-?overs?|audio|videos?|posts?))\b`)
	langPrefixRe  = regexp.MustCompile(`\b(?:in|speak|speaks|speaking|fluent in|native|languages?\s*:)\s*$`)
	langContentRe = regexp.MustCompile(`^\s*(?:content|captions?|subtitles?|voice-?overs?|audio|videos?|posts?)\b`)
)

// findLanguages reads languages from cues: "Spanish-speaking", "French
// speakers", "in German", "English content", also for lists ("English or
// Spanish speaking"). A bare demonym is a country. Content, caption and
// voice-over languages are the creators' (they make the content);
// "-speaking" and "in X" describe the audience unless a creator noun is
// attached.
func (d *doc) findLanguages(b *creatormatch.Brief) {
	hits := nonOverlapping(langSet.find(d.low, d.toks))
	for i := 0; i < len(hits); {
		// A run of names joined by "/", ",", "or", "and".
		j := i + 1
		for j < len(hits) && langJoinRe.MatchString(d.low[hits[j-1].end:hits[j].start]) {
			j++
		}
		run := hits[i:j]
		i = j
		rs, re := run[0].start, run[len(run)-1].end
		start, end := rs, re
		suffix := langSuffixRe.FindStringIndex(d.low[re:min(len(d.low), re+30)])
		prefix := langPrefixRe.FindStringIndex(d.before(rs, 30))
		switch {
		case suffix != nil:
			end = re + suffix[1]
		case prefix != nil:
			start = rs - (len(d.before(rs, 30)) - prefix[0])
		default:
			continue
		}
		if d.inAvoid(start, end) || overlapsAny(d.competitors, start, end) {
			continue
		}
		d.languages = append(d.languages, span{start, end})
		content := suffix != nil && langContentRe.MatchString(d.low[re:end])
		for _, h := range run {
			if d.low[h.start:h.end] == "polish" && d.orig[h.start] != 'P' {
				continue // nail polish
			}
			code := languages[h.idx].code
			who := d.mentionContext(h.start, end)
			if content {
				who = ctxCreator
			}
			switch who {
			case ctxCreator:
				b.CreatorLanguages = addUnique(b.CreatorLanguages, code)
			case ctxAudience:
				b.Audience.Languages = addUnique(b.Audience.Languages, code)
				d.languageAt = append(d.languageAt, span{h.start, h.end})
			}
		}
	}
}

// ---------------------------------------------------------------------------
// Countries.

var (
	casedCodes = func() map[string][]string {
		m := map[string][]string{}
		for _, p := range casedPlaces {
			for _, n := range p.names {
				m[n] = p.codes
			}
		}
		return m
	}()
	placeSet = func() *phraseSet {
		ps := make([]string, len(places))
		for i, p := range places {
			ps[i] = alternation(p.names)
		}
		return newPhraseSet(ps)
	}()
	isoSepRe = regexp.MustCompile(`^\s*[/,|]?\s*$`)
)

type placeHit struct {
	start, end int
	codes      []string
}

// casedPlaces finds the spellings that need their capitals (casedPlaces)
// and lists of ISO codes ("DE/AT/CH", "US, CA"), on the original text.
func (d *doc) casedPlaces() []placeHit {
	var hits []placeHit
	for i := 0; i < len(d.toks); i++ {
		t := d.toks[i]
		o := d.orig[t.start:t.end]
		if o == "U" {
			for _, dotted := range []string{"U.S.A.", "U.S.", "U.S", "U.K.", "U.K"} {
				if strings.HasPrefix(d.orig[t.start:], dotted) {
					hits = append(hits, placeHit{t.start, t.start + len(dotted), casedCodes[dotted]})
					break
				}
			}
			continue
		}
		if codes, ok := casedCodes[o]; ok {
			hits = append(hits, placeHit{t.start, t.end, codes})
		}
		// A list of two or more codes.
		if !isUpperAlpha(o, 2) {
			continue
		}
		codes := []string{}
		end := t.end
		j := i
		for {
			k := j + 1
			if k < len(d.toks) && (d.toks[k].text == "&" || d.toks[k].text == "+") && strings.TrimSpace(d.low[d.toks[j].end:d.toks[k].start]) == "" {
				k++
			}
			if k >= len(d.toks) || !isUpperAlpha(d.orig[d.toks[k].start:d.toks[k].end], 2) {
				break
			}
			gap := d.low[d.toks[k-1].end:d.toks[k].start]
			if !isoSepRe.MatchString(gap) || (k == j+1 && strings.TrimSpace(gap) == "") {
				break
			}
			j = k
			end = d.toks[k].end
		}
		if j == i {
			continue
		}
		for k := i; k <= j; k++ {
			c := d.orig[d.toks[k].start:d.toks[k].end]
			if c == "UK" {
				c = "GB"
			}
			if isoCodes[c] {
				codes = append(codes, c)
			}
		}
		if len(codes) > 0 {
			hits = append(hits, placeHit{t.start, end, codes})
		}
		i = j
	}
	return hits
}

// findCountries maps country names, demonyms, cities, regions ("DACH",
// "LATAM", "North America") and code lists ("DE/AT/CH") to ISO codes; see
// mentionContext for creator vs audience.
func (d *doc) findCountries(b *creatormatch.Brief) {
	var hits []placeHit
	for _, h := range placeSet.find(d.low, d.toks) {
		hits = append(hits, placeHit{h.start, h.end, places[h.idx].codes})
	}
	hits = append(hits, d.casedPlaces()...)
	slices.SortStableFunc(hits, func(a, b placeHit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return (b.end - b.start) - (a.end - a.start)
	})
	var taken []span
	for _, h := range hits {
		if len(h.codes) == 0 || !atBoundaries(d.low, h.start, h.end) || overlapsAny(taken, h.start, h.end) {
			continue
		}
		taken = append(taken, span{h.start, h.end})
		if d.inAvoid(h.start, h.end) || overlapsAny(d.languages, h.start, h.end) || overlapsAny(d.competitors, h.start, h.end) {
			continue
		}
		if productAfterRe.MatchString(d.low[h.end:min(len(d.low), h.end+30)]) {
			continue
		}
		switch d.mentionContext(h.start, h.end) {
		case ctxCreator:
			b.CreatorCountries = addUnique(b.CreatorCountries, h.codes...)
		case ctxAudience:
			b.Audience.Countries = addUnique(b.Audience.Countries, h.codes...)
			d.countryAt = append(d.countryAt, span{h.start, h.end})
		}
	}
}

// ---------------------------------------------------------------------------
// Ages.

var (
	ageRangeAtRe    = regexp.MustCompile(`^(\d{2})\s*(` + dashC + `|to\b|and\b)\s*(\d{2,3})\b(\s*(?:-?\s*years?[- ]?olds?|yrs?\b|years?\b|y/?o\b|yo\b))?`)
	agePrefixRe     = regexp.MustCompile(`\b(?:ages?|aged|age range|age group|audiences?|demo(?:graphic)?s?|between|adults)\b\s*:?\s*(?:of\s+|between\s+|from\s+)?$`)
	agePlusAtRe     = regexp.MustCompile(`^(1[3-9]|[2-6]\d)\s?\+(?:\s|$|[,.;:)/])`)
	ageNumAtRe      = regexp.MustCompile(`^(\d{2})(s)?\b`)
	ageOverBeforeRe = regexp.MustCompile(`\b(?:aged|ages|age|adults?|audiences?|people|consumers)\s+(?:over|above|older than|\+)\s*$`)
	overBeforeRe    = regexp.MustCompile(`\bover[- ]?$`)
	decadeSet       = newPhraseSet([]string{"twenties|20s", "thirties|30s", "forties|40s", "fifties|50s", "sixties|60s"})
	decades         = []int{20, 30, 40, 50, 60}
	decadeBeforeRe  = regexp.MustCompile(`\b(?:in (?:their|the)|aged)\s+(?:(early|mid|late)[- ])?$`)
	ageUnitRe       = regexp.MustCompile(`^\s*(?:k\b|m\b|mm\b|%|percent|posts?|videos?|reels?|pieces?|creators?|influencers?|days?|weeks?|months?|hours?|h\b|mins?|minutes?|seconds?|secs?|followers?|subs|subscribers?|usd|eur|gbp|dollars?|euros?|pounds?|units?|items?|deliverables?|stories|tiktoks?|shorts|x\b|\$|€|£|am\b|pm\b|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|cm\b|mm\b|kg\b|lbs?\b|oz\b|ml\b|per\b|/)`)
	ageWordSet      = func() *phraseSet {
		ps := make([]string, len(ageWords))
		for i, w := range ageWords {
			ps[i] = w.re
		}
		return newPhraseSet(ps)
	}()
	ageCueRe      = regexp.MustCompile(`\b(?:audiences?|target(?:ing)?|demo(?:graphic)?s?|aged?|ages|years?|yo|y/o|women|men|female|male|people|gen|adults|consumers|viewers|shoppers|fans|followers)\b`)
	standardAgeLo = map[int]bool{13: true, 16: true, 18: true, 21: true, 25: true, 30: true, 35: true, 40: true, 45: true, 50: true, 55: true, 60: true, 65: true}
	standardAgeHi = map[int]bool{17: true, 19: true, 20: true, 24: true, 25: true, 29: true, 30: true, 34: true, 35: true, 39: true, 40: true, 44: true, 45: true, 49: true, 50: true, 54: true, 55: true, 59: true, 60: true, 64: true, 65: true, 70: true}
)

// ageRangeOK judges a two-number range at [start,end) as an age range: it
// needs a cue ("ages", "aged", "year olds"), or a dash, no unit after it
// ("15-20 posts") and either standard bounds ("18-24") or an audience cue
// in the clause.
func (d *doc) ageRangeOK(start, end, lo, hi int, conn, prefix, suffix string) bool {
	if lo < 13 || hi <= lo || hi > 120 {
		return false
	}
	if prefix != "" || suffix != "" {
		return true
	}
	if conn == "and" || conn == "to" {
		return false
	}
	if ageUnitRe.MatchString(d.low[end:min(len(d.low), end+12)]) {
		return false
	}
	if start > 0 && strings.ContainsAny(d.low[start-1:start], "$€£#.,/:") {
		return false
	}
	return (standardAgeLo[lo] && standardAgeHi[hi]) || ageCueRe.MatchString(d.low[clauseStart(d.low, start, 120):clauseEnd(d.low, end, 120)])
}

// bucketsFor maps an age range to AgeBuckets: every bucket the range
// covers for at least half of its width (65+ counts as 65–74), or, when
// none qualifies, every bucket it touches.
func bucketsFor(lo, hi int) []string {
	var most, touched []string
	for _, bk := range ageBuckets {
		bhi := bk.hi
		if bk.key == "65+" {
			bhi = 74
		}
		ov := min(hi, bk.hi) - max(lo, bk.lo) + 1
		if ov <= 0 {
			continue
		}
		touched = append(touched, bk.key)
		if 2*min(ov, bhi-bk.lo+1) >= bhi-bk.lo+1 {
			most = append(most, bk.key)
		}
	}
	if len(most) > 0 {
		return most
	}
	return touched
}

func (d *doc) addAges(b *creatormatch.Brief, start, end int, keys []string) {
	b.Audience.Ages = addUnique(b.Audience.Ages, keys...)
	d.ageAt = append(d.ageAt, span{start, end})
}

// findAges reads age ranges ("18–24", "ages 25 to 34", "18-24 year olds"),
// floors ("18+", "adults over 21"), decades ("in their 30s") and
// generation or life-stage words (see ageWords for the mapping).
func (d *doc) findAges(b *creatormatch.Brief) {
	skip := func(start, end int) bool {
		return d.inAvoid(start, end) || overlapsAny(d.money, start, end) || overlapsAny(d.followers, start, end) || overlapsAny(d.competitors, start, end)
	}
	last := 0
	for _, p := range d.numStarts {
		if p < last || (p > 0 && isWordByte(d.low[p-1])) {
			continue
		}
		before := d.before(p, 40)
		// Ranges: "18–24", "ages 25 to 34", "between 18 and 34", "18-24 year olds".
		if m := ageRangeAtRe.FindStringSubmatchIndex(d.low[p:]); m != nil {
			g := func(i int) string {
				if m[2*i] < 0 {
					return ""
				}
				return d.low[p+m[2*i] : p+m[2*i+1]]
			}
			end := p + m[1]
			conn, suffix := g(2), g(4)
			prefix := agePrefixRe.FindString(before)
			lo, _ := strconv.Atoi(g(1))
			hi, _ := strconv.Atoi(g(3))
			if d.ageRangeOK(p, end, lo, hi, conn, prefix, suffix) && !skip(p, end) {
				d.addAges(b, p, end, bucketsFor(lo, hi))
				last = end
				continue
			}
		}
		// Floors: "18+", "adults over 21", "over-18s".
		if m := agePlusAtRe.FindStringSubmatchIndex(d.low[p:]); m != nil {
			end := p + m[1]
			if !skip(p, end) && !ageUnitRe.MatchString(d.low[end-1:min(len(d.low), end+12)]) && (p == 0 || !strings.ContainsAny(d.low[p-1:p], "$€£#.,")) {
				lo, _ := strconv.Atoi(d.low[p+m[2] : p+m[3]])
				d.addAges(b, p, end, bucketsFor(lo, 120))
				last = end
				continue
			}
		}
		if m := ageNumAtRe.FindStringSubmatchIndex(d.low[p:]); m != nil {
			end := p + m[1]
			n, _ := strconv.Atoi(d.low[p+m[2] : p+m[3]])
			overS := m[4] >= 0 // "over-18s"
			if (ageOverBeforeRe.MatchString(before) && !overS) || (overS && overBeforeRe.MatchString(before)) {
				if !skip(p, end) && n >= 13 && n <= 69 {
					d.addAges(b, p, end, bucketsFor(n, 120)) // "over 21" means 21+ in briefs
					last = end
					continue
				}
			}
		}
	}
	// Decades: "in their 30s", "aged in their early twenties".
	for _, h := range decadeSet.find(d.low, d.toks) {
		m := decadeBeforeRe.FindStringSubmatch(d.before(h.start, 40))
		if m == nil || skip(h.start, h.end) {
			continue
		}
		base := decades[h.idx]
		lo, hi := base, base+9
		switch m[1] {
		case "early":
			hi = base + 3
		case "mid":
			lo, hi = base+3, base+6
		case "late":
			lo = base + 6
		}
		d.addAges(b, h.start, h.end, bucketsFor(lo, hi))
	}
	for _, h := range nonOverlapping(ageWordSet.find(d.low, d.toks)) {
		if skip(h.start, h.end) || overlapsAny(d.languages, h.start, h.end) {
			continue
		}
		w := ageWords[h.idx]
		d.addAges(b, h.start, h.end, w.ages)
		if w.gender != "" {
			b.Audience.Genders = addUnique(b.Audience.Genders, w.gender)
			d.genderAt = append(d.genderAt, span{h.start, h.end})
			d.genderOf[h.start] = w.gender
		}
	}
}

// ---------------------------------------------------------------------------
// Genders.

var (
	genderSet = func() *phraseSet {
		ps := make([]string, len(genderWords))
		for i, g := range genderWords {
			ps[i] = g.re
		}
		return newPhraseSet(ps)
	}()
	// notGenderRe: "female-founded brand", "women-owned".
	notGenderRe = regexp.MustCompile(`^(?:['’]s)?[- ](?:founded|owned|led|run)\b`)
)

// findGenders reads audience genders. Naming both ("men and women") is no
// constraint, so Genders is left empty then, unless a share threshold
// names one of them ("at least 60% women"). Brief has no field for the
// creators' gender, so "female creators" is read as the audience too.
func (d *doc) findGenders(b *creatormatch.Brief) {
	for _, h := range genderSet.find(d.low, d.toks) {
		if d.inAvoid(h.start, h.end) || overlapsAny(d.competitors, h.start, h.end) {
			continue
		}
		if notGenderRe.MatchString(d.low[h.end:min(len(d.low), h.end+12)]) {
			continue
		}
		g := genderWords[h.idx].gender
		b.Audience.Genders = addUnique(b.Audience.Genders, g)
		d.genderAt = append(d.genderAt, span{h.start, h.end})
		d.genderOf[h.start] = g
	}
}

// ---------------------------------------------------------------------------
// Share thresholds.

var (
	shareAtRe        = regexp.MustCompile(`^(\d{1,3}(?:[.,]\d+)?)\s*(?:%|percent\b|per cent\b)`)
	notShareRe       = regexp.MustCompile(`^\s*\+?\s*(?:off\b|discount|of (?:the |our |total )?budget|margin|commission|engagement|er\b|ctr\b|conversion|growth|increase|decrease|uplift|lift|more\b|less\b|fewer\b|fake|bots?\b|of (?:their |the )?(?:posts|content|videos)|cash ?back|affiliate|rev(?:enue)? share|of sales|return|roas|completion|retention|open rate|deposit|upfront|up front|of (?:the )?fee|of payment|off)`)
	notShareBeforeRe = regexp.MustCompile(`\b(?:engagement(?: rate)?|er|ctr|conversion(?: rate)?|discount|off|commission|growth|margin|deposit|upfront|roas|retention|completion)\b[^.;\n]{0,25}$`)
)

// findShares reads Modash-style thresholds ("at least 30% aged 18–24",
// "70% female", "50%+ US audience"): a percentage followed (or, failing
// that, preceded) in the same clause by an age, gender, country or
// language mention sets that dimension's Min*Share. The qualifier ("at
// least") is optional: a brief naming a share means it as a floor.
func (d *doc) findShares(b *creatormatch.Brief) {
	shareGender := ""
	for _, p := range d.numStarts {
		if d.gluedLeft(p) && !(p > 0 && d.low[p-1] == ',') {
			continue
		}
		m := shareAtRe.FindStringSubmatchIndex(d.low[p:])
		if m == nil {
			continue
		}
		for i := range m {
			m[i] += p
		}
		if overlapsAny(d.money, m[0], m[1]) {
			continue
		}
		pct, err := strconv.ParseFloat(strings.Replace(d.low[m[2]:m[3]], ",", ".", 1), 64)
		if err != nil || pct <= 0 || pct > 100 {
			continue
		}
		afterEnd := clauseEnd(d.low, m[1], 60)
		if notShareRe.MatchString(d.low[m[1]:afterEnd]) {
			continue
		}
		beforeStart := clauseStart(d.low, m[0], 50)
		type dim struct {
			at []span
			id int
		}
		dims := []dim{{d.ageAt, 0}, {d.genderAt, 1}, {d.countryAt, 2}, {d.languageAt, 3}}
		best, bestPos, bestStart := -1, -1, -1
		for _, dm := range dims {
			for _, s := range dm.at {
				if s.start >= m[1] && s.start < afterEnd && (best < 0 || s.start < bestPos) {
					best, bestPos, bestStart = dm.id, s.start, s.start
				}
			}
		}
		if best < 0 {
			if notShareBeforeRe.MatchString(d.low[beforeStart:m[0]]) {
				continue
			}
			for _, dm := range dims {
				for _, s := range dm.at {
					if s.end <= m[0] && s.start >= beforeStart && s.end > bestPos {
						best, bestPos, bestStart = dm.id, s.end, s.start
					}
				}
			}
		}
		share := pct / 100
		switch best {
		case 0:
			if b.Audience.MinAgeShare == 0 {
				b.Audience.MinAgeShare = share
			}
		case 1:
			if b.Audience.MinGenderShare == 0 {
				b.Audience.MinGenderShare = share
				shareGender = d.genderOf[bestStart]
			}
		case 2:
			if b.Audience.MinCountryShare == 0 {
				b.Audience.MinCountryShare = share
			}
		case 3:
			if b.Audience.MinLanguageShare == 0 {
				b.Audience.MinLanguageShare = share
			}
		}
	}
	if slices.Contains(b.Audience.Genders, "female") && slices.Contains(b.Audience.Genders, "male") {
		if shareGender != "" {
			b.Audience.Genders = []string{shareGender}
		} else {
			b.Audience.Genders = nil
		}
	}
	if len(b.Audience.Genders) == 0 {
		b.Audience.MinGenderShare = 0
	}
}
