package creatormatch

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"
	"unicode/utf8"
)

// Bounds of a workspace's lists and notes. Each is checked by the stores
// under their write lock or an advisory lock, so concurrent writers cannot
// overshoot it; one more is ErrTooLarge (422 over HTTP). Together they bound
// the cost of every list operation: an export reads at most MaxItemsPerList
// items and MaxNotesPerWorkspace notes, and a match annotates its results
// from at most MaxListsPerWorkspace lists.
const (
	MaxListsPerWorkspace = 1000
	MaxItemsPerList      = 5000
	MaxNotesPerWorkspace = 10000
	MaxListName          = 200
	MaxListDescription   = 2000
	MaxNoteText          = 5000
)

// ListStatus is where a creator on a list stands in the brand's pipeline.
type ListStatus string

// The statuses of a list item.
const (
	StatusProspect    ListStatus = "prospect"
	StatusContacted   ListStatus = "contacted"
	StatusNegotiating ListStatus = "negotiating"
	StatusHired       ListStatus = "hired"
	StatusDeclined    ListStatus = "declined"
	StatusArchived    ListStatus = "archived"
)

// ListStatuses are every status, in pipeline order.
var ListStatuses = []ListStatus{StatusProspect, StatusContacted, StatusNegotiating, StatusHired, StatusDeclined, StatusArchived}

// Valid reports whether s is one of ListStatuses.
func (s ListStatus) Valid() bool {
	for _, v := range ListStatuses {
		if s == v {
			return true
		}
	}
	return false
}

