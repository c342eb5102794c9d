package matcher

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

// scored is a candidate with its creator, signals and match.
//
// Every candidate of the pool is scored, but only a page is returned, so
// scoring keeps the signals and contributions in arrays and leaves the
// match's maps, card and reasons to explain, which runs on the page only;
// match carries CreatorID, Score, Decision, DecisionRule, Features and
// Cost for every candidate.
type scored struct {
	creator *creatormatch.Creator
	cand    candidate
	match   creatormatch.Match
	acct    *creatormatch.Account // the account a brief would buy
	sig     signalValues
	contrib signalValues
	excl    exclusion // the hard rules the creator fails (0: kept)
	in      fitInputs // what fit was computed from
}

// signalValues holds one value per signal, in SignalNames order.
type signalValues [numSignals]float64

// Indices into signalValues, in SignalNames order.
const (
	iSemantic = iota
	iNiche
	iAudience
	iEngagement
	iAuthenticity
	iConsistency
	iBrandSafety
	iCost
	iDisclosure
	iWorkedWithUs
	numSignals
)

// asMap names the values.
func (v *signalValues) asMap() map[string]float64 {
	m := make(map[string]float64, numSignals)
	for i, name := range SignalNames[:numSignals] {
		m[name] = v[i]
	}
	return m
}

// score computes each signal of the candidates (their creators and the
// lexical hits' dense similarities, loaded by retrieve), weighs them and
// decides. It returns matches by score, ties by creator id.
// scoreOpts are the evaluation knobs of scoring (Request.PostFit and
// Request.LexicalShare); their zero values are what the API serves.
type scoreOpts struct {
	postFit      int
	lexShare     float64
	fusion       string
	workedWithUs map[string]*creatormatch.WorkedWithUs
}

