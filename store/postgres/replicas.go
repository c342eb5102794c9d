package postgres

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	pgxvec "github.com/pgvector/pgvector-go/pgx"

	"github.com/creatormatch/creatormatch"
)

// Read replicas. A store opened WithReplicas holds, beside the primary's
// pool, one pool per hot standby, and serves the reads of the request path
// (searches, creators, browse, lists, notes, saved briefs, weights,
// blocklists, feedback listings: the exported methods that call readRouted)
// from a standby that is usable:
//
//   - its last poll (replicaPoller) succeeded, recently;
//   - its lag, how long ago the primary was at the WAL position the
//     standby has replayed, is at most the bound (WithReplicaMaxLag);
//   - when ctx carries a creatormatch.ConsistencyToken (WithReadAfter), it
//     has replayed at least that position (asked live when the last poll
//     saw it behind).
//
// Otherwise, and always when ctx asks for primary reads
// (creatormatch.WithPrimaryReads: a request that writes), the primary
// serves. A read that fails on a standby with a database fault (the standby
// went away, a recovery conflict cancelled the query, it lacks a migration
// the primary has) is run again once on the primary, and a standby that
// could not be reached is skipped until a poll finds it again.
//
// What never goes to a standby: writes and everything in a write
// transaction (the standby refuses them), idempotency records and rate
// buckets (they must be exact across servers), API keys while the primary
// answers (a key is used right after it is created, and a revocation must
// bite at once; see readPrimaryFirst for when it does not), the
// embedding cache (a lookup refreshes the entries it finds), schema and
// index probes, readiness, and maintenance scans (ScanCreators,
// PeerRates, PackCreators), which feed writes.

// Defaults of the replica options.
const (
	// DefaultReplicaMaxLag is the lag beyond which a standby is skipped.
	// A few seconds: long enough that a standby under normal load is
	// used, short enough that a reader without a token sees a write a
	// moment after it was answered.
	DefaultReplicaMaxLag = 5 * time.Second
	// defaultReplicaPoll is how often the poller measures the standbys,
	// and so the resolution of the lag; it is never more than a quarter
	// of the lag bound, so a standby falling behind is noticed before it
	// has been behind twice the bound.
	defaultReplicaPoll = time.Second
	minReplicaPoll     = 50 * time.Millisecond
	// replicaCheckTimeout bounds one poll statement and the live check of
	// a token, so a standby that hangs cannot hold a read up for long.
	replicaCheckTimeout = time.Second
	// lagSamples bounds the primary WAL positions the poller remembers
	// to turn a standby's position into a lag in seconds.
	lagSamples = 256
)

// ErrNoReplicaLSN is what a standby's poll returns when it reports no
// replayed WAL position (a server that is not a standby and cannot say its
// own position either).
var ErrNoReplicaLSN = errors.New("postgres: the replica reports no WAL position")

// WithReplicas adds read replicas: hot standbys of the primary (Open's
// URL), one URL each, served reads as described in replicas.go. Their pools
// take the primary's pool size and connect timeout. A standby that is down
// when the store opens does not fail Open: it is skipped until a poll
// reaches it.
func WithReplicas(urls ...string) Option {
	return func(o *options) { o.replicaURLs = append(o.replicaURLs, urls...) }
}

// WithReplicaMaxLag sets the lag beyond which a standby serves no reads
// (default DefaultReplicaMaxLag).
func WithReplicaMaxLag(d time.Duration) Option { return func(o *options) { o.replicaMaxLag = d } }

// WithReplicaPollInterval sets how often standbys are measured (default
// 1 s, at most a quarter of the lag bound, at least 50 ms).
func WithReplicaPollInterval(d time.Duration) Option {
	return func(o *options) { o.replicaPoll = d }
}

// replica is one standby: its pool and what the last poll saw. The fields
// the read path consults are atomics, so choosing a replica takes no lock.
type replica struct {
	index int
	pool  *pgxpool.Pool
	up    atomic.Bool
	// replay is the WAL position the standby has replayed (bytes).
	replay atomic.Uint64
	// lag is the standby's lag (time.Duration) and lagBytes how far its
	// replay is behind the primary's position at the last poll.
	lag      atomic.Int64
	lagBytes atomic.Int64
	// polled is when a poll last succeeded (UnixNano), 0 never.
	polled atomic.Int64
}

