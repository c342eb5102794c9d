package memory

import (
	"cmp"
	"container/heap"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	cm "github.com/creatormatch/creatormatch"
)

// ErrLocked is wrapped by Open when another Store (in this or another
// process) has the directory open.
var ErrLocked = errors.New("directory is in use by another open store (LOCK is held)")

// errClosed is returned by every call on a closed Store.
var errClosed = fmt.Errorf("memory store: closed: %w", cm.ErrUnavailable)

// DefaultCompactThreshold is the log size above which the store compacts
// (and only once the log is also at least as large as the last snapshot, so
// compaction rewrites at most about as many bytes as were appended since the
// previous one).
const DefaultCompactThreshold = 64 << 20

// Option configures Open.
type Option func(*options)

type options struct {
	compactThreshold int64
	annThreshold     int // rows of a model above which it gets an HNSW index; <= 0: never
	creatorCache     int // unpacked creators per cache generation; <= 0: no cache
	embeddingCache   int // cached embeddings over all models; <= 0: no cache
	idemRecords      int // completed idempotency records kept (tests lower it)
}

// WithCompactThreshold sets the log size in bytes that triggers a background
// compaction (default DefaultCompactThreshold). Zero or less disables
// automatic compaction; Compact still works.
func WithCompactThreshold(bytes int64) Option {
	return func(o *options) { o.compactThreshold = bytes }
}

// entry is one stored creator. The creator is held packed (pack.Encode):
// one pointer-free []byte the garbage collector does not scan, rather than
// the decoded creator's few dozen maps, slices and strings (see the package
// documentation, # Memory). GetCreators serves unpacked creators from a
// bounded cache keyed by seq; GetCreator and ScanCreators unpack afresh.
//
// The packed creator, filter fields and content vectors are immutable once
// the entry is published (a replace makes a new entry with a new seq), so
// readers may use them after dropping the lock; row and lexDoc change under
// the write lock as slabs and the index are compacted.
type entry struct {
	id      string
	packed  []byte // the creator, as pack.Encode encodes it
	seq     uint64 // unique to this entry in this Store: the creator cache's key
	ff      filterFields
	model   string
	row     int // row in models[model], or -1 without a profile vector
	content map[string][]float32
	lexDoc  int32
}

// Store is the embedded backend: all data in memory, made durable by a log
// and periodic snapshots in one bbolt file. It implements
// creatormatch.Store. See the package documentation for the file format.
type Store struct {
	dir    string
	opts   options
	lockF  *os.File
	closed atomic.Bool
	broken atomic.Pointer[error] // set when the log can no longer be trusted
	// writeFault is the last log write's failure (disk full, read-only),
	// nil once a write succeeds; Ready reports it.
	writeFault atomic.Pointer[writeFault]

	// writeMu serialises writers: checking a write against current state,
	// logging it and applying it happen as one step, while readers keep
	// going during the fsync (they only wait for mu during the apply).
	writeMu    sync.Mutex
	lsn        uint64   // last logged record
	db         *bolt.DB // dir/store.db (bolt.go)
	snapBucket string   // the bucket holding the snapshot; "" for none
	snapSize   int64    // bytes of the snapshot's records
	logBytes   int64    // bytes of log records not covered by the snapshot
	nextTry    int64    // logBytes at which auto compaction may run again
	compacting bool

	// mu guards the in-memory state below: readers hold RLock for a
	// search, writers hold Lock only while applying a logged record.
	mu          sync.RWMutex
	creators    map[string]*entry
	seq         uint64            // last entry.seq given out
	decoded     *creatorCache     // unpacked creators for GetCreators
	models      map[string]*space // profile vectors by model
	modelDims   map[string]int    // dimension of each model any creator uses
	modelRefs   map[string]int    // creators using each model
	lex         *lexIndex
	cache       *embeddingCache // safe for concurrent use; written under mu
	feedback    []cm.FeedbackEvent
	feedbackIDs map[string]struct{}                       // feedbackKey(workspace, id)
	blocks      map[string]map[string]cm.BlockEntry       // workspace -> creator id -> entry
	lists       map[string]*wsLists                       // workspace -> its lists and notes (lists.go)
	weights     map[string]map[cm.Goal][]cm.WeightVersion // workspace -> goal -> versions, ascending
	savedBriefs map[string]map[string]cm.SavedBrief       // workspace -> id -> saved brief (savedbriefs.go)
	apiKeys     map[string]cm.APIKey                      // by ID; values are never modified in place
	apiKeyHash  map[string]string                         // hash -> ID

	// idemMu guards idem, the idempotency records (idempotency.go); it is
	// taken after mu when both are held.
	idemMu sync.Mutex
	idem   idemState

	compactMu sync.Mutex // one compaction at a time
	bg        sync.WaitGroup
	bgCtx     context.Context
	bgCancel  context.CancelFunc
}

