package memory

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/pack"
)

func walPath(dir string, gen uint64) string {
	return filepath.Join(dir, fmt.Sprintf("wal-%016x.log", gen))
}

func snapPath(dir string, gen uint64) string {
	return filepath.Join(dir, fmt.Sprintf("snap-%016x.snap", gen))
}

func parseGen(name, prefix, suffix string) (uint64, bool) {
	if !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, suffix) {
		return 0, false
	}
	g, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(name, prefix), suffix), 16, 64)
	return g, err == nil
}

// load restores state from dir: the newest snapshot, then every log of that
// generation or later, and leaves the newest log open for appending.
// Snapshot generation g holds everything logged in generations < g, so older
// files are obsolete and removed.
func (s *Store) load(ctx context.Context) error {
	des, err := os.ReadDir(s.dir)
	if err != nil {
		return err
	}
	var snaps, wals []uint64
	for _, de := range des {
		name := de.Name()
		if strings.HasSuffix(name, ".tmp") { // an interrupted compaction
			os.Remove(filepath.Join(s.dir, name))
			continue
		}
		if g, ok := parseGen(name, "snap-", ".snap"); ok {
			snaps = append(snaps, g)
		}
		if g, ok := parseGen(name, "wal-", ".log"); ok {
			wals = append(wals, g)
		}
	}
	slices.Sort(snaps)
	slices.Sort(wals)
	if len(snaps) > 0 {
		s.snapGen = snaps[len(snaps)-1]
		if err := s.loadSnapshot(ctx, snapPath(s.dir, s.snapGen)); err != nil {
			return err
		}
	}
	var live []uint64
	for _, g := range wals {
		if g >= s.snapGen {
			live = append(live, g)
		}
	}
	for _, g := range live {
		size, err := s.replay(ctx, walPath(s.dir, g))
		if err != nil {
			return err
		}
		s.logBytes += size
	}
	if len(live) == 0 {
		if s.wal, err = createWAL(s.dir, s.snapGen); err != nil {
			return err
		}
		s.logBytes = s.wal.size
	} else {
		g := live[len(live)-1]
		path := walPath(s.dir, g)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return err
		}
		s.wal = &wal{f: f, path: path, gen: g, size: st.Size()}
	}
	removed := false
	for _, g := range snaps {
		if g < s.snapGen {
			removed = os.Remove(snapPath(s.dir, g)) == nil || removed
		}
	}
	for _, g := range wals {
		if g < s.snapGen {
			removed = os.Remove(walPath(s.dir, g)) == nil || removed
		}
	}
	if removed {
		return syncDir(s.dir)
	}
	return nil
}

// replay applies the records of one log file after the snapshot's LSN and
// truncates a torn tail. It returns the file's size after truncation.
func (s *Store) replay(ctx context.Context, path string) (int64, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fr, err := newFrameReader(f, path, walMagic)
	if errors.Is(err, errTornHeader) { // crashed while creating the file
		if err := rewriteHeader(f); err != nil {
			return 0, err
		}
		return int64(len(walMagic)), nil
	}
	if err != nil {
		return 0, err
	}
	for n := 0; ; n++ {
		if n%64 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		payload, err := fr.next()
		if err == io.EOF {
			return fr.off, nil
		}
		if errors.Is(err, errTorn) {
			// The last write never completed, so it was never
			// acknowledged: drop it so appends continue after the
			// last good record.
			if err := f.Truncate(fr.off); err != nil {
				return 0, err
			}
			if err := f.Sync(); err != nil {
				return 0, err
			}
			return fr.off, nil
		}
		if err != nil {
			return 0, err
		}
		lsn := binary.LittleEndian.Uint64(payload[1:])
		if lsn <= s.lsn {
			continue // already in the snapshot
		}
		if lsn != s.lsn+1 {
			return 0, fmt.Errorf("%w: %s: record at offset %d has LSN %d, expected %d (records missing)", ErrCorrupt, path, fr.off, lsn, s.lsn+1)
		}
		if err := s.applyRecord(payload[0], payload[payloadPrefix:]); err != nil {
			return 0, fmt.Errorf("%w: %s: record at offset %d: %v", ErrCorrupt, path, fr.off, err)
		}
		s.lsn = lsn
	}
}

