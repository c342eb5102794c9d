package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"net"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// adminURL returns the server the tests may create databases on. Without
// it the tests skip, except under CI=true, where a missing database is a
// broken pipeline rather than a developer laptop.
func adminURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("CREATORMATCH_TEST_DATABASE_URL")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CREATORMATCH_TEST_DATABASE_URL is not set (required under CI=true)")
		}
		t.Skip("CREATORMATCH_TEST_DATABASE_URL is not set; run scripts/postgres start")
	}
	return u
}

// newDatabase creates a fresh, uniquely named database and returns its URL;
// it is dropped (WITH FORCE, so leftover connections do not block it) when
// the test ends. Tests thus never see each other's data and can run in
// parallel.
func newDatabase(t testing.TB) string {
	t.Helper()
	admin := adminURL(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "cmtest_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("drop test database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	require.NoError(t, err)
	u.Path = "/" + name
	return u.String()
}

// newStore opens a Store on a fresh database, closed at the end of the test.
func newStore(t testing.TB, opts ...postgres.Option) (*postgres.Store, string) {
	t.Helper()
	dbURL := newDatabase(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := postgres.Open(ctx, dbURL, append([]postgres.Option{postgres.WithMaxConns(4)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s, dbURL
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// unit returns a random unit vector of dimension d.
func unit(r *mrand.Rand, d int) []float32 {
	v := make([]float32, d)
	var n float64
	for i := range v {
		v[i] = float32(r.NormFloat64())
		n += float64(v[i]) * float64(v[i])
	}
	n = math.Sqrt(n)
	for i := range v {
		v[i] /= float32(n)
	}
	return v
}

func cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	return dot / math.Sqrt(na*nb)
}

var countries = []string{"US", "GB", "DE", "FR", "BR", "IN", "JP", "CA", "AU", "ES"}

// fixture builds a full creator: accounts, content, audience, features.
func fixture(r *mrand.Rand, i int) *creatormatch.Creator {
	id := fmt.Sprintf("c%05d", i)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	followers := int64(1000 + r.IntN(2_000_000))
	c := &creatormatch.Creator{
		ID:        id,
		Name:      "Creator " + id,
		Bio:       "I post about " + creatormatch.NicheKeys[i%len(creatormatch.NicheKeys)] + " every week",
		Country:   countries[i%len(countries)],
		Languages: []string{"en"},
		Niches:    []string{creatormatch.NicheKeys[i%len(creatormatch.NicheKeys)]},
		Accounts: []creatormatch.Account{{
			Platform: creatormatch.Instagram, Handle: "@" + id, Followers: followers, Verified: i%3 == 0,
			FollowerHistory: []creatormatch.FollowerPoint{{Date: creatormatch.Date{Time: t0}, Followers: followers - 10}},
		}},
		Audience: &creatormatch.Audience{
			Age:    map[string]float64{"18-24": 0.6, "25-34": 0.4},
			Gender: map[string]float64{"female": 0.7, "male": 0.3},
		},
		RateCard: &creatormatch.RateCard{Currency: "USD", PerPost: map[creatormatch.Platform]float64{creatormatch.Instagram: 250}},
	}
	if i%4 == 0 {
		c.Accounts = append(c.Accounts, creatormatch.Account{Platform: creatormatch.TikTok, Handle: id, Followers: followers / 2})
	}
	for k := range 3 {
		c.Content = append(c.Content, creatormatch.ContentItem{
			ID: fmt.Sprintf("%s-p%d", id, k), Platform: creatormatch.Instagram,
			PostedAt: t0.Add(time.Duration(k) * 24 * time.Hour),
			Caption:  "My favourite " + creatormatch.NicheKeys[(i+k)%len(creatormatch.NicheKeys)] + " routine",
			Hashtags: []string{"#" + creatormatch.NicheKeys[i%len(creatormatch.NicheKeys)]},
			Likes:    int64(100 + k), Comments: int64(5 + k), Views: 1000,
			Sponsored: k == 0, Sponsors: []string{"@brand" + fmt.Sprint(i%7)}, Disclosures: []string{"#ad"},
			CommentSamples: []string{"love it", "so good"},
		})
	}
	c.Features = &creatormatch.Features{
		ComputedAt:     t0,
		Tier:           creatormatch.TierFeature{Value: creatormatch.TierMicro, Followers: followers, Platform: creatormatch.Instagram, Confidence: 1},
		EngagementRate: creatormatch.EngagementRate{Value: 0.01 + float64(i%10)/100, Platform: creatormatch.Instagram, PostsUsed: 3},
		Authenticity:   creatormatch.Authenticity{Value: 0.5 + float64(i%5)/10},
		Niches:         creatormatch.NicheFeature{Labels: []creatormatch.NicheLabel{{Niche: creatormatch.NicheKeys[i%len(creatormatch.NicheKeys)], Confidence: 0.9}}},
		Brands:         creatormatch.BrandAffinity{Brands: []creatormatch.BrandMention{{Brand: "brand" + fmt.Sprint(i%7), Posts: 1}}},
	}
	if i%10 == 0 {
		c.Features.BrandSafety.Flags = []creatormatch.SafetyFlag{{Category: "alcohol", Severity: 0.6, PostIDs: []string{id + "-p0"}}}
	}
	return c
}

func record(c *creatormatch.Creator, vec []float32) creatormatch.CreatorRecord {
	r := creatormatch.CreatorRecord{Creator: c}
	if vec != nil {
		r.Model, r.Dimension, r.Profile = postgres.DefaultModel, len(vec), vec
		r.ContentVectors = map[string][]float32{c.Content[0].ID: vec}
	}
	return r
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	dbURL := newDatabase(t)
	ctx := ctxT(t)
	conn, err := pgx.Connect(ctx, dbURL)
	require.NoError(t, err)
	defer conn.Close(ctx)

	want, err := postgres.LatestVersion()
	require.NoError(t, err)
	require.GreaterOrEqual(t, want, int32(2))

	require.NoError(t, postgres.Migrate(ctx, conn))
	var v int32
	require.NoError(t, conn.QueryRow(ctx, "SELECT version FROM schema_version").Scan(&v))
	assert.Equal(t, want, v)

	// Migrating again is a no-op, through a conn or a pool.
	var tables int
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").Scan(&tables))
	require.NoError(t, postgres.Migrate(ctx, conn))
	require.NoError(t, postgres.MigrateURL(ctx, dbURL))
	s, err := postgres.Open(ctx, dbURL)
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, postgres.Migrate(ctx, s.Pool()))
	got, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	var rows, tables2 int
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM schema_version").Scan(&rows))
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").Scan(&tables2))
	assert.Equal(t, 1, rows)
	assert.Equal(t, tables, tables2)

	// The migration's HNSW index carries the name EnsureIndex computes, so
	// EnsureIndex on the default model finds it instead of building another.
	var def string
	require.NoError(t, conn.QueryRow(ctx, "SELECT indexdef FROM pg_indexes WHERE indexname = $1",
		postgres.IndexName(postgres.DefaultModel, postgres.DefaultDimension)).Scan(&def))
	assert.Contains(t, def, "hnsw")
	assert.Contains(t, def, "vector(512)")
	assert.Contains(t, def, "ef_construction='200'", "005 rebuilt it with the measured parameters")
	// The migration's index and EnsureIndex's statement agree, so a bulk
	// loader re-creating it with IndexDDL gets the same index.
	_, err = conn.Exec(ctx, postgres.IndexDDL(postgres.DefaultModel, postgres.DefaultDimension, false))
	require.NoError(t, err, "IF NOT EXISTS: a no-op on the migration's index")
	require.NoError(t, s.EnsureIndex(ctx, postgres.DefaultModel, postgres.DefaultDimension))
	var n int
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM pg_indexes WHERE indexdef LIKE '%USING hnsw%'").Scan(&n))
	assert.Equal(t, 1, n)

	// Concurrent migrations (replicas starting together) serialise on
	// tern's advisory lock.
	fresh := newDatabase(t)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Go(func() { errs[i] = postgres.MigrateURL(ctx, fresh) })
	}
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := ctxT(t)
	r := mrand.New(mrand.NewPCG(1, 2))
	c := fixture(r, 7)
	vec := unit(r, postgres.DefaultDimension)
	require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(c, vec)}))

	got, err := s.GetCreator(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, c, got)
	assert.True(t, got.CreatedAt.IsZero(), "timestamps are the creator's, zero stays zero")

	pv, err := s.ProfileVectors(ctx, postgres.DefaultModel, []string{c.ID, "nope"})
	require.NoError(t, err)
	assert.Equal(t, map[string][]float32{c.ID: vec}, pv)
	cv, err := s.ContentVectors(ctx, postgres.DefaultModel, []string{c.ID})
	require.NoError(t, err)
	assert.Equal(t, map[string]map[string][]float32{c.ID: {c.Content[0].ID: vec}}, cv)

	// Re-ingest replaces children and keeps created_at.
	c2 := fixture(r, 7)
	c2.Content = c2.Content[:1]
	c2.Accounts = c2.Accounts[:1]
	c2.Audience = nil
	c2.CreatedAt = time.Date(2024, 2, 3, 4, 5, 6, 789000, time.UTC)
	c2.UpdatedAt = c2.CreatedAt.Add(time.Hour)
	require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(c2, nil)}))
	got2, err := s.GetCreator(ctx, c.ID)
	require.NoError(t, err)
	assert.Len(t, got2.Content, 1)
	assert.Len(t, got2.Accounts, 1)
	assert.Nil(t, got2.Audience)
	assert.Equal(t, c2.CreatedAt, got2.CreatedAt)
	assert.Equal(t, c2.UpdatedAt, got2.UpdatedAt)
	pv, err = s.ProfileVectors(ctx, postgres.DefaultModel, []string{c.ID})
	require.NoError(t, err)
	assert.Empty(t, pv, "vectors are replaced too")

	// GetCreators keeps the order of ids and skips missing ones.
	require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(fixture(r, 1), nil), record(fixture(r, 2), nil)}))
	list, err := s.GetCreators(ctx, []string{"c00002", "missing", "c00007", "c00001"})
	require.NoError(t, err)
	var ids []string
	for _, c := range list {
		ids = append(ids, c.ID)
	}
	assert.Equal(t, []string{"c00002", "c00007", "c00001"}, ids)

	n, err := s.CountCreators(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, n)

	_, err = s.GetCreator(ctx, "missing")
	assert.ErrorIs(t, err, creatormatch.ErrNotFound)
	require.NoError(t, s.DeleteCreator(ctx, "c00007"))
	assert.ErrorIs(t, s.DeleteCreator(ctx, "c00007"), creatormatch.ErrNotFound)
	_, err = s.GetCreator(ctx, "c00007")
	assert.ErrorIs(t, err, creatormatch.ErrNotFound)
}