var _ cm.Store = (*Store)(nil)

// Open opens (creating if needed) a store persisted in dir: it takes the
// directory lock, loads the latest snapshot and replays the log after it.
// A damaged file fails Open with ErrCorrupt. A directory written by the
// previous format (wal-*.log, snap-*.snap) is imported into store.db first
// (see the package documentation, # The previous format).
func Open(ctx context.Context, dir string, opts ...Option) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memory store: open: %w", err)
	}
	o := options{compactThreshold: DefaultCompactThreshold, annThreshold: DefaultANNThreshold,
		creatorCache: DefaultCreatorCache, embeddingCache: cm.DefaultEmbeddingCacheEntries,
		idemRecords: DefaultIdempotencyRecords}
	for _, opt := range opts {
		opt(&o)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("memory store: open: %w", err)
	}
	lf, err := lockDir(dir)
	if err != nil {
		return nil, fmt.Errorf("memory store: open: %w", err)
	}
	s := &Store{
		dir:         dir,
		opts:        o,
		lockF:       lf,
		creators:    map[string]*entry{},
		decoded:     newCreatorCache(o.creatorCache),
		models:      map[string]*space{},
		modelDims:   map[string]int{},
		modelRefs:   map[string]int{},
		lex:         newLexIndex(),
		cache:       newEmbeddingCache(o.embeddingCache),
		feedbackIDs: map[string]struct{}{},
		blocks:      map[string]map[string]cm.BlockEntry{},
		lists:       map[string]*wsLists{},
		weights:     map[string]map[cm.Goal][]cm.WeightVersion{},
		savedBriefs: map[string]map[string]cm.SavedBrief{},
		apiKeys:     map[string]cm.APIKey{},
		apiKeyHash:  map[string]string{},
		idem:        newIdemState(o.idemRecords),
	}
	if err := s.load(ctx); err != nil {
		if s.db != nil {
			s.db.Close()
		}
		unlockDir(lf)
		return nil, fmt.Errorf("memory store: open %s: %w", dir, err)
	}
	s.cache.resetCounters()
	s.nextTry = s.autoThreshold()
	s.bgCtx, s.bgCancel = context.WithCancel(context.Background())
	// Approximate indexes are derived data, never persisted: build them
	// now, in the background (searches are exact scans until ready).
	s.mu.Lock()
	for m, sp := range s.models {
		s.maybeIndex(m, sp)
	}
	s.mu.Unlock()
	return s, nil
}

// Close stops running index builds, waits for a running compaction to
// stop, closes the log and releases the directory lock. Calls after the
// first return nil.
func (s *Store) Close() error {
	s.writeMu.Lock()
	if s.closed.Load() {
		s.writeMu.Unlock()
		return nil
	}
	s.closed.Store(true)
	s.writeMu.Unlock()
	s.bgCancel()
	s.bg.Wait()
	s.compactMu.Lock()
	defer s.compactMu.Unlock()
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return errors.Join(s.db.Close(), unlockDir(s.lockF))
}

// enter is the check every call starts with.
func (s *Store) enter(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memory store: %w", err)
	}
	if s.closed.Load() {
		return errClosed
	}
	return nil
}

func ctxErr(err error) error { return fmt.Errorf("memory store: %w", err) }

// commit logs one record and applies it: check runs against current state
// with writers excluded, then the record is written and fsynced, and only
// then applied, so a caller is answered success only for durable writes and
// readers never see a write that could be lost.
func (s *Store) commit(ctx context.Context, rec *encoder, check func() error, apply func()) error {
	return s.commitWith(ctx, func() (*encoder, func(), error) {
		if check != nil {
			if err := check(); err != nil {
				return nil, nil, err
			}
		}
		return rec, apply, nil
	})
}

