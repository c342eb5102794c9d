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

// filter returns the SQL conditions (on creators aliased c) for f, ANDed,
// or TRUE. Zero fields add nothing.
func (q *query) filter(f creatormatch.Filter) string {
	_, conds := q.filterConds(f, "")
	if len(conds) == 0 {
		return "TRUE"
	}
	return strings.Join(conds, " AND ")
}

// filterConds returns the SQL conditions for f. With vec set (the alias of
// a profile vector row of embeddings), the country and tier conditions are
// written against the copies on that row (migration 007) and returned in
// onVector, so a search filtered only by them reads no creators row; with
// vec empty every condition is on creators (aliased c). The conditions use
// the denormalised columns and their indexes; the platform/follower
// constraint is one EXISTS over accounts because it must hold for a single
// account.
func (q *query) filterConds(f creatormatch.Filter, vec string) (onVector, onCreator []string) {
	f = f.Normalized() // the filter columns hold key forms (filterkeys.go)
	add := func(s string) { onCreator = append(onCreator, s) }
	addRow := add
	row := "c"
	if vec != "" {
		addRow = func(s string) { onVector = append(onVector, s) }
		row = vec
	}
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
		addRow(row + ".tier = ANY(" + q.arg(ts) + "::text[])")
	}
	if len(f.Countries) > 0 {
		addRow(row + ".country = ANY(" + q.arg(mapStrings(f.Countries, normCountry)) + "::text[])")
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
	if cond := q.audienceCond(f); cond != "" {
		add(cond)
	}
	return onVector, onCreator
}

func mapStrings(in []string, fn func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = fn(s)
	}
	return out
}

