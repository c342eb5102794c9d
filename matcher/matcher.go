// Package matcher is creatormatch's core: a brief in, the right creators
// out, each with an honest account of why. One way through:
//
//	request → brief (parse, merge) → candidates (filtered hybrid retrieval)
//	        → signals (features) → score (Σ wᵢ·fᵢ) → explain → page
//
// The matcher reads through the creatormatch.Store interface and computes
// no formula itself: every signal's definition lives in package features.
package matcher

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
	"github.com/creatormatch/creatormatch/matcher/brief"
)

// QueryEmbedder embeds a brief.
type QueryEmbedder interface {
	EmbedQuery(ctx context.Context, text string) ([]float32, error)
	Model() string
}

// Retrieval selects how candidates are found. Hybrid is what the API
// serves; the others exist so evaluation can compare against them.
type Retrieval string

// Retrieval modes.
const (
	RetrievalHybrid  Retrieval = "hybrid"
	RetrievalDense   Retrieval = "dense"
	RetrievalLexical Retrieval = "lexical"
)

// Config tunes the matcher.
type Config struct {
	// CandidatePool is how many creators each retriever returns for
	// re-ranking (default DefaultCandidatePool).
	CandidatePool int
	// RRFK is the k of reciprocal rank fusion (default 60, as in Cormack et al.).
	RRFK float64
	// MaxLimit caps a page (default 100).
	MaxLimit int
	// Calibration maps signals to fit (default DefaultCalibration()).
	Calibration *Calibration
	// GoodFit and OffBriefFit are the fit thresholds of the decisions
	// (defaults DefaultGoodFit, DefaultOffBriefFit; see decide).
	GoodFit     float64
	OffBriefFit float64
	// ShortlistMinFit is the default fit floor of a shortlist pick
	// (default DefaultShortlistMinFit).
	ShortlistMinFit float64
	// MinAuthenticity below which a creator is excluded (default 0.4).
	MinAuthenticity float64
	// Features configures the audience-fit weights.
	AudienceWeights features.AudienceWeights
}

// maxRetrievePool caps how deep retrieval goes to fill a page after the
// hard rules checked at scoring time removed creators (see rank).
const maxRetrievePool = 2000

// DefaultCandidatePool is the default retrieval depth of each retriever.
// Every candidate is loaded and scored, so the pool is most of a match's
// cost outside retrieval; on the synthetic 5000-creator catalogue, pools of
// 100 and 200 ranked alike (NDCG@10 0.9685 vs 0.9704, Δ 95% CI
// [-0.013, +0.005], Holm p = 1; 400 scored 0.9663), measured with
// `creatormatch eval --dataset synthetic:5000:1 --config eval/configs/pool.yaml`.
const DefaultCandidatePool = 100

func (c *Config) defaults() {
	if c.CandidatePool <= 0 {
		c.CandidatePool = DefaultCandidatePool
	}
	if c.RRFK <= 0 {
		c.RRFK = 60
	}
	if c.MaxLimit <= 0 {
		c.MaxLimit = 100
	}
	if c.Calibration == nil {
		c.Calibration = DefaultCalibration()
	}
	if c.GoodFit <= 0 {
		c.GoodFit = DefaultGoodFit
	}
	if c.OffBriefFit <= 0 {
		c.OffBriefFit = DefaultOffBriefFit
	}
	if c.ShortlistMinFit <= 0 {
		c.ShortlistMinFit = DefaultShortlistMinFit
	}
	if c.MinAuthenticity <= 0 {
		c.MinAuthenticity = 0.4
	}
	if c.AudienceWeights == (features.AudienceWeights{}) {
		c.AudienceWeights = features.DefaultAudienceWeights()
	}
}

// Matcher ranks creators for briefs. It is safe for concurrent use.
type Matcher struct {
	store    creatormatch.Store
	embedder QueryEmbedder
	parser   brief.Parser
	cfg      Config
	cal      *Calibration
	log      *slog.Logger
}

