package api_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/bench"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/matcher"
)

// boundedTimeout is the request timeout the worst-case test runs with:
// short, so that a request that ignores its deadline shows as one that
// takes many times longer, not as a slow CI machine.
const boundedTimeout = 3 * time.Second

// boundedSlack is how much later than the timeout an answer may come: the
// time to notice the deadline, unwind and write a problem, on a loaded
// two-core machine (times raceSlowdown under the race detector). Requests
// that ignored their deadline took minutes.
const boundedSlack = raceSlowdown * 7 * time.Second

// boundedBodyLimit is the body limit of the server under test (the
// production default), which bounds the arrays openapi.yaml leaves
// unbounded.
const boundedBodyLimit = 8 << 20

// worstCase is one operation driven with the largest parameters
// openapi.yaml allows. body may be built from the catalogue.
type worstCase struct {
	name   string
	method string
	path   string
	body   func() string
}

// TestWorstCaseRequestsAnswerInTime drives every operation of openapi.yaml
// with its worst-case parameters — the spec's maximum limits, pools and
// page depths, the longest texts, and arrays the spec leaves unbounded
// filled up to the body limit — against a catalogue of 3,000 creators, on
// both stores. Every request must be answered, never with a 500, within the
// request timeout plus a small slack. The test fails when the spec gains an
// operation it does not drive.
func TestWorstCaseRequestsAnswerInTime(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 3,000-creator catalogue per store")
	}
	emb := testenv.Embedder(t)
	tpl, err := bench.BuildTemplates(context.Background(), emb, t.TempDir(), 40, 7)
	require.NoError(t, err)
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			const n = 3000
			recs := make([]creatormatch.CreatorRecord, n)
			for i := range recs {
				recs[i] = tpl.Synthetic(7, i)
			}
			for i := 0; i < n; i += 500 {
				require.NoError(t, st.UpsertCreators(context.Background(), recs[i:i+500]))
			}
			key, secret := creatormatch.NewAPIKey("bounded", []creatormatch.Scope{creatormatch.ScopeAdmin}, time.Now())
			require.NoError(t, st.CreateAPIKey(context.Background(), key))
			s := newServerWith(t, st, emb, api.Config{RequestTimeout: boundedTimeout, BodyLimit: boundedBodyLimit, RateLimit: -1}, &testenv.LogBuffer{})
			call := func(method, path, body string) *httptest.ResponseRecorder {
				return s.req(method, path, body, secret, local)
			}
			// Set-up, not a measured request: the default timeout (see the
			// battery's seed).
			seeder := newServerWith(t, st, emb, api.Config{RateLimit: -1}, &testenv.LogBuffer{})
			seed := seeder.req("POST", "/v1/creators", `{"creators":[`+goodCreator+`]}`, secret, local)
			require.Equal(t, 200, seed.Code, seed.Body.String())
			// The key's workspace blocks the most creators it may
			// (creatormatch.MaxBlockedPerWorkspace), most of them in the
			// catalogue: every match, shortlist and lookalike below
			// excludes them all on top of its own exclusions.
			fillBlocklist(t, st, key.Workspace)
			// And holds the most lists, items and notes it may: every
			// export, listing and match annotation below reads them.
			fillLists(t, st, creatormatch.WorkspaceOrDefault(key.Workspace))
			// And a long history of learned weights for every goal: matches
			// and shortlists read the current ones, GET /v1/weights lists them.
			fillWeights(t, st, key.Workspace)

			covered := map[string]bool{}
			for _, wc := range worstCases(t, call) {
				covered[wc.method+" "+specPath(wc.path)] = true
				t.Run(wc.name, func(t *testing.T) {
					body := ""
					if wc.body != nil {
						body = wc.body()
					}
					start := time.Now()
					rec := call(wc.method, wc.path, body)
					took := time.Since(start)
					t.Logf("%s %s (%d bytes): %d in %s", wc.method, trim(wc.path), len(body), rec.Code, took.Round(time.Millisecond))
					if rec.Code >= 400 {
						t.Logf("answer: %s", trim(rec.Body.String()))
					}
					assert.Less(t, took, boundedTimeout+boundedSlack, "answered after the request timeout")
					assert.NotEqual(t, 500, rec.Code, rec.Body.String())
					if rec.Code >= 400 && rec.Code != 404 {
						assert.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"), rec.Body.String())
					}
				})
			}
			for _, op := range specOperations(t) {
				assert.True(t, covered[op], "openapi.yaml's %s has no worst case here", op)
			}
		})
	}
}

