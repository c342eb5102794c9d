package features

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/creatormatch/creatormatch"
)

// GrowthSpike is the largest follower-growth anomaly of an account.
type GrowthSpike struct {
	Severity float64   // in [0,1]
	Z        float64   // robust z-score of the spike's daily growth rate
	Excess   float64   // growth beyond the median trend over the spike, as a share of followers
	From     time.Time // the history point before the spike
	Date     time.Time // the day the spike was observed
}

// FollowerGrowthSpike looks for a point-to-point jump in follower history
// far beyond the account's own trend. With at least 4 dated points (sorted,
// one per day), for each interval i of d_i days:
//
//	g_i      = (F_i − F_{i−1}) / F_{i−1} / d_i             relative daily growth
//	z_i      = (g_i − median(g)) / max(1.4826·MAD(g), 0.0005)
//	excess_i = (g_i − median(g)) · d_i
//	spike    : a run of consecutive intervals with z_i ≥ SpikeZ (a jump spread
//	           over two points) whose Σ excess_i ≥ SpikeMinJump
//	Severity = max over spikes of min(1, Σ excess_i / SpikeFullJump)
//
// ok is false when the history is too short to judge.
func FollowerGrowthSpike(history []creatormatch.FollowerPoint, cfg Config) (s GrowthSpike, ok bool) {
	cfg = cfg.withDefaults()
	a := cfg.Authenticity
	pts := slices.Clone(history)
	slices.SortStableFunc(pts, func(x, y creatormatch.FollowerPoint) int { return x.Date.Compare(y.Date.Time) })
	// one point per day (the last reported), positive counts only
	var clean []creatormatch.FollowerPoint
	for _, p := range pts {
		if p.Followers <= 0 || p.Date.IsZero() {
			continue
		}
		if n := len(clean); n > 0 && daysBetween(clean[n-1].Date.Time, p.Date.Time) < 0.5 {
			clean[n-1] = p
			continue
		}
		clean = append(clean, p)
	}
	if len(clean) < 4 {
		return s, false
	}
	g := make([]float64, len(clean)-1)
	d := make([]float64, len(clean)-1)
	for i := 1; i < len(clean); i++ {
		d[i-1] = daysBetween(clean[i-1].Date.Time, clean[i].Date.Time)
		g[i-1] = float64(clean[i].Followers-clean[i-1].Followers) / float64(clean[i-1].Followers) / d[i-1]
	}
	med := median(g)
	scale := math.Max(1.4826*mad(g), 0.0005)
	runExcess, runStart := 0.0, -1
	for i := range g {
		z := (g[i] - med) / scale
		if z > s.Z {
			s.Z = z
		}
		if z < a.SpikeZ {
			runExcess, runStart = 0, -1
			continue
		}
		if runStart < 0 {
			runStart = i
		}
		runExcess += (g[i] - med) * d[i]
		if runExcess >= a.SpikeMinJump && a.SpikeFullJump > 0 {
			if runExcess > s.Excess {
				s.Severity, s.Excess = clamp01(runExcess/a.SpikeFullJump), runExcess
				s.From, s.Date = clean[runStart].Date.Time, clean[i+1].Date.Time
			}
		}
	}
	s.Z = finite(s.Z)
	return s, true
}

