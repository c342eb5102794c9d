package creatormatch

import (
	"context"
	"encoding/json"
	"time"
)

// Bounds of a workspace's saved briefs, checked by the stores under their
// write lock (or an advisory lock), so concurrent saves cannot overshoot:
// one more is ErrTooLarge (422 over HTTP). A saved brief's JSON is bounded
// by the brief's own limits (20,000 bytes of text, 100-entry lists).
const (
	MaxSavedBriefsPerWorkspace = 1000
	MaxSavedBriefName          = 200
)

// SavedBrief is a brief a workspace keeps to run again: the text the
// strategist pasted and the structured fields it set, under a name. It
// belongs to one workspace, like lists and feedback.
type SavedBrief struct {
	Workspace string    `json:"-"`
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Brief     Brief     `json:"brief"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// NewSavedBriefID returns a fresh random id.
func NewSavedBriefID() string { return "sb_" + randomHex(10) }

// Validate reports what a store requires of a saved brief: a valid
// workspace and id, a name of 1-MaxSavedBriefName bytes of UTF-8 without
// NUL bytes, and a brief that encodes as JSON (the API validates the
// brief's fields as /v1/match does before saving).
func (b SavedBrief) Validate() error {
	var v ValidationError
	if !ValidWorkspace(b.Workspace) {
		v.Add("workspace", "must be 1-64 characters of [a-z0-9_-] starting with a letter or digit")
	}
	if !ValidID(b.ID) {
		v.Add("id", "is not a valid saved brief id")
	}
	checkText(&v, "name", b.Name, MaxSavedBriefName, true)
	if _, err := json.Marshal(b.Brief); err != nil {
		v.Add("brief", "cannot be stored: %v", err)
	}
	return v.Err()
}

// SavedBriefPage selects a page of a workspace's saved briefs by
// (CreatedAt, ID).
type SavedBriefPage struct {
	Workspace string
	After     *SavedBrief // continue after this one's CreatedAt and ID; nil starts at the beginning
	Limit     int         // 0 returns every saved brief
}

// SavedBriefStore keeps each workspace's saved briefs. Both store
// backends implement it; another workspace's saved brief is ErrNotFound.
type SavedBriefStore interface {
	// SaveBrief stores b: a new id is created (zero times become now; a
	// workspace holding MaxSavedBriefsPerWorkspace refuses another with
	// ErrTooLarge), an existing one of b's workspace is replaced, keeping
	// its CreatedAt, with UpdatedAt = b.UpdatedAt (or now). It returns the
	// stored brief and whether it was created.
	SaveBrief(ctx context.Context, b SavedBrief) (SavedBrief, bool, error)
	// GetSavedBrief returns one saved brief.
	GetSavedBrief(ctx context.Context, workspace, id string) (SavedBrief, error)
	// ListSavedBriefs returns a page of a workspace's saved briefs, oldest
	// first (ties by id in byte order).
	ListSavedBriefs(ctx context.Context, p SavedBriefPage) ([]SavedBrief, error)
	// DeleteSavedBrief removes one saved brief.
	DeleteSavedBrief(ctx context.Context, workspace, id string) error
}
