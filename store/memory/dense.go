package memory

import (
	"context"
	"math"
	"runtime"
	"sort"
	"sync"

	"gonum.org/v1/gonum/blas/gonum"
)

// space holds the profile vectors of one embedding model in one contiguous
// slab (row-major, dim floats a row) so an exact scan streams memory
// linearly. Rows keep the vector exactly as written (ProfileVectors returns
// what was stored) and invNorm keeps 1/‖v‖, so cosine is one dot product and
// one multiply. meta is the row's country/tier column (see rowMeta) and
// countryCnt/tierCnt count live rows by value, for selectivity estimates.
//
// Row numbers are what the approximate index (hnsw.go) uses as node ids, so
// they must not move while an index exists or is being built: in that
// "stable" mode a delete leaves a hole (owner nil; the vector stays, as the
// graph still routes through it) which every search skips, and once holes
// pass a quarter of the rows the slab is compacted and the index rebuilt
// (Store.maybeCompactSpace). Without an index, deleting swaps the last row
// into the hole, keeping the slab dense.
type space struct {
	dim     int
	data    []float32
	invNorm []float32
	owner   []*entry
	meta    []rowMeta

	// half is the unit rows in half precision for the pre-scan (half.go),
	// halfDim uint16s a row; nil (halfDim 0) when not kept.
	half    []uint16
	halfDim int

	holes      int
	countryCnt valueCounts
	tierCnt    valueCounts

	stable bool  // rows never move (an index exists or is being built)
	idx    *hnsw // published approximate index, nil while none is ready
	build  *indexBuild
}

// newSpace returns an empty space for dim-dimensional vectors, keeping the
// half-precision copy where it pays (see half.go).
func newSpace(dim int) *space {
	sp := &space{dim: dim}
	if halfScanOn && dim <= halfMaxDim {
		sp.halfDim = halfRowLen(dim)
	}
	return sp
}

func (sp *space) rows() int { return len(sp.owner) }

// live is the number of rows holding a creator.
func (sp *space) live() int { return len(sp.owner) - sp.holes }

func (sp *space) row(i int) []float32 { return sp.data[i*sp.dim : (i+1)*sp.dim : (i+1)*sp.dim] }

// cosine is row r's exact score against the unit query q: every exact
// path (the scan, the half scan's rescoring, the IDs path,
// ProfileSimilarities) scores with it, so they agree to the bit.
func (sp *space) cosine(q []float32, r int) float64 {
	return float64(blasImpl.Sdot(sp.dim, q, 1, sp.data[r*sp.dim:], 1) * sp.invNorm[r])
}

func (sp *space) count(m rowMeta, d int32) {
	sp.countryCnt.add(m.country, d)
	if m.feat {
		sp.tierCnt.add(m.tier, d)
	}
}

func (sp *space) add(v []float32, e *entry) int {
	inv := invNorm(v)
	sp.data = append(sp.data, v...)
	sp.invNorm = append(sp.invNorm, inv)
	if sp.halfDim > 0 {
		sp.half = appendHalfRow(sp.half, v, inv)
	}
	sp.owner = append(sp.owner, e)
	m := metaOf(&e.ff)
	sp.meta = append(sp.meta, m)
	sp.count(m, 1)
	return len(sp.owner) - 1
}

// replace gives row r (same vector) to a new entry: an update that keeps
// the profile vector touches neither the slab nor the index.
func (sp *space) replace(r int, e *entry) {
	sp.count(sp.meta[r], -1)
	sp.owner[r] = e
	sp.meta[r] = metaOf(&e.ff)
	sp.count(sp.meta[r], 1)
	e.row = r
}

func (sp *space) remove(r int) {
	sp.count(sp.meta[r], -1)
	if sp.stable {
		sp.owner[r] = nil
		sp.holes++
		return
	}
	last := len(sp.owner) - 1
	if r != last {
		copy(sp.row(r), sp.row(last))
		if sp.halfDim > 0 {
			copy(sp.halfRow(r), sp.halfRow(last))
		}
		sp.invNorm[r] = sp.invNorm[last]
		sp.owner[r] = sp.owner[last]
		sp.meta[r] = sp.meta[last]
		sp.owner[r].row = r
	}
	sp.owner[last] = nil
	sp.owner = sp.owner[:last]
	sp.invNorm = sp.invNorm[:last]
	sp.meta = sp.meta[:last]
	sp.data = sp.data[:last*sp.dim]
	if sp.halfDim > 0 {
		sp.half = sp.half[:last*sp.halfDim]
	}
}

// compact drops the holes into fresh slices (a running index build may
// still read the old ones, which therefore are not written) and renumbers
// the rows' entries.
func (sp *space) compact() {
	n := sp.live()
	data := make([]float32, 0, n*sp.dim)
	inv := make([]float32, 0, n)
	owner := make([]*entry, 0, n)
	meta := make([]rowMeta, 0, n)
	var half []uint16
	if sp.halfDim > 0 {
		half = make([]uint16, 0, n*sp.halfDim)
	}
	for r, e := range sp.owner {
		if e == nil {
			continue
		}
		e.row = len(owner)
		data = append(data, sp.row(r)...)
		if sp.halfDim > 0 {
			half = append(half, sp.halfRow(r)...)
		}
		inv = append(inv, sp.invNorm[r])
		owner = append(owner, e)
		meta = append(meta, sp.meta[r])
	}
	sp.data, sp.invNorm, sp.owner, sp.meta, sp.holes = data, inv, owner, meta, 0
	sp.half = half
}

