package api_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/internal/testenv"
)

// idemStore is a real store whose feedback writes can be made to fail or
// to wait, and whose idempotency records can be made to fail to store.
type idemStore struct {
	creatormatch.Store
	mu          sync.Mutex
	feedbackErr error
	completeErr error
	entered     chan struct{} // closed by AddFeedback when set, which then waits on release
	release     chan struct{}
	onComplete  func()
}

func (s *idemStore) AddFeedback(ctx context.Context, ev []creatormatch.FeedbackEvent) error {
	s.mu.Lock()
	err, entered, release := s.feedbackErr, s.entered, s.release
	s.mu.Unlock()
	if entered != nil {
		close(entered)
		<-release
	}
	if err != nil {
		return err
	}
	return s.Store.AddFeedback(ctx, ev)
}

func (s *idemStore) CompleteIdempotency(ctx context.Context, scope, key, token string, resp creatormatch.IdempotencyResponse) error {
	s.mu.Lock()
	err, hook := s.completeErr, s.onComplete
	s.mu.Unlock()
	if hook != nil {
		hook()
	}
	if err != nil {
		return err
	}
	return s.Store.CompleteIdempotency(ctx, scope, key, token, resp)
}

// addCreator stores creator c1, which the feedback events name.
func addCreator(t *testing.T, s *testServer) {
	t.Helper()
	rec := s.req("POST", "/v1/creators", `{"creators":[{"id":"c1","bio":"Knitting patterns","accounts":[{"platform":"instagram","followers":900}]}]}`, "", local)
	require.Equal(t, 200, rec.Code, rec.Body.String())
}

func feedbackCount(t *testing.T, st creatormatch.Store, brief string) int {
	t.Helper()
	evs, err := st.ListFeedback(context.Background(), creatormatch.FeedbackFilter{BriefID: brief})
	require.NoError(t, err)
	return len(evs)
}

// TestIdempotencyCanonicalBody checks that the same JSON document
// reformatted (whitespace, member order) is a replay, on both stores, and
// that another document or the same key from another principal is not.
func TestIdempotencyCanonicalBody(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := newServer(t, b, api.Config{})
			addCreator(t, s)
			body := `{"events":[{"brief_id":"br_1","creator_id":"c1","event":"hired","metrics":{"clicks":12,"ctr":0.5}}]}`
			first := s.req("POST", "/v1/feedback", body, "", local, "Idempotency-Key", "fb-1")
			require.Equal(t, 200, first.Code, first.Body.String())
			assert.Empty(t, first.Header().Get("Idempotent-Replayed"))

			reformatted := "{\n  \"events\" : [ { \"metrics\": {\"ctr\": 0.5, \"clicks\": 12},\n \"event\":\"hired\", \"creator_id\":\"c1\", \"brief_id\":\"br_1\" } ]\n}\n"
			again := s.req("POST", "/v1/feedback", reformatted, "", local, "Idempotency-Key", "fb-1")
			require.Equal(t, 200, again.Code, again.Body.String())
			assert.Equal(t, "true", again.Header().Get("Idempotent-Replayed"))
			assert.Equal(t, first.Body.String(), again.Body.String())
			assert.Equal(t, first.Header().Get("Content-Type"), again.Header().Get("Content-Type"))
			assert.Equal(t, 1, feedbackCount(t, s.store, "br_1"), "a replay writes nothing")

			// A number written differently is another request.
			other := s.req("POST", "/v1/feedback", strings.Replace(body, "0.5", "0.50", 1), "", local, "Idempotency-Key", "fb-1")
			require.Equal(t, 422, other.Code)
			assert.Contains(t, fields(problem(t, other)), "Idempotency-Key")

			// Keys are per principal: another caller's same key runs.
			elsewhere := s.req("POST", "/v1/feedback", body, "", "[::1]:5000", "Idempotency-Key", "fb-1")
			require.Equal(t, 200, elsewhere.Code, elsewhere.Body.String())
			assert.Empty(t, elsewhere.Header().Get("Idempotent-Replayed"))

			// A key no store can keep is refused, and nothing is written.
			nul := s.req("POST", "/v1/feedback", body, "", local, "Idempotency-Key", strings.Repeat("k", 256))
			require.Equal(t, 422, nul.Code)
			assert.Contains(t, fields(problem(t, nul)), "Idempotency-Key")
		})
	}
}

