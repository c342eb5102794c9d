package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/embeddings"
	"github.com/creatormatch/creatormatch/matcher"
	"github.com/creatormatch/creatormatch/store/memory"
)

// Options configure Run.
type Options struct {
	Dataset *Dataset
	// Config is the experiment (DefaultConfig() when it has no systems).
	Config Config
	// ConfigFile names where Config came from, for the manifest.
	ConfigFile string
	// Embedder is the default embedder (systems without an embedder).
	Embedder embeddings.Embedder
	// OpenEmbedder opens the extra embedders a config names; nil uses
	// embeddings.New.
	OpenEmbedder func(ctx context.Context, spec EmbedderSpec) (embeddings.Embedder, error)
	// DataDir holds the embedded stores, one sub-directory per embedding
	// model. Empty: a temporary directory, removed when Run returns. An
	// existing directory is reused (its embedding cache makes re-ingest
	// cheap) but must hold no creator outside the dataset.
	DataDir string
	// Store, when set, is used instead of opening stores under DataDir,
	// and Ingest says whether to write the dataset's creators into it
	// (replay evaluation reads a live store without writing).
	Store  creatormatch.Store
	Ingest bool
	// Now is the clock features are computed against at ingest (default:
	// the dataset's Now, else time.Now()).
	Now time.Time
	// Log receives the matcher's and catalog's logs (default: discarded).
	Log *slog.Logger
	// Progress, when set, receives one line per step.
	Progress io.Writer
}

// LatencyStats are per-query Match latencies of a system, in milliseconds
// (wall clock around matcher.Match, embedding the brief included).
type LatencyStats struct {
	P50  float64 `json:"p50_ms"`
	P95  float64 `json:"p95_ms"`
	P99  float64 `json:"p99_ms"`
	Mean float64 `json:"mean_ms"`
}

// SystemResult is one system's run and scores.
type SystemResult struct {
	Name     string       `json:"name"`
	Spec     SystemConfig `json:"spec"`
	Embedder string       `json:"embedder"`
	Run      Rankings     `json:"-"`
	// PerQuery holds the accuracy metrics and the per-query
	// beyond-accuracy metrics (ild@K, calib_js@K) of each evaluated query.
	PerQuery PerQuery `json:"per_query"`
	// Mean is PerQuery's mean plus the system-level coverage@K and gini@K.
	Mean map[string]float64 `json:"mean"`
	// MeanCI is the bootstrap CI of each accuracy metric's mean (MeanCIs).
	MeanCI map[string][2]float64 `json:"mean_ci,omitempty"`
	// Curves are mean metric values per cutoff: "ndcg" and "recall" → k → mean.
	Curves  map[string]map[int]float64 `json:"curves"`
	Latency LatencyStats               `json:"latency"`
	// Errors are the queries the matcher refused, with its error; they
	// score as empty rankings.
	Errors map[string]string `json:"errors,omitempty"`
	// Calibration checks the results' fit against the qrels (grade ≥ 1 is
	// on-brief): expected calibration error and a reliability diagram over
	// every returned result of every evaluated query.
	Calibration *FitCheck `json:"fit_calibration,omitempty"`
	// Ties counts adjacent results with exactly equal scores: there the
	// matcher's order (ties by id ascending) and the evaluation order
	// (trec_eval: ties by id descending) differ.
	Ties int `json:"ties"`
}

// Result is a whole evaluation.
type Result struct {
	Dataset     string              `json:"dataset"`
	Config      Config              `json:"config"`
	Metrics     []string            `json:"metrics"`
	Systems     []*SystemResult     `json:"systems"`
	Comparisons []Comparison        `json:"comparisons"`
	Evaluated   []string            `json:"evaluated_queries"`
	Skipped     []string            `json:"skipped_queries,omitempty"` // no relevant creator in the qrels
	Notes       []string            `json:"notes,omitempty"`
	Search      *WeightSearchResult `json:"weight_search,omitempty"`
	// Shortlists judges the baseline system's shortlists by the dataset's
	// ground truth (datasets with truth only).
	Shortlists  *ShortlistSummary        `json:"shortlists,omitempty"`
	Manifest    Manifest                 `json:"manifest"`
	Queries     map[string]string        `json:"-"` // id → brief text
	systemsByID map[string]*SystemResult `json:"-"`
}

