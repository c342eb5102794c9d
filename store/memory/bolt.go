package memory

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// dbFile is the store's data file in its directory: a bbolt database (see
// the package documentation, # Files).
const dbFile = "store.db"

// dbFormat names the layout of the buckets below, stored under keyFormat.
const dbFormat = "creatormatch-memory 1"

var (
	bucketMeta = []byte("meta")
	bucketLog  = []byte("log")
	// snapBuckets: the snapshot lives in one of these, named by
	// keySnapshot; a compaction writes the other and then switches.
	snapBuckets = [2]string{"snap-a", "snap-b"}

	keyFormat   = []byte("format")
	keySnapshot = []byte("snapshot") // str bucket | uvarint lsn | uvarint records | uvarint bytes
	keyImported = []byte("imported") // "name size\n" per file of the previous format imported
)

// snapChunk bounds the record bytes one snapshot transaction writes: bbolt
// has one writer at a time, so a write waits for at most one such commit
// while a compaction runs.
const snapChunk = 4 << 20

// commitOverhead is what a commit may need on disk beyond its record: the
// pages of the log bucket's path it rewrites and the meta page.
const commitOverhead = 16 << 10

func boltOptions() *bolt.Options {
	// The free-page list is not written at every commit (a commit is
	// then the record's pages and the meta page); Open rebuilds it by
	// scanning the file, which costs a fraction of decoding the records.
	return &bolt.Options{Timeout: time.Second, NoFreelistSync: true, FreelistType: bolt.FreelistMapType}
}

// sealRecord appends the CRC-32C of a record (type byte and body), making
// the value stored: bbolt checksums only its meta pages, and this keeps a
// damaged record from being applied. It may append in b's spare capacity.
func sealRecord(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// openValue checks a stored value's CRC and returns the record's type and
// body.
func openValue(v []byte) (byte, []byte, bool) {
	n := len(v) - 4
	if n < 1 || crc32.Checksum(v[:n], castagnoli) != binary.LittleEndian.Uint32(v[n:]) {
		return 0, nil, false
	}
	return v[0], v[1:n], true
}

func lsnKey(n uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, n)
}

// recordChunk bounds the value bbolt stores under one key: a record longer
// than that is stored in consecutive chunks, keyed (u64 LSN or index, u32
// chunk number). bbolt keeps at least two (and up to four) values in a
// leaf and rewrites a changed leaf whole, so appending a record rewrites
// the last ones before it: whole multi-megabyte batches, unchunked (which
// doubled the bytes written per Upsert); at most three chunks, chunked.
const recordChunk = 16 << 10

func chunkKey(n uint64, i uint32) []byte {
	return binary.BigEndian.AppendUint32(lsnKey(n), i)
}

// putRecord stores a sealed record v as record n of b.
func putRecord(b *bolt.Bucket, n uint64, v []byte) error {
	for i := uint32(0); i == 0 || len(v) > 0; i++ {
		c := min(len(v), recordChunk)
		if err := b.Put(chunkKey(n, i), v[:c]); err != nil {
			return err
		}
		v = v[c:]
	}
	return nil
}

// records calls fn with each record of the cursor's bucket from record n
// on, in order, reassembled from its chunks into a buffer of its own (the
// mapping is valid only in the transaction).
func records(c *bolt.Cursor, from uint64, fn func(n uint64, v []byte) error) error {
	var (
		cur  uint64
		next uint32
		buf  []byte
	)
	for k, v := c.Seek(lsnKey(from)); ; k, v = c.Next() {
		if k != nil && len(k) != 12 {
			return corruptf("bad key %x", k)
		}
		if k == nil || binary.BigEndian.Uint32(k[8:]) == 0 {
			if next > 0 {
				if err := fn(cur, buf); err != nil {
					return err
				}
			}
			if k == nil {
				return nil
			}
			cur, next, buf = binary.BigEndian.Uint64(k), 0, nil
		}
		if binary.BigEndian.Uint64(k) != cur || binary.BigEndian.Uint32(k[8:]) != next {
			return corruptf("record %d: chunk %x out of order", cur, k)
		}
		buf = append(buf, v...)
		next++
	}
}

// otherSnapBucket is the snapshot bucket a compaction writes when cur holds
// the current snapshot ("" for none).
func otherSnapBucket(cur string) string {
	if cur == snapBuckets[0] {
		return snapBuckets[1]
	}
	return snapBuckets[0]
}

// commitError is a failed bbolt commit (as opposed to an error before it,
// which wrote nothing).
type commitError struct{ err error }

func (e *commitError) Error() string { return "commit: " + e.err.Error() }
func (e *commitError) Unwrap() error { return e.err }

// update runs fn in a write transaction and commits it. An error from fn
// rolls the transaction back and is returned as is; a failed commit
// (bbolt has rolled it back: nothing of it is visible) is a *commitError.
func update(db *bolt.DB, fn func(tx *bolt.Tx) error) error {
	tx, err := db.Begin(true)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return &commitError{err}
	}
	return nil
}

