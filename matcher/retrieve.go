package matcher

import (
	"context"
	"sort"

	"golang.org/x/sync/errgroup"

	"github.com/creatormatch/creatormatch"
)

// candidate is a creator found by retrieval, with what each retriever said.
type candidate struct {
	id        string
	dense     float64 // cosine similarity to the brief; valid when inDense
	lexical   float64 // text-search score; valid when inLexical
	inDense   bool
	inLexical bool
	fused     float64 // reciprocal rank fusion score
	denseRank int
	lexRank   int
}

type retrieveParams struct {
	mode   Retrieval
	vector []float32
	text   string
	filter creatormatch.Filter
	pool   int
	exact  bool
}

// retrieve runs the dense and lexical searches (filters applied inside
// each) concurrently and fuses them with reciprocal rank fusion:
//
//	rrf(c) = Σ over retrievers r that returned c of 1 / (k + rank_r(c))
//
// RRF needs no score calibration between cosine similarities and text
// ranks, which live on unrelated scales. Candidates come back by fused
// score, ties by id.
func (m *Matcher) retrieve(ctx context.Context, p retrieveParams) ([]candidate, error) {
	if p.mode == "" {
		p.mode = RetrievalHybrid
	}
	var dense, lexical []creatormatch.Hit
	g, gctx := errgroup.WithContext(ctx)
	if p.mode != RetrievalLexical {
		g.Go(func() error {
			var err error
			dense, err = m.store.SearchDense(gctx, creatormatch.DenseQuery{
				Model: m.embedder.Model(), Vector: p.vector, Filter: p.filter, Limit: p.pool, Exact: p.exact,
			})
			return err
		})
	}
	if p.mode != RetrievalDense {
		g.Go(func() error {
			var err error
			lexical, err = m.store.SearchLexical(gctx, creatormatch.LexicalQuery{Text: p.text, Filter: p.filter, Limit: p.pool})
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	byID := map[string]*candidate{}
	get := func(id string) *candidate {
		c, ok := byID[id]
		if !ok {
			c = &candidate{id: id}
			byID[id] = c
		}
		return c
	}
	for i, h := range dense {
		c := get(h.CreatorID)
		c.dense, c.inDense, c.denseRank = h.Score, true, i+1
		c.fused += 1 / (m.cfg.RRFK + float64(i+1))
	}
	for i, h := range lexical {
		c := get(h.CreatorID)
		c.lexical, c.inLexical, c.lexRank = h.Score, true, i+1
		c.fused += 1 / (m.cfg.RRFK + float64(i+1))
	}
	out := make([]candidate, 0, len(byID))
	for _, c := range byID {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].fused != out[j].fused {
			return out[i].fused > out[j].fused
		}
		return out[i].id < out[j].id
	})
	return out, nil
}