// System returns the named system's result, or nil.
func (r *Result) System(name string) *SystemResult { return r.systemsByID[name] }

// Manifest records what produced a result, so it can be reproduced.
type Manifest struct {
	Tool          string            `json:"tool"`
	GitCommit     string            `json:"git_commit,omitempty"`
	GitDirty      bool              `json:"git_dirty,omitempty"`
	Dataset       string            `json:"dataset"`
	DatasetSHA256 string            `json:"dataset_sha256"`
	Creators      int               `json:"creators"`
	Queries       int               `json:"queries"`
	Evaluated     int               `json:"evaluated_queries"`
	Embedder      string            `json:"embedder"`
	Embedders     map[string]string `json:"embedders,omitempty"`
	Seed          uint64            `json:"seed"`
	Clock         time.Time         `json:"feature_clock"`
	ConfigFile    string            `json:"config_file,omitempty"`
	Config        Config            `json:"config"`
	GoVersion     string            `json:"go_version"`
	Platform      string            `json:"platform"`
	CPUs          int               `json:"cpus"`
	Time          time.Time         `json:"time"`
	DurationSec   float64           `json:"duration_seconds"`
}

// Run ingests the dataset through catalog.Service into a fresh embedded
// store, runs every system of the config over every query with
// matcher.Match, scores the runs against the qrels and compares each
// system with the baseline.
func Run(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	ds := opts.Dataset
	if ds == nil {
		return nil, errors.New("eval: no dataset")
	}
	if opts.Embedder == nil {
		return nil, errors.New("eval: no embedder")
	}
	cfg := opts.Config
	if len(cfg.Systems) == 0 {
		cfg = DefaultConfig()
	}
	if err := cfg.expand(); err != nil {
		return nil, err
	}
	metrics, err := ParseMetrics(cfg.Metrics...)
	if err != nil {
		return nil, err
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	progress := func(format string, args ...any) {
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, format+"\n", args...)
		}
	}
	now := opts.Now
	if now.IsZero() {
		now = ds.Now
	}
	if now.IsZero() {
		now = time.Now().UTC()
	}

	// Stores, one per embedding model.
	embs := map[string]embeddings.Embedder{"": opts.Embedder}
	for _, s := range cfg.Systems {
		if s.Embedder == "" || embs[s.Embedder] != nil {
			continue
		}
		open := opts.OpenEmbedder
		if open == nil {
			open = func(ctx context.Context, spec EmbedderSpec) (embeddings.Embedder, error) {
				return embeddings.New(ctx, embeddings.Config{Provider: spec.Provider, Model: spec.Model, BaseURL: spec.BaseURL, Dimensions: spec.Dimensions, ModelDir: spec.ModelDir})
			}
		}
		e, err := open(ctx, cfg.Embedders[s.Embedder])
		if err != nil {
			return nil, fmt.Errorf("embedder %q: %w", s.Embedder, err)
		}
		embs[s.Embedder] = e
	}
	dataDir := opts.DataDir
	if dataDir == "" && opts.Store == nil {
		tmp, err := os.MkdirTemp("", "creatormatch-eval-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		dataDir = tmp
	}
	stores := map[string]creatormatch.Store{}
	defer func() {
		if opts.Store == nil {
			for _, st := range stores {
				_ = st.Close()
			}
		}
	}()
	storeFor := func(name string) (creatormatch.Store, error) {
		model := embs[name].Model()
		if st, ok := stores[model]; ok {
			return st, nil
		}
		var st creatormatch.Store
		ingest := true
		if opts.Store != nil {
			if len(stores) > 0 {
				return nil, errors.New("eval: a given store serves one embedder only")
			}
			st, ingest = opts.Store, opts.Ingest
		} else {
			var err error
			st, err = memory.Open(ctx, filepath.Join(dataDir, safeName(model)))
			if err != nil {
				return nil, fmt.Errorf("open store: %w", err)
			}
		}
		stores[model] = st
		if ingest {
			t := time.Now()
			if err := Ingest(ctx, st, embs[name], ds.Creators, now, log); err != nil {
				return nil, err
			}
			progress("ingested %d creators with %s in %s", len(ds.Creators), model, time.Since(t).Round(time.Millisecond))
		}
		return st, nil
	}

	res := &Result{Dataset: ds.Name, Config: cfg, Notes: ds.Notes, Queries: map[string]string{}, systemsByID: map[string]*SystemResult{}}
	for _, m := range metrics {
		res.Metrics = append(res.Metrics, m.Name())
	}
	for _, q := range ds.Queries {
		res.Queries[q.ID] = q.Brief.Text
		if ds.Qrels.Relevant(q.ID) > 0 {
			res.Evaluated = append(res.Evaluated, q.ID)
		} else {
			res.Skipped = append(res.Skipped, q.ID)
		}
	}
	sort.Strings(res.Evaluated)
	sort.Strings(res.Skipped)
	audiences := make(map[string]*creatormatch.Audience, len(ds.Creators))
	for i := range ds.Creators {
		audiences[ds.Creators[i].ID] = ds.Creators[i].Audience
	}
	briefs := map[string]creatormatch.AudienceTarget{}

	for _, spec := range cfg.Systems {
		st, err := storeFor(spec.Embedder)
		if err != nil {
			return nil, err
		}
		emb := embs[spec.Embedder]
		n, err := st.CountCreators(ctx)
		if err != nil {
			return nil, err
		}
		if opts.Store == nil && n != len(ds.Creators) {
			return nil, fmt.Errorf("the store in %s holds %d creators but the dataset %d: use an empty --data-dir", dataDir, n, len(ds.Creators))
		}
		t := time.Now()
		m := newMatcher(st, emb, spec, cfg, n, log)
		sr, err := runSystem(ctx, m, spec, cfg, ds.Queries, briefs)
		if err != nil {
			return nil, fmt.Errorf("system %s: %w", spec.Name, err)
		}
		sr.Embedder = emb.Model()
		if err := score(ctx, sr, st, emb.Model(), ds, metrics, cfg, audiences, briefs); err != nil {
			return nil, err
		}
		sr.Calibration = checkFit(sr.Run, ds.Qrels, res.Evaluated)
		sr.MeanCI = MeanCIs(sr.PerQuery, res.Metrics, cfg.statsConfig())
		res.Systems = append(res.Systems, sr)
		res.systemsByID[sr.Name] = sr
		progress("system %-28s %d queries in %s  %s=%.4f", sr.Name, len(ds.Queries), time.Since(t).Round(time.Millisecond), res.Metrics[0], sr.Mean[res.Metrics[0]])
	}

	per := map[string]PerQuery{}
	order := make([]string, 0, len(res.Systems))
	for _, s := range res.Systems {
		per[s.Name] = s.PerQuery
		order = append(order, s.Name)
	}
	res.Comparisons = Compare(per, order, cfg.Baseline, res.Metrics, cfg.statsConfig())

	if len(ds.Truth) > 0 && hasNicheQueries(ds) {
		spec := cfg.systemByName(cfg.Baseline)
		st, err := storeFor(spec.Embedder)
		if err != nil {
			return nil, err
		}
		n, _ := st.CountCreators(ctx)
		t := time.Now()
		if res.Shortlists, err = CheckShortlists(ctx, newMatcher(st, embs[spec.Embedder], spec, cfg, n, log), ds); err != nil {
			return nil, err
		}
		progress("shortlists of %s: %d picks, %.1f%% on niche, in %s", spec.Name, res.Shortlists.Picks, 100*res.Shortlists.Share(), time.Since(t).Round(time.Millisecond))
	}

	if cfg.WeightSearch != nil {
		spec := cfg.systemByName(cfg.WeightSearch.Base)
		st, err := storeFor(spec.Embedder)
		if err != nil {
			return nil, err
		}
		n, _ := st.CountCreators(ctx)
		res.Search, err = weightSearch(ctx, newMatcher(st, embs[spec.Embedder], spec, cfg, n, log), spec, cfg, ds, res.System(spec.Name), progress)
		if err != nil {
			return nil, fmt.Errorf("weight search: %w", err)
		}
	}

	sha, err := ds.SHA256()
	if err != nil {
		return nil, err
	}
	res.Manifest = Manifest{
		Tool: "creatormatch eval", Dataset: ds.Name, DatasetSHA256: sha,
		Creators: len(ds.Creators), Queries: len(ds.Queries), Evaluated: len(res.Evaluated),
		Embedder: opts.Embedder.Model(), Seed: cfg.Seed, Clock: now, ConfigFile: opts.ConfigFile, Config: cfg,
		GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH, CPUs: runtime.NumCPU(),
		Time: time.Now().UTC().Truncate(time.Second),
	}
	res.Manifest.GitCommit, res.Manifest.GitDirty = gitState()
	for name, e := range embs {
		if name != "" {
			if res.Manifest.Embedders == nil {
				res.Manifest.Embedders = map[string]string{}
			}
			res.Manifest.Embedders[name] = e.Model()
		}
	}
	res.Manifest.DurationSec = math.Round(time.Since(start).Seconds()*10) / 10
	return res, nil
}