// ReplicaStatus is what the poller last saw of one standby, for metrics.
// Index is the standby's position in WithReplicas: hosts and credentials
// are never exported.
type ReplicaStatus struct {
	Index int
	// Up: the last poll reached it (and no read found it down since).
	Up bool
	// Lag is how long ago the primary was where the standby's replay is
	// (resolution: one poll interval); LagBytes the WAL it has still to
	// replay. Both are 0 when it has caught up.
	Lag      time.Duration
	LagBytes int64
	// Usable: it serves reads now (up, polled recently, lag within bound).
	Usable bool
}

// replicaSet is the store's standbys and the poller's state.
type replicaSet struct {
	list   []*replica
	next   atomic.Uint64 // round robin
	maxLag time.Duration
	poll   time.Duration

	// samples are the primary's WAL positions at recent polls, oldest
	// first, for lagOf. Only the poller touches them.
	samples []lsnSample

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

type lsnSample struct {
	at  time.Time
	lsn uint64
}

// openReplicas creates the standbys' pools (no connection yet), polls them
// once so that the first requests can use them, and starts the poller.
func (s *Store) openReplicas(ctx context.Context, primary *pgxpool.Config) error {
	o := s.opts
	if len(o.replicaURLs) == 0 {
		return nil
	}
	rs := &s.replicas
	rs.maxLag = o.replicaMaxLag
	if rs.maxLag <= 0 {
		rs.maxLag = DefaultReplicaMaxLag
	}
	rs.poll = o.replicaPoll
	if rs.poll <= 0 {
		rs.poll = defaultReplicaPoll
	}
	rs.poll = max(min(rs.poll, rs.maxLag/4), minReplicaPoll)
	for i, url := range o.replicaURLs {
		cfg, err := pgxpool.ParseConfig(url)
		if err != nil {
			s.closeReplicaPools()
			// pgconn redacts the password in parse errors.
			return fmt.Errorf("postgres: parse replica url %d: %w: %w", i, creatormatch.ErrInvalid, err)
		}
		if o.maxConns > 0 {
			cfg.MaxConns = o.maxConns
		} else if !strings.Contains(url, "pool_max_conns") {
			cfg.MaxConns = int32(max(8, 4*runtime.GOMAXPROCS(0)))
		}
		if o.connectTimeoutSet || cfg.ConnConfig.ConnectTimeout == 0 {
			cfg.ConnConfig.ConnectTimeout = o.connectTimeout
		}
		// A standby down for a while must not make each read wait for
		// a connect timeout: reads skip it once a poll or a read finds
		// it down, so only the first ones pay this much.
		cfg.ConnConfig.ConnectTimeout = min(cfg.ConnConfig.ConnectTimeout, 2*time.Second)
		if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
			cfg.ConnConfig.RuntimeParams["application_name"] = primary.ConnConfig.RuntimeParams["application_name"]
		}
		// Only the vector types: a standby's schema is the primary's,
		// so healing (faultTracer) is the primary pool's business.
		cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error { return pgxvec.RegisterTypes(ctx, c) }
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		if err != nil {
			s.closeReplicaPools()
			return wrapErr(ctx, "open replica pool", err)
		}
		rs.list = append(rs.list, &replica{index: i, pool: pool})
	}
	pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	rs.cancel = cancel
	s.pollReplicas(ctx)
	for _, r := range rs.list {
		if !r.up.Load() {
			s.log().Warn("postgres: read replica unreachable at start; reads go to the other replicas or the primary until it answers", "replica", r.index)
		}
	}
	rs.wg.Add(1)
	go func() {
		defer rs.wg.Done()
		t := time.NewTicker(rs.poll)
		defer t.Stop()
		for {
			select {
			case <-pctx.Done():
				return
			case <-t.C:
				s.pollReplicas(pctx)
			}
		}
	}()
	return nil
}

// closeReplicas stops the poller and closes the standbys' pools.
func (s *Store) closeReplicas() {
	if s.replicas.cancel != nil {
		s.replicas.cancel()
		s.replicas.wg.Wait()
	}
	s.closeReplicaPools()
}

func (s *Store) closeReplicaPools() {
	for _, r := range s.replicas.list {
		r.pool.Close()
	}
}

// walPosSQL is a server's WAL position in bytes: what a standby has
// replayed, or a primary's current position (a "replica" URL that names a
// primary is never behind). pg_lsn minus pg_lsn is numeric; bigint holds
// any position a server reaches in practice.
const walPosSQL = `SELECT CASE WHEN pg_is_in_recovery()
		THEN (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint
		ELSE (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint END`

// walPos asks q for its WAL position (walPosSQL), bounded by
// replicaCheckTimeout.
func walPos(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, replicaCheckTimeout)
	defer cancel()
	var pos *int64
	if err := q.QueryRow(ctx, walPosSQL).Scan(&pos); err != nil {
		return 0, err
	}
	if pos == nil || *pos < 0 {
		return 0, ErrNoReplicaLSN
	}
	return uint64(*pos), nil
}