func TestUpsertValidationAndAtomicity(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := ctxT(t)
	r := mrand.New(mrand.NewPCG(3, 4))
	good := record(fixture(r, 1), unit(r, postgres.DefaultDimension))
	require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{good}))

	short := record(fixture(r, 2), unit(r, 10))
	short.Dimension = postgres.DefaultDimension
	noID := record(&creatormatch.Creator{}, nil)
	dup := record(fixture(r, 3), nil)
	for name, batch := range map[string][]creatormatch.CreatorRecord{
		"vector length":  {record(fixture(r, 4), nil), short},
		"empty id":       {noID},
		"duplicate ids":  {dup, dup},
		"nil creator":    {{}},
		"model dim":      {record(fixture(r, 5), unit(r, 64))}, // use-lite is 512-d
		"no model":       {{Creator: fixture(r, 6), Dimension: 4, Profile: []float32{1, 0, 0, 0}}},
		"nan component":  {{Creator: fixture(r, 6), Model: "m", Dimension: 2, Profile: []float32{float32(math.NaN()), 0}}},
		"dup content id": {record(&creatormatch.Creator{ID: "x", Content: []creatormatch.ContentItem{{ID: "a"}, {ID: "a"}}}, nil)},
	} {
		err := s.UpsertCreators(ctx, batch)
		assert.ErrorIs(t, err, creatormatch.ErrInvalid, name)
	}
	n, err := s.CountCreators(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "no invalid batch wrote anything")

	// A failure only the server detects (NUL bytes are not valid in text)
	// rolls back the whole batch, including the change to an existing
	// creator earlier in it.
	changed := fixture(r, 1)
	changed.Name = "Changed"
	bad := fixture(r, 9)
	bad.Content[1].Caption = "nul \x00 byte"
	err = s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(changed, nil), record(bad, nil)})
	require.Error(t, err)
	assert.ErrorIs(t, err, creatormatch.ErrInvalid)
	got, err := s.GetCreator(ctx, "c00001")
	require.NoError(t, err)
	assert.Equal(t, good.Creator.Name, got.Name)
	pv, err := s.ProfileVectors(ctx, postgres.DefaultModel, []string{"c00001"})
	require.NoError(t, err)
	assert.Len(t, pv, 1, "vectors of the failed batch's creators are intact")
	_, err = s.GetCreator(ctx, "c00009")
	assert.ErrorIs(t, err, creatormatch.ErrNotFound)
}

