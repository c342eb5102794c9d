package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
)

// consistency carries read-your-writes across read replicas (docs/
// operations.md, "Read replicas"):
//
//   - a request presenting Consistency-Token gets it in its context
//     (creatormatch.WithReadAfter): its reads are served by a replica that
//     has replayed that far, or by the primary. A malformed token is a 400
//     naming the header, before anything runs;
//   - a write operation (not GET/HEAD, scope write or admin) reads from the
//     primary only (creatormatch.WithPrimaryReads), since it reads its own
//     rows back, and its 2xx answer carries the store's position after the
//     write (creatormatch.ConsistencyTokener) in Consistency-Token, replays
//     of an Idempotency-Key included. A store without replicas has no
//     token to give, and the header is left out.
func (s *Server) consistency(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		ctx := req.Context()
		if vals := req.Header.Values(creatormatch.ConsistencyTokenHeader); len(vals) > 0 {
			tok, err := creatormatch.ParseConsistencyToken(strings.TrimSpace(vals[0]))
			if err != nil || len(vals) > 1 {
				return &echo.HTTPError{Code: http.StatusBadRequest, Message: "the " + creatormatch.ConsistencyTokenHeader +
					" header must be one token as a write's answer carried it: two hexadecimal numbers separated by a slash, e.g. 16/B374D848"}
			}
			ctx = creatormatch.WithReadAfter(ctx, tok)
		}
		if op := s.operationFor(c); op != nil && writeOperation(req.Method, op.scope) {
			ctx = creatormatch.WithPrimaryReads(ctx)
			if s.tokener != nil {
				res := c.Response()
				res.Before(func() { s.setConsistencyToken(ctx, res) })
			}
		}
		c.SetRequest(req.WithContext(ctx))
		return next(c)
	}
}

// writeOperation says an operation may write: a method other than GET or
// HEAD under the write or admin scope. POST /v1/match and the other POSTs
// that only compute an answer have the read scope.
func writeOperation(method string, scope creatormatch.Scope) bool {
	if method == http.MethodGet || method == http.MethodHead {
		return false
	}
	return scope == creatormatch.ScopeWrite || scope == creatormatch.ScopeAdmin
}

// setConsistencyToken runs just before a write's answer is sent (its write
// has committed by then): on a 2xx it asks the store for its position and
// sets the header. A failure leaves the header out, logged: the write
// itself succeeded, and a client without the token only loses
// read-your-writes on replicas for a moment.
func (s *Server) setConsistencyToken(ctx context.Context, res *echo.Response) {
	if res.Status < 200 || res.Status >= 300 {
		return
	}
	tok, ok, err := s.tokener.ConsistencyToken(context.WithoutCancel(ctx))
	if err != nil {
		s.log.WarnContext(ctx, "no consistency token for a write's answer", "request_id", res.Header().Get(echo.HeaderXRequestID), "error", err.Error())
		return
	}
	if ok {
		res.Header().Set(creatormatch.ConsistencyTokenHeader, tok.String())
	}
}
