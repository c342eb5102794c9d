package memory

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

func TestProfileSimilarities(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	var _ cm.ProfileScorer = s
	r := rand.New(rand.NewPCG(5, 5))
	vecs := map[string][]float32{}
	var recs []cm.CreatorRecord
	for i := range 40 {
		id := fmt.Sprintf("c%02d", i)
		v := unitVec(r, 16)
		for j := range v {
			v[j] *= 3 // not unit: the store normalises
		}
		vecs[id] = v
		recs = append(recs, cm.CreatorRecord{Creator: &cm.Creator{ID: id, Name: id}, Model: "m", Dimension: 16, Profile: v})
	}
	require.NoError(t, s.UpsertCreators(ctx, recs))
	q := unitVec(r, 16)
	hits, err := s.SearchDense(ctx, cm.DenseQuery{Model: "m", Vector: q, Limit: 40})
	require.NoError(t, err)
	ids := []string{"missing"}
	for _, h := range hits {
		ids = append(ids, h.CreatorID)
	}
	sims, err := s.ProfileSimilarities(ctx, "m", q, ids)
	require.NoError(t, err)
	assert.Len(t, sims, 40, "the missing id is absent")
	for _, h := range hits {
		assert.Equal(t, h.Score, sims[h.CreatorID], "the same arithmetic as SearchDense")
		assert.InDelta(t, features.Cosine(q, vecs[h.CreatorID]), sims[h.CreatorID], 1e-5)
	}
	other, err := s.ProfileSimilarities(ctx, "other-model", q, ids)
	require.NoError(t, err)
	assert.Empty(t, other)
	_, err = s.ProfileSimilarities(ctx, "m", []float32{1, 2}, ids)
	assert.ErrorIs(t, err, cm.ErrInvalid, "wrong dimension")
	_, err = s.ProfileSimilarities(ctx, "m", make([]float32, 16), ids)
	assert.ErrorIs(t, err, cm.ErrInvalid, "zero vector")
}
