package memory

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	cm "github.com/creatormatch/creatormatch"
)

// errShort reports a record body that ends early or carries an impossible
// length; the record's CRC matched, so it means a bug or a format mismatch,
// not a torn write.
var errShort = errors.New("record body truncated or malformed")

// encoder appends the compact binary encoding used inside log and snapshot
// records: uvarints for counts and lengths, length-prefixed strings, and
// vectors as raw little-endian float32 (their length is the record's
// dimension, so it is not repeated per vector).
type encoder struct{ b []byte }

func (e *encoder) u8(v byte)        { e.b = append(e.b, v) }
func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) bytes(p []byte)   { e.uvarint(uint64(len(p))); e.b = append(e.b, p...) }

func (e *encoder) floats(v []float32) {
	n := len(e.b)
	e.b = append(e.b, make([]byte, 4*len(v))...)
	out := e.b[n:]
	for i, f := range v {
		binary.LittleEndian.PutUint32(out[4*i:], math.Float32bits(f))
	}
}

// decoder reads what encoder wrote. The first error sticks: later reads
// return zero values, so callers check err once at the end.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() { d.err = errShort; d.b = nil }

func (d *decoder) u8() byte {
	if d.err != nil || len(d.b) < 1 {
		d.fail()
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length that must fit in the remaining bytes when each item
// takes at least min bytes; it guards allocations against corrupt input.
func (d *decoder) count(min int) int {
	v := d.uvarint()
	if d.err != nil {
		return 0
	}
	if min < 1 {
		min = 1
	}
	if v > uint64(len(d.b)/min) {
		d.fail()
		return 0
	}
	return int(v)
}

func (d *decoder) raw() []byte {
	n := d.count(1)
	if d.err != nil {
		return nil
	}
	p := d.b[:n:n]
	d.b = d.b[n:]
	return p
}

func (d *decoder) str() string { return string(d.raw()) }

func (d *decoder) floats(n int) []float32 {
	if d.err != nil || n < 0 || len(d.b) < 4*n {
		d.fail()
		return nil
	}
	v := make([]float32, n)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(d.b[4*i:]))
	}
	d.b = d.b[4*n:]
	return v
}

// encodeOpJSON appends the body of a record that changes one JSON-encoded
// object (a blocklist entry, a list record, a saved brief): u8 op | bytes
// JSON(v). what names the object in errors.
func encodeOpJSON(e *encoder, op byte, what string, v any) error {
	js, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", cm.ErrInvalid, what, err)
	}
	e.u8(op)
	e.bytes(js)
	return nil
}

// decodeOpJSON reads a body written by encodeOpJSON into v and returns its
// op, which must be within [lo, hi].
func decodeOpJSON(body []byte, what string, lo, hi byte, v any) (byte, error) {
	d := &decoder{b: body}
	op := d.u8()
	js := d.raw()
	if d.err == nil && len(d.b) != 0 {
		d.fail()
	}
	if d.err != nil {
		return 0, d.err
	}
	if op < lo || op > hi {
		return 0, fmt.Errorf("%s record with unknown operation %d", what, op)
	}
	if err := json.Unmarshal(js, v); err != nil {
		return 0, fmt.Errorf("%s JSON: %w", what, err)
	}
	return op, nil
}