func (m *Matcher) score(ctx context.Context, b creatormatch.Brief, w Weights, qvec []float32, cands []candidate, got *loaded, mode Retrieval, filter creatormatch.Filter, opts scoreOpts) ([]scored, *queryContext, error) {
	cur, err := resolveCurrency(b)
	if err != nil {
		return nil, nil, err
	}
	q := &queryContext{b: b, currency: cur.Currency, perUSD: 1 / cur.USDPerUnit, mode: mode, filter: filter, usdRate: map[string]float64{}, cal: m.cal}
	if b.Budget != nil && b.Budget.Total > 0 {
		q.budget = b.Budget.Total
		q.budgetUSD = b.Budget.Total * cur.USDPerUnit
	}
	for i, name := range SignalNames[:numSignals] {
		q.w[i] = w[name]
	}
	if len(cands) == 0 {
		return nil, q, nil
	}
	byID := got.creators
	var needProfile []string
	for i, c := range cands {
		if c.inDense || mode == RetrievalLexical {
			continue
		}
		if sim, ok := got.lexSims[c.id]; ok {
			cands[i].dense = sim
		} else {
			needProfile = append(needProfile, c.id)
		}
	}
	// Creators found only by text search still get a dense similarity, so
	// every candidate is judged on the same signals.
	if len(needProfile) > 0 && len(qvec) > 0 {
		sims, err := m.profileSimilarities(ctx, qvec, needProfile)
		if err != nil {
			return nil, nil, err
		}
		for i := range cands {
			if sim, ok := sims[cands[i].id]; ok && !cands[i].inDense {
				cands[i].dense = sim
			}
		}
	}
	// Lexical fit is relative to the best strict candidate, so the kept
	// ranking is the same with or without include_excluded.
	q.lexShare = features.DefaultLexicalShare
	if opts.lexShare > 0 {
		q.lexShare = opts.lexShare
	}
	if postFit := opts.postFit; postFit > 0 && mode != RetrievalLexical && len(qvec) > 0 {
		ids := make([]string, len(cands))
		for i, c := range cands {
			ids[i] = c.id
		}
		sims, err := m.postSimilarities(ctx, qvec, ids, postFit)
		if err != nil {
			return nil, nil, err
		}
		for i := range cands {
			cands[i].posts = sims[cands[i].id]
		}
	}
	for _, c := range cands {
		if !c.relaxedOnly {
			q.bestLex = math.Max(q.bestLex, c.lexical)
		}
	}
	q.fusion = opts.fusion
	q.workedWithUs = opts.workedWithUs
	switch opts.fusion {
	case "minmax":
		q.denseMin, q.denseMax = math.Inf(1), math.Inf(-1)
		for _, c := range cands {
			if !c.relaxedOnly {
				d := features.DenseSim(c.dense, c.posts)
				q.denseMin, q.denseMax = math.Min(q.denseMin, d), math.Max(q.denseMax, d)
			}
		}
	case "rrf":
		q.denseRank = rankBy(cands, func(c candidate) float64 { return features.DenseSim(c.dense, c.posts) })
		q.lexRank = rankBy(cands, func(c candidate) float64 { return c.lexical })
	}
	type job struct {
		c    *creatormatch.Creator
		cand candidate
	}
	jobs := make([]job, 0, len(cands))
	for _, cand := range cands {
		if c, ok := byID[cand.id]; ok { // else deleted between retrieval and scoring
			jobs = append(jobs, job{c, cand})
		}
	}
	out := make([]scored, len(jobs))
	scoreRange := func(q *queryContext, lo, hi int) {
		for i := lo; i < hi; i++ {
			m.scoreOne(q, jobs[i].c, jobs[i].cand, &out[i])
		}
	}
	// Scoring is independent per candidate, so a large pool is split
	// across the cores (each part with its own query context: the currency
	// cache is written while scoring). At 100k creators in the embedded
	// store this stage was a sixth of a match excluding the embedding.
	if parts := min(runtime.GOMAXPROCS(0), len(jobs)/scoreParallelMin); parts > 1 {
		var wg sync.WaitGroup
		chunk := (len(jobs) + parts - 1) / parts
		for p := range parts {
			qp := *q
			qp.usdRate = map[string]float64{}
			wg.Go(func() { scoreRange(&qp, p*chunk, min((p+1)*chunk, len(jobs))) })
		}
		wg.Wait()
	} else {
		scoreRange(q, 0, len(jobs))
	}
	m.decideAll(out)
	slices.SortFunc(out, func(a, b scored) int {
		if a.match.Score != b.match.Score {
			if a.match.Score > b.match.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.match.CreatorID, b.match.CreatorID)
	})
	return out, q, nil
}

// resolveCurrency is the exchange rate of the brief's budget currency, in
// which every amount of the response is given.
func resolveCurrency(b creatormatch.Brief) (creatormatch.ExchangeRate, error) {
	code := ""
	if b.Budget != nil {
		code = b.Budget.Currency
	}
	r, ok := features.ExchangeRate(code)
	if !ok {
		return r, creatormatch.Invalid("budget.currency", "unknown currency %q", code)
	}
	return r, nil
}

// profileSimilarities is the cosine similarity of qvec to the profile
// vectors of ids: from the store in place when it can (ProfileScorer),
// else from copies of the vectors.
func (m *Matcher) profileSimilarities(ctx context.Context, qvec []float32, ids []string) (map[string]float64, error) {
	if ps, ok := m.store.(creatormatch.ProfileScorer); ok {
		return ps.ProfileSimilarities(ctx, m.embedder.Model(), qvec, ids)
	}
	vecs, err := m.store.ProfileVectors(ctx, m.embedder.Model(), ids)
	if err != nil {
		return nil, err
	}
	sims := make(map[string]float64, len(vecs))
	for id, v := range vecs {
		sims[id] = features.Cosine(qvec, v)
	}
	return sims, nil
}

