package brief

import (
	"regexp"
	"strings"

	"github.com/creatormatch/creatormatch"
)

// Content asks: the concrete things the creators should post, read after
// an ask verb in a creator clause ("who post about marathon training and
// trail running", "que compartan recetas de desayuno", "qui parlent de
// ...", "die über Wandern und Klettern posten") and from ask labels
// ("Content: gear breakdowns, trail vlogs"). Each list item is one ask.

var (
	// askVerbSet: index 0 are verbs that introduce what is posted, index 1
	// "creators of X" phrasings used only when no verb is found.
	askVerbSet = newPhraseSet([]string{
		`posts? about|posting about|posts? on|post|posts|posting|share|shares|sharing|film|films|filming|make|makes|making|do|does|doing|talks? about|talking about|cover|covers|covering|shows?|showing|known for|whose content is about|whose content is|whose videos show|reviews?|reviewing|creates?|creating|vlogs?|documents?|writes? about|break(?:s|ing)? down|explain(?:s|ing)?|report(?:s|ing)?|teach(?:es|ing)?|explor(?:e|es|ing)|releas(?:e|es|ing)|drop(?:s|ping)?|play(?:s|ing)?|unbox(?:es|ing)?|test(?:s|ing)?|compar(?:e|es|ing)|talks? to camera about|talk|talks|compartan|comparten|compartir|publiquen|publican|muestren|muestran|hablen de|hablan de|hablen sobre|hagan|suban|parlent de|partagent|publient|montrent|font|postent|falem de|falem sobre|postem|compartilhem|mostrem|publiquem|façam|über`,
		`créateurs de|creadores de|criadores de|influencers de|creators of|with|about`,
	})
	askSplitRe   = regexp.MustCompile(`\s*(?:[,;:/&|]|\s(?:and|or|plus|as well as|y|e|et|und|ou|o|oder)\s)\s*`)
	askCutRe     = regexp.MustCompile(`\s[-–—]\s|\(|\)|\s(?:mostly|ideally|preferably|especially)\b|\sfor (?:an?|our) |\sto (?:hype|promote|boost|support)\b`)
	askLead      = map[string]bool{"about": true, "on": true, "their": true, "the": true, "a": true, "an": true, "his": true, "her": true, "its": true, "some": true, "sobre": true, "de": true, "des": true, "du": true, "la": true, "le": true, "les": true, "sus": true, "su": true, "los": true, "las": true, "el": true, "leur": true, "leurs": true, "seus": true, "suas": true, "seu": true, "sua": true, "os": true, "as": true, "da": true, "do": true, "das": true, "dos": true, "über": true, "ihre": true, "ihren": true, "also": true, "more": true, "lots": true}
	askVerbWords = map[string]bool{"post": true, "posts": true, "share": true, "shares": true, "film": true, "films": true, "show": true, "shows": true, "review": true, "reviews": true, "cover": true, "covers": true}
	askTail      = map[string]bool{"posten": true, "teilen": true, "zeigen": true, "berichten": true, "sprechen": true, "machen": true, "etc": true}
	askDrop      = map[string]bool{"content": true, "videos": true, "posts": true, "the usual": true, "etc": true, "stuff": true, "things": true, "more": true, "reels": true, "stories": true, "budget": true}
	askNotRe     = regexp.MustCompile(`\b(?:nano|micro|mid|macro|mega|followers?|subscribers?|budget|only|tier|audience|creators?|influencers?)\b`)
)

// findContentAsks fills ContentAsks.
func (d *doc) findContentAsks(b *creatormatch.Brief) {
	var asks []string
	for _, s := range d.roles.asks {
		asks = append(asks, d.asksIn(s.start, s.end, true)...)
	}
	verbs := nonOverlapping(askVerbSet.find(d.low, d.toks))
	for _, s := range d.roles.creator {
		end := s.end
		for _, r := range d.productRefs {
			if r.start >= s.start && r.start < end {
				end = r.start
			}
		}
		from := -1
		var fallback = -1
		for _, h := range verbs {
			if h.start < s.start || h.end > end {
				continue
			}
			if h.idx == 0 {
				from = h.end
				break
			}
			if fallback < 0 {
				fallback = h.end
			}
		}
		// "with", "about", "creators of" describe the creators ("hikers
		// with dogs") when an ask label says what to post.
		if from < 0 && len(d.roles.asks) == 0 {
			from = fallback
		}
		if from < 0 {
			// "funny cat owners: skits, chaotic cat moments"
			if i := strings.IndexByte(d.low[s.start:end], ':'); i >= 0 {
				from = s.start + i + 1
			}
		}
		if from >= 0 {
			asks = append(asks, d.asksIn(from, end, false)...)
		}
	}
	b.ContentAsks = firstUnique(asks)
}

// asksIn splits [from, to) into asks: bullet lines (in a label's bullet
// block) and list items.
func (d *doc) asksIn(from, to int, label bool) []string {
	var out []string
	for _, line := range strings.Split(d.orig[from:to], "\n") {
		line = strings.TrimSpace(line)
		if label {
			line = strings.TrimLeft(line, "-*•·▪◦0123456789.) \t")
		}
		if line == "" {
			continue
		}
		if loc := askCutRe.FindStringIndex(line); loc != nil {
			line = line[:loc[0]]
		}
		for _, item := range askSplitRe.Split(line, -1) {
			if a, ok := d.cleanAsk(item); ok {
				out = append(out, a)
			}
		}
	}
	return out
}

// cleanAsk normalises one list item and drops what is not an ask (a
// platform, a country, a tier, a number).
func (d *doc) cleanAsk(item string) (string, bool) {
	item = strings.ToLower(strings.TrimFunc(item, func(r rune) bool {
		return strings.ContainsRune(" \t\r\"'“”‘’.!?()[]*-–—…", r)
	}))
	words := strings.Fields(item)
	for len(words) > 0 && (askLead[words[0]] || askVerbWords[words[0]]) {
		words = words[1:]
	}
	for len(words) > 0 && askTail[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	if len(words) == 0 || len(words) > 12 || words[0] == "with" {
		return "", false
	}
	a := strings.Join(words, " ")
	if askDrop[a] || len(a) > maxContentAskLength || strings.ContainsAny(a, "0123456789$€£@#") || askNotRe.MatchString(a) {
		return "", false
	}
	toks := tokenize(a)
	if len(platformSet.find(a, toks)) > 0 || len(placeSet.find(a, toks)) > 0 {
		return "", false
	}
	return a, true
}
