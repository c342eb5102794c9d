package uselite

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
)

// The graph runs on a dense [batch, maxLen] grid, but every op except
// attention is per token and attention masks padding out with a -1e9 bias,
// so padding rows never influence a real token or the masked mean pool. We
// therefore pack the batch's tokens back to back ([T, width], T = total
// pieces) and run attention per text: identical results, no padding work.

// Scratch layout for one participant in an attention job; the gemm tail
// buffer (tileM×k + tile) fits within it as well.
const (
	attnMat     = MaxTokens * MaxTokens                // K^T or scores of one head
	scratchSize = 2*attnMat + tileM*1536 + tileM*tileN // generous: also covers gemm tails
)

// workspace is the arena of one forward pass; buffers grow to the largest
// batch seen and are reused, so steady-state passes allocate nothing here.
type workspace struct {
	tokCap  int
	x       []float32 // T×256 layer-0 input
	y       []float32 // T×512 layer-norm output
	qkv     []float32 // T×1536
	att     []float32 // T×512 concatenated heads
	h       []float32 // T×512 residual stream
	ffn     []float32 // T×1536
	pooled  []float32 // B×512
	out     []float32 // B×512
	starts  []int
	lens    []int
	scratch [][]float32
	wg      sync.WaitGroup
	g       gemmJob
	a       attnJob
	ln      lnJob
}

func newWorkspace(parts int) *workspace {
	ws := &workspace{scratch: make([][]float32, parts)}
	for i := range ws.scratch {
		ws.scratch[i] = make([]float32, scratchSize)
	}
	ws.g.scratch = ws.scratch
	ws.a.scratch = ws.scratch
	return ws
}

func (ws *workspace) reserve(tokens, texts int) {
	if tokens > ws.tokCap {
		c := max(tokens, 64)
		ws.tokCap = c
		ws.x = make([]float32, c*256)
		ws.y = make([]float32, c*512)
		ws.qkv = make([]float32, c*1536)
		ws.att = make([]float32, c*512)
		ws.h = make([]float32, c*512)
		ws.ffn = make([]float32, c*1536)
	}
	if texts*Dimension > len(ws.out) {
		ws.pooled = make([]float32, texts*Dimension)
		ws.out = make([]float32, texts*Dimension)
	}
}

// Embed returns one L2-normalised 512-d vector per text, in order. Texts are
// run in batches (WithBatchSize, and at most ~1024 pieces per pass); ctx is
// checked before each batch. A text that produces no pieces (only "")
// yields an error wrapping ErrNoTokens.
func (m *Model) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	ids := make([][]int, len(texts))
	for i, t := range texts {
		ids[i] = m.tok.encode(t)
		if len(ids[i]) == 0 {
			return nil, fmt.Errorf("text %d: %w", i, ErrNoTokens)
		}
		if len(ids[i]) > MaxTokens {
			ids[i] = ids[i][:MaxTokens]
		}
	}
	return m.EmbedTokens(ctx, ids)
}

