package memory

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// This file reads the format that preceded store.db (bolt.go): an
// append-only log (wal-<gen>.log) and snapshots (snap-<gen>.snap) in the
// data directory. Open imports such a directory into store.db once and
// removes the old files (importLegacy); nothing writes this format any
// more.
//
// Frames. Every log and snapshot record was framed as
//
//	u32 payload length | u32 CRC-32C(payload) | u32 CRC-32C(first 8 bytes) | payload
//
// all little endian. The header carries its own checksum so a damaged length
// is recognised as damage instead of being trusted (which would make a
// corrupt record in the middle look like a torn tail and silently drop the
// records after it).
const (
	frameHeader = 12
	// maxPayload bounds one record; larger lengths are corruption.
	maxPayload = 1 << 31
	// payloadPrefix is the record type byte and the u64 LSN that start every
	// payload.
	payloadPrefix = 9
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// File magics: 8 bytes at the start of each file, naming its kind and format
// version.
var (
	walMagic  = []byte("CMWAL001")
	snapMagic = []byte("CMSNAP01")
)

// ErrCorrupt is wrapped by Open when store.db is damaged (bbolt finds a
// bad page or checksum, a record does not decode, the log has a gap) or,
// importing a directory of the previous format, when a log or snapshot
// record fails its checksum anywhere but at the tail of a log (a torn tail
// is a write that was never acknowledged and is dropped; damage before
// acknowledged records is not repaired silently).
var ErrCorrupt = errors.New("memory store: corrupt data file")

// frameReader reads frames sequentially from one file and classifies a bad
// frame as torn (only unwritten or partially written bytes follow it) or
// corrupt.
type frameReader struct {
	path string
	r    *bufio.Reader
	off  int64 // offset of the next frame
	size int64
}

func newFrameReader(f *os.File, path string, magic []byte) (*frameReader, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	fr := &frameReader{path: path, r: bufio.NewReaderSize(f, 1<<20), size: st.Size()}
	if fr.size < int64(len(magic)) {
		return fr, errTornHeader
	}
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(fr.r, head); err != nil {
		return nil, err
	}
	if string(head) != string(magic) {
		return nil, fmt.Errorf("%w: %s: bad magic %q", ErrCorrupt, path, head)
	}
	fr.off = int64(len(magic))
	return fr, nil
}

var (
	errTorn       = errors.New("torn record")
	errTornHeader = errors.New("file shorter than its header")
)

// next returns the next payload, io.EOF at a clean end, errTorn when the rest
// of the file is an incomplete write, or an error wrapping ErrCorrupt.
func (fr *frameReader) next() ([]byte, error) {
	rem := fr.size - fr.off
	if rem == 0 {
		return nil, io.EOF
	}
	if rem < frameHeader {
		return nil, errTorn
	}
	var h [frameHeader]byte
	if _, err := io.ReadFull(fr.r, h[:]); err != nil {
		return nil, err
	}
	if crc32.Checksum(h[0:8], castagnoli) != binary.LittleEndian.Uint32(h[8:]) {
		// A torn header is followed by nothing but zeros (blocks the
		// crash never wrote); anything else is damage.
		if fr.restZero() {
			return nil, errTorn
		}
		return nil, fr.corrupt("bad header checksum")
	}
	n := int64(binary.LittleEndian.Uint32(h[0:]))
	if n < payloadPrefix || n > maxPayload {
		return nil, fr.corrupt(fmt.Sprintf("impossible length %d", n))
	}
	if frameHeader+n > rem {
		return nil, errTorn
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(fr.r, payload); err != nil {
		return nil, err
	}
	if crc32.Checksum(payload, castagnoli) != binary.LittleEndian.Uint32(h[4:]) {
		if fr.off+frameHeader+n == fr.size || fr.restZero() {
			return nil, errTorn
		}
		return nil, fr.corrupt("bad payload checksum")
	}
	fr.off += frameHeader + n
	return payload, nil
}

func (fr *frameReader) corrupt(why string) error {
	return fmt.Errorf("%w: %s: record at offset %d: %s", ErrCorrupt, fr.path, fr.off, why)
}

// restZero reports whether every byte left in the reader is zero.
func (fr *frameReader) restZero() bool {
	buf := make([]byte, 64<<10)
	for {
		n, err := fr.r.Read(buf)
		for _, c := range buf[:n] {
			if c != 0 {
				return false
			}
		}
		if err != nil {
			return err == io.EOF
		}
	}
}

// syncDir fsyncs a directory so created, renamed and removed entries survive
// a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

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

// legacyFiles lists the files of the previous format in dir: logs,
// snapshots and snapshots left half written (*.tmp), with their sizes.
type legacyFiles struct {
	snaps, wals []uint64 // generations, ascending
	names       []string // every such file, sorted
	sizes       map[string]int64
}

func findLegacy(dir string) (*legacyFiles, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	lf := &legacyFiles{sizes: map[string]int64{}}
	for _, de := range des {
		name := de.Name()
		_, snap := parseGen(name, "snap-", ".snap")
		_, wal := parseGen(name, "wal-", ".log")
		_, tmp := parseGen(name, "snap-", ".tmp")
		if !snap && !wal && !tmp {
			continue
		}
		info, err := de.Info()
		if err != nil {
			return nil, err
		}
		lf.names = append(lf.names, name)
		lf.sizes[name] = info.Size()
		if g, ok := parseGen(name, "snap-", ".snap"); ok {
			lf.snaps = append(lf.snaps, g)
		}
		if g, ok := parseGen(name, "wal-", ".log"); ok {
			lf.wals = append(lf.wals, g)
		}
	}
	slices.Sort(lf.names)
	slices.Sort(lf.snaps)
	slices.Sort(lf.wals)
	return lf, nil
}

// empty reports whether dir holds no file of the previous format.
func (lf *legacyFiles) empty() bool { return len(lf.names) == 0 }

// remove deletes the files and makes the deletions durable.
func (lf *legacyFiles) remove(dir string) error {
	for _, name := range lf.names {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return syncDir(dir)
}

// loadLegacy restores state from files of the previous format: the newest
// snapshot, then every log of that generation or later (snapshot
// generation g holds everything logged in generations < g). It only
// reads: a torn last record is left where it is (importLegacy then
// removes the files).
func (s *Store) loadLegacy(ctx context.Context, lf *legacyFiles) error {
	var snapGen uint64
	if len(lf.snaps) > 0 {
		snapGen = lf.snaps[len(lf.snaps)-1]
		if err := s.loadSnapshot(ctx, snapPath(s.dir, snapGen)); err != nil {
			return err
		}
	}
	for _, g := range lf.wals {
		if g < snapGen {
			continue
		}
		if err := s.replay(ctx, walPath(s.dir, g)); err != nil {
			return err
		}
	}
	return nil
}

// replay applies the records of one log file after the snapshot's LSN,
// stopping at a torn tail.
func (s *Store) replay(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fr, err := newFrameReader(f, path, walMagic)
	if errors.Is(err, errTornHeader) { // crashed while creating the file
		return nil
	}
	if err != nil {
		return err
	}
	for n := 0; ; n++ {
		if n%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		payload, err := fr.next()
		if err == io.EOF || errors.Is(err, errTorn) {
			// A torn last write never completed, so it was never
			// acknowledged.
			return nil
		}
		if err != nil {
			return err
		}
		lsn := binary.LittleEndian.Uint64(payload[1:])
		if lsn <= s.lsn {
			continue // already in the snapshot
		}
		if lsn != s.lsn+1 {
			return fmt.Errorf("%w: %s: record at offset %d has LSN %d, expected %d (records missing)", ErrCorrupt, path, fr.off, lsn, s.lsn+1)
		}
		if err := s.applyRecord(payload[0], payload[payloadPrefix:]); err != nil {
			return fmt.Errorf("%w: %s: record at offset %d: %v", ErrCorrupt, path, fr.off, err)
		}
		s.lsn = lsn
	}
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
