package brief

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/creatormatch/creatormatch"
)

// MaxParseBytes is how much of a brief the rules parser reads. Briefs are
// a few hundred words; the cap keeps the work per call bounded whatever is
// pasted (the text beyond it is still kept in Brief.Text).
const MaxParseBytes = 20_000

// Parse turns a free-text brief into a structured Brief with deterministic
// rules: no network, no clock, no randomness, so the same text always gives
// the same Brief, and everything it emits passes Validate. Fields the text
// does not mention stay zero. Text is always the input, unchanged.
//
// The main heuristics (see doc.go for the full list):
//   - budget: the first amount with a budget cue ("budget", "total",
//     "spend") wins, else the first amount with a currency that is not a
//     rate or a price ("$20/day", "$4.99 retail", "$5 off"); a range
//     ("$10k–$20k") gives its upper end, the most the brand will spend;
//   - countries describe the audience unless the brief says the creators
//     are based in / from there ("creators based in Germany", "German
//     creators"), which sets CreatorCountries;
//   - anything inside an "avoid" clause ("no alcohol", "avoid gambling")
//     is excluded rather than targeted.
func Parse(text string) creatormatch.Brief {
	b := creatormatch.Brief{Text: text}
	d := newDoc(capText(text, MaxParseBytes))
	if strings.TrimSpace(d.low) == "" {
		return b
	}

	d.findAvoidSpans()
	d.findCompetitors(&b)
	d.findBudget(&b)
	d.findFollowers(&b)
	d.findLanguages(&b)
	d.findCountries(&b)
	d.findAges(&b)
	d.findGenders(&b)
	d.findShares(&b)
	d.findPlatforms(&b)
	d.findGoal(&b)
	d.findRoles()
	d.findProductRefs()
	d.findContentAsks(&b)
	d.findTopics(&b)
	d.findSafety(&b)
	d.findProduct(&b)
	d.findProductCategory(&b)
	finish(&b)
	return b
}

// span is a half-open byte range of the parsed text.
type span struct{ start, end int }

func overlapsAny(spans []span, start, end int) bool {
	for _, s := range spans {
		if start < s.end && s.start < end {
			return true
		}
	}
	return false
}

// doc is the text being parsed plus what earlier passes found. orig and low
// have the same length: low lower-cases ASCII letters only, so a byte
// offset found in low is valid in orig (used where case matters: "US" vs
// "us", product names).
type doc struct {
	orig, low string
	toks      []tok // tokens of low, for the word lists
	numStarts []int // offsets of the first digit of each number

	avoid       []span // "no alcohol, gambling or politics"
	competitors []span // "worked with @oatly or Danone"
	money       []span // amounts with a currency, and the chosen budget
	followers   []span // follower ranges and bounds
	languages   []span // "Spanish-speaking", "in French"

	// positions of dimension mentions, for "at least 30% aged 18–24"
	ageAt, genderAt, countryAt, languageAt []span
	genderOf                               map[int]string // start -> gender

	roles       roles    // creator, ask and product spans (roles.go)
	cues        []lexHit // creator cues ("wants", "looking for")
	productHits []lexHit // productLexSet hits, found on first use
	nicheHits   []lexHit // nicheSet hits, found with productHits
	productRefs []span   // "to promote our ..." inside creator spans
}

