package eval

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/matcher"
)

// Config is an experiment: several systems run on the same dataset and
// compared with a baseline. It is read from YAML or JSON (ParseConfig);
// see docs/evaluation.md and eval/configs/ for examples.
type Config struct {
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	// Baseline names the system the others are compared with (default:
	// the first system).
	Baseline string `json:"baseline,omitempty" yaml:"baseline,omitempty"`
	// Metrics are the accuracy metrics reported (default DefaultMetrics);
	// the first is the primary metric of plots and the weight search.
	Metrics []string `json:"metrics,omitempty" yaml:"metrics,omitempty"`
	// Cutoffs are the k of the metric-vs-k curves (default 1,3,5,10,20,50,100).
	Cutoffs []int `json:"cutoffs,omitempty" yaml:"cutoffs,omitempty"`
	// BeyondK is the k of coverage, Gini, diversity and calibration (default 10).
	BeyondK int `json:"beyond_k,omitempty" yaml:"beyond_k,omitempty"`
	// Seed seeds the randomization test, the bootstrap and the weight search.
	Seed uint64 `json:"seed,omitempty" yaml:"seed,omitempty"`
	// Limit is how many results each query asks for (default and maximum:
	// the matcher's page cap, 100).
	Limit int `json:"limit,omitempty" yaml:"limit,omitempty"`
	// CandidatePool is how many creators each retriever returns; 0 means
	// the whole catalogue, so every eligible creator is ranked and none is
	// lost to candidate sampling. A system with served: true ignores it.
	CandidatePool int `json:"candidate_pool,omitempty" yaml:"candidate_pool,omitempty"`
	// Approximate uses the store's approximate dense index instead of an
	// exact scan (the API's behaviour); default false (exact).
	Approximate bool `json:"approximate,omitempty" yaml:"approximate,omitempty"`

	Systems []SystemConfig `json:"systems,omitempty" yaml:"systems,omitempty"`
	// Presets adds one system per campaign goal ("preset-GOAL").
	Presets bool `json:"presets,omitempty" yaml:"presets,omitempty"`
	// Ablations adds one system per signal with that signal's weight set
	// to 0 ("ablate-SIGNAL"), on the baseline's settings.
	Ablations bool `json:"ablations,omitempty" yaml:"ablations,omitempty"`
	// WeightSearch tunes weights on a training split of the queries.
	WeightSearch *WeightSearchConfig `json:"weight_search,omitempty" yaml:"weight_search,omitempty"`
	// Embedders names extra embedders systems may use (system.embedder);
	// each gets its own store, since vectors of two models never mix.
	Embedders map[string]EmbedderSpec `json:"embedders,omitempty" yaml:"embedders,omitempty"`

	Stats StatsSettings `json:"stats,omitzero" yaml:"stats,omitempty"`
}

// StatsSettings are the significance-test settings of a config.
type StatsSettings struct {
	Alpha        float64 `json:"alpha,omitempty" yaml:"alpha,omitempty"`
	Permutations int     `json:"permutations,omitempty" yaml:"permutations,omitempty"`
	Bootstrap    int     `json:"bootstrap,omitempty" yaml:"bootstrap,omitempty"`
	Level        float64 `json:"ci_level,omitempty" yaml:"ci_level,omitempty"`
}

// SystemConfig is one system: a way of calling the matcher.
type SystemConfig struct {
	Name string `json:"name" yaml:"name"`
	// Retrieval is hybrid (default), dense or lexical.
	Retrieval string `json:"retrieval,omitempty" yaml:"retrieval,omitempty"`
	// Goal overrides every brief's goal, selecting that preset.
	Goal string `json:"goal,omitempty" yaml:"goal,omitempty"`
	// Weights override the preset per signal (matcher.Request.Weights).
	Weights map[string]float64 `json:"weights,omitempty" yaml:"weights,omitempty"`
	// Ablate sets these signals' weights to 0.
	Ablate []string `json:"ablate,omitempty" yaml:"ablate,omitempty"`
	// Diversity is matcher.Request.Diversity (MMR), 0 = off.
	Diversity float64 `json:"diversity,omitempty" yaml:"diversity,omitempty"`
	// Posts is matcher.Request.PostFit: semantic fit also reads the mean
	// similarity of each creator's Posts best-matching posts; 0 = off.
	Posts int `json:"posts,omitempty" yaml:"posts,omitempty"`
	// Rocchio is matcher.Request.Rocchio: pseudo-relevance feedback from
	// the first pass's Rocchio best creators; 0 = off.
	Rocchio int `json:"rocchio,omitempty" yaml:"rocchio,omitempty"`
	// Query is matcher.Request.QueryFrom: "" the brief's text, "asks" its
	// content asks and topics.
	Query string `json:"query,omitempty" yaml:"query,omitempty"`
	// LexicalShare is matcher.Request.LexicalShare: the lexical part of
	// semantic fit's blend in hybrid retrieval (0 = the served default).
	LexicalShare float64 `json:"lexical_share,omitempty" yaml:"lexical_share,omitempty"`
	// Fusion is matcher.Request.Fusion: "minmax" or "rrf" ("" the default).
	Fusion string `json:"fusion,omitempty" yaml:"fusion,omitempty"`
	// ScoreDenseLexically is matcher.Request.ScoreDenseLexically.
	ScoreDenseLexically bool `json:"score_dense_lexically,omitempty" yaml:"score_dense_lexically,omitempty"`
	// Embedder names an entry of Config.Embedders; "" is the default one.
	Embedder string `json:"embedder,omitempty" yaml:"embedder,omitempty"`
	// Served runs the matcher exactly as /v1/match serves it: default
	// matcher.Config (candidate pool matcher.DefaultCandidatePool) and approximate dense search.
	Served bool `json:"served,omitempty" yaml:"served,omitempty"`
	// CandidatePool overrides Config.CandidatePool for this system.
	CandidatePool int `json:"candidate_pool,omitempty" yaml:"candidate_pool,omitempty"`
}

