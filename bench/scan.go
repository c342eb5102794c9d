package bench

import (
	"container/heap"
	"runtime"
	"sync"
	"time"

	"gonum.org/v1/gonum/blas/gonum"

	"github.com/creatormatch/creatormatch"
)

var blas gonum.Implementation

type cand struct {
	score float32
	row   int32
}

// minHeap keeps the k best candidates, worst at the root.
type minHeap []cand

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return h[i].score < h[j].score }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(cand)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// bareScan is the tightest exact top-k this machine can do without an
// index: a precomputed filter mask, gonum's SIMD Sdot over a contiguous slab
// of unit vectors, a k-heap, split across GOMAXPROCS goroutines above 20k
// rows like the memory store.
func (s *memSlab) bareScan(q []float32, mask []bool, k int) []cand {
	workers := max(1, min(runtime.GOMAXPROCS(0), s.n/20000, 8))
	parts := make([]minHeap, workers)
	chunk := (s.n + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := make(minHeap, 0, k)
			lo, hi := w*chunk, min((w+1)*chunk, s.n)
			dim := s.dim
			for r := lo; r < hi; r++ {
				if mask != nil && !mask[r] {
					continue
				}
				sc := blas.Sdot(dim, q, 1, s.data[r*dim:(r+1)*dim], 1)
				if len(h) < k {
					heap.Push(&h, cand{sc, int32(r)})
				} else if sc > h[0].score {
					h[0] = cand{sc, int32(r)}
					heap.Fix(&h, 0)
				}
			}
			parts[w] = h
		}()
	}
	wg.Wait()
	var all minHeap
	for _, p := range parts {
		all = append(all, p...)
	}
	return all
}

// bareScanTimes times bareScan at k = CandidatePool under f, reps times
// over every query vector, in milliseconds.
func (s *memSlab) bareScanTimes(qvecs [][]float32, f creatormatch.Filter, seed int64, reps int) []float64 {
	var mask []bool
	if len(f.Countries) > 0 || len(f.Tiers) > 0 {
		mask = make([]bool, s.n)
		for i := range mask {
			c, t, _ := plant(seed, i)
			mask[i] = (len(f.Countries) == 0 || contains(f.Countries, c)) && (len(f.Tiers) == 0 || contains(f.Tiers, t))
		}
	}
	var ms []float64
	for rep := 0; rep < reps; rep++ {
		for _, q := range qvecs {
			t := time.Now()
			s.bareScan(q, mask, CandidatePool)
			ms = append(ms, msSince(t))
		}
	}
	return ms
}
