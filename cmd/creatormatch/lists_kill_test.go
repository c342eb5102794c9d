package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/internal/testenv"
)

// send makes one request with a JSON body and returns the status and body.
func (s *server) send(t *testing.T, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+s.addr+path, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestKillAfterAckKeepsLists creates a list, items with statuses, a
// renamed list, a deleted item and notes through the API, kills the server
// with SIGKILL right after the last answer, restarts it on the same
// storage and checks every acknowledged change is there — on both stores.
func TestKillAfterAckKeepsLists(t *testing.T) {
	testenv.Embedder(t) // the server needs the model; skip or fail early without it
	bin := buildBinary(t)
	stores := serverStores
	for _, name := range []string{"memory", "postgres"} {
		t.Run(name, func(t *testing.T) {
			env := append(stores[name](t), "CREATORMATCH_MODEL_DIR="+testenv.ModelDir(), "CREATORMATCH_LOG_LEVEL=warn")
			s := startServer(t, bin, env)
			var cs []string
			for i := 0; i < 3; i++ {
				cs = append(cs, fmt.Sprintf(`{"id":"k%d","name":"Runner %d","bio":"Trail runner and hiking guide number %d","accounts":[{"platform":"instagram","handle":"run%d","followers":%d}]}`, i, i, i, i, 5000+i))
			}
			code, body := s.send(t, "POST", "/v1/creators", `{"creators":[`+strings.Join(cs, ",")+`]}`)
			require.Equal(t, 200, code, body)
			code, body = s.send(t, "POST", "/v1/lists", `{"name":"Trail season","description":"spring"}`)
			require.Equal(t, 201, code, body)
			var l struct {
				ID string `json:"id"`
			}
			require.NoError(t, json.Unmarshal([]byte(body), &l))
			for i, st := range []string{"hired", "", "declined"} {
				b := ""
				if st != "" {
					b = `{"status":"` + st + `"}`
				}
				code, body = s.send(t, "PUT", fmt.Sprintf("/v1/lists/%s/items/k%d", l.ID, i), b)
				require.Equal(t, 201, code, body)
			}
			code, body = s.send(t, "PUT", "/v1/lists/"+l.ID+"/items/k1", `{"status":"negotiating"}`)
			require.Equal(t, 200, code, body)
			code, body = s.send(t, "DELETE", "/v1/lists/"+l.ID+"/items/k2", "")
			require.Equal(t, 204, code, body)
			code, body = s.send(t, "PATCH", "/v1/lists/"+l.ID, `{"name":"Trail season 2027"}`)
			require.Equal(t, 200, code, body)
			code, body = s.send(t, "POST", "/v1/creators/k0/notes", `{"text":"Signed for three posts"}`)
			require.Equal(t, 201, code, body)
			require.NoError(t, s.cmd.Process.Signal(syscall.SIGKILL))
			_ = s.wait()

			s2 := startServer(t, bin, env)
			code, body = s2.send(t, "GET", "/v1/lists/"+l.ID, "")
			require.Equal(t, 200, code, "list lost after kill: %s", body)
			assert.Contains(t, body, `"name":"Trail season 2027"`)
			assert.Contains(t, body, `"items":2`)
			code, body = s2.send(t, "GET", "/v1/lists/"+l.ID+"/items", "")
			require.Equal(t, 200, code, body)
			var page struct {
				Items []struct {
					CreatorID string `json:"creator_id"`
					Status    string `json:"status"`
				} `json:"items"`
			}
			require.NoError(t, json.Unmarshal([]byte(body), &page))
			got := map[string]string{}
			for _, it := range page.Items {
				got[it.CreatorID] = it.Status
			}
			assert.Equal(t, map[string]string{"k0": "hired", "k1": "negotiating"}, got)
			code, body = s2.send(t, "GET", "/v1/creators/k0/notes", "")
			require.Equal(t, 200, code, body)
			assert.Contains(t, body, "Signed for three posts")
		})
	}
}