// WeightSearchConfig is a seeded random search over the signal weights:
// trial 0 is the base system's own weights, each further trial draws
// weights from a flat Dirichlet (independent Exp(1) draws, normalised).
// Trials are scored on a training split of the queries; the best is then
// compared with the base on the held-out split, where it was never tuned.
type WeightSearchConfig struct {
	Trials        int     `json:"trials,omitempty" yaml:"trials,omitempty"`                 // default 30
	TrainFraction float64 `json:"train_fraction,omitempty" yaml:"train_fraction,omitempty"` // default 0.5
	Metric        string  `json:"metric,omitempty" yaml:"metric,omitempty"`                 // default: the primary metric
	Base          string  `json:"base,omitempty" yaml:"base,omitempty"`                     // system whose settings are tuned (default: baseline)
	Seed          uint64  `json:"seed,omitempty" yaml:"seed,omitempty"`                     // default: Config.Seed
}

// EmbedderSpec configures an extra embedder (see embeddings.Config).
type EmbedderSpec struct {
	Provider   string `json:"provider" yaml:"provider"`
	Model      string `json:"model,omitempty" yaml:"model,omitempty"`
	BaseURL    string `json:"base_url,omitempty" yaml:"base_url,omitempty"`
	Dimensions int    `json:"dimensions,omitempty" yaml:"dimensions,omitempty"`
	ModelDir   string `json:"model_dir,omitempty" yaml:"model_dir,omitempty"`
}

// DefaultSystemName is the system evaluated when no config is given.
const DefaultSystemName = "default"

// DefaultConfig is what `creatormatch eval` runs without --config: one
// system, "default", the matcher exactly as /v1/match serves it.
func DefaultConfig() Config {
	return Config{
		Name:    "default",
		Systems: []SystemConfig{{Name: DefaultSystemName, Served: true}},
	}
}

// ParseConfig reads a config in YAML or JSON (JSON is YAML), rejecting
// unknown fields.
func ParseConfig(b []byte) (Config, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return c, c.expand()
}

// ReadConfig reads a config file.
func ReadConfig(path string) (Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Config{}, err
	}
	return ParseConfig(b)
}

var systemNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.+-]*$`)

// expand fills defaults, adds preset and ablation systems, and checks the
// config.
func (c *Config) expand() error {
	if len(c.Metrics) == 0 {
		c.Metrics = append([]string(nil), DefaultMetrics...)
	}
	if _, err := ParseMetrics(c.Metrics...); err != nil {
		return err
	}
	if len(c.Cutoffs) == 0 {
		c.Cutoffs = []int{1, 3, 5, 10, 20, 50, 100}
	}
	for _, k := range c.Cutoffs {
		if k < 1 {
			return fmt.Errorf("config: cutoffs must be positive")
		}
	}
	if c.BeyondK <= 0 {
		c.BeyondK = 10
	}
	if c.Limit == 0 {
		c.Limit = 100
	}
	if c.Limit < 1 || c.Limit > 100 {
		return fmt.Errorf("config: limit must be 1..100 (the matcher's page cap)")
	}
	if c.CandidatePool < 0 {
		return fmt.Errorf("config: candidate_pool must not be negative")
	}
	if len(c.Systems) == 0 {
		return fmt.Errorf("config: no systems")
	}
	if c.Baseline == "" {
		c.Baseline = c.Systems[0].Name
	}
	var base *SystemConfig
	for i := range c.Systems {
		if c.Systems[i].Name == c.Baseline {
			base = &c.Systems[i]
		}
	}
	if base == nil {
		return fmt.Errorf("config: baseline %q is not a system", c.Baseline)
	}
	if c.Presets {
		for _, g := range creatormatch.Goals {
			s := *base
			s.Name, s.Goal, s.Weights, s.Ablate = "preset-"+string(g), string(g), nil, nil
			c.Systems = append(c.Systems, s)
		}
		c.Presets = false
	}
	if c.Ablations {
		b := *base
		for _, sig := range matcher.SignalNames {
			s := b
			s.Name = "ablate-" + sig
			s.Ablate = append(slices.Clone(b.Ablate), sig)
			c.Systems = append(c.Systems, s)
		}
		c.Ablations = false
	}
	seen := map[string]bool{}
	for i := range c.Systems {
		s := &c.Systems[i]
		if !systemNameRe.MatchString(s.Name) {
			return fmt.Errorf("config: system name %q must be letters, digits and _.+- (it names a file)", s.Name)
		}
		if seen[s.Name] {
			return fmt.Errorf("config: duplicate system %q", s.Name)
		}
		seen[s.Name] = true
		switch matcher.Retrieval(s.Retrieval) {
		case "", matcher.RetrievalHybrid, matcher.RetrievalDense, matcher.RetrievalLexical:
		default:
			return fmt.Errorf("config: system %q: retrieval must be hybrid, dense or lexical", s.Name)
		}
		if s.Posts < 0 || s.Posts > 20 {
			return fmt.Errorf("config: system %q: posts must be between 0 (off) and 20", s.Name)
		}
		if s.LexicalShare < 0 || s.LexicalShare > 1 {
			return fmt.Errorf("config: system %q: lexical_share must be in [0, 1] (0: the default)", s.Name)
		}
		if s.Fusion != "" && s.Fusion != "minmax" && s.Fusion != "rrf" {
			return fmt.Errorf("config: system %q: fusion must be empty (the default), minmax or rrf", s.Name)
		}
		if s.Query != "" && s.Query != "asks" {
			return fmt.Errorf("config: system %q: query must be empty (the brief's text) or asks", s.Name)
		}
		if s.Rocchio < 0 || s.Rocchio > 100 {
			return fmt.Errorf("config: system %q: rocchio must be between 0 (off) and 100", s.Name)
		}
		if s.Goal != "" && !creatormatch.Goal(s.Goal).Valid() {
			return fmt.Errorf("config: system %q: goal must be one of awareness, launch, community, conversion", s.Name)
		}
		for _, sig := range append(sortedKeys(s.Weights), s.Ablate...) {
			if !slices.Contains(matcher.SignalNames, sig) {
				return fmt.Errorf("config: system %q: unknown signal %q (known: %s)", s.Name, sig, strings.Join(matcher.SignalNames, ", "))
			}
		}
		if s.Embedder != "" {
			if _, ok := c.Embedders[s.Embedder]; !ok {
				return fmt.Errorf("config: system %q: embedder %q is not in embedders", s.Name, s.Embedder)
			}
		}
	}
	if ws := c.WeightSearch; ws != nil {
		if ws.Trials == 0 {
			ws.Trials = 30
		}
		if ws.TrainFraction == 0 {
			ws.TrainFraction = 0.5
		}
		if ws.Metric == "" {
			ws.Metric = c.Metrics[0]
		}
		if ws.Base == "" {
			ws.Base = c.Baseline
		}
		if ws.Seed == 0 {
			ws.Seed = c.Seed
		}
		if ws.Trials < 1 || ws.TrainFraction <= 0 || ws.TrainFraction >= 1 {
			return fmt.Errorf("config: weight_search needs trials ≥ 1 and 0 < train_fraction < 1")
		}
		m, err := ParseMetric(ws.Metric)
		if err != nil {
			return fmt.Errorf("config: weight_search: %w", err)
		}
		ws.Metric = m.Name()
		if !seen[ws.Base] {
			return fmt.Errorf("config: weight_search base %q is not a system", ws.Base)
		}
	}
	return nil
}

// requestFor builds the matcher request of system s for q.
func (s SystemConfig) requestFor(q Query, limit int, exact bool) matcher.Request {
	req := matcher.Request{
		Brief:        q.Brief,
		Limit:        limit,
		Retrieval:    matcher.Retrieval(s.Retrieval),
		Exact:        exact && !s.Served,
		Goal:         creatormatch.Goal(s.Goal),
		Diversity:    s.Diversity,
		PostFit:      s.Posts,
		Rocchio:      s.Rocchio,
		QueryFrom:    s.Query,
		LexicalShare: s.LexicalShare,
		Fusion:       s.Fusion,

		ScoreDenseLexically: s.ScoreDenseLexically,
	}
	if len(s.Weights) > 0 || len(s.Ablate) > 0 {
		req.Weights = matcher.Weights{}
		for k, v := range s.Weights {
			req.Weights[k] = v
		}
		for _, sig := range s.Ablate {
			req.Weights[sig] = 0
		}
	}
	return req
}
