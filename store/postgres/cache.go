package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"github.com/creatormatch/creatormatch"
)

// embeddingBound keeps the embedding_cache table within its bound of max
// rows (migration 011), least recently used out first:
//
//   - every row has last_used, a tick of the embedding_cache_clock
//     sequence, set when the row is written and refreshed when a lookup
//     hits it: one UPDATE per CachedEmbeddings call for all its hits, and
//     only for rows outside the newest max/4 ticks, since a row that recent
//     cannot be among the oldest rows beyond the bound yet (at most max/4
//     rows are newer than it), so hot keys cost no write;
//   - after a CacheEmbeddings call has written enough rows, a trim deletes
//     every row older than the keep-th newest, keep = max - max/16: one
//     statement walking keep entries of the last_used index. Trimming below
//     the bound by max/16 lets the next max/16 written rows in without a
//     trim, so the walk costs about 16 index entries per row written, and
//     the table holds at most max rows after each write.
//
// The count of rows written since the last trim is this process's: with
// several processes on one database, each trims when its own writes call
// for it, so the table can exceed the bound by the others' writes since
// the last trim (at most max/16 rows each). Rows locked by a concurrent
// write or refresh are skipped by the trim (they are in use) and never
// waited for, so a trim cannot deadlock with writers.
type embeddingBound struct {
	max, keep int
	// sinceTrim counts rows written since the last trim (an upper bound:
	// rewrites count too). It starts above max - keep, so that the first
	// write after Open trims whatever the table holds.
	sinceTrim               atomic.Int64
	trimMu                  sync.Mutex
	hits, misses, evictions atomic.Uint64
}

func (b *embeddingBound) init(max int) {
	b.max = max
	if max > 0 {
		b.keep = max - max/16
		b.sinceTrim.Store(int64(max) + 1)
	}
}

// resetTrim makes the next write trim, as after init: the table may now
// hold anything (a schema migrated again).
func (b *embeddingBound) resetTrim() {
	if b.max > 0 {
		b.sinceTrim.Store(int64(b.max) + 1)
	}
}

