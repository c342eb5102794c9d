package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/matcher"
	"github.com/creatormatch/creatormatch/store/memory"
)

func runMatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("match", flag.ContinueOnError)
	cfg := registerConfig(fs, os.Getenv)
	limit := fs.Int("limit", 10, "results to show")
	goal := fs.String("goal", "", "awareness, launch, community or conversion (default: from the brief)")
	diversity := fs.Float64("diversity", 0, "0..1: trade relevance for variety")
	asJSON := fs.Bool("json", false, "print the API's JSON response")
	reasons := fs.Bool("reasons", false, "print each result's reasons")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	text := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(text) == "" {
		return usageError{`usage: creatormatch match [flags] "brief text"`}
	}
	log, err := cfg.logger(stderr)
	if err != nil {
		return err
	}
	if err := cfg.requireStore(); err != nil {
		return err
	}
	a, err := cfg.open(ctx, log)
	if errors.Is(err, memory.ErrLocked) {
		return fmt.Errorf("%w\na running server holds this store (scripts/demo does); ask it instead: curl -s -X POST http://%s/v1/match -H 'Content-Type: application/json' -d '{\"brief\":{\"text\":\"...\"}}', or stop it first",
			err, or(os.Getenv("CREATORMATCH_ADDR"), "127.0.0.1:8080"))
	}
	if err != nil {
		return err
	}
	defer a.Close()
	resp, err := a.matcher.Match(ctx, matcher.Request{
		Brief: creatormatch.Brief{Text: text}, Goal: creatormatch.Goal(*goal), Limit: *limit, Diversity: *diversity,
	})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(resp)
	}
	printMatches(stdout, resp, *reasons)
	return nil
}

// printMatches renders a response as a table a strategist can read.
func printMatches(w io.Writer, resp *matcher.Response, withReasons bool) {
	b := resp.Brief
	fmt.Fprintf(w, "brief: goal=%s", b.Goal)
	if b.Budget != nil {
		fmt.Fprintf(w, " budget=%.0f %s", b.Budget.Total, or(b.Budget.Currency, "USD"))
	}
	if len(b.Platforms) > 0 {
		fmt.Fprintf(w, " platforms=%v", b.Platforms)
	}
	if b.MinFollowers > 0 || b.MaxFollowers > 0 {
		fmt.Fprintf(w, " followers=%d-%d", b.MinFollowers, b.MaxFollowers)
	}
	if len(b.Topics) > 0 {
		fmt.Fprintf(w, " topics=%v", b.Topics)
	}
	fmt.Fprintf(w, " (%d candidates scored)\n\n", resp.Candidates)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tCREATOR\tHANDLE\tPLATFORM\tFOLLOWERS\tTIER\tER\tSCORE\tFIT\tDECISION\tTOP SIGNALS\tCOST/POST")
	for _, r := range resp.Results {
		cost := "-"
		if r.Cost != nil {
			cost = fmt.Sprintf("%s %.0f", resp.Currency.Currency, r.Cost.PricePerPost)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%.1f%%\t%.3f\t%.0f%%\t%s\t%s\t%s\n",
			r.Rank, r.CreatorID, r.Card.Handle, r.Card.Platform, r.Card.Followers, r.Card.Tier,
			100*r.Card.EngagementRate, r.Score, 100*r.Fit, r.Decision, topSignals(r.Contributions, 3), cost)
	}
	tw.Flush()
	if !withReasons {
		return
	}
	for _, r := range resp.Results {
		fmt.Fprintf(w, "\n%d. %s (%s, %s)\n", r.Rank, r.CreatorID, r.Decision, r.DecisionRule)
		for _, re := range r.Reasons {
			fmt.Fprintf(w, "   - %s [%s]\n", re.Text, strings.Join(re.PostIDs, ", "))
		}
	}
}

func topSignals(contrib map[string]float64, n int) string {
	type kv struct {
		k string
		v float64
	}
	var xs []kv
	for k, v := range contrib {
		xs = append(xs, kv{k, v})
	}
	sort.Slice(xs, func(i, j int) bool {
		if xs[i].v != xs[j].v {
			return xs[i].v > xs[j].v
		}
		return xs[i].k < xs[j].k
	})
	var parts []string
	for _, x := range xs[:min(n, len(xs))] {
		parts = append(parts, fmt.Sprintf("%s %.2f", x.k, x.v))
	}
	return strings.Join(parts, ", ")
}
