// Package demodata produces the data creatormatch is demonstrated and
// evaluated on: a seeded synthetic catalogue of creators with ground truth
// (Generate, WriteDir), and a loader for the CC0 "YouTubers saying things"
// dataset (LoadYouTube, YouTubeCSV).
//
// The synthetic catalogue is realistic on purpose: tiers skew to nano and
// micro, engagement follows per-tier field ranges with lognormal per-post
// noise and occasional viral posts, declared niches are a noisy prior,
// captions are composed from per-niche phrase banks in many sentence
// shapes, ~4% of creators have bought followers (each showing at least two
// signals, see Truth.FakeSignals) and a few real creators carry one honest
// anomaly (Truth.Anomaly) so that detecting fakes is not trivial.
package demodata

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch"
)

// DefaultNow is the reference time used when Config.Now is zero, so that a
// seed always yields byte-identical output.
var DefaultNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// DefaultFakeShare is the share of creators with bought followers.
const DefaultFakeShare = 0.04

// Config controls Generate.
type Config struct {
	Creators int   // how many creators to generate
	Seed     int64 // same seed, same catalogue
	// Now is the reference time: follower histories end on its day and
	// every post is dated before it. Zero means DefaultNow.
	Now time.Time
	// FakeShare is the share of creators with bought followers (exactly one
	// per block of round(1/FakeShare) consecutive creators); zero means
	// DefaultFakeShare, negative means none.
	FakeShare float64
}

// Fake-follower signals a planted fake may show (Truth.FakeSignals), and
// the honest anomalies a real creator may show (Truth.Anomaly).
const (
	SignalGrowthSpike     = "growth_spike"     // +25-80% followers within one or two history points
	SignalLowEngagement   = "low_engagement"   // median engagement 0.15-0.4x the tier's midpoint
	SignalHighFollowing   = "high_following"   // following 3,000-7,500 (>0.5x followers for small accounts)
	SignalLowCredibility  = "low_credibility"  // audience credibility 0.35-0.6
	SignalGenericComments = "generic_comments" // 70-95% generic/duplicate comment samples

	AnomalyViralSpike     = "viral_spike"     // +15-45% followers in one step, right after a matching viral post
	AnomalyLowEngagement  = "low_engagement"  // 0.45-0.7x the creator's own rate
	AnomalyHighFollowing  = "high_following"  // following 2,000-4,500 (follow-for-follow)
	AnomalyLowCredibility = "low_credibility" // audience credibility 0.55-0.74
)

// Truth is what the generator knows about a creator and the product has to
// infer. ID, Niches and Fake come first; the rest serve the evaluation
// harness.
type Truth struct {
	ID     string   `json:"id"`
	Niches []string `json:"niches"` // primary first, then the secondary niche if any
	Fake   bool     `json:"fake"`   // bought followers

	FakeSignals []string `json:"fake_signals,omitempty"` // which signals were planted on a fake (>= 2)
	Anomaly     string   `json:"anomaly,omitempty"`      // one honest anomaly on a real creator

	Source    string                `json:"source"` // "synthetic" or "youtubers-saying-things"
	Tier      creatormatch.Tier     `json:"tier,omitempty"`
	Platform  creatormatch.Platform `json:"platform,omitempty"` // main account
	Followers int64                 `json:"followers,omitempty"`
	Country   string                `json:"country,omitempty"`
	Languages []string              `json:"languages,omitempty"`
	// DeclaredNoisy is true when the creator's declared Niches differ from
	// Niches (missing, partial or partly wrong).
	DeclaredNoisy bool `json:"declared_noisy,omitempty"`

	// EngagementRate is the planted typical (median) engagement rate of the
	// main account: (likes+comments)/followers on instagram and tiktok,
	// (likes+comments)/views on youtube (EngagementBasis says which).
	EngagementRate  float64 `json:"engagement_rate,omitempty"`
	EngagementBasis string  `json:"engagement_basis,omitempty"`

	HasAudience        bool   `json:"has_audience"`
	AudienceTopAge     string `json:"audience_top_age,omitempty"`
	AudienceTopGender  string `json:"audience_top_gender,omitempty"`
	AudienceTopCountry string `json:"audience_top_country,omitempty"`

	// PostNiches maps each content id to the niche it was written about,
	// or "lifestyle" for off-topic posts.
	PostNiches map[string]string `json:"post_niches,omitempty"`
	// SafetyFlags are the brand-safety categories planted in the content;
	// SafetyPosts lists the posts per category.
	SafetyFlags []string            `json:"safety_flags,omitempty"`
	SafetyPosts map[string][]string `json:"safety_posts,omitempty"`
	// Sponsors are the brands the creator promoted; UndisclosedPostIDs the
	// sponsored posts that carry no disclosure.
	Sponsors           []string `json:"sponsors,omitempty"`
	SponsoredPostIDs   []string `json:"sponsored_post_ids,omitempty"`
	UndisclosedPostIDs []string `json:"undisclosed_post_ids,omitempty"`
	// Inactive is true when the last post is more than 60 days before Now.
	Inactive bool `json:"inactive,omitempty"`

	// Genres are the raw channel genres of the YouTube dataset.
	Genres []string `json:"genres,omitempty"`
}

