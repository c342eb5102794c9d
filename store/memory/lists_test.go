package memory

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// TestListsSnapshot: lists, items and notes written to a snapshot (then
// changed in the log after it) come back on reopen, and a snapshot holding
// list records but no blocklist entry or idempotency record still writes
// their (zero) counts before its list count.
func TestListsSnapshot(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	require.NoError(t, err)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err = s.CreateList(ctx, cm.List{Workspace: "a", ID: "l1", Name: "L", CreatedAt: at})
	require.NoError(t, err)
	_, _, err = s.PutListItem(ctx, cm.ListItem{Workspace: "a", ListID: "l1", CreatorID: "c1", Status: cm.StatusHired, UpdatedAt: at})
	require.NoError(t, err)
	_, _, err = s.PutListItem(ctx, cm.ListItem{Workspace: "a", ListID: "l1", CreatorID: "c2", UpdatedAt: at})
	require.NoError(t, err)
	_, err = s.AddNote(ctx, cm.Note{Workspace: "a", ID: "n1", CreatorID: "c1", Text: "t", CreatedAt: at})
	require.NoError(t, err)
	require.NoError(t, s.Compact(ctx))
	require.NoError(t, s.DeleteListItem(ctx, "a", "l1", "c2")) // in the log after the snapshot
	require.NoError(t, s.Close())

	s, err = Open(ctx, dir)
	require.NoError(t, err)
	defer s.Close()
	items, err := s.ListItems(ctx, cm.ItemPage{Workspace: "a", ListID: "l1"})
	require.NoError(t, err)
	require.Equal(t, []cm.ListItem{{Workspace: "a", ListID: "l1", CreatorID: "c1", Status: cm.StatusHired, AddedAt: at, UpdatedAt: at}}, items)
	notes, err := s.ListNotes(ctx, cm.NotePage{Workspace: "a", CreatorID: "c1"})
	require.NoError(t, err)
	require.Len(t, notes, 1)
	require.NoError(t, s.Compact(ctx))
	snap := s.capture()
	require.Len(t, snap.lists, 3, "a list, its item and a note")
}
