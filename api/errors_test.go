package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/internal/testenv"
)

// failingStore is a real store whose methods fail, when told to, the way
// a broken backend does: with an error wrapping a creatormatch kind and
// carrying driver text (user, database, host, SQL state) that must never
// reach a client.
type failingStore struct {
	creatormatch.Store
	mu     sync.Mutex
	err    error // returned by every creator, search, feedback and ping method
	keyErr error // returned by the key lookups

	keyLookups atomic.Int64 // APIKeyByHash calls that reached the store
}

func (f *failingStore) set(err, keyErr error) {
	f.mu.Lock()
	f.err, f.keyErr = err, keyErr
	f.mu.Unlock()
}

func (f *failingStore) fail() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

func (f *failingStore) failKeys() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.keyErr
}

func (f *failingStore) UpsertCreators(ctx context.Context, r []creatormatch.CreatorRecord) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.UpsertCreators(ctx, r)
}

func (f *failingStore) GetCreator(ctx context.Context, id string) (*creatormatch.Creator, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.GetCreator(ctx, id)
}

func (f *failingStore) GetCreators(ctx context.Context, ids []string) ([]*creatormatch.Creator, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.GetCreators(ctx, ids)
}

func (f *failingStore) DeleteCreator(ctx context.Context, id string) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.DeleteCreator(ctx, id)
}

func (f *failingStore) CountCreators(ctx context.Context) (int, error) {
	if err := f.fail(); err != nil {
		return 0, err
	}
	return f.Store.CountCreators(ctx)
}

func (f *failingStore) SearchDense(ctx context.Context, q creatormatch.DenseQuery) ([]creatormatch.Hit, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.SearchDense(ctx, q)
}

func (f *failingStore) SearchLexical(ctx context.Context, q creatormatch.LexicalQuery) ([]creatormatch.Hit, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.SearchLexical(ctx, q)
}

func (f *failingStore) ProfileVectors(ctx context.Context, model string, ids []string) (map[string][]float32, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.ProfileVectors(ctx, model, ids)
}

func (f *failingStore) ContentVectors(ctx context.Context, model string, ids []string) (map[string]map[string][]float32, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.ContentVectors(ctx, model, ids)
}

func (f *failingStore) PeerRates(ctx context.Context) (map[string][]float64, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.PeerRates(ctx)
}

func (f *failingStore) CachedEmbeddings(ctx context.Context, model string, keys []string) (map[string][]float32, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.CachedEmbeddings(ctx, model, keys)
}

func (f *failingStore) CacheEmbeddings(ctx context.Context, model string, v map[string][]float32) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.CacheEmbeddings(ctx, model, v)
}

func (f *failingStore) AddFeedback(ctx context.Context, ev []creatormatch.FeedbackEvent) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.AddFeedback(ctx, ev)
}

func (f *failingStore) ListFeedback(ctx context.Context, fl creatormatch.FeedbackFilter) ([]creatormatch.FeedbackEvent, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.ListFeedback(ctx, fl)
}

func (f *failingStore) Ping(ctx context.Context) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.Ping(ctx)
}

func (f *failingStore) APIKeyByHash(ctx context.Context, hash string) (*creatormatch.APIKey, error) {
	f.keyLookups.Add(1)
	if err := f.failKeys(); err != nil {
		return nil, err
	}
	return f.Store.APIKeyByHash(ctx, hash)
}

func (f *failingStore) ListAPIKeys(ctx context.Context) ([]creatormatch.APIKey, error) {
	if err := f.failKeys(); err != nil {
		return nil, err
	}
	return f.Store.ListAPIKeys(ctx)
}

// driverText is what pgx says when Postgres is down or refuses a value.
const driverText = "failed to connect to `user=postgres database=creatormatch_x host=127.0.0.1`: " +
	"dial tcp 127.0.0.1:5432: connect: connection refused (SQLSTATE 08006) pgx"

// storeFailures are the failure kinds a store reports, each as a store
// wraps it (store prefix, op, kind, driver error), with the status a
// client must get.
var storeFailures = []struct {
	name   string
	err    error
	status int
}{
	{"unavailable", fmt.Errorf("postgres: get creator: %w: %w", creatormatch.ErrUnavailable, errors.New(driverText)), 503},
	{"timeout", fmt.Errorf("store/memory: scan: %w: %s", context.DeadlineExceeded, driverText), 503},
	{"not found", fmt.Errorf(`postgres: creator "x": %w (SQL: SELECT * FROM creators WHERE id=$1; %s)`, creatormatch.ErrNotFound, driverText), 404},
	{"invalid", fmt.Errorf("postgres: upsert: %w: %w", creatormatch.ErrInvalid, errors.New(`ERROR: invalid byte sequence for encoding "UTF8": 0x00 (SQLSTATE 22021) `+driverText)), 422},
	{"conflict", fmt.Errorf("postgres: upsert: %w: %w", creatormatch.ErrConflict, errors.New("ERROR: duplicate key value violates unique constraint (SQLSTATE 23505) "+driverText)), 409},
	{"too large", fmt.Errorf("postgres: upsert: %w: %w", creatormatch.ErrTooLarge, errors.New("ERROR: string is too long for tsvector (SQLSTATE 54000) "+driverText)), 413},
	{"no kind", fmt.Errorf("postgres: scan creator: %w", errors.New("can't scan into dest[3]: "+driverText)), 500},
}

