package matcher

import (
	"context"
	"math"
	"sort"
	"strconv"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

// LookalikeRequest finds creators like the positive examples and unlike
// the negative ones.
type LookalikeRequest struct {
	Positive []string            `json:"positive"`
	Negative []string            `json:"negative,omitempty"`
	Filters  creatormatch.Filter `json:"filters"`
	Limit    int                 `json:"limit,omitempty"`
}

// Lookalike is one similar creator.
type Lookalike struct {
	CreatorID  string            `json:"creator_id"`
	Rank       int               `json:"rank"`
	Similarity float64           `json:"similarity"`
	Card       creatormatch.Card `json:"card"`
	// SharedNiches and SharedBrands are what the creator has in common
	// with the positive examples.
	SharedNiches []string              `json:"shared_niches,omitempty"`
	SharedBrands []string              `json:"shared_brands,omitempty"`
	Reasons      []creatormatch.Reason `json:"reasons"`
}

// Rocchio weights: the query vector is
//
//	q = mean(positive) − 0.5·mean(negative)
//
// (Rocchio's relevance feedback with β=1, γ=0.5), then searched like a
// brief. Negative examples push the query away from what the user
// rejected without cancelling the positives.
const rocchioNegative = 0.5

// Lookalikes returns creators similar to the positive examples.
func (m *Matcher) Lookalikes(ctx context.Context, req LookalikeRequest) ([]Lookalike, error) {
	limit, err := m.limit(req.Limit)
	if err != nil {
		return nil, err
	}
	if len(req.Positive) == 0 {
		return nil, creatormatch.Invalid("positive", "needs at least one creator id")
	}
	if len(req.Positive)+len(req.Negative) > 100 {
		return nil, creatormatch.Invalid("positive", "at most 100 example creators")
	}
	all := append(append([]string{}, req.Positive...), req.Negative...)
	for i, id := range all {
		if !creatormatch.ValidID(id) {
			field := "positive"
			if i >= len(req.Positive) {
				field, i = "negative", i-len(req.Positive)
			}
			return nil, creatormatch.Invalid(field+"["+strconv.Itoa(i)+"]", "is not a valid creator id")
		}
	}
	model := m.embedder.Model()
	vecs, err := m.store.ProfileVectors(ctx, model, all)
	if err != nil {
		return nil, err
	}
	for _, id := range req.Positive {
		if _, ok := vecs[id]; !ok {
			if _, err := m.store.GetCreator(ctx, id); err != nil {
				return nil, err
			}
			return nil, creatormatch.Invalid("positive", "creator %q has no vector of model %s yet", id, model)
		}
	}
	q := centroid(vecs, req.Positive)
	if len(req.Negative) > 0 {
		neg := centroid(vecs, req.Negative)
		for i := range q {
			q[i] -= rocchioNegative * neg[i]
		}
	}
	filter := req.Filters
	filter.ExcludeIDs = union(filter.ExcludeIDs, all)
	hits, err := m.store.SearchDense(ctx, creatormatch.DenseQuery{Model: model, Vector: q, Filter: filter, Limit: limit})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.CreatorID
	}
	examples, err := m.store.GetCreators(ctx, req.Positive)
	if err != nil {
		return nil, err
	}
	exNiches, exBrands := map[string]bool{}, map[string]bool{}
	for _, e := range examples {
		if e.Features != nil {
			for _, l := range e.Features.Niches.Labels {
				exNiches[l.Niche] = true
			}
			for _, b := range e.Features.Brands.Brands {
				exBrands[b.Brand] = true
			}
		}
	}
	creators, err := m.store.GetCreators(ctx, ids)
	if err != nil {
		return nil, err
	}
	content, err := m.store.ContentVectors(ctx, model, ids)
	if err != nil {
		return nil, err
	}
	byID := map[string]*creatormatch.Creator{}
	for _, c := range creators {
		byID[c.ID] = c
	}
	out := make([]Lookalike, 0, len(hits))
	for _, h := range hits {
		c, ok := byID[h.CreatorID]
		if !ok {
			continue
		}
		f := c.Features
		if f == nil {
			f = &creatormatch.Features{}
		}
		la := Lookalike{CreatorID: c.ID, Rank: len(out) + 1, Similarity: h.Score, Card: card(c, f, c.MainAccount()), Reasons: []creatormatch.Reason{}}
		for _, l := range f.Niches.Labels {
			if exNiches[l.Niche] {
				la.SharedNiches = append(la.SharedNiches, l.Niche)
			}
		}
		var brandPosts []string
		for _, b := range f.Brands.Brands {
			if exBrands[b.Brand] {
				la.SharedBrands = append(la.SharedBrands, b.Brand)
				brandPosts = append(brandPosts, b.PostIDs...)
			}
		}
		// Cite the posts closest to the examples.
		type ps struct {
			id  string
			sim float64
		}
		var sims []ps
		for id, v := range content[c.ID] {
			sims = append(sims, ps{id, features.Cosine(q, v)})
		}
		sort.Slice(sims, func(i, j int) bool {
			if sims[i].sim != sims[j].sim {
				return sims[i].sim > sims[j].sim
			}
			return sims[i].id < sims[j].id
		})
		if len(sims) > 0 {
			var pids []string
			for _, s := range sims[:min(2, len(sims))] {
				pids = append(pids, s.id)
			}
			la.Reasons = append(la.Reasons, reason(c, "Posts most like the examples' content.", pids))
		}
		if len(brandPosts) > 0 {
			la.Reasons = append(la.Reasons, reason(c, "Worked with the same brands as the examples.", brandPosts[:min(3, len(brandPosts))]))
		}
		out = append(out, la)
	}
	return out, nil
}

func centroid(vecs map[string][]float32, ids []string) []float32 {
	var out []float32
	n := 0
	for _, id := range ids {
		v, ok := vecs[id]
		if !ok {
			continue
		}
		if out == nil {
			out = make([]float32, len(v))
		}
		if len(v) != len(out) {
			continue
		}
		for i, x := range v {
			out[i] += x
		}
		n++
	}
	if n == 0 {
		return out
	}
	var norm float64
	for i := range out {
		out[i] /= float32(n)
		norm += float64(out[i]) * float64(out[i])
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for i := range out {
			out[i] *= inv
		}
	}
	return out
}
