package bench

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/matcher"
	"github.com/creatormatch/creatormatch/store/memory"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// openedStore is a loaded store under test.
type openedStore struct {
	store creatormatch.Store
	pg    *postgres.Store
	// reopen opens a second, independent instance of a postgres store
	// (its own pool and caches) on the same database.
	reopen func() (creatormatch.Store, error)
	// openKind opens another instance searching the index of kind k.
	openKind func(k postgres.VectorIndex) (*postgres.Store, error)
}

func (o *openedStore) close() { o.store.Close() }

// BatchSize is the UpsertCreators batch of the bulk load.
const BatchSize = 1000

// load upserts creators [from, n) in batches, returning the time spent in
// UpsertCreators and the time spent generating records.
func load(ctx context.Context, st creatormatch.Store, tpl *Templates, seed int64, from, n int) (time.Duration, time.Duration, error) {
	var upsert, gen time.Duration
	batch := make([]creatormatch.CreatorRecord, 0, BatchSize)
	for i := from; i < n; i += BatchSize {
		t := time.Now()
		batch = batch[:0]
		for j := i; j < min(i+BatchSize, n); j++ {
			batch = append(batch, tpl.Synthetic(seed, j))
		}
		gen += time.Since(t)
		t = time.Now()
		if err := st.UpsertCreators(ctx, batch); err != nil {
			return upsert, gen, err
		}
		upsert += time.Since(t)
	}
	return upsert, gen, nil
}

func heapAlloc() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func openLoaded(ctx context.Context, cfg Config, rep *Report, tpl *Templates, kind string, n int) (*openedStore, error) {
	switch kind {
	case "memory":
		return openMemory(ctx, cfg, rep, tpl, n)
	case "postgres":
		return openPostgres(ctx, cfg, rep, tpl, n)
	}
	return nil, fmt.Errorf("unknown store %q (memory or postgres)", kind)
}

func openMemory(ctx context.Context, cfg Config, rep *Report, tpl *Templates, n int) (*openedStore, error) {
	dir := filepath.Join(cfg.DataDir, "memory-"+catalogueKey(n, cfg.Templates, cfg.Seed))
	before := heapAlloc()
	st, err := memory.Open(ctx, dir)
	if err != nil {
		return nil, err
	}
	count, err := st.CountCreators(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	lr := LoadRecord{Kind: "bulk_load", Store: "memory", Creators: n, Reused: count == n}
	if count != n {
		cfg.Log.Info("loading memory store", "n", n, "dir", dir, "had", count)
		up, gen, err := load(ctx, st, tpl, cfg.Seed, 0, n)
		if err != nil {
			st.Close()
			return nil, err
		}
		lr.Seconds, lr.GenerateSeconds = round3(up.Seconds()), round3(gen.Seconds())
		lr.CreatorsPS = round3(float64(n) / up.Seconds())
	}
	// Above the ANN threshold the store builds its HNSW graph in the
	// background (on open, or when the load crossed the threshold); the
	// bench measures the indexed path, so it waits, and records the wait
	// as the build time (the graph is rebuilt on every open).
	if n > memory.DefaultANNThreshold {
		cfg.Log.Info("waiting for the memory store's HNSW index", "n", n)
		t := time.Now()
		if err := st.WaitIndexes(ctx); err != nil {
			st.Close()
			return nil, err
		}
		lr.IndexBuildS = round3(time.Since(t).Seconds())
	}
	rep.Loads = append(rep.Loads, lr)
	after := heapAlloc()
	delta := int64(after) - int64(before)
	rep.Memory = append(rep.Memory, MemoryRecord{Kind: "memory", Store: "memory", Creators: n,
		Method: "Go heap delta (HeapAlloc after GC) across open+load (+HNSW graph above the ANN threshold)", BytesTotal: delta,
		BytesPerCreator: round3(float64(delta) / float64(n))})
	return &openedStore{store: st}, nil
}

// benchDBURL returns the URL of the bench database for n creators, creating
// the database through the admin URL if missing.
func benchDBURL(ctx context.Context, admin, key string) (string, error) {
	u, err := url.Parse(admin)
	if err != nil {
		return "", fmt.Errorf("database url: %w", err)
	}
	name := "creatormatch_bench_" + key
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
			return "", err
		}
	}
	u.Path = "/" + name
	return u.String(), nil
}

// indexNameOf is the product's name for the default model's index of kind k.
func indexNameOf(k postgres.VectorIndex) string {
	return postgres.IndexNameOf(k, postgres.DefaultModel, postgres.DefaultDimension)
}

