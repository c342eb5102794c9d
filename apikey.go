package creatormatch

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Scope is what an API key may do.
type Scope string

// The scopes. admin implies write, write implies read.
const (
	ScopeRead  Scope = "read"
	ScopeWrite Scope = "write"
	ScopeAdmin Scope = "admin"
)

// Valid reports whether s is a known scope.
func (s Scope) Valid() bool { return s == ScopeRead || s == ScopeWrite || s == ScopeAdmin }

// APIKey is a stored API key. The secret itself is never stored: only its
// SHA-256 (keys are 32 random bytes, so a fast hash cannot be brute-forced
// and lookups stay one index probe), and a short prefix to tell keys apart
// in listings.
type APIKey struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Workspace is the workspace the key acts in: its feedback and
	// blocklist. Keys stored before workspaces existed are in
	// DefaultWorkspace. Admin keys manage every workspace's keys.
	Workspace string    `json:"workspace"`
	Prefix    string    `json:"prefix"` // the first characters of the secret, e.g. "cm_3f9a"
	Hash      string    `json:"-"`      // hex SHA-256 of the secret
	Scopes    []Scope   `json:"scopes"`
	CreatedAt time.Time `json:"created_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// Active reports whether the key is not revoked.
func (k APIKey) Active() bool { return k.RevokedAt.IsZero() }

// Allows reports whether the key grants scope s (admin ⊇ write ⊇ read).
func (k APIKey) Allows(s Scope) bool {
	rank := map[Scope]int{ScopeRead: 1, ScopeWrite: 2, ScopeAdmin: 3}
	for _, have := range k.Scopes {
		if rank[have] >= rank[s] && rank[s] > 0 {
			return true
		}
	}
	return false
}

// KeyStore keeps API keys. Both store backends implement it.
type KeyStore interface {
	// CreateAPIKey stores a new key; an existing ID is ErrConflict.
	CreateAPIKey(ctx context.Context, k APIKey) error
	// APIKeyByHash returns the key whose secret hashes to hash (active or
	// revoked), or ErrNotFound.
	APIKeyByHash(ctx context.Context, hash string) (*APIKey, error)
	// ListAPIKeys returns every key, oldest first.
	ListAPIKeys(ctx context.Context) ([]APIKey, error)
	// RevokeAPIKey marks a key revoked at the given time; an unknown ID is
	// ErrNotFound; revoking twice keeps the first time.
	RevokeAPIKey(ctx context.Context, id string, at time.Time) error
}

// Validate reports what a store requires of a key: an ID and a hash, at
// least one known scope, a valid workspace, and text fields that are valid UTF-8 without NUL
// bytes (Postgres text cannot hold NUL).
func (k APIKey) Validate() error {
	var v ValidationError
	text := func(field, s string, required bool) {
		switch {
		case s == "" && required:
			v.Add(field, "is required")
		case !utf8.ValidString(s):
			v.Add(field, "is not valid UTF-8")
		case strings.IndexByte(s, 0) >= 0:
			v.Add(field, "contains a NUL byte")
		}
	}
	text("id", k.ID, true)
	text("name", k.Name, false)
	text("prefix", k.Prefix, false)
	text("hash", k.Hash, true)
	if !ValidWorkspace(k.Workspace) {
		v.Add("workspace", "must be 1-64 characters of [a-z0-9_-] starting with a letter or digit")
	}
	if len(k.Scopes) == 0 {
		v.Add("scopes", "needs at least one scope")
	}
	for i, sc := range k.Scopes {
		if !sc.Valid() {
			v.Add(fmt.Sprintf("scopes[%d]", i), "unknown scope %q", sc)
		}
	}
	return v.Err()
}

// NewAPIKey makes a key of DefaultWorkspace with a fresh secret; the
// secret is returned once and never stored.
func NewAPIKey(name string, scopes []Scope, now time.Time) (APIKey, string) {
	return NewWorkspaceAPIKey(DefaultWorkspace, name, scopes, now)
}

// NewWorkspaceAPIKey makes a key of workspace with a fresh secret; the
// secret is returned once and never stored.
func NewWorkspaceAPIKey(workspace, name string, scopes []Scope, now time.Time) (APIKey, string) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	secret := "cm_" + base64.RawURLEncoding.EncodeToString(b[:])
	var id [8]byte
	_, _ = rand.Read(id[:])
	return APIKey{
		ID:        "key_" + hex.EncodeToString(id[:]),
		Name:      name,
		Workspace: workspace,
		Prefix:    secret[:7],
		Hash:      HashAPIKey(secret),
		Scopes:    scopes,
		CreatedAt: now.UTC(),
	}, secret
}

// HashAPIKey is the stored form of a secret.
func HashAPIKey(secret string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(secret)))
	return hex.EncodeToString(sum[:])
}