// leaks are strings that would show a client the store's internals.
var leaks = []string{"postgres", "user=", "127.0.0.1", "database", "sql", "pgx", "store/", "connection refused", "dial tcp"}

// TestStoreFailuresReachClientsAsWrittenMessages pushes every store
// failure kind through every operation that reads or writes the store,
// with a key and without one (the key lookup itself failing), and checks
// that the status is the kind's, that the body says nothing about the
// store, and that the log has the full error under the request id.
func TestStoreFailuresReachClientsAsWrittenMessages(t *testing.T) {
	logs := &testenv.LogBuffer{}
	fs := &failingStore{Store: backends[0].open(t)}
	s := newServerWith(t, fs, testenv.Embedder(t), api.Config{RateLimit: -1}, logs)
	key, secret := creatormatch.NewAPIKey("rw", []creatormatch.Scope{creatormatch.ScopeRead, creatormatch.ScopeWrite}, time.Now())
	require.NoError(t, fs.Store.CreateAPIKey(context.Background(), key))

	brief := `"brief":{"text":"vegan recipe creators on tiktok in the US"}`
	authed := []struct{ method, path, body string }{
		{"GET", "/v1/creators/x", ""},
		{"DELETE", "/v1/creators/x", ""},
		{"POST", "/v1/creators", `{"creators":[{"id":"x","bio":"Trail runner","accounts":[{"platform":"instagram","followers":1200}]}]}`},
		{"POST", "/v1/creators/x/content", `{"items":[{"id":"p","caption":"trail run at dawn"}]}`},
		{"GET", "/v1/creators/x/similar", ""},
		{"POST", "/v1/match", `{` + brief + `}`},
		{"POST", "/v1/shortlists", `{` + brief + `,"budget":{"total":3000,"currency":"USD"}}`},
		{"POST", "/v1/lookalikes", `{"positive":["x"]}`},
		{"POST", "/v1/feedback", `{"events":[{"brief_id":"b1","creator_id":"x","event":"shortlisted"}]}`},
		{"GET", "/v1/feedback", ""},
	}

	n := 0
	type sent struct {
		id, name string
		full     string
	}
	var sentIDs []sent
	send := func(t *testing.T, name, method, path, body, bearer string, full error, status int) {
		t.Helper()
		n++
		id := fmt.Sprintf("errtest-%d", n)
		rec := s.req(method, path, body, bearer, remote, "X-Request-Id", id)
		what := fmt.Sprintf("%s %s %s", name, method, path)
		require.Equal(t, status, rec.Code, "%s: %s", what, rec.Body.String())
		p := problem(t, rec)
		assert.Equal(t, id, p.RequestID, what)
		assert.NotEmpty(t, p.Detail, what)
		low := strings.ToLower(rec.Body.String())
		for _, leak := range leaks {
			assert.NotContains(t, low, leak, "%s: body %s", what, rec.Body.String())
		}
		for h, vs := range rec.Header() {
			for _, v := range vs {
				for _, leak := range leaks {
					assert.NotContains(t, strings.ToLower(v), leak, "%s: header %s", what, h)
				}
			}
		}
		if status == 503 {
			assert.NotEmpty(t, rec.Header().Get("Retry-After"), what)
		}
		if full != nil {
			sentIDs = append(sentIDs, sent{id, what, full.Error()})
		}
	}

	for _, f := range storeFailures {
		t.Run(f.name, func(t *testing.T) {
			// With a valid key: the operation's own store calls fail.
			fs.set(f.err, nil)
			for _, r := range authed {
				send(t, "key/"+f.name, r.method, r.path, r.body, secret, f.err, f.status)
			}
			rec := s.req("GET", "/readyz", "", "", remote)
			assert.Equal(t, 503, rec.Code)
			assert.NotContains(t, strings.ToLower(rec.Body.String()), "postgres")

			// Without a key, or with an unknown one: the key lookup fails.
			// Only "unavailable" is the caller's to retry; a lookup that
			// fails any other way is the server's fault (500), except "not
			// found", which is an unknown key (401).
			fs.set(nil, f.err)
			want := f.status
			switch want {
			case 503:
			default:
				want = 500
			}
			send(t, "nokey/"+f.name, "GET", "/v1/creators/x", "", "", f.err, want)
			if f.status == 404 {
				want = 401
			}
			send(t, "badkey/"+f.name, "GET", "/v1/creators/x", "", "cm_unknown_"+strings.ReplaceAll(f.name, " ", "_"), f.err, want)
		})
	}

	// A 404 still says which creator: the id is the client's own.
	fs.set(storeFailures[2].err, nil)
	rec := s.req("GET", "/v1/creators/x", "", secret, remote)
	require.Equal(t, 404, rec.Code)
	assert.Equal(t, `no creator with id "x"`, problem(t, rec).Detail)
	fs.set(nil, nil)

	// Every failure is in the log in full, under the id the client saw.
	byID := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(logs.String()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line map[string]any
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			continue
		}
		id, _ := line["request_id"].(string)
		if e, ok := line["error"].(string); ok {
			byID[id] += e + "\n"
		}
	}
	for _, sid := range sentIDs {
		if strings.HasPrefix(sid.name, "badkey/not found") {
			continue // an unknown key: the client was told so, nothing failed
		}
		assert.Contains(t, byID[sid.id], sid.full, "%s: the log lacks the full error", sid.name)
	}
}
