package features

import (
	"sort"
	"strings"
	"unicode"
)

var tagReplacer = strings.NewReplacer("_", "", "-", "")

// normTag lower-cases a hashtag and strips '#', '_' and '-'.
func normTag(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.TrimLeft(h, "#")
	return tagReplacer.Replace(h)
}

// normHandle lower-cases a handle and strips '@' and spaces.
func normHandle(h string) string {
	return strings.TrimLeft(strings.ToLower(strings.TrimSpace(h)), "@")
}

// tokens splits s into lower-case words of letters and digits; "'" inside a
// word is dropped ("don't" -> "dont").
func tokens(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case r == '\'' || r == '’':
		default:
			flush()
		}
	}
	flush()
	return out
}

// captionTags returns the hashtags written inside a caption, normalised.
func captionTags(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) }) {
		if i := strings.IndexByte(f, '#'); i >= 0 {
			for _, part := range strings.Split(f[i:], "#") {
				part = strings.TrimRightFunc(part, func(r rune) bool {
					return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_')
				})
				if t := normTag(part); t != "" {
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// lexicon matches weighted terms in text and hashtags. A one-word term
// matches a whole word (or the word without a plural "s"); a multi-word
// term matches the word sequence; every term also matches a hashtag equal
// to its words joined, a term of at least minTagSubstring letters matches
// a hashtag containing it ("#skincareroutine" hits "skincare"), and a term
// of at least minTagPrefix letters a hashtag starting with it
// ("#foodphotography" hits "food"). Substring and prefix matching apply
// only to terms weighing at least minSubWeight, so ambiguous low-weight
// terms ("shooting") must match a whole word or hashtag.
type lexicon struct {
	single map[string]float64
	multi  []lexTerm
	tags   map[string]string // joined form -> term
	subs   []lexTerm         // joined forms long enough for substring matching
	pres   []lexTerm         // joined forms long enough for prefix matching
}

type lexTerm struct {
	term   string
	words  []string
	joined string
	weight float64
}

const (
	minTagSubstring = 5
	minTagPrefix    = 4
)

func newLexicon(terms map[string]float64, minSubWeight float64) *lexicon {
	l := &lexicon{single: map[string]float64{}, tags: map[string]string{}}
	keys := make([]string, 0, len(terms))
	for t := range terms {
		keys = append(keys, t)
	}
	sort.Strings(keys)
	for _, t := range keys {
		w := terms[t]
		words := tokens(t)
		if len(words) == 0 {
			continue
		}
		joined := strings.Join(words, "")
		lt := lexTerm{term: t, words: words, joined: joined, weight: w}
		if len(words) == 1 {
			l.single[words[0]] = w
		} else {
			l.multi = append(l.multi, lt)
		}
		l.tags[joined] = t
		if w < minSubWeight {
			continue
		}
		if n := len([]rune(joined)); n >= minTagSubstring {
			l.subs = append(l.subs, lt)
		} else if n >= minTagPrefix {
			l.pres = append(l.pres, lt)
		}
	}
	return l
}

// weightOf returns the weight of a term known to the lexicon.
func (l *lexicon) weightOf(term string) float64 {
	words := tokens(term)
	if len(words) == 1 {
		return l.single[words[0]]
	}
	for _, m := range l.multi {
		if m.term == term {
			return m.weight
		}
	}
	return 0
}

// match returns the terms found in words and tags (tags normalised), each
// with its weight.
func (l *lexicon) match(words []string, tags []string) map[string]float64 {
	var hits map[string]float64
	add := func(term string, w float64) {
		if hits == nil {
			hits = map[string]float64{}
		}
		hits[term] = w
	}
	for _, w := range words {
		if wt, ok := l.single[w]; ok {
			add(w, wt)
		} else if len(w) > 3 && strings.HasSuffix(w, "s") {
			if wt, ok := l.single[w[:len(w)-1]]; ok {
				add(w[:len(w)-1], wt)
			}
		}
	}
	for _, m := range l.multi {
		if containsSeq(words, m.words) {
			add(m.term, m.weight)
		}
	}
	for _, t := range tags {
		if t == "" {
			continue
		}
		if term, ok := l.tags[t]; ok {
			add(term, l.weightOf(term))
			continue
		}
		for _, s := range l.subs {
			if len(t) > len(s.joined) && strings.Contains(t, s.joined) {
				add(s.term, s.weight)
			}
		}
		for _, s := range l.pres {
			if len(t) > len(s.joined) && strings.HasPrefix(t, s.joined) {
				add(s.term, s.weight)
			}
		}
	}
	return hits
}

func containsSeq(words, seq []string) bool {
	if len(seq) == 0 || len(seq) > len(words) {
		return false
	}
outer:
	for i := 0; i+len(seq) <= len(words); i++ {
		for j := range seq {
			if words[i+j] != seq[j] {
				continue outer
			}
		}
		return true
	}
	return false
}

// postTerms returns the words and normalised hashtags (field and caption)
// of a post, for lexicon matching.
func postTerms(caption string, hashtags []string) (words, tags []string) {
	words = tokens(caption)
	for _, h := range hashtags {
		if t := normTag(h); t != "" {
			tags = append(tags, t)
			words = append(words, tokens(h)...)
		}
	}
	tags = append(tags, captionTags(caption)...)
	return words, tags
}

// sortedKeys returns the keys of m sorted.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
