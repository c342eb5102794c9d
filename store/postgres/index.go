package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/creatormatch/creatormatch"
)

// HNSW build parameters of every profile index; see
// migrations/005_profile_hnsw_ef200.sql for why these values.
const (
	hnswM              = 16
	hnswEfConstruction = 200
	// maxHNSWDim is pgvector's limit for indexing the vector type.
	maxHNSWDim = 2000
)

// modelPattern is what a model id may look like to be written into DDL
// (index predicates cannot be parameters). Real ids ("use-lite-0.2.0",
// "text-embedding-3-small", "nomic-embed-text:v1.5", "org/model") fit.
var modelPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}$`)

// IndexName is the name of the HNSW index of model's dim-dimensional
// profile vectors: a readable slug plus a hash of the exact model id, so two
// ids with the same slug never share a name, within PostgreSQL's 63 bytes.
func IndexName(model string, dim int) string {
	var slug strings.Builder
	for _, r := range strings.ToLower(model) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			slug.WriteRune(r)
		} else {
			slug.WriteByte('_')
		}
	}
	s := slug.String()
	if len(s) > 24 {
		s = s[:24]
	}
	sum := sha256.Sum256([]byte(model + "/" + strconv.Itoa(dim)))
	return "embeddings_hnsw_" + s + "_" + strconv.Itoa(dim) + "_" + hex.EncodeToString(sum[:4])
}

// EnsureIndex creates, if missing, the partial HNSW expression index that
// lets SearchDense use approximate search for model's dim-dimensional
// profile vectors:
//
//	CREATE INDEX CONCURRENTLY <IndexName> ON embeddings
//	  USING hnsw ((embedding::vector(dim)) vector_cosine_ops)
//	  WITH (m = 16, ef_construction = 200)
//	  WHERE model = '<model>' AND kind = 'profile'
//
// CONCURRENTLY keeps ingest and search running during the build (which can
// take minutes on a large table); a build that failed half way leaves an
// invalid index, which is dropped and rebuilt. Without the index, searches
// of the model are exact, which is correct but linear in the creators
// passing the filter. The model id must match modelPattern (it is written
// into the DDL as a literal) and dim must be at most 2000 (pgvector's HNSW
// limit for vector).
func (s *Store) EnsureIndex(ctx context.Context, model string, dim int) error {
	if !modelPattern.MatchString(model) {
		return creatormatch.Invalid("model", "%q is not a model id that can be indexed", model)
	}
	if dim <= 0 || dim > maxHNSWDim {
		return creatormatch.Invalid("dimension", "must be 1 to %d to be indexed, not %d", maxHNSWDim, dim)
	}
	if known, err := s.modelDim(ctx, model, 0); err != nil {
		return err
	} else if known != 0 && known != dim {
		return creatormatch.Invalid("dimension", "model %q stores %d-dimensional vectors, not %d", model, known, dim)
	}
	name := IndexName(model, dim)
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return wrapErr(ctx, "ensure index", err)
	}
	defer conn.Release()

	var valid *bool
	err = conn.QueryRow(ctx, `SELECT i.indisvalid FROM pg_index i
		JOIN pg_class c ON c.oid = i.indexrelid
		WHERE c.relname = $1 AND c.relnamespace = (
			SELECT relnamespace FROM pg_class WHERE oid = 'embeddings'::regclass)`, name).Scan(&valid)
	switch {
	case err == nil && *valid:
		s.setIndex(name, true)
		return nil
	case err == nil: // left invalid by a failed concurrent build
		if _, err := conn.Exec(ctx, "DROP INDEX CONCURRENTLY IF EXISTS "+pgx.Identifier{name}.Sanitize()); err != nil {
			return wrapErr(ctx, "ensure index", err)
		}
	case !errors.Is(err, pgx.ErrNoRows):
		return wrapErr(ctx, "ensure index", err)
	}
	// The graph builds fastest when it fits in maintenance_work_mem
	// (pgvector warns and slows down otherwise); raise it for this session
	// only.
	if _, err := conn.Exec(ctx, "SET maintenance_work_mem = '512MB'"); err != nil {
		return wrapErr(ctx, "ensure index", err)
	}
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), "RESET maintenance_work_mem") }()
	if _, err := conn.Exec(ctx, IndexDDL(model, dim, true)); err != nil {
		return wrapErr(ctx, "ensure index", err)
	}
	s.setIndex(name, true)
	return nil
}

// IndexDDL is the CREATE INDEX statement of model's dim-dimensional
// profile index (see EnsureIndex), CONCURRENTLY if concurrently. model must
// match the pattern EnsureIndex checks; bulk loaders that drop the index
// during a load (the bench) re-create it with this.
func IndexDDL(model string, dim int, concurrently bool) string {
	conc := ""
	if concurrently {
		conc = "CONCURRENTLY "
	}
	return fmt.Sprintf(`CREATE INDEX %sIF NOT EXISTS %s ON embeddings
		USING hnsw ((embedding::vector(%d)) vector_cosine_ops)
		WITH (m = %d, ef_construction = %d)
		WHERE model = %s AND kind = 'profile'`,
		conc, pgx.Identifier{IndexName(model, dim)}.Sanitize(), dim, hnswM, hnswEfConstruction, quoteLiteral(model))
}

// indexTTL is how long hasIndex trusts a cached answer: an index built by
// another process (or `creatormatch` replica) is used within a minute.
const indexTTL = time.Minute

type indexState struct {
	ok bool
	at time.Time
}

// hasIndex reports whether a valid HNSW index for model's dim-dimensional
// profile vectors exists (by IndexName), caching the answer for indexTTL.
func (s *Store) hasIndex(ctx context.Context, model string, dim int) (bool, error) {
	name := IndexName(model, dim)
	s.indexMu.Lock()
	st, ok := s.indexes[name]
	s.indexMu.Unlock()
	if ok && time.Since(st.at) < indexTTL {
		return st.ok, nil
	}
	var valid bool
	// On the pool the search was routed to: a standby's catalog is the
	// primary's, replayed; one that lags only makes this search exact.
	err := s.db(ctx).QueryRow(ctx, `SELECT coalesce(
		(SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass($1)), false)`,
		pgx.Identifier{name}.Sanitize()).Scan(&valid)
	if err != nil {
		return false, wrapErr(ctx, "dense search", err)
	}
	s.setIndex(name, valid)
	return valid, nil
}

func (s *Store) setIndex(name string, ok bool) {
	s.indexMu.Lock()
	defer s.indexMu.Unlock()
	if s.indexes == nil {
		s.indexes = map[string]indexState{}
	}
	s.indexes[name] = indexState{ok, time.Now()}
}

// quoteLiteral quotes s as an SQL string literal (standard_conforming_strings
// is on in every supported server). Only used on strings that already match
// modelPattern, which has no quote or backslash.
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
