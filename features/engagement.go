package features

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/creatormatch/creatormatch"
)

// Bases of an engagement rate.
const (
	BasisFollowers = "followers"
	BasisViews     = "views"
)

// Interactions is likes + comments + shares + saves of a post (negative
// counts count as 0), summed in float64 so huge counts cannot overflow.
func Interactions(it creatormatch.ContentItem) float64 {
	return float64(max(it.Likes, 0)) + float64(max(it.Comments, 0)) + float64(max(it.Shares, 0)) + float64(max(it.Saves, 0))
}

// PostPlatform is the platform a post belongs to: its own, else the
// creator's only account's, else the main account's.
func PostPlatform(c *creatormatch.Creator, it creatormatch.ContentItem) creatormatch.Platform {
	if it.Platform != "" || c == nil {
		return it.Platform
	}
	if len(c.Accounts) == 1 {
		return c.Accounts[0].Platform
	}
	if m := c.MainAccount(); m != nil {
		return m.Platform
	}
	return ""
}

// PostRate is the engagement rate of one post:
//
//	rate = (likes + comments + shares + saves) / views      if the platform is view-driven and views > 0
//	rate = (likes + comments + shares + saves) / followers  otherwise, followers of the post's platform account
//
// ok is false when neither denominator is available.
func PostRate(c *creatormatch.Creator, it creatormatch.ContentItem) (rate float64, basis string, ok bool) {
	p := PostPlatform(c, it)
	if p.ViewDriven() && it.Views > 0 {
		return Interactions(it) / float64(it.Views), BasisViews, true
	}
	if c == nil {
		return 0, "", false
	}
	if a := c.Account(p); a != nil && a.Followers > 0 {
		return Interactions(it) / float64(a.Followers), BasisFollowers, true
	}
	return 0, "", false
}

// recent returns the creator's posts, most recent first; undated posts come
// last in their input order.
func recent(c *creatormatch.Creator) []creatormatch.ContentItem {
	if c == nil {
		return nil
	}
	out := slices.Clone(c.Content)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].PostedAt, out[j].PostedAt
		if a.IsZero() != b.IsZero() {
			return b.IsZero()
		}
		return a.After(b)
	})
	return out
}

type ratedPost struct {
	item  creatormatch.ContentItem
	rate  float64
	basis string
}

// ratedPosts returns the (at most n) most recent posts on p whose rate is
// computable, restricted to the dominant basis among them (views wins a
// tie), so the median never mixes per-view and per-follower rates.
func ratedPosts(c *creatormatch.Creator, posts []creatormatch.ContentItem, p creatormatch.Platform, n int) ([]ratedPost, string) {
	var all []ratedPost
	for _, it := range posts {
		if PostPlatform(c, it) != p {
			continue
		}
		if r, b, ok := PostRate(c, it); ok {
			all = append(all, ratedPost{it, r, b})
			if len(all) == n {
				break
			}
		}
	}
	views := 0
	for _, r := range all {
		if r.basis == BasisViews {
			views++
		}
	}
	basis := BasisFollowers
	if views > 0 && views*2 >= len(all) {
		basis = BasisViews
	}
	out := all[:0:0]
	for _, r := range all {
		if r.basis == basis {
			out = append(out, r)
		}
	}
	return out, basis
}

// engagementPlatform chooses the platform the creator's engagement rate is
// measured on: the main account's when it has a rated post, else the
// account with the most rated posts among the last n.
func engagementPlatform(c *creatormatch.Creator, posts []creatormatch.ContentItem, n int) creatormatch.Platform {
	m := c.MainAccount()
	if m == nil {
		return ""
	}
	if rp, _ := ratedPosts(c, posts, m.Platform, n); len(rp) > 0 {
		return m.Platform
	}
	best, bestN := m.Platform, 0
	for _, a := range c.Accounts {
		if rp, _ := ratedPosts(c, posts, a.Platform, n); len(rp) > bestN {
			best, bestN = a.Platform, len(rp)
		}
	}
	return best
}

