package features

import (
	"math"
	"strings"

	"github.com/creatormatch/creatormatch"
)

// This file holds the match-time formulas: the ones that depend on a brief
// as well as a creator, so they cannot be computed at ingest. The matcher
// calls them; it holds no formula of its own.

// Cosine is the cosine similarity of two vectors (0 if either is empty,
// zero or of another length).
func Cosine(a, b []float32) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	var dot, na, nb float64
	for i := range a {
		x, y := float64(a[i]), float64(b[i])
		dot += x * y
		na += x * x
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// Semantic fit calibration. USE-lite cosine similarities between a brief
// and an on-topic creator profile sit around 0.35–0.7; unrelated texts sit
// around 0–0.2. The affine map sends 0.1 to 0 and 0.6 to 1.
const (
	semanticFloor   = 0.10
	semanticCeiling = 0.60
)

// SemanticFit is how close a creator's content is to the brief in meaning
// and in words:
//
//	dense   = clamp((0.5·cos(brief, profile) + 0.5·mean cos(brief, post) − 0.10) / 0.50)
//	fit     = 0.75·dense + 0.25·lexical     (lexical in [0,1]; see LexicalFit)
//
// where the mean is over postSims, the similarities of the creator's k
// best-matching posts (the matcher passes k = Request.PostFit of them, or
// none). When a part is unavailable (no lexical score in dense-only mode,
// no post similarities) the other parts take its weight.
func SemanticFit(profileSim float64, postSims []float64, lexical float64, haveLexical bool) float64 {
	return SemanticFitShare(profileSim, postSims, lexical, haveLexical, DefaultLexicalShare)
}

// DefaultLexicalShare is the lexical part of SemanticFit's blend.
const DefaultLexicalShare = 0.25

// SemanticFitShare is SemanticFit with the lexical part's share of the
// blend given: fit = (1−share)·dense + share·lexical. Evaluation systems
// vary it (eval `lexical_share`); the matcher serves DefaultLexicalShare.
func SemanticFitShare(profileSim float64, postSims []float64, lexical float64, haveLexical bool, share float64) float64 {
	dense := profileSim
	if n := len(postSims); n > 0 {
		m := 0.0
		for _, s := range postSims[:n] {
			m += s
		}
		dense = 0.5*profileSim + 0.5*m/float64(n)
	}
	denseFit := clamp01((dense - semanticFloor) / (semanticCeiling - semanticFloor))
	if !haveLexical {
		return denseFit
	}
	return (1-share)*denseFit + share*clamp01(lexical)
}

// DenseSim is the dense similarity semantic fit reads: the profile's
// cosine, or with post similarities the mean of it and their mean.
func DenseSim(profileSim float64, postSims []float64) float64 {
	if n := len(postSims); n > 0 {
		m := 0.0
		for _, s := range postSims {
			m += s
		}
		return 0.5*profileSim + 0.5*m/float64(n)
	}
	return profileSim
}

// MinMax puts x on [0,1] against the query's range: (x − lo)/(hi − lo),
// 1 when the range is empty.
func MinMax(x, lo, hi float64) float64 {
	if hi <= lo {
		return 1
	}
	return clamp01((x - lo) / (hi - lo))
}

// RRFK is reciprocal rank fusion's constant (Cormack et al. 2009).
const RRFK = 60

// RRF is reciprocal rank fusion of a dense and a lexical rank (from 1; 0
// when the retriever did not rank the creator), scaled so that first in
// both is 1:
//
//	rrf = (1/(k+r_dense) + 1/(k+r_lexical)) / (2/(k+1))
func RRF(denseRank, lexRank int) float64 {
	s := 0.0
	if denseRank > 0 {
		s += 1 / float64(RRFK+denseRank)
	}
	if lexRank > 0 {
		s += 1 / float64(RRFK+lexRank)
	}
	return s / (2 / float64(RRFK+1))
}

// WorkedWithUs is the workspace's own history with a creator as a signal:
//
//	worked_with_us = 1    with a hire or a campaign result in the workspace
//	               = 0.5  without (unknown, like an unconstrained audience)
//
// Outcome metrics are free-form per workspace, so they are shown (the
// match's worked_with_us) rather than scored.
func WorkedWithUs(h *creatormatch.WorkedWithUs) float64 {
	if h != nil && (h.Hires > 0 || h.Results > 0) {
		return 1
	}
	return 0.5
}

// LexicalFit normalises a lexical retrieval score against the best score
// among the candidates: score / best, in [0,1] (0 when either is ≤ 0).
func LexicalFit(score, best float64) float64 {
	if score <= 0 || best <= 0 {
		return 0
	}
	return clamp01(score / best)
}

// NicheMatch is how well the creator's classified niches cover the brief's
// topics:
//
//	match = max over topics t of conf(t) / conf(top label)
//
// so a creator whose best niche is one of the topics scores 1, a creator
// with the topic as a weaker second label scores its relative confidence,
// and a creator without it scores 0. With no topics (or no labels) the
// match is neutral, 0.5, since nothing was asked.
func NicheMatch(labels []creatormatch.NicheLabel, topics []string) float64 {
	if len(topics) == 0 || len(labels) == 0 {
		return 0.5
	}
	top := labels[0].Confidence
	if top <= 0 {
		return 0
	}
	best := 0.0
	for _, t := range topics {
		for _, l := range labels {
			if strings.EqualFold(l.Niche, t) {
				best = math.Max(best, l.Confidence/top)
			}
		}
	}
	return clamp01(best)
}

// Reference costs for CostEfficiency: a cost per engagement of $0.20 and a
// cost per thousand reach of $10 are typical of paid micro-influencer
// posts (industry surveys put CPE at $0.05–$0.50 and CPM at $5–$25).
const (
	ReferenceCPE = 0.20
	ReferenceCPM = 10.0
)

// CostEfficiency turns a post's price and yield into [0,1]:
//
//	awareness:  f = ReferenceCPM / (ReferenceCPM + CPM)
//	otherwise:  f = ReferenceCPE / (ReferenceCPE + CPE)
//
// so a creator at the reference cost scores 0.5, half the cost about 0.67,
// twice the cost 0.33. A price above the whole budget scores 0 (the second
// result is false). A missing estimate is neutral, 0.5.
func CostEfficiency(pc creatormatch.PlatformCost, ok bool, goal creatormatch.Goal, budgetUSD float64) (float64, bool) {
	if !ok || pc.PricePerPost <= 0 {
		return 0.5, true
	}
	if budgetUSD > 0 && pc.PricePerPost > budgetUSD {
		return 0, false
	}
	if goal == creatormatch.GoalAwareness {
		if pc.CPM <= 0 {
			return 0.5, true
		}
		return ReferenceCPM / (ReferenceCPM + pc.CPM), true
	}
	if pc.CPE <= 0 {
		return 0.5, true
	}
	return ReferenceCPE / (ReferenceCPE + pc.CPE), true
}

// usdPerUnit are approximate exchange rates used only to compare a budget
// with price estimates; they are documented as approximate and are not for
// invoicing.
var usdPerUnit = map[string]float64{
	"USD": 1, "EUR": 1.08, "GBP": 1.27, "CAD": 0.73, "AUD": 0.66, "CHF": 1.13,
	"SEK": 0.095, "NOK": 0.093, "DKK": 0.145, "JPY": 0.0067, "INR": 0.012,
	"BRL": 0.18, "MXN": 0.055, "PLN": 0.25, "NZD": 0.60,
}

// RatesAsOf is the date the usdPerUnit table was set, and RatesSource
// says what it is; responses quote both beside every converted amount.
const (
	RatesAsOf   = "2026-11-25"
	RatesSource = "approximate reference rates built into creatormatch, for comparing budgets with price estimates; not for invoicing"
)

// ExchangeRate is the rate that converts amounts in currency (USD when
// empty) to US dollars; false for an unknown currency.
func ExchangeRate(currency string) (creatormatch.ExchangeRate, bool) {
	code := strings.ToUpper(strings.TrimSpace(currency))
	if code == "" {
		code = "USD"
	}
	r, ok := usdPerUnit[code]
	if !ok {
		return creatormatch.ExchangeRate{}, false
	}
	return creatormatch.ExchangeRate{Currency: code, USDPerUnit: r, AsOf: RatesAsOf, Source: RatesSource}, true
}

// ToUSD converts an amount to US dollars at the approximate rates above;
// the second result is false for an unknown currency. An empty currency is
// USD.
func ToUSD(amount float64, currency string) (float64, bool) {
	if currency == "" {
		return amount, true
	}
	r, ok := usdPerUnit[strings.ToUpper(currency)]
	if !ok {
		return 0, false
	}
	return amount * r, true
}

// Shrink pulls a signal toward the neutral 0.5 as its confidence falls:
//
//	shrunk = c·value + (1 − c)·0.5
//
// so thin data neither rewards nor punishes a creator much.
func Shrink(value, confidence float64) float64 {
	c := clamp01(confidence)
	return c*clamp01(value) + (1-c)*0.5
}

// AudienceOverlap estimates how much of one creator's audience another
// creator already reaches, for penalising overlapping picks on a
// shortlist:
//
//	overlap = max(0, contentSim) · audienceSim
//	audienceSim = mean over countries, age, gender present in both of
//	              BC(p, q) = Σₖ √(pₖ·qₖ)   (the Bhattacharyya coefficient)
//
// Two creators overlap when they post about the same things (contentSim,
// the cosine of their profile vectors) to the same kind of people. With no
// audience data on either side audienceSim is 0.5: unknown, not disjoint.
func AudienceOverlap(a, b *creatormatch.Audience, contentSim float64) float64 {
	audienceSim := 0.5
	if a != nil && b != nil {
		sum, n := 0.0, 0
		for _, pair := range [][2]map[string]float64{{a.Countries, b.Countries}, {a.Age, b.Age}, {a.Gender, b.Gender}} {
			if len(pair[0]) == 0 || len(pair[1]) == 0 {
				continue
			}
			bc := 0.0
			for k, p := range pair[0] {
				if q, ok := pair[1][k]; ok && p > 0 && q > 0 {
					bc += math.Sqrt(p * q)
				}
			}
			sum += clamp01(bc)
			n++
		}
		if n > 0 {
			audienceSim = sum / float64(n)
		}
	}
	return clamp01(math.Max(0, contentSim) * audienceSim)
}
