package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// apiKey returns a key whose hash is derived from id.
func apiKey(id string, h int, scopes ...cm.Scope) cm.APIKey {
	if len(scopes) == 0 {
		scopes = []cm.Scope{cm.ScopeRead}
	}
	return cm.APIKey{
		ID:        id,
		Name:      "key " + id,
		Workspace: cm.DefaultWorkspace,
		Prefix:    "cm_" + id,
		Hash:      cm.HashAPIKey("secret of " + id),
		Scopes:    scopes,
		CreatedAt: timeAt(h),
	}
}

func createKey(t *testing.T, s cm.Store, k cm.APIKey) {
	t.Helper()
	require.NoError(t, s.CreateAPIKey(ctx(t), k), "CreateAPIKey(%q)", k.ID)
}

func keyByHash(t *testing.T, s cm.Store, hash string) cm.APIKey {
	t.Helper()
	k, err := s.APIKeyByHash(ctx(t), hash)
	require.NoError(t, err, "APIKeyByHash(%q)", hash)
	require.NotNil(t, k)
	return *k
}

func listKeys(t *testing.T, s cm.Store) []cm.APIKey {
	t.Helper()
	ks, err := s.ListAPIKeys(ctx(t))
	require.NoError(t, err)
	return ks
}

func requireKeys(t *testing.T, want, got []cm.APIKey, msgAndArgs ...any) {
	t.Helper()
	require.Equal(t, Normalize(want), Normalize(got), msgAndArgs...)
}

func requireErrIs(t *testing.T, err, kind error, what string) {
	t.Helper()
	require.Error(t, err, what)
	require.True(t, errors.Is(err, kind), "%s: want an error wrapping %v, got %v", what, kind, err)
}