// TestIdempotencyServerErrorReleases checks a 5xx is not kept: the retry
// runs the request again and, once it succeeds, is replayed.
func TestIdempotencyServerErrorReleases(t *testing.T) {
	st := &idemStore{Store: backends[0].open(t), feedbackErr: errors.New("disk on fire")}
	s := newServerWith(t, st, testenv.Embedder(t), api.Config{}, &testenv.LogBuffer{})
	addCreator(t, s)
	body := `{"events":[{"brief_id":"br_5","creator_id":"c1","event":"hired"}]}`
	failed := s.req("POST", "/v1/feedback", body, "", local, "Idempotency-Key", "k5")
	require.Equal(t, 500, failed.Code)
	st.mu.Lock()
	st.feedbackErr = nil
	st.mu.Unlock()
	ok := s.req("POST", "/v1/feedback", body, "", local, "Idempotency-Key", "k5")
	require.Equal(t, 200, ok.Code, ok.Body.String())
	assert.Empty(t, ok.Header().Get("Idempotent-Replayed"), "the retry ran")
	again := s.req("POST", "/v1/feedback", body, "", local, "Idempotency-Key", "k5")
	assert.Equal(t, "true", again.Header().Get("Idempotent-Replayed"))
	assert.Equal(t, 1, feedbackCount(t, st, "br_5"))
}

// TestIdempotencyInProgress checks a repeat while the first request runs
// is a 409, and the first request's answer is stored before it is sent.
func TestIdempotencyInProgress(t *testing.T) {
	st := &idemStore{Store: backends[0].open(t), entered: make(chan struct{}), release: make(chan struct{})}
	s := newServerWith(t, st, testenv.Embedder(t), api.Config{}, &testenv.LogBuffer{})
	addCreator(t, s)
	body := `{"events":[{"brief_id":"br_6","creator_id":"c1","event":"hired"}]}`
	done := make(chan *httptest.ResponseRecorder, 1)
	sent := make(chan struct{})
	st.onComplete = func() {
		select {
		case <-sent:
			t.Error("the answer was sent before its record was stored")
		default:
		}
	}
	go func() {
		rec := s.req("POST", "/v1/feedback", body, "", local, "Idempotency-Key", "k6")
		close(sent)
		done <- rec
	}()
	select {
	case <-st.entered:
	case rec := <-done:
		t.Fatalf("the first request ended without writing: %d %s", rec.Code, rec.Body.String())
	}
	busy := s.req("POST", "/v1/feedback", body, "", local, "Idempotency-Key", "k6")
	require.Equal(t, 409, busy.Code)
	st.mu.Lock()
	st.entered = nil
	st.mu.Unlock()
	close(st.release)
	rec := <-done
	require.Equal(t, 200, rec.Code, rec.Body.String())
	again := s.req("POST", "/v1/feedback", body, "", local, "Idempotency-Key", "k6")
	assert.Equal(t, "true", again.Header().Get("Idempotent-Replayed"))
}

// TestIdempotencyStoreFailureStillAnswers checks that when the record
// cannot be stored the client still gets the answer, and the failure is
// logged under the request id.
func TestIdempotencyStoreFailureStillAnswers(t *testing.T) {
	logs := &testenv.LogBuffer{}
	st := &idemStore{Store: backends[0].open(t), completeErr: errors.New("no space left on device")}
	s := newServerWith(t, st, testenv.Embedder(t), api.Config{}, logs)
	addCreator(t, s)
	body := `{"events":[{"brief_id":"br_7","creator_id":"c1","event":"hired"}]}`
	rec := s.req("POST", "/v1/feedback", body, "", local, "Idempotency-Key", "k7", "X-Request-ID", "req-k7")
	require.Equal(t, 200, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `"recorded":1`)
	assert.Contains(t, logs.String(), "could not store the response for Idempotency-Key replay")
	assert.Contains(t, logs.String(), "req-k7")
}
