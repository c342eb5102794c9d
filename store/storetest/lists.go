package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

func strp(s string) *string { return &s }

// testLists checks the ListStore half of the contract: list CRUD, items
// with statuses, notes, paging orders, bounds, isolation between
// workspaces, the cascade of a list's deletion, memberships, and (for
// backends that reopen) that everything survives a reopen.
func testLists(t *testing.T, f Factory) {
	t.Run("CRUD", func(t *testing.T) {
		s := f.New(t)
		mk := func(ws, id, name string, h int) cm.List {
			l, err := s.CreateList(ctx(t), cm.List{Workspace: ws, ID: id, Name: name, Description: "d " + name, CreatedAt: timeAt(h)})
			require.NoError(t, err)
			return l
		}
		l1 := mk("a", "l1", "Spring launch", 1)
		require.Equal(t, cm.List{Workspace: "a", ID: "l1", Name: "Spring launch", Description: "d Spring launch", CreatedAt: timeAt(1), UpdatedAt: timeAt(1)}, l1)
		mk("a", "l3", "Third", 2)
		mk("a", "l2", "Second", 2) // same time as l3: ties by id
		mk("b", "l1", "B's own", 0)
		_, err := s.CreateList(ctx(t), cm.List{Workspace: "a", ID: "l1", Name: "again"})
		requireErrIs(t, err, cm.ErrConflict, "an id already stored")
		for _, bad := range []cm.List{
			{Workspace: "a", ID: "x", Name: ""},
			{Workspace: "A", ID: "x", Name: "n"},
			{Workspace: "a", ID: "has space", Name: "n"},
			{Workspace: "a", ID: "x", Name: string(make([]byte, cm.MaxListName+1))},
			{Workspace: "a", ID: "x", Name: "n", Description: "nul\x00"},
		} {
			_, err := s.CreateList(ctx(t), bad)
			requireErrIs(t, err, cm.ErrInvalid, fmt.Sprintf("list %q/%q", bad.Workspace, bad.ID))
		}
		ids := func(p cm.ListPage) []string {
			ls, err := s.ListLists(ctx(t), p)
			require.NoError(t, err)
			out := []string{}
			for _, l := range ls {
				out = append(out, l.ID)
			}
			return out
		}
		require.Equal(t, []string{"l1", "l2", "l3"}, ids(cm.ListPage{Workspace: "a"}))
		require.Equal(t, []string{"l1", "l2"}, ids(cm.ListPage{Workspace: "a", Limit: 2}))
		l2, err := s.GetList(ctx(t), "a", "l2")
		require.NoError(t, err)
		require.Equal(t, []string{"l3"}, ids(cm.ListPage{Workspace: "a", After: &l2, Limit: 2}))
		require.Equal(t, []string{"l1"}, ids(cm.ListPage{Workspace: "b"}))
		require.Empty(t, ids(cm.ListPage{Workspace: "c"}))

		got, err := s.UpdateList(ctx(t), "a", "l1", strp("Renamed"), nil, timeAt(5))
		require.NoError(t, err)
		require.Equal(t, "Renamed", got.Name)
		require.Equal(t, "d Spring launch", got.Description, "nil leaves the description")
		require.Equal(t, timeAt(5), got.UpdatedAt)
		require.Equal(t, timeAt(1), got.CreatedAt)
		got, err = s.UpdateList(ctx(t), "a", "l1", nil, strp(""), timeAt(6))
		require.NoError(t, err)
		require.Equal(t, "Renamed", got.Name)
		require.Equal(t, "", got.Description)
		_, err = s.UpdateList(ctx(t), "a", "l1", strp(""), nil, timeAt(7))
		requireErrIs(t, err, cm.ErrInvalid, "an empty name")
		_, err = s.UpdateList(ctx(t), "c", "l1", strp("x"), nil, timeAt(7))
		requireErrIs(t, err, cm.ErrNotFound, "another workspace's list")
		bl, err := s.GetList(ctx(t), "b", "l1")
		require.NoError(t, err)
		require.Equal(t, "B's own", bl.Name, "the same id in two workspaces is two lists")
		_, err = s.GetList(ctx(t), "c", "l1")
		requireErrIs(t, err, cm.ErrNotFound, "a list of another workspace")

		requireErrIs(t, s.DeleteList(ctx(t), "c", "l1"), cm.ErrNotFound, "deleting another workspace's list")
		require.NoError(t, s.DeleteList(ctx(t), "a", "l3"))
		requireErrIs(t, s.DeleteList(ctx(t), "a", "l3"), cm.ErrNotFound, "deleting twice")
		require.Equal(t, []string{"l1", "l2"}, ids(cm.ListPage{Workspace: "a"}))
	})

	t.Run("Items", func(t *testing.T) {
		s := f.New(t)
		for _, ws := range []string{"a", "b"} {
			_, err := s.CreateList(ctx(t), cm.List{Workspace: ws, ID: "l1", Name: "L", CreatedAt: timeAt(0)})
			require.NoError(t, err)
		}
		_, err := s.CreateList(ctx(t), cm.List{Workspace: "a", ID: "l2", Name: "Other", CreatedAt: timeAt(1)})
		require.NoError(t, err)
		put := func(ws, list, c string, st cm.ListStatus, h int) (cm.ListItem, bool) {
			it, added, err := s.PutListItem(ctx(t), cm.ListItem{Workspace: ws, ListID: list, CreatorID: c, Status: st, UpdatedAt: timeAt(h)})
			require.NoError(t, err)
			return it, added
		}
		it, added := put("a", "l1", "c2", "", 1)
		require.True(t, added)
		require.Equal(t, cm.ListItem{Workspace: "a", ListID: "l1", CreatorID: "c2", Status: cm.StatusProspect, AddedAt: timeAt(1), UpdatedAt: timeAt(1)}, it, "no status is a prospect")
		put("a", "l1", "c3", cm.StatusContacted, 1) // same time as c2: ties by id
		put("a", "l1", "c1", cm.StatusHired, 2)
		put("a", "l2", "c1", cm.StatusDeclined, 2)
		put("b", "l1", "c1", cm.StatusArchived, 0)
		it, added = put("a", "l1", "c2", cm.StatusNegotiating, 4)
		require.False(t, added)
		require.Equal(t, cm.ListItem{Workspace: "a", ListID: "l1", CreatorID: "c2", Status: cm.StatusNegotiating, AddedAt: timeAt(1), UpdatedAt: timeAt(4)}, it, "an update keeps AddedAt")
		it, added = put("a", "l1", "c2", "", 5)
		require.False(t, added)
		require.Equal(t, cm.StatusNegotiating, it.Status, "no status keeps the stored one")

		_, _, err = s.PutListItem(ctx(t), cm.ListItem{Workspace: "a", ListID: "l1", CreatorID: "c9", Status: "lost"})
		requireErrIs(t, err, cm.ErrInvalid, "an unknown status")
		_, _, err = s.PutListItem(ctx(t), cm.ListItem{Workspace: "c", ListID: "l1", CreatorID: "c9"})
		requireErrIs(t, err, cm.ErrNotFound, "another workspace's list")
		_, _, err = s.PutListItem(ctx(t), cm.ListItem{Workspace: "a", ListID: "nope", CreatorID: "c9"})
		requireErrIs(t, err, cm.ErrNotFound, "a missing list")

		items := func(p cm.ItemPage) []string {
			its, err := s.ListItems(ctx(t), p)
			require.NoError(t, err)
			out := []string{}
			for _, it := range its {
				out = append(out, it.CreatorID+"="+string(it.Status))
			}
			return out
		}
		require.Equal(t, []string{"c2=negotiating", "c3=contacted", "c1=hired"}, items(cm.ItemPage{Workspace: "a", ListID: "l1"}))
		require.Equal(t, []string{"c2=negotiating", "c3=contacted"}, items(cm.ItemPage{Workspace: "a", ListID: "l1", Limit: 2}))
		after := cm.ListItem{CreatorID: "c3", AddedAt: timeAt(1)}
		require.Equal(t, []string{"c1=hired"}, items(cm.ItemPage{Workspace: "a", ListID: "l1", After: &after, Limit: 2}))
		require.Equal(t, []string{"c3=contacted"}, items(cm.ItemPage{Workspace: "a", ListID: "l1", Status: cm.StatusContacted}))
		require.Equal(t, []string{"c1=archived"}, items(cm.ItemPage{Workspace: "b", ListID: "l1"}))
		_, err = s.ListItems(ctx(t), cm.ItemPage{Workspace: "c", ListID: "l1"})
		requireErrIs(t, err, cm.ErrNotFound, "another workspace's list's items")
		l, err := s.GetList(ctx(t), "a", "l1")
		require.NoError(t, err)
		require.Equal(t, 3, l.Items)

		ms, err := s.ListMemberships(ctx(t), "a", []string{"c1", "c2", "c9"})
		require.NoError(t, err)
		require.Equal(t, map[string][]cm.Membership{
			"c1": {{ListID: "l1", Name: "L", Status: cm.StatusHired}, {ListID: "l2", Name: "Other", Status: cm.StatusDeclined}},
			"c2": {{ListID: "l1", Name: "L", Status: cm.StatusNegotiating}},
		}, ms)
		ms, err = s.ListMemberships(ctx(t), "c", []string{"c1"})
		require.NoError(t, err)
		require.Empty(t, ms)

		requireErrIs(t, s.DeleteListItem(ctx(t), "b", "l1", "c3"), cm.ErrNotFound, "an item of another workspace")
		require.NoError(t, s.DeleteListItem(ctx(t), "a", "l1", "c3"))
		requireErrIs(t, s.DeleteListItem(ctx(t), "a", "l1", "c3"), cm.ErrNotFound, "removing twice")
		require.Equal(t, []string{"c2=negotiating", "c1=hired"}, items(cm.ItemPage{Workspace: "a", ListID: "l1"}))

		// Deleting a list deletes its items, and nothing of other lists
		// or workspaces; a list made again with its id is empty.
		require.NoError(t, addNote(t, s, cm.Note{Workspace: "a", ID: "n1", CreatorID: "c1", Text: "kept", CreatedAt: timeAt(1)}))
		require.NoError(t, s.DeleteList(ctx(t), "a", "l1"))
		ms, err = s.ListMemberships(ctx(t), "a", []string{"c1", "c2"})
		require.NoError(t, err)
		require.Equal(t, map[string][]cm.Membership{"c1": {{ListID: "l2", Name: "Other", Status: cm.StatusDeclined}}}, ms)
		require.Equal(t, []string{"c1=archived"}, items(cm.ItemPage{Workspace: "b", ListID: "l1"}))
		_, err = s.CreateList(ctx(t), cm.List{Workspace: "a", ID: "l1", Name: "L again"})
		require.NoError(t, err)
		require.Empty(t, items(cm.ItemPage{Workspace: "a", ListID: "l1"}))
		notes, err := s.ListNotes(ctx(t), cm.NotePage{Workspace: "a", CreatorID: "c1"})
		require.NoError(t, err)
		require.Len(t, notes, 1, "notes are the workspace's, not the list's")

		if f.Reopen == nil {
			return
		}
		put("a", "l2", "c7", cm.StatusContacted, 9)
		s = f.Reopen(t, s)
		require.Equal(t, []string{"c1=declined", "c7=contacted"}, items(cm.ItemPage{Workspace: "a", ListID: "l2"}), "after reopen")
		require.Empty(t, items(cm.ItemPage{Workspace: "a", ListID: "l1"}), "after reopen")
		require.Equal(t, []string{"c1=archived"}, items(cm.ItemPage{Workspace: "b", ListID: "l1"}), "after reopen")
		l, err = s.GetList(ctx(t), "a", "l2")
		require.NoError(t, err)
		require.Equal(t, cm.List{Workspace: "a", ID: "l2", Name: "Other", Items: 2, CreatedAt: timeAt(1), UpdatedAt: timeAt(1)}, l, "after reopen")
		notes, err = s.ListNotes(ctx(t), cm.NotePage{Workspace: "a", CreatorID: "c1"})
		require.NoError(t, err)
		require.Len(t, notes, 1, "after reopen")
	})

	t.Run("Notes", func(t *testing.T) {
		s := f.New(t)
		add := func(ws, id, c string, h int) {
			require.NoError(t, addNote(t, s, cm.Note{Workspace: ws, ID: id, CreatorID: c, Text: "text " + id, Author: "key-1", CreatedAt: timeAt(h)}))
		}
		add("a", "n1", "c1", 1)
		add("a", "n2", "c1", 3)
		add("a", "n3", "c1", 3) // same time as n2: ties by id, descending
		add("a", "n4", "c2", 2)
		add("b", "n5", "c1", 0)
		_, err := s.AddNote(ctx(t), cm.Note{Workspace: "a", ID: "n1", CreatorID: "c1", Text: "again"})
		requireErrIs(t, err, cm.ErrConflict, "a note id already stored")
		for _, bad := range []cm.Note{
			{Workspace: "a", ID: "x", CreatorID: "c1", Text: ""},
			{Workspace: "a", ID: "x", CreatorID: "c1", Text: string(make([]byte, cm.MaxNoteText+1))},
			{Workspace: "a", ID: "x", CreatorID: "has space", Text: "t"},
		} {
			_, err := s.AddNote(ctx(t), bad)
			requireErrIs(t, err, cm.ErrInvalid, "a bad note")
		}
		ids := func(p cm.NotePage) []string {
			ns, err := s.ListNotes(ctx(t), p)
			require.NoError(t, err)
			out := []string{}
			for _, n := range ns {
				out = append(out, n.ID)
			}
			return out
		}
		require.Equal(t, []string{"n3", "n2", "n1"}, ids(cm.NotePage{Workspace: "a", CreatorID: "c1"}))
		require.Equal(t, []string{"n3", "n2"}, ids(cm.NotePage{Workspace: "a", CreatorID: "c1", Limit: 2}))
		require.Equal(t, []string{"n1"}, ids(cm.NotePage{Workspace: "a", CreatorID: "c1", Before: &cm.Note{ID: "n2", CreatedAt: timeAt(3)}, Limit: 2}))
		require.Equal(t, []string{"n5"}, ids(cm.NotePage{Workspace: "b", CreatorID: "c1"}))
		require.Empty(t, ids(cm.NotePage{Workspace: "c", CreatorID: "c1"}))
		ns, err := s.ListNotes(ctx(t), cm.NotePage{Workspace: "a", CreatorID: "c2"})
		require.NoError(t, err)
		require.Equal(t, []cm.Note{{Workspace: "a", ID: "n4", CreatorID: "c2", Text: "text n4", Author: "key-1", CreatedAt: timeAt(2)}}, ns)
		byCreator, err := s.CreatorNotes(ctx(t), "a", []string{"c1", "c2", "c9"})
		require.NoError(t, err)
		require.Len(t, byCreator, 2)
		require.Len(t, byCreator["c1"], 3)
		require.Equal(t, "n3", byCreator["c1"][0].ID, "newest first")

		requireErrIs(t, s.DeleteNote(ctx(t), "b", "c1", "n1"), cm.ErrNotFound, "another workspace's note")
		requireErrIs(t, s.DeleteNote(ctx(t), "a", "c2", "n1"), cm.ErrNotFound, "a note on another creator")
		require.NoError(t, s.DeleteNote(ctx(t), "a", "c1", "n1"))
		requireErrIs(t, s.DeleteNote(ctx(t), "a", "c1", "n1"), cm.ErrNotFound, "deleting twice")
		require.Equal(t, []string{"n3", "n2"}, ids(cm.NotePage{Workspace: "a", CreatorID: "c1"}))
		if f.Reopen == nil {
			return
		}
		s = f.Reopen(t, s)
		require.Equal(t, []string{"n3", "n2"}, ids(cm.NotePage{Workspace: "a", CreatorID: "c1"}), "after reopen")
		require.Equal(t, []string{"n5"}, ids(cm.NotePage{Workspace: "b", CreatorID: "c1"}), "after reopen")
	})

	t.Run("Bounds", func(t *testing.T) {
		if testing.Short() {
			t.Skip("fills lists to their bounds")
		}
		s := f.New(t)
		// Four writers each, so that the bound is checked under
		// concurrency too.
		fill := func(n int, do func(i int) error) {
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for w := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := w; i < n; i += 4 {
						if err := do(i); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				require.NoError(t, err)
			}
		}
		fill(cm.MaxListsPerWorkspace, func(i int) error {
			_, err := s.CreateList(ctx(t), cm.List{Workspace: "full", ID: fmt.Sprintf("l%04d", i), Name: "n"})
			return err
		})
		_, err := s.CreateList(ctx(t), cm.List{Workspace: "full", ID: "one-more", Name: "n"})
		requireErrIs(t, err, cm.ErrTooLarge, "a list beyond the bound")
		_, err = s.CreateList(ctx(t), cm.List{Workspace: "other", ID: "one-more", Name: "n"})
		require.NoError(t, err, "the bound is per workspace")

		fill(cm.MaxItemsPerList, func(i int) error {
			_, _, err := s.PutListItem(ctx(t), cm.ListItem{Workspace: "full", ListID: "l0000", CreatorID: fmt.Sprintf("c%05d", i)})
			return err
		})
		_, _, err = s.PutListItem(ctx(t), cm.ListItem{Workspace: "full", ListID: "l0000", CreatorID: "one-more"})
		requireErrIs(t, err, cm.ErrTooLarge, "an item beyond the bound")
		_, added, err := s.PutListItem(ctx(t), cm.ListItem{Workspace: "full", ListID: "l0000", CreatorID: "c00042", Status: cm.StatusHired})
		require.NoError(t, err, "updating an item of a full list")
		require.False(t, added)
		_, _, err = s.PutListItem(ctx(t), cm.ListItem{Workspace: "full", ListID: "l0001", CreatorID: "one-more"})
		require.NoError(t, err, "the bound is per list")
		l, err := s.GetList(ctx(t), "full", "l0000")
		require.NoError(t, err)
		require.Equal(t, cm.MaxItemsPerList, l.Items)

		fill(cm.MaxNotesPerWorkspace, func(i int) error {
			_, err := s.AddNote(ctx(t), cm.Note{Workspace: "full", ID: fmt.Sprintf("n%05d", i), CreatorID: fmt.Sprintf("c%d", i%50), Text: "t"})
			return err
		})
		_, err = s.AddNote(ctx(t), cm.Note{Workspace: "full", ID: "one-more", CreatorID: "c1", Text: "t"})
		requireErrIs(t, err, cm.ErrTooLarge, "a note beyond the bound")
		require.NoError(t, s.DeleteNote(ctx(t), "full", "c0", "n00000"))
		_, err = s.AddNote(ctx(t), cm.Note{Workspace: "full", ID: "one-more", CreatorID: "c1", Text: "t"})
		require.NoError(t, err, "room again after a deletion")
		if f.Reopen == nil {
			return
		}
		s = f.Reopen(t, s)
		l, err = s.GetList(ctx(t), "full", "l0000")
		require.NoError(t, err)
		require.Equal(t, cm.MaxItemsPerList, l.Items, "after reopen")
		ls, err := s.ListLists(ctx(t), cm.ListPage{Workspace: "full"})
		require.NoError(t, err)
		require.Len(t, ls, cm.MaxListsPerWorkspace, "after reopen")
	})
}

// addNote adds n and returns the error.
func addNote(t *testing.T, s cm.Store, n cm.Note) error {
	_, err := s.AddNote(ctx(t), n)
	return err
}
