package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api/spec"
	"github.com/creatormatch/creatormatch/matcher"
)

type parseBriefRequest struct {
	Text string `json:"text"`
}

type parseBriefResponse struct {
	Brief   creatormatch.Brief `json:"brief"`
	BriefID string             `json:"brief_id"`
	Source  string             `json:"source"`
}

// ParseBrief implements POST /v1/briefs/parse.
func (s *Server) ParseBrief(c echo.Context) error {
	var req parseBriefRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if len(req.Text) == 0 {
		return creatormatch.Invalid("text", "is required")
	}
	if len(req.Text) > maxBriefText {
		return creatormatch.Invalid("text", "must be at most %d bytes", maxBriefText)
	}
	b, source, err := s.matcher.ResolveBrief(c.Request().Context(), matcher.Request{Brief: creatormatch.Brief{Text: req.Text}})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, parseBriefResponse{Brief: b, BriefID: matcher.BriefID(b), Source: source})
}

// maxBriefText bounds a pasted brief.
const maxBriefText = 20000

// Match implements POST /v1/match.
func (s *Server) Match(c echo.Context) error {
	var req matcher.Request
	if err := decode(c, &req); err != nil {
		return err
	}
	if len(req.Brief.Text) > maxBriefText {
		return creatormatch.Invalid("brief.text", "must be at most %d bytes", maxBriefText)
	}
	resp, err := s.matcher.Match(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, resp)
}

// Shortlist implements POST /v1/shortlists.
func (s *Server) Shortlist(c echo.Context) error {
	var req matcher.ShortlistRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if len(req.Brief.Text) > maxBriefText {
		return creatormatch.Invalid("brief.text", "must be at most %d bytes", maxBriefText)
	}
	resp, err := s.matcher.Shortlist(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, resp)
}

type lookalikesResponse struct {
	Results []matcher.Lookalike `json:"results"`
}

// Lookalikes implements POST /v1/lookalikes.
func (s *Server) Lookalikes(c echo.Context) error {
	var req matcher.LookalikeRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	res, err := s.matcher.Lookalikes(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, lookalikesResponse{Results: res})
}

// SimilarCreators implements GET /v1/creators/{id}/similar.
func (s *Server) SimilarCreators(c echo.Context, id spec.CreatorID, params spec.SimilarCreatorsParams) error {
	if err := checkID(id); err != nil {
		return err
	}
	limit := 0
	if params.Limit != nil {
		limit = *params.Limit
	}
	if _, err := s.store.GetCreator(c.Request().Context(), id); err != nil {
		return creatorError(err, id)
	}
	res, err := s.matcher.Lookalikes(c.Request().Context(), matcher.LookalikeRequest{Positive: []string{id}, Limit: limit})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, lookalikesResponse{Results: res})
}

type feedbackRequest struct {
	Events []creatormatch.FeedbackEvent `json:"events"`
}

type feedbackResponse struct {
	Recorded int                          `json:"recorded"`
	Events   []creatormatch.FeedbackEvent `json:"events"`
}

// RecordFeedback implements POST /v1/feedback.
func (s *Server) RecordFeedback(c echo.Context, _ spec.RecordFeedbackParams) error {
	var req feedbackRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	ev, err := s.matcher.RecordFeedback(c.Request().Context(), req.Events, time.Now())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, feedbackResponse{Recorded: len(ev), Events: ev})
}

// ListFeedback implements GET /v1/feedback.
func (s *Server) ListFeedback(c echo.Context, params spec.ListFeedbackParams) error {
	f := creatormatch.FeedbackFilter{}
	if params.BriefId != nil {
		f.BriefID = *params.BriefId
	}
	if params.CreatorId != nil {
		f.CreatorID = *params.CreatorId
	}
	if params.Event != nil {
		kind := *params.Event
		if !kind.Valid() {
			return creatormatch.Invalid("event", "must be one of shortlisted, contacted, hired, rejected, campaign_result")
		}
		f.Kinds = []creatormatch.FeedbackKind{kind}
	}
	ev, err := s.store.ListFeedback(c.Request().Context(), f)
	if err != nil {
		return err
	}
	if ev == nil {
		ev = []creatormatch.FeedbackEvent{}
	}
	return c.JSON(http.StatusOK, map[string]any{"events": ev})
}
