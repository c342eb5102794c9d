//go:build race

package api_test

// raceSlowdown scales the worst-case test's slack: the race detector makes
// the CPU-bound steps no context can interrupt (decoding and validating an
// 8 MB body, one embedding batch) several times slower.
const raceSlowdown = 5
