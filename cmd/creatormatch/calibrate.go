package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch/embeddings"
	"github.com/creatormatch/creatormatch/eval"
	"github.com/creatormatch/creatormatch/matcher"
	"github.com/creatormatch/creatormatch/store/memory"
)

// runCalibrate is `creatormatch calibrate`: fit the map from match signals
// to fit (the probability a creator is on-brief) on labelled judgments,
// check it on held-out queries, and write it as a versioned file.
func runCalibrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
	cfg := registerConfig(flag.NewFlagSet("env", flag.ContinueOnError), os.Getenv)
	fs.StringVar(&cfg.Embedder.ModelDir, "model-dir", cfg.Embedder.ModelDir, "directory of the use-lite weights [$CREATORMATCH_MODEL_DIR]")
	datasets := fs.String("datasets", "synthetic:1000:1,youtube", "comma-separated eval datasets whose qrels label the pairs: DIR, synthetic[:N[:SEED]] or youtube")
	out := fs.String("out", "matcher/calibration.json", "where to write the map (the binary embeds matcher/calibration.json)")
	dataDir := fs.String("data-dir", "", "directory for the datasets' embedded stores (reused to skip re-embedding); default: a temporary directory")
	version := fs.String("version", "", "version name of the map (default: cal-YYYYMMDD)")
	limit := fs.Int("limit", 100, "results per query that are labelled")
	inputs := fs.String("inputs", strings.Join(eval.CalibrationInputs, ","), "comma-separated signals the map reads")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *version == "" {
		*version = "cal-" + time.Now().UTC().Format("20060102")
	}
	if *dataDir == "" {
		tmp, err := os.MkdirTemp("", "creatormatch-calibrate-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*dataDir = tmp
	}
	emb, err := embeddings.New(ctx, cfg.Embedder)
	if err != nil {
		return err
	}
	var pairs []eval.CalPair
	for _, spec := range strings.Split(*datasets, ",") {
		ds, err := eval.OpenDataset(strings.TrimSpace(spec))
		if err != nil {
			return usageError{err.Error()}
		}
		st, err := memory.Open(ctx, filepath.Join(*dataDir, strings.NewReplacer(":", "_", "/", "_").Replace(ds.Name)))
		if err != nil {
			return err
		}
		t := time.Now()
		if err := eval.Ingest(ctx, st, emb, ds.Creators, ds.Now, slog.New(slog.DiscardHandler)); err != nil {
			st.Close()
			return err
		}
		m := matcher.New(st, emb, nil, matcher.Config{}, slog.New(slog.DiscardHandler))
		ps, err := eval.CalibrationPairs(ctx, m, ds, *limit)
		st.Close()
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "%s: %d creators, %d labelled pairs in %s\n", ds.Name, len(ds.Creators), len(ps), time.Since(t).Round(time.Second))
		pairs = append(pairs, ps...)
	}
	prov := matcher.CalProvenance{
		Command: "creatormatch calibrate " + strings.Join(args, " "),
		Fitted:  time.Now().UTC().Truncate(time.Second),
		Labels:  fmt.Sprintf("the datasets' qrels: grade ≥ 1 is on-brief, anything else (unjudged included) is not; the top %d results of every judged query, as /v1/match serves them", *limit),
		Notes: []string{
			"inputs are the topical signals; the goal-dependent ones move the score, not whether a creator is on-brief",
			"the synthetic catalogue's captions share the niche lexicon's vocabulary: its pairs are easy; the YouTube channels' are not",
		},
	}
	if c, err := exec.CommandContext(ctx, "git", "rev-parse", "--short", "HEAD").Output(); err == nil {
		prov.Commit = strings.TrimSpace(string(c))
	}
	fit, err := eval.FitCalibration(pairs, strings.Split(*inputs, ","), *version, prov)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(fit.Map, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		return err
	}
	names := make([]string, 0, len(fit.ECE))
	for n := range fit.ECE {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(stdout, "calibration %s: %d pairs (%d on-brief), inputs %v\n", *version, fit.Map.Provenance.Pairs, fit.Map.Provenance.Positive, fit.Map.Inputs)
	for _, n := range names {
		fmt.Fprintf(stdout, "\n%s: held-out ECE %.4f\n\n%s", n, fit.ECE[n], eval.ReliabilityMarkdown(fit.Reliability[n]))
	}
	fmt.Fprintf(stdout, "\nwrote %s\n", *out)
	return nil
}
