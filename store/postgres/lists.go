package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/creatormatch/creatormatch"
)

// usec is t in UTC at the database's precision (microseconds), so that
// what a write returns is what a later read returns.
func usec(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func listNotFound(id string) error {
	return fmt.Errorf("postgres: list %q: %w", id, creatormatch.ErrNotFound)
}

// lockWorkspace takes a transaction-scoped advisory lock on one of a
// workspace's bounds, so that concurrent writers cannot overshoot it.
func lockWorkspace(ctx context.Context, tx pgx.Tx, what, workspace string) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))`, what, workspace)
	return err
}

const listCols = `l.workspace, l.id, l.name, l.description, l.created_at, l.updated_at,
	(SELECT count(*) FROM list_items i WHERE i.workspace = l.workspace AND i.list_id = l.id)`

func scanList(row pgx.Row) (creatormatch.List, error) {
	var l creatormatch.List
	err := row.Scan(&l.Workspace, &l.ID, &l.Name, &l.Description, &l.CreatedAt, &l.UpdatedAt, &l.Items)
	l.CreatedAt, l.UpdatedAt = l.CreatedAt.UTC(), l.UpdatedAt.UTC()
	return l, err
}

// CreateList inserts l, checking MaxListsPerWorkspace under the
// workspace's lists lock.
func (s *Store) CreateList(ctx context.Context, l creatormatch.List) (creatormatch.List, error) {
	if err := l.Validate(); err != nil {
		return creatormatch.List{}, err
	}
	if l.CreatedAt.IsZero() {
		l.CreatedAt = time.Now()
	}
	if l.UpdatedAt.IsZero() {
		l.UpdatedAt = l.CreatedAt
	}
	full := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockWorkspace(ctx, tx, "lists", l.Workspace); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM lists WHERE workspace = $1`, l.Workspace).Scan(&n); err != nil {
			return err
		}
		if n >= creatormatch.MaxListsPerWorkspace {
			full = true
			return nil
		}
		_, err := tx.Exec(ctx, `INSERT INTO lists (workspace, id, name, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			l.Workspace, l.ID, l.Name, l.Description, usec(l.CreatedAt), usec(l.UpdatedAt))
		return err
	})
	if err != nil {
		return creatormatch.List{}, wrapErr(ctx, "create list", err)
	}
	if full {
		return creatormatch.List{}, creatormatch.Errorf(creatormatch.ErrTooLarge, "the workspace holds its maximum of %d lists; delete some first", creatormatch.MaxListsPerWorkspace)
	}
	return s.getList(ctx, l.Workspace, l.ID)
}

// getList returns one list with its item count.
func (s *Store) getList(ctx context.Context, workspace, id string) (creatormatch.List, error) {
	if !storable(workspace) || !storable(id) {
		return creatormatch.List{}, listNotFound(id)
	}
	l, err := scanList(s.db(ctx).QueryRow(ctx, `SELECT `+listCols+` FROM lists l WHERE l.workspace = $1 AND l.id = $2`, workspace, id))
	if err == pgx.ErrNoRows {
		return creatormatch.List{}, listNotFound(id)
	}
	if err != nil {
		return creatormatch.List{}, wrapErr(ctx, "get list", err)
	}
	return l, nil
}

// UpdateList sets a list's name and/or description.
func (s *Store) UpdateList(ctx context.Context, workspace, id string, name, description *string, at time.Time) (creatormatch.List, error) {
	l, err := s.getList(ctx, workspace, id)
	if err != nil {
		return creatormatch.List{}, err
	}
	if name != nil {
		l.Name = *name
	}
	if description != nil {
		l.Description = *description
	}
	if err := l.Validate(); err != nil {
		return creatormatch.List{}, err
	}
	tag, err := s.pool.Exec(ctx, `UPDATE lists SET name = COALESCE($3, name), description = COALESCE($4, description), updated_at = $5
		WHERE workspace = $1 AND id = $2`, workspace, id, name, description, usec(at))
	if err != nil {
		return creatormatch.List{}, wrapErr(ctx, "update list", err)
	}
	if tag.RowsAffected() == 0 {
		return creatormatch.List{}, listNotFound(id)
	}
	return s.getList(ctx, workspace, id)
}

// DeleteList deletes a list; its items go with it (ON DELETE CASCADE).
func (s *Store) DeleteList(ctx context.Context, workspace, id string) error {
	if !storable(workspace) || !storable(id) {
		return listNotFound(id)
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM lists WHERE workspace = $1 AND id = $2`, workspace, id)
	if err != nil {
		return wrapErr(ctx, "delete list", err)
	}
	if tag.RowsAffected() == 0 {
		return listNotFound(id)
	}
	return nil
}