// TierBand is one follower band with the share of generated creators in it
// and the field range of its per-follower engagement rate.
type TierBand struct {
	Tier           creatormatch.Tier
	Min, Max       int64   // followers in [Min, Max)
	Share          float64 // share of generated creators
	ERMin, ERMax   float64 // (likes+comments)/followers per post, instagram/tiktok
	PVMin, PVMax   float64 // (likes+comments)/views per video, youtube
	Verified       float64 // probability the main account is verified
	FollowingScale float64 // typical following of a real account
}

// TierBands are the tiers the generator uses, smallest first. Followers are
// log-uniform within a band.
var TierBands = []TierBand{
	{creatormatch.TierNano, 1_000, 10_000, 0.45, 0.05, 0.10, 0.05, 0.10, 0.01, 900},
	{creatormatch.TierMicro, 10_000, 100_000, 0.38, 0.03, 0.07, 0.04, 0.08, 0.03, 800},
	{creatormatch.TierMid, 100_000, 500_000, 0.12, 0.02, 0.04, 0.03, 0.06, 0.15, 600},
	{creatormatch.TierMacro, 500_000, 1_000_000, 0.03, 0.015, 0.03, 0.025, 0.05, 0.4, 500},
	{creatormatch.TierMega, 1_000_000, 25_000_000, 0.02, 0.005, 0.012, 0.02, 0.04, 0.75, 400},
}

// TierOf returns the band index and tier of a follower count by TierBands
// (TierNone and -1 under the nano minimum).
func TierOf(followers int64) (int, creatormatch.Tier) {
	if followers < TierBands[0].Min {
		return -1, creatormatch.TierNone
	}
	for i := len(TierBands) - 1; i >= 0; i-- {
		if followers >= TierBands[i].Min {
			return i, TierBands[i].Tier
		}
	}
	return -1, creatormatch.TierNone
}

// Generate builds cfg.Creators creators and their truth. Creator i depends
// only on (Seed, i), so a smaller catalogue is a prefix of a larger one.
func Generate(cfg Config) ([]creatormatch.Creator, []Truth) {
	now := cfg.Now
	if now.IsZero() {
		now = DefaultNow
	}
	now = now.UTC()
	fakeShare := cfg.FakeShare
	switch {
	case fakeShare == 0:
		fakeShare = DefaultFakeShare
	case fakeShare < 0:
		fakeShare = 0
	}
	n := max(cfg.Creators, 0)
	creators := make([]creatormatch.Creator, n)
	truth := make([]Truth, n)
	for i := range n {
		g := &gen{
			r:    rand.New(rand.NewPCG(uint64(cfg.Seed), uint64(i)*0x9E3779B97F4A7C15+0x632BE59BD9B4E019)),
			now:  now,
			fake: isFake(cfg.Seed, i, fakeShare),
		}
		creators[i], truth[i] = g.creator(fmt.Sprintf("c%06d", i+1))
	}
	return creators, truth
}

