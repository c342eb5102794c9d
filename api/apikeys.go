package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
)

// ListAPIKeys implements GET /v1/apikeys: every key of every workspace
// (admin operations are cross-workspace), each with its workspace, without
// its secret (stores keep only hashes) and without its hash (APIKey's JSON
// omits it).
func (s *Server) ListAPIKeys(c echo.Context) error {
	keys, err := s.store.ListAPIKeys(c.Request().Context())
	if err != nil {
		return err
	}
	if keys == nil {
		keys = []creatormatch.APIKey{}
	}
	return c.JSON(http.StatusOK, map[string]any{"keys": keys})
}

type createKeyRequest struct {
	Name      string               `json:"name"`
	Workspace string               `json:"workspace"`
	Scopes    []creatormatch.Scope `json:"scopes"`
}

// CreateAPIKey implements POST /v1/apikeys. The secret is in this
// response only; Cache-Control keeps proxies and browsers from storing it,
// and the idempotency middleware never records admin operations.
func (s *Server) CreateAPIKey(c echo.Context) error {
	var req createKeyRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	// Admin keys manage every workspace's keys: the new key's workspace
	// is the request's, not the caller's.
	key, secret := creatormatch.NewWorkspaceAPIKey(creatormatch.WorkspaceOrDefault(req.Workspace), req.Name, req.Scopes, time.Now().UTC())
	if err := s.store.CreateAPIKey(c.Request().Context(), key); err != nil {
		return err
	}
	s.forgetKeys("")
	s.log.InfoContext(c.Request().Context(), "api key created", "key_id", key.ID, "workspace", key.Workspace, "scopes", key.Scopes, "by", principalOf(c).id())
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusCreated, map[string]any{"key": key, "secret": secret})
}

// RevokeAPIKey implements DELETE /v1/apikeys/{id}. This server stops
// accepting the key at once; other servers on the same store within their
// key cache's lifetime (keyCacheTTL).
func (s *Server) RevokeAPIKey(c echo.Context, id string) error {
	err := s.store.RevokeAPIKey(c.Request().Context(), id, time.Now().UTC())
	if errors.Is(err, creatormatch.ErrNotFound) {
		return errorf(creatormatch.ErrNotFound, "no API key has this id")
	}
	if err != nil {
		return err
	}
	s.forgetKeys(id)
	s.log.InfoContext(c.Request().Context(), "api key revoked", "key_id", id, "by", principalOf(c).id())
	return c.NoContent(http.StatusNoContent)
}

// forgetKeys drops what the key cache remembers that a key change makes
// wrong: the cached key with this id (any, when id is empty) and whether
// any key exists (which decides the loopback demo mode).
func (s *Server) forgetKeys(id string) {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	for h, ck := range s.keys.byHash {
		if id == "" || ck.key.ID == id {
			delete(s.keys.byHash, h)
		}
	}
	s.keys.anyAt = time.Time{}
}
