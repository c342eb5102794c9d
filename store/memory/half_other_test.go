//go:build !amd64 || purego

package memory

// dotHalfRuns: without the kernel, dotHalf is its Go definition.
const dotHalfRuns = true
