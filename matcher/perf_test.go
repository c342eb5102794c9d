//go:build unix

package matcher_test

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"sort"
	"sync"
	"syscall"
	"testing"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/bench"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/matcher"
	"github.com/creatormatch/creatormatch/store/memory"
)

// cachedEmbedder embeds each brief once, so a benchmark measures the match
// path without the model.
type cachedEmbedder struct {
	matcher.QueryEmbedder
	mu sync.Mutex
	m  map[string][]float32
}

func (c *cachedEmbedder) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[text]; ok {
		return v, nil
	}
	v, err := c.QueryEmbedder.EmbedQuery(ctx, text)
	if err == nil {
		c.m[text] = v
	}
	return v, err
}

// BenchmarkMatchCatalogue runs Match (brief embeddings cached) over a memory
// store directory written by `creatormatch bench` (e.g.
// /tmp/data/bench/memory-v2_t300_n100000_s1), named by
// CREATORMATCH_BENCH_STORE; it reports the stage means from
// Response.Timings and the CPU time per match. With CREATORMATCH_BENCH_DUMP=FILE it also writes every
// brief's ranked page (ids, scores, decisions, reasons) to FILE, so two
// versions of the matcher can be compared for identical results.
//
//	CREATORMATCH_BENCH_STORE=/tmp/d/bench/memory-v2_t300_n100000_s1 \
//	  go test ./matcher/ -run '^$' -bench MatchCatalogue -benchtime 100x
func BenchmarkMatchCatalogue(b *testing.B) {
	dir := os.Getenv("CREATORMATCH_BENCH_STORE")
	if dir == "" {
		b.Skip("CREATORMATCH_BENCH_STORE is not set")
	}
	ctx := context.Background()
	st, err := memory.Open(ctx, dir, memory.WithCompactThreshold(0))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	emb := &cachedEmbedder{QueryEmbedder: testenv.Embedder(b), m: map[string][]float32{}}
	m := matcher.New(st, emb, nil, matcher.Config{}, quiet)
	filters := []struct {
		name string
		f    creatormatch.Filter
	}{
		{"none", creatormatch.Filter{}},
		{"US", creatormatch.Filter{Countries: []string{"US"}}},
		{"mid", creatormatch.Filter{Tiers: []creatormatch.Tier{creatormatch.TierMid}}},
		{"NZ", creatormatch.Filter{Countries: []string{"NZ"}}},
	}
	if out := os.Getenv("CREATORMATCH_BENCH_DUMP"); out != "" {
		type row struct {
			Filter, Brief string
			Results       []creatormatch.Match
			Candidates    int
		}
		var rows []row
		for _, f := range filters {
			for _, text := range append(slices.Clone(briefs), bench.Briefs...) {
				for _, page := range []int{20, 100} {
					resp, err := m.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: text}, Filters: f.f, Limit: page})
					if err != nil {
						b.Fatal(err)
					}
					rows = append(rows, row{f.name, text, resp.Results, resp.Candidates})
				}
			}
		}
		j, _ := json.MarshalIndent(rows, "", " ")
		if err := os.WriteFile(out, j, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, f := range filters {
		b.Run(f.name, func(b *testing.B) {
			sums := map[string]float64{}
			n := 0
			cpu0 := cpuTime()
			for b.Loop() {
				resp, err := m.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: bench.Briefs[n%len(bench.Briefs)]}, Filters: f.f, Limit: 20})
				if err != nil {
					b.Fatal(err)
				}
				for k, v := range resp.Timings {
					sums[k] += v
				}
				n++
			}
			// CPU time per match (user+system, every goroutine): steadier
			// than wall time on a machine shared with other work.
			b.ReportMetric((cpuTime()-cpu0)/float64(n), "cpu-ms/op")
			keys := make([]string, 0, len(sums))
			for k := range sums {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if k != "total" && k != "parse" {
					b.ReportMetric(sums[k]/float64(n), k+"-ms")
				}
			}
		})
	}
}

// cpuTime is the process's user+system CPU time in milliseconds.
func cpuTime() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}
