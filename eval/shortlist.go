package eval

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/matcher"
)

// ShortlistBudgets and ShortlistGoals are the settings every niche brief's
// shortlist is built with: the budgets a strategist typically brings to a
// micro-creator campaign, under the goal whose objective is reach
// (awareness) and the default goal's (engagements).
var (
	ShortlistBudgets = []float64{5000, 10000}
	ShortlistGoals   = []creatormatch.Goal{creatormatch.GoalAwareness, creatormatch.GoalLaunch}
)

// ShortlistCheck is one shortlist built for one niche brief, judged by the
// generator's ground truth.
type ShortlistCheck struct {
	Query  string            `json:"query"`
	Niche  string            `json:"niche"`
	Goal   creatormatch.Goal `json:"goal"`
	Budget float64           `json:"budget"`
	Picks  int               `json:"picks"`
	// OnNiche counts picks whose true niches (primary or secondary)
	// include the brief's niche.
	OnNiche int `json:"on_niche"`
	// Excluded counts picks that break a hard rule, checked here apart from
	// the matcher: a post above the budget, authenticity below the floor,
	// or a decision of avoid. Fake counts picks the generator planted as
	// bought-follower accounts.
	Excluded int     `json:"excluded"`
	Fake     int     `json:"fake"`
	Spent    float64 `json:"spent"`
	Note     string  `json:"note,omitempty"`
}

// ShortlistSummary adds up the checks.
type ShortlistSummary struct {
	Checks   []ShortlistCheck `json:"checks"`
	Picks    int              `json:"picks"`
	OnNiche  int              `json:"on_niche"`
	Excluded int              `json:"excluded"`
	Fake     int              `json:"fake"`
	// WorstShare is the lowest on-niche share of a single shortlist with
	// at least one pick; Empty counts shortlists without any.
	WorstShare float64 `json:"worst_share"`
	Empty      int     `json:"empty"`
}

// minAuthenticity is the matcher's default authenticity floor (a hard
// rule), checked again on every pick.
const minAuthenticity = 0.4

// Share is the on-niche share of all picks (1 with no picks).
func (s *ShortlistSummary) Share() float64 {
	if s.Picks == 0 {
		return 1
	}
	return float64(s.OnNiche) / float64(s.Picks)
}

// CheckShortlists builds a shortlist for every niche brief of a dataset
// with ground truth (queries "niche-KEY"), for each of ShortlistGoals and
// ShortlistBudgets (US dollars), and counts how many picks are in the
// brief's niche by the truth. It measures what a strategist acts on: a
// ranked list can be right while the shortlist built from it is not.
func CheckShortlists(ctx context.Context, m *matcher.Matcher, ds *Dataset) (*ShortlistSummary, error) {
	if len(ds.Truth) == 0 {
		return nil, errors.New("eval: shortlist check needs a dataset with ground truth")
	}
	truth := make(map[string]demodata.Truth, len(ds.Truth))
	for _, t := range ds.Truth {
		truth[t.ID] = t
	}
	sum := &ShortlistSummary{WorstShare: 1}
	for _, q := range ds.Queries {
		niche, ok := strings.CutPrefix(q.ID, "niche-")
		if !ok {
			continue
		}
		for _, goal := range ShortlistGoals {
			for _, budget := range ShortlistBudgets {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				resp, err := m.Shortlist(ctx, matcher.ShortlistRequest{Request: matcher.Request{
					Brief: q.Brief, Goal: goal, Budget: &creatormatch.Money{Total: budget, Currency: "USD"},
				}})
				if err != nil {
					return nil, fmt.Errorf("shortlist %s: %w", q.ID, err)
				}
				c := ShortlistCheck{Query: q.ID, Niche: niche, Goal: goal, Budget: budget, Picks: len(resp.Picks), Spent: resp.Totals.Cost, Note: resp.Note}
				for _, p := range resp.Picks {
					t := truth[p.CreatorID]
					if slices.Contains(t.Niches, niche) {
						c.OnNiche++
					}
					if p.Decision == creatormatch.DecisionAvoid || len(p.Exclusions) > 0 || p.Cost == nil || p.Cost.PricePerPost > budget ||
						(p.Features != nil && p.Features.Authenticity.Confidence > 0 && p.Features.Authenticity.Value < minAuthenticity) {
						c.Excluded++
					}
					if t.Fake {
						c.Fake++
					}
				}
				sum.Checks = append(sum.Checks, c)
				sum.Picks += c.Picks
				sum.OnNiche += c.OnNiche
				sum.Excluded += c.Excluded
				sum.Fake += c.Fake
				if c.Picks > 0 {
					sum.WorstShare = min(sum.WorstShare, float64(c.OnNiche)/float64(c.Picks))
				} else {
					sum.Empty++
				}
			}
		}
	}
	return sum, nil
}

// Markdown is the summary as a report section.
func (s *ShortlistSummary) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Shortlists for every niche brief, goals %v, budgets %v USD: %d shortlists (%d empty), %d picks, **%.1f%% on the brief's niche** (worst single shortlist %.0f%%), %d breaking a hard rule, %d planted fakes.\n\n",
		ShortlistGoals, ShortlistBudgets, len(s.Checks), s.Empty, s.Picks, 100*s.Share(), 100*s.WorstShare, s.Excluded, s.Fake)
	b.WriteString("| brief | goal | budget | picks | on niche | fake | spent | note |\n|---|---|---:|---:|---:|---:|---:|---|\n")
	for _, c := range s.Checks {
		fmt.Fprintf(&b, "| %s | %s | %.0f | %d | %d | %d | %.0f | %s |\n", c.Query, c.Goal, c.Budget, c.Picks, c.OnNiche, c.Fake, c.Spent, c.Note)
	}
	return b.String()
}

func hasNicheQueries(ds *Dataset) bool {
	return slices.ContainsFunc(ds.Queries, func(q Query) bool { return strings.HasPrefix(q.ID, "niche-") })
}
