package api

import (
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api/spec"
	"github.com/creatormatch/creatormatch/matcher"
)

// Lists, list items and notes belong to the caller's workspace and are
// looked up there only: another workspace's list or note is a 404, as for
// blocklist entries (workspace.go).

// defaultPage is the page size of the list, item and note listings when
// the request names none (the spec bounds limit to 1..1000).
const defaultPage = 100

func pageLimit(p *int) int {
	if p != nil {
		return *p
	}
	return defaultPage
}

// pageCursor is a listing position: the last listed object's time and id,
// base64url JSON. Any position is harmless (it only selects within the
// caller's own workspace), so it needs no signature.
type pageCursor struct {
	At time.Time `json:"t"`
	ID string    `json:"i"`
}

func encodePageCursor(at time.Time, id string) string {
	b, _ := json.Marshal(pageCursor{At: at, ID: id})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodePageCursor(s *string) (*pageCursor, error) {
	if s == nil || *s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*s)
	var c pageCursor
	if err != nil || json.Unmarshal(b, &c) != nil || c.At.IsZero() || !creatormatch.ValidID(c.ID) {
		return nil, creatormatch.Invalid("cursor", "is not a cursor this server issued")
	}
	return &c, nil
}

func checkListID(id string) error {
	if !creatormatch.ValidID(id) {
		return creatormatch.Invalid("list_id", "is not a valid list id")
	}
	return nil
}

// listError turns a store's not-found into the client's words.
func listError(err error, id string) error {
	if errors.Is(err, creatormatch.ErrNotFound) {
		return creatormatch.WrapError(err, creatormatch.ErrNotFound, "no list with id %q in this workspace", id)
	}
	return err
}

// tooLarge turns a store's bound into a 422 (the client can act on it).
func tooLarge(err error) error {
	if creatormatch.ErrorCode(err) == creatormatch.ErrTooLarge {
		return creatormatch.WrapError(err, creatormatch.ErrInvalid, "%s", creatormatch.ErrorMessage(err))
	}
	return err
}

// ListLists implements GET /v1/lists.
func (s *Server) ListLists(c echo.Context, params spec.ListListsParams) error {
	p := creatormatch.ListPage{Workspace: principalOf(c).workspace(), Limit: pageLimit(params.Limit)}
	cur, err := decodePageCursor(params.Cursor)
	if err != nil {
		return err
	}
	if cur != nil {
		p.After = &creatormatch.List{CreatedAt: cur.At, ID: cur.ID}
	}
	ls, err := s.store.ListLists(c.Request().Context(), p)
	if err != nil {
		return err
	}
	if ls == nil {
		ls = []creatormatch.List{}
	}
	resp := map[string]any{"lists": ls}
	if len(ls) == p.Limit {
		resp["next_cursor"] = encodePageCursor(ls[len(ls)-1].CreatedAt, ls[len(ls)-1].ID)
	}
	return c.JSON(http.StatusOK, resp)
}

type listRequest struct {
	Name        *string `json:"name"`
	Description *string `json:"description"`
}

// CreateList implements POST /v1/lists. A retry with the same
// Idempotency-Key gets the first answer (the idempotency middleware).
func (s *Server) CreateList(c echo.Context, _ spec.CreateListParams) error {
	var req listRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Name == nil {
		return creatormatch.Invalid("name", "is required")
	}
	l := creatormatch.List{Workspace: principalOf(c).workspace(), ID: creatormatch.NewListID(), Name: *req.Name, CreatedAt: time.Now()}
	if req.Description != nil {
		l.Description = *req.Description
	}
	if err := l.Validate(); err != nil {
		return err
	}
	l, err := s.store.CreateList(c.Request().Context(), l)
	if err != nil {
		return tooLarge(err)
	}
	return c.JSON(http.StatusCreated, l)
}

// GetList implements GET /v1/lists/{list_id}.
func (s *Server) GetList(c echo.Context, listID spec.ListID) error {
	if err := checkListID(listID); err != nil {
		return err
	}
	l, err := s.store.GetList(c.Request().Context(), principalOf(c).workspace(), listID)
	if err != nil {
		return listError(err, listID)
	}
	return c.JSON(http.StatusOK, l)
}

