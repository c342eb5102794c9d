package memory

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	cm "github.com/creatormatch/creatormatch"
)

// blockJSON is how a blocklist entry is persisted: the domain type keeps
// its workspace out of its JSON (API responses are already scoped to one).
type blockJSON struct {
	Workspace string    `json:"workspace"`
	CreatorID string    `json:"creator_id"`
	Reason    string    `json:"reason,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Blocklist record operations (the first body byte of a recBlock).
const (
	blockRemove byte = 0
	blockAdd    byte = 1
)

// encodeBlock appends a blocklist record body: u8 op | bytes JSON
// (blockJSON; for a removal only workspace and creator id matter).
func encodeBlock(e *encoder, op byte, b cm.BlockEntry) error {
	return encodeOpJSON(e, op, fmt.Sprintf("blocklist entry %q", b.CreatorID), blockJSON{Workspace: b.Workspace, CreatorID: b.CreatorID, Reason: b.Reason, CreatedAt: b.CreatedAt})
}

func decodeBlock(body []byte) (byte, cm.BlockEntry, error) {
	var bj blockJSON
	op, err := decodeOpJSON(body, "blocklist", blockRemove, blockAdd, &bj)
	if err != nil {
		return 0, cm.BlockEntry{}, err
	}
	if bj.Workspace == "" || bj.CreatorID == "" {
		return 0, cm.BlockEntry{}, fmt.Errorf("blocklist record without workspace or creator id")
	}
	return op, cm.BlockEntry(bj), nil
}

// blockRecord encodes one blocklist change as a log record and returns it
// with the entry decoded back from it (the state to apply).
func blockRecord(op byte, b cm.BlockEntry) (*encoder, cm.BlockEntry, error) {
	rec := newRecord(recBlock)
	if err := encodeBlock(rec, op, b); err != nil {
		return nil, cm.BlockEntry{}, err
	}
	_, owned, err := decodeBlock(rec.body())
	if err != nil {
		return nil, cm.BlockEntry{}, fmt.Errorf("memory store: record does not round-trip: %w", err)
	}
	return rec, owned, nil
}

// applyBlock applies one blocklist change.
func (s *Store) applyBlock(op byte, b cm.BlockEntry) {
	ws := s.blocks[b.Workspace]
	switch op {
	case blockAdd:
		if ws == nil {
			ws = map[string]cm.BlockEntry{}
			s.blocks[b.Workspace] = ws
		}
		if _, ok := ws[b.CreatorID]; !ok {
			ws[b.CreatorID] = b
		}
	case blockRemove:
		delete(ws, b.CreatorID)
		if len(ws) == 0 {
			delete(s.blocks, b.Workspace)
		}
	}
}

// BlockCreator logs e as one record unless its creator is already on its
// workspace's blocklist.
func (s *Store) BlockCreator(ctx context.Context, e cm.BlockEntry) (bool, error) {
	if err := s.enter(ctx); err != nil {
		return false, err
	}
	if err := e.Validate(); err != nil {
		return false, err
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = time.Now()
	}
	e.CreatedAt = e.CreatedAt.UTC()
	added := false
	err := s.commitWith(ctx, func() (*encoder, func(), error) {
		ws := s.blocks[e.Workspace] // writers are excluded, so no lock is needed to read
		if _, ok := ws[e.CreatorID]; ok {
			return nil, nil, nil
		}
		if len(ws) >= cm.MaxBlockedPerWorkspace {
			return nil, nil, cm.Errorf(cm.ErrTooLarge, "the blocklist holds its maximum of %d creators; remove some first", cm.MaxBlockedPerWorkspace)
		}
		rec, owned, err := blockRecord(blockAdd, e)
		if err != nil {
			return nil, nil, err
		}
		added = true
		return rec, func() { s.applyBlock(blockAdd, owned) }, nil
	})
	if err != nil {
		return false, err
	}
	return added, nil
}

// UnblockCreator logs the removal of creatorID from workspace's blocklist.
func (s *Store) UnblockCreator(ctx context.Context, workspace, creatorID string) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	return s.commitWith(ctx, func() (*encoder, func(), error) {
		if _, ok := s.blocks[workspace][creatorID]; !ok {
			return nil, nil, fmt.Errorf("blocklist entry %q: %w", creatorID, cm.ErrNotFound)
		}
		b := cm.BlockEntry{Workspace: workspace, CreatorID: creatorID}
		rec, owned, err := blockRecord(blockRemove, b)
		if err != nil {
			return nil, nil, err
		}
		return rec, func() { s.applyBlock(blockRemove, owned) }, nil
	})
}

func compareBlocks(a, b cm.BlockEntry) int {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.CreatorID, b.CreatorID)
}

// ListBlocked returns a page of a workspace's blocklist by (CreatedAt,
// CreatorID).
func (s *Store) ListBlocked(ctx context.Context, p cm.BlockPage) ([]cm.BlockEntry, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	out := make([]cm.BlockEntry, 0, len(s.blocks[p.Workspace]))
	for _, b := range s.blocks[p.Workspace] {
		if p.After == nil || compareBlocks(b, *p.After) > 0 {
			out = append(out, b)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, compareBlocks)
	if p.Limit > 0 && len(out) > p.Limit {
		out = out[:p.Limit]
	}
	for i := range out {
		out[i].Workspace = p.Workspace
	}
	return out, nil
}

// BlockedIDs returns the creator ids on workspace's blocklist.
func (s *Store) BlockedIDs(ctx context.Context, workspace string) ([]string, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	out := slices.Collect(maps.Keys(s.blocks[workspace]))
	s.mu.RUnlock()
	return out, nil
}

// captureBlocks lists every blocklist entry for a snapshot, by workspace
// then listing order. Called with writeMu held.
func (s *Store) captureBlocks() []cm.BlockEntry {
	var out []cm.BlockEntry
	for _, ws := range s.blocks {
		for _, b := range ws {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b cm.BlockEntry) int {
		if c := cmp.Compare(a.Workspace, b.Workspace); c != 0 {
			return c
		}
		return compareBlocks(a, b)
	})
	return out
}