// Authenticity scores how likely the audience and engagement are real. It
// starts at 1 and every reason subtracts weight × severity (its Effect,
// recorded in Evidence); Value = clamp(1 + Σ Effect). Reasons and
// severities (weights and thresholds in AuthenticityConfig):
//
//   - growth spike: FollowerGrowthSpike over every account's history (max),
//     × ViralDiscount when a viral post explains it (see viralPost).
//   - engagement far below the peer norm: r = er.Value / PeerTable.Median of
//     the (platform, tier) group; severity = clamp((log2(1/r) − 1)/2): 0 at
//     half the norm, 0.5 at a quarter, 1 at an eighth (needs ≥ 3 posts).
//   - high following: r = following / followers of the main account;
//     severity = clamp(ln(r/0.5) / ln(2/0.5)).
//   - low audience credibility c: severity = clamp((0.80 − c)/(0.80 − 0.45)).
//   - generic comments: g = max(generic share, duplicate share) of ≥ 5
//     samples; severity = clamp((g − 0.35)/(1 − 0.35)).
//   - views far below followers (view-driven accounts with ≥ 1k followers
//     and ≥ 3 posts with views): v = median views / followers; severity =
//     clamp((log2(0.10/v) − 1)/3).
//
// Confidence is the weight of the reasons that could be evaluated over the
// weight of those that apply (the views reason applies only with a
// view-driven account).
func Authenticity(c *creatormatch.Creator, er creatormatch.EngagementRate, peers PeerTable, cfg Config) creatormatch.Authenticity {
	cfg = cfg.withDefaults()
	a := cfg.Authenticity
	out := creatormatch.Authenticity{Value: 1}
	if c == nil {
		return out
	}
	var avail, applicable float64
	value := 1.0
	reason := func(w, sev float64, text string, ids []string) {
		eff := -w * clamp01(sev)
		if eff < 0 {
			value += eff
			out.Evidence = append(out.Evidence, creatormatch.Evidence{Text: text, PostIDs: ids, Effect: eff})
		}
	}

	// growth spike
	applicable += a.WGrowth
	var best GrowthSpike
	var bestPlatform creatormatch.Platform
	var bestViral string
	seen := false
	for _, acc := range c.Accounts {
		if s, ok := FollowerGrowthSpike(acc.FollowerHistory, cfg); ok {
			seen = true
			viral := ""
			if s.Severity > 0 {
				if viral = viralPost(c, acc.Platform, s, cfg); viral != "" {
					s.Severity *= clamp01(a.ViralDiscount)
				}
			}
			if s.Severity > best.Severity {
				best, bestPlatform, bestViral = s, acc.Platform, viral
			}
		}
	}
	if seen {
		avail += a.WGrowth
		if best.Severity > 0 {
			text := fmt.Sprintf("%s followers jumped %.0f%% beyond trend around %s (robust z %.1f)",
				bestPlatform, 100*best.Excess, best.Date.Format(time.DateOnly), best.Z)
			var ids []string
			if bestViral != "" {
				text += ", after viral post " + bestViral + " (discounted)"
				ids = []string{bestViral}
			}
			reason(a.WGrowth, best.Severity, text, ids)
		}
	}

	// engagement below the peer norm
	applicable += a.WLowEngagement
	if er.PostsUsed >= 3 && er.Platform != "" {
		avail += a.WLowEngagement
		tier := peerTier(c, er.Platform, cfg)
		norm := peers.Median(er.Platform, tier, cfg)
		if norm > 0 {
			r := er.Value / norm
			var sev float64
			if r <= 0 {
				sev = 1
			} else {
				sev = clamp01((math.Log2(1/r) - 1) / 2)
			}
			var ids []string
			if len(er.Evidence) > 0 {
				ids = er.Evidence[0].PostIDs
			}
			reason(a.WLowEngagement, sev, fmt.Sprintf("engagement %.2f%% is %.0f%% of the %s %s norm %.2f%%",
				100*er.Value, 100*r, tier, er.Platform, 100*norm), ids)
		}
	}

	// following far above followers
	applicable += a.WFollowRatio
	if m := c.MainAccount(); m != nil && m.Following > 0 && m.Followers > 0 {
		avail += a.WFollowRatio
		r := float64(m.Following) / float64(m.Followers)
		if a.FollowRatioStart > 0 && a.FollowRatioFull > a.FollowRatioStart && r > a.FollowRatioStart {
			sev := clamp01(math.Log(r/a.FollowRatioStart) / math.Log(a.FollowRatioFull/a.FollowRatioStart))
			reason(a.WFollowRatio, sev, fmt.Sprintf("follows %d accounts with %d followers (ratio %.2f)", m.Following, m.Followers, r), nil)
		}
	}

	// audience credibility
	applicable += a.WCredibility
	if c.Audience != nil && c.Audience.Credibility != nil && !math.IsNaN(*c.Audience.Credibility) {
		avail += a.WCredibility
		cr := *c.Audience.Credibility
		if a.CredibilityOK > a.CredibilityBad && cr < a.CredibilityOK {
			reason(a.WCredibility, (a.CredibilityOK-cr)/(a.CredibilityOK-a.CredibilityBad),
				fmt.Sprintf("audience credibility %.0f%% (real, active accounts)", 100*cr), nil)
		}
	}

	// generic or duplicate comments
	applicable += a.WGeneric
	if st := CommentSampleStats(c.Content); st.Samples >= 5 {
		avail += a.WGeneric
		g := max(st.GenericShare, st.DuplicateShare)
		if g > a.GenericStart && a.GenericStart < 1 {
			ids := st.GenericPosts
			if st.DuplicateShare > st.GenericShare {
				ids = st.DuplicatePosts
			}
			reason(a.WGeneric, (g-a.GenericStart)/(1-a.GenericStart),
				fmt.Sprintf("%.0f%% generic and %.0f%% duplicate comments among %d samples", 100*st.GenericShare, 100*st.DuplicateShare, st.Samples),
				firstN(ids, 10))
		}
	}

	// views far below followers on view-driven accounts
	posts := recent(c)
	viewApplies := false
	for _, acc := range c.Accounts {
		if !acc.Platform.ViewDriven() || acc.Followers < 1000 {
			continue
		}
		if !viewApplies {
			applicable += a.WLowViews
			viewApplies = true
		}
		var views []float64
		var ids []string
		for _, it := range posts {
			if PostPlatform(c, it) == acc.Platform && it.Views > 0 {
				views = append(views, float64(it.Views))
				ids = append(ids, it.ID)
				if len(views) == cfg.EngagementPosts {
					break
				}
			}
		}
		if len(views) < 3 {
			continue
		}
		avail += a.WLowViews
		v := median(views) / float64(acc.Followers)
		if a.ViewRatioOK > 0 && v > 0 {
			sev := clamp01((math.Log2(a.ViewRatioOK/v) - 1) / 3)
			reason(a.WLowViews, sev, fmt.Sprintf("%s videos reach a median %.1f%% of followers", acc.Platform, 100*v), ids)
		}
		break // one view-driven account is enough
	}

	out.Value = clamp01(value)
	if applicable > 0 {
		out.Confidence = clamp01(avail / applicable)
	}
	return out
}

