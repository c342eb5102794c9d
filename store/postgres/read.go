package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/pack"
)

// snapshotBegin starts the read transaction of a multi-statement read: the
// creators row and its child rows come from one snapshot, so a read racing
// a re-ingest never mixes the old profile with the new content.
const snapshotBegin = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"

// getCreator returns one creator with its accounts, content, audience and
// features, or an error wrapping ErrNotFound.
func (s *Store) getCreator(ctx context.Context, id string) (*creatormatch.Creator, error) {
	got, err := s.load(ctx, "get creator", false, []string{id})
	if err != nil {
		return nil, err
	}
	if len(got) == 0 {
		return nil, fmt.Errorf("postgres: creator %q: %w", id, creatormatch.ErrNotFound)
	}
	return got[0], nil
}

// getCreators returns the creators that exist among ids, in the order of
// ids (a repeated id is returned each time); missing ids are skipped.
func (s *Store) getCreators(ctx context.Context, ids []string) ([]*creatormatch.Creator, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	uniq := slices.Clone(ids)
	slices.Sort(uniq)
	uniq = slices.Compact(uniq)
	got, err := s.load(ctx, "get creators", true, uniq)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*creatormatch.Creator, len(got))
	for _, c := range got {
		byID[c.ID] = c
	}
	out := make([]*creatormatch.Creator, 0, len(got))
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// ScanCreators calls fn for every creator in ID order, loading pages of
// creators (500 by default) by keyset pagination (id > last ORDER BY id),
// which stays fast however deep the scan goes, unlike OFFSET. Each
// creator is read whole from one snapshot; creators written during the
// scan appear if their ID is beyond the current page.
func (s *Store) ScanCreators(ctx context.Context, fn func(*creatormatch.Creator) error) error {
	after := ""
	for {
		rows, err := s.pool.Query(ctx, "SELECT id FROM creators WHERE id > $1 ORDER BY id LIMIT $2", after, s.opts.scanPageSize)
		if err != nil {
			return wrapErr(ctx, "scan creators", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return wrapErr(ctx, "scan creators", err)
		}
		page, err := s.load(ctx, "scan creators", false, ids)
		if err != nil {
			return err
		}
		for _, c := range page {
			// A page is in memory; stop between creators when the
			// caller gives up rather than at the next page.
			if err := ctx.Err(); err != nil {
				return wrapErr(ctx, "scan creators", err)
			}
			if err := fn(c); err != nil {
				return err
			}
		}
		if len(ids) < s.opts.scanPageSize {
			return nil
		}
		after = ids[len(ids)-1]
	}
}

// load reads the creators among ids (which must be distinct), in the order
// of ids; missing ones are skipped. A shared reader (GetCreators) may get
// creators from the cache and adds what it decodes to it (see
// creatorCache); the others get creators of their own.
//
// One statement answers almost every read. For each creator it returns the
// creators row's version, whether the reader's cached copy is at that
// version, and, if it is not, the creator's pack (store/pack, migration
// 009) when one was made from that very version. Decoding a pack costs a
// few microseconds where the JSON columns cost about 63 (the features
// above all: at 1M creators, 100 creators read for the first time took
// 9.7 ms at p50, 6.3 of them in encoding/json; with packs, 3.6-3.9 ms).
// Only creators without a current pack (stored before migration 009 and
// not yet backfilled by PackCreators, or a pack of another Format) are
// read from their JSON columns and child rows, in a second round trip.
//
// The pack is a subquery inside the CASE, so it is looked up only for
// creators the caller has no current copy of: as a join it was probed for
// every cached creator too (at 1M creators, the all-cached read of 100
// creators went from 0.5 to 1.4 ms).
func (s *Store) load(ctx context.Context, op string, shared bool, ids []string) ([]*creatormatch.Creator, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	// known[i] is the version of the cached copy of ids[i], "" if none.
	known := make([]string, len(ids))
	var cache map[string]cachedCreator // nil for readers that own their creators
	if shared && s.cache.enabled() {
		cache = s.cache.known(ids)
		for i, id := range ids {
			known[i] = cache[id].version
		}
	}
	packCol := "NULL::bytea"
	args := []any{ids, known}
	if !s.opts.withoutPacks {
		packCol = `(SELECT p.pack FROM creator_packs p WHERE p.creator_id = c.id
			AND p.format = $3::smallint AND p.row_version = v.version)`
		args = append(args, pack.Format)
	}
	rows, err := s.db(ctx).Query(ctx, `SELECT c.id, v.version, r.known = v.version,
			CASE WHEN r.known = v.version THEN NULL ELSE `+packCol+` END
		FROM unnest($1::text[], $2::text[]) AS r(id, known)
		JOIN creators c ON c.id = r.id
		CROSS JOIN LATERAL (SELECT `+rowVersionSQL+` AS version) v`, args...)
	if err != nil {
		return nil, wrapErr(ctx, op, err)
	}
	var (
		got     = map[string]*creatormatch.Creator{}
		missing []string
		id      string
		version string
		cached  bool
		packed  []byte
		broken  []brokenPack
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &version, &cached, &packed}, func() error {
		switch {
		case cached:
			got[id] = cache[id].c
		case packed != nil:
			c, err := pack.Decode(packed)
			if err == nil && c.ID != id {
				err = fmt.Errorf("decodes to creator %q", c.ID)
			}
			if err != nil {
				// A pack that does not decode to its creator is never
				// served: the JSON columns are the record.
				broken = append(broken, brokenPack{id, version, err})
				missing = append(missing, id)
				return nil
			}
			got[id] = c
			if shared {
				s.cache.put(version, c)
			}
		default:
			missing = append(missing, id)
		}
		return nil
	})
	if err != nil {
		return nil, wrapErr(ctx, op, err)
	}
	if len(broken) > 0 {
		s.dropBrokenPacks(ctx, broken)
	}
	if len(missing) > 0 {
		var fromJSON []*creatormatch.Creator
		var versions map[string]string
		err := s.batchTx(ctx, op, snapshotBegin, func(b *pgx.Batch) { queueJSONRead(b, missing) },
			func(br pgx.BatchResults) error {
				var err error
				fromJSON, versions, err = readJSONResults(br)
				return err
			})
		if err != nil {
			return nil, err
		}
		for _, c := range fromJSON {
			got[c.ID] = c
			if shared {
				s.cache.put(versions[c.ID], c)
			}
		}
	}
	out := make([]*creatormatch.Creator, 0, len(ids))
	for _, id := range ids {
		if c := got[id]; c != nil { // nil: deleted between the two reads
			out = append(out, c)
		}
	}
	return out, nil
}

