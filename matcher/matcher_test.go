package matcher_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/matcher"
	"github.com/creatormatch/creatormatch/store/memory"
	"github.com/creatormatch/creatormatch/store/postgres"
)

type backend struct {
	name string
	open func(t *testing.T) creatormatch.Store
}

var backends = []backend{
	{"memory", func(t *testing.T) creatormatch.Store {
		s, err := memory.Open(context.Background(), t.TempDir())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	}},
	{"postgres", func(t *testing.T) creatormatch.Store {
		s, err := postgres.Open(context.Background(), testenv.FreshDatabase(t))
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	}},
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// catalogue is a small demo catalogue, generated once: every post of it is
// embedded with the real model, so it is kept small (the race detector
// slows the model down several times).
var catalogue = sync.OnceValue(func() []creatormatch.Creator {
	cs, _ := demodata.Generate(demodata.Config{Creators: 80, Seed: 7})
	for i := range cs {
		if len(cs[i].Content) > 6 {
			cs[i].Content = cs[i].Content[:6]
		}
	}
	return cs
})

// setup ingests the catalogue into a fresh store of b through the real
// catalog service and returns a matcher over it.
func setup(t *testing.T, b backend) (*matcher.Matcher, creatormatch.Store) {
	t.Helper()
	emb := testenv.Embedder(t)
	st := b.open(t)
	svc := catalog.New(st, emb, catalog.WithLogger(quiet), catalog.WithClock(func() time.Time { return demodata.DefaultNow }))
	cs := slices.Clone(catalogue())
	for i := range cs {
		cs[i].Content = slices.Clone(cs[i].Content)
	}
	require.NoError(t, svc.Upsert(context.Background(), cs))
	return matcher.New(st, emb, nil, matcher.Config{}, quiet), st
}

var briefs = []string{
	"oat-milk yogurt launch, Gen Z in the US, TikTok or Instagram, 10k–100k followers, $15k",
	"Skincare brand looking for creators who review serums and sunscreen, women 18-34, budget $8,000",
	"Gaming headset promo for PC gamers on YouTube, conversion campaign with promo codes",
	"We sell hiking boots and trail gear; want outdoors creators in the UK and Germany",
	"family-friendly meal prep app, parents 25-44, no alcohol, awareness",
}

func TestMatchInvariants(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			m, st := setup(t, b)
			ctx := context.Background()
			for _, text := range briefs {
				resp, err := m.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: text}, Limit: 10})
				require.NoError(t, err, text)
				require.NotEmpty(t, resp.Results, text)
				require.NotEmpty(t, resp.BriefID)
				for i, r := range resp.Results {
					assert.Equal(t, i+1, r.Rank)
					sum := 0.0
					for _, v := range r.Contributions {
						sum += v
					}
					assert.InDelta(t, r.Score, sum, 1e-6, "contributions must sum to the score")
					if i > 0 {
						prev := resp.Results[i-1]
						assert.True(t, prev.Score > r.Score || (prev.Score == r.Score && prev.CreatorID < r.CreatorID), "order: score desc, ties by id")
					}
					c, err := st.GetCreator(ctx, r.CreatorID)
					require.NoError(t, err)
					posts := map[string]bool{}
					for _, it := range c.Content {
						posts[it.ID] = true
					}
					require.NotEmpty(t, r.Reasons, "a creator with posts gets reasons")
					for _, reason := range r.Reasons {
						require.NotEmpty(t, reason.PostIDs, "reason %q cites no post", reason.Text)
						for _, id := range reason.PostIDs {
							assert.True(t, posts[id], "reason %q cites %s, not a post of %s", reason.Text, id, r.CreatorID)
						}
					}
					assert.Contains(t, []creatormatch.Decision{creatormatch.DecisionGood, creatormatch.DecisionNeutral, creatormatch.DecisionAvoid}, r.Decision)
					assert.NotEmpty(t, r.DecisionRule)
				}
			}
		})
	}
}