func trim(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// specTemplates are openapi.yaml's path templates, each with the pattern
// of the concrete paths it names ({param} matches one segment).
var specTemplates = func() (out []struct {
	tpl string
	re  *regexp.Regexp
}) {
	var doc struct {
		Paths map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(creatormatch.OpenAPI, &doc); err != nil {
		panic(err)
	}
	param := regexp.MustCompile(`\\\{[^/]+\}`)
	for tpl := range doc.Paths {
		out = append(out, struct {
			tpl string
			re  *regexp.Regexp
		}{tpl, regexp.MustCompile("^" + param.ReplaceAllString(regexp.QuoteMeta(tpl), "[^/]+") + "$")})
	}
	return out
}()

// specParam is a {param} of a path template.
var specParam = regexp.MustCompile(`\{[^/]+\}`)

// specPath turns a concrete path back into its openapi.yaml template: the
// template it matches with the most literal text (so /v1/briefs/parse is
// not read as a parameter), or p itself when none does.
func specPath(p string) string {
	p, _, _ = strings.Cut(p, "?")
	best, lit := p, -1
	for _, t := range specTemplates {
		if n := len(specParam.ReplaceAllString(t.tpl, "")); t.re.MatchString(p) && n > lit {
			best, lit = t.tpl, n
		}
	}
	return best
}

// specOperations lists "METHOD /template" for every operation in the spec.
func specOperations(t *testing.T) []string {
	var doc struct {
		Paths map[string]map[string]any `yaml:"paths"`
	}
	require.NoError(t, yaml.Unmarshal(creatormatch.OpenAPI, &doc))
	var ops []string
	for path, item := range doc.Paths {
		for method := range item {
			switch method {
			case "get", "post", "put", "patch", "delete":
				ops = append(ops, strings.ToUpper(method)+" "+path)
			}
		}
	}
	return ops
}

// words fills n bytes with brief-like text, so the embedder and the
// lexical search see as many real tokens as the length allows.
func words(n int) string { return wordsSeeded(n, 0) }

// wordsSeeded is words starting with seed, so that texts of different
// seeds are distinct and each costs the embedder its full price (identical
// texts would be answered by the embedding cache).
func wordsSeeded(n, seed int) string {
	const text = "skincare serum sunscreen vegan recipes trail running hiking gear fitness yoga travel budget fashion haul gaming streamer parenting toddler coffee barista "
	var b strings.Builder
	if seed > 0 {
		fmt.Fprintf(&b, "%d ", seed)
	}
	for b.Len() < n {
		b.WriteString(text)
	}
	return b.String()[:n]
}

// jsonStrings is a JSON array of n distinct strings made by f.
func jsonStrings(n int, f func(i int) string) string {
	out := make([]string, n)
	for i := range out {
		out[i] = f(i)
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// worstBrief is a brief at the spec's limits: the longest text and the
// longest lists.
func worstBrief() string {
	return fmt.Sprintf(`{"text":%q,"goal":"conversion","budget":{"total":1e12,"currency":"JPY"},
		"platforms":["instagram","tiktok","youtube"],"min_followers":0,"max_followers":1000000000,
		"audience":{"min_age_share":0.01,"min_gender_share":0.01,"min_country_share":0.01},
		"topics":%s,"avoid_topics":%s,"competitors":%s,
		"exclude_safety":["profanity","alcohol","gambling","drugs","violence","adult","politics","controversy"],"safety_tolerance":0.01}`,
		words(20000),
		jsonStrings(creatormatch.MaxListItems, func(i int) string { return fmt.Sprintf("topic %d skincare", i) }),
		jsonStrings(creatormatch.MaxListItems, func(i int) string { return fmt.Sprintf("avoid %d", i) }),
		jsonStrings(creatormatch.MaxListItems, func(i int) string { return fmt.Sprintf("@brand%d", i) }))
}

// worstFilter is a filter with every field set and its lists long.
func worstFilter() string {
	thresholds := make([]string, 10)
	for i := range thresholds {
		thresholds[i] = fmt.Sprintf(`{"dimension":"age","keys":%s,"min_share":0.0001}`,
			jsonStrings(100, func(j int) string { return fmt.Sprintf("%d-%d", j, j+9) }))
	}
	return fmt.Sprintf(`{"exclude_ids":%s,"platforms":["instagram","tiktok","youtube"],"min_followers":1,"max_followers":1000000000,
		"countries":%s,"languages":%s,"exclude_safety":["alcohol","gambling"],"safety_tolerance":0.5,"min_engagement_rate":0,"min_authenticity":0,
		"niches":%s,"audience":[%s],"include_unknown_audience":true}`,
		jsonStrings(100000, func(i int) string { return fmt.Sprintf("x%07d", i) }),
		jsonStrings(200, func(i int) string { return []string{"US", "CA", "AU", "DE", "FR", "ES", "BR", "NZ"}[i%8] }),
		jsonStrings(200, func(i int) string { return []string{"en", "es", "fr", "de"}[i%4] }),
		jsonStrings(1000, func(i int) string { return []string{"beauty", "food", "fitness", "travel", "fashion"}[i%5] }),
		strings.Join(thresholds, ","))
}

// worstCreators is an upsert body of the spec's 1,000 creators, each with
// a long bio and long posts, just under the body limit.
func worstCreators(n, posts, caption int, prefix string) string {
	var cs []string
	for i := 0; i < n; i++ {
		var items []string
		for j := 0; j < posts; j++ {
			items = append(items, fmt.Sprintf(`{"id":"p%d","caption":%q,"likes":100,"comments":5,"posted_at":"2026-10-01T08:00:00Z"}`, j, wordsSeeded(caption, 1+i*(posts+1)+j)))
		}
		cs = append(cs, fmt.Sprintf(`{"id":"%s%d","bio":%q,"accounts":[{"platform":"instagram","followers":%d}],"content":[%s]}`,
			prefix, i, wordsSeeded(1500, 1+i*(posts+1)+posts), 5000+i, strings.Join(items, ",")))
	}
	return `{"creators":[` + strings.Join(cs, ",") + `]}`
}

// deepCursor takes a real cursor of the request and moves it to the
// deepest offset the server accepts (matcher.MaxDepth): a client can forge
// it, so its cost must be bounded too.
func deepCursor(t *testing.T, call func(method, path, body string) *httptest.ResponseRecorder, path, req string) string {
	rec := call("POST", path, req)
	require.Equal(t, 200, rec.Code, trim(rec.Body.String()))
	var page struct {
		NextCursor string `json:"next_cursor"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
	require.NotEmpty(t, page.NextCursor)
	raw, err := base64.RawURLEncoding.DecodeString(page.NextCursor)
	require.NoError(t, err)
	var c map[string]any
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber() // the fingerprint is a uint64 a float64 would round
	require.NoError(t, d.Decode(&c))
	c["o"] = matcher.MaxDepth - 1
	raw, _ = json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(raw)
}

func worstCases(t *testing.T, call func(method, path, body string) *httptest.ResponseRecorder) []worstCase {
	weights := map[string]float64{}
	for i, name := range matcher.SignalNames {
		weights[name] = float64(i + 1)
	}
	weightsJSON, _ := json.Marshal(weights)
	matchReq := func(extra string) string {
		return `{"brief":` + worstBrief() + `,"filters":` + worstFilter() + `,"goal":"conversion",
			"weights":` + string(weightsJSON) + `,"diversity":1,"max_per_niche":1,"max_per_country":1,
			"limit":100,"include_excluded":true,"include_unknown_audience":true` + extra + `}`
	}
	plain := `{"brief":{"text":"skincare serums and sunscreen routines"},"limit":100}`
	cursor := deepCursor(t, call, "/v1/match", plain)
	var feedback []string
	for i := 0; i < 1000; i++ {
		feedback = append(feedback, fmt.Sprintf(`{"brief_id":"br_worst","creator_id":"%s","event":"shortlisted"}`, bench.SyntheticID(i)))
	}
	seeds := jsonStrings(10, func(i int) string { return bench.SyntheticID(i) })
	return []worstCase{
		{name: "healthz", method: "GET", path: "/healthz"},
		{name: "readyz", method: "GET", path: "/readyz"},
		{name: "docs", method: "GET", path: "/docs"},
		{name: "metrics", method: "GET", path: "/metrics"},
		{name: "openapi", method: "GET", path: "/openapi.yaml"},
		{name: "pprof profile 120s", method: "GET", path: "/debug/pprof/profile?seconds=120"},
		{name: "pprof trace 120s", method: "GET", path: "/debug/pprof/trace?seconds=120"},
		{name: "parse longest brief", method: "POST", path: "/v1/briefs/parse", body: func() string { return `{"text":` + fmt.Sprintf("%q", words(20000)) + `}` }},
		{name: "match every filter", method: "POST", path: "/v1/match", body: func() string { return matchReq("") }},
		{name: "match deepest cursor", method: "POST", path: "/v1/match", body: func() string {
			return strings.TrimSuffix(plain, "}") + `,"cursor":"` + cursor + `"}`
		}},
		{name: "shortlist largest pool", method: "POST", path: "/v1/shortlists", body: func() string {
			return `{"brief":` + worstBrief() + `,"filters":` + worstFilter() + `,"budget":{"total":1e12,"currency":"USD"},
				"max_creators":100,"candidate_pool":1000,"min_fit":0,"diversity":1,"limit":100}`
		}},
		{name: "shortlist largest pool, plain brief", method: "POST", path: "/v1/shortlists", body: func() string {
			return `{"brief":{"text":"skincare serums and sunscreen routines"},"budget":{"total":1e12,"currency":"USD"},"max_creators":100,"candidate_pool":1000,"min_fit":0}`
		}},
		{name: "lookalikes", method: "POST", path: "/v1/lookalikes", body: func() string {
			return `{"positive":` + seeds + `,"negative":` + jsonStrings(10, func(i int) string { return bench.SyntheticID(100 + i) }) + `,"filters":` + worstFilter() + `,"limit":100}`
		}},
		{name: "similar", method: "GET", path: "/v1/creators/" + bench.SyntheticID(1) + "/similar?limit=100"},
		{name: "record 1000 feedback events", method: "POST", path: "/v1/feedback", body: func() string { return `{"events":[` + strings.Join(feedback, ",") + `]}` }},
		{name: "list feedback", method: "GET", path: "/v1/feedback?limit=1000"},
		{name: "upsert 1000 creators at the body limit", method: "POST", path: "/v1/creators", body: func() string { return worstCreators(1000, 5, 1000, "w") }},
		{name: "add content at the body limit", method: "POST", path: "/v1/creators/good-1/content", body: func() string {
			var items []string
			for j := 0; j < creatormatch.MaxContentItems-2; j++ { // good-1 has two posts
				items = append(items, fmt.Sprintf(`{"id":"c%d","caption":%q,"likes":100,"comments":5,"posted_at":"2026-10-01T08:00:00Z"}`, j, wordsSeeded(7000, 1e6+j)))
			}
			return `{"items":[` + strings.Join(items, ",") + `]}`
		}},
		{name: "list api keys", method: "GET", path: "/v1/apikeys"},
		{name: "create api key", method: "POST", path: "/v1/apikeys", body: func() string {
			return `{"name":"` + strings.Repeat("n", 200) + `","scopes":["read","write","admin"]}`
		}},
		{name: "revoke api key", method: "DELETE", path: "/v1/apikeys/" + strings.Repeat("k", 128)},
		{name: "list a full blocklist", method: "GET", path: "/v1/blocklist?limit=1000"},
		{name: "list a full blocklist, second page", method: "GET", path: "/v1/blocklist?limit=1000&cursor=" + blockCursorAfter(t, call)},
		{name: "block one more creator than the bound", method: "PUT", path: "/v1/blocklist/" + strings.Repeat("b", 128), body: func() string {
			return `{"reason":"` + strings.Repeat("r", creatormatch.MaxBlockReason) + `"}`
		}},
		{name: "re-block a listed creator at the bound", method: "PUT", path: "/v1/blocklist/" + bench.SyntheticID(5), body: func() string {
			return `{"reason":"` + strings.Repeat("r", creatormatch.MaxBlockReason) + `"}`
		}},
		{name: "unblock", method: "DELETE", path: "/v1/blocklist/" + strings.Repeat("k", 128)},
		{name: "list the most lists", method: "GET", path: "/v1/lists?limit=1000"},
		{name: "create one list more than the bound", method: "POST", path: "/v1/lists", body: func() string {
			return `{"name":"` + strings.Repeat("n", creatormatch.MaxListName) + `","description":"` + strings.Repeat("d", creatormatch.MaxListDescription) + `"}`
		}},
		{name: "get a full list", method: "GET", path: "/v1/lists/" + fullList},
		{name: "rename a full list", method: "PATCH", path: "/v1/lists/" + fullList, body: func() string {
			return `{"name":"` + strings.Repeat("n", creatormatch.MaxListName) + `","description":"` + strings.Repeat("d", creatormatch.MaxListDescription) + `"}`
		}},
		{name: "list a full list's items", method: "GET", path: "/v1/lists/" + fullList + "/items?limit=1000"},
		{name: "list a full list's items by status, deep cursor", method: "GET", path: "/v1/lists/" + fullList + "/items?limit=1000&status=prospect&cursor=" + itemCursorAfter(t, call)},
		{name: "add one item more than the bound", method: "PUT", path: "/v1/lists/" + fullList + "/items/good-1", body: func() string { return `{"status":"prospect"}` }},
		{name: "update an item of a full list", method: "PUT", path: "/v1/lists/" + fullList + "/items/" + bench.SyntheticID(7), body: func() string { return `{"status":"hired"}` }},
		{name: "remove an item", method: "DELETE", path: "/v1/lists/" + fullList + "/items/" + strings.Repeat("k", 128)},
		{name: "export a full list as CSV", method: "GET", path: "/v1/lists/" + fullList + "/export?format=csv"},
		{name: "export a full list as JSON", method: "GET", path: "/v1/lists/" + fullList + "/export?format=json"},
		{name: "list the most notes on one creator", method: "GET", path: "/v1/creators/" + bench.SyntheticID(0) + "/notes?limit=1000"},
		{name: "the lists holding a creator on many lists", method: "GET", path: "/v1/creators/" + bench.SyntheticID(0) + "/lists"},
		{name: "add one note more than the bound", method: "POST", path: "/v1/creators/good-1/notes", body: func() string {
			return `{"text":"` + strings.Repeat("t", creatormatch.MaxNoteText) + `"}`
		}},
		{name: "delete a note", method: "DELETE", path: "/v1/creators/" + bench.SyntheticID(0) + "/notes/note_00000"},
		{name: "delete the full list", method: "DELETE", path: "/v1/lists/" + fullList},
		{name: "list the most saved briefs", method: "GET", path: "/v1/saved-briefs?limit=1000"},
		{name: "list saved briefs from a deep cursor", method: "GET", path: "/v1/saved-briefs?limit=1000&cursor=" + encodeCursor(time.Now().Add(-time.Hour), "sb_0000")},
		{name: "save one brief more than the bound, at the brief's limits", method: "POST", path: "/v1/saved-briefs", body: func() string {
			return `{"name":"` + strings.Repeat("n", creatormatch.MaxSavedBriefName) + `","brief":` + worstBrief() + `}`
		}},
		{name: "get a saved brief at the brief's limits", method: "GET", path: "/v1/saved-briefs/sb_0007"},
		{name: "replace a saved brief at the brief's limits", method: "PUT", path: "/v1/saved-briefs/sb_0008", body: func() string {
			return `{"name":"` + strings.Repeat("n", creatormatch.MaxSavedBriefName) + `","brief":` + worstBrief() + `}`
		}},
		{name: "delete a saved brief", method: "DELETE", path: "/v1/saved-briefs/sb_0009"},
		{name: "weights with the longest history", method: "GET", path: "/v1/weights?limit=1000"},
		{name: "reset every goal's weights", method: "DELETE", path: "/v1/weights"},
		{name: "get creator", method: "GET", path: "/v1/creators/good-1"},
		{name: "browse every filter, longest text", method: "GET", path: "/v1/creators?" + worstBrowse(words(creatormatch.MaxBrowseText))},
		{name: "browse every filter, one-letter text", method: "GET", path: "/v1/creators?" + worstBrowse("a")},
		{name: "browse largest page, deepest cursor", method: "GET", path: "/v1/creators?limit=100&sort=engagement_rate&order=asc&cursor=" + browseCursorDeepest(t, call)},
		{name: "delete creator", method: "DELETE", path: "/v1/creators/" + bench.SyntheticID(2999)},
	}
}

// worstBrowse is a browse query with the largest page, text q and every
// filter at its longest list.
func worstBrowse(q string) string {
	v := url.Values{}
	v.Set("q", q)
	v.Set("limit", "100")
	v.Set("sort", "last_post")
	v.Set("order", "asc")
	v.Set("platforms", "instagram,tiktok,youtube")
	v.Set("min_followers", "1")
	v.Set("max_followers", "1000000000")
	v.Set("tiers", "none,nano,micro,mid,macro,mega")
	list := func(n int, f func(i int) string) string {
		out := make([]string, n)
		for i := range out {
			out[i] = f(i)
		}
		return strings.Join(out, ",")
	}
	v.Set("countries", list(100, func(i int) string { return []string{"US", "CA", "AU", "DE", "FR", "ES", "BR", "NZ"}[i%8] }))
	v.Set("languages", list(100, func(i int) string { return []string{"en", "es", "fr", "de"}[i%4] }))
	v.Set("niches", list(100, func(i int) string { return []string{"beauty", "food", "fitness", "travel", "fashion"}[i%5] }))
	v.Set("worked_with", list(100, func(i int) string { return fmt.Sprintf("brand%d", i) }))
	v.Set("exclude_safety", "profanity,alcohol,gambling,drugs,violence,adult,politics,controversy")
	v.Set("safety_tolerance", "0.5")
	v.Set("min_engagement_rate", "0")
	v.Set("min_authenticity", "0")
	return v.Encode()
}

// browseCursorDeepest pages through the whole catalogue 100 creators at a
// time and returns the last cursor served: the one whose page is the
// listing's end.
func browseCursorDeepest(t *testing.T, call func(method, path, body string) *httptest.ResponseRecorder) string {
	const path = "/v1/creators?limit=100&sort=engagement_rate&order=asc"
	cursor := ""
	for range 100 {
		p := path
		if cursor != "" {
			p += "&cursor=" + url.QueryEscape(cursor)
		}
		rec := call("GET", p, "")
		require.Equal(t, 200, rec.Code, trim(rec.Body.String()))
		var page struct {
			NextCursor string `json:"next_cursor"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
		if page.NextCursor == "" {
			require.NotEmpty(t, cursor)
			return cursor
		}
		cursor = page.NextCursor
	}
	t.Fatal("the listing did not end")
	return ""
}

// fillBlocklist blocks creatormatch.MaxBlockedPerWorkspace creators in ws:
// every third of the catalogue's synthetic creators, then ids of creators
// not stored.
func fillBlocklist(t *testing.T, st creatormatch.Store, ws string) {
	t.Helper()
	start := time.Now()
	at := time.Now().UTC()
	// Eight writers: each block is its own transaction, and Postgres
	// commits them in parallel (the embedded store serialises its log).
	const writers = 8
	errs := make(chan error, writers)
	for w := range writers {
		go func() {
			for i := w; i < creatormatch.MaxBlockedPerWorkspace; i += writers {
				id := fmt.Sprintf("unstored-%05d", i)
				if i < 1000 {
					id = bench.SyntheticID(3*i + 2)
				}
				if _, err := st.BlockCreator(context.Background(), creatormatch.BlockEntry{Workspace: ws, CreatorID: id, CreatedAt: at.Add(time.Duration(i) * time.Microsecond)}); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range writers {
		require.NoError(t, <-errs)
	}
	t.Logf("blocked %d creators in %s", creatormatch.MaxBlockedPerWorkspace, time.Since(start).Round(time.Millisecond))
}

// weightVersionsPerGoal is how many learned versions fillWeights stores
// per goal: a workspace that trained every 50 events for 12,500 events.
const weightVersionsPerGoal = 250

// fillWeights stores weightVersionsPerGoal versions of learned weights
// for every goal of ws, alternately served and rejected, the last served.
func fillWeights(t *testing.T, st creatormatch.Store, ws string) {
	t.Helper()
	start := time.Now()
	errs := make(chan error, len(creatormatch.Goals))
	for _, g := range creatormatch.Goals {
		go func() {
			w, err := matcher.ResolveWeights(g, nil)
			if err != nil {
				errs <- err
				return
			}
			for i := range weightVersionsPerGoal {
				status := creatormatch.WeightsServed
				if i%2 == 0 {
					status = creatormatch.WeightsRejected
				}
				_, err := st.AddWeights(context.Background(), creatormatch.WeightVersion{Workspace: ws, Goal: g, Status: status, Weights: w,
					Events: 50 * (i + 1), Replay: &creatormatch.WeightReplay{Briefs: 100, NDCG10: 0.5, ServingNDCG: 0.5, ServingLabel: "preset"}})
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range creatormatch.Goals {
		require.NoError(t, <-errs)
	}
	t.Logf("stored %d weight versions in %s", weightVersionsPerGoal*len(creatormatch.Goals), time.Since(start).Round(time.Millisecond))
}

// blockCursorAfter returns the cursor of the full blocklist's second page.
func blockCursorAfter(t *testing.T, call func(method, path, body string) *httptest.ResponseRecorder) string {
	rec := call("GET", "/v1/blocklist?limit=1000", "")
	require.Equal(t, 200, rec.Code, trim(rec.Body.String()))
	var page struct {
		NextCursor string `json:"next_cursor"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
	require.NotEmpty(t, page.NextCursor)
	return page.NextCursor
}

// fullList is the id of the list fillLists fills to MaxItemsPerList.
const fullList = "lst_full"

// fillLists gives ws the most lists (MaxListsPerWorkspace), one of them
// (fullList) holding the most items (MaxItemsPerList: every catalogue
// creator, then ids not stored), and the most notes
// (MaxNotesPerWorkspace) of the longest text, a thousand of them on one
// creator and the rest spread over the list's creators. Eight writers, as
// fillBlocklist.
func fillLists(t *testing.T, st creatormatch.Store, ws string) {
	t.Helper()
	start := time.Now()
	at := time.Now().UTC()
	run := func(n int, do func(i int) error) {
		const writers = 8
		errs := make(chan error, writers)
		for w := range writers {
			go func() {
				for i := w; i < n; i += writers {
					if err := do(i); err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
		for range writers {
			require.NoError(t, <-errs)
		}
	}
	run(creatormatch.MaxListsPerWorkspace, func(i int) error {
		id := fmt.Sprintf("lst_%04d", i)
		if i == 0 {
			id = fullList
		}
		_, err := st.CreateList(context.Background(), creatormatch.List{Workspace: ws, ID: id, Name: strings.Repeat("n", creatormatch.MaxListName),
			Description: strings.Repeat("d", creatormatch.MaxListDescription), CreatedAt: at.Add(time.Duration(i) * time.Microsecond)})
		if err != nil || i == 0 {
			return err
		}
		// Creator 0 is on every list: the most memberships one creator
		// can have (GET /v1/creators/{id}/lists).
		_, _, err = st.PutListItem(context.Background(), creatormatch.ListItem{Workspace: ws, ListID: id, CreatorID: bench.SyntheticID(0), UpdatedAt: at})
		return err
	})
	run(creatormatch.MaxItemsPerList, func(i int) error {
		id := fmt.Sprintf("unstored-%05d", i)
		if i < 3000 {
			id = bench.SyntheticID(i)
		}
		_, _, err := st.PutListItem(context.Background(), creatormatch.ListItem{Workspace: ws, ListID: fullList, CreatorID: id, UpdatedAt: at.Add(time.Duration(i) * time.Microsecond)})
		return err
	})
	text := strings.Repeat("note text, ", creatormatch.MaxNoteText/11)
	run(creatormatch.MaxNotesPerWorkspace, func(i int) error {
		cid := bench.SyntheticID(0)
		if i >= 1000 {
			cid = bench.SyntheticID(i % 3000)
		}
		_, err := st.AddNote(context.Background(), creatormatch.Note{Workspace: ws, ID: fmt.Sprintf("note_%05d", i), CreatorID: cid, Text: text, Author: "bounded", CreatedAt: at.Add(time.Duration(i) * time.Microsecond)})
		return err
	})
	// The most saved briefs, each at the brief's limits.
	var wb creatormatch.Brief
	require.NoError(t, json.Unmarshal([]byte(worstBrief()), &wb))
	run(creatormatch.MaxSavedBriefsPerWorkspace, func(i int) error {
		_, _, err := st.SaveBrief(context.Background(), creatormatch.SavedBrief{Workspace: ws, ID: fmt.Sprintf("sb_%04d", i), Name: strings.Repeat("n", creatormatch.MaxSavedBriefName),
			Brief: wb, CreatedAt: at.Add(time.Duration(i) * time.Microsecond)})
		return err
	})
	t.Logf("filled %d lists, %d items, %d notes and %d saved briefs in %s", creatormatch.MaxListsPerWorkspace, creatormatch.MaxItemsPerList, creatormatch.MaxNotesPerWorkspace,
		creatormatch.MaxSavedBriefsPerWorkspace, time.Since(start).Round(time.Millisecond))
}

// itemCursorAfter returns the cursor of the full list's second page.
func itemCursorAfter(t *testing.T, call func(method, path, body string) *httptest.ResponseRecorder) string {
	rec := call("GET", "/v1/lists/"+fullList+"/items?limit=1000", "")
	require.Equal(t, 200, rec.Code, trim(rec.Body.String()))
	var page struct {
		NextCursor string `json:"next_cursor"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
	require.NotEmpty(t, page.NextCursor)
	return page.NextCursor
}

// encodeCursor is a listing cursor as the server issues it (time, id).
func encodeCursor(at time.Time, id string) string {
	b, _ := json.Marshal(map[string]any{"t": at, "i": id})
	return base64.RawURLEncoding.EncodeToString(b)
}
