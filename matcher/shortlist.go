package matcher

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

// DefaultShortlistMinFit is the fit a creator needs to be picked for a
// shortlist when the request names no min_fit: a shortlist is what a
// strategist acts on, so it holds only creators that are likely on-brief
// (see Calibration), whatever their reach.
const DefaultShortlistMinFit = 0.7

// ShortlistRequest asks for the best set of creators within a budget.
type ShortlistRequest struct {
	Request
	// MaxCreators caps the shortlist (default 20).
	MaxCreators int `json:"max_creators,omitempty"`
	// CandidatePool is how many ranked creators are considered (default 100).
	CandidatePool int `json:"candidate_pool,omitempty"`
	// MinFit is the fit floor of a pick (default DefaultShortlistMinFit).
	MinFit *float64 `json:"min_fit,omitempty"`
}

// Pick is one creator on a shortlist.
type Pick struct {
	creatormatch.Match
	// Value is the creator's expected yield (reach or engagements, by goal)
	// times its fit; Marginal is what it adds after the overlap with
	// earlier picks is taken off.
	Value    float64 `json:"value"`
	Marginal float64 `json:"marginal_value"`
	// Overlap is the largest audience overlap with the picks listed
	// before it, in [0,1] (so the first pick's is 0).
	Overlap float64 `json:"overlap"`
}

// Totals sums a shortlist, in the brief's currency.
type Totals struct {
	Cost                float64 `json:"cost"`
	Currency            string  `json:"currency"`
	ExpectedReach       float64 `json:"expected_reach"`
	ExpectedEngagements float64 `json:"expected_engagements"`
	Value               float64 `json:"value"`
	Remaining           float64 `json:"remaining"`
}

// ShortlistResponse is the chosen set.
type ShortlistResponse struct {
	BriefID   string             `json:"brief_id"`
	Brief     creatormatch.Brief `json:"brief"`
	Objective string             `json:"objective"`
	// WeightsVersion names the weights used (see Response).
	WeightsVersion string `json:"weights_version"`
	Picks          []Pick `json:"picks"`
	Totals         Totals `json:"totals"`
	// Candidates is how many ranked creators were considered and Eligible
	// how many of them could be picked (fit ≥ MinFit, not avoid, priced
	// within the budget).
	Candidates int     `json:"candidates"`
	Eligible   int     `json:"eligible"`
	MinFit     float64 `json:"min_fit"`
	// Note says why the shortlist is shorter than asked, when it is.
	Note string `json:"note,omitempty"`
	// Currency is how every amount was converted.
	Currency    creatormatch.ExchangeRate `json:"currency"`
	Calibration string                    `json:"calibration"`
}

