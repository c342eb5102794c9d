package postgres

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"github.com/creatormatch/creatormatch"
)

// query accumulates positional arguments while a statement is built: every
// value reaches the server as a bind parameter, never as SQL text.
type query struct{ args []any }

// arg adds v and returns its placeholder.
func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

// filter returns the SQL conditions (on creators aliased c) for f, ANDed.
// Zero fields add nothing. The conditions use the denormalised creators
// columns and their indexes; the platform/follower constraint is one EXISTS
// over accounts because it must hold for a single account.
func (q *query) filter(f creatormatch.Filter) string {
	var conds []string
	add := func(s string) { conds = append(conds, s) }
	if len(f.IDs) > 0 {
		add("c.id = ANY(" + q.arg(f.IDs) + "::text[])")
	}
	if len(f.ExcludeIDs) > 0 {
		add("c.id <> ALL(" + q.arg(f.ExcludeIDs) + "::text[])")
	}
	if len(f.Platforms) > 0 || f.MinFollowers > 0 || f.MaxFollowers > 0 {
		acc := []string{"a.creator_id = c.id"}
		if len(f.Platforms) > 0 {
			ps := make([]string, len(f.Platforms))
			for i, p := range f.Platforms {
				ps[i] = normLower(string(p))
			}
			acc = append(acc, "a.platform = ANY("+q.arg(ps)+"::text[])")
		}
		if f.MinFollowers > 0 {
			acc = append(acc, "a.followers >= "+q.arg(f.MinFollowers)+"::bigint")
		}
		if f.MaxFollowers > 0 {
			acc = append(acc, "a.followers <= "+q.arg(f.MaxFollowers)+"::bigint")
		}
		add("EXISTS (SELECT 1 FROM accounts a WHERE " + strings.Join(acc, " AND ") + ")")
	}
	if len(f.Tiers) > 0 {
		ts := make([]string, len(f.Tiers))
		for i, t := range f.Tiers {
			ts[i] = string(t)
		}
		add("c.tier = ANY(" + q.arg(ts) + "::text[])")
	}
	if len(f.Countries) > 0 {
		add("c.country = ANY(" + q.arg(mapStrings(f.Countries, normCountry)) + "::text[])")
	}
	if len(f.Languages) > 0 {
		add("c.languages && " + q.arg(mapStrings(f.Languages, normLower)) + "::text[]")
	}
	if len(f.ExcludeSafety) > 0 {
		add("NOT EXISTS (SELECT 1 FROM jsonb_to_recordset(c.safety_flags) AS sf(category text, severity float8)" +
			" WHERE sf.category = ANY(" + q.arg(mapStrings(f.ExcludeSafety, normLower)) + "::text[])" +
			" AND sf.severity >= " + q.arg(f.SafetyTolerance) + "::float8)")
	}
	if f.MinEngagementRate > 0 {
		add("c.engagement_rate >= " + q.arg(f.MinEngagementRate) + "::float8")
	}
	if f.MinAuthenticity > 0 {
		add("c.authenticity >= " + q.arg(f.MinAuthenticity) + "::float8")
	}
	if len(f.WorkedWith) > 0 {
		add("c.brands && " + q.arg(mapStrings(f.WorkedWith, normBrand)) + "::text[]")
	}
	if len(f.Niches) > 0 {
		add("c.niches && " + q.arg(mapStrings(f.Niches, normLower)) + "::text[]")
	}
	if len(conds) == 0 {
		return "TRUE"
	}
	return strings.Join(conds, " AND ")
}

func mapStrings(in []string, fn func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = fn(s)
	}
	return out
}

