package brief

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/creatormatch/creatormatch"
)

// ---------------------------------------------------------------------------
// Platforms.

var (
	platformWords = []struct {
		p  creatormatch.Platform
		re string
	}{
		{creatormatch.Instagram, `instagram|insta|ig|igtv|reels?|instagrammers?|bookstagram|ig reels`},
		{creatormatch.TikTok, `tik[\s-]?toks?|tiktokers?|booktok|tiktok shop`},
		{creatormatch.YouTube, `you[\s-]?tube|yt|youtubers?|booktube`},
	}
	platformSet = func() *phraseSet {
		ps := make([]string, len(platformWords))
		for i, w := range platformWords {
			ps[i] = w.re
		}
		return newPhraseSet(ps)
	}()
	shortsBeforeRe  = regexp.MustCompile(`(?:reels|tiktoks?|instagram|ig|youtube|yt|videos?)\s*(?:,|/|&|\band\b|\bor\b|\+)?\s*$`)
	shortsAfterRe   = regexp.MustCompile(`^\s*(?:,|/|&|\band\b|\bor\b|\+)\s*(?:reels|tiktoks?|instagram|ig|youtube)\b|^\s*(?:videos?|content|creators?|format)\b`)
	platformOrdered = []creatormatch.Platform{creatormatch.Instagram, creatormatch.TikTok, creatormatch.YouTube}
)

// findPlatforms reads platform names and their nicknames (IG, insta, Reels;
// TikTok, tik tok; YouTube, YT, Shorts). Every platform named counts ("TikTok
// or Instagram" is both) except those in an avoid clause ("no YouTube"),
// unless marked "only" ("no TikTok, Instagram only"). "Shorts" is YouTube
// only when capitalised or next to another format word, so a fashion brief
// about running shorts is not a YouTube brief.
func (d *doc) findPlatforms(b *creatormatch.Brief) {
	var ps []creatormatch.Platform
	wanted := func(start, end int) bool {
		if overlapsAny(d.competitors, start, end) {
			return false
		}
		if d.inAvoid(start, end) {
			return positiveOverrideRe.MatchString(d.low[end:min(len(d.low), end+20)])
		}
		return true
	}
	for _, h := range platformSet.find(d.low, d.toks) {
		if wanted(h.start, h.end) {
			ps = addUnique(ps, platformWords[h.idx].p)
		}
	}
	for _, t := range d.toks {
		switch {
		case t.text == "tt" && d.orig[t.start:t.end] == "TT" && wanted(t.start, t.end):
			// "IG, TT"; lower-case "tt" is too ambiguous.
			ps = addUnique(ps, creatormatch.TikTok)
		case t.text == "shorts" && wanted(t.start, t.end):
			if d.orig[t.start] == 'S' || shortsBeforeRe.MatchString(d.before(t.start, 30)) || shortsAfterRe.MatchString(d.after(t.end, 30)) {
				ps = addUnique(ps, creatormatch.YouTube)
			}
		}
	}
	b.Platforms = orderBy(ps, platformOrdered)
}

// ---------------------------------------------------------------------------
// Goal.

