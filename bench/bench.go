// Package bench measures creatormatch at catalogue scale: match latency
// (in process and over loopback HTTP), recall of the approximate dense
// retrieval against an exact scan, bulk load and real-embedding ingest
// rates, memory per creator, and a mixed-traffic HTTP load test. It backs
// `creatormatch bench`.
//
// The synthetic catalogues have precomputed vectors: a few hundred demo
// creators are embedded once with the real embedder and each synthetic
// creator's profile vector is normalise(template vector + Gaussian noise).
// Embedding a 100k-creator catalogue with the real model would take hours.
package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/embeddings"
	"github.com/creatormatch/creatormatch/matcher"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// Embedder is the real embedder the bench uses for templates, briefs and
// ingest.
type Embedder = embeddings.Embedder

// Config configures a bench run.
type Config struct {
	Sizes []int
	// StoreSizes overrides Sizes for one store (e.g. the embedded store,
	// which holds everything in RAM, at smaller sizes than postgres).
	StoreSizes  map[string][]int
	Stores      []string // "memory", "postgres"
	OutDir      string
	DatabaseURL string // admin URL; the bench creates creatormatch_bench_<catalogueKey>
	DataDir     string // memory stores and templates live under it
	Queries     int    // max requests per (filter, mode, concurrency) run
	Duration    time.Duration
	Concurrency []int
	Seed        int64
	Templates   int // demo creators embedded for real (the vector bases)
	// IngestCreators is the size of the with-embedding ingest figure.
	IngestCreators int
	CPUProfile     string
	Embedder       Embedder
	Log            *slog.Logger // progress lines
	// SkipHTTP skips the HTTP mode (tests).
	SkipHTTP bool
	// PGMaxConns is the postgres store's connection pool size (default 16).
	PGMaxConns int
	// VectorIndexes are the HNSW index kinds the postgres catalogue gets
	// and is measured with, side by side, each through the whole match
	// path (default: IndexVector only). The first is the one the bulk
	// load's timing and the targets refer to.
	VectorIndexes []postgres.VectorIndex
}

func (c *Config) indexKinds() []postgres.VectorIndex {
	if len(c.VectorIndexes) == 0 {
		return []postgres.VectorIndex{postgres.IndexVector}
	}
	return c.VectorIndexes
}

// sizesOf is the catalogue sizes measured for store kind: StoreSizes[kind]
// if set, else Sizes.
func (c *Config) sizesOf(kind string) []int {
	if s, ok := c.StoreSizes[kind]; ok {
		return s
	}
	return c.Sizes
}

