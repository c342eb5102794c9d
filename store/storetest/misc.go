package storetest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

func testVectors(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(20)
	a, b := basicCreator("vec-a"), basicCreator("vec-b")
	a.Content = append(a.Content, cm.ContentItem{ID: "vec-a-p2", Caption: "second"})
	va, vb := g.unit(dim8), g.unit(dim8)
	ca := map[string][]float32{"vec-a-p1": g.unit(dim8), "vec-a-p2": g.unit(dim8)}
	vbB := g.unit(dim8)
	upsert(t, s,
		rec(a, modelA, va, ca),
		rec(b, modelA, vb, nil),
		rec(basicCreator("vec-other"), modelB, vbB, map[string][]float32{"vec-other-p1": g.unit(dim8)}),
	)

	pv, err := s.ProfileVectors(ctx(t), modelA, []string{"vec-a", "vec-b", "vec-other", "missing"})
	require.NoError(t, err)
	require.Equal(t, map[string][]float32{"vec-a": va, "vec-b": vb}, pv)
	pv, err = s.ProfileVectors(ctx(t), modelB, []string{"vec-a", "vec-other"})
	require.NoError(t, err)
	require.Equal(t, map[string][]float32{"vec-other": vbB}, pv)
	pv, err = s.ProfileVectors(ctx(t), modelA, nil)
	require.NoError(t, err)
	require.Empty(t, pv)

	cv, err := s.ContentVectors(ctx(t), modelA, []string{"vec-a", "vec-b", "vec-other", "missing"})
	require.NoError(t, err)
	require.Equal(t, ca, cv["vec-a"])
	require.Empty(t, cv["vec-b"], "no content vectors stored")
	require.Empty(t, cv["vec-other"], "other model")
	require.Empty(t, cv["missing"])

	// A store that scores content vectors in place gives, per creator, the
	// k best cosine similarities, best first, for creators with content
	// vectors of the model only.
	if cs, ok := s.(cm.ContentScorer); ok {
		q := g.unit(dim8)
		want := []float64{features.Cosine(q, ca["vec-a-p1"]), features.Cosine(q, ca["vec-a-p2"])}
		slices.SortFunc(want, func(a, b float64) int { return cmp.Compare(b, a) })
		for _, k := range []int{1, 2, 5} {
			got, err := cs.TopContentSimilarities(ctx(t), modelA, q, []string{"vec-a", "vec-b", "vec-other", "missing"}, k)
			require.NoError(t, err)
			require.Len(t, got, 1, "k=%d: only vec-a has content vectors of modelA", k)
			require.InDeltaSlice(t, want[:min(k, 2)], got["vec-a"], 1e-6, "k=%d", k)
		}
		got, err := cs.TopContentSimilarities(ctx(t), modelA, q, nil, 3)
		require.NoError(t, err)
		require.Empty(t, got)
		_, err = cs.TopContentSimilarities(ctx(t), modelA, []float32{1, 0}, []string{"vec-a"}, 3)
		require.ErrorIs(t, err, cm.ErrInvalid, "a vector of another dimension")
	}

	// A store that scores profile vectors in place gives the numbers its
	// dense search gives, for the ids that have a vector of the model.
	ps, ok := s.(cm.ProfileScorer)
	if !ok {
		return
	}
	q := g.unit(dim8)
	hits, err := s.SearchDense(ctx(t), cm.DenseQuery{Model: modelA, Vector: q, Limit: 10})
	require.NoError(t, err)
	require.Len(t, hits, 2)
	sims, err := ps.ProfileSimilarities(ctx(t), modelA, q, []string{"vec-a", "vec-b", "vec-other", "missing"})
	require.NoError(t, err)
	require.Len(t, sims, 2)
	for _, h := range hits {
		require.InDelta(t, h.Score, sims[h.CreatorID], 1e-9, h.CreatorID)
	}
	sims, err = ps.ProfileSimilarities(ctx(t), modelA, q, nil)
	require.NoError(t, err)
	require.Empty(t, sims)
	_, err = ps.ProfileSimilarities(ctx(t), modelA, []float32{1, 0}, []string{"vec-a"})
	require.ErrorIs(t, err, cm.ErrInvalid, "a vector of another dimension")
}

