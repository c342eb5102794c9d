package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	pgxvec "github.com/pgvector/pgvector-go/pgx"

	"github.com/creatormatch/creatormatch"
)

var _ creatormatch.HealthChecker = (*Store)(nil)

// Healing. The pool reconnects by itself when the database comes back, but
// a database that comes back empty (dropped and created again, its schema
// dropped, restored without the extension) needs its schema again, and the
// store's connections and caches describe the old one: every pooled
// connection registered the old vector type OIDs (AfterConnect) and caches
// prepared statements on the old tables, and dims, indexes, the creator
// cache and the embedding-cache bookkeeping describe rows that are gone.
//
// So when the store sees the schema missing (an error of FaultMissingSchema
// on any statement, seen by faultTracer; a new connection without the
// vector type, seen by AfterConnect; or Ready's probe) it heals in the
// background, one attempt at a time and at most once per healMinInterval
// (doubling up to healMaxInterval while attempts change nothing):
//
//  1. it connects on its own connection (not the pool's, whose AfterConnect
//     needs the vector type);
//  2. unless WithoutMigrate was given, it runs Migrate: tern holds an
//     advisory lock (replicas healing at once take turns, and the later
//     ones find nothing to do) and migrations only create what is missing;
//     nothing is ever dropped;
//  3. it reads the schema's identity (the OIDs of the database, the version
//     table and the vector type); if it differs from the one the store last
//     knew (the schema was recreated, by this store or anyone else), it
//     resets the pool (connections are replaced, and new ones register the
//     vector types again), clears the caches, and ensures the WithIndex
//     indexes again.
//
// Each attempt is bounded by healTimeout and logged. With WithoutMigrate the
// store only resets itself once someone else (`creatormatch migrate`) has
// migrated; until then requests get 503 and Ready says the schema is missing.
const (
	healMinInterval = 2 * time.Second
	healMaxInterval = time.Minute
	healTimeout     = 2 * time.Minute
)

// schemaIdent identifies one incarnation of the schema: a database dropped
// and created again, or a schema dropped and migrated again, gets new OIDs.
type schemaIdent struct {
	database, versionTable, vectorType uint32
}

// healer is the state of the background healing.
type healer struct {
	mu       sync.Mutex
	on       bool // Open has finished and Close has not begun
	running  bool
	next     time.Time // no attempt starts before
	interval time.Duration
	ident    schemaIdent // the schema the pool and caches describe
	ctx      context.Context
	cancel   context.CancelFunc
	wg       sync.WaitGroup
}

// faultTracer watches every statement's outcome on the pool's connections
// and starts healing when one fails because the schema is missing.
type faultTracer struct{ s *Store }

func (t faultTracer) observe(err error) {
	if err != nil && FaultOf(err) == FaultMissingSchema {
		t.s.triggerHeal(err)
	}
}

func (t faultTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	return ctx
}

func (t faultTracer) TraceQueryEnd(_ context.Context, _ *pgx.Conn, d pgx.TraceQueryEndData) {
	t.observe(d.Err)
}

func (t faultTracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}

func (t faultTracer) TraceBatchQuery(_ context.Context, _ *pgx.Conn, d pgx.TraceBatchQueryData) {
	t.observe(d.Err)
}

func (t faultTracer) TraceBatchEnd(_ context.Context, _ *pgx.Conn, d pgx.TraceBatchEndData) {
	t.observe(d.Err)
}

func (t faultTracer) TraceCopyFromStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceCopyFromStartData) context.Context {
	return ctx
}

func (t faultTracer) TraceCopyFromEnd(_ context.Context, _ *pgx.Conn, d pgx.TraceCopyFromEndData) {
	t.observe(d.Err)
}

