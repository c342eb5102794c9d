//go:build amd64 && !purego

package uselite

// sgemm6x16 computes one 6x16 output tile; see kernel_amd64.s.
//
//go:noescape
func sgemm6x16(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, bias *float32, flags int)

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

func xgetbv() (eax, edx uint32)

// hasAVX2FMA reports whether the CPU and OS support the AVX2+FMA kernel. We
// probe CPUID ourselves instead of importing golang.org/x/sys/cpu so the
// package adds no direct dependency to the module.
var hasAVX2FMA = func() bool {
	maxID, _, _, _ := cpuid(0, 0)
	if maxID < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const (
		fma     = 1 << 12
		osxsave = 1 << 27
		avx     = 1 << 28
	)
	if ecx1&fma == 0 || ecx1&osxsave == 0 || ecx1&avx == 0 {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&6 != 6 { // XMM and YMM state enabled by the OS
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0 // AVX2
}()

// tile6x16 runs the fastest available implementation of the 6x16 tile.
func tile6x16(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, bias []float32, flags int) {
	if hasAVX2FMA {
		sgemm6x16(k, &a[0], lda, &b[0], ldb, &c[0], ldc, &bias[0], flags)
		return
	}
	tile6x16Go(k, a, lda, b, ldb, c, ldc, bias, flags)
}
