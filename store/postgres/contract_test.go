package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/postgres"
	"github.com/creatormatch/creatormatch/store/storetest"
)

// TestContract runs the shared Store contract suite; every store gets its
// own fresh database, and Reopen closes the pool and opens the same
// database again, as a process restart would.
func TestContract(t *testing.T) {
	adminURL(t)
	var urls sync.Map // *postgres.Store -> database URL
	open := func(t *testing.T, dbURL string, opts ...postgres.Option) creatormatch.Store {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		s, err := postgres.Open(ctx, dbURL, append([]postgres.Option{postgres.WithMaxConns(4)}, opts...)...)
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		urls.Store(s, dbURL)
		return s
	}
	storetest.Run(t, storetest.Factory{
		New: func(t *testing.T) creatormatch.Store { return open(t, newDatabase(t)) },
		Reopen: func(t *testing.T, s creatormatch.Store) creatormatch.Store {
			u, ok := urls.Load(s)
			require.True(t, ok, "store not opened by this factory")
			require.NoError(t, s.Close())
			return open(t, u.(string))
		},
		NewCacheBound: func(t *testing.T, entries int) creatormatch.Store {
			return open(t, newDatabase(t), postgres.WithEmbeddingCache(entries))
		},
	})
}