// afterConnect teaches a new pooled connection the vector types. A
// database without them (no pgvector extension: the schema is missing)
// fails with errNoVectorType, which FaultOf reads as FaultMissingSchema, and
// starts healing.
func (s *Store) afterConnect(ctx context.Context, c *pgx.Conn) error {
	err := pgxvec.RegisterTypes(ctx, c)
	if err == nil {
		return nil
	}
	// RegisterTypes says "vector type not found in the database" (an
	// error of its own, not the server's) when to_regtype('vector') is
	// null; anything else (a broken connection) keeps its own class.
	if FaultOf(err) == FaultNone && strings.Contains(err.Error(), "type not found") {
		err = fmt.Errorf("%w: %w", errNoVectorType, err)
		s.triggerHeal(err)
	}
	return err
}

// triggerHeal starts a healing attempt in the background unless one is
// running or the last one was too recent. It never blocks.
func (s *Store) triggerHeal(cause error) {
	h := &s.heal
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.on || h.running || time.Now().Before(h.next) {
		return
	}
	h.running = true
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		changed, err := s.healOnce(cause)
		h.mu.Lock()
		defer h.mu.Unlock()
		h.running = false
		if changed && err == nil {
			h.interval = healMinInterval
		} else {
			h.interval = min(2*max(h.interval, healMinInterval), healMaxInterval)
		}
		h.next = time.Now().Add(h.interval)
	}()
}

