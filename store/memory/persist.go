package memory

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/pack"
)

// applyRecord applies a decoded log or snapshot record during loading.
func (s *Store) applyRecord(typ byte, body []byte) error {
	switch typ {
	case recUpsert:
		ps, err := decodeUpsert(body)
		if err != nil {
			return err
		}
		s.applyUpsert(ps)
	case recCreator:
		d := &decoder{b: body}
		p, err := decodeCreator(d)
		if err != nil {
			return err
		}
		s.applyUpsert([]prepared{p})
	case recDelete:
		d := &decoder{b: body}
		id := d.str()
		if d.err != nil {
			return d.err
		}
		s.applyDelete(id)
	case recCache:
		model, keys, m, err := decodeCache(body)
		if err != nil {
			return err
		}
		s.applyCache(model, keys, m)
	case recFeedback:
		evs, err := decodeFeedback(body)
		if err != nil {
			return err
		}
		s.applyFeedback(evs)
	case recAPIKey:
		k, err := decodeAPIKey(body)
		if err != nil {
			return err
		}
		s.applyAPIKey(k)
	case recIdem:
		r, err := decodeIdem(body)
		if err != nil {
			return err
		}
		s.applyIdem(r)
	case recBlock:
		op, b, err := decodeBlock(body)
		if err != nil {
			return err
		}
		s.applyBlock(op, b)
	case recList:
		op, r, err := decodeListRec(body)
		if err != nil {
			return err
		}
		s.applyList(op, r)
	case recWeights:
		v, err := decodeWeights(body)
		if err != nil {
			return err
		}
		s.applyWeights(v)
	case recSavedBrief:
		op, b, err := decodeSavedBrief(body)
		if err != nil {
			return err
		}
		s.applySavedBrief(op, b)
	default:
		return fmt.Errorf("unknown record type %d", typ)
	}
	return nil
}

// autoThreshold is the log size at which automatic compaction runs.
func (s *Store) autoThreshold() int64 {
	if s.opts.compactThreshold <= 0 {
		return -1
	}
	return max(s.opts.compactThreshold, s.snapSize)
}

// maybeCompact starts a background compaction when the log is large
// enough. Called with writeMu held.
func (s *Store) maybeCompact() {
	t := s.autoThreshold()
	if t < 0 || s.compacting || s.closed.Load() || s.logBytes < max(t, s.nextTry) {
		return
	}
	s.compacting = true
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		err := s.compact(s.bgCtx)
		s.writeMu.Lock()
		s.compacting = false
		if err != nil {
			// Try again only after another threshold's worth of log,
			// so a persistent failure (disk full) does not spin.
			s.nextTry = s.logBytes + t
		}
		s.writeMu.Unlock()
	}()
}

// Compact writes a snapshot of the current state and drops the log it
// covers. Writes and reads continue meanwhile: writers are paused only to
// capture the state (copying the profile-vector slabs), and then wait at
// most for one snapshot transaction of about snapChunk bytes at a time.
func (s *Store) Compact(ctx context.Context) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	if err := s.compact(ctx); err != nil {
		return fmt.Errorf("memory store: compact: %w", err)
	}
	return nil
}

// snapshotData is the state captured for a snapshot. Creators, content
// vector maps and cached vectors are immutable, so capturing them is
// copying pointers; slabs are copied since deletes move rows.
type snapshotData struct {
	lsn      uint64
	creators []snapCreator
	cache    []cacheEntry // least recently used first
	feedback []cm.FeedbackEvent
	apiKeys  []cm.APIKey
	idem     []cm.IdempotencyRecord // completed, unexpired, oldest first
	blocks   []cm.BlockEntry        // by workspace, then listing order
	lists    []listCapture          // lists, their items and notes, by workspace
	weights  []cm.WeightVersion     // by workspace, goal, version
	briefs   []cm.SavedBrief        // by workspace, then listing order
}

type snapCreator struct {
	id      string
	packed  []byte
	model   string
	dim     int
	profile []float32
	content map[string][]float32
}

func (s *Store) compact(ctx context.Context) error {
	s.compactMu.Lock()
	defer s.compactMu.Unlock()

	// Capture the state at the last logged write, with writers paused
	// so the two match exactly.
	s.writeMu.Lock()
	if s.closed.Load() {
		s.writeMu.Unlock()
		return errClosed
	}
	snap := s.capture()
	startBytes := s.logBytes
	cur := s.snapBucket
	s.writeMu.Unlock()

	size, err := writeSnapshot(ctx, s.db, cur, snap)
	if err != nil {
		if ce := (*commitError)(nil); errors.As(err, &ce) && writeReason(err) == reasonWrite {
			// An I/O error other than a full or read-only disk (a
			// failed fsync among them): what the file holds is unknown.
			err = fmt.Errorf("memory store: compaction: %w", err)
			s.broken.Store(&err)
		}
		return err
	}

	s.writeMu.Lock()
	s.snapBucket, s.snapSize = otherSnapBucket(cur), size
	s.logBytes -= startBytes // what remains was logged after the capture
	s.writeMu.Unlock()
	return nil
}

