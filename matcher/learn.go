package matcher

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/creatormatch/creatormatch"
)

// Learning a workspace's weights from its feedback.
//
// The model. A match score is linear in the signals: score(c) = w·s(c),
// with s(c) ∈ [0,1]^9 the signal vector (SignalNames order) and w ≥ 0,
// Σw = 1. Feedback on a brief orders the creators it names by Grade
// (hired > contacted/shortlisted/good campaign_result > opened > shown
// only > rejected/dismissed). Every ordered pair (p, n) of one brief with
// Grade(p) > Grade(n) is a preference p ≻ n, modelled as
//
//	P(p ≻ n | w) = σ(β · w·(s(p) − s(n))),   σ(x) = 1/(1+e^(−x)).
//
// The learned weights minimise the pairwise logistic loss plus an L2 pull
// toward the goal's preset w0:
//
//	L(w) = Σ_pairs log(1 + e^(−β w·d)) + (λ/2)‖w − w0‖²,   d = s(p) − s(n)
//	∇L(w) = −Σ_pairs β σ(−β w·d) d + λ (w − w0)
//
// The loss is a sum, not a mean, so a few pairs barely move w away from w0
// and many pairs can. Training runs Steps projected gradient steps from
// w0:
//
//	w ← normalise(max(0, w − η ∇L(w)))
//
// where max is per signal (weights stay non-negative) and normalise
// divides by the sum (weights sum to 1, like presets; an all-zero vector
// falls back to w0). The step is η = Rate when set, else 1/K with
// K = λ + (β²/4) Σ_pairs ‖d‖², a bound on the loss's curvature, so steps
// stay stable however many pairs there are.

// The weights_version of responses that use no learned weights.
const (
	WeightsPreset  = "preset"
	WeightsRequest = "request"
)

// LearnedWeights are a workspace's served weights for one goal.
type LearnedWeights struct {
	Weights Weights
	// Version names them in responses: VersionLabel of the stored version.
	Version string
}

// VersionLabel names a stored weight version in responses: "launch/v3".
func VersionLabel(goal creatormatch.Goal, version int64) string {
	return fmt.Sprintf("%s/v%d", goal, version)
}

// LearnedFrom turns a workspace's current versions into Request.Learned:
// served versions only (a reset serves the preset).
func LearnedFrom(cur map[creatormatch.Goal]creatormatch.WeightVersion) map[creatormatch.Goal]LearnedWeights {
	out := map[creatormatch.Goal]LearnedWeights{}
	for g, v := range cur {
		if v.Status != creatormatch.WeightsServed || len(v.Weights) == 0 {
			continue
		}
		// Only the signals this matcher knows: a version stored by a
		// build with other signals must not make matches invalid.
		w := Weights{}
		for _, k := range SignalNames {
			if x, ok := v.Weights[k]; ok {
				w[k] = x
			}
		}
		out[g] = LearnedWeights{Weights: w, Version: VersionLabel(g, v.Version)}
	}
	return out
}

// LearnConfig holds the model's constants; zero fields take the defaults.
type LearnConfig struct {
	// Scale is β: scores live in [0,1] and their differences are small,
	// so the logit is scaled. Default 20.
	Scale float64
	// Lambda is λ, the strength of the pull toward the preset. Default
	// 400: two pairs one signal apart by 0.8 move its weight by under
	// 0.01 (TestLearnFewEventsBarelyMove); hundreds move it by tenths.
	Lambda float64
	// Rate is η; 0 uses 1/K (see above).
	Rate float64
	// Steps is the number of gradient steps. Default 300.
	Steps int
	// MaxPairsPerBrief bounds the pairs one brief contributes (the best
	// graded first). Default 200.
	MaxPairsPerBrief int
}

func (c *LearnConfig) defaults() {
	if c.Scale == 0 {
		c.Scale = 20
	}
	if c.Lambda == 0 {
		c.Lambda = 400
	}
	if c.Steps == 0 {
		c.Steps = 300
	}
	if c.MaxPairsPerBrief == 0 {
		c.MaxPairsPerBrief = 200
	}
}

