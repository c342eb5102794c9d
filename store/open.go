// Package store chooses a creatormatch.Store backend by configuration: the
// Postgres backend when a database URL is given, else the embedded,
// file-backed memory backend.
package store

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/memory"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// Config selects and configures a backend.
type Config struct {
	// DatabaseURL, when set, selects Postgres (postgres:// or postgresql://).
	DatabaseURL string
	// DataDir is where the embedded store keeps its files.
	DataDir string
	// Migrate applies pending migrations when opening Postgres.
	Migrate bool
	// VectorIndex is the Postgres HNSW index kind dense search walks
	// ("vector", "halfvec" or "bit"; see postgres.VectorIndex; empty is
	// "vector"). Another kind's index for the default model is built when
	// the store opens if it is missing (CREATE INDEX CONCURRENTLY: minutes
	// at a million creators). The embedded store ignores it.
	VectorIndex string
	// EmbeddingCache bounds the embedding cache in entries (see
	// creatormatch.DefaultEmbeddingCacheEntries): 0 is that default, a
	// negative number turns the cache off.
	EmbeddingCache int
	// Logger receives the store's warnings (the Postgres store's healing,
	// see store/postgres.Store.Ready); nil means slog.Default().
	Logger *slog.Logger
	// ReplicaURLs are Postgres read replicas (hot standbys of
	// DatabaseURL) that serve the request path's reads, and ReplicaMaxLag
	// the lag beyond which one is skipped (0: the default); see
	// store/postgres.WithReplicas. The embedded store has none: it is
	// single-process by design.
	ReplicaURLs   []string
	ReplicaMaxLag time.Duration
}

// Open opens the configured backend.
func Open(ctx context.Context, cfg Config) (creatormatch.Store, error) {
	if cfg.DatabaseURL != "" {
		if !strings.HasPrefix(cfg.DatabaseURL, "postgres://") && !strings.HasPrefix(cfg.DatabaseURL, "postgresql://") {
			return nil, fmt.Errorf("database URL must start with postgres://: %w", creatormatch.ErrInvalid)
		}
		var opts []postgres.Option
		kind, err := postgres.ParseVectorIndex(cfg.VectorIndex)
		if err != nil {
			return nil, err
		}
		if kind != postgres.IndexVector {
			opts = append(opts, postgres.WithVectorIndex(kind), postgres.WithIndex(postgres.DefaultModel, postgres.DefaultDimension))
		}
		if !cfg.Migrate {
			opts = append(opts, postgres.WithoutMigrate())
		}
		if cfg.EmbeddingCache != 0 {
			opts = append(opts, postgres.WithEmbeddingCache(cfg.EmbeddingCache))
		}
		if cfg.Logger != nil {
			opts = append(opts, postgres.WithLogger(cfg.Logger))
		}
		for _, u := range cfg.ReplicaURLs {
			if !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
				return nil, fmt.Errorf("database replica URL must start with postgres://: %w", creatormatch.ErrInvalid)
			}
		}
		if len(cfg.ReplicaURLs) > 0 {
			opts = append(opts, postgres.WithReplicas(cfg.ReplicaURLs...))
		}
		if cfg.ReplicaMaxLag > 0 {
			opts = append(opts, postgres.WithReplicaMaxLag(cfg.ReplicaMaxLag))
		}
		return postgres.Open(ctx, cfg.DatabaseURL, opts...)
	}
	if len(cfg.ReplicaURLs) > 0 {
		return nil, fmt.Errorf("read replicas need a database URL (the embedded store is single-process): %w", creatormatch.ErrInvalid)
	}
	if cfg.DataDir == "" {
		return nil, fmt.Errorf("no database URL and no data dir: %w", creatormatch.ErrInvalid)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	var opts []memory.Option
	if cfg.EmbeddingCache != 0 {
		opts = append(opts, memory.WithEmbeddingCache(cfg.EmbeddingCache))
	}
	return memory.Open(ctx, cfg.DataDir, opts...)
}

// Describe says which backend cfg selects, without secrets, for logs.
func Describe(cfg Config) string {
	if cfg.DatabaseURL != "" {
		return "postgres"
	}
	return "embedded (" + cfg.DataDir + ")"
}