// testAPIKeys checks the KeyStore half of the contract.
func testAPIKeys(t *testing.T, f Factory) {
	t.Run("CreateGetList", func(t *testing.T) {
		s := f.New(t)
		require.Empty(t, listKeys(t, s))
		// Created out of time order; two share a time, with IDs whose
		// byte order differs from a linguistic collation's.
		ka := apiKey("key-a", 2, cm.ScopeRead, cm.ScopeWrite)
		kB := apiKey("key-B", 2, cm.ScopeAdmin)
		k0 := apiKey("key-0", 0)
		k1 := apiKey("key-1", 1, cm.ScopeWrite)
		k1.Name = ""
		for _, k := range []cm.APIKey{ka, kB, k0, k1} {
			createKey(t, s, k)
		}
		for _, k := range []cm.APIKey{ka, kB, k0, k1} {
			got := keyByHash(t, s, k.Hash)
			requireKeys(t, []cm.APIKey{k}, []cm.APIKey{got}, "APIKeyByHash(%q) round-trips every field, Hash included", k.ID)
			require.True(t, got.Active())
		}
		requireKeys(t, []cm.APIKey{k0, k1, kB, ka}, listKeys(t, s), "oldest first, ties by ID in byte order")

		_, err := s.APIKeyByHash(ctx(t), cm.HashAPIKey("never created"))
		requireErrIs(t, err, cm.ErrNotFound, "APIKeyByHash of an unknown hash")
		_, err = s.APIKeyByHash(ctx(t), "")
		requireErrIs(t, err, cm.ErrNotFound, "APIKeyByHash of an empty hash")

		// A key from NewAPIKey is found by the hash of its secret.
		nk, secret := cm.NewAPIKey("generated", []cm.Scope{cm.ScopeWrite}, timeAt(3))
		createKey(t, s, nk)
		got := keyByHash(t, s, cm.HashAPIKey(secret))
		require.Equal(t, nk.ID, got.ID)
		require.Equal(t, nk.Hash, got.Hash)
		require.True(t, got.Allows(cm.ScopeRead) && got.Allows(cm.ScopeWrite) && !got.Allows(cm.ScopeAdmin))

		// Reads return copies, and the store keeps none of the caller's
		// slices.
		got.Scopes[0] = cm.ScopeAdmin
		nk.Scopes[0] = cm.ScopeAdmin
		require.Equal(t, []cm.Scope{cm.ScopeWrite}, keyByHash(t, s, nk.Hash).Scopes)
		ks := listKeys(t, s)
		ks[0].Scopes[0] = cm.ScopeAdmin
		require.Equal(t, []cm.Scope{cm.ScopeRead}, listKeys(t, s)[0].Scopes)
	})

	t.Run("Revoke", func(t *testing.T) {
		s := f.New(t)
		k0, k1 := apiKey("rv-0", 0), apiKey("rv-1", 1)
		createKey(t, s, k0)
		createKey(t, s, k1)
		require.NoError(t, s.RevokeAPIKey(ctx(t), k0.ID, timeAt(5)))
		got := keyByHash(t, s, k0.Hash)
		require.False(t, got.Active(), "a revoked key is still found by its hash, as revoked")
		require.True(t, got.RevokedAt.Equal(timeAt(5)), "RevokedAt %v", got.RevokedAt)
		require.True(t, keyByHash(t, s, k1.Hash).Active(), "other keys are not revoked")

		require.NoError(t, s.RevokeAPIKey(ctx(t), k0.ID, timeAt(6)), "revoking twice is not an error")
		got = keyByHash(t, s, k0.Hash)
		require.True(t, got.RevokedAt.Equal(timeAt(5)), "a second revocation keeps the first time, got %v", got.RevokedAt)

		k0.RevokedAt = timeAt(5)
		requireKeys(t, []cm.APIKey{k0, k1}, listKeys(t, s))

		requireErrIs(t, s.RevokeAPIKey(ctx(t), "rv-missing", timeAt(5)), cm.ErrNotFound, "RevokeAPIKey of an unknown ID")
		requireErrIs(t, s.RevokeAPIKey(ctx(t), "", timeAt(5)), cm.ErrNotFound, "RevokeAPIKey of an empty ID")
		requireErrIs(t, s.RevokeAPIKey(ctx(t), k1.ID, time.Time{}), cm.ErrInvalid, "RevokeAPIKey at the zero time")
		require.True(t, keyByHash(t, s, k1.Hash).Active(), "a failed revocation revokes nothing")
	})

	t.Run("Conflict", func(t *testing.T) {
		s := f.New(t)
		k := apiKey("cf-1", 1, cm.ScopeAdmin)
		createKey(t, s, k)

		sameID := apiKey("cf-1", 2)
		sameID.Hash = cm.HashAPIKey("another secret") // same ID, another hash
		requireErrIs(t, s.CreateAPIKey(ctx(t), sameID), cm.ErrConflict, "CreateAPIKey with a stored ID")
		sameHash := apiKey("cf-2", 2)
		sameHash.Hash = k.Hash
		requireErrIs(t, s.CreateAPIKey(ctx(t), sameHash), cm.ErrConflict, "CreateAPIKey with a stored hash")
		_, err := s.APIKeyByHash(ctx(t), sameID.Hash)
		requireErrIs(t, err, cm.ErrNotFound, "the key with a duplicate ID was not stored")
		requireKeys(t, []cm.APIKey{k}, listKeys(t, s), "the stored key is unchanged")

		// A revoked key still holds its ID and hash.
		require.NoError(t, s.RevokeAPIKey(ctx(t), k.ID, timeAt(3)))
		requireErrIs(t, s.CreateAPIKey(ctx(t), sameHash), cm.ErrConflict, "CreateAPIKey with the hash of a revoked key")
		requireErrIs(t, s.CreateAPIKey(ctx(t), sameID), cm.ErrConflict, "CreateAPIKey with the ID of a revoked key")
	})

	t.Run("Invalid", func(t *testing.T) {
		s := f.New(t)
		for _, tc := range []struct {
			name string
			edit func(*cm.APIKey)
		}{
			{"empty id", func(k *cm.APIKey) { k.ID = "" }},
			{"empty hash", func(k *cm.APIKey) { k.Hash = "" }},
			{"no scopes", func(k *cm.APIKey) { k.Scopes = nil }},
			{"empty scopes", func(k *cm.APIKey) { k.Scopes = []cm.Scope{} }},
			{"unknown scope", func(k *cm.APIKey) { k.Scopes = []cm.Scope{cm.ScopeRead, "root"} }},
			{"empty scope", func(k *cm.APIKey) { k.Scopes = []cm.Scope{""} }},
		} {
			k := apiKey("inv-1", 1)
			tc.edit(&k)
			requireErrIs(t, s.CreateAPIKey(ctx(t), k), cm.ErrInvalid, tc.name)
		}
		require.Empty(t, listKeys(t, s), "no invalid key was stored")
	})

	t.Run("Persistence", func(t *testing.T) {
		if f.Reopen == nil {
			t.Skip("backend has no Reopen")
		}
		s := f.New(t)
		k0, k1, k2 := apiKey("ps-0", 0, cm.ScopeRead, cm.ScopeAdmin), apiKey("ps-1", 1), apiKey("ps-2", 2, cm.ScopeWrite)
		for _, k := range []cm.APIKey{k0, k1, k2} {
			createKey(t, s, k)
		}
		require.NoError(t, s.RevokeAPIKey(ctx(t), k1.ID, timeAt(4)))
		require.NoError(t, s.RevokeAPIKey(ctx(t), k1.ID, timeAt(5)))
		k1.RevokedAt = timeAt(4)
		want := []cm.APIKey{k0, k1, k2}
		requireKeys(t, want, listKeys(t, s))

		s = f.Reopen(t, s)
		requireKeys(t, want, listKeys(t, s), "after reopen")
		for _, k := range want {
			requireKeys(t, []cm.APIKey{k}, []cm.APIKey{keyByHash(t, s, k.Hash)}, "APIKeyByHash(%q) after reopen", k.ID)
		}
		requireErrIs(t, s.CreateAPIKey(ctx(t), apiKey("ps-0", 9)), cm.ErrConflict, "a stored ID after reopen")

		// Writes after a reopen persist as well.
		require.NoError(t, s.RevokeAPIKey(ctx(t), k2.ID, timeAt(6)))
		k3 := apiKey("ps-3", 3)
		createKey(t, s, k3)
		k2.RevokedAt = timeAt(6)
		s = f.Reopen(t, s)
		requireKeys(t, []cm.APIKey{k0, k1, k2, k3}, listKeys(t, s), "after a second reopen")
	})
}

