package features

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/creatormatch/creatormatch"
)

// PeerEntry is the (peer group, rate) a creator with features f adds to
// the store's PeerRates: the rate's platform (the tier's platform when the
// rate names none) and the tier of the measured account (the main tier
// when the rate names none), as both stores group them. ok is false for
// nil features, which the stores leave out.
func PeerEntry(f *creatormatch.Features) (key string, rate float64, ok bool) {
	if f == nil {
		return "", 0, false
	}
	p := f.EngagementRate.Platform
	if p == "" {
		p = f.Tier.Platform
	}
	t := f.EngagementRate.Tier
	if t == "" {
		t = f.Tier.Value
	}
	return creatormatch.PeerKey(p, t), f.EngagementRate.Value, true
}

// With returns a table with the rates of remove taken out of and those of
// add put into their groups (both keyed by PeerKey, as PeerRates), leaving
// t unchanged: unchanged groups are shared, changed ones copied, so a table
// handed to readers stays valid. It is how a writer keeps a cached table
// current with the creators it writes (remove their previous rates, add the
// new ones) without reloading the whole catalogue's rates. exact is false
// when a rate to remove was not in its group (the table had drifted from
// the store); the result is then still t's groups with add merged in, and
// the caller should reload.
func (t PeerTable) With(remove, add map[string][]float64) (out PeerTable, exact bool) {
	exact = true
	out = PeerTable{groups: make(map[string][]float64, len(t.groups)+len(add))}
	for k, g := range t.groups {
		out.groups[k] = g
	}
	changed := map[string]bool{}
	for k := range remove {
		changed[k] = true
	}
	for k := range add {
		changed[k] = true
	}
	for k := range changed {
		g := slices.Clone(out.groups[k])
		for _, r := range remove[k] {
			if !validRate(r) {
				continue
			}
			i := sort.SearchFloat64s(g, r)
			if i < len(g) && g[i] == r {
				g = slices.Delete(g, i, i+1)
			} else {
				exact = false
			}
		}
		for _, r := range add[k] {
			if validRate(r) {
				g = append(g, r)
			}
		}
		slices.Sort(g)
		out.groups[k] = g
	}
	return out, exact
}

func validRate(r float64) bool { return !math.IsNaN(r) && !math.IsInf(r, 0) && r >= 0 }

// WithPeers returns f with the features that depend on the peer table —
// the engagement rate's percentile (and Peers, PriorWeight, evidence),
// authenticity and cost — recomputed for c against peers, and every other
// feature kept. For features Compute made for c (at any peers),
//
//	WithPeers(c, Compute(in), peers, cfg) == Compute(in with Peers: peers)
//
// so a catalogue can be re-ranked against a newer peer table without the
// vectors (niches, brand safety) that a full Compute needs.
func WithPeers(c *creatormatch.Creator, f creatormatch.Features, peers PeerTable, cfg Config) creatormatch.Features {
	cfg = cfg.withDefaults()
	if c == nil {
		c = &creatormatch.Creator{}
	}
	f.EngagementRate = EngagementRate(c, peers, cfg)
	f.Authenticity = Authenticity(c, f.EngagementRate, peers, cfg)
	f.Cost = Cost(c, peers, cfg)
	return f
}

// EngagementPercentileText is the honest clause for the engagement
// percentile er ranks the creator at, for a sentence such as "Median
// engagement 4.1% per follower, <clause>." With at least the documented
// minimum of peers (PeerConfig.MinPeers, so er.PriorWeight is 0) the
// percentile is a rank among real creators and the clause says among how
// many:
//
//	higher than 84% of 412 micro instagram creators
//
// With fewer, the percentile is (partly) the group's prior, not a rank, and
// the clause says so instead of quoting a rank:
//
//	above the typical micro instagram creator (prior estimate: only 3 peers in the catalogue)
//
// ("below the typical" under the 45th percentile, "in line with the
// typical" from the 45th to the 55th). The peer group is er.Platform and
// er.Tier. Features stored before Peers existed (Peers 0, PriorWeight 0)
// count as prior: nothing says how many peers they were ranked among.
func EngagementPercentileText(er creatormatch.EngagementRate) string {
	group := peerGroupName(er.Tier, er.Platform)
	if er.Peers > 0 && er.PriorWeight <= 0 {
		return fmt.Sprintf("higher than %.0f%% of %d %s creators", 100*er.Percentile, er.Peers, group)
	}
	var rel string
	switch {
	case er.Percentile > 0.55:
		rel = "above"
	case er.Percentile < 0.45:
		rel = "below"
	default:
		rel = "in line with"
	}
	var why string
	switch er.Peers {
	case 0:
		why = "no peers in the catalogue"
	case 1:
		why = "only 1 peer in the catalogue"
	default:
		why = fmt.Sprintf("only %d peers in the catalogue", er.Peers)
	}
	return fmt.Sprintf("%s the typical %s creator (prior estimate: %s)", rel, group, why)
}

// peerGroupName is "micro instagram", leaving out what is unknown.
func peerGroupName(t creatormatch.Tier, p creatormatch.Platform) string {
	var parts []string
	if t != "" && t != creatormatch.TierNone {
		parts = append(parts, string(t))
	}
	if p != "" {
		parts = append(parts, string(p))
	}
	if len(parts) == 0 {
		return "catalogue"
	}
	return strings.Join(parts, " ")
}
