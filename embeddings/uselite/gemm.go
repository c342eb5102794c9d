package uselite

import (
	"sync"
	"sync/atomic"
)

// The forward pass spends >90% of its time in dense matrix products of a few
// thousand token rows against fixed weights. gonum's blas32 reaches ~11
// GFLOPS on two cores here, which would cost ~35 ms for a 40-piece brief, so
// we use our own 6x16 register-tiled kernel (AVX2+FMA Go assembly, still
// CGO-free) over weights pre-packed into 16-column panels at load time.

const (
	tileM = 6  // rows per register tile
	tileN = 16 // columns per register tile (two YMM registers)

	// Epilogue flags of the tile kernel, fused to save a pass over memory.
	flagReLU       = 1 // C = max(A·B+bias, 0)
	flagAccumulate = 2 // C += A·B+bias (residual connections)
)

var zeroBias [tileN]float32

// panels is a right-hand operand laid out as consecutive 16-column panels:
// element (r, p*16+j) lives at data[p*pstride + r*ldb + j]. Packed weights use
// ldb=16, pstride=k*16 so each panel is one contiguous stream; activations
// (attention values, transposed keys) are used in place with pstride=16.
type panels struct {
	data    []float32
	ldb     int
	pstride int
	n       int // number of 16-column panels
}

// packPanels re-lays a row-major k×n weight matrix (n a multiple of 16) as panels.
func packPanels(w []float32, k, n int) panels {
	np := n / tileN
	out := make([]float32, k*n)
	for p := 0; p < np; p++ {
		dst := out[p*k*tileN:]
		for r := 0; r < k; r++ {
			copy(dst[r*tileN:(r+1)*tileN], w[r*n+p*tileN:r*n+p*tileN+tileN])
		}
	}
	return panels{data: out, ldb: tileN, pstride: k * tileN, n: np}
}

// gemmRange computes C[0:m, p*16:(p+1)*16] = A[0:m, 0:k]·B(panel p) + bias
// for panels p in [p0, p1), with the flag* epilogue. bias may be nil.
// scratch must hold tileM*k+tileM*tileN floats; it is only used when m < tileM.
func gemmRange(m, k int, a []float32, lda int, b panels, c []float32, ldc int, bias []float32, flags, p0, p1 int, scratch []float32) {
	if m == 0 || p0 >= p1 {
		return
	}
	if m < tileM {
		// Too few rows for a tile: run the tile on a zero-padded copy of A
		// and copy the valid rows out.
		ta := scratch[:tileM*k]
		clear(ta)
		for i := 0; i < m; i++ {
			copy(ta[i*k:(i+1)*k], a[i*lda:i*lda+k])
		}
		tc := scratch[tileM*k : tileM*k+tileM*tileN]
		for p := p0; p < p1; p++ {
			bs := zeroBias[:]
			if bias != nil {
				bs = bias[p*tileN:]
			}
			if flags&flagAccumulate != 0 {
				for i := 0; i < m; i++ {
					copy(tc[i*tileN:(i+1)*tileN], c[i*ldc+p*tileN:i*ldc+p*tileN+tileN])
				}
			}
			tile6x16(k, ta, k, b.data[p*b.pstride:], b.ldb, tc, tileN, bs, flags)
			for i := 0; i < m; i++ {
				copy(c[i*ldc+p*tileN:i*ldc+p*tileN+tileN], tc[i*tileN:(i+1)*tileN])
			}
		}
		return
	}
	// The assembly kernel does no bounds checks; make sure the last tile fits.
	_ = a[(m-1)*lda+k-1]
	_ = c[(m-1)*ldc+p1*tileN-1]
	_ = b.data[(p1-1)*b.pstride+(k-1)*b.ldb+tileN-1]
	for p := p0; p < p1; p++ {
		bp := b.data[p*b.pstride:]
		bs := zeroBias[:]
		if bias != nil {
			bs = bias[p*tileN:]
		}
		for i := 0; i < m; i += tileM {
			if i+tileM > m {
				if flags&flagAccumulate != 0 {
					// Overlapping would add twice: pad the tail instead.
					gemmRange(m-i, k, a[i*lda:], lda, b, c[i*ldc:], ldc, bias, flags, p, p+1, scratch)
					break
				}
				// The last tile overlaps the previous one instead of running
				// past row m: rows are independent, so recomputing is harmless.
				i = m - tileM
			}
			tile6x16(k, a[i*lda:], lda, bp, b.ldb, c[i*ldc+p*tileN:], ldc, bs, flags)
		}
	}
}

// tile6x16Go is the portable reference for the assembly kernel.
func tile6x16Go(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, bias []float32, flags int) {
	var acc [tileM][tileN]float32
	for i := range acc {
		copy(acc[i][:], bias[:tileN])
	}
	for r := 0; r < k; r++ {
		br := b[r*ldb : r*ldb+tileN]
		for i := 0; i < tileM; i++ {
			av := a[i*lda+r]
			row := &acc[i]
			for j, bv := range br {
				row[j] += av * bv
			}
		}
	}
	for i := range acc {
		row := c[i*ldc : i*ldc+tileN]
		for j, v := range acc[i] {
			if flags&flagReLU != 0 {
				v = max(v, 0)
			}
			if flags&flagAccumulate != 0 {
				v += row[j]
			}
			row[j] = v
		}
	}
}

// job is a unit of parallel work. Each participant calls do with its own part
// index (which selects its scratch buffer) and claims work items dynamically.
type job interface {
	do(part int)
}

type work struct {
	j    job
	part int
	wg   *sync.WaitGroup
}

var (
	poolOnce sync.Once
	workc    chan work
)

// startPool starts the process-wide helper goroutines. They live for the life
// of the process, blocked on a channel when idle, and are shared by all models.
func startPool(n int) {
	poolOnce.Do(func() {
		workc = make(chan work, 4*n)
		for i := 0; i < n; i++ {
			go func() {
				for w := range workc {
					w.j.do(w.part)
					w.wg.Done()
				}
			}()
		}
	})
}

// runParallel runs j on `parts` participants: the caller plus parts-1 pool
// helpers. Work is claimed through atomics inside the job, so an uneven split
// (long and short texts in one batch) still balances.
func runParallel(j job, parts int, wg *sync.WaitGroup) {
	if parts <= 1 {
		j.do(0)
		return
	}
	wg.Add(parts - 1)
	for p := 1; p < parts; p++ {
		workc <- work{j: j, part: p, wg: wg}
	}
	j.do(0)
	wg.Wait()
}

// gemmJob is C = A·B + bias, with B's panels split in chunks among participants.
type gemmJob struct {
	m, k    int
	a       []float32
	lda     int
	b       panels
	c       []float32
	ldc     int
	bias    []float32
	flags   int
	chunk   int // panels per work item
	next    atomic.Int64
	scratch [][]float32 // per part
}

func (g *gemmJob) do(part int) {
	for {
		p0 := int(g.next.Add(int64(g.chunk))) - g.chunk
		if p0 >= g.b.n {
			return
		}
		p1 := min(p0+g.chunk, g.b.n)
		gemmRange(g.m, g.k, g.a, g.lda, g.b, g.c, g.ldc, g.bias, g.flags, p0, p1, g.scratch[part])
	}
}
