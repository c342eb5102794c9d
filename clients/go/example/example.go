// Package example is a small front end of the Go client: it calls every
// operation of openapi.yaml once or more, the way an integration would,
// and checks the answers. clients/e2e_test.go runs it against a live
// server through Prism's validating proxy; docs/api.md quotes it.
package example

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	client "github.com/creatormatch/creatormatch/clients/go"
)

// response is what every generated *HTTPResponse type has.
type response interface {
	StatusCode() int
	Status() string
}

// expect fails unless the call succeeded with one of the statuses.
func expect(op string, r response, err error, want ...int) error {
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	for _, w := range want {
		if r.StatusCode() == w {
			return nil
		}
	}
	return fmt.Errorf("%s: %s, want %v", op, r.Status(), want)
}

func ptr[T any](v T) *T { return &v }

// DemoMode calls the API without a key, as a loopback caller may while no
// key exists (the server's local demo mode).
func DemoMode(ctx context.Context, baseURL string) error {
	c, err := client.New(baseURL, client.Options{})
	if err != nil {
		return err
	}
	page, err := c.BrowseCreatorsWithResponse(ctx, &client.BrowseCreatorsParams{Limit: ptr(3)})
	if err := expect("browseCreators", page, err, http.StatusOK); err != nil {
		return err
	}
	if len(page.JSON200.Creators) == 0 {
		return errors.New("browseCreators: the catalogue is empty")
	}
	return nil
}

// Run walks every operation with adminKey, an API key with the admin
// scope (`creatormatch apikey create --scope admin`). It creates a
// read+write key for the workspace "example-go", does its work with that
// key, and revokes it at the end.
func Run(ctx context.Context, baseURL, adminKey string) error {
	admin, err := client.New(baseURL, client.Options{APIKey: adminKey})
	if err != nil {
		return err
	}
	if err := ops(ctx, admin); err != nil {
		return err
	}

	// ---- an API key for the workspace ------------------------------------
	created, err := admin.CreateAPIKeyWithResponse(ctx, client.CreateAPIKeyJSONRequestBody{
		Name:      ptr("example-go"),
		Workspace: ptr("example-go"),
		Scopes:    []client.CreateAPIKeyJSONBodyScopes{"read", "write"},
	})
	if err := expect("createAPIKey", created, err, http.StatusCreated); err != nil {
		return err
	}
	key := created.JSON201.Key
	c, err := client.New(baseURL, client.Options{APIKey: created.JSON201.Secret})
	if err != nil {
		return err
	}
	keys, err := admin.ListAPIKeysWithResponse(ctx)
	if err := expect("listAPIKeys", keys, err, http.StatusOK); err != nil {
		return err
	}
	if !containsFunc(keys.JSON200.Keys, func(k client.APIKey) bool { return k.ID == key.ID }) {
		return fmt.Errorf("listAPIKeys: %s is not listed", key.ID)
	}

	for _, step := range []func(context.Context, *client.ClientWithResponses) error{catalogue, matching, feedback, blocklist, savedBriefs, lists, problems} {
		if err := step(ctx, c); err != nil {
			return err
		}
	}
	// A key acts within its scopes: this one lacks admin.
	forbidden, err := c.ListAPIKeysWithResponse(ctx)
	if err := expect("listAPIKeys", forbidden, err, http.StatusForbidden); err != nil {
		return err
	}
	if forbidden.ApplicationProblemJSON403.Status != http.StatusForbidden {
		return fmt.Errorf("listAPIKeys: problem %+v", forbidden.ApplicationProblemJSON403)
	}
	unknown, err := client.New(baseURL, client.Options{APIKey: "cm_not-a-key"})
	if err != nil {
		return err
	}
	unauthorized, err := unknown.BrowseCreatorsWithResponse(ctx, nil)
	if err := expect("browseCreators", unauthorized, err, http.StatusUnauthorized); err != nil {
		return err
	}

	revoked, err := admin.RevokeAPIKeyWithResponse(ctx, key.ID)
	if err := expect("revokeAPIKey", revoked, err, http.StatusNoContent); err != nil {
		return err
	}
	return nil
}

