package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/creatormatch/creatormatch"
)

// ExplainDense returns EXPLAIN ANALYZE of the statement SearchDense runs
// for q, under the same settings.
func ExplainDense(t *testing.T, s *Store, q creatormatch.DenseQuery) string {
	t.Helper()
	ctx := context.Background()
	sql, args := denseSQL(q, s.walk())
	var lines []string
	settings := s.approxSettings(q.Limit)
	err := s.batchTx(ctx, "explain", "BEGIN READ ONLY", func(b *pgx.Batch) {
		for _, kv := range settings {
			b.Queue("SELECT set_config($1, $2, true)", kv[0], kv[1])
		}
		b.Queue("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "+sql, args...)
	}, func(br pgx.BatchResults) error {
		for range settings {
			if _, err := br.Exec(); err != nil {
				return err
			}
		}
		rows, _ := br.Query()
		var line string
		_, err := pgx.ForEachRow(rows, []any{&line}, func() error {
			lines = append(lines, line)
			return nil
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// WithSetting adds a SET LOCAL name = value to approximate searches, so
// tests can steer the planner (e.g. enable_sort = off forces the HNSW path
// even where an exact plan would be cheaper).
func WithSetting(name, value string) Option {
	return func(o *options) { o.settings = append(o.settings, [2]string{name, value}) }
}

// ExplainLexical returns EXPLAIN ANALYZE of SearchLexical's statement for
// a budget of maxDF documents.
func ExplainLexical(t testing.TB, s *Store, q creatormatch.LexicalQuery, maxDF float64) string {
	t.Helper()
	lex, err := s.queryLexemes(context.Background(), queryWords(q.Text))
	if err != nil || len(lex) == 0 {
		t.Fatal(err, len(lex))
	}
	all := make([]string, len(lex))
	for i, l := range lex {
		all[i] = l.lexeme
	}
	sql, args := lexicalSQL(q, all, matchLexemes(lex, maxDF), lexicalCapFactor*int(maxDF))
	rows, err := s.pool.Query(context.Background(), "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "+sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	var line string
	if _, err := pgx.ForEachRow(rows, []any{&line}, func() error {
		lines = append(lines, line)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// WithoutPacks makes a store read every creator from its JSON columns and
// write no packs: the read path as it was before migration 009.
func WithoutPacks() Option { return func(o *options) { o.withoutPacks = true } }

// ExplainBrowse returns EXPLAIN (ANALYZE, BUFFERS) of the statement
// BrowseCreators runs for q.
func ExplainBrowse(t testing.TB, s *Store, q creatormatch.BrowseQuery) string {
	t.Helper()
	sql, args := browseSQL(q)
	rows, err := s.pool.Query(context.Background(), "EXPLAIN (ANALYZE, BUFFERS) "+sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// PickReplica is the standby pickReplica chooses for a read in ctx: its
// index, or -1 for the primary.
func PickReplica(ctx context.Context, s *Store) int {
	if r := s.pickReplica(ctx); r != nil {
		return r.index
	}
	return -1
}
