package postgres_test

import (
	"context"
	mrand "math/rand/v2"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// eventually polls cond every 100 ms until it returns nil or d passes,
// and returns its last error.
func eventually(d time.Duration, cond func() error) error {
	deadline := time.Now().Add(d)
	for {
		err := cond()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// terminate ends every other backend on the database dbURL names (so the
// store's pool reconnects and picks up database settings).
func terminate(t *testing.T, admin *pgx.Conn) {
	t.Helper()
	_, err := admin.Exec(context.Background(), `SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`)
	require.NoError(t, err)
}

// TestReadyReadOnly: a database that refuses writes makes Ready and
// writes fail with the read-only reason while reads go on; turning it
// back makes writes work again.
func TestReadyReadOnly(t *testing.T) {
	t.Parallel()
	s, dbURL := newStore(t)
	ctx := ctxT(t)
	require.NoError(t, s.Ready(ctx))
	r := mrand.New(mrand.NewPCG(1, 2))
	require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(fixture(r, 1), unit(r, 512))}))

	admin, err := pgx.Connect(ctx, dbURL)
	require.NoError(t, err)
	defer admin.Close(context.Background())
	u, err := url.Parse(dbURL)
	require.NoError(t, err)
	name := strings.TrimPrefix(u.Path, "/")
	_, err = admin.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{name}.Sanitize()+" SET default_transaction_read_only = on")
	require.NoError(t, err)
	terminate(t, admin)

	err = eventually(10*time.Second, func() error {
		err := s.Ready(ctx)
		if err == nil || !strings.Contains(creatormatch.ErrorMessage(err), "read-only") {
			return assert.AnError
		}
		return nil
	})
	require.NoError(t, err, "Ready must say the database is read-only")
	err = s.Ready(ctx)
	assert.ErrorIs(t, err, creatormatch.ErrUnavailable)
	assert.Equal(t, postgres.FaultReadOnly, postgres.FaultOf(err))

	err = s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(fixture(r, 2), unit(r, 512))})
	assert.ErrorIs(t, err, creatormatch.ErrUnavailable)
	assert.Contains(t, creatormatch.ErrorMessage(err), "the database is read-only")
	assert.NotContains(t, creatormatch.ErrorMessage(err), name)
	_, err = s.GetCreator(ctx, "c00001")
	assert.NoError(t, err, "reads go on")

	_, err = admin.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{name}.Sanitize()+" RESET default_transaction_read_only")
	require.NoError(t, err)
	terminate(t, admin)
	require.NoError(t, eventually(10*time.Second, func() error { return s.Ready(ctx) }))
	require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(fixture(r, 2), unit(r, 512))}))
}

// TestHealMissingSchema: the schema dropped under a running store: calls
// fail with the missing-schema reason, and the store migrates again by
// itself, replaces its connections (the vector type has a new OID) and
// forgets its caches (the model registered before is gone), so writes
// and reads work again.
func TestHealMissingSchema(t *testing.T) {
	t.Parallel()
	s, dbURL := newStore(t, postgres.WithIndex("other-model", 8))
	ctx := ctxT(t)
	r := mrand.New(mrand.NewPCG(3, 4))
	require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(fixture(r, 1), unit(r, 512))}))
	_, err := s.GetCreators(ctx, []string{"c00001"})
	require.NoError(t, err)

	admin, err := pgx.Connect(ctx, dbURL)
	require.NoError(t, err)
	defer admin.Close(context.Background())
	_, err = admin.Exec(ctx, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
	require.NoError(t, err)

	_, err = s.CountCreators(ctx)
	require.Error(t, err)
	assert.ErrorIs(t, err, creatormatch.ErrUnavailable)
	assert.Equal(t, postgres.FaultMissingSchema, postgres.FaultOf(err), "%v", err)
	assert.Contains(t, creatormatch.ErrorMessage(err), "the database schema is missing")

	require.NoError(t, eventually(20*time.Second, func() error { return s.Ready(ctx) }), "the store heals")
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	latest, err := postgres.LatestVersion()
	require.NoError(t, err)
	assert.Equal(t, latest, v)
	n, err := s.CountCreators(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
	// The model was registered in the old schema: the cache of model
	// dimensions must not claim it still is.
	require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(fixture(r, 2), unit(r, 512))}))
	got, err := s.GetCreators(ctx, []string{"c00001", "c00002"})
	require.NoError(t, err)
	require.Len(t, got, 1)
	hits, err := s.SearchDense(ctx, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: unit(r, 512), Limit: 5})
	require.NoError(t, err)
	assert.Len(t, hits, 1)
	var ix bool
	require.NoError(t, admin.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", postgres.IndexName("other-model", 8)).Scan(&ix))
	assert.True(t, ix, "the WithIndex index is ensured again")
}

// TestHealWithoutMigrate: with WithoutMigrate the store does not migrate
// on its own; once someone else has, it resets itself and serves.
func TestHealWithoutMigrate(t *testing.T) {
	t.Parallel()
	_, dbURL := newStore(t)
	ctx := ctxT(t)
	s, err := postgres.Open(ctx, dbURL, postgres.WithoutMigrate(), postgres.WithMaxConns(2))
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Ready(ctx))
	admin, err := pgx.Connect(ctx, dbURL)
	require.NoError(t, err)
	defer admin.Close(context.Background())
	_, err = admin.Exec(ctx, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
	require.NoError(t, err)
	terminate(t, admin)

	// (The first call may meet a terminated pooled connection.)
	require.NoError(t, eventually(10*time.Second, func() error {
		if f := postgres.FaultOf(s.Ready(ctx)); f != postgres.FaultMissingSchema {
			return assert.AnError
		}
		return nil
	}))
	time.Sleep(3 * time.Second)
	err = s.Ready(ctx)
	assert.Equal(t, postgres.FaultMissingSchema, postgres.FaultOf(err), "not migrated by a store told not to: %v", err)

	require.NoError(t, postgres.MigrateURL(ctx, dbURL))
	require.NoError(t, eventually(90*time.Second, func() error { return s.Ready(ctx) }))
	r := mrand.New(mrand.NewPCG(5, 6))
	require.NoError(t, eventually(90*time.Second, func() error {
		return s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(fixture(r, 1), unit(r, 512))})
	}))
}
