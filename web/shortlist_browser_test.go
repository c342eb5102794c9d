package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/demodata"
)

// scienceBrief finds the YouTube sample's science channels (whose posts
// have URLs) beside synthetic creators (whose posts have none). It states
// no budget: the YouTube channels cost more per post than any small one.
const scienceBrief = "Science explainer videos on YouTube for curious adults who like physics and space."

// youtubeScience is the YouTube sample's science channels, five videos each.
func youtubeScience(t *testing.T) []creatormatch.Creator {
	yt, _, err := demodata.LoadYouTube(bytes.NewReader(demodata.YouTubeCSV))
	require.NoError(t, err)
	var out []creatormatch.Creator
	for _, c := range yt {
		if len(out) < 10 && len(c.Niches) > 0 && c.Niches[0] == "science" {
			c.Content = c.Content[:min(5, len(c.Content))]
			out = append(out, c)
		}
	}
	require.NotEmpty(t, out)
	return out
}

// sub is b driven by a subtest's t, so a failed require ends that subtest.
func (b *browserT) sub(t *testing.T) *browserT { return &browserT{t: t, ctx: b.ctx, dir: b.dir} }

func (b *browserT) find(brief string) {
	b.t.Helper()
	b.clear("#brief-text")
	b.do(chromedp.SendKeys(chromedp.CSS("#brief-text"), brief), chromedp.Click(chromedp.CSS("#find")))
	b.waitJS("results", `document.querySelectorAll("#results > li.card").length >= 5 && document.querySelector("#results-status").textContent.includes("found")`)
}

// totals reads the shortlist's totals by key (cost, budget, remaining,
// expected_reach, expected_engagements).
func (b *browserT) totals() map[string]float64 {
	b.t.Helper()
	raw := evalJS[map[string]string](b, `Object.fromEntries([...document.querySelectorAll("#totals dd")].map(d => [d.dataset.total, d.dataset.value]))`)
	out := map[string]float64{}
	for k, v := range raw {
		f, err := strconv.ParseFloat(v, 64)
		require.NoError(b.t, err, k)
		out[k] = f
	}
	return out
}

// cardCost is what one result card says a post, its reach and engagements cost.
type cardCost struct {
	ID, Handle  string
	Price       float64
	Reach, Eng  float64
	Niches, Mix string
}

func (b *browserT) card(i int) cardCost {
	b.t.Helper()
	m := evalJS[map[string]string](b, fmt.Sprintf(`(() => { const c = document.querySelectorAll("#results > li.card")[%d];
		const dd = (label) => [...c.querySelectorAll(".cost div")].find(d => d.querySelector("dt").textContent === label).querySelector("dd").textContent;
		return {id: c.dataset.creatorId, handle: c.querySelector("h3").textContent, price: c.querySelector(".cost dd[data-price]").dataset.price,
			niches: c.querySelector(".mix .niches").textContent, mix: [...c.querySelectorAll(".mix .audience .mix-part")].map(p => p.lastChild.textContent).join("; ")}; })()`, i))
	p, err := strconv.ParseFloat(m["price"], 64)
	require.NoError(b.t, err)
	return cardCost{ID: m["id"], Handle: m["handle"], Price: p, Niches: m["niches"], Mix: m["mix"]}
}

func (b *browserT) picks() []string {
	b.t.Helper()
	return evalJS[[]string](b, `[...document.querySelectorAll("#picks tbody tr")].map(r => r.dataset.creatorId)`)
}

// noOverflow checks, at the current viewport, that the page does not
// scroll sideways and that no legend label of a visible card is cut off or
// sticks out of its card.
func (b *browserT) noOverflow(width int) {
	b.t.Helper()
	assert.LessOrEqual(b.t, evalJS[int](b, `document.documentElement.scrollWidth`), width, "no horizontal scroll at %dpx", width)
	bad := evalJS[[]string](b, `(() => {
		const out = [];
		for (const card of document.querySelectorAll("#results > li.card article")) {
			const box = card.getBoundingClientRect();
			for (const li of card.querySelectorAll(".legend li")) {
				const r = li.getBoundingClientRect();
				const name = li.querySelector(".sig-name"), val = li.querySelector(".sig-val");
				if (name.scrollWidth > name.clientWidth + 1) out.push(name.textContent + ": label cut off (" + name.scrollWidth + " > " + name.clientWidth + ")");
				if (r.right > box.right + 0.5 || r.left < box.left - 0.5) out.push(name.textContent + ": outside its card");
				if (val.getBoundingClientRect().right > r.right + 0.5) out.push(name.textContent + ": value outside its item");
			}
			const legend = card.querySelector(".legend");
			if (legend.scrollWidth > legend.clientWidth + 1) out.push("legend scrolls sideways");
		}
		return out.slice(0, 10);
	})()`)
	assert.Empty(b.t, bad, "legend at %dpx", width)
}