func testPeerRates(t *testing.T, f Factory) {
	s := f.New(t)
	mk := func(id string, p cm.Platform, tier cm.Tier, rate float64) cm.CreatorRecord {
		c := basicCreator(id)
		c.Features.Tier.Value = tier
		c.Features.Tier.Platform = cm.Instagram // the engagement platform decides the group
		c.Features.EngagementRate.Platform = p
		c.Features.EngagementRate.Value = rate
		return cm.CreatorRecord{Creator: c}
	}
	upsert(t, s,
		mk("pr-1", cm.Instagram, cm.TierMicro, 0.03),
		mk("pr-2", cm.Instagram, cm.TierMicro, 0.01),
		mk("pr-3", cm.Instagram, cm.TierMicro, 0.02),
		mk("pr-4", cm.TikTok, cm.TierMid, 0.10),
		mk("pr-5", cm.Instagram, cm.TierMid, 0.05),
		mk("pr-6", cm.TikTok, cm.TierMicro, 0.2),
	)
	rates, err := s.PeerRates(ctx(t))
	require.NoError(t, err)
	require.Equal(t, map[string][]float64{
		"instagram/micro": {0.01, 0.02, 0.03},
		"tiktok/mid":      {0.10},
		"instagram/mid":   {0.05},
		"tiktok/micro":    {0.2},
	}, rates)

	require.NoError(t, s.DeleteCreator(ctx(t), "pr-2"))
	upsert(t, s, mk("pr-1", cm.Instagram, cm.TierMicro, 0.5))
	rates, err = s.PeerRates(ctx(t))
	require.NoError(t, err)
	require.Equal(t, []float64{0.02, 0.5}, rates[cm.PeerKey(cm.Instagram, cm.TierMicro)])
}

func testEmbeddingCache(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(21)
	k1, k2, k3 := cm.EmbeddingKey("hello"), cm.EmbeddingKey("world"), cm.EmbeddingKey("absent")
	v1, v2, v3 := g.unit(dim8), g.unit(dim8), g.unit(dim4)
	require.NoError(t, s.CacheEmbeddings(ctx(t), modelA, map[string][]float32{k1: v1, k2: v2}))
	require.NoError(t, s.CacheEmbeddings(ctx(t), modelB, map[string][]float32{k1: v3}))

	got, err := s.CachedEmbeddings(ctx(t), modelA, []string{k1, k2, k3})
	require.NoError(t, err)
	require.Equal(t, map[string][]float32{k1: v1, k2: v2}, got)
	got, err = s.CachedEmbeddings(ctx(t), modelB, []string{k1, k2})
	require.NoError(t, err)
	require.Equal(t, map[string][]float32{k1: v3}, got, "models are cached separately")
	got, err = s.CachedEmbeddings(ctx(t), "unknown-model", []string{k1})
	require.NoError(t, err)
	require.Empty(t, got)
	got, err = s.CachedEmbeddings(ctx(t), modelA, nil)
	require.NoError(t, err)
	require.Empty(t, got)

	v1b := g.unit(dim8)
	require.NoError(t, s.CacheEmbeddings(ctx(t), modelA, map[string][]float32{k1: v1b}))
	got, err = s.CachedEmbeddings(ctx(t), modelA, []string{k1, k2})
	require.NoError(t, err)
	require.Equal(t, map[string][]float32{k1: v1b, k2: v2}, got, "caching a key again replaces it")
}

// cacheStats returns s's embedding cache statistics.
func cacheStats(t *testing.T, s cm.Store) cm.EmbeddingCacheStats {
	t.Helper()
	r, ok := s.(cm.EmbeddingCacheReporter)
	require.True(t, ok, "%T does not report embedding cache statistics", s)
	st, err := r.EmbeddingCacheStats(ctx(t))
	require.NoError(t, err)
	return st
}

// cacheKeys returns n distinct text keys with prefix p.
func cacheKeys(p string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = cm.EmbeddingKey(fmt.Sprintf("%s %d", p, i))
	}
	return out
}