func containsFunc[T any](s []T, f func(T) bool) bool {
	for _, v := range s {
		if f(v) {
			return true
		}
	}
	return false
}

// ops are the unversioned routes: health, the spec, metrics, profiles.
func ops(ctx context.Context, c *client.ClientWithResponses) error {
	h, err := c.HealthzWithResponse(ctx)
	if err := expect("healthz", h, err, http.StatusOK); err != nil {
		return err
	}
	r, err := c.ReadyzWithResponse(ctx)
	if err := expect("readyz", r, err, http.StatusOK); err != nil {
		return err
	}
	// The spec is YAML text: read the raw response (the generated
	// OpenapiWithResponse would decode it as one YAML string).
	o, err := c.Openapi(ctx)
	if err != nil {
		return fmt.Errorf("openapi: %w", err)
	}
	doc, err := io.ReadAll(o.Body)
	o.Body.Close()
	if err != nil || o.StatusCode != http.StatusOK || !strings.HasPrefix(string(doc), "openapi: 3") {
		return fmt.Errorf("openapi: %s, %v: not an OpenAPI document", o.Status, err)
	}
	d, err := c.DocsWithResponse(ctx)
	if err := expect("docs", d, err, http.StatusOK); err != nil {
		return err
	}
	m, err := c.MetricsWithResponse(ctx)
	if err := expect("metrics", m, err, http.StatusOK); err != nil {
		return err
	}
	p, err := c.PprofWithResponse(ctx, "heap", nil)
	return expect("pprof", p, err, http.StatusOK)
}

const creatorID = "example-go-1"

// catalogue ingests a creator, reads it back and pages through the
// catalogue.
func catalogue(ctx context.Context, c *client.ClientWithResponses) error {
	posted := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	creator := client.Creator{
		ID:        creatorID,
		Name:      ptr("Go Example Kitchen"),
		Bio:       ptr("Plant-based recipes for busy weeknights."),
		Country:   ptr("US"),
		Languages: []string{"en"},
		Niches:    []string{"food"},
		Accounts:  []client.Account{{Platform: client.PlatformInstagram, Handle: ptr("goexamplekitchen"), Followers: 24000}},
		Content: []client.ContentItem{
			{ID: "p1", Platform: ptr(client.PlatformInstagram), PostedAt: &posted, Caption: ptr("15-minute vegan protein bowls for meal prep"), Likes: ptr(1800), Comments: ptr(95)},
			{ID: "p2", Platform: ptr(client.PlatformInstagram), PostedAt: ptr(posted.Add(-72 * time.Hour)), Caption: ptr("Chickpea snack bars, three ingredients"), Likes: ptr(1500), Comments: ptr(60)},
		},
	}
	// A retried write with the same Idempotency-Key is answered once.
	idem := client.NewIdempotencyKey()
	body := client.UpsertCreatorsJSONRequestBody{Creators: []client.Creator{creator}}
	for i := range 2 {
		up, err := c.UpsertCreatorsWithResponse(ctx, &client.UpsertCreatorsParams{IdempotencyKey: &idem}, body)
		if err := expect("upsertCreators", up, err, http.StatusOK); err != nil {
			return err
		}
		if i == 1 && (up.Headers200 == nil || up.Headers200.IdempotentReplayed == nil || *up.Headers200.IdempotentReplayed != "true") {
			return errors.New("upsertCreators: the retry was not a replay")
		}
	}
	got, err := c.GetCreatorWithResponse(ctx, creatorID)
	if err := expect("getCreator", got, err, http.StatusOK); err != nil {
		return err
	}
	added, err := c.AddContentWithResponse(ctx, creatorID, nil, client.AddContentJSONRequestBody{Items: []client.ContentItem{
		{ID: "p3", Platform: ptr(client.PlatformInstagram), PostedAt: ptr(posted.Add(24 * time.Hour)), Caption: ptr("Lentil crisps taste test"), Likes: ptr(2100), Comments: ptr(120)},
	}})
	if err := expect("addContent", added, err, http.StatusOK); err != nil {
		return err
	}
	if n := len(added.JSON200.Content); n != 3 {
		return fmt.Errorf("addContent: %d posts, want 3", n)
	}
	similar, err := c.SimilarCreatorsWithResponse(ctx, creatorID, &client.SimilarCreatorsParams{Limit: ptr(5)})
	if err := expect("similarCreators", similar, err, http.StatusOK); err != nil {
		return err
	}

	// Page through the catalogue: send each page's next_cursor back until
	// there is none.
	seen := 0
	params := client.BrowseCreatorsParams{Limit: ptr(25), Sort: ptr(client.BrowseCreatorsParamsSortFollowers)}
	for page := 0; page < 100; page++ {
		res, err := c.BrowseCreatorsWithResponse(ctx, &params)
		if err := expect("browseCreators", res, err, http.StatusOK); err != nil {
			return err
		}
		seen += len(res.JSON200.Creators)
		if res.JSON200.NextCursor == nil {
			break
		}
		params.Cursor = res.JSON200.NextCursor
	}
	if seen == 0 {
		return errors.New("browseCreators: no creators")
	}
	return nil
}