// testFeedbackIdempotent checks that adding an event whose ID is stored
// keeps the stored event and is not an error, so a retried AddFeedback is
// safe; the new events of a partly stored batch are added.
func testFeedbackIdempotent(t *testing.T, f Factory) {
	s := f.New(t)
	evs := feedbackEvents()
	require.NoError(t, s.AddFeedback(ctx(t), evs[:3]))
	require.NoError(t, s.AddFeedback(ctx(t), evs[:3]), "the same batch again")

	changed := evs[0]
	changed.Kind = cm.FeedbackRejected
	changed.BriefText = "changed"
	changed.CreatedAt = timeAt(7)
	require.NoError(t, s.AddFeedback(ctx(t), []cm.FeedbackEvent{changed}), "a stored ID with other fields")
	require.NoError(t, s.AddFeedback(ctx(t), []cm.FeedbackEvent{evs[3], changed, evs[4]}), "a batch mixing stored and new IDs")

	all := pick(feedbackEvents(), "e2", "e3", "e1", "e4", "e5")
	require.Equal(t, Normalize(all), Normalize(listFeedback(t, s, cm.FeedbackFilter{})), "each event once, as first stored")

	if f.Reopen != nil {
		s = f.Reopen(t, s)
		require.Equal(t, Normalize(all), Normalize(listFeedback(t, s, cm.FeedbackFilter{})), "after reopen")
		require.NoError(t, s.AddFeedback(ctx(t), evs[1:2]), "a stored ID after reopen")
		require.Len(t, listFeedback(t, s, cm.FeedbackFilter{}), len(all))
	}
}
