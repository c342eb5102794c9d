package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/internal/testenv"
)

// faultClient sends the fault tests' requests to a server, each bounded.
type faultClient struct {
	t    *testing.T
	addr string
	c    *http.Client
	seq  atomic.Int64
}

type reply struct {
	status int
	header http.Header
	body   string
}

func newFaultClient(t *testing.T, addr string) *faultClient {
	return &faultClient{t: t, addr: addr, c: &http.Client{Timeout: 15 * time.Second}}
}

func (f *faultClient) do(method, path, body string) reply {
	f.t.Helper()
	req, err := http.NewRequest(method, "http://"+f.addr+path, strings.NewReader(body))
	require.NoError(f.t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := f.c.Do(req)
	require.NoError(f.t, err, "%s %s: no request may hang", method, path)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(f.t, err)
	return reply{resp.StatusCode, resp.Header, string(b)}
}

// ingest writes one new creator and returns its id and the reply.
func (f *faultClient) ingest() (string, reply) {
	id := fmt.Sprintf("f%05d", f.seq.Add(1))
	body := fmt.Sprintf(`{"creators":[{"id":"%s","bio":"Camp cook %s grilling trout over an open fire","accounts":[{"platform":"youtube","followers":5200}]}]}`, id, id)
	return id, f.do("POST", "/v1/creators", body)
}

func (f *faultClient) match() reply {
	return f.do("POST", "/v1/match", `{"brief":{"text":"campfire cooking"},"limit":3}`)
}

// until polls cond every 200 ms for up to d and reports whether it held.
func until(d time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(d); ; time.Sleep(200 * time.Millisecond) {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// assertFault checks a 503 as clients must get it: Retry-After, a problem
// body whose detail gives reason, and nothing of the driver's text, hosts,
// users, database names or paths.
func assertFault(t *testing.T, what string, r reply, reason string, secrets ...string) {
	t.Helper()
	require.Equal(t, 503, r.status, "%s: %s", what, r.body)
	assert.NotEmpty(t, r.header.Get("Retry-After"), "%s: Retry-After", what)
	assert.Equal(t, "application/problem+json", r.header.Get("Content-Type"), what)
	assert.Contains(t, r.body, reason, what)
	for _, leak := range append([]string{"SQLSTATE", "pgx", "127.0.0.1", "user=", "postgres:", "memory store", "no space left", "ERROR", "FATAL"}, secrets...) {
		assert.NotContains(t, r.body, leak, "%s: the body leaks %q", what, leak)
	}
}

// TestPostgresFaults runs one server on a loaded Postgres database through
// faults an operator (or an accident) causes while it serves, and checks
// that each is a 503 with Retry-After that says why, and that the server
// recovers by itself, without a restart, once the fault is gone:
//
//   - the database dropped (its connections terminated) and then created
//     again empty: the server migrates it and serves;
//   - the database made read-only: writes refused, reads served; writable
//     again: writes work;
//   - the schema dropped: the server migrates it again (waiting for tern's
//     advisory lock, which the test holds for a while to watch the 503s).
//
// The faults concern only the test's own database, so it uses the shared
// test server rather than stopping one.
func TestPostgresFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("drops and recreates a database under a running server")
	}
	admin := testenv.DatabaseURL(t)
	testenv.Embedder(t)
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dbURL := testenv.FreshDatabase(t)
	u, err := url.Parse(dbURL)
	require.NoError(t, err)
	dbName := strings.TrimPrefix(u.Path, "/")
	ident := pgx.Identifier{dbName}.Sanitize()
	adm, err := pgx.Connect(ctx, admin)
	require.NoError(t, err)
	defer adm.Close(context.Background())
	exec := func(sql string, args ...any) {
		t.Helper()
		_, err := adm.Exec(ctx, sql, args...)
		require.NoError(t, err, sql)
	}
	terminate := func() {
		t.Helper()
		exec("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", dbName)
	}

	s := startServer(t, bin, []string{"DATABASE_URL=" + dbURL, "CREATORMATCH_MODEL_DIR=" + testenv.ModelDir(), "CREATORMATCH_LOG_LEVEL=info"}, "--rate-limit", "-1")
	c := newFaultClient(t, s.addr)
	var ids []string
	for range 5 {
		id, r := c.ingest()
		require.Equal(t, 200, r.status, r.body)
		ids = append(ids, id)
	}
	require.Equal(t, 200, c.match().status)
	secrets := []string{dbName}
	ready := func() bool { return c.do("GET", "/readyz", "").status == 200 }

	t.Run("database dropped and created again", func(t *testing.T) {
		c.t = t
		exec("DROP DATABASE " + ident + " WITH (FORCE)")
		// The first request may meet a connection the drop terminated;
		// from then on connecting fails: the database does not exist.
		var last reply
		require.True(t, until(15*time.Second, func() bool {
			_, last = c.ingest()
			return strings.Contains(last.body, "the database does not exist")
		}), "writes must say the database is missing; last: %d %s", last.status, last.body)
		assertFault(t, "write", last, "the database does not exist", secrets...)
		assertFault(t, "read", c.do("GET", "/v1/creators/"+ids[0], ""), "the database does not exist", secrets...)
		assertFault(t, "match", c.match(), "the database does not exist", secrets...)
		assertFault(t, "readyz", c.do("GET", "/readyz", ""), "the database does not exist", secrets...)

		exec("CREATE DATABASE " + ident)
		require.True(t, until(30*time.Second, ready), "the server must migrate the new database and be ready; logs:\n%s", s.logs.String())
		id, r := c.ingest()
		require.Equal(t, 200, r.status, r.body)
		assert.Equal(t, 200, c.do("GET", "/v1/creators/"+id, "").status)
		assert.Equal(t, 404, c.do("GET", "/v1/creators/"+ids[0], "").status, "the new database is empty")
		assert.Equal(t, 200, c.match().status)
		assert.Contains(t, s.logs.String(), "healed")
		ids = []string{id}
	})

	t.Run("read-only", func(t *testing.T) {
		c.t = t
		exec("ALTER DATABASE " + ident + " SET default_transaction_read_only = on")
		terminate()
		var last reply
		require.True(t, until(15*time.Second, func() bool {
			last = c.do("GET", "/readyz", "")
			return strings.Contains(last.body, "the database is read-only")
		}), "/readyz must say the database is read-only; last: %d %s", last.status, last.body)
		assertFault(t, "readyz", last, "the database is read-only", secrets...)
		_, w := c.ingest()
		assertFault(t, "write", w, "the database is read-only", secrets...)
		assertFault(t, "feedback", c.do("POST", "/v1/feedback", `{"events":[{"brief_id":"b1","creator_id":"`+ids[0]+`","event":"shortlisted"}]}`), "the database is read-only", secrets...)
		assert.Equal(t, 200, c.do("GET", "/v1/creators/"+ids[0], "").status, "reads are served")
		m := c.match()
		assert.Equal(t, 200, m.status, "matches are served: %s", m.body)

		exec("ALTER DATABASE " + ident + " RESET default_transaction_read_only")
		terminate()
		require.True(t, until(15*time.Second, ready), "ready again once writable")
		id, r := c.ingest()
		require.Equal(t, 200, r.status, r.body)
		ids = append(ids, id)
	})

	t.Run("schema dropped", func(t *testing.T) {
		c.t = t
		db, err := pgx.Connect(ctx, dbURL)
		require.NoError(t, err)
		defer db.Close(context.Background())
		// Hold tern's advisory lock (store/postgres.Migrate) so the
		// server's migration waits: the 503s can be watched meanwhile.
		_, err = db.Exec(ctx, "SELECT pg_advisory_lock(9628173550095224)")
		require.NoError(t, err)
		_, err = db.Exec(ctx, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
		require.NoError(t, err)
		_, w := c.ingest()
		assertFault(t, "write", w, "the database schema is missing", secrets...)
		assertFault(t, "read", c.do("GET", "/v1/creators/"+ids[0], ""), "the database schema is missing", secrets...)
		assertFault(t, "readyz", c.do("GET", "/readyz", ""), "the database schema is missing", secrets...)
		time.Sleep(time.Second)
		assertFault(t, "readyz while migration waits", c.do("GET", "/readyz", ""), "the database schema is missing", secrets...)

		_, err = db.Exec(ctx, "SELECT pg_advisory_unlock(9628173550095224)")
		require.NoError(t, err)
		require.True(t, until(30*time.Second, ready), "the server must migrate again and be ready; logs:\n%s", s.logs.String())
		id, r := c.ingest()
		require.Equal(t, 200, r.status, r.body)
		assert.Equal(t, 200, c.do("GET", "/v1/creators/"+id, "").status)
		assert.Equal(t, 200, c.match().status)
	})
	c.t = t
	assert.NotContains(t, s.logs.String(), "panic")
	if t.Failed() || os.Getenv("FAULT_TEST_LOGS") != "" {
		t.Logf("server logs:\n%s", s.logs.String())
	}
}

// TestEmbeddedDiskFullFault fills the file system under the embedded store of a
// running server: writes get 503 with Retry-After and the disk-full reason,
// reads are served, /readyz says why; once space is freed, writes work
// again without a restart.
func TestEmbeddedDiskFullFault(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts a tmpfs")
	}
	testenv.Embedder(t)
	fs := testenv.Tmpfs(t, 8<<20) // unmounted after the server is stopped
	bin := buildBinary(t)
	data := filepath.Join(fs, "data")
	s := startServer(t, bin, []string{"DATABASE_URL=", "CREATORMATCH_DATA_DIR=" + data, "CREATORMATCH_MODEL_DIR=" + testenv.ModelDir(), "CREATORMATCH_LOG_LEVEL=warn"}, "--rate-limit", "-1")
	c := newFaultClient(t, s.addr)
	var ids []string
	for range 5 {
		id, r := c.ingest()
		require.Equal(t, 200, r.status, r.body)
		ids = append(ids, id)
	}

	filler := testenv.FillDisk(t, fs)
	// The log's last page may still hold a few records: write until one
	// is refused.
	var last reply
	for range 100 {
		if _, last = c.ingest(); last.status != 200 {
			break
		}
	}
	assertFault(t, "write", last, "the disk is full", fs, "filler")
	assert.Equal(t, 200, c.do("GET", "/v1/creators/"+ids[0], "").status, "reads are served")
	assert.Equal(t, 200, c.match().status, "matches are served")
	assertFault(t, "readyz", c.do("GET", "/readyz", ""), "the disk is full", fs)
	assert.Equal(t, 200, c.do("GET", "/healthz", "").status, "the process is alive")

	require.NoError(t, os.Remove(filler))
	require.True(t, until(10*time.Second, func() bool { return c.do("GET", "/readyz", "").status == 200 }), "ready once there is room")
	id, r := c.ingest()
	require.Equal(t, 200, r.status, r.body)
	assert.Equal(t, 200, c.do("GET", "/v1/creators/"+id, "").status)
}