// Ingest writes creators into st through catalog.Service — normalise,
// validate, embed through the store's cache, compute features, upsert —
// the same path the API and `creatormatch ingest` take, with features
// computed against now. Copies are written; creators is not modified.
func Ingest(ctx context.Context, st creatormatch.Store, emb catalog.Embedder, creators []creatormatch.Creator, now time.Time, log *slog.Logger) error {
	svc := catalog.New(st, emb, catalog.WithClock(func() time.Time { return now }), catalog.WithLogger(log))
	const batch = 200
	bulk := svc.Bulk()
	for i := 0; i < len(creators); i += batch {
		part := make([]creatormatch.Creator, 0, batch)
		for _, c := range creators[i:min(i+batch, len(creators))] {
			c.Features = nil
			part = append(part, c)
		}
		if err := bulk.Upsert(ctx, part); err != nil {
			return fmt.Errorf("ingest creators %d-%d: %w", i+1, i+len(part), err)
		}
	}
	// Once the whole catalogue is in, every creator's engagement
	// percentile (and what depends on it) is ranked against the same,
	// complete peer table; the other features and the vectors do not
	// depend on it and are kept.
	if _, err := bulk.Finish(ctx, nil); err != nil {
		return fmt.Errorf("rank engagement against the catalogue: %w", err)
	}
	return nil
}