// pollReplicas measures the primary's WAL position and every standby's,
// and updates what the read path consults. A primary that cannot be
// reached leaves its last position in place: while it is down it writes
// nothing, so a standby that replayed that far is as fresh as any copy.
func (s *Store) pollReplicas(ctx context.Context) {
	rs := &s.replicas
	now := time.Now()
	if pos, err := walPos(ctx, s.pool); err == nil {
		if n := len(rs.samples); n == 0 || rs.samples[n-1].lsn != pos {
			rs.samples = append(rs.samples, lsnSample{now, pos})
		}
		// Keep what covers twice the bound (a lag beyond it only needs
		// to be known as "too much"), and at most lagSamples.
		drop := 0
		for drop < len(rs.samples)-1 && (now.Sub(rs.samples[drop+1].at) > 2*rs.maxLag || len(rs.samples)-drop > lagSamples) {
			drop++
		}
		rs.samples = rs.samples[drop:]
	}
	var wg sync.WaitGroup
	for _, r := range rs.list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pos, err := walPos(ctx, r.pool)
			if err != nil {
				if r.up.Swap(false) && ctx.Err() == nil {
					s.log().Warn("postgres: read replica unreachable; reads go to the other replicas or the primary",
						"replica", r.index, "fault", FaultOf(err).String(), "error", err.Error())
				}
				return
			}
			r.replay.Store(pos)
			lag, behind := rs.lagOf(now, pos)
			r.lag.Store(int64(lag))
			r.lagBytes.Store(behind)
			r.polled.Store(now.UnixNano())
			if !r.up.Swap(true) {
				s.log().Info("postgres: read replica up", "replica", r.index, "lag", lag.String())
			}
		}()
	}
	wg.Wait()
}

// lagOf turns a standby's replayed position into a lag: 0 if it has reached
// the primary's last known position, else how long ago the primary was at
// a position the standby has reached (the newest such sample), or more
// than the bound when no sample is that old. behind is the WAL between the
// two positions, in bytes.
func (rs *replicaSet) lagOf(now time.Time, pos uint64) (lag time.Duration, behind int64) {
	n := len(rs.samples)
	if n == 0 || pos >= rs.samples[n-1].lsn {
		return 0, 0
	}
	behind = int64(rs.samples[n-1].lsn - pos)
	for i := n - 1; i >= 0; i-- {
		if rs.samples[i].lsn <= pos {
			// The standby has what the primary had at sample i
			// but not all it had at sample i+1: it lacks data at
			// least as old as sample i+1 (and at most as old as
			// sample i). The lower bound keeps a standby a few
			// milliseconds behind a busy primary at ~0.
			return now.Sub(rs.samples[i+1].at), behind
		}
	}
	return max(now.Sub(rs.samples[0].at), 2*rs.maxLag), behind
}

// usable says r may serve reads now.
func (rs *replicaSet) usable(r *replica, now time.Time) bool {
	if !r.up.Load() || time.Duration(r.lag.Load()) > rs.maxLag {
		return false
	}
	// A poll that stopped succeeding (the poller is stuck on a hung
	// server) must not leave an old "up" in force.
	return now.Sub(time.Unix(0, r.polled.Load())) <= 3*rs.poll+replicaCheckTimeout
}

// routeKey marks a ctx whose reads were routed by readRouted: the value is
// the standby, or nil for the primary. Nested reads keep the route.
type routeKey struct{}

// dbtx is what the read paths run statements on: a standby's pool or the
// primary's.
type dbtx interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// db is the pool ctx's reads were routed to; the primary's unless
// readRouted chose a standby.
func (s *Store) db(ctx context.Context) dbtx {
	if r, _ := ctx.Value(routeKey{}).(*replica); r != nil {
		return r.pool
	}
	return s.pool
}

// pickReplica chooses the standby to serve a read in ctx, nil for the
// primary (see replicas.go's comment), round robin among the usable ones.
func (s *Store) pickReplica(ctx context.Context) *replica {
	rs := &s.replicas
	if len(rs.list) == 0 || creatormatch.PrimaryReads(ctx) {
		return nil
	}
	token := uint64(creatormatch.ReadAfter(ctx))
	now := time.Now()
	start := rs.next.Add(1)
	for i := range uint64(len(rs.list)) {
		r := rs.list[(start+i)%uint64(len(rs.list))]
		if !rs.usable(r, now) {
			continue
		}
		if token == 0 || r.replay.Load() >= token {
			return r
		}
		// Replay usually takes milliseconds, so a token the last poll
		// had not seen is often reached by now: ask.
		pos, err := walPos(ctx, r.pool)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			continue
		}
		r.replay.Store(max(r.replay.Load(), pos))
		if pos >= token {
			return r
		}
	}
	return nil
}

