package creatormatch

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// IdempotencyStore keeps the records behind the API's Idempotency-Key
// header, so that a client retrying a write after a timeout, a dropped
// connection or a server crash gets the first answer instead of writing
// twice. Both store backends implement it, and the records live in the
// store rather than in the API process for two reasons: a record must
// survive the process (kill -9 between the write and the retry must not
// let the retry write again), and several API replicas sharing one
// database must behave as one (a retry may reach another replica).
//
// A record goes through two states. ClaimIdempotency creates it in
// progress, held by the claimer's Token under a lease; the claimer runs
// the request, then either CompleteIdempotency stores the response (kept
// until ExpiresAt, for replay) or ReleaseIdempotency deletes the claim (a
// 5xx: the client may retry and run the request again). A claimer that
// crashes does neither: its claim lapses at LockedUntil and the next
// retry claims the key again.
type IdempotencyStore interface {
	// ClaimIdempotency atomically either claims (c.Scope, c.Key) for
	// c.Token, returning nil, or returns the record that holds it: one in
	// progress whose lease has not lapsed, or a completed one that has
	// not expired. A key that is unused, expired, or held by a lapsed
	// claim is claimed, replacing what was stored. The returned record
	// may have another RequestHash than c's: comparing is the caller's
	// business. Its Token is empty.
	ClaimIdempotency(ctx context.Context, c IdempotencyClaim) (*IdempotencyRecord, error)
	// CompleteIdempotency stores the response of the claim (scope, key)
	// held by token and makes it replayable until the record expires.
	// It succeeds even after the lease lapsed as long as nobody claimed
	// the key since; a claim no longer held by token (released, completed,
	// taken over after its lease lapsed) is ErrConflict. A body over
	// MaxIdempotencyBody is ErrTooLarge.
	CompleteIdempotency(ctx context.Context, scope, key, token string, resp IdempotencyResponse) error
	// ReleaseIdempotency deletes the in-progress claim (scope, key) if
	// token still holds it, so that the key may be used again at once;
	// otherwise it does nothing.
	ReleaseIdempotency(ctx context.Context, scope, key, token string) error
	// PurgeIdempotency deletes up to limit expired records and returns how
	// many it deleted. Stores also purge on their own (Postgres in small
	// batches as claims come in, the embedded store at every snapshot),
	// so calling it is never required; a batch is bounded so that purging
	// never holds locks or memory for long.
	PurgeIdempotency(ctx context.Context, limit int) (int, error)
}

// IdempotencyTTL is how long a completed record is replayed: a client
// retrying later than this runs the request again.
const IdempotencyTTL = 24 * time.Hour

// MaxIdempotencyKey bounds the Idempotency-Key, in bytes.
const MaxIdempotencyKey = 255

// MaxIdempotencyBody bounds the response body a record keeps. The write
// operations answer small bodies (upserted ids, the written feedback
// events, one creator, a problem listing bad fields): a full 1000-event
// feedback batch echoes a few hundred kilobytes. A larger response is not
// kept (the API releases the claim instead, so a retry runs again).
const MaxIdempotencyBody = 1 << 20

// IdempotencyClaim asks to claim a key.
type IdempotencyClaim struct {
	// Scope is whose and which request the key belongs to: the API uses
	// the principal's id, the method and the path, so the same key sent
	// by two API keys or to two routes names two records.
	Scope string
	// Key is the client's Idempotency-Key.
	Key string
	// RequestHash identifies the request (the API hashes its canonical
	// body), so a key reused with another request can be told apart.
	RequestHash string
	// Token identifies this claim (random, unique per request): only its
	// holder may complete or release it.
	Token string
	// Lease is how long the claim holds before it lapses: longer than the
	// request may run, so that only a claimer that crashed loses it.
	Lease time.Duration
	// TTL is how long the record lives from now (IdempotencyTTL).
	TTL time.Duration
}

// IdempotencyResponse is the stored answer to a request.
type IdempotencyResponse struct {
	Status      int
	ContentType string
	Body        []byte
}

// IdempotencyRecord is a stored claim or completed response. Times are
// the store's clock (the database's for Postgres, so replicas agree).
type IdempotencyRecord struct {
	Scope       string
	Key         string
	RequestHash string
	Token       string
	// Complete is true once the response is stored; Response is then set.
	Complete bool
	Response IdempotencyResponse
	// CreatedAt is when the key was claimed; ExpiresAt when the record
	// stops being replayed (CreatedAt + TTL); LockedUntil when the claim,
	// while in progress, lapses.
	CreatedAt   time.Time
	LockedUntil time.Time
	ExpiresAt   time.Time
}

// Live reports whether r still holds its key at now: completed and not
// expired, or in progress with a lease that has not lapsed.
func (r *IdempotencyRecord) Live(now time.Time) bool {
	if !now.Before(r.ExpiresAt) {
		return false
	}
	return r.Complete || now.Before(r.LockedUntil)
}

// storableText reports what a store requires of a text field: valid UTF-8
// without NUL bytes (Postgres text cannot hold NUL).
func storableText(v *ValidationError, field, s string, required bool) {
	switch {
	case s == "" && required:
		v.Add(field, "is required")
	case !utf8.ValidString(s):
		v.Add(field, "is not valid UTF-8")
	case strings.IndexByte(s, 0) >= 0:
		v.Add(field, "contains a NUL byte")
	}
}

// Validate reports what a store requires of a claim: scope, key, hash and
// token that are storable text, a key of at most MaxIdempotencyKey bytes,
// and a positive lease and TTL.
func (c IdempotencyClaim) Validate() error {
	var v ValidationError
	storableText(&v, "scope", c.Scope, true)
	storableText(&v, "key", c.Key, true)
	if len(c.Key) > MaxIdempotencyKey {
		v.Add("key", "must be at most %d bytes", MaxIdempotencyKey)
	}
	storableText(&v, "request_hash", c.RequestHash, true)
	storableText(&v, "token", c.Token, true)
	if c.Lease <= 0 {
		v.Add("lease", "must be positive")
	}
	if c.TTL <= 0 {
		v.Add("ttl", "must be positive")
	}
	return v.Err()
}

// Validate reports what a store requires of a response: an HTTP status,
// a storable content type and a body of at most MaxIdempotencyBody bytes
// (ErrTooLarge).
func (r IdempotencyResponse) Validate() error {
	if len(r.Body) > MaxIdempotencyBody {
		return Errorf(ErrTooLarge, "the response body (%d bytes) exceeds the %d bytes an idempotency record keeps", len(r.Body), MaxIdempotencyBody)
	}
	var v ValidationError
	if r.Status < 100 || r.Status > 599 {
		v.Add("status", "%d is not an HTTP status", r.Status)
	}
	storableText(&v, "content_type", r.ContentType, false)
	return v.Err()
}

// IdempotencyNotHeld is the error a store answers when the claim to
// complete is no longer held by the caller's token; it wraps ErrConflict.
func IdempotencyNotHeld(scope, key string) error {
	return fmt.Errorf("idempotency key %q of %q: the claim is no longer held: %w", key, scope, ErrConflict)
}