// commitWith is commit for writes whose record depends on the current
// state: prepare runs with writers excluded (it may read the state without
// taking mu) and returns the record to log and how to apply it, or a nil
// record when the write turns out to change nothing, which then succeeds
// without logging.
func (s *Store) commitWith(ctx context.Context, prepare func() (*encoder, func(), error)) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.closed.Load() {
		return errClosed
	}
	if b := s.broken.Load(); b != nil {
		return unavailable(reasonBroken, fmt.Errorf("memory store: log unusable after an earlier failure: %w", *b))
	}
	if err := ctx.Err(); err != nil {
		return ctxErr(err)
	}
	rec, apply, err := prepare()
	if err != nil || rec == nil {
		return err
	}
	if err := s.appendLog(s.lsn+1, rec); err != nil {
		err = fmt.Errorf("memory store: log: %w", err)
		if ce := (*commitError)(nil); !errors.As(err, &ce) {
			return err // nothing was written (a record beyond bbolt's limits)
		}
		reason := writeReason(err)
		if reason == reasonWrite {
			// An I/O error other than a full or read-only disk (a
			// failed fsync among them) leaves what the file holds
			// unknown: no more writes until a restart reopens it.
			s.broken.Store(&err)
			return unavailable(reasonBroken, err)
		}
		// bbolt rolled the commit back: the next write may succeed
		// once there is room again.
		s.writeFault.Store(&writeFault{reason: reason, need: int64(len(rec.b)) + commitOverhead, err: err})
		return unavailable(reason, err)
	}
	if s.writeFault.Load() != nil {
		s.writeFault.Store(nil)
	}
	s.lsn++
	s.logBytes += int64(len(rec.b)) + 4 // and its CRC
	s.mu.Lock()
	apply()
	s.mu.Unlock()
	s.maybeCompact()
	return nil
}

// UpsertCreators validates the whole batch, logs it as one record and
// applies it; on any error nothing is written.
func (s *Store) UpsertCreators(ctx context.Context, records []cm.CreatorRecord) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	if err := validateRecords(records); err != nil {
		return err
	}
	if len(records) == 0 {
		return nil
	}
	size := 0
	for _, r := range records { // vectors dominate: size the buffer once
		size += 1024 + 4*len(r.Profile)
		for _, v := range r.ContentVectors {
			size += 64 + 4*len(v)
		}
	}
	rec := newRecord(recUpsert)
	rec.b = slices.Grow(rec.b, size)
	rec.uvarint(uint64(len(records)))
	for _, r := range records {
		if err := encodeCreator(rec, r.Creator, r.Model, r.Dimension, r.Profile, r.ContentVectors); err != nil {
			return err
		}
	}
	// Decode what will be logged: this is the state to apply, and it
	// proves the record replays before it is made durable.
	ps, err := decodeUpsert(rec.body())
	if err != nil {
		return fmt.Errorf("memory store: record does not round-trip: %w", err)
	}
	return s.commit(ctx, rec, func() error { return s.checkModels(ps) }, func() { s.applyUpsert(ps) })
}

// checkModels rejects vectors whose dimension differs from the one the
// model already has (in the store or earlier in the batch).
func (s *Store) checkModels(ps []prepared) error {
	var v cm.ValidationError
	batch := map[string]int{}
	for i, p := range ps {
		if p.model == "" {
			continue
		}
		want, ok := batch[p.model]
		if !ok {
			want, ok = s.modelDims[p.model]
		}
		if ok && want != p.dim {
			v.Add(fmt.Sprintf("records[%d].dimension", i), "is %d but model %q has dimension %d", p.dim, p.model, want)
			continue
		}
		batch[p.model] = p.dim
	}
	return v.Err()
}

// applyUpsert applies decoded creators (under the write lock). An update
// whose profile vector is unchanged (a feature recompute, a bio edit) keeps
// its row: the slab and the approximate index are untouched.
func (s *Store) applyUpsert(ps []prepared) {
	for i := range ps {
		p := &ps[i]
		s.seq++
		e := &entry{id: p.id, packed: p.packed, seq: s.seq, ff: p.ff, model: p.model, row: -1, content: p.content}
		keep := -1
		if old := s.creators[p.id]; old != nil {
			if old.row >= 0 && old.model == p.model && len(p.profile) > 0 {
				if sp := s.models[p.model]; sp.dim == len(p.profile) && slices.Equal(sp.row(old.row), p.profile) {
					keep, old.row = old.row, -1 // detach leaves the row alone
				}
			}
			s.detach(old)
		}
		if p.model != "" {
			s.modelRefs[p.model]++
			s.modelDims[p.model] = p.dim
		}
		if keep >= 0 {
			s.models[p.model].replace(keep, e)
		} else if len(p.profile) > 0 {
			sp := s.models[p.model]
			if sp == nil || (sp.live() == 0 && sp.dim != p.dim) {
				if sp != nil && sp.build != nil {
					sp.build.cancel()
				}
				sp = newSpace(p.dim)
				s.models[p.model] = sp
			}
			e.row = sp.add(p.profile, e)
			sp.indexRow(e.row)
			s.maybeIndex(p.model, sp)
		}
		e.lexDoc = s.lex.add(e, p.terms)
		p.terms = docTerms{}
		s.creators[e.id] = e
	}
}