// Shortlist chooses creators maximising expected value within the budget.
//
// Only creators a strategist could act on are eligible: kept by every
// hard rule (the ranked list's exclusions), not decided avoid, with fit ≥
// MinFit and one post within the budget. The value of a set S is Σ over
// picks of value(c)·(1 − overlap(c, earlier picks)), where value(c) =
// fit(c)·yield(c), yield is expected reach for awareness and expected
// engagements otherwise, and overlap (see features.AudienceOverlap)
// estimates the share of c's audience already reached. Exact maximisation
// is a knapsack with interactions; we build the set greedily by marginal
// value per unit of cost, compare it with the single most valuable
// eligible creator (the classic guard that makes greedy knapsack at least
// half-optimal without interactions), then improve it with single swaps.
//
// Work is bounded: with n eligible creators and k picks, a greedy fill is
// O(n·k²) overlap look-ups and the swaps at most maxSwapWork of them (see
// maxSwapPasses); overlaps are computed once per pair and cached. The
// request's context is checked in every loop, so a deadline ends the
// search.
func (m *Matcher) Shortlist(ctx context.Context, req ShortlistRequest) (*ShortlistResponse, error) {
	if req.MaxCreators == 0 {
		req.MaxCreators = 20
	}
	if req.MaxCreators < 1 || req.MaxCreators > m.cfg.MaxLimit {
		return nil, creatormatch.Invalid("max_creators", "must be between 1 and %d", m.cfg.MaxLimit)
	}
	if req.CandidatePool == 0 {
		req.CandidatePool = 100
	}
	if req.CandidatePool < 1 || req.CandidatePool > 1000 {
		return nil, creatormatch.Invalid("candidate_pool", "must be between 1 and 1000")
	}
	minFit := m.cfg.ShortlistMinFit
	if req.MinFit != nil {
		minFit = *req.MinFit
		if !(minFit >= 0 && minFit <= 1) {
			return nil, creatormatch.Invalid("min_fit", "must be between 0 and 1")
		}
	}
	r, err := m.rank(ctx, req.Request, req.CandidatePool)
	if err != nil {
		return nil, err
	}
	b := r.brief
	if b.Budget == nil || b.Budget.Total <= 0 {
		return nil, creatormatch.Invalid("budget.total", "a shortlist needs a positive budget (in the brief text or as budget)")
	}
	budget := r.q.budget // in the brief's currency, as every cost is
	objective := "expected_engagements"
	if b.Goal == creatormatch.GoalAwareness {
		objective = "expected_reach"
	}
	pool := r.ranked[:min(len(r.ranked), req.CandidatePool)]
	var opts []option
	// Creators whose one post costs more than the budget were excluded by
	// the over_budget rule already, with every other hard rule.
	var lowFit, offBrief, noPrice int
	for _, s := range pool {
		c := s.match.Cost
		switch {
		case s.match.Decision == creatormatch.DecisionAvoid:
			offBrief++
			continue
		case s.match.Fit < minFit:
			lowFit++
			continue
		case c == nil || c.PricePerPost <= 0:
			noPrice++
			continue
		}
		yield := c.ExpectedEngagements
		if objective == "expected_reach" {
			yield = c.ExpectedReach
		}
		opts = append(opts, option{s: s, cost: c.PricePerPost, value: s.match.Fit * yield})
	}
	ids := make([]string, len(opts))
	for i, o := range opts {
		ids[i] = o.s.match.CreatorID
	}
	vecs, err := m.store.ProfileVectors(ctx, m.embedder.Model(), ids)
	if err != nil {
		return nil, err
	}
	for i := range opts {
		opts[i].vec = vecs[ids[i]]
	}
	set, err := pickSet(ctx, opts, budget, req.MaxCreators)
	if err != nil {
		return nil, err
	}
	page := make([]scored, len(set.picks))
	for i, j := range set.picks {
		page[i] = opts[j].s
	}
	if err := m.explain(ctx, r.q, r.qvec, page); err != nil {
		return nil, err
	}
	resp := &ShortlistResponse{BriefID: BriefID(b), Brief: b, Objective: objective, WeightsVersion: r.version, Picks: []Pick{}, Candidates: len(pool), Eligible: len(opts), MinFit: minFit,
		Totals: Totals{Currency: r.q.currency}, Currency: r.currency(), Calibration: m.cal.Version}
	for i, j := range set.picks {
		o := opts[j]
		ov := set.overlapBefore(i)
		p := Pick{Match: page[i].match, Value: o.value, Marginal: o.value * (1 - ov), Overlap: ov}
		p.Rank = i + 1
		resp.Picks = append(resp.Picks, p)
		resp.Totals.Cost += o.cost
		resp.Totals.ExpectedReach += o.s.match.Cost.ExpectedReach
		resp.Totals.ExpectedEngagements += o.s.match.Cost.ExpectedEngagements
		resp.Totals.Value += p.Marginal
	}
	resp.Totals.Remaining = budget - resp.Totals.Cost
	if len(resp.Picks) < req.MaxCreators {
		resp.Note = shortNote(len(resp.Picks), req.MaxCreators, len(opts), minFit, len(pool), r.nExcluded, lowFit, offBrief, noPrice, set.stoppedEarly)
	} else if set.stoppedEarly {
		resp.Note = "The search for a better set stopped at its work limit; this is the best set found."
	}
	return resp, nil
}

// shortNote says why a shortlist has fewer picks than asked.
func shortNote(picks, asked, eligible int, minFit float64, considered, excluded, lowFit, offBrief, noPrice int, stopped bool) string {
	var why []string
	if lowFit > 0 {
		why = append(why, fmt.Sprintf("%d below the fit floor %.2f", lowFit, minFit))
	}
	if offBrief > 0 {
		why = append(why, fmt.Sprintf("%d off brief", offBrief))
	}
	if noPrice > 0 {
		why = append(why, fmt.Sprintf("%d without a price estimate", noPrice))
	}
	note := fmt.Sprintf("%d of %d picks: %d of the %d ranked creators considered were eligible", picks, asked, eligible, considered)
	if len(why) > 0 {
		note += " (" + strings.Join(why, ", ") + ")"
	}
	if excluded > 0 {
		note += fmt.Sprintf("; %d more were excluded by the brief's hard rules (competitors, brand safety, authenticity, budget, audience)", excluded)
	}
	if eligible > picks {
		note += "; the remaining eligible creators do not fit in what is left of the budget or add no value"
	}
	if stopped {
		note += "; the search for a better set stopped at its work limit"
	}
	return note + ". Unspent budget is left unspent rather than spent off-brief."
}

// option is an eligible creator.
type option struct {
	s     scored
	cost  float64
	value float64
	vec   []float32
}

// maxSwapPasses and maxSwapWork bound the swap improvement: a pass tries
// every (pick, unpicked) swap and values each candidate set in O(k²)
// overlap look-ups, so a pass is O(n·k³) for n eligible creators and k
// picks; maxSwapWork caps the look-ups of all passes (about 0.1 s on one
// core), after which the best set so far is returned with a note.
const (
	maxSwapPasses = 3
	maxSwapWork   = 20_000_000
)

// chosen is a shortlist under construction.
type chosen struct {
	opts         []option
	picks        []int
	ov           []float32 // overlap cache, n×n, NaN when not computed
	stoppedEarly bool
}

