package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
)

func postJSON(t *testing.T, url string, body, v any) {
	t.Helper()
	raw, err := json.Marshal(body)
	require.NoError(t, err)
	resp, err := http.Post(url, "application/json", bytes.NewReader(raw))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Less(t, resp.StatusCode, 300, url)
	if v != nil {
		require.NoError(t, json.NewDecoder(resp.Body).Decode(v))
	}
}

// apiCreator is the part of GET /v1/creators/{id} the profile draws.
type apiCreator struct {
	ID       string `json:"id"`
	Accounts []struct {
		Platform        string `json:"platform"`
		Followers       int64  `json:"followers"`
		FollowerHistory []struct {
			Date      string `json:"date"`
			Followers int64  `json:"followers"`
		} `json:"follower_history"`
	} `json:"accounts"`
	Audience struct {
		Age       map[string]float64 `json:"age"`
		Gender    map[string]float64 `json:"gender"`
		Countries map[string]float64 `json:"countries"`
	} `json:"audience"`
	Content []struct {
		ID       string `json:"id"`
		URL      string `json:"url"`
		PostedAt string `json:"posted_at"`
	} `json:"content"`
	Features map[string]json.RawMessage `json:"features"`
}

// chartRow is one bar of a profile chart as drawn.
type chartRow struct {
	Key, Label, Value string
	Share             float64
	Width             float64 // the bar's width as a share of its track
}

func (b *browserT) chart(dim string) []chartRow {
	b.t.Helper()
	raw := evalJS[[]map[string]string](b, fmt.Sprintf(`[...document.querySelectorAll('#profile-body .chart[data-dimension=%q] li.bar-row')].map(li => ({
		key: li.dataset.key, share: li.dataset.share, label: li.querySelector(".bar-label").textContent, value: li.querySelector(".bar-value").textContent,
		width: String(li.querySelector(".bar-fill").getBoundingClientRect().width / li.querySelector(".bar-track").getBoundingClientRect().width)}))`, dim))
	out := make([]chartRow, len(raw))
	for i, r := range raw {
		share, err := strconv.ParseFloat(r["share"], 64)
		require.NoError(b.t, err)
		w, err := strconv.ParseFloat(r["width"], 64)
		require.NoError(b.t, err)
		out[i] = chartRow{Key: r["key"], Label: r["label"], Value: r["value"], Share: share, Width: w}
	}
	return out
}

// checkChart asserts the chart has a bar per key of want (the largest nine
// and one "Other" when there are more than ten), labelled, with the share
// as a percentage and a bar that long.
func checkChart(t *testing.T, dim string, rows []chartRow, want map[string]float64, label func(string) string) {
	t.Helper()
	require.NotEmpty(t, rows, "%s chart", dim)
	got := map[string]float64{}
	for _, r := range rows {
		pct, err := strconv.ParseFloat(strings.TrimSuffix(r.Value, "%"), 64)
		require.NoError(t, err, "%s %q", dim, r.Value)
		assert.InDelta(t, r.Share*100, pct, 0.051, "%s %s: the value is the share", dim, r.Key)
		assert.InDelta(t, r.Share, r.Width, 0.02, "%s %s: the bar is as long as the share", dim, r.Key)
		if r.Key == "" {
			assert.True(t, strings.HasPrefix(r.Label, "Other ("), r.Label)
			continue
		}
		got[r.Key] = r.Share
		assert.Equal(t, label(r.Key), r.Label, "%s %s", dim, r.Key)
	}
	if len(want) <= 10 {
		assert.Equal(t, want, got, "%s: a bar per key", dim)
		return
	}
	assert.Len(t, got, 9)
	sum := 0.0
	for k, v := range got {
		assert.Equal(t, want[k], v, "%s %s", dim, k)
		sum += v
	}
	assert.InDelta(t, 1-sum, rows[len(rows)-1].Share, 0.02, "%s: other is the rest", dim)
}

// setSelect picks a value in a select the way a user does: the change
// event follows.
func (b *browserT) setSelect(sel, value string) {
	b.t.Helper()
	evalJS[chromedp.Void](b, fmt.Sprintf(`(() => { const s = document.querySelector(%q); s.value = %q; s.dispatchEvent(new Event("change", {bubbles: true})); })()`, sel, value))
}