// allIndexKinds are the vector index kinds the bench can build; a bulk
// load drops them all first (an HNSW index updated row by row would make
// the load many times slower).
var allIndexKinds = []postgres.VectorIndex{postgres.IndexVector, postgres.IndexHalfvec, postgres.IndexBit}

func indexExists(ctx context.Context, pool *pgxpool.Pool, k postgres.VectorIndex) (bool, error) {
	var ok bool
	err := pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = $1)", indexNameOf(k)).Scan(&ok)
	return ok, err
}

// buildIndex builds the default model's index of kind k with the
// product's own statement (postgres.IndexDDLOf: the one migrations and
// EnsureIndex create), so the bench measures the index users get.
func buildIndex(ctx context.Context, pool *pgxpool.Pool, k postgres.VectorIndex) (time.Duration, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Release()
	for _, s := range []string{"SET maintenance_work_mem = '8GB'", "SET max_parallel_maintenance_workers = 2"} {
		if _, err := conn.Exec(ctx, s); err != nil {
			return 0, err
		}
	}
	t := time.Now()
	if _, err := conn.Exec(ctx, postgres.IndexDDLOf(k, postgres.DefaultModel, postgres.DefaultDimension, false)); err != nil {
		return 0, fmt.Errorf("create %s index: %w", k, err)
	}
	d := time.Since(t)
	_, err = conn.Exec(ctx, "RESET ALL")
	return d, err
}