// denseCorpus upserts n creators with random unit profile vectors of the
// default model in batches and returns the vectors by ID.
func denseCorpus(t *testing.T, s *postgres.Store, n int, seed uint64) map[string][]float32 {
	ctx := ctxT(t)
	r := mrand.New(mrand.NewPCG(seed, seed))
	vecs := make(map[string][]float32, n)
	for start := 0; start < n; start += 500 {
		var batch []creatormatch.CreatorRecord
		for i := start; i < min(n, start+500); i++ {
			c := fixture(r, i)
			v := unit(r, postgres.DefaultDimension)
			vecs[c.ID] = v
			batch = append(batch, creatormatch.CreatorRecord{Creator: c, Model: postgres.DefaultModel,
				Dimension: postgres.DefaultDimension, Profile: v})
		}
		require.NoError(t, s.UpsertCreators(ctx, batch))
	}
	return vecs
}

// bruteForce ranks ids passing keep by cosine similarity to q.
func bruteForce(vecs map[string][]float32, q []float32, keep func(string) bool, limit int) []creatormatch.Hit {
	var hits []creatormatch.Hit
	for id, v := range vecs {
		if keep(id) {
			hits = append(hits, creatormatch.Hit{CreatorID: id, Score: cosine(q, v)})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].CreatorID < hits[j].CreatorID
	})
	return hits[:min(limit, len(hits))]
}

func hitIDs(hits []creatormatch.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.CreatorID
	}
	return out
}

