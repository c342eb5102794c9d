package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/internal/testenv"
)

// buildBinary compiles the command once per test binary.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "creatormatch")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

type server struct {
	cmd     *exec.Cmd
	addr    string
	logs    *testenv.LogBuffer
	exited  chan struct{} // closed when the process has exited
	waitErr error         // cmd.Wait's error, set before exited closes
}

// wait waits for the server's process to exit and returns cmd.Wait's error.
func (s *server) wait() error {
	<-s.exited
	return s.waitErr
}

// startServer runs the server on a free port and waits until it is ready.
// The port is free when chosen but the server binds it only after opening
// its store and model, seconds later; if another process took it
// meanwhile, the server exits and is started again on another port.
func startServer(t *testing.T, bin string, env []string, args ...string) *server {
	t.Helper()
	for attempt := 1; ; attempt++ {
		s, exited := tryStartServer(t, bin, env, args...)
		if !exited {
			return s
		}
		if !strings.Contains(s.logs.String(), "address already in use") || attempt == 3 {
			t.Fatalf("server exited before it was ready; logs:\n%s", s.logs.String())
		}
	}
}

func tryStartServer(t *testing.T, bin string, env []string, args ...string) (s *server, exited bool) {
	t.Helper()
	s = &server{addr: freeAddr(t), logs: &testenv.LogBuffer{}, exited: make(chan struct{})}
	s.cmd = exec.Command(bin, append([]string{"serve", "--addr", s.addr}, args...)...)
	s.cmd.Env = append(os.Environ(), env...)
	s.cmd.Stdout = io.Discard
	s.cmd.Stderr = s.logs
	require.NoError(t, s.cmd.Start())
	go func() { s.waitErr = s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() { _ = s.cmd.Process.Kill(); <-s.exited })
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return s, true
		default:
		}
		resp, err := http.Get("http://" + s.addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s, false
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("server did not become ready; logs:\n%s", s.logs.String())
	return nil, false
}

