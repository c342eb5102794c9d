package storetest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

func testRoundTrip(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(1)
	full := fullCreator("rt-full")
	fullProfile := g.unit(dim8)
	fullContent := map[string][]float32{"p1": g.unit(dim8), "p2": g.unit(dim8)}

	// A creator with nothing optional but a known zero credibility and no
	// features: nil stays nil, a pointer to 0 stays a pointer to 0.
	bare := &cm.Creator{ID: "rt-bare", Audience: &cm.Audience{Credibility: ptr(0.0)}}

	upsert(t, s, rec(full, modelA, fullProfile, fullContent), cm.CreatorRecord{Creator: bare})

	got := get(t, s, "rt-full")
	requireSameCreator(t, fullCreator("rt-full"), got, "every field round-trips")
	gotBare := get(t, s, "rt-bare")
	requireSameCreator(t, &cm.Creator{ID: "rt-bare", Audience: &cm.Audience{Credibility: ptr(0.0)}}, gotBare)
	require.Nil(t, gotBare.Features, "features stay nil")
	require.NotNil(t, gotBare.Audience.Credibility, "a credibility of 0 is not unknown")

	pv, err := s.ProfileVectors(ctx(t), modelA, []string{"rt-full", "rt-bare"})
	require.NoError(t, err)
	require.Equal(t, map[string][]float32{"rt-full": fullProfile}, pv, "profile vector round-trips bit for bit")
	cv, err := s.ContentVectors(ctx(t), modelA, []string{"rt-full"})
	require.NoError(t, err)
	require.Equal(t, map[string]map[string][]float32{"rt-full": fullContent}, cv)

	// The store owns its copy: changing what was written or what was read
	// does not change what is stored.
	full.Name = "changed after upsert"
	full.Content[0].Hashtags[0] = "changed"
	fullProfile[0] = 42
	got.Accounts[0].Followers = -1
	got.Features.Niches.Labels[0].Niche = "changed"
	requireSameCreator(t, fullCreator("rt-full"), get(t, s, "rt-full"), "stored creator is isolated from callers")
	pv, err = s.ProfileVectors(ctx(t), modelA, []string{"rt-full"})
	require.NoError(t, err)
	require.NotEqual(t, float32(42), pv["rt-full"][0])
}

func testUpsertReplaces(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(2)
	c := basicCreator("rep")
	c.Content = []cm.ContentItem{{ID: "old-1", Caption: "zucchini bread"}, {ID: "old-2", Caption: "zucchini soup"}, {ID: "keep", Caption: "common"}}
	c.Niches = []string{"food"}
	oldProfile := g.unit(dim8)
	upsert(t, s, rec(c, modelA, oldProfile, map[string][]float32{"old-1": g.unit(dim8), "old-2": g.unit(dim8), "keep": g.unit(dim8)}))
	other := basicCreator("other")
	otherProfile := g.unit(dim8)
	upsert(t, s, rec(other, modelA, otherProfile, nil))

	c2 := basicCreator("rep")
	c2.Bio = "now about kayaks"
	c2.Content = []cm.ContentItem{{ID: "keep", Caption: "kayak trip"}, {ID: "new-1", Caption: "paddles"}}
	c2.Accounts = []cm.Account{{Platform: cm.TikTok, Followers: 77}}
	c2.Audience = nil
	newProfile := scale(otherProfile, -1) // now opposite of "other"
	newContent := map[string][]float32{"keep": g.unit(dim8), "new-1": g.unit(dim8)}
	upsert(t, s, rec(c2, modelA, newProfile, newContent))

	requireSameCreator(t, c2, get(t, s, "rep"), "the record replaces accounts, content and everything else")
	require.Equal(t, 2, count(t, s))

	pv, err := s.ProfileVectors(ctx(t), modelA, []string{"rep"})
	require.NoError(t, err)
	require.Equal(t, newProfile, pv["rep"])
	cv, err := s.ContentVectors(ctx(t), modelA, []string{"rep"})
	require.NoError(t, err)
	require.Equal(t, newContent, cv["rep"], "content vectors of removed items are gone")

	hits, err := s.SearchDense(ctx(t), cm.DenseQuery{Model: modelA, Vector: oldProfile, Limit: 10})
	require.NoError(t, err)
	vecs := map[string][]float32{"rep": newProfile, "other": otherProfile}
	requireRanking(t, bruteForce(oldProfile, vecs, nil), hits, 10, "search uses the new vector")

	lex, err := s.SearchLexical(ctx(t), cm.LexicalQuery{Text: "zucchini", Limit: 10})
	require.NoError(t, err)
	require.Empty(t, lex, "text of removed content is no longer searchable")
	lex, err = s.SearchLexical(ctx(t), cm.LexicalQuery{Text: "kayaks", Limit: 10})
	require.NoError(t, err)
	require.Equal(t, []string{"rep"}, ids(lex))

	// A later record without vectors removes the creator's vectors too.
	upsert(t, s, cm.CreatorRecord{Creator: basicCreator("rep")})
	pv, err = s.ProfileVectors(ctx(t), modelA, []string{"rep"})
	require.NoError(t, err)
	require.Empty(t, pv)
	cv, err = s.ContentVectors(ctx(t), modelA, []string{"rep"})
	require.NoError(t, err)
	require.Empty(t, cv["rep"])
	hits, err = s.SearchDense(ctx(t), cm.DenseQuery{Model: modelA, Vector: oldProfile, Limit: 10})
	require.NoError(t, err)
	require.Equal(t, []string{"other"}, ids(hits))
}

