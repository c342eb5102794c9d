//go:build !amd64 || purego

package uselite

// tile6x16 on platforms without the assembly kernel.
func tile6x16(k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, bias []float32, flags int) {
	tile6x16Go(k, a, lda, b, ldb, c, ldc, bias, flags)
}