func TestPaginationIsStable(t *testing.T) {
	m, _ := setup(t, backends[0])
	ctx := context.Background()
	req := matcher.Request{Brief: creatormatch.Brief{Text: briefs[0]}, Limit: 10}
	all, err := m.Match(ctx, matcher.Request{Brief: req.Brief, Limit: 20})
	require.NoError(t, err)
	first, err := m.Match(ctx, req)
	require.NoError(t, err)
	require.NotEmpty(t, first.NextCursor)
	req.Cursor = first.NextCursor
	second, err := m.Match(ctx, req)
	require.NoError(t, err)
	var paged []string
	for _, r := range append(first.Results, second.Results...) {
		paged = append(paged, r.CreatorID)
	}
	var whole []string
	for _, r := range all.Results {
		whole = append(whole, r.CreatorID)
	}
	assert.Equal(t, whole, paged)
	assert.Equal(t, 11, second.Results[0].Rank)

	// A cursor is bound to its request.
	_, err = m.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: briefs[1]}, Limit: 10, Cursor: first.NextCursor})
	assert.ErrorIs(t, err, creatormatch.ErrInvalid)
}

// TestGoalChangesWeightsAndOrder shows why the order changes: conversion
// weighs cost efficiency far more than awareness does, so a creator that
// rises under conversion must be the cheaper per engagement of the pair.
func TestGoalChangesWeightsAndOrder(t *testing.T) {
	aw := matcher.Presets[creatormatch.GoalAwareness]
	cv := matcher.Presets[creatormatch.GoalConversion]
	require.Greater(t, cv[matcher.SignalCost], aw[matcher.SignalCost])
	require.Greater(t, aw[matcher.SignalAudience], cv[matcher.SignalAudience])

	m, _ := setup(t, backends[0])
	ctx := context.Background()
	text := "plant-based snacks for health-conscious young adults in the US"
	run := func(goal creatormatch.Goal) *matcher.Response {
		resp, err := m.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: text}, Goal: goal, Limit: 30})
		require.NoError(t, err)
		return resp
	}
	a, c := run(creatormatch.GoalAwareness), run(creatormatch.GoalConversion)
	assert.NotEqual(t, a.Weights, c.Weights)
	ids := func(r *matcher.Response) []string {
		var out []string
		for _, x := range r.Results {
			out = append(out, x.CreatorID)
		}
		return out
	}
	require.NotEqual(t, ids(a), ids(c), "the goal must change the order")

	// Find a pair whose order flips and check that the flip is explained
	// by the weights: the score difference under each goal equals the
	// weighted signal differences, and conversion's extra cost weight
	// favours the creator that moved up.
	pos := map[string]int{}
	sig := map[string]map[string]float64{}
	for i, r := range a.Results {
		pos[r.CreatorID] = i
		sig[r.CreatorID] = r.Signals
	}
	flipped := false
	for i, x := range c.Results {
		for _, y := range c.Results[i+1:] {
			px, okx := pos[x.CreatorID]
			py, oky := pos[y.CreatorID]
			if !okx || !oky || px < py {
				continue
			}
			// x is above y under conversion but below it under awareness.
			flipped = true
			dConv := 0.0
			for name, w := range c.Weights {
				dConv += w * (x.Signals[name] - y.Signals[name])
			}
			assert.GreaterOrEqual(t, dConv, -1e-9, "conversion ranks %s over %s, so its weighted signals must say so", x.CreatorID, y.CreatorID)
			dAw := 0.0
			for name, w := range a.Weights {
				dAw += w * (sig[x.CreatorID][name] - sig[y.CreatorID][name])
			}
			assert.LessOrEqual(t, dAw, 1e-9)
			// The flip needs a signal whose weight change favours x: one
			// conversion weighs more (cost, engagement, disclosure) on
			// which x is better, or one it weighs less on which y is.
			why := ""
			for name, wc := range c.Weights {
				if (wc-a.Weights[name])*(x.Signals[name]-y.Signals[name]) > 0 {
					why = name
				}
			}
			assert.NotEmpty(t, why, "%s rose under conversion without a reweighted signal in its favour", x.CreatorID)
		}
	}
	assert.True(t, flipped, "expected at least one pair to change order")
}