// EmbedTokens is Embed for pre-tokenised input (ids from Tokenize; anything
// past MaxTokens is ignored, as the graph does).
func (m *Model) EmbedTokens(ctx context.Context, ids [][]int) ([][]float32, error) {
	backing := make([]float32, len(ids)*Dimension)
	res := make([][]float32, len(ids))
	for i := range res {
		res[i] = backing[i*Dimension : (i+1)*Dimension : (i+1)*Dimension]
	}
	for lo := 0; lo < len(ids); {
		hi, tokens := lo, 0
		for hi < len(ids) && hi-lo < m.batchSize {
			n := min(len(ids[hi]), MaxTokens)
			if n == 0 {
				return nil, fmt.Errorf("text %d: %w", hi, ErrNoTokens)
			}
			if hi > lo && tokens+n > maxBatchTokens {
				break
			}
			tokens += n
			hi++
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := m.runBatch(ctx, ids[lo:hi], tokens, backing[lo*Dimension:hi*Dimension]); err != nil {
			return nil, err
		}
		lo = hi
	}
	return res, nil
}

func (m *Model) runBatch(ctx context.Context, ids [][]int, tokens int, dst []float32) error {
	var ws *workspace
	select {
	case ws = <-m.free:
	case <-ctx.Done():
		return ctx.Err()
	}
	if ws == nil {
		ws = newWorkspace(m.procs)
	}
	// Split work across cores only when this is the only pass running:
	// concurrent callers already keep every core busy, one pass each.
	parts := 1
	if m.active.Add(1) == 1 {
		parts = m.procs
	}
	m.forward(ws, ids, tokens, parts)
	m.active.Add(-1)
	copy(dst, ws.out[:len(ids)*Dimension])
	m.free <- ws
	return nil
}

func (m *Model) forward(ws *workspace, ids [][]int, T, parts int) {
	B := len(ids)
	ws.reserve(T, B)
	ws.starts = ws.starts[:0]
	ws.lens = ws.lens[:0]

	// Layer-0 input. The graph adds the looked-up embedding twice: once via
	// Encode/Scatter and once inside AddTimingSignal (gathered from that
	// scatter, plus the timing signal), summed in Encode/Layer_0/add.
	r := 0
	for _, seq := range ids {
		n := min(len(seq), MaxTokens)
		ws.starts = append(ws.starts, r)
		ws.lens = append(ws.lens, n)
		for pos, id := range seq[:n] {
			e := m.emb[id*256 : id*256+256]
			tm := m.timing[pos*256 : pos*256+256]
			xr := ws.x[(r+pos)*256 : (r+pos)*256+256]
			for j := range xr {
				xr[j] = e[j] + (e[j] + tm[j])
			}
		}
		r += n
	}

	for li := range m.layers {
		L := &m.layers[li]
		in := ws.x
		if li > 0 {
			in = ws.h
		}
		// Attention sub-layer (pre-norm).
		ws.layerNorm(ws.y, in, T, L.dIn, L.ln1S, L.ln1B, parts)
		if L.res != nil {
			ws.gemm(T, L.dIn, in, L.dIn, *L.res, ws.h, L.dOut, L.resB, 0, parts)
		}
		ws.gemm(T, L.dIn, ws.y, L.dIn, L.qkv, ws.qkv, 3*L.dIn, L.qkvB, 0, parts)
		ws.attention(L, parts)
		ws.gemm(T, L.dIn, ws.att, L.dIn, L.out, ws.h, L.dOut, L.outB, flagAccumulate, parts)

		// Feed-forward sub-layer (pre-norm).
		ws.layerNorm(ws.y, ws.h, T, L.dOut, L.ln2S, L.ln2B, parts)
		ws.gemm(T, L.dOut, ws.y, L.dOut, L.ffn1, ws.ffn, L.ffnWidth, L.ffn1B, flagReLU, parts)
		ws.gemm(T, L.ffnWidth, ws.ffn, L.ffnWidth, L.ffn2, ws.h, L.dOut, L.ffn2B, flagAccumulate, parts)
	}

	// Masked mean over each text's pieces (Sum / max(len, 1)).
	var acc [Dimension]float64
	for b := 0; b < B; b++ {
		clear(acc[:])
		for t := ws.starts[b]; t < ws.starts[b]+ws.lens[b]; t++ {
			row := ws.h[t*Dimension : (t+1)*Dimension]
			for j, v := range row {
				acc[j] += float64(v)
			}
		}
		n := float64(max(ws.lens[b], 1))
		p := ws.pooled[b*Dimension : (b+1)*Dimension]
		for j := range p {
			p[j] = float32(acc[j] / n)
		}
	}

	// tanh dense layer, then l2_normalize: x * rsqrt(max(sum(x²), 1e-12)).
	ws.gemm(B, Dimension, ws.pooled, Dimension, m.tanhW, ws.out, Dimension, m.tanhB, 0, parts)
	for b := 0; b < B; b++ {
		o := ws.out[b*Dimension : (b+1)*Dimension]
		ss := 0.0
		for j, v := range o {
			t := math.Tanh(float64(v))
			o[j] = float32(t)
			ss += t * t
		}
		inv := float32(1 / math.Sqrt(math.Max(ss, 1e-12)))
		for j := range o {
			o[j] *= inv
		}
	}
}

// gemm runs C = A·B + bias on `parts` participants.
func (ws *workspace) gemm(m, k int, a []float32, lda int, b panels, c []float32, ldc int, bias []float32, flags, parts int) {
	g := &ws.g
	g.m, g.k, g.a, g.lda, g.b, g.c, g.ldc, g.bias, g.flags = m, k, a, lda, b, c, ldc, bias, flags
	g.chunk = b.n
	if parts > 1 {
		// ~4 items per participant balances well without much atomics traffic.
		g.chunk = max(1, b.n/(4*parts))
		parts = min(parts, b.n)
	}
	g.next.Store(0)
	runParallel(g, parts, &ws.wg)
	g.a, g.c, g.bias = nil, nil, nil
}

func (ws *workspace) attention(L *layer, parts int) {
	j := &ws.a
	j.L, j.qkv, j.att, j.starts, j.lens = L, ws.qkv, ws.att, ws.starts, ws.lens
	j.next.Store(0)
	items := len(ws.starts) * L.heads
	runParallel(j, min(parts, items), &ws.wg)
	j.L, j.qkv, j.att = nil, nil, nil
}

// lnJob is layer normalisation split into blocks of rows.
type lnJob struct {
	dst, src    []float32
	rows, d     int
	scale, bias []float32
	next        atomic.Int64
}

const lnBlock = 32

func (j *lnJob) do(int) {
	for {
		r0 := int(j.next.Add(lnBlock)) - lnBlock
		if r0 >= j.rows {
			return
		}
		r1 := min(r0+lnBlock, j.rows)
		layerNorm(j.dst[r0*j.d:], j.src[r0*j.d:], r1-r0, j.d, j.scale, j.bias)
	}
}

func (ws *workspace) layerNorm(dst, src []float32, rows, d int, scale, bias []float32, parts int) {
	j := &ws.ln
	j.dst, j.src, j.rows, j.d, j.scale, j.bias = dst, src, rows, d, scale, bias
	j.next.Store(0)
	runParallel(j, min(parts, (rows+lnBlock-1)/lnBlock), &ws.wg)
	j.dst, j.src = nil, nil
}

// layerNorm is the graph's layer_norm: (x-mean)·rsqrt(var+1e-6)·scale + bias
// over the last axis, applied to each of rows rows of width d.
func layerNorm(dst, src []float32, rows, d int, scale, bias []float32) {
	inv := 1 / float64(d)
	for r := 0; r < rows; r++ {
		x := src[r*d : (r+1)*d]
		y := dst[r*d : (r+1)*d]
		s := 0.0
		for _, v := range x {
			s += float64(v)
		}
		mean := float32(s * inv)
		v2 := 0.0
		for _, v := range x {
			c := float64(v - mean)
			v2 += c * c
		}
		rs := float32(1 / math.Sqrt(float64(float32(v2*inv))+1e-6))
		for j, v := range x {
			y[j] = scale[j]*rs*(v-mean) + bias[j]
		}
	}
}
