package memory

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
)

// HNSW (Malkov & Yashunin, "Efficient and robust approximate nearest
// neighbor search using Hierarchical Navigable Small World graphs") over the
// rows of one space. An exact scan of 512-d float32 rows streams 2 KB a row,
// so at a million creators it costs tens of milliseconds; the graph visits a
// few thousand rows instead.
//
// Design choices, and why:
//
//   - Node ids are row numbers of the space, and the graph keeps no copy of
//     the vectors: it reads the slab. This is why rows are kept stable while
//     an index exists (see space): a delete leaves a hole whose vector the
//     graph still routes through (a tombstone: never a result), and a slab
//     with more than a quarter holes is compacted and the graph rebuilt.
//   - Similarity is cosine: the query is normalised once, rows carry
//     invNorm, so a similarity is one dot product and one multiply, exactly
//     the exact scan's score (so approximate and exact scores agree).
//   - Neighbours are chosen with the paper's heuristic (keep a candidate
//     only if it is closer to the new node than to every neighbour already
//     kept), topped up with the closest pruned ones. The heuristic keeps
//     links between clusters, which filtered search needs most.
//   - Filtered search traverses every node but collects only live, passing
//     nodes, and stops when the candidate frontier is worse than the ef-th
//     passing result (hnswlib's approach). Filters estimated to pass few rows
//     do not come here at all: an exact scan of the candidate rows is both
//     exact and cheaper (Store.searchDense).
//   - The graph is derived data and is not persisted: Open rebuilds it in the
//     background (both cores, parallel insertion with striped node locks)
//     while searches use the exact scan. See WaitIndexes.
const (
	hnswM              = 16 // links a node gets per level (2M at level 0)
	hnswEfConstruction = 100

	hnswLockStripes = 4096
)

// hnswEfSearchMin is the floor of the search beam: ef = max(Limit, this).
// A variable so tests and benchmarks can trade recall for latency. 200 gave
// recall@10 0.90 with no filter at 300k bench creators (creatormatch bench,
// k = 100), 0.92 at 1M in TestHNSWScale; the graph search took about 3 ms,
// a sixth of the exact scan's 19 ms, so a wider beam is affordable.
var hnswEfSearchMin = 600

// DefaultANNThreshold is the number of profile vectors of one model above
// which SearchDense uses the HNSW index (unless DenseQuery.Exact). At 100k
// 512-d rows the parallel exact scan takes a few milliseconds on two cores,
// so smaller models stay exact.
const DefaultANNThreshold = 200_000

// WithANNThreshold sets how many profile vectors a model needs before an
// HNSW index is built for it and used by SearchDense (default
// DefaultANNThreshold). Zero or less disables the index: every search is an
// exact scan.
func WithANNThreshold(rows int) Option {
	return func(o *options) { o.annThreshold = rows }
}

type cand struct {
	sim float32
	id  int32
}

type hnsw struct {
	dim  int
	m    int
	m0   int
	efC  int
	ml   float64
	data []float32 // a view of the slab covering every node
	inv  []float32

	level []int8      // per row; -1: not a node
	l0    []int32     // level-0 links, stride m0+1, element 0 the count
	l0s   []float32   // similarity of each level-0 link (same layout)
	up    [][]int32   // levels 1..level, stride m+1 each
	ups   [][]float32 // their similarities
	locks []sync.Mutex

	epMu sync.RWMutex
	ep   int32
	maxL int

	scratch *hnswScratch // for inserts under the store's write lock
}

func newHNSW(dim int) *hnsw {
	return &hnsw{dim: dim, m: hnswM, m0: 2 * hnswM, efC: hnswEfConstruction,
		ml: 1 / math.Log(hnswM), ep: -1, locks: make([]sync.Mutex, hnswLockStripes)}
}

func (g *hnsw) setData(data, inv []float32) { g.data, g.inv = data, inv }

// grow makes room for nodes [0, n). Not concurrent with inserts.
func (g *hnsw) grow(n int) {
	for len(g.level) < n {
		g.level = append(g.level, -1)
	}
	if need := n * (g.m0 + 1); len(g.l0) < need {
		g.l0 = append(g.l0, make([]int32, need-len(g.l0))...)
		g.l0s = append(g.l0s, make([]float32, need-len(g.l0s))...)
	}
	for len(g.up) < n {
		g.up = append(g.up, nil)
		g.ups = append(g.ups, nil)
	}
}

