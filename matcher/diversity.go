package matcher

import (
	"context"
	"math"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

// diversify re-ranks scored matches with maximal marginal relevance and
// per-niche / per-country caps, so a page is not ten near-identical
// creators. MMR picks, at each step, the creator maximising
//
//	λ·score − (1 − λ)·max cos(creator, already picked),   λ = 1 − diversity
//
// over profile vectors. Creators that would break a cap are moved after
// every creator that does not, in their MMR order, so the full ranking is
// still a permutation of the candidates (pagination stays stable).
func (m *Matcher) diversify(ctx context.Context, in []scored, diversity float64, perNiche, perCountry int) ([]scored, error) {
	if len(in) == 0 {
		return in, nil
	}
	var vecs map[string][]float32
	if diversity > 0 {
		ids := make([]string, len(in))
		for i, s := range in {
			ids[i] = s.match.CreatorID
		}
		var err error
		vecs, err = m.store.ProfileVectors(ctx, m.embedder.Model(), ids)
		if err != nil {
			return nil, err
		}
	}
	lambda := 1 - diversity
	remaining := append([]scored(nil), in...)
	maxSim := make([]float64, len(remaining))
	order := make([]scored, 0, len(in))
	for len(remaining) > 0 {
		best, bestVal := 0, math.Inf(-1)
		for i, s := range remaining {
			val := lambda*s.match.Score - (1-lambda)*maxSim[i]
			if len(order) == 0 {
				val = s.match.Score
			}
			if val > bestVal || (val == bestVal && s.match.CreatorID < remaining[best].match.CreatorID) {
				best, bestVal = i, val
			}
		}
		picked := remaining[best]
		order = append(order, picked)
		remaining = append(remaining[:best], remaining[best+1:]...)
		maxSim = append(maxSim[:best], maxSim[best+1:]...)
		if vecs != nil {
			pv := vecs[picked.match.CreatorID]
			for i, s := range remaining {
				if sim := features.Cosine(pv, vecs[s.match.CreatorID]); sim > maxSim[i] {
					maxSim[i] = sim
				}
			}
		}
	}
	if perNiche <= 0 && perCountry <= 0 {
		return order, nil
	}
	niches, countries := map[string]int{}, map[string]int{}
	var kept, deferred []scored
	for _, s := range order {
		n := nicheOf(s.creator)
		c := s.creator.Country
		if (perNiche > 0 && n != "" && niches[n] >= perNiche) || (perCountry > 0 && c != "" && countries[c] >= perCountry) {
			deferred = append(deferred, s)
			continue
		}
		niches[n]++
		countries[c]++
		kept = append(kept, s)
	}
	return append(kept, deferred...), nil
}

func nicheOf(c *creatormatch.Creator) string {
	if c.Features == nil {
		return ""
	}
	return c.Features.Niches.Top()
}