// viralPost returns the id of a post on p published from 3 days before the
// spike's interval to its end whose interactions or views are at least
// ViralMultiple × the median of the account's posts, or "".
func viralPost(c *creatormatch.Creator, p creatormatch.Platform, s GrowthSpike, cfg Config) string {
	a := cfg.Authenticity
	if a.ViralMultiple <= 0 {
		return ""
	}
	var inter, views []float64
	for _, it := range c.Content {
		if PostPlatform(c, it) != p {
			continue
		}
		inter = append(inter, Interactions(it))
		if it.Views > 0 {
			views = append(views, float64(it.Views))
		}
	}
	if len(inter) < 3 {
		return ""
	}
	mi, mv := median(inter), median(views)
	from, to := s.From.Add(-3*24*time.Hour), s.Date.Add(24*time.Hour)
	best, bestX := "", 0.0
	for _, it := range c.Content {
		if PostPlatform(c, it) != p || it.PostedAt.Before(from) || !it.PostedAt.Before(to) {
			continue
		}
		x := ratio(Interactions(it), mi)
		if it.Views > 0 && mv > 0 {
			x = math.Max(x, float64(it.Views)/mv)
		}
		if x >= a.ViralMultiple && x > bestX {
			best, bestX = it.ID, x
		}
	}
	return best
}