// Pair is one preference: the creator with signal vector Preferred was
// preferred over the one with Passed, in the same brief. Vectors are in
// SignalNames order.
type Pair struct {
	Preferred []float64
	Passed    []float64
}

// The feedback grades (see Grade).
const (
	GradePassed    = 0 // rejected or dismissed
	GradeShownOnly = 1 // shown, never acted on
	GradeOpened    = 2
	GradeEngaged   = 3 // shortlisted, contacted, good campaign_result
	GradeHired     = 4
)

// Grade is how a workspace judged a creator for a brief, from all the
// events it logged about the pair: hired wins; else a rejection or
// dismissal makes it passed over; else the strongest of shortlisted,
// contacted or a good campaign_result (engaged), opened, shown. A
// campaign_result is good when any of its engagements, clicks, sales or
// conversions is positive (or it reports none of them). ok is false when
// the events carry no judgement.
func Grade(events []creatormatch.FeedbackEvent) (grade int, ok bool) {
	grade = -1
	passed := false
	for _, e := range events {
		g := -1
		switch e.Kind {
		case creatormatch.FeedbackHired:
			return GradeHired, true
		case creatormatch.FeedbackRejected, creatormatch.FeedbackDismissed:
			passed = true
		case creatormatch.FeedbackShortlisted, creatormatch.FeedbackContacted:
			g = GradeEngaged
		case creatormatch.FeedbackCampaignResult:
			g = GradeOpened
			if goodOutcome(e.Metrics) {
				g = GradeEngaged
			}
		case creatormatch.FeedbackOpened:
			g = GradeOpened
		case creatormatch.FeedbackShown:
			g = GradeShownOnly
		}
		grade = max(grade, g)
	}
	if passed {
		return GradePassed, true
	}
	return grade, grade >= 0
}

func goodOutcome(m map[string]float64) bool {
	seen := false
	for _, k := range []string{"engagements", "clicks", "sales", "conversions"} {
		if v, ok := m[k]; ok {
			seen = true
			if v > 0 {
				return true
			}
		}
	}
	return !seen
}

// Judged is one brief's graded creators with their signal vectors.
type Judged struct {
	BriefID string
	// Text is the brief's text (from its events) and Goal the goal the
	// matcher resolved for it.
	Text string
	Goal creatormatch.Goal
	// Grades and Signals are keyed by creator id.
	Grades  map[string]int
	Signals map[string][]float64
}

// Pairs returns the brief's preferences: every (p, n) with a higher grade
// for p, both with signals, highest grade gaps first, at most max (0: no
// bound). The order is deterministic.
func (j Judged) Pairs(limit int) []Pair {
	ids := make([]string, 0, len(j.Grades))
	for id := range j.Grades {
		if j.Signals[id] != nil {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(a, b int) bool {
		if j.Grades[ids[a]] != j.Grades[ids[b]] {
			return j.Grades[ids[a]] > j.Grades[ids[b]]
		}
		return ids[a] < ids[b]
	})
	type gp struct {
		gap int
		p   Pair
	}
	var all []gp
	for a, pa := range ids {
		for _, pb := range ids[a+1:] {
			if gap := j.Grades[pa] - j.Grades[pb]; gap > 0 {
				all = append(all, gp{gap, Pair{j.Signals[pa], j.Signals[pb]}})
			}
		}
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].gap > all[b].gap })
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	out := make([]Pair, len(all))
	for i := range all {
		out[i] = all[i].p
	}
	return out
}

// Vector returns w in SignalNames order.
func (w Weights) Vector() []float64 {
	v := make([]float64, len(SignalNames))
	for i, k := range SignalNames {
		v[i] = w[k]
	}
	return v
}

// WeightsOf turns a vector in SignalNames order into Weights.
func WeightsOf(v []float64) Weights {
	w := Weights{}
	for i, k := range SignalNames {
		w[k] = v[i]
	}
	return w
}

// SignalVector reads a match's signals in SignalNames order.
func SignalVector(m creatormatch.Match) []float64 {
	v := make([]float64, len(SignalNames))
	for i, k := range SignalNames {
		v[i] = m.Signals[k]
	}
	return v
}

