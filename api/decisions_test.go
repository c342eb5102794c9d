package api_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/features"
)

// skincareCatalogue is a small catalogue built for the decision rules:
// skincare creators that each fail one hard rule, a few that pass them
// all, and off-topic creators. Captions are skincare talk, so every
// skincare creator is on-brief; what sets them apart is the rule.
func skincareCatalogue() []creatormatch.Creator {
	now := demodata.DefaultNow
	skincare := []string{
		"My morning skincare routine: gentle cleanser, vitamin C serum and SPF 50 sunscreen",
		"Barrier repair night routine with ceramides for sensitive, acne-prone skin",
		"Honest review of three new hyaluronic acid serums for dry skin",
		"Sunscreen test: which SPF works under makeup without pilling",
		"Retinol for beginners: how I started and what irritation to expect",
	}
	offTopic := []string{
		"Fixing the carburettor on my old motorbike in the garage",
		"Engine swap day: first start after six weeks of work",
		"Detailing the car: clay bar, polish and ceramic coating",
		"Track day lap times and tyre pressures",
		"Oil change walkthrough for beginners",
	}
	mk := func(id, name string, captions []string, followers int64, aud *creatormatch.Audience) creatormatch.Creator {
		c := creatormatch.Creator{
			ID: id, Name: name, Bio: captions[0], Country: "US", Languages: []string{"en"},
			Accounts: []creatormatch.Account{{Platform: creatormatch.Instagram, Handle: id, Followers: followers}},
			Audience: aud,
		}
		for i, cap := range captions {
			c.Content = append(c.Content, creatormatch.ContentItem{
				ID: fmt.Sprintf("%s-p%d", id, i), Platform: creatormatch.Instagram, PostedAt: now.Add(-time.Duration(3+4*i) * 24 * time.Hour),
				Caption: cap, Likes: followers * 4 / 100, Comments: followers / 200,
				URL: fmt.Sprintf("https://www.instagram.com/p/%s%d/", strings.ReplaceAll(id, "-", ""), i),
			})
		}
		return c
	}
	aud := func(female, us float64) *creatormatch.Audience {
		return &creatormatch.Audience{
			Gender:    map[string]float64{"female": female, "male": 1 - female},
			Countries: map[string]float64{"US": us, "GB": 1 - us},
			Age:       map[string]float64{"18-24": 0.5, "25-34": 0.5},
		}
	}
	var out []creatormatch.Creator
	for i := range 4 {
		out = append(out, mk(fmt.Sprintf("sk-clean-%d", i), fmt.Sprintf("Clean Skin %d", i), skincare, 20000+int64(i)*5000, aud(0.8, 0.6)))
	}
	// Promoted the competitor.
	comp := mk("sk-competitor", "Glow Partner", skincare, 30000, aud(0.8, 0.6))
	comp.Content[1].Sponsored, comp.Content[1].Sponsors, comp.Content[1].Disclosures = true, []string{"glowco"}, []string{"#ad"}
	comp.Content[1].Caption += " #ad with @glowco"
	comp.Content[3].Sponsored, comp.Content[3].Sponsors, comp.Content[3].Disclosures = true, []string{"glowco"}, []string{"#ad"}
	out = append(out, comp)
	// Alcohol content.
	booze := mk("sk-booze", "Skin and Spirits", skincare, 25000, aud(0.8, 0.6))
	booze.Content[2].Caption = "Skincare after a night of tequila shots, vodka cocktails and a bar crawl hangover"
	booze.Content[4].Caption = "Wine tasting weekend: champagne, margaritas and how my skin coped with the hangover"
	out = append(out, booze)
	// Audience mostly male and outside the US.
	out = append(out, mk("sk-maleaud", "Skin Lab Guy", skincare, 22000, aud(0.3, 0.2)))
	// No audience data.
	out = append(out, mk("sk-noaud", "Skin Unknown", skincare, 21000, nil))
	// Priced far above any budget below.
	pricey := mk("sk-pricey", "Skin Celebrity", skincare, 90000, aud(0.8, 0.6))
	pricey.RateCard = &creatormatch.RateCard{Currency: "USD", PerPost: map[creatormatch.Platform]float64{creatormatch.Instagram: 60000}}
	out = append(out, pricey)
	// Priced in pounds.
	gbp := mk("sk-gbp", "Skin London", skincare, 24000, aud(0.8, 0.6))
	gbp.RateCard = &creatormatch.RateCard{Currency: "GBP", PerPost: map[creatormatch.Platform]float64{creatormatch.Instagram: 400}}
	out = append(out, gbp)
	for i := range 4 {
		out = append(out, mk(fmt.Sprintf("car-%d", i), fmt.Sprintf("Garage %d", i), offTopic, 20000, aud(0.2, 0.6)))
	}
	return out
}

