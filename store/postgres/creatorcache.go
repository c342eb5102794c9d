package postgres

import (
	"sync"

	"github.com/creatormatch/creatormatch"
)

// creatorCache keeps decoded creators for GetCreators, the match path's
// bulk read. A match loads every candidate (a hundred or two creators), and
// that read was the largest cost of a match after the searches: decoding
// the JSON (profile, features, audience, follower histories) was 44% of
// the Go CPU of a match at 100k creators, and sending it most of the
// statements' time (at 1M creators, reading 100 creators took 3-5 ms with
// the features column and 0.55 ms without it, psql on the bench
// database). A creator changes only when it is re-ingested, so most
// candidates of most matches were read before.
//
// An entry is keyed by creator ID and validated by the version of the
// creators row it was decoded with: its xmin (the transaction that wrote
// it) and ctid (where it lives), which every write of the row changes.
// Every write of a creator, from any process, rewrites its creators row
// in the same transaction as its accounts, content, audience and vectors
// (UpsertCreators), so the row's version is the whole creator's version.
// GetCreators sends the versions it holds, and one statement returns, for
// each requested creator, whether the cached copy is at the row's current
// version and, if not, the creator's pack (see load), so a cached creator
// is neither sent nor decoded and a changed one is never served stale
// (at 1M creators, 100 cached creators: 1.2-1.4 ms with four statements
// each joining creators, 0.5-0.6 ms with one). (A version could only repeat for an
// ID if its row were rewritten into the same place by a transaction with
// the same ID, four billion transactions later, while the entry stayed
// cached.) Entries are shared read-only values, which GetCreators'
// contract allows; GetCreator and ScanCreators always decode afresh, since
// their callers own what they get.
//
// The cache is two generations of at most max entries each: when the
// current one fills it becomes the previous one and the old previous one
// is dropped, so memory stays within 2·max creators (about 8 kB each
// without content) with no per-read bookkeeping, and entries read in the
// last generation survive.
type creatorCache struct {
	mu        sync.Mutex
	max       int
	cur, prev map[string]cachedCreator
}

type cachedCreator struct {
	version string // the creators row's xmin and ctid, see rowVersionSQL
	c       *creatormatch.Creator
}

// rowVersionSQL is a creators row's version as creatorCache keys it.
const rowVersionSQL = `(c.xmin::text || '@' || c.ctid::text)`

func newCreatorCache(max int) *creatorCache {
	return &creatorCache{max: max, cur: map[string]cachedCreator{}}
}

func (c *creatorCache) enabled() bool { return c != nil && c.max > 0 }

// known returns the cached entries of ids.
func (c *creatorCache) known(ids []string) map[string]cachedCreator {
	if !c.enabled() {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]cachedCreator, len(ids))
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

// clear drops every entry.
func (c *creatorCache) clear() {
	if !c.enabled() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur, c.prev = make(map[string]cachedCreator, c.max), nil
}

func (c *creatorCache) put(version string, cr *creatormatch.Creator) {
	if !c.enabled() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(cr.ID, cachedCreator{version, cr})
}

func (c *creatorCache) putLocked(id string, e cachedCreator) {
	if len(c.cur) >= c.max {
		c.prev, c.cur = c.cur, make(map[string]cachedCreator, c.max)
	}
	c.cur[id] = e
}
