package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch/bench"
	"github.com/creatormatch/creatormatch/embeddings"
	"github.com/creatormatch/creatormatch/store/postgres"
)

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	cfg := registerConfig(fs, os.Getenv)
	sizes := fs.String("sizes", "10000", "comma-separated catalogue sizes")
	stores := fs.String("stores", "memory", "comma-separated stores: memory, postgres")
	memSizes := fs.String("memory-sizes", "", "catalogue sizes for the memory store, if not --sizes")
	pgSizes := fs.String("postgres-sizes", "", "catalogue sizes for postgres, if not --sizes")
	out := fs.String("out", "bench-out", "directory for bench.md and bench.json")
	queries := fs.Int("queries", 60, "max match requests per (store, size, filter, mode, concurrency) run")
	duration := fs.Duration("duration", 5*time.Second, "time cap per run (with --load: the load test's length)")
	conc := fs.String("concurrency", "1,8", "comma-separated concurrency levels (with --load: the first one)")
	seed := fs.Int64("seed", 1, "catalogue seed")
	templates := fs.Int("templates", 1000, "demo creators embedded for real: the bases of the synthetic vectors")
	ingestN := fs.Int("ingest-creators", 300, "creators (bio + 5 real-length posts) in the with-embedding ingest figure")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of each store's match path at the largest size (FILE → FILE-<store>)")
	loadTest := fs.Bool("load", false, "run the mixed-traffic HTTP load test instead (first store, first size)")
	loadMax := fs.Int("load-max", 100000, "with --load: request count bound")
	skipHTTP := fs.Bool("skip-http", false, "measure in process only")
	pgConns := fs.Int("pg-max-conns", 16, "postgres connection pool size")
	vectorIndexes := fs.String("vector-indexes", "vector", "postgres: comma-separated HNSW index kinds to build and measure side by side (vector, halfvec, bit); the first is the one the targets apply to")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	sz, err := ints(*sizes)
	if err != nil {
		return usageError{"--sizes: " + err.Error()}
	}
	cs, err := ints(*conc)
	if err != nil {
		return usageError{"--concurrency: " + err.Error()}
	}
	storeSizes := map[string][]int{}
	for kind, flagVal := range map[string]string{"memory": *memSizes, "postgres": *pgSizes} {
		if flagVal == "" {
			continue
		}
		if storeSizes[kind], err = ints(flagVal); err != nil {
			return usageError{"--" + kind + "-sizes: " + err.Error()}
		}
	}
	var kinds []postgres.VectorIndex
	for _, v := range strings.Split(*vectorIndexes, ",") {
		k, err := postgres.ParseVectorIndex(v)
		if err != nil {
			return usageError{"--vector-indexes: " + err.Error()}
		}
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	emb, err := embeddings.New(ctx, cfg.Embedder)
	if err != nil {
		return err
	}
	bc := bench.Config{
		VectorIndexes: kinds,
		Sizes:         sz, StoreSizes: storeSizes, Stores: strings.Split(*stores, ","), OutDir: *out, DatabaseURL: cfg.DatabaseURL,
		DataDir: filepath.Join(cfg.DataDir, "bench"), Queries: *queries, Duration: *duration, Concurrency: cs,
		Seed: *seed, Templates: *templates, IngestCreators: *ingestN, CPUProfile: *cpuprofile, Embedder: emb, SkipHTTP: *skipHTTP, PGMaxConns: *pgConns,
		Log: slog.New(slog.NewTextHandler(stderr, nil)),
	}
	var rep *bench.Report
	if *loadTest {
		rep, err = bench.RunLoad(ctx, bc, bench.LoadConfig{Store: bc.Stores[0], Creators: sz[0], Concurrency: cs[0], Duration: *duration, MaxRequests: *loadMax})
	} else {
		rep, err = bench.Run(ctx, bc)
	}
	if rep != nil && !*loadTest {
		for st, path := range rep.Profiles {
			if top, perr := exec.CommandContext(ctx, "go", "tool", "pprof", "-top", "-nodecount=25", path).Output(); perr == nil {
				if rep.ProfileTop == nil {
					rep.ProfileTop = map[string]string{}
				}
				rep.ProfileTop[st] = strings.TrimSpace(string(top))
			}
		}
	}
	if rep != nil {
		rep.Notes = append(rep.Notes, "command: creatormatch bench "+strings.Join(args, " "))
		if werr := rep.Write(*out); werr != nil && err == nil {
			err = werr
		}
		fmt.Fprintf(stdout, "wrote %s and %s\n", filepath.Join(*out, "bench.md"), filepath.Join(*out, "bench.json"))
	}
	return err
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a positive integer", f)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty list")
	}
	return out, nil
}
