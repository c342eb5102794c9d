// Command creatormatch is the creatormatch engine: one binary whose
// subcommands run the server, ingest data, generate demo data, embed text,
// recompute features and apply migrations. It is the only place that reads
// configuration (flags and environment) and wires the packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/creatormatch/creatormatch"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"serve", "run the HTTP API", runServe},
	{"match", "rank creators for a brief and print a table", runMatch},
	{"ingest", "load creators from JSONL or CSV files", runIngest},
	{"demo-data", "write a seeded synthetic catalogue with ground truth", runDemoData},
	{"embed", "embed a text and print its vector (checks the embedder setup)", runEmbed},
	{"features", "features recompute: recompute every stored creator's features", runFeatures},
	{"migrate", "apply database migrations (Postgres) and pack creators stored before migration 009", runMigrate},
	{"apikey", "create, revoke or list API keys", runAPIKey},
	{"eval", "offline evaluation: metrics, significance, reports", runEval},
	{"compare", "pair two eval runs query by query (before/after a change that is not a system)", runCompare},
	{"learn", "train a workspace's matcher weights from its feedback (served only if a replay shows no loss)", runLearn},
	{"calibrate", "fit the map from match signals to fit (probability on-brief) on labelled judgments", runCalibrate},
	{"bench", "measure match latency, recall, ingest and memory at catalogue scale", runBench},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Fprintln(stdout, "creatormatch", version)
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		if err == nil {
			return 0
		}
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "creatormatch %s: %v\n", c.name, err)
		var ue usageError
		if errors.As(err, &ue) || errors.Is(err, creatormatch.ErrInvalid) {
			return 2
		}
		return 1
	}
	fmt.Fprintf(stderr, "creatormatch: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: creatormatch <command> [flags]\n\ncommands:")
	cs := append([]command(nil), commands...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'creatormatch <command> -h' for a command's flags. Configuration also comes from the")
	fmt.Fprintln(w, "environment: DATABASE_URL, CREATORMATCH_DATA_DIR, CREATORMATCH_EMBEDDER, CREATORMATCH_MODEL_DIR, ...")
}
