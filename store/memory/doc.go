// Package memory is the embedded, default creatormatch.Store: every creator,
// vector, cached embedding, feedback event, API key and completed
// idempotency record is held in memory and made durable in one bbolt file
// (go.etcd.io/bbolt: a single-file, copy-on-write B+tree with ACID
// transactions) in one directory: a log of writes plus a periodic snapshot.
// It needs no server, which makes it the backend for single-node
// deployments, the CLI and tests; store/postgres is the one for shared
// deployments. Both pass the contract suite in store/storetest.
//
// # Durability
//
// Each acknowledged write (an UpsertCreators batch, a DeleteCreator, a
// CacheEmbeddings call, an AddFeedback batch, a CreateAPIKey, a
// RevokeAPIKey, a CompleteIdempotency, ...) is exactly one log record,
// written in one bbolt transaction whose commit has fsynced it (bbolt
// writes the new pages, fdatasyncs, writes the meta page, fdatasyncs)
// before the call returns; only then is it applied to memory, so readers
// never see a write that a crash could undo. Writes are all-or-nothing: the
// whole batch is validated (vector dimensions against Dimension and against
// the model's stored dimension, non-empty and unique IDs, content vectors
// naming content items) before anything is logged. A write that changes
// nothing (an AddFeedback batch whose event IDs are all stored already,
// revoking a revoked key) succeeds without logging.
//
// A commit that fails on a full disk (ENOSPC, EDQUOT) or a read-only file
// system is rolled back by bbolt (the meta page, which alone makes a
// transaction visible, was not written) and the write fails with
// ErrUnavailable, its client message naming the reason ("the disk is
// full"); reads go on, Ready reports the fault until a write succeeds or the
// file system has room again, and the next write after space is freed
// succeeds without a restart. Any other commit failure (a failed fsync
// among them) leaves what the file holds unknown: every later write fails,
// and only a restart (reopening the file) recovers.
//
// On Open the snapshot is loaded and the log records after it replayed, in
// LSN order; a missing LSN, a record whose CRC or decoding fails, or a
// file bbolt cannot read (bad meta pages, a file cut short) fails Open with
// ErrCorrupt rather than silently drop acknowledged writes. A crash (the
// process killed at any point: TestCrashInjection does it 50 times) needs no
// repair: bbolt opens at the last committed transaction.
//
// When the log records since the last snapshot outgrow
// max(WithCompactThreshold, size of the snapshot) a background compaction
// starts: writers pause briefly while it captures the state (packed
// creators are immutable once stored, so capturing is copying pointers and
// the vector slabs); it then writes the snapshot into the snapshot bucket
// not in use, in transactions of at most about 4 MB of records (writes
// commit between them), and in one last transaction names the new bucket
// the snapshot, drops the old one and deletes the log records it covers.
// Until that commit Open sees the previous snapshot and the whole log; an
// unfinished bucket left by a crash is dropped at Open. Reads and writes
// continue meanwhile. bbolt reuses freed pages but never shrinks the file,
// which therefore stays at about its largest size: two snapshots plus a
// threshold's worth of log.
//
// A flock on dir/LOCK keeps a second Store (in any process) from opening
// the same directory; Open then fails with ErrLocked.
//
// # Files
//
//	LOCK          flock target, empty
//	store.db      the bbolt file
//	store.db.new  a store.db being created (or imported into); removed on Open
//
// store.db holds buckets:
//
//	meta              "format" = "creatormatch-memory 1";
//	                  "snapshot" = str bucket | uvarint LSN | uvarint records |
//	                  uvarint bytes (absent before the first compaction);
//	                  "imported" = the previous format's files imported
//	log               u64 LSN | u32 chunk → record; LSNs increase by one
//	                  per logged write
//	snap-a, snap-b    u64 index | u32 chunk → record: the snapshot (the one
//	                  "snapshot" names), holding everything logged up to
//	                  its LSN
//
// Keys are big endian. A record longer than 16 KiB is stored in chunks of
// 16 KiB under consecutive chunk numbers from 0 (bbolt rewrites a changed
// leaf whole, and keeps at least two values in one: chunks bound what an
// append rewrites of the records before it).
//
// A record is a type byte and a body, followed by the CRC-32C of both
// (u32, little endian: bbolt checksums only its meta pages). Bodies use
// uvarint counts and lengths, length-prefixed strings, creators as their
// JSON encoding (the domain's own, so new fields persist without a format
// change) and vectors as raw little-endian float32:
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
//	20 weights  bytes JSON of one learned weight version
//	11 creator  (snapshot) one creator body
//
//	creator body: bytes JSON | str model | uvarint dim | u8 has profile |
//	              [dim × f32 profile] | uvarint n | n × (str content id | dim × f32)
//
// A snapshot holds one record per creator, then the cache records, the
// feedback records (chunks of 1024 events), one api key record per key,
// one idempotency record per completed unexpired record, one block record
// per entry, the list records and one weights record per version; the
// meta record counts them.
//
// # The previous format
//
// Versions before store.db kept the same records, framed with CRCs, in an
// append-only log (wal-<gen>.log) and snapshot files (snap-<gen>.snap,
// with header and end records 10 and 12): see legacy.go. Open imports
// such a directory: it loads the files as those versions did (stopping at
// a torn last record, failing with ErrCorrupt on damage before acknowledged
// records), writes the state as the snapshot of a new store.db.new, renames
// that to store.db, and removes the old files; a crash during the import
// leaves the old files, and the next Open imports again. Old files found
// next to store.db are removed only if they are the ones it was imported
// from (names and sizes are kept in meta); others (written by an older
// version since) fail Open rather than be lost. Going back to an older
// version after the import needs a copy of the old directory.
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
// JSON, as records did before packing existed.
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
// Writes already being committed complete.
package memory
