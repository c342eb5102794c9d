package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
)

type upsertCreatorsRequest struct {
	Creators []creatormatch.Creator `json:"creators"`
}

type upsertCreatorsResponse struct {
	Upserted int      `json:"upserted"`
	IDs      []string `json:"ids"`
}

func (s *Server) upsertCreators(c echo.Context) error {
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

func (s *Server) getCreator(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	cr, err := s.store.GetCreator(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cr)
}

func (s *Server) deleteCreator(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.store.DeleteCreator(c.Request().Context(), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type addContentRequest struct {
	Items []creatormatch.ContentItem `json:"items"`
}

func (s *Server) addContent(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req addContentRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	cr, err := s.catalog.AddContent(c.Request().Context(), id, req.Items)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cr)
}

func pathID(c echo.Context) (string, error) {
	id := c.Param("id")
	if !creatormatch.ValidID(id) {
		return "", creatormatch.Invalid("id", "is not a valid creator id")
	}
	return id, nil
}

func isJSON(ct string) bool {
	ct = strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	return ct == "application/json" || strings.HasSuffix(ct, "+json")
}