// New returns a Matcher. parser may be nil for the deterministic parser.
func New(store creatormatch.Store, embedder QueryEmbedder, parser brief.Parser, cfg Config, log *slog.Logger) *Matcher {
	cfg.defaults()
	if parser == nil {
		parser = brief.Rules{}
	}
	if log == nil {
		log = slog.Default()
	}
	return &Matcher{store: store, embedder: embedder, parser: parser, cfg: cfg, cal: cfg.Calibration, log: log}
}

// Request is one match request.
type Request struct {
	// Brief holds the pasted text and/or structured fields; structured
	// fields win over what is parsed from the text.
	Brief creatormatch.Brief `json:"brief"`
	// Filters are hard constraints added to those the brief implies.
	Filters creatormatch.Filter `json:"filters"`
	// Goal and Budget override the brief's.
	Goal   creatormatch.Goal   `json:"goal,omitempty"`
	Budget *creatormatch.Money `json:"budget,omitempty"`
	// Weights override the goal's preset, per signal.
	Weights Weights `json:"weights,omitempty"`
	// Learned holds the caller workspace's served weights per goal (the
	// API fills it from the WeightStore; never read from a body): when
	// Weights is empty, the brief's goal's entry replaces its preset.
	Learned map[creatormatch.Goal]LearnedWeights `json:"-"`
	// Diversity in [0,1] trades relevance for variety (MMR); 0 is off.
	Diversity float64 `json:"diversity,omitempty"`
	// MaxPerNiche and MaxPerCountry cap how many results share a top niche
	// or a country; 0 is no cap.
	MaxPerNiche   int `json:"max_per_niche,omitempty"`
	MaxPerCountry int `json:"max_per_country,omitempty"`
	Limit         int `json:"limit,omitempty"`
	// Cursor continues a previous page.
	Cursor string `json:"cursor,omitempty"`
	// IncludeExcluded also returns the creators a hard rule removed
	// (competitor conflict, brand safety, authenticity, budget, audience
	// threshold), in Response.Excluded with their rules.
	IncludeExcluded bool `json:"include_excluded,omitempty"`
	// IncludeUnknownAudience lets creators without audience data pass a
	// stated audience threshold (their status is unknown).
	IncludeUnknownAudience bool `json:"include_unknown_audience,omitempty"`
	// Retrieval defaults to hybrid.
	Retrieval Retrieval `json:"-"`
	// Exact makes dense retrieval scan exactly (evaluation, recall checks).
	Exact bool `json:"-"`
	// PostFit, when > 0, matches the brief against each candidate's own
	// posts as well as its profile: semantic fit reads the mean similarity
	// of its PostFit best posts (features.SemanticFit). An evaluation
	// system until the harness shows it helps (docs/evaluation.md).
	PostFit int `json:"-"`
	// Rocchio, when > 0, adds a pseudo-relevance feedback step: the
	// brief's vector moves toward the mean profile of the first pass's
	// Rocchio best creators (see Matcher.rocchio) and the catalogue is
	// ranked again. An evaluation system until the harness shows it helps.
	Rocchio int `json:"-"`
	// QueryFrom selects what is embedded and searched for: "" (default)
	// the brief's whole text; "asks" the creators' side of the brief, its
	// content asks and topics (creatorQuery), when the parser found asks.
	// An evaluation system until the harness shows it helps.
	QueryFrom string `json:"-"`
	// LexicalShare, when in (0, 1], replaces the lexical part of semantic
	// fit's blend (features.SemanticFitShare; 0 serves
	// features.DefaultLexicalShare). An evaluation knob.
	LexicalShare float64 `json:"-"`
	// Fusion selects how the dense and lexical scores are put on one
	// scale before semantic fit blends them: "" (default) the fixed affine
	// map of features.SemanticFitShare with lexical relative to the best;
	// "minmax" both min-max normalised over the query's candidates
	// (features.MinMax); "rrf" reciprocal rank fusion (features.RRF). An
	// evaluation knob until the harness shows one helps.
	Fusion string `json:"-"`
	// ScoreDenseLexically, in hybrid retrieval, also scores the dense
	// candidates lexically on every word of the brief and merges them
	// into the lexical ranking (mergeLexical). An evaluation knob: neutral
	// to mixed on the real datasets (docs/evaluation.md), so off.
	ScoreDenseLexically bool `json:"-"`
	// WorkedWithUs is the calling workspace's history with creators (its
	// hires and campaign results), read by the worked_with_us signal. The
	// API sets it; creators absent from it have no history.
	WorkedWithUs map[string]*creatormatch.WorkedWithUs `json:"-"`
}

