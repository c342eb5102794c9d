package memory

import (
	"fmt"
	"sync"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/pack"
)

// DefaultCreatorCache is how many unpacked creators GetCreators keeps per
// cache generation (WithCreatorCache).
//
// Why 16k: the cache must give back to the garbage collector only a
// bounded part of what packing the entries took from it, whatever the
// catalogue's size. An unpacked bench catalogue creator is about 3.2 kB in
// 12 heap objects, so the two generations hold at most 32k of them: 105 MB
// in 400k objects (measured: GetCreators of all 100k bench creators, then
// runtime.GC()). That takes a forced GC of the packed 100k store from
// about 40 to about 80 ms, still well under the 180 ms of the decoded
// creators, and it stays that size at 300k or 1M creators. In return, 32k
// creators are the candidates (100 to 200 each) of the last 150 to 300
// matches, which is where the same creators come back, and a cached one
// costs about 35 ns instead of a 4-12 µs unpack: with a live heap of about
// 600 MB a collection comes every few hundred matches, and between two of
// them the cache saves more CPU (0.5-2 ms of unpacking per match served
// from it) than its extra 40 ms of marking costs.
const DefaultCreatorCache = 16 << 10

// WithCreatorCache sets how many unpacked creators GetCreators keeps per
// cache generation (default DefaultCreatorCache; at most twice that are
// held). Zero or less turns the cache off: every GetCreators unpacks.
func WithCreatorCache(entries int) Option {
	return func(o *options) { o.creatorCache = entries }
}

// creatorCache keeps unpacked creators for GetCreators, the match path's
// bulk read (every candidate of every match, mostly the same ones again).
// It is modelled on store/postgres's creatorCache: two generations of at
// most max entries each; when the current one fills it becomes the previous
// one and the old previous one is dropped, so memory stays within 2·max
// creators with no per-read bookkeeping, and a creator read in the last
// generation survives (a hit in the previous generation moves it to the
// current one).
//
// It is keyed by the entry's sequence number (entry.seq), which is unique
// to one published entry: entries are immutable and a write replaces the
// entry, so a cached creator is never stale, and a replaced or deleted
// creator's unpacked copy simply ages out. Keying by number rather than by
// entry pointer keeps replaced entries (with their content vectors) from
// being held alive by the cache. Cached creators are shared, read-only
// values, which GetCreators' contract allows; GetCreator and ScanCreators
// unpack afresh, since their callers own what they get.
type creatorCache struct {
	mu        sync.Mutex
	max       int
	cur, prev map[uint64]*cm.Creator
}

func newCreatorCache(max int) *creatorCache {
	if max <= 0 {
		return &creatorCache{}
	}
	return &creatorCache{max: max, cur: make(map[uint64]*cm.Creator, max)}
}

// get returns the unpacked creators of es, in order, from the cache or
// unpacked (outside the lock) and added to it.
func (c *creatorCache) get(es []*entry) ([]*cm.Creator, error) {
	out := make([]*cm.Creator, len(es))
	var miss []int
	if c.max > 0 {
		c.mu.Lock()
		for i, e := range es {
			if cr, ok := c.cur[e.seq]; ok {
				out[i] = cr
			} else if cr, ok := c.prev[e.seq]; ok {
				c.putLocked(e.seq, cr)
				out[i] = cr
			} else {
				miss = append(miss, i)
			}
		}
		c.mu.Unlock()
		if len(miss) == 0 {
			return out, nil
		}
	}
	for i, e := range es {
		if out[i] != nil {
			continue
		}
		cr, err := e.creator()
		if err != nil {
			return nil, err
		}
		out[i] = cr
	}
	if c.max > 0 {
		c.mu.Lock()
		for _, i := range miss {
			c.putLocked(es[i].seq, out[i])
		}
		c.mu.Unlock()
	}
	return out, nil
}

func (c *creatorCache) putLocked(seq uint64, cr *cm.Creator) {
	if len(c.cur) >= c.max {
		c.prev, c.cur = c.cur, make(map[uint64]*cm.Creator, c.max)
	}
	c.cur[seq] = cr
}

// creator unpacks the entry's creator into a new value the caller owns.
func (e *entry) creator() (*cm.Creator, error) {
	c, err := pack.Decode(e.packed)
	if err != nil { // packed by this process: a bug, not bad input
		return nil, fmt.Errorf("memory store: creator %q does not unpack: %w", e.id, err)
	}
	return c, nil
}
