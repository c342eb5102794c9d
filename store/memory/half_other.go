//go:build !amd64 || purego

package memory

// haveHalfKernel is false: without a kernel the half-precision pre-scan
// would be slower than the float32 scan, so spaces do not keep the copy.
const haveHalfKernel = false

// dotHalf is the portable definition of the kernel, used only by tests here.
func dotHalf(q []float32, h []uint16) float32 { return dotHalfGo(q, h) }