const briefText = "Launching a plant-based protein snack for busy young professionals. " +
	"Food and fitness creators on Instagram or TikTok, audience aged 18-34 in the US. Budget $20,000."

// matching parses a brief, matches it a page at a time, builds a
// shortlist and finds lookalikes.
func matching(ctx context.Context, c *client.ClientWithResponses) error {
	parsed, err := c.ParseBriefWithResponse(ctx, client.ParseBriefJSONRequestBody{Text: briefText})
	if err := expect("parseBrief", parsed, err, http.StatusOK); err != nil {
		return err
	}
	req := client.MatchRequest{Brief: &parsed.JSON200.Brief, Limit: ptr(5)}
	first, err := c.MatchWithResponse(ctx, req)
	if err := expect("match", first, err, http.StatusOK); err != nil {
		return err
	}
	if len(first.JSON200.Results) == 0 || first.JSON200.NextCursor == nil {
		return errors.New("match: want a full first page and a next_cursor")
	}
	req.Cursor = first.JSON200.NextCursor
	second, err := c.MatchWithResponse(ctx, req)
	if err := expect("match (page 2)", second, err, http.StatusOK); err != nil {
		return err
	}
	sl, err := c.ShortlistWithResponse(ctx, client.ShortlistJSONRequestBody{Brief: &parsed.JSON200.Brief, MaxCreators: ptr(5), MinFit: ptr(0.0)})
	if err := expect("shortlist", sl, err, http.StatusOK); err != nil {
		return err
	}
	la, err := c.LookalikesWithResponse(ctx, client.LookalikesJSONRequestBody{Positive: []string{creatorID}, Limit: ptr(5)})
	return expect("lookalikes", la, err, http.StatusOK)
}

// feedback records what happened with a match's creators and reads it
// back, then looks at (and resets) the workspace's learned weights.
func feedback(ctx context.Context, c *client.ClientWithResponses) error {
	m, err := c.MatchWithResponse(ctx, client.MatchRequest{Brief: &client.Brief{Text: ptr(briefText)}, Limit: ptr(3)})
	if err := expect("match", m, err, http.StatusOK); err != nil {
		return err
	}
	if len(m.JSON200.Results) == 0 {
		return errors.New("match: no results")
	}
	var events []client.FeedbackEvent
	for _, r := range m.JSON200.Results {
		events = append(events, client.FeedbackEvent{BriefID: m.JSON200.BriefID, CreatorID: r.CreatorID, Event: client.FeedbackKindShortlisted})
	}
	rec, err := c.RecordFeedbackWithResponse(ctx, nil, client.RecordFeedbackJSONRequestBody{Events: events})
	if err := expect("recordFeedback", rec, err, http.StatusOK); err != nil {
		return err
	}
	list, err := c.ListFeedbackWithResponse(ctx, &client.ListFeedbackParams{BriefID: &m.JSON200.BriefID, Limit: ptr(100)})
	if err := expect("listFeedback", list, err, http.StatusOK); err != nil {
		return err
	}
	if len(list.JSON200.Events) != len(events) {
		return fmt.Errorf("listFeedback: %d events, want %d", len(list.JSON200.Events), len(events))
	}
	w, err := c.GetWeightsWithResponse(ctx, nil)
	if err := expect("getWeights", w, err, http.StatusOK); err != nil {
		return err
	}
	reset, err := c.ResetWeightsWithResponse(ctx)
	return expect("resetWeights", reset, err, http.StatusOK)
}

