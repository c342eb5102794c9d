package memory

import (
	"context"

	"github.com/x448/float16"
)

// The half-precision pre-scan.
//
// An unfiltered or broadly filtered exact search reads every row of the
// slab, so its cost is the memory bandwidth: 100k 512-d float32 rows are
// 205 MB a query. Each space therefore also keeps every row's unit vector
// in IEEE 754 half precision (half, halfDim uint16s a row, zero-padded to a
// multiple of 32), half the bytes. scanAll scores all rows from that copy
// (scanHalfRange), keeping the k + k/2 + 32 best in the heap, rescores those
// from the float32 slab with exactly the arithmetic of scan, and returns
// the exact top k: the same hits and scores as scan, from half the memory
// traffic.
//
// Why the result is exact: every approximate score is within halfScoreErr
// of the row's exact score (see halfScoreErr). A row the heap did not keep
// scored at most T, the approximate score of the worst row it kept, so its
// exact score is at most T + halfScoreErr. If that is below the k-th best
// exact score among the kept rows, no unkept row can be in the top k. When
// the check fails (scores closer together than the error, such as many
// near-identical vectors), rescore reports it and scanAll runs the
// float32 scan instead.
//
// The copy costs half the slab's memory again (1 KiB a 512-d row). It is
// kept only where an assembly kernel scores it (amd64 with AVX2, FMA and
// F16C; see half_amd64.s): without one, converting in Go would be slower
// than reading float32.

// halfScoreErr bounds |approximate − exact| cosine for unit query vectors
// and rows of at most halfMaxDim dimensions. Rounding a unit row's
// components to half precision moves each by at most 2⁻¹¹ of itself (2⁻²⁵
// absolute for subnormals), so the dot product moves by at most
// 2⁻¹¹·Σ|qᵢuᵢ| + 2⁻²⁵·Σ|qᵢ| ≤ 2⁻¹¹ + 2⁻²⁵·√4096 = 2⁻¹¹ + 2⁻¹⁹ (Cauchy–
// Schwarz, unit vectors). The float32 sums add about 2⁻¹⁵ for the exact
// score (gonum's Sdot keeps 8 lanes: about n/8 roundings of 2⁻²⁴ each on
// terms summing to at most 1, at n = 4096) and about 2⁻¹⁷ for the kernel
// (32 lanes), and rounding the unit row and the score little more. The
// total is about 0.54·2⁻¹⁰, so 2⁻¹⁰ leaves a margin of almost 2.
// TestHalfScoreErrAdversarial builds a row whose rounding errors all line
// up with the query and checks the bound holds with the error above a
// quarter of it.
const halfScoreErr = 1.0 / 1024

// halfMaxDim is the largest dimension the bound above covers.
const halfMaxDim = 4096

// halfScanOn says whether new spaces keep the half-precision copy and
// searches use it: only where a kernel can scan it (a variable so tests and
// benchmarks can compare both paths).
var halfScanOn = haveHalfKernel

// halfRowLen is the padded length of a row in the half slab.
func halfRowLen(dim int) int { return (dim + 31) &^ 31 }

// appendHalfRow appends v scaled by inv (its inverse norm) in half precision,
// rounded to nearest even, zero-padded to halfRowLen.
func appendHalfRow(dst []uint16, v []float32, inv float32) []uint16 {
	for _, x := range v {
		dst = append(dst, uint16(float16.Fromfloat32(x*inv)))
	}
	for i := len(v); i < halfRowLen(len(v)); i++ {
		dst = append(dst, 0)
	}
	return dst
}

// halfRow is row r of the half slab.
func (sp *space) halfRow(r int) []uint16 {
	n := sp.halfDim
	return sp.half[r*n : (r+1)*n : (r+1)*n]
}

// halfQuery pads the unit query to the half slab's row length.
func (sp *space) halfQuery(q []float32) []float32 {
	hq := make([]float32, sp.halfDim)
	copy(hq, q)
	return hq
}

// scanHalfRange is scan over the half slab: approximate scores into a heap
// of k rows (rows failing the filter are dropped only when they would enter
// it, as in scan's broad-filter mode).
func scanHalfRange(ctx context.Context, sp *space, hq []float32, rf *rowFilter, lo, hi, k int) (*topK, error) {
	h := newTopK(k)
	for start := lo; start < hi; start += ctxCheckEvery {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		end := min(start+ctxCheckEvery, hi)
		for r := start; r < end; r++ {
			if sp.owner[r] == nil {
				continue
			}
			s := float64(dotHalf(hq, sp.halfRow(r)))
			if len(h.items) == h.k && s < h.items[0].score {
				continue
			}
			if !rf.ok(r) {
				continue
			}
			h.push(scored{s, sp.owner[r]})
		}
	}
	return h, nil
}

// rescore turns the approximate heap of scanHalfRange into the exact top k, or
// reports false when the bound cannot prove it exact.
func rescore(sp *space, q []float32, approx *topK, k int) ([]scored, bool) {
	exact := newTopK(k)
	for _, c := range approx.items {
		r := c.e.row
		exact.push(scored{sp.cosine(q, r), c.e})
	}
	if len(approx.items) < approx.k {
		return exact.sorted(), true // every passing row was kept
	}
	if len(exact.items) < k || !(approx.items[0].score+halfScoreErr < exact.items[0].score) {
		return nil, false
	}
	return exact.sorted(), true
}

// halfOversample is how many rows the half-precision scan keeps for
// rescoring.
func halfOversample(k int) int { return k + k/2 + 32 }

// usesHalf reports whether scanAll answers a top-k search over sp with the
// half slab: not for a selective filter (filterFirst: the scan then reads
// only the candidate rows), and not when the rows kept for rescoring would
// be most of the slab anyway.
func (sp *space) usesHalf(filterFirst bool, k int) bool {
	live := sp.live()
	return halfScanOn && sp.half != nil && !filterFirst && k < live && halfOversample(k) < live
}

// dotHalfGo is the definition the kernels implement.
func dotHalfGo(q []float32, h []uint16) float32 {
	var s float32
	for i, x := range h {
		s += q[i] * float16.Frombits(x).Float32()
	}
	return s
}
