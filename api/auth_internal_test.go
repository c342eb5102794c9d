package api

import (
	"strconv"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// TestAuthCachesAreBounded: the failure buckets and the unknown-key cache
// stay within their bounds however many addresses and keys are seen.
func TestAuthCachesAreBounded(t *testing.T) {
	now := time.Now()
	l := failLimiter{limit: rate.Limit(0.01), burst: 3, max: 1000, m: map[string]*rate.Limiter{}}
	u := boundedTimes{max: 1000, m: map[string]time.Time{}}
	for i := range 50000 {
		l.fail("10.0."+strconv.Itoa(i/256)+"."+strconv.Itoa(i%256), now)
		u.add("hash-"+strconv.Itoa(i), now, unknownKeyTTL)
		if len(l.m) > 1000 || len(u.m) > 1000 {
			t.Fatalf("after %d: %d buckets, %d unknown keys", i, len(l.m), len(u.m))
		}
	}
	// The latest entries are kept.
	if !u.fresh("hash-49999", now, unknownKeyTTL) {
		t.Fatal("the newest unknown key was evicted")
	}
	if _, ok := l.m["10.0.195.79"]; !ok {
		t.Fatal("the newest address lost its bucket")
	}
}