var (
	goalWords = []struct {
		g  creatormatch.Goal
		re string
	}{
		// In priority order: the most specific objective wins when a brief
		// mentions several without saying which is the goal.
		{creatormatch.GoalConversion, (`conversions?|convert(?:ing)?|drive (?:purchases|sales|sign-?ups|downloads|installs|traffic|trials?|orders|revenue)|sales|sales[- ](?:driven|focused)|promo(?:tional)? codes?|discount codes?|coupon codes?|affiliates?|affiliate links?|roas|cpa|cost per acquisition|performance[- ]based|performance marketing|direct response|purchases?|app installs|installs|sign-?ups|add to cart|trackable links?|utm links?|tiktok shop|shoppable|e-?commerce|dtc sales|bottom[- ]of[- ]funnel`)},
		{creatormatch.GoalLaunch, (`launch(?:es|ed|ing)?|new products?|newly launched|debut(?:s|ing)?|introduc(?:e|es|ing)|unveil(?:s|ing)?|go[- ]to[- ]market|product release|release of|rollout|roll[- ]out|coming soon|pre-?orders?|hitting shelves|new (?:flavou?rs?|line|range|collection)`)},
		{creatormatch.GoalAwareness, (`awareness|reach|visibility|brand lift|impressions|exposure|top[- ]of[- ]funnel|get the word out|brand recognition|recognition|eyeballs|buzz|discoverability|brand building|share of voice`)},
		{creatormatch.GoalCommunity, (`community|communities|engagement|engaged|loyal(?:ty)?|ugc|user[- ]generated|advocates?|advocacy|ambassadors?|ambassador program|long[- ]term partnerships?|always[- ]on|conversations?|retention|fan ?base|superfans?|belonging`)},
	}
	goalSet = func() *phraseSet {
		ps := make([]string, len(goalWords))
		for i, w := range goalWords {
			ps[i] = w.re
		}
		return newPhraseSet(ps)
	}()
	goalLabelSet    = newPhraseSet([]string{`(?:(?:primary|main|key|campaign|overall) )?(?:goals?|objectives?|kpis?|aims?|purpose|priority|priorities)`})
	goalLabelRestRe = regexp.MustCompile(`^\s*(?:is|are|will be|:|=|-|–)?\s*(?:to\s+)?`)
	revenueBeforeRe = regexp.MustCompile(`\b(?:in|annual|yearly|total|net|gross|retail|of)\s+$`)
	notGoalRe       = regexp.MustCompile(`^\s*(?:rates?|rate\b|percentage|ratio)`)
)

// findGoal picks one goal. A "goal/objective/KPI:" clause decides when
// present (its first goal word); otherwise the first goal in priority order
// conversion > launch > awareness > community that the brief mentions
// outside an avoid clause ("engagement rate" is a vetting threshold, not a
// goal).
func (d *doc) findGoal(b *creatormatch.Brief) {
	type hit struct {
		pos  int
		goal creatormatch.Goal
	}
	var hits []hit
	for _, h := range goalSet.find(d.low, d.toks) {
		if d.inAvoid(h.start, h.end) || overlapsAny(d.competitors, h.start, h.end) {
			continue
		}
		if notGoalRe.MatchString(d.low[h.end:min(len(d.low), h.end+12)]) {
			continue
		}
		if d.low[h.start:h.end] == "sales" && revenueBeforeRe.MatchString(d.before(h.start, 20)) {
			continue // "$5M in sales last year" is revenue, not a goal
		}
		hits = append(hits, hit{h.start, goalWords[h.idx].g})
	}
	if len(hits) == 0 {
		return
	}
	for _, h := range nonOverlapping(goalLabelSet.find(d.low, d.toks)) {
		m := []int{h.start, h.end + len(goalLabelRestRe.FindString(d.low[h.end:]))}
		end := clauseEnd(d.low, m[1], 100)
		best := -1
		for i, h := range hits {
			if h.pos >= m[1] && h.pos < end && (best < 0 || h.pos < hits[best].pos) {
				best = i
			}
		}
		if best >= 0 {
			b.Goal = hits[best].goal
			return
		}
	}
	for _, gr := range goalWords {
		for _, h := range hits {
			if h.goal == gr.g {
				b.Goal = gr.g
				return
			}
		}
	}
}

// ---------------------------------------------------------------------------
// Topics, avoid topics and brand safety.

var (
	nicheSet = func() *phraseSet {
		ps := make([]string, len(nicheLexicon))
		for i, n := range nicheLexicon {
			ps[i] = n.re
		}
		return newPhraseSet(ps)
	}()
	avoidThemeSet = func() *phraseSet {
		ps := make([]string, len(avoidThemes))
		for i, n := range avoidThemes {
			ps[i] = n.re
		}
		return newPhraseSet(ps)
	}()
	safetySet = func() *phraseSet {
		ps := make([]string, len(safetyLexicon))
		for i, n := range safetyLexicon {
			ps[i] = n.re
		}
		return newPhraseSet(ps)
	}()
	safetyTailRe = regexp.MustCompile(`^(?:content|posts?|references?|ads?|imagery|jokes|talk)$`)
	// safetyPhrases are brand-safety wishes stated outside an avoid
	// clause: index 0 "family-friendly", 1 "brand-safe", then single
	// categories.
	safetyPhrases = []struct {
		categories []string
		re         string
	}{
		{familyFriendly, `family[- ]friendly|family[- ]safe|kid[- ]friendly|kid[- ]safe|kids[- ]safe|child[- ]friendly|all[- ]ages|pg|pg-13|clean content|wholesome`},
		{creatormatch.SafetyCategories, `brand[- ]safe|brand[- ]safety[- ]first|strict brand safety`},
		{[]string{"politics"}, `non[- ]?political|apolitical|politically neutral`},
		{[]string{"controversy"}, `non[- ]?controversial|drama[- ]free|scandal[- ]free`},
		{[]string{"profanity"}, `clean language|swear[- ]free|profanity[- ]free|no[- ]swearing`},
	}
	safetyPhraseSet = func() *phraseSet {
		ps := make([]string, len(safetyPhrases))
		for i, n := range safetyPhrases {
			ps[i] = n.re
		}
		return newPhraseSet(ps)
	}()
)

