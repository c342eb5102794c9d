package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/internal/contract"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/matcher"
	"github.com/creatormatch/creatormatch/store/memory"
	"github.com/creatormatch/creatormatch/web"
)

// chromiumPath finds the browser: $CREATORMATCH_CHROMIUM, /usr/bin/chromium,
// then chromium on PATH. Without one the test skips locally and fails
// under CI=true (scripts/install-chromium provides it).
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CREATORMATCH_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			testenv.Missing(t, "CREATORMATCH_CHROMIUM="+p+" does not exist; run scripts/install-chromium")
		}
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	testenv.Missing(t, "no Chromium found (CREATORMATCH_CHROMIUM, /usr/bin/chromium, PATH); run scripts/install-chromium")
	return ""
}

// authProbe counts the Authorization headers the page sends to /v1, by
// value, in front of the API's own key check.
type authProbe struct {
	next http.Handler
	mu   sync.Mutex
	seen map[string]int // Authorization header ("" when absent) -> /v1 requests
}

func (a *authProbe) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/v1/") {
		a.mu.Lock()
		a.seen[r.Header.Get("Authorization")]++
		a.mu.Unlock()
	}
	a.next.ServeHTTP(w, r)
}

// sent is how many /v1 requests carried exactly this Authorization header.
func (a *authProbe) sent(header string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.seen[header]
}

// withAuth is how many /v1 requests carried any Authorization header.
func (a *authProbe) withAuth() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for k, v := range a.seen {
		if k != "" {
			n += v
		}
	}
	return n
}

type app struct {
	url   string
	store creatormatch.Store
	probe *authProbe
}

// newApp serves the real API over a memory store holding 60 demo creators
// (5 posts each, embedded by the real use-lite model) and any extra ones,
// and the web app, the way the binary wires them.
func newApp(t *testing.T, extra ...creatormatch.Creator) *app {
	ctx := context.Background()
	emb := testenv.Embedder(t)
	st, err := memory.Open(ctx, t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := catalog.New(st, emb, catalog.WithLogger(log))
	m := matcher.New(st, emb, nil, matcher.Config{}, log)
	apiSrv, err := api.New(api.Config{}, api.Deps{Catalog: svc, Matcher: m, Log: log})
	require.NoError(t, err)

	creators, _ := demodata.Generate(demodata.Config{Creators: 60, Seed: 1})
	for i := range creators {
		if len(creators[i].Content) > 5 {
			creators[i].Content = creators[i].Content[:5]
		}
	}
	creators = append(creators, extra...)
	start := time.Now()
	require.NoError(t, svc.Upsert(ctx, creators))
	t.Logf("ingested %d creators in %s", len(creators), time.Since(start).Round(time.Millisecond))

	// The page reaches the API through Prism's validating proxy, so every
	// request the web app sends and every response it reads is checked
	// against openapi.yaml: any violation fails the test at its end.
	rec := contract.NewRecorder(t, apiSrv)
	proxy := validatingProxy(t, rec)
	mark := proxy.Mark()
	target, err := url.Parse(proxy.URL)
	require.NoError(t, err)
	toProxy := httputil.NewSingleHostReverseProxy(target)
	t.Cleanup(func() {
		t.Logf("the web app's API calls, operation: status×count\n%s", contract.Summary(rec.Take()))
		assert.Empty(t, proxy.ViolationsSince(mark), "Prism found requests or responses of the web app breaking openapi.yaml")
	})

	mux := http.NewServeMux()
	for _, p := range []string{"/v1/", "/healthz", "/readyz", "/openapi.yaml", "/docs", "/metrics", "/debug/"} {
		mux.Handle(p, toProxy)
	}
	mux.Handle("/", web.Handler())
	probe := &authProbe{next: mux, seen: map[string]int{}}
	srv := httptest.NewServer(probe)
	t.Cleanup(srv.Close)
	return &app{url: srv.URL, store: st, probe: probe}
}

// validating is the Prism proxy every browser test's API traffic goes
// through: one per test binary (its startup costs seconds), forwarding to
// the API of the app of the test running now (browser tests run one at a
// time).
var validating struct {
	once     sync.Once
	upstream *httptest.Server
	proxy    *contract.Proxy
	err      error

	mu  sync.Mutex
	api http.Handler
}

func TestMain(m *testing.M) {
	code := m.Run()
	if validating.proxy != nil {
		validating.proxy.Close()
	}
	if validating.upstream != nil {
		validating.upstream.Close()
	}
	os.Exit(code)
}

// validatingProxy returns the shared Prism proxy (`prism proxy
// openapi.yaml --errors`), forwarding to api until t ends.
func validatingProxy(t *testing.T, api http.Handler) *contract.Proxy {
	prism := contract.NodeBin(t, "prism")
	validating.once.Do(func() {
		validating.upstream = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			validating.mu.Lock()
			h := validating.api
			validating.mu.Unlock()
			if h == nil {
				http.Error(w, "no test is running", http.StatusBadGateway)
				return
			}
			h.ServeHTTP(w, r)
		}))
		validating.proxy, validating.err = contract.Start(prism, validating.upstream.URL)
		if validating.err == nil {
			t.Logf("prism proxy %s started in %s", validating.proxy.PrismURL, validating.proxy.Startup.Round(time.Millisecond))
		}
	})
	require.NoError(t, validating.err, "start prism")
	validating.mu.Lock()
	validating.api = api
	validating.mu.Unlock()
	t.Cleanup(func() {
		validating.mu.Lock()
		validating.api = nil
		validating.mu.Unlock()
	})
	return validating.proxy
}

