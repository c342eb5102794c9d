package api

import (
	"encoding/base64"
	"encoding/json"
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
	if err := s.withBlocklist(c, &req.Filters); err != nil {
		return err
	}
	if err := s.withLearned(c, &req); err != nil {
		return err
	}
	if err := s.withHistory(c, &req); err != nil {
		return err
	}
	resp, err := s.matcher.Match(c.Request().Context(), req)
	if err != nil {
		return err
	}
	if err := s.annotateMatches(c, req.WorkedWithUs, &resp.Results, &resp.Excluded); err != nil {
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
	if err := s.withBlocklist(c, &req.Filters); err != nil {
		return err
	}
	if err := s.withLearned(c, &req.Request); err != nil {
		return err
	}
	if err := s.withHistory(c, &req.Request); err != nil {
		return err
	}
	resp, err := s.matcher.Shortlist(c.Request().Context(), req)
	if err != nil {
		return err
	}
	if err := s.annotatePicks(c, req.WorkedWithUs, &resp.Picks); err != nil {
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
	if err := s.withBlocklist(c, &req.Filters); err != nil {
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
	lr := matcher.LookalikeRequest{Positive: []string{id}, Limit: limit}
	if err := s.withBlocklist(c, &lr.Filters); err != nil {
		return err
	}
	res, err := s.matcher.Lookalikes(c.Request().Context(), lr)
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
	// The workspace is the caller's, whatever the body says (the spec
	// marks it read-only).
	ws := principalOf(c).workspace()
	for i := range req.Events {
		req.Events[i].Workspace = ws
	}
	ev, err := s.matcher.RecordFeedback(c.Request().Context(), req.Events, time.Now())
	if err != nil {
		return err
	}
	if s.trainer != nil {
		s.trainer.Notify(ws, len(ev))
	}
	return c.JSON(http.StatusOK, feedbackResponse{Recorded: len(ev), Events: ev})
}

// ListFeedback implements GET /v1/feedback.
func (s *Server) ListFeedback(c echo.Context, params spec.ListFeedbackParams) error {
	f := creatormatch.FeedbackFilter{Workspace: principalOf(c).workspace()}
	if params.BriefId != nil {
		f.BriefID = *params.BriefId
	}
	if params.CreatorId != nil {
		f.CreatorID = *params.CreatorId
	}
	if params.Event != nil {
		kind := *params.Event
		if !kind.Valid() {
			return creatormatch.Invalid("event", "must be one of shortlisted, contacted, hired, rejected, campaign_result, shown, opened, dismissed")
		}
		f.Kinds = []creatormatch.FeedbackKind{kind}
	}
	f.Limit = 100
	if params.Limit != nil {
		f.Limit = *params.Limit // the spec bounds it to 1..1000
	}
	if params.Cursor != nil && *params.Cursor != "" {
		pos, err := decodeFeedbackCursor(*params.Cursor)
		if err != nil {
			return err
		}
		f.After = pos
	}
	ev, err := s.store.ListFeedback(c.Request().Context(), f)
	if err != nil {
		return err
	}
	if ev == nil {
		ev = []creatormatch.FeedbackEvent{}
	}
	resp := map[string]any{"events": ev}
	if len(ev) == f.Limit {
		last := ev[len(ev)-1]
		resp["next_cursor"] = encodeFeedbackCursor(creatormatch.FeedbackPosition{CreatedAt: last.CreatedAt, Seq: last.Seq})
	}
	return c.JSON(http.StatusOK, resp)
}

// A feedback cursor is the last listed event's position (its time and the
// store's sequence number), base64url JSON: opaque to clients, and any
// position is harmless, so it needs no signature.
func encodeFeedbackCursor(p creatormatch.FeedbackPosition) string {
	b, _ := json.Marshal(p)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeFeedbackCursor(s string) (*creatormatch.FeedbackPosition, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var p creatormatch.FeedbackPosition
	if err != nil || json.Unmarshal(b, &p) != nil || p.CreatedAt.IsZero() || p.Seq < 0 {
		return nil, creatormatch.Invalid("cursor", "is not a cursor this server issued")
	}
	return &p, nil
}