// isSafetyTerm reports whether s is nothing but a brand-safety term
// ("gambling", "political content").
func isSafetyTerm(s string) bool {
	toks := tokenize(s)
	if len(toks) == 0 {
		return false
	}
	for _, h := range safetySet.find(s, toks) {
		if h.start != toks[0].start {
			continue
		}
		rest := strings.TrimSpace(s[h.end:])
		if rest == "" || safetyTailRe.MatchString(rest) {
			return true
		}
	}
	return false
}

type lexHit struct {
	start, end int
	idx        int
}

// nonOverlapping keeps the longest hit at each place; hits with exactly
// the same span all survive ("yoga" is fitness and wellness).
func nonOverlapping(hits []lexHit) []lexHit {
	slices.SortStableFunc(hits, func(a, b lexHit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return (b.end - b.start) - (a.end - a.start)
	})
	var out []lexHit
	for _, h := range hits {
		ok := true
		for _, k := range out {
			if h.start < k.end && k.start < h.end && (h.start != k.start || h.end != k.end) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, h)
		}
	}
	return out
}

// findTopics maps words to niche keys (Topics), and, inside avoid clauses,
// to AvoidTopics: the niche key, or a narrower theme such as "fast
// fashion" that must not exclude a whole niche.
func (d *doc) findTopics(b *creatormatch.Brief) {
	var blocked []span
	for _, h := range avoidThemeSet.find(d.low, d.toks) {
		if d.inAvoid(h.start, h.end) && !overlapsAny(d.competitors, h.start, h.end) {
			b.AvoidTopics = append(b.AvoidTopics, avoidThemes[h.idx].label)
			blocked = append(blocked, span{h.start, h.end})
		}
	}
	for _, h := range safetySet.find(d.low, d.toks) {
		if d.inAvoid(h.start, h.end) {
			blocked = append(blocked, span{h.start, h.end})
		}
	}
	for _, h := range nonOverlapping(nicheSet.find(d.low, d.toks)) {
		if overlapsAny(blocked, h.start, h.end) || overlapsAny(d.competitors, h.start, h.end) {
			continue
		}
		key := nicheLexicon[h.idx].niche
		if d.inAvoid(h.start, h.end) {
			b.AvoidTopics = append(b.AvoidTopics, key)
			continue
		}
		b.Topics = addUnique(b.Topics, key)
	}
	// The creators' niches come from what the brief says about the
	// creators; the whole text (including the product) only counts when
	// it says nothing about them.
	// When the creator clause names content but no niche ("channels with
	// viral challenges and celebrity gossip"), the whole text's niches are
	// the product's ("Cosmetics brand"), not the creators': none is known.
	if ct := d.creatorTopics(); len(ct) > 0 {
		b.Topics = ct
	} else if len(b.ContentAsks) > 0 {
		b.Topics = nil
	}
	// A niche both wanted and avoided ("skincare, but no beauty gurus")
	// stays wanted; it is dropped from AvoidTopics.
	b.AvoidTopics = slices.DeleteFunc(b.AvoidTopics, func(t string) bool { return slices.Contains(b.Topics, t) })
}

// findSafety fills ExcludeSafety: safety words inside avoid clauses ("no
// alcohol", "avoid gambling", "not political"), "family-friendly" and its
// synonyms (profanity, adult, alcohol, gambling, drugs, violence),
// "brand-safe" (every category), and "non-political"-style adjectives.
func (d *doc) findSafety(b *creatormatch.Brief) {
	var cats []string
	for _, h := range nonOverlapping(safetySet.find(d.low, d.toks)) {
		if d.inAvoid(h.start, h.end) && !overlapsAny(d.competitors, h.start, h.end) {
			cats = addUnique(cats, safetyLexicon[h.idx].category)
		}
	}
	for _, h := range safetyPhraseSet.find(d.low, d.toks) {
		if h.idx > 1 || !d.inAvoid(h.start, h.end) {
			cats = addUnique(cats, safetyPhrases[h.idx].categories...)
		}
	}
	b.ExcludeSafety = cats
}