// artifactsDir is where screenshots go: $CREATORMATCH_ARTIFACTS or a new
// temporary directory (kept, so the images can be looked at).
func artifactsDir(t *testing.T) string {
	if d := os.Getenv("CREATORMATCH_ARTIFACTS"); d != "" {
		require.NoError(t, os.MkdirAll(d, 0o755))
		return d
	}
	d, err := os.MkdirTemp("", "creatormatch-web-")
	require.NoError(t, err)
	return d
}

// browserT drives one tab and fails the test on any error.
type browserT struct {
	t   *testing.T
	ctx context.Context
	dir string
}

func (b *browserT) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	require.NoError(b.t, chromedp.Do(b.ctx, actions...))
}

func evalJS[T any](b *browserT, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	require.NoError(b.t, err, js)
	return v
}

// waitJS waits until the expression is truthy.
func (b *browserT) waitJS(what, js string) {
	b.t.Helper()
	_, err := chromedp.Run(b.ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(90*time.Second)))
	if err != nil {
		alert := evalJS[string](b, `document.querySelector('#alert').innerText`)
		b.screenshot("failure-" + strings.ReplaceAll(what, " ", "-"))
		b.t.Fatalf("waiting for %s: %v (alert: %q)", what, err, alert)
	}
}

// scrollTo scrolls the window so the element's top is at the top.
func (b *browserT) scrollTo(sel string) {
	b.t.Helper()
	evalJS[chromedp.Void](b, fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "start"}); window.scrollBy(0, -8)`, sel))
}

// clear empties a form field.
func (b *browserT) clear(sel string) {
	b.t.Helper()
	evalJS[chromedp.Void](b, fmt.Sprintf(`document.querySelector(%q).value = ""`, sel))
}

func (b *browserT) screenshot(name string) string {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	require.NoError(b.t, err)
	p := filepath.Join(b.dir, name+".png")
	require.NoError(b.t, os.WriteFile(p, png, 0o644))
	return p
}

// newBrowser starts a headless Chromium with one tab of the given window
// size. Every uncaught exception or console error or warning of the page
// fails the test at its end; screenshots go to artifactsDir.
func newBrowser(t *testing.T, width, height int) *browserT {
	chrome := chromiumPath(t)
	dir := artifactsDir(t)
	t.Logf("screenshots in %s", dir)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("no-pings", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(func() {
		cancel()
		cancelTab()
		cancelAlloc()
	})
	b := &browserT{t: t, ctx: ctx, dir: dir}

	var pageErrs struct {
		sync.Mutex
		list []string
	}
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			msg = "exception: " + ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				msg += " " + ev.ExceptionDetails.Exception.Description
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				msg = "console." + string(ev.Type) + ": " + strings.Join(parts, " ")
			}
		}
		if msg != "" {
			pageErrs.Lock()
			pageErrs.list = append(pageErrs.list, msg)
			pageErrs.Unlock()
		}
	}))
	t.Cleanup(func() {
		pageErrs.Lock()
		defer pageErrs.Unlock()
		assert.Empty(t, pageErrs.list, "the page logged errors")
	})
	return b
}

// download clicks the element and returns the file the page downloads.
func (b *browserT) download(sel string) []byte {
	b.t.Helper()
	dl := b.t.TempDir()
	progress := chromedp.Events(b.ctx, browser.DownloadProgress)
	events := true
	_, err := chromedp.Call(b.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dl, EventsEnabled: &events})
	require.NoError(b.t, err)
	b.do(chromedp.Click(chromedp.CSS(sel)))
	for ev, err := range progress {
		require.NoError(b.t, err, "waiting for the download")
		if ev.State == browser.DownloadProgressStateCanceled {
			b.t.Fatal("the download was canceled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			raw, err := os.ReadFile(filepath.Join(dl, ev.GUID))
			require.NoError(b.t, err)
			return raw
		}
	}
	b.t.Fatal("no download")
	return nil
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, url)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(v))
}

// csvHeader is the shortlist export's header row.
var csvHeader = []string{"rank", "creator_id", "handle", "platform", "followers", "score", "fit", "decision", "price_per_post", "currency",
	"expected_engagements", "expected_reach", "niches", "audience", "added"}

const testBrief = "Launching a plant-based protein snack for busy young professionals. " +
	"Looking for food and fitness creators on Instagram or TikTok with an audience aged 18-34 in the US. " +
	"Budget $20,000. No alcohol or gambling content."

// TestBrowser walks a strategist's session in a real headless Chromium:
// paste a brief, read the results and their reasons, dismiss a creator,
// look for lookalikes, build and export a shortlist, use an API key, and
// check the page at a phone's width.
func TestBrowser(t *testing.T) {
	a := newApp(t)
	b := newBrowser(t, 1280, 900)

	// ---- paste a brief, get results --------------------------------------
	b.do(
		chromedp.Navigate(a.url+"/"),
		chromedp.WaitVisible(chromedp.CSS("#brief-text")),
	)
	b.waitJS("the app to start", `document.documentElement.dataset.ready === "1"`)
	assert.Zero(t, a.probe.withAuth(), "no key is sent before one is set")
	b.do(
		chromedp.SendKeys(chromedp.CSS("#brief-text"), testBrief),
		chromedp.Click(chromedp.CSS("#find")),
	)
	b.waitJS("at least 5 result cards", `document.querySelectorAll("#results > li.card").length >= 5`)
	scores := evalJS[[]string](b, `[...document.querySelectorAll("#results .score-num")].map(e => e.dataset.score)`)
	require.GreaterOrEqual(t, len(scores), 5)
	for i, s := range scores {
		v, err := strconv.ParseFloat(s, 64)
		require.NoError(t, err)
		assert.Greater(t, v, 0.0, "score of card %d", i)
		assert.LessOrEqual(t, v, 1.0, "score of card %d", i)
		if i > 0 {
			prev, _ := strconv.ParseFloat(scores[i-1], 64)
			assert.LessOrEqual(t, v, prev+1e-9, "cards are ordered by score")
		}
	}
	// The parsed brief is shown back for correction.
	assert.False(t, evalJS[bool](b, `document.querySelector("#parsed").hidden`))
	platforms := evalJS[[]string](b, `[...document.querySelectorAll('input[name=platform]:checked')].map(i => i.value)`)
	assert.ElementsMatch(t, []string{"instagram", "tiktok"}, platforms)
	assert.Equal(t, "20000", evalJS[string](b, `document.querySelector("#budget-total").value`))
	assert.ElementsMatch(t, []string{"alcohol", "gambling"},
		evalJS[[]string](b, `[...document.querySelectorAll('input[name=safety]:checked')].map(i => i.value)`))
	// A card shows what a strategist needs at a glance.
	first := evalJS[map[string]string](b, `(() => { const c = document.querySelector("#results > li.card");
		return {id: c.dataset.creatorId, handle: c.querySelector("h3").textContent, er: c.querySelector(".er").textContent,
		decision: c.querySelector(".decision").textContent, legend: c.querySelector(".legend").textContent,
		cost: c.querySelector(".cost").textContent, flags: c.querySelector(".flags").textContent,
		segments: String(c.querySelectorAll(".bar .seg").length)}; })()`)
	assert.Regexp(t, `^@\S+`, first["handle"])
	assert.Regexp(t, `^\d+\.\d% engagement · \d+(st|nd|rd|th) pct of \w+ (Instagram|TikTok|YouTube)( \(prior estimate, \d+ peers\))?$`, first["er"])
	assert.Regexp(t, `^(good|neutral|avoid) `, first["decision"])
	for _, label := range []string{"Brief fit", "Audience", "Authenticity", "Brand safety", "Cost"} {
		assert.Contains(t, first["legend"], label)
	}
	assert.NotEqual(t, "0", first["segments"])
	assert.Greater(t, evalJS[float64](b, `document.querySelector("#results > li.card .bar .seg").getBoundingClientRect().width`), 0.0,
		"the contribution bar is drawn")
	assert.Contains(t, first["cost"], "Per post")
	assert.Contains(t, first["flags"], "Authenticity")
	t.Logf("brief: %s", b.screenshot("0-brief"))
	b.scrollTo("#results-panel")
	t.Logf("results: %s", b.screenshot("1-results"))

	// ---- open the reasons of the first card --------------------------------
	b.do(chromedp.Click(chromedp.CSS("#results > li.card:first-child button.why")))
	b.waitJS("the cited posts' captions", `document.querySelector("#results > li.card:first-child .why-panel .post .caption") !== null`)
	assert.Equal(t, "true", evalJS[string](b, `document.querySelector("#results > li.card:first-child button.why").getAttribute("aria-expanded")`))
	why := evalJS[map[string]string](b, `(() => { const p = document.querySelector("#results > li.card:first-child .why-panel");
		const post = p.querySelector(".post");
		return {visible: String(p.offsetParent !== null), reason: p.querySelector(".reason-text").innerText,
		cited: p.querySelector(".cited").innerText, post: post.dataset.postId, caption: post.querySelector(".caption").innerText}; })()`)
	assert.Equal(t, "true", why["visible"])
	assert.NotEmpty(t, why["reason"])
	assert.Contains(t, why["cited"], why["post"], "the cited post id is shown")
	cr, err := a.store.GetCreator(context.Background(), first["id"])
	require.NoError(t, err)
	caption := ""
	for _, it := range cr.Content {
		if it.ID == why["post"] {
			caption = it.Caption
		}
	}
	require.NotEmpty(t, caption, "post %s is one of %s's posts", why["post"], first["id"])
	assert.Equal(t, strings.Join(strings.Fields(caption), " "), strings.Join(strings.Fields(why["caption"]), " "))
	b.scrollTo("#results > li.card:first-child")
	t.Logf("reasons: %s", b.screenshot("2-reasons"))

	// ---- dismiss the second card -------------------------------------------
	gone := evalJS[string](b, `document.querySelector("#results > li.card:nth-child(2)").dataset.creatorId`)
	before := evalJS[int](b, `document.querySelectorAll("#results > li.card").length`)
	b.do(chromedp.Click(chromedp.CSS("#results > li.card:nth-child(2) button.dismiss")))
	b.waitJS("the list to refresh after the dismissal", `document.querySelector("#results-status").textContent.startsWith("Dismissed") &&
		document.querySelector("#results-status").textContent.includes("shown")`)
	assert.False(t, evalJS[bool](b, fmt.Sprintf(`document.querySelector('#results > li.card[data-creator-id=%q]') !== null`, gone)),
		"the dismissed creator is gone")
	after := evalJS[int](b, `document.querySelectorAll("#results > li.card").length`)
	assert.GreaterOrEqual(t, after, 5)
	assert.LessOrEqual(t, after, before)
	var fb struct {
		Events []creatormatch.FeedbackEvent `json:"events"`
	}
	getJSON(t, a.url+"/v1/feedback?event=rejected", &fb)
	require.Len(t, fb.Events, 1)
	assert.Equal(t, gone, fb.Events[0].CreatorID)
	assert.NotEmpty(t, fb.Events[0].BriefID)
	assert.Equal(t, creatormatch.FeedbackKind("rejected"), fb.Events[0].Kind)

	// ---- lookalikes --------------------------------------------------------
	b.do(chromedp.Click(chromedp.CSS("#results > li.card:first-child button.lookalikes")))
	b.waitJS("lookalikes", `document.querySelectorAll("#lookalikes-list > li").length > 0`)
	assert.Contains(t, evalJS[string](b, `document.querySelector("#lookalikes-title").textContent`), "Creators like @")

	// ---- correct the parsed brief: nano and micro accounts only -------------
	b.clear("#max-followers")
	b.do(
		chromedp.SendKeys(chromedp.CSS("#max-followers"), "50000"),
		chromedp.Click(chromedp.CSS("#update")),
	)
	b.waitJS("results for the corrected brief", `document.querySelector("#results-status").textContent.includes("found")`)
	b.waitJS("at least 5 cards", `document.querySelectorAll("#results > li.card").length >= 5`)
	assert.Equal(t, "50000", evalJS[string](b, `document.querySelector("#max-followers").value`), "the structured field won")
	assert.False(t, evalJS[bool](b, fmt.Sprintf(`document.querySelector('#results > li.card[data-creator-id=%q]') !== null`, gone)),
		"dismissed creators stay excluded")

	// ---- shortlist ---------------------------------------------------------
	const budget = 5000.0
	b.clear("#sl-budget")
	b.do(
		chromedp.SendKeys(chromedp.CSS("#sl-budget"), "5000"),
		chromedp.SetValue(chromedp.CSS("#sl-currency"), "USD"),
		chromedp.Click(chromedp.CSS("#build")),
	)
	b.waitJS("the shortlist totals", `document.querySelector('#totals dd[data-total="cost"]') !== null`)
	totals := evalJS[map[string]string](b, `Object.fromEntries([...document.querySelectorAll("#totals dd")].map(d => [d.dataset.total, d.dataset.value]))`)
	cost, err := strconv.ParseFloat(totals["cost"], 64)
	require.NoError(t, err)
	assert.Greater(t, cost, 0.0)
	assert.LessOrEqual(t, cost, budget)
	for _, k := range []string{"remaining", "expected_reach", "expected_engagements"} {
		assert.Contains(t, totals, k)
	}
	remaining, _ := strconv.ParseFloat(totals["remaining"], 64)
	assert.InDelta(t, budget-cost, remaining, 0.01)
	picks := evalJS[[]string](b, `[...document.querySelectorAll("#picks tbody tr")].map(r => r.dataset.creatorId)`)
	require.NotEmpty(t, picks)
	assert.NotContains(t, picks, gone, "dismissed creators stay off the shortlist")
	b.scrollTo("#results-panel")
	t.Logf("shortlist: %s", b.screenshot("3-shortlist"))

	// ---- export CSV (a real download) --------------------------------------
	raw := b.download("#export")
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, csvHeader, rows[0])
	require.Len(t, rows, len(picks)+1)
	sum := 0.0
	for i, r := range rows[1:] {
		assert.Equal(t, strconv.Itoa(i+1), r[0])
		assert.Equal(t, picks[i], r[1])
		assert.NotEmpty(t, r[2])
		assert.Contains(t, []string{"instagram", "tiktok"}, r[3])
		_, err := strconv.Atoi(r[4])
		require.NoError(t, err, "followers")
		assert.Equal(t, "USD", r[9], "currency")
		assert.Equal(t, "shortlist", r[14], "picked by the shortlist, not by hand")
		price, err := strconv.ParseFloat(r[8], 64)
		require.NoError(t, err)
		sum += price
	}
	assert.InDelta(t, cost, sum, 0.01*float64(len(picks)), "the CSV's prices add up to the total")

	// ---- settings: API keys --------------------------------------------------
	// Until now the server ran as the local demo (no key exists: loopback
	// callers are served). Once a key exists every /v1 call needs one.
	require.Zero(t, a.probe.withAuth())
	ctxBg := context.Background()
	readKey, readSecret := creatormatch.NewAPIKey("web test (read)", []creatormatch.Scope{creatormatch.ScopeRead}, time.Now())
	require.NoError(t, a.store.CreateAPIKey(ctxBg, readKey))
	require.Eventually(t, func() bool { // the server caches "no key exists" briefly
		resp, err := http.Get(a.url + "/v1/feedback")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusUnauthorized
	}, 30*time.Second, 250*time.Millisecond)

	// No key: a clear 401 message pointing at Settings.
	b.do(chromedp.Click(chromedp.CSS("#update")))
	b.waitJS("the 401 message", `!document.querySelector("#alert").hidden`)
	alert := evalJS[string](b, `document.querySelector("#alert").innerText`)
	assert.Contains(t, alert, "401")
	assert.Contains(t, alert, "API key")
	assert.Contains(t, alert, "Settings")
	b.scrollTo("body")
	t.Logf("401: %s", b.screenshot("4-unauthorized"))

	// The alert's button opens Settings; save the key.
	b.do(
		chromedp.Click(chromedp.CSS("#alert button")),
		chromedp.WaitVisible(chromedp.CSS("#api-key")),
		chromedp.SendKeys(chromedp.CSS("#api-key"), readSecret),
		chromedp.Click(chromedp.CSS("#settings-form button[type=submit]")),
	)
	assert.Equal(t, readSecret, evalJS[string](b, `localStorage.getItem("creatormatch.apiKey")`))
	assert.True(t, evalJS[bool](b, `document.querySelector("#alert").hidden`), "saving a key clears the message")
	b.do(chromedp.Click(chromedp.CSS("#update")))
	b.waitJS("results with the key", `document.querySelector("#results-status").textContent.includes("found")`)
	assert.Positive(t, a.probe.sent("Bearer "+readSecret), "the key is sent as Authorization: Bearer")
	assert.Equal(t, a.probe.withAuth(), a.probe.sent("Bearer "+readSecret), "only that key is sent")

	// A read-only key may not record feedback: a clear 403 message.
	b.do(chromedp.Click(chromedp.CSS("#results > li.card:first-child button.dismiss")))
	b.waitJS("the 403 message", `!document.querySelector("#alert").hidden`)
	alert = evalJS[string](b, `document.querySelector("#alert").innerText`)
	assert.Contains(t, alert, "403")
	assert.Contains(t, alert, "not allowed")
	assert.Contains(t, alert, "write", "the problem's detail names the missing scope")
	assert.False(t, evalJS[bool](b, `document.querySelector("#results > li.card:first-child button.dismiss").disabled`),
		"a failed dismissal can be retried")

	// The key survives a reload.
	b.do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#brief-text")))
	b.waitJS("the app to restart", `document.documentElement.dataset.ready === "1"`)
	assert.Equal(t, readSecret, evalJS[string](b, `document.querySelector("#api-key").value`))

	// ---- a phone's width ---------------------------------------------------
	b.do(
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
		chromedp.SetValue(chromedp.CSS("#brief-text"), testBrief),
		chromedp.Click(chromedp.CSS("#find")),
	)
	b.waitJS("results on the phone", `document.querySelectorAll("#results > li.card").length >= 5 && document.querySelector("#results-status").textContent.includes("found")`)
	// Keyboard only: focus the first card's Why button and press Enter.
	b.do(
		chromedp.Focus(chromedp.CSS("#results > li.card:first-child button.why")),
		chromedp.KeyEvent(kb.Enter),
	)
	b.waitJS("captions on the phone", `document.querySelector("#results > li.card:first-child .why-panel .post .caption") !== null`)
	b.do(chromedp.Click(chromedp.CSS("#build")))
	b.waitJS("the shortlist on the phone", `document.querySelector("#shortlist-status").textContent.includes("picked")`)
	width := evalJS[int](b, `document.documentElement.scrollWidth`)
	assert.LessOrEqual(t, width, 390, "no horizontal scroll at 390px")
	wide := evalJS[[]string](b, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 391 && e.offsetParent !== null && !e.closest(".table-wrap")).slice(0, 5).map(e => e.tagName + "." + e.className)`)
	assert.Empty(t, wide, "elements wider than the phone")
	b.scrollTo("#results > li.card:first-child")
	t.Logf("phone: %s", b.screenshot("5-phone"))
}
