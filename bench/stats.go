package bench

import (
	"math"
	"sort"
	"time"
)

// Percentile returns the p-th percentile (0 < p <= 1) of xs by the
// nearest-rank method: the smallest value with at least p of the samples at
// or below it. It returns 0 for no samples. xs is not modified.
func Percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return percentileSorted(s, p)
}

func percentileSorted(s []float64, p float64) float64 {
	if len(s) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(s)))) - 1
	i = max(0, min(i, len(s)-1))
	return s[i]
}

// summary is the latency distribution of one run.
type summary struct {
	n             int
	p50, p95, p99 float64
}

func summarize(ms []float64) summary {
	s := append([]float64(nil), ms...)
	sort.Float64s(s)
	return summary{n: len(s), p50: percentileSorted(s, 0.50), p95: percentileSorted(s, 0.95), p99: percentileSorted(s, 0.99)}
}

func msSince(t time.Time) float64 { return float64(time.Since(t)) / float64(time.Millisecond) }

// round3 keeps three decimals so the JSON stays readable.
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