// detach removes e from every structure.
func (s *Store) detach(e *entry) {
	if e.row >= 0 {
		sp := s.models[e.model]
		sp.remove(e.row)
		e.row = -1
		s.maybeCompactSpace(e.model, sp)
	}
	if e.model != "" {
		if s.modelRefs[e.model]--; s.modelRefs[e.model] <= 0 {
			delete(s.modelRefs, e.model)
			delete(s.modelDims, e.model)
		}
	}
	s.lex.remove(e.lexDoc)
	delete(s.creators, e.id)
}

// GetCreator returns the stored creator, unpacked afresh: the caller owns it.
func (s *Store) GetCreator(ctx context.Context, id string) (*cm.Creator, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	e := s.creators[id]
	s.mu.RUnlock()
	if e == nil {
		return nil, fmt.Errorf("creator %q: %w", id, cm.ErrNotFound)
	}
	return e.creator()
}

// GetCreators returns the stored creators among ids, in order, shared with
// other readers: from the creator cache (creatorCache), or unpacked and
// added to it. The Store contract makes what GetCreators returns
// read-only, so cached creators are handed out without copying (copying
// every candidate of every match was a fifth of a match's CPU at 100k
// creators). A cached creator is never stale: the cache is keyed by the
// entry's seq, and a write replaces the entry.
func (s *Store) GetCreators(ctx context.Context, ids []string) ([]*cm.Creator, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	es := make([]*entry, 0, len(ids))
	s.mu.RLock()
	for _, id := range ids {
		if e := s.creators[id]; e != nil {
			es = append(es, e)
		}
	}
	s.mu.RUnlock()
	return s.decoded.get(es)
}

// DeleteCreator removes a creator, its vectors and its index entries.
func (s *Store) DeleteCreator(ctx context.Context, id string) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	rec := newRecord(recDelete)
	rec.str(id)
	return s.commit(ctx, rec, func() error {
		if s.creators[id] == nil { // writers are excluded, so no lock is needed to read
			return fmt.Errorf("creator %q: %w", id, cm.ErrNotFound)
		}
		return nil
	}, func() { s.applyDelete(id) })
}

func (s *Store) applyDelete(id string) {
	if e := s.creators[id]; e != nil {
		s.detach(e)
	}
}

// CountCreators returns the number of stored creators.
func (s *Store) CountCreators(ctx context.Context) (int, error) {
	if err := s.enter(ctx); err != nil {
		return 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.creators), nil
}

// scanPage is how many entries ScanCreators looks up per lock acquisition.
const scanPage = 256

// ScanCreators calls fn with every creator in ID order, each unpacked
// afresh (the caller owns it). It holds no lock while fn runs, so fn may
// call the store (even write to it); a creator written during the scan is
// seen in its newest state or, if deleted before its page is read, not at
// all.
func (s *Store) ScanCreators(ctx context.Context, fn func(*cm.Creator) error) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	s.mu.RLock()
	ids := make([]string, 0, len(s.creators))
	for id := range s.creators {
		ids = append(ids, id)
	}
	s.mu.RUnlock()
	slices.Sort(ids)
	page := make([]*entry, 0, scanPage)
	for len(ids) > 0 {
		if err := ctx.Err(); err != nil {
			return ctxErr(err)
		}
		n := min(scanPage, len(ids))
		page = page[:0]
		s.mu.RLock()
		for _, id := range ids[:n] {
			if e := s.creators[id]; e != nil {
				page = append(page, e)
			}
		}
		s.mu.RUnlock()
		ids = ids[n:]
		for _, e := range page {
			if err := ctx.Err(); err != nil {
				return ctxErr(err)
			}
			c, err := e.creator()
			if err != nil {
				return err
			}
			if err := fn(c); err != nil {
				return err
			}
		}
	}
	return nil
}