// Response is a page of matches.
type Response struct {
	// BriefID names the resolved brief; feedback events refer to it.
	BriefID   string             `json:"brief_id"`
	Brief     creatormatch.Brief `json:"brief"`
	BriefFrom string             `json:"brief_source"`
	Weights   Weights            `json:"weights"`
	// WeightsVersion names the weights used: "preset", "request" (the
	// request's own weights) or the workspace's learned version
	// ("launch/v3").
	WeightsVersion string               `json:"weights_version"`
	Results        []creatormatch.Match `json:"results"`
	// Excluded are the creators hard rules removed, best score first (only
	// with include_excluded; never paged).
	Excluded   []creatormatch.Match `json:"excluded,omitempty"`
	NextCursor string               `json:"next_cursor,omitempty"`
	// Currency is how every amount in the response was converted.
	Currency creatormatch.ExchangeRate `json:"currency"`
	// Calibration names the map that turned signals into fit.
	Calibration string `json:"calibration"`
	// Candidates is how many creators were scored.
	Candidates int `json:"candidates"`
	// Timings are where the time went, in milliseconds.
	Timings map[string]float64 `json:"timings_ms,omitempty"`
}

// ResolveBrief parses the brief's text and merges the structured fields
// over it, then applies the request's goal and budget.
func (m *Matcher) ResolveBrief(ctx context.Context, req Request) (creatormatch.Brief, string, error) {
	b := req.Brief
	source := "structured"
	if strings.TrimSpace(b.Text) != "" {
		res, err := m.parser.Parse(ctx, b.Text)
		if err != nil {
			return creatormatch.Brief{}, "", err
		}
		b = brief.Merge(res.Brief, req.Brief)
		source = res.Source
	}
	if req.Goal != "" {
		b.Goal = req.Goal
	}
	if req.Budget != nil {
		b.Budget = req.Budget
	}
	if b.Goal == "" {
		b.Goal = DefaultGoal
	}
	if err := brief.Validate(b); err != nil {
		err = prefixed(err, "brief")
		// The request's own goal and budget replaced the brief's: name
		// them where the client sent them.
		if ve, ok := err.(*creatormatch.ValidationError); ok {
			for i, f := range ve.Fields {
				if (req.Budget != nil && hasField(f.Field, "brief.budget")) || (req.Goal != "" && hasField(f.Field, "brief.goal")) {
					ve.Fields[i].Field = strings.TrimPrefix(f.Field, "brief.")
				}
			}
		}
		return creatormatch.Brief{}, "", err
	}
	return b, source, nil
}

// ranking is a brief's full ranking over the retrieved candidates.
type ranking struct {
	brief   creatormatch.Brief
	source  string
	weights Weights
	version string // Response.WeightsVersion
	qvec    []float32
	q       *queryContext
	ranked  []scored // kept, by score
	// excluded are the candidates a hard rule removed, by score (kept only
	// with include_excluded); nExcluded counts them either way.
	excluded  []scored
	nExcluded int
	scored    int
	timings   map[string]float64
	start     time.Time
}

func (r *ranking) lap(name string, since time.Time) time.Time {
	now := time.Now()
	r.timings[name] = float64(now.Sub(since).Microseconds()) / 1000
	return now
}