// corruptf is an error wrapping ErrCorrupt about the data file.
func corruptf(format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrCorrupt, dbFile, fmt.Sprintf(format, args...))
}

// guard turns a panic or a memory fault while reading the file (bbolt
// panics on some damaged pages; a file cut short faults its mapping) into
// an error wrapping ErrCorrupt. Use as
// defer guard(&err)().
func guard(err *error) func() {
	old := debug.SetPanicOnFault(true)
	return func() {
		debug.SetPanicOnFault(old)
		if r := recover(); r != nil {
			*err = corruptf("%v", r)
		}
	}
}

// openDB opens the data file; damage bbolt detects wraps ErrCorrupt.
func openDB(path string) (db *bolt.DB, err error) {
	defer guard(&err)()
	db, err = bolt.Open(path, 0o644, boltOptions())
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return nil, corruptf("%v", err)
	}
	return nil, err
}

// load opens dir's data file and loads it: the snapshot, then the log after
// it. A directory without one is given a new file, importing the previous
// format's files (legacy.go) when there are any; those are removed once
// the import is durable.
func (s *Store) load(ctx context.Context) error {
	path := filepath.Join(s.dir, dbFile)
	lf, err := findLegacy(s.dir)
	if err != nil {
		return err
	}
	imported := false
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if err := s.createDB(ctx, path, lf); err != nil {
			return err
		}
		imported = !lf.empty()
	} else if err != nil {
		return err
	}
	if s.db, err = openDB(path); err != nil {
		return err
	}
	if !imported { // an import loaded the state as it wrote it
		if err := s.loadDB(ctx); err != nil {
			return err
		}
	}
	if !lf.empty() {
		if err := s.checkImported(lf); err != nil {
			return err
		}
		if err := lf.remove(s.dir); err != nil {
			return err
		}
	}
	// A compaction cut short leaves its unfinished snapshot bucket.
	stale := []byte(otherSnapBucket(s.snapBucket))
	var exists bool
	if err := s.db.View(func(tx *bolt.Tx) error { exists = tx.Bucket(stale) != nil; return nil }); err != nil {
		return err
	}
	if exists {
		return update(s.db, func(tx *bolt.Tx) error { return tx.DeleteBucket(stale) })
	}
	return nil
}

// createDB makes a new data file at path, first under a temporary name that
// is renamed into place once complete, so that a crash never leaves a
// half-made file. When lf holds files of the previous format, their state is
// loaded into s and written to the new file as its snapshot.
func (s *Store) createDB(ctx context.Context, path string, lf *legacyFiles) error {
	tmp := path + ".new"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	db, err := bolt.Open(tmp, 0o644, boltOptions())
	if err != nil {
		return err
	}
	err = update(db, func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		if _, err := tx.CreateBucket(bucketLog); err != nil {
			return err
		}
		if err := meta.Put(keyFormat, []byte(dbFormat)); err != nil {
			return err
		}
		if lf.empty() {
			return nil
		}
		var b strings.Builder
		for _, name := range lf.names {
			fmt.Fprintf(&b, "%s %d\n", name, lf.sizes[name])
		}
		return meta.Put(keyImported, []byte(b.String()))
	})
	if err == nil && !lf.empty() {
		if err = s.loadLegacy(ctx, lf); err != nil {
			err = fmt.Errorf("import of the previous format's files: %w", err)
		} else {
			s.snapSize, err = writeSnapshot(ctx, db, "", s.capture())
			s.snapBucket = otherSnapBucket("")
		}
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(s.dir)
}

// checkImported makes sure the files of the previous format found next to
// an existing data file are the ones it was imported from (an import that
// crashed before removing them), not files written since by an older
// version, whose writes deleting them would lose.
func (s *Store) checkImported(lf *legacyFiles) error {
	var listing []byte
	if err := s.db.View(func(tx *bolt.Tx) error {
		listing = bytes.Clone(tx.Bucket(bucketMeta).Get(keyImported))
		return nil
	}); err != nil {
		return err
	}
	was := map[string]int64{}
	for _, line := range strings.Split(strings.TrimSpace(string(listing)), "\n") {
		name, size, ok := strings.Cut(line, " ")
		if n, err := strconv.ParseInt(size, 10, 64); ok && err == nil {
			was[name] = n
		}
	}
	for _, name := range lf.names {
		if size, ok := was[name]; !ok || size != lf.sizes[name] {
			return fmt.Errorf("%s holds %s, a file of the previous data format that %s was not imported from (written by an older version since?): move %s away to keep the data it holds, or move the older files there to import them again", s.dir, name, dbFile, dbFile)
		}
	}
	return nil
}

