package features

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/creatormatch/creatormatch"
)

// safetyLexicons are the compiled safety lexicons; terms weighing < 0.6 match
// whole words and hashtags only. Built once, never modified.
var safetyLexicons = func() map[string]*lexicon {
	out := make(map[string]*lexicon, len(safetyLexicon))
	for cat, terms := range safetyLexicon {
		out[cat] = newLexicon(terms, 0.6)
	}
	return out
}()

// BrandSafety flags risky content per creatormatch.SafetyCategories from
// the lexicon (SafetyLexicon: word-boundary matches in captions, hashtags
// and the bio) and from the embedding similarity of each post to the
// category prototype (SafetyDescriptions embedded). For a category:
//
//	lex  = w_max · (1 − 2^−k)            k posts with a lexicon hit, w_max the heaviest term weight
//	e_p  = clamp((cos(post, proto) − EmbedMin) / (EmbedFull − EmbedMin))
//	emb  = EmbedWeight · max_p e_p · (1 − 2^−k_e)     k_e posts with e_p > 0
//	Severity = 1 − (1 − lex)(1 − emb)    (noisy-or)
//
// A flag is raised at Severity ≥ MinSeverity, citing the posts and terms
// that raised it. Value = 1 − max Severity; Confidence = min(1, posts /
// FullPosts) (0 without posts).
func BrandSafety(c *creatormatch.Creator, vectors map[string][]float32, protos map[string][]float32, cfg Config) creatormatch.BrandSafety {
	cfg = cfg.withDefaults()
	sc := cfg.Safety
	out := creatormatch.BrandSafety{Value: 1}
	if c == nil {
		return out
	}
	posts := recent(c)
	type doc struct {
		id          string
		words, tags []string
		vec         []float32
	}
	docs := make([]doc, 0, len(posts)+1)
	for _, p := range posts {
		w, t := postTerms(p.Caption, p.Hashtags)
		docs = append(docs, doc{id: p.ID, words: w, tags: t, vec: vectors[p.ID]})
	}
	if c.Bio != "" {
		w, t := postTerms(c.Bio, nil)
		docs = append(docs, doc{words: w, tags: t})
	}
	for _, cat := range creatormatch.SafetyCategories {
		lx := safetyLexicons[cat]
		proto := protos[cat]
		var wmax, emax float64
		var k, ke int
		terms := map[string]bool{}
		var ids []string
		for _, d := range docs {
			hit := false
			if lx != nil {
				if m := lx.match(d.words, d.tags); len(m) > 0 {
					k++
					hit = true
					for t, w := range m {
						terms[t] = true
						wmax = math.Max(wmax, w)
					}
				}
			}
			if len(proto) > 0 && len(d.vec) > 0 && sc.EmbedFull > sc.EmbedMin {
				if e := clamp01((cosine(d.vec, proto) - sc.EmbedMin) / (sc.EmbedFull - sc.EmbedMin)); e > 0 {
					ke++
					hit = true
					emax = math.Max(emax, e)
				}
			}
			if hit && d.id != "" {
				ids = append(ids, d.id)
			}
		}
		lex := clamp01(wmax * (1 - math.Pow(2, -float64(k))))
		emb := clamp01(sc.EmbedWeight * emax * (1 - math.Pow(2, -float64(ke))))
		sev := clamp01(1 - (1-lex)*(1-emb))
		if sev < sc.MinSeverity || sev == 0 {
			continue
		}
		out.Flags = append(out.Flags, creatormatch.SafetyFlag{
			Category: cat, Severity: sev, PostIDs: ids, Terms: sortedKeys(terms),
		})
	}
	sort.SliceStable(out.Flags, func(i, j int) bool { return out.Flags[i].Severity > out.Flags[j].Severity })
	for _, f := range out.Flags {
		out.Value = math.Min(out.Value, 1-f.Severity)
	}
	out.Value = clamp01(out.Value)
	if sc.FullPosts > 0 {
		out.Confidence = clamp01(float64(len(posts)) / float64(sc.FullPosts))
	}
	return out
}

// SafetyExcluded implements Filter.ExcludeSafety / SafetyTolerance: it
// reports whether b has a flag in any of the exclude categories
// (case-insensitive) with Severity at or above tolerance. No exclusions
// never exclude.
func SafetyExcluded(b creatormatch.BrandSafety, exclude []string, tolerance float64) bool {
	if len(exclude) == 0 {
		return false
	}
	for _, f := range b.Flags {
		if f.Severity >= tolerance && slices.ContainsFunc(exclude, func(e string) bool {
			return strings.EqualFold(strings.TrimSpace(e), f.Category)
		}) {
			return true
		}
	}
	return false
}