// rank parses the brief, retrieves candidates (pool of at least need),
// scores and re-ranks them.
func (m *Matcher) rank(ctx context.Context, req Request, need int) (*ranking, error) {
	r := &ranking{timings: map[string]float64{}, start: time.Now()}
	if req.Diversity < 0 || req.Diversity > 1 || math.IsNaN(req.Diversity) {
		return nil, creatormatch.Invalid("diversity", "must be between 0 and 1")
	}
	if req.MaxPerNiche < 0 {
		return nil, creatormatch.Invalid("max_per_niche", "must not be negative")
	}
	if req.MaxPerCountry < 0 {
		return nil, creatormatch.Invalid("max_per_country", "must not be negative")
	}
	switch req.Retrieval {
	case "", RetrievalHybrid, RetrievalDense, RetrievalLexical:
	default:
		return nil, creatormatch.Invalid("retrieval", "must be hybrid, dense or lexical")
	}
	b, source, err := m.ResolveBrief(ctx, req)
	if err != nil {
		return nil, err
	}
	r.brief, r.source = b, source
	overrides, version := req.Weights, WeightsPreset
	if len(req.Weights) > 0 {
		version = WeightsRequest
	} else if lw, ok := req.Learned[b.Goal]; ok && len(lw.Weights) > 0 {
		overrides, version = lw.Weights, lw.Version
	}
	if r.weights, err = ResolveWeights(b.Goal, overrides); err != nil {
		return nil, err
	}
	r.version = version
	filter, err := buildFilter(b, req.Filters)
	if err != nil {
		return nil, err
	}
	filter.IncludeUnknownAudience = filter.IncludeUnknownAudience || req.IncludeUnknownAudience
	t := r.lap("parse", r.start)

	query := queryText(b)
	if req.QueryFrom == "asks" {
		if q := creatorQuery(b); q != "" {
			query = q
		}
	}
	if req.Retrieval != RetrievalLexical {
		r.qvec, err = m.embedder.EmbedQuery(ctx, query)
		if err != nil {
			return nil, fmt.Errorf("embed brief: %w", err)
		}
	}
	t = r.lap("embed", t)

	// Competitor, authenticity and budget rules are checked after retrieval
	// (they read features and prices, not filter columns), so they can
	// leave fewer kept creators than the page needs while the catalogue
	// has more: then retrieval goes deeper, doubling the pool up to
	// maxRetrievePool, until more than need creators are kept or retrieval
	// runs dry.
	pass := func() ([]scored, error) {
		var sc []scored
		for pool := max(m.cfg.CandidatePool, need); ; pool = min(2*pool, maxRetrievePool) {
			params := retrieveParams{
				mode: req.Retrieval, vector: r.qvec, text: query, filter: filter,
				pool: pool, exact: req.Exact, scoreDenseLexically: req.ScoreDenseLexically,
			}
			cands, got, err := m.retrieve(ctx, params)
			if err != nil {
				return nil, err
			}
			more := got.full(pool)
			if req.IncludeExcluded && (len(filter.ExcludeSafety) > 0 || len(filter.Audience) > 0) {
				// The retrieval filter already dropped the creators the safety and
				// audience rules exclude: find them without those filters. Only the
				// ones a rule excludes are added (see relaxedOnly), so the kept list
				// is the same with or without include_excluded.
				relaxed := params
				relaxed.filter.ExcludeSafety, relaxed.filter.Audience = nil, nil
				moreCands, moreGot, err := m.retrieve(ctx, relaxed)
				if err != nil {
					return nil, err
				}
				cands = mergeRelaxed(cands, got, moreCands, moreGot)
			}
			t = r.lap("retrieve", t)

			all, q, err := m.score(ctx, b, r.weights, r.qvec, cands, got, req.Retrieval, filter, scoreOpts{postFit: req.PostFit, lexShare: req.LexicalShare, fusion: req.Fusion, workedWithUs: req.WorkedWithUs})
			if err != nil {
				return nil, err
			}
			r.q = q
			r.scored = len(all)
			t = r.lap("score", t)

			// Exclusions exclude: a creator a hard rule removes leaves the
			// ranking, so nothing excluded ranks above anything kept.
			sc, r.excluded, r.nExcluded = all[:0:0], nil, 0
			for _, s := range all {
				switch {
				case s.excl != 0:
					if !s.cand.relaxedOnly {
						r.nExcluded++
					}
					if req.IncludeExcluded {
						r.excluded = append(r.excluded, s)
					}
				case !s.cand.relaxedOnly:
					sc = append(sc, s)
				}
			}
			// One more than needed tells the page whether a next one exists.
			if len(sc) > need || !more || pool >= maxRetrievePool {
				break
			}
		}
		return sc, nil
	}
	sc, err := pass()
	if err != nil {
		return nil, err
	}
	if req.Rocchio > 0 && len(r.qvec) > 0 && len(sc) > 0 {
		// Pseudo-relevance feedback: move the brief's vector toward the
		// profiles the first pass ranked highest, then rank again.
		if err := m.rocchio(ctx, r, sc, req.Rocchio); err != nil {
			return nil, err
		}
		if sc, err = pass(); err != nil {
			return nil, err
		}
	}

	r.ranked = sc
	if req.Diversity > 0 || req.MaxPerNiche > 0 || req.MaxPerCountry > 0 {
		if r.ranked, err = m.diversify(ctx, sc, req.Diversity, req.MaxPerNiche, req.MaxPerCountry); err != nil {
			return nil, err
		}
	}
	r.lap("rerank", t)
	return r, nil
}

