package postgres

import (
	"sync"

	"github.com/creatormatch/creatormatch"
)

// featureCache keeps decoded feature sets for GetCreators, the match path's
// bulk read. A match loads every candidate (a hundred or two creators), and
// each one's features JSON (about 1.7 kB of nested objects) was the largest
// part of that read twice over: decoding it was 44% of the Go CPU of a
// match at 100k creators, and sending it was most of the statement's time
// (at 1M creators, reading 100 creators took 3-5 ms with the features
// column and 0.55 ms without it, psql on the bench database). Features
// change only when a creator is re-ingested, so most candidates of most
// matches were read before.
//
// An entry is keyed by creator ID and validated by the version of the
// creators row it was decoded from: its xmin (the transaction that wrote
// it) and ctid (where it lives), which every write of the row changes.
// Every write of a creator's features rewrites its creators row
// (UpsertCreators), from any process, so a changed feature set is never
// served stale. GetCreators sends the versions it holds and the server
// returns the features only of rows whose version differs, so a cached
// feature set is neither sent nor decoded. (A version could only repeat
// for an ID if its row were rewritten into the same place by a transaction
// with the same ID, four billion transactions later, while the entry stayed
// cached.) Entries are shared read-only values, which GetCreators' contract
// allows; GetCreator and ScanCreators always decode afresh, since their
// callers own what they get.
//
// The cache is two generations of at most max entries each: when the
// current one fills it becomes the previous one and the old previous one
// is dropped, so memory stays within 2·max entries (~3 kB each) with no
// per-read bookkeeping, and entries read in the last generation survive.
type featureCache struct {
	mu        sync.Mutex
	max       int
	cur, prev map[string]cachedFeatures
}

type cachedFeatures struct {
	version string // the creators row's xmin and ctid, see rowVersionSQL
	f       *creatormatch.Features
}

// rowVersionSQL is a creators row's version as featureCache keys it.
const rowVersionSQL = `(c.xmin::text || '@' || c.ctid::text)`

func newFeatureCache(max int) *featureCache {
	return &featureCache{max: max, cur: map[string]cachedFeatures{}}
}

func (c *featureCache) enabled() bool { return c != nil && c.max > 0 }

// known returns the cached entries of ids.
func (c *featureCache) known(ids []string) map[string]cachedFeatures {
	if !c.enabled() {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]cachedFeatures, len(ids))
	for _, id := range ids {
		if e, ok := c.cur[id]; ok {
			out[id] = e
		} else if e, ok := c.prev[id]; ok {
			c.putLocked(id, e)
			out[id] = e
		}
	}
	return out
}

func (c *featureCache) put(id, version string, f *creatormatch.Features) {
	if !c.enabled() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(id, cachedFeatures{version, f})
}

func (c *featureCache) putLocked(id string, e cachedFeatures) {
	if len(c.cur) >= c.max {
		c.prev, c.cur = c.cur, make(map[string]cachedFeatures, c.max)
	}
	c.cur[id] = e
}
