package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/embeddings"
	"github.com/creatormatch/creatormatch/store/postgres"
)

func runDemoData(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo-data", flag.ContinueOnError)
	n := fs.Int("creators", 1000, "number of creators")
	seed := fs.Int64("seed", 1, "random seed (same seed, same catalogue)")
	out := fs.String("out", "", "output directory (creators.jsonl and truth.jsonl)")
	youtube := fs.Bool("youtube", false, "write the YouTube sample (91 real channels, CC0) instead of synthetic creators")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"-out DIR is required"}
	}
	if *n < 1 {
		return usageError{"-creators must be at least 1"}
	}
	if *youtube {
		creators, truth, err := demodata.LoadYouTube(bytesReader(demodata.YouTubeCSV))
		if err != nil {
			return err
		}
		if err := demodata.WriteDir(*out, creators, truth); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %d YouTube creators to %s\n", len(creators), *out)
		return nil
	}
	creators, truth := demodata.Generate(demodata.Config{Creators: *n, Seed: *seed})
	if err := demodata.WriteDir(*out, creators, truth); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d creators to %s (creators.jsonl, truth.jsonl)\n", len(creators), *out)
	return nil
}

func runEmbed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("embed", flag.ContinueOnError)
	cfg := registerConfig(fs, os.Getenv)
	asJSON := fs.Bool("json", false, `print {"model", "dimension", "vector"}`)
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	text := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(text) == "" {
		return usageError{`usage: creatormatch embed [flags] "some text"`}
	}
	start := time.Now()
	emb, err := embeddings.New(ctx, cfg.Embedder)
	if err != nil {
		return err
	}
	loaded := time.Since(start)
	start = time.Now()
	vec, err := emb.EmbedQuery(ctx, text)
	if err != nil {
		return err
	}
	took := time.Since(start)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		return enc.Encode(map[string]any{"model": emb.Model(), "dimension": len(vec), "vector": vec})
	}
	fmt.Fprintf(stdout, "model:     %s\ndimension: %d\nload:      %s\nembed:     %s\nfirst:    ", emb.Model(), len(vec), loaded.Round(time.Millisecond), took.Round(time.Microsecond))
	for i := 0; i < min(8, len(vec)); i++ {
		fmt.Fprintf(stdout, " %.6f", vec[i])
	}
	fmt.Fprintln(stdout)
	return nil
}

func runFeatures(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "recompute" {
		return usageError{"usage: creatormatch features recompute [flags]"}
	}
	fs := flag.NewFlagSet("features recompute", flag.ContinueOnError)
	cfg := registerConfig(fs, os.Getenv)
	batch := fs.Int("batch", 200, "creators per transaction")
	if err := parse(fs, args[1:], stderr); err != nil {
		return err
	}
	log, err := cfg.logger(stderr)
	if err != nil {
		return err
	}
	a, err := cfg.open(ctx, log)
	if err != nil {
		return err
	}
	defer a.Close()
	total, err := a.store.CountCreators(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	p := newProgress(stderr, "recompute", total)
	n, err := a.catalog.Recompute(ctx, *batch, p.set)
	p.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "recomputed features of %d creators in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	cfg := registerConfig(fs, os.Getenv)
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		fmt.Fprintln(stdout, "no DATABASE_URL: the embedded store needs no migrations")
		return nil
	}
	st, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintln(stdout, "migrations applied")
	// Creators stored before migration 009 get their packs (the fast read
	// form); reads use the JSON until then, so this is safe to interrupt
	// and to run again.
	start := time.Now()
	last := time.Now()
	n, err := st.PackCreators(ctx, func(done int) {
		if time.Since(last) >= 5*time.Second {
			fmt.Fprintf(stderr, "packing creators: %d so far\n", done)
			last = time.Now()
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "packed %d creators in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