func (s *server) post(t *testing.T, path, body string) *http.Response {
	t.Helper()
	resp, err := http.Post("http://"+s.addr+path, "application/json", strings.NewReader(body))
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func (s *server) get(t *testing.T, path string) *http.Response {
	t.Helper()
	resp, err := http.Get("http://" + s.addr + path)
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// serverStores gives, per store kind, the environment that makes a server
// use a fresh store of that kind.
var serverStores = map[string]func(t *testing.T) []string{
	"memory": func(t *testing.T) []string {
		return []string{"DATABASE_URL=", "CREATORMATCH_DATA_DIR=" + t.TempDir()}
	},
	"postgres": func(t *testing.T) []string {
		return []string{"DATABASE_URL=" + testenv.FreshDatabase(t)}
	},
}

// TestKillAfterAckLosesNothing kills the server with SIGKILL right after
// it answered 200 to writes, restarts it on the same storage, and checks
// every acknowledged write is there — on both stores.
func TestKillAfterAckLosesNothing(t *testing.T) {
	testenv.Embedder(t) // the server needs the model; skip or fail early without it
	bin := buildBinary(t)
	stores := serverStores
	for _, name := range []string{"memory", "postgres"} {
		t.Run(name, func(t *testing.T) {
			env := append(stores[name](t), "CREATORMATCH_MODEL_DIR="+testenv.ModelDir(), "CREATORMATCH_LOG_LEVEL=warn")
			s := startServer(t, bin, env)
			const n = 5
			for i := 0; i < n; i++ {
				body := fmt.Sprintf(`{"creators":[{"id":"k%d","bio":"Trail runner and hiking guide number %d","accounts":[{"platform":"instagram","followers":%d}],
					"content":[{"id":"p1","caption":"Sunrise ridge run, %d km","likes":120,"comments":8,"posted_at":"2026-10-01T08:00:00Z"}]}]}`, i, i, 5000+i, 10+i)
				resp := s.post(t, "/v1/creators", body)
				require.Equal(t, 200, resp.StatusCode)
			}
			resp := s.post(t, "/v1/feedback", `{"events":[{"brief_id":"br_x","creator_id":"k1","event":"hired"}]}`)
			require.Equal(t, 200, resp.StatusCode)
			require.NoError(t, s.cmd.Process.Signal(syscall.SIGKILL))
			_ = s.wait()

			s2 := startServer(t, bin, env)
			for i := 0; i < n; i++ {
				resp := s2.get(t, fmt.Sprintf("/v1/creators/k%d", i))
				assert.Equal(t, 200, resp.StatusCode, "creator k%d lost after kill", i)
			}
			resp = s2.get(t, "/v1/feedback?brief_id=br_x")
			b, _ := io.ReadAll(resp.Body)
			assert.Contains(t, string(b), `"creator_id":"k1"`)
		})
	}
}

// TestGracefulShutdown sends SIGTERM and expects a clean exit.
func TestGracefulShutdown(t *testing.T) {
	testenv.Embedder(t)
	bin := buildBinary(t)
	s := startServer(t, bin, []string{"DATABASE_URL=", "CREATORMATCH_DATA_DIR=" + t.TempDir(), "CREATORMATCH_MODEL_DIR=" + testenv.ModelDir()})
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- s.wait() }()
	select {
	case err := <-done:
		assert.NoError(t, err, "exit after SIGTERM; logs:\n%s", s.logs.String())
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop after SIGTERM")
	}
	assert.Contains(t, s.logs.String(), "shutting down")
}

// TestSIGTERMDuringLongestRequest sends SIGTERM while the most expensive
// request the API accepts is running (an upsert of 1,000 creators with
// long texts, just under the body limit, which embeds for far longer than
// the request timeout): the request must still be answered (by its
// timeout) and the server must then exit cleanly, not with "context
// deadline exceeded" from a shutdown that gave up on it.
func TestSIGTERMDuringLongestRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a request to its timeout")
	}
	testenv.Embedder(t)
	bin := buildBinary(t)
	s := startServer(t, bin, []string{"DATABASE_URL=", "CREATORMATCH_DATA_DIR=" + t.TempDir(), "CREATORMATCH_MODEL_DIR=" + testenv.ModelDir()},
		"--request-timeout", "4s")
	var b strings.Builder
	b.WriteString(`{"creators":[`)
	for i := 0; i < 1000; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":"t%d","bio":"%d %s","accounts":[{"platform":"instagram","followers":%d}],"content":[`, i, i, strings.Repeat("trail running and hiking gear reviews ", 40), 5000+i)
		for j := 0; j < 5; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"id":"p%d","caption":"%d-%d %s","likes":100,"comments":5,"posted_at":"2026-10-01T08:00:00Z"}`, j, i, j, strings.Repeat("sunrise ridge run with new shoes ", 30))
		}
		b.WriteString("]}")
	}
	b.WriteString("]}")
	type answer struct {
		status int
		err    error
	}
	answered := make(chan answer, 1)
	go func() {
		resp, err := http.Post("http://"+s.addr+"/v1/creators", "application/json", strings.NewReader(b.String()))
		if err != nil {
			answered <- answer{err: err}
			return
		}
		resp.Body.Close()
		answered <- answer{status: resp.StatusCode}
	}()
	time.Sleep(1500 * time.Millisecond) // the request is embedding by now
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	exited := make(chan error, 1)
	go func() { exited <- s.wait() }()
	select {
	case a := <-answered:
		require.NoError(t, a.err, "the in-flight request was cut off; logs:\n%s", s.logs.String())
		assert.Contains(t, []int{200, 503}, a.status, "the in-flight request's answer")
	case <-time.After(30 * time.Second):
		t.Fatalf("the in-flight request was not answered; logs:\n%s", s.logs.String())
	}
	select {
	case err := <-exited:
		assert.NoError(t, err, "exit after SIGTERM; logs:\n%s", s.logs.String())
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop after SIGTERM")
	}
	assert.Contains(t, s.logs.String(), "shutting down")
}

// TestAPIKeyCommandWhileServing revokes a leaked key without downtime: the
// embedded store admits one process, so while a server holds it the
// apikey command goes through the server's admin API — found by the
// server's address, authenticated by $CREATORMATCH_API_KEY.
func TestAPIKeyCommandWhileServing(t *testing.T) {
	testenv.Embedder(t)
	bin := buildBinary(t)
	dir := t.TempDir()
	env := []string{"DATABASE_URL=", "CREATORMATCH_DATA_DIR=" + dir, "CREATORMATCH_MODEL_DIR=" + testenv.ModelDir()}
	s := startServer(t, bin, env)
	apikey := func(adminKey string, args ...string) (string, string, error) {
		c := exec.Command(bin, append([]string{"apikey"}, args...)...)
		c.Env = append(os.Environ(), append(env, "CREATORMATCH_ADDR="+s.addr, "CREATORMATCH_API_KEY="+adminKey)...)
		var stdout, stderr strings.Builder
		c.Stdout, c.Stderr = &stdout, &stderr
		err := c.Run()
		return strings.TrimSpace(stdout.String()), stderr.String(), err
	}
	// No key yet: the loopback demo mode lets the first admin key be made.
	admin, stderr, err := apikey("", "create", "--scope", "admin", "--name", "ops")
	require.NoError(t, err, stderr)
	assert.Contains(t, stderr, "a running server holds the store")
	leaked, stderr, err := apikey(admin, "create", "--scope", "read", "--name", "leaked", "--workspace", "acme")
	require.NoError(t, err, stderr)
	assert.Contains(t, stderr, "in workspace acme")
	_, stderr, err = apikey(admin, "create", "--scope", "read", "--workspace", "Not Valid")
	require.Error(t, err, "an invalid workspace is refused")
	assert.Contains(t, stderr, "invalid workspace")

	get := func(key string) int {
		req, _ := http.NewRequest("GET", "http://"+s.addr+"/v1/feedback", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, 200, get(leaked))
	list, stderr, err := apikey(admin, "list")
	require.NoError(t, err, stderr)
	var leakedID string
	for _, line := range strings.Split(list, "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[1] == "leaked" {
			leakedID = f[0]
			assert.Equal(t, "acme", f[2], "the listing shows the key's workspace: %s", line)
		}
		if f := strings.Fields(line); len(f) > 2 && f[1] == "ops" {
			assert.Equal(t, creatormatch.DefaultWorkspace, f[2], "the default workspace: %s", line)
		}
	}
	require.NotEmpty(t, leakedID, list)
	assert.NotContains(t, list, leaked, "a listing never shows secrets")

	out, stderr, err := apikey(admin, "revoke", leakedID)
	require.NoError(t, err, stderr)
	assert.Equal(t, "revoked "+leakedID, out)
	assert.Equal(t, 401, get(leaked), "the revoked key stops working at once")
	assert.Equal(t, 200, get(admin))

	// Without an admin key the server refuses, and the command says why.
	_, stderr, err = apikey("", "revoke", leakedID)
	require.Error(t, err)
	assert.Contains(t, stderr, "CREATORMATCH_API_KEY")
}
