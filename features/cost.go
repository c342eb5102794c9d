package features

import (
	"slices"
	"strings"

	"github.com/creatormatch/creatormatch"
)

// Cost prices one post on each of the creator's accounts, main account
// first then by followers. Per platform p with followers F, tier t and the
// median rate r over the last N rated posts (PostRate):
//
//	price = the RateCard's price for p when present (Source "rate_card"), else
//	price = max(MinPrice, F/1000 · BasePer1K[p] · TierMultiplier[t] · m),
//	        m = EngagementLow + (EngagementHigh − EngagementLow) · percentile(r)   (Source "estimate")
//	reach = median views of the last N posts with views (view-driven p), else F · ReachRate[p]
//	engagements = median views · r on the views basis, F · r on the followers basis,
//	              else (no rated post) the peer prior median times reach (view-driven) or F
//	CPE = price / engagements, CPM = 1000 · price / reach   (0 when the denominator is 0)
//
// With the defaults a 50k-follower Instagram micro creator at the 50th
// percentile costs 50 · 10 · 1.0 · 1.0 = $500, within the market's
// $250–1,250 for micro posts. Currency is the RateCard's (USD when empty)
// when it prices any platform, else Cost.Currency; estimates are only made
// in Cost.Currency (no exchange rates in a pure function), so platforms
// without a card price are left out when the card's currency differs.
// Accounts with no followers and no card price are skipped. Confidence is
// the mean over platforms of (0.9 for a card, 0.5 for an estimate) ×
// (0.5 + 0.5·min(1, rated posts/N)).
func Cost(c *creatormatch.Creator, peers PeerTable, cfg Config) creatormatch.CostEstimate {
	cfg = cfg.withDefaults()
	cc := cfg.Cost
	out := creatormatch.CostEstimate{Currency: cc.Currency}
	if c == nil {
		return out
	}
	card := map[creatormatch.Platform]float64{}
	if c.RateCard != nil {
		for p, v := range c.RateCard.PerPost {
			if v > 0 && !isNaNorInf(v) {
				card[p] = v
			}
		}
		if len(card) > 0 {
			out.Currency = strings.ToUpper(strings.TrimSpace(c.RateCard.Currency))
			if out.Currency == "" {
				out.Currency = "USD"
			}
		}
	}
	estimates := strings.EqualFold(out.Currency, cc.Currency)
	accounts := slices.Clone(c.Accounts)
	main := c.MainAccount()
	slices.SortStableFunc(accounts, func(a, b creatormatch.Account) int {
		if main != nil && (a.Platform == main.Platform) != (b.Platform == main.Platform) {
			if a.Platform == main.Platform {
				return -1
			}
			return 1
		}
		switch {
		case a.Followers > b.Followers:
			return -1
		case a.Followers < b.Followers:
			return 1
		}
		return 0
	})
	posts := recent(c)
	seen := map[creatormatch.Platform]bool{}
	var confSum float64
	for _, a := range accounts {
		if seen[a.Platform] {
			continue
		}
		seen[a.Platform] = true
		followers := float64(max(a.Followers, 0))
		price, fromCard := card[a.Platform]
		if !fromCard && (!estimates || followers == 0) {
			continue
		}
		tier := TierOf(a.Followers, cfg.Tiers)
		rp, basis := ratedPosts(c, posts, a.Platform, cfg.EngagementPosts)
		rates := make([]float64, len(rp))
		for i, r := range rp {
			rates[i] = r.rate
		}
		rate := median(rates)
		pct := 0.5
		if len(rp) > 0 {
			pct = peers.Percentile(a.Platform, tier, rate, cfg)
		}
		var views []float64
		for _, it := range posts {
			if PostPlatform(c, it) == a.Platform && it.Views > 0 {
				views = append(views, float64(it.Views))
				if len(views) == cfg.EngagementPosts {
					break
				}
			}
		}
		pc := creatormatch.PlatformCost{Platform: a.Platform, Source: "estimate"}
		if fromCard {
			pc.PricePerPost, pc.Source = price, "rate_card"
		} else {
			base := cc.BasePer1K[a.Platform]
			if base <= 0 {
				base = 10
			}
			tm, ok := cc.TierMultiplier[tier]
			if !ok || tm <= 0 {
				tm = 1
			}
			m := cc.EngagementLow + (cc.EngagementHigh-cc.EngagementLow)*pct
			pc.PricePerPost = max(cc.MinPrice, followers/1000*base*tm*m)
		}
		if a.Platform.ViewDriven() && len(views) > 0 {
			pc.ExpectedReach = median(views)
		} else {
			rr, ok := cc.ReachRate[a.Platform]
			if !ok || rr <= 0 {
				rr = 0.2
			}
			pc.ExpectedReach = followers * rr
		}
		switch {
		case len(rp) > 0 && basis == BasisViews:
			pc.ExpectedEngagements = median(views) * rate
		case len(rp) > 0:
			pc.ExpectedEngagements = followers * rate
		case a.Platform.ViewDriven():
			pc.ExpectedEngagements = pc.ExpectedReach * cfg.prior(a.Platform, tier).Median
		default:
			pc.ExpectedEngagements = followers * cfg.prior(a.Platform, tier).Median
		}
		pc.PricePerPost = finite(pc.PricePerPost)
		pc.ExpectedReach = finite(pc.ExpectedReach)
		pc.ExpectedEngagements = finite(pc.ExpectedEngagements)
		pc.CPE = ratio(pc.PricePerPost, pc.ExpectedEngagements)
		pc.CPM = ratio(1000*pc.PricePerPost, pc.ExpectedReach)
		out.PerPlatform = append(out.PerPlatform, pc)
		src := 0.5
		if fromCard {
			src = 0.9
		}
		confSum += src * (0.5 + 0.5*clamp01(float64(len(rp))/float64(cfg.EngagementPosts)))
	}
	if len(out.PerPlatform) > 0 {
		out.Confidence = clamp01(confSum / float64(len(out.PerPlatform)))
	}
	return out
}

func isNaNorInf(x float64) bool { return finite(x) != x }