// loadDB loads the snapshot and replays the log after it, checking that the
// log's LSNs follow on without a gap.
func (s *Store) loadDB(ctx context.Context) (err error) {
	defer guard(&err)()
	return s.db.View(func(tx *bolt.Tx) error {
		meta, log := tx.Bucket(bucketMeta), tx.Bucket(bucketLog)
		if meta == nil || log == nil {
			return corruptf("the meta or log bucket is missing")
		}
		if f := meta.Get(keyFormat); string(f) != dbFormat {
			return corruptf("format %q, want %q", f, dbFormat)
		}
		if v := meta.Get(keySnapshot); v != nil {
			d := &decoder{b: v}
			name, lsn, count, size := d.str(), d.uvarint(), d.uvarint(), d.uvarint()
			if d.err != nil || len(d.b) != 0 {
				return corruptf("the snapshot's meta record does not decode")
			}
			b := tx.Bucket([]byte(name))
			if b == nil {
				return corruptf("snapshot bucket %q is missing", name)
			}
			var n uint64
			err := records(b.Cursor(), 0, func(i uint64, v []byte) error {
				if i%64 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				if i != n {
					return corruptf("snapshot record %d follows %d", i, n-1)
				}
				typ, body, ok := openValue(v)
				if !ok {
					return corruptf("snapshot record %d: bad checksum", n)
				}
				if err := s.applyRecord(typ, body); err != nil {
					return corruptf("snapshot record %d: %v", n, err)
				}
				n++
				return nil
			})
			if err != nil {
				return err
			}
			if n != count {
				return corruptf("snapshot %s holds %d records, its meta record says %d", name, n, count)
			}
			s.lsn, s.snapBucket, s.snapSize = lsn, name, int64(size)
		}
		return records(log.Cursor(), s.lsn+1, func(lsn uint64, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if lsn != s.lsn+1 {
				return corruptf("log record has LSN %d, expected %d (records missing)", lsn, s.lsn+1)
			}
			typ, body, ok := openValue(v)
			if !ok {
				return corruptf("log record %d: bad checksum", lsn)
			}
			if err := s.applyRecord(typ, body); err != nil {
				return corruptf("log record %d: %v", lsn, err)
			}
			s.lsn++
			s.logBytes += int64(len(v))
			return nil
		})
	})
}

// appendLog writes rec as log record lsn in one transaction, durable (bbolt
// fsyncs) when it returns nil.
func (s *Store) appendLog(lsn uint64, rec *encoder) error {
	return update(s.db, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLog)
		b.FillPercent = 1 // keys only ever append
		return putRecord(b, lsn, sealRecord(rec.b))
	})
}

// writeSnapshot writes snap into the snapshot bucket that is not cur, in
// transactions of at most about snapChunk bytes of records, then, in one
// last transaction, names it the snapshot, drops cur and deletes the log
// records it covers. Until that commit, Open loads cur and the whole log,
// so a crash at any point leaves a complete snapshot and the log after it.
// It returns the snapshot's size in record bytes.
func writeSnapshot(ctx context.Context, db *bolt.DB, cur string, snap *snapshotData) (int64, error) {
	name := []byte(otherSnapBucket(cur))
	err := update(db, func(tx *bolt.Tx) error {
		if tx.Bucket(name) != nil {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		_, err := tx.CreateBucket(name)
		return err
	})
	if err != nil {
		return 0, err
	}
	var (
		pending      []*encoder
		pendingBytes int
		n            uint64
		size         int64
	)
	flush := func() error {
		err := update(db, func(tx *bolt.Tx) error {
			b := tx.Bucket(name)
			b.FillPercent = 1 // keys only ever append
			for i, rec := range pending {
				if err := putRecord(b, n+uint64(i), sealRecord(rec.b)); err != nil {
					return err
				}
			}
			return nil
		})
		n += uint64(len(pending))
		pending, pendingBytes = pending[:0], 0
		return err
	}
	err = snapshotRecords(ctx, snap, func(rec *encoder) error {
		pending = append(pending, rec)
		pendingBytes += len(rec.b)
		size += int64(len(rec.b)) + 4
		if pendingBytes >= snapChunk {
			return flush()
		}
		return nil
	})
	if err == nil && len(pending) > 0 {
		err = flush()
	}
	if err != nil {
		return 0, err
	}
	err = update(db, func(tx *bolt.Tx) error {
		e := &encoder{}
		e.str(string(name))
		e.uvarint(snap.lsn)
		e.uvarint(n)
		e.uvarint(uint64(size))
		if err := tx.Bucket(bucketMeta).Put(keySnapshot, e.b); err != nil {
			return err
		}
		if cur != "" {
			if err := tx.DeleteBucket([]byte(cur)); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
				return err
			}
		}
		c := tx.Bucket(bucketLog).Cursor()
		for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k) <= snap.lsn; k, _ = c.First() {
			if err := c.Delete(); err != nil {
				return err
			}
		}
		return nil
	})
	return size, err
}

// newRecord starts a record: its type byte, after which the body is
// appended. The record is the value stored in the log and snapshot buckets.
func newRecord(typ byte) *encoder {
	e := &encoder{b: make([]byte, 1, 4096)}
	e.b[0] = typ
	return e
}

// body is a record's body, after its type byte.
func (e *encoder) body() []byte { return e.b[1:] }
