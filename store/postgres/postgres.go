// Package postgres implements creatormatch.Store on PostgreSQL 17 with the
// pgvector 0.8 extension, through a pgx connection pool.
//
// Layout: one creators row per creator (the profile as JSON, its features as
// JSON, and denormalised filter columns), child tables for accounts, content
// and audience, and one embeddings table holding the vectors of every model,
// each row tagged with its model id and dimension. Approximate nearest
// neighbour search uses a partial HNSW expression index per model
// (embedding::vector(dim) WHERE model = ... AND kind = 'profile'); see
// migrations/002_profile_hnsw.sql and Store.EnsureIndex.
//
// Every search is one statement in one round trip with the filter inside the
// SQL, so the database never ships rows the filter would drop.
package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creatormatch/creatormatch"
)

// DefaultModel and DefaultDimension are the embedding model the schema
// indexes out of the box (embeddings/uselite); other models are searchable
// exactly at once and approximately after EnsureIndex.
const (
	DefaultModel     = "use-lite-0.2.0"
	DefaultDimension = 512
)

// Store is the PostgreSQL creatormatch.Store. It is safe for concurrent use.
type Store struct {
	pool *pgxpool.Pool
	opts options

	// dims caches embedding_models: model id -> dimension. A model's
	// dimension never changes once registered, so the cache never goes
	// stale; it saves a lookup per search and per ingest batch.
	dims sync.Map

	// cache keeps decoded creators for GetCreators (creatorCache).
	cache *creatorCache

	// embeddings is the embedding cache's bookkeeping (embeddingBound).
	embeddings embeddingBound

	// indexes caches which HNSW indexes exist (hasIndex).
	indexMu sync.Mutex
	indexes map[string]indexState

	// latest is LatestVersion(), the schema version Ready expects.
	latest int32
	// migrateCfg connects the connections that migrate (Open, healing):
	// the pool's config without its tracer.
	migrateCfg *pgx.ConnConfig
	// heal runs the background healing of a missing schema (healer).
	heal healer
	// replicas are the read replicas (WithReplicas; replicas.go).
	replicas replicaSet

	closeOnce sync.Once
}

var _ creatormatch.Store = (*Store)(nil)

type options struct {
	maxConns       int32
	minConns       int32
	migrate        bool
	connectTimeout time.Duration
	// connectTimeoutSet says WithConnectTimeout was given: it then wins
	// over the URL's connect_timeout.
	connectTimeoutSet bool
	indexes           []modelDim
	efSearchMin       int
	maxScanTuples     int
	scanPageSize      int
	lexicalBudget     int
	creatorCacheSize  int
	embeddingCache    int
	walkCostRatio     float64
	vectorIndex       VectorIndex
	bitRerank         int
	// logger, when set, receives the store's warnings; nil means
	// slog.Default() at the time of logging.
	logger *slog.Logger
	// withoutPacks reads every creator from its JSON columns; only tests
	// set it (export_test.go), to compare the two read paths.
	withoutPacks bool
	// settings are extra SET LOCALs for approximate searches; only tests
	// set them (export_test.go), to force plans.
	settings [][2]string
	// replicaURLs, replicaMaxLag and replicaPoll: see WithReplicas.
	replicaURLs   []string
	replicaMaxLag time.Duration
	replicaPoll   time.Duration
}

type modelDim struct {
	model string
	dim   int
}

// Option configures Open.
type Option func(*options)

// WithMaxConns sets the pool size. The default is the pool_max_conns URL
// parameter if present, else max(8, 4*GOMAXPROCS): requests hold a
// connection only for one short statement or transaction, but a match runs
// its dense and lexical searches at once, so it can hold two. Measured with
// `creatormatch bench --sizes 100000 --stores postgres --concurrency 8
// --pg-max-conns N` on 2 cores: pools of 4, 8 and 16 gave the same
// throughput (35-42 matches/s without a filter), but 4 once starved (p99
// 3.2 s, 14 matches/s under a 10% filter) where 8 and 16 did not. A pool a
// few times the core count keeps a co-located server busy without piling
// up backends (each costs ~10 MB on the server).
func WithMaxConns(n int32) Option { return func(o *options) { o.maxConns = n } }

// WithMinConns keeps n connections open even when idle, so that the first
// requests after a quiet period do not pay for connection set-up.
func WithMinConns(n int32) Option { return func(o *options) { o.minConns = n } }

// WithoutMigrate skips applying migrations in Open, and when healing a
// schema that disappeared (the store then waits for someone else to
// migrate); use it when a separate `creatormatch migrate` step owns the
// schema or the role lacks DDL rights.
func WithoutMigrate() Option { return func(o *options) { o.migrate = false } }