// ---------------------------------------------------------------------------
// Competitors.

var (
	competitorLabelSet    = newPhraseSet([]string{`competitors?|competing brands?|competitor brands?|rival brands?|rivals`})
	competitorLabelRestRe = regexp.MustCompile(`^(?:\s*(?:include|including|like|such as|e\.?g\.?|incl\.?|are|being)\s*:?|\s*[:=(\-–])\s*`)
	workedWithSet         = newPhraseSet([]string{`worked|working|work|partnered|partnering|collaborated|collaborating|collabed|collabs?|posted|promoted|promoting|advertised|sponsored|partnerships?|deals?|collaborations?|affiliations?|ambassadors?(?:hips?)?|exclusivity|content`})
	workedWithRestRe      = regexp.MustCompile(`^\s+(?:with|for|by|against|vs\.?|of|about)\s+`)
	listSplitRe           = regexp.MustCompile(`\s*(?:,|/|;|\bor\b|\band\b|&|\bnor\b|\+)\s*`)
	listCutRe             = regexp.MustCompile(`\s(?:in|within|during|over|for|since|last|past|recently|this|before|after|at|on|who|that|which|as|because|etc|previously|ever|lately)\b|[()\[\]]`)
	listLeadRe            = regexp.MustCompile(`^(?:(?:brands|competitors)\s+(?:like|such as)\s+|like\s+|such as\s+|e\.?g\.?\s*|the likes of\s+|any of\s+|either\s+|incl\.?\s+|including\s+)+`)
	brandWordRe           = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}'’._-]*$`)
	notBrandWords         = map[string]bool{
		"brands": true, "brand": true, "competitors": true, "competitor": true, "other": true, "others": true,
		"similar": true, "any": true, "them": true, "us": true, "anyone": true, "etc": true, "creators": true,
		"influencers": true, "companies": true, "only": true, "please": true, "content": true, "we": true,
		"our": true, "instagram": true, "tiktok": true, "youtube": true, "ig": true, "yt": true, "direct": true,
		"products": true, "product": true, "category": true, "space": true, "it": true,
		"alcohol": true, "gambling": true, "politics": true, "no": true, "not": true, "is": true, "are": true,
		"be": true, "have": true, "has": true, "recently": true, "in": true, "of": true, "to": true,
	}
)

// findCompetitors reads competitor brands from "competitors: X, Y" and
// from avoid clauses such as "avoid creators who worked with @oatly or
// Danone" (and any @handle inside an avoid clause). Names are lower-cased,
// '@' is stripped and multi-word names are joined ("Califia Farms" ->
// "califiafarms") so they compare with the brand handles of
// creatormatch.BrandMention.
func (d *doc) findCompetitors(b *creatormatch.Brief) {
	for _, h := range nonOverlapping(competitorLabelSet.find(d.low, d.toks)) {
		if r := competitorLabelRestRe.FindStringIndex(d.low[h.end:]); r != nil {
			d.readBrandList(b, h.start, h.end+r[1])
		}
	}
	for _, h := range workedWithSet.find(d.low, d.toks) {
		if !d.inAvoid(h.start, h.end) && !strings.Contains(d.before(h.start, 80), "competitor") {
			continue
		}
		if r := workedWithRestRe.FindStringIndex(d.low[h.end:]); r != nil {
			d.readBrandList(b, h.start, h.end+r[1])
		}
	}
	for _, sp := range d.avoid {
		for _, m := range handleRe.FindAllStringSubmatchIndex(d.low[sp.start:sp.end], -1) {
			s, e := sp.start+m[0], sp.start+m[1]
			if overlapsAny(d.competitors, s, e) {
				continue
			}
			b.Competitors = append(b.Competitors, strings.Trim(d.low[sp.start+m[2]:sp.start+m[3]], "."))
			d.competitors = append(d.competitors, span{s, e})
		}
	}
}

var handleRe = regexp.MustCompile(`@([\p{L}\p{N}_.]{2,30})`)