func openPostgres(ctx context.Context, cfg Config, rep *Report, tpl *Templates, n int) (*openedStore, error) {
	if cfg.DatabaseURL == "" {
		return nil, fmt.Errorf("postgres needs --database-url (an admin URL; the bench creates its own database)")
	}
	if tpl.Model != postgres.DefaultModel || tpl.Dim != postgres.DefaultDimension {
		return nil, fmt.Errorf("postgres bench needs the default model %s/%d, got %s/%d", postgres.DefaultModel, postgres.DefaultDimension, tpl.Model, tpl.Dim)
	}
	dbURL, err := benchDBURL(ctx, cfg.DatabaseURL, catalogueKey(n, cfg.Templates, cfg.Seed))
	if err != nil {
		return nil, err
	}
	kinds := cfg.indexKinds()
	openKind := func(k postgres.VectorIndex) (*postgres.Store, error) {
		return postgres.Open(ctx, dbURL, postgres.WithMaxConns(int32(cfg.PGMaxConns)), postgres.WithVectorIndex(k))
	}
	open := func() (*postgres.Store, error) { return openKind(kinds[0]) }
	st, err := open()
	if err != nil {
		return nil, err
	}
	count, err := st.CountCreators(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	lr := LoadRecord{Kind: "bulk_load", Store: "postgres", Creators: n, Reused: count == n}
	rebuild := false
	if count != n {
		cfg.Log.Info("loading postgres (HNSW indexes dropped during the load)", "n", n, "had", count)
		for _, k := range allIndexKinds {
			if _, err := st.Pool().Exec(ctx, "DROP INDEX IF EXISTS "+indexNameOf(k)); err != nil {
				st.Close()
				return nil, err
			}
		}
		// A database holding exactly the first count creators of this
		// catalogue (a smaller one copied with CREATE DATABASE ... TEMPLATE,
		// or a load that stopped) is extended, not reloaded.
		from, err := loadedPrefix(ctx, st, count, n)
		if err != nil {
			st.Close()
			return nil, err
		}
		lr.ExtendedFrom = from
		up, gen, err := load(ctx, st, tpl, cfg.Seed, from, n)
		if err != nil {
			st.Close()
			return nil, err
		}
		lr.Seconds, lr.GenerateSeconds = round3(up.Seconds()), round3(gen.Seconds())
		lr.CreatorsPS = round3(float64(n-from) / up.Seconds())
		rebuild = true
	}
	var missing []postgres.VectorIndex
	for _, k := range kinds {
		if ok, err := indexExists(ctx, st.Pool(), k); err != nil {
			st.Close()
			return nil, err
		} else if !ok || rebuild {
			missing = append(missing, k)
		}
	}
	for _, k := range missing {
		cfg.Log.Info("building HNSW index", "n", n, "kind", k)
		d, err := buildIndex(ctx, st.Pool(), k)
		if err != nil {
			st.Close()
			return nil, err
		}
		if k == kinds[0] {
			lr.IndexBuildS = round3(d.Seconds())
		}
		rep.IndexBuilds = append(rep.IndexBuilds, IndexBuildRecord{Kind: "index_build", Store: "postgres", Creators: n,
			VectorIndex: string(k), Seconds: round3(d.Seconds())})
	}
	if rebuild || len(missing) > 0 {
		// After a bulk load: statistics for the planner and the lexical
		// search's df estimates, and the visibility map that index-only
		// scans (migration 006) need.
		if _, err := st.Pool().Exec(ctx, "VACUUM (ANALYZE)"); err != nil {
			st.Close()
			return nil, err
		}
		// The store caches whether the index exists; reopen.
		st.Close()
		if st, err = open(); err != nil {
			return nil, err
		}
	}
	// A catalogue loaded before migration 009 gets its packs (the read
	// form GetCreators decodes); a fresh load wrote them already.
	packStart := time.Now()
	packed, err := st.PackCreators(ctx, nil)
	if err != nil {
		st.Close()
		return nil, err
	}
	if packed > 0 {
		lr.PackedCreators, lr.PackS = packed, round3(time.Since(packStart).Seconds())
		cfg.Log.Info("packed creators", "n", n, "packed", packed, "s", lr.PackS)
	}
	rep.Loads = append(rep.Loads, lr)
	var total, idx int64
	err = st.Pool().QueryRow(ctx, `SELECT
		(SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
		  WHERE c.relkind = 'r' AND ns.nspname = current_schema()),
		coalesce((SELECT pg_relation_size(to_regclass($1))), 0)::bigint`, indexNameOf(kinds[0])).Scan(&total, &idx)
	if err != nil {
		st.Close()
		return nil, err
	}
	// The server's memory settings decide the tails (docs/benchmarks.md:
	// shared_buffers on base pages can be reclaimed while idle); say which
	// ran, so a run can be compared with the one it claims to repeat.
	var sb, hp, hps string
	if err := st.Pool().QueryRow(ctx, "SELECT current_setting('shared_buffers'), current_setting('huge_pages'), current_setting('huge_pages_status')").Scan(&sb, &hp, &hps); err == nil {
		note := fmt.Sprintf("postgres server (n=%d): shared_buffers %s, huge_pages %s (in use: %s)", n, sb, hp, hps)
		if !slices.Contains(rep.Notes, note) {
			rep.Notes = append(rep.Notes, note)
		}
	}
	rep.Memory = append(rep.Memory, MemoryRecord{Kind: "memory", Store: "postgres", Creators: n,
		Method: "sum of pg_total_relation_size over the schema's tables (incl. indexes, TOAST)", BytesTotal: total,
		BytesPerCreator: round3(float64(total) / float64(n)), IndexBytes: idx})
	// Each kind's index size and the bytes per creator a catalogue with
	// only that vector index would take (every other index and table
	// counted once).
	var others int64
	for _, k := range allIndexKinds {
		var sz int64
		if err := st.Pool().QueryRow(ctx, `SELECT coalesce((SELECT pg_relation_size(to_regclass($1))), 0)::bigint`, indexNameOf(k)).Scan(&sz); err != nil {
			st.Close()
			return nil, err
		}
		others += sz
		for i := range rep.IndexBuilds {
			if r := &rep.IndexBuilds[i]; r.Creators == n && r.VectorIndex == string(k) {
				r.IndexBytes = sz
			}
		}
		if !slices.Contains(kinds, k) || sz == 0 {
			continue
		}
		found := false
		for i := range rep.IndexBuilds {
			if rep.IndexBuilds[i].Creators == n && rep.IndexBuilds[i].VectorIndex == string(k) {
				found = true
			}
		}
		if !found { // built by an earlier run
			rep.IndexBuilds = append(rep.IndexBuilds, IndexBuildRecord{Kind: "index_build", Store: "postgres", Creators: n,
				VectorIndex: string(k), Reused: true, IndexBytes: sz})
		}
	}
	for i := range rep.IndexBuilds {
		if r := &rep.IndexBuilds[i]; r.Creators == n {
			r.CatalogueBytesPerCreator = round3(float64(total-others+r.IndexBytes) / float64(n))
		}
	}
	reopen := func() (creatormatch.Store, error) { return open() }
	return &openedStore{store: st, pg: st, reopen: reopen, openKind: openKind}, nil
}

// warmDatabase runs every brief once under every filter through a second
// instance of the postgres store, and returns those first-sight latencies.
//
// Why: a brief's first match reads its candidates' rows (creators, their
// TOASTed features, accounts, audiences) and its text-search pages. On a
// server that has been running, the database's working set is in memory;
// in a bench run it may not be, because the embedded catalogues measured
// before (the 300k one alone takes 3.5 GB of heap and reads its files
// through the page cache) evict it. At 1M creators, GetCreators of 100
// candidates not read before took 65 ms at p50 and up to 530 ms with the
// pages on disk, against 10 ms with them in memory (and 0.5 ms cached in
// the process); after dropping the OS page cache, the first matches under
// the 1% filter took 57 ms at p50 and up to 0.9 s. Timed, those reads make
// a p99 measure the page cache's history, not the product.
//
// The second instance has its own creator cache, so the measured store
// still decodes each candidate the first time it meets it, as a live
// server does for a new brief; only the database's pages are warmed. The
// pass is reported (FirstSightRecord) so the cold figures stay visible.
func warmDatabase(ctx context.Context, cfg Config, reopen func() (creatormatch.Store, error), n int) ([]FirstSightRecord, error) {
	st, err := reopen()
	if err != nil {
		return nil, err
	}
	defer st.Close()
	m := matcher.New(st, cfg.Embedder, nil, matcher.Config{}, quietLog())
	var out []FirstSightRecord
	for _, bf := range Filters() {
		var walls []float64
		for _, b := range Briefs {
			t := time.Now()
			if _, err := m.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: b}, Filters: bf.Filter, Limit: 20}); err != nil {
				return nil, err
			}
			walls = append(walls, msSince(t))
		}
		rec := FirstSightRecord{Kind: "first_sight", Store: "postgres", Creators: n, Filter: bf.Name, Requests: len(walls),
			P50: round3(Percentile(walls, 0.5)), Max: round3(slices.Max(walls))}
		cfg.Log.Info("first sight", "n", n, "filter", bf.Name, "p50", rec.P50, "max", rec.Max)
		out = append(out, rec)
	}
	return out, nil
}