func (g *hnsw) vec(r int32) []float32 {
	d := g.dim
	return g.data[int(r)*d : (int(r)+1)*d : (int(r)+1)*d]
}

func (g *hnsw) sim(q []float32, r int32) float32 { return dot(q, g.vec(r)) * g.inv[r] }

// links is node r's neighbour list at level l (its capacity is the level's
// maximum); the caller holds r's lock or knows no insert runs.
func (g *hnsw) links(r int32, l int) []int32 {
	if l == 0 {
		b := g.l0[int(r)*(g.m0+1) : (int(r)+1)*(g.m0+1)]
		return b[1 : 1+b[0]]
	}
	b := g.up[r][(l-1)*(g.m+1) : l*(g.m+1)]
	return b[1 : 1+b[0]]
}

// linkBufs is node r's whole list at level l (count first) and the
// matching similarities.
func (g *hnsw) linkBufs(r int32, l int) ([]int32, []float32) {
	if l == 0 {
		lo, hi := int(r)*(g.m0+1), (int(r)+1)*(g.m0+1)
		return g.l0[lo:hi], g.l0s[lo:hi]
	}
	lo, hi := (l-1)*(g.m+1), l*(g.m+1)
	return g.up[r][lo:hi], g.ups[r][lo:hi]
}

func (g *hnsw) setLinks(r int32, l int, cs []cand) {
	ids, sims := g.linkBufs(r, l)
	for i, c := range cs {
		ids[1+i], sims[1+i] = c.id, c.sim
	}
	ids[0] = int32(len(cs))
}

func (g *hnsw) lock(r int32) *sync.Mutex { return &g.locks[int(r)%len(g.locks)] }

// hnswScratch is per-goroutine working memory.
type hnswScratch struct {
	visit  []uint32
	gen    uint32
	q      []float32
	cands  maxHeap
	res    minHeap
	buf    []int32
	sel    []cand
	pruned []cand
	rng    *rand.Rand
}

func newScratch(seed uint64) *hnswScratch {
	return &hnswScratch{rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
}

// reset starts a new visited set over n nodes.
func (sc *hnswScratch) reset(n int) {
	if len(sc.visit) < n {
		sc.visit = make([]uint32, n+n/4)
		sc.gen = 0
	}
	sc.gen++
	if sc.gen == 0 {
		clear(sc.visit)
		sc.gen = 1
	}
}

func (sc *hnswScratch) seen(r int32) bool {
	if sc.visit[r] == sc.gen {
		return true
	}
	sc.visit[r] = sc.gen
	return false
}

type maxHeap []cand

func (h *maxHeap) push(c cand) {
	*h = append(*h, c)
	a := *h
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if a[p].sim >= a[i].sim {
			break
		}
		a[p], a[i] = a[i], a[p]
		i = p
	}
}