// Learn trains weights from pairs, starting from and regularised toward
// prior (see the model above). With no pairs it returns prior normalised.
func Learn(prior Weights, pairs []Pair, cfg LearnConfig) Weights {
	cfg.defaults()
	w0 := normalised(prior.Vector(), nil)
	w := append([]float64(nil), w0...)
	for range cfg.Steps {
		w = learnStep(w, w0, pairs, cfg)
	}
	return WeightsOf(w)
}

// learnStep is one projected gradient step of the model.
func learnStep(w, w0 []float64, pairs []Pair, cfg LearnConfig) []float64 {
	grad := make([]float64, len(w))
	for i := range w {
		grad[i] = cfg.Lambda * (w[i] - w0[i])
	}
	curv := cfg.Lambda
	d := make([]float64, len(w))
	for _, p := range pairs {
		dot, norm := 0.0, 0.0
		for i := range d {
			d[i] = p.Preferred[i] - p.Passed[i]
			dot += w[i] * d[i]
			norm += d[i] * d[i]
		}
		g := cfg.Scale * sigmoid(-cfg.Scale*dot)
		for i := range d {
			grad[i] -= g * d[i]
		}
		curv += cfg.Scale * cfg.Scale / 4 * norm
	}
	rate := cfg.Rate
	if rate == 0 {
		rate = 1 / curv
	}
	out := make([]float64, len(w))
	for i := range w {
		out[i] = max(0, w[i]-rate*grad[i])
	}
	return normalised(out, w0)
}

// normalised divides v by its sum; an all-zero v becomes fallback.
func normalised(v, fallback []float64) []float64 {
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	if sum <= 0 || math.IsNaN(sum) || math.IsInf(sum, 0) {
		return append([]float64(nil), fallback...)
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x / sum
	}
	return out
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// Rescore reads, for each brief the events name, the signals the matcher
// gives the creators the events name: it runs the brief's text (events
// carry brief_text; briefs without it are skipped) restricted to those
// creators, excluded ones included. Weights do not change signals, so the
// result is the same whatever weights serve. Briefs are returned in
// brief-id order; creators without a judgement are left out.
func (m *Matcher) Rescore(ctx context.Context, events []creatormatch.FeedbackEvent) ([]Judged, error) {
	type group struct {
		text string
		by   map[string][]creatormatch.FeedbackEvent
	}
	groups := map[string]*group{}
	for _, e := range events {
		g := groups[e.BriefID]
		if g == nil {
			g = &group{by: map[string][]creatormatch.FeedbackEvent{}}
			groups[e.BriefID] = g
		}
		if g.text == "" {
			g.text = e.BriefText
		}
		g.by[e.CreatorID] = append(g.by[e.CreatorID], e)
	}
	briefIDs := make([]string, 0, len(groups))
	for id, g := range groups {
		if g.text != "" {
			briefIDs = append(briefIDs, id)
		}
	}
	sort.Strings(briefIDs)
	var out []Judged
	for _, bid := range briefIDs {
		g := groups[bid]
		j := Judged{BriefID: bid, Text: g.text, Grades: map[string]int{}, Signals: map[string][]float64{}}
		var ids []string
		for cid, evs := range g.by {
			if gr, ok := Grade(evs); ok {
				j.Grades[cid] = gr
				ids = append(ids, cid)
			}
		}
		if len(ids) < 2 {
			continue
		}
		sort.Strings(ids)
		resp, err := m.Match(ctx, Request{
			Brief:           creatormatch.Brief{Text: g.text},
			Filters:         creatormatch.Filter{IDs: ids},
			Limit:           min(len(ids), m.cfg.MaxLimit),
			IncludeExcluded: true,
		})
		if err != nil {
			return nil, err
		}
		j.Goal = resp.Brief.Goal
		for _, r := range append(resp.Results, resp.Excluded...) {
			j.Signals[r.CreatorID] = SignalVector(r)
		}
		out = append(out, j)
	}
	return out, nil
}