func hits(res []scored) []cm.Hit {
	out := make([]cm.Hit, len(res))
	for i, r := range res {
		out[i] = cm.Hit{CreatorID: r.e.id, Score: r.score}
	}
	return out
}

// SearchInfo describes how SearchDenseInfo answered a query.
type SearchInfo struct {
	// Approximate is true when the HNSW index answered (recall below 1 is
	// possible); false for an exact scan.
	Approximate bool
}

// SearchDense returns the Limit creators of the query model whose profile
// vectors are most cosine-similar to the query among those passing the
// filter, best first, ties by ascending ID. See SearchDenseInfo for when it
// is approximate.
func (s *Store) SearchDense(ctx context.Context, q cm.DenseQuery) ([]cm.Hit, error) {
	hits, _, err := s.SearchDenseInfo(ctx, q)
	return hits, err
}

// unitQuery validates a query vector and returns it scaled to unit length,
// as every exact score (space.cosine) expects it.
func unitQuery(q []float32) ([]float32, error) {
	inv := invNorm(q)
	if len(q) == 0 || inv == 0 || !finite(q) {
		return nil, cm.Invalid("vector", "must be a non-zero, finite vector")
	}
	qv := make([]float32, len(q))
	for i, x := range q {
		qv[i] = x * inv
	}
	return qv, nil
}

// Search strategy knobs (variables so tests can move them).
var (
	// exactBelowFraction and exactBelowRows: a filter estimated to pass
	// fewer rows than max(fraction × live rows, rows) is answered by an
	// exact scan of the candidate rows even when an index exists. Such a
	// scan costs about one dot product per passing row (the filter is
	// tested on the row column first), while a filtered graph search
	// must wade through 1/selectivity non-passing nodes per result.
	exactBelowFraction = 0.05
	exactBelowRows     = 50_000
	// maxVisitFactor bounds a filtered graph search to maxVisitFactor × ef
	// expanded nodes; if it has not found Limit passing rows by then (the
	// filter passes far fewer than estimated) the search falls back to the
	// exact scan.
	maxVisitFactor = 10
)

// SearchDenseInfo is SearchDense, also reporting how the query was
// answered. A model with an HNSW index (more than WithANNThreshold rows,
// index built) is searched approximately unless q.Exact is set or the
// filter is estimated to pass few rows, in which case an exact scan of the
// passing rows is both exact and fast. Everything else is an exact scan.
// With an IDs filter much smaller than the model, only those creators are
// scored.
func (s *Store) SearchDenseInfo(ctx context.Context, q cm.DenseQuery) ([]cm.Hit, SearchInfo, error) {
	var info SearchInfo
	if err := s.enter(ctx); err != nil {
		return nil, info, err
	}
	if q.Limit <= 0 {
		return nil, info, cm.Invalid("limit", "must be positive")
	}
	if q.Model == "" {
		return nil, info, cm.Invalid("model", "is required")
	}
	qv, err := unitQuery(q.Vector)
	if err != nil {
		return nil, info, err
	}
	cf := compileFilter(q.Filter)
	s.mu.RLock()
	defer s.mu.RUnlock()
	sp := s.models[q.Model]
	if sp == nil || sp.live() == 0 {
		return []cm.Hit{}, info, nil
	}
	if len(qv) != sp.dim {
		return nil, info, cm.Invalid("vector", "has %d dimensions, model %q has %d", len(qv), q.Model, sp.dim)
	}
	if cf.hasIDs() && len(cf.ids) < sp.live()/4 {
		h := newTopK(q.Limit)
		for id := range cf.ids {
			e := s.creators[id]
			if e == nil || e.row < 0 || e.model != q.Model || !cf.pass(id, &e.ff) {
				continue
			}
			h.push(scored{sp.cosine(qv, e.row), e})
		}
		return hits(h.sorted()), info, nil
	}
	rf := newRowFilter(sp, cf, s.creators, q.Model)
	if sp.idx != nil && !q.Exact {
		live := float64(sp.live())
		if est := rf.estimate(); est >= max(exactBelowFraction*live, float64(exactBelowRows)) {
			ef := max(q.Limit, hnswEfSearchMin)
			res, complete, err := sp.idx.search(ctx, qv, q.Limit, ef, maxVisitFactor*ef, rf)
			if err != nil {
				return nil, info, ctxErr(err)
			}
			if complete {
				info.Approximate = true
				return hits(res), info, nil
			}
		}
	}
	res, err := scanAll(ctx, sp, qv, rf, q.Limit)
	if err != nil {
		return nil, info, ctxErr(err)
	}
	return hits(res), info, nil
}

