package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/creatormatch/creatormatch"
)

// BlockCreator inserts e unless its creator is on its workspace's
// blocklist already. The bound (MaxBlockedPerWorkspace) is checked in the
// same statement, under a transaction-scoped advisory lock on the
// workspace, so concurrent blocks cannot overshoot it.
func (s *Store) BlockCreator(ctx context.Context, e creatormatch.BlockEntry) (bool, error) {
	if err := e.Validate(); err != nil {
		return false, err
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = time.Now()
	}
	e.CreatedAt = e.CreatedAt.UTC()
	var added, full bool
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('blocklist/' || $1, 0))`, e.Workspace); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `WITH n AS (SELECT count(*) AS n FROM blocklist WHERE workspace = $1),
			ins AS (
				INSERT INTO blocklist (workspace, creator_id, reason, created_at)
				SELECT $1, $2, $3, $4 FROM n WHERE n.n < $5
				ON CONFLICT (workspace, creator_id) DO NOTHING
				RETURNING 1
			)
			SELECT EXISTS (SELECT 1 FROM ins),
				(SELECT n FROM n) >= $5 AND NOT EXISTS (SELECT 1 FROM blocklist WHERE workspace = $1 AND creator_id = $2)`,
			e.Workspace, e.CreatorID, e.Reason, e.CreatedAt, creatormatch.MaxBlockedPerWorkspace).Scan(&added, &full)
	})
	if err != nil {
		return false, wrapErr(ctx, "block creator", err)
	}
	if full {
		return false, creatormatch.Errorf(creatormatch.ErrTooLarge, "the blocklist holds its maximum of %d creators; remove some first", creatormatch.MaxBlockedPerWorkspace)
	}
	return added, nil
}

// UnblockCreator deletes creatorID from workspace's blocklist.
func (s *Store) UnblockCreator(ctx context.Context, workspace, creatorID string) error {
	if !storable(workspace) || !storable(creatorID) {
		if err := ctx.Err(); err != nil {
			return wrapErr(ctx, "unblock creator", err)
		}
		return fmt.Errorf("postgres: blocklist entry %q: %w", creatorID, creatormatch.ErrNotFound)
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM blocklist WHERE workspace = $1 AND creator_id = $2`, workspace, creatorID)
	if err != nil {
		return wrapErr(ctx, "unblock creator", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: blocklist entry %q: %w", creatorID, creatormatch.ErrNotFound)
	}
	return nil
}

// listBlocked returns a page of a workspace's blocklist by (created_at,
// creator_id in byte order), as store/memory.
func (s *Store) listBlocked(ctx context.Context, p creatormatch.BlockPage) ([]creatormatch.BlockEntry, error) {
	if !storable(p.Workspace) {
		return []creatormatch.BlockEntry{}, ctx.Err()
	}
	var q query
	conds := "workspace = " + q.arg(p.Workspace)
	if p.After != nil {
		conds += " AND (created_at, creator_id COLLATE \"C\") > (" + q.arg(p.After.CreatedAt) + "::timestamptz, " + q.arg(p.After.CreatorID) + "::text COLLATE \"C\")"
	}
	limit := ""
	if p.Limit > 0 {
		limit = " LIMIT " + q.arg(p.Limit)
	}
	rows, _ := s.db(ctx).Query(ctx, `SELECT workspace, creator_id, reason, created_at FROM blocklist WHERE `+conds+
		` ORDER BY created_at, creator_id COLLATE "C"`+limit, q.args...)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (creatormatch.BlockEntry, error) {
		var e creatormatch.BlockEntry
		err := row.Scan(&e.Workspace, &e.CreatorID, &e.Reason, &e.CreatedAt)
		e.CreatedAt = e.CreatedAt.UTC()
		return e, err
	})
	if err != nil {
		return nil, wrapErr(ctx, "list blocklist", err)
	}
	if out == nil {
		out = []creatormatch.BlockEntry{}
	}
	return out, nil
}

// blockedIDs returns the creator ids on workspace's blocklist.
func (s *Store) blockedIDs(ctx context.Context, workspace string) ([]string, error) {
	if !storable(workspace) {
		return nil, ctx.Err()
	}
	rows, _ := s.db(ctx).Query(ctx, `SELECT creator_id FROM blocklist WHERE workspace = $1`, workspace)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, wrapErr(ctx, "blocked ids", err)
	}
	return ids, nil
}

// ListBlocked is listBlocked, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) ListBlocked(ctx context.Context, p creatormatch.BlockPage) ([]creatormatch.BlockEntry, error) {
	return readRouted(ctx, s, "list blocked", func(ctx context.Context) ([]creatormatch.BlockEntry, error) {
		return s.listBlocked(ctx, p)
	})
}

// BlockedIDs is blockedIDs, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) BlockedIDs(ctx context.Context, workspace string) ([]string, error) {
	return readRouted(ctx, s, "blocked ids", func(ctx context.Context) ([]string, error) {
		return s.blockedIDs(ctx, workspace)
	})
}