// TestBrowserLists drives the lists in Chromium: the shortlist saved as a
// list of prospects with the result cards' badges, the Lists view with its
// pages, a status changed on the list, a note added with its author and
// time, and the creator's profile: audience charts drawn from the
// creator's audience, follower growth, recent posts, features with their
// evidence, the lists it is on and the notes.
func TestBrowserLists(t *testing.T) {
	b := newBrowser(t, 1400, 1000) // first: without Chromium, skip (or fail under CI) before ingesting
	a := newApp(t, profileCreator())
	b.do(chromedp.Navigate(a.url+"/"), chromedp.WaitVisible(chromedp.CSS("#brief-text")))
	b.waitJS("the app to start", `document.documentElement.dataset.ready === "1"`)
	b.find(testBrief)
	b.clear("#sl-budget")
	b.do(chromedp.SendKeys(chromedp.CSS("#sl-budget"), "5000"), chromedp.Click(chromedp.CSS("#build")))
	b.waitJS("the shortlist", `document.querySelector("#shortlist-status").textContent.includes("picked")`)
	picks := b.picks()
	require.GreaterOrEqual(t, len(picks), 2)

	const listName = "Snack launch <prospects> & co"
	var listID string
	badges := func(b *browserT) map[string]string {
		return evalJS[map[string]string](b, fmt.Sprintf(`Object.fromEntries([...document.querySelectorAll("#results > li.card")].flatMap(c =>
			[...c.querySelectorAll(".list-badges li")].filter(li => li.dataset.listId === %q).map(li => [c.dataset.creatorId, li.dataset.status + "|" + li.textContent])))`, listID))
	}

	t.Run("save the shortlist as a list", func(t *testing.T) {
		b := b.sub(t)
		assert.False(t, evalJS[bool](b, `document.querySelector("#save-list").disabled`))
		b.do(chromedp.SendKeys(chromedp.CSS("#list-name"), listName), chromedp.Click(chromedp.CSS("#save-list")))
		b.waitJS("the list saved", `document.querySelector("#save-list-status").textContent.startsWith("Saved")`)
		assert.Equal(t, fmt.Sprintf("Saved %d creators to the list “%s” as prospects.", len(picks), listName),
			evalJS[string](b, `document.querySelector("#save-list-status").textContent`))
		listID = evalJS[string](b, `document.querySelector("#save-list-link a").dataset.listId`)
		require.NotEmpty(t, listID)
		assert.Equal(t, "#/lists/"+listID, evalJS[string](b, `document.querySelector("#save-list-link a").getAttribute("href")`))

		var ls struct{ Lists []creatormatch.List }
		getJSON(t, a.url+"/v1/lists", &ls)
		require.Len(t, ls.Lists, 1)
		assert.Equal(t, listName, ls.Lists[0].Name, "the name is sent as typed")
		assert.Equal(t, listID, ls.Lists[0].ID)
		assert.Equal(t, len(picks), ls.Lists[0].Items)
		var items struct{ Items []creatormatch.ListItem }
		getJSON(t, a.url+"/v1/lists/"+listID+"/items", &items)
		var ids []string
		for _, it := range items.Items {
			ids = append(ids, it.CreatorID)
			assert.Equal(t, creatormatch.ListStatus("prospect"), it.Status, it.CreatorID)
		}
		assert.ElementsMatch(t, picks, ids, "every shortlisted creator is on the list")
		assert.ElementsMatch(t, picks, evalJS[[]string](b, fmt.Sprintf(`[...document.querySelectorAll("#picks tbody tr")].filter(r => r.querySelector('.list-badges li[data-list-id=%q][data-status="prospect"]')).map(r => r.dataset.creatorId)`, listID)),
			"the shortlist's rows show the list too")

		// The cards of the saved creators say so at once, and the server's
		// annotation says the same after another search.
		onCards := 0
		for id, v := range badges(b) {
			assert.Contains(t, picks, id)
			assert.Equal(t, "prospect|"+listName+": Prospect", v, id)
			onCards++
		}
		assert.Positive(t, onCards, "some saved creator is among the results")
		b.do(chromedp.Click(chromedp.CSS("#update")))
		b.waitJS("the results again", `document.querySelector("#results-status").textContent.includes("found")`)
		after := badges(b)
		assert.Len(t, after, onCards, "the match response's lists annotation")
		for id, v := range after {
			assert.Equal(t, "prospect|"+listName+": Prospect", v, id)
		}
		assert.Equal(t, "#/lists/"+listID, evalJS[string](b, `document.querySelector("#results .list-badges a").getAttribute("href")`))
		b.scrollTo("#shortlist")
		t.Logf("saved: %s", b.screenshot("lists-saved"))
	})
	require.NotEmpty(t, listID)

	t.Run("save a brief and run it again", func(t *testing.T) {
		b := b.sub(t)
		const name = "Snack brief <saved>"
		b.clear("#save-brief-name")
		b.do(chromedp.SendKeys(chromedp.CSS("#save-brief-name"), name), chromedp.Click(chromedp.CSS("#save-brief")))
		b.waitJS("the brief saved", `document.querySelector("#save-brief-status").textContent.startsWith("Saved")`)
		var saved struct {
			SavedBriefs []creatormatch.SavedBrief `json:"saved_briefs"`
		}
		getJSON(t, a.url+"/v1/saved-briefs", &saved)
		require.Len(t, saved.SavedBriefs, 1)
		assert.Equal(t, name, saved.SavedBriefs[0].Name, "the name is sent as typed")
		assert.Equal(t, strings.TrimSpace(testBrief), saved.SavedBriefs[0].Brief.Text)
		assert.False(t, evalJS[bool](b, `document.querySelector("#load-brief-form").hidden`), "the picker shows the saved brief")
		assert.Equal(t, name, evalJS[string](b, `document.querySelector("#saved-briefs option:checked").textContent`))

		// Clear the page's brief, then run the saved one: the text and the
		// results come back.
		b.clear("#brief-text")
		evalJS[chromedp.Void](b, `document.querySelector("#results-status").textContent = ""`)
		b.do(chromedp.Click(chromedp.CSS("#load-brief")))
		b.waitJS("the saved brief's results", `document.querySelector("#results-status").textContent.includes("found")`)
		assert.Equal(t, strings.TrimSpace(testBrief), evalJS[string](b, `document.querySelector("#brief-text").value`))
		assert.NotEmpty(t, evalJS[[]string](b, `[...document.querySelectorAll("#results > li.card")].map(c => c.dataset.creatorId)`))
	})

	t.Run("the Lists view pages through the lists", func(t *testing.T) {
		b := b.sub(t)
		for i := range 20 {
			postJSON(t, a.url+"/v1/lists", map[string]string{"name": fmt.Sprintf("Other list %02d", i+1)}, nil)
		}
		b.do(chromedp.Click(chromedp.CSS("#nav-lists")))
		b.waitJS("the first page of lists", `!document.querySelector("#view-lists").hidden && document.querySelectorAll("#lists-table tbody tr").length === 20`)
		assert.True(t, evalJS[bool](b, `document.querySelector("#view-search").hidden`))
		assert.Equal(t, "page", evalJS[string](b, `document.querySelector("#nav-lists").getAttribute("aria-current")`))
		assert.Equal(t, "lists-title", evalJS[string](b, `document.activeElement.id`), "focus moves to the view's heading")
		first := evalJS[map[string]string](b, `(() => { const r = document.querySelector("#lists-table tbody tr");
			return {id: r.dataset.listId, name: r.querySelector("a").textContent, items: r.querySelector("td.num").dataset.items}; })()`)
		assert.Equal(t, map[string]string{"id": listID, "name": listName, "items": strconv.Itoa(len(picks))}, first, "oldest first")
		assert.True(t, evalJS[bool](b, `document.querySelector("#lists-prev").disabled`))
		assert.False(t, evalJS[bool](b, `document.querySelector("#lists-next").disabled`))
		b.do(chromedp.Click(chromedp.CSS("#lists-next")))
		b.waitJS("the second page", `document.querySelectorAll("#lists-table tbody tr").length === 1 && document.querySelector("#lists-page").textContent.startsWith("Page 2")`)
		assert.Equal(t, "Other list 20", evalJS[string](b, `document.querySelector("#lists-table tbody tr a").textContent`))
		b.do(chromedp.Click(chromedp.CSS("#lists-prev")))
		b.waitJS("the first page again", `document.querySelectorAll("#lists-table tbody tr").length === 20 && document.querySelector("#lists-page").textContent.startsWith("Page 1")`)
		t.Logf("lists: %s", b.screenshot("lists-view"))
	})

	// The profile is checked for a saved creator with a full audience.
	var who string
	for _, id := range picks {
		var c apiCreator
		getJSON(t, a.url+"/v1/creators/"+id, &c)
		if len(c.Audience.Countries) > 0 && len(c.Audience.Age) > 0 && len(c.Audience.Gender) > 0 {
			who = id
			break
		}
	}
	require.NotEmpty(t, who, "a saved creator with audience data")
	row := fmt.Sprintf(`#items tbody tr.item[data-creator-id=%q]`, who)

	t.Run("change a status on the list", func(t *testing.T) {
		b := b.sub(t)
		b.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#lists-table tr[data-list-id=%q] a`, listID))))
		b.waitJS("the list's creators", fmt.Sprintf(`!document.querySelector("#view-list").hidden && document.querySelectorAll("#items tbody tr.item").length === %d`, len(picks)))
		assert.Equal(t, listName, evalJS[string](b, `document.querySelector("#list-title").textContent`))
		assert.Equal(t, []string{"prospect"}, evalJS[[]string](b, `[...new Set([...document.querySelectorAll("#items select.status-select")].map(s => s.value))]`))
		// Every select is labelled with its creator.
		assert.Zero(t, evalJS[int](b, `[...document.querySelectorAll("#items select.status-select")].filter(s => !s.labels.length || !s.labels[0].textContent.startsWith("Status of ")).length`))

		// Keyboard only: focus the creator's status and press the down arrow
		// (prospect is followed by contacted).
		b.do(chromedp.Focus(chromedp.CSS(row+" select.status-select")), chromedp.KeyEvent(kb.ArrowDown))
		b.waitJS("the new status", fmt.Sprintf(`document.querySelector(%q).dataset.status === "contacted" && document.querySelector("#list-status").textContent.includes("is now contacted")`, row))
		var items struct{ Items []creatormatch.ListItem }
		getJSON(t, a.url+"/v1/lists/"+listID+"/items", &items)
		for _, it := range items.Items {
			want := creatormatch.ListStatus("prospect")
			if it.CreatorID == who {
				want = "contacted"
			}
			assert.Equal(t, want, it.Status, it.CreatorID)
		}
		assert.True(t, evalJS[bool](b, fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, row+" select.status-select")), "focus stays on the select")
		// Quick steps keep the last choice: two down (hired), then two up.
		itemStatus := func() creatormatch.ListStatus {
			var items struct{ Items []creatormatch.ListItem }
			getJSON(t, a.url+"/v1/lists/"+listID+"/items", &items)
			for _, it := range items.Items {
				if it.CreatorID == who {
					return it.Status
				}
			}
			return ""
		}
		b.do(chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
		b.waitJS("hired", fmt.Sprintf(`document.querySelector(%q).dataset.status === "hired" && !document.querySelector(%q).hasAttribute("aria-busy")`, row, row))
		assert.Equal(t, creatormatch.ListStatus("hired"), itemStatus())
		b.do(chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp))
		b.waitJS("contacted again", fmt.Sprintf(`document.querySelector(%q).dataset.status === "contacted" && !document.querySelector(%q).hasAttribute("aria-busy")`, row, row))
		assert.Equal(t, creatormatch.ListStatus("contacted"), itemStatus())

		// The filter shows the contacted one only.
		b.setSelect("#items-filter", "contacted")
		b.waitJS("the filtered list", `document.querySelectorAll("#items tbody tr.item").length === 1`)
		assert.Equal(t, who, evalJS[string](b, `document.querySelector("#items tbody tr.item").dataset.creatorId`))
		b.setSelect("#items-filter", "")
		b.waitJS("every creator again", fmt.Sprintf(`document.querySelectorAll("#items tbody tr.item").length === %d`, len(picks)))
		t.Logf("list: %s", b.screenshot("list-status"))
	})

	const noteText = "Replied <b>fast</b> & asked for the brief."
	t.Run("add a note", func(t *testing.T) {
		b := b.sub(t)
		b.do(chromedp.Click(chromedp.CSS(row + " button.notes-toggle")))
		notes := fmt.Sprintf(`#items tr.notes-row[data-creator-id=%q] .notes`, who)
		b.waitJS("the notes", fmt.Sprintf(`document.querySelector(%q) && document.querySelector(%q).dataset.loaded === "1"`, notes, notes))
		assert.Equal(t, "true", evalJS[string](b, fmt.Sprintf(`document.querySelector(%q).getAttribute("aria-expanded")`, row+" button.notes-toggle")))
		assert.Equal(t, "No note yet.", evalJS[string](b, fmt.Sprintf(`document.querySelector(%q).textContent`, notes+" .note-list")))
		b.do(chromedp.SendKeys(chromedp.CSS(notes+" textarea"), noteText), chromedp.Click(chromedp.CSS(notes+" button.add-note")))
		b.waitJS("the note", fmt.Sprintf(`document.querySelectorAll(%q).length === 1`, notes+" .note-item"))
		n := evalJS[map[string]string](b, fmt.Sprintf(`(() => { const n = document.querySelector(%q);
			return {text: n.querySelector(".note-text").textContent, html: n.querySelector(".note-text").innerHTML, author: n.querySelector(".note-author").textContent,
				time: n.querySelector("time").getAttribute("datetime"), shown: n.querySelector("time").textContent}; })()`, notes+" .note-item"))
		assert.Equal(t, noteText, n["text"])
		assert.NotContains(t, n["html"], "<b>", "the note's text is escaped")
		assert.Equal(t, "local", n["author"], "the loopback demo's author")
		assert.NotEmpty(t, n["shown"])
		assert.Empty(t, evalJS[string](b, fmt.Sprintf(`document.querySelector(%q).value`, notes+" textarea")), "the form is cleared")

		var got struct{ Notes []creatormatch.Note }
		getJSON(t, a.url+"/v1/creators/"+who+"/notes", &got)
		require.Len(t, got.Notes, 1)
		assert.Equal(t, noteText, got.Notes[0].Text)
		assert.Equal(t, "local", got.Notes[0].Author)
		assert.Equal(t, got.Notes[0].CreatedAt.UTC().Format("2006-01-02T15:04:05"), n["time"][:19])
		b.scrollTo(row)
		t.Logf("note: %s", b.screenshot("list-note"))
	})

	t.Run("the profile page", func(t *testing.T) {
		b := b.sub(t)
		var c apiCreator
		getJSON(t, a.url+"/v1/creators/"+who, &c)
		b.do(chromedp.Click(chromedp.CSS(row + " a.profile-link")))
		b.waitJS("the profile", fmt.Sprintf(`!document.querySelector("#view-profile").hidden && document.querySelector("#profile-body").dataset.creatorId === %q`, who))
		assert.Equal(t, "#/creators/"+who, evalJS[string](b, `location.hash`))
		assert.Equal(t, "profile-title", evalJS[string](b, `document.activeElement.id`))
		assert.Equal(t, "#/lists/"+listID, evalJS[string](b, `document.querySelector("#profile-back").getAttribute("href")`), "back to the list it was opened from")

		// Audience charts: a labelled bar per key with its percentage.
		countryLabel := func(k string) string {
			return evalJS[string](b, fmt.Sprintf(`(() => { const n = new Intl.DisplayNames(["en"], {type: "region"}).of(%q); return n && n !== %q ? n + " (" + %q + ")" : %q; })()`, k, k, k, k))
		}
		checkChart(t, "country", b.chart("country"), c.Audience.Countries, countryLabel)
		ages := b.chart("age")
		checkChart(t, "age", ages, c.Audience.Age, func(k string) string { return k })
		var order []string
		for _, r := range ages {
			order = append(order, r.Key)
		}
		assert.True(t, sort.SliceIsSorted(order, func(i, j int) bool { return ageIndex(order[i]) < ageIndex(order[j]) }), "ages youngest first: %v", order)
		genderLabels := map[string]string{"female": "Female", "male": "Male", "other": "Other"}
		checkChart(t, "gender", b.chart("gender"), c.Audience.Gender, func(k string) string { return genderLabels[k] })
		assert.Equal(t, "Audience by country", evalJS[string](b, `document.querySelector('#profile-body .chart[data-dimension="country"] figcaption').textContent`))
		assert.Equal(t, "true", evalJS[string](b, `String(document.querySelector("#profile-body .bar-track").getAttribute("aria-hidden"))`), "the bars are decoration; the text carries the numbers")

		// Follower growth from the history, or a plain statement.
		withHistory := 0
		for _, acc := range c.Accounts {
			if len(acc.FollowerHistory) >= 2 {
				withHistory++
				sel := fmt.Sprintf(`#profile-body figure.growth-chart[data-platform=%q]`, acc.Platform)
				assert.Equal(t, strconv.Itoa(len(acc.FollowerHistory)), evalJS[string](b, fmt.Sprintf(`document.querySelector(%q).dataset.points`, sel)), acc.Platform)
				assert.Equal(t, len(acc.FollowerHistory), evalJS[int](b, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel+" svg circle")))
				assert.Equal(t, len(acc.FollowerHistory), evalJS[int](b, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel+" details tbody tr")))
				assert.Contains(t, evalJS[string](b, fmt.Sprintf(`document.querySelector(%q).textContent`, sel+" svg desc")), "followers")
			}
		}
		if withHistory == 0 {
			assert.Contains(t, evalJS[string](b, `document.querySelector("#profile-body .no-growth").textContent`), "not available")
		} else {
			assert.Equal(t, withHistory, evalJS[int](b, `document.querySelectorAll("#profile-body figure.growth-chart").length`))
		}
		assert.Equal(t, len(c.Accounts), evalJS[int](b, `document.querySelectorAll("#profile-body table.accounts tbody tr").length`), "a row per account")

		// Recent posts, newest first, linked to the post when it has a URL.
		posts := evalJS[[]map[string]string](b, `[...document.querySelectorAll("#profile-body .recent-posts > li")].map(li => ({id: li.dataset.postId,
			href: li.querySelector("a.post-url") ? li.querySelector("a.post-url").getAttribute("href") : ""}))`)
		require.Len(t, posts, min(12, len(c.Content)))
		urls := map[string]string{}
		for _, p := range c.Content {
			urls[p.ID] = p.URL
		}
		for _, p := range posts {
			assert.Equal(t, urls[p["id"]], p["href"], p["id"])
		}

		// Every feature, with its evidence.
		feats := evalJS[map[string]int](b, `Object.fromEntries([...document.querySelectorAll("#profile-body li.feature")].map(f => [f.dataset.feature, f.querySelectorAll(".evidence-item").length]))`)
		for k, raw := range c.Features {
			if k == "computed_at" {
				continue
			}
			require.Contains(t, feats, k, "feature %s is shown", k)
			var f struct {
				Evidence []json.RawMessage `json:"evidence"`
			}
			require.NoError(t, json.Unmarshal(raw, &f))
			assert.GreaterOrEqual(t, feats[k], len(f.Evidence), "feature %s shows its evidence", k)
		}

		// The lists it is on, with the status, and the workspace's notes.
		b.waitJS("the creator's lists", `document.querySelector("#profile-body .on-lists") !== null`)
		onLists := evalJS[map[string]string](b, `Object.fromEntries([...document.querySelectorAll("#profile-body .on-list")].map(li => [li.dataset.listId, li.dataset.status]))`)
		assert.Equal(t, map[string]string{listID: "contacted"}, onLists)
		// The status can be changed here too.
		sel := fmt.Sprintf(`#profile-body .on-list[data-list-id=%q]`, listID)
		assert.Equal(t, "contacted", evalJS[string](b, fmt.Sprintf(`document.querySelector(%q).value`, sel+" select")))
		assert.Equal(t, "Status of "+creatorHandle(t, a, who)+" on "+listName, evalJS[string](b, fmt.Sprintf(`document.querySelector(%q).labels[0].textContent`, sel+" select")))
		b.do(chromedp.Focus(chromedp.CSS(sel+" select")), chromedp.KeyEvent(kb.ArrowDown))
		b.waitJS("negotiating", fmt.Sprintf(`document.querySelector(%q).dataset.status === "negotiating" && !document.querySelector(%q).hasAttribute("aria-busy")`, sel, sel))
		assert.Contains(t, evalJS[string](b, `document.querySelector("#profile-status").textContent`), "is now negotiating")
		var items struct{ Items []creatormatch.ListItem }
		getJSON(t, a.url+"/v1/lists/"+listID+"/items?status=negotiating", &items)
		require.Len(t, items.Items, 1)
		assert.Equal(t, who, items.Items[0].CreatorID)
		b.do(chromedp.KeyEvent(kb.ArrowUp))
		b.waitJS("contacted again", fmt.Sprintf(`document.querySelector(%q).dataset.status === "contacted" && !document.querySelector(%q).hasAttribute("aria-busy")`, sel, sel))
		b.waitJS("the profile's notes", `document.querySelector('#profile-body .notes[data-loaded="1"] .note-item') !== null`)
		assert.Equal(t, noteText, evalJS[string](b, `document.querySelector("#profile-body .note-item .note-text").textContent`))
		assert.Equal(t, "local", evalJS[string](b, `document.querySelector("#profile-body .note-item .note-author").textContent`))
		b.scrollTo("#view-profile")
		t.Logf("profile: %s", b.screenshot("profile"))

		// A phone's width: nothing scrolls sideways; tables scroll in their box.
		b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)))
		assert.LessOrEqual(t, evalJS[int](b, `document.documentElement.scrollWidth`), 390, "no horizontal scroll at 390px")
		wide := evalJS[[]string](b, `[...document.querySelectorAll("#view-profile *")].filter(e => e.getBoundingClientRect().right > 391 && e.offsetParent !== null && !e.closest(".table-wrap")).slice(0, 5).map(e => e.tagName + "." + e.getAttribute("class"))`)
		assert.Empty(t, wide, "elements wider than the phone")
		b.scrollTo(`#profile-body [data-section="audience"]`)
		t.Logf("profile on a phone: %s", b.screenshot("profile-390"))
		b.do(chromedp.EmulateViewport(1400, 1000))
		b.scrollTo(`#profile-body [data-section="features"]`)
		t.Logf("features: %s", b.screenshot("profile-features"))
	})

	t.Run("rename, export and delete the list", func(t *testing.T) {
		b := b.sub(t)
		b.do(chromedp.Click(chromedp.CSS("#profile-back")))
		b.waitJS("the list", fmt.Sprintf(`!document.querySelector("#view-list").hidden && document.querySelectorAll("#items tbody tr.item").length === %d`, len(picks)))
		const renamed = "Snack launch (round 2)"
		b.do(chromedp.Click(chromedp.CSS("#list-manage summary")))
		b.clear("#rename-list-name")
		b.do(chromedp.SendKeys(chromedp.CSS("#rename-list-name"), renamed), chromedp.Click(chromedp.CSS("#rename-list-form button[type=submit]")))
		b.waitJS("the new name", fmt.Sprintf(`document.querySelector("#list-title").textContent === %q`, renamed))
		var l creatormatch.List
		getJSON(t, a.url+"/v1/lists/"+listID, &l)
		assert.Equal(t, renamed, l.Name)

		rows, err := csv.NewReader(bytes.NewReader(b.download("#export-list"))).ReadAll()
		require.NoError(t, err)
		require.Len(t, rows, len(picks)+1, "a header and a row per creator")
		col := map[string]int{}
		for i, name := range rows[0] {
			col[name] = i
		}
		require.Subset(t, rows[0], []string{"creator_id", "status", "notes"})
		for _, r := range rows[1:] {
			if r[col["creator_id"]] == who {
				assert.Equal(t, "contacted", r[col["status"]])
				assert.Contains(t, r[col["notes"]], noteText)
			} else {
				assert.Equal(t, "prospect", r[col["status"]])
			}
		}

		// Remove a creator other than the one with the note.
		other := ""
		for _, id := range picks {
			if id != who {
				other = id
				break
			}
		}
		b.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#items tbody tr.item[data-creator-id=%q] button.remove-item`, other))))
		b.waitJS("one creator fewer", fmt.Sprintf(`document.querySelectorAll("#items tbody tr.item").length === %d`, len(picks)-1))
		assert.True(t, strings.HasPrefix(evalJS[string](b, `document.querySelector("#list-meta").textContent`), fmt.Sprintf("%d creator", len(picks)-1)))
		assert.Equal(t, "SELECT", evalJS[string](b, `document.activeElement.tagName`), "focus moves to another creator's status")
		var left struct{ Items []creatormatch.ListItem }
		getJSON(t, a.url+"/v1/lists/"+listID+"/items", &left)
		assert.Len(t, left.Items, len(picks)-1)

		// Deleting asks first, on the page.
		b.do(chromedp.Click(chromedp.CSS("#delete-list")))
		assert.False(t, evalJS[bool](b, `document.querySelector("#delete-confirm").hidden`))
		assert.Contains(t, evalJS[string](b, `document.querySelector("#delete-confirm-text").textContent`), renamed)
		assert.Equal(t, "delete-cancel", evalJS[string](b, `document.activeElement.id`))
		b.do(chromedp.Click(chromedp.CSS("#delete-cancel")))
		assert.True(t, evalJS[bool](b, `document.querySelector("#delete-confirm").hidden`))
		b.do(chromedp.Click(chromedp.CSS("#delete-list")), chromedp.Click(chromedp.CSS("#delete-confirm-yes")))
		b.waitJS("the lists without it", `!document.querySelector("#view-lists").hidden && document.querySelector("#lists-status").textContent.startsWith("Deleted")`)
		assert.Equal(t, 20, evalJS[int](b, `document.querySelectorAll("#lists-table tbody tr").length`))
		var ls struct{ Lists []creatormatch.List }
		getJSON(t, a.url+"/v1/lists", &ls)
		assert.Len(t, ls.Lists, 20)
		for _, x := range ls.Lists {
			assert.NotEqual(t, listID, x.ID)
		}
		assert.Empty(t, badges(b), "no card shows the deleted list")
		var notes struct{ Notes []creatormatch.Note }
		getJSON(t, a.url+"/v1/creators/"+who+"/notes", &notes)
		assert.Len(t, notes.Notes, 1, "notes outlive the list")
	})

	t.Run("find a known creator by handle and see its contact", func(t *testing.T) {
		b := b.sub(t)
		evalJS[chromedp.Void](b, `location.hash = "#/lists"`)
		b.waitJS("the Lists view", `!document.querySelector("#view-lists").hidden`)
		b.clear("#find-creator-q")
		b.do(chromedp.SendKeys(chromedp.CSS("#find-creator-q"), "@ZOE_trav"), chromedp.Click(chromedp.CSS("#find-creator")))
		b.waitJS("the hits", `document.querySelectorAll("#found-creators li.found-creator").length > 0`)
		assert.Equal(t, []string{"test-zoe"}, evalJS[[]string](b, `[...document.querySelectorAll("#found-creators li.found-creator")].map(li => li.dataset.creatorId)`))
		b.do(chromedp.Click(chromedp.CSS(`#found-creators li.found-creator a`)))
		b.waitJS("the profile", `document.querySelector("#profile-body").dataset.creatorId === "test-zoe"`)
		assert.Equal(t, []string{"Email", "zoe@example.com", "Agent", "Atlas <Talent>", "Website", "https://zoe.example.com/"},
			evalJS[[]string](b, `[...document.querySelectorAll("#profile-body .contact dt, #profile-body .contact dd")].map(e => e.textContent)`))
		assert.Equal(t, "mailto:zoe@example.com", evalJS[string](b, `document.querySelector("#profile-body .contact a").getAttribute("href")`))
		evalJS[chromedp.Void](b, `location.hash = "#/lists"`)
		b.waitJS("the Lists view", `!document.querySelector("#view-lists").hidden`)
	})

	t.Run("a known creator's profile, exactly", func(t *testing.T) {
		b := b.sub(t)
		for i := range 21 {
			postJSON(t, a.url+"/v1/creators/test-zoe/notes", map[string]string{"text": fmt.Sprintf("note %02d", i+1)}, nil)
		}
		evalJS[chromedp.Void](b, `location.hash = "#/creators/test-zoe"`)
		b.waitJS("the profile", `document.querySelector("#profile-body").dataset.creatorId === "test-zoe"`)
		assert.Equal(t, "Zoë <b>Bold</b> (@zoe_travels)", evalJS[string](b, `document.querySelector("#profile-title").textContent`), "the name is text")
		assert.Zero(t, evalJS[int](b, `document.querySelectorAll("#view-profile b, #view-profile script").length`), "no markup from the data")

		type bar struct{ Key, Label, Value string }
		bars := func(dim string) []bar {
			var out []bar
			for _, r := range b.chart(dim) {
				out = append(out, bar{r.Key, r.Label, r.Value})
				assert.InDelta(t, r.Share, r.Width, 0.02, "%s %s: the bar is as long as the share", dim, r.Key)
			}
			return out
		}
		assert.Equal(t, []bar{
			{"US", "United States (US)", "30.0%"}, {"GB", "United Kingdom (GB)", "15.0%"}, {"DE", "Germany (DE)", "10.0%"},
			{"FR", "France (FR)", "8.0%"}, {"ES", "Spain (ES)", "7.0%"}, {"IT", "Italy (IT)", "6.0%"},
			{"NL", "Netherlands (NL)", "5.0%"}, {"SE", "Sweden (SE)", "5.0%"}, {"BR", "Brazil (BR)", "4.0%"},
			{"", "Other (3)", "10.0%"},
		}, bars("country"), "the largest nine countries, then the rest")
		assert.Equal(t, []bar{{"13-17", "13-17", "10.0%"}, {"18-24", "18-24", "50.0%"}, {"25-34", "25-34", "40.0%"}}, bars("age"), "ages youngest first")
		assert.Equal(t, []bar{{"female", "Female", "70.0%"}, {"male", "Male", "25.0%"}, {"other", "Other", "5.0%"}}, bars("gender"))
		assert.Equal(t, []string{"Audience by country", "Audience by age", "Audience by gender"},
			evalJS[[]string](b, `[...document.querySelectorAll("#profile-body .chart figcaption")].map(f => f.textContent)`))

		// No history: the counts per platform, and growth said to be unavailable.
		assert.Zero(t, evalJS[int](b, `document.querySelectorAll("#profile-body figure.growth-chart").length`))
		assert.Contains(t, evalJS[string](b, `document.querySelector("#profile-body .no-growth").textContent`), "Follower growth is not available")
		assert.Equal(t, map[string]string{"instagram": "12000", "tiktok": "3400"},
			evalJS[map[string]string](b, `Object.fromEntries([...document.querySelectorAll("#profile-body table.accounts tbody tr")].map(r => [r.dataset.platform, r.dataset.followers]))`))

		// Newest post first; only the one with a URL is linked.
		posts := evalJS[[]map[string]string](b, `[...document.querySelectorAll("#profile-body .recent-posts > li")].map(li => ({id: li.dataset.postId,
			href: li.querySelector("a.post-url") ? li.querySelector("a.post-url").getAttribute("href") : "", rel: li.querySelector("a.post-url") ? li.querySelector("a.post-url").rel : ""}))`)
		assert.Equal(t, []map[string]string{
			{"id": "zoe-2", "href": "", "rel": ""},
			{"id": "zoe-1", "href": "https://www.instagram.com/p/zoe1/", "rel": "noopener noreferrer"},
		}, posts)
		assert.Equal(t, "No link to this post.", evalJS[string](b, `document.querySelector("#profile-body .recent-posts > li .help:last-child").textContent`))
		b.waitJS("its lists", `document.querySelector('#profile-body [data-section="lists"]').textContent.includes("@zoe_travels is on none of your lists.")`)

		// Notes come newest first, twenty at a time.
		notes := func() []string {
			return evalJS[[]string](b, `[...document.querySelectorAll("#profile-body .note-item .note-text")].map(n => n.textContent)`)
		}
		b.waitJS("the notes", `document.querySelector('#profile-body .notes[data-loaded="1"]') !== null`)
		shown := notes()
		require.Len(t, shown, 20)
		assert.Equal(t, "note 21", shown[0])
		assert.Equal(t, "note 02", shown[19])
		assert.False(t, evalJS[bool](b, `document.querySelector("#profile-body button.more-notes").hidden`))
		b.do(chromedp.Click(chromedp.CSS("#profile-body button.more-notes")))
		b.waitJS("the older note", `document.querySelectorAll("#profile-body .note-item").length === 21`)
		assert.Equal(t, "note 01", notes()[20])
		assert.True(t, evalJS[bool](b, `document.querySelector("#profile-body button.more-notes").hidden`), "nothing older")
	})

	t.Run("a profile from a result card", func(t *testing.T) {
		b := b.sub(t)
		b.do(chromedp.Click(chromedp.CSS("#nav-search")))
		b.waitJS("the search again", `!document.querySelector("#view-search").hidden && document.querySelectorAll("#results > li.card").length >= 5`)
		id := evalJS[string](b, `document.querySelector("#results > li.card").dataset.creatorId`)
		b.do(chromedp.Click(chromedp.CSS("#results > li.card:first-child a.profile-link")))
		b.waitJS("its profile", fmt.Sprintf(`document.querySelector("#profile-body").dataset.creatorId === %q`, id))
		assert.Equal(t, "#/creators/"+id, evalJS[string](b, `location.hash`))
		assert.Equal(t, "#/", evalJS[string](b, `document.querySelector("#profile-back").getAttribute("href")`))
		assert.Equal(t, "page", evalJS[string](b, `document.querySelector("#nav-search").getAttribute("aria-current")`))
		// Back returns to the results as they were.
		b.do(chromedp.NavigateBack())
		b.waitJS("the results", `!document.querySelector("#view-search").hidden`)
		assert.Equal(t, id, evalJS[string](b, `document.querySelector("#results > li.card").dataset.creatorId`))
	})
}

