//go:build amd64 && !purego

package memory

// dotHalfRuns: the kernel needs AVX2, FMA and F16C.
var dotHalfRuns = haveHalfKernel
