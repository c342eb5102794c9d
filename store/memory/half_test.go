package memory

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// requireHalfKernel skips where dotHalf cannot run: an amd64 CPU without
// AVX2, FMA or F16C, where the store keeps no half copy either.
func requireHalfKernel(t *testing.T) {
	t.Helper()
	if !dotHalfRuns {
		t.Skip("this CPU lacks AVX2/FMA/F16C: the half-precision kernel cannot run, and the store does not use it")
	}
}

// TestDotHalfKernel checks the kernel against its Go definition on padded
// rows of several lengths, including subnormal and zero components.
func TestDotHalfKernel(t *testing.T) {
	requireHalfKernel(t)
	r := rand.New(rand.NewPCG(3, 3))
	for _, dim := range []int{1, 31, 32, 40, 384, 512, 1536, 4096} {
		t.Run(fmt.Sprint(dim), func(t *testing.T) {
			for range 20 {
				v := unitVec(r, dim)
				v[0], v[dim-1] = 1e-6, 0 // a subnormal half and a zero
				h := appendHalfRow(nil, v, invNorm(v))
				require.Len(t, h, halfRowLen(dim))
				q := make([]float32, len(h))
				copy(q, unitVec(r, dim))
				want := dotHalfGo(q, h)
				var sumAbs float64
				for i := range h {
					sumAbs += math.Abs(float64(q[i]))
				}
				got := dotHalf(q, h)
				require.InDelta(t, want, got, 1e-6*sumAbs+1e-7, "dim %d", dim)
				exact := dot(q[:dim], v) * invNorm(v)
				require.InDelta(t, exact, got, halfScoreErr, "the error bound, dim %d", dim)
			}
		})
	}
}

// TestHalfScoreErrAdversarial checks halfScoreErr against a worst case:
// a unit row whose components all sit just below a rounding midpoint of
// half precision (so each rounds down by almost half an ulp, 2⁻¹¹ of
// itself) and a query aligned with it, so the errors add up instead of
// cancelling. Random vectors stay near 1e-4; this one reaches about half
// the bound, and must not pass it.
func TestHalfScoreErrAdversarial(t *testing.T) {
	requireHalfKernel(t)
	r := rand.New(rand.NewPCG(6, 6))
	const n, adversarial = 1024, 990
	// 2⁻⁵·(1 + 25/2048 − 2⁻¹⁶): just below the midpoint between two
	// neighbouring halves; 2⁻¹⁶ stays clear of the float32 rounding that
	// normalising the row adds (2⁻²⁴).
	mag := math.Ldexp(1+25.0/2048-math.Ldexp(1, -16), -5)
	v := make([]float32, n)
	var sq float64
	for i := range adversarial {
		v[i] = float32(mag)
		if r.IntN(2) == 0 {
			v[i] = -v[i]
		}
		sq += float64(v[i]) * float64(v[i])
	}
	fill := math.Sqrt((1 - sq) / (n - adversarial)) // the rest makes the row unit
	for i := adversarial; i < n; i++ {
		v[i] = float32(fill)
	}
	inv := invNorm(v)
	require.InDelta(t, 1, float64(inv), 1e-6, "the row is unit, so normalising keeps the components where they are")
	h := appendHalfRow(nil, v, inv)
	q := make([]float32, len(h))
	for i, x := range v {
		q[i] = x * inv // the query is the row itself: every rounding error counts with the same sign
	}
	approx := float64(dotHalf(q, h))
	exact := float64(dot(q[:n], v) * inv)
	err := math.Abs(approx - exact)
	t.Logf("adversarial error %.3g = %.2f × halfScoreErr", err, err/halfScoreErr)
	require.LessOrEqual(t, err, halfScoreErr)
	require.GreaterOrEqual(t, err, halfScoreErr/4, "the case is adversarial enough to test the bound")
}

// halfStores opens two stores with the same creators: one scanning through
// the half-precision copy, one with the float32 scan only.
func halfStores(t *testing.T, recs []cm.CreatorRecord) (half, exact *Store) {
	requireHalfKernel(t)
	old := halfScanOn
	t.Cleanup(func() { halfScanOn = old })
	halfScanOn = true
	half = openT(t, t.TempDir())
	require.NoError(t, half.UpsertCreators(context.Background(), recs))
	require.NotNil(t, half.models["m"].half)
	halfScanOn = false
	exact = openT(t, t.TempDir())
	require.NoError(t, exact.UpsertCreators(context.Background(), recs))
	require.Nil(t, exact.models["m"].half)
	return half, exact
}