func TestSearchDenseFiltered(t *testing.T) {
	t.Parallel()
	const n = 3000
	s, dbURL := newStore(t)
	ctx := ctxT(t)
	start := time.Now()
	vecs := denseCorpus(t, s, n, 5)
	t.Logf("ingested %d creators with 512-d profile vectors in %s", n, time.Since(start))
	_, err := s.Pool().Exec(ctx, "ANALYZE")
	require.NoError(t, err)
	r := mrand.New(mrand.NewPCG(9, 9))

	// A 2% filter: IDs with i%50 == 0 via the IDs filter is too easy (the
	// planner goes straight to them); use niche + country, which only the
	// join can check: niche i%25 == 0 ("beauty") and country i%10 == 0
	// ("US") hold together for i%50 == 0.
	filter := creatormatch.Filter{Niches: []string{"beauty"}, Countries: []string{"us"}}
	keep := func(id string) bool {
		var i int
		fmt.Sscanf(id, "c%05d", &i)
		return i%50 == 0
	}
	for trial := range 5 {
		q := unit(r, postgres.DefaultDimension)
		for _, exact := range []bool{false, true} {
			hits, err := s.SearchDense(ctx, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: q, Filter: filter, Limit: 10, Exact: exact})
			require.NoError(t, err)
			require.Len(t, hits, 10, "trial %d exact=%v", trial, exact)
			want := bruteForce(vecs, q, keep, 10)
			for i, h := range hits {
				assert.True(t, keep(h.CreatorID), "hit %s passes the filter", h.CreatorID)
				assert.InDelta(t, cosine(q, vecs[h.CreatorID]), h.Score, 1e-5)
				if i > 0 {
					assert.GreaterOrEqual(t, hits[i-1].Score, h.Score, "sorted")
				}
			}
			if exact {
				assert.Equal(t, hitIDs(want), hitIDs(hits))
			} else {
				overlap := 0
				for _, id := range hitIDs(hits) {
					if slices.Contains(hitIDs(want), id) {
						overlap++
					}
				}
				assert.GreaterOrEqual(t, overlap, 8, "recall@10 of the filtered HNSW search")
			}
		}
	}

	// Fewer creators pass than Limit: all of them.
	q := unit(r, postgres.DefaultDimension)
	hits, err := s.SearchDense(ctx, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: q,
		Filter: creatormatch.Filter{IDs: []string{"c00001", "c00002", "c00003"}, ExcludeIDs: []string{"c00002"}}, Limit: 10})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"c00001", "c00003"}, hitIDs(hits))

	// Unfiltered, with a query close to one stored vector (random 512-d
	// vectors are otherwise all nearly equidistant, which no ANN index
	// ranks exactly): that creator comes first.
	near := slices.Clone(vecs["c01234"])
	for i := range near {
		near[i] += float32(r.NormFloat64() * 0.01)
	}
	hits, err = s.SearchDense(ctx, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: near, Limit: 20})
	require.NoError(t, err)
	require.Len(t, hits, 20)
	assert.Equal(t, "c01234", hits[0].CreatorID)

	// Dimension mismatch and unknown models.
	_, err = s.SearchDense(ctx, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: []float32{1, 0}, Limit: 3})
	assert.ErrorIs(t, err, creatormatch.ErrInvalid)
	hits, err = s.SearchDense(ctx, creatormatch.DenseQuery{Model: "other", Vector: []float32{1, 0}, Limit: 3})
	require.NoError(t, err)
	assert.Empty(t, hits)

	t.Run("probe routes by the filter's size", func(t *testing.T) {
		// The probe's bound is sqrt(3.3·10·3000) ≈ 315 creators. The 2%
		// filter (60 creators) is under it: the walk never starts and the
		// exact branch answers.
		plan := postgres.ExplainDense(t, s, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: q, Limit: 10, Filter: filter})
		assert.Contains(t, plan, "CTE Scan on exact (actual rows=10 ", plan)
		assert.Regexp(t, `CTE approx\n\s*->  Limit \(never executed\)`, plan)
		// 2400 creators with authenticity >= 0.55 are over it: the walk
		// answers and the exact branch never runs.
		plan = postgres.ExplainDense(t, s, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: q, Limit: 10,
			Filter: creatormatch.Filter{MinAuthenticity: 0.55}})
		assert.Contains(t, plan, "CTE Scan on exact (actual rows=0 ", plan)
		assert.Regexp(t, `Index Scan using embeddings_hnsw\S* on embeddings e \(actual rows=\d+`, plan)
	})

	t.Run("plan", func(t *testing.T) {
		// The approximate statement walks the HNSW index, and when that
		// yields Limit rows the exact branch never runs.
		walk, err := postgres.Open(ctx, dbURL, postgres.WithMaxConns(1), postgres.WithoutMigrate(), postgres.WithWalkCostRatio(0))
		require.NoError(t, err)
		defer walk.Close()
		plan := postgres.ExplainDense(t, walk, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: q, Limit: 10,
			Filter: creatormatch.Filter{MinAuthenticity: 0.55}})
		assert.Contains(t, plan, postgres.IndexName(postgres.DefaultModel, postgres.DefaultDimension), plan)
		assert.Contains(t, plan, "CTE Scan on exact (actual rows=0 ", plan)
		assert.Contains(t, plan, "(never executed)", "the exact scan did not run: "+plan)
	})

	t.Run("2% filter on the HNSW path", func(t *testing.T) {
		// For the 2% filter above, the planner rightly prefers the
		// country and niche indexes and an exact sort. With sorting
		// disabled the only plan left is the HNSW index walk: the
		// iterative scan must go on until Limit creators pass.
		s2, err := postgres.Open(ctx, dbURL, postgres.WithMaxConns(1), postgres.WithoutMigrate(),
			postgres.WithWalkCostRatio(0), postgres.WithSetting("enable_sort", "off"))
		require.NoError(t, err)
		defer s2.Close()
		q := unit(r, postgres.DefaultDimension)
		plan := postgres.ExplainDense(t, s2, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: q, Limit: 10, Filter: filter})
		require.Contains(t, plan, postgres.IndexName(postgres.DefaultModel, postgres.DefaultDimension), plan)
		require.Contains(t, plan, "CTE Scan on exact (actual rows=0 ", "the exact fallback was not needed: "+plan)
		// The graph is not seeded (pgvector draws node levels at random)
		// and these are uniform random vectors, whose near neighbours are
		// barely nearer than the rest: recall@10 is held to 0.8 over the
		// three queries together, not to 8 of 10 on each.
		overlap := 0
		for range 3 {
			q := unit(r, postgres.DefaultDimension)
			hits, err := s2.SearchDense(ctx, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: q, Limit: 10, Filter: filter})
			require.NoError(t, err)
			require.Len(t, hits, 10)
			want := hitIDs(bruteForce(vecs, q, keep, 10))
			for _, h := range hits {
				assert.True(t, keep(h.CreatorID))
				if slices.Contains(want, h.CreatorID) {
					overlap++
				}
			}
		}
		assert.GreaterOrEqual(t, overlap, 24, "recall@10 over 3 queries")
	})

	t.Run("exact fallback", func(t *testing.T) {
		// With max_scan_tuples at its minimum the iterative scan stops
		// after its first extra pass (a few hundred tuples here, ~14 of
		// the 60 creators passing the 2% filter), short of Limit 40; the
		// exact branch of the same statement must then deliver all 40,
		// exactly ranked.
		s2, err := postgres.Open(ctx, dbURL, postgres.WithMaxConns(1), postgres.WithoutMigrate(),
			postgres.WithWalkCostRatio(0), postgres.WithMaxScanTuples(1), postgres.WithSetting("enable_sort", "off"))
		require.NoError(t, err)
		defer s2.Close()
		f := filter
		q := unit(r, postgres.DefaultDimension)
		// The HNSW graph differs from build to build, so on some builds
		// the index walk alone reaches Limit; the exact branch is checked
		// on the runs where it answers, and the page is checked always.
		exactAnswered := 0
		for range 5 {
			q := unit(r, postgres.DefaultDimension)
			plan := postgres.ExplainDense(t, s2, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: q, Limit: 40, Filter: f})
			require.Contains(t, plan, postgres.IndexName(postgres.DefaultModel, postgres.DefaultDimension), plan)
			hits, err := s2.SearchDense(ctx, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: q, Limit: 40, Filter: f})
			require.NoError(t, err)
			require.Len(t, hits, 40, "a selective filter must still fill the page")
			for _, h := range hits {
				assert.True(t, keep(h.CreatorID))
			}
			if strings.Contains(plan, "CTE Scan on exact (actual rows=40 ") {
				exactAnswered++
				assert.Equal(t, hitIDs(bruteForce(vecs, q, keep, 40)), hitIDs(hits), "the exact branch ranks exactly")
			}
		}
		t.Logf("the exact branch answered %d of 5 queries", exactAnswered)
		_ = q
	})
}