// healOnce is one healing attempt (see healer); changed says it reset the
// store to a new schema.
func (s *Store) healOnce(cause error) (changed bool, err error) {
	ctx, cancel := context.WithTimeout(s.heal.ctx, healTimeout)
	defer cancel()
	log := s.log()
	log.Warn("postgres: the database schema is missing; healing", "migrate", s.opts.migrate, "cause", cause.Error())
	conn, err := pgx.ConnectConfig(ctx, s.migrateCfg.Copy())
	if err != nil {
		log.Warn("postgres: heal: cannot connect", "error", err.Error())
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if s.opts.migrate {
		if err := Migrate(ctx, conn); err != nil {
			log.Warn("postgres: heal: migrate failed", "error", err.Error())
			return false, err
		}
	}
	st, err := probe(ctx, conn)
	if err != nil {
		log.Warn("postgres: heal: probe failed", "error", err.Error())
		return false, err
	}
	s.heal.mu.Lock()
	old := s.heal.ident
	s.heal.ident = st.ident
	s.heal.mu.Unlock()
	if st.ident == old {
		log.Warn("postgres: heal: the schema is the one the store knows; nothing to reset",
			"version", st.version, "vector_type", st.ident.vectorType != 0)
		return false, nil
	}
	// The pool's connections know the old vector type OIDs and prepared
	// statements on the old tables: replace them. Acquired connections
	// are closed when released.
	s.pool.Reset()
	s.clearCaches()
	for _, ix := range s.opts.indexes {
		if st.ident.vectorType == 0 {
			break
		}
		if err := s.EnsureIndex(ctx, ix.model, ix.dim); err != nil {
			log.Warn("postgres: heal: ensure index failed", "model", ix.model, "error", err.Error())
		}
	}
	if !st.complete(s.latest) {
		msg := "postgres: heal: the store forgot the old schema, but the database has none yet; run `creatormatch migrate`"
		if st.hasVersion && st.version >= s.latest {
			// DROP EXTENSION vector CASCADE: the vector columns went
			// with it, and migrations that ran already do not run again.
			msg = "postgres: heal: the schema is migrated but the vector type is missing (the extension was dropped, and the vector columns with it); restore the database"
		}
		log.Warn(msg, "version", st.version, "latest", s.latest, "vector_type", st.ident.vectorType != 0)
		return true, nil
	}
	log.Info("postgres: healed: the store uses the schema in the database again",
		"version", st.version, "migrated", s.opts.migrate)
	return true, nil
}

// clearCaches forgets everything cached about the old schema's rows.
func (s *Store) clearCaches() {
	s.dims.Clear()
	s.indexMu.Lock()
	s.indexes = nil
	s.indexMu.Unlock()
	s.cache.clear()
	s.embeddings.resetTrim()
}

// startHeal enables healing once Open has finished, knowing ident.
func (s *Store) startHeal(ident schemaIdent) {
	h := &s.heal
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ctx, h.cancel = context.WithCancel(context.Background())
	h.ident = ident
	h.interval = healMinInterval
	h.on = true
}

// stopHeal cancels a running attempt and waits for it.
func (s *Store) stopHeal() {
	h := &s.heal
	h.mu.Lock()
	on := h.on
	h.on = false
	h.mu.Unlock()
	if on {
		h.cancel()
	}
	h.wg.Wait()
}

// schemaState is what one probe statement reads.
type schemaState struct {
	ident      schemaIdent
	hasVersion bool
	version    int32
	readOnly   bool
}

// probeSQL reads, in one statement, the identity of the schema, its
// migration version (query_to_xml reads VersionTable only when it exists;
// a plain subquery would fail to plan without it) and whether the session
// can write (a standby, or default_transaction_read_only).
var probeSQL = `SELECT d.oid,
	coalesce(to_regclass('` + VersionTable + `')::oid, 0),
	coalesce(to_regtype('vector')::oid, 0),
	CASE WHEN to_regclass('` + VersionTable + `') IS NULL THEN NULL
		ELSE (xpath('/row/v/text()', query_to_xml('SELECT max(version) AS v FROM ` + VersionTable + `', false, true, '')))[1]::text::int4 END,
	pg_is_in_recovery() OR current_setting('transaction_read_only')::bool
FROM pg_database d WHERE d.datname = current_database()`

type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// complete reports whether the schema is migrated to at least latest and
// has the vector type.
func (st schemaState) complete(latest int32) bool {
	return st.hasVersion && st.version >= latest && st.ident.vectorType != 0
}

func probe(ctx context.Context, q querier) (schemaState, error) {
	var (
		st      schemaState
		version *int32
	)
	err := q.QueryRow(ctx, probeSQL).Scan(&st.ident.database, &st.ident.versionTable, &st.ident.vectorType, &version, &st.readOnly)
	if err != nil {
		return st, err
	}
	if version != nil {
		st.hasVersion, st.version = true, *version
	}
	return st, nil
}

// Ready implements creatormatch.HealthChecker with one statement on a
// pooled connection: the database answers, its schema is migrated (the
// version in VersionTable is at least LatestVersion: a newer schema from a
// newer replica is served, as migrations only add), the vector type
// exists, and the session may write (not a standby, not
// default_transaction_read_only). Otherwise the error wraps
// creatormatch.ErrUnavailable and its client message
// (creatormatch.ErrorMessage) is the Fault's Reason. A missing schema, or
// one that is not the one the store last knew, starts healing (see healer).
func (s *Store) Ready(ctx context.Context) error {
	st, err := probe(ctx, s.pool)
	if err != nil && FaultOf(err) == FaultUnreachable && ctx.Err() == nil {
		// A pooled connection the server ended (a restart, or backends
		// terminated to apply a setting) fails once and is dropped; a
		// readiness probe should not flap for it, so try one more.
		st, err = probe(ctx, s.pool)
	}
	if err != nil {
		if FaultOf(err) == FaultMissingSchema {
			s.triggerHeal(err)
		}
		return wrapErr(ctx, "ready", err)
	}
	s.heal.mu.Lock()
	known := s.heal.ident
	s.heal.mu.Unlock()
	switch {
	case !st.complete(s.latest):
		err := fmt.Errorf("schema version %d (table present: %t), want %d; vector type present: %t",
			st.version, st.hasVersion, s.latest, st.ident.vectorType != 0)
		s.triggerHeal(err)
		return faultError(FaultMissingSchema, "ready", err)
	case st.ident != known:
		// Migrated again by someone else: the pool and caches describe
		// the old schema.
		s.triggerHeal(errors.New("the schema was recreated"))
	}
	if st.readOnly {
		return faultError(FaultReadOnly, "ready", errors.New("the session is read-only (standby or default_transaction_read_only)"))
	}
	return nil
}