// testEmbeddingCacheBound fills a cache of 8 entries one write at a time,
// uses the oldest entry, and writes 4 more: the 4 least recently used
// others are evicted (lookups of them miss), the used one survives, and the
// statistics count the hits, misses and evictions.
func testEmbeddingCacheBound(t *testing.T, f Factory) {
	if f.NewCacheBound == nil {
		t.Skip("the factory opens no bounded stores")
	}
	const bound = 8
	s := f.NewCacheBound(t, bound)
	g := newVecGen(23)
	keys := cacheKeys("bound", bound+4)
	vecs := map[string][]float32{}
	for _, k := range keys {
		vecs[k] = g.unit(dim8)
	}
	for _, k := range keys[:bound] {
		require.NoError(t, s.CacheEmbeddings(ctx(t), modelA, map[string][]float32{k: vecs[k]}))
	}
	st := cacheStats(t, s)
	require.Equal(t, bound, st.MaxEntries)
	require.Equal(t, bound, st.Entries)
	require.Zero(t, st.Evictions)
	require.Positive(t, st.Bytes)

	// Using keys[0] makes it the most recently used.
	got, err := s.CachedEmbeddings(ctx(t), modelA, keys[:1])
	require.NoError(t, err)
	require.Equal(t, map[string][]float32{keys[0]: vecs[keys[0]]}, got)

	for _, k := range keys[bound:] {
		require.NoError(t, s.CacheEmbeddings(ctx(t), modelA, map[string][]float32{k: vecs[k]}))
	}
	st2 := cacheStats(t, s)
	require.Equal(t, bound, st2.Entries, "filling past the bound keeps the bound")
	require.Equal(t, uint64(4), st2.Evictions-st.Evictions)

	survivors := append([]string{keys[0]}, keys[5:]...)
	got, err = s.CachedEmbeddings(ctx(t), modelA, survivors)
	require.NoError(t, err)
	want := map[string][]float32{}
	for _, k := range survivors {
		want[k] = vecs[k]
	}
	require.Equal(t, want, got, "the recently used entry and the newest survive")
	for _, k := range keys[1:5] {
		got, err = s.CachedEmbeddings(ctx(t), modelA, []string{k})
		require.NoError(t, err)
		require.Empty(t, got, "a get after eviction is a miss")
	}
	st3 := cacheStats(t, s)
	require.Equal(t, uint64(len(survivors)), st3.Hits-st2.Hits)
	require.Equal(t, uint64(4), st3.Misses-st2.Misses)

	// Rewriting a key is a use too: in a fresh cache of k0..k7, rewriting
	// k0 then writing one more evicts k1, not k0.
	s = f.NewCacheBound(t, bound)
	for _, k := range keys[:bound] {
		require.NoError(t, s.CacheEmbeddings(ctx(t), modelA, map[string][]float32{k: vecs[k]}))
	}
	v0 := g.unit(dim8)
	require.NoError(t, s.CacheEmbeddings(ctx(t), modelA, map[string][]float32{keys[0]: v0}))
	require.NoError(t, s.CacheEmbeddings(ctx(t), modelA, map[string][]float32{keys[bound]: vecs[keys[bound]]}))
	got, err = s.CachedEmbeddings(ctx(t), modelA, keys[:2])
	require.NoError(t, err)
	require.Equal(t, map[string][]float32{keys[0]: v0}, got)
	require.Equal(t, bound, cacheStats(t, s).Entries)
}

// testEmbeddingCacheBoundOverflow writes far more than the bound, in one
// call and in several, over two models: the bound holds over all models.
func testEmbeddingCacheBoundOverflow(t *testing.T, f Factory) {
	if f.NewCacheBound == nil {
		t.Skip("the factory opens no bounded stores")
	}
	const bound = 8
	s := f.NewCacheBound(t, bound)
	g := newVecGen(24)
	big := map[string][]float32{}
	for _, k := range cacheKeys("overflow", 3*bound) {
		big[k] = g.unit(dim8)
	}
	require.NoError(t, s.CacheEmbeddings(ctx(t), modelA, big))
	require.LessOrEqual(t, cacheStats(t, s).Entries, bound, "one write of 3× the bound")
	got, err := s.CachedEmbeddings(ctx(t), modelA, slices.Collect(maps.Keys(big)))
	require.NoError(t, err)
	require.LessOrEqual(t, len(got), bound)
	for k, v := range got {
		require.Equal(t, big[k], v)
	}

	for i, k := range cacheKeys("overflow b", 2*bound) {
		m := modelA
		if i%2 == 1 {
			m = modelB
		}
		require.NoError(t, s.CacheEmbeddings(ctx(t), m, map[string][]float32{k: g.unit(dim8)}))
		require.LessOrEqual(t, cacheStats(t, s).Entries, bound, "write %d", i)
	}
	st := cacheStats(t, s)
	require.Equal(t, bound, st.Entries)
	require.GreaterOrEqual(t, st.Evictions, uint64(4*bound-bound))
}