// overlap is features.AudienceOverlap of options i and j, cached.
func (c *chosen) overlap(i, j int) float64 {
	n := len(c.opts)
	k := i*n + j
	if v := c.ov[k]; !math.IsNaN(float64(v)) {
		return float64(v)
	}
	a, b := c.opts[i], c.opts[j]
	v := features.AudienceOverlap(a.s.creator.Audience, b.s.creator.Audience, features.Cosine(a.vec, b.vec))
	c.ov[k], c.ov[j*n+i] = float32(v), float32(v)
	return v
}

// overlapBefore is pick i's largest overlap with the picks before it.
func (c *chosen) overlapBefore(i int) float64 {
	ov := 0.0
	for _, j := range c.picks[:i] {
		ov = math.Max(ov, c.overlap(c.picks[i], j))
	}
	return ov
}

// total is the value and cost of a set in the given order.
func (c *chosen) total(set []int) (float64, float64) {
	v, cost := 0.0, 0.0
	for i, a := range set {
		ov := 0.0
		for _, b := range set[:i] {
			ov = math.Max(ov, c.overlap(a, b))
		}
		v += c.opts[a].value * (1 - ov)
		cost += c.opts[a].cost
	}
	return v, cost
}

// fill adds unused options to set greedily, each time the one with the
// largest marginal value per unit of cost,
//
//	ratio = value · (1 − max overlap with the set) / cost
//
// (ties to the smaller creator id), while one fits in the budget, adds
// value and the set is under maxCreators. It marks what it adds in used.
func (c *chosen) fill(ctx context.Context, set []int, used []bool, budget float64, maxCreators int) ([]int, error) {
	opts := c.opts
	spent := 0.0
	for _, j := range set {
		spent += opts[j].cost
	}
	for len(set) < maxCreators {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		best, bestRatio := -1, 0.0
		for i, o := range opts {
			if used[i] || spent+o.cost > budget {
				continue
			}
			ov := 0.0
			for _, j := range set {
				ov = math.Max(ov, c.overlap(i, j))
			}
			ratio := o.value * (1 - ov) / o.cost
			if ratio > bestRatio || (ratio == bestRatio && best >= 0 && o.s.match.CreatorID < opts[best].s.match.CreatorID) {
				best, bestRatio = i, ratio
			}
		}
		if best < 0 || bestRatio <= 0 {
			return set, nil
		}
		used[best] = true
		set = append(set, best)
		spent += opts[best].cost
	}
	return set, nil
}

// newChosen starts a shortlist over opts with an empty overlap cache.
func newChosen(opts []option) *chosen {
	c := &chosen{opts: opts, ov: make([]float32, len(opts)*len(opts))}
	for i := range c.ov {
		c.ov[i] = float32(math.NaN())
	}
	return c
}

// pickSet runs the greedy fill, the best-single guard and the swap passes.
func pickSet(ctx context.Context, opts []option, budget float64, maxCreators int) (*chosen, error) {
	c := newChosen(opts)
	used := make([]bool, len(opts))
	fill := func(set []int) ([]int, error) { return c.fill(ctx, set, used, budget, maxCreators) }
	set, err := fill(nil)
	if err != nil {
		return nil, err
	}
	// Guard: start from the single most valuable eligible creator when it
	// alone beats the greedy set, then fill the rest of the budget.
	bestSingle := -1
	for i, o := range opts {
		if o.cost <= budget && (bestSingle < 0 || o.value > opts[bestSingle].value) {
			bestSingle = i
		}
	}
	if v, _ := c.total(set); bestSingle >= 0 && opts[bestSingle].value > v {
		used = make([]bool, len(opts))
		used[bestSingle] = true
		if set, err = fill([]int{bestSingle}); err != nil {
			return nil, err
		}
	}
	// Swap improvement: replace one pick by one unpicked creator while that
	// raises the total within budget, then fill any budget a swap freed.
	cand := make([]int, 0, maxCreators)
	work := 0
swaps:
	for pass := 0; pass < maxSwapPasses; pass++ {
		improved := false
		cur, _ := c.total(set)
		for si := range set {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			for j := range opts {
				if used[j] {
					continue
				}
				if work += len(set) * len(set) / 2; work > maxSwapWork {
					// The best set found so far is returned, and says so.
					c.stoppedEarly = true
					break swaps
				}
				cand = append(cand[:0], set...)
				cand[si] = j
				v, cost := c.total(cand)
				if cost <= budget && v > cur+1e-9 {
					used[set[si]], used[j] = false, true
					set[si], cur = j, v
					improved = true
				}
			}
		}
		if set, err = fill(set); err != nil {
			return nil, err
		}
		if !improved {
			break
		}
		if pass == maxSwapPasses-1 {
			c.stoppedEarly = true
		}
	}
	if c.stoppedEarly { // a swap may have freed budget the loop did not refill
		if set, err = fill(set); err != nil {
			return nil, err
		}
	}
	// Report picks in the order of their value.
	sort.SliceStable(set, func(a, b int) bool { return opts[set[a]].value > opts[set[b]].value })
	c.picks = set
	return c, nil
}