func TestFiltersAreHard(t *testing.T) {
	m, st := setup(t, backends[0])
	ctx := context.Background()
	resp, err := m.Match(ctx, matcher.Request{
		Brief:   creatormatch.Brief{Text: "fun short videos", Platforms: []creatormatch.Platform{creatormatch.TikTok}, MinFollowers: 10000, MaxFollowers: 100000},
		Filters: creatormatch.Filter{ExcludeIDs: []string{"c000001"}},
		Limit:   50,
	})
	require.NoError(t, err)
	require.NotEmpty(t, resp.Results)
	for _, r := range resp.Results {
		assert.NotEqual(t, "c000001", r.CreatorID)
		c, err := st.GetCreator(ctx, r.CreatorID)
		require.NoError(t, err)
		a := c.Account(creatormatch.TikTok)
		require.NotNil(t, a, "%s has no TikTok account", r.CreatorID)
		assert.True(t, a.Followers >= 10000 && a.Followers <= 100000, "%s has %d TikTok followers", r.CreatorID, a.Followers)
		// The card and the cost describe the account being bought.
		assert.Equal(t, creatormatch.TikTok, r.Card.Platform, r.CreatorID)
		assert.Equal(t, a.Followers, r.Card.Followers, r.CreatorID)
		if r.Cost != nil {
			assert.Equal(t, creatormatch.TikTok, r.Cost.Platform, r.CreatorID)
		}
	}
	_, err = m.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: "x"}, Filters: creatormatch.Filter{Platforms: []creatormatch.Platform{"myspace"}}})
	assert.ErrorIs(t, err, creatormatch.ErrInvalid)
	_, err = m.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: "x"}, Weights: matcher.Weights{"vibes": 1}})
	assert.ErrorIs(t, err, creatormatch.ErrInvalid)
}

func TestDiversityCapsNiches(t *testing.T) {
	m, _ := setup(t, backends[0])
	resp, err := m.Match(context.Background(), matcher.Request{Brief: creatormatch.Brief{Text: "lifestyle creators"}, Diversity: 0.7, MaxPerNiche: 1, Limit: 5})
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, r := range resp.Results {
		if len(r.Card.Niches) == 0 {
			continue
		}
		assert.False(t, seen[r.Card.Niches[0]], "two results share top niche %s", r.Card.Niches[0])
		seen[r.Card.Niches[0]] = true
	}
}

// yield is what a pick's value multiplies fit by: expected engagements
// (every goal but awareness, which buys reach).
func yield(p matcher.Pick) float64 { return p.Cost.ExpectedEngagements }

func TestShortlistStaysWithinBudget(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			m, _ := setup(t, b)
			resp, err := m.Shortlist(context.Background(), matcher.ShortlistRequest{
				Request: matcher.Request{Brief: creatormatch.Brief{Text: briefs[1]}, Budget: &creatormatch.Money{Total: 6000, Currency: "USD"}},
			})
			require.NoError(t, err)
			require.NotEmpty(t, resp.Picks)
			assert.Equal(t, matcher.DefaultShortlistMinFit, resp.MinFit)
			if len(resp.Picks) < 20 {
				assert.Contains(t, resp.Note, fmt.Sprintf("%d of 20 picks", len(resp.Picks)), "a short shortlist says why")
			}
			total := 0.0
			seen := map[string]bool{}
			for _, p := range resp.Picks {
				assert.NotEqual(t, creatormatch.DecisionAvoid, p.Decision)
				assert.Empty(t, p.Exclusions)
				assert.GreaterOrEqual(t, p.Fit, resp.MinFit, "a pick below the fit floor")
				assert.InDelta(t, p.Fit*yield(p), p.Value, 1e-9, "value = fit × yield")
				assert.False(t, seen[p.CreatorID])
				seen[p.CreatorID] = true
				total += p.Cost.PricePerPost
				assert.LessOrEqual(t, p.Marginal, p.Value+1e-9)
			}
			assert.InDelta(t, total, resp.Totals.Cost, 1e-6)
			assert.LessOrEqual(t, resp.Totals.Cost, 6000.0)
			assert.InDelta(t, 6000-total, resp.Totals.Remaining, 1e-6)

			_, err = m.Shortlist(context.Background(), matcher.ShortlistRequest{Request: matcher.Request{Brief: creatormatch.Brief{Text: "skincare creators"}}})
			assert.ErrorIs(t, err, creatormatch.ErrInvalid, "a shortlist without a budget is invalid")
		})
	}
}

