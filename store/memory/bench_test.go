package memory

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/features"
	"github.com/creatormatch/creatormatch/store/pack"
)

// benchStore fills a store with n synthetic creators with 512-d profile
// vectors (seeded); every tenth creator is in country "IS".
func benchStore(b *testing.B, n int) *Store {
	b.Helper()
	s, err := Open(context.Background(), b.TempDir(), WithCompactThreshold(0))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	r := rand.New(rand.NewPCG(42, 42))
	const batch = 1000
	for i := 0; i < n; i += batch {
		recs := make([]cm.CreatorRecord, 0, batch)
		for j := i; j < min(i+batch, n); j++ {
			c := &cm.Creator{
				ID: fmt.Sprintf("c%06d", j), Name: "creator", Country: "US",
				Accounts: []cm.Account{{Platform: cm.Instagram, Followers: int64(1000 + j)}},
				Features: &cm.Features{Tier: cm.TierFeature{Value: cm.TierMicro}},
			}
			if j%10 == 0 {
				c.Country = "IS"
			}
			recs = append(recs, cm.CreatorRecord{Creator: c, Model: "use-lite-0.2.0", Dimension: 512, Profile: unitVec(r, 512)})
		}
		if err := s.UpsertCreators(context.Background(), recs); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// BenchmarkSearchDense: exact search of 100k 512-d vectors, limit 100 (the
// matcher's default candidate pool), through the half-precision copy
// ("half", the default where the kernel runs) and the float32 scan alone
// ("f32"), side by side.
//
//	go test -run '^$' -bench SearchDense -benchtime 100x -count 6 ./store/memory/
func BenchmarkSearchDense(b *testing.B) {
	s := benchStore(b, 100_000)
	r := rand.New(rand.NewPCG(7, 7))
	queries := make([][]float32, 16)
	for i := range queries {
		queries[i] = unitVec(r, 512)
	}
	for _, bc := range []struct {
		name   string
		filter cm.Filter
	}{
		{"nofilter", cm.Filter{}},
		{"filter10pct", cm.Filter{Countries: []string{"IS"}}},
	} {
		for _, mode := range []string{"half", "f32"} {
			b.Run(bc.name+"/"+mode, func(b *testing.B) {
				old := halfScanOn
				defer func() { halfScanOn = old }()
				halfScanOn = halfScanOn && mode == "half"
				ctx := context.Background()
				i := 0
				for b.Loop() {
					hits, err := s.SearchDense(ctx, cm.DenseQuery{Model: "use-lite-0.2.0", Vector: queries[i%len(queries)], Limit: 100, Filter: bc.filter})
					if err != nil || len(hits) != 100 {
						b.Fatal(err, len(hits))
					}
					i++
				}
			})
		}
	}
}

// BenchmarkUpsert measures acknowledged (fsynced) writes of creators with a
// 512-d profile and five 512-d content vectors, one and 100 per batch.
//
//	go test -run '^$' -bench Upsert ./store/memory/
func BenchmarkUpsert(b *testing.B) {
	for _, size := range []int{1, 100} {
		b.Run(fmt.Sprintf("batch%d", size), func(b *testing.B) {
			s, err := Open(context.Background(), b.TempDir(), WithCompactThreshold(0))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			r := rand.New(rand.NewPCG(1, 1))
			n := 0
			for b.Loop() {
				recs := make([]cm.CreatorRecord, size)
				for j := range recs {
					c := &cm.Creator{ID: fmt.Sprintf("c%07d", n%20000), Name: "creator", Bio: "a short bio about food and travel"}
					cv := map[string][]float32{}
					for k := 0; k < 5; k++ {
						id := fmt.Sprintf("p%d", k)
						c.Content = append(c.Content, cm.ContentItem{ID: id, Caption: "caption text with a few words", Hashtags: []string{"food"}})
						cv[id] = unitVec(r, 512)
					}
					recs[j] = cm.CreatorRecord{Creator: c, Model: "use-lite-0.2.0", Dimension: 512, Profile: unitVec(r, 512), ContentVectors: cv}
					n++
				}
				if err := s.UpsertCreators(context.Background(), recs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/creator")
		})
	}
}

// demoRecords is n demodata creators with their features computed, without
// vectors; with content false their posts and follower histories are
// dropped, as in the bench catalogue (bench.Templates.Synthetic).
func demoRecords(n int, content bool) []cm.CreatorRecord {
	cs, _ := demodata.Generate(demodata.Config{Creators: n, Seed: 1})
	recs := make([]cm.CreatorRecord, n)
	for i := range cs {
		c := &cs[i]
		f := features.Compute(features.Input{Creator: c, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		c.Features = &f
		if !content {
			c.Content = nil
			for j := range c.Accounts {
				c.Accounts[j].FollowerHistory = nil
			}
		}
		recs[i] = cm.CreatorRecord{Creator: c}
	}
	return recs
}

// BenchmarkGetCreators: GetCreators of 150 creators (a match's candidates)
// per op, reported per creator: "cold" unpacks every one (cache off),
// "warm" finds every one in the creator cache. "bench" creators are shaped
// like the bench catalogue's (features, audience, no posts), "posts" are
// demodata creators with their posts and follower histories. "bytes" is
// the mean packed size, "json" the mean JSON size (the log's encoding).
//
//	go test -run '^$' -bench GetCreators -count 6 ./store/memory/
func BenchmarkGetCreators(b *testing.B) {
	const n, batch = 2000, 150
	for _, shape := range []string{"bench", "posts"} {
		recs := demoRecords(n, shape == "posts")
		var packed, js int
		for _, r := range recs {
			packed += len(pack.Encode(r.Creator))
			j, _ := json.Marshal(r.Creator)
			js += len(j)
		}
		for _, mode := range []string{"cold", "warm"} {
			b.Run(shape+"/"+mode, func(b *testing.B) {
				cache := DefaultCreatorCache
				if mode == "cold" {
					cache = 0
				}
				s, err := Open(context.Background(), b.TempDir(), WithCompactThreshold(0), WithCreatorCache(cache))
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				if err := s.UpsertCreators(context.Background(), recs); err != nil {
					b.Fatal(err)
				}
				r := rand.New(rand.NewPCG(3, 3))
				ids := make([]string, batch)
				for i := range ids {
					ids[i] = recs[r.IntN(n)].Creator.ID
				}
				ctx := context.Background()
				if _, err := s.GetCreators(ctx, ids); err != nil { // warms the cache
					b.Fatal(err)
				}
				for b.Loop() {
					got, err := s.GetCreators(ctx, ids)
					if err != nil || len(got) != batch {
						b.Fatal(err, len(got))
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/creator")
				b.ReportMetric(float64(packed)/n, "bytes")
				b.ReportMetric(float64(js)/n, "json")
			})
		}
	}
}

// BenchmarkPackCreator: packing (the write path, once per stored
// creator) and unpacking one demodata creator with posts.
//
//	go test -run '^$' -bench PackCreator -count 6 ./store/memory/
func BenchmarkPackCreator(b *testing.B) {
	c := demoRecords(1, true)[0].Creator
	b.Run("pack", func(b *testing.B) {
		for b.Loop() {
			pack.Encode(c)
		}
	})
	p := pack.Encode(c)
	b.Run("unpack", func(b *testing.B) {
		for b.Loop() {
			if _, err := pack.Decode(p); err != nil {
				b.Fatal(err)
			}
		}
	})
	js, _ := json.Marshal(c)
	b.Run("json-unmarshal", func(b *testing.B) {
		for b.Loop() {
			var c cm.Creator
			if err := json.Unmarshal(js, &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkBrowse: pages of 100 of a 100k-creator catalogue (benchStore's:
// followers all distinct, every tenth creator in "IS"), which every query
// answers with one scan of the filter fields under the read lock.
//
//	go test -run '^$' -bench Browse -benchtime 50x ./store/memory/
func BenchmarkBrowse(b *testing.B) {
	s := benchStore(b, 100_000)
	for _, bc := range []struct {
		name string
		q    cm.BrowseQuery
	}{
		{"followers desc", cm.BrowseQuery{Desc: true}},
		{"country, followers asc", cm.BrowseQuery{Filter: cm.Filter{Countries: []string{"IS"}}}},
		{"text", cm.BrowseQuery{Text: "creat", Desc: true}},
		{"deep cursor", cm.BrowseQuery{After: &cm.BrowsePosition{Key: cm.BrowseKey{N: 90_000}, ID: "c089000"}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			q := bc.q
			q.Limit = cm.MaxBrowseLimit
			for b.Loop() {
				page, err := s.BrowseCreators(context.Background(), q)
				if err != nil || len(page) != q.Limit {
					b.Fatal(err, len(page))
				}
			}
		})
	}
}