// capture copies what a snapshot needs. Called with writeMu held, which
// excludes every mutation.
func (s *Store) capture() *snapshotData {
	snap := &snapshotData{
		lsn:      s.lsn,
		cache:    s.cache.entries(),
		feedback: s.feedback[:len(s.feedback):len(s.feedback)],
	}
	slabs := make(map[string][]float32, len(s.models))
	for m, sp := range s.models {
		slabs[m] = slices.Clone(sp.data)
	}
	snap.creators = make([]snapCreator, 0, len(s.creators))
	for _, e := range s.creators {
		sc := snapCreator{id: e.id, packed: e.packed, model: e.model, dim: s.modelDims[e.model], content: e.content}
		if e.row >= 0 {
			d := s.models[e.model].dim
			sc.profile = slabs[e.model][e.row*d : (e.row+1)*d]
		}
		snap.creators = append(snap.creators, sc)
	}
	slices.SortFunc(snap.creators, func(a, b snapCreator) int { return strings.Compare(a.id, b.id) })
	snap.apiKeys = slices.Collect(maps.Values(s.apiKeys)) // stored keys are immutable
	sortKeys(snap.apiKeys)
	snap.idem = s.captureIdem()
	snap.blocks = s.captureBlocks()
	snap.lists = s.captureLists()
	snap.weights = s.captureWeights()
	snap.briefs = s.captureSavedBriefs()
	return snap
}

// snapshotRecords passes the records of a snapshot to put, in order: one
// per creator, cache and feedback records in chunks, one per API key, one
// per completed unexpired idempotency record (oldest first), one per
// blocklist entry, one per list, list item and note (recList), one per
// learned weight version, one per saved brief. put may keep the record.
func snapshotRecords(ctx context.Context, snap *snapshotData, put func(rec *encoder) error) error {
	for i, sc := range snap.creators {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		c, err := pack.Decode(sc.packed)
		if err != nil {
			return fmt.Errorf("creator %q does not unpack: %w", sc.id, err)
		}
		rec := newRecord(recCreator)
		if err := encodeCreator(rec, c, sc.model, sc.dim, sc.profile, sc.content); err != nil {
			return err
		}
		if err := put(rec); err != nil {
			return err
		}
	}
	const chunk = 1024
	// Cache records in LRU order, oldest first, so that loading them
	// through the same bound restores the recency order: one record per
	// run of up to chunk entries of one model.
	for es := snap.cache; len(es) > 0; {
		n := 1
		for n < min(chunk, len(es)) && es[n].model == es[0].model {
			n++
		}
		keys := make([]string, n)
		vecs := make(map[string][]float32, n)
		for i, e := range es[:n] {
			keys[i], vecs[e.key] = e.key, e.vec
		}
		rec := newRecord(recCache)
		encodeCache(rec, es[0].model, keys, vecs)
		if err := put(rec); err != nil {
			return err
		}
		es = es[n:]
	}
	for evs := snap.feedback; len(evs) > 0; {
		n := min(chunk, len(evs))
		js, err := json.Marshal(evs[:n])
		if err != nil {
			return err
		}
		rec := newRecord(recFeedback)
		rec.bytes(js)
		if err := put(rec); err != nil {
			return err
		}
		evs = evs[n:]
	}
	for _, k := range snap.apiKeys {
		rec := newRecord(recAPIKey)
		if err := encodeAPIKey(rec, k); err != nil {
			return err
		}
		if err := put(rec); err != nil {
			return err
		}
	}
	for _, r := range snap.idem {
		rec := newRecord(recIdem)
		encodeIdem(rec, r)
		if err := put(rec); err != nil {
			return err
		}
	}
	for _, b := range snap.blocks {
		rec := newRecord(recBlock)
		if err := encodeBlock(rec, blockAdd, b); err != nil {
			return err
		}
		if err := put(rec); err != nil {
			return err
		}
	}
	for _, lc := range snap.lists {
		rec := newRecord(recList)
		if err := encodeListRec(rec, lc.op, lc.rec); err != nil {
			return err
		}
		if err := put(rec); err != nil {
			return err
		}
	}
	for _, v := range snap.weights {
		rec, _, err := weightsRecord(v)
		if err != nil {
			return err
		}
		if err := put(rec); err != nil {
			return err
		}
	}
	for _, b := range snap.briefs {
		rec := newRecord(recSavedBrief)
		if err := encodeSavedBrief(rec, savedBriefPut, b); err != nil {
			return err
		}
		if err := put(rec); err != nil {
			return err
		}
	}
	return nil
}
