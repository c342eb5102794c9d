package api_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/internal/testenv"
)

// tokenStore is a store with read replicas as the API sees one: it gives
// consistency tokens, and records what the contexts of its reads and
// writes asked for.
type tokenStore struct {
	creatormatch.Store
	mu           sync.Mutex
	readAfter    creatormatch.ConsistencyToken
	readPrimary  bool
	writePrimary bool
}

func (s *tokenStore) ConsistencyToken(context.Context) (creatormatch.ConsistencyToken, bool, error) {
	return 0x16_B374D848, true, nil
}

func (s *tokenStore) GetCreator(ctx context.Context, id string) (*creatormatch.Creator, error) {
	s.mu.Lock()
	s.readAfter, s.readPrimary = creatormatch.ReadAfter(ctx), creatormatch.PrimaryReads(ctx)
	s.mu.Unlock()
	return s.Store.GetCreator(ctx, id)
}

func (s *tokenStore) UpsertCreators(ctx context.Context, r []creatormatch.CreatorRecord) error {
	s.mu.Lock()
	s.writePrimary = creatormatch.PrimaryReads(ctx)
	s.mu.Unlock()
	return s.Store.UpsertCreators(ctx, r)
}

// TestConsistencyToken: a write's 2xx answer carries Consistency-Token
// when the store gives tokens (none otherwise), a request presenting one
// has it in its store context, a write reads from the primary, and a
// malformed token is a 400 problem naming the header, never a 500.
func TestConsistencyToken(t *testing.T) {
	st := &tokenStore{Store: backends[0].open(t)}
	s := newServerWith(t, st, testenv.Embedder(t), api.Config{}, &testenv.LogBuffer{})

	up := s.req("POST", "/v1/creators", `{"creators":[`+goodCreator+`]}`, "", local)
	require.Equal(t, 200, up.Code, up.Body.String())
	assert.Equal(t, "16/B374D848", up.Header().Get("Consistency-Token"), "a write's answer carries the token")
	assert.True(t, st.writePrimary, "a write reads from the primary")

	get := s.req("GET", "/v1/creators/good-1", "", "", local, "Consistency-Token", "16/B374D848")
	require.Equal(t, 200, get.Code, get.Body.String())
	assert.Empty(t, get.Header().Get("Consistency-Token"), "reads give no token")
	assert.Equal(t, creatormatch.ConsistencyToken(0x16_B374D848), st.readAfter, "the token reaches the store")
	assert.False(t, st.readPrimary, "a read may use a replica")

	bad := s.req("POST", "/v1/creators", `{"creators":[`+goodCreator+`]}`, "", local, "Consistency-Token", "nope")
	assert.Empty(t, bad.Header().Get("Consistency-Token"), "no token on a refused write")

	for _, tok := range []string{"nope", "0/0", "16/", "/1", "16/B374D848/1", "1FFFFFFFF/0", "+1/2", "0x1/2", "１/2"} {
		t.Run(tok, func(t *testing.T) {
			rec := s.req("GET", "/v1/creators/good-1", "", "", local, "Consistency-Token", tok)
			require.Equal(t, 400, rec.Code, rec.Body.String())
			assert.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
			var p api.Problem
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
			assert.Contains(t, p.Detail, "Consistency-Token")
		})
	}

	// Without replicas the store gives no token: no header.
	plain := newServer(t, backends[0], api.Config{})
	up = plain.req("POST", "/v1/creators", `{"creators":[`+goodCreator+`]}`, "", local)
	require.Equal(t, 200, up.Code, up.Body.String())
	_, has := up.Header()["Consistency-Token"]
	assert.False(t, has)
}