// testEmbeddingCacheOff: a bound of 0 turns the cache off; writes are still
// validated.
func testEmbeddingCacheOff(t *testing.T, f Factory) {
	if f.NewCacheBound == nil {
		t.Skip("the factory opens no bounded stores")
	}
	s := f.NewCacheBound(t, 0)
	k := cm.EmbeddingKey("off")
	require.NoError(t, s.CacheEmbeddings(ctx(t), modelA, map[string][]float32{k: newVecGen(25).unit(dim8)}))
	got, err := s.CachedEmbeddings(ctx(t), modelA, []string{k})
	require.NoError(t, err)
	require.Empty(t, got)
	err = s.CacheEmbeddings(ctx(t), modelA, map[string][]float32{k: {}})
	require.ErrorIs(t, err, cm.ErrInvalid)
	st := cacheStats(t, s)
	require.Zero(t, st.MaxEntries)
	require.Zero(t, st.Entries)
	require.Equal(t, uint64(1), st.Misses)
}

func feedbackEvents() []cm.FeedbackEvent {
	return []cm.FeedbackEvent{
		{ID: "e1", Workspace: cm.DefaultWorkspace, BriefID: "b1", BriefText: "vegan snacks", CreatorID: "c1", Kind: cm.FeedbackShortlisted, CreatedAt: timeAt(2)},
		{ID: "e2", Workspace: cm.DefaultWorkspace, BriefID: "b1", CreatorID: "c2", Kind: cm.FeedbackContacted, CreatedAt: timeAt(0)},
		{ID: "e3", Workspace: cm.DefaultWorkspace, BriefID: "b2", CreatorID: "c1", Kind: cm.FeedbackHired, CreatedAt: timeAt(1).In(time.FixedZone("X", -5*3600))},
		{ID: "e4", Workspace: cm.DefaultWorkspace, BriefID: "b2", CreatorID: "c2", Kind: cm.FeedbackCampaignResult, Metrics: map[string]float64{"engagements": 1234, "roi": 2.5}, CreatedAt: timeAt(3)},
		{ID: "e5", Workspace: cm.DefaultWorkspace, BriefID: "b1", CreatorID: "c1", Kind: cm.FeedbackRejected, CreatedAt: timeAt(4)},
	}
}

func pick(evs []cm.FeedbackEvent, ids ...string) []cm.FeedbackEvent {
	var out []cm.FeedbackEvent
	for _, id := range ids {
		for _, e := range evs {
			if e.ID == id {
				out = append(out, e)
			}
		}
	}
	return out
}

// listFeedback lists events and clears Seq, the store's own numbering,
// after checking it orders events that share a time.
func listFeedback(t *testing.T, s cm.Store, f cm.FeedbackFilter) []cm.FeedbackEvent {
	t.Helper()
	got, err := s.ListFeedback(ctx(t), f)
	require.NoError(t, err)
	for i := range got {
		if i > 0 {
			prev := cm.FeedbackPosition{CreatedAt: got[i-1].CreatedAt, Seq: got[i-1].Seq}
			require.True(t, prev.Before(got[i].CreatedAt, got[i].Seq), "events out of (created_at, seq) order at %d", i)
		}
	}
	for i := range got {
		got[i].Seq = 0
	}
	return got
}

