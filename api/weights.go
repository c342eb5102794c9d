package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api/spec"
	"github.com/creatormatch/creatormatch/learning"
	"github.com/creatormatch/creatormatch/matcher"
)

// withLearned sets the caller workspace's served weights on a match or
// shortlist request, which uses them when it sends no weights of its own.
func (s *Server) withLearned(c echo.Context, req *matcher.Request) error {
	if len(req.Weights) > 0 {
		return nil
	}
	cur, err := s.store.CurrentWeights(c.Request().Context(), principalOf(c).workspace())
	if err != nil {
		return err
	}
	req.Learned = matcher.LearnedFrom(cur)
	return nil
}

type currentWeights struct {
	Goal           creatormatch.Goal           `json:"goal"`
	WeightsVersion string                      `json:"weights_version"`
	Weights        matcher.Weights             `json:"weights"`
	Version        *creatormatch.WeightVersion `json:"version,omitempty"`
}

type weightsResponse struct {
	Current []currentWeights             `json:"current"`
	History []creatormatch.WeightVersion `json:"history"`
}

// GetWeights implements GET /v1/weights.
func (s *Server) GetWeights(c echo.Context, params spec.GetWeightsParams) error {
	ctx := c.Request().Context()
	ws := principalOf(c).workspace()
	var goal creatormatch.Goal
	if params.Goal != nil {
		goal = creatormatch.Goal(*params.Goal)
		if !goal.Valid() {
			return creatormatch.Invalid("goal", "must be one of awareness, launch, community, conversion")
		}
	}
	limit := 100
	if params.Limit != nil {
		limit = *params.Limit // the spec bounds it to 1..1000
	}
	cur, err := s.store.CurrentWeights(ctx, ws)
	if err != nil {
		return err
	}
	learned := matcher.LearnedFrom(cur)
	resp := weightsResponse{Current: []currentWeights{}}
	for _, g := range creatormatch.Goals {
		if goal != "" && g != goal {
			continue
		}
		cw := currentWeights{Goal: g, WeightsVersion: matcher.WeightsPreset}
		var over matcher.Weights
		if lw, ok := learned[g]; ok {
			cw.WeightsVersion, over = lw.Version, lw.Weights
		}
		if v, ok := cur[g]; ok {
			cw.Version = &v
		}
		if cw.Weights, err = matcher.ResolveWeights(g, over); err != nil {
			return err
		}
		resp.Current = append(resp.Current, cw)
	}
	if resp.History, err = s.store.WeightHistory(ctx, ws, goal, limit); err != nil {
		return err
	}
	if resp.History == nil {
		resp.History = []creatormatch.WeightVersion{}
	}
	return c.JSON(http.StatusOK, resp)
}

// ResetWeights implements DELETE /v1/weights.
func (s *Server) ResetWeights(c echo.Context) error {
	vs, err := learning.ResetWeights(c.Request().Context(), s.store, principalOf(c).workspace(), time.Now().UTC())
	if err != nil {
		return err
	}
	if vs == nil {
		vs = []creatormatch.WeightVersion{}
	}
	return c.JSON(http.StatusOK, map[string]any{"reset": vs})
}