func newMatcher(st creatormatch.Store, emb embeddings.Embedder, spec SystemConfig, cfg Config, catalogue int, log *slog.Logger) *matcher.Matcher {
	mc := matcher.Config{}
	if !spec.Served {
		pool := spec.CandidatePool
		if pool == 0 {
			pool = cfg.CandidatePool
		}
		if pool == 0 {
			pool = max(catalogue, 200)
		}
		mc.CandidatePool = pool
	}
	return matcher.New(st, emb, nil, mc, log)
}

func runSystem(ctx context.Context, m *matcher.Matcher, spec SystemConfig, cfg Config, queries []Query, briefs map[string]creatormatch.AudienceTarget) (*SystemResult, error) {
	sr := &SystemResult{Name: spec.Name, Spec: spec, Run: Rankings{}, Errors: map[string]string{}}
	lat := make([]float64, 0, len(queries))
	for _, q := range queries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		req := spec.requestFor(q, cfg.Limit, !cfg.Approximate)
		t := time.Now()
		resp, err := m.Match(ctx, req)
		lat = append(lat, float64(time.Since(t).Microseconds())/1000)
		if err != nil {
			if errors.Is(err, creatormatch.ErrInvalid) {
				sr.Errors[q.ID] = err.Error()
				sr.Run[q.ID] = nil
				continue
			}
			return nil, fmt.Errorf("query %s: %w", q.ID, err)
		}
		briefs[q.ID] = resp.Brief.Audience
		rs := make([]Scored, len(resp.Results))
		for i, r := range resp.Results {
			rs[i] = Scored{DocID: r.CreatorID, Score: r.Score, Fit: r.Fit}
			if i > 0 && r.Score == resp.Results[i-1].Score {
				sr.Ties++
			}
		}
		sr.Run[q.ID] = rs
	}
	sr.Latency = latencyStats(lat)
	return sr, nil
}

