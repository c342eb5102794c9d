package uselite

import (
	"fmt"
	"testing"
)

// BenchmarkGemm measures the single-core kernel throughput for the shapes
// the forward pass uses.
func BenchmarkGemm(b *testing.B) {
	for _, s := range []struct{ m, k, n int }{{44, 512, 1536}, {800, 512, 1536}, {800, 1536, 512}, {800, 256, 768}} {
		b.Run(fmt.Sprintf("%dx%dx%d", s.m, s.k, s.n), func(b *testing.B) {
			a := make([]float32, s.m*s.k)
			w := make([]float32, s.k*s.n)
			for i := range a {
				a[i] = float32(i%17) * 0.01
			}
			for i := range w {
				w[i] = float32(i%13) * 0.01
			}
			pb := packPanels(w, s.k, s.n)
			c := make([]float32, s.m*s.n)
			scratch := make([]float32, scratchSize)
			for b.Loop() {
				gemmRange(s.m, s.k, a, s.k, pb, c, s.n, nil, 0, 0, pb.n, scratch)
			}
			b.ReportMetric(float64(2*s.m*s.k*s.n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
	}
}