// List is a workspace's named set of creators, each with a status.
type List struct {
	Workspace   string    `json:"-"`
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Items       int       `json:"items"` // how many creators it holds
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// ListItem is one creator on a list.
type ListItem struct {
	Workspace string     `json:"-"`
	ListID    string     `json:"list_id"`
	CreatorID string     `json:"creator_id"`
	Status    ListStatus `json:"status"`
	AddedAt   time.Time  `json:"added_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// Note is a workspace's note on a creator (workspace-wide, not per list).
type Note struct {
	Workspace string    `json:"-"`
	ID        string    `json:"id"`
	CreatorID string    `json:"creator_id"`
	Text      string    `json:"text"`
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
}

// Membership says a creator is on a list, with its status there: what
// match and shortlist results carry in "lists".
type Membership struct {
	ListID string     `json:"id"`
	Name   string     `json:"name"`
	Status ListStatus `json:"status"`
}

// NewListID and NewNoteID return fresh random ids.
func NewListID() string { return "lst_" + randomHex(10) }

// NewNoteID returns a fresh random note id.
func NewNoteID() string { return "note_" + randomHex(10) }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func checkText(v *ValidationError, field, s string, max int, required bool) {
	switch {
	case required && s == "":
		v.Add(field, "is required")
	case len(s) > max:
		v.Add(field, "must be at most %d bytes", max)
	case !utf8.ValidString(s):
		v.Add(field, "is not valid UTF-8")
	case containsNUL(s):
		v.Add(field, "contains a NUL byte")
	}
}

// Validate reports what a store requires of a list: a valid workspace and
// id, a name of 1-MaxListName bytes and a description of at most
// MaxListDescription bytes, both valid UTF-8 without NUL bytes.
func (l List) Validate() error {
	var v ValidationError
	if !ValidWorkspace(l.Workspace) {
		v.Add("workspace", "must be 1-64 characters of [a-z0-9_-] starting with a letter or digit")
	}
	if !ValidID(l.ID) {
		v.Add("id", "is not a valid list id")
	}
	checkText(&v, "name", l.Name, MaxListName, true)
	checkText(&v, "description", l.Description, MaxListDescription, false)
	return v.Err()
}

// Validate reports what a store requires of an item: valid workspace,
// list and creator ids and a valid status (or none: see PutListItem).
func (it ListItem) Validate() error {
	var v ValidationError
	if !ValidWorkspace(it.Workspace) {
		v.Add("workspace", "must be 1-64 characters of [a-z0-9_-] starting with a letter or digit")
	}
	if !ValidID(it.ListID) {
		v.Add("list_id", "is not a valid list id")
	}
	if !ValidID(it.CreatorID) {
		v.Add("creator_id", "is not a valid creator id")
	}
	if it.Status != "" && !it.Status.Valid() {
		v.Add("status", "must be one of prospect, contacted, negotiating, hired, declined, archived")
	}
	return v.Err()
}

// Validate reports what a store requires of a note: valid workspace, note
// and creator ids, a text of 1-MaxNoteText bytes and an author of at most
// 200 bytes, valid UTF-8 without NUL bytes.
func (n Note) Validate() error {
	var v ValidationError
	if !ValidWorkspace(n.Workspace) {
		v.Add("workspace", "must be 1-64 characters of [a-z0-9_-] starting with a letter or digit")
	}
	if !ValidID(n.ID) {
		v.Add("id", "is not a valid note id")
	}
	if !ValidID(n.CreatorID) {
		v.Add("creator_id", "is not a valid creator id")
	}
	checkText(&v, "text", n.Text, MaxNoteText, true)
	checkText(&v, "author", n.Author, 200, false)
	return v.Err()
}

// ListPage selects a page of a workspace's lists by (CreatedAt, ID).
type ListPage struct {
	Workspace string
	After     *List // continue after this list's CreatedAt and ID; nil starts at the beginning
	Limit     int   // 0 returns every list
}

// ItemPage selects a page of a list's items by (AddedAt, CreatorID).
type ItemPage struct {
	Workspace string
	ListID    string
	Status    ListStatus // only items with this status; "" for every item
	After     *ListItem  // continue after this item's AddedAt and CreatorID
	Limit     int        // 0 returns every item
}

// NotePage selects a page of a workspace's notes on a creator, newest
// first: by (CreatedAt, ID) descending.
type NotePage struct {
	Workspace string
	CreatorID string
	Before    *Note // continue after (older than) this note's CreatedAt and ID
	Limit     int   // 0 returns every note
}

// ListStore keeps a workspace's lists of creators (each creator with a
// pipeline status) and its notes on creators. Both store backends
// implement it. Every method acts in one workspace: another workspace's
// list or note is ErrNotFound. Items and notes name creator ids whether or
// not the creator is stored (the API checks the catalogue when adding).
type ListStore interface {
	// CreateList stores l (l.ID is new: the caller draws it with
	// NewListID; an id already stored is ErrConflict). Zero times become
	// the current time. A workspace holding MaxListsPerWorkspace lists
	// refuses another with ErrTooLarge.
	CreateList(ctx context.Context, l List) (List, error)
	// GetList returns one list with its item count.
	GetList(ctx context.Context, workspace, id string) (List, error)
	// UpdateList sets the list's name and/or description (nil leaves one
	// unchanged) and its UpdatedAt to at.
	UpdateList(ctx context.Context, workspace, id string, name, description *string, at time.Time) (List, error)
	// DeleteList removes a list with its items. Notes are the workspace's
	// on the creator, not the list's, and are kept.
	DeleteList(ctx context.Context, workspace, id string) error
	// ListLists returns a page of a workspace's lists, oldest first (ties
	// by id in byte order), with their item counts.
	ListLists(ctx context.Context, p ListPage) ([]List, error)

	// PutListItem adds it to its list or updates its status, and returns
	// the stored item and whether it was added. A new item without a
	// status is a prospect; an existing item keeps its status when it.Status
	// is empty, and its AddedAt always. A missing list is ErrNotFound; a
	// list holding MaxItemsPerList items refuses another with ErrTooLarge.
	PutListItem(ctx context.Context, it ListItem) (ListItem, bool, error)
	// DeleteListItem removes a creator from a list; one not on it (or a
	// missing list) is ErrNotFound.
	DeleteListItem(ctx context.Context, workspace, listID, creatorID string) error
	// ListItems returns a page of a list's items, oldest first (ties by
	// creator id in byte order). A missing list is ErrNotFound.
	ListItems(ctx context.Context, p ItemPage) ([]ListItem, error)

	// AddNote stores n (n.ID new, drawn with NewNoteID). A zero CreatedAt
	// becomes the current time. A workspace holding MaxNotesPerWorkspace
	// notes refuses another with ErrTooLarge.
	AddNote(ctx context.Context, n Note) (Note, error)
	// ListNotes returns a page of a workspace's notes on a creator,
	// newest first (ties by id, descending).
	ListNotes(ctx context.Context, p NotePage) ([]Note, error)
	// CreatorNotes returns every note of workspace on each of creatorIDs
	// that has any, newest first: the export's one read of notes.
	CreatorNotes(ctx context.Context, workspace string, creatorIDs []string) (map[string][]Note, error)
	// DeleteNote removes one note on creatorID; a note not found there is
	// ErrNotFound.
	DeleteNote(ctx context.Context, workspace, creatorID, noteID string) error

	// ListMemberships returns, for each of creatorIDs on any of
	// workspace's lists, those lists with the creator's status, ordered
	// by list creation (ties by id). Creators on no list are absent.
	ListMemberships(ctx context.Context, workspace string, creatorIDs []string) (map[string][]Membership, error)
}
