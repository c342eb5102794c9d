package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/api"
)

type createdKey struct {
	Key struct {
		ID     string   `json:"id"`
		Prefix string   `json:"prefix"`
		Scopes []string `json:"scopes"`
	} `json:"key"`
	Secret string `json:"secret"`
}

// TestAPIKeysWhileServing: keys are created, listed and revoked through
// the API while the server holds the store, with effect on the next
// request of this server (no restart, no key-cache delay).
func TestAPIKeysWhileServing(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := newServer(t, b, api.Config{RateLimit: -1})
			create := func(key, body string, header ...string) createdKey {
				t.Helper()
				rec := s.req("POST", "/v1/apikeys", body, key, local, header...)
				require.Equal(t, 201, rec.Code, rec.Body.String())
				assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
				var ck createdKey
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &ck))
				require.True(t, strings.HasPrefix(ck.Secret, ck.Key.Prefix), "the prefix is the secret's start")
				return ck
			}
			// With no key at all a loopback caller creates the first one;
			// a remote caller cannot.
			assert.Equal(t, 401, s.req("POST", "/v1/apikeys", `{"scopes":["admin"]}`, "", remote).Code)
			admin := create("", `{"name":"ops","scopes":["admin"]}`)
			// Demo mode ends at once: keyless loopback calls are refused.
			assert.Equal(t, 401, s.req("GET", "/v1/apikeys", "", "", local).Code)

			reader := create(admin.Secret, `{"name":"dashboard","scopes":["read"]}`)
			assert.Equal(t, 200, s.req("GET", "/v1/feedback", "", reader.Secret, local).Code)
			for _, op := range [][2]string{{"GET", "/v1/apikeys"}, {"POST", "/v1/apikeys"}, {"DELETE", "/v1/apikeys/" + admin.Key.ID}} {
				body := ""
				if op[0] == "POST" {
					body = `{"scopes":["admin"]}`
				}
				assert.Equal(t, 403, s.req(op[0], op[1], body, reader.Secret, local).Code, "%s %s with a read key", op[0], op[1])
			}

			rec := s.req("GET", "/v1/apikeys", "", admin.Secret, local)
			require.Equal(t, 200, rec.Code, rec.Body.String())
			assert.NotContains(t, rec.Body.String(), reader.Secret)
			assert.NotContains(t, rec.Body.String(), admin.Secret)
			assert.NotContains(t, rec.Body.String(), "hash")
			var list struct {
				Keys []struct {
					ID        string   `json:"id"`
					Name      string   `json:"name"`
					Scopes    []string `json:"scopes"`
					RevokedAt string   `json:"revoked_at"`
				} `json:"keys"`
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &list))
			require.Len(t, list.Keys, 2)
			assert.Equal(t, []string{"ops", "dashboard"}, []string{list.Keys[0].Name, list.Keys[1].Name}, "oldest first")
			assert.Equal(t, []string{"read"}, list.Keys[1].Scopes)

			// Revocation takes effect on this server's next request, though
			// the key was just used (and so is cached as valid).
			assert.Equal(t, 204, s.req("DELETE", "/v1/apikeys/"+reader.Key.ID, "", admin.Secret, local).Code)
			assert.Equal(t, 401, s.req("GET", "/v1/feedback", "", reader.Secret, local).Code)
			assert.Equal(t, 204, s.req("DELETE", "/v1/apikeys/"+reader.Key.ID, "", admin.Secret, local).Code, "revoking twice")
			rec = s.req("DELETE", "/v1/apikeys/key_nope", "", admin.Secret, local)
			assert.Equal(t, 404, rec.Code)
			assert.NotContains(t, rec.Body.String(), "postgres")
			assert.NotContains(t, rec.Body.String(), "memory")

			// Bad input names its field.
			rec = s.req("POST", "/v1/apikeys", `{"scopes":["root"]}`, admin.Secret, local)
			require.Equal(t, 422, rec.Code, rec.Body.String())
			assert.Contains(t, fields(problem(t, rec)), "scopes[0]")
			rec = s.req("POST", "/v1/apikeys", `{"scopes":[]}`, admin.Secret, local)
			require.Equal(t, 422, rec.Code, rec.Body.String())
			assert.Contains(t, fields(problem(t, rec)), "scopes")

			// A secret is never kept for replay: the same Idempotency-Key
			// creates a second key instead of returning the first secret.
			a := create(admin.Secret, `{"name":"ci","scopes":["read"]}`, "Idempotency-Key", "k1")
			b := create(admin.Secret, `{"name":"ci","scopes":["read"]}`, "Idempotency-Key", "k1")
			assert.NotEqual(t, a.Secret, b.Secret)
		})
	}
}
