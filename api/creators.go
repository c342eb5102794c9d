package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api/spec"
)

type upsertCreatorsRequest struct {
	Creators []creatormatch.Creator `json:"creators"`
}

type upsertCreatorsResponse struct {
	Upserted int      `json:"upserted"`
	IDs      []string `json:"ids"`
}

// UpsertCreators implements POST /v1/creators.
func (s *Server) UpsertCreators(c echo.Context, _ spec.UpsertCreatorsParams) error {
	var req upsertCreatorsRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Creators == nil {
		return creatormatch.Invalid("creators", "is required")
	}
	if err := s.catalog.Upsert(c.Request().Context(), req.Creators); err != nil {
		return err
	}
	ids := make([]string, len(req.Creators))
	for i, cr := range req.Creators {
		ids[i] = cr.ID
	}
	return c.JSON(http.StatusOK, upsertCreatorsResponse{Upserted: len(ids), IDs: ids})
}

// GetCreator implements GET /v1/creators/{id}.
func (s *Server) GetCreator(c echo.Context, id spec.CreatorID) error {
	if err := checkID(id); err != nil {
		return err
	}
	cr, err := s.store.GetCreator(c.Request().Context(), id)
	if err != nil {
		return creatorError(err, id)
	}
	return c.JSON(http.StatusOK, cr)
}

// DeleteCreator implements DELETE /v1/creators/{id}.
func (s *Server) DeleteCreator(c echo.Context, id spec.CreatorID) error {
	if err := checkID(id); err != nil {
		return err
	}
	if err := s.store.DeleteCreator(c.Request().Context(), id); err != nil {
		return creatorError(err, id)
	}
	return c.NoContent(http.StatusNoContent)
}

type addContentRequest struct {
	Items []creatormatch.ContentItem `json:"items"`
}

// AddContent implements POST /v1/creators/{id}/content.
func (s *Server) AddContent(c echo.Context, id spec.CreatorID, _ spec.AddContentParams) error {
	if err := checkID(id); err != nil {
		return err
	}
	var req addContentRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	cr, err := s.catalog.AddContent(c.Request().Context(), id, req.Items)
	if err != nil {
		return creatorError(err, id)
	}
	return c.JSON(http.StatusOK, cr)
}

// creatorError words a store's "not found" for the client: the id came
// from the request, the store's own text ("postgres: creator ...") stays in
// the log.
func creatorError(err error, id string) error {
	if creatormatch.ErrorCode(err) == creatormatch.ErrNotFound {
		return creatormatch.WrapError(err, creatormatch.ErrNotFound, "no creator with id %q", id)
	}
	return err
}

func checkID(id string) error {
	if !creatormatch.ValidID(id) {
		return creatormatch.Invalid("id", "is not a valid creator id")
	}
	return nil
}

func isJSON(ct string) bool {
	ct = strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	return ct == "application/json" || strings.HasSuffix(ct, "+json")
}