// brokenPack is a current pack (its creator's version, this Format) that
// does not decode to its creator.
type brokenPack struct {
	id, version string
	err         error
}

// dropBrokenPacks logs packs that do not decode and deletes them, so that
// later reads go straight to the JSON columns without decoding them again
// and the next PackCreators (creatormatch migrate) packs those creators
// afresh. Only a pack still at the version and Format read is deleted: one
// written since for a newer version, or by a binary of another Format, is
// kept. A read never waits for a writer here: packs locked by a writer's
// open transaction (which is replacing them anyway) are skipped, not
// waited for, and the rows are locked in ID order. Packs are never the
// record, so deleting one loses nothing; a failed delete is logged and the
// read goes on.
func (s *Store) dropBrokenPacks(ctx context.Context, broken []brokenPack) {
	ids := make([]string, len(broken))
	versions := make([]string, len(broken))
	for i, b := range broken {
		ids[i], versions[i] = b.id, b.version
	}
	s.log().WarnContext(ctx, "creator packs do not decode; reading their JSON columns and deleting the packs (creatormatch migrate repacks them)",
		"count", len(broken), "first_creator", broken[0].id, "first_error", broken[0].err.Error())
	_, err := s.pool.Exec(ctx, `DELETE FROM creator_packs WHERE creator_id IN (
		SELECT p.creator_id FROM creator_packs p
		JOIN unnest($1::text[], $2::text[]) AS b(id, version)
			ON p.creator_id = b.id AND p.row_version = b.version AND p.format = $3::smallint
		ORDER BY p.creator_id
		FOR UPDATE OF p SKIP LOCKED)`, ids, versions, pack.Format)
	if err != nil {
		s.log().WarnContext(ctx, "deleting creator packs that do not decode", "err", err)
	}
}