func TestLookalikesAndFeedback(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			m, st := setup(t, b)
			ctx := context.Background()
			ex := catalogue()[3].ID
			res, err := m.Lookalikes(ctx, matcher.LookalikeRequest{Positive: []string{ex}, Limit: 5})
			require.NoError(t, err)
			require.Len(t, res, 5)
			for i, r := range res {
				assert.NotEqual(t, ex, r.CreatorID)
				if i > 0 {
					assert.LessOrEqual(t, r.Similarity, res[i-1].Similarity+1e-9)
				}
			}
			_, err = m.Lookalikes(ctx, matcher.LookalikeRequest{Positive: []string{"nobody"}})
			assert.ErrorIs(t, err, creatormatch.ErrNotFound)

			ev, err := m.RecordFeedback(ctx, []creatormatch.FeedbackEvent{
				{BriefID: "br_1", CreatorID: ex, Kind: creatormatch.FeedbackHired},
				{BriefID: "br_1", CreatorID: res[0].CreatorID, Kind: creatormatch.FeedbackCampaignResult, Metrics: map[string]float64{"engagements": 1200}},
			}, demodata.DefaultNow)
			require.NoError(t, err)
			assert.NotEmpty(t, ev[0].ID)
			got, err := st.ListFeedback(ctx, creatormatch.FeedbackFilter{BriefID: "br_1"})
			require.NoError(t, err)
			assert.Len(t, got, 2)
			_, err = m.RecordFeedback(ctx, []creatormatch.FeedbackEvent{{BriefID: "br_1", CreatorID: "nobody", Kind: creatormatch.FeedbackHired}}, demodata.DefaultNow)
			assert.ErrorIs(t, err, creatormatch.ErrInvalid)
			_, err = m.RecordFeedback(ctx, []creatormatch.FeedbackEvent{{BriefID: "br_1", CreatorID: ex, Kind: "liked"}}, demodata.DefaultNow)
			assert.ErrorIs(t, err, creatormatch.ErrInvalid)
			got, err = st.ListFeedback(ctx, creatormatch.FeedbackFilter{BriefID: "br_1"})
			require.NoError(t, err)
			assert.Len(t, got, 2, "rejected feedback wrote nothing")
		})
	}
}

func TestWeightsNormalise(t *testing.T) {
	w, err := matcher.ResolveWeights(creatormatch.GoalLaunch, matcher.Weights{matcher.SignalCost: 1})
	require.NoError(t, err)
	sum := 0.0
	for _, v := range w {
		sum += v
	}
	assert.InDelta(t, 1, sum, 1e-12)
	for goal, p := range matcher.Presets {
		sum := 0.0
		for _, v := range p {
			sum += v
		}
		assert.InDelta(t, 1, sum, 1e-9, "preset %s must sum to 1", goal)
		assert.Len(t, p, len(matcher.SignalNames))
	}
	_, err = matcher.ResolveWeights(creatormatch.GoalLaunch, matcher.Weights{matcher.SignalCost: math.NaN()})
	assert.ErrorIs(t, err, creatormatch.ErrInvalid)
}

// TestPagesAddUpWithExclusions: rules checked at scoring time (here the
// budget) remove creators after retrieval; retrieval then goes deeper, so
// with a tiny candidate pool every page is still full, holds only kept
// creators and has a next page while more are kept. (Pages of a pool
// smaller than the catalogue can repeat a creator: each page ranks the
// candidates its own, deeper, retrieval found.)
func TestPagesAddUpWithExclusions(t *testing.T) {
	ctx := context.Background()
	m, st := setup(t, backends[0])
	brief := creatormatch.Brief{Text: "creators who post recipes, workouts and travel tips", Budget: &creatormatch.Money{Total: 150}}
	all, err := m.Match(ctx, matcher.Request{Brief: brief, Limit: 100, IncludeExcluded: true})
	require.NoError(t, err)
	require.NotEmpty(t, all.Excluded, "the budget excludes some creators")
	require.Greater(t, len(all.Results), 12)
	kept := map[string]bool{}
	for _, r := range all.Results {
		kept[r.CreatorID] = true
	}

	small := matcher.New(st, testenv.Embedder(t), nil, matcher.Config{CandidatePool: 4}, quiet)
	cursor := ""
	for page := 0; page < 5; page++ {
		resp, err := small.Match(ctx, matcher.Request{Brief: brief, Limit: 3, Cursor: cursor})
		require.NoError(t, err)
		require.Len(t, resp.Results, 3, "page %d is full", page)
		for _, r := range resp.Results {
			assert.True(t, kept[r.CreatorID], "%s is kept", r.CreatorID)
		}
		require.NotEmpty(t, resp.NextCursor, "page %d has a next page", page)
		cursor = resp.NextCursor
	}
}