// readBrandList reads a list of brand names starting at from; the list
// stops at the first item that does not look like a brand name.
func (d *doc) readBrandList(b *creatormatch.Brief, triggerStart, from int) {
	end := clauseEnd(d.low, from, 160)
	text := d.low[from:end]
	seps := listSplitRe.FindAllStringIndex(text, -1)
	pos := 0
	last := -1
	found := 0
	for i := 0; i <= len(seps); i++ {
		segEnd := len(text)
		if i < len(seps) {
			segEnd = seps[i][0]
		}
		item := text[pos:segEnd]
		stop := false
		if c := listCutRe.FindStringIndex(item); c != nil {
			item = item[:c[0]]
			stop = true
		}
		name, ok := brandName(item)
		if ok {
			b.Competitors = append(b.Competitors, name)
			last = from + pos + len(item)
			found++
		} else if strings.TrimSpace(item) != "" || found > 0 {
			break
		}
		if stop || i == len(seps) {
			break
		}
		pos = seps[i][1]
	}
	if found > 0 {
		d.competitors = append(d.competitors, span{triggerStart, last})
	}
}

// brandName normalises one list item to a handle-like brand name.
func brandName(item string) (string, bool) {
	item = strings.TrimSpace(item)
	item = listLeadRe.ReplaceAllString(item, "")
	item = strings.TrimFunc(item, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'“”‘’.:!?()[]*`, r)
	})
	item = strings.TrimPrefix(item, "@")
	if item == "" || len(item) > 40 || !utf8.ValidString(item) {
		return "", false
	}
	words := strings.Fields(item)
	if len(words) > 3 {
		return "", false
	}
	for _, w := range words {
		if !brandWordRe.MatchString(w) || notBrandWords[strings.ToLower(w)] {
			return "", false
		}
	}
	switch strings.ToLower(words[0]) {
	case "the", "a", "an":
		if len(words) == 1 {
			return "", false
		}
	}
	name := strings.ToLower(strings.Join(words, ""))
	if strings.Trim(name, "0123456789.,") == "" {
		return "", false
	}
	return name, true
}

// ---------------------------------------------------------------------------
// Product.

var ( // productLabelSet: "Product: X" first, then "Launch: X", "Campaign: X".
	productLabelSet    = newPhraseSet([]string{`product|product name|item|offering|sku|hero product`, `launch|campaign|promoting|promotion`})
	productLabelRestRe = regexp.MustCompile(`^\s*[:=]\s*`)
	productFwdSet      = newPhraseSet([]string{`campaign (?:for|promoting)|launch(?:es|ed|ing)?|introduc(?:e|es|ing)|debut(?:s|ing)?|unveil(?:s|ing)?|promot(?:e|es|ing)|advertis(?:e|es|ing)|showcas(?:e|es|ing)|seeding`})
	productFwdRestRe   = regexp.MustCompile(`^\s+(?:(?:campaign\s+)?(?:for|of)\s+)?`)
	productBackSet     = newPhraseSet([]string{`launch|debut|rollout|roll-out|release|drop`})
	productTokenRe     = regexp.MustCompile(`^[\p{L}\p{N}'’&+-]+`)
	productLead        = map[string]bool{"our": true, "a": true, "an": true, "the": true, "new": true, "brand-new": true, "latest": true, "its": true, "their": true, "my": true, "this": true, "upcoming": true, "first": true, "all-new": true, "exciting": true, "next": true, "big": true, "of": true, "for": true}
	productStop        = map[string]bool{"in": true, "for": true, "on": true, "to": true, "with": true, "targeting": true, "across": true, "via": true, "at": true, "this": true, "next": true, "campaign": true, "among": true, "aimed": true, "using": true, "and": true, "by": true, "from": true, "into": true, "through": true, "during": true, "that": true, "which": true, "who": true, "we": true, "is": true, "are": true, "will": true, "was": true, "&": true, "-": true, "or": true, "as": true, "it": true, "—": true, "–": true}
	productGeneric     = map[string]bool{"product": true, "products": true, "campaign": true, "brand": true, "line": true, "range": true, "collection": true, "launch": true, "summer": true, "spring": true, "fall": true, "autumn": true, "winter": true, "holiday": true, "season": true, "us": true, "uk": true, "eu": true, "usa": true, "it": true, "them": true, "awareness": true, "influencer": true, "influencers": true, "creator": true, "creators": true, "content": true, "video": true, "videos": true, "tiktok": true, "instagram": true, "youtube": true, "ig": true, "global": true, "national": true, "soft": true, "official": true, "market": true, "gen": true, "z": true, "a": true, "the": true, "brief": true, "partnership": true, "program": true, "programme": true}
)

