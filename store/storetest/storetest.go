// Package storetest is the contract suite every creatormatch.Store backend
// runs: a backend's tests call Run with a Factory, and the suite checks the
// behaviour store.go documents (and a few things it implies) against it.
//
// Allowed representation differences. A backend may return
//   - times in UTC and at microsecond precision (PostgreSQL timestamptz);
//     the suite only writes microsecond-precise times, so truncation and
//     rounding agree;
//   - nil for an empty slice or map, and the other way round.
//
// Everything else round-trips exactly: strings, integers, floats (float64
// fields and float32 vector components bit for bit), the order of every
// slice (accounts, content, languages, labels...) and nil versus non-nil
// pointers (an Audience.Credibility of 0 is not "unknown").
//
// Scores are compared with tolerance: dense scores to 1e-4 of the cosine
// computed here in float64, rankings up to swaps of creators whose cosines
// differ by less than 1e-5. Lexical scores are backend-specific; only order
// and membership are checked.
package storetest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// Factory opens stores of one backend.
type Factory struct {
	// New returns a new, empty store; cleanup is registered with t.Cleanup.
	New func(t *testing.T) cm.Store
	// Reopen closes s and opens the same underlying storage again, as a
	// process restart would; cleanup of the new store is registered with
	// t.Cleanup. Nil skips the persistence tests. The cleanup New
	// registered may still call Close on s, so Close must tolerate a
	// second call.
	Reopen func(t *testing.T, s cm.Store) cm.Store
	// NewCacheBound returns a new, empty store whose embedding cache keeps
	// at most entries vectors (the backend's WithEmbeddingCache option).
	// The store must implement cm.EmbeddingCacheReporter. Nil skips the
	// cache bound tests.
	NewCacheBound func(t *testing.T, entries int) cm.Store
}

// Run runs the whole contract suite as subtests (t.Run) against the backend.
func Run(t *testing.T, f Factory) {
	tests := []struct {
		name string
		fn   func(*testing.T, Factory)
	}{
		{"RoundTrip", testRoundTrip},
		{"UpsertReplaces", testUpsertReplaces},
		{"UpsertAllOrNothing", testUpsertAllOrNothing},
		{"GetNotFound", testGetNotFound},
		{"GetCreators", testGetCreators},
		{"CountCreators", testCountCreators},
		{"Delete", testDelete},
		{"ScanCreators", testScanCreators},
		{"DenseRanking", testDenseRanking},
		{"DenseTiesAndLimit", testDenseTiesAndLimit},
		{"DenseModelsNeverMix", testDenseModelsNeverMix},
		{"Filters", testFilters},
		{"AudienceFilter", testAudienceFilter},
		{"AudienceFilterRandom", testAudienceFilterRandom},
		{"AudienceFilterLimit", testAudienceFilterLimit},
		{"Dense512", testDense512},
		{"LexicalFields", testLexicalFields},
		{"LexicalRanking", testLexicalRanking},
		{"Vectors", testVectors},
		{"PeerRates", testPeerRates},
		{"EmbeddingCache", testEmbeddingCache},
		{"EmbeddingCacheBound", testEmbeddingCacheBound},
		{"EmbeddingCacheBoundOverflow", testEmbeddingCacheBoundOverflow},
		{"EmbeddingCacheOff", testEmbeddingCacheOff},
		{"FilterKeys", testFilterKeys},
		{"BrowseFilters", testBrowseFilters},
		{"BrowseOrder", testBrowseOrder},
		{"Feedback", testFeedback},
		{"FeedbackPages", testFeedbackPages},
		{"FeedbackIdempotent", testFeedbackIdempotent},
		{"APIKeys", testAPIKeys},
		{"Workspaces", testWorkspaces},
		{"Lists", testLists},
		{"Weights", testWeights},
		{"SavedBriefs", testSavedBriefs},
		{"Idempotency", testIdempotency},
		{"Ping", testPing},
		{"Persistence", testPersistence},
		{"Concurrency", testConcurrency},
		{"Cancellation", testCancellation},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, f) })
	}
}

// ctx returns a context that ends with the test, with a generous deadline
// so a hanging backend fails instead of stalling the run.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

// upsert writes records and fails the test on error.
func upsert(t *testing.T, s cm.Store, records ...cm.CreatorRecord) {
	t.Helper()
	require.NoError(t, s.UpsertCreators(ctx(t), records))
}

// upsertBatches writes records in batches of n.
func upsertBatches(t *testing.T, s cm.Store, n int, records []cm.CreatorRecord) {
	t.Helper()
	for len(records) > 0 {
		k := min(n, len(records))
		upsert(t, s, records[:k]...)
		records = records[k:]
	}
}

func get(t *testing.T, s cm.Store, id string) *cm.Creator {
	t.Helper()
	c, err := s.GetCreator(ctx(t), id)
	require.NoError(t, err, "GetCreator(%q)", id)
	require.NotNil(t, c)
	return c
}

func requireNotFound(t *testing.T, s cm.Store, id string) {
	t.Helper()
	_, err := s.GetCreator(ctx(t), id)
	require.Error(t, err, "GetCreator(%q) of a missing creator", id)
	require.True(t, errors.Is(err, cm.ErrNotFound), "GetCreator(%q): want ErrNotFound, got %v", id, err)
}

func count(t *testing.T, s cm.Store) int {
	t.Helper()
	n, err := s.CountCreators(ctx(t))
	require.NoError(t, err)
	return n
}

