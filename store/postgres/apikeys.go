package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/creatormatch/creatormatch"
)

// storable reports whether s can be a text value; strings that cannot are
// never stored, so looking them up finds nothing (rather than failing with
// a data exception).
func storable(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }

// CreateAPIKey inserts k. An existing ID or hash is ErrConflict (the
// primary key and the unique hash index); a zero CreatedAt becomes the
// current time.
func (s *Store) CreateAPIKey(ctx context.Context, k creatormatch.APIKey) error {
	k.Workspace = creatormatch.WorkspaceOrDefault(k.Workspace)
	if err := k.Validate(); err != nil {
		return err
	}
	if k.CreatedAt.IsZero() {
		k.CreatedAt = time.Now().UTC()
	}
	scopes := make([]string, len(k.Scopes))
	for i, sc := range k.Scopes {
		scopes[i] = string(sc)
	}
	var revoked *time.Time
	if !k.RevokedAt.IsZero() {
		revoked = &k.RevokedAt
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO api_keys (id, name, prefix, hash, scopes, created_at, revoked_at, workspace)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		k.ID, k.Name, k.Prefix, k.Hash, scopes, k.CreatedAt, revoked, k.Workspace)
	return wrapErr(ctx, "create api key", err)
}

const apiKeyColumns = `id, name, prefix, hash, scopes, created_at, revoked_at, workspace`

func scanAPIKey(row pgx.CollectableRow) (creatormatch.APIKey, error) {
	var (
		k       creatormatch.APIKey
		scopes  []string
		revoked *time.Time
	)
	if err := row.Scan(&k.ID, &k.Name, &k.Prefix, &k.Hash, &scopes, &k.CreatedAt, &revoked, &k.Workspace); err != nil {
		return k, err
	}
	k.Scopes = make([]creatormatch.Scope, len(scopes))
	for i, sc := range scopes {
		k.Scopes[i] = creatormatch.Scope(sc)
	}
	k.CreatedAt = k.CreatedAt.UTC()
	if revoked != nil {
		k.RevokedAt = revoked.UTC()
	}
	return k, nil
}

// APIKeyByHash returns the key with the given hash, active or revoked,
// from the primary (from a replica only while the primary cannot be
// reached: readPrimaryFirst).
func (s *Store) APIKeyByHash(ctx context.Context, hash string) (*creatormatch.APIKey, error) {
	if !storable(hash) {
		if err := ctx.Err(); err != nil {
			return nil, wrapErr(ctx, "api key by hash", err)
		}
		return nil, fmt.Errorf("postgres: api key: %w", creatormatch.ErrNotFound)
	}
	return readPrimaryFirst(ctx, s, "api key by hash", func(ctx context.Context) (*creatormatch.APIKey, error) {
		rows, _ := s.db(ctx).Query(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE hash = $1`, hash)
		k, err := pgx.CollectExactlyOneRow(rows, scanAPIKey)
		if err != nil {
			return nil, wrapErr(ctx, "api key by hash", err)
		}
		return &k, nil
	})
}

// ListAPIKeys returns every key, oldest first (ties by ID in byte order, as
// store/memory), from the primary (or, while it cannot be reached, a
// replica: readPrimaryFirst).
func (s *Store) ListAPIKeys(ctx context.Context) ([]creatormatch.APIKey, error) {
	return readPrimaryFirst(ctx, s, "list api keys", func(ctx context.Context) ([]creatormatch.APIKey, error) {
		rows, _ := s.db(ctx).Query(ctx, `SELECT `+apiKeyColumns+` FROM api_keys ORDER BY created_at, id COLLATE "C"`)
		ks, err := pgx.CollectRows(rows, scanAPIKey)
		if err != nil {
			return nil, wrapErr(ctx, "list api keys", err)
		}
		return ks, nil
	})
}

// RevokeAPIKey sets revoked_at unless it is already set, so a second
// revocation keeps the first time. An unknown ID is ErrNotFound and a zero
// time ErrInvalid.
func (s *Store) RevokeAPIKey(ctx context.Context, id string, at time.Time) error {
	if at.IsZero() {
		return creatormatch.Invalid("revoked_at", "is required")
	}
	if !storable(id) {
		if err := ctx.Err(); err != nil {
			return wrapErr(ctx, "revoke api key", err)
		}
		return fmt.Errorf("postgres: api key %q: %w", id, creatormatch.ErrNotFound)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE api_keys SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1`, id, at)
	if err != nil {
		return wrapErr(ctx, "revoke api key", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: api key %q: %w", id, creatormatch.ErrNotFound)
	}
	return nil
}