// UpdateList implements PATCH /v1/lists/{list_id}.
func (s *Server) UpdateList(c echo.Context, listID spec.ListID) error {
	if err := checkListID(listID); err != nil {
		return err
	}
	var req listRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	l, err := s.store.UpdateList(c.Request().Context(), principalOf(c).workspace(), listID, req.Name, req.Description, time.Now())
	if err != nil {
		return listError(err, listID)
	}
	return c.JSON(http.StatusOK, l)
}

// DeleteList implements DELETE /v1/lists/{list_id}.
func (s *Server) DeleteList(c echo.Context, listID spec.ListID) error {
	if err := checkListID(listID); err != nil {
		return err
	}
	if err := s.store.DeleteList(c.Request().Context(), principalOf(c).workspace(), listID); err != nil {
		return listError(err, listID)
	}
	return c.NoContent(http.StatusNoContent)
}

// ListItems implements GET /v1/lists/{list_id}/items.
func (s *Server) ListItems(c echo.Context, listID spec.ListID, params spec.ListItemsParams) error {
	if err := checkListID(listID); err != nil {
		return err
	}
	p := creatormatch.ItemPage{Workspace: principalOf(c).workspace(), ListID: listID, Limit: pageLimit(params.Limit)}
	if params.Status != nil {
		if !params.Status.Valid() {
			return creatormatch.Invalid("status", "must be one of prospect, contacted, negotiating, hired, declined, archived")
		}
		p.Status = *params.Status
	}
	cur, err := decodePageCursor(params.Cursor)
	if err != nil {
		return err
	}
	if cur != nil {
		p.After = &creatormatch.ListItem{AddedAt: cur.At, CreatorID: cur.ID}
	}
	items, err := s.store.ListItems(c.Request().Context(), p)
	if err != nil {
		return listError(err, listID)
	}
	if items == nil {
		items = []creatormatch.ListItem{}
	}
	resp := map[string]any{"items": items}
	if len(items) == p.Limit {
		resp["next_cursor"] = encodePageCursor(items[len(items)-1].AddedAt, items[len(items)-1].CreatorID)
	}
	return c.JSON(http.StatusOK, resp)
}

type itemRequest struct {
	Status *creatormatch.ListStatus `json:"status"`
}

// PutListItem implements PUT /v1/lists/{list_id}/items/{creator_id}: 201
// when added, 200 when updated.
func (s *Server) PutListItem(c echo.Context, listID spec.ListID, creatorID string) error {
	if err := checkListID(listID); err != nil {
		return err
	}
	if !creatormatch.ValidID(creatorID) {
		return creatormatch.Invalid("creator_id", "is not a valid creator id")
	}
	var req itemRequest
	if c.Request().ContentLength != 0 {
		if err := decode(c, &req); err != nil {
			return err
		}
	}
	it := creatormatch.ListItem{Workspace: principalOf(c).workspace(), ListID: listID, CreatorID: creatorID, UpdatedAt: time.Now()}
	if req.Status != nil {
		if !req.Status.Valid() {
			return creatormatch.Invalid("status", "must be one of prospect, contacted, negotiating, hired, declined, archived")
		}
		it.Status = *req.Status
	}
	ctx := c.Request().Context()
	// The list first, so that another workspace's list is a 404 for the
	// list whatever the creator; then the catalogue.
	if _, err := s.store.GetList(ctx, it.Workspace, listID); err != nil {
		return listError(err, listID)
	}
	if _, err := s.store.GetCreator(ctx, creatorID); err != nil {
		if errors.Is(err, creatormatch.ErrNotFound) {
			return creatormatch.WrapError(err, creatormatch.ErrNotFound, "creator_id %q names no creator in the catalogue", creatorID)
		}
		return err
	}
	stored, added, err := s.store.PutListItem(ctx, it)
	if err != nil {
		return listError(tooLarge(err), listID)
	}
	status := http.StatusOK
	if added {
		status = http.StatusCreated
	}
	return c.JSON(status, stored)
}