// findProduct sets Product to the promoted thing when the brief names it:
// "Product: X", "launching our new X", "X launch". The phrase keeps the
// original capitalisation and is at most five words.
func (d *doc) findProduct(b *creatormatch.Brief) {
	labels := nonOverlapping(productLabelSet.find(d.low, d.toks))
	for pass := 0; pass < 2; pass++ {
		for _, h := range labels {
			r := productLabelRestRe.FindStringIndex(d.low[h.end:])
			if h.idx != pass || r == nil {
				continue
			}
			if p, ok := d.phraseAfter(h.end+r[1], pass == 1); ok {
				b.Product = p
				return
			}
		}
	}
	for _, h := range nonOverlapping(productFwdSet.find(d.low, d.toks)) {
		r := productFwdRestRe.FindStringIndex(d.low[h.end:])
		if r == nil || d.inAvoid(h.start, h.end) {
			continue
		}
		if p, ok := d.phraseAfter(h.end+r[1], true); ok {
			b.Product = p
			return
		}
	}
	for _, h := range productBackSet.find(d.low, d.toks) {
		if p, ok := d.phraseBefore(h.start); ok {
			b.Product = p
			return
		}
	}
}

type token struct{ start, end int }

// tokensAfter reads words separated by single spaces from pos until
// punctuation.
func (d *doc) tokensAfter(pos, maxTokens int) []token {
	var out []token
	for len(out) < maxTokens && pos < len(d.low) {
		m := productTokenRe.FindStringIndex(d.low[pos:])
		if m == nil {
			break
		}
		out = append(out, token{pos, pos + m[1]})
		pos += m[1]
		if pos >= len(d.low) || d.low[pos] != ' ' {
			break
		}
		pos++
	}
	return out
}

func (d *doc) phraseAfter(pos int, stopWords bool) (string, bool) {
	toks := d.tokensAfter(pos, 12)
	for len(toks) > 0 && productLead[d.low[toks[0].start:toks[0].end]] {
		toks = toks[1:]
	}
	for i, t := range toks {
		if stopWords && productStop[d.low[t.start:t.end]] {
			toks = toks[:i]
			break
		}
	}
	return d.phrase(toks)
}

func (d *doc) phraseBefore(pos int) (string, bool) {
	start := clauseStart(d.low, pos, 80)
	// Walk back over single-space separated tokens.
	var toks []token
	i := pos
	for len(toks) < 6 {
		if i <= start || d.low[i-1] != ' ' {
			break
		}
		j := i - 1
		k := j
		for k > start && d.low[k-1] != ' ' {
			k--
		}
		m := productTokenRe.FindStringIndex(d.low[k:j])
		if m == nil || m[1] != j-k {
			break
		}
		w := d.low[k:j]
		if productStop[w] || productLead[w] {
			break
		}
		toks = append([]token{{k, j}}, toks...)
		i = k
	}
	if len(toks) > 5 {
		toks = toks[len(toks)-5:]
	}
	return d.phrase(toks)
}

// phrase validates and renders a product phrase.
func (d *doc) phrase(toks []token) (string, bool) {
	for len(toks) > 0 && productGeneric[d.low[toks[len(toks)-1].start:toks[len(toks)-1].end]] {
		toks = toks[:len(toks)-1]
	}
	if len(toks) == 0 || len(toks) > 5 {
		return "", false
	}
	generic := true
	for _, t := range toks {
		w := d.low[t.start:t.end]
		if strings.ContainsAny(w, "0123456789") || strings.HasPrefix(w, "@") {
			return "", false
		}
		if !productGeneric[w] && !productLead[w] {
			generic = false
		}
		if len(platformSet.byFirst[w]) > 0 || len(placeSet.byFirst[w]) > 0 {
			return "", false
		}
	}
	if generic {
		return "", false
	}
	s := strings.Trim(d.orig[toks[0].start:toks[len(toks)-1].end], "-'’&+")
	s = strings.ToValidUTF8(s, "")
	if s == "" || len(s) > 80 {
		return "", false
	}
	return s, true
}