// listLists returns a page of a workspace's lists by (created_at, id in
// byte order), as store/memory.
func (s *Store) listLists(ctx context.Context, p creatormatch.ListPage) ([]creatormatch.List, error) {
	if !storable(p.Workspace) {
		return []creatormatch.List{}, ctx.Err()
	}
	var q query
	conds := "l.workspace = " + q.arg(p.Workspace)
	if p.After != nil {
		conds += " AND (l.created_at, l.id COLLATE \"C\") > (" + q.arg(p.After.CreatedAt) + "::timestamptz, " + q.arg(p.After.ID) + "::text COLLATE \"C\")"
	}
	limit := ""
	if p.Limit > 0 {
		limit = " LIMIT " + q.arg(p.Limit)
	}
	rows, _ := s.db(ctx).Query(ctx, `SELECT `+listCols+` FROM lists l WHERE `+conds+` ORDER BY l.created_at, l.id COLLATE "C"`+limit, q.args...)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (creatormatch.List, error) { return scanList(row) })
	if err != nil {
		return nil, wrapErr(ctx, "list lists", err)
	}
	if out == nil {
		out = []creatormatch.List{}
	}
	return out, nil
}

func scanItem(row pgx.Row) (creatormatch.ListItem, error) {
	var it creatormatch.ListItem
	var st string
	err := row.Scan(&it.Workspace, &it.ListID, &it.CreatorID, &st, &it.AddedAt, &it.UpdatedAt)
	it.Status = creatormatch.ListStatus(st)
	it.AddedAt, it.UpdatedAt = it.AddedAt.UTC(), it.UpdatedAt.UTC()
	return it, err
}

const itemCols = `workspace, list_id, creator_id, status, added_at, updated_at`

// PutListItem adds or updates an item, checking MaxItemsPerList under the
// list's lock.
func (s *Store) PutListItem(ctx context.Context, it creatormatch.ListItem) (creatormatch.ListItem, bool, error) {
	if err := it.Validate(); err != nil {
		return creatormatch.ListItem{}, false, err
	}
	if it.UpdatedAt.IsZero() {
		it.UpdatedAt = time.Now()
	}
	if it.AddedAt.IsZero() {
		it.AddedAt = it.UpdatedAt
	}
	var stored creatormatch.ListItem
	var added, full, missing bool
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockWorkspace(ctx, tx, "list", it.Workspace+"/"+it.ListID); err != nil {
			return err
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM lists WHERE workspace = $1 AND id = $2 FOR KEY SHARE)`, it.Workspace, it.ListID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			missing = true
			return nil
		}
		old, err := scanItem(tx.QueryRow(ctx, `SELECT `+itemCols+` FROM list_items WHERE workspace = $1 AND list_id = $2 AND creator_id = $3`, it.Workspace, it.ListID, it.CreatorID))
		switch {
		case err == pgx.ErrNoRows:
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM list_items WHERE workspace = $1 AND list_id = $2`, it.Workspace, it.ListID).Scan(&n); err != nil {
				return err
			}
			if n >= creatormatch.MaxItemsPerList {
				full = true
				return nil
			}
			if it.Status == "" {
				it.Status = creatormatch.StatusProspect
			}
			added = true
			stored, err = scanItem(tx.QueryRow(ctx, `INSERT INTO list_items (`+itemCols+`) VALUES ($1, $2, $3, $4, $5, $6) RETURNING `+itemCols,
				it.Workspace, it.ListID, it.CreatorID, string(it.Status), usec(it.AddedAt), usec(it.UpdatedAt)))
			return err
		case err != nil:
			return err
		}
		if it.Status == "" {
			it.Status = old.Status
		}
		stored, err = scanItem(tx.QueryRow(ctx, `UPDATE list_items SET status = $4, updated_at = $5 WHERE workspace = $1 AND list_id = $2 AND creator_id = $3 RETURNING `+itemCols,
			it.Workspace, it.ListID, it.CreatorID, string(it.Status), usec(it.UpdatedAt)))
		return err
	})
	if err != nil {
		return creatormatch.ListItem{}, false, wrapErr(ctx, "put list item", err)
	}
	if missing {
		return creatormatch.ListItem{}, false, listNotFound(it.ListID)
	}
	if full {
		return creatormatch.ListItem{}, false, creatormatch.Errorf(creatormatch.ErrTooLarge, "the list holds its maximum of %d creators; remove some first", creatormatch.MaxItemsPerList)
	}
	return stored, added, nil
}

