package memory

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/pack"
)

// TestHNSWScale measures the HNSW build time, latency and recall at scale.
// It is skipped unless CREATORMATCH_HNSW_SCALE is set to a row count:
//
//	CREATORMATCH_HNSW_SCALE=1000000 go test -run HNSWScale -v -timeout 2h ./store/memory/
func TestHNSWScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("CREATORMATCH_HNSW_SCALE"))
	if n <= 0 {
		t.Skip("set CREATORMATCH_HNSW_SCALE=<rows> to run")
	}
	const dim = 512
	ctx := context.Background()
	s := openT(t, t.TempDir(), WithCompactThreshold(0), WithANNThreshold(1))
	s.opts.annThreshold = 0 // load first, then build once
	r := rand.New(rand.NewPCG(42, 42))
	load := time.Now()
	s.mu.Lock()
	for i := 0; i < n; i += 1000 {
		recs := clusteredRecords(r, i, min(1000, n-i), dim)
		ps := make([]prepared, len(recs))
		for j, rec := range recs {
			ps[j] = prepared{id: rec.Creator.ID, packed: pack.Encode(rec.Creator), model: rec.Model, dim: rec.Dimension, profile: rec.Profile, ff: fieldsOf(rec.Creator)}
		}
		s.applyUpsert(ps)
	}
	s.opts.annThreshold = 1
	start := time.Now()
	s.maybeIndex("m", s.models["m"])
	s.mu.Unlock()
	t.Logf("loaded %d rows in %.1fs", n, start.Sub(load).Seconds())
	if err := s.WaitIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("HNSW build: %.1fs (GOMAXPROCS %d, M %d, efConstruction %d)", time.Since(start).Seconds(), runtime.GOMAXPROCS(0), hnswM, hnswEfConstruction)
	next := clusteredQueries(rand.New(rand.NewPCG(7, 7)), dim)
	queries := make([][]float32, 50)
	for i := range queries {
		queries[i] = next()
	}
	efs := []int{hnswEfSearchMin}
	if v := os.Getenv("CREATORMATCH_HNSW_EF"); v != "" {
		efs = nil
		for _, f := range strings.Split(v, ",") {
			ef, _ := strconv.Atoi(f)
			efs = append(efs, ef)
		}
	}
	defer func(v int) { hnswEfSearchMin = v }(hnswEfSearchMin)
	for _, ef := range efs {
		hnswEfSearchMin = ef
		t.Logf("ef floor %d", ef)
		for _, k := range []int{10, 200} {
			for _, fc := range annFilters {
				var exactT, annT time.Duration
				rec, approx := 0.0, 0
				for _, q := range queries {
					t0 := time.Now()
					want, err := s.SearchDense(ctx, cm.DenseQuery{Model: "m", Vector: q, Limit: k, Filter: fc.filter, Exact: true})
					t1 := time.Now()
					got, info, err2 := s.SearchDenseInfo(ctx, cm.DenseQuery{Model: "m", Vector: q, Limit: k, Filter: fc.filter})
					annT += time.Since(t1)
					exactT += t1.Sub(t0)
					if err != nil || err2 != nil {
						t.Fatal(err, err2)
					}
					if info.Approximate {
						approx++
					}
					in := map[string]bool{}
					for _, h := range want[:min(10, len(want))] {
						in[h.CreatorID] = true
					}
					hit := 0
					for _, h := range got[:min(10, len(got))] {
						if in[h.CreatorID] {
							hit++
						}
					}
					rec += float64(hit) / float64(min(10, len(want)))
				}
				nq := time.Duration(len(queries))
				t.Logf("%s", fmt.Sprintf("k=%-3d %-6s exact %6.2fms  default %6.2fms (%2d/%d approximate)  recall@10 %.3f",
					k, fc.name, float64(exactT/nq)/1e6, float64(annT/nq)/1e6, approx, len(queries), rec/float64(len(queries))))
			}
		}
	}
}
