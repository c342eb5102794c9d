package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/pack"
)

// Packs (migration 009) are each creator's read form in store/pack's binary
// layout, so that load decodes one pack instead of the JSON columns and
// child rows. A pack is made from what the JSON read returns, read back in
// the writer's own transaction, so a pack decodes to exactly what
// GetCreator would return without it (TestPacksReadAsJSON), and it names
// the creators row version it was made from, so load never uses it once
// the row has changed.

// writePacks packs creators ids as they stand in tx, which has just written
// them: their JSON read (queueJSONRead) within tx, packed, upserted into
// creator_packs with the row versions tx sees, which are the versions the
// rows keep when tx commits.
func (s *Store) writePacks(ctx context.Context, tx pgx.Tx, ids []string) error {
	if s.opts.withoutPacks {
		return nil
	}
	b := &pgx.Batch{}
	queueJSONRead(b, ids)
	br := tx.SendBatch(ctx, b)
	cs, versions, err := readJSONResults(br)
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("read back for packs: %w", err)
	}
	_, err = tx.Exec(ctx, insertPacksSQL(""), packArgs(cs, versions)...)
	return err
}

// insertPacksSQL upserts packs given as parallel arrays ($1 IDs, $2 row
// versions, $3 format, $4 packs), joined with join (empty for all of them).
func insertPacksSQL(join string) string {
	return `INSERT INTO creator_packs (creator_id, row_version, format, pack)
	SELECT t.id, t.version, $3::smallint, t.pack FROM unnest($1::text[], $2::text[], $4::bytea[]) AS t(id, version, pack) ` + join + `
	ON CONFLICT (creator_id) DO UPDATE SET
		row_version = excluded.row_version, format = excluded.format, pack = excluded.pack`
}

func packArgs(cs []*creatormatch.Creator, versions map[string]string) []any {
	ids := make([]string, len(cs))
	vers := make([]string, len(cs))
	packs := make([][]byte, len(cs))
	for i, c := range cs {
		ids[i], vers[i], packs[i] = c.ID, versions[c.ID], pack.Encode(c)
	}
	return []any{ids, vers, int16(pack.Format), packs}
}

// packPage is how many creators PackCreators reads per snapshot.
const packPage = 500

// PackCreators writes the packs that are missing: creators stored before
// migration 009, or whose pack is of another pack.Format or older than
// their row. It pages through them by ID, reads each page from the JSON in
// one snapshot, and writes a pack only where the creators row is still at
// the version it read (storePacks; a creator rewritten or deleted meanwhile
// is left to its writer). progress, if not nil, is called after each page with
// the number written so far. It returns that number; running it again
// finds nothing to do. Reads never wait for it: a creator without a pack is
// read from its JSON.
func (s *Store) PackCreators(ctx context.Context, progress func(done int)) (int, error) {
	if s.opts.withoutPacks {
		return 0, nil
	}
	done := 0
	after := ""
	for {
		rows, err := s.pool.Query(ctx, `SELECT c.id FROM creators c
			LEFT JOIN creator_packs p ON p.creator_id = c.id AND p.format = $2::smallint AND p.row_version = `+rowVersionSQL+`
			WHERE c.id > $1 AND p.creator_id IS NULL ORDER BY c.id LIMIT $3`, after, int16(pack.Format), packPage)
		if err != nil {
			return done, wrapErr(ctx, "pack creators", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return done, wrapErr(ctx, "pack creators", err)
		}
		if len(ids) == 0 {
			return done, nil
		}
		var (
			cs       []*creatormatch.Creator
			versions map[string]string
		)
		err = s.batchTx(ctx, "pack creators", snapshotBegin, func(b *pgx.Batch) { queueJSONRead(b, ids) },
			func(br pgx.BatchResults) error {
				var err error
				cs, versions, err = readJSONResults(br)
				return err
			})
		if err != nil {
			return done, err
		}
		n, err := s.storePacks(ctx, cs, versions)
		if err != nil {
			return done, err
		}
		done += n
		if progress != nil {
			progress(done)
		}
		after = ids[len(ids)-1]
		if len(ids) < packPage {
			return done, nil
		}
	}
}

// storePacks writes the packs of cs, read from the JSON at versions, for
// the creators whose row is still at that version. One statement first
// takes a share lock on those rows (in ID order, as UpsertCreators takes
// its locks) and writes only their packs: a re-ingest or delete of one of
// them then waits for the pack to be written, and one that committed since
// the read is left out, its row no longer matching (READ COMMITTED
// re-checks the condition on the row's newest version after waiting).
// Without the lock, a delete committing between the check and the insert
// failed the insert's foreign key, and a re-ingest committing there had its
// fresh pack overwritten by the older one (never served: its version no
// longer matched the row).
func (s *Store) storePacks(ctx context.Context, cs []*creatormatch.Creator, versions map[string]string) (int, error) {
	tag, err := s.pool.Exec(ctx, `WITH locked AS (
			SELECT c.id FROM unnest($1::text[], $2::text[]) AS t(id, version)
			JOIN creators c ON c.id = t.id
			WHERE `+rowVersionSQL+` = t.version ORDER BY c.id FOR SHARE OF c)
		`+insertPacksSQL("JOIN locked ON locked.id = t.id"),
		packArgs(cs, versions)...)
	if err != nil {
		return 0, wrapErr(ctx, "pack creators", err)
	}
	return int(tag.RowsAffected()), nil
}