// DeleteListItem removes a creator from a list.
func (s *Store) DeleteListItem(ctx context.Context, workspace, listID, creatorID string) error {
	if _, err := s.getList(ctx, workspace, listID); err != nil {
		return err
	}
	if !storable(creatorID) {
		return fmt.Errorf("postgres: creator %q on list %q: %w", creatorID, listID, creatormatch.ErrNotFound)
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM list_items WHERE workspace = $1 AND list_id = $2 AND creator_id = $3`, workspace, listID, creatorID)
	if err != nil {
		return wrapErr(ctx, "delete list item", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: creator %q on list %q: %w", creatorID, listID, creatormatch.ErrNotFound)
	}
	return nil
}

// listItems returns a page of a list's items by (added_at, creator_id in
// byte order).
func (s *Store) listItems(ctx context.Context, p creatormatch.ItemPage) ([]creatormatch.ListItem, error) {
	if _, err := s.getList(ctx, p.Workspace, p.ListID); err != nil {
		return nil, err
	}
	var q query
	conds := "workspace = " + q.arg(p.Workspace) + " AND list_id = " + q.arg(p.ListID)
	if p.Status != "" {
		conds += " AND status = " + q.arg(string(p.Status))
	}
	if p.After != nil {
		conds += " AND (added_at, creator_id COLLATE \"C\") > (" + q.arg(p.After.AddedAt) + "::timestamptz, " + q.arg(p.After.CreatorID) + "::text COLLATE \"C\")"
	}
	limit := ""
	if p.Limit > 0 {
		limit = " LIMIT " + q.arg(p.Limit)
	}
	rows, _ := s.db(ctx).Query(ctx, `SELECT `+itemCols+` FROM list_items WHERE `+conds+` ORDER BY added_at, creator_id COLLATE "C"`+limit, q.args...)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (creatormatch.ListItem, error) { return scanItem(row) })
	if err != nil {
		return nil, wrapErr(ctx, "list items", err)
	}
	if out == nil {
		out = []creatormatch.ListItem{}
	}
	return out, nil
}

const noteCols = `workspace, id, creator_id, text, author, created_at`

func scanNote(row pgx.Row) (creatormatch.Note, error) {
	var n creatormatch.Note
	err := row.Scan(&n.Workspace, &n.ID, &n.CreatorID, &n.Text, &n.Author, &n.CreatedAt)
	n.CreatedAt = n.CreatedAt.UTC()
	return n, err
}

// AddNote inserts n, checking MaxNotesPerWorkspace under the workspace's
// notes lock.
func (s *Store) AddNote(ctx context.Context, n creatormatch.Note) (creatormatch.Note, error) {
	if err := n.Validate(); err != nil {
		return creatormatch.Note{}, err
	}
	if n.CreatedAt.IsZero() {
		n.CreatedAt = time.Now()
	}
	n.CreatedAt = usec(n.CreatedAt)
	full := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockWorkspace(ctx, tx, "notes", n.Workspace); err != nil {
			return err
		}
		var c int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM notes WHERE workspace = $1`, n.Workspace).Scan(&c); err != nil {
			return err
		}
		if c >= creatormatch.MaxNotesPerWorkspace {
			full = true
			return nil
		}
		_, err := tx.Exec(ctx, `INSERT INTO notes (`+noteCols+`) VALUES ($1, $2, $3, $4, $5, $6)`, n.Workspace, n.ID, n.CreatorID, n.Text, n.Author, n.CreatedAt)
		return err
	})
	if err != nil {
		return creatormatch.Note{}, wrapErr(ctx, "add note", err)
	}
	if full {
		return creatormatch.Note{}, creatormatch.Errorf(creatormatch.ErrTooLarge, "the workspace holds its maximum of %d notes; delete some first", creatormatch.MaxNotesPerWorkspace)
	}
	return n, nil
}

// listNotes returns a page of a workspace's notes on a creator, newest
// first (ties by id descending, in byte order).
func (s *Store) listNotes(ctx context.Context, p creatormatch.NotePage) ([]creatormatch.Note, error) {
	if !storable(p.Workspace) || !storable(p.CreatorID) {
		return []creatormatch.Note{}, ctx.Err()
	}
	var q query
	conds := "workspace = " + q.arg(p.Workspace) + " AND creator_id = " + q.arg(p.CreatorID)
	if p.Before != nil {
		conds += " AND (created_at, id COLLATE \"C\") < (" + q.arg(p.Before.CreatedAt) + "::timestamptz, " + q.arg(p.Before.ID) + "::text COLLATE \"C\")"
	}
	limit := ""
	if p.Limit > 0 {
		limit = " LIMIT " + q.arg(p.Limit)
	}
	rows, _ := s.db(ctx).Query(ctx, `SELECT `+noteCols+` FROM notes WHERE `+conds+` ORDER BY created_at DESC, id COLLATE "C" DESC`+limit, q.args...)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (creatormatch.Note, error) { return scanNote(row) })
	if err != nil {
		return nil, wrapErr(ctx, "list notes", err)
	}
	if out == nil {
		out = []creatormatch.Note{}
	}
	return out, nil
}