func rewriteHeader(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.WriteAt(walMagic, 0); err != nil {
		return err
	}
	return f.Sync()
}

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

func (s *Store) loadSnapshot(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fr, err := newFrameReader(f, path, snapMagic)
	if err != nil {
		if errors.Is(err, errTornHeader) {
			return fmt.Errorf("%w: %s: truncated header", ErrCorrupt, path)
		}
		return err
	}
	var counts [endCounts]uint64
	for n := 0; ; n++ {
		if n%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		payload, err := fr.next()
		if err == io.EOF || errors.Is(err, errTorn) {
			return fmt.Errorf("%w: %s: snapshot ends before its end record", ErrCorrupt, path)
		}
		if err != nil {
			return err
		}
		typ, body := payload[0], payload[payloadPrefix:]
		if n == 0 {
			if typ != recMeta {
				return fmt.Errorf("%w: %s: first record is not the header", ErrCorrupt, path)
			}
			s.lsn = binary.LittleEndian.Uint64(payload[1:])
			continue
		}
		if typ == recEnd {
			want, err := decodeEnd(body)
			if err != nil || want != counts {
				return fmt.Errorf("%w: %s: end record counts %v, read %v", ErrCorrupt, path, want, counts)
			}
			st, err := f.Stat()
			if err == nil {
				s.snapSize = st.Size()
			}
			return nil
		}
		if err := s.applyRecord(typ, body); err != nil {
			return fmt.Errorf("%w: %s: record at offset %d: %v", ErrCorrupt, path, fr.off, err)
		}
		switch typ {
		case recCreator:
			counts[0]++
		case recCache:
			counts[1]++
		case recFeedback:
			counts[2]++
		case recAPIKey:
			counts[3]++
		case recIdem:
			counts[4]++
		case recBlock:
			counts[5]++
		case recList:
			counts[6]++
		case recWeights:
			counts[7]++
		case recSavedBrief:
			counts[8]++
		}
	}
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
// switch to a new log file and copy the profile-vector slabs.
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

	// Switch to a new log generation and capture the state it starts
	// from, with writers paused so the two match exactly.
	s.writeMu.Lock()
	if s.closed.Load() {
		s.writeMu.Unlock()
		return errClosed
	}
	gen := s.wal.gen + 1
	nw, err := createWAL(s.dir, gen)
	if err != nil {
		s.writeMu.Unlock()
		return err
	}
	old := s.wal
	s.wal = nw
	old.f.Close()
	snap := s.capture()
	startBytes := s.logBytes
	s.writeMu.Unlock()

	size, err := writeSnapshot(ctx, s.dir, gen, snap)
	if err != nil {
		return err
	}

	s.writeMu.Lock()
	s.snapGen, s.snapSize = gen, size
	s.logBytes -= startBytes // what remains is the new generation's log
	s.logBytes += int64(len(walMagic))
	s.writeMu.Unlock()

	des, err := os.ReadDir(s.dir)
	if err != nil {
		return err
	}
	for _, de := range des {
		if g, ok := parseGen(de.Name(), "snap-", ".snap"); ok && g < gen {
			os.Remove(filepath.Join(s.dir, de.Name()))
		}
		if g, ok := parseGen(de.Name(), "wal-", ".log"); ok && g < gen {
			os.Remove(filepath.Join(s.dir, de.Name()))
		}
	}
	return syncDir(s.dir)
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

// writeSnapshot writes snap to a temporary file, fsyncs it, renames it into
// place and fsyncs the directory, so a crash leaves either the old snapshot
// or the complete new one. The layout is the log's framing with an 8-byte
// magic "CMSNAP01", a meta record (LSN), one record per creator, cache and
// feedback records in chunks, one record per API key, one per completed
// unexpired idempotency record (oldest first), one per blocklist entry, one
// per list, list item and note (recList), one per learned weight version,
// one per saved brief, and an end record with the counts.
func writeSnapshot(ctx context.Context, dir string, gen uint64, snap *snapshotData) (size int64, err error) {
	tmp := filepath.Join(dir, fmt.Sprintf("snap-%016x.tmp", gen))
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	w.Write(snapMagic)
	put := func(rec *encoder) {
		w.Write(sealFrame(rec.b, snap.lsn))
	}
	put(newRecord(recMeta))
	for i, sc := range snap.creators {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		c, err := pack.Decode(sc.packed)
		if err != nil {
			return 0, fmt.Errorf("creator %q does not unpack: %w", sc.id, err)
		}
		rec := newRecord(recCreator)
		if err := encodeCreator(rec, c, sc.model, sc.dim, sc.profile, sc.content); err != nil {
			return 0, err
		}
		put(rec)
	}
	var nCache uint64
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
		put(rec)
		nCache++
		es = es[n:]
	}
	var nFeedback uint64
	for evs := snap.feedback; len(evs) > 0; {
		n := min(chunk, len(evs))
		js, err := json.Marshal(evs[:n])
		if err != nil {
			return 0, err
		}
		rec := newRecord(recFeedback)
		rec.bytes(js)
		put(rec)
		nFeedback++
		evs = evs[n:]
	}
	for _, k := range snap.apiKeys {
		rec := newRecord(recAPIKey)
		if err := encodeAPIKey(rec, k); err != nil {
			return 0, err
		}
		put(rec)
	}
	for _, r := range snap.idem {
		rec := newRecord(recIdem)
		encodeIdem(rec, r)
		put(rec)
	}
	for _, b := range snap.blocks {
		rec := newRecord(recBlock)
		if err := encodeBlock(rec, blockAdd, b); err != nil {
			return 0, err
		}
		put(rec)
	}
	for _, lc := range snap.lists {
		rec := newRecord(recList)
		if err := encodeListRec(rec, lc.op, lc.rec); err != nil {
			return 0, err
		}
		put(rec)
	}
	for _, v := range snap.weights {
		rec, _, err := weightsRecord(v)
		if err != nil {
			return 0, err
		}
		put(rec)
	}
	for _, b := range snap.briefs {
		rec := newRecord(recSavedBrief)
		if err := encodeSavedBrief(rec, savedBriefPut, b); err != nil {
			return 0, err
		}
		put(rec)
	}
	end := newRecord(recEnd)
	end.uvarint(uint64(len(snap.creators)))
	end.uvarint(nCache)
	end.uvarint(nFeedback)
	end.uvarint(uint64(len(snap.apiKeys)))
	// Counts of record types a snapshot does not hold are left off, so
	// that the previous versions can read the file.
	later := []int{len(snap.idem), len(snap.blocks), len(snap.lists), len(snap.weights), len(snap.briefs)}
	last := -1
	for i, n := range later {
		if n > 0 {
			last = i
		}
	}
	for _, n := range later[:last+1] {
		end.uvarint(uint64(n))
	}
	put(end)
	if err := w.Flush(); err != nil {
		return 0, err
	}
	if err := f.Sync(); err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	if err := os.Rename(tmp, snapPath(dir, gen)); err != nil {
		return 0, err
	}
	return st.Size(), syncDir(dir)
}

// endCounts is how many record counts a snapshot's end record holds:
// creators, cache records, feedback records, API keys, idempotency records,
// blocklist entries, list records (lists, items and notes), learned
// weight versions, saved briefs.
const endCounts = 9

// decodeEnd reads a snapshot end record. Snapshots written before API keys
// existed end with only the first three counts, those written before
// idempotency records with four, before blocklists with five, before lists
// with six, before learned weights with seven, before saved briefs with
// eight; a missing
// count is zero (such a snapshot
// cannot hold records of that type).
func decodeEnd(body []byte) ([endCounts]uint64, error) {
	var c [endCounts]uint64
	d := &decoder{b: body}
	for i := range c {
		if i >= 3 && len(d.b) == 0 {
			break
		}
		c[i] = d.uvarint()
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail()
	}
	return c, d.err
}
