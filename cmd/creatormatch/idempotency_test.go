package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/internal/testenv"
)

// postKeyed posts body to path with an Idempotency-Key and returns the
// response with its body read.
func (s *server) postKeyed(t *testing.T, path, key, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("POST", "http://"+s.addr+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

// TestIdempotencyCrashReplay kills the server with SIGKILL right after it
// answered a feedback write sent with an Idempotency-Key, restarts it on
// the same storage, and retries with the same key and the same JSON
// reformatted: the retry must be the replayed first answer and the event
// stored once, on both stores; the key with another body is a 422.
func TestIdempotencyCrashReplay(t *testing.T) {
	testenv.Embedder(t) // the server needs the model; skip or fail early without it
	bin := buildBinary(t)
	stores := serverStores // Postgres fails under CI=true without a database
	const (
		key   = "crash-test-7f3a"
		first = `{"events":[{"brief_id":"br_crash","creator_id":"k1","event":"hired","metrics":{"revenue":1200.5}}]}`
		// The same document: other whitespace, other member order.
		retry = "{ \"events\": [\n  {\"event\": \"hired\", \"metrics\": { \"revenue\": 1200.5 },\n   \"creator_id\": \"k1\", \"brief_id\": \"br_crash\"}\n] }\n"
		other = `{"events":[{"brief_id":"br_crash","creator_id":"k2","event":"hired"}]}`
	)
	for _, name := range []string{"memory", "postgres"} {
		t.Run(name, func(t *testing.T) {
			env := append(stores[name](t), "CREATORMATCH_MODEL_DIR="+testenv.ModelDir(), "CREATORMATCH_LOG_LEVEL=warn")
			s := startServer(t, bin, env)
			creator := s.post(t, "/v1/creators", `{"creators":[{"id":"k1","bio":"Trail runner and hiking guide","accounts":[{"platform":"instagram","followers":5000}]}]}`)
			require.Equal(t, 200, creator.StatusCode)
			resp, body := s.postKeyed(t, "/v1/feedback", key, first)
			require.Contains(t, []int{200, 201}, resp.StatusCode, body)
			require.Empty(t, resp.Header.Get("Idempotent-Replayed"))
			require.NoError(t, s.cmd.Process.Signal(syscall.SIGKILL))
			_ = s.wait()

			s2 := startServer(t, bin, env)
			again, againBody := s2.postKeyed(t, "/v1/feedback", key, retry)
			require.Equal(t, resp.StatusCode, again.StatusCode, againBody)
			assert.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
			assert.Equal(t, body, againBody, "the replay is the first answer")
			assert.Equal(t, resp.Header.Get("Content-Type"), again.Header.Get("Content-Type"))

			list := s2.get(t, "/v1/feedback?brief_id=br_crash")
			require.Equal(t, 200, list.StatusCode)
			var got struct {
				Events []struct {
					ID        string `json:"id"`
					CreatorID string `json:"creator_id"`
				} `json:"events"`
			}
			require.NoError(t, json.NewDecoder(list.Body).Decode(&got))
			require.Len(t, got.Events, 1, "the retry after the crash stored no second event")
			assert.Equal(t, "k1", got.Events[0].CreatorID)

			bad, badBody := s2.postKeyed(t, "/v1/feedback", key, other)
			require.Equal(t, 422, bad.StatusCode, badBody)
			assert.Contains(t, badBody, "Idempotency-Key")
		})
	}
}
