package uselite

// ForwardFLOPs counts the useful floating-point operations (2·m·n·k per
// matrix product, attention QK^T and P·V per token pair) of embedding one
// text of n pieces, from the shapes in forward.go (n is clipped to MaxTokens, as the graph
// does):
//
//	layer 0 (256→512, 4 heads × 64):  residual dense 256×512, qkv 256×768,
//	    output 256×512, FFN 512×1536 and 1536×512 per token;
//	    attention 2·n²·256 (QK^T) + 2·n²·256 (P·V)
//	layer 1 (512, 4 heads × 128): qkv 512×1536, output 512×512, FFN as above;
//	    attention 2·n²·512 + 2·n²·512
//	tanh dense 512×512 once per text.
//
// Element-wise work (layer norm, softmax, ReLU, pooling, tanh) is left out;
// it is well under 1% of the total.
func ForwardFLOPs(n int) float64 {
	t := float64(min(n, MaxTokens))
	perToken := 0.0
	for _, l := range []struct{ dIn, dOut int }{{256, 512}, {512, 512}} {
		dIn, dOut := float64(l.dIn), float64(l.dOut)
		if l.dIn != l.dOut {
			perToken += 2 * dIn * dOut // residual projection
		}
		perToken += 2 * dIn * 3 * dIn // qkv
		perToken += 2 * dIn * dOut    // attention output
		perToken += 2 * dOut * 1536   // FFN conv1
		perToken += 2 * 1536 * dOut   // FFN conv2
	}
	attn := 4 * t * t * (256 + 512) // QK^T and P·V, all heads, both layers
	return perToken*t + attn + 2*512*512
}

// FLOPs returns the useful floating-point operations of embedding texts
// (ForwardFLOPs of each text's pieces) and their pieces before clipping.
func (m *Model) FLOPs(texts []string) (flops float64, pieces int) {
	for _, t := range texts {
		n := len(m.Tokenize(t))
		pieces += n
		flops += ForwardFLOPs(n)
	}
	return flops, pieces
}