// score evaluates sr's run: accuracy metrics per query, the per-query
// beyond-accuracy metrics, the system-level ones, and the curves.
func score(ctx context.Context, sr *SystemResult, st creatormatch.Store, model string, ds *Dataset, metrics []Metric, cfg Config, audiences map[string]*creatormatch.Audience, briefs map[string]creatormatch.AudienceTarget) error {
	sr.PerQuery = Evaluate(sr.Run, ds.Qrels, metrics)
	k := cfg.BeyondK
	var ids []string
	seen := map[string]bool{}
	for _, rs := range sr.Run {
		r := Ranked(rs)
		for _, d := range r[:cut(k, len(r))] {
			if !seen[d] {
				seen[d] = true
				ids = append(ids, d)
			}
		}
	}
	sort.Strings(ids)
	vecs, err := st.ProfileVectors(ctx, model, ids)
	if err != nil {
		return err
	}
	ild, cal := fmt.Sprintf("ild@%d", k), fmt.Sprintf("calib_js@%d", k)
	for qid, vals := range sr.PerQuery {
		r := Ranked(sr.Run[qid])
		vals[ild] = IntraListDiversity(r, vecs, k)
		vals[cal] = AudienceCalibration(briefs[qid], r, audiences, k)
	}
	sr.Mean = sr.PerQuery.Mean()
	catalogue := make([]string, len(ds.Creators))
	for i, c := range ds.Creators {
		catalogue[i] = c.ID
	}
	evaluated := Rankings{}
	for qid := range sr.PerQuery {
		evaluated[qid] = sr.Run[qid]
	}
	sr.Mean[fmt.Sprintf("coverage@%d", k)] = Coverage(evaluated, k, len(catalogue))
	sr.Mean[fmt.Sprintf("gini@%d", k)] = GiniExposure(evaluated, k, catalogue)
	sr.Curves = map[string]map[int]float64{}
	for _, kind := range []string{"ndcg", "recall"} {
		ms := make([]Metric, len(cfg.Cutoffs))
		for i, c := range cfg.Cutoffs {
			ms[i] = Metric{Kind: kind, K: c}
		}
		mean := Evaluate(sr.Run, ds.Qrels, ms).Mean()
		sr.Curves[kind] = map[int]float64{}
		for _, m := range ms {
			sr.Curves[kind][m.K] = mean[m.Name()]
		}
	}
	return nil
}

