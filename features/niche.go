package features

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/creatormatch/creatormatch"
)

// nicheLex is one compiled lexicon of every niche's terms and nicheOfTerm
// maps each term to its niches (a term may serve two niches, such as
// "backpacking"). Built once at package initialisation, never modified.
var nicheLex, nicheOfTerm = func() (*lexicon, map[string][]string) {
	terms := map[string]float64{}
	of := map[string][]string{}
	for _, n := range sortedKeys(nicheLexicon) {
		for _, t := range nicheLexicon[n] {
			terms[t] = 1
			// match reports one-word terms by their token form
			key := t
			if w := tokens(t); len(w) == 1 {
				key = w[0]
			}
			of[key] = append(of[key], n)
		}
	}
	return newLexicon(terms, 0), of
}()

// Prototypes are the embedded descriptions the caller passes in: Niches
// holds the vectors of NicheDescriptions by niche key, Safety those of
// SafetyDescriptions by category. Vectors must come from the same model as
// the content vectors.
type Prototypes struct {
	Niches map[string][]float32
	Safety map[string][]float32
}

// NicheInput is what ClassifyNiches reads.
type NicheInput struct {
	// Posts supply hashtags and captions (lexicon hits) and the ids the
	// content vectors are keyed by.
	Posts []creatormatch.ContentItem
	// ContentVectors are the posts' vectors by post id (L2-normalised).
	ContentVectors map[string][]float32
	// Bio is matched against the lexicon; BioVector is its vector.
	Bio       string
	BioVector []float32
	// Prototypes are the embedded niche descriptions by niche key.
	Prototypes map[string][]float32
	// Declared are the niches the creator or source declared: a bounded
	// prior, not the truth.
	Declared []string
	Config   Config
}