// CachedEmbeddings returns the cached vectors of model for keys; keys not
// cached are absent from the map. Hits count as uses (embeddingBound).
func (s *Store) CachedEmbeddings(ctx context.Context, model string, keys []string) (map[string][]float32, error) {
	out := make(map[string][]float32, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	if s.embeddings.max <= 0 {
		if err := ctx.Err(); err != nil {
			return nil, wrapErr(ctx, "cached embeddings", err)
		}
		s.embeddings.misses.Add(uint64(len(keys)))
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT key, embedding FROM embedding_cache
		WHERE model = $1 AND key = ANY($2::text[])`, model, keys)
	if err != nil {
		return nil, wrapErr(ctx, "cached embeddings", err)
	}
	var (
		key string
		v   pgvector.Vector
	)
	_, err = pgx.ForEachRow(rows, []any{&key, &v}, func() error {
		out[key] = v.Slice()
		return nil
	})
	if err != nil {
		return nil, wrapErr(ctx, "cached embeddings", err)
	}
	s.embeddings.hits.Add(uint64(len(out)))
	s.embeddings.misses.Add(uint64(len(keys) - len(out)))
	if len(out) == 0 {
		return out, nil
	}
	hit := make([]string, 0, len(out))
	for k := range out {
		hit = append(hit, k)
	}
	// Refresh the hits that are not among the newest max/4 ticks. SKIP
	// LOCKED: a row locked by a concurrent write gets a new tick from it.
	_, err = s.pool.Exec(ctx, `UPDATE embedding_cache c SET last_used = nextval('embedding_cache_clock')
		FROM (SELECT model, key FROM embedding_cache
			WHERE model = $1 AND key = ANY($2::text[])
				AND last_used < (SELECT last_value FROM embedding_cache_clock) - $3
			ORDER BY key FOR UPDATE SKIP LOCKED) h
		WHERE c.model = h.model AND c.key = h.key`, model, hit, int64(s.embeddings.max/4))
	if err != nil {
		return nil, wrapErr(ctx, "cached embeddings: mark used", err)
	}
	return out, nil
}

// EmbeddingCacheStats reports the embedding cache's bound, its rows and
// their size on disk (the table with its TOAST and indexes), and this
// process's hits, misses and evictions since Open. It counts the rows, so
// it reads the table (or its smallest index): call it at scrape intervals,
// not per request.
func (s *Store) EmbeddingCacheStats(ctx context.Context) (creatormatch.EmbeddingCacheStats, error) {
	st := creatormatch.EmbeddingCacheStats{
		MaxEntries: max(s.embeddings.max, 0),
		Hits:       s.embeddings.hits.Load(),
		Misses:     s.embeddings.misses.Load(),
		Evictions:  s.embeddings.evictions.Load(),
	}
	err := s.pool.QueryRow(ctx, `SELECT count(*), pg_total_relation_size('embedding_cache') FROM embedding_cache`).
		Scan(&st.Entries, &st.Bytes)
	return st, wrapErr(ctx, "embedding cache stats", err)
}

// cacheChunk bounds the vectors sent in one statement (~2 MB at 512-d).
const cacheChunk = 1000

// CacheEmbeddings stores vectors of model by text key, replacing a cached
// vector with the same key; each written row becomes the most recently
// used. Each chunk of keys is one INSERT ... SELECT FROM unnest(keys,
// vectors), in key order so that concurrent writers lock rows in the same
// order. Then, when enough rows have been written since the last trim, it
// trims the table to its bound (embeddingBound). With the cache off it
// validates and writes nothing.
func (s *Store) CacheEmbeddings(ctx context.Context, model string, vectors map[string][]float32) error {
	if len(vectors) == 0 {
		return nil
	}
	if model == "" {
		return creatormatch.Invalid("model", "is required")
	}
	keys := make([]string, 0, len(vectors))
	for k, v := range vectors {
		if k == "" {
			return creatormatch.Invalid("key", "is required")
		}
		if len(v) == 0 || len(v) > maxVectorDim {
			return creatormatch.Invalid("vectors["+k+"]", "must have 1 to %d components", maxVectorDim)
		}
		for _, x := range v {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return creatormatch.Invalid("vectors["+k+"]", "has a non-finite component")
			}
		}
		keys = append(keys, k)
	}
	if s.embeddings.max <= 0 {
		return wrapErr(ctx, "cache embeddings", ctx.Err())
	}
	slices.Sort(keys)
	for start := 0; start < len(keys); start += cacheChunk {
		chunk := keys[start:min(start+cacheChunk, len(keys))]
		vecs := make([]pgvector.Vector, len(chunk))
		for i, k := range chunk {
			vecs[i] = pgvector.NewVector(vectors[k])
		}
		_, err := s.pool.Exec(ctx, `INSERT INTO embedding_cache (model, key, dim, embedding)
			SELECT $1, u.key, vector_dims(u.embedding), u.embedding
			FROM unnest($2::text[], $3::vector[]) AS u(key, embedding)
			ON CONFLICT (model, key) DO UPDATE
			SET dim = excluded.dim, embedding = excluded.embedding, created_at = now(),
				last_used = excluded.last_used`,
			model, chunk, vecs)
		if err != nil {
			return wrapErr(ctx, "cache embeddings", err)
		}
		s.embeddings.sinceTrim.Add(int64(len(chunk)))
	}
	if s.embeddings.sinceTrim.Load() > int64(s.embeddings.max-s.embeddings.keep) {
		// The vectors are stored: a failed trim is retried by the next
		// write rather than failing this one.
		if err := s.trimEmbeddingCache(ctx); err != nil {
			s.log().WarnContext(ctx, "postgres: trim embedding cache", "err", err)
		}
	}
	return nil
}

// trimEmbeddingCache deletes the rows older than the keep-th most recently
// used (embeddingBound), one trim at a time.
func (s *Store) trimEmbeddingCache(ctx context.Context) error {
	b := &s.embeddings
	b.trimMu.Lock()
	defer b.trimMu.Unlock()
	n := b.sinceTrim.Swap(0)
	if n <= int64(b.max-b.keep) { // another call trimmed meanwhile
		b.sinceTrim.Add(n)
		return nil
	}
	tag, err := s.pool.Exec(ctx, `WITH cutoff AS (
			SELECT last_used FROM embedding_cache ORDER BY last_used DESC OFFSET $1 LIMIT 1
		), doomed AS (
			SELECT model, key FROM embedding_cache
			WHERE last_used <= (SELECT last_used FROM cutoff)
			FOR UPDATE SKIP LOCKED
		)
		DELETE FROM embedding_cache c USING doomed d WHERE c.model = d.model AND c.key = d.key`, b.keep)
	if err != nil {
		b.sinceTrim.Add(n)
		return wrapErr(ctx, "trim embedding cache", err)
	}
	b.evictions.Add(uint64(tag.RowsAffected()))
	return nil
}

// AddFeedback stores events in one statement, so all or none are written.
// An event without ID gets a random one and one without CreatedAt the
// current time, one without Workspace DefaultWorkspace. Re-adding an event
// whose workspace holds its ID is a no-op, which makes a retried call after
// a lost response safe.
func (s *Store) AddFeedback(ctx context.Context, events []creatormatch.FeedbackEvent) error {
	if len(events) == 0 {
		return nil
	}
	verr := &creatormatch.ValidationError{}
	n := len(events)
	ids, briefs, texts, creators, kinds := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	workspaces := make([]string, n)
	metrics := make([]*string, n)
	created := make([]time.Time, n)
	now := time.Now().UTC()
	for i, e := range events {
		field := fmt.Sprintf("events[%d]", i)
		if e.CreatorID == "" {
			verr.Add(field+".creator_id", "is required")
		}
		if !e.Kind.Valid() {
			verr.Add(field+".event", "unknown event %q", e.Kind)
		}
		workspaces[i] = creatormatch.WorkspaceOrDefault(e.Workspace)
		if !creatormatch.ValidWorkspace(workspaces[i]) {
			verr.Add(field+".workspace", "is not a valid workspace name")
		}
		ids[i], briefs[i], texts[i], creators[i], kinds[i] = e.ID, e.BriefID, e.BriefText, e.CreatorID, string(e.Kind)
		if ids[i] == "" {
			ids[i] = newID()
		}
		if e.Metrics != nil {
			js, err := json.Marshal(e.Metrics)
			if err != nil {
				verr.Add(field+".metrics", "%v", err)
			}
			m := string(js)
			metrics[i] = &m
		}
		created[i] = e.CreatedAt
		if created[i].IsZero() {
			created[i] = now
		}
	}
	if err := verr.Err(); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO feedback (workspace, id, brief_id, brief_text, creator_id, event, metrics, created_at)
		SELECT u.workspace, u.id, u.brief_id, u.brief_text, u.creator_id, u.event, u.metrics::jsonb, u.created_at
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
			WITH ORDINALITY AS u(workspace, id, brief_id, brief_text, creator_id, event, metrics, created_at, ord)
		ORDER BY u.ord
		ON CONFLICT (workspace, id) DO NOTHING`,
		workspaces, ids, briefs, texts, creators, kinds, metrics, created)
	return wrapErr(ctx, "add feedback", err)
}

// listFeedback returns the events matching f, oldest first (ties in insert
// order: Seq is the table's identity column), at most f.Limit of them after
// f.After.
func (s *Store) listFeedback(ctx context.Context, f creatormatch.FeedbackFilter) ([]creatormatch.FeedbackEvent, error) {
	var (
		q     query
		conds = []string{"TRUE"}
	)
	if f.Workspace != "" {
		conds = append(conds, "workspace = "+q.arg(f.Workspace))
	}
	if f.BriefID != "" {
		conds = append(conds, "brief_id = "+q.arg(f.BriefID))
	}
	if f.CreatorID != "" {
		conds = append(conds, "creator_id = "+q.arg(f.CreatorID))
	}
	if len(f.CreatorIDs) > 0 {
		conds = append(conds, "creator_id = ANY("+q.arg(f.CreatorIDs)+"::text[])")
	}
	if len(f.Kinds) > 0 {
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			kinds[i] = string(k)
		}
		conds = append(conds, "event = ANY("+q.arg(kinds)+"::text[])")
	}
	if f.After != nil {
		// A row comparison the (created_at, seq) indexes answer in order.
		conds = append(conds, "(created_at, seq) > ("+q.arg(f.After.CreatedAt)+"::timestamptz, "+q.arg(f.After.Seq)+"::bigint)")
	}
	limit := ""
	if f.Limit > 0 {
		limit = " LIMIT " + q.arg(f.Limit)
	}
	rows, err := s.db(ctx).Query(ctx, `SELECT workspace, id, brief_id, brief_text, creator_id, event, metrics, created_at, seq
		FROM feedback WHERE `+strings.Join(conds, " AND ")+` ORDER BY created_at, seq`+limit, q.args...)
	if err != nil {
		return nil, wrapErr(ctx, "list feedback", err)
	}
	out := []creatormatch.FeedbackEvent{}
	var (
		e       creatormatch.FeedbackEvent
		metrics []byte
	)
	_, err = pgx.ForEachRow(rows, []any{&e.Workspace, &e.ID, &e.BriefID, &e.BriefText, &e.CreatorID, &e.Kind, &metrics, &e.CreatedAt, &e.Seq}, func() error {
		ev := e
		ev.CreatedAt = e.CreatedAt.UTC()
		ev.Metrics = nil
		if metrics != nil {
			if err := json.Unmarshal(metrics, &ev.Metrics); err != nil {
				return fmt.Errorf("decode metrics of %s: %w", e.ID, err)
			}
		}
		out = append(out, ev)
		return nil
	})
	if err != nil {
		return nil, wrapErr(ctx, "list feedback", err)
	}
	return out, nil
}

// newID returns 16 random bytes in hex.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ListFeedback is listFeedback, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) ListFeedback(ctx context.Context, f creatormatch.FeedbackFilter) ([]creatormatch.FeedbackEvent, error) {
	return readRouted(ctx, s, "list feedback", func(ctx context.Context) ([]creatormatch.FeedbackEvent, error) {
		return s.listFeedback(ctx, f)
	})
}
