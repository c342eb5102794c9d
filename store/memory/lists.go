package memory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	cm "github.com/creatormatch/creatormatch"
)

// recList records one change to a workspace's lists or notes (lists.go):
// u8 op | bytes JSON (listRec). A snapshot holds one lrList record per
// list, one lrItem per item (after its list) and one lrNote per note.
const recList byte = 13

// List record operations.
const (
	lrList    byte = 1 // a list created or renamed: the whole list
	lrListDel byte = 2 // a list deleted with its items
	lrItem    byte = 3 // an item added or its status changed: the whole item
	lrItemDel byte = 4
	lrNote    byte = 5
	lrNoteDel byte = 6
)

// listRec is the JSON of a list record; each operation uses some fields.
type listRec struct {
	Workspace   string        `json:"w"`
	ID          string        `json:"id,omitempty"` // list or note id
	ListID      string        `json:"l,omitempty"`
	CreatorID   string        `json:"c,omitempty"`
	Name        string        `json:"name,omitempty"`
	Description string        `json:"desc,omitempty"`
	Status      cm.ListStatus `json:"s,omitempty"`
	Text        string        `json:"text,omitempty"`
	Author      string        `json:"a,omitempty"`
	CreatedAt   time.Time     `json:"t,omitzero"`
	UpdatedAt   time.Time     `json:"u,omitzero"`
}

// wsLists is one workspace's lists and notes.
type wsLists struct {
	lists  map[string]*memList
	notes  map[string]map[string]cm.Note // creator id -> note id -> note
	nNotes int
}

type memList struct {
	l     cm.List // Items is not kept up to date: len(items) is
	items map[string]cm.ListItem
}

func (s *Store) wsLists(ws string) *wsLists {
	w := s.lists[ws]
	if w == nil {
		w = &wsLists{lists: map[string]*memList{}, notes: map[string]map[string]cm.Note{}}
		s.lists[ws] = w
	}
	return w
}

func encodeListRec(e *encoder, op byte, r listRec) error {
	return encodeOpJSON(e, op, "list record", r)
}

func decodeListRec(body []byte) (byte, listRec, error) {
	var r listRec
	op, err := decodeOpJSON(body, "list", lrList, lrNoteDel, &r)
	if err != nil {
		return 0, listRec{}, err
	}
	if r.Workspace == "" {
		return 0, listRec{}, fmt.Errorf("list record without workspace")
	}
	return op, r, nil
}

// listRecord encodes one change as a log record and returns it with the
// change decoded back from it (the state to apply).
func listRecord(op byte, r listRec) (*encoder, listRec, error) {
	rec := newRecord(recList)
	if err := encodeListRec(rec, op, r); err != nil {
		return nil, listRec{}, err
	}
	_, owned, err := decodeListRec(rec.body())
	if err != nil {
		return nil, listRec{}, fmt.Errorf("memory store: record does not round-trip: %w", err)
	}
	return rec, owned, nil
}