// SearchLexical ranks creators by BM25 over name, bio, niches, captions and
// hashtags; a creator matching any query word is a candidate.
func (s *Store) SearchLexical(ctx context.Context, q cm.LexicalQuery) ([]cm.Hit, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	if q.Limit <= 0 {
		return nil, cm.Invalid("limit", "must be positive")
	}
	cf := compileFilter(q.Filter)
	s.mu.RLock()
	defer s.mu.RUnlock()
	res, err := s.lex.search(ctx, q.Text, cf, q.Limit)
	if err != nil {
		return nil, ctxErr(err)
	}
	return hits(res), nil
}

// ProfileVectors returns copies of the profile vectors of model for ids.
func (s *Store) ProfileVectors(ctx context.Context, model string, ids []string) (map[string][]float32, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	out := make(map[string][]float32, len(ids))
	s.mu.RLock()
	defer s.mu.RUnlock()
	sp := s.models[model]
	for _, id := range ids {
		if e := s.creators[id]; e != nil && e.model == model && e.row >= 0 {
			out[id] = slices.Clone(sp.row(e.row))
		}
	}
	return out, nil
}

// ProfileSimilarities implements creatormatch.ProfileScorer: the cosine
// similarity of q to the stored profile vectors of ids, computed in the
// slab exactly as SearchDense scores them.
func (s *Store) ProfileSimilarities(ctx context.Context, model string, q []float32, ids []string) (map[string]float64, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	qv, err := unitQuery(q)
	if err != nil {
		return nil, err
	}
	out := make(map[string]float64, len(ids))
	s.mu.RLock()
	defer s.mu.RUnlock()
	sp := s.models[model]
	if sp == nil {
		return out, nil
	}
	if len(qv) != sp.dim {
		return nil, cm.Invalid("vector", "has %d dimensions, model %q has %d", len(qv), model, sp.dim)
	}
	for _, id := range ids {
		if e := s.creators[id]; e != nil && e.model == model && e.row >= 0 {
			out[id] = sp.cosine(qv, e.row)
		}
	}
	return out, nil
}

// ContentVectors returns copies of the content vectors of model.
func (s *Store) ContentVectors(ctx context.Context, model string, creatorIDs []string) (map[string]map[string][]float32, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	out := make(map[string]map[string][]float32, len(creatorIDs))
	s.mu.RLock()
	var found []*entry
	for _, id := range creatorIDs {
		if e := s.creators[id]; e != nil && e.model == model && len(e.content) > 0 {
			found = append(found, e)
		}
	}
	s.mu.RUnlock()
	for _, e := range found { // content maps are immutable: copy outside the lock
		m := make(map[string][]float32, len(e.content))
		for k, v := range e.content {
			m[k] = slices.Clone(v)
		}
		out[e.id] = m
	}
	return out, nil
}

// PeerRates groups engagement rates by PeerKey(platform, tier) of the
// account each rate was measured on.
func (s *Store) PeerRates(ctx context.Context) (map[string][]float64, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	out := map[string][]float64{}
	s.mu.RLock()
	for _, e := range s.creators {
		if e.ff.hasFeatures {
			k := cm.PeerKey(e.ff.engPlatform, e.ff.engTier)
			out[k] = append(out[k], e.ff.engagement)
		}
	}
	s.mu.RUnlock()
	for _, v := range out {
		sort.Float64s(v)
	}
	return out, nil
}

// CachedEmbeddings returns copies of the cached vectors of model for keys;
// each hit becomes the most recently used entry (see embeddingCache).
func (s *Store) CachedEmbeddings(ctx context.Context, model string, keys []string) (map[string][]float32, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	return s.cache.get(model, keys), nil
}

// EmbeddingCacheStats reports the embedding cache's bound, size and
// counters since Open.
func (s *Store) EmbeddingCacheStats(ctx context.Context) (cm.EmbeddingCacheStats, error) {
	if err := s.enter(ctx); err != nil {
		return cm.EmbeddingCacheStats{}, err
	}
	return s.cache.stats(), nil
}