func ageIndex(k string) int {
	for i, a := range creatormatch.AgeBuckets {
		if a == k {
			return i
		}
	}
	return math.MaxInt
}

// profileCreator is a creator whose profile the test knows to the digit:
// twelve audience countries, no follower history, two posts (one linked)
// and a name with markup in it.
func profileCreator() creatormatch.Creator {
	day := func(d int) time.Time { return time.Date(2026, 10, d, 12, 0, 0, 0, time.UTC) }
	return creatormatch.Creator{
		ID: "test-zoe", Name: "Zoë <b>Bold</b>", Country: "PT", Languages: []string{"en"}, Niches: []string{"travel"},
		Bio:     "Slow travel on a budget.",
		Contact: &creatormatch.Contact{Email: "zoe@example.com", Agent: "Atlas <Talent>", Website: "https://zoe.example.com/"},
		Accounts: []creatormatch.Account{
			{Platform: creatormatch.Instagram, Handle: "zoe_travels", Followers: 12000},
			{Platform: creatormatch.TikTok, Handle: "zoe_travels_tt", Followers: 3400},
		},
		Audience: &creatormatch.Audience{
			Countries: map[string]float64{"US": .30, "GB": .15, "DE": .10, "FR": .08, "ES": .07, "IT": .06, "NL": .05, "SE": .05, "PL": .04, "BR": .04, "MX": .03, "JP": .03},
			Age:       map[string]float64{"25-34": .4, "13-17": .1, "18-24": .5},
			Gender:    map[string]float64{"male": .25, "other": .05, "female": .7},
		},
		Content: []creatormatch.ContentItem{
			{ID: "zoe-1", Platform: creatormatch.Instagram, PostedAt: day(1), Caption: "Night train to Lisbon, sleeper cabin tour", URL: "https://www.instagram.com/p/zoe1/", Likes: 800, Comments: 40},
			{ID: "zoe-2", Platform: creatormatch.Instagram, PostedAt: day(20), Caption: "Three days in Porto for under 150 euros", Likes: 950, Comments: 52},
		},
	}
}

// creatorHandle is the creator's first handle as the page shows it.
func creatorHandle(t *testing.T, a *app, id string) string {
	t.Helper()
	var c creatormatch.Creator
	getJSON(t, a.url+"/v1/creators/"+id, &c)
	for _, acc := range c.Accounts {
		if acc.Handle != "" {
			return "@" + strings.TrimPrefix(acc.Handle, "@")
		}
	}
	return id
}