// recall averages, over the briefs, |approx ∩ exact| / |exact| at k = 10
// and 100 under filter f. approx is the retrieval the matcher performs: the
// store's approximate SearchDense asked for max(k, CandidatePool) creators,
// cut to its best k; exact is the store's exact scan's best k. (Asking the
// index for only 10 would measure a search the product never runs: the
// store sizes ef_search by the limit.)
func recall(ctx context.Context, st creatormatch.Store, model string, qvecs [][]float32, f creatormatch.Filter) (float64, float64, error) {
	var out [2]float64
	for ki, k := range []int{10, 100} {
		var sum float64
		var cnt int
		for _, q := range qvecs {
			approx, err := st.SearchDense(ctx, creatormatch.DenseQuery{Model: model, Vector: q, Filter: f, Limit: max(k, CandidatePool)})
			if err != nil {
				return 0, 0, err
			}
			approx = approx[:min(k, len(approx))]
			exact, err := st.SearchDense(ctx, creatormatch.DenseQuery{Model: model, Vector: q, Filter: f, Limit: k, Exact: true})
			if err != nil {
				return 0, 0, err
			}
			if len(exact) == 0 {
				continue
			}
			want := map[string]bool{}
			for _, h := range exact {
				want[h.CreatorID] = true
			}
			hit := 0
			for _, h := range approx {
				if want[h.CreatorID] {
					hit++
				}
			}
			sum += float64(hit) / float64(len(exact))
			cnt++
		}
		if cnt > 0 {
			out[ki] = sum / float64(cnt)
		}
	}
	return out[0], out[1], nil
}

// CandidatePool is the matcher's dense retrieval depth (matcher.Config
// default), the k of the baselines.
const CandidatePool = matcher.DefaultCandidatePool

// timeStoreSearch is the p50 of the store's SearchDense at k = CandidatePool.
func timeStoreSearch(ctx context.Context, st creatormatch.Store, model string, qvecs [][]float32, f creatormatch.Filter) (float64, error) {
	var ms []float64
	for rep := 0; rep < 2; rep++ {
		for _, q := range qvecs {
			t := time.Now()
			if _, err := st.SearchDense(ctx, creatormatch.DenseQuery{Model: model, Vector: q, Filter: f, Limit: CandidatePool}); err != nil {
				return 0, err
			}
			ms = append(ms, msSince(t))
		}
	}
	return Percentile(ms, 0.5), nil
}

