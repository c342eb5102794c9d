//go:build !race

package api_test

// raceSlowdown scales the worst-case test's slack (see race_on_test.go).
const raceSlowdown = 1
