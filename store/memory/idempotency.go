package memory

import (
	"context"
	"fmt"
	"slices"
	"time"

	cm "github.com/creatormatch/creatormatch"
)

// Idempotency records (cm.IdempotencyStore).
//
// Completed records are durable: CompleteIdempotency logs one recIdem
// record and replay and snapshots restore it, so a write answered before a
// crash is replayed after it. Claims in progress live in memory only: a
// crash ends the request that held the claim anyway (its client sees the
// connection drop and retries), and after Open nobody holds any key.
//
// Memory is bounded. Completed records are kept in completion order;
// beyond DefaultIdempotencyRecords records or DefaultIdempotencyBytes of
// bodies (each body at most cm.MaxIdempotencyBody) the oldest are dropped
// first, so under a flood of keyed writes a retry of one of the oldest
// may run again. Expired records are dropped at every snapshot (and by
// PurgeIdempotency, and whenever the bound is reached). Evictions are not
// logged: replaying the log through the same bound repeats them (expired
// records drop out at load). Claims in progress are bounded by
// DefaultIdempotencyClaims (concurrent keyed writes): beyond it, lapsed
// claims are dropped and, if none lapsed, a new claim is ErrUnavailable.
const (
	// DefaultIdempotencyRecords bounds the completed records kept.
	DefaultIdempotencyRecords = 50000
	// DefaultIdempotencyBytes bounds the bodies (with scope and key) of
	// the completed records kept: a write's response is typically a few
	// hundred bytes (50k of those are about 15 MB).
	DefaultIdempotencyBytes = 64 << 20
	// DefaultIdempotencyClaims bounds the claims in progress.
	DefaultIdempotencyClaims = 10000
)

type idemKey struct{ scope, key string }

// idemEntry is one record. A completed entry is never modified once
// published (a new claim of its key replaces it in the map).
type idemEntry struct {
	rec cm.IdempotencyRecord
	// completing is set while the completion is being logged, so that the
	// claim cannot lapse into another claimer's hands meanwhile.
	completing bool
}

func (e *idemEntry) size() int64 {
	return int64(len(e.rec.Scope) + len(e.rec.Key) + len(e.rec.RequestHash) + len(e.rec.Response.ContentType) + len(e.rec.Response.Body) + 128)
}

func (e *idemEntry) live(now time.Time) bool { return e.completing || e.rec.Live(now) }

// idemState is the store's idempotency state, guarded by its mutex (taken
// after Store.mu when both are held).
type idemState struct {
	m      map[idemKey]*idemEntry
	order  []*idemEntry // completed entries, oldest first; may hold replaced ones
	done   int          // completed entries in m
	bytes  int64        // their size
	claims int          // in-progress entries in m

	maxRecords int
	maxBytes   int64
	maxClaims  int
}

func newIdemState(maxRecords int) idemState {
	return idemState{m: map[idemKey]*idemEntry{}, maxRecords: maxRecords,
		maxBytes: DefaultIdempotencyBytes, maxClaims: DefaultIdempotencyClaims}
}

// withIdempotencyBound sets how many completed idempotency records are
// kept (default DefaultIdempotencyRecords); for tests.
func withIdempotencyBound(records int) Option {
	return func(o *options) { o.idemRecords = records }
}

// remove deletes k's entry e from the map and the counts (order keeps it
// until trimmed).
func (st *idemState) remove(k idemKey, e *idemEntry) {
	delete(st.m, k)
	if e.rec.Complete {
		st.done--
		st.bytes -= e.size()
	} else {
		st.claims--
	}
}

// put stores e under its key, replacing what was there.
func (st *idemState) put(e *idemEntry) {
	k := idemKey{e.rec.Scope, e.rec.Key}
	if old := st.m[k]; old != nil {
		st.remove(k, old)
	}
	st.m[k] = e
	if e.rec.Complete {
		st.done++
		st.bytes += e.size()
		st.order = append(st.order, e)
	} else {
		st.claims++
	}
}

// current reports whether e is still the entry of its key.
func (st *idemState) current(e *idemEntry) bool {
	return st.m[idemKey{e.rec.Scope, e.rec.Key}] == e
}

