package eval

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/creatormatch/creatormatch/matcher"
)

// WriteReport writes the evaluation to dir:
//
//	report.md         tables with significance markers, findings, plots
//	metrics.json      {"systems": {S: {"mean": {...}, "per_query": {Q: {...}}, ...}}, ...}
//	per_query.csv     system,qid,metric,value (long format)
//	comparisons.csv   one row per (system, metric) against the baseline
//	manifest.json     how to reproduce the numbers
//	runs/S.trec       each system's run in TREC format
//	plots/*.png       metric vs k per system; per-query differences vs baseline
func (r *Result) WriteReport(dir string) error {
	for _, sub := range []string{"runs", "plots"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
	}
	for _, s := range r.Systems {
		if err := writeFile(filepath.Join(dir, "runs", s.Name+".trec"), func(w *bufio.Writer) error { return WriteRun(w, s.Run, s.Name) }); err != nil {
			return err
		}
	}
	if r.Search != nil {
		if err := writeFile(filepath.Join(dir, "runs", "weight-search-tuned.trec"), func(w *bufio.Writer) error { return WriteRun(w, r.Search.Run, "weight-search-tuned") }); err != nil {
			return err
		}
	}
	if err := writeJSON(filepath.Join(dir, "metrics.json"), r.metricsJSON()); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(dir, "manifest.json"), r.Manifest); err != nil {
		return err
	}
	if err := r.writePerQueryCSV(filepath.Join(dir, "per_query.csv")); err != nil {
		return err
	}
	if err := writeComparisonsCSV(filepath.Join(dir, "comparisons.csv"), r.Comparisons); err != nil {
		return err
	}
	plots, err := r.writePlots(filepath.Join(dir, "plots"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "report.md"), []byte(r.Markdown(plots)), 0o644)
}

