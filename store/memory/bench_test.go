package memory

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	cm "github.com/creatormatch/creatormatch"
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