type matchPage struct {
	Brief       creatormatch.Brief        `json:"brief"`
	Results     []creatormatch.Match      `json:"results"`
	Excluded    []creatormatch.Match      `json:"excluded"`
	Currency    creatormatch.ExchangeRate `json:"currency"`
	Calibration string                    `json:"calibration"`
}

// skincareServer is a server of backend b holding skincareCatalogue.
func skincareServer(t *testing.T, b backend) *testServer {
	t.Helper()
	s := newServer(t, b, apiConfig())
	cat, err := json.Marshal(map[string]any{"creators": skincareCatalogue()})
	require.NoError(t, err)
	rec := s.do("POST", "/v1/creators", string(cat))
	require.Equal(t, 200, rec.Code, rec.Body.String())
	return s
}

// match posts a match request that must succeed.
func (s *testServer) match(t *testing.T, body string) matchPage {
	t.Helper()
	rec := s.do("POST", "/v1/match", body)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	var p matchPage
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
	return p
}

func ids(ms []creatormatch.Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.CreatorID
	}
	return out
}

func constraint(m creatormatch.Match, name string) (creatormatch.ConstraintCheck, bool) {
	for _, c := range m.Constraints {
		if c.Name == name {
			return c, true
		}
	}
	return creatormatch.ConstraintCheck{}, false
}

// TestExclusionsExclude: a competitor brief, a safety brief, a hard
// audience threshold and a budget each remove the creators that fail them
// from results; include_excluded returns them apart with their rule; and
// every result says how it fares on each of the brief's constraints.
func TestExclusionsExclude(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := skincareServer(t, b)
			match := func(body string) matchPage { return s.match(t, body) }
			const text = "Skincare brand looking for creators who review serums and sunscreen routines"
			cases := []struct {
				name, brief string
				excluded    string
				rule        string
				constraint  string
			}{
				{"competitor", `{"text":"` + text + `","competitors":["@GlowCo"]}`, "sk-competitor", creatormatch.RuleCompetitorConflict, "competitors"},
				{"safety", `{"text":"` + text + `","exclude_safety":["alcohol"]}`, "sk-booze", creatormatch.RuleBrandSafety, "brand_safety"},
				{"hard threshold", `{"text":"` + text + `, audience at least 60% female"}`, "sk-maleaud", creatormatch.RuleAudienceThreshold, "audience.gender"},
				{"budget", `{"text":"` + text + `","budget":{"total":5000,"currency":"USD"}}`, "sk-pricey", creatormatch.RuleOverBudget, "budget"},
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					p := match(`{"brief":` + tc.brief + `,"limit":50}`)
					require.NotEmpty(t, p.Results)
					assert.NotContains(t, ids(p.Results), tc.excluded, "an excluded creator is not ranked")
					assert.Empty(t, p.Excluded, "excluded creators are only listed on request")
					for _, r := range p.Results {
						assert.Empty(t, r.Exclusions, r.CreatorID)
						assert.NotEqual(t, tc.rule, r.DecisionRule, r.CreatorID)
						c, ok := constraint(r, tc.constraint)
						require.True(t, ok, "%s lists the %s constraint", r.CreatorID, tc.constraint)
						assert.True(t, c.Hard)
						assert.NotEqual(t, creatormatch.ConstraintFail, c.Status, r.CreatorID)
						assert.Equal(t, tc.rule, c.Rule)
					}

					p = match(`{"brief":` + tc.brief + `,"limit":50,"include_excluded":true}`)
					assert.NotContains(t, ids(p.Results), tc.excluded)
					i := slices.Index(ids(p.Excluded), tc.excluded)
					require.GreaterOrEqual(t, i, 0, "include_excluded lists %s; got %v", tc.excluded, ids(p.Excluded))
					ex := p.Excluded[i]
					assert.Contains(t, ex.Exclusions, tc.rule)
					assert.Equal(t, creatormatch.DecisionAvoid, ex.Decision)
					assert.Equal(t, tc.rule, ex.DecisionRule)
					c, ok := constraint(ex, tc.constraint)
					require.True(t, ok)
					assert.Equal(t, creatormatch.ConstraintFail, c.Status, c.Detail)
					for _, e := range p.Excluded {
						assert.NotEmpty(t, e.Exclusions, e.CreatorID)
						assert.NotContains(t, ids(p.Results), e.CreatorID, "a creator is kept or excluded, never both")
					}
				})
			}
		})
	}
}

