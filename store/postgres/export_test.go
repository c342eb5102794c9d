package postgres

import (
	"context"
	"strconv"
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
	sql, args := denseSQL(q)
	var lines []string
	err := s.batchTx(ctx, "explain", "BEGIN READ ONLY", func(b *pgx.Batch) {
		b.Queue(`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true),
			set_config('hnsw.ef_search', $1, true),
			set_config('hnsw.max_scan_tuples', $2, true),
			set_config('plan_cache_mode', 'force_custom_plan', true)`,
			strconv.Itoa(max(s.opts.efSearchMin, 2*q.Limit)), strconv.Itoa(s.opts.maxScanTuples))
		for _, kv := range s.opts.settings {
			b.Queue("SELECT set_config($1, $2, true)", kv[0], kv[1])
		}
		b.Queue("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "+sql, args...)
	}, func(br pgx.BatchResults) error {
		for range 1 + len(s.opts.settings) {
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