// Match answers a match request with one page of explained results,
// ranked by score with ties broken by creator id.
func (m *Matcher) Match(ctx context.Context, req Request) (*Response, error) {
	limit, err := m.limit(req.Limit)
	if err != nil {
		return nil, err
	}
	offset, err := decodeCursor(req.Cursor, req)
	if err != nil {
		return nil, err
	}
	limit = min(limit, MaxDepth-offset)
	r, err := m.rank(ctx, req, offset+limit)
	if err != nil {
		return nil, err
	}
	t := time.Now()
	resp := &Response{BriefID: BriefID(r.brief), Brief: r.brief, BriefFrom: r.source, Weights: r.weights, WeightsVersion: r.version, Candidates: r.scored, Results: []creatormatch.Match{},
		Currency: r.currency(), Calibration: m.cal.Version}
	if req.IncludeExcluded {
		ex := r.excluded[:min(len(r.excluded), limit)]
		if err := m.explain(ctx, r.q, r.qvec, ex); err != nil {
			return nil, err
		}
		resp.Excluded = make([]creatormatch.Match, len(ex))
		for i, s := range ex {
			resp.Excluded[i] = s.match
			resp.Excluded[i].Exclusions = s.excl.rules()
		}
	}
	if offset < len(r.ranked) {
		end := min(offset+limit, len(r.ranked))
		page := r.ranked[offset:end]
		if err := m.explain(ctx, r.q, r.qvec, page); err != nil {
			return nil, err
		}
		for i, s := range page {
			res := s.match
			res.Rank = offset + i + 1
			resp.Results = append(resp.Results, res)
		}
		if end < len(r.ranked) && end < MaxDepth {
			resp.NextCursor = encodeCursor(end, req)
		}
	}
	r.lap("explain", t)
	r.lap("total", r.start)
	resp.Timings = r.timings
	return resp, nil
}

// currency is the exchange rate of the ranking's amounts.
func (r *ranking) currency() creatormatch.ExchangeRate {
	cur, _ := resolveCurrency(r.brief) // checked by score
	return cur
}

// mergeRelaxed adds to cands the candidates a relaxed retrieval found that
// the strict one did not, marked relaxedOnly, with their creators.
func mergeRelaxed(cands []candidate, got *loaded, more []candidate, moreGot *loaded) []candidate {
	have := make(map[string]bool, len(cands))
	for _, c := range cands {
		have[c.id] = true
	}
	for _, c := range more {
		if have[c.id] {
			continue
		}
		cr, ok := moreGot.creators[c.id]
		if !ok {
			continue
		}
		c.relaxedOnly = true
		cands = append(cands, c)
		got.creators[c.id] = cr
		if sim, ok := moreGot.lexSims[c.id]; ok {
			if got.lexSims == nil {
				got.lexSims = map[string]float64{}
			}
			got.lexSims[c.id] = sim
		}
	}
	return cands
}

