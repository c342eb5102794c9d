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

// keyJSON is how an API key is persisted: the domain type's own JSON (so
// new fields persist without a format change) plus the hash, which the
// domain type keeps out of its JSON so that API responses never carry it.
// Only the hash is stored, never the secret.
type keyJSON struct {
	cm.APIKey
	Hash string `json:"hash"`
}

// encodeAPIKey appends an API key record body: bytes JSON (keyJSON).
func encodeAPIKey(e *encoder, k cm.APIKey) error {
	js, err := json.Marshal(keyJSON{APIKey: k, Hash: k.Hash})
	if err != nil {
		return fmt.Errorf("%w: api key %q: %v", cm.ErrInvalid, k.ID, err)
	}
	e.bytes(js)
	return nil
}

func decodeAPIKey(body []byte) (cm.APIKey, error) {
	d := &decoder{b: body}
	js := d.raw()
	if d.err == nil && len(d.b) != 0 {
		d.fail()
	}
	if d.err != nil {
		return cm.APIKey{}, d.err
	}
	var kj keyJSON
	if err := json.Unmarshal(js, &kj); err != nil {
		return cm.APIKey{}, fmt.Errorf("api key JSON: %w", err)
	}
	k := kj.APIKey
	k.Hash = kj.Hash
	k.Workspace = cm.WorkspaceOrDefault(k.Workspace) // stored before workspaces existed
	if k.ID == "" || k.Hash == "" {
		return cm.APIKey{}, fmt.Errorf("api key record without id or hash")
	}
	return k, nil
}

// apiKeyRecord encodes k as one log record and returns it with the key
// decoded back from it (the state to apply).
func apiKeyRecord(k cm.APIKey) (*encoder, cm.APIKey, error) {
	rec := newRecord(recAPIKey)
	if err := encodeAPIKey(rec, k); err != nil {
		return nil, cm.APIKey{}, err
	}
	owned, err := decodeAPIKey(rec.body())
	if err != nil {
		return nil, cm.APIKey{}, fmt.Errorf("memory store: record does not round-trip: %w", err)
	}
	return rec, owned, nil
}

// CreateAPIKey validates k and stores it as one log record. An ID or a hash
// that is already stored is ErrConflict; a zero CreatedAt becomes the
// current time.
func (s *Store) CreateAPIKey(ctx context.Context, k cm.APIKey) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	k.Workspace = cm.WorkspaceOrDefault(k.Workspace)
	if err := k.Validate(); err != nil {
		return err
	}
	if k.CreatedAt.IsZero() {
		k.CreatedAt = time.Now().UTC()
	}
	rec, owned, err := apiKeyRecord(k)
	if err != nil {
		return err
	}
	return s.commit(ctx, rec, func() error {
		if _, dup := s.apiKeys[k.ID]; dup {
			return fmt.Errorf("api key %q already exists: %w", k.ID, cm.ErrConflict)
		}
		if _, dup := s.apiKeyHash[k.Hash]; dup {
			return fmt.Errorf("api key %q: another key has the same hash: %w", k.ID, cm.ErrConflict)
		}
		return nil
	}, func() { s.applyAPIKey(owned) })
}

// APIKeyByHash returns a copy of the key with the given hash.
func (s *Store) APIKeyByHash(ctx context.Context, hash string) (*cm.APIKey, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	k, ok := s.apiKeys[s.apiKeyHash[hash]]
	s.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("api key: %w", cm.ErrNotFound)
	}
	k = clone(k) // stored keys are never modified in place
	return &k, nil
}

// ListAPIKeys returns copies of every key, oldest first (ties by ID).
func (s *Store) ListAPIKeys(ctx context.Context) ([]cm.APIKey, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	out := make([]cm.APIKey, 0, len(s.apiKeys))
	for _, k := range s.apiKeys {
		out = append(out, k)
	}
	s.mu.RUnlock()
	sortKeys(out)
	for i := range out {
		out[i] = clone(out[i])
	}
	return out, nil
}

func sortKeys(ks []cm.APIKey) {
	slices.SortFunc(ks, func(a, b cm.APIKey) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// RevokeAPIKey logs the key with RevokedAt set. An unknown ID is
// ErrNotFound; a key already revoked keeps its first revocation time and
// nothing is logged. A zero time is ErrInvalid.
func (s *Store) RevokeAPIKey(ctx context.Context, id string, at time.Time) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	if at.IsZero() {
		return cm.Invalid("revoked_at", "is required")
	}
	return s.commitWith(ctx, func() (*encoder, func(), error) {
		k, ok := s.apiKeys[id] // writers are excluded, so no lock is needed to read
		if !ok {
			return nil, nil, fmt.Errorf("api key %q: %w", id, cm.ErrNotFound)
		}
		if !k.Active() {
			return nil, nil, nil
		}
		k.RevokedAt = at
		rec, owned, err := apiKeyRecord(k)
		if err != nil {
			return nil, nil, err
		}
		return rec, func() { s.applyAPIKey(owned) }, nil
	})
}

// applyAPIKey stores k by ID, replacing the key with that ID.
func (s *Store) applyAPIKey(k cm.APIKey) {
	if old, ok := s.apiKeys[k.ID]; ok && old.Hash != k.Hash {
		delete(s.apiKeyHash, old.Hash)
	}
	s.apiKeys[k.ID] = k
	s.apiKeyHash[k.Hash] = k.ID
}
