package api_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// TestReplicasShareLimitsAndIdempotency runs two API servers, each with
// its own connection pool, on one Postgres database, as two replicas
// behind a load balancer would (issue 21 item 1): a request replayed on
// the other replica with the same Idempotency-Key gets the first answer,
// the same key with another body is refused there too, and the requests
// both admit together stay within one bucket: burst + elapsed × rate.
func TestReplicasShareLimitsAndIdempotency(t *testing.T) {
	url := testenv.FreshDatabase(t)
	open := func() creatormatch.Store {
		s, err := postgres.Open(context.Background(), url)
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	}
	const rate, burst = 5.0, 6
	cfg := api.Config{RateLimit: rate, RateBurst: burst}
	emb := testenv.Embedder(t)
	one := newServerWith(t, open(), emb, cfg, &testenv.LogBuffer{})
	two := newServerWith(t, open(), emb, cfg, &testenv.LogBuffer{})
	st := one.store
	k, secret := creatormatch.NewWorkspaceAPIKey("acme", "acme-w", []creatormatch.Scope{creatormatch.ScopeWrite}, time.Now())
	require.NoError(t, st.CreateAPIKey(context.Background(), k))
	other, otherSecret := creatormatch.NewWorkspaceAPIKey("acme", "acme-idem", []creatormatch.Scope{creatormatch.ScopeWrite}, time.Now())
	require.NoError(t, st.CreateAPIKey(context.Background(), other))

	// Idempotency across replicas (its own key, so its requests do not
	// spend the bucket measured below).
	up := one.req("POST", "/v1/creators", `{"creators":[`+goodCreator+`]}`, otherSecret, local)
	require.Equal(t, 200, up.Code, up.Body.String())
	body := `{"events":[{"brief_id":"br_1","creator_id":"good-1","event":"hired"}]}`
	first := one.req("POST", "/v1/feedback", body, otherSecret, local, "Idempotency-Key", "k-1")
	require.Less(t, first.Code, 300, first.Body.String())
	replay := two.req("POST", "/v1/feedback", body, otherSecret, local, "Idempotency-Key", "k-1")
	assert.Equal(t, first.Code, replay.Code)
	assert.Equal(t, "true", replay.Header().Get("Idempotent-Replayed"))
	assert.JSONEq(t, first.Body.String(), replay.Body.String())
	changed := two.req("POST", "/v1/feedback", `{"events":[{"brief_id":"br_2","creator_id":"good-1","event":"hired"}]}`, otherSecret, local, "Idempotency-Key", "k-1")
	assert.Equal(t, 422, changed.Code, changed.Body.String())
	evs, err := st.ListFeedback(context.Background(), creatormatch.FeedbackFilter{Workspace: "acme"})
	require.NoError(t, err)
	assert.Len(t, evs, 1, "one event however many replicas saw the key")

	// Rate limits across replicas: 40 requests alternating between the
	// two, as fast as they answer.
	start := time.Now()
	admitted, limited := 0, 0
	for i := range 40 {
		srv := one
		if i%2 == 1 {
			srv = two
		}
		var rec *httptest.ResponseRecorder = srv.req("GET", "/v1/creators/nobody", "", secret, local)
		switch rec.Code {
		case 404:
			admitted++
		case 429:
			limited++
			assert.NotEmpty(t, rec.Header().Get("Retry-After"))
		default:
			t.Fatalf("request %d: %d %s", i, rec.Code, rec.Body.String())
		}
	}
	elapsed := time.Since(start).Seconds()
	bound := float64(burst) + elapsed*rate + 1
	assert.LessOrEqual(t, float64(admitted), bound, fmt.Sprintf("admitted %d in %.2f s across two replicas; one bucket allows %.1f", admitted, elapsed, bound))
	assert.GreaterOrEqual(t, admitted, burst, "the burst is admitted")
	assert.Positive(t, limited)
}