// BriefID is a stable id for a resolved brief: the same brief always gets
// the same id, so feedback from several sessions on one brief groups.
func BriefID(b creatormatch.Brief) string {
	j, _ := json.Marshal(b)
	sum := sha256.Sum256(j)
	return "br_" + hex.EncodeToString(sum[:10])
}

func (m *Matcher) limit(n int) (int, error) {
	switch {
	case n == 0:
		return 20, nil
	case n < 0 || n > m.cfg.MaxLimit:
		return 0, creatormatch.Invalid("limit", "must be between 1 and %d", m.cfg.MaxLimit)
	}
	return n, nil
}

// queryText is what gets embedded and searched for a brief: its text, or
// when only structured fields were sent, a sentence built from them.
func queryText(b creatormatch.Brief) string {
	if t := strings.TrimSpace(b.Text); t != "" {
		return t
	}
	var parts []string
	if b.Product != "" {
		parts = append(parts, b.Product)
	}
	for _, t := range b.Topics {
		parts = append(parts, strings.ReplaceAll(t, "_", " "))
	}
	parts = append(parts, b.Audience.Interests...)
	if len(parts) == 0 {
		parts = append(parts, "creator")
	}
	return strings.Join(parts, ", ")
}

// creatorQuery is the creators' side of a brief: its content asks and
// topics, without what the brand sells (which, embedded with the rest,
// pulls retrieval toward creators of the product's niche). Empty when the
// brief names no content ask.
func creatorQuery(b creatormatch.Brief) string {
	if len(b.ContentAsks) == 0 {
		return ""
	}
	parts := slices.Clone(b.ContentAsks)
	for _, t := range b.Topics {
		parts = append(parts, strings.ReplaceAll(t, "_", " "))
	}
	return strings.Join(parts, ", ")
}

// buildFilter combines the brief's hard constraints with the request's.
func buildFilter(b creatormatch.Brief, f creatormatch.Filter) (creatormatch.Filter, error) {
	v := &creatormatch.ValidationError{}
	for i, p := range f.Platforms {
		if !p.Valid() {
			v.Add(fmt.Sprintf("filters.platforms[%d]", i), "must be one of instagram, tiktok, youtube")
		}
	}
	if f.MinFollowers < 0 || f.MaxFollowers < 0 {
		v.Add("filters.min_followers", "must not be negative")
	}
	if f.MaxFollowers > 0 && f.MinFollowers > f.MaxFollowers {
		v.Add("filters.max_followers", "must be at least min_followers")
	}
	for i, c := range f.ExcludeSafety {
		if !validSafety(c) {
			v.Add(fmt.Sprintf("filters.exclude_safety[%d]", i), "unknown category; known: %s", strings.Join(creatormatch.SafetyCategories, ", "))
		}
	}
	if f.SafetyTolerance < 0 || f.SafetyTolerance > 1 {
		v.Add("filters.safety_tolerance", "must be between 0 and 1")
	}
	if f.MinEngagementRate < 0 || f.MinAuthenticity < 0 || f.MinAuthenticity > 1 {
		v.Add("filters", "minimums must be within range")
	}
	for i, t := range f.Tiers {
		if !validTier(t) {
			v.Add(fmt.Sprintf("filters.tiers[%d]", i), "unknown tier")
		}
	}
	for i, t := range f.Audience {
		p := fmt.Sprintf("filters.audience[%d]", i)
		switch t.Dimension {
		case creatormatch.AudienceAge, creatormatch.AudienceGender, creatormatch.AudienceCountry, creatormatch.AudienceLanguage, creatormatch.AudienceInterest:
		default:
			v.Add(p+".dimension", "must be one of age, gender, country, language, interest")
		}
		if len(t.Keys) == 0 || len(t.Keys) > creatormatch.MaxListItems {
			v.Add(p+".keys", "must list 1 to %d keys", creatormatch.MaxListItems)
		}
		if !(t.MinShare > 0 && t.MinShare <= 1) {
			v.Add(p+".min_share", "must be greater than 0 and at most 1")
		}
	}
	if len(f.Audience) > 10 {
		v.Add("filters.audience", "at most 10 thresholds")
	}
	if err := v.Err(); err != nil {
		return f, err
	}
	out := f
	if len(out.Platforms) == 0 {
		out.Platforms = b.Platforms
	}
	if out.MinFollowers == 0 {
		out.MinFollowers = b.MinFollowers
	}
	if out.MaxFollowers == 0 {
		out.MaxFollowers = b.MaxFollowers
	}
	if len(out.Countries) == 0 {
		out.Countries = b.CreatorCountries
	}
	if len(out.Languages) == 0 {
		out.Languages = b.CreatorLanguages
	}
	out.ExcludeSafety = union(out.ExcludeSafety, b.ExcludeSafety)
	// A stated audience share is a hard filter; the request's thresholds
	// and the brief's both hold.
	out.Audience = nil
	for _, t := range f.Audience {
		out.Audience = append(out.Audience, t.Normalize())
	}
	out.Audience = append(out.Audience, hardAudience(b.Audience)...)
	if out.SafetyTolerance == 0 {
		out.SafetyTolerance = b.SafetyTolerance
	}
	if out.MaxFollowers > 0 && out.MinFollowers > out.MaxFollowers {
		return out, creatormatch.Invalid("filters.max_followers", "the brief's follower range and the filter's do not overlap")
	}
	return out, nil
}

