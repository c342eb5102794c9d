// Command halfvec-compare measures what issue 9 asked to consider: would a
// halfvec HNSW index keep recall on a bench database, and at what speed?
// It builds (if missing) a partial HNSW index over embedding::halfvec(dim)
// beside the store's vector one, with the same m and ef_construction, then
// for every bench brief and each ef_search given it runs the unfiltered
// top-k through each index (alternating, reps times) and once exactly (a
// sequential scan), and prints recall@10, recall@k and p50 latency of both
// indexes side by side, with their sizes and the build time.
//
//	go run ./scripts/halfvec-compare.d -db URL [-ef 1000,400] [-k 100] [-reps 3] [-drop]
//
// URL is a bench database (creatormatch_bench_...); -drop removes the
// halfvec index afterwards, so later bench runs and writes do not pay for
// it. It is a benchmark tool, not part of the product.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"github.com/creatormatch/creatormatch/bench"
	"github.com/creatormatch/creatormatch/embeddings/uselite"
	"github.com/creatormatch/creatormatch/store/postgres"
)

const halfIndex = "bench_halfvec_hnsw"

func main() {
	db := flag.String("db", "", "bench database URL")
	efs := flag.String("ef", "1000,400", "hnsw.ef_search values, comma-separated")
	k := flag.Int("k", 100, "top k asked of each index (the matcher's pool is 100)")
	reps := flag.Int("reps", 3, "timed runs per brief and index")
	drop := flag.Bool("drop", false, "drop the halfvec index at the end")
	modelDir := flag.String("model", os.Getenv("CREATORMATCH_MODEL_DIR"), "use-lite weights directory")
	flag.Parse()
	if *db == "" {
		log.Fatal("-db is required")
	}
	// Interrupting the tool cancels the statement in the server too (pgx
	// sends a cancel request), so a half-built index is not left behind.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *db, *efs, *k, *reps, *drop, *modelDir); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, db, efs string, k, reps int, drop bool, modelDir string) error {
	m, err := uselite.Load(modelDir)
	if err != nil {
		return err
	}
	vecs, err := m.Embed(ctx, bench.Briefs)
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	model, dim := postgres.DefaultModel, postgres.DefaultDimension
	vectorIndex := postgres.IndexName(model, dim)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", halfIndex).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		// The store's vector index DDL with halfvec in place of vector.
		ddl := postgres.IndexDDL(model, dim, false)
		ddl = strings.Replace(ddl, pgx.Identifier{vectorIndex}.Sanitize(), halfIndex, 1)
		ddl = strings.Replace(ddl, fmt.Sprintf("embedding::vector(%d)) vector_cosine_ops", dim), fmt.Sprintf("embedding::halfvec(%d)) halfvec_cosine_ops", dim), 1)
		if !strings.Contains(ddl, "halfvec_cosine_ops") {
			return fmt.Errorf("unexpected index DDL: %s", ddl)
		}
		for _, set := range []string{"SET maintenance_work_mem = '6GB'", "SET max_parallel_maintenance_workers = 1"} {
			if _, err := conn.Exec(ctx, set); err != nil {
				return err
			}
		}
		t := time.Now()
		if _, err := conn.Exec(ctx, ddl); err != nil {
			return err
		}
		fmt.Printf("built %s in %.0f s: %s\n", halfIndex, time.Since(t).Seconds(), strings.Join(strings.Fields(ddl), " "))
	}
	if drop {
		defer func() {
			// Not ctx: after an interrupt the index must still go.
			dctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if _, err := conn.Exec(dctx, "DROP INDEX IF EXISTS "+halfIndex); err != nil {
				log.Print(err)
			}
		}()
	}
	for _, name := range []string{vectorIndex, halfIndex} {
		var size string
		if err := conn.QueryRow(ctx, "SELECT pg_size_pretty(pg_relation_size($1::regclass))", name).Scan(&size); err != nil {
			return err
		}
		fmt.Printf("index %s: %s\n", name, size)
	}
	base := []string{"SET LOCAL jit = off", "SET LOCAL max_parallel_workers_per_gather = 0"}
	exact := append(base[:len(base):len(base)], "SET LOCAL enable_indexscan = off", "SET LOCAL enable_bitmapscan = off")
	orders := map[string]string{
		"vector":  fmt.Sprintf("embedding::vector(%d) <=> $2::vector(%d)", dim, dim),
		"halfvec": fmt.Sprintf("embedding::halfvec(%d) <=> $2::vector(%d)::halfvec(%d)", dim, dim, dim),
	}
	want := make([][]string, len(vecs))
	for i, v := range vecs {
		if want[i], _, err = topK(ctx, conn, exact, "embedding <=> $2", model, pgvector.NewVector(v), k); err != nil {
			return err
		}
	}
	fmt.Printf("\n%d briefs, unfiltered, top %d, %d timed runs each (alternating)\n\n", len(vecs), k, reps)
	fmt.Println("| ef_search | index | recall@10 | recall@" + strconv.Itoa(k) + " | p50 ms |")
	fmt.Println("|---:|---|---:|---:|---:|")
	for _, f := range strings.Split(efs, ",") {
		ef, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return fmt.Errorf("-ef: %w", err)
		}
		approx := append(base[:len(base):len(base)], fmt.Sprintf("SET LOCAL hnsw.ef_search = %d", ef))
		r10, rk, ms := map[string]float64{}, map[string]float64{}, map[string][]float64{}
		for i, v := range vecs {
			for rep := range reps {
				for _, kind := range []string{"vector", "halfvec"} {
					got, d, err := topK(ctx, conn, approx, orders[kind], model, pgvector.NewVector(v), k)
					if err != nil {
						return err
					}
					ms[kind] = append(ms[kind], d)
					if rep == 0 {
						r10[kind] += overlap(got, want[i], 10) / float64(len(vecs))
						rk[kind] += overlap(got, want[i], k) / float64(len(vecs))
					}
				}
			}
		}
		for _, kind := range []string{"vector", "halfvec"} {
			fmt.Printf("| %d | %s | %.3f | %.3f | %.2f |\n", ef, kind, r10[kind], rk[kind], median(ms[kind]))
		}
	}
	return nil
}

// topK runs one top-k statement in its own transaction under settings and
// returns the creator IDs and its time in milliseconds.
func topK(ctx context.Context, conn *pgx.Conn, settings []string, order, model string, q pgvector.Vector, k int) ([]string, float64, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	for _, s := range settings {
		if _, err := tx.Exec(ctx, s); err != nil {
			return nil, 0, err
		}
	}
	t := time.Now()
	rows, err := tx.Query(ctx, "SELECT creator_id FROM embeddings WHERE model = $1 AND kind = 'profile' ORDER BY "+order+" LIMIT $3", model, q, k)
	if err != nil {
		return nil, 0, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return ids, float64(time.Since(t).Microseconds()) / 1000, err
}

// overlap is |got[:n] ∩ want[:n]| / n.
func overlap(got, want []string, n int) float64 {
	set := make(map[string]bool, n)
	for _, id := range want[:min(n, len(want))] {
		set[id] = true
	}
	hit := 0
	for _, id := range got[:min(n, len(got))] {
		if set[id] {
			hit++
		}
	}
	return float64(hit) / float64(n)
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