// CacheEmbeddings stores vectors of model by key as one log record, in key
// order, evicting the least recently used entries beyond the bound. With
// the cache off (WithEmbeddingCache(0)) it validates and writes nothing.
func (s *Store) CacheEmbeddings(ctx context.Context, model string, vectors map[string][]float32) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	if model == "" {
		return cm.Invalid("model", "is required")
	}
	keys := make([]string, 0, len(vectors))
	for k := range vectors {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var v cm.ValidationError
	for _, k := range keys {
		switch vec := vectors[k]; {
		case k == "":
			v.Add("vectors[\"\"]", "key is required")
		case len(vec) == 0:
			v.Add(fmt.Sprintf("vectors[%q]", k), "is empty")
		case !finite(vec):
			v.Add(fmt.Sprintf("vectors[%q]", k), "has a NaN or infinite component")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if len(keys) == 0 || s.cache.lru == nil {
		return nil
	}
	rec := newRecord(recCache)
	encodeCache(rec, model, keys, vectors)
	_, order, owned, err := decodeCache(rec.body())
	if err != nil {
		return fmt.Errorf("memory store: record does not round-trip: %w", err)
	}
	return s.commit(ctx, rec, nil, func() { s.applyCache(model, order, owned) })
}

// applyCache caches vecs of model in the order of keys. Called with mu
// held for writing (or during Open's replay).
func (s *Store) applyCache(model string, keys []string, vecs map[string][]float32) {
	s.cache.add(model, keys, vecs)
}

// AddFeedback validates and stores events as one log record. Events without
// an ID get a random one; events without CreatedAt get the current time. An
// event whose ID is already stored is skipped and the stored one kept (as in
// store/postgres), so retrying a call whose response was lost is safe; a
// batch of only such events logs nothing. The same ID twice in one batch is
// ErrInvalid.
func (s *Store) AddFeedback(ctx context.Context, events []cm.FeedbackEvent) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	if len(events) == 0 {
		return nil
	}
	evs := make([]cm.FeedbackEvent, len(events))
	var v cm.ValidationError
	now := time.Now().UTC()
	batch := map[string]int{}
	for i, ev := range events {
		f := fmt.Sprintf("events[%d]", i)
		ev.Workspace = cm.WorkspaceOrDefault(ev.Workspace)
		if !cm.ValidWorkspace(ev.Workspace) {
			v.Add(f+".workspace", "is not a valid workspace name")
		}
		if !ev.Kind.Valid() {
			v.Add(f+".event", "unknown kind %q", ev.Kind)
		}
		if ev.CreatorID == "" {
			v.Add(f+".creator_id", "is required")
		}
		if !utf8.ValidString(ev.ID) {
			v.Add(f+".id", "is not valid UTF-8")
		}
		if ev.ID == "" {
			ev.ID = newID()
		}
		if j, dup := batch[feedbackKey(ev)]; dup {
			v.Add(f+".id", "%q repeats events[%d]", ev.ID, j)
		}
		batch[feedbackKey(ev)] = i
		if ev.CreatedAt.IsZero() {
			ev.CreatedAt = now
		}
		for k, m := range ev.Metrics {
			if math.IsNaN(m) || math.IsInf(m, 0) {
				v.Add(fmt.Sprintf("%s.metrics[%q]", f, k), "must be finite")
			}
		}
		evs[i] = ev
	}
	if err := v.Err(); err != nil {
		return err
	}
	rec, owned, err := feedbackRecord(evs)
	if err != nil {
		return err
	}
	return s.commitWith(ctx, func() (*encoder, func(), error) {
		fresh := make([]cm.FeedbackEvent, 0, len(owned))
		for _, ev := range owned {
			if _, stored := s.feedbackIDs[feedbackKey(ev)]; !stored {
				fresh = append(fresh, ev)
			}
		}
		switch {
		case len(fresh) == 0:
			return nil, nil, nil
		case len(fresh) == len(owned):
			return rec, func() { s.applyFeedback(owned) }, nil
		}
		// Rare (a retry overlapping new events): log only the new ones.
		rec, fresh, err := feedbackRecord(fresh)
		if err != nil {
			return nil, nil, err
		}
		return rec, func() { s.applyFeedback(fresh) }, nil
	})
}

// feedbackRecord encodes events as one log record and returns it with the
// events decoded back from it (the state to apply).
func feedbackRecord(evs []cm.FeedbackEvent) (*encoder, []cm.FeedbackEvent, error) {
	js, err := json.Marshal(evs)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", cm.ErrInvalid, err)
	}
	rec := newRecord(recFeedback)
	rec.bytes(js)
	owned, err := decodeFeedback(rec.body())
	if err != nil {
		return nil, nil, fmt.Errorf("memory store: record does not round-trip: %w", err)
	}
	return rec, owned, nil
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// feedbackKey identifies an event: ids are unique per workspace.
func feedbackKey(ev cm.FeedbackEvent) string { return ev.Workspace + "\x00" + ev.ID }

// applyFeedback appends events, skipping any whose workspace already holds
// its ID. Events logged before workspaces existed are DefaultWorkspace's.
func (s *Store) applyFeedback(evs []cm.FeedbackEvent) {
	for _, ev := range evs {
		ev.Workspace = cm.WorkspaceOrDefault(ev.Workspace)
		k := feedbackKey(ev)
		if _, stored := s.feedbackIDs[k]; stored {
			continue
		}
		s.feedback = append(s.feedback, ev)
		s.feedbackIDs[k] = struct{}{}
	}
}

// ListFeedback returns copies of matching events, oldest first (events with
// equal times in the order they were added: Seq is the position in the
// log's order, from 1). With a Limit it keeps only the first Limit matches
// after f.After while it scans (a bounded heap), so a page costs memory
// for one page however many events are stored.
func (s *Store) ListFeedback(ctx context.Context, f cm.FeedbackFilter) ([]cm.FeedbackEvent, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	kinds := set(f.Kinds)
	creators := set(f.CreatorIDs)
	page := &feedbackPage{limit: f.Limit}
	s.mu.RLock()
	for i, ev := range s.feedback {
		if (f.Workspace != "" && ev.Workspace != f.Workspace) || (f.BriefID != "" && ev.BriefID != f.BriefID) || (f.CreatorID != "" && ev.CreatorID != f.CreatorID) {
			continue
		}
		if creators != nil {
			if _, ok := creators[ev.CreatorID]; !ok {
				continue
			}
		}
		if kinds != nil {
			if _, ok := kinds[ev.Kind]; !ok {
				continue
			}
		}
		ev.Seq = int64(i + 1)
		if f.After != nil && !f.After.Before(ev.CreatedAt, ev.Seq) {
			continue
		}
		page.offer(ev)
	}
	s.mu.RUnlock()
	out := page.evs
	if out == nil {
		out = []cm.FeedbackEvent{}
	}
	slices.SortFunc(out, func(a, b cm.FeedbackEvent) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.Seq, b.Seq)
	})
	for i := range out {
		out[i] = clone(out[i])
	}
	return out, nil
}