// SearchDense returns up to q.Limit creators passing q.Filter, nearest to
// q.Vector by cosine distance among profile vectors of q.Model, best first
// (ties by ID); Score is the cosine similarity 1 - distance.
//
// A model with an HNSW index (see EnsureIndex) is searched approximately
// unless q.Exact; without one the search is an exact scan of the filtered
// set (ORDER BY distance, id). The approximate search is one statement,
// sent with its settings in one pipelined round trip:
//
//	BEGIN READ ONLY
//	SET LOCAL hnsw.iterative_scan = relaxed_order, hnsw.ef_search,
//	          hnsw.max_scan_tuples, plan_cache_mode = force_custom_plan
//	WITH approx AS MATERIALIZED (HNSW index scan, filter applied in the
//	                             join, LIMIT k)
//	   , exact AS MATERIALIZED (only if approx found < k rows: the
//	                            filtered set ordered by exact distance)
//	SELECT exact, or approx when exact did not run
//	COMMIT
//
// The approximate branch orders by embedding::vector(dim) <=> $q, exactly
// the partial index's expression, with the model predicate, so the planner
// can walk the HNSW graph; pgvector 0.8's iterative scan keeps walking until
// k rows pass the filter or max_scan_tuples is reached. Relaxed order may
// return rows slightly out of distance order, so the result is re-sorted.
// If a very selective filter leaves the walk short of k rows, the exact
// branch (ordering by the uncast column, which no index matches) runs in the
// same statement: k hits are returned whenever k creators pass the filter.
// plan_cache_mode = force_custom_plan makes the server plan with the bound
// model id, which it needs to prove the partial index's WHERE clause.
// q.Exact runs the exact branch only. Among creators at exactly the same
// distance at the Limit boundary, the exact scan keeps the first IDs; the
// approximate one keeps those the graph walk met first.
func (s *Store) SearchDense(ctx context.Context, q creatormatch.DenseQuery) ([]creatormatch.Hit, error) {
	if q.Limit <= 0 {
		return []creatormatch.Hit{}, nil
	}
	dim := len(q.Vector)
	if q.Model == "" {
		return nil, creatormatch.Invalid("model", "is required")
	}
	if dim == 0 || dim > maxVectorDim {
		return nil, creatormatch.Invalid("vector", "must have 1 to %d components", maxVectorDim)
	}
	var norm float64
	for _, x := range q.Vector {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil, creatormatch.Invalid("vector", "has a non-finite component")
		}
		norm += float64(x) * float64(x)
	}
	if norm == 0 {
		return nil, creatormatch.Invalid("vector", "is all zeros: cosine similarity is undefined")
	}
	known, err := s.modelDim(ctx, q.Model, 0)
	if err != nil {
		return nil, err
	}
	if known == 0 {
		return []creatormatch.Hit{}, nil // no vector of this model was ever stored
	}
	if known != dim {
		return nil, creatormatch.Invalid("vector", "has %d components; model %q stores %d", dim, q.Model, known)
	}

	exact := q.Exact
	if !exact {
		indexed, err := s.hasIndex(ctx, q.Model, dim)
		if err != nil {
			return nil, err
		}
		// Without an HNSW index for the model, the "approximate" plan
		// would be the exact scan anyway, minus the ID tie-break.
		exact = !indexed
	}
	qq := q
	qq.Exact = exact
	sql, args := denseSQL(qq)
	var hits []creatormatch.Hit
	readHits := func(rows pgx.Rows) error {
		var (
			id   string
			dist float64
		)
		_, err := pgx.ForEachRow(rows, []any{&id, &dist}, func() error {
			if math.IsNaN(dist) { // a stored zero vector
				dist = 1
			}
			hits = append(hits, creatormatch.Hit{CreatorID: id, Score: 1 - dist})
			return nil
		})
		return err
	}
	if exact {
		rows, err := s.pool.Query(ctx, sql, args...)
		if err == nil {
			err = readHits(rows)
		}
		if err != nil {
			return nil, wrapErr(ctx, "dense search", err)
		}
	} else {
		efSearch := min(1000, max(s.opts.efSearchMin, 2*q.Limit))
		err = s.batchTx(ctx, "dense search", "BEGIN READ ONLY", func(b *pgx.Batch) {
			b.Queue(`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true),
				set_config('hnsw.ef_search', $1, true),
				set_config('hnsw.max_scan_tuples', $2, true),
				set_config('plan_cache_mode', 'force_custom_plan', true)`,
				strconv.Itoa(efSearch), strconv.Itoa(s.opts.maxScanTuples))
			for _, kv := range s.opts.settings {
				b.Queue("SELECT set_config($1, $2, true)", kv[0], kv[1])
			}
			b.Queue(sql, args...)
		}, func(br pgx.BatchResults) error {
			for range 1 + len(s.opts.settings) {
				if _, err := br.Exec(); err != nil {
					return err
				}
			}
			rows, _ := br.Query()
			return readHits(rows)
		})
		if err != nil {
			return nil, err
		}
	}
	sortHits(hits)
	if len(hits) > q.Limit {
		hits = hits[:q.Limit]
	}
	return hits, nil
}