func TestFilters(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := ctxT(t)
	vecs := denseCorpus(t, s, 200, 17)
	q := unit(mrand.New(mrand.NewPCG(3, 3)), postgres.DefaultDimension)
	idx := func(id string) int {
		var i int
		fmt.Sscanf(id, "c%05d", &i)
		return i
	}
	cases := map[string]struct {
		f    creatormatch.Filter
		keep func(i int) bool
	}{
		"platform tiktok":  {creatormatch.Filter{Platforms: []creatormatch.Platform{creatormatch.TikTok}}, func(i int) bool { return i%4 == 0 }},
		"exclude alcohol":  {creatormatch.Filter{ExcludeSafety: []string{"alcohol"}, SafetyTolerance: 0.5}, func(i int) bool { return i%10 != 0 }},
		"tolerate alcohol": {creatormatch.Filter{ExcludeSafety: []string{"alcohol"}, SafetyTolerance: 0.7}, func(int) bool { return true }},
		"engagement":       {creatormatch.Filter{MinEngagementRate: 0.085}, func(i int) bool { return i%10 >= 8 }},
		"authenticity":     {creatormatch.Filter{MinAuthenticity: 0.85}, func(i int) bool { return i%5 == 4 }},
		"worked with":      {creatormatch.Filter{WorkedWith: []string{"@Brand3"}}, func(i int) bool { return i%7 == 3 }},
		"tiers":            {creatormatch.Filter{Tiers: []creatormatch.Tier{creatormatch.TierMacro}}, func(int) bool { return false }},
		"languages":        {creatormatch.Filter{Languages: []string{"EN"}}, func(int) bool { return true }},
	}
	for name, tc := range cases {
		hits, err := s.SearchDense(ctx, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: q, Filter: tc.f, Limit: 300})
		require.NoError(t, err, name)
		var want []string
		for id := range vecs {
			if tc.keep(idx(id)) {
				want = append(want, id)
			}
		}
		assert.ElementsMatch(t, want, hitIDs(hits), name)
	}
}

func TestSearchLexical(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := ctxT(t)
	cs := []*creatormatch.Creator{
		{ID: "a", Name: "Vegan Kitchen", Bio: "plant based recipes", Country: "US"},
		{ID: "b", Name: "Lift Heavy", Bio: "strength training and vegan meal prep", Country: "GB"},
		{ID: "c", Name: "Pixel Pete", Bio: "retro gaming", Country: "US",
			Content: []creatormatch.ContentItem{{ID: "1", Caption: "speedrun tonight", Hashtags: []string{"vegan"}}}},
		{ID: "d", Name: "Nothing", Bio: "unrelated"},
	}
	var recs []creatormatch.CreatorRecord
	for _, c := range cs {
		recs = append(recs, creatormatch.CreatorRecord{Creator: c})
	}
	require.NoError(t, s.UpsertCreators(ctx, recs))

	hits, err := s.SearchLexical(ctx, creatormatch.LexicalQuery{Text: "Vegan creators & (recipes)!", Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "c"}, hitIDs(hits), "name (A) beats bio (B) beats hashtag (C)")
	assert.Greater(t, hits[0].Score, 2.0, "two brief words matched")
	for _, h := range hits[1:] {
		assert.Greater(t, h.Score, 1.0)
		assert.Less(t, h.Score, 2.0, "one brief word matched")
	}
	hits, err = s.SearchLexical(ctx, creatormatch.LexicalQuery{Text: "vegan", Filter: creatormatch.Filter{Countries: []string{"US"}}, Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "c"}, hitIDs(hits))
	hits, err = s.SearchLexical(ctx, creatormatch.LexicalQuery{Text: "vegan", Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, hitIDs(hits))
	for _, text := range []string{"", "the and of", "'); DROP TABLE creators; --", ":* & | !"} {
		hits, err = s.SearchLexical(ctx, creatormatch.LexicalQuery{Text: text, Limit: 10})
		require.NoError(t, err, text)
		assert.NotContains(t, hitIDs(hits), "d", text)
	}
	n, err := s.CountCreators(ctx)
	require.NoError(t, err)
	assert.Equal(t, 4, n)
}

func TestPeerRatesCacheFeedback(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := ctxT(t)
	denseCorpus(t, s, 30, 19)
	rates, err := s.PeerRates(ctx)
	require.NoError(t, err)
	got := rates[creatormatch.PeerKey(creatormatch.Instagram, creatormatch.TierMicro)]
	require.Len(t, got, 30)
	assert.True(t, slices.IsSorted(got))

	vecs := map[string][]float32{creatormatch.EmbeddingKey("a"): {1, 2, 3}, creatormatch.EmbeddingKey("b"): {4, 5}}
	require.NoError(t, s.CacheEmbeddings(ctx, "m1", vecs))
	require.NoError(t, s.CacheEmbeddings(ctx, "m1", map[string][]float32{creatormatch.EmbeddingKey("a"): {7, 8, 9}}))
	cached, err := s.CachedEmbeddings(ctx, "m1", []string{creatormatch.EmbeddingKey("a"), creatormatch.EmbeddingKey("b"), "zz"})
	require.NoError(t, err)
	assert.Equal(t, map[string][]float32{creatormatch.EmbeddingKey("a"): {7, 8, 9}, creatormatch.EmbeddingKey("b"): {4, 5}}, cached)
	cached, err = s.CachedEmbeddings(ctx, "m2", []string{creatormatch.EmbeddingKey("a")})
	require.NoError(t, err)
	assert.Empty(t, cached)

	t0 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	evs := []creatormatch.FeedbackEvent{
		{ID: "e2", Workspace: creatormatch.DefaultWorkspace, BriefID: "b1", CreatorID: "c1", Kind: creatormatch.FeedbackHired, CreatedAt: t0.Add(time.Hour)},
		{ID: "e1", Workspace: creatormatch.DefaultWorkspace, BriefID: "b1", BriefText: "vegan", CreatorID: "c2", Kind: creatormatch.FeedbackShortlisted, CreatedAt: t0},
		{ID: "e3", Workspace: creatormatch.DefaultWorkspace, BriefID: "b2", CreatorID: "c1", Kind: creatormatch.FeedbackCampaignResult, Metrics: map[string]float64{"cpe": 0.12}, CreatedAt: t0},
	}
	require.NoError(t, s.AddFeedback(ctx, evs))
	assert.ErrorIs(t, s.AddFeedback(ctx, []creatormatch.FeedbackEvent{{CreatorID: "x", Kind: "nope"}}), creatormatch.ErrInvalid)
	// Seq is the store's insertion sequence, set by ListFeedback.
	noSeq := func(evs []creatormatch.FeedbackEvent) []creatormatch.FeedbackEvent {
		for i := range evs {
			evs[i].Seq = 0
		}
		return evs
	}
	all, err := s.ListFeedback(ctx, creatormatch.FeedbackFilter{})
	require.NoError(t, err)
	assert.Equal(t, []creatormatch.FeedbackEvent{evs[1], evs[2], evs[0]}, noSeq(all))
	b1, err := s.ListFeedback(ctx, creatormatch.FeedbackFilter{BriefID: "b1", Kinds: []creatormatch.FeedbackKind{creatormatch.FeedbackHired}})
	require.NoError(t, err)
	assert.Equal(t, []creatormatch.FeedbackEvent{evs[0]}, noSeq(b1))
	c1, err := s.ListFeedback(ctx, creatormatch.FeedbackFilter{CreatorID: "c1"})
	require.NoError(t, err)
	assert.Len(t, c1, 2)
}

func TestScanCreators(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := ctxT(t)
	// IDs whose byte order differs from a linguistic collation's.
	ids := []string{"B", "a", "a-b", "a_b", "Z9", "z", "é"}
	for i := range 1100 {
		ids = append(ids, fmt.Sprintf("n%04d", i))
	}
	var recs []creatormatch.CreatorRecord
	for _, id := range ids {
		recs = append(recs, creatormatch.CreatorRecord{Creator: &creatormatch.Creator{ID: id}})
	}
	require.NoError(t, s.UpsertCreators(ctx, recs))
	var seen []string
	require.NoError(t, s.ScanCreators(ctx, func(c *creatormatch.Creator) error {
		seen = append(seen, c.ID)
		return nil
	}))
	slices.Sort(ids)
	assert.Equal(t, ids, seen)
	stop := errors.New("stop")
	count := 0
	err := s.ScanCreators(ctx, func(*creatormatch.Creator) error {
		count++
		if count == 3 {
			return stop
		}
		return nil
	})
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, 3, count)
}

