package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// testSavedBriefs: saved briefs round-trip with every brief field, a save
// of an existing id replaces it keeping CreatedAt, listing pages by
// (CreatedAt, ID), another workspace's brief is ErrNotFound everywhere,
// the workspace bound holds, and everything survives a reopen.
func testSavedBriefs(t *testing.T, f Factory) {
	s := f.New(t)
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	brief := cm.Brief{
		Text:         "Oat-milk yogurt launch, Gen Z in the US, TikTok or Instagram, 10k-100k followers, $15k",
		Goal:         cm.GoalLaunch,
		Topics:       []string{"food", "plant_based"},
		Budget:       &cm.Money{Total: 15000, Currency: "USD"},
		Audience:     cm.AudienceTarget{Countries: []string{"US"}, MinCountryShare: 0.4},
		Platforms:    []cm.Platform{cm.TikTok, cm.Instagram},
		MinFollowers: 10000,
		MaxFollowers: 100000,
		ContentAsks:  []string{"breakfast bowls"},
	}
	mk := func(ws, id string, i int) cm.SavedBrief {
		return cm.SavedBrief{Workspace: ws, ID: id, Name: fmt.Sprintf("brief %d", i), Brief: brief, CreatedAt: at.Add(time.Duration(i) * time.Minute)}
	}
	for i, id := range []string{"sb_b", "sb_a", "sb_c"} {
		got, created, err := s.SaveBrief(ctx(t), mk("acme", id, i/2)) // sb_b and sb_a share a time: id breaks the tie
		require.NoError(t, err)
		assert.True(t, created)
		assert.Equal(t, brief, got.Brief)
		assert.False(t, got.UpdatedAt.IsZero())
	}
	ids := func(bs []cm.SavedBrief) []string {
		var out []string
		for _, b := range bs {
			out = append(out, b.ID)
		}
		return out
	}
	all, err := s.ListSavedBriefs(ctx(t), cm.SavedBriefPage{Workspace: "acme"})
	require.NoError(t, err)
	assert.Equal(t, []string{"sb_a", "sb_b", "sb_c"}, ids(all))
	page, err := s.ListSavedBriefs(ctx(t), cm.SavedBriefPage{Workspace: "acme", After: &all[0], Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, []string{"sb_b"}, ids(page))

	// Replacing keeps CreatedAt and sets the new name and brief.
	upd := mk("acme", "sb_a", 9)
	upd.Name, upd.Brief.Text, upd.UpdatedAt = "renamed", "changed", at.Add(time.Hour)
	got, created, err := s.SaveBrief(ctx(t), upd)
	require.NoError(t, err)
	assert.False(t, created)
	assert.Equal(t, "renamed", got.Name)
	assert.Equal(t, "changed", got.Brief.Text)
	assert.True(t, got.CreatedAt.Equal(at), "CreatedAt kept: %v", got.CreatedAt)
	assert.True(t, got.UpdatedAt.Equal(at.Add(time.Hour)))

	// Another workspace sees nothing of acme's.
	_, err = s.GetSavedBrief(ctx(t), "beta", "sb_a")
	assert.True(t, errors.Is(err, cm.ErrNotFound), "%v", err)
	assert.True(t, errors.Is(s.DeleteSavedBrief(ctx(t), "beta", "sb_a"), cm.ErrNotFound))
	none, err := s.ListSavedBriefs(ctx(t), cm.SavedBriefPage{Workspace: "beta"})
	require.NoError(t, err)
	assert.Empty(t, none)
	_, created, err = s.SaveBrief(ctx(t), mk("beta", "sb_a", 0))
	require.NoError(t, err)
	assert.True(t, created, "the same id in another workspace is another brief")
	a, err := s.GetSavedBrief(ctx(t), "acme", "sb_a")
	require.NoError(t, err)
	assert.Equal(t, "renamed", a.Name, "beta's save left acme's alone")

	require.NoError(t, s.DeleteSavedBrief(ctx(t), "acme", "sb_c"))
	assert.True(t, errors.Is(s.DeleteSavedBrief(ctx(t), "acme", "sb_c"), cm.ErrNotFound))
	bad := mk("acme", "sb_bad", 0)
	bad.Name = ""
	_, _, err = s.SaveBrief(ctx(t), bad)
	assert.True(t, errors.Is(err, cm.ErrInvalid), "%v", err)

	if f.Reopen != nil {
		s = f.Reopen(t, s)
		all, err = s.ListSavedBriefs(ctx(t), cm.SavedBriefPage{Workspace: "acme"})
		require.NoError(t, err)
		assert.Equal(t, []string{"sb_a", "sb_b"}, ids(all))
		assert.Equal(t, "changed", all[0].Brief.Text)
		assert.Equal(t, brief.Topics, all[1].Brief.Topics)
	}

	// The bound: a workspace holding the maximum refuses one more, and
	// replacing one of them still works.
	for i := range cm.MaxSavedBriefsPerWorkspace {
		_, _, err := s.SaveBrief(ctx(t), mk("gamma", fmt.Sprintf("sb_%04d", i), i))
		require.NoError(t, err)
	}
	_, _, err = s.SaveBrief(ctx(t), mk("gamma", "sb_more", 0))
	assert.True(t, errors.Is(err, cm.ErrTooLarge), "%v", err)
	_, created, err = s.SaveBrief(ctx(t), mk("gamma", "sb_0007", 1))
	require.NoError(t, err)
	assert.False(t, created)
	if f.Reopen != nil {
		s = f.Reopen(t, s)
		all, err := s.ListSavedBriefs(ctx(t), cm.SavedBriefPage{Workspace: "gamma"})
		require.NoError(t, err)
		assert.Len(t, all, cm.MaxSavedBriefsPerWorkspace, "every saved brief survives a reopen (and a compaction, on backends that compact)")
	}
}
