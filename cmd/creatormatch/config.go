package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/embeddings"
	"github.com/creatormatch/creatormatch/matcher"
	"github.com/creatormatch/creatormatch/metrics"
	"github.com/creatormatch/creatormatch/store"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// config is everything the wiring needs, from the environment with flags
// taking precedence. It is read once here and passed down as values.
type config struct {
	DatabaseURL string
	DataDir     string
	// EmbeddingCache bounds the store's embedding cache, in entries;
	// 0 or less turns it off.
	EmbeddingCache int
	// VectorIndex is the Postgres HNSW index kind (store.Config).
	VectorIndex string
	Embedder    embeddings.Config
	Brief       briefConfig
	LogLevel    string
	LogFormat   string
	// replicaURLs and ReplicaMaxLag: Postgres read replicas (serve only,
	// see registerReplicas); replicaURLs is nil for other commands.
	replicaURLs   *urlList
	ReplicaMaxLag time.Duration
}

// registerReplicas defines serve's read-replica flags on fs.
func registerReplicas(fs *flag.FlagSet, getenv func(string) string, c *config) {
	urls := &urlList{urls: splitList(getenv("CREATORMATCH_DATABASE_REPLICA_URLS"))}
	fs.Var(urls, "database-replica-url", "Postgres read replica (a hot standby of --database-url) serving match, browse and other reads; repeat for several [$CREATORMATCH_DATABASE_REPLICA_URLS, comma-separated]")
	maxLag := postgres.DefaultReplicaMaxLag
	if d, err := time.ParseDuration(getenv("CREATORMATCH_DATABASE_REPLICA_MAX_LAG")); err == nil {
		maxLag = d
	}
	fs.DurationVar(&c.ReplicaMaxLag, "database-replica-max-lag", maxLag, "a read replica further behind the primary than this serves no reads [$CREATORMATCH_DATABASE_REPLICA_MAX_LAG]")
	c.replicaURLs = urls
}

// urlList is a repeatable flag: the first -flag given replaces the
// environment's list, later ones add to it. Its String is empty so that
// usage never prints a URL's password as the default.
type urlList struct {
	urls []string
	set  bool
}

func (l *urlList) String() string { return "" }

func (l *urlList) Set(v string) error {
	if !l.set {
		l.urls, l.set = nil, true
	}
	if v == "" {
		return fmt.Errorf("empty URL")
	}
	l.urls = append(l.urls, v)
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// registerConfig defines the shared flags on fs, defaulting from env.
func registerConfig(fs *flag.FlagSet, getenv func(string) string) *config {
	c := &config{}
	fs.StringVar(&c.DatabaseURL, "database-url", getenv("DATABASE_URL"), "Postgres URL (postgres://...); empty selects the embedded store [$DATABASE_URL]")
	fs.StringVar(&c.DataDir, "data-dir", or(getenv("CREATORMATCH_DATA_DIR"), defaultDataDir(getenv)), "directory of the embedded store [$CREATORMATCH_DATA_DIR]")
	cacheEntries := creatormatch.DefaultEmbeddingCacheEntries
	if v, err := strconv.Atoi(getenv("CREATORMATCH_EMBEDDING_CACHE_ENTRIES")); err == nil {
		cacheEntries = v
	}
	fs.IntVar(&c.EmbeddingCache, "embedding-cache-entries", cacheEntries, "embeddings the store caches before evicting the least recently used, about 2.3 kB each at 512 dimensions; 0 turns the cache off [$CREATORMATCH_EMBEDDING_CACHE_ENTRIES]")
	fs.StringVar(&c.VectorIndex, "vector-index", or(getenv("CREATORMATCH_VECTOR_INDEX"), "vector"), "Postgres: the HNSW index dense search walks: vector (full precision), halfvec (half the index) or bit (binary-quantized, re-ranked by the full vectors; see docs/scaling.md); a missing one is built at start [$CREATORMATCH_VECTOR_INDEX]")
	fs.StringVar(&c.Embedder.Provider, "embedder", or(getenv("CREATORMATCH_EMBEDDER"), "use-lite"), "embedding provider: use-lite, openai or ollama [$CREATORMATCH_EMBEDDER]")
	fs.StringVar(&c.Embedder.Model, "embedder-model", getenv("CREATORMATCH_EMBEDDER_MODEL"), "remote embedding model, e.g. text-embedding-3-small or nomic-embed-text [$CREATORMATCH_EMBEDDER_MODEL]")
	fs.StringVar(&c.Embedder.BaseURL, "embedder-url", getenv("CREATORMATCH_EMBEDDER_URL"), "base URL of the remote embedding API [$CREATORMATCH_EMBEDDER_URL]")
	fs.StringVar(&c.Embedder.ModelDir, "model-dir", or(getenv("CREATORMATCH_MODEL_DIR"), defaultModelDir(getenv)), "directory of the use-lite weights (scripts/fetch-model fills it) [$CREATORMATCH_MODEL_DIR]")
	dims, _ := strconv.Atoi(getenv("CREATORMATCH_EMBEDDER_DIMENSIONS"))
	fs.IntVar(&c.Embedder.Dimensions, "embedder-dimensions", dims, "dimensions requested from a remote embedder (0: the model's default) [$CREATORMATCH_EMBEDDER_DIMENSIONS]")
	// The API key is read from the environment only, so it never shows up
	// in a process listing.
	c.Embedder.APIKey = or(getenv("CREATORMATCH_EMBEDDER_API_KEY"), getenv("OPENAI_API_KEY"))
	registerBrief(fs, getenv, &c.Brief)
	fs.StringVar(&c.LogLevel, "log-level", or(getenv("CREATORMATCH_LOG_LEVEL"), "info"), "debug, info, warn or error [$CREATORMATCH_LOG_LEVEL]")
	fs.StringVar(&c.LogFormat, "log-format", or(getenv("CREATORMATCH_LOG_FORMAT"), "json"), "json or text [$CREATORMATCH_LOG_FORMAT]")
	return c
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func homeDir() string {
	h, err := os.UserHomeDir()
	if err != nil {
		return os.TempDir()
	}
	return h
}

// defaultDataDir is $XDG_DATA_HOME/creatormatch or ~/.local/share/creatormatch.
// requireStore refuses to open an embedded store that does not exist yet
// for commands that only read it: opening would create an empty store and
// answer "no creators" where the user meant another directory (scripts/demo
// keeps its store in ./.data/demo). It says where it looked.
func (c *config) requireStore() error {
	if c.DatabaseURL != "" {
		return nil
	}
	if _, err := os.Stat(c.DataDir); err == nil {
		return nil
	}
	hint := ""
	if _, err := os.Stat(filepath.Join(".data", "demo")); err == nil {
		hint = "; scripts/demo's store is in .data/demo: pass --data-dir .data/demo"
	}
	return usageError{fmt.Sprintf("no embedded store at %s (set --data-dir or $CREATORMATCH_DATA_DIR, or $DATABASE_URL for Postgres; ingest creators with `creatormatch ingest`)%s", c.DataDir, hint)}
}

func defaultDataDir(getenv func(string) string) string {
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "creatormatch")
	}
	return filepath.Join(homeDir(), ".local", "share", "creatormatch")
}