func TestUnavailable(t *testing.T) {
	t.Parallel()
	// Nothing listens on this port: Open fails fast with ErrUnavailable.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	// (Not timing targets: a hang would last until the caller's deadline
	// or the 10 s connect timeout, far beyond the bounds asserted.)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	_, err = postgres.Open(ctx, "postgres://postgres@"+addr+"/x?sslmode=disable")
	assert.ErrorIs(t, err, creatormatch.ErrUnavailable)
	assert.Less(t, time.Since(start), 8*time.Second)

	// A server that accepts but never answers: the caller's deadline
	// bounds the wait, and the error is still ErrUnavailable.
	hang, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer hang.Close()
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := hang.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel2()
	start = time.Now()
	_, err = postgres.Open(ctx2, "postgres://postgres@"+hang.Addr().String()+"/x?sslmode=disable")
	assert.ErrorIs(t, err, creatormatch.ErrUnavailable)
	assert.Less(t, time.Since(start), 8*time.Second, "bounded by the caller's 500 ms, not the 10 s connect timeout")

	_, err = postgres.Open(context.Background(), "postgres://%zz")
	assert.ErrorIs(t, err, creatormatch.ErrInvalid)
}

func TestUnavailableMidLife(t *testing.T) {
	t.Parallel()
	dbURL := newDatabase(t)
	require.NoError(t, postgres.MigrateURL(ctxT(t), dbURL))
	target := strings.TrimPrefix(strings.SplitN(strings.TrimPrefix(dbURL, "postgres://"), "/", 2)[0], "postgres@")
	p := newProxy(t, target)
	proxied := strings.Replace(dbURL, target, p.addr(), 1)
	ctx := ctxT(t)
	s, err := postgres.Open(ctx, proxied, postgres.WithMaxConns(2), postgres.WithoutMigrate(), postgres.WithConnectTimeout(2*time.Second))
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Ping(ctx))

	// The server's side goes away: existing connections break, new ones
	// are refused.
	p.stop()
	_, err = s.CountCreators(ctx)
	assert.ErrorIs(t, err, creatormatch.ErrUnavailable, "%v", err)
	_, err = s.SearchLexical(ctx, creatormatch.LexicalQuery{Text: "x", Limit: 1})
	assert.ErrorIs(t, err, creatormatch.ErrUnavailable, "%v", err)
	assert.ErrorIs(t, s.Ping(ctx), creatormatch.ErrUnavailable)
	k, secret := creatormatch.NewAPIKey("x", []creatormatch.Scope{creatormatch.ScopeRead}, time.Now())
	assert.ErrorIs(t, s.CreateAPIKey(ctx, k), creatormatch.ErrUnavailable)
	_, err = s.APIKeyByHash(ctx, creatormatch.HashAPIKey(secret))
	assert.ErrorIs(t, err, creatormatch.ErrUnavailable, "%v", err)
	_, err = s.ListAPIKeys(ctx)
	assert.ErrorIs(t, err, creatormatch.ErrUnavailable, "%v", err)
	assert.ErrorIs(t, s.RevokeAPIKey(ctx, k.ID, time.Now()), creatormatch.ErrUnavailable)

	// Admin shutdown of our backend (SQLSTATE 57P01) maps the same way.
	s2, err := postgres.Open(ctx, dbURL, postgres.WithMaxConns(1), postgres.WithoutMigrate())
	require.NoError(t, err)
	defer s2.Close()
	// The admin connection is made first: pgxpool pings a connection idle
	// for over a second before handing it out, and would replace the
	// terminated one instead of failing if the terminate came late.
	admin, err := pgx.Connect(ctx, dbURL)
	require.NoError(t, err)
	defer admin.Close(ctx)
	var pid int
	require.NoError(t, s2.Pool().QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid))
	// pg_terminate_backend only signals; wait (up to 10 s) until the
	// backend is gone rather than for a fixed time a loaded machine may
	// not keep to.
	var gone bool
	require.NoError(t, admin.QueryRow(ctx, "SELECT pg_terminate_backend($1, 10000)", pid).Scan(&gone))
	require.True(t, gone, "backend %d still running", pid)
	_, err = s2.CountCreators(ctx)
	assert.ErrorIs(t, err, creatormatch.ErrUnavailable, "%v", err)

	// The caller cancelling is not the database's fault.
	cctx, ccancel := context.WithCancel(ctx)
	ccancel()
	_, err = s2.CountCreators(cctx)
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, creatormatch.ErrUnavailable)
}