func testUpsertAllOrNothing(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(3)
	keep := basicCreator("keep")
	keepVec := g.unit(dim8)
	upsert(t, s, rec(keep, modelA, keepVec, map[string][]float32{"keep-p1": g.unit(dim8)}))

	changed := basicCreator("keep")
	changed.Bio = "must not be written"
	good := func() []cm.CreatorRecord {
		return []cm.CreatorRecord{
			rec(basicCreator("fresh"), modelA, g.unit(dim8), nil),
			rec(changed, modelA, g.unit(dim8), nil),
		}
	}
	cases := []struct {
		name string
		bad  cm.CreatorRecord
		dup  bool
	}{
		{name: "profile of wrong dimension", bad: cm.CreatorRecord{Creator: basicCreator("bad"), Model: modelA, Dimension: dim8, Profile: g.unit(dim8 + 1)}},
		{name: "content vector of wrong dimension", bad: cm.CreatorRecord{
			Creator: basicCreator("bad"), Model: modelA, Dimension: dim8, Profile: g.unit(dim8),
			ContentVectors: map[string][]float32{"bad-p1": g.unit(dim8 - 1)},
		}},
		{name: "nil creator", bad: cm.CreatorRecord{}},
		{name: "empty id", bad: rec(basicCreator(""), modelA, g.unit(dim8), nil)},
		{name: "duplicate id in batch", bad: rec(basicCreator("fresh"), modelA, g.unit(dim8), nil)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, badFirst := range []bool{false, true} {
				batch := good()
				if badFirst {
					batch = append([]cm.CreatorRecord{tc.bad}, batch...)
				} else {
					batch = append(batch, tc.bad)
				}
				err := s.UpsertCreators(ctx(t), batch)
				require.Error(t, err)
				require.True(t, errors.Is(err, cm.ErrInvalid), "want ErrInvalid, got %v", err)

				requireNotFound(t, s, "fresh")
				requireNotFound(t, s, "bad")
				require.Equal(t, 1, count(t, s))
				requireSameCreator(t, basicCreator("keep"), get(t, s, "keep"), "existing creator unchanged")
				pv, err := s.ProfileVectors(ctx(t), modelA, []string{"keep", "fresh"})
				require.NoError(t, err)
				require.Equal(t, map[string][]float32{"keep": keepVec}, pv)
			}
		})
	}
}

func testGetNotFound(t *testing.T, f Factory) {
	s := f.New(t)
	requireNotFound(t, s, "nobody")
	upsert(t, s, cm.CreatorRecord{Creator: basicCreator("somebody")})
	requireNotFound(t, s, "nobody")
	requireNotFound(t, s, "SOMEBODY") // ids are case-sensitive
}

func testGetCreators(t *testing.T, f Factory) {
	s := f.New(t)
	for _, id := range []string{"g-b", "g-a", "g-c"} {
		upsert(t, s, cm.CreatorRecord{Creator: basicCreator(id)})
	}
	got, err := s.GetCreators(ctx(t), []string{"g-c", "missing", "g-a", "also-missing"})
	require.NoError(t, err)
	require.Len(t, got, 2)
	requireSameCreator(t, basicCreator("g-c"), got[0])
	requireSameCreator(t, basicCreator("g-a"), got[1])

	got, err = s.GetCreators(ctx(t), nil)
	require.NoError(t, err)
	require.Empty(t, got)
	got, err = s.GetCreators(ctx(t), []string{"missing"})
	require.NoError(t, err)
	require.Empty(t, got)
}

