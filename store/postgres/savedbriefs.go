package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/creatormatch/creatormatch"
)

// Saved briefs live in saved_briefs (migration 018); the brief is the
// API's JSON of creatormatch.Brief.

func savedBriefNotFound(id string) error {
	return fmt.Errorf("postgres: saved brief %q: %w", id, creatormatch.ErrNotFound)
}

const savedBriefCols = `workspace, id, name, brief, created_at, updated_at`

func scanSavedBrief(row pgx.Row) (creatormatch.SavedBrief, error) {
	var b creatormatch.SavedBrief
	var js []byte
	if err := row.Scan(&b.Workspace, &b.ID, &b.Name, &js, &b.CreatedAt, &b.UpdatedAt); err != nil {
		return b, err
	}
	if err := json.Unmarshal(js, &b.Brief); err != nil {
		return b, fmt.Errorf("decode saved brief %s: %w", b.ID, err)
	}
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	return b, nil
}

// SaveBrief creates or replaces b, checking the workspace's bound under
// its advisory lock.
func (s *Store) SaveBrief(ctx context.Context, b creatormatch.SavedBrief) (creatormatch.SavedBrief, bool, error) {
	if err := b.Validate(); err != nil {
		return creatormatch.SavedBrief{}, false, err
	}
	js, err := json.Marshal(b.Brief)
	if err != nil {
		return creatormatch.SavedBrief{}, false, creatormatch.Invalid("brief", "cannot be stored: %v", err)
	}
	now := time.Now()
	if b.CreatedAt.IsZero() {
		b.CreatedAt = now
	}
	if b.UpdatedAt.IsZero() {
		b.UpdatedAt = now
	}
	created, full := false, false
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockWorkspace(ctx, tx, "saved_briefs", b.Workspace); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE saved_briefs SET name = $3, brief = $4, updated_at = $5 WHERE workspace = $1 AND id = $2`,
			b.Workspace, b.ID, b.Name, js, usec(b.UpdatedAt))
		if err != nil || tag.RowsAffected() == 1 {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM saved_briefs WHERE workspace = $1`, b.Workspace).Scan(&n); err != nil {
			return err
		}
		if n >= creatormatch.MaxSavedBriefsPerWorkspace {
			full = true
			return nil
		}
		created = true
		_, err = tx.Exec(ctx, `INSERT INTO saved_briefs (`+savedBriefCols+`) VALUES ($1, $2, $3, $4, $5, $6)`,
			b.Workspace, b.ID, b.Name, js, usec(b.CreatedAt), usec(b.UpdatedAt))
		return err
	})
	if err != nil {
		return creatormatch.SavedBrief{}, false, wrapErr(ctx, "save brief", err)
	}
	if full {
		return creatormatch.SavedBrief{}, false, creatormatch.Errorf(creatormatch.ErrTooLarge, "the workspace holds its maximum of %d saved briefs; delete some first", creatormatch.MaxSavedBriefsPerWorkspace)
	}
	got, err := s.getSavedBrief(ctx, b.Workspace, b.ID)
	return got, created, err
}

// getSavedBrief returns one saved brief of workspace.
func (s *Store) getSavedBrief(ctx context.Context, workspace, id string) (creatormatch.SavedBrief, error) {
	if !storable(workspace) || !storable(id) {
		return creatormatch.SavedBrief{}, savedBriefNotFound(id)
	}
	b, err := scanSavedBrief(s.db(ctx).QueryRow(ctx, `SELECT `+savedBriefCols+` FROM saved_briefs WHERE workspace = $1 AND id = $2`, workspace, id))
	if err == pgx.ErrNoRows {
		return creatormatch.SavedBrief{}, savedBriefNotFound(id)
	}
	if err != nil {
		return creatormatch.SavedBrief{}, wrapErr(ctx, "get saved brief", err)
	}
	return b, nil
}

// listSavedBriefs returns a page of workspace's saved briefs by
// (created_at, id).
func (s *Store) listSavedBriefs(ctx context.Context, p creatormatch.SavedBriefPage) ([]creatormatch.SavedBrief, error) {
	if !storable(p.Workspace) {
		return []creatormatch.SavedBrief{}, ctx.Err()
	}
	var q query
	conds := "workspace = " + q.arg(p.Workspace)
	if p.After != nil {
		conds += " AND (created_at, id COLLATE \"C\") > (" + q.arg(p.After.CreatedAt) + "::timestamptz, " + q.arg(p.After.ID) + "::text COLLATE \"C\")"
	}
	limit := ""
	if p.Limit > 0 {
		limit = " LIMIT " + q.arg(p.Limit)
	}
	rows, _ := s.db(ctx).Query(ctx, `SELECT `+savedBriefCols+` FROM saved_briefs WHERE `+conds+` ORDER BY created_at, id COLLATE "C"`+limit, q.args...)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (creatormatch.SavedBrief, error) { return scanSavedBrief(row) })
	if err != nil {
		return nil, wrapErr(ctx, "list saved briefs", err)
	}
	if out == nil {
		out = []creatormatch.SavedBrief{}
	}
	return out, nil
}

// DeleteSavedBrief removes one saved brief of workspace.
func (s *Store) DeleteSavedBrief(ctx context.Context, workspace, id string) error {
	if !storable(workspace) || !storable(id) {
		return savedBriefNotFound(id)
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM saved_briefs WHERE workspace = $1 AND id = $2`, workspace, id)
	if err != nil {
		return wrapErr(ctx, "delete saved brief", err)
	}
	if tag.RowsAffected() == 0 {
		return savedBriefNotFound(id)
	}
	return nil
}

// GetSavedBrief is getSavedBrief, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) GetSavedBrief(ctx context.Context, workspace, id string) (creatormatch.SavedBrief, error) {
	return readRouted(ctx, s, "get saved brief", func(ctx context.Context) (creatormatch.SavedBrief, error) {
		return s.getSavedBrief(ctx, workspace, id)
	})
}

// ListSavedBriefs is listSavedBriefs, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) ListSavedBriefs(ctx context.Context, p creatormatch.SavedBriefPage) ([]creatormatch.SavedBrief, error) {
	return readRouted(ctx, s, "list saved briefs", func(ctx context.Context) ([]creatormatch.SavedBrief, error) {
		return s.listSavedBriefs(ctx, p)
	})
}
