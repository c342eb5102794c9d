package memory

import (
	"cmp"
	"context"
	"slices"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

// TopContentSimilarities implements creatormatch.ContentScorer: the cosine
// similarity of q to each creator's content vectors, computed where they
// are kept (content maps are immutable, so no copy is made), the k best
// per creator, best first.
func (s *Store) TopContentSimilarities(ctx context.Context, model string, q []float32, ids []string, k int) (map[string][]float64, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	out := make(map[string][]float64, len(ids))
	if k <= 0 {
		return out, nil
	}
	s.mu.RLock()
	var found []*entry
	for _, id := range ids {
		if e := s.creators[id]; e != nil && e.model == model && len(e.content) > 0 {
			found = append(found, e)
		}
	}
	s.mu.RUnlock()
	for i, e := range found {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, ctxErr(err)
			}
		}
		sims := make([]float64, 0, len(e.content))
		for _, v := range e.content {
			if len(v) != len(q) {
				return nil, cm.Invalid("vector", "has %d dimensions, model %q has %d", len(q), model, len(v))
			}
			sims = append(sims, features.Cosine(q, v))
		}
		slices.SortFunc(sims, func(a, b float64) int { return cmp.Compare(b, a) })
		out[e.id] = sims[:min(k, len(sims))]
	}
	return out, nil
}
