package postgres

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/tern/v2/migrate"

	"github.com/creatormatch/creatormatch/migrations"
)

// VersionTable is the table in which tern records the applied migration
// version. It is unqualified on purpose: it lives in the first schema of the
// search_path like every other table, so a schema per deployment works.
const VersionTable = "schema_version"

// LatestVersion returns the version the embedded migrations bring a
// database to (the number of migration files).
func LatestVersion() (int32, error) {
	names, err := migrate.FindMigrations(migrations.FS)
	if err != nil {
		return 0, fmt.Errorf("postgres: list migrations: %w", err)
	}
	return int32(len(names)), nil
}

// Migrate applies the pending embedded migrations (package migrations) to
// the database db is connected to, each in its own transaction, and records
// the version in VersionTable. tern holds a session advisory lock while it
// migrates, so concurrent Migrate calls (several replicas starting at once)
// run one after the other and the later ones find nothing to do. Migrating an
// up-to-date database is a no-op. db is a *pgx.Conn or a *pgxpool.Pool (one
// of its connections is used).
func Migrate[DB *pgx.Conn | *pgxpool.Pool](ctx context.Context, db DB) error {
	switch db := any(db).(type) {
	case *pgx.Conn:
		return migrateConn(ctx, db, migrations.FS)
	case *pgxpool.Pool:
		c, err := db.Acquire(ctx)
		if err != nil {
			return wrapErr(ctx, "migrate", err)
		}
		defer c.Release()
		return migrateConn(ctx, c.Conn(), migrations.FS)
	}
	panic("unreachable")
}

// MigrateURL connects to url with a single connection, applies the
// migrations and disconnects: for `creatormatch migrate`, which needs no
// pool.
func MigrateURL(ctx context.Context, url string) error {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return fmt.Errorf("postgres: parse database url: %w", err)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return wrapErr(ctx, "connect", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return Migrate(ctx, conn)
}

func migrateConn(ctx context.Context, conn *pgx.Conn, fsys fs.FS) error {
	m, err := migrate.NewMigrator(ctx, conn, VersionTable)
	if err != nil {
		return wrapErr(ctx, "migrate", err)
	}
	if err := m.LoadMigrations(fsys); err != nil {
		return fmt.Errorf("postgres: load migrations: %w", err)
	}
	if err := m.Migrate(ctx); err != nil {
		return wrapErr(ctx, "migrate", err)
	}
	return nil
}

// SchemaVersion returns the migration version recorded in the database.
func (s *Store) SchemaVersion(ctx context.Context) (int32, error) {
	var v int32
	err := s.pool.QueryRow(ctx, "SELECT version FROM "+VersionTable).Scan(&v)
	return v, wrapErr(ctx, "schema version", err)
}