// bareStatement times the bare pgvector statement the matcher's dense
// retrieval issues (postgres.Store.DenseStatement, k = CandidatePool) on
// one connection of its own, with the store's settings applied to the
// session once: the database's share of a match, without the layers above.
type bareStatement struct {
	st      *postgres.Store
	conn    *pgxpool.Conn
	model   string
	filter  creatormatch.Filter
	applied bool
}

func newBareStatement(ctx context.Context, st *postgres.Store, model string, f creatormatch.Filter) (*bareStatement, error) {
	conn, err := st.Pool().Acquire(ctx)
	if err != nil {
		return nil, err
	}
	return &bareStatement{st: st, conn: conn, model: model, filter: f}, nil
}

// time runs the statement for query vector q and returns its wall time in ms.
func (b *bareStatement) time(ctx context.Context, q []float32) (float64, error) {
	settings, sql, args, err := b.st.DenseStatement(ctx, creatormatch.DenseQuery{Model: b.model, Vector: q, Filter: b.filter, Limit: CandidatePool})
	if err != nil {
		return 0, err
	}
	if !b.applied {
		for _, kv := range settings {
			if _, err := b.conn.Exec(ctx, "SELECT set_config($1, $2, false)", kv[0], kv[1]); err != nil {
				return 0, err
			}
		}
		b.applied = true
	}
	t := time.Now()
	rows, err := b.conn.Query(ctx, sql, args...)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return msSince(t), nil
}

func (b *bareStatement) close() {
	_, _ = b.conn.Exec(context.Background(), "RESET ALL")
	b.conn.Release()
}

// bareQueryPG is the p50 of the bare statement over the briefs, twice.
func bareQueryPG(ctx context.Context, st *postgres.Store, model string, qvecs [][]float32, f creatormatch.Filter) (float64, error) {
	b, err := newBareStatement(ctx, st, model, f)
	if err != nil {
		return 0, err
	}
	defer b.close()
	var ms []float64
	for rep := 0; rep < 2; rep++ {
		for _, q := range qvecs {
			t, err := b.time(ctx, q)
			if err != nil {
				return 0, err
			}
			ms = append(ms, t)
		}
	}
	return Percentile(ms, 0.5), nil
}

// explainDense returns EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) of the dense
// statement the matcher issues for q under filter f, with the store's
// settings.
func explainDense(ctx context.Context, st *postgres.Store, model string, q []float32, f creatormatch.Filter) (string, error) {
	conn, err := st.Pool().Acquire(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Release()
	defer conn.Exec(context.Background(), "RESET ALL")
	settings, sql, args, err := st.DenseStatement(ctx, creatormatch.DenseQuery{Model: model, Vector: q, Filter: f, Limit: CandidatePool})
	if err != nil {
		return "", err
	}
	for _, kv := range settings {
		if _, err := conn.Exec(ctx, "SELECT set_config($1, $2, false)", kv[0], kv[1]); err != nil {
			return "", err
		}
	}
	rows, err := conn.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "+sql, args...)
	if err != nil {
		return "", err
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	return strings.Join(lines, "\n"), nil
}

// memSlab is a copy of the memory store's vectors in one slab, for the bare
// exact-scan baseline.
type memSlab struct {
	n, dim int
	data   []float32
}

func newMemSlab(ctx context.Context, st creatormatch.Store, model string, n int, seed int64) (*memSlab, error) {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = SyntheticID(i)
	}
	vecs, err := st.ProfileVectors(ctx, model, ids)
	if err != nil {
		return nil, err
	}
	s := &memSlab{n: n}
	for _, id := range ids {
		v, ok := vecs[id]
		if !ok {
			return nil, fmt.Errorf("creator %s has no profile vector", id)
		}
		if s.data == nil {
			s.dim = len(v)
			s.data = make([]float32, 0, n*len(v))
		}
		s.data = append(s.data, v...)
	}
	return s, nil
}

// loadedPrefix returns count if the store holds exactly the creators
// [0, count) of a synthetic catalogue (their IDs are SyntheticID(i), in
// order), so a load can go on from there; else 0.
func loadedPrefix(ctx context.Context, st *postgres.Store, count, n int) (int, error) {
	if count <= 0 || count >= n {
		return 0, nil
	}
	var lo, hi string
	if err := st.Pool().QueryRow(ctx, "SELECT min(id), max(id) FROM creators").Scan(&lo, &hi); err != nil {
		return 0, err
	}
	if lo == SyntheticID(0) && hi == SyntheticID(count-1) {
		return count, nil
	}
	return 0, nil
}