// denseSQL builds the search statement of SearchDense. The dimension is
// formatted into the SQL because a type modifier cannot be a parameter (it
// is an int, never caller text); everything else is a parameter.
func denseSQL(q creatormatch.DenseQuery) (string, []any) {
	var b query
	vec := b.arg(pgvector.NewVector(q.Vector)) + "::vector"
	model := b.arg(q.Model)
	limit := b.arg(q.Limit) + "::int"
	filter := b.filter(q.Filter)
	dim := strconv.Itoa(len(q.Vector))
	from := ` FROM embeddings e JOIN creators c ON c.id = e.creator_id
		WHERE e.model = ` + model + ` AND e.kind = 'profile' AND e.dim = ` + dim + ` AND ` + filter
	exact := `SELECT e.creator_id, e.embedding <=> ` + vec + ` AS dist` + from
	if q.Exact {
		return exact + ` ORDER BY dist, e.creator_id LIMIT ` + limit, b.args
	}
	indexed := `e.embedding::vector(` + dim + `) <=> ` + vec
	return `WITH approx AS MATERIALIZED (
		SELECT e.creator_id, ` + indexed + ` AS dist` + from + `
		ORDER BY ` + indexed + ` LIMIT ` + limit + `
	), exact AS MATERIALIZED (
		` + exact + ` AND (SELECT count(*) FROM approx) < ` + limit + `
		ORDER BY dist, e.creator_id LIMIT ` + limit + `
	)
	SELECT creator_id, dist FROM exact
	UNION ALL
	SELECT creator_id, dist FROM approx WHERE NOT EXISTS (SELECT 1 FROM exact)`, b.args
}

// sortHits orders hits best first, ties by creator ID.
func sortHits(hits []creatormatch.Hit) {
	slices.SortFunc(hits, func(a, b creatormatch.Hit) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return strings.Compare(a.CreatorID, b.CreatorID)
	})
}

// SearchLexical returns up to q.Limit creators passing q.Filter whose
// full-text document matches any word of q.Text, best first (ties by ID).
//
// The query is an OR of the text's words: they are reduced to letters and
// digits (so no tsquery syntax can come from the caller), joined with " | "
// and parsed by to_tsquery('english', ...), which stems them and drops stop
// words like the document side. A brief is a description, not a boolean
// query, so any word may match and ranking sorts out the rest.
//
// Score = m + ts_rank_cd(tsv, query, 1|32), where m is the number of
// distinct query lexemes the document contains (length(tsv) minus the
// length of tsv with them deleted). m ranks a creator matching more of the
// brief's words first (the coordination factor of classic IR; cover density
// alone would let one word repeated four times beat two different words).
// ts_rank_cd orders creators with the same m: cover density weighted by the
// A/B/C labels (name and niches count most, captions least); normalisation
// 1 divides by log(document length), so creators with many long captions do
// not win by volume, and 32 maps the rank into [0, 1) (rank/(rank+1)), so it
// never outweighs one more matched word.
func (s *Store) SearchLexical(ctx context.Context, q creatormatch.LexicalQuery) ([]creatormatch.Hit, error) {
	if q.Limit <= 0 {
		return []creatormatch.Hit{}, nil
	}
	words := queryWords(q.Text)
	if len(words) == 0 {
		return []creatormatch.Hit{}, nil
	}
	var b query
	tsq := "to_tsquery('english', " + b.arg(strings.Join(words, " | ")) + "::text)"
	lexemes := "tsvector_to_array(to_tsvector('english', " + b.arg(strings.Join(words, " ")) + "::text))"
	filter := b.filter(q.Filter)
	sql := `SELECT c.id,
			(length(c.tsv) - length(ts_delete(c.tsv, ` + lexemes + `)))::float8
			+ ts_rank_cd(c.tsv, ` + tsq + `, 1|32)::float8 AS score
		FROM creators c
		WHERE c.tsv @@ ` + tsq + ` AND ` + filter + `
		ORDER BY score DESC, c.id
		LIMIT ` + b.arg(q.Limit) + `::int`
	rows, err := s.pool.Query(ctx, sql, b.args...)
	if err != nil {
		return nil, wrapErr(ctx, "lexical search", err)
	}
	hits := []creatormatch.Hit{}
	var (
		id    string
		score float64
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &score}, func() error {
		hits = append(hits, creatormatch.Hit{CreatorID: id, Score: score})
		return nil
	})
	if err != nil {
		return nil, wrapErr(ctx, "lexical search", err)
	}
	return hits, nil
}

// maxQueryWords bounds the OR query; briefs are short, and a pasted essay
// should not turn into a query matching every document.
const maxQueryWords = 64

// queryWords splits text into lower-case runs of letters and digits,
// without repeats, at most maxQueryWords of them.
func queryWords(text string) []string {
	var words []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len(w) > 64 || seen[w] {
			continue
		}
		seen[w] = true
		words = append(words, w)
		if len(words) == maxQueryWords {
			break
		}
	}
	return words
}
