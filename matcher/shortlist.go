package matcher

import (
	"context"
	"math"
	"sort"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

// ShortlistRequest asks for the best set of creators within a budget.
type ShortlistRequest struct {
	Request
	// MaxCreators caps the shortlist (default 20).
	MaxCreators int `json:"max_creators,omitempty"`
	// CandidatePool is how many ranked creators are considered (default 100).
	CandidatePool int `json:"candidate_pool,omitempty"`
}

// Pick is one creator on a shortlist.
type Pick struct {
	creatormatch.Match
	// Value is the creator's expected yield (reach or engagements, by goal)
	// times its match score; Marginal is what it adds after the overlap
	// with earlier picks is taken off.
	Value    float64 `json:"value"`
	Marginal float64 `json:"marginal_value"`
	// Overlap is the largest audience overlap with another pick, in [0,1].
	Overlap float64 `json:"overlap"`
}

// Totals sums a shortlist.
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
	Brief      creatormatch.Brief `json:"brief"`
	Objective  string             `json:"objective"`
	Picks      []Pick             `json:"picks"`
	Totals     Totals             `json:"totals"`
	Candidates int                `json:"candidates"`
}

// Shortlist chooses creators maximising expected value within the budget.
//
// The value of a set S is Σ over picks of value(c)·(1 − overlap(c, earlier
// picks)), where value(c) = yield(c)·score(c), yield is expected reach for
// awareness and expected engagements otherwise, and overlap (see
// features.AudienceOverlap) estimates the share of c's audience already
// reached. Exact maximisation is a knapsack with interactions; we build the
// set greedily by marginal value per dollar, compare it with the single
// best affordable creator (the classic guard that makes greedy knapsack at
// least half-optimal without interactions), then improve it with swaps
// while any swap raises the total within budget. Creators decided "avoid"
// are never picked.
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
	r, err := m.rank(ctx, req.Request, req.CandidatePool)
	if err != nil {
		return nil, err
	}
	b := r.brief
	if b.Budget == nil || b.Budget.Total <= 0 {
		return nil, creatormatch.Invalid("budget.total", "a shortlist needs a positive budget (in the brief text or as budget)")
	}
	budget, ok := features.ToUSD(b.Budget.Total, b.Budget.Currency)
	if !ok {
		return nil, creatormatch.Invalid("budget.currency", "unknown currency %q", b.Budget.Currency)
	}
	objective := "expected_engagements"
	if b.Goal == creatormatch.GoalAwareness {
		objective = "expected_reach"
	}
	type option struct {
		s     scored
		cost  float64
		value float64
		vec   []float32
	}
	var opts []option
	pool := r.ranked[:min(len(r.ranked), req.CandidatePool)]
	ids := make([]string, len(pool))
	for i, s := range pool {
		ids[i] = s.match.CreatorID
	}
	vecs, err := m.store.ProfileVectors(ctx, m.embedder.Model(), ids)
	if err != nil {
		return nil, err
	}
	for _, s := range pool {
		c := s.match.Cost
		if s.match.Decision == creatormatch.DecisionAvoid || c == nil || c.PricePerPost <= 0 || c.PricePerPost > budget {
			continue
		}
		yield := c.ExpectedEngagements
		if objective == "expected_reach" {
			yield = c.ExpectedReach
		}
		opts = append(opts, option{s: s, cost: c.PricePerPost, value: yield * s.match.Score, vec: vecs[s.match.CreatorID]})
	}
	overlap := func(a, b option) float64 {
		return features.AudienceOverlap(a.s.creator.Audience, b.s.creator.Audience, features.Cosine(a.vec, b.vec))
	}
	// total evaluates a set in the given order.
	total := func(set []int) (float64, float64) {
		v, cost := 0.0, 0.0
		for i, a := range set {
			ov := 0.0
			for _, b := range set[:i] {
				ov = math.Max(ov, overlap(opts[a], opts[b]))
			}
			v += opts[a].value * (1 - ov)
			cost += opts[a].cost
		}
		return v, cost
	}
	// fill adds creators greedily by marginal value per dollar until the
	// budget or the cap is reached.
	used := make([]bool, len(opts))
	fill := func(set []int) []int {
		spent := 0.0
		for _, j := range set {
			spent += opts[j].cost
		}
		for len(set) < req.MaxCreators {
			best, bestRatio := -1, 0.0
			for i, o := range opts {
				if used[i] || spent+o.cost > budget {
					continue
				}
				ov := 0.0
				for _, j := range set {
					ov = math.Max(ov, overlap(o, opts[j]))
				}
				ratio := o.value * (1 - ov) / o.cost
				if ratio > bestRatio || (ratio == bestRatio && best >= 0 && o.s.match.CreatorID < opts[best].s.match.CreatorID) {
					best, bestRatio = i, ratio
				}
			}
			if best < 0 || bestRatio <= 0 {
				return set
			}
			used[best] = true
			set = append(set, best)
			spent += opts[best].cost
		}
		return set
	}
	set := fill(nil)
	// Guard: start from the single most valuable affordable creator when it
	// alone beats the greedy set, then fill the rest of the budget.
	bestSingle := -1
	for i, o := range opts {
		if bestSingle < 0 || o.value > opts[bestSingle].value {
			bestSingle = i
		}
	}
	if v, _ := total(set); bestSingle >= 0 && opts[bestSingle].value > v {
		used = make([]bool, len(opts))
		used[bestSingle] = true
		set = fill([]int{bestSingle})
	}
	// Swap improvement: replace one pick by one unpicked creator while that
	// raises the total within budget, then fill any budget a swap freed.
	// Bounded passes keep it predictable.
	for pass := 0; pass < 3; pass++ {
		improved := false
		cur, _ := total(set)
		for si := range set {
			for j := range opts {
				if used[j] {
					continue
				}
				cand := append([]int(nil), set...)
				cand[si] = j
				v, c := total(cand)
				if c <= budget && v > cur+1e-9 {
					used[set[si]], used[j] = false, true
					set, cur = cand, v
					improved = true
				}
			}
		}
		set = fill(set)
		if !improved {
			break
		}
	}
	// Report picks in the order of their value.
	sort.SliceStable(set, func(a, b int) bool { return opts[set[a]].value > opts[set[b]].value })
	if err := func() error {
		page := make([]scored, len(set))
		for i, j := range set {
			page[i] = opts[j].s
		}
		if err := m.explain(ctx, b, r.qvec, page); err != nil {
			return err
		}
		for i, j := range set {
			opts[j].s = page[i]
		}
		return nil
	}(); err != nil {
		return nil, err
	}
	resp := &ShortlistResponse{Brief: b, Objective: objective, Picks: []Pick{}, Candidates: len(opts), Totals: Totals{Currency: "USD"}}
	for i, j := range set {
		o := opts[j]
		ov := 0.0
		for _, k := range set[:i] {
			ov = math.Max(ov, overlap(o, opts[k]))
		}
		p := Pick{Match: o.s.match, Value: o.value, Marginal: o.value * (1 - ov), Overlap: ov}
		p.Rank = i + 1
		resp.Picks = append(resp.Picks, p)
		resp.Totals.Cost += o.cost
		resp.Totals.ExpectedReach += o.s.match.Cost.ExpectedReach
		resp.Totals.ExpectedEngagements += o.s.match.Cost.ExpectedEngagements
		resp.Totals.Value += p.Marginal
	}
	resp.Totals.Remaining = budget - resp.Totals.Cost
	return resp, nil
}
