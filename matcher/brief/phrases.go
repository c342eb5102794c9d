package brief

import (
	"fmt"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Word lists are matched on tokens rather than with one regexp per list:
// Go's regexp engine has no literal-set acceleration, so a few hundred
// alternations scanned over the whole brief cost milliseconds, while a map
// lookup per token costs microseconds. The lists are still written as small
// regexp fragments (`yog(?:h)?urts?`, `oat[- ]?milk`) for readability; at
// initialisation each fragment is expanded into the finite set of phrases
// it matches and indexed by first token.

// tok is one token of the text: a run of letters and digits, or a single
// '&' or '+'. text is lower-cased.
type tok struct {
	start, end int
	text       string
}

// tokenize splits s into tokens.
func tokenize(s string) []tok {
	var out []tok
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '&' || r == '+':
			out = append(out, tok{i, i + n, s[i : i+n]})
			i += n
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + n
			ascii := r < utf8.RuneSelf
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
					break
				}
				ascii = ascii && r2 < utf8.RuneSelf
				j += n2
			}
			t := s[i:j]
			if !ascii {
				t = strings.ToLower(t)
			}
			out = append(out, tok{i, j, t})
			i = j
		default:
			i += n
		}
	}
	return out
}

// joinable reports whether gap, the text between two tokens, lets them
// form one phrase: only spaces, hyphens, dashes and apostrophes ("oat-milk",
// "tik tok", "don't").
func joinable(gap string) bool {
	if len(gap) > 6 {
		return false
	}
	for _, r := range gap {
		switch r {
		case ' ', '\t', '-', '–', '—', '\u00a0', '\'', '’':
		default:
			return false
		}
	}
	return true
}

// phraseSet matches a list of phrase patterns on tokens. Each pattern has
// an id (its index in the list given to newPhraseSet).
type phraseSet struct {
	byFirst map[string][]phraseEntry
}

type phraseEntry struct {
	words []string
	id    int
}

// newPhraseSet expands every pattern (a regexp fragment describing a
// finite set of phrases) and indexes the phrases. It panics on a pattern
// that is not finite; the package tests build every set.
func newPhraseSet(patterns []string) *phraseSet {
	ps := &phraseSet{byFirst: map[string][]phraseEntry{}}
	for id, p := range patterns {
		re, err := syntax.Parse(p, syntax.Perl)
		if err != nil {
			panic(fmt.Sprintf("brief: bad phrase pattern %q: %v", p, err))
		}
		strs, ok := expand(re.Simplify(), 20000)
		if !ok {
			panic(fmt.Sprintf("brief: phrase pattern %q is not a finite set", p))
		}
		seen := map[string]bool{}
		for _, s := range strs {
			ts := tokenize(lowerASCII(s))
			if len(ts) == 0 {
				continue
			}
			words := make([]string, len(ts))
			for i, t := range ts {
				words[i] = t.text
			}
			key := strings.Join(words, " ")
			if seen[key] {
				continue
			}
			seen[key] = true
			ps.byFirst[words[0]] = append(ps.byFirst[words[0]], phraseEntry{words, id})
		}
	}
	return ps
}

// find returns every phrase occurrence in toks (of the text s), as lexHits
// with byte offsets. Overlapping occurrences are all returned; callers
// resolve them (nonOverlapping) when they need to.
func (ps *phraseSet) find(s string, toks []tok) []lexHit {
	var out []lexHit
	for i, t := range toks {
		for _, e := range ps.byFirst[t.text] {
			if i+len(e.words) > len(toks) {
				continue
			}
			ok := true
			for k := 1; k < len(e.words); k++ {
				if toks[i+k].text != e.words[k] || !joinable(s[toks[i+k-1].end:toks[i+k].start]) {
					ok = false
					break
				}
			}
			if ok {
				out = append(out, lexHit{t.start, toks[i+len(e.words)-1].end, e.id})
			}
		}
	}
	return out
}

// expand lists the strings a simplified regexp matches, if that set is
// finite and at most limit long. Separator classes (whitespace, '-')
// expand to a single space, since tokenisation treats them alike.
func expand(re *syntax.Regexp, limit int) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpBeginText, syntax.OpEndText, syntax.OpBeginLine, syntax.OpEndLine:
		return []string{""}, true
	case syntax.OpLiteral:
		return []string{string(re.Rune)}, true
	case syntax.OpCharClass:
		var out []string
		sep := false
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1]-re.Rune[i] > 32 {
				return nil, false
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if unicode.IsSpace(r) || r == '-' {
					sep = true
					continue
				}
				out = append(out, string(r))
			}
		}
		if sep {
			out = append(out, " ")
		}
		return out, len(out) > 0
	case syntax.OpCapture:
		return expand(re.Sub[0], limit)
	case syntax.OpQuest:
		sub, ok := expand(re.Sub[0], limit)
		return append([]string{""}, sub...), ok
	case syntax.OpStar, syntax.OpPlus:
		if isSeparatorClass(re.Sub[0]) {
			if re.Op == syntax.OpStar {
				return []string{"", " "}, true
			}
			return []string{" "}, true
		}
		return nil, false
	case syntax.OpRepeat:
		if re.Max < 0 || re.Max > 3 {
			return nil, false
		}
		sub, ok := expand(re.Sub[0], limit)
		if !ok {
			return nil, false
		}
		var out []string
		cur := []string{""}
		for n := 0; n <= re.Max; n++ {
			if n >= re.Min {
				out = append(out, cur...)
			}
			var next []string
			for _, a := range cur {
				for _, b := range sub {
					next = append(next, a+b)
				}
			}
			cur = next
			if len(out)+len(cur) > limit {
				return nil, false
			}
		}
		return out, true
	case syntax.OpAlternate:
		var out []string
		for _, s := range re.Sub {
			x, ok := expand(s, limit)
			if !ok {
				return nil, false
			}
			out = append(out, x...)
			if len(out) > limit {
				return nil, false
			}
		}
		return out, true
	case syntax.OpConcat:
		out := []string{""}
		for _, s := range re.Sub {
			x, ok := expand(s, limit)
			if !ok {
				return nil, false
			}
			var next []string
			for _, a := range out {
				for _, b := range x {
					next = append(next, a+b)
				}
			}
			if len(next) > limit {
				return nil, false
			}
			out = next
		}
		return out, true
	}
	return nil, false
}

func isSeparatorClass(re *syntax.Regexp) bool {
	if re.Op != syntax.OpCharClass {
		return false
	}
	for i := 0; i+1 < len(re.Rune); i += 2 {
		for r := re.Rune[i]; r <= re.Rune[i+1] && r < 0x3000; r++ {
			if !unicode.IsSpace(r) && r != '-' {
				return false
			}
		}
	}
	return true
}