// TestAudienceThresholds: a stated share is a hard filter (k results
// guaranteed, every result passes it), a preference is soft, creators
// without audience data fail unless include_unknown_audience, and each
// result shows the creator's value for every constraint.
func TestAudienceThresholds(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := skincareServer(t, b)
			do := func(body string) matchPage { return s.match(t, body) }
			p := do(`{"brief":{"text":"Skincare serums and sunscreen creators, at least 60% female audience and at least 40% US audience"},"limit":50}`)
			assert.InDelta(t, 0.6, p.Brief.Audience.MinGenderShare, 1e-9, "the parser reads the stated share")
			assert.InDelta(t, 0.4, p.Brief.Audience.MinCountryShare, 1e-9)
			require.NotEmpty(t, p.Results)
			got := ids(p.Results)
			assert.NotContains(t, got, "sk-maleaud")
			assert.NotContains(t, got, "sk-noaud", "no audience data fails a hard threshold")
			assert.NotContains(t, got, "car-0", "the off-topic creators' audience is 20% female")
			for _, r := range p.Results {
				g, ok := constraint(r, "audience.gender")
				require.True(t, ok, r.CreatorID)
				assert.Equal(t, creatormatch.ConstraintPass, g.Status)
				require.NotNil(t, g.Value)
				assert.GreaterOrEqual(t, *g.Value, 0.6)
				assert.InDelta(t, 0.6, *g.Threshold, 1e-9)
				c, ok := constraint(r, "audience.country")
				require.True(t, ok, r.CreatorID)
				assert.Equal(t, creatormatch.ConstraintPass, c.Status)
				assert.GreaterOrEqual(t, *c.Value, 0.4)
			}

			// The filter works inside retrieval: with limit 3 there are still
			// 3 results, though the nearest creators include failing ones.
			p3 := do(`{"brief":{"text":"Skincare serums and sunscreen creators, at least 60% female audience and at least 40% US audience"},"limit":3}`)
			assert.Len(t, p3.Results, 3)

			p = do(`{"brief":{"text":"Skincare serums and sunscreen creators, at least 60% female audience"},"limit":50,"include_unknown_audience":true}`)
			i := slices.Index(ids(p.Results), "sk-noaud")
			require.GreaterOrEqual(t, i, 0, "include_unknown_audience keeps creators without audience data")
			g, _ := constraint(p.Results[i], "audience.gender")
			assert.Equal(t, creatormatch.ConstraintUnknown, g.Status)
			assert.Nil(t, g.Value)

			// A preference stays soft: the mostly-male audience is ranked,
			// and its constraint fails without excluding it.
			p = do(`{"brief":{"text":"Skincare serums and sunscreen creators for a mostly female audience"},"limit":50}`)
			assert.Zero(t, p.Brief.Audience.MinGenderShare)
			i = slices.Index(ids(p.Results), "sk-maleaud")
			require.GreaterOrEqual(t, i, 0, "a preference does not filter")
			g, ok := constraint(p.Results[i], "audience.gender")
			require.True(t, ok)
			assert.False(t, g.Hard)
			assert.Equal(t, creatormatch.ConstraintFail, g.Status)
			assert.InDelta(t, 0.3, *g.Value, 1e-9)

			// A threshold sent as a filter, with a field-named 422 when bad.
			p = do(`{"brief":{"text":"skincare serums"},"filters":{"audience":[{"dimension":"country","keys":["us"],"min_share":0.5}]},"limit":50}`)
			assert.NotContains(t, ids(p.Results), "sk-maleaud")
			assert.NotEmpty(t, p.Results)
			rec := s.do("POST", "/v1/match", `{"brief":{"text":"skincare"},"filters":{"audience":[{"dimension":"shoe_size","keys":["9"],"min_share":0.5}]}}`)
			require.Equal(t, 422, rec.Code, rec.Body.String())
			assert.Contains(t, fields(problem(t, rec)), "filters.audience[0].dimension")
		})
	}
}