// testFeedbackPages pages through events with Limit and After: the pages
// add up to the whole listing, in order, with ties in insertion order,
// filters included.
func testFeedbackPages(t *testing.T, f Factory) {
	s := f.New(t)
	var evs []cm.FeedbackEvent
	for i := 0; i < 23; i++ {
		evs = append(evs, cm.FeedbackEvent{ID: fmt.Sprintf("pg%02d", i), BriefID: []string{"b1", "b2"}[i%2], CreatorID: "c1",
			Kind: cm.FeedbackShortlisted, CreatedAt: timeAt(i / 5)}) // five events share each time
	}
	// Added out of time order, in several batches.
	require.NoError(t, s.AddFeedback(ctx(t), evs[10:]))
	require.NoError(t, s.AddFeedback(ctx(t), evs[:10]))
	for _, filter := range []cm.FeedbackFilter{{}, {BriefID: "b2"}} {
		all, err := s.ListFeedback(ctx(t), filter)
		require.NoError(t, err)
		for _, limit := range []int{1, 4, 5, 100} {
			var paged []cm.FeedbackEvent
			f := filter
			f.Limit = limit
			for guard := 0; guard < 30; guard++ {
				page, err := s.ListFeedback(ctx(t), f)
				require.NoError(t, err)
				require.LessOrEqual(t, len(page), limit)
				if len(page) == 0 {
					break
				}
				paged = append(paged, page...)
				last := page[len(page)-1]
				f.After = &cm.FeedbackPosition{CreatedAt: last.CreatedAt, Seq: last.Seq}
			}
			require.Equal(t, eventIDs(all), eventIDs(paged), "brief %q, pages of %d", filter.BriefID, limit)
		}
	}
	// Ties in insertion order: evs[10:] were added first.
	first, err := s.ListFeedback(ctx(t), cm.FeedbackFilter{Limit: 5})
	require.NoError(t, err)
	require.Equal(t, []string{"pg00", "pg01", "pg02", "pg03", "pg04"}, eventIDs(first))
	tied, err := s.ListFeedback(ctx(t), cm.FeedbackFilter{Limit: 5, After: &cm.FeedbackPosition{CreatedAt: timeAt(2), Seq: 0}})
	require.NoError(t, err)
	require.Equal(t, []string{"pg10", "pg11", "pg12", "pg13", "pg14"}, eventIDs(tied))
}

func eventIDs(evs []cm.FeedbackEvent) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}

func testFeedback(t *testing.T, f Factory) {
	s := f.New(t)
	require.Empty(t, listFeedback(t, s, cm.FeedbackFilter{}))
	evs := feedbackEvents()
	require.NoError(t, s.AddFeedback(ctx(t), evs[:2]))
	require.NoError(t, s.AddFeedback(ctx(t), evs[2:]))

	for _, tc := range []struct {
		name   string
		filter cm.FeedbackFilter
		want   []string
	}{
		{"all, oldest first", cm.FeedbackFilter{}, []string{"e2", "e3", "e1", "e4", "e5"}},
		{"brief", cm.FeedbackFilter{BriefID: "b1"}, []string{"e2", "e1", "e5"}},
		{"creator", cm.FeedbackFilter{CreatorID: "c1"}, []string{"e3", "e1", "e5"}},
		{"kinds", cm.FeedbackFilter{Kinds: []cm.FeedbackKind{cm.FeedbackHired, cm.FeedbackRejected}}, []string{"e3", "e5"}},
		{"brief and creator", cm.FeedbackFilter{BriefID: "b1", CreatorID: "c1"}, []string{"e1", "e5"}},
		{"brief, creator and kind", cm.FeedbackFilter{BriefID: "b1", CreatorID: "c1", Kinds: []cm.FeedbackKind{cm.FeedbackShortlisted}}, []string{"e1"}},
		{"no match", cm.FeedbackFilter{BriefID: "b9"}, nil},
		{"creators", cm.FeedbackFilter{CreatorIDs: []string{"c2", "c9"}}, []string{"e2", "e4"}},
		{"creators and kinds", cm.FeedbackFilter{CreatorIDs: []string{"c1", "c2"}, Kinds: []cm.FeedbackKind{cm.FeedbackHired, cm.FeedbackCampaignResult}}, []string{"e3", "e4"}},
		{"creator and creators", cm.FeedbackFilter{CreatorID: "c1", CreatorIDs: []string{"c2"}}, nil},
		{"no creators: no condition", cm.FeedbackFilter{CreatorIDs: []string{}, BriefID: "b2"}, []string{"e3", "e4"}},
	} {
		got := listFeedback(t, s, tc.filter)
		require.Equal(t, Normalize(pick(feedbackEvents(), tc.want...)), Normalize(got), tc.name)
	}

	// A batch with an invalid event stores nothing.
	bad := []cm.FeedbackEvent{
		{ID: "e6", BriefID: "b3", CreatorID: "c3", Kind: cm.FeedbackHired, CreatedAt: timeAt(5)},
		{ID: "e7", BriefID: "b3", CreatorID: "c3", Kind: "bogus", CreatedAt: timeAt(6)},
	}
	err := s.AddFeedback(ctx(t), bad)
	require.Error(t, err)
	require.True(t, errors.Is(err, cm.ErrInvalid), "unknown kind: want ErrInvalid, got %v", err)
	require.Empty(t, listFeedback(t, s, cm.FeedbackFilter{BriefID: "b3"}))
}

