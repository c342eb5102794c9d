package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/learning"
	"github.com/creatormatch/creatormatch/matcher"
)

// runLearn trains a workspace's weights from its feedback now (the server
// also does it in the background every --learn-every events).
func runLearn(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("learn", flag.ContinueOnError)
	cfg := registerConfig(fs, os.Getenv)
	workspace := fs.String("workspace", "", "the workspace whose feedback trains its weights (required)")
	reset := fs.Bool("reset", false, "reset the workspace's weights to the presets instead of training")
	asJSON := fs.Bool("json", false, "print the stored versions as JSON")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if !creatormatch.ValidWorkspace(*workspace) {
		return usageError{"usage: creatormatch learn --workspace NAME [--reset] [--json]"}
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
	var vs []creatormatch.WeightVersion
	if *reset {
		vs, err = learning.ResetWeights(ctx, a.store, *workspace, time.Now().UTC())
	} else {
		vs, err = (&learning.Trainer{Matcher: a.matcher, Store: a.store, Log: log}).Train(ctx, *workspace)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		if vs == nil {
			vs = []creatormatch.WeightVersion{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(vs)
	}
	if len(vs) == 0 {
		fmt.Fprintf(stdout, "workspace %s: nothing to %s (no preferences in its feedback, or no learned weights)\n", *workspace, map[bool]string{true: "reset", false: "learn"}[*reset])
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tSTATUS\tEVENTS\tHELD-BACK BRIEFS\tNDCG@10\tSERVING NDCG@10\tWEIGHTS")
	for _, v := range vs {
		briefs, ndcg, serving := "-", "-", "-"
		if v.Replay != nil {
			briefs = fmt.Sprint(v.Replay.Briefs)
			ndcg = fmt.Sprintf("%.3f", v.Replay.NDCG10)
			serving = fmt.Sprintf("%.3f (%s)", v.Replay.ServingNDCG, v.Replay.ServingLabel)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", matcher.VersionLabel(v.Goal, v.Version), v.Status, v.Events, briefs, ndcg, serving, matcher.Weights(v.Weights))
	}
	return tw.Flush()
}