func (c *Config) defaults() {
	if len(c.Sizes) == 0 {
		c.Sizes = []int{10000}
	}
	if len(c.Stores) == 0 {
		c.Stores = []string{"memory"}
	}
	if c.Queries <= 0 {
		c.Queries = 60
	}
	if c.Duration <= 0 {
		c.Duration = 5 * time.Second
	}
	if len(c.Concurrency) == 0 {
		c.Concurrency = []int{1, 8}
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Templates <= 0 {
		c.Templates = 1000
	}
	if c.PGMaxConns <= 0 {
		c.PGMaxConns = 16
	}
	if c.IngestCreators <= 0 {
		c.IngestCreators = 300
	}
	if c.Log == nil {
		c.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
}

// MatchRecord is one measured configuration of the match path.
type MatchRecord struct {
	Kind              string  `json:"kind"` // "match"
	Store             string  `json:"store"`
	Creators          int     `json:"creators"`
	Filter            string  `json:"filter"`
	FilterSelectivity float64 `json:"filter_selectivity"`
	Concurrency       int     `json:"concurrency"`
	Mode              string  `json:"mode"` // in_process or http
	Requests          int     `json:"requests"`
	Errors            int     `json:"errors"`
	P50               float64 `json:"p50_ms"`
	P95               float64 `json:"p95_ms"`
	P99               float64 `json:"p99_ms"`
	QPS               float64 `json:"qps"`
	RecallAt10        float64 `json:"recall_at_10"`
	RecallAt100       float64 `json:"recall_at_100"`
	ExclEmbedP50      float64 `json:"excl_embed_p50_ms"`
	ExclEmbedP99      float64 `json:"excl_embed_p99_ms"`
	EmbedP50          float64 `json:"embed_p50_ms"`
	// BareQueryP50 is the bare baseline at concurrency 1: the plain
	// pgvector statement (postgres) or a tight exact scan (memory).
	BareQueryP50 float64 `json:"bare_query_p50_ms"`
	// BareInterleavedP50 (postgres, in process, concurrency 1) is the same
	// bare statement timed beside each match of the cell (after even ones,
	// before odd ones), for that match's brief: sampled under the same
	// conditions as the matches, so
	// that the ratio of the two does not depend on how this shared machine
	// drifts between the baseline and the cell. The target uses it.
	BareInterleavedP50 float64 `json:"bare_interleaved_p50_ms,omitempty"`
	// BareFullScanP50 (memory only) is the same tight exact scan over all
	// the catalogue's vectors, no filter: the memory-bandwidth floor the
	// issue's embedded-store target is stated against ("an exact scan of
	// 100k vectors"), whatever filter the match applies.
	BareFullScanP50 float64 `json:"bare_full_scan_p50_ms,omitempty"`
	// StoreSearchP50 is the store's own SearchDense (k = candidate pool).
	StoreSearchP50 float64 `json:"store_search_p50_ms"`
	// StageP50 is the p50 of each matcher stage (Response.Timings).
	StageP50 map[string]float64 `json:"stage_p50_ms,omitempty"`
	// VectorIndex is the HNSW index kind searched (postgres; see
	// Config.VectorIndexes).
	VectorIndex string `json:"vector_index,omitempty"`
}

// IndexBuildRecord is one vector index of a postgres catalogue: its kind,
// build time (0 when reused from an earlier run), its size, and the bytes
// per creator of the catalogue with that vector index alone.
type IndexBuildRecord struct {
	Kind                     string  `json:"kind"` // "index_build"
	Store                    string  `json:"store"`
	Creators                 int     `json:"creators"`
	VectorIndex              string  `json:"vector_index"`
	Reused                   bool    `json:"reused,omitempty"`
	Seconds                  float64 `json:"seconds"`
	IndexBytes               int64   `json:"index_bytes"`
	CatalogueBytesPerCreator float64 `json:"catalogue_bytes_per_creator"`
}

// FirstSightRecord is the first pass over the briefs under one filter
// (see warmDatabase): each brief's first match, with the database's pages
// possibly on disk and every cache of a second store instance empty.
type FirstSightRecord struct {
	Kind     string  `json:"kind"` // "first_sight"
	Store    string  `json:"store"`
	Creators int     `json:"creators"`
	Filter   string  `json:"filter"`
	Requests int     `json:"requests"`
	P50      float64 `json:"p50_ms"`
	Max      float64 `json:"max_ms"`
}

// LoadRecord is a bulk load of precomputed records (no embedding).
type LoadRecord struct {
	Kind            string  `json:"kind"` // "bulk_load"
	Store           string  `json:"store"`
	Creators        int     `json:"creators"`
	Reused          bool    `json:"reused"` // already loaded by an earlier run: nothing timed
	Seconds         float64 `json:"seconds"`
	CreatorsPS      float64 `json:"creators_per_s"`
	IndexBuildS     float64 `json:"index_build_s,omitempty"`
	GenerateSeconds float64 `json:"generate_s"`
	// PackedCreators and PackS: creators of a reused catalogue given their
	// packs (postgres.Store.PackCreators, migration 009) and how long it took.
	PackedCreators int `json:"packed_creators,omitempty"`
	// ExtendedFrom is how many creators the database already held when
	// the load extended it (0: loaded from scratch).
	ExtendedFrom int     `json:"extended_from,omitempty"`
	PackS        float64 `json:"pack_s,omitempty"`
}

// MemoryRecord is the storage footprint per creator.
type MemoryRecord struct {
	Kind            string  `json:"kind"` // "memory"
	Store           string  `json:"store"`
	Creators        int     `json:"creators"`
	Method          string  `json:"method"`
	BytesTotal      int64   `json:"bytes_total"`
	BytesPerCreator float64 `json:"bytes_per_creator"`
	IndexBytes      int64   `json:"index_bytes,omitempty"`
}

// IngestRecord is ingest with real embeddings.
type IngestRecord struct {
	Kind          string  `json:"kind"` // "ingest"
	Store         string  `json:"store"`
	Creators      int     `json:"creators"`
	Texts         int     `json:"texts"`
	Pieces        int     `json:"pieces,omitempty"`
	PiecesPerPost float64 `json:"pieces_per_post,omitempty"`
	Seconds       float64 `json:"seconds"`
	CreatorsPS    float64 `json:"creators_per_s"`
	TextsPS       float64 `json:"texts_per_s"`
	// GFLOPS is the embedder's useful GFLOP/s during ingest, PeakFraction
	// its share of the two cores' nominal peak (see PeakGFLOPS).
	GFLOPS       float64 `json:"gflops,omitempty"`
	PeakGFLOPS   float64 `json:"peak_gflops,omitempty"`
	PeakFraction float64 `json:"peak_fraction,omitempty"`
}

func ingestRecord(ing *IngestResult) *IngestRecord {
	r := &IngestRecord{Kind: "ingest", Store: "memory", Creators: ing.Creators, Texts: ing.Texts,
		Pieces: ing.Pieces, PiecesPerPost: round3(ing.PiecesPerPost), Seconds: round3(ing.Seconds),
		CreatorsPS: round3(ing.CreatorsPS), TextsPS: round3(ing.TextsPS)}
	if ing.GFLOPS > 0 {
		peak := PeakGFLOPS()
		r.GFLOPS, r.PeakGFLOPS = round3(ing.GFLOPS), round3(peak)
		if peak > 0 {
			r.PeakFraction = round3(ing.GFLOPS / peak)
		}
	}
	return r
}

// Report is everything a run measured.
type Report struct {
	Started time.Time      `json:"started"`
	Config  map[string]any `json:"config"`
	Ingest  *IngestRecord
	Loads   []LoadRecord
	// IndexBuilds are the postgres catalogues' vector indexes by kind.
	IndexBuilds []IndexBuildRecord
	Memory      []MemoryRecord
	Matches     []MatchRecord
	// FirstSight is the database warm-up pass of each postgres size.
	FirstSight []FirstSightRecord
	Load       *LoadTestResult
	// Profiles are the CPU profiles written (by store), and ProfileTop
	// their pprof -top text where the caller rendered it.
	Profiles   map[string]string `json:"-"`
	ProfileTop map[string]string `json:"-"`
	// Explains are EXPLAIN (ANALYZE, BUFFERS) of the postgres dense
	// statement at the largest size, by filter: the server side of
	// "where the time goes", which a Go profile cannot see.
	Explains map[string]string `json:"-"`
	LoadAvg  string
	Machine  string
	Notes    []string
	Duration time.Duration
}

// Records returns the flat JSON array written to bench.json.
func (r *Report) Records() []any {
	var out []any
	if r.Ingest != nil {
		out = append(out, *r.Ingest)
	}
	for _, x := range r.Loads {
		out = append(out, x)
	}
	for _, x := range r.IndexBuilds {
		out = append(out, x)
	}
	for _, x := range r.Memory {
		out = append(out, x)
	}
	for _, x := range r.Matches {
		out = append(out, x)
	}
	for _, x := range r.FirstSight {
		out = append(out, x)
	}
	if r.Load != nil {
		for _, op := range r.Load.Ops {
			out = append(out, op)
		}
	}
	for _, t := range r.Targets() {
		out = append(out, t)
	}
	return out
}

// ProfilePath is where the CPU profile of store's match path goes, given
// the --cpuprofile path: the store's name before the extension
// (cpu.prof → cpu-postgres.prof).
func ProfilePath(base, store string) string {
	ext := filepath.Ext(base)
	return strings.TrimSuffix(base, ext) + "-" + store + ext
}

// Run runs the catalogue-scale bench.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg.defaults()
	if cfg.Embedder == nil {
		return nil, fmt.Errorf("bench: an embedder is required")
	}
	rep := &Report{Started: time.Now(), LoadAvg: loadAvg(), Machine: machine()}
	rep.Config = map[string]any{"sizes": cfg.Sizes, "store_sizes": cfg.StoreSizes, "stores": cfg.Stores, "queries": cfg.Queries,
		"duration": cfg.Duration.String(), "concurrency": cfg.Concurrency, "seed": cfg.Seed, "templates": cfg.Templates,
		"noise_sigma": NoiseSigma, "pg_max_conns": cfg.PGMaxConns}
	log := cfg.Log

	tmpDir, err := os.MkdirTemp("", "creatormatch-bench-ingest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmpDir)
	log.Info("measuring ingest with real embeddings", "creators", cfg.IngestCreators, "post_pieces", PostPieces)
	ing, err := MeasureIngest(ctx, cfg.Embedder, filepath.Join(tmpDir, "ingest"), cfg.IngestCreators, cfg.Seed+7)
	if err != nil {
		return nil, err
	}
	rep.Ingest = ingestRecord(ing)
	log.Info("ingest with embedding", "creators_per_s", ing.CreatorsPS, "texts_per_s", ing.TextsPS,
		"pieces_per_post", ing.PiecesPerPost, "gflops", ing.GFLOPS)
	log.Info("embedding template creators", "creators", cfg.Templates)
	tpl, err := BuildTemplates(ctx, cfg.Embedder, filepath.Join(tmpDir, "templates"), cfg.Templates, cfg.Seed)
	if err != nil {
		return nil, err
	}

	qvecs := make([][]float32, len(Briefs))
	for i, b := range Briefs {
		if qvecs[i], err = cfg.Embedder.EmbedQuery(ctx, b); err != nil {
			return nil, err
		}
	}

	var sizes []int
	largest := map[string]int{}
	for _, kind := range cfg.Stores {
		for _, n := range cfg.sizesOf(kind) {
			if !contains(sizes, n) {
				sizes = append(sizes, n)
			}
			largest[kind] = max(largest[kind], n)
		}
	}
	sort.Ints(sizes)
	for _, n := range sizes {
		for _, kind := range cfg.Stores {
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			if !contains(cfg.sizesOf(kind), n) {
				continue
			}
			if err := runOne(ctx, cfg, rep, tpl, qvecs, kind, n, n == largest[kind]); err != nil {
				return rep, fmt.Errorf("%s at %d: %w", kind, n, err)
			}
			// Return the finished store's heap to the OS now: left to the
			// background scavenger, releasing the 300k embedded catalogue
			// (3.5 GB with its slab copy) ran during the Postgres 1M
			// measurements that follow it (runtime.madvise was 4.5% of that
			// profile's CPU).
			debug.FreeOSMemory()
		}
	}
	rep.Duration = time.Since(rep.Started)
	return rep, nil
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// runOne measures one store at one size; largest marks the run's largest
// size, where the CPU profile (if asked for) and the EXPLAINs are taken.
func runOne(ctx context.Context, cfg Config, rep *Report, tpl *Templates, qvecs [][]float32, kind string, n int, largest bool) error {
	profile := largest && cfg.CPUProfile != ""
	ss, err := openLoaded(ctx, cfg, rep, tpl, kind, n)
	if err != nil {
		return err
	}
	defer ss.close()
	if kind != "postgres" {
		return measure(ctx, cfg, rep, tpl, qvecs, kind, n, profile, largest, ss, "")
	}
	// Each vector index kind through the whole match path, one after the
	// other on the same catalogue and server: side by side.
	for i, vi := range cfg.indexKinds() {
		one := ss
		if i > 0 {
			pg, err := ss.openKind(vi)
			if err != nil {
				return err
			}
			one = &openedStore{store: pg, pg: pg, reopen: func() (creatormatch.Store, error) { return ss.openKind(vi) }}
		}
		err := measure(ctx, cfg, rep, tpl, qvecs, kind, n, profile && i == 0, largest && i == 0, one, string(vi))
		if i > 0 {
			one.close()
		}
		if err != nil {
			return fmt.Errorf("vector index %s: %w", vi, err)
		}
	}
	return nil
}

// measure runs every filter's cells on one opened store (for postgres,
// searching the vector index kind vi) and appends their records.
func measure(ctx context.Context, cfg Config, rep *Report, tpl *Templates, qvecs [][]float32, kind string, n int, profile, largest bool, ss *openedStore, vi string) error {
	log := cfg.Log
	st := ss.store
	m := matcher.New(st, cfg.Embedder, nil, matcher.Config{}, quietLog())
	svc := catalog.New(st, cfg.Embedder, catalog.WithLogger(quietLog()))
	srv, err := api.New(api.Config{RateLimit: -1}, api.Deps{Catalog: svc, Matcher: m, Log: quietLog()})
	if err != nil {
		return err
	}
	var hs *httptest.Server
	if !cfg.SkipHTTP {
		hs = httptest.NewServer(srv) // 127.0.0.1 only
		defer hs.Close()
	}
	// Warm up: first queries pay for connection setup and page faults.
	for _, q := range Briefs[:4] {
		if _, err := m.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: q}, Limit: 20}); err != nil {
			return fmt.Errorf("warm-up match: %w", err)
		}
	}
	if kind == "postgres" {
		first, err := warmDatabase(ctx, cfg, ss.reopen, n)
		if err != nil {
			return fmt.Errorf("database warm-up: %w", err)
		}
		rep.FirstSight = append(rep.FirstSight, first...)
	}
	// The memory target's reference, the bare scan of all the vectors, is
	// sampled before each filter's runs and after the last, and its p50
	// taken over all samples: the machine's memory bandwidth drifts by
	// tens of percent over minutes here, so a reference timed once would
	// not be side by side with every run it is compared with.
	var (
		mem       *memSlab
		fullScans []float64
	)
	firstMatch := len(rep.Matches)
	if kind == "memory" {
		mem, err = newMemSlab(ctx, st, tpl.Model, n, cfg.Seed)
		if err != nil {
			return err
		}
	}
	for _, bf := range Filters() {
		if mem != nil {
			fullScans = append(fullScans, mem.bareScanTimes(qvecs, creatormatch.Filter{}, cfg.Seed, 1)...)
		}
		sel := selectivity(cfg.Seed, n, bf.Filter)
		base := MatchRecord{Kind: "match", Store: kind, Creators: n, Filter: bf.Name, FilterSelectivity: round3(sel), VectorIndex: vi}
		r10, r100, err := recall(ctx, st, tpl.Model, qvecs, bf.Filter)
		if err != nil {
			return fmt.Errorf("recall: %w", err)
		}
		base.RecallAt10, base.RecallAt100 = round3(r10), round3(r100)
		storeP50, err := timeStoreSearch(ctx, st, tpl.Model, qvecs, bf.Filter)
		if err != nil {
			return err
		}
		base.StoreSearchP50 = round3(storeP50)
		switch kind {
		case "postgres":
			base.BareQueryP50, err = bareQueryPG(ctx, ss.pg, tpl.Model, qvecs, bf.Filter)
		case "memory":
			base.BareQueryP50 = Percentile(mem.bareScanTimes(qvecs, bf.Filter, cfg.Seed, 3), 0.5)
		}
		if err != nil {
			return fmt.Errorf("bare query: %w", err)
		}
		base.BareQueryP50 = round3(base.BareQueryP50)
		if ss.reopen != nil {
			// The recall and baseline passes just above scan every vector;
			// on this machine memory not touched for a few seconds is slow
			// to touch again (a first dense search of a brief took 115-440
			// ms, the same search again 12-25 ms, with every page a
			// shared-buffer hit), so the cell's briefs are run once more,
			// untimed, through the second instance, right before the cell.
			if err := warmFilter(ctx, cfg, ss.reopen, bf.Filter); err != nil {
				return fmt.Errorf("warm-up: %w", err)
			}
		}
		modes := []string{"in_process"}
		if hs != nil {
			modes = append(modes, "http")
		}
		for _, mode := range modes {
			for _, conc := range cfg.Concurrency {
				rec := base
				rec.Mode, rec.Concurrency = mode, conc
				var res runResult
				switch {
				case mode == "in_process" && conc == 1 && kind == "postgres":
					bare, err := newBareStatement(ctx, ss.pg, tpl.Model, bf.Filter)
					if err != nil {
						return fmt.Errorf("bare query: %w", err)
					}
					var samples, after, before []float64
					res = runInProcessWith(ctx, m, bf.Filter, conc, cfg.Queries, cfg.Duration, func(i int) error {
						t, err := bare.time(ctx, qvecs[i%len(qvecs)])
						if err != nil {
							return err
						}
						samples = append(samples, t)
						if i%2 == 0 {
							after = append(after, t)
						} else {
							before = append(before, t)
						}
						return nil
					})
					bare.close()
					rec.BareInterleavedP50 = round3(Percentile(samples, 0.5))
					log.Info("bare statement beside the matches", "store", kind, "n", n, "filter", bf.Name,
						"p50_after_match", round3(Percentile(after, 0.5)), "p50_before_match", round3(Percentile(before, 0.5)),
						"baseline_p50", base.BareQueryP50)
				case mode == "in_process":
					res = runInProcess(ctx, m, bf.Filter, conc, cfg.Queries, cfg.Duration)
				default:
					res = runHTTP(ctx, hs.URL, bf.Filter, conc, cfg.Queries, cfg.Duration)
				}
				fill(&rec, res)
				rep.Matches = append(rep.Matches, rec)
				log.Info("match", "store", kind, "n", n, "filter", bf.Name, "mode", mode, "c", conc,
					"p50", rec.P50, "p99", rec.P99, "qps", rec.QPS, "excl_embed_p50", rec.ExclEmbedP50,
					"bare", rec.BareQueryP50, "bare_after_each", rec.BareInterleavedP50, "r10", rec.RecallAt10, "r100", rec.RecallAt100, "errors", rec.Errors)
			}
		}
	}
	if mem != nil {
		fullScans = append(fullScans, mem.bareScanTimes(qvecs, creatormatch.Filter{}, cfg.Seed, 1)...)
		full := round3(Percentile(fullScans, 0.5))
		for i := firstMatch; i < len(rep.Matches); i++ {
			rep.Matches[i].BareFullScanP50 = full
		}
	}
	if profile {
		// A separate pass so the profile holds the match path only (not
		// recall checks or baselines): in-process matches at concurrency 1
		// over every filter.
		path := ProfilePath(cfg.CPUProfile, kind)
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		for _, bf := range Filters() {
			runInProcess(ctx, m, bf.Filter, 1, cfg.Queries, cfg.Duration)
		}
		pprof.StopCPUProfile()
		if rep.Profiles == nil {
			rep.Profiles = map[string]string{}
		}
		rep.Profiles[kind] = path
		log.Info("cpu profile written", "file", path, "store", kind, "n", n)
	}
	if kind == "postgres" && largest {
		for _, bf := range Filters() {
			plan, err := explainDense(ctx, ss.pg, tpl.Model, qvecs[0], bf.Filter)
			if err != nil {
				return fmt.Errorf("explain: %w", err)
			}
			if rep.Explains == nil {
				rep.Explains = map[string]string{}
			}
			rep.Explains[bf.Name] = plan
		}
	}
	return nil
}

// warmFilter runs every brief once under f through a second store
// instance (its own creator cache, see warmDatabase), untimed.
func warmFilter(ctx context.Context, cfg Config, reopen func() (creatormatch.Store, error), f creatormatch.Filter) error {
	st, err := reopen()
	if err != nil {
		return err
	}
	defer st.Close()
	m := matcher.New(st, cfg.Embedder, nil, matcher.Config{}, quietLog())
	for _, b := range Briefs {
		if _, err := m.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: b}, Filters: f, Limit: 20}); err != nil {
			return err
		}
	}
	return nil
}