// testPersistence writes every kind of data, reopens the store and checks
// it all came back, deletes included.
func testPersistence(t *testing.T, f Factory) {
	if f.Reopen == nil {
		t.Skip("backend has no Reopen")
	}
	s := f.New(t)
	g := newVecGen(22)
	vecs := map[string][]float32{}
	content := map[string]map[string][]float32{}
	var batch []cm.CreatorRecord
	for _, id := range seriesIDs("ps", 20) {
		c := fullCreator(id)
		c.Bio = "persistent pottery " + id
		vecs[id] = g.unit(dim8)
		content[id] = map[string][]float32{"p1": g.unit(dim8), "p2": g.unit(dim8)}
		batch = append(batch, rec(c, modelA, vecs[id], content[id]))
	}
	upsertBatches(t, s, 7, batch)
	require.NoError(t, s.DeleteCreator(ctx(t), "ps-005"))
	delete(vecs, "ps-005")
	replaced := basicCreator("ps-006")
	vecs["ps-006"] = g.unit(dim8)
	upsert(t, s, rec(replaced, modelA, vecs["ps-006"], nil))
	key := cm.EmbeddingKey("persisted text")
	cached := g.unit(dim8)
	require.NoError(t, s.CacheEmbeddings(ctx(t), modelA, map[string][]float32{key: cached}))
	require.NoError(t, s.AddFeedback(ctx(t), feedbackEvents()))

	check := func(s cm.Store) {
		t.Helper()
		require.Equal(t, 19, count(t, s))
		requireNotFound(t, s, "ps-005")
		requireSameCreator(t, replaced, get(t, s, "ps-006"))
		for _, id := range []string{"ps-000", "ps-013", "ps-019"} {
			want := fullCreator(id)
			want.Bio = "persistent pottery " + id
			requireSameCreator(t, want, get(t, s, id))
		}
		pv, err := s.ProfileVectors(ctx(t), modelA, keys(vecs))
		require.NoError(t, err)
		require.Equal(t, vecs, pv)
		cv, err := s.ContentVectors(ctx(t), modelA, []string{"ps-001", "ps-006"})
		require.NoError(t, err)
		require.Equal(t, content["ps-001"], cv["ps-001"])
		require.Empty(t, cv["ps-006"])
		q := g.unit(dim8)
		requireRanking(t, bruteForce(q, vecs, nil), dense(t, s, cm.DenseQuery{Model: modelA, Vector: q, Limit: 5}), 5, "dense after reopen")
		require.Len(t, lexical(t, s, "pottery", 50, cm.Filter{}), 18, "lexical index after reopen")
		got, err := s.CachedEmbeddings(ctx(t), modelA, []string{key})
		require.NoError(t, err)
		require.Equal(t, map[string][]float32{key: cached}, got)
		require.Equal(t, Normalize(pick(feedbackEvents(), "e2", "e3", "e1", "e4", "e5")), Normalize(listFeedback(t, s, cm.FeedbackFilter{})))
	}
	check(s)
	s = f.Reopen(t, s)
	check(s)

	// Writes after a reopen persist as well.
	vecs["ps-new"] = g.unit(dim8)
	upsert(t, s, rec(basicCreator("ps-new"), modelA, vecs["ps-new"], nil))
	s = f.Reopen(t, s)
	requireSameCreator(t, basicCreator("ps-new"), get(t, s, "ps-new"))
	require.Equal(t, 20, count(t, s))
}

