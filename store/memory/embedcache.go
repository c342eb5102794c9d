package memory

import (
	"slices"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"

	cm "github.com/creatormatch/creatormatch"
)

// WithEmbeddingCache sets how many embeddings (over all models) the
// embedding cache keeps before it evicts the least recently used (default
// cm.DefaultEmbeddingCacheEntries, which says why). Zero or less turns the
// cache off: nothing is cached or logged and every lookup misses.
func WithEmbeddingCache(entries int) Option {
	return func(o *options) { o.embeddingCache = entries }
}

// cacheKey identifies a cached vector: the model and the text's key.
type cacheKey struct{ model, key string }

// cacheEntry is one cached vector, as a snapshot captures it.
type cacheEntry struct {
	cacheKey
	vec []float32
}

// embeddingCache is the store's bounded embedding cache: an LRU of at most
// max vectors over all models.
//
// The LRU is github.com/hashicorp/golang-lru/v2: a list plus a map behind
// one mutex, with an eviction callback and oldest-first Keys, which is
// all this needs; it is safe for concurrent use, so lookups (which move
// hits to the front) need no store lock.
//
// Bounding it bounds what is persisted too: the log records cache writes
// (not evictions; replaying the writes in order through the same bound
// evicts the same entries), compaction rewrites the log into a snapshot
// of at most max entries, oldest first, so that loading it restores the
// recency order. Hits are not logged: after a restart, entries not
// rewritten since the last snapshot are ordered by when they were written.
//
// Vectors are immutable once cached; lookups hand out copies.
type embeddingCache struct {
	max int
	lru *lru.Cache[cacheKey, []float32] // nil when max <= 0

	bytes                   atomic.Int64 // vector and key bytes held
	hits, misses, evictions atomic.Uint64
}

func newEmbeddingCache(max int) *embeddingCache {
	c := &embeddingCache{max: max}
	if max > 0 {
		// NewWithEvict fails only for a size <= 0.
		c.lru, _ = lru.NewWithEvict(max, func(k cacheKey, v []float32) {
			c.bytes.Add(-entryBytes(k, v))
			c.evictions.Add(1)
		})
	}
	return c
}

func entryBytes(k cacheKey, v []float32) int64 { return int64(len(k.key) + 4*len(v)) }

// get returns copies of the cached vectors of model for keys, counting
// each key as a hit or a miss and moving hits to the front.
func (c *embeddingCache) get(model string, keys []string) map[string][]float32 {
	out := make(map[string][]float32, len(keys))
	if c.lru == nil {
		c.misses.Add(uint64(len(keys)))
		return out
	}
	var hits uint64
	for _, k := range keys {
		if v, ok := c.lru.Get(cacheKey{model, k}); ok {
			out[k] = slices.Clone(v)
			hits++
		}
	}
	c.hits.Add(hits)
	c.misses.Add(uint64(len(keys)) - hits)
	return out
}

// add caches vecs of model in the order of keys (the last is the most
// recently used). Only writers call it, one at a time (under Store.mu), so
// the byte count of a replaced vector is read before it is replaced.
func (c *embeddingCache) add(model string, keys []string, vecs map[string][]float32) {
	if c.lru == nil {
		return
	}
	for _, k := range keys {
		ck, v := cacheKey{model, k}, vecs[k]
		if old, ok := c.lru.Peek(ck); ok {
			c.bytes.Add(-entryBytes(ck, old))
		}
		c.bytes.Add(entryBytes(ck, v))
		c.lru.Add(ck, v)
	}
}

// entries returns the cached vectors, least recently used first. Called
// with Store.writeMu held, so no entry is added or evicted meanwhile
// (lookups may still reorder them).
func (c *embeddingCache) entries() []cacheEntry {
	if c.lru == nil {
		return nil
	}
	keys := c.lru.Keys()
	out := make([]cacheEntry, 0, len(keys))
	for _, k := range keys {
		if v, ok := c.lru.Peek(k); ok {
			out = append(out, cacheEntry{k, v})
		}
	}
	return out
}

// resetCounters zeroes hits, misses and evictions (after Open's replay,
// whose evictions re-enact earlier ones).
func (c *embeddingCache) resetCounters() {
	c.hits.Store(0)
	c.misses.Store(0)
	c.evictions.Store(0)
}

func (c *embeddingCache) stats() cm.EmbeddingCacheStats {
	st := cm.EmbeddingCacheStats{
		MaxEntries: max(c.max, 0),
		Bytes:      c.bytes.Load(),
		Hits:       c.hits.Load(),
		Misses:     c.misses.Load(),
		Evictions:  c.evictions.Load(),
	}
	if c.lru != nil {
		st.Entries = c.lru.Len()
	}
	return st
}
