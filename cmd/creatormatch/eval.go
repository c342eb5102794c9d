package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/embeddings"
	"github.com/creatormatch/creatormatch/eval"
	"github.com/creatormatch/creatormatch/store"
)

// runEval is `creatormatch eval`: offline evaluation of the matcher on a
// dataset with judgments (see docs/evaluation.md).
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	// The embedder flags and their environment defaults are the shared
	// ones; the store is not: evaluation never writes into the store the
	// server uses, so DATABASE_URL and CREATORMATCH_DATA_DIR are ignored.
	cfg := registerConfig(flag.NewFlagSet("env", flag.ContinueOnError), os.Getenv)
	fs.StringVar(&cfg.Embedder.Provider, "embedder", cfg.Embedder.Provider, "embedding provider: use-lite, openai or ollama [$CREATORMATCH_EMBEDDER]")
	fs.StringVar(&cfg.Embedder.Model, "embedder-model", cfg.Embedder.Model, "remote embedding model [$CREATORMATCH_EMBEDDER_MODEL]")
	fs.StringVar(&cfg.Embedder.BaseURL, "embedder-url", cfg.Embedder.BaseURL, "base URL of the remote embedding API [$CREATORMATCH_EMBEDDER_URL]")
	fs.StringVar(&cfg.Embedder.ModelDir, "model-dir", cfg.Embedder.ModelDir, "directory of the use-lite weights [$CREATORMATCH_MODEL_DIR]")
	fs.IntVar(&cfg.Embedder.Dimensions, "embedder-dimensions", cfg.Embedder.Dimensions, "dimensions requested from a remote embedder [$CREATORMATCH_EMBEDDER_DIMENSIONS]")
	fs.StringVar(&cfg.LogLevel, "log-level", "warn", "debug, info, warn or error")
	fs.StringVar(&cfg.LogFormat, "log-format", "text", "json or text")

	dataset := fs.String("dataset", "", "DIR (creators.jsonl, queries.jsonl, qrels.txt), synthetic[:N[:SEED]], youtube, or youtube-trending (data in $CREATORMATCH_YOUTUBE_TRENDING_DIR or ../shared/data/youtube-trending)")
	out := fs.String("out", "", "output directory for report.md, metrics.json, per_query.csv, comparisons.csv, manifest.json, runs/, plots/")
	configFile := fs.String("config", "", "experiment config (YAML or JSON); default: one system, the matcher as /v1/match serves it")
	dataDir := fs.String("data-dir", "", "embedded store directory to ingest into (reused across runs to skip re-embedding; must hold only this dataset); default: a temporary directory")
	writeDataset := fs.String("write-dataset", "", "write the dataset's creators.jsonl, queries.jsonl and qrels.txt to this directory")
	seed := fs.Uint64("seed", 0, "override the config's seed (randomization test, bootstrap, weight search)")
	replay := fs.Bool("replay", false, "replay evaluation: score the logged feedback of the store at --store-dir (or $DATABASE_URL) as qrels, with the logged brief texts as queries; nothing is written to that store")
	storeDir := fs.String("store-dir", "", "with --replay: the embedded store holding the feedback (default $CREATORMATCH_DATA_DIR)")
	dbURL := fs.String("database-url", "", "evaluate on Postgres: a database that holds only this dataset (migrated and ingested into; reused across runs); default: the embedded store in --data-dir. Never the server's $DATABASE_URL")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	log, err := cfg.logger(stderr)
	if err != nil {
		return err
	}

	var ds *eval.Dataset
	var st creatormatch.Store
	switch {
	case *replay:
		if *dataset != "" {
			return usageError{"--replay reads its queries and judgments from the store; do not pass --dataset"}
		}
		sc := cfg.storeConfig(false)
		if *storeDir != "" {
			sc = store.Config{DataDir: *storeDir}
		}
		st, err = store.Open(ctx, sc)
		if err != nil {
			return fmt.Errorf("open %s store: %w", store.Describe(sc), err)
		}
		defer st.Close()
		events, err := st.ListFeedback(ctx, creatormatch.FeedbackFilter{})
		if err != nil {
			return err
		}
		ds = &eval.Dataset{Name: "replay", Queries: eval.FeedbackQueries(events), Qrels: eval.FeedbackQrels(events),
			Notes: []string{"Replay of logged feedback: hired and campaign_result = 2, shortlisted and contacted = 1, rejected and dismissed = 0 (shown and opened are not judgments); the best outcome per (brief, creator) counts."}}
		for qid := range ds.Qrels { // judgments on briefs logged without text cannot be replayed
			if !hasQuery(ds.Queries, qid) {
				delete(ds.Qrels, qid)
			}
		}
		if len(ds.Qrels) == 0 {
			return fmt.Errorf("the store holds no feedback on a brief logged with its text: nothing to replay")
		}
	case *dataset == "":
		return usageError{"--dataset is required: DIR, synthetic[:N[:SEED]], youtube or youtube-trending"}
	default:
		ds, err = eval.OpenDataset(*dataset)
		if err != nil {
			return usageError{err.Error()}
		}
	}

	if *writeDataset != "" {
		if err := eval.WriteDataset(*writeDataset, ds); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s: %d creators, %d queries to %s\n", ds.Name, len(ds.Creators), len(ds.Queries), *writeDataset)
		if *out == "" {
			return nil
		}
	}
	if *out == "" {
		return usageError{"--out DIR is required (or --write-dataset DIR alone to materialise a dataset)"}
	}

	conf := eval.DefaultConfig()
	if *configFile != "" {
		if conf, err = eval.ReadConfig(*configFile); err != nil {
			return usageError{err.Error()}
		}
	}
	if *seed != 0 {
		conf.Seed = *seed
	}
	emb, err := embeddings.New(ctx, cfg.Embedder)
	if err != nil {
		return err
	}
	opts := eval.Options{
		Dataset: ds, Config: conf, ConfigFile: *configFile, Embedder: emb, DataDir: *dataDir,
		Log: log, Progress: stderr,
		OpenEmbedder: func(ctx context.Context, spec eval.EmbedderSpec) (embeddings.Embedder, error) {
			return embeddings.New(ctx, embeddings.Config{Provider: spec.Provider, Model: spec.Model, BaseURL: spec.BaseURL,
				Dimensions: spec.Dimensions, ModelDir: or(spec.ModelDir, cfg.Embedder.ModelDir), APIKey: cfg.Embedder.APIKey})
		},
	}
	switch {
	case st != nil:
		opts.Store, opts.Ingest = st, false
	case *dbURL != "":
		// The same harness on the Postgres store: its lexical and dense
		// searches are the ones a Postgres deployment serves, so a change
		// to them is measured here (the embedded store ranks lexically
		// with its own BM25).
		pg, err := store.Open(ctx, store.Config{DatabaseURL: *dbURL, Migrate: true, Logger: log})
		if err != nil {
			return fmt.Errorf("open postgres store: %w", err)
		}
		defer pg.Close()
		n, err := pg.CountCreators(ctx)
		if err != nil {
			return err
		}
		if n != 0 && n != len(ds.Creators) {
			return usageError{fmt.Sprintf("--database-url holds %d creators but the dataset %d: give it a database of its own", n, len(ds.Creators))}
		}
		opts.Store, opts.Ingest = pg, true
	}
	res, err := eval.Run(ctx, opts)
	if err != nil {
		return err
	}
	if err := res.WriteReport(*out); err != nil {
		return err
	}
	printSummary(stdout, res, *out)
	return nil
}

func hasQuery(qs []eval.Query, id string) bool {
	for _, q := range qs {
		if q.ID == id {
			return true
		}
	}
	return false
}

func printSummary(w io.Writer, res *eval.Result, out string) {
	primary := res.Metrics[0]
	fmt.Fprintf(w, "%s on %s: %d queries evaluated\n", res.Config.Name, res.Dataset, len(res.Evaluated))
	for _, s := range res.Systems {
		line := fmt.Sprintf("  %-28s %s=%.4f", s.Name, primary, s.Mean[primary])
		for _, c := range res.Comparisons {
			if c.System == s.Name && c.Metric == primary {
				line += fmt.Sprintf("  Δ=%+.4f p=%.4g (Holm %.4g)", c.Delta, c.PT, c.PHolm)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	fmt.Fprintf(w, "report: %s/report.md\n", out)
}
