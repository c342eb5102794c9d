package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/creatormatch/creatormatch/eval"
)

// runCompare pairs two evaluation runs query by query: for a change that
// cannot be a system of one binary (a new brief parser, a new calibration),
// run `creatormatch eval` before and after it and compare the runs'
// per_query.csv with the harness's paired tests.
func runCompare(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	system := fs.String("system", "hybrid", "the system compared in both runs")
	metrics := fs.String("metrics", "ndcg@10,map,p@10", "comma-separated metrics")
	seed := fs.Uint64("seed", 1, "seed of the randomization test and the bootstrap")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageError{"usage: creatormatch compare [--system S] [--metrics M,...] BEFORE_OUT AFTER_OUT (eval --out directories or their per_query.csv)"}
	}
	read := func(path string) (eval.PerQuery, error) {
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			path += "/per_query.csv"
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		all, err := eval.ReadPerQueryCSV(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		pq, ok := all[*system]
		if !ok {
			return nil, fmt.Errorf("%s: no system %q", path, *system)
		}
		return pq, nil
	}
	before, err := read(fs.Arg(0))
	if err != nil {
		return err
	}
	after, err := read(fs.Arg(1))
	if err != nil {
		return err
	}
	ms := strings.Split(*metrics, ",")
	cmp := eval.Compare(map[string]eval.PerQuery{"before": before, "after": after}, []string{"before", "after"}, "before", ms, eval.StatsConfig{Seed: *seed})
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "metric\tqueries\tbefore\tafter\tΔ\t95% CI\tp(t)\tp(perm)\tW/T/L")
	for _, c := range cmp {
		fmt.Fprintf(tw, "%s\t%d\t%.4f\t%.4f\t%+.4f\t[%+.4f, %+.4f]\t%.4f\t%.4f\t%d/%d/%d\n",
			c.Metric, c.N, c.BaseMean, c.Mean, c.Delta, c.CILow, c.CIHigh, c.PT, c.PRand, c.Wins, c.Ties, c.Losses)
	}
	return tw.Flush()
}
