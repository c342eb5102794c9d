package memory

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

func cacheTestCreator(id, name string) cm.CreatorRecord {
	return cm.CreatorRecord{Creator: &cm.Creator{
		ID: id, Name: name, Languages: []string{"en"},
		Audience: &cm.Audience{Age: map[string]float64{"18-24": 1}},
		Features: &cm.Features{Niches: cm.NicheFeature{Labels: []cm.NicheLabel{{Niche: "food", Confidence: 1}}}},
	}}
}

func getCreators(t *testing.T, s *Store, ids ...string) []*cm.Creator {
	t.Helper()
	got, err := s.GetCreators(t.Context(), ids)
	require.NoError(t, err)
	return got
}

// TestCreatorCache: GetCreators shares cached creators, never serves a
// replaced one, and holds at most two generations; GetCreator and
// ScanCreators return creators of their own.
func TestCreatorCache(t *testing.T) {
	s := openT(t, t.TempDir(), WithCreatorCache(4))
	ctx := t.Context()
	require.NoError(t, s.UpsertCreators(ctx, []cm.CreatorRecord{cacheTestCreator("a", "A1"), cacheTestCreator("b", "B1")}))

	first := getCreators(t, s, "a", "b", "missing")
	require.Len(t, first, 2)
	again := getCreators(t, s, "b", "a")
	require.Same(t, first[0], again[1], "a cached creator is shared")
	require.Same(t, first[1], again[0])

	// A write replaces the entry: the next read is the new creator.
	require.NoError(t, s.UpsertCreators(ctx, []cm.CreatorRecord{cacheTestCreator("a", "A2")}))
	got := getCreators(t, s, "a", "b")
	require.Equal(t, "A2", got[0].Name)
	require.Same(t, first[1], got[1])
	require.Equal(t, "A1", first[0].Name, "a creator handed out earlier is not changed")
	require.NoError(t, s.DeleteCreator(ctx, "b"))
	require.Len(t, getCreators(t, s, "b"), 0)

	// GetCreator and ScanCreators: the caller's own copies, equal to the
	// shared one.
	own, err := s.GetCreator(ctx, "a")
	require.NoError(t, err)
	require.NotSame(t, got[0], own)
	require.True(t, reflect.DeepEqual(got[0], own))
	own.Name = "mine"
	own.Languages[0] = "xx"
	own.Audience.Age["18-24"] = 0
	own.Features.Niches.Labels[0].Niche = "mine"
	require.NoError(t, s.ScanCreators(ctx, func(c *cm.Creator) error {
		require.NotSame(t, got[0], c)
		require.True(t, reflect.DeepEqual(got[0], c))
		return nil
	}))
	require.Equal(t, "A2", getCreators(t, s, "a")[0].Name)
	require.Equal(t, "en", getCreators(t, s, "a")[0].Languages[0])

	// Bounded: at most two generations of 4.
	var recs []cm.CreatorRecord
	var ids []string
	for i := range 20 {
		id := fmt.Sprintf("n%02d", i)
		recs = append(recs, cacheTestCreator(id, id))
		ids = append(ids, id)
	}
	require.NoError(t, s.UpsertCreators(ctx, recs))
	for _, id := range ids {
		getCreators(t, s, id)
	}
	c := s.decoded
	require.LessOrEqual(t, len(c.cur), 4)
	require.LessOrEqual(t, len(c.prev), 4)
	// The last generations' creators are still shared; a hit in the
	// previous generation moves it to the current one.
	last := getCreators(t, s, ids[19])[0]
	require.Same(t, last, getCreators(t, s, ids[19])[0])
	inPrev := -1
	for i, id := range ids {
		e := s.creators[id]
		if _, ok := c.prev[e.seq]; ok {
			inPrev = i
		}
	}
	require.GreaterOrEqual(t, inPrev, 0)
	cr := getCreators(t, s, ids[inPrev])[0]
	_, ok := c.cur[s.creators[ids[inPrev]].seq]
	require.True(t, ok, "promoted to the current generation")
	require.Same(t, cr, getCreators(t, s, ids[inPrev])[0])
	require.Equal(t, ids[inPrev], cr.ID)
}

// TestCreatorCacheOff: with no cache every GetCreators unpacks.
func TestCreatorCacheOff(t *testing.T) {
	s := openT(t, t.TempDir(), WithCreatorCache(0))
	require.NoError(t, s.UpsertCreators(t.Context(), []cm.CreatorRecord{cacheTestCreator("a", "A")}))
	x, y := getCreators(t, s, "a")[0], getCreators(t, s, "a")[0]
	require.NotSame(t, x, y)
	require.True(t, reflect.DeepEqual(x, y))
	require.Empty(t, s.decoded.cur)
}

// TestCreatorCacheConcurrent: readers sharing the cache while writers
// replace the creators see whole versions, each at least as new as the
// last one they saw (run with -race).
func TestCreatorCacheConcurrent(t *testing.T) {
	s := openT(t, t.TempDir(), WithCreatorCache(8))
	ctx := t.Context()
	ids := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
	write := func(v int) {
		var recs []cm.CreatorRecord
		for _, id := range ids {
			r := cacheTestCreator(id, fmt.Sprint(v))
			r.Creator.Bio = "v" + fmt.Sprint(v)
			recs = append(recs, r)
		}
		require.NoError(t, s.UpsertCreators(ctx, recs))
	}
	write(0)
	done := make(chan struct{})
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			last := map[string]int{}
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				got, err := s.GetCreators(ctx, ids)
				if err != nil || len(got) != len(ids) {
					errs <- fmt.Errorf("GetCreators: %v, %d creators", err, len(got))
					return
				}
				for _, c := range got {
					var v int
					fmt.Sscan(c.Name, &v)
					if c.Bio != "v"+c.Name || v < last[c.ID] {
						errs <- fmt.Errorf("%s: name %q bio %q after version %d", c.ID, c.Name, c.Bio, last[c.ID])
						return
					}
					last[c.ID] = v
				}
			}
		}()
	}
	for v := 1; v <= 50; v++ {
		write(v)
	}
	close(done)
	for range 4 {
		require.NoError(t, <-errs)
	}
	for _, c := range getCreators(t, s, ids...) {
		require.Equal(t, "50", c.Name)
	}
}