// TestHalfScanExact checks that searches answered through the half copy
// return exactly what the float32 scan returns (same creators, order and
// scores), sequentially and in parallel, with and without filters, after
// deletes, and when near-ties force the fallback.
func TestHalfScanExact(t *testing.T) {
	const dim = 40 // pads to 64
	r := rand.New(rand.NewPCG(4, 4))
	var recs []cm.CreatorRecord
	for i := range 3000 {
		rec := testRecord(r, fmt.Sprintf("c%04d", i), dim)
		if i%2 == 0 {
			rec.Creator.Country = "IS"
		}
		recs = append(recs, rec)
	}
	// 60 creators share one vector (54 after the deletes below, more than
	// halfOversample(10) = 47): a query at it has tied top scores the
	// bound cannot separate.
	dup := unitVec(r, dim)
	for i := range 60 {
		recs[100+i].Profile = dup
	}
	half, exact := halfStores(t, recs)
	ctx := context.Background()
	for i := 0; i < 3000; i += 11 {
		id := fmt.Sprintf("c%04d", i)
		require.NoError(t, half.DeleteCreator(ctx, id))
		require.NoError(t, exact.DeleteCreator(ctx, id))
	}
	oldPar := parallelMinRows
	t.Cleanup(func() { parallelMinRows = oldPar })
	halfScanOn = true

	queries := [][]float32{dup}
	for range 20 {
		queries = append(queries, unitVec(r, dim))
	}
	filters := []cm.Filter{{}, {Countries: []string{"IS"}}}
	proved := 0
	for qi, q := range queries {
		for _, f := range filters {
			for _, pm := range []int{1 << 30, 100} {
				parallelMinRows = pm
				for _, k := range []int{1, 10, 100} {
					want, err := exact.SearchDense(ctx, cm.DenseQuery{Model: "m", Vector: q, Limit: k, Filter: f})
					require.NoError(t, err)
					got, err := half.SearchDense(ctx, cm.DenseQuery{Model: "m", Vector: q, Limit: k, Filter: f})
					require.NoError(t, err)
					require.Equal(t, want, got, "query %d filter %v k %d", qi, f, k)

					sp := half.models["m"]
					rf := newRowFilter(sp, compileFilter(f), half.creators, "m")
					require.True(t, sp.usesHalf(false, k))
					hq := sp.halfQuery(q)
					approx, err := scanRows(sp, halfOversample(k), func(lo, hi, k int) (*topK, error) {
						return scanHalfRange(ctx, sp, hq, rf, lo, hi, k)
					})
					require.NoError(t, err)
					_, ok := rescore(sp, q, approx, k)
					if qi == 0 && k == 10 && len(f.Countries) == 0 {
						require.False(t, ok, "more tied rows than the heap keeps cannot be proved by the bound")
					}
					if ok {
						proved++
					}
				}
			}
		}
	}
	// A limit at or near the catalogue's size (or far beyond it) skips the
	// half copy: it would keep most rows for rescoring anyway.
	for _, k := range []int{half.models["m"].live() - 1, math.MaxInt} {
		want, err := exact.SearchDense(ctx, cm.DenseQuery{Model: "m", Vector: queries[1], Limit: k})
		require.NoError(t, err)
		got, err := half.SearchDense(ctx, cm.DenseQuery{Model: "m", Vector: queries[1], Limit: k})
		require.NoError(t, err)
		require.Equal(t, want, got)
		require.False(t, half.models["m"].usesHalf(false, k))
	}
	// Random queries over random vectors leave ample gaps: nearly all are
	// answered from the half copy without the fallback.
	require.Greater(t, proved, (len(queries)-1)*len(filters)*2*3*9/10)
}

// TestHalfSlabFollowsRows checks the half copy stays row-aligned with the
// float32 slab through deletes (rows swapped into holes), updates and
// compaction.
func TestHalfSlabFollowsRows(t *testing.T) {
	const dim = 20
	r := rand.New(rand.NewPCG(5, 5))
	var recs []cm.CreatorRecord
	for i := range 500 {
		recs = append(recs, testRecord(r, fmt.Sprintf("c%04d", i), dim))
	}
	half, _ := halfStores(t, recs)
	ctx := context.Background()
	check := func() {
		t.Helper()
		sp := half.models["m"]
		require.Len(t, sp.half, sp.rows()*sp.halfDim)
		for row := range sp.rows() {
			if sp.owner[row] == nil {
				continue
			}
			require.Equal(t, appendHalfRow(nil, sp.row(row), sp.invNorm[row]), sp.halfRow(row), "row %d", row)
		}
	}
	for i := 0; i < 500; i += 3 {
		require.NoError(t, half.DeleteCreator(ctx, fmt.Sprintf("c%04d", i)))
	}
	check()
	require.NoError(t, half.UpsertCreators(ctx, []cm.CreatorRecord{testRecord(r, "c0001", dim), testRecord(r, "new", dim)}))
	check()
	half.mu.Lock()
	sp := half.models["m"]
	sp.stable = true
	for _, id := range []string{"c0004", "c0005", "c0007"} {
		half.detach(half.creators[id])
		delete(half.creators, id)
	}
	require.Equal(t, 3, sp.holes)
	sp.compact()
	sp.stable = false
	half.mu.Unlock()
	check()
}