func latencyStats(ms []float64) LatencyStats {
	if len(ms) == 0 {
		return LatencyStats{}
	}
	s := slices.Clone(ms)
	sort.Float64s(s)
	return LatencyStats{P50: round3(quantile(s, 0.50)), P95: round3(quantile(s, 0.95)), P99: round3(quantile(s, 0.99)), Mean: round3(mean(s))}
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func (c Config) statsConfig() StatsConfig {
	return StatsConfig{Alpha: c.Stats.Alpha, Permutations: c.Stats.Permutations, Bootstrap: c.Stats.Bootstrap, Level: c.Stats.Level, Seed: c.Seed}
}

func (c Config) systemByName(name string) SystemConfig {
	for _, s := range c.Systems {
		if s.Name == name {
			return s
		}
	}
	return SystemConfig{}
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9_.+-]+`)

func safeName(s string) string { return unsafeChars.ReplaceAllString(s, "_") }

// gitState returns `git rev-parse HEAD` and whether the work tree has
// uncommitted changes, when git and a repository are available.
func gitState() (string, bool) {
	out, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		return "", false
	}
	commit := strings.TrimSpace(string(out))
	st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output()
	return commit, err == nil && len(strings.TrimSpace(string(st))) > 0
}

// WeightSearchResult is the outcome of a weight search.
type WeightSearchResult struct {
	Config      WeightSearchConfig `json:"config"`
	Train       []string           `json:"train_queries"`
	Test        []string           `json:"test_queries"`
	Trials      []WeightTrial      `json:"trials"`
	Best        int                `json:"best_trial"`
	BaseTest    float64            `json:"base_test_mean"`
	BestTest    float64            `json:"best_test_mean"`
	Comparisons []Comparison       `json:"test_comparisons"` // best vs base on the test split, every metric
	Run         Rankings           `json:"-"`                // the best weights' run on the test split
}

// WeightTrial is one sampled weighting and its training score.
type WeightTrial struct {
	Weights   matcher.Weights `json:"weights"`
	TrainMean float64         `json:"train_mean"`
}

func weightSearch(ctx context.Context, m *matcher.Matcher, base SystemConfig, cfg Config, ds *Dataset, baseRes *SystemResult, progress func(string, ...any)) (*WeightSearchResult, error) {
	ws := *cfg.WeightSearch
	metric, _ := ParseMetric(ws.Metric)
	metrics, _ := ParseMetrics(cfg.Metrics...)
	var ids []string
	byID := map[string]Query{}
	for _, q := range ds.Queries {
		if ds.Qrels.Relevant(q.ID) > 0 {
			ids = append(ids, q.ID)
			byID[q.ID] = q
		}
	}
	sort.Strings(ids)
	if len(ids) < 4 {
		return nil, fmt.Errorf("needs at least 4 evaluable queries, have %d", len(ids))
	}
	r := rand.New(rand.NewPCG(ws.Seed, 0x3e16))
	r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	nTrain := min(max(1, int(math.Round(ws.TrainFraction*float64(len(ids))))), len(ids)-2)
	out := &WeightSearchResult{Config: ws, Train: slices.Sorted(slices.Values(ids[:nTrain])), Test: slices.Sorted(slices.Values(ids[nTrain:]))}
	qs := func(set []string) []Query {
		o := make([]Query, len(set))
		for i, id := range set {
			o[i] = byID[id]
		}
		return o
	}
	train, test := qs(out.Train), qs(out.Test)
	baseWeights, err := matcher.ResolveWeights(creatormatch.Goal(base.Goal), base.requestFor(Query{}, 1, false).Weights)
	if err != nil {
		return nil, err
	}
	evalOn := func(w matcher.Weights, set []Query) (PerQuery, Rankings, error) {
		spec := base
		spec.Weights, spec.Ablate = map[string]float64(w), nil
		sr, err := runSystem(ctx, m, spec, cfg, set, map[string]creatormatch.AudienceTarget{})
		if err != nil {
			return nil, nil, err
		}
		q := Qrels{}
		for _, x := range set {
			q[x.ID] = ds.Qrels[x.ID]
		}
		return Evaluate(sr.Run, q, metrics), sr.Run, nil
	}
	best := -1
	for t := range ws.Trials {
		w := baseWeights
		if t > 0 {
			w = matcher.Weights{}
			sum := 0.0
			for _, s := range matcher.SignalNames {
				w[s] = r.ExpFloat64()
				sum += w[s]
			}
			for s := range w {
				w[s] = math.Round(w[s]/sum*1e4) / 1e4
			}
		}
		pq, _, err := evalOn(w, train)
		if err != nil {
			return nil, err
		}
		mean := pq.Mean()[metric.Name()]
		out.Trials = append(out.Trials, WeightTrial{Weights: w, TrainMean: mean})
		if best < 0 || mean > out.Trials[best].TrainMean {
			best = t
		}
	}
	out.Best = best
	pq, run, err := evalOn(out.Trials[best].Weights, test)
	if err != nil {
		return nil, err
	}
	out.Run = run
	basePQ := PerQuery{}
	for _, q := range out.Test {
		basePQ[q] = baseRes.PerQuery[q]
	}
	out.Comparisons = Compare(map[string]PerQuery{"tuned": pq, base.Name: basePQ}, []string{base.Name, "tuned"}, base.Name, slices.Clone(cfgMetricsNames(metrics)), cfg.statsConfig())
	out.BaseTest = basePQ.Mean()[metric.Name()]
	out.BestTest = pq.Mean()[metric.Name()]
	progress("weight search: %d trials on %d training queries; best trial %d: train %s=%.4f, test %.4f vs base %.4f", ws.Trials, len(train), best, metric.Name(), out.Trials[best].TrainMean, out.BestTest, out.BaseTest)
	return out, nil
}

func cfgMetricsNames(ms []Metric) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Name()
	}
	return out
}
