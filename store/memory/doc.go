// Package memory is the embedded, default creatormatch.Store: every creator,
// vector, cached embedding, feedback event, API key and completed
// idempotency record is held in memory and made
// durable by an append-only log plus periodic snapshots in one directory.
// It needs no server, which makes it the backend for single-node
// deployments, the CLI and tests; store/postgres is the one for shared
// deployments. Both pass the contract suite in store/storetest.
//
// # Durability
//
// Each acknowledged write (an UpsertCreators batch, a DeleteCreator, a
// CacheEmbeddings call, an AddFeedback batch, a CreateAPIKey, a
// RevokeAPIKey, a CompleteIdempotency) is exactly one log record,
// written with one write(2) and fsynced before the call returns; only then
// is it applied to memory, so readers never see a write that a crash could
// undo. Writes are all-or-nothing: the whole batch is validated (vector
// dimensions against Dimension and against the model's stored dimension,
// non-empty and unique IDs, content vectors naming content items) before
// anything is logged. A write that changes nothing (an AddFeedback batch
// whose event IDs are all stored already, revoking a revoked key) succeeds
// without logging.
//
// A write that fails (a full disk, a read-only file system) is truncated
// back out of the log and fails with ErrUnavailable, its client message
// naming the reason ("the disk is full"); reads go on, Ready reports the
// fault until a write succeeds or the file system has room again, and the
// next write after space is freed succeeds without a restart. A failed
// fsync is different: the log's state is then unknown, every later write
// fails, and only a restart (replaying the log) recovers.
//
// On Open the newest snapshot is loaded and the logs after it replayed. A
// torn last record (a crash mid-write: the record extends past the end of
// the file, or only zero bytes follow a bad checksum) was never
// acknowledged and is truncated away. A bad checksum with data after it is
// corruption and Open fails with ErrCorrupt rather than silently drop
// acknowledged writes.
//
// When the log outgrows max(WithCompactThreshold, size of the last
// snapshot) a background compaction starts: writers pause briefly while it
// switches to a new log generation and captures the state (packed
// creators are immutable once stored, so capturing is copying pointers and
// the vector slabs); it then writes the snapshot to a temporary file, fsyncs it,
// renames it into place, fsyncs the directory and deletes the files the
// snapshot covers. Reads and writes continue meanwhile.
//
// A flock on dir/LOCK keeps a second Store (in any process) from opening
// the same directory; Open then fails with ErrLocked.
//
// # Files
//
//	LOCK                     flock target, empty
//	wal-<gen>.log            log generation gen (16 hex digits)
//	snap-<gen>.snap          snapshot holding everything logged before generation gen
//	snap-<gen>.tmp           snapshot being written; removed on Open
//
// Both kinds of data file start with an 8-byte magic ("CMWAL001",
// "CMSNAP01") followed by frames:
//
//	u32 n | u32 CRC-32C(payload) | u32 CRC-32C(the preceding 8 bytes) | payload[n]
//
// little endian. A payload is a type byte, a u64 LSN and a body. LSNs
// increase by one per logged record; a snapshot's records carry the LSN it
// covers, so replay skips log records already in the snapshot and a gap is
// reported as corruption. Bodies use uvarint counts and lengths,
// length-prefixed strings, creators as their JSON encoding (the domain's
// own, so new fields persist without a format change) and vectors as raw
// little-endian float32:
//
//	1 upsert    uvarint count, then count creator bodies
//	2 delete    str id
//	3 cache     str model | uvarint n | n × (str key | uvarint dim | dim × f32);
//	            in a snapshot, least recently used first. The cache is
//	            bounded (WithEmbeddingCache): evictions are not logged, since
//	            replaying the writes through the same bound repeats them
//	4 feedback  bytes JSON array of FeedbackEvent
//	5 api key   bytes JSON of one APIKey with its hash ({...,"hash":"<hex>"});
//	            an upsert by ID: CreateAPIKey logs the new key, RevokeAPIKey
//	            the key with revoked_at set. The secret is never stored.
//	6 idem      one completed idempotency record: u8 version (1) | str scope |
//	            str key | str request hash | str token | uvarint status |
//	            str content type | bytes body | uvarint created |
//	            uvarint expires (Unix microseconds). Claims in progress are
//	            never logged; expired records and records beyond the bound
//	            (idempotency.go) are dropped at load and left out of snapshots
//	7 block     u8 op (0 remove, 1 add) | bytes JSON of one blocklist entry
//	13 list     u8 op | bytes JSON (lists.go listRec): 1 list created or
//	            changed, 2 list deleted with its items, 3 item added or its
//	            status changed, 4 item removed, 5 note added, 6 note deleted.
//	            A snapshot holds each list (op 1) followed by its items (op 3),
//	            then the workspace's notes (op 5)
//	10 meta     (snapshot header; its LSN is the snapshot's)
//	11 creator  (snapshot) one creator body
//	12 end      (snapshot) uvarint creators | uvarint cache records |
//	            uvarint feedback records | uvarint api key records |
//	            uvarint idempotency records | uvarint blocklist records |
//	            uvarint list records
//
//	creator body: bytes JSON | str model | uvarint dim | u8 has profile |
//	              [dim × f32 profile] | uvarint n | n × (str content id | dim × f32)
//
// A snapshot holds one api key record per key, after the feedback records.
// Record type 5 and the fourth count of the end record were added together
// without changing the magics: an end record with only three counts (a
// snapshot written before API keys existed) reads as having zero api key
// records. Files written by this version that hold no API keys remain
// readable by the previous one (it ignores the fourth count); one holding an
// api key record fails its Open with ErrCorrupt (unknown record type) rather
// than losing keys. Record type 6 and the fifth count were added the same
// way: an end record with four counts reads as zero idempotency records,
// and the fifth count is written only when it is not zero, so files holding
// no idempotency record remain readable by the previous version, while one
// holding any fails its Open with ErrCorrupt. Record types 7 (sixth count)
// and 13 (seventh count) were added the same way: a count is written only
// when it or a later one is not zero.
//
// # Memory
//
// Each entry holds its creator packed (store/pack): one pointer-free
// []byte, which the garbage collector never scans, instead of the decoded
// creatormatch.Creator. A decoded creator is about 70 heap objects
// (Audience alone is five maps; then slices, strings, pointers), and at
// 100k creators those were 7.3M of the heap's 7.4M objects and 460 of its
// 880 MB: a forced runtime.GC() took about 180-230 ms on two cores, and
// background cycles of 0.56-0.87 s every ~18 s lifted the match p99 at 100k
// from 12-25 ms to 34 ms whenever one overlapped a measurement. Packed,
// the 100k bench catalogue's live heap is 601 MB in 0.87M objects and a
// forced GC about 40 ms (178 ms before, run side by side); the filter
// fields keep interned strings (fieldStrings), not the decoded creator's.
//
// GetCreators, the match path's bulk read, keeps unpacked creators in a
// bounded two-generation cache (creatorcache.go, at most
// 2 × DefaultCreatorCache), keyed by the entry's sequence number, so it is
// never stale; they are shared read-only, as its contract allows. Unpacking
// a bench catalogue creator costs about 4 µs, a creator with 30 posts about
// 12 µs (a JSON decode of that one: 170 µs); a cached one about 35 ns.
// GetCreator and ScanCreators unpack afresh (their callers own the result),
// and compaction unpacks each creator to write its JSON.
//
// What the collector still traces, at 100k creators: the entries (43 MB,
// one object per creator with its filter fields, plus their small slices
// and the ID string), the lexical index's per-document filter copies
// (31 MB in one array) and postings map, the creators map (3 MB) and the
// cached creators (a full cache: 105 MB in 400k objects, which takes a
// forced GC from about 40 to about 80 ms). The vector slabs, their
// half-precision copies (430 MB together), the posting lists and the
// packed creators (165 MB) are noscan.
//
// The packs are in memory only: the log and snapshots keep the creator's
// JSON as before, so data directories written by earlier versions open
// unchanged, and files written by this version are the same as before.
//
// # Search
//
// SearchDense is cosine similarity over the profile vectors of the query's
// model. Those live in one contiguous slab per model, with per-row
// precomputed inverse norms and a 4-byte row column (interned country and
// tier) beside it. The exact scan uses a SIMD dot product (gonum's assembly
// kernel), is split across goroutines above 20k rows and keeps a bounded
// top-k heap; ties go to the smaller ID. Filters are reduced at write time
// to integers and 64-bit signatures (filter.go), so a row's check is an
// integer compare or a bit test rather than map lookups. A filter estimated
// (from per-value row counts) to pass under a quarter of the rows is tested
// before scoring, so only candidate rows are read; a broader one is tested
// only on rows that would enter the heap, keeping the slab read sequential.
// Such a scan reads every row, so memory bandwidth bounds it; where an
// AVX2/FMA/F16C kernel runs, each space also keeps its unit rows in half
// precision (half.go: half the bytes, 1 KiB more per 512-d row) and the
// scan reads those, keeps k + k/2 + 32 rows, rescores them from the
// float32 slab and proves from an error bound (2⁻¹⁰ in cosine) that the
// top k is the exact one, falling back to the float32 scan when it cannot.
// Results and scores are identical to the float32 scan's; the 100k-row
// scan takes about 0.6 of the time.
//
// A model with more than WithANNThreshold rows (default
// DefaultANNThreshold, 200k: the exact scan of 100k 512-d rows takes a few
// milliseconds on two cores) also gets an HNSW graph (hnsw.go: M 16,
// efConstruction 100, ef max(Limit, 600), cosine), used unless
// DenseQuery.Exact is set or the filter is estimated to pass fewer than
// max(5% of the rows, 50k) rows: such a filter is answered by the exact
// scan of its candidate rows, which is exact and about as fast. Filtered
// graph search collects only passing rows while traversing all of them,
// and falls back to the exact scan when it cannot find Limit passing rows
// within a bounded number of steps. SearchDenseInfo reports which path
// answered.
//
// The graph is derived data and is not persisted. It is built in the
// background on both cores when Open finds a model above the threshold or
// a write takes it across; searches use the exact scan until it is ready
// (WaitIndexes waits for it), then writes insert into it under the write
// lock. Building costs about 0.65 ms of CPU per 512-d row at 100k rows (65
// s of CPU, about 35 s on two idle cores; 194 s wall on a shared two-core
// box) and about 1.4 ms at 1M, as distances then miss the caches (measured:
// 1556 s wall, about 24 minutes of CPU, on the shared box: about 12 minutes
// on two idle cores). An insert into a ready graph costs about as much,
// under the write lock: a 1000-creator batch into an indexed model holds
// readers off for about 0.7 s. While a graph exists, row numbers are node
// ids and stay put: deletes leave tombstones (rows skipped by every search,
// still routed through by the graph), a slab with more than 25% tombstones
// is compacted and the graph rebuilt, and an update that keeps its vector
// keeps its row (a feature recompute touches neither slab nor graph).
//
// SearchLexical is BM25 (k1 1.2, b 0.75) over one document per creator made
// of its name, bio, declared niches, classified niche labels, captions and
// hashtags, with OR semantics over the query's words. See tokenize for the
// tokenisation (Unicode letters and digits, camel-case hashtag splitting,
// English stop words, a light plural stemmer).
//
// Every call checks its context on entry and long scans check it
// periodically; a cancelled call returns an error wrapping ctx.Err().
// Writes already being fsynced complete.
package memory