func writeFile(path string, fn func(*bufio.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := fn(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// finite drops NaN and infinite values (JSON has no encoding for them; a
// missing key means "undefined for this query").
func finite(m map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k, v := range m {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			out[k] = v
		}
	}
	return out
}

type systemJSON struct {
	Mean     map[string]float64            `json:"mean"`
	PerQuery map[string]map[string]float64 `json:"per_query"`
	Curves   map[string]map[string]float64 `json:"curves"`
	Latency  LatencyStats                  `json:"latency"`
	Embedder string                        `json:"embedder"`
	Spec     SystemConfig                  `json:"spec"`
	Errors   map[string]string             `json:"errors,omitempty"`
	Ties     int                           `json:"adjacent_score_ties"`
}

func (r *Result) metricsJSON() any {
	systems := map[string]systemJSON{}
	for _, s := range r.Systems {
		pq := map[string]map[string]float64{}
		for q, v := range s.PerQuery {
			pq[q] = finite(v)
		}
		curves := map[string]map[string]float64{}
		for kind, c := range s.Curves {
			curves[kind] = map[string]float64{}
			for k, v := range c {
				if !math.IsNaN(v) {
					curves[kind][strconv.Itoa(k)] = v
				}
			}
		}
		systems[s.Name] = systemJSON{Mean: finite(s.Mean), PerQuery: pq, Curves: curves, Latency: s.Latency, Embedder: s.Embedder, Spec: s.Spec, Errors: s.Errors, Ties: s.Ties}
	}
	return map[string]any{
		"dataset":         r.Dataset,
		"baseline":        r.Config.Baseline,
		"metrics":         r.Metrics,
		"systems":         systems,
		"comparisons":     sanitizeComparisons(r.Comparisons),
		"weight_search":   r.searchJSON(),
		"skipped_queries": r.Skipped,
	}
}

func (r *Result) searchJSON() any {
	if r.Search == nil {
		return nil
	}
	s := *r.Search
	s.Comparisons = sanitizeComparisons(s.Comparisons)
	return s
}

func sanitizeComparisons(cs []Comparison) []Comparison {
	out := make([]Comparison, len(cs))
	for i, c := range cs {
		for _, p := range []*float64{&c.Mean, &c.BaseMean, &c.Delta, &c.CILow, &c.CIHigh, &c.T} {
			if math.IsNaN(*p) || math.IsInf(*p, 0) {
				*p = 0
			}
		}
		out[i] = c
	}
	return out
}

func (r *Result) writePerQueryCSV(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"system", "qid", "metric", "value"})
	for _, s := range r.Systems {
		for _, q := range s.PerQuery.QueryIDs() {
			for _, m := range sortedKeys(s.PerQuery[q]) {
				v := s.PerQuery[q][m]
				if math.IsNaN(v) {
					continue
				}
				_ = w.Write([]string{s.Name, q, m, fmtF(v)})
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeComparisonsCSV(path string, cs []Comparison) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"system", "baseline", "metric", "n", "mean", "baseline_mean", "delta", "ci_low", "ci_high", "t", "df", "p_t", "p_t_holm", "p_rand", "p_rand_holm", "wins", "ties", "losses", "significant"})
	for _, c := range cs {
		_ = w.Write([]string{c.System, c.Baseline, c.Metric, strconv.Itoa(c.N), fmtF(c.Mean), fmtF(c.BaseMean), fmtF(c.Delta), fmtF(c.CILow), fmtF(c.CIHigh),
			fmtF(c.T), strconv.Itoa(c.DF), fmtF(c.PT), fmtF(c.PHolm), fmtF(c.PRand), fmtF(c.PRandH),
			strconv.Itoa(c.Wins), strconv.Itoa(c.Ties), strconv.Itoa(c.Losses), strconv.FormatBool(c.Sig)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func fmtF(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

func (r *Result) writePlots(dir string) ([]string, error) {
	var out []string
	primary := r.Metrics[0]
	for _, kind := range []string{"ndcg", "recall"} {
		name := kind + "_at_k.png"
		if err := PlotCurves(filepath.Join(dir, name), kind, fmt.Sprintf("%s@k on %s", kind, r.Dataset), r.Systems); err != nil {
			return nil, fmt.Errorf("plot %s: %w", name, err)
		}
		out = append(out, name)
	}
	base := r.System(r.Config.Baseline)
	if base == nil {
		return out, nil
	}
	if base.Calibration != nil {
		name := "reliability_" + safeName(base.Name) + ".png"
		if err := PlotReliability(filepath.Join(dir, name), fmt.Sprintf("fit reliability, %s on %s (ECE %.3f)", base.Name, r.Dataset, base.Calibration.ECE), base.Calibration.Reliability); err != nil {
			return nil, fmt.Errorf("plot %s: %w", name, err)
		}
		out = append(out, name)
	}
	for _, s := range r.Systems {
		if s == base {
			continue
		}
		name := "diff_" + safeName(s.Name) + "_" + safeName(primary) + ".png"
		if err := PlotDiffs(filepath.Join(dir, name), primary, s, base, r.Evaluated); err != nil {
			return nil, fmt.Errorf("plot %s: %w", name, err)
		}
		out = append(out, name)
	}
	return out, nil
}

// Markdown renders report.md; plots are file names under plots/.
func (r *Result) Markdown(plots []string) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	m := r.Manifest
	alpha := 0.05
	if len(r.Comparisons) > 0 {
		alpha = r.Comparisons[0].Alpha
	}
	p("# Evaluation: %s on %s\n\n", r.Config.Name, r.Dataset)
	p("%d creators, %d queries (%d evaluated), embedder `%s`, seed %d", m.Creators, m.Queries, m.Evaluated, m.Embedder, m.Seed)
	if m.GitCommit != "" {
		dirty := ""
		if m.GitDirty {
			dirty = " + uncommitted changes"
		}
		p(", commit `%.12s`%s", m.GitCommit, dirty)
	}
	p(". Dataset sha256 `%.16s…`; generated %s; full provenance in `manifest.json`.\n\n", m.DatasetSHA256, m.Time.Format("2006-01-02 15:04 MST"))

	sig := map[[2]string]Comparison{}
	for _, c := range r.Comparisons {
		sig[[2]string{c.System, c.Metric}] = c
	}
	p("## Accuracy\n\n")
	p("Means over the evaluated queries. Baseline: **%s**. † = differs from the baseline with p < %g after Holm correction (paired t-test, two-sided, family = all systems on that metric); ▲/▼ gives the direction.\n\n", r.Config.Baseline, alpha)
	p("| system |")
	for _, mt := range r.Metrics {
		p(" %s |", mt)
	}
	p("\n|---|")
	for range r.Metrics {
		p("---:|")
	}
	p("\n")
	for _, s := range r.Systems {
		name := s.Name
		if name == r.Config.Baseline {
			name += " (baseline)"
		}
		p("| %s |", name)
		for _, mt := range r.Metrics {
			v := s.Mean[mt]
			mark := ""
			if c, ok := sig[[2]string{s.Name, mt}]; ok && c.Sig {
				if c.Delta > 0 {
					mark = " ▲†"
				} else {
					mark = " ▼†"
				}
			}
			p(" %.4f%s |", v, mark)
		}
		p("\n")
	}
	if len(r.Systems) > 0 && r.Systems[0].MeanCI != nil {
		st := r.Config.statsConfig()
		st.defaults()
		p("\nEach mean with its %g%% percentile bootstrap CI over the queries (%d resamples, `eval.MeanCIs`):\n\n", 100*st.Level, st.Bootstrap)
		p("| system |")
		for _, mt := range r.Metrics {
			p(" %s |", mt)
		}
		p("\n|---|")
		for range r.Metrics {
			p("---|")
		}
		p("\n")
		for _, s := range r.Systems {
			p("| %s |", s.Name)
			for _, mt := range r.Metrics {
				ci := s.MeanCI[mt]
				p(" %.4f [%.4f, %.4f] |", s.Mean[mt], ci[0], ci[1])
			}
			p("\n")
		}
	}

	primary := r.Metrics[0]
	if len(r.Comparisons) > 0 {
		p("\n## Against the baseline on %s\n\n", primary)
		p("Δ = system − baseline over the paired queries; CI = %g%% percentile bootstrap of the mean Δ (%d resamples); p(t) = paired t-test; p(perm) = randomization test (%d sign flips); Holm-adjusted values in brackets; W/T/L = queries won/tied/lost.\n\n",
			100*r.Comparisons[0].Level, r.Comparisons[0].Boot, r.Comparisons[0].Rounds)
		p("| system | mean | Δ | %g%% CI | t (df) | p(t) [Holm] | p(perm) [Holm] | W/T/L |\n|---|---:|---:|---|---:|---:|---:|---:|\n", 100*r.Comparisons[0].Level)
		for _, c := range r.Comparisons {
			if c.Metric != primary {
				continue
			}
			mark := ""
			if c.Sig {
				mark = " †"
			}
			p("| %s | %.4f | %+.4f%s | [%+.4f, %+.4f] | %.2f (%d) | %s [%s] | %s [%s] | %d/%d/%d |\n",
				c.System, c.Mean, c.Delta, mark, c.CILow, c.CIHigh, c.T, c.DF, fmtP(c.PT), fmtP(c.PHolm), fmtP(c.PRand), fmtP(c.PRandH), c.Wins, c.Ties, c.Losses)
		}
		p("\nEvery metric's comparison is in `comparisons.csv`.\n")
		p("\n### Findings (%s)\n\n", primary)
		for _, c := range r.Comparisons {
			if c.Metric != primary {
				continue
			}
			p("- %s\n", finding(c))
		}
	}

	k := r.Config.BeyondK
	p("\n## Beyond accuracy (k = %d)\n\n", k)
	p("coverage = share of the catalogue in some query's top %d; gini = Gini of exposure over the catalogue (0 = even); ild = mean pairwise cosine distance of profile vectors in the top %d; calib_js = Jensen–Shannon divergence (bits) between the brief's target audience and the results' mean audience (lower is better; only briefs with an age/gender/country target).\n\n", k, k)
	p("| system | coverage@%d | gini@%d | ild@%d | calib_js@%d |\n|---|---:|---:|---:|---:|\n", k, k, k, k)
	for _, s := range r.Systems {
		p("| %s | %s | %s | %s | %s |\n", s.Name,
			fmtMean(s.Mean, fmt.Sprintf("coverage@%d", k)), fmtMean(s.Mean, fmt.Sprintf("gini@%d", k)),
			fmtMean(s.Mean, fmt.Sprintf("ild@%d", k)), fmtMean(s.Mean, fmt.Sprintf("calib_js@%d", k)))
	}

	p("\n## Latency\n\nWall clock of one `matcher.Match` call (brief parsing and embedding included), %d results per query, sequential.\n\n", r.Config.Limit)
	p("| system | p50 ms | p95 ms | p99 ms | mean ms |\n|---|---:|---:|---:|---:|\n")
	for _, s := range r.Systems {
		p("| %s | %.1f | %.1f | %.1f | %.1f |\n", s.Name, s.Latency.P50, s.Latency.P95, s.Latency.P99, s.Latency.Mean)
	}

	if slices.ContainsFunc(r.Systems, func(s *SystemResult) bool { return s.Calibration != nil }) {
		p("\n## Calibration of fit\n\n")
		p("Every returned result of every evaluated query: its `fit` against the qrels (grade ≥ 1 = on-brief). ECE = Σ_b (n_b/N)·|observed_b − mean fit_b| over 10 equal-width bins. The map was fitted on judgments that may include this dataset's: for a held-out figure see `creatormatch calibrate`.\n\n")
		p("| system | results | ECE |\n|---|---:|---:|\n")
		for _, s := range r.Systems {
			if s.Calibration != nil {
				p("| %s | %d | %.4f |\n", s.Name, s.Calibration.Results, s.Calibration.ECE)
			}
		}
		if b := r.System(r.Config.Baseline); b != nil && b.Calibration != nil {
			p("\nReliability diagram of %s:\n\n%s", b.Name, ReliabilityMarkdown(b.Calibration.Reliability))
		}
	}

	if r.Shortlists != nil {
		p("\n## Shortlists by ground truth (%s)\n\n", r.Config.Baseline)
		p("%s", r.Shortlists.Markdown())
	}

	if ws := r.Search; ws != nil {
		p("\n## Weight search\n\n")
		p("Random search (seed %d): %d trials (trial 0 = the base system's weights, the rest drawn from a flat Dirichlet) scored by %s on %d training queries; the best trial is then run on the %d held-out queries it never saw.\n\n",
			ws.Config.Seed, len(ws.Trials), ws.Config.Metric, len(ws.Train), len(ws.Test))
		best := ws.Trials[ws.Best]
		p("Best trial: %d, train %s = %.4f (trial 0: %.4f). Weights:\n\n", ws.Best, ws.Config.Metric, best.TrainMean, ws.Trials[0].TrainMean)
		p("| signal | weight |\n|---|---:|\n")
		for _, k := range sortedKeys(best.Weights) {
			p("| %s | %.4f |\n", k, best.Weights[k])
		}
		p("\nHeld-out queries: base (%s) %.4f, tuned %.4f.\n\n", ws.Config.Base, ws.BaseTest, ws.BestTest)
		p("| metric | base | tuned | Δ | CI | p(t) | p(perm) | W/T/L |\n|---|---:|---:|---:|---|---:|---:|---:|\n")
		for _, c := range ws.Comparisons {
			p("| %s | %.4f | %.4f | %+.4f | [%+.4f, %+.4f] | %s | %s | %d/%d/%d |\n", c.Metric, c.BaseMean, c.Mean, c.Delta, c.CILow, c.CIHigh, fmtP(c.PT), fmtP(c.PRand), c.Wins, c.Ties, c.Losses)
		}
	}

	if len(plots) > 0 {
		p("\n## Plots\n\n")
		for _, pl := range plots {
			p("![%s](plots/%s)\n\n", strings.TrimSuffix(pl, ".png"), pl)
		}
	}

	p("## Notes\n\n")
	for _, n := range r.Notes {
		p("- %s\n", n)
	}
	p("- A query is evaluated when its qrels hold at least one relevant creator (grade ≥ 1); negative grades count as judged non-relevant with gain 0. NDCG uses gain = grade and a log2(rank+1) discount (trec_eval's ndcg_cut).\n")
	p("- Runs are ranked for evaluation as trec_eval ranks them: score descending, ties by creator id descending.")
	var ties []string
	for _, s := range r.Systems {
		if s.Ties > 0 {
			ties = append(ties, fmt.Sprintf("%s %d", s.Name, s.Ties))
		}
	}
	if len(ties) == 0 {
		p(" No run has two adjacent results with exactly equal scores, so the matcher's order (ties by id ascending) is the evaluated order.\n")
	} else {
		p(" Adjacent exactly-tied scores, where the matcher's order (ties by id ascending) and the evaluated order differ: %s.\n", strings.Join(ties, ", "))
	}
	if len(r.Skipped) > 0 {
		p("- Skipped (no relevant creator judged): %s.\n", strings.Join(r.Skipped, ", "))
	}
	for _, s := range r.Systems {
		if len(s.Errors) > 0 {
			qs := sortedKeys(s.Errors)
			p("- %s: the matcher refused %d queries (scored as empty rankings), e.g. %s: %s\n", s.Name, len(qs), qs[0], s.Errors[qs[0]])
		}
	}
	p("- Systems: ")
	var specs []string
	for _, s := range r.Systems {
		specs = append(specs, fmt.Sprintf("`%s` = %s", s.Name, describe(s.Spec, r.Config)))
	}
	p("%s.\n", strings.Join(specs, "; "))
	return b.String()
}

func finding(c Comparison) string {
	dir := "scores higher than"
	if c.Delta < 0 {
		dir = "scores lower than"
	}
	if c.Wins == 0 && c.Losses == 0 {
		return fmt.Sprintf("**%s** ties **%s** on %s on every query (%.4f).", c.System, c.Baseline, c.Metric, c.Mean)
	}
	verdict := "not significant"
	if c.Sig {
		verdict = "significant"
	}
	return fmt.Sprintf("**%s** %s **%s** on %s by %.4f (%.4f vs %.4f; %g%% CI of Δ [%+.4f, %+.4f]); paired t-test p = %s, Holm-adjusted p = %s (%s at α = %g); randomization p = %s; %d won, %d tied, %d lost of %d queries.",
		c.System, dir, c.Baseline, c.Metric, math.Abs(c.Delta), c.Mean, c.BaseMean, 100*c.Level, c.CILow, c.CIHigh, fmtP(c.PT), fmtP(c.PHolm), verdict, c.Alpha, fmtP(c.PRand), c.Wins, c.Ties, c.Losses, c.N)
}

func describe(s SystemConfig, cfg Config) string {
	var parts []string
	if s.Served {
		parts = append(parts, fmt.Sprintf("the matcher as /v1/match serves it (pool %d, approximate dense search)", matcher.DefaultCandidatePool))
	} else {
		pool := "whole catalogue"
		if s.CandidatePool > 0 {
			pool = strconv.Itoa(s.CandidatePool)
		} else if cfg.CandidatePool > 0 {
			pool = strconv.Itoa(cfg.CandidatePool)
		}
		parts = append(parts, "pool "+pool)
	}
	ret := s.Retrieval
	if ret == "" {
		ret = "hybrid"
	}
	parts = append(parts, ret)
	if s.Goal != "" {
		parts = append(parts, "goal "+s.Goal)
	}
	if len(s.Weights) > 0 {
		var ws []string
		for _, k := range sortedKeys(s.Weights) {
			ws = append(ws, fmt.Sprintf("%s=%g", k, s.Weights[k]))
		}
		parts = append(parts, "weights "+strings.Join(ws, ","))
	}
	if len(s.Ablate) > 0 {
		parts = append(parts, "without "+strings.Join(s.Ablate, ","))
	}
	if s.Diversity > 0 {
		parts = append(parts, fmt.Sprintf("diversity %g", s.Diversity))
	}
	if s.Posts > 0 {
		parts = append(parts, fmt.Sprintf("top-%d posts", s.Posts))
	}
	if s.Query != "" {
		parts = append(parts, "query from "+s.Query)
	}
	if s.LexicalShare > 0 {
		parts = append(parts, fmt.Sprintf("lexical share %g", s.LexicalShare))
	}
	if s.Fusion != "" {
		parts = append(parts, "fusion "+s.Fusion)
	}
	if s.ScoreDenseLexically {
		parts = append(parts, "dense candidates scored lexically")
	}
	if s.Rocchio > 0 {
		parts = append(parts, fmt.Sprintf("Rocchio from top %d", s.Rocchio))
	}
	if s.Embedder != "" {
		parts = append(parts, "embedder "+s.Embedder)
	}
	return strings.Join(parts, ", ")
}

func fmtP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "–"
	case p < 1e-4:
		return fmt.Sprintf("%.1e", p)
	}
	return fmt.Sprintf("%.4f", p)
}

func fmtMean(m map[string]float64, k string) string {
	v, ok := m[k]
	if !ok || math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.4f", v)
}
