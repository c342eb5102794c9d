package memory

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	cm "github.com/creatormatch/creatormatch"
)

// recSavedBrief records one saved brief put or deleted: u8 op | bytes JSON
// (savedBriefJSON; a deletion needs only workspace and id). Snapshots hold
// one put per saved brief.
const recSavedBrief byte = 21

// Saved-brief record operations.
const (
	savedBriefDelete byte = 0
	savedBriefPut    byte = 1
)

// savedBriefJSON is how a saved brief is persisted: the domain type keeps
// its workspace out of its JSON.
type savedBriefJSON struct {
	Workspace string          `json:"workspace"`
	ID        string          `json:"id"`
	Name      string          `json:"name,omitempty"`
	Brief     json.RawMessage `json:"brief,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
	UpdatedAt time.Time       `json:"updated_at"`
}

func encodeSavedBrief(e *encoder, op byte, b cm.SavedBrief) error {
	what := fmt.Sprintf("saved brief %q", b.ID)
	brief, err := json.Marshal(b.Brief)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", cm.ErrInvalid, what, err)
	}
	return encodeOpJSON(e, op, what, savedBriefJSON{Workspace: b.Workspace, ID: b.ID, Name: b.Name, Brief: brief, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt})
}

func decodeSavedBrief(body []byte) (byte, cm.SavedBrief, error) {
	var sj savedBriefJSON
	op, err := decodeOpJSON(body, "saved brief", savedBriefDelete, savedBriefPut, &sj)
	if err != nil {
		return 0, cm.SavedBrief{}, err
	}
	if sj.Workspace == "" || sj.ID == "" {
		return 0, cm.SavedBrief{}, fmt.Errorf("saved brief record without workspace or id")
	}
	b := cm.SavedBrief{Workspace: sj.Workspace, ID: sj.ID, Name: sj.Name, CreatedAt: sj.CreatedAt, UpdatedAt: sj.UpdatedAt}
	if op == savedBriefPut {
		if err := json.Unmarshal(sj.Brief, &b.Brief); err != nil {
			return 0, cm.SavedBrief{}, fmt.Errorf("saved brief %q: brief JSON: %w", sj.ID, err)
		}
	}
	return op, b, nil
}

// savedBriefRecord encodes one change and returns it with the saved brief
// decoded back from it (the state to apply: what replay would produce).
func savedBriefRecord(op byte, b cm.SavedBrief) (*encoder, cm.SavedBrief, error) {
	rec := newRecord(recSavedBrief)
	if err := encodeSavedBrief(rec, op, b); err != nil {
		return nil, cm.SavedBrief{}, err
	}
	_, owned, err := decodeSavedBrief(rec.body())
	if err != nil {
		return nil, cm.SavedBrief{}, fmt.Errorf("memory store: record does not round-trip: %w", err)
	}
	return rec, owned, nil
}

// applySavedBrief applies one saved-brief change.
func (s *Store) applySavedBrief(op byte, b cm.SavedBrief) {
	ws := s.savedBriefs[b.Workspace]
	switch op {
	case savedBriefPut:
		if ws == nil {
			ws = map[string]cm.SavedBrief{}
			s.savedBriefs[b.Workspace] = ws
		}
		ws[b.ID] = b
	case savedBriefDelete:
		delete(ws, b.ID)
		if len(ws) == 0 {
			delete(s.savedBriefs, b.Workspace)
		}
	}
}

func savedBriefNotFound(id string) error {
	return fmt.Errorf("memory store: saved brief %q: %w", id, cm.ErrNotFound)
}

// SaveBrief logs b as one record: a new saved brief (within the
// workspace's bound) or a replacement keeping CreatedAt.
func (s *Store) SaveBrief(ctx context.Context, b cm.SavedBrief) (cm.SavedBrief, bool, error) {
	if err := s.enter(ctx); err != nil {
		return cm.SavedBrief{}, false, err
	}
	if err := b.Validate(); err != nil {
		return cm.SavedBrief{}, false, err
	}
	now := time.Now()
	if b.CreatedAt.IsZero() {
		b.CreatedAt = now
	}
	if b.UpdatedAt.IsZero() {
		b.UpdatedAt = now
	}
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC().Truncate(time.Microsecond), b.UpdatedAt.UTC().Truncate(time.Microsecond)
	var out cm.SavedBrief
	created := false
	err := s.commitWith(ctx, func() (*encoder, func(), error) {
		ws := s.savedBriefs[b.Workspace] // writers are excluded: no lock needed to read
		if old, ok := ws[b.ID]; ok {
			b.CreatedAt = old.CreatedAt
		} else {
			if len(ws) >= cm.MaxSavedBriefsPerWorkspace {
				return nil, nil, cm.Errorf(cm.ErrTooLarge, "the workspace holds its maximum of %d saved briefs; delete some first", cm.MaxSavedBriefsPerWorkspace)
			}
			created = true
		}
		rec, owned, err := savedBriefRecord(savedBriefPut, b)
		if err != nil {
			return nil, nil, err
		}
		out = owned
		return rec, func() { s.applySavedBrief(savedBriefPut, owned) }, nil
	})
	if err != nil {
		return cm.SavedBrief{}, false, err
	}
	return out, created, nil
}

// GetSavedBrief returns one saved brief of workspace.
func (s *Store) GetSavedBrief(ctx context.Context, workspace, id string) (cm.SavedBrief, error) {
	if err := s.enter(ctx); err != nil {
		return cm.SavedBrief{}, err
	}
	s.mu.RLock()
	b, ok := s.savedBriefs[workspace][id]
	s.mu.RUnlock()
	if !ok {
		return cm.SavedBrief{}, savedBriefNotFound(id)
	}
	return cloneSavedBrief(b), nil
}

func compareSavedBriefs(a, b cm.SavedBrief) int {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// ListSavedBriefs returns a page of workspace's saved briefs by
// (CreatedAt, ID).
func (s *Store) ListSavedBriefs(ctx context.Context, p cm.SavedBriefPage) ([]cm.SavedBrief, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	out := make([]cm.SavedBrief, 0, len(s.savedBriefs[p.Workspace]))
	for _, b := range s.savedBriefs[p.Workspace] {
		if p.After == nil || compareSavedBriefs(b, *p.After) > 0 {
			out = append(out, b)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, compareSavedBriefs)
	if p.Limit > 0 && len(out) > p.Limit {
		out = out[:p.Limit]
	}
	for i := range out {
		out[i] = cloneSavedBrief(out[i])
	}
	return out, nil
}

// DeleteSavedBrief logs the removal of one saved brief of workspace.
func (s *Store) DeleteSavedBrief(ctx context.Context, workspace, id string) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	return s.commitWith(ctx, func() (*encoder, func(), error) {
		if _, ok := s.savedBriefs[workspace][id]; !ok {
			return nil, nil, savedBriefNotFound(id)
		}
		rec, owned, err := savedBriefRecord(savedBriefDelete, cm.SavedBrief{Workspace: workspace, ID: id})
		if err != nil {
			return nil, nil, err
		}
		return rec, func() { s.applySavedBrief(savedBriefDelete, owned) }, nil
	})
}

// cloneSavedBrief is a copy the caller owns (the brief has slices).
func cloneSavedBrief(b cm.SavedBrief) cm.SavedBrief {
	return clone(b)
}

// captureSavedBriefs lists every saved brief for a snapshot, by workspace
// then listing order. Called with writeMu held.
func (s *Store) captureSavedBriefs() []cm.SavedBrief {
	var out []cm.SavedBrief
	for _, ws := range s.savedBriefs {
		for _, b := range ws {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b cm.SavedBrief) int {
		if c := cmp.Compare(a.Workspace, b.Workspace); c != 0 {
			return c
		}
		return compareSavedBriefs(a, b)
	})
	return out
}