func newDoc(s string) *doc {
	low := lowerASCII(s)
	d := &doc{orig: s, low: low, toks: tokenize(low), genderOf: map[int]string{}}
	for i := 0; i < len(low); i++ {
		if isDigit(low[i]) && (i == 0 || !isDigit(low[i-1])) {
			d.numStarts = append(d.numStarts, i)
		}
	}
	return d
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// gluedLeft reports whether the byte before i continues a word or a number
// ("q3", "v2", "1.5"), so a number starting at i is not a standalone one.
func (d *doc) gluedLeft(i int) bool {
	if i == 0 {
		return false
	}
	c := d.low[i-1]
	return c >= 'a' && c <= 'z' || c == '_' || c == '.' || c == ','
}

// capText cuts s to at most n bytes on a rune boundary.
func capText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// lowerASCII lower-cases ASCII letters and leaves every other byte alone,
// so offsets are preserved.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// isDelim reports whether the byte at i ends a clause: a newline, ';', '!',
// '?', '|', or a '.' followed by a space or the end (but not the dots of
// "U.S." or "e.g.").
func isDelim(s string, i int) bool {
	switch s[i] {
	case '\n', ';', '!', '?', '|', '\r':
		return true
	case '.':
		if i+1 < len(s) && s[i+1] != ' ' && s[i+1] != '\n' && s[i+1] != '\t' && s[i+1] != '\r' {
			return false
		}
		if i >= 2 && s[i-2] == '.' {
			return false
		}
		return true
	}
	return false
}

// clauseStart is where the clause holding pos begins, looking back at most
// limit bytes.
func clauseStart(s string, pos, limit int) int {
	lo := max(pos-limit, 0)
	for i := pos - 1; i >= lo; i-- {
		if isDelim(s, i) {
			return i + 1
		}
	}
	return lo
}

// clauseEnd is where the clause holding pos ends, looking ahead at most
// limit bytes.
func clauseEnd(s string, pos, limit int) int {
	hi := min(pos+limit, len(s))
	for i := pos; i < hi; i++ {
		if isDelim(s, i) {
			return i
		}
	}
	return hi
}

// before returns the text of the clause before pos (at most limit bytes).
func (d *doc) before(pos, limit int) string {
	return d.low[clauseStart(d.low, pos, limit):pos]
}

// after returns the text of the clause after pos (at most limit bytes).
func (d *doc) after(pos, limit int) string {
	return d.low[pos:clauseEnd(d.low, pos, limit)]
}

// isWordChar reports whether r continues a word.
func isWordChar(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'
}

// atBoundaries reports whether s[start:end] is a whole word: not preceded
// or followed by a letter or digit.
func atBoundaries(s string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:start])
		if isWordChar(r) {
			return false
		}
	}
	if end < len(s) {
		r, _ := utf8.DecodeRuneInString(s[end:])
		if isWordChar(r) {
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------------------
// Avoid clauses.

var (
	avoidTriggers = newPhraseSet([]string{`avoid(?:ing|s)?|no|not|never|nor|exclud(?:e|es|ed|ing)|except(?: for)?|without|stay(?:ing)? away from|steer(?:ing)? clear of|keep(?:ing)? away from|(?:don['’]?t|do not|doesn['’]?t|does not|won['’]?t|will not|we don['’]?t) (?:want|work with|accept|allow|include)|must not|mustn['’]?t|should not|shouldn['’]?t|can['’]?t|cannot|nothing|zero tolerance for|no[- ]go(?:es)?|off[- ]limits|red lines?|haven['’]?t|hasn['’]?t|have not|has not|blocklist|block ?list|blacklist(?:ed)?|exclusions?`})
	// notAvoidRe: "no more than", "not only", "no minimum" are not avoid
	// clauses.
	notAvoidRe = regexp.MustCompile(`^\s+(?:more|less|fewer|later|earlier|minimum|maximum|longer|only|just|necessarily|required|needed|sure|too|bigger|larger|smaller|older|younger|over|under|above|below|than|matter|problem|strict|hard|exceeding|exceed|much|many|mandatory|a must|essential|limit|cap)\b`)
	avoidCutRe = regexp.MustCompile(`\b(?:but|however|though|although|instead|rather|whereas|while)\b|\s[-–—]\s|\(|\)`)
	conjRe     = regexp.MustCompile(`^\s*(?:(?:or|and|nor)\b|&|/)`)
	bulletRe   = regexp.MustCompile(`^[ \t]*(?:[-*•·▪◦]|\d{1,2}[.)])\s+\S`)
)

// findAvoidSpans marks the clauses that say what the brand does not want.
// A span runs from the trigger word to the end of its clause, but a
// comma-separated segment only continues it when it is part of the same
// list ("no alcohol, gambling, or politics"), not a new constraint ("no
// YouTube, 10k-100k followers"). "Avoid:" followed by a bullet list covers
// the bullets.
func (d *doc) findAvoidSpans() {
	for _, h := range nonOverlapping(avoidTriggers.find(d.low, d.toks)) {
		if notAvoidRe.MatchString(d.low[h.end:min(len(d.low), h.end+40)]) {
			continue
		}
		if overlapsAny(d.avoid, h.start, h.end) {
			continue
		}
		end := d.avoidEnd(h.end)
		d.avoid = append(d.avoid, span{h.start, end})
	}
}

func (d *doc) avoidEnd(from int) int {
	s := d.low
	// "Avoid:\n- alcohol\n- gambling": a label followed by bullets.
	if nl := strings.IndexByte(s[from:], '\n'); nl >= 0 {
		rest := strings.TrimSpace(s[from : from+nl])
		if rest == "" || (strings.HasSuffix(rest, ":") && len(rest) <= 40) {
			if end, ok := bulletBlockEnd(s, from); ok {
				return end
			}
		}
	}
	end := clauseEnd(s, from, 160)
	if loc := avoidCutRe.FindStringIndex(s[from:end]); loc != nil {
		end = from + loc[0]
	}
	segs := strings.Split(s[from:end], ",")
	if len(segs) == 1 {
		return end
	}
	// Keep segment k when it starts with a conjunction, when a later
	// segment does (an Oxford list), or when it is just a safety term.
	laterConj := make([]bool, len(segs)+1)
	for k := len(segs) - 1; k >= 0; k-- {
		laterConj[k] = laterConj[k+1] || conjRe.MatchString(segs[k])
	}
	pos := from + len(segs[0])
	for k := 1; k < len(segs); k++ {
		seg := segs[k]
		if !(conjRe.MatchString(seg) || laterConj[k] || isSafetyTerm(strings.TrimSpace(seg))) {
			break
		}
		pos += 1 + len(seg)
	}
	return pos
}

// bulletBlockEnd returns the end of the bullet lines that follow the line
// holding from.
func bulletBlockEnd(s string, from int) (int, bool) {
	nl := strings.IndexByte(s[from:], '\n')
	if nl < 0 {
		return 0, false
	}
	pos := from + nl + 1
	end := -1
	for lines := 0; pos < len(s) && lines < 30; lines++ {
		lineEnd := strings.IndexByte(s[pos:], '\n')
		if lineEnd < 0 {
			lineEnd = len(s) - pos
		}
		if !bulletRe.MatchString(s[pos : pos+lineEnd]) {
			break
		}
		end = pos + lineEnd
		pos += lineEnd + 1
	}
	return end, end >= 0
}

func (d *doc) inAvoid(start, end int) bool { return overlapsAny(d.avoid, start, end) }

// positiveOverrideRe: "No TikTok, Instagram only" — a platform followed by
// "only" is wanted even inside the avoid clause.
var positiveOverrideRe = regexp.MustCompile(`^\s*[-–]?\s*(?:only|first|preferred|focus(?:ed)?|primarily|mainly|is fine|are fine|ok|okay)\b`)

// ---------------------------------------------------------------------------
// Final clean-up.

// finish sorts and de-duplicates list fields and enforces the limits
// Validate checks, so Parse only ever emits valid values.
func finish(b *creatormatch.Brief) {
	b.Audience.Ages = orderBy(b.Audience.Ages, creatormatch.AgeBuckets)
	b.Audience.Genders = orderBy(b.Audience.Genders, creatormatch.Genders)
	b.Audience.Countries = sortedUnique(b.Audience.Countries)
	b.Audience.Languages = sortedUnique(b.Audience.Languages)
	b.CreatorCountries = sortedUnique(b.CreatorCountries)
	b.CreatorLanguages = sortedUnique(b.CreatorLanguages)
	b.Topics = orderBy(b.Topics, creatormatch.NicheKeys)
	b.AvoidTopics = firstUnique(b.AvoidTopics)
	b.ExcludeSafety = orderBy(b.ExcludeSafety, creatormatch.SafetyCategories)
	b.Competitors = firstUnique(b.Competitors)
	if b.MinFollowers > 0 && b.MaxFollowers > 0 && b.MinFollowers > b.MaxFollowers {
		b.MinFollowers, b.MaxFollowers = b.MaxFollowers, b.MinFollowers
	}
}

// orderBy keeps the members of xs that appear in order, in that order.
func orderBy[T comparable](xs, order []T) []T {
	if len(xs) == 0 {
		return nil
	}
	var out []T
	for _, o := range order {
		if slices.Contains(xs, o) {
			out = append(out, o)
		}
	}
	return out
}

func sortedUnique(xs []string) []string {
	if len(xs) == 0 {
		return nil
	}
	out := slices.Clone(xs)
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) > creatormatch.MaxListItems {
		out = out[:creatormatch.MaxListItems]
	}
	return out
}

// firstUnique de-duplicates keeping first-mention order, capped at
// MaxListItems.
func firstUnique(xs []string) []string {
	if len(xs) == 0 {
		return nil
	}
	var out []string
	for _, x := range xs {
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
			if len(out) == creatormatch.MaxListItems {
				break
			}
		}
	}
	return out
}

func addUnique[T comparable](xs []T, ys ...T) []T {
	for _, y := range ys {
		if !slices.Contains(xs, y) {
			xs = append(xs, y)
		}
	}
	return xs
}

// isWordByte reports whether c is an ASCII letter, digit or '_'.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_'
}