// feedbackPage collects the first limit events by (CreatedAt, Seq) as a
// max-heap, or every event offered when limit is 0.
type feedbackPage struct {
	limit int
	evs   []cm.FeedbackEvent
}

func (p *feedbackPage) Len() int { return len(p.evs) }
func (p *feedbackPage) Less(i, j int) bool {
	return cm.FeedbackPosition{CreatedAt: p.evs[j].CreatedAt, Seq: p.evs[j].Seq}.Before(p.evs[i].CreatedAt, p.evs[i].Seq)
}
func (p *feedbackPage) Swap(i, j int) { p.evs[i], p.evs[j] = p.evs[j], p.evs[i] }
func (p *feedbackPage) Push(x any)    { p.evs = append(p.evs, x.(cm.FeedbackEvent)) }
func (p *feedbackPage) Pop() any {
	last := p.evs[len(p.evs)-1]
	p.evs = p.evs[:len(p.evs)-1]
	return last
}

func (p *feedbackPage) offer(ev cm.FeedbackEvent) {
	switch {
	case p.limit <= 0:
		p.evs = append(p.evs, ev)
	case len(p.evs) < p.limit:
		heap.Push(p, ev)
	case cm.FeedbackPosition{CreatedAt: ev.CreatedAt, Seq: ev.Seq}.Before(p.evs[0].CreatedAt, p.evs[0].Seq):
		p.evs[0] = ev // ev is listed before the page's last event
		heap.Fix(p, 0)
	}
}

// Ping reports whether the store is open and its log still writable.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	if b := s.broken.Load(); b != nil {
		return fmt.Errorf("memory store: log unusable (%v): %w", *b, cm.ErrUnavailable)
	}
	return nil
}