// proxy forwards TCP connections to target until stopped, then closes
// every connection and refuses new ones: the database "going away".
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &proxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = copyConn(up, c) }()
			go func() { _, _ = copyConn(c, up) }()
		}
	}()
	t.Cleanup(p.stop)
	return p
}

func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) stop() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func copyConn(dst, src net.Conn) (int64, error) {
	defer dst.Close()
	buf := make([]byte, 32<<10)
	var n int64
	for {
		k, err := src.Read(buf)
		if k > 0 {
			if _, werr := dst.Write(buf[:k]); werr != nil {
				return n, werr
			}
			n += int64(k)
		}
		if err != nil {
			return n, err
		}
	}
}

func TestEnsureIndex(t *testing.T) {
	t.Parallel()
	s, dbURL := newStore(t)
	ctx := ctxT(t)
	const model, dim = "text-embedding-3-small:v1", 8
	r := mrand.New(mrand.NewPCG(7, 7))
	vecs := map[string][]float32{}
	var recs []creatormatch.CreatorRecord
	for i := range 200 {
		c := fixture(r, i)
		vecs[c.ID] = unit(r, dim)
		recs = append(recs, creatormatch.CreatorRecord{Creator: c, Model: model, Dimension: dim, Profile: vecs[c.ID]})
	}
	require.NoError(t, s.UpsertCreators(ctx, recs))

	assert.ErrorIs(t, s.EnsureIndex(ctx, model, 16), creatormatch.ErrInvalid, "the model stores 8-d vectors")
	assert.ErrorIs(t, s.EnsureIndex(ctx, "bad'model", dim), creatormatch.ErrInvalid)
	assert.ErrorIs(t, s.EnsureIndex(ctx, model, 4000), creatormatch.ErrInvalid)
	require.NoError(t, s.EnsureIndex(ctx, model, dim))
	require.NoError(t, s.EnsureIndex(ctx, model, dim), "idempotent")

	// A store that must walk an index (no sorting allowed) now can.
	s2, err := postgres.Open(ctx, dbURL, postgres.WithMaxConns(1), postgres.WithoutMigrate(), postgres.WithSetting("enable_sort", "off"))
	require.NoError(t, err)
	defer s2.Close()
	q := unit(r, dim)
	plan := postgres.ExplainDense(t, s2, creatormatch.DenseQuery{Model: model, Vector: q, Limit: 5})
	assert.Contains(t, plan, postgres.IndexName(model, dim), plan)
	hits, err := s2.SearchDense(ctx, creatormatch.DenseQuery{Model: model, Vector: q, Limit: 5})
	require.NoError(t, err)
	require.Len(t, hits, 5)
	assert.Equal(t, hitIDs(bruteForce(vecs, q, func(string) bool { return true }, 1)), hitIDs(hits[:1]))
}

// TestCreatorCacheNeverStale: GetCreators serves decoded creators from a
// cache; a creator changed by a write (here from a second store, as another
// process would), child rows included, is read afresh, never served stale,
// and a creator's entry is the same shared value while unchanged.
func TestCreatorCacheNeverStale(t *testing.T) {
	t.Parallel()
	s, url := newStore(t, postgres.WithCreatorCache(2))
	other, err := postgres.Open(ctxT(t), url, postgres.WithoutMigrate())
	require.NoError(t, err)
	t.Cleanup(func() { _ = other.Close() })
	ctx := ctxT(t)
	r := mrand.New(mrand.NewPCG(3, 4))
	c := fixture(r, 1)
	c.Features = &creatormatch.Features{Authenticity: creatormatch.Authenticity{Value: 0.25}}
	require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(c, nil)}))

	first, err := s.GetCreators(ctx, []string{c.ID})
	require.NoError(t, err)
	again, err := s.GetCreators(ctx, []string{c.ID})
	require.NoError(t, err)
	assert.Same(t, first[0], again[0], "unchanged row: the cached value")
	assert.Equal(t, 0.25, again[0].Features.Authenticity.Value)

	// Another process rewrites the creator: features, an account's
	// followers (a child row) and the audience all change.
	c.Features = &creatormatch.Features{Authenticity: creatormatch.Authenticity{Value: 0.75}}
	c.Accounts[0].Followers = 12345
	c.Audience = &creatormatch.Audience{Countries: map[string]float64{"NZ": 1}}
	require.NoError(t, other.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(c, nil)}))
	after, err := s.GetCreators(ctx, []string{c.ID, c.ID})
	require.NoError(t, err)
	require.Len(t, after, 2, "a repeated id is returned each time")
	assert.NotSame(t, first[0], after[0])
	assert.Equal(t, 0.75, after[0].Features.Authenticity.Value, "a changed row is read afresh")
	assert.Equal(t, int64(12345), after[0].Accounts[0].Followers, "with its child rows")
	assert.Equal(t, map[string]float64{"NZ": 1}, after[0].Audience.Countries)
	// Mixed: one cached creator, one new one, one missing.
	c2 := fixture(r, 99)
	require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(c2, nil)}))
	mixed, err := s.GetCreators(ctx, []string{c2.ID, "missing", c.ID})
	require.NoError(t, err)
	require.Len(t, mixed, 2)
	assert.Same(t, after[0], mixed[1], "cached since the last read")
	assert.Equal(t, c2.ID, mixed[0].ID)
	assert.Equal(t, c2.Accounts, mixed[0].Accounts)
	// A cached creator deleted by another process is not served.
	require.NoError(t, other.DeleteCreator(ctx, c2.ID))
	gone, err := s.GetCreators(ctx, []string{c2.ID, c.ID})
	require.NoError(t, err)
	require.Len(t, gone, 1)
	assert.Same(t, after[0], gone[0])

	// More creators than a generation holds: every read is still right.
	var ids []string
	for i := 2; i <= 6; i++ {
		ci := fixture(r, i)
		ci.Features = &creatormatch.Features{Authenticity: creatormatch.Authenticity{Value: float64(i) / 10}}
		require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(ci, nil)}))
		ids = append(ids, ci.ID)
	}
	for range 3 {
		got, err := s.GetCreators(ctx, ids)
		require.NoError(t, err)
		require.Len(t, got, len(ids))
		for i, g := range got {
			assert.Equal(t, float64(i+2)/10, g.Features.Authenticity.Value, g.ID)
		}
	}
	own, err := s.GetCreator(ctx, c.ID)
	require.NoError(t, err)
	assert.NotSame(t, after[0].Features, own.Features, "GetCreator returns a copy the caller owns")
}