func testCountCreators(t *testing.T, f Factory) {
	s := f.New(t)
	require.Equal(t, 0, count(t, s))
	var batch []cm.CreatorRecord
	for _, id := range seriesIDs("cnt", 7) {
		batch = append(batch, cm.CreatorRecord{Creator: basicCreator(id)})
	}
	upsert(t, s, batch...)
	require.Equal(t, 7, count(t, s))
	upsert(t, s, batch[2:4]...)
	require.Equal(t, 7, count(t, s), "replacing does not add")
	require.NoError(t, s.DeleteCreator(ctx(t), "cnt-003"))
	require.Equal(t, 6, count(t, s))
}

func testDelete(t *testing.T, f Factory) {
	s := f.New(t)
	g := newVecGen(4)
	vecs := map[string][]float32{}
	var batch []cm.CreatorRecord
	for _, id := range []string{"d-1", "d-2", "d-3"} {
		c := basicCreator(id)
		c.Bio = "gouache painter"
		c.Features.EngagementRate.Value = 0.5
		vecs[id] = g.unit(dim8)
		batch = append(batch, rec(c, modelA, vecs[id], map[string][]float32{id + "-p1": g.unit(dim8)}))
	}
	upsert(t, s, batch...)

	require.NoError(t, s.DeleteCreator(ctx(t), "d-2"))
	requireNotFound(t, s, "d-2")
	require.Equal(t, 2, count(t, s))

	pv, err := s.ProfileVectors(ctx(t), modelA, []string{"d-1", "d-2", "d-3"})
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"d-1", "d-3"}, keys(pv))
	cv, err := s.ContentVectors(ctx(t), modelA, []string{"d-2"})
	require.NoError(t, err)
	require.Empty(t, cv["d-2"])

	q := vecs["d-2"]
	hits, err := s.SearchDense(ctx(t), cm.DenseQuery{Model: modelA, Vector: q, Limit: 10, Exact: true})
	require.NoError(t, err)
	delete(vecs, "d-2")
	requireRanking(t, bruteForce(q, vecs, nil), hits, 10)
	hits, err = s.SearchDense(ctx(t), cm.DenseQuery{Model: modelA, Vector: q, Limit: 10})
	require.NoError(t, err)
	require.NotContains(t, ids(hits), "d-2")

	lex, err := s.SearchLexical(ctx(t), cm.LexicalQuery{Text: "gouache", Limit: 10})
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"d-1", "d-3"}, ids(lex))

	rates, err := s.PeerRates(ctx(t))
	require.NoError(t, err)
	require.Equal(t, map[string][]float64{cm.PeerKey(cm.Instagram, cm.TierMicro): {0.5, 0.5}}, rates)

	for _, id := range []string{"d-2", "never"} {
		err := s.DeleteCreator(ctx(t), id)
		require.Error(t, err)
		require.True(t, errors.Is(err, cm.ErrNotFound), "delete of missing %q: want ErrNotFound, got %v", id, err)
	}

	// The id can be used again.
	upsert(t, s, rec(basicCreator("d-2"), modelA, q, nil))
	require.Equal(t, "d-2", get(t, s, "d-2").ID)
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func testScanCreators(t *testing.T, f Factory) {
	s := f.New(t)
	err := s.ScanCreators(ctx(t), func(*cm.Creator) error {
		t.Fatal("fn called on an empty store")
		return nil
	})
	require.NoError(t, err)

	// Enough creators for a backend's paging to take several pages.
	all := seriesIDs("scan", 250)
	shuffled := slices.Clone(all)
	r := rand.New(rand.NewPCG(5, 5))
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	var batch []cm.CreatorRecord
	for _, id := range shuffled {
		c := basicCreator(id)
		c.Bio = "scanned " + id
		batch = append(batch, cm.CreatorRecord{Creator: c})
	}
	upsertBatches(t, s, 100, batch)

	var seen []string
	require.NoError(t, s.ScanCreators(ctx(t), func(c *cm.Creator) error {
		want := basicCreator(c.ID)
		want.Bio = "scanned " + c.ID
		requireSameCreator(t, want, c)
		seen = append(seen, c.ID)
		return nil
	}))
	require.Equal(t, all, seen, "every creator once, in ID order")

	stop := errors.New("stop here")
	calls := 0
	err = s.ScanCreators(ctx(t), func(c *cm.Creator) error {
		calls++
		if calls == 3 {
			return fmt.Errorf("wrapped: %w", stop)
		}
		return nil
	})
	require.True(t, errors.Is(err, stop), "the error fn returns is returned, got %v", err)
	require.Equal(t, 3, calls, "scan stops at the first error")
}

// testPing checks a healthy store answers Ping.
func testPing(t *testing.T, f Factory) {
	s := f.New(t)
	require.NoError(t, s.Ping(ctx(t)))
}

func timeAt(h int) time.Time {
	return time.Date(2024, 6, 1, h, 0, 0, 0, time.UTC)
}