// TestBrowserShortlistByHand drives the strategist's shortlist in Chromium:
// the cards' fit, niche, audience mix and constraints; the legend at a
// desktop and a phone width; the excluded list; adding and removing
// creators by hand with the totals and the budget warning; the CSV of
// hand-added picks; the shortlist cleared by a new brief and rebuilt for
// it; and cited post ids linked to the post when its URL is known.
func TestBrowserShortlistByHand(t *testing.T) {
	a := newApp(t, youtubeScience(t)...)
	b := newBrowser(t, 1400, 1000)
	b.do(chromedp.Navigate(a.url+"/"), chromedp.WaitVisible(chromedp.CSS("#brief-text")))
	b.waitJS("the app to start", `document.documentElement.dataset.ready === "1"`)
	b.find(testBrief)

	t.Run("card shows fit, decision, niche and audience mix", func(t *testing.T) {
		b := b.sub(t)
		c := evalJS[map[string]string](b, `(() => { const c = [...document.querySelectorAll("#results > li.card")].find(c => c.querySelector(".mix .audience .mix-part"));
			return {fit: c.querySelector(".fit").textContent, decision: c.querySelector(".decision").textContent,
				niches: c.querySelector(".mix .niches").textContent, audience: c.querySelector(".mix .audience").textContent}; })()`)
		assert.Regexp(t, `^on-brief \d{1,3}%$`, c["fit"])
		assert.Regexp(t, `^(good|neutral|avoid) (on brief|possible fit|off brief|most sponsored posts undisclosed) · on-brief \d+%$`, c["decision"])
		assert.NotEmpty(t, c["niches"])
		assert.NotEqual(t, "—", c["niches"])
		assert.Regexp(t, `Countries: [A-Z]{2} \d+%`, c["audience"], "top countries with shares")
		assert.Regexp(t, `Ages: \d+(-\d+|\+) \d+%`, c["audience"], "top ages with shares")
		assert.Regexp(t, `Genders: (female|male|other) \d+%`, c["audience"], "top genders with shares")
		assert.Contains(t, evalJS[string](b, `document.querySelector("#results-currency").textContent`), "Amounts in USD")
	})

	t.Run("legend readable at 1400px and 390px", func(t *testing.T) {
		b := b.sub(t)
		b.do(chromedp.EmulateViewport(1400, 1000))
		b.scrollTo("#results-panel")
		b.noOverflow(1400)
		t.Logf("1400px: %s", b.screenshot("legend-1400"))
		b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)))
		b.scrollTo("#results > li.card:first-child .legend")
		b.noOverflow(390)
		t.Logf("390px: %s", b.screenshot("legend-390"))
		b.do(chromedp.EmulateViewport(1400, 1000))
	})

	t.Run("excluded list with its rules when ticked", func(t *testing.T) {
		b := b.sub(t)
		assert.True(t, evalJS[bool](b, `document.querySelector("#excluded-panel").hidden`), "hidden until ticked")
		b.do(chromedp.Click(chromedp.CSS("#show-excluded")))
		b.waitJS("the excluded list", `!document.querySelector("#excluded-panel").hidden && document.querySelectorAll("#excluded > li").length > 0`)
		ex := evalJS[[]map[string]string](b, `[...document.querySelectorAll("#excluded > li")].map(li => ({id: li.dataset.creatorId,
			rules: [...li.querySelectorAll("li.rule")].map(r => r.dataset.rule).join(" "), text: li.querySelector(".rules").textContent}))`)
		shown := evalJS[[]string](b, `[...document.querySelectorAll("#results > li.card")].map(c => c.dataset.creatorId)`)
		known := regexp.MustCompile(`^(competitor_conflict|brand_safety|low_authenticity|over_budget|audience_threshold)( |$)`)
		for _, e := range ex {
			assert.NotContains(t, shown, e["id"], "an excluded creator is not ranked")
			assert.Regexp(t, known, e["rules"], e["id"])
			assert.NotEmpty(t, e["text"])
		}
		// The test brief excludes alcohol and gambling: some creator is out
		// for a flag, and says which.
		safety := ""
		for _, e := range ex {
			if strings.HasPrefix(e["rules"], "brand_safety") {
				safety = e["text"]
			}
		}
		assert.Regexp(t, `^brand safety: flagged (alcohol|gambling) \(severity`, safety)
		assert.False(t, evalJS[bool](b, `document.querySelector("#results").contains(document.querySelector("#excluded"))`), "kept apart from the ranked list")
		b.scrollTo("#excluded-panel")
		t.Logf("excluded: %s", b.screenshot("excluded"))
		b.do(chromedp.Click(chromedp.CSS("#show-excluded")))
		b.waitJS("the excluded list to go", `document.querySelector("#excluded-panel").hidden && document.querySelector("#results-status").textContent.includes("found")`)
	})

	t.Run("add and remove by hand", func(t *testing.T) {
		b := b.sub(t)
		// No shortlist yet: adding starts one with the panel's budget.
		b.clear("#sl-budget")
		b.do(chromedp.SendKeys(chromedp.CSS("#sl-budget"), "100"), chromedp.SetValue(chromedp.CSS("#sl-currency"), "USD"))
		var c0 cardCost
		i0 := -1
		for i := range 10 {
			if c := b.card(i); c.Mix != "" && c.Price > 100 {
				c0, i0 = c, i
				break
			}
		}
		require.GreaterOrEqual(t, i0, 0, "a card with audience data costing more than 100")
		add := func(i int) {
			b.do(chromedp.Click(chromedp.CSS(fmt.Sprintf("#results > li.card:nth-child(%d) button.add", i+1))))
		}
		add(i0)
		b.waitJS("the hand-added pick", fmt.Sprintf(`document.querySelector('#picks tbody tr[data-creator-id=%q]') !== null`, c0.ID))
		assert.Equal(t, []string{c0.ID}, b.picks())
		tot := b.totals()
		assert.InDelta(t, c0.Price, tot["cost"], 0.01)
		assert.InDelta(t, 100-c0.Price, tot["remaining"], 0.01)
		row := evalJS[map[string]string](b, fmt.Sprintf(`(() => { const r = document.querySelector('#picks tbody tr[data-creator-id=%q]');
			return {byHand: r.dataset.byHand, text: r.querySelector("td:nth-child(2)").textContent,
				niches: r.querySelector(".pick-niches").textContent, audience: r.querySelector(".pick-audience").textContent}; })()`, c0.ID))
		assert.Equal(t, "1", row["byHand"])
		assert.Contains(t, row["text"], "added by hand")
		assert.Equal(t, "Niche: "+c0.Niches, row["niches"], "the pick shows the creator's niches")
		assert.Equal(t, "Audience: "+c0.Mix, row["audience"], "the pick shows the audience mix")
		// Over the budget: a warning, not silence.
		warn := evalJS[string](b, `(() => { const w = document.querySelector("#shortlist-warning"); return w.hidden ? "" : w.textContent; })()`)
		assert.Contains(t, warn, "Over budget by")
		assert.Contains(t, evalJS[string](b, `document.querySelector("#shortlist-status").textContent`), "over its budget")
		assert.Contains(t, evalJS[string](b, `document.querySelector('#totals dd[data-total="remaining"]').parentElement.className`), "over")
		b.scrollTo("#shortlist")
		t.Logf("over budget: %s", b.screenshot("hand-over-budget"))

		// The card's button now takes the creator off: never on it twice.
		btn := fmt.Sprintf("#results > li.card:nth-child(%d) button.add", i0+1)
		assert.True(t, strings.HasPrefix(evalJS[string](b, fmt.Sprintf(`document.querySelector(%q).textContent`, btn)), "Remove from shortlist"))
		i1 := (i0 + 1) % 5
		c1 := b.card(i1)
		add(i1)
		b.waitJS("two picks", `document.querySelectorAll("#picks tbody tr").length === 2`)
		assert.InDelta(t, c0.Price+c1.Price, b.totals()["cost"], 0.01)
		b.do(chromedp.Click(chromedp.CSS(btn)))
		b.waitJS("the card's creator off the shortlist", `document.querySelectorAll("#picks tbody tr").length === 1`)
		assert.Equal(t, []string{c1.ID}, b.picks())
		// Remove the last one from the shortlist itself.
		b.do(chromedp.Click(chromedp.CSS("#picks tbody tr button.remove")))
		b.waitJS("an empty shortlist", `document.querySelectorAll("#picks tbody tr").length === 0`)
		tot = b.totals()
		assert.Zero(t, tot["cost"])
		assert.Zero(t, tot["expected_reach"])
		assert.True(t, evalJS[bool](b, `document.querySelector("#shortlist-warning").hidden`), "back within budget")
		assert.True(t, evalJS[bool](b, `document.querySelector("#export").disabled`), "nothing to export")

		// Build within 5000, then add one more by hand.
		b.clear("#sl-budget")
		b.do(chromedp.SendKeys(chromedp.CSS("#sl-budget"), "5000"), chromedp.Click(chromedp.CSS("#build")))
		b.waitJS("the shortlist", `document.querySelector("#shortlist-status").textContent.includes("picked")`)
		built := b.picks()
		require.NotEmpty(t, built)
		before := b.totals()
		assert.LessOrEqual(t, before["cost"], 5000.0)
		extra := -1
		for i := range 10 {
			if c := b.card(i); !strings.Contains(strings.Join(built, " "), c.ID) && c.Price > 0 {
				extra = i
				break
			}
		}
		require.GreaterOrEqual(t, extra, 0, "a card not on the built shortlist")
		ce := b.card(extra)
		add(extra)
		b.waitJS("the added pick", fmt.Sprintf(`document.querySelectorAll("#picks tbody tr").length === %d`, len(built)+1))
		after := b.totals()
		assert.InDelta(t, before["cost"]+ce.Price, after["cost"], 0.01, "cost follows")
		assert.InDelta(t, before["remaining"]-ce.Price, after["remaining"], 0.01, "remaining follows")
		assert.Greater(t, after["expected_reach"], before["expected_reach"], "reach follows")
		assert.Greater(t, after["expected_engagements"], before["expected_engagements"], "engagements follow")
		assert.Equal(t, append(append([]string{}, built...), ce.ID), b.picks())

		rows, err := csv.NewReader(bytes.NewReader(b.download("#export"))).ReadAll()
		require.NoError(t, err)
		require.Equal(t, csvHeader, rows[0])
		require.Len(t, rows, len(built)+2, "a row per pick, the hand-added one included")
		last := rows[len(rows)-1]
		assert.Equal(t, ce.ID, last[1])
		assert.Equal(t, "hand", last[14])
		assert.Equal(t, "USD", last[9])
		for _, r := range rows[1:] {
			fit, err := strconv.ParseFloat(r[6], 64)
			require.NoError(t, err, "fit")
			assert.True(t, fit >= 0 && fit <= 1, "fit %v", fit)
		}
		b.scrollTo("#shortlist")
		t.Logf("built and added: %s", b.screenshot("hand-added"))
	})

	t.Run("a new brief clears the shortlist; building again uses it", func(t *testing.T) {
		b := b.sub(t)
		if len(b.picks()) == 0 {
			b.do(chromedp.Click(chromedp.CSS("#build")))
			b.waitJS("the shortlist", `document.querySelector("#shortlist-status").textContent.includes("picked")`)
		}
		old := evalJS[string](b, `document.querySelector("#shortlist").dataset.briefId`)
		require.NotEmpty(t, old)
		assert.Equal(t, evalJS[string](b, `document.querySelector("#results-panel").dataset.briefId`), old)
		assert.False(t, evalJS[bool](b, `document.querySelector("#export").disabled`))

		b.find(scienceBrief)
		assert.NotEqual(t, old, evalJS[string](b, `document.querySelector("#results-panel").dataset.briefId`))
		assert.True(t, evalJS[bool](b, `document.querySelector("#shortlist-out").hidden`), "the old shortlist is gone")
		assert.Empty(t, b.picks())
		assert.True(t, evalJS[bool](b, `document.querySelector("#export").disabled`), "nothing to export")
		assert.Contains(t, evalJS[string](b, `document.querySelector("#shortlist-status").textContent`), "cleared")
		assert.Zero(t, evalJS[int](b, `document.querySelectorAll("#results button.add.on").length`), "no card claims to be on it")

		b.do(chromedp.Click(chromedp.CSS("#build")))
		b.waitJS("the new shortlist", `document.querySelector("#shortlist").dataset.briefId !== "" && !document.querySelector("#shortlist-out").hidden`)
		assert.Equal(t, evalJS[string](b, `document.querySelector("#results-panel").dataset.briefId`),
			evalJS[string](b, `document.querySelector("#shortlist").dataset.briefId`), "built for the brief on screen")
		// The new brief asks for YouTube; the old one for Instagram or TikTok.
		require.NotEmpty(t, b.picks(), "some science channel is on-brief")
		for _, p := range evalJS[[]string](b, `[...document.querySelectorAll("#picks tbody tr")].map(r => r.dataset.platform)`) {
			assert.Equal(t, "youtube", p, "a pick for the new brief")
		}
		// Few science channels are likely on-brief: the note says why the
		// shortlist is short.
		if n := len(b.picks()); n < 10 {
			assert.False(t, evalJS[bool](b, `document.querySelector("#shortlist-note").hidden`))
			assert.Contains(t, evalJS[string](b, `document.querySelector("#shortlist-note").textContent`), fmt.Sprintf("%d of 10 picks", n))
		}
		b.scrollTo("#shortlist")
		t.Logf("rebuilt: %s", b.screenshot("rebuilt"))
	})

	t.Run("cited posts link to their URL when known", func(t *testing.T) {
		b := b.sub(t)
		if evalJS[string](b, `document.querySelector("#brief-text").value`) != scienceBrief {
			b.find(scienceBrief)
		}
		ids := evalJS[[]string](b, `[...document.querySelectorAll("#results > li.card")].map(c => c.dataset.creatorId)`)
		yt, syn := -1, -1
		for i, id := range ids {
			if yt < 0 && strings.HasPrefix(id, "yt-") {
				yt = i
			}
			if syn < 0 && !strings.HasPrefix(id, "yt-") {
				syn = i
			}
		}
		require.GreaterOrEqual(t, yt, 0, "a YouTube sample creator among %v", ids)
		require.GreaterOrEqual(t, syn, 0, "a synthetic creator among %v", ids)

		open := func(i int) string {
			sel := fmt.Sprintf("#results > li.card:nth-child(%d)", i+1)
			b.do(chromedp.Click(chromedp.CSS(sel + " button.why")))
			b.waitJS("the captions", fmt.Sprintf(`document.querySelector(%q) !== null`, sel+" .why-panel .post .caption"))
			return sel
		}
		sel := open(yt)
		links := evalJS[[]map[string]string](b, fmt.Sprintf(`[...document.querySelectorAll(%q)].map(a => ({id: a.querySelector("code").textContent,
			href: a.getAttribute("href"), target: a.target, rel: a.rel}))`, sel+" .cited a.post-link"))
		require.NotEmpty(t, links, "cited YouTube videos are links")
		cr, err := a.store.GetCreator(context.Background(), ids[yt])
		require.NoError(t, err)
		urls := map[string]string{}
		for _, it := range cr.Content {
			urls[it.ID] = it.URL
		}
		for _, l := range links {
			assert.Equal(t, urls[l["id"]], l["href"], "post %s", l["id"])
			assert.Equal(t, "https://www.youtube.com/watch?v="+l["id"], l["href"])
			assert.Equal(t, "_blank", l["target"])
			assert.Contains(t, strings.Fields(l["rel"]), "noopener")
		}
		assert.Equal(t, len(links), evalJS[int](b, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel+" .cited .post-id")), "every cited id is linked")
		b.scrollTo(sel)
		t.Logf("links: %s", b.screenshot("post-links"))

		sel = open(syn)
		assert.Zero(t, evalJS[int](b, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel+" .cited a")), "no URL, no link")
		assert.Positive(t, evalJS[int](b, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel+" .cited code.post-id")), "the id as plain text")
	})
}