// queueJSONRead queues the read of creators ids from their JSON columns and
// child rows: four statements, which readJSONResults reads. Run them in one
// snapshot (a REPEATABLE READ transaction, or the writer's own), so a read
// racing a re-ingest never mixes the old profile with the new content.
func queueJSONRead(b *pgx.Batch, ids []string) {
	in := ` IN (SELECT unnest($1::text[]))`
	b.Queue(`SELECT c.id, c.data, c.features, `+rowVersionSQL+`, c.created_at, c.updated_at
		FROM creators c WHERE c.id`+in+` ORDER BY c.id`, ids)
	b.Queue(`SELECT creator_id, platform, handle, followers, following, verified, follower_history
		FROM accounts WHERE creator_id`+in+` ORDER BY creator_id, position`, ids)
	b.Queue(`SELECT creator_id, id, platform, posted_at, caption, hashtags, mentions, likes,
		comments, shares, saves, views, sponsored, sponsors, disclosures, comment_samples, url
		FROM content WHERE creator_id`+in+` ORDER BY creator_id, position`, ids)
	b.Queue(`SELECT creator_id, age, gender, countries, languages, interests, credibility
		FROM audiences WHERE creator_id`+in, ids)
}

// readJSONResults reads the results of queueJSONRead: the creators in ID
// order and the version of each one's creators row.
func readJSONResults(br pgx.BatchResults) ([]*creatormatch.Creator, map[string]string, error) {
	var out []*creatormatch.Creator
	byID := map[string]*creatormatch.Creator{}
	versions := map[string]string{}
	rows, _ := br.Query()
	for rows.Next() {
		var (
			id, data, features []byte
			version            string
			created, updated   *time.Time
		)
		if err := rows.Scan(&id, &data, &features, &version, &created, &updated); err != nil {
			return nil, nil, err
		}
		c := &creatormatch.Creator{}
		if err := json.Unmarshal(data, c); err != nil {
			return nil, nil, fmt.Errorf("creator %s: decode data: %w", id, err)
		}
		c.ID = string(id)
		if features != nil {
			c.Features = &creatormatch.Features{}
			if err := json.Unmarshal(features, c.Features); err != nil {
				return nil, nil, fmt.Errorf("creator %s: decode features: %w", id, err)
			}
		}
		if created != nil {
			c.CreatedAt = created.UTC()
		}
		if updated != nil {
			c.UpdatedAt = updated.UTC()
		}
		versions[c.ID] = version
		out = append(out, c)
		byID[c.ID] = c
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}

	rows, _ = br.Query()
	for rows.Next() {
		var (
			cid  string
			a    creatormatch.Account
			hist []byte
		)
		if err := rows.Scan(&cid, &a.Platform, &a.Handle, &a.Followers, &a.Following, &a.Verified, &hist); err != nil {
			return nil, nil, err
		}
		if hist != nil {
			if err := json.Unmarshal(hist, &a.FollowerHistory); err != nil {
				return nil, nil, fmt.Errorf("creator %s: decode follower history: %w", cid, err)
			}
		}
		if c := byID[cid]; c != nil {
			c.Accounts = append(c.Accounts, a)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}

	rows, _ = br.Query()
	for rows.Next() {
		var (
			cid    string
			it     creatormatch.ContentItem
			posted *time.Time
		)
		if err := rows.Scan(&cid, &it.ID, &it.Platform, &posted, &it.Caption, &it.Hashtags,
			&it.Mentions, &it.Likes, &it.Comments, &it.Shares, &it.Saves, &it.Views,
			&it.Sponsored, &it.Sponsors, &it.Disclosures, &it.CommentSamples, &it.URL); err != nil {
			return nil, nil, err
		}
		if posted != nil {
			it.PostedAt = posted.UTC()
		}
		if c := byID[cid]; c != nil {
			c.Content = append(c.Content, it)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}

	rows, _ = br.Query()
	for rows.Next() {
		var (
			cid  string
			js   [5][]byte
			cred *float64
		)
		if err := rows.Scan(&cid, &js[0], &js[1], &js[2], &js[3], &js[4], &cred); err != nil {
			return nil, nil, err
		}
		a := &creatormatch.Audience{Credibility: cred}
		for i, dst := range []*map[string]float64{&a.Age, &a.Gender, &a.Countries, &a.Languages, &a.Interests} {
			if js[i] == nil {
				continue
			}
			if err := json.Unmarshal(js[i], dst); err != nil {
				return nil, nil, fmt.Errorf("creator %s: decode audience: %w", cid, err)
			}
		}
		if c := byID[cid]; c != nil {
			c.Audience = a
		}
	}
	return out, versions, rows.Err()
}

// DeleteCreator removes a creator; its accounts, content, audience and
// vectors go with it (ON DELETE CASCADE). Feedback is kept. A missing
// creator is ErrNotFound.
func (s *Store) DeleteCreator(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, "DELETE FROM creators WHERE id = $1", id)
	if err != nil {
		return wrapErr(ctx, "delete creator", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: creator %q: %w", id, creatormatch.ErrNotFound)
	}
	return nil
}

// countCreators returns the number of creators.
func (s *Store) countCreators(ctx context.Context) (int, error) {
	var n int
	err := s.db(ctx).QueryRow(ctx, "SELECT count(*) FROM creators").Scan(&n)
	return n, wrapErr(ctx, "count creators", err)
}

// profileVectors returns the profile vectors of model for those of ids that
// have one.
func (s *Store) profileVectors(ctx context.Context, model string, ids []string) (map[string][]float32, error) {
	out := make(map[string][]float32, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db(ctx).Query(ctx, `SELECT creator_id, embedding FROM embeddings
		WHERE creator_id = ANY($1::text[]) AND kind = 'profile' AND item_id = '' AND model = $2`, ids, model)
	if err != nil {
		return nil, wrapErr(ctx, "profile vectors", err)
	}
	var (
		id string
		v  pgvector.Vector
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &v}, func() error {
		out[id] = v.Slice()
		return nil
	})
	if err != nil {
		return nil, wrapErr(ctx, "profile vectors", err)
	}
	return out, nil
}

// profileSimilarities implements creatormatch.ProfileScorer: the cosine
// similarity of q to the profile vectors of model of ids, computed by the
// server as SearchDense scores (1 - the cosine distance), so a candidate
// found only by text search gets the number a dense search would have
// given it, and 8 bytes per creator cross the wire instead of its vector.
func (s *Store) profileSimilarities(ctx context.Context, model string, q []float32, ids []string) (map[string]float64, error) {
	out := make(map[string]float64, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	stored, err := s.checkQueryVector(ctx, model, q)
	if err != nil {
		return nil, err
	}
	if !stored {
		return out, nil
	}
	rows, err := s.db(ctx).Query(ctx, `SELECT creator_id, embedding <=> $3::vector FROM embeddings
		WHERE creator_id = ANY($1::text[]) AND kind = 'profile' AND item_id = '' AND model = $2`,
		ids, model, pgvector.NewVector(q))
	if err != nil {
		return nil, wrapErr(ctx, "profile similarities", err)
	}
	var (
		id   string
		dist float64
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &dist}, func() error {
		if math.IsNaN(dist) { // a stored zero vector, as in SearchDense
			dist = 1
		}
		out[id] = 1 - dist
		return nil
	})
	if err != nil {
		return nil, wrapErr(ctx, "profile similarities", err)
	}
	return out, nil
}

// contentVectors returns, per creator, its content vectors of model keyed by
// content item id; creators without any are absent.
func (s *Store) contentVectors(ctx context.Context, model string, creatorIDs []string) (map[string]map[string][]float32, error) {
	out := make(map[string]map[string][]float32, len(creatorIDs))
	if len(creatorIDs) == 0 {
		return out, nil
	}
	rows, err := s.db(ctx).Query(ctx, `SELECT creator_id, item_id, embedding FROM embeddings
		WHERE creator_id = ANY($1::text[]) AND kind = 'content' AND model = $2`, creatorIDs, model)
	if err != nil {
		return nil, wrapErr(ctx, "content vectors", err)
	}
	var (
		id, item string
		v        pgvector.Vector
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &item, &v}, func() error {
		m := out[id]
		if m == nil {
			m = map[string][]float32{}
			out[id] = m
		}
		m[item] = v.Slice()
		return nil
	})
	if err != nil {
		return nil, wrapErr(ctx, "content vectors", err)
	}
	return out, nil
}

// PeerRates returns the engagement rates of all creators with features,
// grouped by PeerKey(platform, tier) and sorted ascending. The platform is
// the one the engagement rate was measured on (the tier's platform when the
// rate names none), and the tier that account's (er_tier; the main tier
// for rows written before it existed). Aggregation happens in the server, so one row per peer
// group crosses the wire.
func (s *Store) PeerRates(ctx context.Context) (map[string][]float64, error) {
	rows, err := s.pool.Query(ctx, `SELECT er_platform, coalesce(er_tier, tier),
			array_agg(engagement_rate ORDER BY engagement_rate)
		FROM creators
		WHERE er_platform IS NOT NULL AND coalesce(er_tier, tier) IS NOT NULL AND engagement_rate IS NOT NULL
		GROUP BY 1, 2`)
	if err != nil {
		return nil, wrapErr(ctx, "peer rates", err)
	}
	out := map[string][]float64{}
	var (
		platform, tier string
		rates          []float64
	)
	_, err = pgx.ForEachRow(rows, []any{&platform, &tier, &rates}, func() error {
		out[creatormatch.PeerKey(creatormatch.Platform(platform), creatormatch.Tier(tier))] = slices.Clone(rates)
		return nil
	})
	if err != nil {
		return nil, wrapErr(ctx, "peer rates", err)
	}
	return out, nil
}

// GetCreator is getCreator, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) GetCreator(ctx context.Context, id string) (*creatormatch.Creator, error) {
	return readRouted(ctx, s, "get creator", func(ctx context.Context) (*creatormatch.Creator, error) {
		return s.getCreator(ctx, id)
	})
}

