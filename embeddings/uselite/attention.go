package uselite

import (
	"math"
	"sync/atomic"
)

// attnJob runs multi-head self-attention for every (text, head) pair of a
// packed batch. Each text attends only to its own pieces, which is what the
// graph's -1e9 padding bias amounts to.
type attnJob struct {
	L       *layer
	qkv     []float32 // T × 3·dIn: [q | k | v], heads contiguous within each
	att     []float32 // T × dIn output, heads concatenated
	starts  []int
	lens    []int
	next    atomic.Int64
	scratch [][]float32
}

func (j *attnJob) do(part int) {
	heads := int64(j.L.heads)
	total := int64(len(j.starts)) * heads
	for {
		it := j.next.Add(1) - 1
		if it >= total {
			return
		}
		b, hd := int(it/heads), int(it%heads)
		attendHead(j.L, j.qkv, j.att, j.starts[b], j.lens[b], hd, j.scratch[part])
	}
}

func attendHead(L *layer, qkv, att []float32, r0, n, hd int, scratch []float32) {
	I, dh := L.dIn, L.dh
	ld := 3 * I
	npad := (n + tileN - 1) / tileN * tileN
	kt := scratch[:dh*npad]
	s := scratch[attnMat : attnMat+n*npad]
	tail := scratch[2*attnMat:]

	// K^T for this head, zero-padded to whole 16-column panels.
	for j := 0; j < n; j++ {
		krow := qkv[(r0+j)*ld+I+hd*dh : (r0+j)*ld+I+hd*dh+dh]
		for d, v := range krow {
			kt[d*npad+j] = v
		}
	}
	for d := 0; d < dh; d++ {
		clear(kt[d*npad+n : (d+1)*npad])
	}

	// Scores = Q·K^T.
	gemmRange(n, dh, qkv[r0*ld+hd*dh:], ld, panels{data: kt, ldb: npad, pstride: tileN, n: npad / tileN},
		s, npad, nil, 0, 0, npad/tileN, tail)

	// softmax(scale·scores) over the n real keys.
	scale := L.scale
	for i := 0; i < n; i++ {
		row := s[i*npad : i*npad+n]
		mx := float32(math.Inf(-1))
		for k := range row {
			row[k] *= scale
			mx = max(mx, row[k])
		}
		sum := 0.0
		for k, v := range row {
			e := math.Exp(float64(v - mx))
			row[k] = float32(e)
			sum += e
		}
		inv := float32(1 / sum)
		for k := range row {
			row[k] *= inv
		}
	}

	// Output = P·V, written straight into this head's columns.
	gemmRange(n, n, s, npad, panels{data: qkv[r0*ld+2*I+hd*dh:], ldb: ld, pstride: tileN, n: dh / tileN},
		att[r0*I+hd*dh:], I, nil, 0, 0, dh/tileN, tail)
}
