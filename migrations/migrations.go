// Package migrations embeds the PostgreSQL schema migrations of the
// store/postgres backend, in tern format: NNN_name.sql files applied in
// order, each an up migration optionally followed by
// "---- create above / drop below ----" and its down migration.
// store/postgres.Migrate applies them; they live in their own package so
// that tooling (the tern CLI, a DBA) can read them without the store.
package migrations

import "embed"

// FS holds the migration files at its root.
//
//go:embed *.sql
var FS embed.FS
