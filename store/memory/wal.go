package memory

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
)

// Frames. Every log and snapshot record is framed as
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

// ErrCorrupt is wrapped by Open when a log or snapshot record fails its
// checksum anywhere but at the tail of a log (a torn tail is a write that was
// never acknowledged and is dropped; damage before acknowledged records is
// not repaired silently).
var ErrCorrupt = errors.New("memory store: corrupt data file")

// newRecord starts a record buffer with room for the frame header, the type
// and the LSN, which sealFrame fills in once the writer knows the LSN.
func newRecord(typ byte) *encoder {
	e := &encoder{b: make([]byte, frameHeader+payloadPrefix, 4096)}
	e.b[frameHeader] = typ
	return e
}

// sealFrame writes lsn and the frame header into a buffer built by newRecord
// and returns the complete frame.
func sealFrame(b []byte, lsn uint64) []byte {
	binary.LittleEndian.PutUint64(b[frameHeader+1:], lsn)
	payload := b[frameHeader:]
	binary.LittleEndian.PutUint32(b[0:], uint32(len(payload)))
	binary.LittleEndian.PutUint32(b[4:], crc32.Checksum(payload, castagnoli))
	binary.LittleEndian.PutUint32(b[8:], crc32.Checksum(b[0:8], castagnoli))
	return b
}

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

// wal is the append-only log file currently written.
type wal struct {
	f    *os.File
	path string
	gen  uint64
	size int64
}

// append writes one sealed frame and fsyncs it. If the write fails the file is
// truncated back so a later append does not land after a partial frame (which
// replay would refuse as a corrupt middle record). A failed fsync leaves the
// file state unknowable, so it is reported as fatal for the writer.
func (w *wal) append(frame []byte) (fatal bool, err error) {
	n, err := w.f.Write(frame)
	if err != nil || n != len(frame) {
		if err == nil {
			err = io.ErrShortWrite
		}
		if terr := w.f.Truncate(w.size); terr != nil {
			return true, fmt.Errorf("write log: %w (and truncating back failed: %v)", err, terr)
		}
		return false, fmt.Errorf("write log: %w", err)
	}
	if err := w.f.Sync(); err != nil {
		return true, fmt.Errorf("fsync log: %w", err)
	}
	w.size += int64(n)
	return false, nil
}

// createWAL creates a new, empty log file of generation gen and makes its
// directory entry durable.
func createWAL(dir string, gen uint64) (*wal, error) {
	path := walPath(dir, gen)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(walMagic); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := syncDir(dir); err != nil {
		f.Close()
		return nil, err
	}
	return &wal{f: f, path: path, gen: gen, size: int64(len(walMagic))}, nil
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