// EngagementRate is the median per-post rate (see PostRate) over the last
// N = cfg.EngagementPosts rated posts on the creator's main platform (else
// the platform with most rated posts), on the dominant basis:
//
//	Value      = median(rate_i), i over the last N posts
//	Percentile = PeerTable.Percentile(platform, tier of that account, Value)
//	Confidence = min(1, posts used / N)
//	Peers      = PeerTable.Count(platform, tier)
//	PriorWeight = 1 − min(1, Peers / MinPeers)   (see PeerTable.Percentile)
//
// Without a rated post, Value is 0 and Percentile is a neutral 0.5 with
// confidence 0.
func EngagementRate(c *creatormatch.Creator, peers PeerTable, cfg Config) creatormatch.EngagementRate {
	cfg = cfg.withDefaults()
	out := creatormatch.EngagementRate{Percentile: 0.5}
	if c == nil {
		return out
	}
	posts := recent(c)
	p := engagementPlatform(c, posts, cfg.EngagementPosts)
	out.Platform = p
	if p == "" {
		return out
	}
	rp, basis := ratedPosts(c, posts, p, cfg.EngagementPosts)
	if len(rp) == 0 {
		return out
	}
	rates := make([]float64, len(rp))
	ids := make([]string, len(rp))
	for i, r := range rp {
		rates[i], ids[i] = r.rate, r.item.ID
	}
	tier := peerTier(c, p, cfg)
	out.Value = finite(median(rates))
	out.Tier = tier
	out.Basis = basis
	out.PostsUsed = len(rp)
	out.Percentile = peers.Percentile(p, tier, out.Value, cfg)
	out.Confidence = clamp01(float64(len(rp)) / float64(cfg.EngagementPosts))
	n := peers.Count(p, tier)
	out.Peers = n
	out.PriorWeight = 1 - peerWeight(n, cfg)
	out.Evidence = []creatormatch.Evidence{
		{Text: fmt.Sprintf("median engagement %.2f%% of %s over the last %d posts on %s", 100*out.Value, basis, len(rp), p), PostIDs: ids},
		{Text: fmt.Sprintf("%.0fth percentile among %s %s creators (%d peers, prior weight %.0f%%)",
			100*out.Percentile, tier, p, n, 100*(1-peerWeight(n, cfg)))},
	}
	return out
}

// peerTier is the tier of the creator's account on p.
func peerTier(c *creatormatch.Creator, p creatormatch.Platform, cfg Config) creatormatch.Tier {
	if a := c.Account(p); a != nil {
		return TierOf(a.Followers, cfg.Tiers)
	}
	return creatormatch.TierNone
}

// PeerTable holds the engagement rates of the catalogue grouped by
// creatormatch.PeerKey(platform, tier), sorted ascending. The zero value is
// an empty table (every percentile then comes from the prior).
type PeerTable struct {
	groups map[string][]float64
}

// NewPeerTable builds a PeerTable from the store's PeerRates. It copies and
// sorts each group and drops non-finite or negative rates.
func NewPeerTable(rates map[string][]float64) PeerTable {
	t := PeerTable{groups: make(map[string][]float64, len(rates))}
	for k, rs := range rates {
		g := make([]float64, 0, len(rs))
		for _, r := range rs {
			if !math.IsNaN(r) && !math.IsInf(r, 0) && r >= 0 {
				g = append(g, r)
			}
		}
		slices.Sort(g)
		t.groups[k] = g
	}
	return t
}

// Count is the number of peers in the (platform, tier) group.
func (t PeerTable) Count(p creatormatch.Platform, tier creatormatch.Tier) int {
	return len(t.groups[creatormatch.PeerKey(p, tier)])
}

// peerWeight is the weight of the empirical distribution: min(1, n/MinPeers).
func peerWeight(n int, cfg Config) float64 {
	cfg = cfg.withDefaults()
	return clamp01(float64(n) / float64(cfg.Peers.MinPeers))
}

// Percentile ranks rate within its (platform, tier) peer group, blending
// the empirical mid-rank with the group's log-normal prior by peer count:
//
//	emp   = (#{peers < rate} + ½·#{peers = rate}) / n
//	prior = Φ((ln rate − ln median) / logSD)           (0 for rate ≤ 0)
//	w     = min(1, n / MinPeers)
//	pct   = w·emp + (1−w)·prior
func (t PeerTable) Percentile(p creatormatch.Platform, tier creatormatch.Tier, rate float64, cfg Config) float64 {
	cfg = cfg.withDefaults()
	pr := cfg.prior(p, tier)
	var prior float64
	if rate > 0 && !math.IsInf(rate, 0) {
		prior = normalCDF((math.Log(rate) - math.Log(pr.Median)) / pr.LogSD)
	} else if math.IsInf(rate, 1) {
		prior = 1
	}
	g := t.groups[creatormatch.PeerKey(p, tier)]
	w := peerWeight(len(g), cfg)
	if w == 0 {
		return clamp01(prior)
	}
	below := sort.SearchFloat64s(g, rate)
	equal := sort.SearchFloat64s(g, math.Nextafter(rate, math.Inf(1))) - below
	emp := (float64(below) + 0.5*float64(equal)) / float64(len(g))
	return clamp01(w*emp + (1-w)*prior)
}

// Median is the typical rate of a peer group: the geometric blend of the
// empirical median and the prior median with the Percentile weight,
// exp(w·ln(empirical median) + (1−w)·ln(prior median)).
func (t PeerTable) Median(p creatormatch.Platform, tier creatormatch.Tier, cfg Config) float64 {
	cfg = cfg.withDefaults()
	pr := cfg.prior(p, tier)
	g := t.groups[creatormatch.PeerKey(p, tier)]
	w := peerWeight(len(g), cfg)
	em := median(g)
	if w == 0 || em <= 0 {
		return pr.Median
	}
	return math.Exp(w*math.Log(em) + (1-w)*math.Log(pr.Median))
}

// daysBetween is b − a in days.
func daysBetween(a, b time.Time) float64 { return b.Sub(a).Hours() / 24 }