// GetCreators is getCreators, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) GetCreators(ctx context.Context, ids []string) ([]*creatormatch.Creator, error) {
	return readRouted(ctx, s, "get creators", func(ctx context.Context) ([]*creatormatch.Creator, error) {
		return s.getCreators(ctx, ids)
	})
}

// CountCreators is countCreators, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) CountCreators(ctx context.Context) (int, error) {
	return readRouted(ctx, s, "count creators", func(ctx context.Context) (int, error) {
		return s.countCreators(ctx)
	})
}

// ProfileVectors is profileVectors, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) ProfileVectors(ctx context.Context, model string, ids []string) (map[string][]float32, error) {
	return readRouted(ctx, s, "profile vectors", func(ctx context.Context) (map[string][]float32, error) {
		return s.profileVectors(ctx, model, ids)
	})
}

// ProfileSimilarities is profileSimilarities, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) ProfileSimilarities(ctx context.Context, model string, q []float32, ids []string) (map[string]float64, error) {
	return readRouted(ctx, s, "profile similarities", func(ctx context.Context) (map[string]float64, error) {
		return s.profileSimilarities(ctx, model, q, ids)
	})
}

// ContentVectors is contentVectors, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) ContentVectors(ctx context.Context, model string, creatorIDs []string) (map[string]map[string][]float32, error) {
	return readRouted(ctx, s, "content vectors", func(ctx context.Context) (map[string]map[string][]float32, error) {
		return s.contentVectors(ctx, model, creatorIDs)
	})
}
