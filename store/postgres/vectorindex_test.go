package postgres_test

import (
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/postgres"
)

func TestParseVectorIndex(t *testing.T) {
	for in, want := range map[string]postgres.VectorIndex{"": postgres.IndexVector, "vector": postgres.IndexVector,
		" Halfvec ": postgres.IndexHalfvec, "bit": postgres.IndexBit} {
		got, err := postgres.ParseVectorIndex(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := postgres.ParseVectorIndex("pq")
	assert.ErrorIs(t, err, creatormatch.ErrInvalid)

	// Each kind has its own index; the vector kind keeps the name
	// migration 005 gave existing databases.
	names := map[string]bool{}
	for _, k := range []postgres.VectorIndex{postgres.IndexVector, postgres.IndexHalfvec, postgres.IndexBit} {
		n := postgres.IndexNameOf(k, postgres.DefaultModel, 512)
		assert.LessOrEqual(t, len(n), 63, n)
		names[n] = true
	}
	assert.Len(t, names, 3)
	assert.Equal(t, "embeddings_hnsw_use_lite_0_2_0_512_1fed79a4", postgres.IndexName(postgres.DefaultModel, 512))
	assert.Contains(t, postgres.IndexDDLOf(postgres.IndexBit, postgres.DefaultModel, 512, false),
		"USING hnsw ((binary_quantize(embedding)::bit(512)) bit_hamming_ops)")
	assert.Contains(t, postgres.IndexDDLOf(postgres.IndexHalfvec, postgres.DefaultModel, 512, true),
		"CREATE INDEX CONCURRENTLY IF NOT EXISTS \"embeddings_hnswh_use_lite_0_2_0_512_1fed79a4\" ON embeddings\n\t\tUSING hnsw ((embedding::halfvec(512)) halfvec_cosine_ops)")
}

// TestVectorIndexKinds: a store searching a halfvec or binary-quantized
// index walks that index (EXPLAIN names it), returns exact cosine
// similarities (the full vectors re-rank), finds a creator from a query
// near its vector first, and fills a filtered page with creators passing
// the filter, as the vector index does (TestSearchDenseFiltered).
func TestVectorIndexKinds(t *testing.T) {
	t.Parallel()
	const n = 2000
	s, dbURL := newStore(t)
	ctx := ctxT(t)
	vecs := denseCorpus(t, s, n, 5)
	_, err := s.Pool().Exec(ctx, "ANALYZE")
	require.NoError(t, err)
	r := mrand.New(mrand.NewPCG(11, 11))
	filter := creatormatch.Filter{MinAuthenticity: 0.55}
	for _, kind := range []postgres.VectorIndex{postgres.IndexHalfvec, postgres.IndexBit} {
		t.Run(string(kind), func(t *testing.T) {
			// Opening with WithIndex builds the kind's index (EnsureIndex).
			// At 2,000 rows the planner would rather sort them all than
			// walk a graph; sorting is priced out so the walk is
			// what is tested.
			ks, err := postgres.Open(ctx, dbURL, postgres.WithMaxConns(2), postgres.WithoutMigrate(),
				postgres.WithVectorIndex(kind), postgres.WithIndex(postgres.DefaultModel, postgres.DefaultDimension),
				postgres.WithWalkCostRatio(0), postgres.WithSetting("enable_sort", "off"))
			require.NoError(t, err)
			defer ks.Close()
			name := postgres.IndexNameOf(kind, postgres.DefaultModel, postgres.DefaultDimension)
			for i := range 3 {
				near := slices.Clone(vecs[fmt.Sprintf("c%05d", 100+i*321)])
				for j := range near {
					near[j] += float32(r.NormFloat64() * 0.005)
				}
				plan := postgres.ExplainDense(t, ks, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: near, Limit: 20})
				require.Contains(t, plan, "Index Scan using "+name, plan)
				hits, err := ks.SearchDense(ctx, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: near, Limit: 20})
				require.NoError(t, err)
				require.Len(t, hits, 20)
				assert.Equal(t, fmt.Sprintf("c%05d", 100+i*321), hits[0].CreatorID)
				for k, h := range hits {
					assert.InDelta(t, cosine(near, vecs[h.CreatorID]), h.Score, 1e-5, "exact similarity, not the index's")
					if k > 0 {
						assert.GreaterOrEqual(t, hits[k-1].Score, h.Score, "sorted by exact similarity")
					}
				}
			}
			q := unit(r, postgres.DefaultDimension)
			hits, err := ks.SearchDense(ctx, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: q, Limit: 10, Filter: filter})
			require.NoError(t, err)
			require.Len(t, hits, 10)
			got, err := s.GetCreators(ctx, hitIDs(hits))
			require.NoError(t, err)
			for _, c := range got {
				assert.GreaterOrEqual(t, c.Features.Authenticity.Value, 0.55)
			}
		})
	}
}