// testConcurrency runs writers and readers at once (meaningful under
// -race) and checks every creator ends in the state of its last write, with
// record and vector from the same upsert.
func testConcurrency(t *testing.T, f Factory) {
	s := f.New(t)
	const writers, perWriter, rounds, readers = 4, 8, 5, 3
	vec := func(id string, round int) []float32 {
		var seed uint64 = uint64(round) + 1
		for _, c := range id {
			seed = seed*31 + uint64(c)
		}
		return newVecGen(seed).unit(dim8)
	}
	mk := func(id string, round int) cm.CreatorRecord {
		c := basicCreator(id)
		c.Bio = fmt.Sprintf("concurrent version %d", round)
		return rec(c, modelA, vec(id, round), map[string][]float32{id + "-p1": vec(id+"-p1", round)})
	}
	var all []string
	for w := 0; w < writers; w++ {
		all = append(all, seriesIDs(fmt.Sprintf("cc%d", w), perWriter)...)
	}

	c := ctx(t)
	var wg sync.WaitGroup
	done := make(chan struct{})
	for w := 0; w < writers; w++ {
		ids := all[w*perWriter : (w+1)*perWriter]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				var batch []cm.CreatorRecord
				for _, id := range ids {
					batch = append(batch, mk(id, r))
				}
				if !assert.NoError(t, s.UpsertCreators(c, batch)) {
					return
				}
				// A short-lived extra creator: written then deleted.
				tmp := fmt.Sprintf("tmp-%d-%d", w, r)
				assert.NoError(t, s.UpsertCreators(c, []cm.CreatorRecord{mk(tmp, r)}))
				assert.NoError(t, s.DeleteCreator(c, tmp))
			}
		}()
	}
	var rwg sync.WaitGroup
	for r := 0; r < readers; r++ {
		rwg.Add(1)
		go func() {
			defer rwg.Done()
			g := newVecGen(uint64(100 + r))
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				hits, err := s.SearchDense(c, cm.DenseQuery{Model: modelA, Vector: g.unit(dim8), Limit: 5})
				if assert.NoError(t, err) {
					assert.LessOrEqual(t, len(hits), 5)
					seen := map[string]bool{}
					for _, h := range hits {
						assert.False(t, seen[h.CreatorID], "duplicate hit %s", h.CreatorID)
						seen[h.CreatorID] = true
					}
				}
				lex, err := s.SearchLexical(c, cm.LexicalQuery{Text: "concurrent version", Limit: 5})
				if assert.NoError(t, err) {
					assert.LessOrEqual(t, len(lex), 5)
				}
				id := all[i%len(all)]
				if got, err := s.GetCreator(c, id); err == nil {
					assert.Equal(t, id, got.ID)
				} else {
					assert.True(t, errors.Is(err, cm.ErrNotFound), "GetCreator: %v", err)
				}
				n, err := s.CountCreators(c)
				if assert.NoError(t, err) {
					assert.LessOrEqual(t, n, len(all)+writers)
				}
				if i%10 == 0 {
					_, err := s.PeerRates(c)
					assert.NoError(t, err)
				}
			}
		}()
	}
	wg.Wait()
	close(done)
	rwg.Wait()
	if t.Failed() {
		return
	}

	require.Equal(t, len(all), count(t, s))
	pv, err := s.ProfileVectors(ctx(t), modelA, all)
	require.NoError(t, err)
	cv, err := s.ContentVectors(ctx(t), modelA, all)
	require.NoError(t, err)
	last := rounds - 1
	for _, id := range all {
		got := get(t, s, id)
		require.Equal(t, fmt.Sprintf("concurrent version %d", last), got.Bio, id)
		require.Equal(t, vec(id, last), pv[id], id)
		require.Equal(t, map[string][]float32{id + "-p1": vec(id+"-p1", last)}, cv[id], id)
		hits := dense(t, s, cm.DenseQuery{Model: modelA, Vector: vec(id, last), Limit: 1, Filter: cm.Filter{IDs: []string{id}}})
		require.Equal(t, []string{id}, ids(hits))
	}
}

