package memory

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/pack"
)

// annBenchStore is n clustered 512-d creators (50% US, 10% tier mid, 1% NZ)
// with the HNSW index built; the build time is logged.
func annBenchStore(b *testing.B, n int) *Store {
	b.Helper()
	s, err := Open(context.Background(), b.TempDir(), WithCompactThreshold(0), WithANNThreshold(n/2))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	r := rand.New(rand.NewPCG(42, 42))
	s.mu.Lock() // load without the log: the benchmark is about search
	for i := 0; i < n; i += 1000 {
		recs := clusteredRecords(r, i, min(1000, n-i), 512)
		ps := make([]prepared, len(recs))
		for j, rec := range recs {
			ps[j] = prepared{id: rec.Creator.ID, packed: pack.Encode(rec.Creator), model: rec.Model, dim: rec.Dimension, profile: rec.Profile, ff: fieldsOf(rec.Creator)}
		}
		s.applyUpsert(ps)
	}
	s.mu.Unlock()
	start := time.Now()
	if err := s.WaitIndexes(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d rows: HNSW build %.1fs (GOMAXPROCS %d)", n, time.Since(start).Seconds(), runtime.GOMAXPROCS(0))
	return s
}

// bareScan is the floor a store search is compared with: dot products over
// the slab and a top-k heap, nothing else.
func bareScan(data, inv []float32, dim int, q []float32, k, workers int) []scored {
	n := len(inv)
	heaps := make([]*topK, workers)
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	dummy := &entry{}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := newTopK(k)
			for r := w * chunk; r < min((w+1)*chunk, n); r++ {
				s := float64(dot(q, data[r*dim:(r+1)*dim]) * inv[r])
				if len(h.items) == k && s < h.items[0].score {
					continue
				}
				h.push(scored{s, dummy})
			}
			heaps[w] = h
		}()
	}
	wg.Wait()
	return heaps[0].items
}

// BenchmarkSearchDense100k compares, at 100k clustered 512-d creators and
// k=200: a bare dot-product scan (one core and GOMAXPROCS), the store's
// exact search (Exact: true), and the HNSW path, with no filter and filters
// passing 50%, 10% and 1% of the rows. "hnsw" uses the default routing
// (selective filters scan exactly); "graph" forces every filter through the
// graph.
//
//	go test -run '^$' -bench SearchDense100k -benchtime 100x ./store/memory/
func BenchmarkSearchDense100k(b *testing.B) {
	const n, k = 100_000, 200
	s := annBenchStore(b, n)
	r := rand.New(rand.NewPCG(7, 7))
	next := clusteredQueries(r, 512)
	queries := make([][]float32, 64)
	for i := range queries {
		queries[i] = next()
	}
	sp := s.models["m"]
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("bare/workers%d", workers), func(b *testing.B) {
			i := 0
			for b.Loop() {
				bareScan(sp.data, sp.invNorm, 512, queries[i%len(queries)], k, workers)
				i++
			}
		})
	}
	for _, mode := range []string{"exact", "hnsw", "graph"} {
		for _, fc := range annFilters {
			b.Run(mode+"/"+fc.name, func(b *testing.B) {
				if mode == "graph" {
					f, rr := exactBelowFraction, exactBelowRows
					exactBelowFraction, exactBelowRows = 0, 0
					defer func() { exactBelowFraction, exactBelowRows = f, rr }()
				}
				ctx := context.Background()
				i, approx := 0, 0
				for b.Loop() {
					_, info, err := s.SearchDenseInfo(ctx, cm.DenseQuery{Model: "m", Vector: queries[i%len(queries)], Limit: k, Filter: fc.filter, Exact: mode == "exact"})
					if err != nil {
						b.Fatal(err)
					}
					if info.Approximate {
						approx++
					}
					i++
				}
				b.ReportMetric(float64(approx)/float64(i), "approx/op")
				if mode != "exact" {
					rec := 0.0
					for _, q := range queries[:20] {
						got, _ := recallOne(b, s, q, fc.filter, 10)
						rec += got
					}
					b.ReportMetric(rec/20, "recall@10")
				}
			})
		}
	}
}
