package creatormatch

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ConsistencyTokenHeader is the HTTP header that carries a ConsistencyToken:
// set on the answer to a write when the store has read replicas, and
// accepted on any request, whose reads then see at least that write.
const ConsistencyTokenHeader = "Consistency-Token"

// ConsistencyToken is a position in the store's write history (for
// Postgres, a WAL position, pg_lsn). A write's answer carries the position
// reached after it committed; a read that presents it is served only by a
// copy of the data that has replayed at least that far (read-your-writes
// across read replicas). Its text form is PostgreSQL's: two hexadecimal
// numbers of at most 8 digits separated by a slash, e.g. "16/B374D848".
// Zero is no token.
type ConsistencyToken uint64

// ErrBadConsistencyToken is why ParseConsistencyToken refused a text; it
// wraps ErrInvalid.
var ErrBadConsistencyToken = fmt.Errorf("%w: malformed consistency token", ErrInvalid)

// ParseConsistencyToken reads a token in its text form (see
// ConsistencyToken). Anything else, including "0/0", is
// ErrBadConsistencyToken: a client only ever echoes what a server sent.
func ParseConsistencyToken(s string) (ConsistencyToken, error) {
	hi, lo, ok := strings.Cut(s, "/")
	if !ok || !isHex8(hi) || !isHex8(lo) {
		return 0, ErrBadConsistencyToken
	}
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if err := errors.Join(err1, err2); err != nil || h|l == 0 {
		return 0, ErrBadConsistencyToken
	}
	return ConsistencyToken(h<<32 | l), nil
}

// isHex8 is 1 to 8 hexadecimal digits (ParseUint alone would also take a
// sign or an underscore).
func isHex8(s string) bool {
	if len(s) == 0 || len(s) > 8 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// String is the token's text form, as PostgreSQL prints a pg_lsn.
func (t ConsistencyToken) String() string {
	return fmt.Sprintf("%X/%X", uint64(t)>>32, uint64(t)&0xFFFFFFFF)
}

type readAfterKey struct{}

// WithReadAfter returns ctx asking the store to serve its reads from data
// that includes every write up to t (a read replica that has replayed t,
// or the primary). A zero t changes nothing.
func WithReadAfter(ctx context.Context, t ConsistencyToken) context.Context {
	if t == 0 {
		return ctx
	}
	return context.WithValue(ctx, readAfterKey{}, t)
}

// ReadAfter is the token WithReadAfter put in ctx, 0 if none.
func ReadAfter(ctx context.Context) ConsistencyToken {
	t, _ := ctx.Value(readAfterKey{}).(ConsistencyToken)
	return t
}

type primaryReadsKey struct{}

// WithPrimaryReads returns ctx asking the store to serve every read from
// the primary: a request that writes reads its own writes back (to answer
// with the stored row, to check what it is about to change), and a replica
// may not have them yet.
func WithPrimaryReads(ctx context.Context) context.Context {
	return context.WithValue(ctx, primaryReadsKey{}, true)
}

// PrimaryReads says WithPrimaryReads was applied to ctx.
func PrimaryReads(ctx context.Context) bool {
	v, _ := ctx.Value(primaryReadsKey{}).(bool)
	return v
}

// ConsistencyTokener is implemented by stores with read replicas
// (store/postgres with WithReplicas). ConsistencyToken returns the position
// of the store's write history now: called after a write committed, any
// read presenting it (WithReadAfter) sees that write. ok is false when the
// store has no replicas, so there is nothing to be consistent with.
type ConsistencyTokener interface {
	ConsistencyToken(ctx context.Context) (t ConsistencyToken, ok bool, err error)
}

// StoreWrapper is implemented by decorators of a Store (the metrics
// wrapper), so that optional interfaces of the store they wrap stay
// reachable: see StoreAs.
type StoreWrapper interface {
	Unwrap() Store
}

// StoreAs finds, in s or the stores it wraps (StoreWrapper), the first
// that implements T, for optional interfaces such as SharedRateLimiter and
// ConsistencyTokener that a decorator does not forward.
func StoreAs[T any](s Store) (T, bool) {
	for s != nil {
		if t, ok := s.(T); ok {
			return t, true
		}
		w, ok := s.(StoreWrapper)
		if !ok {
			break
		}
		s = w.Unwrap()
	}
	var zero T
	return zero, false
}
