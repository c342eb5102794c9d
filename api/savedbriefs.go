package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api/spec"
	"github.com/creatormatch/creatormatch/matcher"
)

// Saved briefs belong to the caller's workspace and are looked up there
// only: another workspace's saved brief is a 404, as for lists.

type savedBriefRequest struct {
	Name  *string             `json:"name"`
	Brief *creatormatch.Brief `json:"brief"`
}

// savedBriefFrom decodes and checks a save or replace body: the brief is
// resolved as /v1/match resolves it (parsed, merged and validated), and
// stored as sent, so running it again uses the parser of that day.
func (s *Server) savedBriefFrom(c echo.Context) (creatormatch.SavedBrief, error) {
	var req savedBriefRequest
	if err := decode(c, &req); err != nil {
		return creatormatch.SavedBrief{}, err
	}
	v := &creatormatch.ValidationError{}
	if req.Name == nil {
		v.Add("name", "is required")
	}
	if req.Brief == nil {
		v.Add("brief", "is required")
	}
	if err := v.Err(); err != nil {
		return creatormatch.SavedBrief{}, err
	}
	if len(req.Brief.Text) > maxBriefText {
		return creatormatch.SavedBrief{}, creatormatch.Invalid("brief.text", "must be at most %d bytes", maxBriefText)
	}
	if _, _, err := s.matcher.ResolveBrief(c.Request().Context(), matcher.Request{Brief: *req.Brief}); err != nil {
		return creatormatch.SavedBrief{}, err
	}
	b := creatormatch.SavedBrief{Workspace: principalOf(c).workspace(), Name: *req.Name, Brief: *req.Brief, UpdatedAt: time.Now()}
	return b, nil
}

func checkSavedBriefID(id string) error {
	if !creatormatch.ValidID(id) {
		return creatormatch.Invalid("saved_brief_id", "is not a valid saved brief id")
	}
	return nil
}

// savedBriefError turns a store's not-found into the client's words.
func savedBriefError(err error, id string) error {
	if errors.Is(err, creatormatch.ErrNotFound) {
		return creatormatch.WrapError(err, creatormatch.ErrNotFound, "no saved brief with id %q in this workspace", id)
	}
	return err
}

// ListSavedBriefs implements GET /v1/saved-briefs.
func (s *Server) ListSavedBriefs(c echo.Context, params spec.ListSavedBriefsParams) error {
	p := creatormatch.SavedBriefPage{Workspace: principalOf(c).workspace(), Limit: pageLimit(params.Limit)}
	cur, err := decodePageCursor(params.Cursor)
	if err != nil {
		return err
	}
	if cur != nil {
		p.After = &creatormatch.SavedBrief{CreatedAt: cur.At, ID: cur.ID}
	}
	bs, err := s.store.ListSavedBriefs(c.Request().Context(), p)
	if err != nil {
		return err
	}
	if bs == nil {
		bs = []creatormatch.SavedBrief{}
	}
	resp := map[string]any{"saved_briefs": bs}
	if len(bs) == p.Limit {
		resp["next_cursor"] = encodePageCursor(bs[len(bs)-1].CreatedAt, bs[len(bs)-1].ID)
	}
	return c.JSON(http.StatusOK, resp)
}

// SaveBrief implements POST /v1/saved-briefs. A retry with the same
// Idempotency-Key gets the first answer (the idempotency middleware).
func (s *Server) SaveBrief(c echo.Context, _ spec.SaveBriefParams) error {
	b, err := s.savedBriefFrom(c)
	if err != nil {
		return err
	}
	b.ID, b.CreatedAt = creatormatch.NewSavedBriefID(), b.UpdatedAt
	saved, _, err := s.store.SaveBrief(c.Request().Context(), b)
	if err != nil {
		return tooLarge(err)
	}
	return c.JSON(http.StatusCreated, saved)
}

// GetSavedBrief implements GET /v1/saved-briefs/{saved_brief_id}.
func (s *Server) GetSavedBrief(c echo.Context, id spec.SavedBriefID) error {
	if err := checkSavedBriefID(id); err != nil {
		return err
	}
	b, err := s.store.GetSavedBrief(c.Request().Context(), principalOf(c).workspace(), id)
	if err != nil {
		return savedBriefError(err, id)
	}
	return c.JSON(http.StatusOK, b)
}

// ReplaceSavedBrief implements PUT /v1/saved-briefs/{saved_brief_id}: it
// replaces the workspace's saved brief with that id (keeping created_at),
// or saves a new one under the id the client chose.
func (s *Server) ReplaceSavedBrief(c echo.Context, id spec.SavedBriefID) error {
	if err := checkSavedBriefID(id); err != nil {
		return err
	}
	b, err := s.savedBriefFrom(c)
	if err != nil {
		return err
	}
	b.ID = id
	saved, created, err := s.store.SaveBrief(c.Request().Context(), b)
	if err != nil {
		return tooLarge(err)
	}
	if created {
		return c.JSON(http.StatusCreated, saved)
	}
	return c.JSON(http.StatusOK, saved)
}

// DeleteSavedBrief implements DELETE /v1/saved-briefs/{saved_brief_id}.
func (s *Server) DeleteSavedBrief(c echo.Context, id spec.SavedBriefID) error {
	if err := checkSavedBriefID(id); err != nil {
		return err
	}
	if err := s.store.DeleteSavedBrief(c.Request().Context(), principalOf(c).workspace(), id); err != nil {
		return savedBriefError(err, id)
	}
	return c.NoContent(http.StatusNoContent)
}
