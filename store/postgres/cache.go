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
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"github.com/creatormatch/creatormatch"
)

// CachedEmbeddings returns the cached vectors of model for keys; keys not
// cached are absent from the map.
func (s *Store) CachedEmbeddings(ctx context.Context, model string, keys []string) (map[string][]float32, error) {
	out := make(map[string][]float32, len(keys))
	if len(keys) == 0 {
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
	return out, nil
}

// cacheChunk bounds the vectors sent in one statement (~2 MB at 512-d).
const cacheChunk = 1000

// CacheEmbeddings stores vectors of model by text key, replacing a cached
// vector with the same key. Each chunk of keys is one INSERT ... SELECT
// FROM unnest(keys, vectors), in key order so that concurrent writers lock
// rows in the same order.
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
			SET dim = excluded.dim, embedding = excluded.embedding, created_at = now()`,
			model, chunk, vecs)
		if err != nil {
			return wrapErr(ctx, "cache embeddings", err)
		}
	}
	return nil
}

// AddFeedback stores events in one statement, so all or none are written.
// An event without ID gets a random one and one without CreatedAt the
// current time. Re-adding an event with a stored ID is a no-op, which makes
// a retried call after a lost response safe.
func (s *Store) AddFeedback(ctx context.Context, events []creatormatch.FeedbackEvent) error {
	if len(events) == 0 {
		return nil
	}
	verr := &creatormatch.ValidationError{}
	n := len(events)
	ids, briefs, texts, creators, kinds := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
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
	_, err := s.pool.Exec(ctx, `INSERT INTO feedback (id, brief_id, brief_text, creator_id, event, metrics, created_at)
		SELECT u.id, u.brief_id, u.brief_text, u.creator_id, u.event, u.metrics::jsonb, u.created_at
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
			WITH ORDINALITY AS u(id, brief_id, brief_text, creator_id, event, metrics, created_at, ord)
		ORDER BY u.ord
		ON CONFLICT (id) DO NOTHING`,
		ids, briefs, texts, creators, kinds, metrics, created)
	return wrapErr(ctx, "add feedback", err)
}

// ListFeedback returns the events matching f, oldest first (ties in insert
// order).
func (s *Store) ListFeedback(ctx context.Context, f creatormatch.FeedbackFilter) ([]creatormatch.FeedbackEvent, error) {
	var (
		q     query
		conds = []string{"TRUE"}
	)
	if f.BriefID != "" {
		conds = append(conds, "brief_id = "+q.arg(f.BriefID))
	}
	if f.CreatorID != "" {
		conds = append(conds, "creator_id = "+q.arg(f.CreatorID))
	}
	if len(f.Kinds) > 0 {
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			kinds[i] = string(k)
		}
		conds = append(conds, "event = ANY("+q.arg(kinds)+"::text[])")
	}
	rows, err := s.pool.Query(ctx, `SELECT id, brief_id, brief_text, creator_id, event, metrics, created_at
		FROM feedback WHERE `+strings.Join(conds, " AND ")+` ORDER BY created_at, seq`, q.args...)
	if err != nil {
		return nil, wrapErr(ctx, "list feedback", err)
	}
	out := []creatormatch.FeedbackEvent{}
	var (
		e       creatormatch.FeedbackEvent
		metrics []byte
	)
	_, err = pgx.ForEachRow(rows, []any{&e.ID, &e.BriefID, &e.BriefText, &e.CreatorID, &e.Kind, &metrics, &e.CreatedAt}, func() error {
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
