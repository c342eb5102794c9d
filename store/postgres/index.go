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

// VectorIndex is the kind of HNSW index SearchDense walks for a model's
// profile vectors. The vectors themselves are always stored at full
// precision (embeddings.embedding), so every kind returns exact cosine
// similarities; the kinds differ in what the graph holds and so in its
// size, build time and recall (measured side by side at 1M creators by
// `creatormatch bench --vector-indexes`, docs/scaling.md):
//
//   - IndexVector: the vectors themselves (vector_cosine_ops), 4 bytes a
//     dimension. The default.
//   - IndexHalfvec: embedding::halfvec(dim) (halfvec_cosine_ops), 2 bytes a
//     dimension: the walk orders by half-precision distance, the returned
//     distance is recomputed from the full vector.
//   - IndexBit: binary_quantize(embedding)::bit(dim) (bit_hamming_ops), one
//     bit a dimension: the walk collects the bitRerank nearest by Hamming
//     distance, which are re-ranked by exact cosine distance to the full
//     vectors, the top Limit kept.
type VectorIndex string

// The index kinds (see VectorIndex).
const (
	IndexVector  VectorIndex = "vector"
	IndexHalfvec VectorIndex = "halfvec"
	IndexBit     VectorIndex = "bit"
)

// ParseVectorIndex returns the kind named s ("" is IndexVector).
func ParseVectorIndex(s string) (VectorIndex, error) {
	switch k := VectorIndex(strings.ToLower(strings.TrimSpace(s))); k {
	case "", IndexVector:
		return IndexVector, nil
	case IndexHalfvec, IndexBit:
		return k, nil
	}
	return "", creatormatch.Invalid("vector_index", "must be vector, halfvec or bit, not %q", s)
}

// maxDim is pgvector's HNSW dimension limit for the kind's indexed type.
func (k VectorIndex) maxDim() int {
	switch k {
	case IndexHalfvec:
		return 4000
	case IndexBit:
		return 64000
	}
	return maxHNSWDim
}

// expr is the indexed expression over col (the embedding column, or a
// query vector parameter): the index and the ORDER BY of a walk must use it
// verbatim for the planner to match them.
func (k VectorIndex) expr(col string, dim int) string {
	d := strconv.Itoa(dim)
	switch k {
	case IndexHalfvec:
		return col + "::halfvec(" + d + ")"
	case IndexBit:
		return "binary_quantize(" + col + ")::bit(" + d + ")"
	}
	return col + "::vector(" + d + ")"
}

// opclass is the kind's operator class, op its distance operator.
func (k VectorIndex) opclass() (opclass, op string) {
	switch k {
	case IndexHalfvec:
		return "halfvec_cosine_ops", "<=>"
	case IndexBit:
		return "bit_hamming_ops", "<~>"
	}
	return "vector_cosine_ops", "<=>"
}

// IndexName is the name of the HNSW index of model's dim-dimensional
// profile vectors: a readable slug plus a hash of the exact model id, so two
// ids with the same slug never share a name, within PostgreSQL's 63 bytes.
// It names the IndexVector kind; IndexNameOf names the others.
func IndexName(model string, dim int) string { return IndexNameOf(IndexVector, model, dim) }

// IndexNameOf is IndexName for an index of kind k: the vector kind keeps
// the names existing databases have, the others add their kind's initial
// ("embeddings_hnswh_...", "embeddings_hnswb_...").
func IndexNameOf(k VectorIndex, model string, dim int) string {
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
	prefix := "embeddings_hnsw_"
	switch k {
	case IndexHalfvec:
		prefix = "embeddings_hnswh_"
	case IndexBit:
		prefix = "embeddings_hnswb_"
	}
	return prefix + s + "_" + strconv.Itoa(dim) + "_" + hex.EncodeToString(sum[:4])
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
//
// The index is of the store's kind (WithVectorIndex; IndexVector by
// default), with that kind's dimension limit.
func (s *Store) EnsureIndex(ctx context.Context, model string, dim int) error {
	kind := s.opts.vectorIndex
	if !modelPattern.MatchString(model) {
		return creatormatch.Invalid("model", "%q is not a model id that can be indexed", model)
	}
	if dim <= 0 || dim > kind.maxDim() {
		return creatormatch.Invalid("dimension", "must be 1 to %d to be indexed, not %d", kind.maxDim(), dim)
	}
	if known, err := s.modelDim(ctx, model, 0); err != nil {
		return err
	} else if known != 0 && known != dim {
		return creatormatch.Invalid("dimension", "model %q stores %d-dimensional vectors, not %d", model, known, dim)
	}
	name := IndexNameOf(kind, model, dim)
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
	if _, err := conn.Exec(ctx, IndexDDLOf(kind, model, dim, true)); err != nil {
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
	return IndexDDLOf(IndexVector, model, dim, concurrently)
}

// IndexDDLOf is IndexDDL for an index of kind k (see VectorIndex), with the
// same m and ef_construction.
func IndexDDLOf(k VectorIndex, model string, dim int, concurrently bool) string {
	conc := ""
	if concurrently {
		conc = "CONCURRENTLY "
	}
	opclass, _ := k.opclass()
	return fmt.Sprintf(`CREATE INDEX %sIF NOT EXISTS %s ON embeddings
		USING hnsw ((%s) %s)
		WITH (m = %d, ef_construction = %d)
		WHERE model = %s AND kind = 'profile'`,
		conc, pgx.Identifier{IndexNameOf(k, model, dim)}.Sanitize(), k.expr("embedding", dim), opclass,
		hnswM, hnswEfConstruction, quoteLiteral(model))
}

// indexTTL is how long hasIndex trusts a cached answer: an index built by
// another process (or `creatormatch` replica) is used within a minute.
const indexTTL = time.Minute

type indexState struct {
	ok bool
	at time.Time
}

// hasIndex reports whether a valid HNSW index of the store's kind for
// model's dim-dimensional profile vectors exists (by IndexName), caching the answer for indexTTL.
func (s *Store) hasIndex(ctx context.Context, model string, dim int) (bool, error) {
	name := IndexNameOf(s.opts.vectorIndex, model, dim)
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
