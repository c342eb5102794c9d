package web_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
)

// TestBrowserWorkspaceLists: the web app with the key of one workspace
// never shows another's lists. Workspace acme creates a list in the app;
// with beta's key the Lists view is empty, acme's list opened by its
// address is "not found", and beta's own saved briefs do not include
// acme's; with acme's key again everything is back.
func TestBrowserWorkspaceLists(t *testing.T) {
	b := newBrowser(t, 1200, 900)
	a := newApp(t)
	mk := func(ws string) string {
		k, secret := creatormatch.NewWorkspaceAPIKey(ws, ws+"-web", []creatormatch.Scope{creatormatch.ScopeWrite}, time.Now())
		require.NoError(t, a.store.CreateAPIKey(context.Background(), k))
		return secret
	}
	acme, beta := mk("acme"), mk("beta")
	b.do(chromedp.Navigate(a.url+"/"), chromedp.WaitVisible(chromedp.CSS("#brief-text")))
	b.waitJS("the app to start", `document.documentElement.dataset.ready === "1"`)

	useKey := func(secret string) {
		t.Helper()
		if evalJS[bool](b, `document.querySelector("#settings").hidden`) {
			b.do(chromedp.Click(chromedp.CSS("#settings-toggle")))
		}
		b.clear("#api-key")
		evalJS[chromedp.Void](b, `document.querySelector("#settings-status").textContent = ""`)
		b.do(chromedp.SendKeys(chromedp.CSS("#api-key"), secret), chromedp.Click(chromedp.CSS("#settings-form button[type=submit]")))
		b.waitJS("the key saved", `document.querySelector("#settings-status").textContent.startsWith("Saved")`)
	}
	openLists := func() []string {
		t.Helper()
		evalJS[chromedp.Void](b, `location.hash = "#/"`)
		evalJS[chromedp.Void](b, `document.querySelector("#lists-status").textContent = ""`)
		evalJS[chromedp.Void](b, `location.hash = "#/lists"`)
		b.waitJS("the lists", `(s => /list/.test(s) && !/Loading/.test(s))(document.querySelector("#lists-status").textContent)`)
		return evalJS[[]string](b, `[...document.querySelectorAll("#lists-table tbody tr")].map(r => r.dataset.listId)`)
	}

	useKey(acme)
	assert.Empty(t, openLists())
	b.do(chromedp.SendKeys(chromedp.CSS("#new-list-name"), "acme's secret list"), chromedp.Click(chromedp.CSS("#new-list")))
	b.waitJS("the new list's page", `location.hash.startsWith("#/lists/")`)
	acmeLists := []string{evalJS[string](b, `decodeURIComponent(location.hash.slice("#/lists/".length))`)}
	assert.Equal(t, acmeLists, openLists())

	useKey(beta)
	assert.Empty(t, openLists(), "beta's Lists view shows none of acme's lists")
	assert.NotContains(t, evalJS[string](b, `document.body.textContent`), "acme's secret list")
	evalJS[chromedp.Void](b, `location.hash = "#/lists/`+acmeLists[0]+`"`)
	b.waitJS("the refusal", `!document.querySelector("#alert").hidden`)
	assert.Contains(t, evalJS[string](b, `document.querySelector("#alert").textContent`), "(404)")
	assert.NotContains(t, evalJS[string](b, `document.body.textContent`), "acme's secret list")

	useKey(acme)
	assert.Equal(t, acmeLists, openLists(), "acme's list is still there for acme")
}