// blocklist blocks a creator for the workspace and lifts the block.
func blocklist(ctx context.Context, c *client.ClientWithResponses) error {
	b, err := c.BlockCreatorWithResponse(ctx, creatorID, client.BlockCreatorJSONRequestBody{Reason: ptr("example")})
	if err := expect("blockCreator", b, err, http.StatusCreated); err != nil {
		return err
	}
	l, err := c.ListBlocklistWithResponse(ctx, nil)
	if err := expect("listBlocklist", l, err, http.StatusOK); err != nil {
		return err
	}
	if len(l.JSON200.Entries) != 1 || l.JSON200.Entries[0].CreatorID != creatorID {
		return fmt.Errorf("listBlocklist: %+v, want %s alone", l.JSON200.Entries, creatorID)
	}
	u, err := c.UnblockCreatorWithResponse(ctx, creatorID)
	return expect("unblockCreator", u, err, http.StatusNoContent)
}

// savedBriefs saves a brief, renames it and deletes it.
func savedBriefs(ctx context.Context, c *client.ClientWithResponses) error {
	in := client.SavedBriefInput{Name: "Protein snack launch", Brief: client.Brief{Text: ptr(briefText)}}
	s, err := c.SaveBriefWithResponse(ctx, nil, in)
	if err := expect("saveBrief", s, err, http.StatusCreated); err != nil {
		return err
	}
	id := s.JSON201.ID
	l, err := c.ListSavedBriefsWithResponse(ctx, &client.ListSavedBriefsParams{Limit: ptr(10)})
	if err := expect("listSavedBriefs", l, err, http.StatusOK); err != nil {
		return err
	}
	g, err := c.GetSavedBriefWithResponse(ctx, id)
	if err := expect("getSavedBrief", g, err, http.StatusOK); err != nil {
		return err
	}
	in.Name = "Protein snack launch (US)"
	r, err := c.ReplaceSavedBriefWithResponse(ctx, id, in)
	if err := expect("replaceSavedBrief", r, err, http.StatusOK); err != nil {
		return err
	}
	if r.JSON200.Name != in.Name {
		return fmt.Errorf("replaceSavedBrief: name %q", r.JSON200.Name)
	}
	d, err := c.DeleteSavedBriefWithResponse(ctx, id)
	return expect("deleteSavedBrief", d, err, http.StatusNoContent)
}

// problems are answers a client must handle: RFC 9457 problem details
// with, for invalid input, one entry per bad field.
func problems(ctx context.Context, c *client.ClientWithResponses) error {
	missing, err := c.GetCreatorWithResponse(ctx, "no-such-creator")
	if err := expect("getCreator", missing, err, http.StatusNotFound); err != nil {
		return err
	}
	if missing.ApplicationProblemJSON404.Title == "" {
		return errors.New("getCreator: a 404 without a title")
	}
	// Shares that do not sum to 1 pass the schema but not the server.
	bad := client.Creator{
		ID:       "example-go-bad",
		Accounts: []client.Account{{Platform: client.PlatformTiktok, Followers: 1000}},
		Audience: &client.Audience{Gender: map[string]client.Share{"female": 0.9, "male": 0.5}},
	}
	invalid, err := c.UpsertCreatorsWithResponse(ctx, nil, client.UpsertCreatorsJSONRequestBody{Creators: []client.Creator{bad}})
	if err := expect("upsertCreators", invalid, err, http.StatusUnprocessableEntity); err != nil {
		return err
	}
	if p := invalid.ApplicationProblemJSON422; len(p.Errors) == 0 || !strings.HasPrefix(p.Errors[0].Field, "creators[0].") {
		return fmt.Errorf("upsertCreators: problem %+v, want the bad field named", p)
	}
	return nil
}