// readRouted runs a read on the standby pickReplica chooses (or the
// primary), and once more on the primary if the standby fails with a
// database fault. fn must only read, and must build its result afresh on
// each call.
func readRouted[T any](ctx context.Context, s *Store, op string, fn func(context.Context) (T, error)) (T, error) {
	if _, routed := ctx.Value(routeKey{}).(*replica); routed {
		return fn(ctx)
	}
	r := s.pickReplica(ctx)
	if r == nil {
		return fn(context.WithValue(ctx, routeKey{}, (*replica)(nil)))
	}
	v, err := fn(context.WithValue(ctx, routeKey{}, r))
	if err == nil || ctx.Err() != nil {
		return v, err
	}
	f := FaultOf(err)
	if f == FaultNone {
		return v, err // the read itself is wrong: the primary would say the same
	}
	if f == FaultUnreachable || f == FaultMissingDatabase || f == FaultMissingSchema {
		// Skip it until the poller reaches it again (and, for a
		// missing schema, has replayed the migration by then).
		r.up.Store(false)
	}
	s.log().WarnContext(ctx, "postgres: read on a replica failed; retrying on the primary",
		"replica", r.index, "op", op, "fault", f.String(), "error", err.Error())
	return fn(context.WithValue(ctx, routeKey{}, (*replica)(nil)))
}

// readPrimaryFirst runs a read on the primary and, only when the primary
// cannot be reached, once more on a usable standby: for reads that must be
// current while the primary answers but are better a little stale (within
// the lag bound) than refused while it restarts. API keys: a key is used
// right after it is created and a revocation must bite at once, but a
// primary restart should not turn every authenticated read into a 503.
func readPrimaryFirst[T any](ctx context.Context, s *Store, op string, fn func(context.Context) (T, error)) (T, error) {
	v, err := fn(context.WithValue(ctx, routeKey{}, (*replica)(nil)))
	if err == nil || ctx.Err() != nil || len(s.replicas.list) == 0 || FaultOf(err) != FaultUnreachable {
		return v, err
	}
	now := time.Now()
	start := s.replicas.next.Add(1)
	for i := range uint64(len(s.replicas.list)) {
		r := s.replicas.list[(start+i)%uint64(len(s.replicas.list))]
		if !s.replicas.usable(r, now) {
			continue
		}
		rv, rerr := fn(context.WithValue(ctx, routeKey{}, r))
		if rerr == nil || FaultOf(rerr) == FaultNone {
			s.log().WarnContext(ctx, "postgres: primary unreachable; read served by a replica", "replica", r.index, "op", op)
			return rv, rerr
		}
	}
	return v, err
}

// ConsistencyToken is the primary's current WAL position: called after a
// write has committed, a read presenting it (creatormatch.WithReadAfter)
// sees that write. ok is false when the store has no replicas.
func (s *Store) ConsistencyToken(ctx context.Context) (creatormatch.ConsistencyToken, bool, error) {
	if len(s.replicas.list) == 0 {
		return 0, false, nil
	}
	ctx, cancel := context.WithTimeout(ctx, replicaCheckTimeout)
	defer cancel()
	var pos int64
	// pg_current_wal_insert_lsn would be ahead of what is flushed; a
	// commit is flushed before it is answered, so this covers it.
	err := s.pool.QueryRow(ctx, `SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint`).Scan(&pos)
	if err != nil {
		return 0, false, wrapErr(ctx, "consistency token", err)
	}
	return creatormatch.ConsistencyToken(pos), true, nil
}

var _ creatormatch.ConsistencyTokener = (*Store)(nil)

// ReplicaStatuses is what the poller last saw of each standby, in
// WithReplicas order; nil without replicas.
func (s *Store) ReplicaStatuses() []ReplicaStatus {
	now := time.Now()
	out := make([]ReplicaStatus, 0, len(s.replicas.list))
	for _, r := range s.replicas.list {
		out = append(out, ReplicaStatus{
			Index:    r.index,
			Up:       r.up.Load(),
			Lag:      time.Duration(r.lag.Load()),
			LagBytes: r.lagBytes.Load(),
			Usable:   s.replicas.usable(r, now),
		})
	}
	return out
}

// ReplicaPool exposes standby i's pool for tests and maintenance tools.
func (s *Store) ReplicaPool(i int) *pgxpool.Pool { return s.replicas.list[i].pool }