// testCancellation calls every method with a cancelled context: each must
// return promptly with an error wrapping context.Canceled, and a cancelled
// write must write nothing.
func testCancellation(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(23)
	var batch []cm.CreatorRecord
	for _, id := range seriesIDs("cx", 30) {
		batch = append(batch, rec(basicCreator(id), modelA, g.unit(dim8), nil))
	}
	upsert(t, s, batch...)
	require.NoError(t, s.AddFeedback(ctx(t), feedbackEvents()[:1]))
	key := apiKey("cx-key", 1)
	require.NoError(t, s.CreateAPIKey(ctx(t), key))

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	q := g.unit(dim8)
	calls := []struct {
		name string
		call func(context.Context) error
	}{
		{"UpsertCreators", func(c context.Context) error {
			return s.UpsertCreators(c, []cm.CreatorRecord{rec(basicCreator("cx-new"), modelA, q, nil)})
		}},
		{"GetCreator", func(c context.Context) error { _, err := s.GetCreator(c, "cx-001"); return err }},
		{"GetCreators", func(c context.Context) error { _, err := s.GetCreators(c, []string{"cx-001"}); return err }},
		{"DeleteCreator", func(c context.Context) error { return s.DeleteCreator(c, "cx-002") }},
		{"CountCreators", func(c context.Context) error { _, err := s.CountCreators(c); return err }},
		{"ScanCreators", func(c context.Context) error { return s.ScanCreators(c, func(*cm.Creator) error { return nil }) }},
		{"SearchDense", func(c context.Context) error {
			_, err := s.SearchDense(c, cm.DenseQuery{Model: modelA, Vector: q, Limit: 5})
			return err
		}},
		{"SearchDenseExact", func(c context.Context) error {
			_, err := s.SearchDense(c, cm.DenseQuery{Model: modelA, Vector: q, Limit: 5, Exact: true})
			return err
		}},
		{"SearchLexical", func(c context.Context) error {
			_, err := s.SearchLexical(c, cm.LexicalQuery{Text: "post", Limit: 5})
			return err
		}},
		{"ProfileVectors", func(c context.Context) error { _, err := s.ProfileVectors(c, modelA, []string{"cx-001"}); return err }},
		{"ContentVectors", func(c context.Context) error { _, err := s.ContentVectors(c, modelA, []string{"cx-001"}); return err }},
		{"PeerRates", func(c context.Context) error { _, err := s.PeerRates(c); return err }},
		{"CachedEmbeddings", func(c context.Context) error { _, err := s.CachedEmbeddings(c, modelA, []string{"k"}); return err }},
		{"CacheEmbeddings", func(c context.Context) error {
			return s.CacheEmbeddings(c, modelA, map[string][]float32{cm.EmbeddingKey("cx"): q})
		}},
		{"AddFeedback", func(c context.Context) error {
			return s.AddFeedback(c, []cm.FeedbackEvent{{ID: "cx-e", BriefID: "cx", CreatorID: "cx-001", Kind: cm.FeedbackHired, CreatedAt: timeAt(9)}})
		}},
		{"ListFeedback", func(c context.Context) error { _, err := s.ListFeedback(c, cm.FeedbackFilter{}); return err }},
		{"Ping", func(c context.Context) error { return s.Ping(c) }},
		{"CreateAPIKey", func(c context.Context) error { return s.CreateAPIKey(c, apiKey("cx-key-new", 2)) }},
		{"APIKeyByHash", func(c context.Context) error { _, err := s.APIKeyByHash(c, key.Hash); return err }},
		{"ListAPIKeys", func(c context.Context) error { _, err := s.ListAPIKeys(c); return err }},
		{"RevokeAPIKey", func(c context.Context) error { return s.RevokeAPIKey(c, key.ID, timeAt(9)) }},
	}
	for _, tc := range calls {
		errc := make(chan error, 1)
		go func() { errc <- tc.call(cancelled) }()
		select {
		case err := <-errc:
			require.Error(t, err, tc.name)
			require.True(t, errors.Is(err, context.Canceled), "%s: want an error wrapping context.Canceled, got %v", tc.name, err)
		case <-time.After(10 * time.Second):
			t.Fatalf("%s with a cancelled context did not return", tc.name)
		}
	}

	// Nothing the cancelled writes asked for happened.
	requireNotFound(t, s, "cx-new")
	get(t, s, "cx-002")
	require.Equal(t, 30, count(t, s))
	got, err := s.CachedEmbeddings(ctx(t), modelA, []string{cm.EmbeddingKey("cx")})
	require.NoError(t, err)
	require.Empty(t, got)
	require.Len(t, listFeedback(t, s, cm.FeedbackFilter{}), 1)
	requireKeys(t, []cm.APIKey{key}, listKeys(t, s), "no key created or revoked")

	// Cancelling while a scan runs stops it.
	c, cancelScan := context.WithCancel(context.Background())
	defer cancelScan()
	calls2 := 0
	err = s.ScanCreators(c, func(*cm.Creator) error {
		calls2++
		cancelScan()
		return nil
	})
	require.True(t, errors.Is(err, context.Canceled), "scan cancelled midway: want context.Canceled, got %v", err)
	require.Less(t, calls2, 30, "scan stopped early")
}