// lists runs a list's life: create, add a creator, move it along the
// pipeline, note, export, delete; and finally deletes the creator.
func lists(ctx context.Context, c *client.ClientWithResponses) error {
	cl, err := c.CreateListWithResponse(ctx, nil, client.CreateListJSONRequestBody{Name: "Snack launch", Description: ptr("Q1 outreach")})
	if err := expect("createList", cl, err, http.StatusCreated); err != nil {
		return err
	}
	id := cl.JSON201.ID
	all, err := c.ListListsWithResponse(ctx, nil)
	if err := expect("listLists", all, err, http.StatusOK); err != nil {
		return err
	}
	up, err := c.UpdateListWithResponse(ctx, id, client.UpdateListJSONRequestBody{Description: ptr("Q1 outreach, US only")})
	if err := expect("updateList", up, err, http.StatusOK); err != nil {
		return err
	}
	add, err := c.PutListItemWithResponse(ctx, id, creatorID, client.PutListItemJSONRequestBody{})
	if err := expect("putListItem", add, err, http.StatusCreated); err != nil {
		return err
	}
	mv, err := c.PutListItemWithResponse(ctx, id, creatorID, client.PutListItemJSONRequestBody{Status: ptr(client.ListStatusContacted)})
	if err := expect("putListItem", mv, err, http.StatusOK); err != nil {
		return err
	}
	items, err := c.ListItemsWithResponse(ctx, id, &client.ListItemsParams{Status: ptr(client.ListStatusContacted)})
	if err := expect("listItems", items, err, http.StatusOK); err != nil {
		return err
	}
	if len(items.JSON200.Items) != 1 {
		return fmt.Errorf("listItems: %d items, want 1", len(items.JSON200.Items))
	}
	g, err := c.GetListWithResponse(ctx, id)
	if err := expect("getList", g, err, http.StatusOK); err != nil {
		return err
	}
	if g.JSON200.Items != 1 {
		return fmt.Errorf("getList: %d items, want 1", g.JSON200.Items)
	}
	member, err := c.CreatorListsWithResponse(ctx, creatorID)
	if err := expect("creatorLists", member, err, http.StatusOK); err != nil {
		return err
	}
	note, err := c.AddNoteWithResponse(ctx, creatorID, nil, client.AddNoteJSONRequestBody{Text: "Replied, wants a product sample first."})
	if err := expect("addNote", note, err, http.StatusCreated); err != nil {
		return err
	}
	notes, err := c.ListNotesWithResponse(ctx, creatorID, nil)
	if err := expect("listNotes", notes, err, http.StatusOK); err != nil {
		return err
	}
	js, err := c.ExportListWithResponse(ctx, id, &client.ExportListParams{Format: ptr(client.ExportListParamsFormatJSON)})
	if err := expect("exportList", js, err, http.StatusOK); err != nil {
		return err
	}
	if len(js.JSON200.Rows) != 1 || len(js.JSON200.Rows[0].Notes) != 1 {
		return fmt.Errorf("exportList: %+v, want one row with one note", js.JSON200.Rows)
	}
	csv, err := c.ExportListWithResponse(ctx, id, nil)
	if err := expect("exportList (csv)", csv, err, http.StatusOK); err != nil {
		return err
	}
	dn, err := c.DeleteNoteWithResponse(ctx, creatorID, note.JSON201.ID)
	if err := expect("deleteNote", dn, err, http.StatusNoContent); err != nil {
		return err
	}
	di, err := c.DeleteListItemWithResponse(ctx, id, creatorID)
	if err := expect("deleteListItem", di, err, http.StatusNoContent); err != nil {
		return err
	}
	dl, err := c.DeleteListWithResponse(ctx, id)
	if err := expect("deleteList", dl, err, http.StatusNoContent); err != nil {
		return err
	}
	dc, err := c.DeleteCreatorWithResponse(ctx, creatorID)
	return expect("deleteCreator", dc, err, http.StatusNoContent)
}
