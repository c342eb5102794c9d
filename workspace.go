package creatormatch

import (
	"context"
	"time"
	"unicode/utf8"
)

// DefaultWorkspace is the workspace of API keys stored before workspaces
// existed, of keys created without one, and of the loopback demo mode (no
// key at all).
const DefaultWorkspace = "default"

// MaxBlockedPerWorkspace bounds a workspace's blocklist. Every match,
// shortlist and lookalike request of the workspace excludes its whole
// blocklist (Filter.ExcludeIDs), so the bound is what keeps those requests'
// cost bounded; blocking one more creator is ErrTooLarge (422 over HTTP).
const MaxBlockedPerWorkspace = 10000

// MaxBlockReason bounds a blocklist entry's reason, in bytes.
const MaxBlockReason = 1000

// ValidWorkspace reports whether name is a workspace name: 1-64 characters
// of [a-z0-9_-], starting with a letter or a digit.
func ValidWorkspace(name string) bool {
	if len(name) == 0 || len(name) > 64 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case (c == '_' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return true
}

// WorkspaceOrDefault returns ws, or DefaultWorkspace when ws is empty (data
// stored before workspaces existed).
func WorkspaceOrDefault(ws string) string {
	if ws == "" {
		return DefaultWorkspace
	}
	return ws
}

// BlockEntry is one creator on a workspace's blocklist: the workspace never
// sees the creator in its match, shortlist or lookalike results.
type BlockEntry struct {
	Workspace string    `json:"-"`
	CreatorID string    `json:"creator_id"`
	Reason    string    `json:"reason,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate reports what a store requires of an entry: a valid workspace, a
// creator id of valid UTF-8 without NUL bytes, and a reason of at most
// MaxBlockReason bytes of the same.
func (e BlockEntry) Validate() error {
	var v ValidationError
	if !ValidWorkspace(e.Workspace) {
		v.Add("workspace", "must be 1-64 characters of [a-z0-9_-] starting with a letter or digit")
	}
	if !ValidID(e.CreatorID) {
		v.Add("creator_id", "is not a valid creator id")
	}
	switch {
	case len(e.Reason) > MaxBlockReason:
		v.Add("reason", "must be at most %d bytes", MaxBlockReason)
	case !utf8.ValidString(e.Reason):
		v.Add("reason", "is not valid UTF-8")
	case containsNUL(e.Reason):
		v.Add("reason", "contains a NUL byte")
	}
	return v.Err()
}

func containsNUL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return true
		}
	}
	return false
}

// BlockPage selects a page of a workspace's blocklist, listed by
// (CreatedAt, CreatorID).
type BlockPage struct {
	Workspace string
	// After continues a listing after this entry (its CreatedAt and
	// CreatorID); nil starts at the beginning.
	After *BlockEntry
	// Limit caps the page; 0 returns every entry.
	Limit int
}

// WorkspaceStore keeps what belongs to one workspace rather than to the
// shared creator catalogue: its blocklist. Both store backends implement
// it. A blocklist entry names a creator id whether or not the creator is
// stored (a creator deleted and ingested again stays blocked).
type WorkspaceStore interface {
	// BlockCreator adds e to its workspace's blocklist and reports whether
	// it was added (false when the creator was already listed, which keeps
	// the stored entry, its reason and time unchanged). A zero CreatedAt
	// becomes the current time. A workspace already holding
	// MaxBlockedPerWorkspace entries refuses a new one with ErrTooLarge.
	BlockCreator(ctx context.Context, e BlockEntry) (added bool, err error)
	// UnblockCreator removes creatorID from workspace's blocklist; a
	// creator not listed there is ErrNotFound.
	UnblockCreator(ctx context.Context, workspace, creatorID string) error
	// ListBlocked returns a page of a workspace's blocklist, oldest first
	// (ties by creator id in byte order).
	ListBlocked(ctx context.Context, p BlockPage) ([]BlockEntry, error)
	// BlockedIDs returns the ids of every creator on workspace's
	// blocklist (at most MaxBlockedPerWorkspace), in no set order: what the
	// API adds to every request's Filter.ExcludeIDs.
	BlockedIDs(ctx context.Context, workspace string) ([]string, error)
}