// WithConnectTimeout bounds each connection attempt (default 10s, or the
// connect_timeout URL parameter), so an unreachable host fails with
// ErrUnavailable instead of hanging until the caller's deadline.
func WithConnectTimeout(d time.Duration) Option {
	return func(o *options) { o.connectTimeout, o.connectTimeoutSet = d, true }
}

// WithIndex makes Open ensure an HNSW index for model's dim-dimensional
// profile vectors (see Store.EnsureIndex). The default model's index comes
// with the migrations.
func WithIndex(model string, dim int) Option {
	return func(o *options) { o.indexes = append(o.indexes, modelDim{model, dim}) }
}

// WithMaxScanTuples bounds how many index tuples one filtered approximate
// search may visit (pgvector's hnsw.max_scan_tuples; default 50000) before
// it gives up and the search falls back to an exact scan of the filtered
// set. Mostly for tests, which lower it to exercise the fallback.
func WithMaxScanTuples(n int) Option { return func(o *options) { o.maxScanTuples = n } }

// WithEfSearchMin sets the floor of hnsw.ef_search for approximate
// searches (default 40): a search for k rows uses max(floor, 10k), at most
// pgvector's 1000. A higher floor trades latency for recall; see
// docs/benchmarks.md for measured pairs.
func WithEfSearchMin(n int) Option { return func(o *options) { o.efSearchMin = n } }

// WithWalkCostRatio sets the cost ratio of a filtered HNSW walk to exact
// ranking per creator that decides when SearchDense ranks a selective
// filter's creators exactly (default 3.3, see walkCostRatio); 0 always
// walks the index (tests use it to exercise the walk on small tables).
func WithWalkCostRatio(r float64) Option { return func(o *options) { o.walkCostRatio = r } }

// WithCreatorCache sets how many decoded creators GetCreators keeps per
// cache generation (default 10000; two generations are kept, about 8 kB
// each without content); 0 turns the cache off. See creatorCache.
func WithCreatorCache(entries int) Option { return func(o *options) { o.creatorCacheSize = entries } }

// WithEmbeddingCache sets how many rows (over all models) the
// embedding_cache table keeps before the least recently used are deleted
// (default creatormatch.DefaultEmbeddingCacheEntries, which says why; see
// embeddingBound for how the bound is kept). Zero or less turns the cache
// off: nothing is cached and every lookup misses.
func WithEmbeddingCache(entries int) Option { return func(o *options) { o.embeddingCache = entries } }

// WithLexicalBudget sets how many documents (estimated) SearchLexical may
// match before it stops adding more common query words to the match, and
// so how many it ranks (at most 2× the budget) and which words are too
// common to match at all (over 10× the budget); see SearchLexical. The
// default, 1000, kept the lexical statement at p50 8.7 ms over the bench
// briefs and single words at 1M creators, next to 21.9 ms for 5000
// (docs/benchmarks.md), so that it finishes within the dense statement it
// runs beside.
func WithLexicalBudget(docs int) Option { return func(o *options) { o.lexicalBudget = docs } }

// WithVectorIndex selects the kind of HNSW index SearchDense walks and
// EnsureIndex builds (see VectorIndex; default IndexVector, the one the
// migrations create for the default model). A kind whose index does not
// exist for a model makes its searches exact, as a missing index always
// does; build it with EnsureIndex (WithIndex) or IndexDDLOf.
func WithVectorIndex(k VectorIndex) Option { return func(o *options) { o.vectorIndex = k } }

// WithBitRerank sets how many candidates an IndexBit walk collects by
// Hamming distance for re-ranking by exact cosine distance (default
// bitRerankPerResult × Limit, within [Limit, 1000]).
func WithBitRerank(n int) Option { return func(o *options) { o.bitRerank = n } }

// WithLogger sends the store's warnings (a creator pack that does not
// decode, see Store.load) to l instead of slog.Default().
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

func (s *Store) log() *slog.Logger {
	if s.opts.logger != nil {
		return s.opts.logger
	}
	return slog.Default()
}

