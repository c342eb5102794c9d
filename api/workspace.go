package api

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api/spec"
)

// A workspace's objects (feedback, blocklist entries) are looked up in the
// caller's workspace only, so another workspace's object is answered as not
// found (404), never as forbidden (403): a caller cannot tell it exists.

type blockRequest struct {
	Reason string `json:"reason"`
}

// BlockCreator implements PUT /v1/blocklist/{creator_id}: 201 when added,
// 200 with the stored entry when it was already listed.
func (s *Server) BlockCreator(c echo.Context, creatorID string) error {
	if !creatormatch.ValidID(creatorID) {
		return creatormatch.Invalid("creator_id", "is not a valid creator id")
	}
	var req blockRequest
	if c.Request().ContentLength != 0 {
		if err := decode(c, &req); err != nil {
			return err
		}
	}
	ctx := c.Request().Context()
	ws := principalOf(c).workspace()
	added, err := s.store.BlockCreator(ctx, creatormatch.BlockEntry{Workspace: ws, CreatorID: creatorID, Reason: req.Reason, CreatedAt: time.Now().UTC()})
	if creatormatch.ErrorCode(err) == creatormatch.ErrTooLarge {
		return creatormatch.WrapError(err, creatormatch.ErrInvalid, "the blocklist holds its maximum of %d creators; remove some first", creatormatch.MaxBlockedPerWorkspace)
	}
	if err != nil {
		return err
	}
	entry, err := s.blockEntry(c, ws, creatorID)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if added {
		status = http.StatusCreated
	}
	return c.JSON(status, entry)
}

// blockEntry reads back one entry of ws's blocklist.
func (s *Server) blockEntry(c echo.Context, ws, creatorID string) (creatormatch.BlockEntry, error) {
	// Entries are few (MaxBlockedPerWorkspace) and this runs once per
	// PUT: listing the workspace's entries is bounded.
	all, err := s.store.ListBlocked(c.Request().Context(), creatormatch.BlockPage{Workspace: ws})
	if err != nil {
		return creatormatch.BlockEntry{}, err
	}
	if i := slices.IndexFunc(all, func(e creatormatch.BlockEntry) bool { return e.CreatorID == creatorID }); i >= 0 {
		return all[i], nil
	}
	// Removed again between the two calls.
	return creatormatch.BlockEntry{}, errorf(creatormatch.ErrConflict, "the entry was removed while it was being added; retry")
}

// UnblockCreator implements DELETE /v1/blocklist/{creator_id}.
func (s *Server) UnblockCreator(c echo.Context, creatorID string) error {
	if !creatormatch.ValidID(creatorID) {
		return creatormatch.Invalid("creator_id", "is not a valid creator id")
	}
	err := s.store.UnblockCreator(c.Request().Context(), principalOf(c).workspace(), creatorID)
	if errors.Is(err, creatormatch.ErrNotFound) {
		return errorf(creatormatch.ErrNotFound, "creator %q is not on this workspace's blocklist", creatorID)
	}
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ListBlocklist implements GET /v1/blocklist.
func (s *Server) ListBlocklist(c echo.Context, params spec.ListBlocklistParams) error {
	p := creatormatch.BlockPage{Workspace: principalOf(c).workspace(), Limit: 100}
	if params.Limit != nil {
		p.Limit = *params.Limit // the spec bounds it to 1..1000
	}
	if params.Cursor != nil && *params.Cursor != "" {
		after, err := decodeBlockCursor(*params.Cursor)
		if err != nil {
			return err
		}
		p.After = after
	}
	entries, err := s.store.ListBlocked(c.Request().Context(), p)
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []creatormatch.BlockEntry{}
	}
	resp := map[string]any{"entries": entries}
	if len(entries) == p.Limit {
		resp["next_cursor"] = encodeBlockCursor(entries[len(entries)-1])
	}
	return c.JSON(http.StatusOK, resp)
}

// blockCursor is a blocklist listing position: the last entry's time and
// creator id, base64url JSON. Any position is harmless (it only selects
// within the caller's own workspace), so it needs no signature.
type blockCursor struct {
	At time.Time `json:"t"`
	ID string    `json:"c"`
}

func encodeBlockCursor(e creatormatch.BlockEntry) string {
	b, _ := json.Marshal(blockCursor{At: e.CreatedAt, ID: e.CreatorID})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeBlockCursor(s string) (*creatormatch.BlockEntry, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c blockCursor
	if err != nil || json.Unmarshal(b, &c) != nil || c.At.IsZero() || !creatormatch.ValidID(c.ID) {
		return nil, creatormatch.Invalid("cursor", "is not a cursor this server issued")
	}
	return &creatormatch.BlockEntry{CreatedAt: c.At, CreatorID: c.ID}, nil
}

// withBlocklist adds the caller's workspace blocklist to f's ExcludeIDs, so
// that a blocked creator is never retrieved (and so never ranked, listed
// as excluded, shortlisted or returned as a lookalike) for the workspace.
func (s *Server) withBlocklist(c echo.Context, f *creatormatch.Filter) error {
	ids, err := s.store.BlockedIDs(c.Request().Context(), principalOf(c).workspace())
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		// Sorted: a match cursor fingerprints the request, filters
		// included, so the same blocklist must make the same filter.
		// (A blocklist changed between pages makes the cursor refused.)
		slices.Sort(ids)
		f.ExcludeIDs = append(slices.Clip(f.ExcludeIDs), ids...)
	}
	return nil
}