// requireSameCreator compares two creators after the normalisation the
// package documentation allows.
func requireSameCreator(t *testing.T, want, got *cm.Creator, msgAndArgs ...any) {
	t.Helper()
	require.Equal(t, Normalize(want), Normalize(got), msgAndArgs...)
}

// Normalize returns a deep copy of v with the representation differences a
// backend may introduce removed: every time.Time in UTC truncated to the
// microsecond (monotonic reading dropped), every empty slice or map nil.
func Normalize[T any](v T) T {
	return normalize(reflect.ValueOf(&v).Elem()).Interface().(T)
}

var timeType = reflect.TypeFor[time.Time]()

func normalize(v reflect.Value) reflect.Value {
	t := v.Type()
	if t == timeType {
		tm := v.Interface().(time.Time)
		return reflect.ValueOf(tm.UTC().Truncate(time.Microsecond))
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		n := reflect.New(t.Elem())
		n.Elem().Set(normalize(v.Elem()))
		return n
	case reflect.Slice:
		if v.Len() == 0 {
			return reflect.Zero(t)
		}
		n := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			n.Index(i).Set(normalize(v.Index(i)))
		}
		return n
	case reflect.Map:
		if v.Len() == 0 {
			return reflect.Zero(t)
		}
		n := reflect.MakeMapWithSize(t, v.Len())
		it := v.MapRange()
		for it.Next() {
			n.SetMapIndex(it.Key(), normalize(it.Value()))
		}
		return n
	case reflect.Struct:
		n := reflect.New(t).Elem()
		n.Set(v)
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).IsExported() {
				n.Field(i).Set(normalize(v.Field(i)))
			}
		}
		return n
	}
	return v
}

// vecGen generates deterministic pseudo-random vectors.
type vecGen struct{ r *rand.Rand }

func newVecGen(seed uint64) *vecGen {
	return &vecGen{rand.New(rand.NewPCG(seed, seed*0x9e3779b97f4a7c15+1))}
}

// unit returns a uniformly random unit vector.
func (g *vecGen) unit(dim int) []float32 {
	v := make([]float32, dim)
	for i := range v {
		v[i] = float32(g.r.NormFloat64())
	}
	return unitize(v)
}

// near returns a unit vector around center: center plus Gaussian noise of
// total expected norm noise.
func (g *vecGen) near(center []float32, noise float64) []float32 {
	v := make([]float32, len(center))
	sd := noise / math.Sqrt(float64(len(center)))
	for i := range v {
		v[i] = center[i] + float32(g.r.NormFloat64()*sd)
	}
	return unitize(v)
}

func unitize(v []float32) []float32 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	n := math.Sqrt(s)
	for i := range v {
		v[i] = float32(float64(v[i]) / n)
	}
	return v
}

func scale(v []float32, k float32) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = x * k
	}
	return out
}

func cosine(a, b []float32) float64 {
	var d, na, nb float64
	for i := range a {
		d += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	return d / math.Sqrt(na*nb)
}

// bruteForce ranks every vector in vecs that keep accepts (nil keeps all)
// by cosine to q, best first, ties by ID: the reference SearchDense must
// match.
func bruteForce(q []float32, vecs map[string][]float32, keep func(id string) bool) []cm.Hit {
	out := make([]cm.Hit, 0, len(vecs))
	for id, v := range vecs {
		if keep == nil || keep(id) {
			out = append(out, cm.Hit{CreatorID: id, Score: cosine(q, v)})
		}
	}
	slices.SortFunc(out, func(a, b cm.Hit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.CreatorID, b.CreatorID)
	})
	return out
}

// requireRanking checks got is the top limit of the reference ranking want:
// the right length, no duplicates, only creators from want, each score
// within 1e-4 of its true cosine, best first, and at every rank a creator
// whose cosine equals the reference's at that rank to within 1e-5 (so only
// near-ties may be swapped).
func requireRanking(t *testing.T, want, got []cm.Hit, limit int, msgAndArgs ...any) {
	t.Helper()
	msg := fmt.Sprint(msgAndArgs...)
	k := min(limit, len(want))
	require.Len(t, got, k, "%s: hits: got %v, want top %d of %v", msg, ids(got), k, ids(want))
	truth := make(map[string]float64, len(want))
	for _, h := range want {
		truth[h.CreatorID] = h.Score
	}
	seen := map[string]bool{}
	for i, h := range got {
		s, ok := truth[h.CreatorID]
		require.True(t, ok, "%s: hit %d %q should not be returned (fails the filter, other model or no vector); got %v", msg, i, h.CreatorID, ids(got))
		require.False(t, seen[h.CreatorID], "%s: %q returned twice", msg, h.CreatorID)
		seen[h.CreatorID] = true
		require.InDelta(t, s, h.Score, 1e-4, "%s: score of %q", msg, h.CreatorID)
		require.InDelta(t, want[i].Score, s, 1e-5, "%s: rank %d: got %q (cos %.6f), want %q (cos %.6f); got %v want %v",
			msg, i, h.CreatorID, s, want[i].CreatorID, want[i].Score, ids(got), ids(want[:k]))
		if i > 0 {
			require.GreaterOrEqual(t, got[i-1].Score+1e-6, h.Score, "%s: hits not best first", msg)
		}
	}
}

func ids(hits []cm.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.CreatorID
	}
	return out
}

func ptr[T any](v T) *T { return &v }