// Open connects to the database at url (a postgres:// URL or key=value DSN,
// with optional pgxpool parameters such as pool_max_conns), applies pending
// migrations unless WithoutMigrate is given, checks the server answers, and
// returns the Store. A server that cannot be reached yields an error
// wrapping creatormatch.ErrUnavailable; a malformed url, ErrInvalid.
//
// Once open, the store classifies database faults (FaultOf: unreachable,
// missing database or schema, read-only, disk full) as ErrUnavailable with
// a client-safe reason, reports them in Ready, and heals a schema that
// disappears under it by migrating again (unless WithoutMigrate) and
// resetting its connections and caches: see healer in health.go.
func Open(ctx context.Context, url string, opts ...Option) (*Store, error) {
	o := options{
		migrate:        true,
		connectTimeout: 10 * time.Second,
		efSearchMin:    40,
		maxScanTuples:  50000,
		scanPageSize:   500,
		lexicalBudget:  1000,
		// 2 generations × 20000 entries × ~3 kB: at most ~120 MB.
		creatorCacheSize: 10000,
		embeddingCache:   creatormatch.DefaultEmbeddingCacheEntries,
		walkCostRatio:    walkCostRatio,
		vectorIndex:      IndexVector,
	}
	for _, opt := range opts {
		opt(&o)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgconn redacts the password in parse errors.
		return nil, fmt.Errorf("postgres: parse database url: %w: %w", creatormatch.ErrInvalid, err)
	}
	if o.maxConns > 0 {
		cfg.MaxConns = o.maxConns
	} else if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = int32(max(8, 4*runtime.GOMAXPROCS(0)))
	}
	if o.minConns > 0 {
		cfg.MinConns = min(o.minConns, cfg.MaxConns)
	}
	if o.connectTimeoutSet || cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = o.connectTimeout
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "creatormatch"
	}
	latest, err := LatestVersion()
	if err != nil {
		return nil, err
	}
	s := &Store{opts: o, latest: latest, cache: newCreatorCache(o.creatorCacheSize)}
	s.embeddings.init(o.embeddingCache)
	s.migrateCfg = cfg.ConnConfig.Copy()
	// Teach every pooled connection the vector types (binary codec for
	// pgvector.Vector). This needs the extension to exist, which is why
	// migrations run on a separate connection before the pool connects.
	// The tracer and AfterConnect notice a missing schema later (healer).
	cfg.AfterConnect = s.afterConnect
	cfg.ConnConfig.Tracer = faultTracer{s}

	if o.migrate {
		conn, err := pgx.ConnectConfig(ctx, s.migrateCfg.Copy())
		if err != nil {
			return nil, wrapErr(ctx, "connect", err)
		}
		err = Migrate(ctx, conn)
		_ = conn.Close(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
	}

	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, wrapErr(ctx, "open pool", err)
	}
	s.pool = pool
	if err := s.Ping(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	for _, ix := range o.indexes {
		if err := s.EnsureIndex(ctx, ix.model, ix.dim); err != nil {
			pool.Close()
			return nil, err
		}
	}
	st, err := probe(ctx, pool)
	if err != nil {
		pool.Close()
		return nil, wrapErr(ctx, "open", err)
	}
	if err := s.openReplicas(ctx, cfg); err != nil {
		pool.Close()
		return nil, err
	}
	s.startHeal(st.ident)
	return s, nil
}

// Pool exposes the connection pool for maintenance tools and tests.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Ping checks that a connection can be acquired and the server answers.
func (s *Store) Ping(ctx context.Context) error {
	return wrapErr(ctx, "ping", s.pool.Ping(ctx))
}

// Close stops healing (see healer) and the replica poller, then closes the
// pools, waiting for acquired connections to be released. It is safe to call more than once.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.stopHeal()
		s.closeReplicas()
		s.pool.Close()
	})
	return nil
}

// batchTx sends BEGIN <mode>, the statements queue adds, and COMMIT as one
// pipelined batch: one network round trip for a whole transaction (reads
// that must see one snapshot, searches that need SET LOCAL). read consumes
// the results of the queued statements in order. If anything fails the
// connection is left in an aborted transaction and the pool discards it.
// It runs on the pool ctx's reads were routed to (db): only read-only
// transactions are sent this way.
func (s *Store) batchTx(ctx context.Context, op, begin string, queue func(*pgx.Batch), read func(pgx.BatchResults) error) error {
	b := &pgx.Batch{}
	b.Queue(begin)
	queue(b)
	b.Queue("COMMIT")
	br := s.db(ctx).SendBatch(ctx, b)
	err := func() error {
		if _, err := br.Exec(); err != nil {
			return err
		}
		if err := read(br); err != nil {
			return err
		}
		_, err := br.Exec()
		return err
	}()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return wrapErr(ctx, op, err)
}

// inTx runs fn in a read-write transaction, committing if it returns nil.
func (s *Store) inTx(ctx context.Context, op string, fn func(pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return wrapErr(ctx, op, err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return wrapErr(ctx, op, err)
	}
	return wrapErr(ctx, op, tx.Commit(ctx))
}
