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
