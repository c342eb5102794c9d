package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// testWorkspaces checks what belongs to a workspace: API keys carry one,
// feedback events are kept and listed per workspace, and blocklists.
func testWorkspaces(t *testing.T, f Factory) {
	t.Run("APIKeys", func(t *testing.T) {
		s := f.New(t)
		acme := apiKey("ws-acme", 0)
		acme.Workspace = "acme"
		createKey(t, s, acme)
		none := apiKey("ws-none", 1)
		none.Workspace = ""
		createKey(t, s, none)
		none.Workspace = cm.DefaultWorkspace // a key without a workspace is the default one's
		requireKeys(t, []cm.APIKey{acme, none}, listKeys(t, s))
		requireKeys(t, []cm.APIKey{acme}, []cm.APIKey{keyByHash(t, s, acme.Hash)})
		for _, bad := range []string{"Acme", "-acme", "ac me", "acme/x", string(make([]byte, 65))} {
			k := apiKey("ws-bad", 2)
			k.Workspace = bad
			requireErrIs(t, s.CreateAPIKey(ctx(t), k), cm.ErrInvalid, fmt.Sprintf("workspace %q", bad))
		}
		if f.Reopen == nil {
			return
		}
		s = f.Reopen(t, s)
		requireKeys(t, []cm.APIKey{acme, none}, listKeys(t, s), "after reopen")
	})

	t.Run("Feedback", func(t *testing.T) {
		s := f.New(t)
		ev := func(ws, id string, h int) cm.FeedbackEvent {
			return cm.FeedbackEvent{ID: id, Workspace: ws, BriefID: "b1", CreatorID: "c1", Kind: cm.FeedbackHired, CreatedAt: timeAt(h)}
		}
		// The same id in two workspaces is two events.
		require.NoError(t, s.AddFeedback(ctx(t), []cm.FeedbackEvent{ev("a", "e1", 0), ev("b", "e1", 1)}))
		require.NoError(t, s.AddFeedback(ctx(t), []cm.FeedbackEvent{ev("", "e2", 2), ev("b", "e3", 3)}))
		// Re-adding is a no-op per workspace.
		require.NoError(t, s.AddFeedback(ctx(t), []cm.FeedbackEvent{ev("a", "e1", 9), ev("default", "e2", 9)}))
		ids := func(f cm.FeedbackFilter) []string {
			var out []string
			for _, e := range listFeedback(t, s, f) {
				out = append(out, e.Workspace+"/"+e.ID)
			}
			return out
		}
		require.Equal(t, []string{"a/e1"}, ids(cm.FeedbackFilter{Workspace: "a"}))
		require.Equal(t, []string{"b/e1", "b/e3"}, ids(cm.FeedbackFilter{Workspace: "b"}))
		require.Equal(t, []string{"default/e2"}, ids(cm.FeedbackFilter{Workspace: cm.DefaultWorkspace}))
		require.Empty(t, ids(cm.FeedbackFilter{Workspace: "c"}))
		require.Equal(t, []string{"a/e1", "b/e1", "default/e2", "b/e3"}, ids(cm.FeedbackFilter{}), "no workspace lists every workspace")
		first, err := s.ListFeedback(ctx(t), cm.FeedbackFilter{Workspace: "b", Limit: 1})
		require.NoError(t, err)
		require.Len(t, first, 1)
		require.Equal(t, []string{"b/e3"}, ids(cm.FeedbackFilter{Workspace: "b", Limit: 1, After: &cm.FeedbackPosition{CreatedAt: first[0].CreatedAt, Seq: first[0].Seq}}))
		if f.Reopen == nil {
			return
		}
		s = f.Reopen(t, s)
		require.Equal(t, []string{"a/e1", "b/e1", "default/e2", "b/e3"}, ids(cm.FeedbackFilter{}), "after reopen")
		require.Equal(t, []string{"b/e1", "b/e3"}, ids(cm.FeedbackFilter{Workspace: "b"}), "after reopen")
	})

	t.Run("Blocklist", func(t *testing.T) {
		s := f.New(t)
		block := func(ws, id, reason string, h int) bool {
			t.Helper()
			added, err := s.BlockCreator(ctx(t), cm.BlockEntry{Workspace: ws, CreatorID: id, Reason: reason, CreatedAt: timeAt(h)})
			require.NoError(t, err, "block %s/%s", ws, id)
			return added
		}
		list := func(ws string, after *cm.BlockEntry, limit int) []cm.BlockEntry {
			t.Helper()
			got, err := s.ListBlocked(ctx(t), cm.BlockPage{Workspace: ws, After: after, Limit: limit})
			require.NoError(t, err)
			return got
		}
		ids := func(es []cm.BlockEntry) []string {
			out := []string{}
			for _, e := range es {
				out = append(out, e.CreatorID)
			}
			return out
		}
		blocked := func(ws string) []string {
			t.Helper()
			got, err := s.BlockedIDs(ctx(t), ws)
			require.NoError(t, err)
			slices.Sort(got)
			if got == nil {
				got = []string{}
			}
			return got
		}
		require.Empty(t, list("a", nil, 0))
		require.Empty(t, blocked("a"))

		require.True(t, block("a", "c2", "too pricey", 1))
		require.True(t, block("a", "c1", "", 2))
		require.True(t, block("a", "c3", "", 1)) // same time as c2: ties by creator id
		require.True(t, block("a", "c0", "", 3))
		require.True(t, block("b", "c1", "b's own", 0))
		// Re-adding keeps the first entry.
		require.False(t, block("a", "c2", "another reason", 7))

		want := []cm.BlockEntry{
			{Workspace: "a", CreatorID: "c2", Reason: "too pricey", CreatedAt: timeAt(1)},
			{Workspace: "a", CreatorID: "c3", CreatedAt: timeAt(1)},
			{Workspace: "a", CreatorID: "c1", CreatedAt: timeAt(2)},
			{Workspace: "a", CreatorID: "c0", CreatedAt: timeAt(3)},
		}
		require.Equal(t, Normalize(want), Normalize(list("a", nil, 0)))
		require.Equal(t, []string{"c2", "c3"}, ids(list("a", nil, 2)))
		require.Equal(t, []string{"c1", "c0"}, ids(list("a", &want[1], 2)))
		require.Equal(t, []string{"c0"}, ids(list("a", &want[2], 5)))
		require.Empty(t, list("a", &want[3], 5))
		require.Equal(t, []string{"c0", "c1", "c2", "c3"}, blocked("a"))
		require.Equal(t, []string{"c1"}, ids(list("b", nil, 0)))
		require.Equal(t, []string{"c1"}, blocked("b"))
		require.Empty(t, list("c", nil, 0))

		// Removing is per workspace.
		require.NoError(t, s.UnblockCreator(ctx(t), "a", "c1"))
		requireErrIs(t, s.UnblockCreator(ctx(t), "a", "c1"), cm.ErrNotFound, "unblocking twice")
		requireErrIs(t, s.UnblockCreator(ctx(t), "c", "c1"), cm.ErrNotFound, "unblocking in another workspace")
		require.Equal(t, []string{"c0", "c2", "c3"}, blocked("a"))
		require.Equal(t, []string{"c1"}, blocked("b"))
		// Blocking again after removing is a new entry.
		require.True(t, block("a", "c1", "back", 5))

		for _, bad := range []cm.BlockEntry{
			{Workspace: "", CreatorID: "c1"},
			{Workspace: "Bad", CreatorID: "c1"},
			{Workspace: "a", CreatorID: ""},
			{Workspace: "a", CreatorID: "has space"},
			{Workspace: "a", CreatorID: "c9", Reason: "nul\x00"},
			{Workspace: "a", CreatorID: "c9", Reason: string(make([]byte, cm.MaxBlockReason+1))},
		} {
			_, err := s.BlockCreator(ctx(t), bad)
			requireErrIs(t, err, cm.ErrInvalid, fmt.Sprintf("entry %+v", bad))
		}

		if f.Reopen == nil {
			return
		}
		s = f.Reopen(t, s)
		require.Equal(t, []string{"c0", "c1", "c2", "c3"}, blocked("a"), "after reopen")
		require.Equal(t, []string{"c2", "c3", "c0", "c1"}, ids(list("a", nil, 0)), "after reopen")
		require.Equal(t, "too pricey", list("a", nil, 1)[0].Reason, "after reopen")
		require.Equal(t, []string{"c1"}, blocked("b"), "after reopen")
		require.NoError(t, s.UnblockCreator(ctx(t), "a", "c0"))
		s = f.Reopen(t, s)
		require.Equal(t, []string{"c1", "c2", "c3"}, blocked("a"), "after a second reopen")
	})

	t.Run("BlocklistBound", func(t *testing.T) {
		if testing.Short() {
			t.Skip("fills a blocklist to its bound")
		}
		s := f.New(t)
		for i := range cm.MaxBlockedPerWorkspace {
			_, err := s.BlockCreator(ctx(t), cm.BlockEntry{Workspace: "full", CreatorID: fmt.Sprintf("c%05d", i)})
			require.NoError(t, err)
		}
		_, err := s.BlockCreator(ctx(t), cm.BlockEntry{Workspace: "full", CreatorID: "one-more"})
		requireErrIs(t, err, cm.ErrTooLarge, "one entry beyond the bound")
		added, err := s.BlockCreator(ctx(t), cm.BlockEntry{Workspace: "full", CreatorID: "c00042"})
		require.NoError(t, err, "re-adding a listed creator at the bound")
		require.False(t, added)
		added, err = s.BlockCreator(ctx(t), cm.BlockEntry{Workspace: "other", CreatorID: "one-more"})
		require.NoError(t, err, "the bound is per workspace")
		require.True(t, added)
		got, err := s.BlockedIDs(ctx(t), "full")
		require.NoError(t, err)
		require.Len(t, got, cm.MaxBlockedPerWorkspace)
		require.NoError(t, s.UnblockCreator(ctx(t), "full", "c00000"))
		_, err = s.BlockCreator(ctx(t), cm.BlockEntry{Workspace: "full", CreatorID: "one-more"})
		require.NoError(t, err, "room again after a removal")
	})
}