// DeleteListItem implements DELETE /v1/lists/{list_id}/items/{creator_id}.
func (s *Server) DeleteListItem(c echo.Context, listID spec.ListID, creatorID string) error {
	if err := checkListID(listID); err != nil {
		return err
	}
	if !creatormatch.ValidID(creatorID) {
		return creatormatch.Invalid("creator_id", "is not a valid creator id")
	}
	ctx := c.Request().Context()
	ws := principalOf(c).workspace()
	if _, err := s.store.GetList(ctx, ws, listID); err != nil {
		return listError(err, listID)
	}
	err := s.store.DeleteListItem(ctx, ws, listID, creatorID)
	if errors.Is(err, creatormatch.ErrNotFound) {
		return errorf(creatormatch.ErrNotFound, "creator %q is not on list %q", creatorID, listID)
	}
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// exportRow is one item of an export.
type exportRow struct {
	CreatorID string                  `json:"creator_id"`
	Name      string                  `json:"name"`
	Accounts  []exportAccount         `json:"accounts"`
	Contact   *creatormatch.Contact   `json:"contact,omitempty"`
	Status    creatormatch.ListStatus `json:"status"`
	AddedAt   time.Time               `json:"added_at"`
	UpdatedAt time.Time               `json:"updated_at"`
	Notes     []creatormatch.Note     `json:"notes"`
}

type exportAccount struct {
	Platform  creatormatch.Platform `json:"platform"`
	Handle    string                `json:"handle,omitempty"`
	Followers int64                 `json:"followers"`
}

// ExportList implements GET /v1/lists/{list_id}/export: three store reads
// (the items, their creators in one bulk read, their notes in one), all
// bounded by MaxItemsPerList and MaxNotesPerWorkspace.
func (s *Server) ExportList(c echo.Context, listID spec.ListID, params spec.ExportListParams) error {
	if err := checkListID(listID); err != nil {
		return err
	}
	format := spec.Csv
	if params.Format != nil {
		format = *params.Format
	}
	if format != spec.Csv && format != spec.Json {
		return creatormatch.Invalid("format", "must be csv or json")
	}
	ctx := c.Request().Context()
	ws := principalOf(c).workspace()
	l, err := s.store.GetList(ctx, ws, listID)
	if err != nil {
		return listError(err, listID)
	}
	items, err := s.store.ListItems(ctx, creatormatch.ItemPage{Workspace: ws, ListID: listID})
	if err != nil {
		return listError(err, listID)
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.CreatorID
	}
	creators, err := s.store.GetCreators(ctx, ids) // read-only: shared with other readers
	if err != nil {
		return err
	}
	byID := make(map[string]*creatormatch.Creator, len(creators))
	for _, cr := range creators {
		byID[cr.ID] = cr
	}
	notes, err := s.store.CreatorNotes(ctx, ws, ids)
	if err != nil {
		return err
	}
	rows := make([]exportRow, len(items))
	for i, it := range items {
		r := exportRow{CreatorID: it.CreatorID, Status: it.Status, AddedAt: it.AddedAt, UpdatedAt: it.UpdatedAt, Accounts: []exportAccount{}, Notes: notes[it.CreatorID]}
		if r.Notes == nil {
			r.Notes = []creatormatch.Note{}
		}
		if cr := byID[it.CreatorID]; cr != nil {
			r.Name = cr.Name
			if cr.Contact != nil {
				ct := *cr.Contact // cr is shared with other readers
				r.Contact = &ct
			}
			for _, a := range cr.Accounts {
				r.Accounts = append(r.Accounts, exportAccount{Platform: a.Platform, Handle: a.Handle, Followers: a.Followers})
			}
		}
		rows[i] = r
	}
	name := "list-" + l.ID + "." + string(format)
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	if format == spec.Json {
		return c.JSON(http.StatusOK, map[string]any{"list": l, "rows": rows})
	}
	c.Response().Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	_ = w.Write([]string{"creator_id", "name", "platforms", "handles", "followers", "email", "agent", "website", "status", "added_at", "updated_at", "notes"})
	for _, r := range rows {
		var platforms, handles, followers []string
		for _, a := range r.Accounts {
			platforms = append(platforms, string(a.Platform))
			handles = append(handles, a.Handle)
			followers = append(followers, strconv.FormatInt(a.Followers, 10))
		}
		var ns []string
		for _, n := range r.Notes {
			ns = append(ns, fmt.Sprintf("[%s %s] %s", n.CreatedAt.Format(time.RFC3339), n.Author, n.Text))
		}
		var ct creatormatch.Contact
		if r.Contact != nil {
			ct = *r.Contact
		}
		if err := w.Write([]string{cell(r.CreatorID), cell(r.Name), strings.Join(platforms, ";"), cell(strings.Join(handles, ";")),
			strings.Join(followers, ";"), cell(ct.Email), cell(ct.Agent), cell(ct.Website), string(r.Status), r.AddedAt.Format(time.RFC3339Nano), r.UpdatedAt.Format(time.RFC3339Nano),
			cell(strings.Join(ns, "\n"))}); err != nil {
			return nil // the client went away; the status is sent
		}
	}
	w.Flush()
	return nil
}

// cell defuses a free-text CSV cell a spreadsheet would read as a formula
// (one starting with =, +, -, @, a tab or a carriage return) by prefixing
// an apostrophe, as OWASP advises for CSV injection.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

type noteRequest struct {
	Text *string `json:"text"`
}

// author names the principal on the notes it writes: its key's name, or
// its id when the key has none; "local" for the loopback demo mode.
func (p principal) author() string {
	if p.key == nil {
		return "local"
	}
	if p.key.Name != "" {
		return p.key.Name
	}
	return p.key.ID
}

// AddNote implements POST /v1/creators/{id}/notes.
func (s *Server) AddNote(c echo.Context, id spec.CreatorID, _ spec.AddNoteParams) error {
	if err := checkID(id); err != nil {
		return err
	}
	var req noteRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Text == nil {
		return creatormatch.Invalid("text", "is required")
	}
	p := principalOf(c)
	n := creatormatch.Note{Workspace: p.workspace(), ID: creatormatch.NewNoteID(), CreatorID: id, Text: *req.Text, Author: p.author(), CreatedAt: time.Now()}
	if err := n.Validate(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.store.GetCreator(ctx, id); err != nil {
		return creatorError(err, id)
	}
	n, err := s.store.AddNote(ctx, n)
	if err != nil {
		return tooLarge(err)
	}
	return c.JSON(http.StatusCreated, n)
}

// CreatorLists implements GET /v1/creators/{id}/lists.
func (s *Server) CreatorLists(c echo.Context, id spec.CreatorID) error {
	if err := checkID(id); err != nil {
		return err
	}
	ms, err := s.store.ListMemberships(c.Request().Context(), principalOf(c).workspace(), []string{id})
	if err != nil {
		return err
	}
	ls := ms[id]
	if ls == nil {
		ls = []creatormatch.Membership{}
	}
	return c.JSON(http.StatusOK, map[string]any{"lists": ls})
}

// ListNotes implements GET /v1/creators/{id}/notes.
func (s *Server) ListNotes(c echo.Context, id spec.CreatorID, params spec.ListNotesParams) error {
	if err := checkID(id); err != nil {
		return err
	}
	p := creatormatch.NotePage{Workspace: principalOf(c).workspace(), CreatorID: id, Limit: pageLimit(params.Limit)}
	cur, err := decodePageCursor(params.Cursor)
	if err != nil {
		return err
	}
	if cur != nil {
		p.Before = &creatormatch.Note{CreatedAt: cur.At, ID: cur.ID}
	}
	ns, err := s.store.ListNotes(c.Request().Context(), p)
	if err != nil {
		return err
	}
	if ns == nil {
		ns = []creatormatch.Note{}
	}
	resp := map[string]any{"notes": ns}
	if len(ns) == p.Limit {
		resp["next_cursor"] = encodePageCursor(ns[len(ns)-1].CreatedAt, ns[len(ns)-1].ID)
	}
	return c.JSON(http.StatusOK, resp)
}

// DeleteNote implements DELETE /v1/creators/{id}/notes/{note_id}.
func (s *Server) DeleteNote(c echo.Context, id spec.CreatorID, noteID string) error {
	if err := checkID(id); err != nil {
		return err
	}
	if !creatormatch.ValidID(noteID) {
		return creatormatch.Invalid("note_id", "is not a valid note id")
	}
	err := s.store.DeleteNote(c.Request().Context(), principalOf(c).workspace(), id, noteID)
	if errors.Is(err, creatormatch.ErrNotFound) {
		return errorf(creatormatch.ErrNotFound, "no note %q on creator %q in this workspace", noteID, id)
	}
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// annotateMatches sets each match's Lists to the caller's workspace's
// lists holding the creator, with one store call for the whole response,
// and its WorkedWithUs from the workspace's history (withHistory). The
// matches are the response's own (copied first: the matcher may share its
// slices), and the matcher never learns of workspaces.
func (s *Server) annotateMatches(c echo.Context, worked map[string]*creatormatch.WorkedWithUs, groups ...*[]creatormatch.Match) error {
	var ids []string
	for _, g := range groups {
		for _, m := range *g {
			ids = append(ids, m.CreatorID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	ms, err := s.store.ListMemberships(c.Request().Context(), principalOf(c).workspace(), ids)
	if err != nil {
		return err
	}
	if len(ms) == 0 && len(worked) == 0 {
		return nil
	}
	for _, g := range groups {
		*g = slices.Clone(*g)
		for i := range *g {
			id := (*g)[i].CreatorID
			(*g)[i].Lists = ms[id]
			(*g)[i].WorkedWithUs = worked[id]
		}
	}
	return nil
}

// workedWithUsPage is how many events one store call returns while
// withHistory folds a workspace's hires and results: memory stays one page
// of events (plus one small entry per creator with history) however long
// the history.
const workedWithUsPage = 1000

// withHistory sets the request's WorkedWithUs to the caller's workspace's
// history with creators, from its hired and campaign_result feedback, read
// page by page. Those are the rare kinds (a hire, then its results), so
// this stays small beside the shown/opened events.
func (s *Server) withHistory(c echo.Context, req *matcher.Request) error {
	out := map[string]*creatormatch.WorkedWithUs{}
	f := creatormatch.FeedbackFilter{
		Workspace: principalOf(c).workspace(),
		Kinds:     []creatormatch.FeedbackKind{creatormatch.FeedbackHired, creatormatch.FeedbackCampaignResult},
		Limit:     workedWithUsPage,
	}
	for {
		evs, err := s.store.ListFeedback(c.Request().Context(), f)
		if err != nil {
			return err
		}
		creatormatch.FoldWorkedWithUs(out, evs)
		if len(evs) < workedWithUsPage {
			req.WorkedWithUs = out
			return nil
		}
		last := evs[len(evs)-1]
		f.After = &creatormatch.FeedbackPosition{CreatedAt: last.CreatedAt, Seq: last.Seq}
	}
}

// annotatePicks is annotateMatches for a shortlist's picks.
func (s *Server) annotatePicks(c echo.Context, worked map[string]*creatormatch.WorkedWithUs, picks *[]matcher.Pick) error {
	ms := make([]creatormatch.Match, len(*picks))
	for i, p := range *picks {
		ms[i] = p.Match
	}
	if err := s.annotateMatches(c, worked, &ms); err != nil {
		return err
	}
	*picks = slices.Clone(*picks)
	for i := range *picks {
		(*picks)[i].Lists = ms[i].Lists
		(*picks)[i].WorkedWithUs = ms[i].WorkedWithUs
	}
	return nil
}