func invNorm(v []float32) float32 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return 0 // a zero vector scores 0 against everything
	}
	return float32(1 / math.Sqrt(s))
}

// dot is the inner product. gonum's Sdot runs the packed-SIMD assembly
// kernel on amd64 and arm64 (about 2.5x a scalar Go loop on cached data).
func dot(a, b []float32) float32 {
	return blasImpl.Sdot(len(a), a, 1, b, 1)
}

var blasImpl gonum.Implementation

// scored is a candidate in a top-k heap.
type scored struct {
	score float64
	e     *entry
}

// worse orders candidates: lower score first, and on equal scores the larger
// ID is worse, so results tie-break by ascending ID.
func worse(a, b scored) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	return a.e.id > b.e.id
}

// topK is a bounded min-heap keeping the k best candidates; its root is the
// worst kept one, so a candidate is compared once against it.
type topK struct {
	k     int
	items []scored
}

func newTopK(k int) *topK {
	c := k
	if c > 1024 {
		c = 1024
	}
	return &topK{k: k, items: make([]scored, 0, c)}
}

func (h *topK) push(s scored) {
	if len(h.items) < h.k {
		h.items = append(h.items, s)
		h.up(len(h.items) - 1)
		return
	}
	if !worse(h.items[0], s) {
		return
	}
	h.items[0] = s
	h.down(0)
}

func (h *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !worse(h.items[i], h.items[p]) {
			return
		}
		h.items[i], h.items[p] = h.items[p], h.items[i]
		i = p
	}
}

func (h *topK) down(i int) {
	n := len(h.items)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && worse(h.items[r], h.items[l]) {
			m = r
		}
		if !worse(h.items[m], h.items[i]) {
			return
		}
		h.items[i], h.items[m] = h.items[m], h.items[i]
		i = m
	}
}

// sorted returns the kept candidates best first.
func (h *topK) sorted() []scored {
	out := h.items
	sort.Slice(out, func(i, j int) bool { return worse(out[j], out[i]) })
	return out
}

// parallelMinRows is the scan size above which SearchDense splits the slab
// across goroutines: below it the goroutine hand-off costs more than it
// saves. A variable so tests can exercise the parallel path on small data.
var parallelMinRows = 20000

// ctxCheckEvery is how many rows a scan processes between context checks.
const ctxCheckEvery = 4096

// scan scores the rows in [lo, hi) passing rf against the unit query q into
// a top-k heap. With a selective filter (filterFirst) the filter is tested
// before the dot product, mostly on the row column, so only candidate rows
// are scored and the scan costs little more than reading that column.
// Otherwise every live row is scored and the filter tested only for rows
// that would enter the heap: skipping rows at random breaks the streaming
// read of the slab (a 50% filter tested first made the scan 2.5x slower than
// no filter), and few rows ever beat the heap's worst.
func scan(ctx context.Context, sp *space, q []float32, rf *rowFilter, filterFirst bool, lo, hi, k int) (*topK, error) {
	h := newTopK(k)
	for start := lo; start < hi; start += ctxCheckEvery {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		end := min(start+ctxCheckEvery, hi)
		for r := start; r < end; r++ {
			if filterFirst {
				if !rf.ok(r) {
					continue
				}
			} else if sp.owner[r] == nil {
				continue
			}
			s := sp.cosine(q, r)
			if len(h.items) == h.k && s < h.items[0].score {
				continue // cannot enter the heap
			}
			if !filterFirst && !rf.ok(r) {
				continue
			}
			h.push(scored{s, sp.owner[r]})
		}
	}
	return h, nil
}

// filterFirstBelow is the estimated passing fraction below which a scan
// tests the filter before scoring a row.
const filterFirstBelow = 0.25

// scanAll returns the exact top k rows passing rf.
//
// A scan that reads every row goes over the half-precision copy when the
// space keeps one (half.go): same result, half the memory traffic.
func scanAll(ctx context.Context, sp *space, q []float32, rf *rowFilter, k int) ([]scored, error) {
	ff := !rf.none && rf.estimate() < filterFirstBelow*float64(sp.live())
	if sp.usesHalf(ff, k) {
		hq := sp.halfQuery(q)
		approx, err := scanRows(sp, halfOversample(k), func(lo, hi, k int) (*topK, error) {
			return scanHalfRange(ctx, sp, hq, rf, lo, hi, k)
		})
		if err != nil {
			return nil, err
		}
		if res, ok := rescore(sp, q, approx, k); ok {
			return res, nil
		}
	}
	h, err := scanRows(sp, k, func(lo, hi, k int) (*topK, error) {
		return scan(ctx, sp, q, rf, ff, lo, hi, k)
	})
	if err != nil {
		return nil, err
	}
	return h.sorted(), nil
}

// scanRows runs scanRange over all rows into a heap of k, splitting large
// slabs across up to GOMAXPROCS goroutines, each with its own heap, merged
// at the end.
func scanRows(sp *space, k int, scanRange func(lo, hi, k int) (*topK, error)) (*topK, error) {
	n := sp.rows()
	workers := min(runtime.GOMAXPROCS(0), n/max(parallelMinRows, 1), 8)
	if workers <= 1 {
		return scanRange(0, n, k)
	}
	heaps := make([]*topK, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			heaps[w], errs[w] = scanRange(lo, hi, k)
		}()
	}
	wg.Wait()
	merged := newTopK(k)
	for w := range heaps {
		if errs[w] != nil {
			return nil, errs[w]
		}
		for _, s := range heaps[w].items {
			merged.push(s)
		}
	}
	return merged, nil
}
