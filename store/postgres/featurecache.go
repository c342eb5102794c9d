package postgres

import (
	"hash/maphash"
	"sync"

	"github.com/creatormatch/creatormatch"
)

// featureCache keeps decoded feature sets for GetCreators, the match path's
// bulk read. A match loads every candidate (hundreds of creators), and
// decoding each one's features JSON (about 2.5 kB of nested objects) was
// the largest client-side cost of a match: 44% of the Go CPU in a profile at
// 100k creators. Features change only when a creator is re-ingested or
// recomputed, so most candidates of most matches were decoded before.
//
// An entry is keyed by creator ID and validated by a hash of the exact
// bytes the server returned, so a changed feature set (from any writer,
// any process) is never served stale: the bytes still cross the wire, only
// their decoding is skipped. Entries are shared read-only values, which
// GetCreators' contract allows; GetCreator and ScanCreators always decode
// afresh, since their callers own what they get.
//
// The cache is two generations of at most max entries each: when the
// current one fills it becomes the previous one and the old previous one
// is dropped, so memory stays within 2·max entries (~3 kB each) with no
// per-read bookkeeping, and entries read in the last generation survive.
type featureCache struct {
	mu        sync.Mutex
	seed      maphash.Seed
	max       int
	cur, prev map[string]cachedFeatures
}

type cachedFeatures struct {
	sum uint64
	f   *creatormatch.Features
}

func newFeatureCache(max int) *featureCache {
	return &featureCache{seed: maphash.MakeSeed(), max: max, cur: map[string]cachedFeatures{}}
}

// sum is the validation hash of a feature set's raw bytes.
func (c *featureCache) sum(raw []byte) uint64 { return maphash.Bytes(c.seed, raw) }

// get returns the cached features of id if they were decoded from bytes
// with hash sum.
func (c *featureCache) get(id string, sum uint64) (*creatormatch.Features, bool) {
	if c == nil || c.max <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.cur[id]; ok && e.sum == sum {
		return e.f, true
	}
	if e, ok := c.prev[id]; ok && e.sum == sum {
		c.putLocked(id, e)
		return e.f, true
	}
	return nil, false
}

func (c *featureCache) put(id string, sum uint64, f *creatormatch.Features) {
	if c == nil || c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(id, cachedFeatures{sum, f})
}

func (c *featureCache) putLocked(id string, e cachedFeatures) {
	if len(c.cur) >= c.max {
		c.prev, c.cur = c.cur, make(map[string]cachedFeatures, c.max)
	}
	c.cur[id] = e
}
