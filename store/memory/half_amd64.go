//go:build amd64 && !purego

package memory

import "golang.org/x/sys/cpu"

// haveHalfKernel: the kernel needs AVX2-era YMM registers, FMA and F16C
// (VCVTPH2PS); x/sys/cpu reports AVX2 and FMA only when the OS saves YMM
// state.
var haveHalfKernel = cpu.X86.HasAVX2 && cpu.X86.HasFMA && cpu.X86.HasF16C

// dotHalfAVX returns Σ q[i]·float32(h[i]) for i < n; n is a positive
// multiple of 32.
//
//go:noescape
func dotHalfAVX(q *float32, h *uint16, n int) float32

// dotHalf is the approximate score of a half row against a padded query of
// the same length (a multiple of 32).
func dotHalf(q []float32, h []uint16) float32 {
	_ = q[len(h)-1]
	return dotHalfAVX(&q[0], &h[0], len(h))
}