func validSafety(c string) bool {
	for _, k := range creatormatch.SafetyCategories {
		if k == c {
			return true
		}
	}
	return false
}

func validTier(t creatormatch.Tier) bool {
	for _, k := range creatormatch.Tiers {
		if k == t {
			return true
		}
	}
	return false
}

func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range append(append([]string{}, a...), b...) {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

// rocchioBeta is the weight of the first pass's top profiles against the
// brief's own (unit) vector, Rocchio's β with α = 1: the common choice
// (Manning et al., Introduction to Information Retrieval, §9.1.1: α = 1,
// β = 0.75) for positive-only feedback.
const rocchioBeta = 0.75

// rocchio replaces r.qvec by the pseudo-relevance feedback query
//
//	q' = normalise(q + β · mean(profile of the n best-ranked creators))
//
// so the second pass ranks creators like the ones the brief found first.
func (m *Matcher) rocchio(ctx context.Context, r *ranking, ranked []scored, n int) error {
	ids := make([]string, 0, n)
	for _, s := range ranked[:min(n, len(ranked))] {
		ids = append(ids, s.match.CreatorID)
	}
	vecs, err := m.store.ProfileVectors(ctx, m.embedder.Model(), ids)
	if err != nil {
		return err
	}
	if len(vecs) == 0 {
		return nil
	}
	q := make([]float64, len(r.qvec))
	for i, x := range r.qvec {
		q[i] = float64(x)
	}
	for _, v := range vecs {
		for i := range q {
			if i < len(v) {
				q[i] += rocchioBeta * float64(v[i]) / float64(len(vecs))
			}
		}
	}
	norm := 0.0
	for _, x := range q {
		norm += x * x
	}
	if norm == 0 {
		return nil
	}
	norm = math.Sqrt(norm)
	out := make([]float32, len(q))
	for i, x := range q {
		out[i] = float32(x / norm)
	}
	r.qvec = out
	return nil
}

// hasField reports whether field is path or inside it.
func hasField(field, path string) bool {
	return field == path || strings.HasPrefix(field, path+".") || strings.HasPrefix(field, path+"[")
}

func prefixed(err error, prefix string) error {
	if ve, ok := err.(*creatormatch.ValidationError); ok {
		return ve.Prefix(prefix)
	}
	return err
}
