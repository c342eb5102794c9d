package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/internal/testenv"
)

// outagePG runs scripts/postgres for a separate server (its own cluster
// and port in the same cached chroot), so stopping it cannot disturb the
// server other tests use. port is from testenv.FreePorts, chosen once per
// test; stop and kill find the server by its instance, so any valid port
// does for them.
func outagePG(t *testing.T, port int, cmd string) string {
	t.Helper()
	return testenv.PostgresScript(t, []string{"CREATORMATCH_PG_INSTANCE=outage-test", "CREATORMATCH_PG_PORT=" + strconv.Itoa(port)}, cmd)
}

// TestPostgresOutage stops the database in the middle of mixed traffic:
// requests must get 503 with Retry-After (not hang, not 500), /readyz must
// turn red, the server must recover by itself when the database returns,
// and every write it acknowledged must be there afterwards.
func TestPostgresOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("stops and restarts a Postgres server")
	}
	testenv.DatabaseURL(t) // Postgres tests are on (skip locally, fail under CI otherwise)
	testenv.Embedder(t)
	bin := buildBinary(t)
	// A server left by a killed run is stopped first; then a free port
	// outside the ephemeral range (see FreePorts).
	outagePG(t, 29339, "stop")
	port := testenv.FreePorts(t, 29339, 1)[0]
	url := outagePG(t, port, "start")
	t.Cleanup(func() { outagePG(t, port, "stop") })
	// A fresh database on the outage server.
	dbName := fmt.Sprintf("outage_%d", time.Now().UnixNano())
	conn, err := pgx.Connect(context.Background(), url)
	require.NoError(t, err)
	_, err = conn.Exec(context.Background(), "CREATE DATABASE "+dbName)
	conn.Close(context.Background())
	require.NoError(t, err)
	dbURL := strings.Replace(url, "/creatormatch?", "/"+dbName+"?", 1)

	// Rate limiting is off: this test measures the database outage, and
	// its clients send far more than one caller's default rate.
	s := startServer(t, bin, []string{"DATABASE_URL=" + dbURL, "CREATORMATCH_MODEL_DIR=" + testenv.ModelDir(), "CREATORMATCH_LOG_LEVEL=warn"}, "--rate-limit", "-1")
	client := &http.Client{Timeout: 15 * time.Second}

	var (
		mu       sync.Mutex
		acked    []string
		statuses = map[int]int{}
		seq      atomic.Int64
		hung     atomic.Int64
	)
	write := func() {
		id := fmt.Sprintf("o%05d", seq.Add(1))
		body := fmt.Sprintf(`{"creators":[{"id":"%s","bio":"Outdoor cook %s grilling over fire","accounts":[{"platform":"youtube","followers":4200}]}]}`, id, id)
		resp, err := client.Post("http://"+s.addr+"/v1/creators", "application/json", strings.NewReader(body))
		if err != nil {
			hung.Add(1)
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		mu.Lock()
		statuses[resp.StatusCode]++
		if resp.StatusCode == 200 {
			acked = append(acked, id)
		}
		if resp.StatusCode == 503 && resp.Header.Get("Retry-After") == "" {
			statuses[-503]++ // a 503 without Retry-After
		}
		mu.Unlock()
	}
	read := func() {
		resp, err := client.Post("http://"+s.addr+"/v1/match", "application/json", strings.NewReader(`{"brief":{"text":"outdoor cooking"},"limit":5}`))
		if err != nil {
			hung.Add(1)
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		mu.Lock()
		statuses[resp.StatusCode]++
		mu.Unlock()
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for ctx.Err() == nil {
				if w == 0 {
					read()
				} else {
					write()
				}
				time.Sleep(20 * time.Millisecond)
			}
		}(w)
	}
	time.Sleep(2 * time.Second)
	outagePG(t, port, "kill") // crash: pg_ctl stop -m immediate
	time.Sleep(1 * time.Second)
	ready, err := client.Get("http://" + s.addr + "/readyz")
	require.NoError(t, err)
	ready.Body.Close()
	assert.Equal(t, 503, ready.StatusCode, "/readyz must turn red while the database is down")
	time.Sleep(2 * time.Second)
	mu.Lock()
	during := statuses[503]
	mu.Unlock()
	outagePG(t, port, "start")
	deadline := time.Now().Add(30 * time.Second)
	recovered := false
	for time.Now().Before(deadline) {
		r, err := client.Get("http://" + s.addr + "/readyz")
		if err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				recovered = true
				break
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	require.True(t, recovered, "the server did not recover by itself")
	time.Sleep(2 * time.Second) // traffic after recovery
	cancel()
	wg.Wait()

	mu.Lock()
	defer mu.Unlock()
	t.Logf("statuses: %v, acknowledged writes: %d, timed-out requests: %d", statuses, len(acked), hung.Load())
	assert.Positive(t, during, "requests during the outage must get 503")
	assert.Zero(t, statuses[500], "no 500s")
	assert.Zero(t, statuses[-503], "every 503 carries Retry-After")
	assert.Zero(t, hung.Load(), "no request may hang")
	for code := range statuses {
		assert.Contains(t, []int{200, 503, -503}, code, "unexpected status %d", code)
	}
	// Every acknowledged write survived the crash.
	missing := 0
	for _, id := range acked {
		r, err := client.Get("http://" + s.addr + "/v1/creators/" + id)
		require.NoError(t, err)
		r.Body.Close()
		require.Contains(t, []int{200, 404}, r.StatusCode, "checking %s", id)
		if r.StatusCode == 404 {
			missing++
		}
	}
	assert.Zero(t, missing, "acknowledged writes lost")
	require.NotEmpty(t, acked)
}
