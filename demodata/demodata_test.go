package demodata

import (
	"bufio"
	"bytes"
	"encoding/json"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const catalogueSize = 3000

var (
	catOnce     sync.Once
	catCreators []creatormatch.Creator
	catTruth    []Truth
)

// catalogue is the shared 3,000-creator catalogue the distribution tests
// measure (generated once per test binary).
func catalogue(t testing.TB) ([]creatormatch.Creator, []Truth) {
	t.Helper()
	catOnce.Do(func() { catCreators, catTruth = Generate(Config{Creators: catalogueSize, Seed: 42}) })
	return catCreators, catTruth
}

func marshal(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestDeterminism(t *testing.T) {
	c1, t1 := Generate(Config{Creators: 200, Seed: 7})
	c2, t2 := Generate(Config{Creators: 200, Seed: 7})
	assert.Equal(t, marshal(t, c1), marshal(t, c2), "same seed, same creators")
	assert.Equal(t, marshal(t, t1), marshal(t, t2), "same seed, same truth")

	c3, _ := Generate(Config{Creators: 200, Seed: 8})
	assert.NotEqual(t, marshal(t, c1), marshal(t, c3), "different seed, different creators")

	// A smaller catalogue is a prefix of a larger one.
	c4, t4 := Generate(Config{Creators: 50, Seed: 7})
	assert.Equal(t, marshal(t, c1[:50]), marshal(t, c4))
	assert.Equal(t, marshal(t, t1[:50]), marshal(t, t4))

	// Now moves every date with it.
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	c5, _ := Generate(Config{Creators: 20, Seed: 7, Now: now})
	for _, c := range c5 {
		for _, it := range c.Content {
			require.False(t, it.PostedAt.After(now))
		}
	}
}

func TestValidation(t *testing.T) {
	creators, truth := catalogue(t)
	now := DefaultNow
	require.Len(t, truth, len(creators))
	check := func(ok bool, format string, args ...any) {
		t.Helper()
		if !ok {
			t.Fatalf(format, args...)
		}
	}
	ids := map[string]bool{}
	for i := range creators {
		c := &creators[i]
		check(truth[i].ID == c.ID, "truth %d is %s, creator %s", i, truth[i].ID, c.ID)
		check(!ids[c.ID], "duplicate id %s", c.ID)
		ids[c.ID] = true

		// The domain validator accepts it, and it is already canonical.
		orig := marshal(t, c)
		var cp creatormatch.Creator
		require.NoError(t, json.Unmarshal(orig, &cp))
		cp.Normalize()
		require.NoError(t, cp.Validate(now), c.ID)
		check(bytes.Equal(orig, marshal(t, &cp)), "%s is not in normalised form", c.ID)

		check(c.Features == nil, "%s has features", c.ID)
		check(len(c.Accounts) > 0, "%s has no account", c.ID)
		for _, a := range c.Accounts {
			check(a.Platform.Valid() && a.Followers > 0 && a.Following >= 0, "%s: bad account %+v", c.ID, a)
			var prev time.Time
			for j, h := range a.FollowerHistory {
				check(h.Followers >= 0, "%s: negative history", c.ID)
				check(h.Date.After(prev) && !h.Date.After(now), "%s: history dates must ascend and end by now", c.ID)
				prev = h.Date.Time
				if j == len(a.FollowerHistory)-1 {
					check(a.Followers == h.Followers && h.Date.Format(time.DateOnly) == now.Format(time.DateOnly),
						"%s: history must end today at the follower count", c.ID)
				}
			}
			n := len(a.FollowerHistory)
			check(n == 0 || (n >= 12 && n <= 26), "%s: %d history points", c.ID, n)
		}
		check(len(c.Content) >= 8 && len(c.Content) <= 30, "%s: %d posts", c.ID, len(c.Content))
		for _, it := range c.Content {
			check(it.Platform.Valid() && c.Account(it.Platform) != nil, "%s/%s: platform %q", c.ID, it.ID, it.Platform)
			check(!it.PostedAt.After(now), "%s/%s posted after now", c.ID, it.ID)
			check(it.PostedAt.After(now.AddDate(0, 0, -240)), "%s/%s too old", c.ID, it.ID)
			check(it.Likes >= 0 && it.Comments >= 0 && it.Shares >= 0 && it.Saves >= 0 && it.Views >= 0, "%s/%s negative count", c.ID, it.ID)
			check(it.Caption != "", "%s/%s: empty caption", c.ID, it.ID)
			_, ok := truth[i].PostNiches[it.ID]
			check(ok, "%s/%s: no post niche", c.ID, it.ID)
		}
		for _, n := range c.Niches {
			check(creatormatch.ValidNiche(n), "%s: declared niche %q", c.ID, n)
		}
		for _, n := range truth[i].Niches {
			check(creatormatch.ValidNiche(n), "%s: true niche %q", c.ID, n)
		}
		if a := c.Audience; a != nil {
			for name, d := range map[string]map[string]float64{"age": a.Age, "gender": a.Gender, "countries": a.Countries, "languages": a.Languages, "interests": a.Interests} {
				sum := 0.0
				for _, k := range slices.Sorted(maps.Keys(d)) {
					check(d[k] > 0 && d[k] <= 1, "%s: audience %s[%s] = %v", c.ID, name, k, d[k])
					check(math.Abs(d[k]*1e4-math.Round(d[k]*1e4)) < 1e-6, "%s: audience %s[%s] = %v not rounded to 4 decimals", c.ID, name, k, d[k])
					sum += d[k]
				}
				check(math.Abs(sum-1) < 1e-9, "%s: audience %s sums to %v", c.ID, name, sum)
			}
			for k := range a.Interests {
				check(creatormatch.ValidNiche(k), "%s: interest %q", c.ID, k)
			}
		}
	}
}

func TestTierMix(t *testing.T) {
	_, truth := catalogue(t)
	counts := map[creatormatch.Tier]int{}
	for _, tr := range truth {
		counts[tr.Tier]++
	}
	for _, b := range TierBands {
		share := float64(counts[b.Tier]) / float64(len(truth))
		t.Logf("tier %-5s %.3f (want %.2f)", b.Tier, share, b.Share)
		assert.InDelta(t, b.Share, share, math.Max(0.01, b.Share*0.12), "tier %s", b.Tier)
	}
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// mainRates returns the per-post (likes+comments)/followers rates of the
// main account, and the per-view rates where there are views.
func mainRates(c *creatormatch.Creator) (perFollower, perView, viewRatio, c2l []float64) {
	a := c.Accounts[0]
	for _, it := range c.Content {
		if it.Platform != a.Platform {
			continue
		}
		e := float64(it.Likes + it.Comments)
		perFollower = append(perFollower, e/float64(a.Followers))
		if it.Views > 0 {
			perView = append(perView, e/float64(it.Views))
			viewRatio = append(viewRatio, float64(it.Views)/float64(a.Followers))
		}
		if it.Likes > 50 {
			c2l = append(c2l, float64(it.Comments)/float64(it.Likes))
		}
	}
	return
}

func TestEngagementByTier(t *testing.T) {
	creators, truth := catalogue(t)
	byTier := map[creatormatch.Tier][]float64{}
	ytByTier := map[creatormatch.Tier][]float64{}
	allByTier := map[creatormatch.Tier][]float64{}
	viewRatios := map[creatormatch.Platform][]float64{}
	var c2ls []float64
	for i := range creators {
		if truth[i].Fake {
			continue
		}
		c := &creators[i]
		pf, pv, vr, cl := mainRates(c)
		p := c.Accounts[0].Platform
		allByTier[truth[i].Tier] = append(allByTier[truth[i].Tier], median(pf))
		if p == creatormatch.YouTube {
			ytByTier[truth[i].Tier] = append(ytByTier[truth[i].Tier], median(pv))
		} else {
			byTier[truth[i].Tier] = append(byTier[truth[i].Tier], median(pf))
		}
		if len(vr) > 0 {
			viewRatios[p] = append(viewRatios[p], median(vr))
		}
		if len(cl) > 0 {
			c2ls = append(c2ls, median(cl))
		}
	}
	for _, b := range TierBands {
		m := median(byTier[b.Tier])
		all := median(allByTier[b.Tier])
		y := median(ytByTier[b.Tier])
		t.Logf("tier %-5s median ER ig/tiktok %.4f [%.3f,%.3f]  all platforms %.4f  youtube per-view %.4f [%.3f,%.3f] (n=%d)",
			b.Tier, m, b.ERMin, b.ERMax, all, y, b.PVMin, b.PVMax, len(ytByTier[b.Tier]))
		assert.GreaterOrEqual(t, m, b.ERMin, "tier %s", b.Tier)
		assert.LessOrEqual(t, m, b.ERMax, "tier %s", b.Tier)
		if len(ytByTier[b.Tier]) >= 10 {
			assert.GreaterOrEqual(t, y, b.PVMin*0.9, "youtube tier %s", b.Tier)
			assert.LessOrEqual(t, y, b.PVMax*1.1, "youtube tier %s", b.Tier)
		}
	}
	tt, yt := median(viewRatios[creatormatch.TikTok]), median(viewRatios[creatormatch.YouTube])
	t.Logf("median views/followers: tiktok %.2f youtube %.2f; median comment/like %.3f", tt, yt, median(c2ls))
	assert.True(t, tt >= 0.5 && tt <= 3, "tiktok views/followers %v", tt)
	assert.True(t, yt >= 0.1 && yt <= 0.5, "youtube views/followers %v", yt)
	assert.True(t, median(c2ls) >= 0.01 && median(c2ls) <= 0.06, "comment/like %v", median(c2ls))
}

// ---------------------------------------------------------------------------
// authenticity: a simple detector that only reads what the product sees

func isGeneric(s string) bool { return slices.Contains(genericComments, s) }

type observed struct {
	spike, lowEng, highFollowing, lowCred, generic bool
	score                                          float64
	parts                                          [5]float64 // per-signal scores
}

func (o observed) count() int {
	n := 0
	for _, b := range []bool{o.spike, o.lowEng, o.highFollowing, o.lowCred, o.generic} {
		if b {
			n++
		}
	}
	return n
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

func observe(c *creatormatch.Creator) observed {
	var o observed
	a := c.Accounts[0]
	// Growth spike: the largest one- or two-step jump above the typical step.
	if h := a.FollowerHistory; len(h) >= 4 {
		steps := make([]float64, len(h)-1)
		for i := 1; i < len(h); i++ {
			steps[i-1] = math.Log(float64(h[i].Followers) / float64(h[i-1].Followers))
		}
		med := median(steps)
		excess := 0.0
		for i := range steps {
			excess = math.Max(excess, steps[i]-med)
			if i > 0 {
				excess = math.Max(excess, steps[i]+steps[i-1]-2*med)
			}
		}
		o.spike = excess > 0.15
		o.parts[0] = clamp(excess/0.2, 0, 1.5)
	}
	if a.Platform != creatormatch.YouTube {
		pf, _, _, _ := mainRates(c)
		ti, _ := TierOf(a.Followers)
		mid := (TierBands[ti].ERMin + TierBands[ti].ERMax) / 2
		ratio := median(pf) / mid
		o.lowEng = ratio < 0.5
		o.parts[1] = clamp((0.65-ratio)/0.4, 0, 1.5)
		o.highFollowing = a.Following >= 2500
		o.parts[2] = clamp(float64(a.Following-1500)/3000, 0, 1.5)
	}
	if c.Audience != nil && c.Audience.Credibility != nil {
		cr := *c.Audience.Credibility
		o.lowCred = cr < 0.62
		o.parts[3] = clamp((0.75-cr)/0.25, 0, 1.5)
	}
	var samples, generic int
	for _, it := range c.Content {
		seen := map[string]bool{}
		for _, s := range it.CommentSamples {
			samples++
			if isGeneric(s) || seen[s] {
				generic++
			}
			seen[s] = true
		}
	}
	if samples >= 8 {
		share := float64(generic) / float64(samples)
		o.generic = share > 0.5
		o.parts[4] = clamp((share-0.3)/0.5, 0, 1.5)
	}
	for _, p := range o.parts {
		o.score += p
	}
	return o
}

func auc(pos, neg []float64) float64 {
	wins := 0.0
	for _, p := range pos {
		for _, n := range neg {
			switch {
			case p > n:
				wins++
			case p == n:
				wins += 0.5
			}
		}
	}
	return wins / float64(len(pos)*len(neg))
}

func TestFakes(t *testing.T) {
	creators, truth := catalogue(t)
	var pos, neg []float64
	var posParts, negParts [5][]float64
	realFlagged, anomalies := 0, map[string]int{}
	signalCounts := map[string]int{}
	for i := range creators {
		o := observe(&creators[i])
		for j, p := range o.parts {
			if truth[i].Fake {
				posParts[j] = append(posParts[j], p)
			} else {
				negParts[j] = append(negParts[j], p)
			}
		}
		if truth[i].Fake {
			pos = append(pos, o.score)
			require.GreaterOrEqual(t, len(truth[i].FakeSignals), 2, truth[i].ID)
			assert.GreaterOrEqual(t, o.count(), 2, "fake %s shows only %d signals (planted %v)", truth[i].ID, o.count(), truth[i].FakeSignals)
			for _, s := range truth[i].FakeSignals {
				signalCounts[s]++
			}
			// Each planted signal is visible.
			for _, s := range truth[i].FakeSignals {
				ok := map[string]bool{SignalGrowthSpike: o.spike, SignalLowEngagement: o.lowEng, SignalHighFollowing: o.highFollowing, SignalLowCredibility: o.lowCred, SignalGenericComments: o.generic}[s]
				assert.True(t, ok, "fake %s: planted %s not visible", truth[i].ID, s)
			}
		} else {
			neg = append(neg, o.score)
			require.Empty(t, truth[i].FakeSignals)
			if o.count() >= 2 {
				realFlagged++
			}
			if truth[i].Anomaly != "" {
				anomalies[truth[i].Anomaly]++
			}
			if truth[i].Anomaly == AnomalyViralSpike {
				// The honest spike comes with a matching viral post.
				pf, _, _, _ := mainRates(&creators[i])
				assert.Greater(t, slices.Max(pf), 3*median(pf), "%s: viral spike without a viral post", truth[i].ID)
			}
		}
	}
	share := float64(len(pos)) / float64(len(creators))
	a := auc(pos, neg)
	t.Logf("fakes %d (%.3f); planted signals %v; real creators with >=2 observed signals %d; honest anomalies %v; detector AUC %.4f",
		len(pos), share, signalCounts, realFlagged, anomalies, a)
	// No single signal separates fakes on its own: the honest anomalies
	// and the fakes that lack a signal see to that.
	for j, name := range []string{"spike", "low engagement", "following", "credibility", "generic comments"} {
		sa := auc(posParts[j], negParts[j])
		t.Logf("single-signal AUC %-16s %.3f", name, sa)
		assert.Less(t, sa, 0.9, name)
	}
	assert.InDelta(t, 0.04, share, 0.002)
	assert.GreaterOrEqual(t, a, 0.9)
	assert.Less(t, float64(realFlagged)/float64(len(neg)), 0.02)
	assert.NotEmpty(t, anomalies[AnomalyViralSpike])
}

func TestNichesAndPriors(t *testing.T) {
	creators, truth := catalogue(t)
	primary := map[string]int{}
	noisy, secondary, noAudience, inactive, safety, rateCards := 0, 0, 0, 0, 0, 0
	multi := 0
	for i := range creators {
		tr := truth[i]
		primary[tr.Niches[0]]++
		if len(tr.Niches) > 1 {
			secondary++
		}
		if !slices.Equal(creators[i].Niches, tr.Niches) {
			noisy++
			require.True(t, tr.DeclaredNoisy, tr.ID)
		}
		if creators[i].Audience == nil {
			noAudience++
		}
		if tr.Inactive {
			inactive++
			last := creators[i].Content[len(creators[i].Content)-1].PostedAt
			require.Greater(t, DefaultNow.Sub(last), 60*24*time.Hour)
		}
		if len(tr.SafetyFlags) > 0 {
			safety++
		}
		if creators[i].RateCard != nil {
			rateCards++
		}
		if len(creators[i].Accounts) > 1 {
			multi++
		}
	}
	n := float64(len(creators))
	for _, k := range creatormatch.NicheKeys {
		assert.Positive(t, primary[k], "niche %s never primary", k)
	}
	t.Logf("declared-noisy %.3f secondary %.3f no-audience %.3f inactive %.3f safety %.3f rate cards %.3f multi-platform %.3f",
		float64(noisy)/n, float64(secondary)/n, float64(noAudience)/n, float64(inactive)/n, float64(safety)/n, float64(rateCards)/n, float64(multi)/n)
	assert.InDelta(t, 0.09, float64(noisy)/n, 0.03)
	assert.InDelta(t, 0.10, float64(noAudience)/n, 0.03)
	assert.InDelta(t, 0.08, float64(safety)/n, 0.03)
	assert.InDelta(t, 0.30, float64(rateCards)/n, 0.04)
	assert.Positive(t, inactive)
}

func TestAudienceCorrelations(t *testing.T) {
	creators, truth := catalogue(t)
	female := map[string][]float64{}
	young := map[string][]float64{} // 13-24
	homeTop := 0
	withAud := 0
	for i := range creators {
		a := creators[i].Audience
		if a == nil {
			continue
		}
		withAud++
		p := truth[i].Niches[0]
		female[p] = append(female[p], a.Gender["female"])
		young[p] = append(young[p], a.Age["13-17"]+a.Age["18-24"])
		if truth[i].AudienceTopCountry == creators[i].Country {
			homeTop++
		}
	}
	t.Logf("female share: beauty %.2f skincare %.2f gaming %.2f automotive %.2f; 13-24 share: gaming %.2f personal_finance %.2f parenting %.2f",
		median(female["beauty"]), median(female["skincare"]), median(female["gaming"]), median(female["automotive"]),
		median(young["gaming"]), median(young["personal_finance"]), median(young["parenting"]))
	assert.Greater(t, median(female["beauty"]), 0.7)
	assert.Less(t, median(female["gaming"]), 0.4)
	assert.Greater(t, median(young["gaming"]), median(young["personal_finance"])+0.2)
	assert.Greater(t, float64(homeTop)/float64(withAud), 0.95, "home country is usually the largest audience country")
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.ToLower(strings.Join(f[:min(n, len(f))], " "))
}

func TestCaptionsVaried(t *testing.T) {
	creators, truth := catalogue(t)
	byNiche := map[string][]string{}
	for i := range creators {
		for _, it := range creators[i].Content {
			byNiche[truth[i].PostNiches[it.ID]] = append(byNiche[truth[i].PostNiches[it.ID]], it.Caption)
		}
	}
	for _, k := range append(slices.Clone(creatormatch.NicheKeys), "lifestyle") {
		caps := byNiche[k]
		require.NotEmpty(t, caps, k)
		distinct := map[string]bool{}
		prefix := map[string]int{}
		for _, c := range caps {
			distinct[c] = true
			prefix[firstWords(c, 3)]++
		}
		top := slices.Max(slices.Collect(maps.Values(prefix)))
		sample := caps[:min(100, len(caps))]
		sp := map[string]bool{}
		for _, c := range sample {
			sp[firstWords(c, 3)] = true
		}
		dShare := float64(len(distinct)) / float64(len(caps))
		topShare := float64(top) / float64(len(caps))
		pShare := float64(len(sp)) / float64(len(sample))
		if k == "lifestyle" { // the off-topic bank is deliberately small
			assert.Greater(t, dShare, 0.5, k)
			continue
		}
		assert.Greater(t, dShare, 0.95, "niche %s: %d distinct captions of %d", k, len(distinct), len(caps))
		assert.Less(t, topShare, 0.08, "niche %s: one opening dominates", k)
		assert.Greater(t, pShare, 0.5, "niche %s: distinct first-3-words share in 100 posts", k)
		if k == "beauty" || k == "gaming" {
			t.Logf("%s: %d posts, distinct %.3f, top opening %.3f, distinct openings per 100 %.2f; e.g. %q", k, len(caps), dShare, topShare, pShare, caps[0])
		}
	}
}

func TestSponsorshipAndComments(t *testing.T) {
	creators, truth := catalogue(t)
	var posts, sponsored, undisclosed, withCode int
	var realSamples, realGeneric int
	for i := range creators {
		c := &creators[i]
		for _, it := range c.Content {
			if truth[i].Tier != creatormatch.TierNano {
				posts++
			}
			if it.Sponsored {
				if truth[i].Tier != creatormatch.TierNano {
					sponsored++
				}
				require.Len(t, it.Sponsors, 1)
				require.Contains(t, it.Mentions, it.Sponsors[0])
				require.Contains(t, it.Caption, "@"+it.Sponsors[0])
				if len(it.Disclosures) == 0 {
					undisclosed++
				}
				if strings.Contains(it.Caption, "code ") || strings.Contains(it.Caption, "Use ") {
					withCode++
				}
			}
			if !truth[i].Fake {
				for _, s := range it.CommentSamples {
					realSamples++
					if isGeneric(s) {
						realGeneric++
					}
				}
			}
		}
	}
	allSponsored := 0
	for _, tr := range truth {
		allSponsored += len(tr.SponsoredPostIDs)
	}
	sp := float64(sponsored) / float64(posts)
	ud := float64(undisclosed) / float64(allSponsored)
	t.Logf("sponsored share past nano %.3f; undisclosed %.3f; with promo code %.3f; generic share of real comment samples %.3f (%d samples)",
		sp, ud, float64(withCode)/float64(allSponsored), float64(realGeneric)/float64(realSamples), realSamples)
	assert.True(t, sp >= 0.10 && sp <= 0.20, "sponsored share %v", sp)
	assert.InDelta(t, 0.30, ud, 0.08)
	assert.Less(t, float64(realGeneric)/float64(realSamples), 0.2)
}

func TestWriteDir(t *testing.T) {
	creators, truth := Generate(Config{Creators: 25, Seed: 3})
	dir := filepath.Join(t.TempDir(), "out")
	require.NoError(t, WriteDir(dir, creators, truth))

	f, err := os.Open(filepath.Join(dir, "creators.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	n := 0
	for sc.Scan() {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		var c creatormatch.Creator
		require.NoError(t, dec.Decode(&c))
		require.Equal(t, creators[n].ID, c.ID)
		require.Nil(t, c.Features)
		require.NoError(t, c.Validate(DefaultNow))
		require.Contains(t, sc.Text(), `"follower_history"`) // snake_case keys
		n++
	}
	require.NoError(t, sc.Err())
	require.Equal(t, len(creators), n)

	b, err := os.ReadFile(filepath.Join(dir, "truth.jsonl"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	require.Len(t, lines, len(truth))
	require.True(t, strings.HasPrefix(lines[0], `{"id":"c000001","niches":[`), lines[0])
	var tr Truth
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &tr))
	require.Equal(t, truth[0].Niches, tr.Niches)
}

func TestRoundDist(t *testing.T) {
	d := roundDist(map[string]float64{"a": 1, "b": 1, "c": 1, "d": 0.00001})
	sum := 0.0
	for _, k := range slices.Sorted(maps.Keys(d)) {
		sum += d[k]
	}
	assert.InDelta(t, 1, sum, 1e-12)
	assert.NotContains(t, d, "d")
	assert.InDelta(t, 0.3333, d["b"], 1e-12)
}

func BenchmarkGenerate(b *testing.B) {
	const n = 200
	seed := int64(0)
	for b.Loop() {
		seed++
		Generate(Config{Creators: n, Seed: seed})
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "creators/s")
}
