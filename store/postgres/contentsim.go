package postgres

import (
	"context"
	"math"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"
)

// topContentSimilarities implements creatormatch.ContentScorer in one
// statement: the server ranks each creator's content vectors by cosine
// distance to q and returns the k best per creator as one array, so only
// k numbers per creator cross the wire instead of every post vector.
func (s *Store) topContentSimilarities(ctx context.Context, model string, q []float32, ids []string, k int) (map[string][]float64, error) {
	out := make(map[string][]float64, len(ids))
	if len(ids) == 0 || k <= 0 {
		return out, nil
	}
	stored, err := s.checkQueryVector(ctx, model, q)
	if err != nil {
		return nil, err
	}
	if !stored {
		return out, nil
	}
	rows, err := s.db(ctx).Query(ctx, `SELECT creator_id, (array_agg(dist ORDER BY dist))[1:$4] FROM (
			SELECT creator_id, embedding <=> $3::vector AS dist FROM embeddings
			WHERE creator_id = ANY($1::text[]) AND kind = 'content' AND model = $2) c
		GROUP BY creator_id`, ids, model, pgvector.NewVector(q), k)
	if err != nil {
		return nil, wrapErr(ctx, "content similarities", err)
	}
	var (
		id    string
		dists []float64
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &dists}, func() error {
		sims := make([]float64, len(dists))
		for i, d := range dists {
			if math.IsNaN(d) { // a stored zero vector, as in SearchDense
				d = 1
			}
			sims[i] = 1 - d
		}
		out[id] = sims
		return nil
	})
	if err != nil {
		return nil, wrapErr(ctx, "content similarities", err)
	}
	return out, nil
}

// TopContentSimilarities is topContentSimilarities, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) TopContentSimilarities(ctx context.Context, model string, q []float32, ids []string, k int) (map[string][]float64, error) {
	return readRouted(ctx, s, "top content similarities", func(ctx context.Context) (map[string][]float64, error) {
		return s.topContentSimilarities(ctx, model, q, ids, k)
	})
}