// trim drops completed entries from the front of order while they are
// replaced, expired or beyond the bounds, and compacts order when it holds
// mostly replaced entries.
func (st *idemState) trim(now time.Time) {
	i := 0
	for ; i < len(st.order); i++ {
		e := st.order[i]
		if !st.current(e) {
			continue
		}
		if st.done <= st.maxRecords && st.bytes <= st.maxBytes && e.rec.Live(now) {
			break
		}
		st.remove(idemKey{e.rec.Scope, e.rec.Key}, e)
	}
	st.order = st.order[i:]
	if len(st.order) > 64 && len(st.order) > 2*st.done {
		live := make([]*idemEntry, 0, st.done)
		for _, e := range st.order {
			if st.current(e) {
				live = append(live, e)
			}
		}
		st.order = live
	}
}

// purge deletes up to limit expired entries (completed ones, and claims
// whose record expired) and returns how many.
func (st *idemState) purge(now time.Time, limit int) int {
	n := 0
	for k, e := range st.m {
		if n >= limit {
			break
		}
		if !e.completing && !now.Before(e.rec.ExpiresAt) {
			st.remove(k, e)
			n++
		}
	}
	if n > 0 {
		st.trim(now)
	}
	return n
}

// ClaimIdempotency claims (c.Scope, c.Key) in memory, or returns a copy of
// the live record holding it. See the type's documentation above for what
// is durable.
func (s *Store) ClaimIdempotency(ctx context.Context, c cm.IdempotencyClaim) (*cm.IdempotencyRecord, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	now := time.Now()
	s.idemMu.Lock()
	defer s.idemMu.Unlock()
	st := &s.idem
	k := idemKey{c.Scope, c.Key}
	if e := st.m[k]; e != nil {
		if e.live(now) {
			r := e.rec
			r.Token = ""
			if r.Complete {
				r.Response.Body = slices.Clone(r.Response.Body)
			}
			return &r, nil
		}
		st.remove(k, e)
	}
	if st.claims >= st.maxClaims {
		for k, e := range st.m {
			if !e.rec.Complete && !e.live(now) {
				st.remove(k, e)
			}
		}
		if st.claims >= st.maxClaims {
			return nil, fmt.Errorf("memory store: %d idempotency keys are in progress: %w", st.claims, cm.ErrUnavailable)
		}
	}
	st.put(&idemEntry{rec: cm.IdempotencyRecord{
		Scope: c.Scope, Key: c.Key, RequestHash: c.RequestHash, Token: c.Token,
		CreatedAt: now.UTC(), LockedUntil: now.Add(c.Lease).UTC(), ExpiresAt: now.Add(c.TTL).UTC(),
	}})
	return nil, nil
}

// CompleteIdempotency logs the completed record as one log record and
// then publishes it: once it returns nil, a crash does not lose it.
func (s *Store) CompleteIdempotency(ctx context.Context, scope, key, token string, resp cm.IdempotencyResponse) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	if err := resp.Validate(); err != nil {
		return err
	}
	k := idemKey{scope, key}
	s.idemMu.Lock()
	e := s.idem.m[k]
	if e == nil || e.rec.Complete || e.completing || e.rec.Token != token {
		s.idemMu.Unlock()
		return fmt.Errorf("memory store: %w", cm.IdempotencyNotHeld(scope, key))
	}
	e.completing = true
	r := e.rec
	s.idemMu.Unlock()

	r.Complete = true
	r.LockedUntil = time.Time{}
	r.Response = cm.IdempotencyResponse{Status: resp.Status, ContentType: resp.ContentType, Body: resp.Body}
	rec, owned, err := idemRecord(r)
	if err == nil {
		err = s.commit(ctx, rec, nil, func() { s.applyIdem(owned) })
	}
	if err != nil {
		s.idemMu.Lock()
		if s.idem.m[k] == e {
			e.completing = false
		}
		s.idemMu.Unlock()
	}
	return err
}

