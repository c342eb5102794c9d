package demodata

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch"
)

const day = 24 * time.Hour

var platformPrefix = map[creatormatch.Platform]string{
	creatormatch.Instagram: "ig", creatormatch.TikTok: "tt", creatormatch.YouTube: "yt",
}

var safetyCategoryOrder = []string{"alcohol", "gambling", "profanity", "politics", "drugs", "violence"}

// post is the plan for one content item before its text and counts exist.
type post struct {
	acct      int
	niche     string // niche key or "lifestyle"
	sponsored bool
	brand     string
	disclosed []string
	safety    string
	boost     float64
}

func (g *gen) content() {
	n := g.in(8, 30)
	inactive := g.chance(0.04) && g.anomaly != AnomalyViralSpike
	g.t.Inactive = inactive

	// Irregular posting times, oldest first.
	lastAgo := g.lu(0.2, 12)
	if inactive {
		lastAgo = g.f(61, 110)
	}
	span := g.f(70, 118)
	gaps := make([]float64, n-1)
	sum := 0.0
	for k := range gaps {
		gaps[k] = g.ln(0.8)
		sum += gaps[k]
	}
	times := make([]time.Time, n)
	times[n-1] = g.now.Add(-time.Duration(lastAgo * float64(day))).Truncate(time.Second)
	for k := n - 2; k >= 0; k-- {
		times[k] = times[k+1].Add(-time.Duration(gaps[k] / sum * span * float64(day))).Truncate(time.Second)
	}

	plan := make([]post, n)
	for k := range plan {
		plan[k].boost = 1
	}
	// Spread posts over the accounts: each secondary account gets a few.
	free := make([]int, n)
	for k := range free {
		free[k] = k
	}
	g.r.Shuffle(n, func(i, j int) { free[i], free[j] = free[j], free[i] })
	for i := 1; i < len(g.accts); i++ {
		cnt := max(2, int(math.Round(float64(n)*g.f(0.1, 0.25))))
		for range cnt {
			if len(free) <= n/2 {
				break
			}
			plan[free[0]].acct = i
			free = free[1:]
		}
	}

	// What each post is about.
	for k := range plan {
		switch {
		case g.chance(0.10):
			plan[k].niche = "lifestyle"
		case g.second != "" && g.chance(0.3):
			plan[k].niche = g.second
		default:
			plan[k].niche = g.primary
		}
	}

	g.planSponsorships(plan)
	g.planSafety(plan)

	// Random viral hits, and the honest viral spike.
	for k := range plan {
		if g.chance(0.04) {
			plan[k].boost = g.lu(3, 10)
		}
	}
	if g.anomaly == AnomalyViralSpike {
		var cands []int
		for k := range plan {
			if plan[k].acct == 0 && g.now.Sub(times[k]) < 70*day && g.now.Sub(times[k]) > 5*day {
				cands = append(cands, k)
			}
		}
		if len(cands) == 0 {
			g.anomaly = AnomalyLowCredibility
		} else {
			v := cands[g.r.IntN(len(cands))]
			plan[v].boost = g.lu(10, 25)
			g.accts[0].viralIdx = v
			after := 0
			for k := v + 1; k < n && after < 2; k++ {
				if plan[k].acct == 0 {
					plan[k].boost = g.lu(1.5, 3)
					after++
				}
			}
		}
	}

	// Comment style: fakes with the generic-comment signal get a small
	// set of generic comments that repeat.
	var fakePool []string
	if g.signals[SignalGenericComments] {
		fakePool = pickN(g, genericComments, g.in(4, 7))
	}
	commentPosts := 0

	g.t.PostNiches = make(map[string]string, n)
	for k := range plan {
		pl := plan[k]
		a := g.accts[pl.acct]
		it := creatormatch.ContentItem{
			ID:       fmt.Sprintf("%s%02d", platformPrefix[a.p], k+1),
			Platform: a.p,
			PostedAt: times[k],
		}
		g.text(&it, pl)
		g.metrics(&it, a, pl)
		if pl.sponsored {
			it.Sponsored = true
			it.Sponsors = []string{pl.brand}
			it.Disclosures = pl.disclosed
			g.t.SponsoredPostIDs = append(g.t.SponsoredPostIDs, it.ID)
			if len(pl.disclosed) == 0 {
				g.t.UndisclosedPostIDs = append(g.t.UndisclosedPostIDs, it.ID)
			}
			if !slices.Contains(g.t.Sponsors, pl.brand) {
				g.t.Sponsors = append(g.t.Sponsors, pl.brand)
			}
		}
		if pl.safety != "" {
			if g.t.SafetyPosts == nil {
				g.t.SafetyPosts = map[string][]string{}
			}
			g.t.SafetyPosts[pl.safety] = append(g.t.SafetyPosts[pl.safety], it.ID)
		}
		// Comment samples.
		switch {
		case fakePool != nil && (4-commentPosts >= n-k || g.chance(0.7)):
			cnt := g.in(4, 10)
			if extra := int64(cnt) - it.Comments; extra > 0 { // bot comments replace likes, not add to them
				it.Comments += extra
				it.Likes = max(it.Likes-extra, 0)
			}
			genShare := g.f(0.75, 0.95)
			for range cnt {
				if g.chance(genShare) {
					it.CommentSamples = append(it.CommentSamples, g.pick(fakePool))
				} else {
					it.CommentSamples = append(it.CommentSamples, g.organicComment(pl.niche))
				}
			}
			commentPosts++
		case fakePool == nil && it.Comments >= 2 && g.chance(0.35):
			cnt := min(int(it.Comments), g.in(2, 7))
			for range cnt {
				if g.chance(0.12) {
					it.CommentSamples = append(it.CommentSamples, g.pick(genericComments))
				} else {
					it.CommentSamples = append(it.CommentSamples, g.organicComment(pl.niche))
				}
			}
		}
		g.t.PostNiches[it.ID] = pl.niche
		g.c.Content = append(g.c.Content, it)
	}

	for i := range g.accts {
		if i == 0 || g.chance(0.7) {
			g.history(i)
		}
	}
	if g.signals[SignalGrowthSpike] && g.c.Accounts[0].FollowerHistory == nil {
		g.history(0)
	}

	for _, c := range safetyCategoryOrder {
		if len(g.t.SafetyPosts[c]) > 0 {
			g.t.SafetyFlags = append(g.t.SafetyFlags, c)
		}
	}
	a := g.accts[0]
	if a.p == creatormatch.YouTube {
		g.t.EngagementRate, g.t.EngagementBasis = round4(a.pv), "views"
	} else {
		g.t.EngagementRate, g.t.EngagementBasis = round4(a.rate), "followers"
	}
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func (g *gen) planSponsorships(plan []post) {
	n := len(plan)
	var share float64
	switch {
	case g.tierIdx >= 1:
		share = g.f(0.10, 0.20)
	case g.chance(0.3):
		share = g.f(0.04, 0.10)
	}
	if share == 0 {
		return
	}
	var cands []int
	for k := range plan {
		if plan[k].niche != "lifestyle" {
			cands = append(cands, k)
		}
	}
	if len(cands) == 0 {
		return
	}
	k := min(max(1, int(math.Round(float64(n)*share))), len(cands))
	pool := slices.Clone(banks[g.primary].brands)
	if g.second != "" {
		pool = append(pool, banks[g.second].brands...)
	}
	if g.chance(0.25) {
		pool = append(pool, g.pick(genericBrands))
	}
	brands := pickN(g, pool, g.in(1, 3))
	undisclosed := []float64{0, 0.3, 0.6, 1}[g.weighted([]float64{0.45, 0.25, 0.2, 0.1})]
	for _, p := range pickN(g, cands, k) {
		plan[p].sponsored = true
		plan[p].brand = g.pick(brands)
		if g.chance(undisclosed) {
			continue
		}
		switch g.weighted([]float64{0.4, 0.25, 0.35}) {
		case 0:
			plan[p].disclosed = []string{"#ad"}
		case 1:
			plan[p].disclosed = []string{"#sponsored"}
		default:
			plan[p].disclosed = []string{"paid_partnership"}
			if g.chance(0.3) {
				plan[p].disclosed = append(plan[p].disclosed, "#ad")
			}
		}
	}
}

func (g *gen) planSafety(plan []post) {
	if !g.chance(0.08) {
		return
	}
	var cats []string
	aff := safetyAffinity[g.primary]
	for range 1 + g.weighted([]float64{0.75, 0.25}) {
		c := g.pick(safetyCategoryOrder)
		if len(aff) > 0 && g.chance(0.7) {
			c = g.pick(aff)
		}
		if !slices.Contains(cats, c) {
			cats = append(cats, c)
		}
	}
	var cands []int
	for k := range plan {
		if !plan[k].sponsored {
			cands = append(cands, k)
		}
	}
	g.r.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	for _, c := range cats {
		for range g.in(1, 3) {
			if len(cands) == 0 {
				return
			}
			plan[cands[0]].safety = c
			cands = cands[1:]
		}
	}
}

// ---------------------------------------------------------------------------
// text

var leads = split("Okay so|Guys,|Update:|PSA:|Honestly,|So…|Not gonna lie,|Fun fact:|Ok but|Y'all,|Lowkey|Friendly reminder:|Alright,|Hi friends!|New post!")
var finallies = split("I'm never going back|it was worth the wait|I have thoughts|it went better than expected|I should have done it sooner|the results surprised me")
var askStems = split("Can we talk about|Anyone else obsessed with|Who else is into|Have you tried|Is it just me or is everyone into|Thoughts on")
var sayStems = split("Let's talk about|Quick thoughts on|Unpopular opinion about|Everything you asked about|Still thinking about|A love letter to|Three reasons I love|Notes on|All about")
var reactionEmojis = split("😍|🙌|❤️|😂|👏|🔥|✨|🥹")

func (g *gen) text(it *creatormatch.ContentItem, pl post) {
	var caption string
	var tags []string
	emojis := lifeEmojis
	if pl.niche == "lifestyle" {
		caption = g.lifestyleCaption(it.Platform)
		tags = pickN(g, lifeTags, g.in(1, 3))
	} else {
		b := banks[pl.niche]
		emojis = b.emojis
		if pl.sponsored {
			caption = g.sponsorCaption(b, pl.brand)
		} else {
			caption = g.nicheCaption(b, it.Platform)
		}
		tags = pickN(g, b.tags, g.in(1, 4))
	}
	if it.Platform != creatormatch.YouTube && g.chance(0.5) {
		caption += " " + g.pick(emojis)
		if g.chance(0.3) {
			caption += g.pick(emojis)
		}
	}
	if g.speaksLocal() && g.chance(0.2) {
		caption += " " + g.pick(g.country.asides)
	}
	if pl.safety != "" {
		s := g.pick(safetyText[pl.safety])
		if g.chance(0.5) {
			caption = s + " " + caption
		} else {
			caption += " " + s
		}
		if st := safetyTags[pl.safety]; len(st) > 0 && g.chance(0.5) {
			tags = append(tags, g.pick(st))
		}
	}
	if g.chance(0.06) { // a misleading tag from another niche
		tags = append(tags, g.pick(banks[g.pick(creatormatch.NicheKeys)].tags))
	}
	generic := genTags[string(it.Platform)]
	tags = append(tags, pickN(g, generic, g.in(0, 3))...)
	noTags := 0.12
	if it.Platform == creatormatch.YouTube {
		noTags = 0.4
		tags = tags[:min(len(tags), 3)]
	}
	if g.chance(noTags) {
		tags = nil
	}
	for _, d := range pl.disclosed {
		if strings.HasPrefix(d, "#") {
			tags = append([]string{d[1:]}, tags...)
			if g.chance(0.5) {
				caption = d + " " + caption
			}
		}
	}
	if pl.sponsored {
		it.Mentions = []string{pl.brand}
	}
	if g.chance(0.08) {
		it.Mentions = append(it.Mentions, slugWord(g.pick(g.country.first))+"."+g.pick(nameWords[g.pick(creatormatch.NicheKeys)]))
		caption += " w/ @" + it.Mentions[len(it.Mentions)-1]
	}
	it.Caption = strings.TrimSpace(caption)
	it.Hashtags = dedupe(tags)
}

func dedupe(xs []string) []string {
	if len(xs) == 0 {
		return nil
	}
	out := xs[:0:0]
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func (g *gen) nicheCaption(b *nicheBank, p creatormatch.Platform) string {
	topic, act, det := g.pick(b.topics), g.pick(b.actions), g.pick(b.details)
	if p == creatormatch.YouTube {
		title := fmt.Sprintf(g.pick(titleShapes), titleCase(topic))
		if g.chance(0.6) {
			title += "\n" + det
		}
		return title
	}
	hook := g.pick(genHooks)
	if g.chance(0.5) {
		hook = g.pick(b.hooks)
	}
	when := g.pick(whens)
	// "testing detailing a car" reads badly: a topic that already starts
	// with a verb stands alone.
	doing := act + " " + topic
	if w, _, _ := strings.Cut(topic, " "); strings.HasSuffix(w, "ing") {
		doing = topic
	}
	var s string
	shape := g.in(0, 12)
	switch shape {
	case 0:
		s = hook + " " + capFirst(doing) + " " + when + ". " + det
	case 1:
		s = capFirst(topic) + ": " + lowerFirst(det)
	case 2:
		s = capFirst(doing) + " " + when + ". " + det
	case 3:
		s = fmt.Sprintf("Day %d of %s. %s", g.in(2, 60), doing, det)
	case 4:
		s = fmt.Sprintf("%d things I learned %s: %s", g.in(3, 7), doing, lowerFirst(det))
	case 5:
		s = g.pick(askStems) + " " + topic + "? " + det
	case 6:
		s = det + " " + capFirst(doing) + " " + when + "."
	case 7:
		s = capFirst(when) + ": " + doing + ". " + det
	case 8:
		s = "Honest thoughts on " + topic + " — " + lowerFirst(det)
	case 9:
		s = "Would you try " + topic + "? " + det
	case 10:
		s = hook + " " + det + " (" + topic + ")"
	case 11:
		s = g.pick(sayStems) + " " + topic + ". " + det
	default:
		s = "Finally " + doing + " and " + g.pick(finallies) + ". " + det
	}
	if shape != 0 && shape != 10 && g.chance(0.25) {
		s = g.pick(leads) + " " + lowerFirst(s)
	}
	short := p == creatormatch.TikTok
	if g.chance(map[bool]float64{false: 0.35, true: 0.15}[short]) {
		s += " " + g.pick(asides)
	}
	if g.chance(map[bool]float64{false: 0.45, true: 0.25}[short]) {
		s += " " + g.pick(ctas)
	}
	return s
}

func (g *gen) lifestyleCaption(p creatormatch.Platform) string {
	topic, det := g.pick(lifeTopics), g.pick(lifeDetails)
	if p == creatormatch.YouTube {
		return "Vlog: " + titleCase(topic)
	}
	switch g.in(0, 3) {
	case 0:
		return capFirst(topic) + ". " + det
	case 1:
		return det + " Celebrating " + topic + "."
	case 2:
		return "Off-topic, but " + topic + " made my week. " + det
	default:
		return g.pick(genHooks) + " " + capFirst(topic) + " " + g.pick(whens) + ". " + det
	}
}

func (g *gen) sponsorCaption(b *nicheBank, brand string) string {
	topic := g.pick(b.topics)
	code := strings.ToUpper(brand[:min(len(brand), 4+g.in(0, 2))]) + fmt.Sprint([]int{10, 15, 20, 25}[g.in(0, 3)])
	s := fmt.Sprintf(g.pick(sponsorShapes), brand, topic, code)
	if g.chance(0.2) { // no promo code, just the mention
		s = fmt.Sprintf("Loving %s with @%s lately.", topic, brand)
	}
	if g.chance(0.6) {
		s += " " + g.pick(b.details)
	}
	return s
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		switch {
		case i > 0 && slices.Contains(smallWords, w):
			continue
		case len(w) > 1 && w[0] >= 'a' && w[0] <= 'z' && w[1] >= 'A' && w[1] <= 'Z': // iPhone
			continue
		}
		words[i] = capFirst(w)
	}
	return strings.Join(words, " ")
}

var smallWords = split("a|an|the|of|for|in|on|and|to|with|vs|at|by|or")

// speaksLocal reports whether the creator speaks a language besides
// English, so a local-language aside fits.
func (g *gen) speaksLocal() bool {
	if len(g.country.asides) == 0 {
		return false
	}
	for _, l := range g.c.Languages {
		if l != "en" {
			return true
		}
	}
	return false
}

func (g *gen) organicComment(niche string) string {
	var s string
	if b, ok := banks[niche]; ok && g.chance(0.55) {
		s = g.pick(b.comments)
	} else {
		s = g.pick(organicComments)
	}
	if g.chance(0.25) {
		s += " " + g.pick(reactionEmojis)
	}
	if g.chance(0.1) {
		s = "@" + slugWord(g.pick(g.country.first)) + " " + s
	}
	return s
}

// ---------------------------------------------------------------------------
// counts

func (g *gen) metrics(it *creatormatch.ContentItem, a *acct, pl post) {
	boost := pl.boost
	factor := 1.0
	if pl.sponsored {
		factor *= g.f(0.6, 0.9)
	}
	if pl.niche == "lifestyle" {
		factor *= g.f(0.7, 1.1)
	}
	var inter, views float64
	switch a.p {
	case creatormatch.YouTube:
		views = a.real * a.vr * g.ln(0.45) * boost
		inter = views * a.pv * g.ln(0.25) * factor
	default:
		noise := g.ln(0.35)
		inter = float64(a.followers) * a.rate * noise * boost * factor
		if a.p == creatormatch.TikTok {
			views = a.real * a.vr * g.ln(0.4) * math.Sqrt(noise) * boost
		} else if g.chance(0.4) { // instagram reel
			views = a.real * g.lu(0.3, 1.5) * g.ln(0.3) * boost
		}
		if views > 0 {
			views = max(views, 3*inter)
		}
	}
	c2l := a.c2l * g.ln(0.3)
	likes := inter / (1 + c2l)
	it.Likes = int64(math.Round(likes))
	it.Comments = int64(math.Round(likes * c2l))
	it.Views = int64(math.Round(views))
	saveMul := 1.0
	if b, ok := banks[pl.niche]; ok && b.saveable {
		saveMul = 1.8
	}
	switch a.p {
	case creatormatch.Instagram:
		it.Shares = int64(math.Round(likes * g.lu(0.01, 0.06)))
		it.Saves = int64(math.Round(likes * g.lu(0.02, 0.1) * saveMul))
	case creatormatch.TikTok:
		it.Shares = int64(math.Round(likes * g.lu(0.02, 0.12)))
		it.Saves = int64(math.Round(likes * g.lu(0.01, 0.06) * saveMul))
	}
}
