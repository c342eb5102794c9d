package uselite

import "testing"

func TestForwardFLOPs(t *testing.T) {
	// Per token: layer 0 = 2·256·512 (residual) + 2·256·768 (qkv) +
	// 2·256·512 (output) + 2·512·1536 + 2·1536·512 (FFN) = 4,063,232;
	// layer 1 = 2·512·1536 + 2·512·512 + 2·512·1536 + 2·1536·512 =
	// 5,242,880; together 9,306,112. Attention adds 4·n²·(256+512), the
	// tanh layer 2·512·512 = 524,288 once.
	for _, tc := range []struct {
		name   string
		pieces int
		want   float64
	}{
		{"one piece", 1, 9306112 + 4*768 + 524288},
		{"ten pieces", 10, 9306112*10 + 4*100*768 + 524288},
		{"clipped at MaxTokens", 200, 9306112*128 + 4*128*128*768 + 524288},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ForwardFLOPs(tc.pieces); got != tc.want {
				t.Fatalf("ForwardFLOPs(%d) = %.0f, want %.0f", tc.pieces, got, tc.want)
			}
		})
	}
}