// ReleaseIdempotency drops the in-progress claim token holds.
func (s *Store) ReleaseIdempotency(ctx context.Context, scope, key, token string) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	k := idemKey{scope, key}
	s.idemMu.Lock()
	defer s.idemMu.Unlock()
	if e := s.idem.m[k]; e != nil && !e.rec.Complete && !e.completing && e.rec.Token == token {
		s.idem.remove(k, e)
	}
	return nil
}

// PurgeIdempotency drops up to limit expired records from memory. Nothing
// is logged: an expired record replayed from the log is dropped at load.
func (s *Store) PurgeIdempotency(ctx context.Context, limit int) (int, error) {
	if err := s.enter(ctx); err != nil {
		return 0, err
	}
	if limit <= 0 {
		return 0, nil
	}
	s.idemMu.Lock()
	defer s.idemMu.Unlock()
	return s.idem.purge(time.Now(), limit), nil
}

// applyIdem publishes a completed record (at run time and on replay),
// unless it has expired, and trims to the bounds.
func (s *Store) applyIdem(r cm.IdempotencyRecord) {
	now := time.Now()
	s.idemMu.Lock()
	defer s.idemMu.Unlock()
	if !r.Live(now) {
		return
	}
	s.idem.put(&idemEntry{rec: r})
	s.idem.trim(now)
}

// captureIdem returns the completed, unexpired records oldest first for a
// snapshot, dropping the expired ones. Completed entries are immutable, so
// their records are shared, not copied.
func (s *Store) captureIdem() []cm.IdempotencyRecord {
	now := time.Now()
	s.idemMu.Lock()
	defer s.idemMu.Unlock()
	st := &s.idem
	st.purge(now, len(st.m))
	st.trim(now)
	out := make([]cm.IdempotencyRecord, 0, st.done)
	for _, e := range st.order {
		if st.current(e) {
			out = append(out, e.rec)
		}
	}
	return out
}

// encodeIdem appends a completed record body:
//
//	u8 version (1) | str scope | str key | str request hash | str token |
//	uvarint status | str content type | bytes body |
//	uvarint created | uvarint expires   (Unix microseconds)
func encodeIdem(e *encoder, r cm.IdempotencyRecord) {
	e.u8(1)
	e.str(r.Scope)
	e.str(r.Key)
	e.str(r.RequestHash)
	e.str(r.Token)
	e.uvarint(uint64(r.Response.Status))
	e.str(r.Response.ContentType)
	e.bytes(r.Response.Body)
	e.uvarint(uint64(max(0, r.CreatedAt.UnixMicro())))
	e.uvarint(uint64(max(0, r.ExpiresAt.UnixMicro())))
}

func decodeIdem(body []byte) (cm.IdempotencyRecord, error) {
	d := &decoder{b: body}
	var r cm.IdempotencyRecord
	if v := d.u8(); d.err == nil && v != 1 {
		return r, fmt.Errorf("idempotency record version %d", v)
	}
	r.Scope = d.str()
	r.Key = d.str()
	r.RequestHash = d.str()
	r.Token = d.str()
	r.Response.Status = int(d.uvarint())
	r.Response.ContentType = d.str()
	r.Response.Body = slices.Clone(d.raw()) // not the frame's bytes
	r.CreatedAt = time.UnixMicro(int64(d.uvarint())).UTC()
	r.ExpiresAt = time.UnixMicro(int64(d.uvarint())).UTC()
	if d.err == nil && len(d.b) != 0 {
		d.fail()
	}
	if d.err != nil {
		return cm.IdempotencyRecord{}, d.err
	}
	r.Complete = true
	if r.Scope == "" || r.Key == "" {
		return cm.IdempotencyRecord{}, fmt.Errorf("idempotency record without scope or key")
	}
	return r, nil
}

// idemRecord encodes r as one log record and returns it with the record
// decoded back from it (the state to apply: its body is the log record's
// own copy, not the caller's).
func idemRecord(r cm.IdempotencyRecord) (*encoder, cm.IdempotencyRecord, error) {
	rec := newRecord(recIdem)
	encodeIdem(rec, r)
	owned, err := decodeIdem(rec.body())
	if err != nil {
		return nil, cm.IdempotencyRecord{}, fmt.Errorf("memory store: record does not round-trip: %w", err)
	}
	return rec, owned, nil
}