// postSimilarities is, per creator of ids, the cosine similarity of qvec
// to its k closest content vectors, best first: from the store in place
// when it can (ContentScorer), else from copies of the vectors.
func (m *Matcher) postSimilarities(ctx context.Context, qvec []float32, ids []string, k int) (map[string][]float64, error) {
	if cs, ok := m.store.(creatormatch.ContentScorer); ok {
		return cs.TopContentSimilarities(ctx, m.embedder.Model(), qvec, ids, k)
	}
	vecs, err := m.store.ContentVectors(ctx, m.embedder.Model(), ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]float64, len(vecs))
	for id, posts := range vecs {
		sims := make([]float64, 0, len(posts))
		for _, v := range posts {
			sims = append(sims, features.Cosine(qvec, v))
		}
		slices.SortFunc(sims, func(a, b float64) int { return cmp.Compare(b, a) })
		out[id] = sims[:min(k, len(sims))]
	}
	return out, nil
}

// scoreParallelMin is the number of candidates per goroutine below which
// score does not split the work: a goroutine costs about a microsecond,
// scoring a candidate a few.
const scoreParallelMin = 48

// queryContext is what scoring needs about the query, computed once.
type queryContext struct {
	b         creatormatch.Brief
	w         signalValues
	cal       *Calibration
	budgetUSD float64
	// currency is the brief's (USD when it names none); budget is its
	// total in that currency and perUSD the units of it one dollar buys.
	currency string
	budget   float64
	perUSD   float64
	bestLex  float64
	lexShare float64 // the lexical part of semantic fit's blend
	fusion   string
	// workedWithUs is Request.WorkedWithUs: the workspace's history.
	workedWithUs map[string]*creatormatch.WorkedWithUs
	// With fusion "minmax": the candidates' dense range. With "rrf": each
	// candidate's dense and lexical rank (from 1; 0 = not found).
	denseMin, denseMax float64
	denseRank, lexRank map[string]int
	mode               Retrieval
	filter             creatormatch.Filter
	usdRate            map[string]float64 // currency -> USD per unit, cached per query
}

var emptyFeatures = creatormatch.Features{}

func (m *Matcher) scoreOne(q *queryContext, c *creatormatch.Creator, cand candidate, out *scored) {
	b := q.b
	f := c.Features
	if f == nil {
		f = &emptyFeatures // read only; explain hands the page a copy
	}
	sig := &out.sig
	switch {
	case q.fusion == "minmax":
		d := features.MinMax(features.DenseSim(cand.dense, cand.posts), q.denseMin, q.denseMax)
		l := features.LexicalFit(cand.lexical, q.bestLex)
		switch q.mode {
		case RetrievalLexical:
			sig[iSemantic] = l
		case RetrievalDense:
			sig[iSemantic] = d
		default:
			sig[iSemantic] = (1-q.lexShare)*d + q.lexShare*l
		}
	case q.fusion == "rrf":
		dr, lr := q.denseRank[cand.id], q.lexRank[cand.id]
		switch q.mode {
		case RetrievalLexical:
			dr = 0
		case RetrievalDense:
			lr = 0
		}
		sig[iSemantic] = features.RRF(dr, lr)
	case q.mode == RetrievalLexical:
		sig[iSemantic] = features.LexicalFit(cand.lexical, q.bestLex)
	case q.mode == RetrievalDense:
		sig[iSemantic] = features.SemanticFit(cand.dense, cand.posts, 0, false)
	default:
		sig[iSemantic] = features.SemanticFitShare(cand.dense, cand.posts, features.LexicalFit(cand.lexical, q.bestLex), true, q.lexShare)
	}
	sig[iNiche] = features.NicheMatch(f.Niches.Labels, b.Topics)
	sig[iAudience] = features.AudienceFit(c.Audience, b.Audience, m.cfg.AudienceWeights).Value
	sig[iEngagement] = features.Shrink(f.EngagementRate.Percentile, f.EngagementRate.Confidence)
	sig[iAuthenticity] = clamp01(f.Authenticity.Value)
	sig[iConsistency] = features.Shrink(f.Consistency.Value, f.Consistency.Confidence)
	sig[iBrandSafety] = clamp01(f.BrandSafety.Value)
	sig[iDisclosure] = clamp01(f.Disclosure.Value)
	sig[iWorkedWithUs] = features.WorkedWithUs(q.workedWithUs[c.ID])

	acct := buyAccount(c, q.filter)
	cost, hasCost := chooseCost(f, acct, q.filter.Platforms)
	var costOut *creatormatch.PlatformCost
	withinBudget := true
	if hasCost {
		usd := q.toUSD(cost, f.Cost.Currency)
		sig[iCost], withinBudget = features.CostEfficiency(usd, true, b.Goal, q.budgetUSD)
		shown := scaleCost(usd, q.perUSD)
		costOut = &shown
	} else {
		sig[iCost], _ = features.CostEfficiency(creatormatch.PlatformCost{}, false, b.Goal, q.budgetUSD)
	}

	score := 0.0
	for i := range numSignals {
		v := q.w[i] * sig[i]
		out.contrib[i] = v
		score += v
	}
	out.excl = m.exclusions(q, c, f, withinBudget)
	out.creator, out.cand, out.acct = c, cand, acct
	out.match = creatormatch.Match{
		CreatorID: c.ID,
		Score:     score,
		Features:  f,
		Cost:      costOut,
	}
}