// isFake plants fakes by stratified sampling: each block of round(1/share)
// consecutive creators holds exactly one fake at a seeded random position,
// so the fake share is exact without making fake ids predictable.
func isFake(seed int64, i int, share float64) bool {
	if share <= 0 {
		return false
	}
	block := max(1, int(math.Round(1/share)))
	r := rand.New(rand.NewPCG(uint64(seed)^0xA5A5A5A5, uint64(i/block)+0x1234567))
	return r.IntN(block) == i%block
}

// WriteDir writes DIR/creators.jsonl (one creator per line in the ingest
// format, without Features) and DIR/truth.jsonl, creating DIR if needed.
func WriteDir(dir string, creators []creatormatch.Creator, truth []Truth) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := writeJSONL(filepath.Join(dir, "creators.jsonl"), len(creators), func(i int) any {
		c := creators[i]
		c.Features = nil
		return &c
	}); err != nil {
		return err
	}
	return writeJSONL(filepath.Join(dir, "truth.jsonl"), len(truth), func(i int) any { return &truth[i] })
}

func writeJSONL(path string, n int, item func(int) any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range n {
		if err := enc.Encode(item(i)); err != nil {
			f.Close()
			return fmt.Errorf("%s: record %d: %w", path, i+1, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ---------------------------------------------------------------------------
// random helpers

type gen struct {
	r   *rand.Rand
	now time.Time

	c       creatormatch.Creator
	t       Truth
	country countryInfo
	primary string
	second  string
	fake    bool
	signals map[string]bool
	anomaly string
	tierIdx int
	first   string
	last    string
	handle  string
	accts   []*acct
}

func (g *gen) f(a, b float64) float64 { return a + (b-a)*g.r.Float64() }
func (g *gen) lu(a, b float64) float64 {
	return math.Exp(g.f(math.Log(a), math.Log(b)))
}
func (g *gen) ln(sigma float64) float64 { return math.Exp(sigma * g.r.NormFloat64()) }
func (g *gen) chance(p float64) bool    { return g.r.Float64() < p }
func (g *gen) in(a, b int) int          { return a + g.r.IntN(b-a+1) } // inclusive
func (g *gen) pick(s []string) string   { return s[g.r.IntN(len(s))] }
func (g *gen) weighted(w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	x := g.r.Float64() * total
	for i, wi := range w {
		if x < wi {
			return i
		}
		x -= wi
	}
	return len(w) - 1
}

// pickN returns n distinct elements of s in random order.
func pickN[T any](g *gen, s []T, n int) []T {
	cp := slices.Clone(s)
	g.r.Shuffle(len(cp), func(i, j int) { cp[i], cp[j] = cp[j], cp[i] })
	return cp[:min(n, len(cp))]
}

func capFirst(s string) string {
	if s == "" {
		return s
	}
	for i, r := range s {
		if i == 0 {
			return strings.ToUpper(string(r)) + s[len(string(r)):]
		}
	}
	return s
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' { // keep acronyms like "SPF"
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// ---------------------------------------------------------------------------
// the creator

func (g *gen) creator(id string) (creatormatch.Creator, Truth) {
	g.c = creatormatch.Creator{ID: id}
	g.t = Truth{ID: id, Source: "synthetic"}
	g.t.Fake = g.fake

	// Tier and followers of the main account.
	shares := make([]float64, len(TierBands))
	for i, b := range TierBands {
		shares[i] = b.Share
	}
	g.tierIdx = g.weighted(shares)
	band := TierBands[g.tierIdx]
	mainFollowers := int64(math.Round(g.lu(float64(band.Min), float64(band.Max))))
	mainFollowers = min(max(mainFollowers, band.Min), band.Max-1)

	g.placeAndNiches()
	g.chooseSignals()

	// Platforms: main first.
	var main creatormatch.Platform
	if g.fake {
		main = creatormatch.Instagram
		if g.chance(0.25) {
			main = creatormatch.TikTok
		}
	} else {
		main = creatormatch.Platforms[g.weighted([]float64{0.5, 0.32, 0.18})]
	}
	if main == creatormatch.YouTube && g.anomaly == AnomalyHighFollowing {
		g.anomaly = AnomalyLowCredibility // youtube has no "following"
	}
	platforms := []creatormatch.Platform{main}
	if g.chance(0.22 + 0.1*float64(g.tierIdx)) {
		others := []creatormatch.Platform{}
		for _, p := range creatormatch.Platforms {
			if p != main {
				others = append(others, p)
			}
		}
		g.r.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
		platforms = append(platforms, others[0])
		if g.chance(0.3) {
			platforms = append(platforms, others[1])
		}
	}

	g.identity()
	g.accounts(platforms, mainFollowers)
	g.content()
	g.audience()
	g.rateCard()
	g.declaredNiches()
	g.bio()

	g.t.Anomaly = g.anomaly
	if g.fake {
		for _, s := range []string{SignalGrowthSpike, SignalLowEngagement, SignalHighFollowing, SignalLowCredibility, SignalGenericComments} {
			if g.signals[s] {
				g.t.FakeSignals = append(g.t.FakeSignals, s)
			}
		}
	}
	ma := g.c.Accounts[0]
	g.t.Platform = ma.Platform
	g.t.Followers = ma.Followers
	_, g.t.Tier = TierOf(ma.Followers)
	g.t.Country = g.c.Country
	g.t.Languages = slices.Clone(g.c.Languages)
	return g.c, g.t
}

func (g *gen) placeAndNiches() {
	w := make([]float64, len(countries))
	for i, c := range countries {
		w[i] = c.weight
	}
	g.country = countries[g.weighted(w)]
	g.c.Country = g.country.code
	langs := []string{g.country.lang}
	switch g.country.code {
	case "CA":
		if g.chance(0.2) {
			langs = append(langs, "fr")
		}
	case "IN":
		if g.chance(0.5) {
			langs = append(langs, "hi")
		}
	default:
		if g.country.lang != "en" && g.chance(g.country.alsoEn) {
			langs = append(langs, "en")
		}
	}
	g.c.Languages = langs

	nw := make([]float64, len(creatormatch.NicheKeys))
	for i, k := range creatormatch.NicheKeys {
		nw[i] = nichePopularity[k]
	}
	g.primary = creatormatch.NicheKeys[g.weighted(nw)]
	g.t.Niches = []string{g.primary}
	if g.chance(0.35) {
		if rel := banks[g.primary].related; len(rel) > 0 && g.chance(0.7) {
			g.second = g.pick(rel)
		} else {
			for g.second == "" || g.second == g.primary {
				g.second = g.pick(creatormatch.NicheKeys)
			}
		}
		g.t.Niches = append(g.t.Niches, g.second)
	}
}

func (g *gen) chooseSignals() {
	g.signals = map[string]bool{}
	if g.fake {
		all := []string{SignalGrowthSpike, SignalLowEngagement, SignalHighFollowing, SignalLowCredibility, SignalGenericComments}
		k := 2 + g.weighted([]float64{0.55, 0.35, 0.10})
		for _, s := range pickN(g, all, k) {
			g.signals[s] = true
		}
		return
	}
	if g.chance(0.08) {
		g.anomaly = []string{AnomalyViralSpike, AnomalyLowEngagement, AnomalyHighFollowing, AnomalyLowCredibility}[g.weighted([]float64{0.4, 0.2, 0.2, 0.2})]
	}
}

// ascii transliterates the accented letters used in the name banks.
var asciiFold = strings.NewReplacer("á", "a", "à", "a", "ã", "a", "â", "a", "ä", "a", "é", "e", "è", "e", "ê", "e", "í", "i", "ó", "o", "ô", "o", "ö", "o", "ú", "u", "ü", "u", "ç", "c", "ñ", "n", "ß", "ss", "'", "", " ", "")

func slugWord(s string) string { return asciiFold.Replace(strings.ToLower(s)) }

// nameWords give brand-like display names and handles per niche.
var nameWords = map[string][]string{
	"beauty": split("glam|beauty|blush"), "skincare": split("skin|glow|dewy"), "fashion": split("style|wears|closet"),
	"fitness": split("fit|lifts|strong"), "food": split("eats|kitchen|cooks"), "plant_based": split("plants|veggie|sprout"),
	"parenting": split("mama|family|dadlife"), "travel": split("travels|wanders|abroad"), "gaming": split("plays|gg|gamer"),
	"tech": split("tech|gadgets|bytes"), "personal_finance": split("money|budget|wealth"), "home_decor": split("home|nest|interiors"),
	"pets": split("paws|pup|woof"), "automotive": split("garage|motors|drives"), "music": split("music|sings|beats"),
	"comedy": split("laughs|funny|jokes"), "education": split("learns|teaches|study"), "science": split("science|lab|cosmos"),
	"outdoors": split("trails|wild|outside"), "sports": split("sports|hoops|goals"), "wellness": split("calm|mindful|wellness"),
	"diy": split("makes|diy|builds"), "photography": split("shoots|frames|lens"), "books": split("reads|books|pages"),
	"sustainability": split("green|ecoliving|lowwaste"),
}

func (g *gen) identity() {
	g.first = g.pick(g.country.first)
	g.last = g.pick(g.country.last)
	word := g.pick(nameWords[g.primary])
	f, l := slugWord(g.first), slugWord(g.last)
	switch g.in(0, 7) {
	case 0:
		g.handle = f + "." + l
	case 1:
		g.handle = f + l + fmt.Sprint(g.in(1, 99))
	case 2:
		g.handle = f + word
	case 3:
		g.handle = word + "with" + f
	case 4:
		g.handle = "its" + f + "." + word
	case 5:
		g.handle = "the" + word + f
	case 6:
		g.handle = f + "_" + g.pick(handleWords) + fmt.Sprint(g.in(1, 999))
	default:
		g.handle = f + "." + word + "." + g.pick(handleWords)
	}
	if g.chance(0.8) {
		g.c.Name = g.first + " " + g.last
	} else {
		g.c.Name = g.first + " " + capFirst(word)
	}
}

// ---------------------------------------------------------------------------
// accounts and follower histories

type acct struct {
	p         creatormatch.Platform
	followers int64
	real      float64 // followers that actually engage
	rate      float64 // (likes+comments)/followers per post (ig/tiktok)
	normal    float64 // what rate would be without fake or anomaly effects
	pv        float64 // (likes+comments)/views (youtube)
	vr        float64 // views/followers
	c2l       float64 // comments per like
	spikeAt   int     // history index of a planted spike, -1 none
	jump      float64
	twoStep   bool
	viralIdx  int // content index of the honest viral post, -1 none
}

func (g *gen) accounts(platforms []creatormatch.Platform, mainFollowers int64) {
	q := g.r.Float64() // creator quality: where in the tier's engagement range it sits
	c2l := g.f(0.01, 0.05)
	var accts []*acct
	for i, p := range platforms {
		a := &acct{p: p, spikeAt: -1, viralIdx: -1}
		if i == 0 {
			a.followers = mainFollowers
			a.real = float64(mainFollowers)
			if g.signals[SignalGrowthSpike] {
				a.jump = g.f(0.25, 0.8)
				a.twoStep = g.chance(0.4)
				a.real = float64(mainFollowers) / (1 + a.jump)
			}
		} else {
			a.real = float64(accts[0].real) * g.lu(0.05, 0.9)
			a.followers = max(int64(math.Round(a.real)), 120)
			a.real = float64(a.followers)
		}
		ti, _ := TierOf(int64(a.real))
		if ti < 0 {
			ti = 0
		}
		band := TierBands[ti]
		a.normal = band.ERMin + q*(band.ERMax-band.ERMin)
		a.rate = a.normal * a.real / float64(a.followers)
		a.pv = band.PVMin + q*(band.PVMax-band.PVMin)
		a.c2l = c2l
		switch p {
		case creatormatch.YouTube:
			a.vr = g.lu(0.1, 0.5)
			a.c2l = g.f(0.02, 0.08)
		case creatormatch.TikTok:
			a.vr = g.lu(0.5, 3)
		}
		if i == 0 {
			mi, _ := TierOf(a.followers)
			mid := (TierBands[mi].ERMin + TierBands[mi].ERMax) / 2
			switch {
			case g.signals[SignalLowEngagement]:
				a.rate = g.f(0.15, 0.4) * mid
				a.vr *= g.f(0.25, 0.5) // bought followers do not watch either
			case g.anomaly == AnomalyLowEngagement:
				a.rate *= g.f(0.45, 0.7)
				a.pv *= g.f(0.45, 0.7)
			}
		}
		accts = append(accts, a)
	}
	g.accts = accts

	for i, a := range accts {
		ca := creatormatch.Account{Platform: a.p, Followers: a.followers}
		ca.Handle = g.handle
		if i > 0 && g.chance(0.3) {
			ca.Handle = g.handle + []string{"", "_", "."}[g.in(0, 2)] + []string{"tv", "official", "yt", "clips", "x"}[g.in(0, 4)]
		}
		if a.p != creatormatch.YouTube {
			ti, _ := TierOf(a.followers)
			scale := TierBands[max(ti, 0)].FollowingScale
			ca.Following = int64(math.Round(min(scale*g.ln(0.6), 1900)))
			ca.Following = max(ca.Following, 15)
			if i == 0 {
				switch {
				case g.signals[SignalHighFollowing]:
					if a.followers < 15_000 {
						ca.Following = int64(min(max(g.f(0.5, 1.0)*float64(a.followers), 3000), 7500))
					} else {
						ca.Following = int64(g.f(4000, 7500))
					}
				case g.anomaly == AnomalyHighFollowing:
					ca.Following = int64(g.f(2000, 4500))
				}
			}
		}
		if i == 0 && !g.fake {
			ca.Verified = g.chance(TierBands[g.tierIdx].Verified)
		}
		g.c.Accounts = append(g.c.Accounts, ca)
	}
}

// history builds the follower history of account i once its posts are
// known (the honest viral spike sits at the viral post).
func (g *gen) history(i int) {
	a := g.accts[i]
	ca := &g.c.Accounts[i]
	m := g.in(12, 26)
	weekly := g.chance(0.55)
	if a.viralIdx >= 0 {
		weekly = true
	}
	today := time.Date(g.now.Year(), g.now.Month(), g.now.Day(), 0, 0, 0, 0, time.UTC)
	dates := make([]time.Time, m)
	for j := range m {
		back := m - 1 - j
		if weekly {
			dates[j] = today.AddDate(0, 0, -7*back)
		} else {
			dates[j] = today.AddDate(0, -back, 0)
		}
	}
	ti := max(g.tierIdx, 0)
	growth := [][2]float64{{0.01, 0.06}, {0.01, 0.05}, {0.005, 0.035}, {0.003, 0.025}, {0.002, 0.02}}[ti]
	gm := g.f(growth[0], growth[1]) // monthly growth
	if g.chance(0.1) {
		gm = -g.f(0, 0.01)
	}
	sigma := 0.004
	if !weekly {
		sigma = 0.008
	}
	spikeAt, jump, two := -1, 0.0, false
	switch {
	case i == 0 && g.signals[SignalGrowthSpike]:
		lo := max(2, m/3)
		spikeAt, jump, two = g.in(lo, m-1), a.jump, a.twoStep
	case a.viralIdx >= 0:
		post := g.c.Content[a.viralIdx].PostedAt
		for j := 1; j < m; j++ {
			if !dates[j].Before(post) {
				spikeAt = j
				break
			}
		}
		if spikeAt < 0 {
			spikeAt = m - 1
		}
		jump = g.f(0.15, 0.45)
	}
	a.spikeAt = spikeAt
	ca.FollowerHistory = make([]creatormatch.FollowerPoint, m)
	for j := range m {
		monthsAgo := today.Sub(dates[j]).Hours() / 24 / 30.44
		v := float64(a.followers) * math.Exp(-gm*monthsAgo+sigma*g.r.NormFloat64())
		if spikeAt >= 0 {
			switch {
			case j < spikeAt-1 || (!two && j < spikeAt):
				v /= 1 + jump
			case two && j == spikeAt-1:
				v /= math.Sqrt(1 + jump)
			}
		}
		if j == m-1 {
			v = float64(a.followers)
		}
		ca.FollowerHistory[j] = creatormatch.FollowerPoint{Date: creatormatch.Date{Time: dates[j]}, Followers: max(int64(math.Round(v)), 0)}
	}
}