// applyList applies one list record. Records that name a missing list
// (which a store never logs) are ignored.
func (s *Store) applyList(op byte, r listRec) {
	w := s.wsLists(r.Workspace)
	switch op {
	case lrList:
		if ml := w.lists[r.ID]; ml != nil {
			ml.l.Name, ml.l.Description, ml.l.UpdatedAt = r.Name, r.Description, r.UpdatedAt
		} else {
			w.lists[r.ID] = &memList{l: cm.List{Workspace: r.Workspace, ID: r.ID, Name: r.Name, Description: r.Description, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}, items: map[string]cm.ListItem{}}
		}
	case lrListDel:
		delete(w.lists, r.ID)
	case lrItem:
		if ml := w.lists[r.ListID]; ml != nil {
			ml.items[r.CreatorID] = cm.ListItem{Workspace: r.Workspace, ListID: r.ListID, CreatorID: r.CreatorID, Status: r.Status, AddedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
		}
	case lrItemDel:
		if ml := w.lists[r.ListID]; ml != nil {
			delete(ml.items, r.CreatorID)
		}
	case lrNote:
		m := w.notes[r.CreatorID]
		if m == nil {
			m = map[string]cm.Note{}
			w.notes[r.CreatorID] = m
		}
		if _, ok := m[r.ID]; !ok {
			w.nNotes++
		}
		m[r.ID] = cm.Note{Workspace: r.Workspace, ID: r.ID, CreatorID: r.CreatorID, Text: r.Text, Author: r.Author, CreatedAt: r.CreatedAt}
	case lrNoteDel:
		if _, ok := w.notes[r.CreatorID][r.ID]; ok {
			delete(w.notes[r.CreatorID], r.ID)
			w.nNotes--
			if len(w.notes[r.CreatorID]) == 0 {
				delete(w.notes, r.CreatorID)
			}
		}
	}
	if len(w.lists) == 0 && len(w.notes) == 0 {
		delete(s.lists, r.Workspace)
	}
}

// commitList logs and applies one list record built by prepare, which
// runs with writers excluded (it may read the state without a lock).
func (s *Store) commitList(ctx context.Context, prepare func() (byte, listRec, error)) error {
	return s.commitWith(ctx, func() (*encoder, func(), error) {
		op, r, err := prepare()
		if err != nil {
			return nil, nil, err
		}
		rec, owned, err := listRecord(op, r)
		if err != nil {
			return nil, nil, err
		}
		return rec, func() { s.applyList(op, owned) }, nil
	})
}

// usec is t in UTC at microsecond precision, as the Postgres store keeps
// times, so that both stores order and page alike.
func usec(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func listNotFound(id string) error {
	return fmt.Errorf("list %q: %w", id, cm.ErrNotFound)
}

func (ml *memList) view() cm.List {
	l := ml.l
	l.Items = len(ml.items)
	return l
}

// CreateList logs a new list.
func (s *Store) CreateList(ctx context.Context, l cm.List) (cm.List, error) {
	if err := s.enter(ctx); err != nil {
		return cm.List{}, err
	}
	if err := l.Validate(); err != nil {
		return cm.List{}, err
	}
	now := time.Now().UTC()
	if l.CreatedAt.IsZero() {
		l.CreatedAt = now
	}
	if l.UpdatedAt.IsZero() {
		l.UpdatedAt = l.CreatedAt
	}
	err := s.commitList(ctx, func() (byte, listRec, error) {
		w := s.lists[l.Workspace]
		if w != nil && w.lists[l.ID] != nil {
			return 0, listRec{}, cm.Errorf(cm.ErrConflict, "list %q exists", l.ID)
		}
		if w != nil && len(w.lists) >= cm.MaxListsPerWorkspace {
			return 0, listRec{}, cm.Errorf(cm.ErrTooLarge, "the workspace holds its maximum of %d lists; delete some first", cm.MaxListsPerWorkspace)
		}
		return lrList, listRec{Workspace: l.Workspace, ID: l.ID, Name: l.Name, Description: l.Description, CreatedAt: usec(l.CreatedAt), UpdatedAt: usec(l.UpdatedAt)}, nil
	})
	if err != nil {
		return cm.List{}, err
	}
	return s.GetList(ctx, l.Workspace, l.ID)
}

// GetList returns one list with its item count.
func (s *Store) GetList(ctx context.Context, workspace, id string) (cm.List, error) {
	if err := s.enter(ctx); err != nil {
		return cm.List{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	w := s.lists[workspace]
	if w == nil || w.lists[id] == nil {
		return cm.List{}, listNotFound(id)
	}
	return w.lists[id].view(), nil
}

// UpdateList logs a list's new name and description.
func (s *Store) UpdateList(ctx context.Context, workspace, id string, name, description *string, at time.Time) (cm.List, error) {
	if err := s.enter(ctx); err != nil {
		return cm.List{}, err
	}
	err := s.commitList(ctx, func() (byte, listRec, error) {
		w := s.lists[workspace]
		if w == nil || w.lists[id] == nil {
			return 0, listRec{}, listNotFound(id)
		}
		l := w.lists[id].l
		if name != nil {
			l.Name = *name
		}
		if description != nil {
			l.Description = *description
		}
		l.UpdatedAt = usec(at)
		if err := l.Validate(); err != nil {
			return 0, listRec{}, err
		}
		return lrList, listRec{Workspace: workspace, ID: id, Name: l.Name, Description: l.Description, CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt}, nil
	})
	if err != nil {
		return cm.List{}, err
	}
	return s.GetList(ctx, workspace, id)
}

// DeleteList logs the deletion of a list with its items.
func (s *Store) DeleteList(ctx context.Context, workspace, id string) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	return s.commitList(ctx, func() (byte, listRec, error) {
		if w := s.lists[workspace]; w == nil || w.lists[id] == nil {
			return 0, listRec{}, listNotFound(id)
		}
		return lrListDel, listRec{Workspace: workspace, ID: id}, nil
	})
}

func compareLists(a, b cm.List) int {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// ListLists returns a page of a workspace's lists by (CreatedAt, ID).
func (s *Store) ListLists(ctx context.Context, p cm.ListPage) ([]cm.List, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	out := []cm.List{}
	s.mu.RLock()
	if w := s.lists[p.Workspace]; w != nil {
		for _, ml := range w.lists {
			if p.After == nil || compareLists(ml.l, *p.After) > 0 {
				out = append(out, ml.view())
			}
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, compareLists)
	if p.Limit > 0 && len(out) > p.Limit {
		out = out[:p.Limit]
	}
	return out, nil
}

// PutListItem logs an item added or its status changed.
func (s *Store) PutListItem(ctx context.Context, it cm.ListItem) (cm.ListItem, bool, error) {
	if err := s.enter(ctx); err != nil {
		return cm.ListItem{}, false, err
	}
	if err := it.Validate(); err != nil {
		return cm.ListItem{}, false, err
	}
	now := time.Now().UTC()
	if it.UpdatedAt.IsZero() {
		it.UpdatedAt = now
	}
	var stored cm.ListItem
	added := false
	err := s.commitList(ctx, func() (byte, listRec, error) {
		w := s.lists[it.Workspace]
		if w == nil || w.lists[it.ListID] == nil {
			return 0, listRec{}, listNotFound(it.ListID)
		}
		ml := w.lists[it.ListID]
		old, ok := ml.items[it.CreatorID]
		r := listRec{Workspace: it.Workspace, ListID: it.ListID, CreatorID: it.CreatorID, Status: it.Status, UpdatedAt: usec(it.UpdatedAt)}
		if ok {
			r.CreatedAt = old.AddedAt
			if r.Status == "" {
				r.Status = old.Status
			}
		} else {
			if len(ml.items) >= cm.MaxItemsPerList {
				return 0, listRec{}, cm.Errorf(cm.ErrTooLarge, "the list holds its maximum of %d creators; remove some first", cm.MaxItemsPerList)
			}
			added = true
			r.CreatedAt = usec(it.AddedAt)
			if it.AddedAt.IsZero() {
				r.CreatedAt = r.UpdatedAt
			}
			if r.Status == "" {
				r.Status = cm.StatusProspect
			}
		}
		stored = cm.ListItem{Workspace: r.Workspace, ListID: r.ListID, CreatorID: r.CreatorID, Status: r.Status, AddedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
		return lrItem, r, nil
	})
	if err != nil {
		return cm.ListItem{}, false, err
	}
	return stored, added, nil
}

// DeleteListItem logs the removal of a creator from a list.
func (s *Store) DeleteListItem(ctx context.Context, workspace, listID, creatorID string) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	return s.commitList(ctx, func() (byte, listRec, error) {
		w := s.lists[workspace]
		if w == nil || w.lists[listID] == nil {
			return 0, listRec{}, listNotFound(listID)
		}
		if _, ok := w.lists[listID].items[creatorID]; !ok {
			return 0, listRec{}, fmt.Errorf("creator %q on list %q: %w", creatorID, listID, cm.ErrNotFound)
		}
		return lrItemDel, listRec{Workspace: workspace, ListID: listID, CreatorID: creatorID}, nil
	})
}

func compareItems(a, b cm.ListItem) int {
	if c := a.AddedAt.Compare(b.AddedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.CreatorID, b.CreatorID)
}

// ListItems returns a page of a list's items by (AddedAt, CreatorID).
func (s *Store) ListItems(ctx context.Context, p cm.ItemPage) ([]cm.ListItem, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	w := s.lists[p.Workspace]
	if w == nil || w.lists[p.ListID] == nil {
		s.mu.RUnlock()
		return nil, listNotFound(p.ListID)
	}
	out := []cm.ListItem{}
	for _, it := range w.lists[p.ListID].items {
		if (p.Status == "" || it.Status == p.Status) && (p.After == nil || compareItems(it, *p.After) > 0) {
			out = append(out, it)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, compareItems)
	if p.Limit > 0 && len(out) > p.Limit {
		out = out[:p.Limit]
	}
	return out, nil
}

// AddNote logs a new note.
func (s *Store) AddNote(ctx context.Context, n cm.Note) (cm.Note, error) {
	if err := s.enter(ctx); err != nil {
		return cm.Note{}, err
	}
	if err := n.Validate(); err != nil {
		return cm.Note{}, err
	}
	if n.CreatedAt.IsZero() {
		n.CreatedAt = time.Now()
	}
	n.CreatedAt = usec(n.CreatedAt)
	err := s.commitList(ctx, func() (byte, listRec, error) {
		if w := s.lists[n.Workspace]; w != nil {
			for _, m := range w.notes {
				if _, ok := m[n.ID]; ok {
					return 0, listRec{}, cm.Errorf(cm.ErrConflict, "note %q exists", n.ID)
				}
			}
			if w.nNotes >= cm.MaxNotesPerWorkspace {
				return 0, listRec{}, cm.Errorf(cm.ErrTooLarge, "the workspace holds its maximum of %d notes; delete some first", cm.MaxNotesPerWorkspace)
			}
		}
		return lrNote, listRec{Workspace: n.Workspace, ID: n.ID, CreatorID: n.CreatorID, Text: n.Text, Author: n.Author, CreatedAt: n.CreatedAt}, nil
	})
	if err != nil {
		return cm.Note{}, err
	}
	return n, nil
}

// compareNotes orders notes newest first, ties by id descending.
func compareNotes(a, b cm.Note) int {
	if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(b.ID, a.ID)
}

// ListNotes returns a page of a workspace's notes on a creator, newest first.
func (s *Store) ListNotes(ctx context.Context, p cm.NotePage) ([]cm.Note, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	out := []cm.Note{}
	s.mu.RLock()
	if w := s.lists[p.Workspace]; w != nil {
		for _, n := range w.notes[p.CreatorID] {
			if p.Before == nil || compareNotes(n, *p.Before) > 0 {
				out = append(out, n)
			}
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, compareNotes)
	if p.Limit > 0 && len(out) > p.Limit {
		out = out[:p.Limit]
	}
	return out, nil
}

// CreatorNotes returns the workspace's notes on each of creatorIDs.
func (s *Store) CreatorNotes(ctx context.Context, workspace string, creatorIDs []string) (map[string][]cm.Note, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	out := map[string][]cm.Note{}
	s.mu.RLock()
	if w := s.lists[workspace]; w != nil {
		for _, id := range creatorIDs {
			for _, n := range w.notes[id] {
				out[id] = append(out[id], n)
			}
		}
	}
	s.mu.RUnlock()
	for _, ns := range out {
		slices.SortFunc(ns, compareNotes)
	}
	return out, nil
}

// DeleteNote logs the deletion of a note.
func (s *Store) DeleteNote(ctx context.Context, workspace, creatorID, noteID string) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	return s.commitList(ctx, func() (byte, listRec, error) {
		if w := s.lists[workspace]; w == nil {
			return 0, listRec{}, fmt.Errorf("note %q: %w", noteID, cm.ErrNotFound)
		} else if _, ok := w.notes[creatorID][noteID]; !ok {
			return 0, listRec{}, fmt.Errorf("note %q: %w", noteID, cm.ErrNotFound)
		}
		return lrNoteDel, listRec{Workspace: workspace, ID: noteID, CreatorID: creatorID}, nil
	})
}

// ListMemberships returns the workspace's lists holding each creator.
func (s *Store) ListMemberships(ctx context.Context, workspace string, creatorIDs []string) (map[string][]cm.Membership, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	out := map[string][]cm.Membership{}
	s.mu.RLock()
	w := s.lists[workspace]
	var ls []*memList
	if w != nil {
		for _, ml := range w.lists {
			ls = append(ls, ml)
		}
	}
	slices.SortFunc(ls, func(a, b *memList) int { return compareLists(a.l, b.l) })
	for _, ml := range ls {
		for _, id := range creatorIDs {
			if it, ok := ml.items[id]; ok && !slices.ContainsFunc(out[id], func(m cm.Membership) bool { return m.ListID == ml.l.ID }) {
				out[id] = append(out[id], cm.Membership{ListID: ml.l.ID, Name: ml.l.Name, Status: it.Status})
			}
		}
	}
	s.mu.RUnlock()
	return out, nil
}

// captureLists lists every list, item and note as the records a snapshot
// holds: per workspace, each list followed by its items, then the notes.
// Called with writeMu held.
func (s *Store) captureLists() []listCapture {
	var out []listCapture
	wss := make([]string, 0, len(s.lists))
	for ws := range s.lists {
		wss = append(wss, ws)
	}
	slices.Sort(wss)
	for _, ws := range wss {
		w := s.lists[ws]
		ls := make([]*memList, 0, len(w.lists))
		for _, ml := range w.lists {
			ls = append(ls, ml)
		}
		slices.SortFunc(ls, func(a, b *memList) int { return compareLists(a.l, b.l) })
		for _, ml := range ls {
			l := ml.l
			out = append(out, listCapture{lrList, listRec{Workspace: ws, ID: l.ID, Name: l.Name, Description: l.Description, CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt}})
			items := make([]cm.ListItem, 0, len(ml.items))
			for _, it := range ml.items {
				items = append(items, it)
			}
			slices.SortFunc(items, compareItems)
			for _, it := range items {
				out = append(out, listCapture{lrItem, listRec{Workspace: ws, ListID: it.ListID, CreatorID: it.CreatorID, Status: it.Status, CreatedAt: it.AddedAt, UpdatedAt: it.UpdatedAt}})
			}
		}
		var notes []cm.Note
		for _, m := range w.notes {
			for _, n := range m {
				notes = append(notes, n)
			}
		}
		slices.SortFunc(notes, compareNotes)
		for _, n := range notes {
			out = append(out, listCapture{lrNote, listRec{Workspace: ws, ID: n.ID, CreatorID: n.CreatorID, Text: n.Text, Author: n.Author, CreatedAt: n.CreatedAt}})
		}
	}
	return out
}

type listCapture struct {
	op  byte
	rec listRec
}