func (h *maxHeap) pop() cand {
	a := *h
	top := a[0]
	n := len(a) - 1
	a[0] = a[n]
	a = a[:n]
	for i := 0; ; {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && a[r].sim > a[l].sim {
			m = r
		}
		if a[i].sim >= a[m].sim {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return top
}

type minHeap []cand

func (h *minHeap) push(c cand) {
	*h = append(*h, c)
	a := *h
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if a[p].sim <= a[i].sim {
			break
		}
		a[p], a[i] = a[i], a[p]
		i = p
	}
}

func (h *minHeap) pop() cand {
	a := *h
	top := a[0]
	n := len(a) - 1
	a[0] = a[n]
	a = a[:n]
	for i := 0; ; {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && a[r].sim < a[l].sim {
			m = r
		}
		if a[i].sim <= a[m].sim {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return top
}

// neighbours copies r's list at level l, under r's lock when locked.
func (g *hnsw) neighbours(r int32, l int, locked bool, buf []int32) []int32 {
	if !locked {
		return g.links(r, l)
	}
	mu := g.lock(r)
	mu.Lock()
	buf = append(buf[:0], g.links(r, l)...)
	mu.Unlock()
	return buf
}

// greedy walks level l from cur towards q, one best neighbour at a time.
func (g *hnsw) greedy(q []float32, cur cand, l int, locked bool, sc *hnswScratch) cand {
	for changed := true; changed; {
		changed = false
		nbs := g.neighbours(cur.id, l, locked, sc.buf)
		if locked {
			sc.buf = nbs // a copy; unlocked, nbs is the graph's own list
		}
		for _, nb := range nbs {
			if s := g.sim(q, nb); s > cur.sim {
				cur, changed = cand{s, nb}, true
			}
		}
	}
	return cur
}

// searchLayer is the construction-time beam search at level l; the ef best
// are left in sc.res.
func (g *hnsw) searchLayer(q []float32, eps []cand, ef, l int, sc *hnswScratch) {
	sc.reset(len(g.level))
	sc.cands, sc.res = sc.cands[:0], sc.res[:0]
	for _, e := range eps {
		sc.seen(e.id)
		sc.cands.push(e)
		sc.res.push(e)
		if len(sc.res) > ef {
			sc.res.pop()
		}
	}
	var buf []int32
	for len(sc.cands) > 0 {
		c := sc.cands.pop()
		if len(sc.res) >= ef && c.sim < sc.res[0].sim {
			break
		}
		buf = g.neighbours(c.id, l, true, buf)
		for _, nb := range buf {
			if sc.seen(nb) {
				continue
			}
			s := g.sim(q, nb)
			if len(sc.res) < ef || s > sc.res[0].sim {
				sc.cands.push(cand{s, nb})
				sc.res.push(cand{s, nb})
				if len(sc.res) > ef {
					sc.res.pop()
				}
			}
		}
	}
}

// pairSim is the cosine similarity of two nodes.
func (g *hnsw) pairSim(a, b int32) float32 {
	return dot(g.vec(a), g.vec(b)) * g.inv[a] * g.inv[b]
}

// selectNeighbours picks up to m of cs (sorted best first) by the
// heuristic, then tops up with the best pruned ones.
func (g *hnsw) selectNeighbours(cs []cand, m int, sc *hnswScratch) []cand {
	sel, pruned := sc.sel[:0], sc.pruned[:0]
	for _, c := range cs {
		if len(sel) >= m {
			break
		}
		good := true
		for _, s := range sel {
			if g.pairSim(c.id, s.id) > c.sim {
				good = false
				break
			}
		}
		if good {
			sel = append(sel, c)
		} else {
			pruned = append(pruned, c)
		}
	}
	for _, c := range pruned {
		if len(sel) >= m {
			break
		}
		sel = append(sel, c)
	}
	sc.sel, sc.pruned = sel, pruned
	return sel
}

func sortDesc(cs []cand) {
	// insertion sort: lists are at most a few hundred long and nearly sorted
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].sim > cs[j-1].sim; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

func (g *hnsw) randomLevel(rng *rand.Rand) int {
	l := int(-math.Log(1-rng.Float64()) * g.ml)
	return min(l, 30)
}

// insert adds row r (grow must already cover it). Safe to run concurrently
// with other inserts.
func (g *hnsw) insert(r int32, sc *hnswScratch) {
	lvl := g.randomLevel(sc.rng)
	if lvl > 0 {
		g.up[r] = make([]int32, lvl*(g.m+1))
		g.ups[r] = make([]float32, lvl*(g.m+1))
	}
	g.level[r] = int8(lvl)
	inv := g.inv[r]
	sc.q = sc.q[:0]
	for _, x := range g.vec(r) {
		sc.q = append(sc.q, x*inv)
	}
	q := sc.q

	g.epMu.RLock()
	ep, maxL := g.ep, g.maxL
	g.epMu.RUnlock()
	if ep < 0 || lvl > maxL {
		// A new top level (rare): hold the entry point for the whole
		// insert so concurrent inserts see a consistent top.
		g.epMu.Lock()
		defer g.epMu.Unlock()
		ep, maxL = g.ep, g.maxL
		if ep < 0 {
			g.ep, g.maxL = r, lvl
			return
		}
		if lvl > maxL {
			defer func() { g.ep, g.maxL = r, lvl }()
		}
	}
	cur := cand{g.sim(q, ep), ep}
	for l := maxL; l > lvl; l-- {
		cur = g.greedy(q, cur, l, true, sc)
	}
	eps := []cand{cur}
	for l := min(lvl, maxL); l >= 0; l-- {
		g.searchLayer(q, eps, g.efC, l, sc)
		res := append([]cand(nil), sc.res...)
		sortDesc(res)
		sel := append([]cand(nil), g.selectNeighbours(res, g.m, sc)...) // connect reuses sc.sel
		mu := g.lock(r)
		mu.Lock()
		g.setLinks(r, l, sel)
		mu.Unlock()
		for _, c := range sel {
			g.connect(c.id, r, c.sim, l, sc)
		}
		eps = res
	}
}

// connect adds r to nb's list at level l. When the list is full, nb's
// neighbours are re-selected by the heuristic among the old ones and r. The
// similarities to nb are kept with the links, so only the heuristic's
// pairwise similarities are computed. (Simply dropping the least similar
// neighbour instead builds about twice as fast but orphans nodes: recall@10
// at 100k stalled at 0.97 whatever the beam width, against 0.99+.)
func (g *hnsw) connect(nb, r int32, s float32, l int, sc *hnswScratch) {
	maxN := g.m
	if l == 0 {
		maxN = g.m0
	}
	mu := g.lock(nb)
	mu.Lock()
	defer mu.Unlock()
	ids, sims := g.linkBufs(nb, l)
	n := int(ids[0])
	if n < maxN {
		ids[1+n], sims[1+n] = r, s
		ids[0]++
		return
	}
	cs := make([]cand, 0, n+1)
	cs = append(cs, cand{s, r})
	for i := 1; i <= n; i++ {
		cs = append(cs, cand{sims[i], ids[i]})
	}
	sortDesc(cs)
	g.setLinks(nb, l, g.selectNeighbours(cs, maxN, sc))
}

// insertRange inserts rows [lo, hi) with up to workers goroutines.
func (g *hnsw) insertRange(ctx context.Context, lo, hi, workers int) error {
	g.grow(hi)
	if lo >= hi {
		return nil
	}
	if g.ep < 0 { // the first node alone, so workers share an entry point
		g.insert(int32(lo), newScratch(uint64(lo)))
		lo++
	}
	workers = max(1, min(workers, (hi-lo)/64))
	var next atomic.Int64
	next.Store(int64(lo))
	var wg sync.WaitGroup
	var stopped atomic.Bool
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := newScratch(uint64(lo)*31 + uint64(w))
			for {
				r := next.Add(1) - 1
				if r >= int64(hi) || stopped.Load() {
					return
				}
				if r%256 == 0 && ctx.Err() != nil {
					stopped.Store(true)
					return
				}
				g.insert(int32(r), sc)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// search returns up to k live rows passing rf, best first, and whether the
// result is complete (k found). ef bounds the beam; maxVisit bounds how many
// nodes are expanded, so a filter that passes far fewer rows than estimated
// ends the search (the caller then scans exactly). Holds no lock of its
// own: the caller holds the store's read lock, which excludes inserts.
func (g *hnsw) search(ctx context.Context, q []float32, k, ef, maxVisit int, rf *rowFilter) ([]scored, bool, error) {
	if g.ep < 0 {
		return nil, false, nil
	}
	sc := scratchPool.Get().(*hnswScratch)
	defer scratchPool.Put(sc)
	cur := cand{g.sim(q, g.ep), g.ep}
	for l := g.maxL; l > 0; l-- {
		cur = g.greedy(q, cur, l, false, sc)
	}
	sc.reset(len(g.level))
	sc.cands, sc.res = sc.cands[:0], sc.res[:0]
	sc.seen(cur.id)
	sc.cands.push(cur)
	if rf.ok(int(cur.id)) {
		sc.res.push(cur)
	}
	visits := 0
	for len(sc.cands) > 0 {
		c := sc.cands.pop()
		if len(sc.res) >= ef && c.sim < sc.res[0].sim {
			break
		}
		if visits++; visits > maxVisit {
			break
		}
		if visits%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, false, err
			}
		}
		for _, nb := range g.links(c.id, 0) {
			if sc.seen(nb) {
				continue
			}
			s := g.sim(q, nb)
			if len(sc.res) < ef || s > sc.res[0].sim {
				sc.cands.push(cand{s, nb})
				if rf.ok(int(nb)) {
					sc.res.push(cand{s, nb})
					if len(sc.res) > ef {
						sc.res.pop()
					}
				}
			}
		}
	}
	h := newTopK(k)
	for _, c := range sc.res {
		h.push(scored{float64(c.sim), rf.sp.owner[c.id]})
	}
	return h.sorted(), len(h.items) >= k, nil
}

var scratchPool = sync.Pool{New: func() any { return newScratch(1) }}

// indexBuild is a background HNSW build of one space.
type indexBuild struct {
	done   chan struct{}
	cancel context.CancelFunc
}

// startBuild starts building sp's index in the background. Called with mu
// held for writing (or before the store is shared). From now on the rows of
// sp stay put (see space).
func (s *Store) startBuild(model string, sp *space) {
	if sp.build != nil {
		sp.build.cancel()
	}
	sp.stable = true
	ctx, cancel := context.WithCancel(s.bgCtx)
	b := &indexBuild{done: make(chan struct{}), cancel: cancel}
	sp.build = b
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		defer close(b.done)
		defer cancel()
		s.runBuild(ctx, model, sp, b)
	}()
}

// catchUpUnderLock is how many rows written during a build the builder
// inserts while holding the write lock; more are inserted outside it first.
const catchUpUnderLock = 2048

func (s *Store) runBuild(ctx context.Context, model string, sp *space, b *indexBuild) {
	g := newHNSW(sp.dim)
	workers := runtime.GOMAXPROCS(0)
	built := 0
	current := func() bool { return s.models[model] == sp && sp.build == b }
	for {
		s.mu.RLock()
		if !current() {
			s.mu.RUnlock()
			return
		}
		n, data, inv := sp.rows(), sp.data, sp.invNorm
		s.mu.RUnlock()
		if n-built <= catchUpUnderLock && built > 0 || ctx.Err() != nil {
			break
		}
		// Rows below n never change while sp.stable, so they are read
		// without the lock; writers only append past them.
		g.setData(data[:n*sp.dim], inv[:n])
		if err := g.insertRange(ctx, built, n, workers); err != nil {
			break
		}
		built = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !current() {
		return
	}
	sp.build = nil
	if ctx.Err() != nil {
		return
	}
	g.setData(sp.data, sp.invNorm)
	g.insertRange(context.Background(), built, sp.rows(), 1)
	g.scratch = newScratch(7)
	sp.idx = g
}

// indexRow adds a row just written to sp's published index (under the
// write lock).
func (sp *space) indexRow(r int) {
	g := sp.idx
	if g == nil {
		return
	}
	g.setData(sp.data, sp.invNorm)
	g.grow(r + 1)
	g.insert(int32(r), g.scratch)
}

// WaitIndexes blocks until no approximate index is being built (each model
// above the ANN threshold then has its HNSW index ready), or ctx ends.
// Indexes are not persisted: Open rebuilds them in the background, and until
// a model's index is ready its searches are exact scans (correct, slower).
// Tests and benchmarks call this to measure the indexed path.
func (s *Store) WaitIndexes(ctx context.Context) error {
	for {
		if err := s.enter(ctx); err != nil {
			return err
		}
		var wait chan struct{}
		s.mu.RLock()
		for _, sp := range s.models {
			if sp.build != nil {
				wait = sp.build.done
				break
			}
		}
		s.mu.RUnlock()
		if wait == nil {
			return nil
		}
		select {
		case <-wait:
		case <-ctx.Done():
			return ctxErr(ctx.Err())
		}
	}
}

// maybeCompactSpace compacts sp once holes pass a quarter of its rows and
// rebuilds its index (the old graph's node ids are row numbers). Called
// with mu held for writing.
func (s *Store) maybeCompactSpace(model string, sp *space) {
	if !sp.stable || sp.holes == 0 || sp.holes*4 <= sp.rows() {
		return
	}
	if sp.build != nil {
		sp.build.cancel()
		sp.build = nil
	}
	sp.idx = nil
	sp.compact()
	sp.stable = false
	s.maybeIndex(model, sp)
}

// maybeIndex starts an index build for sp when it has reached the
// threshold and has neither an index nor a build. Not during Open's replay
// (bgCtx is nil then): Open starts the builds once everything is loaded.
func (s *Store) maybeIndex(model string, sp *space) {
	if s.bgCtx == nil || s.opts.annThreshold <= 0 || sp.idx != nil || sp.build != nil || sp.live() < s.opts.annThreshold {
		return
	}
	s.startBuild(model, sp)
}