// TestHonestNumbers: amounts are in the brief's currency with the rate and
// its date; reasons link their posts; fit and decisions agree; shortlists
// keep to the brief's fit floor.
func TestHonestNumbers(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := skincareServer(t, b)
			const brief = `"brief":{"text":"Skincare brand looking for creators who review serums and sunscreen routines"}`
			usd := func(body string) matchPage { return s.match(t, body) }
			inUSD := usd(`{` + brief + `,"budget":{"total":10000,"currency":"USD"},"limit":50}`)
			inGBP := usd(`{` + brief + `,"budget":{"total":8000,"currency":"GBP"},"limit":50}`)
			rate, ok := features.ExchangeRate("GBP")
			require.True(t, ok)
			assert.Equal(t, "USD", inUSD.Currency.Currency)
			assert.Equal(t, 1.0, inUSD.Currency.USDPerUnit)
			assert.Equal(t, "GBP", inGBP.Currency.Currency)
			assert.Equal(t, rate.USDPerUnit, inGBP.Currency.USDPerUnit)
			assert.Equal(t, features.RatesAsOf, inGBP.Currency.AsOf)
			assert.NotEmpty(t, inGBP.Calibration)
			byID := map[string]creatormatch.Match{}
			for _, r := range inUSD.Results {
				byID[r.CreatorID] = r
			}
			priced := 0
			for _, r := range inGBP.Results {
				u, ok := byID[r.CreatorID]
				if !ok || r.Cost == nil || u.Cost == nil {
					continue
				}
				priced++
				assert.InDelta(t, u.Cost.PricePerPost/rate.USDPerUnit, r.Cost.PricePerPost, 1e-6, "%s: GBP price = USD price / rate", r.CreatorID)
				assert.InDelta(t, u.Cost.CPE/rate.USDPerUnit, r.Cost.CPE, 1e-9)
				if r.CreatorID == "sk-gbp" {
					assert.InDelta(t, 400, r.Cost.PricePerPost, 1e-6, "a rate card in pounds reads back in pounds")
				}
				if c, ok := constraint(r, "budget"); ok {
					assert.InDelta(t, 8000, *c.Threshold, 1e-9, "the budget constraint is in the brief's currency")
				}
			}
			assert.Positive(t, priced)

			// Peer tables are right after a bulk ingest: every skincare and car
			// creator is an Instagram micro creator, so each engagement
			// percentile ranks among all 14 of them, and with fewer than the
			// minimum of peers the reason says the figure is the prior's.
			for _, r := range inUSD.Results {
				er := r.Features.EngagementRate
				assert.Equal(t, 14, er.Peers, r.CreatorID)
				assert.Positive(t, er.PriorWeight, "14 < MinPeers: the prior still weighs")
				found := false
				for _, rs := range r.Reasons {
					if strings.HasPrefix(rs.Text, "Median engagement") {
						found = true
						assert.Contains(t, rs.Text, "prior estimate: only 14 peers", r.CreatorID)
						assert.Contains(t, rs.Text, "on instagram (@"+r.CreatorID+")", "the reason names the account it measures")
					}
				}
				assert.True(t, found, "%s has an engagement reason", r.CreatorID)
			}
			for _, r := range inUSD.Results {
				switch {
				case r.DecisionRule == "on_brief":
					assert.GreaterOrEqual(t, r.Fit, 0.6, r.CreatorID)
				case r.DecisionRule == "off_brief":
					assert.Less(t, r.Fit, 0.3, r.CreatorID)
				case r.DecisionRule == "possible_fit":
					assert.True(t, r.Fit >= 0.3 && r.Fit < 0.6, r.CreatorID)
				}
				for _, rs := range r.Reasons {
					require.Len(t, rs.Posts, len(rs.PostIDs))
					for i, p := range rs.Posts {
						assert.Equal(t, rs.PostIDs[i], p.ID)
						assert.True(t, strings.HasPrefix(p.URL, "https://www.instagram.com/p/"), "post %s links to its URL", p.ID)
					}
				}
			}
			// On-topic creators are likelier on-brief than off-topic ones.
			var skin, cars []float64
			for _, r := range inUSD.Results {
				if strings.HasPrefix(r.CreatorID, "car-") {
					cars = append(cars, r.Fit)
				} else {
					skin = append(skin, r.Fit)
				}
			}
			require.NotEmpty(t, skin)
			if len(cars) > 0 {
				assert.Greater(t, slices.Min(skin), slices.Max(cars))
			}

			// A shortlist in pounds keeps to the fit floor and the budget.
			rec := s.do("POST", "/v1/shortlists", `{`+brief+`,"budget":{"total":3000,"currency":"GBP"},"max_creators":20}`)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			var sl struct {
				Picks []struct {
					creatormatch.Match
					Value float64 `json:"value"`
				} `json:"picks"`
				Totals struct {
					Cost     float64 `json:"cost"`
					Currency string  `json:"currency"`
				} `json:"totals"`
				MinFit   float64                   `json:"min_fit"`
				Note     string                    `json:"note"`
				Currency creatormatch.ExchangeRate `json:"currency"`
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &sl))
			assert.Equal(t, "GBP", sl.Totals.Currency)
			assert.Equal(t, "GBP", sl.Currency.Currency)
			assert.LessOrEqual(t, sl.Totals.Cost, 3000.0)
			require.NotEmpty(t, sl.Picks)
			assert.Less(t, len(sl.Picks), 20)
			assert.NotEmpty(t, sl.Note, "a short shortlist says why")
			for _, p := range sl.Picks {
				assert.GreaterOrEqual(t, p.Fit, sl.MinFit)
				assert.False(t, strings.HasPrefix(p.CreatorID, "car-"), "an off-topic creator on the shortlist")
				assert.NotEqual(t, "sk-pricey", p.CreatorID)
				assert.Empty(t, p.Exclusions)
			}
			rec = s.do("POST", "/v1/shortlists", `{`+brief+`,"budget":{"total":3000},"min_fit":1.5}`)
			require.Equal(t, 422, rec.Code, rec.Body.String())
			assert.Contains(t, fields(problem(t, rec)), "min_fit")
		})
	}
}
