package postgres_test

import (
	mrand "math/rand/v2"
	"testing"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// BenchmarkUpsert measures ingest throughput in batches of 500 creators
// (3 accounts/posts each, features, audience), without and with a 512-d
// profile vector (the HNSW insert dominates the latter).
func BenchmarkUpsert(b *testing.B) {
	for _, withVec := range []bool{false, true} {
		name := "no-vectors"
		if withVec {
			name = "profile-vector"
		}
		b.Run(name, func(b *testing.B) {
			s, _ := newStore(b)
			ctx := ctxT(b)
			r := mrand.New(mrand.NewPCG(1, 1))
			const batch = 500
			b.ResetTimer()
			for n := 0; b.Loop(); n++ {
				b.StopTimer()
				recs := make([]creatormatch.CreatorRecord, batch)
				for i := range recs {
					c := fixture(r, n*batch+i)
					recs[i] = creatormatch.CreatorRecord{Creator: c}
					if withVec {
						recs[i].Model, recs[i].Dimension, recs[i].Profile = postgres.DefaultModel, postgres.DefaultDimension, unit(r, postgres.DefaultDimension)
					}
				}
				b.StartTimer()
				if err := s.UpsertCreators(ctx, recs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "creators/s")
		})
	}
}

// BenchmarkBrowse measures Store.BrowseCreators pages of 100 on a
// catalogue of 100k creators (the fixture's: one or two accounts, three
// posts, features): the default order, a filtered order, text searches
// (one letter: no trigram can help; a handle fragment: the trigram index)
// and a page deep into the listing. -v logs each query's plan.
func BenchmarkBrowse(b *testing.B) {
	s, _ := newStore(b)
	ctx := ctxT(b)
	r := mrand.New(mrand.NewPCG(3, 3))
	const n, batch = 100_000, 1000
	for i := 0; i < n; i += batch {
		recs := make([]creatormatch.CreatorRecord, batch)
		for j := range recs {
			recs[j] = creatormatch.CreatorRecord{Creator: fixture(r, i+j)}
		}
		if err := s.UpsertCreators(ctx, recs); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s.Pool().Exec(ctx, "VACUUM ANALYZE creators"); err != nil {
		b.Fatal(err)
	}
	deep := &creatormatch.BrowsePosition{Key: creatormatch.BrowseKey{N: 20_000}, ID: "c50000"}
	for _, bc := range []struct {
		name string
		q    creatormatch.BrowseQuery
	}{
		{"followers desc", creatormatch.BrowseQuery{Desc: true}},
		{"country, engagement asc", creatormatch.BrowseQuery{Sort: creatormatch.SortEngagementRate, Filter: creatormatch.Filter{Countries: []string{"DE"}}}},
		{"tiktok 100k+, authenticity desc", creatormatch.BrowseQuery{Sort: creatormatch.SortAuthenticity, Desc: true,
			Filter: creatormatch.Filter{Platforms: []creatormatch.Platform{creatormatch.TikTok}, MinFollowers: 100_000}}},
		{"text one letter", creatormatch.BrowseQuery{Text: "c", Desc: true}},
		{"text handle fragment", creatormatch.BrowseQuery{Text: "c0421", Desc: true}},
		{"text no match", creatormatch.BrowseQuery{Text: "zzzzzz", Desc: true}},
		{"followers asc, deep cursor", creatormatch.BrowseQuery{Sort: creatormatch.SortFollowers, After: deep}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			q := bc.q
			q.Limit = creatormatch.MaxBrowseLimit
			b.Log(postgres.ExplainBrowse(b, s, q))
			for b.Loop() {
				if _, err := s.BrowseCreators(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