// ClassifyNiches assigns up to MaxLabels niches of creatormatch.NicheKeys,
// best first. For each niche n:
//
//	emb_n = Σ_v w_v·z_{v,n} / Σ_v w_v      over post vectors (w=1) and the bio vector (w=BioWeight),
//	        z_{v,n} = (cos(v, proto_n) − mean_k cos(v, proto_k)) / sd_k cos(v, proto_k)
//	lex_n = Σ_p h_{p,n} / #posts with any lexicon hit   (bio counts as a post),
//	        h_{p,n} = share of post p's hit niches that are n (1/k when p hits k niches)
//	S_n   = WEmbedding·emb_n + WLexicon·lex_n + DeclaredBoost·[n declared]
//	p_n   = softmax(S/Temperature)_n
//
// Labels are the niches with p_n ≥ MinConfidence (at least the top one when
// there is any signal), at most MaxLabels, each with Confidence p_n.
// The overall Confidence is p_top × min(1, posts with a vector or lexicon
// hit / FullEvidence) (at least 0.1·p_top when only declared niches speak).
// Evidence cites the posts most similar to the top niche's prototype and the
// posts whose hashtags or keywords hit it.
func ClassifyNiches(in NicheInput) creatormatch.NicheFeature {
	cfg := in.Config.withDefaults()
	nc := cfg.Niche
	keys := creatormatch.NicheKeys
	idx := make(map[string]int, len(keys))
	for i, k := range keys {
		idx[k] = i
	}
	emb := make([]float64, len(keys))
	lex := make([]float64, len(keys))
	evidencePosts := 0

	// embedding scores
	var protoIdx []int
	for i, k := range keys {
		if len(in.Prototypes[k]) > 0 {
			protoIdx = append(protoIdx, i)
		}
	}
	type postSim struct {
		id  string
		sim float64
	}
	simsByNiche := make([][]postSim, len(keys))
	var wsum float64
	score := func(v []float32, w float64, id string) bool {
		if len(protoIdx) < 2 || len(v) == 0 || w <= 0 {
			return false
		}
		sims := make([]float64, len(protoIdx))
		var m float64
		for j, i := range protoIdx {
			sims[j] = cosine(v, in.Prototypes[keys[i]])
			m += sims[j]
		}
		m /= float64(len(sims))
		var ss float64
		for _, s := range sims {
			ss += (s - m) * (s - m)
		}
		sd := math.Sqrt(ss / float64(len(sims)))
		if sd < 1e-6 || math.IsNaN(sd) {
			return false
		}
		for j, i := range protoIdx {
			emb[i] += w * (sims[j] - m) / sd
			if id != "" {
				simsByNiche[i] = append(simsByNiche[i], postSim{id, sims[j]})
			}
		}
		wsum += w
		return true
	}
	for _, p := range in.Posts {
		if score(in.ContentVectors[p.ID], 1, p.ID) {
			evidencePosts++
		}
	}
	if score(in.BioVector, nc.BioWeight, "") {
		evidencePosts++
	}
	if wsum > 0 {
		for i := range emb {
			emb[i] /= wsum
		}
	}

	// lexicon scores
	lexPosts := make([][]string, len(keys)) // post ids hitting each niche
	lexTerms := make([]map[string]bool, len(keys))
	hitDocs := 0
	lexDoc := func(caption string, hashtags []string, id string, hadVector bool) {
		words, tags := postTerms(caption, hashtags)
		if len(words) == 0 && len(tags) == 0 {
			return
		}
		var hit []int
		for t := range nicheLex.match(words, tags) {
			for _, n := range nicheOfTerm[t] {
				i, ok := idx[n]
				if !ok {
					continue
				}
				if lexTerms[i] == nil {
					lexTerms[i] = map[string]bool{}
				}
				lexTerms[i][t] = true
				if !slices.Contains(hit, i) {
					hit = append(hit, i)
					if id != "" {
						lexPosts[i] = append(lexPosts[i], id)
					}
				}
			}
		}
		slices.Sort(hit)
		if len(hit) == 0 {
			return
		}
		hitDocs++
		if !hadVector {
			evidencePosts++
		}
		for _, i := range hit {
			lex[i] += 1 / float64(len(hit))
		}
	}
	for _, p := range in.Posts {
		lexDoc(p.Caption, p.Hashtags, p.ID, len(protoIdx) >= 2 && len(in.ContentVectors[p.ID]) > 0)
	}
	lexDoc(in.Bio, nil, "", len(protoIdx) >= 2 && len(in.BioVector) > 0)
	if hitDocs > 0 {
		for i := range lex {
			lex[i] /= float64(hitDocs)
		}
	}

	// declared prior
	declared := make([]bool, len(keys))
	var declaredNames []string
	for _, d := range in.Declared {
		if i, ok := idx[strings.ToLower(strings.TrimSpace(d))]; ok && !declared[i] {
			declared[i] = true
			declaredNames = append(declaredNames, keys[i])
		}
	}

	// combine
	S := make([]float64, len(keys))
	signal := false
	for i := range keys {
		S[i] = finite(nc.WEmbedding*emb[i] + nc.WLexicon*lex[i])
		if declared[i] {
			S[i] += nc.DeclaredBoost
		}
		if S[i] != 0 {
			signal = true
		}
	}
	out := creatormatch.NicheFeature{Labels: []creatormatch.NicheLabel{}}
	if !signal {
		return out
	}
	prob := softmax(S, nc.Temperature)
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return prob[order[a]] > prob[order[b]] })
	for _, i := range order {
		if len(out.Labels) >= nc.MaxLabels {
			break
		}
		if prob[i] < nc.MinConfidence && len(out.Labels) > 0 {
			break
		}
		out.Labels = append(out.Labels, creatormatch.NicheLabel{Niche: keys[i], Confidence: clamp01(prob[i])})
	}
	top := order[0]
	coverage := 0.0
	if nc.FullEvidence > 0 {
		coverage = clamp01(float64(evidencePosts) / float64(nc.FullEvidence))
	}
	if coverage < 0.1 && len(declaredNames) > 0 {
		coverage = 0.1
	}
	out.Confidence = clamp01(prob[top] * coverage)

	// evidence
	if sims := simsByNiche[top]; len(sims) > 0 {
		sort.SliceStable(sims, func(a, b int) bool { return sims[a].sim > sims[b].sim })
		sims = sims[:min(3, len(sims))]
		ids := make([]string, len(sims))
		parts := make([]string, len(sims))
		for j, s := range sims {
			ids[j] = s.id
			parts[j] = fmt.Sprintf("%s (%.2f)", s.id, s.sim)
		}
		out.Evidence = append(out.Evidence, creatormatch.Evidence{
			Text:    fmt.Sprintf("posts most similar to %s: %s", keys[top], strings.Join(parts, ", ")),
			PostIDs: ids,
		})
	}
	if len(lexPosts[top]) > 0 || len(lexTerms[top]) > 0 {
		terms := sortedKeys(lexTerms[top])
		out.Evidence = append(out.Evidence, creatormatch.Evidence{
			Text: fmt.Sprintf("%s hashtags and keywords (%s) in %d posts", keys[top],
				strings.Join(firstN(terms, 6), ", "), len(lexPosts[top])),
			PostIDs: firstN(lexPosts[top], 5),
		})
	}
	if len(declaredNames) > 0 {
		out.Evidence = append(out.Evidence, creatormatch.Evidence{
			Text: fmt.Sprintf("declared niches %s (prior +%.2f)", strings.Join(declaredNames, ", "), nc.DeclaredBoost),
		})
	}
	return out
}

// softmax returns exp(s_i/T) / Σ_j exp(s_j/T), computed stably.
func softmax(s []float64, t float64) []float64 {
	if t <= 0 {
		t = 1
	}
	m := math.Inf(-1)
	for _, x := range s {
		m = math.Max(m, x)
	}
	out := make([]float64, len(s))
	var z float64
	for i, x := range s {
		out[i] = math.Exp((x - m) / t)
		z += out[i]
	}
	for i := range out {
		out[i] /= z
	}
	return out
}