// defaultModelDir is where scripts/fetch-model puts the use-lite weights
// (embeddings.ModelDirFrom).
func defaultModelDir(getenv func(string) string) string { return embeddings.ModelDirFrom(getenv) }

func (c *config) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, usageError{fmt.Sprintf("bad -log-level %q", c.LogLevel)}
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(c.LogFormat) {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, usageError{fmt.Sprintf("bad -log-format %q: json or text", c.LogFormat)}
}

func (c *config) storeConfig(migrate bool) store.Config {
	cache := c.EmbeddingCache
	if cache <= 0 {
		cache = -1 // store.Config: negative is off, 0 the default
	}
	sc := store.Config{DatabaseURL: c.DatabaseURL, DataDir: c.DataDir, Migrate: migrate, EmbeddingCache: cache,
		VectorIndex: c.VectorIndex, ReplicaMaxLag: c.ReplicaMaxLag}
	if c.replicaURLs != nil {
		sc.ReplicaURLs = c.replicaURLs.urls
	}
	return sc
}

// app is the wired product: store, embedder, and the catalog and matcher
// over them, all measured by metrics.
type app struct {
	store    creatormatch.Store
	embedder embeddings.Embedder
	catalog  *catalog.Service
	matcher  *matcher.Matcher
	metrics  *metrics.Metrics
	log      *slog.Logger
	closer   func() error
}

func (c *config) open(ctx context.Context, log *slog.Logger) (*app, error) {
	// The brief parser is built first: a bad --brief-parser or --llm-*
	// combination fails before the store and the model are opened.
	parser, err := c.Brief.parser(log)
	if err != nil {
		return nil, err
	}
	emb, err := embeddings.New(ctx, c.Embedder)
	if err != nil {
		return nil, err
	}
	scfg := c.storeConfig(true)
	scfg.Logger = log
	raw, err := store.Open(ctx, scfg)
	if err != nil {
		return nil, fmt.Errorf("open %s store: %w", store.Describe(c.storeConfig(true)), err)
	}
	met := metrics.New()
	if pg, ok := raw.(*postgres.Store); ok {
		met.RegisterPool(func() metrics.PoolStats { return pg.Pool().Stat() })
		if len(scfg.ReplicaURLs) > 0 {
			met.RegisterReplicas(func() []metrics.ReplicaStat {
				var out []metrics.ReplicaStat
				for _, r := range pg.ReplicaStatuses() {
					out = append(out, metrics.ReplicaStat{Index: r.Index, Up: r.Up, Lag: r.Lag, LagBytes: r.LagBytes})
				}
				return out
			})
		}
	}
	if r, ok := raw.(creatormatch.EmbeddingCacheReporter); ok {
		met.RegisterEmbeddingCache(r)
	}
	st := met.WrapStore(raw)
	memb := met.WrapEmbedder(emb)
	svc := catalog.New(st, memb, catalog.WithLogger(log))
	m := matcher.New(st, memb, parser, matcher.Config{}, log)
	return &app{store: st, embedder: emb, catalog: svc, matcher: m, metrics: met, log: log, closer: raw.Close}, nil
}

func (a *app) Close() error { return a.closer() }

// parse parses args with fs, printing usage to stderr.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	return fs.Parse(args)
}