// TestSearchLexicalBounded: a catalogue-wide lexical search matches only
// the brief's rarest present words (within the budget), ranks at most 2×
// the budget documents, and never widens to more common words; the same
// search restricted to candidate IDs matches every word, with the same
// scores.
func TestSearchLexicalBounded(t *testing.T) {
	t.Parallel()
	s, dbURL := newStore(t, postgres.WithLexicalBudget(30))
	ctx := ctxT(t)
	var recs []creatormatch.CreatorRecord
	for i := range 300 {
		bio := "fitness coach and runner"
		if i%6 == 0 {
			bio = "sourdough baking at home"
		}
		if i%50 == 1 {
			bio = "fitness coach who bakes sourdough"
		}
		recs = append(recs, creatormatch.CreatorRecord{Creator: &creatormatch.Creator{ID: fmt.Sprintf("w%03d", i), Name: "Someone", Bio: bio}})
	}
	require.NoError(t, s.UpsertCreators(ctx, recs))
	_, err := s.Pool().Exec(ctx, "ANALYZE creators")
	require.NoError(t, err)

	// "zyzzyva" is in no document (the presence check drops it, though
	// the statistics would call it rarest); "fitness" (250 documents) is
	// then the rarest present word: matched alone, over the budget of 30,
	// so at most 2 × 30 documents are ranked, however many are asked for.
	hits, err := s.SearchLexical(ctx, creatormatch.LexicalQuery{Text: "zyzzyva fitness", Limit: 100})
	require.NoError(t, err)
	assert.Len(t, hits, 60, "the cap bounds the documents ranked")
	for _, h := range hits {
		n, _ := strconv.Atoi(h.CreatorID[1:])
		assert.NotZero(t, n%6, "a fitness creator: %s", h.CreatorID)
	}
	hits, err = s.SearchLexical(ctx, creatormatch.LexicalQuery{Text: "zyzzyva", Limit: 50})
	require.NoError(t, err)
	assert.Empty(t, hits, "a word in no document matches nothing")

	// Restricted to candidates, every word counts: the fitness creators
	// among them match, the sourdough-only one does not.
	ids := []string{"w000", "w001", "w002", "w003", "w051"}
	hits, err = s.SearchLexical(ctx, creatormatch.LexicalQuery{Text: "zyzzyva fitness", Limit: 10, Filter: creatormatch.Filter{IDs: ids}})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"w001", "w002", "w003", "w051"}, hitIDs(hits))

	// Both words over the budget of 30: the AND of the two rarest.
	hits, err = s.SearchLexical(ctx, creatormatch.LexicalQuery{Text: "sourdough fitness", Limit: 60})
	require.NoError(t, err)
	assert.Len(t, hits, 6, "only the creators with both words")

	// Over 10× the budget a word is not matched at all: with a budget of
	// 20, "fitness" (250) is a stop word and "sourdough" (56) is matched
	// alone.
	s20, err := postgres.Open(ctx, dbURL, postgres.WithoutMigrate(), postgres.WithLexicalBudget(20))
	require.NoError(t, err)
	defer s20.Close()
	hits, err = s20.SearchLexical(ctx, creatormatch.LexicalQuery{Text: "fitness", Limit: 10})
	require.NoError(t, err)
	assert.Empty(t, hits, "a stop word at this size")
	hits, err = s20.SearchLexical(ctx, creatormatch.LexicalQuery{Text: "sourdough fitness", Limit: 100})
	require.NoError(t, err)
	assert.Len(t, hits, 40, "sourdough alone, capped at 2 × 20")

	// With a budget of 100, the rarer word (56 documents) is matched
	// alone; the common word still counts in the score: the creators
	// with both words come first.
	s, err = postgres.Open(ctx, dbURL, postgres.WithoutMigrate(), postgres.WithLexicalBudget(100))
	require.NoError(t, err)
	defer s.Close()
	hits, err = s.SearchLexical(ctx, creatormatch.LexicalQuery{Text: "sourdough fitness", Limit: 60})
	require.NoError(t, err)
	require.Len(t, hits, 56, "the 50 sourdough-only and 6 both creators; no fitness-only one")
	for _, h := range hits[:6] {
		n, _ := strconv.Atoi(h.CreatorID[1:])
		assert.Equal(t, 1, n%50, "both words first: %s", h.CreatorID)
	}
	// The same creators scored through an IDs filter get the same scores.
	scored, err := s.SearchLexical(ctx, creatormatch.LexicalQuery{Text: "sourdough fitness", Limit: 3,
		Filter: creatormatch.Filter{IDs: []string{hits[0].CreatorID, hits[10].CreatorID, "w002"}}})
	require.NoError(t, err)
	require.Len(t, scored, 3)
	byID := map[string]float64{}
	for _, h := range scored {
		byID[h.CreatorID] = h.Score
	}
	assert.InDelta(t, hits[0].Score, byID[hits[0].CreatorID], 1e-9)
	assert.InDelta(t, hits[10].Score, byID[hits[10].CreatorID], 1e-9)
	assert.GreaterOrEqual(t, byID["w002"], 1.0, "scored on the common word it has")
	assert.Less(t, byID["w002"], hits[0].Score, "one word scores below two")
}