// decideAll computes every candidate's fit, which reads its signals and
// the query's best semantic fit (see Calibration), and its decision.
func (m *Matcher) decideAll(out []scored) {
	best := 0.0
	for i := range out {
		if !out[i].cand.relaxedOnly {
			best = math.Max(best, out[i].sig[iSemantic])
		}
	}
	consensus := nicheConsensus(out)
	for i := range out {
		s := &out[i]
		var in fitInputs
		copy(in[:], s.sig[:])
		in[iSemanticRelative] = relativeTo(s.sig[iSemantic], best)
		in[iNicheConsensus] = consensusOf(consensus, s.match.Features)
		s.in = in
		s.match.Fit = m.cal.fit(&in)
		s.match.Decision, s.match.DecisionRule = m.decide(s.excl, s.match.Features, s.match.Fit)
	}
}

// consensusTop is how many of the semantically closest candidates
// nicheConsensus reads.
const consensusTop = 5

// nicheConsensus is the share of each niche among the top niches of the
// consensusTop candidates closest to the brief in meaning (ties by id)
// among those whose niches match the brief's topics at least halfway
// (niche_match ≥ 0.5, which every candidate has when the brief names no
// topic): which of the brief's readings its closest creators share,
// rather than its words alone (a pseudo-relevance step).
func nicheConsensus(out []scored) map[string]float64 {
	idx := make([]int, 0, len(out))
	for i := range out {
		if !out[i].cand.relaxedOnly && out[i].sig[iNiche] >= 0.5 {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, func(a, b int) int {
		if sa, sb := out[a].sig[iSemantic], out[b].sig[iSemantic]; sa != sb {
			if sa > sb {
				return -1
			}
			return 1
		}
		return strings.Compare(out[a].match.CreatorID, out[b].match.CreatorID)
	})
	idx = idx[:min(consensusTop, len(idx))]
	share := map[string]float64{}
	for _, i := range idx {
		if f := out[i].match.Features; f != nil && len(f.Niches.Labels) > 0 {
			share[f.Niches.Labels[0].Niche] += 1 / float64(len(idx))
		}
	}
	return share
}

// consensusOf is how far a creator's niches agree with the consensus:
// max over its labels l of share(l)·conf(l)/conf(top label), in [0,1].
func consensusOf(share map[string]float64, f *creatormatch.Features) float64 {
	if f == nil || len(f.Niches.Labels) == 0 || f.Niches.Labels[0].Confidence <= 0 {
		return 0
	}
	top := f.Niches.Labels[0].Confidence
	best := 0.0
	for _, l := range f.Niches.Labels {
		best = math.Max(best, share[l.Niche]*l.Confidence/top)
	}
	return clamp01(best)
}

// relativeTo is x / best in [0,1] (0 when best ≤ 0).
func relativeTo(x, best float64) float64 {
	if best <= 0 {
		return 0
	}
	return clamp01(x / best)
}

// buyAccount is the account a brief would buy: among the creator's
// accounts on an allowed platform within the follower bounds, the largest;
// the main account when none qualifies (lookalikes, unfiltered matches).
func buyAccount(c *creatormatch.Creator, f creatormatch.Filter) *creatormatch.Account {
	var best *creatormatch.Account
	for i := range c.Accounts {
		a := &c.Accounts[i]
		if len(f.Platforms) > 0 && !slices.Contains(f.Platforms, a.Platform) {
			continue
		}
		if a.Followers < f.MinFollowers || (f.MaxFollowers > 0 && a.Followers > f.MaxFollowers) {
			continue
		}
		if best == nil || a.Followers > best.Followers {
			best = a
		}
	}
	if best == nil {
		best = c.MainAccount()
	}
	return best
}

// chooseCost prices a post on the account being bought, or the cheapest
// allowed platform when that account has no estimate.
func chooseCost(f *creatormatch.Features, acct *creatormatch.Account, allowed []creatormatch.Platform) (creatormatch.PlatformCost, bool) {
	if acct != nil {
		if pc, found := f.Cost.For(acct.Platform); found {
			return pc, true
		}
	}
	var best creatormatch.PlatformCost
	found := false
	for _, pc := range f.Cost.PerPlatform {
		if (len(allowed) == 0 || slices.Contains(allowed, pc.Platform)) && (!found || pc.PricePerPost < best.PricePerPost) {
			best, found = pc, true
		}
	}
	return best, found
}

// toUSD converts a cost to US dollars (unchanged for an unknown currency).
func (q *queryContext) toUSD(pc creatormatch.PlatformCost, currency string) creatormatch.PlatformCost {
	rate, ok := q.usdRate[currency]
	if !ok {
		r, known := features.ToUSD(1, currency)
		if !known {
			r = 1
		}
		rate = r
		q.usdRate[currency] = rate
	}
	return scaleCost(pc, rate)
}

// scaleCost converts a cost's money fields at rate (units of the target
// currency per unit of the cost's).
func scaleCost(pc creatormatch.PlatformCost, rate float64) creatormatch.PlatformCost {
	if rate == 1 {
		return pc
	}
	pc.PricePerPost *= rate
	pc.CPE *= rate
	pc.CPM *= rate
	return pc
}

// card shows the account being bought: its handle, platform, followers
// and tier (which may differ from the creator's main account).
func card(c *creatormatch.Creator, f *creatormatch.Features, acct *creatormatch.Account) creatormatch.Card {
	cd := creatormatch.Card{
		Name:                 c.Name,
		Country:              c.Country,
		Tier:                 f.Tier.Value,
		EngagementRate:       f.EngagementRate.Value,
		EngagementPercentile: f.EngagementRate.Percentile,
		Bio:                  c.Bio,
	}
	if acct != nil {
		cd.Handle, cd.Platform, cd.Followers = acct.Handle, acct.Platform, acct.Followers
		cd.Tier = features.TierOf(acct.Followers, features.DefaultTierBounds())
	}
	for _, a := range c.Accounts {
		cd.Platforms = append(cd.Platforms, a.Platform)
	}
	for _, l := range f.Niches.Labels {
		cd.Niches = append(cd.Niches, l.Niche)
	}
	cd.Audience = audienceMix(c.Audience)
	return cd
}

// audienceMix is the top three keys of each of an audience's country, age
// and gender distributions (nil without any).
func audienceMix(a *creatormatch.Audience) *creatormatch.AudienceMix {
	if a == nil {
		return nil
	}
	top := func(m map[string]float64) []creatormatch.AudienceShare {
		out := make([]creatormatch.AudienceShare, 0, len(m))
		for k, v := range m {
			out = append(out, creatormatch.AudienceShare{Key: k, Share: v})
		}
		slices.SortFunc(out, func(x, y creatormatch.AudienceShare) int {
			if x.Share != y.Share {
				if x.Share > y.Share {
					return -1
				}
				return 1
			}
			return strings.Compare(x.Key, y.Key)
		})
		return out[:min(3, len(out))]
	}
	mix := &creatormatch.AudienceMix{Countries: top(a.Countries), Ages: top(a.Age), Genders: top(a.Gender)}
	if len(mix.Countries)+len(mix.Ages)+len(mix.Genders) == 0 {
		return nil
	}
	return mix
}

func clamp01(x float64) float64 {
	if math.IsNaN(x) || x < 0 {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}

// explain writes the reasons of a page of matches. Every reason cites at
// least one of the creator's own posts; a reason without supporting posts
// is not given.
func (m *Matcher) explain(ctx context.Context, q *queryContext, qvec []float32, page []scored) error {
	if len(page) == 0 {
		return nil
	}
	ids := make([]string, len(page))
	for i, s := range page {
		ids[i] = s.match.CreatorID
	}
	var vecs map[string]map[string][]float32
	if len(qvec) > 0 {
		var err error
		vecs, err = m.store.ContentVectors(ctx, m.embedder.Model(), ids)
		if err != nil {
			return err
		}
	}
	for i := range page {
		s := &page[i]
		// The creator is the store's read-only value: hand the caller its
		// own copy of the features (the reasons cite post ids from it).
		s.match.Features = ownFeatures(s.match.Features)
		s.match.Signals = s.sig.asMap()
		s.match.Contributions = s.contrib.asMap()
		s.match.Card = card(s.creator, s.match.Features, s.acct)
		s.match.Reasons = reasons(q.b, s.creator, s.match.Features, qvec, vecs[s.match.CreatorID])
		s.match.Constraints = m.constraints(q, s)
		s.match.FitInputs = s.in.asMap()
	}
	return nil
}

type postSim struct {
	item *creatormatch.ContentItem
	sim  float64
}

func reasons(b creatormatch.Brief, c *creatormatch.Creator, f *creatormatch.Features, qvec []float32, vecs map[string][]float32) []creatormatch.Reason {
	out := []creatormatch.Reason{}
	add := func(text string, ids []string) {
		if len(ids) > 0 {
			out = append(out, reason(c, text, ids))
		}
	}
	// The posts closest to the brief.
	var sims []postSim
	for i := range c.Content {
		it := &c.Content[i]
		if v, ok := vecs[it.ID]; ok {
			sims = append(sims, postSim{it, features.Cosine(qvec, v)})
		}
	}
	sort.Slice(sims, func(i, j int) bool {
		if sims[i].sim != sims[j].sim {
			return sims[i].sim > sims[j].sim
		}
		return sims[i].item.ID < sims[j].item.ID
	})
	if len(sims) > 0 {
		top := sims[:min(2, len(sims))]
		var quotes []string
		var ids []string
		for _, s := range top {
			quotes = append(quotes, fmt.Sprintf("“%s”", excerpt(s.item.Caption, 80)))
			ids = append(ids, s.item.ID)
		}
		add(fmt.Sprintf("Posts closest to the brief: %s.", strings.Join(quotes, " and ")), ids)
	}
	// Niche.
	if len(f.Niches.Labels) > 0 {
		var names []string
		for _, l := range f.Niches.Labels {
			names = append(names, fmt.Sprintf("%s (%.0f%%)", strings.ReplaceAll(l.Niche, "_", " "), 100*l.Confidence))
		}
		ids := evidenceIDs(f.Niches.Evidence)
		if len(ids) == 0 && len(sims) > 0 {
			ids = []string{sims[0].item.ID}
		}
		text := "Posts about " + strings.Join(names, ", ") + "."
		if len(b.Topics) > 0 && features.NicheMatch(f.Niches.Labels, b.Topics) >= 0.999 {
			text = fmt.Sprintf("Mainly posts about %s, a topic of the brief (%s).", strings.ReplaceAll(f.Niches.Top(), "_", " "), strings.Join(names, ", "))
		}
		add(text, ids)
	}
	// Engagement, citing the best-engaging recent posts.
	if er := f.EngagementRate; er.PostsUsed > 0 {
		type postRate struct {
			id   string
			rate float64
		}
		var rates []postRate
		for _, it := range c.Content {
			if er.Platform != "" && it.Platform != er.Platform {
				continue // cite only posts of the account the rate measures
			}
			if r, _, ok := features.PostRate(c, it); ok {
				rates = append(rates, postRate{it.ID, r})
			}
		}
		sort.Slice(rates, func(i, j int) bool {
			if rates[i].rate != rates[j].rate {
				return rates[i].rate > rates[j].rate
			}
			return rates[i].id < rates[j].id
		})
		var ids []string
		for _, r := range rates[:min(2, len(rates))] {
			ids = append(ids, r.id)
		}
		// Name the account the rate measures: a multi-platform creator's
		// card may show another one (the account the brief would buy).
		where := ""
		if a := accountOn(c, er.Platform); a != nil && a.Handle != "" {
			where = fmt.Sprintf(" on %s (@%s)", er.Platform, a.Handle)
		}
		add(fmt.Sprintf("Median engagement %.1f%% per %s%s, %s.",
			100*er.Value, basisWord(er.Basis), where, features.EngagementPercentileText(er)), ids)
	}
	for _, fl := range f.BrandSafety.Flags {
		add(fmt.Sprintf("Brand-safety flag: %s (severity %.2f).", fl.Category, fl.Severity), fl.PostIDs)
	}
	if d := f.Disclosure; d.SponsoredPosts > 0 {
		if len(d.UndisclosedPostIDs) > 0 {
			add(fmt.Sprintf("%d of %d sponsored posts carry no #ad, #sponsored or paid-partnership label.", len(d.UndisclosedPostIDs), d.SponsoredPosts), d.UndisclosedPostIDs)
		}
	}
	for _, bm := range features.Conflicts(f.Brands, b.Competitors) {
		add(fmt.Sprintf("Promoted competitor %s (%d posts).", bm.Brand, bm.Posts), bm.PostIDs)
	}
	for _, ev := range f.Authenticity.Evidence {
		if ev.Effect < 0 {
			add("Authenticity: "+ev.Text, ev.PostIDs)
		}
	}
	return out
}

// reason cites ids of c's posts, each with its URL when c's content has
// one.
func reason(c *creatormatch.Creator, text string, ids []string) creatormatch.Reason {
	posts := make([]creatormatch.PostRef, len(ids))
	for i, id := range ids {
		posts[i] = creatormatch.PostRef{ID: id}
		for j := range c.Content {
			if c.Content[j].ID == id {
				posts[i].URL = c.Content[j].URL
				break
			}
		}
	}
	return creatormatch.Reason{Text: text, PostIDs: ids, Posts: posts}
}

// accountOn is the creator's largest account on p, or nil.
func accountOn(c *creatormatch.Creator, p creatormatch.Platform) *creatormatch.Account {
	var best *creatormatch.Account
	for i := range c.Accounts {
		if a := &c.Accounts[i]; a.Platform == p && (best == nil || a.Followers > best.Followers) {
			best = a
		}
	}
	return best
}

func basisWord(b string) string {
	if b == "views" {
		return "view"
	}
	return "follower"
}

func evidenceIDs(ev []creatormatch.Evidence) []string {
	var ids []string
	seen := map[string]bool{}
	for _, e := range ev {
		for _, id := range e.PostIDs {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return ids
}

func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}

// rankBy ranks the strict candidates with a positive key by it, best
// first, from 1 (ties by id); the rest are absent.
func rankBy(cands []candidate, key func(candidate) float64) map[string]int {
	type kv struct {
		id string
		v  float64
	}
	var xs []kv
	for _, c := range cands {
		if v := key(c); !c.relaxedOnly && v > 0 {
			xs = append(xs, kv{c.id, v})
		}
	}
	slices.SortFunc(xs, func(a, b kv) int {
		if a.v != b.v {
			if a.v > b.v {
				return -1
			}
			return 1
		}
		return strings.Compare(a.id, b.id)
	})
	out := make(map[string]int, len(xs))
	for i, x := range xs {
		out[x.id] = i + 1
	}
	return out
}
