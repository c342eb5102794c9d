package memory

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	cm "github.com/creatormatch/creatormatch"
)

// BenchmarkOpen: opening a directory holding 20k creators with 512-d
// profile vectors, written in batches of 1000, then closing it: "log"
// replays every write (no compaction ran), "snapshot" loads the state a
// Compact captured. "disk-MB" is the size of the directory's files.
//
//	go test -run '^$' -bench Open -count 6 ./store/memory/
func BenchmarkOpen(b *testing.B) {
	const n, batch = 20_000, 1000
	for _, mode := range []string{"log", "snapshot"} {
		b.Run(mode, func(b *testing.B) {
			dir := b.TempDir()
			ctx := context.Background()
			s, err := Open(ctx, dir, WithCompactThreshold(0))
			if err != nil {
				b.Fatal(err)
			}
			r := rand.New(rand.NewPCG(5, 5))
			for i := 0; i < n; i += batch {
				recs := make([]cm.CreatorRecord, 0, batch)
				for j := i; j < i+batch; j++ {
					c := &cm.Creator{ID: fmt.Sprintf("c%06d", j), Name: "creator", Bio: "a short bio about food and travel", Country: "US"}
					recs = append(recs, cm.CreatorRecord{Creator: c, Model: "use-lite-0.2.0", Dimension: 512, Profile: unitVec(r, 512)})
				}
				if err := s.UpsertCreators(ctx, recs); err != nil {
					b.Fatal(err)
				}
			}
			if mode == "snapshot" {
				if err := s.Compact(ctx); err != nil {
					b.Fatal(err)
				}
			}
			if err := s.Close(); err != nil {
				b.Fatal(err)
			}
			var disk int64
			des, _ := os.ReadDir(dir)
			for _, de := range des {
				if info, err := de.Info(); err == nil {
					disk += info.Size()
				}
			}
			for b.Loop() {
				s, err := Open(ctx, dir, WithCompactThreshold(0))
				if err != nil {
					b.Fatal(err)
				}
				if got, _ := s.CountCreators(ctx); got != n {
					b.Fatal("count", got)
				}
				s.Close()
			}
			b.ReportMetric(float64(disk)/(1<<20), "disk-MB")
		})
	}
}