// searchDense returns up to q.Limit creators passing q.Filter, nearest to
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
// A filter so selective that ranking its creators exactly is cheaper than
// a filtered walk (see walkCostRatio) skips the walk and goes straight to
// the exact branch (a probe CTE counts them, stopping at the bound).
// plan_cache_mode = force_custom_plan makes the server plan with the bound
// model id, which it needs to prove the partial index's WHERE clause.
// q.Exact runs the exact branch only. Among creators at exactly the same
// distance at the Limit boundary, the exact scan keeps the first IDs; the
// approximate one keeps those the graph walk met first.
func (s *Store) searchDense(ctx context.Context, q creatormatch.DenseQuery) ([]creatormatch.Hit, error) {
	if q.Limit <= 0 {
		return []creatormatch.Hit{}, nil
	}
	if q.Model == "" {
		return nil, creatormatch.Invalid("model", "is required")
	}
	dim := len(q.Vector)
	stored, err := s.checkQueryVector(ctx, q.Model, q.Vector)
	if err != nil {
		return nil, err
	}
	if !stored {
		return []creatormatch.Hit{}, nil // no vector of this model was ever stored
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
	sql, args := denseSQL(qq, s.walk())
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
		rows, err := s.db(ctx).Query(ctx, sql, args...)
		if err == nil {
			err = readHits(rows)
		}
		if err != nil {
			return nil, wrapErr(ctx, "dense search", err)
		}
	} else {
		settings := s.approxSettings(q.Limit)
		err = s.batchTx(ctx, "dense search", "BEGIN READ ONLY", func(b *pgx.Batch) {
			for _, kv := range settings {
				b.Queue("SELECT set_config($1, $2, true)", kv[0], kv[1])
			}
			b.Queue(sql, args...)
		}, func(br pgx.BatchResults) error {
			for range settings {
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

// efSearchPerResult sizes hnsw.ef_search by the limit (approxSettings).
const efSearchPerResult = 10

// approxSettings are the transaction-local settings of an approximate
// search for limit rows: relaxed-order iterative scans, ef_search sized by
// the limit (10×limit, at least a floor of efSearchMin, at most pgvector's
// 1000), the scan bound, and custom plans (see SearchDense).
//
// Why 10×: at 1M creators (ef_construction 200), a k = 200 search found
// 94.4% of the exact top 10 with ef_search 400 and 98.8% with 1000
// (docs/benchmarks.md); at 100k both were above 98%. The matcher asks for
// 100 (matcher.DefaultCandidatePool), so 10× gives it pgvector's maximum.
//
// JIT and parallel workers are off for the statement. Both are chosen from
// the plan's cost, and the cost is dominated by the exact fallback branch
// (a sort of the whole filtered set), which almost never runs: at 1M
// creators the server spent 73 ms JIT-compiling it and 150 ms starting two
// workers for a Gather whose one-time filter was false, around an index
// scan that took 8 ms (EXPLAIN ANALYZE in docs/benchmarks.md). When the
// fallback does run, its input is the few creators a selective filter
// leaves, which one backend sorts quickly.
func (s *Store) approxSettings(limit int) [][2]string {
	efSearch := min(1000, max(s.opts.efSearchMin, efSearchPerResult*limit))
	if s.opts.vectorIndex == IndexBit { // the walk must reach its re-rank set
		efSearch = max(efSearch, s.walk().rerankFor(limit))
	}
	return append([][2]string{
		{"hnsw.iterative_scan", "relaxed_order"},
		{"hnsw.ef_search", strconv.Itoa(efSearch)},
		{"hnsw.max_scan_tuples", strconv.Itoa(s.opts.maxScanTuples)},
		{"plan_cache_mode", "force_custom_plan"},
		{"jit", "off"},
		{"max_parallel_workers_per_gather", "0"},
	}, s.opts.settings...)
}

// checkQueryVector validates a query vector for model: 1 to maxVectorDim
// finite components, not all zero, and the model's stored dimension.
// stored is false when no vector of the model was ever stored (every
// search of it is empty).
func (s *Store) checkQueryVector(ctx context.Context, model string, q []float32) (stored bool, err error) {
	if len(q) == 0 || len(q) > maxVectorDim {
		return false, creatormatch.Invalid("vector", "must have 1 to %d components", maxVectorDim)
	}
	var norm float64
	for _, x := range q {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return false, creatormatch.Invalid("vector", "has a non-finite component")
		}
		norm += float64(x) * float64(x)
	}
	if norm == 0 {
		return false, creatormatch.Invalid("vector", "is all zeros: cosine similarity is undefined")
	}
	known, err := s.modelDim(ctx, model, 0)
	if err != nil || known == 0 {
		return false, err
	}
	if known != len(q) {
		return false, creatormatch.Invalid("vector", "has %d components; model %q stores %d", len(q), model, known)
	}
	return true, nil
}

// DenseStatement returns the statement SearchDense sends for q, its
// arguments, and the settings it applies first (empty for an exact
// search), without running it. Benchmarks time this bare statement next to
// the whole match path to show what the layers above the database cost.
func (s *Store) DenseStatement(ctx context.Context, q creatormatch.DenseQuery) (settings [][2]string, sql string, args []any, err error) {
	if !q.Exact {
		indexed, err := s.hasIndex(ctx, q.Model, len(q.Vector))
		if err != nil {
			return nil, "", nil, err
		}
		q.Exact = !indexed
	}
	if !q.Exact {
		settings = s.approxSettings(q.Limit)
	}
	sql, args = denseSQL(q, s.walk())
	return settings, sql, args, nil
}

// walkPlan is how SearchDense walks the HNSW graph: the index kind, the
// walk-or-exact cost ratio (walkCostRatio), and for IndexBit how many
// candidates the walk collects for re-ranking.
type walkPlan struct {
	kind   VectorIndex
	cost   float64
	rerank int
}

func (s *Store) walk() walkPlan {
	return walkPlan{kind: s.opts.vectorIndex, cost: s.opts.walkCostRatio, rerank: s.opts.bitRerank}
}

// bitRerankPerResult sizes an IndexBit walk's candidate set by the limit
// (see walkPlan.rerankFor).
const bitRerankPerResult = 10

// rerankFor is how many candidates an IndexBit walk for limit rows
// collects: the WithBitRerank setting or bitRerankPerResult × limit, at
// least limit and at most pgvector's largest ef_search (1000), which
// approxSettings gives such a walk.
func (w walkPlan) rerankFor(limit int) int {
	n := w.rerank
	if n <= 0 {
		n = bitRerankPerResult * limit
	}
	return max(limit, min(n, 1000))
}

// denseSQL builds the search statement of SearchDense. The dimension is
// formatted into the SQL because a type modifier cannot be a parameter (it
// is an int, never caller text); everything else is a parameter.
//
// The approximate branch orders by the walk's index expression
// (VectorIndex.expr) so the planner walks that index. For IndexVector that
// distance is the exact one; for IndexHalfvec the returned distance is
// recomputed from the full vectors; for IndexBit the walk collects
// rerankFor(limit) rows by Hamming distance and an outer query keeps the
// limit nearest by exact cosine distance.
func denseSQL(q creatormatch.DenseQuery, w walkPlan) (string, []any) {
	walkCost := w.cost
	var b query
	vec := b.arg(pgvector.NewVector(q.Vector)) + "::vector"
	model := b.arg(q.Model)
	limit := b.arg(q.Limit) + "::int"
	onVector, onCreator := b.filterConds(q.Filter, "e")
	dim := strconv.Itoa(len(q.Vector))
	// The profile vector rows of the model passing the filter. Country and
	// tier are checked on the vector row itself (migration 007); creators
	// is joined only for the other conditions.
	rows := ` FROM embeddings e`
	if len(onCreator) > 0 {
		rows += ` JOIN creators c ON c.id = e.creator_id`
	}
	rows += ` WHERE e.model = ` + model + ` AND e.kind = 'profile'`
	for _, c := range slices.Concat(onVector, onCreator) {
		rows += ` AND ` + c
	}
	from := rows + ` AND e.dim = ` + dim
	exact := `SELECT e.creator_id, e.embedding <=> ` + vec + ` AS dist` + from
	if q.Exact {
		return exact + ` ORDER BY dist, e.creator_id LIMIT ` + limit, b.args
	}
	if w.kind == "" {
		w.kind = IndexVector
	}
	_, op := w.kind.opclass()
	indexed := w.kind.expr("e.embedding", len(q.Vector)) + ` ` + op + ` ` + w.kind.expr(vec, len(q.Vector))
	dist := indexed
	if w.kind != IndexVector {
		dist = `e.embedding <=> ` + vec
	}
	// With a filter, a probe counts the creators passing it, up to the
	// bound where walking the graph becomes cheaper: if fewer pass, the
	// walk is skipped and the exact branch answers (see walkCostRatio).
	// Filtered only by country/tier, the probe counts vector rows from the
	// (model, country|tier) index alone; otherwise it counts creators.
	probe, useGraph, useExact := "", "", ""
	if len(onVector)+len(onCreator) > 0 && walkCost > 0 {
		counted := rows
		if len(onCreator) > 0 {
			counted = ` FROM creators c WHERE ` + b.filter(q.Filter)
		}
		bound := `(SELECT ceil(sqrt(` + b.arg(walkCost) + `::float8 * ` + limit + ` * greatest(pc.reltuples, 1)))::int
			FROM pg_class pc WHERE pc.oid = 'creators'::regclass)`
		probe = `probe AS MATERIALIZED (
		SELECT b.t, (SELECT count(*) FROM (SELECT 1` + counted + ` LIMIT b.t) p) AS n
		FROM (SELECT ` + bound + ` AS t) b
	), `
		useGraph = ` AND (SELECT n >= t FROM probe)`
		useExact = `(SELECT n < t FROM probe) OR `
	}
	approx := `SELECT e.creator_id, ` + dist + ` AS dist` + from + useGraph + `
		ORDER BY ` + indexed + ` LIMIT ` + limit
	if w.kind == IndexBit {
		approx = `SELECT w.creator_id, w.dist FROM (SELECT e.creator_id, ` + dist + ` AS dist` + from + useGraph + `
		ORDER BY ` + indexed + ` LIMIT ` + b.arg(w.rerankFor(q.Limit)) + `::int) w
		ORDER BY w.dist LIMIT ` + limit
	}
	return `WITH ` + probe + `approx AS MATERIALIZED (
		` + approx + `
	), exact AS MATERIALIZED (
		` + exact + ` AND (` + useExact + `(SELECT count(*) FROM approx) < ` + limit + `)
		ORDER BY dist, e.creator_id LIMIT ` + limit + `
	)
	SELECT creator_id, dist FROM exact
	UNION ALL
	SELECT creator_id, dist FROM approx WHERE NOT EXISTS (SELECT 1 FROM exact)`, b.args
}

// walkCostRatio decides between walking the HNSW graph and ranking a
// filter's creators exactly. Ranking m passing creators exactly costs about
// c_e·m (each one's id from the filter's index, then its vector); a filtered
// walk for k rows visits about k·N/m index entries of the N creators, c_w
// each (a heap lookup and a filter check). Exact is cheaper while
// m² < (c_w/c_e)·k·N, so the probe counts passing creators up to
// sqrt(ratio·k·N). Measured on the 2-core machine (docs/benchmarks.md):
// at 1M creators, k = 100, a 1% filter (10k creators) took 154 ms walking
// and 45 ms exact (c_w ≈ 15 µs, c_e ≈ 4.5 µs); at 100k a 10% filter (10k
// creators) took ~25 ms walking and 57 ms exact. The ratio c_w/c_e ≈ 3.3
// puts the bound near 18k creators at 1M and 5.8k at 100k for k = 100.
const walkCostRatio = 3.3

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

// searchLexical returns up to q.Limit creators passing q.Filter whose
// full-text document matches the brief's rarer words, best first (ties by
// ID).
//
// The text is reduced to words of letters and digits (so no tsquery syntax
// can come from the caller) and stemmed by to_tsvector('english', ...), which
// drops stop words like the document side does. A brief is a description,
// not a boolean query, so any of its words may match and ranking sorts out
// the rest; but an OR of every word makes the cost grow with the catalogue:
// "creators", "looking" or "food" match a large share of a million
// documents, and every match must be fetched and ranked (at 100k synthetic
// creators a 14-word brief matched 43% of them and took 650 ms). So matching
// uses the common-terms rule of search engines (Lucene's cutoff_frequency):
//
//   - each query lexeme's document frequency df is estimated from the
//     planner statistics ANALYZE keeps for creators.tsv (pg_stats'
//     most_common_elems and their frequencies, times reltuples); a lexeme
//     not among them is rarer than the least frequent one listed, whose
//     frequency is used as its bound, and is checked for presence in any
//     document (queryLexemes): lexemes in no document take no part;
//   - lexemes in more than lexicalStopFactor × the budget documents are
//     not matched (stop words at this size; they still count in the
//     score);
//   - lexemes are taken from the rarest up while the sum of their df stays
//     within the budget (WithLexicalBudget, default 1000 documents), and the
//     rarest is always taken; the match is their OR;
//   - if even the rarest lexeme is over the budget, the match is the AND of
//     the two rarest (a brief of only common words is still answered, by the
//     creators that have both);
//   - the match is one statement, never widened: a lexeme's df is only an
//     estimate, and one missing from the statistics may be in no document
//     at all (at 1M creators "protein bar for busy commuters" picked "bar",
//     "commut" and "healthi", which no document had). Earlier versions then
//     ran the search again with the budget ×4, ×16 and unbounded, which
//     ranked up to 370k documents at 1M creators (p99 218 ms unfiltered,
//     4.3× the dense statement). A brief's common words are poor
//     retrievers but good re-rankers: the matcher scores its dense
//     candidates on every lexeme instead (a search with Filter.IDs, below),
//     so their evidence is kept at a cost bounded by the candidate pool;
//   - the matched documents are capped at lexicalCapFactor × the budget
//     before ranking (the AND of the two rarest, or statistics gone stale,
//     can match more than estimated); when the cap binds, which documents
//     are ranked follows the table's physical order.
//
// A search whose filter lists IDs (no more than the cap) is already
// bounded by them: every lexeme is matched, with no budget.
// That is how the matcher scores its dense candidates; the scores are
// the same formula as the catalogue-wide search's, so the two lists merge.
//
// Without statistics (a table never analysed, or a small one whose lexemes
// all fall under the budget) every lexeme is matched, as a plain OR. The
// common lexemes still count in the score of the documents matched:
//
// Score = m + ts_rank_cd(tsv, all lexemes ORed, 1|32), where m is the number of
// distinct query lexemes the document contains (length(tsv) minus the
// length of tsv with them deleted). m ranks a creator matching more of the
// brief's words first (the coordination factor of classic IR). ts_rank
// orders creators with the same m by term frequency weighted by the A/B/C
// labels (name and niches count most, captions least); normalisation 1
// divides by log(document length), so creators with many long captions do
// not win by volume, and 32 maps the rank into [0, 1) (rank/(rank+1)), so it
// never outweighs one more matched word. Cover density rewards repeated
// mentions (four "ceramics" in a short bio beat one), where ts_rank's term
// frequency saturates; but it costs about 17 µs a document against ts_rank's
// 1 µs. So the matched documents are first ordered by m + ts_rank (cheap)
// and only the best lexicalRerankFactor × Limit of them are scored with
// ts_rank_cd: the final order is by m + ts_rank_cd within that pool.
//
// The statement builds the tsqueries in CTEs, and the match query reaches the GIN index as an InitPlan parameter. That index is
// on (country, tier, tsv) (migration 008), so the planner can intersect a
// country or tier filter with the match inside the index scan rather than
// after it (it does at 1M creators; on a small table it reads the btree
// indexes instead).
func (s *Store) searchLexical(ctx context.Context, q creatormatch.LexicalQuery) ([]creatormatch.Hit, error) {
	if q.Limit <= 0 {
		return []creatormatch.Hit{}, nil
	}
	words := queryWords(q.Text)
	if len(words) == 0 {
		return []creatormatch.Hit{}, nil
	}
	lex, err := s.queryLexemes(ctx, words)
	if err != nil {
		return nil, err
	}
	if len(lex) == 0 {
		return []creatormatch.Hit{}, nil // only stop words
	}
	all := make([]string, len(lex))
	for i, l := range lex {
		all[i] = l.lexeme
	}
	capped := lexicalCapFactor * s.opts.lexicalBudget
	if n := len(q.Filter.IDs); n > 0 && n <= capped {
		sql, args := lexicalSQL(q, all, lexicalMatch{lexemes: all}, 0)
		return s.lexicalRound(ctx, sql, args)
	}
	m := matchLexemes(lex, float64(s.opts.lexicalBudget))
	if len(m.lexemes) == 0 {
		return []creatormatch.Hit{}, nil // no word of the brief is in any document
	}
	sql, args := lexicalSQL(q, all, m, capped)
	return s.lexicalRound(ctx, sql, args)
}

// lexicalCapFactor × the budget is the most documents one lexical search
// ranks (see SearchLexical).
const lexicalCapFactor = 2

// lexicalStopFactor × the budget is the document frequency above which a
// lexeme is not matched at all (a stop word at this catalogue's size): the
// GIN index must read a matched lexeme's whole posting list before any
// LIMIT applies, and at 1M creators a word in 93k documents ("gaming")
// took ~40 ms to match even with 2,000 documents ranked. Such words still
// count in the score of the documents the rarer ones match.
const lexicalStopFactor = 10

// lexemeDF is a query lexeme and its estimated document frequency.
type lexemeDF struct {
	lexeme  string
	df      float64
	present bool // in at least one document (see queryLexemes)
}

// queryLexemes stems the query words into lexemes (to_tsvector('english'),
// as the documents are) and estimates each one's document frequency from
// the planner statistics (see SearchLexical), rarest first, ties by lexeme.
// A lexeme the statistics do not list is checked for presence in any
// document (one GIN lookup, stopping at the first document): most such
// lexemes of a brief are in none at all ("commut" at 1M synthetic
// creators), and only present ones take part in the match.
func (s *Store) queryLexemes(ctx context.Context, words []string) ([]lexemeDF, error) {
	var out []lexemeDF
	// The presence check is a correlated EXISTS per lexeme; with sequential
	// scans allowed the planner expects an early first match and scans the
	// table, which for a lexeme in no document means all of it (5.9 s at 1M
	// creators). Priced out, each check is one GIN lookup.
	err := s.batchTx(ctx, "lexical search", "BEGIN READ ONLY", func(b *pgx.Batch) {
		b.Queue("SELECT set_config('enable_seqscan', 'off', true)")
		b.Queue(`WITH st AS MATERIALIZED (
			SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs
			FROM pg_stats s
			WHERE s.schemaname = current_schema() AND s.tablename = 'creators' AND s.attname = 'tsv'
		)
		SELECT l.lexeme,
			coalesce(f.freq, (SELECT st.freqs[cardinality(st.elems) + 1] FROM st), 0)::float8
			* (SELECT greatest(pc.reltuples, 0) FROM pg_class pc WHERE pc.oid = 'creators'::regclass) AS df,
			f.freq IS NOT NULL OR EXISTS (SELECT 1 FROM creators c WHERE c.tsv @@ quote_literal(l.lexeme)::tsquery) AS present
		FROM unnest(to_tsvector('english', $1::text)) AS l
		LEFT JOIN (SELECT f.e, f.freq FROM st, unnest(st.elems, st.freqs[1:cardinality(st.elems)]) AS f(e, freq)) f
			ON f.e = l.lexeme
		ORDER BY df, l.lexeme`, strings.Join(words, " "))
	}, func(br pgx.BatchResults) error {
		if _, err := br.Exec(); err != nil {
			return err
		}
		rows, _ := br.Query()
		var l lexemeDF
		_, err := pgx.ForEachRow(rows, []any{&l.lexeme, &l.df, &l.present}, func() error {
			out = append(out, l)
			return nil
		})
		return err
	})
	return out, err
}

// lexicalMatch is the lexemes one round of SearchLexical matches: their
// OR, or with and set, their AND.
type lexicalMatch struct {
	lexemes []string
	and     bool
}

// matchLexemes applies the common-terms rule of SearchLexical to the
// present lexemes of lex (rarest first) for a budget of maxDF documents,
// leaving out those in more than lexicalStopFactor × maxDF documents:
// the rarest lexemes while their document frequencies sum to at most
// maxDF, the rarest always; or, if even the rarest is over the budget, the
// AND of the two rarest. No present lexeme: an empty match.
func matchLexemes(lex []lexemeDF, maxDF float64) lexicalMatch {
	var present []lexemeDF
	for _, l := range lex {
		if l.present && l.df <= lexicalStopFactor*maxDF {
			present = append(present, l)
		}
	}
	if len(present) == 0 {
		return lexicalMatch{}
	}
	if present[0].df > maxDF && len(present) >= 2 {
		return lexicalMatch{[]string{present[0].lexeme, present[1].lexeme}, true}
	}
	m := lexicalMatch{lexemes: []string{present[0].lexeme}}
	cum := present[0].df
	for _, l := range present[1:] {
		if cum += l.df; cum > maxDF {
			break
		}
		m.lexemes = append(m.lexemes, l.lexeme)
	}
	return m
}

// lexicalRound runs one round's statement and reads its hits.
func (s *Store) lexicalRound(ctx context.Context, sql string, args []any) ([]creatormatch.Hit, error) {
	rows, err := s.db(ctx).Query(ctx, sql, args...)
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

// lexicalSQL builds the statement of SearchLexical: the documents passing
// the filter that match m (the first capped of them, unless capped is 0),
// ranked (see SearchLexical) against all the query's lexemes. The
// tsqueries are built in the server from the lexemes (quote_literal), so
// no lexeme can be read as tsquery syntax.
func lexicalSQL(q creatormatch.LexicalQuery, all []string, m lexicalMatch, capped int) (string, []any) {
	var b query
	allLex := b.arg(all) + "::text[]"
	op := " | "
	if m.and {
		op = " & "
	}
	matchLex := b.arg(m.lexemes) + "::text[]"
	filter := b.filter(q.Filter)
	matched := `SELECT c.id, c.tsv FROM creators c WHERE c.tsv @@ (SELECT match_q FROM terms) AND ` + filter
	if capped > 0 {
		matched += ` LIMIT ` + b.arg(capped) + `::int`
	}
	sql := `WITH terms AS MATERIALIZED (
			SELECT ` + allLex + ` AS all_lex,
				(SELECT string_agg(quote_literal(l), ' | ') FROM unnest(` + allLex + `) l)::tsquery AS all_q,
				(SELECT string_agg(quote_literal(l), ` + b.arg(op) + `::text) FROM unnest(` + matchLex + `) l)::tsquery AS match_q
		)
		, pre AS MATERIALIZED (
			SELECT x.id, x.tsv, x.m FROM (
				SELECT c.id, c.tsv,
					(length(c.tsv) - length(ts_delete(c.tsv, t.all_lex)))::float8 AS m,
					ts_rank(c.tsv, t.all_q, 1|32)::float8 AS tf
				FROM (` + matched + `) c, terms t
			) x
			ORDER BY x.m + x.tf DESC, x.id
			LIMIT ` + b.arg(lexicalRerankFactor*q.Limit) + `::int
		)
		SELECT p.id, p.m + ts_rank_cd(p.tsv, t.all_q, 1|32)::float8 AS score
		FROM pre p, terms t
		ORDER BY score DESC, p.id
		LIMIT ` + b.arg(q.Limit) + `::int`
	return sql, b.args
}

// lexicalRerankFactor is how many times Limit matched documents SearchLexical
// re-scores with ts_rank_cd (see there).
const lexicalRerankFactor = 3

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

// SearchDense is searchDense, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) SearchDense(ctx context.Context, q creatormatch.DenseQuery) ([]creatormatch.Hit, error) {
	return readRouted(ctx, s, "search dense", func(ctx context.Context) ([]creatormatch.Hit, error) {
		return s.searchDense(ctx, q)
	})
}

// SearchLexical is searchLexical, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) SearchLexical(ctx context.Context, q creatormatch.LexicalQuery) ([]creatormatch.Hit, error) {
	return readRouted(ctx, s, "search lexical", func(ctx context.Context) ([]creatormatch.Hit, error) {
		return s.searchLexical(ctx, q)
	})
}