// creatorNotes returns the workspace's notes on each of creatorIDs.
func (s *Store) creatorNotes(ctx context.Context, workspace string, creatorIDs []string) (map[string][]creatormatch.Note, error) {
	out := map[string][]creatormatch.Note{}
	ids := storableOnly(creatorIDs)
	if !storable(workspace) || len(ids) == 0 {
		return out, ctx.Err()
	}
	rows, _ := s.db(ctx).Query(ctx, `SELECT `+noteCols+` FROM notes WHERE workspace = $1 AND creator_id = ANY($2)
		ORDER BY created_at DESC, id COLLATE "C" DESC`, workspace, ids)
	notes, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (creatormatch.Note, error) { return scanNote(row) })
	if err != nil {
		return nil, wrapErr(ctx, "creator notes", err)
	}
	for _, n := range notes {
		out[n.CreatorID] = append(out[n.CreatorID], n)
	}
	return out, nil
}

// DeleteNote deletes one note on creatorID.
func (s *Store) DeleteNote(ctx context.Context, workspace, creatorID, noteID string) error {
	if !storable(workspace) || !storable(creatorID) || !storable(noteID) {
		return fmt.Errorf("postgres: note %q: %w", noteID, creatormatch.ErrNotFound)
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM notes WHERE workspace = $1 AND creator_id = $2 AND id = $3`, workspace, creatorID, noteID)
	if err != nil {
		return wrapErr(ctx, "delete note", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: note %q: %w", noteID, creatormatch.ErrNotFound)
	}
	return nil
}

// listMemberships returns the workspace's lists holding each creator, by
// list creation: one query on list_items_creator_idx.
func (s *Store) listMemberships(ctx context.Context, workspace string, creatorIDs []string) (map[string][]creatormatch.Membership, error) {
	out := map[string][]creatormatch.Membership{}
	ids := storableOnly(creatorIDs)
	if !storable(workspace) || len(ids) == 0 {
		return out, ctx.Err()
	}
	rows, _ := s.db(ctx).Query(ctx, `SELECT i.creator_id, l.id, l.name, i.status FROM list_items i
		JOIN lists l ON l.workspace = i.workspace AND l.id = i.list_id
		WHERE i.workspace = $1 AND i.creator_id = ANY($2)
		ORDER BY l.created_at, l.id COLLATE "C"`, workspace, ids)
	defer rows.Close()
	for rows.Next() {
		var cid, st string
		var m creatormatch.Membership
		if err := rows.Scan(&cid, &m.ListID, &m.Name, &st); err != nil {
			return nil, wrapErr(ctx, "list memberships", err)
		}
		m.Status = creatormatch.ListStatus(st)
		out[cid] = append(out[cid], m)
	}
	if err := rows.Err(); err != nil {
		return nil, wrapErr(ctx, "list memberships", err)
	}
	return out, nil
}

// storableOnly drops the ids Postgres cannot hold (they name nothing
// stored).
func storableOnly(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if storable(id) {
			out = append(out, id)
		}
	}
	return out
}

// GetList is getList, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) GetList(ctx context.Context, workspace, id string) (creatormatch.List, error) {
	return readRouted(ctx, s, "get list", func(ctx context.Context) (creatormatch.List, error) {
		return s.getList(ctx, workspace, id)
	})
}

// ListLists is listLists, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) ListLists(ctx context.Context, p creatormatch.ListPage) ([]creatormatch.List, error) {
	return readRouted(ctx, s, "list lists", func(ctx context.Context) ([]creatormatch.List, error) {
		return s.listLists(ctx, p)
	})
}

// ListItems is listItems, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) ListItems(ctx context.Context, p creatormatch.ItemPage) ([]creatormatch.ListItem, error) {
	return readRouted(ctx, s, "list items", func(ctx context.Context) ([]creatormatch.ListItem, error) {
		return s.listItems(ctx, p)
	})
}

// ListNotes is listNotes, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) ListNotes(ctx context.Context, p creatormatch.NotePage) ([]creatormatch.Note, error) {
	return readRouted(ctx, s, "list notes", func(ctx context.Context) ([]creatormatch.Note, error) {
		return s.listNotes(ctx, p)
	})
}

// CreatorNotes is creatorNotes, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) CreatorNotes(ctx context.Context, workspace string, creatorIDs []string) (map[string][]creatormatch.Note, error) {
	return readRouted(ctx, s, "creator notes", func(ctx context.Context) (map[string][]creatormatch.Note, error) {
		return s.creatorNotes(ctx, workspace, creatorIDs)
	})
}

// ListMemberships is listMemberships, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) ListMemberships(ctx context.Context, workspace string, creatorIDs []string) (map[string][]creatormatch.Membership, error) {
	return readRouted(ctx, s, "list memberships", func(ctx context.Context) (map[string][]creatormatch.Membership, error) {
		return s.listMemberships(ctx, workspace, creatorIDs)
	})
}
