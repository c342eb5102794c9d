package features

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/creatormatch/creatormatch"
)

// Consistency describes how regularly and recently the creator posts,
// relative to now, over dated posts of every platform. With W =
// WindowDays (90):
//
//	PostsPerWeek      = posts in (now−W, now] / (W/7)
//	GapCV             = sd(gaps) / mean(gaps), gaps between consecutive posts in the window (≥ 2 gaps)
//	DaysSinceLastPost = now − latest post (posts dated after now count as now); −1 without dated posts
//	frequency  f = min(1, PostsPerWeek / TargetPostsPerWeek)
//	regularity r = 1 / (1 + GapCV)                       (0.5 when fewer than 2 gaps)
//	recency    s = 0.5^(DaysSinceLastPost / RecencyHalfLifeDays)
//	Value      = (wF·f + wR·r + wS·s) / (wF + wR + wS)
//	Confidence = min(1, posts in window / 6), 0.3 when only older posts exist
//
// A zero now means "the latest post's time". Without dated posts Value and
// Confidence are 0.
func Consistency(c *creatormatch.Creator, now time.Time, cfg Config) creatormatch.Consistency {
	cfg = cfg.withDefaults()
	k := cfg.Consistency
	out := creatormatch.Consistency{DaysSinceLastPost: -1}
	if c == nil {
		return out
	}
	var times []time.Time
	var latestID string
	var latest time.Time
	for _, it := range c.Content {
		if it.PostedAt.IsZero() {
			continue
		}
		times = append(times, it.PostedAt)
		if latestID == "" || it.PostedAt.After(latest) {
			latest, latestID = it.PostedAt, it.ID
		}
	}
	if len(times) == 0 {
		return out
	}
	if now.IsZero() {
		now = latest
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	start := now.Add(-time.Duration(k.WindowDays * 24 * float64(time.Hour)))
	var window []time.Time
	for _, t := range times {
		if t.After(start) && !t.After(now) {
			window = append(window, t)
		}
	}
	out.PostsPerWeek = float64(len(window)) / (k.WindowDays / 7)
	regularity := 0.5
	if len(window) >= 3 {
		gaps := make([]float64, 0, len(window)-1)
		for i := 1; i < len(window); i++ {
			gaps = append(gaps, daysBetween(window[i-1], window[i]))
		}
		out.GapCV = finite(cv(gaps))
		if mean(gaps) == 0 {
			out.GapCV = 0 // every post at the same instant: no spread to measure
		}
		regularity = 1 / (1 + out.GapCV)
	}
	out.DaysSinceLastPost = math.Max(0, daysBetween(latest, now))
	freq := 0.0
	if k.TargetPostsPerWeek > 0 {
		freq = clamp01(out.PostsPerWeek / k.TargetPostsPerWeek)
	}
	rec := 0.0
	if k.RecencyHalfLifeDays > 0 {
		rec = math.Pow(0.5, out.DaysSinceLastPost/k.RecencyHalfLifeDays)
	}
	wsum := k.WFrequency + k.WRegularity + k.WRecency
	if wsum > 0 {
		out.Value = clamp01((k.WFrequency*freq + k.WRegularity*regularity + k.WRecency*rec) / wsum)
	}
	out.Confidence = clamp01(float64(len(window)) / 6)
	if len(window) == 0 {
		out.Confidence = 0.3
	}
	out.Evidence = []creatormatch.Evidence{
		{Text: fmt.Sprintf("%d posts in the last %.0f days (%.1f per week)", len(window), k.WindowDays, out.PostsPerWeek)},
		{Text: fmt.Sprintf("last post %.0f days ago", out.DaysSinceLastPost), PostIDs: []string{latestID}},
	}
	if len(window) >= 3 {
		out.Evidence = append(out.Evidence, creatormatch.Evidence{Text: fmt.Sprintf("gaps between posts vary with CV %.2f", out.GapCV)})
	}
	return out
}
