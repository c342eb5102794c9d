package postgres_test

import (
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/migrations"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// TestEmbeddingFilterColumns checks the copies of country and tier on the
// profile vector rows (migration 007): written with every upsert, restored
// by the migration's backfill, and used by a dense search filtered by them
// without reading creators.
func TestEmbeddingFilterColumns(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := ctxT(t)
	const n = 600
	vecs := denseCorpus(t, s, n, 21)
	_, err := s.Pool().Exec(ctx, "VACUUM ANALYZE")
	require.NoError(t, err)

	// stale counts profile vector rows whose copies differ from creators.
	stale := func() int {
		t.Helper()
		var k int
		require.NoError(t, s.Pool().QueryRow(ctx, `SELECT count(*) FROM embeddings e JOIN creators c ON c.id = e.creator_id
			WHERE e.kind = 'profile' AND (e.country IS DISTINCT FROM c.country OR e.tier IS DISTINCT FROM c.tier)`).Scan(&k))
		return k
	}
	var filled int
	require.NoError(t, s.Pool().QueryRow(ctx,
		"SELECT count(*) FROM embeddings WHERE kind = 'profile' AND country IS NOT NULL AND tier IS NOT NULL").Scan(&filled))
	assert.Equal(t, n, filled)
	assert.Zero(t, stale())

	// A re-upsert that moves a creator to another country and tier moves
	// its vector row with it.
	r := mrand.New(mrand.NewPCG(4, 4))
	c := fixture(r, 7)
	c.Country = "NZ"
	c.Features.Tier.Value = creatormatch.TierMega
	require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{{Creator: c, Model: postgres.DefaultModel,
		Dimension: postgres.DefaultDimension, Profile: vecs[c.ID]}}))
	assert.Zero(t, stale())

	// The migration's backfill restores copies that are missing (rows
	// written before it).
	_, err = s.Pool().Exec(ctx, "UPDATE embeddings SET country = NULL, tier = NULL")
	require.NoError(t, err)
	require.Equal(t, n, stale())
	up, err := migrations.FS.ReadFile("007_embedding_filter_columns.sql")
	require.NoError(t, err)
	upSQL, _, ok := strings.Cut(string(up), "---- create above / drop below ----")
	require.True(t, ok)
	_, err = s.Pool().Exec(ctx, upSQL)
	require.NoError(t, err, "the up migration is re-runnable")
	assert.Zero(t, stale())
	_, err = s.Pool().Exec(ctx, "VACUUM ANALYZE")
	require.NoError(t, err)

	// Filtered by country and tier only, the search reads the vector rows
	// alone (no creators row, probe included) and ranks exactly like brute
	// force over the creators passing the filter.
	idx := func(id string) int {
		var i int
		fmt.Sscanf(id, "c%05d", &i)
		return i
	}
	keep := func(id string) bool { return idx(id) != 7 && countries[idx(id)%len(countries)] == "GB" }
	f := creatormatch.Filter{Countries: []string{"gb"}, Tiers: []creatormatch.Tier{creatormatch.TierMicro}}
	for range 3 {
		q := unit(r, postgres.DefaultDimension)
		hits, err := s.SearchDense(ctx, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: q, Filter: f, Limit: 20})
		require.NoError(t, err)
		assert.Equal(t, hitIDs(bruteForce(vecs, q, keep, 20)), hitIDs(hits))
		plan := postgres.ExplainDense(t, s, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: q, Filter: f, Limit: 20})
		assert.NotContains(t, plan, " on creators ", plan)
		assert.Contains(t, plan, "CTE Scan on exact (actual rows=20 ", "60 creators pass: under the probe's bound, ranked exactly: "+plan)
	}
	// The moved creator is found under its new country and tier.
	hits, err := s.SearchDense(ctx, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: vecs[c.ID], Limit: 5,
		Filter: creatormatch.Filter{Countries: []string{"NZ"}, Tiers: []creatormatch.Tier{creatormatch.TierMega}}})
	require.NoError(t, err)
	assert.Equal(t, []string{c.ID}, hitIDs(hits))
	// Mixed with a condition only creators can check, it still joins.
	mixed := f
	mixed.MinAuthenticity = 0.01
	plan := postgres.ExplainDense(t, s, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: unit(r, postgres.DefaultDimension), Filter: mixed, Limit: 20})
	assert.Contains(t, plan, " on creators ", plan)
}
