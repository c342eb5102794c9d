package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// replicaFaultScale is CREATORMATCH_REPLICA_FAULT_SCALE (default 1): the
// suite runs the small version; docs/benchmarks.md has the full run.
func replicaFaultScale(t *testing.T) int {
	n := 1
	if v := os.Getenv("CREATORMATCH_REPLICA_FAULT_SCALE"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		require.NoError(t, err, "CREATORMATCH_REPLICA_FAULT_SCALE")
		require.Positive(t, n, "CREATORMATCH_REPLICA_FAULT_SCALE")
	}
	return n
}

// faultTally counts what the load saw.
type faultTally struct {
	mu       sync.Mutex
	statuses map[string]int // "<kind> <status>"
	bad      []string       // responses outside the contract
	acked    []string       // creators whose write was answered 200
	replays  int            // Idempotency-Key replays checked on the other server
	tokened  int            // reads with a write's token on the other server
	start    time.Time
}

func (f *faultTally) add(kind string, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.statuses[kind+" "+strconv.Itoa(status)]++
}

func (f *faultTally) fail(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.bad) < 20 {
		f.bad = append(f.bad, fmt.Sprintf("%.1fs: ", time.Since(f.start).Seconds())+fmt.Sprintf(format, args...))
	}
}

// reply is one answer, read whole.
type faultReply struct {
	status int
	header http.Header
	body   string
}

// TestReplicaFailover (issue 21 item 3): two `creatormatch serve`
// processes, each with its own pools, on one primary and one hot standby,
// under a bounded mixed loopback load: writes with an Idempotency-Key
// (some replayed on the other server), reads of a just-written creator on
// the other server with the write's Consistency-Token, and matches without
// one, while a second API key probes the shared rate limit. Mid-run the
// standby is killed and started again, then the primary is restarted.
//
// Every answer must be a success, a 503 with Retry-After or a 429 with
// Retry-After: no 500, no other status, no connection dropped without an
// answer. A read with a token never misses its write (404), a replay is the
// first answer, every acknowledged write is on the primary at the end, and
// the probe key is admitted at most burst + t × rate while the primary is
// up (when it is down the limiter admits, by design: docs/operations.md).
//
// CREATORMATCH_REPLICA_FAULT_SCALE=N runs it N times longer, with N times
// the request budget (docs/benchmarks.md); CREATORMATCH_REPLICA_FAULT_LOGS=1
// also prints what the servers logged about the replica (skips, retries on
// the primary, reads served by the standby while the primary is down).
func TestReplicaFailover(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts Postgres servers")
	}
	testenv.Embedder(t)
	scale := replicaFaultScale(t)
	setup := time.Now()
	cl := testenv.StartReplicaCluster(t, "replicas-fault-test", 29346)
	t.Logf("primary and standby up in %.1fs", time.Since(setup).Seconds())
	bin := buildBinary(t)

	// Keys: one for the load, one for the rate-limit probe.
	ctx := context.Background()
	admin, err := postgres.Open(ctx, cl.PrimaryURL)
	require.NoError(t, err)
	loadKey, loadSecret := creatormatch.NewWorkspaceAPIKey("acme", "load", []creatormatch.Scope{creatormatch.ScopeWrite}, time.Now())
	probeKey, probeSecret := creatormatch.NewWorkspaceAPIKey("acme", "probe", []creatormatch.Scope{creatormatch.ScopeRead}, time.Now())
	require.NoError(t, admin.CreateAPIKey(ctx, loadKey))
	require.NoError(t, admin.CreateAPIKey(ctx, probeKey))
	admin.Close()

	const (
		rate   = 40.0 // per key, over both servers; burst 2 × rate
		probes = 4
	)
	env := []string{"DATABASE_URL=" + cl.PrimaryURL, "CREATORMATCH_DATABASE_REPLICA_URLS=" + cl.StandbyURL,
		"CREATORMATCH_MODEL_DIR=" + testenv.ModelDir(), "CREATORMATCH_LOG_LEVEL=warn"}
	args := []string{"--rate-limit", fmt.Sprint(rate), "--database-replica-max-lag", "2s", "--request-timeout", "10s"}
	servers := []*server{startServer(t, bin, env, args...), startServer(t, bin, env, args...)}
	t.Logf("set up in %.1fs", time.Since(setup).Seconds())

	client := &http.Client{Timeout: 20 * time.Second}
	do := func(srv *server, method, path, secret, body string, header ...string) (faultReply, error) {
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(body)
		}
		req, err := http.NewRequest(method, "http://"+srv.addr+path, rd)
		if err != nil {
			return faultReply{}, err
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("Authorization", "Bearer "+secret)
		for i := 0; i+1 < len(header); i += 2 {
			if header[i+1] != "" {
				req.Header.Set(header[i], header[i+1])
			}
		}
		resp, err := client.Do(req)
		if err != nil {
			return faultReply{}, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return faultReply{resp.StatusCode, resp.Header, string(b)}, err
	}
	tally := &faultTally{statuses: map[string]int{}, start: time.Now()}
	// check applies the status contract; ok says the answer is a success.
	check := func(kind string, r faultReply, err error, success ...int) bool {
		if err != nil {
			tally.add(kind, -1)
			tally.fail("%s: no answer: %v", kind, err)
			return false
		}
		tally.add(kind, r.status)
		switch {
		case contains(success, r.status):
			return true
		case r.status == 503 || r.status == 429:
			if r.header.Get("Retry-After") == "" {
				tally.fail("%s: %d without Retry-After", kind, r.status)
			}
		default:
			tally.fail("%s: status %d: %.200s", kind, r.status, r.body)
		}
		return false
	}

	budget := int64(600 * scale)
	duration := time.Duration(scale) * 9 * time.Second
	var sent atomic.Int64
	loadCtx, stopLoad := context.WithTimeout(ctx, duration+30*time.Second)
	defer stopLoad()
	running := func() bool { return loadCtx.Err() == nil && sent.Add(1) <= budget }
	var wg sync.WaitGroup
	var seq atomic.Int64

	// Writers: a creator per write, each with its own Idempotency-Key, on
	// alternating servers; every 4th acknowledged write is replayed on the
	// other server, and read there with the write's token.
	writer := func(w int) {
		defer wg.Done()
		for i := 0; running(); i++ {
			n := seq.Add(1)
			id := fmt.Sprintf("rf%05d", n)
			body := fmt.Sprintf(`{"creators":[{"id":"%s","bio":"Trail runner %d who films mountain races","accounts":[{"platform":"youtube","followers":%d}]}]}`, id, n, 1000+n)
			key := "k-" + id
			one, other := servers[(w+i)%2], servers[(w+i+1)%2]
			r, err := do(one, "POST", "/v1/creators", loadSecret, body, "Idempotency-Key", key)
			if check("write", r, err, 200) {
				tally.mu.Lock()
				tally.acked = append(tally.acked, id)
				tally.mu.Unlock()
				// The token is read after the commit: a primary going
				// down in between leaves it out (the write stands).
				tok := r.header.Get("Consistency-Token")
				kind := "read-token"
				if tok == "" {
					kind = "read-no-token"
				}
				got, err := do(other, "GET", "/v1/creators/"+id, loadSecret, "", "Consistency-Token", tok)
				if tok == "" {
					check(kind, got, err, 200, 404)
				} else if check(kind, got, err, 200) {
					tally.mu.Lock()
					tally.tokened++
					tally.mu.Unlock()
				} else if err == nil && got.status == 404 {
					tally.fail("read-your-writes: %s with token %s not found on the other server", id, tok)
				}
				if n%4 == 0 {
					rep, err := do(other, "POST", "/v1/creators", loadSecret, body, "Idempotency-Key", key)
					if check("replay", rep, err, 200) {
						tally.mu.Lock()
						tally.replays++
						tally.mu.Unlock()
						if rep.header.Get("Idempotent-Replayed") != "true" || rep.body != r.body {
							tally.fail("replay of %s on the other server is not the first answer: %q %.200s", key, rep.header.Get("Idempotent-Replayed"), rep.body)
						}
					}
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	// A reader without a token: matches and catalogue pages.
	reader := func() {
		defer wg.Done()
		for i := 0; running(); i++ {
			srv := servers[i%2]
			if i%2 == 0 {
				r, err := do(srv, "POST", "/v1/match", loadSecret, `{"brief":{"text":"mountain trail running videos"},"limit":5}`)
				check("match", r, err, 200)
			} else {
				r, err := do(srv, "GET", "/v1/creators?limit=20", loadSecret, "")
				check("browse", r, err, 200)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	// The rate-limit probe: its own key, alternating servers, until
	// stopped before the primary restarts.
	probeCtx, stopProbe := context.WithCancel(loadCtx)
	var admitted, limited, probed atomic.Int64
	var probeStart, probeEnd time.Time
	probe := func(p int) {
		defer wg.Done()
		for i := p; probeCtx.Err() == nil; i++ {
			probed.Add(1)
			r, err := do(servers[i%2], "GET", "/v1/creators/nobody", probeSecret, "")
			if check("probe", r, err, 404) {
				admitted.Add(1)
			} else if err == nil && r.status == 429 {
				limited.Add(1)
			}
		}
	}
	wg.Add(3 + probes)
	go writer(0)
	go writer(1)
	go reader()
	// Probes without pauses: together well above the rate, even on a
	// loaded machine.
	probeStart = time.Now()
	for p := range probes {
		go probe(p)
	}

	// The faults, spaced over the run.
	step := duration / 9
	var maxLag float64
	sleepObserving := func(d time.Duration) {
		end := time.Now().Add(d)
		for time.Now().Before(end) {
			if lag, ok := replicaLag(servers[0].addr); ok {
				maxLag = math.Max(maxLag, lag)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	sleepObserving(step)
	t.Logf("%.1fs: killing the standby", time.Since(tally.start).Seconds())
	cl.Standby("kill")
	sleepObserving(2 * step)
	t.Logf("%.1fs: starting the standby", time.Since(tally.start).Seconds())
	cl.Standby("start")
	sleepObserving(2 * step)
	stopProbe()
	probeEnd = time.Now()
	t.Logf("%.1fs: restarting the primary", time.Since(tally.start).Seconds())
	cl.Primary("restart")
	sleepObserving(max(time.Until(tally.start.Add(duration)), step))
	stopLoad()
	wg.Wait()
	elapsed := time.Since(tally.start)

	// Every acknowledged write is on the primary.
	conn, err := pgx.Connect(ctx, cl.PrimaryURL)
	require.NoError(t, err)
	defer conn.Close(ctx)
	var found int
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM creators WHERE id = ANY($1)", tally.acked).Scan(&found))

	probeWindow := probeEnd.Sub(probeStart).Seconds()
	bound := 2*rate + probeWindow*rate
	tally.mu.Lock()
	defer tally.mu.Unlock()
	var summary bytes.Buffer
	fmt.Fprintf(&summary, "requests %d (load %d, rate-limit probe %d) in %.1fs; statuses %v; acknowledged writes %d, lost %d; replays checked %d; token reads %d; probe admitted %d, limited %d in %.1fs (bound %.0f); max replica lag seen %.2fs",
		min(sent.Load(), budget)+probed.Load(), min(sent.Load(), budget), probed.Load(), elapsed.Seconds(), tally.statuses, len(tally.acked), len(tally.acked)-found, tally.replays, tally.tokened,
		admitted.Load(), limited.Load(), probeWindow, bound, maxLag)
	t.Log(summary.String())
	if os.Getenv("CREATORMATCH_REPLICA_FAULT_LOGS") != "" {
		for i, srv := range servers {
			for _, line := range strings.Split(srv.logs.String(), "\n") {
				if strings.Contains(line, "replica") {
					t.Logf("server %d: %.900s", i, line)
				}
			}
		}
	}
	// Why requests got 503, as the servers logged it (first of each kind).
	seen := map[string]bool{}
	for i, srv := range servers {
		for _, line := range strings.Split(srv.logs.String(), "\n") {
			if !strings.Contains(line, `"status":503`) {
				continue
			}
			path, _, _ := strings.Cut(line[strings.Index(line, `"path"`)+1:], ",")
			errText := line[strings.Index(line, `"error"`)+1:]
			op := errText
			if i := strings.Index(op, "postgres: "); i >= 0 {
				op = op[i:]
			}
			if k := path + op[:min(len(op), 40)]; !seen[k] && len(seen) < 8 {
				seen[k] = true
				t.Logf("server %d 503: %s %.300s", i, path, errText)
			}
		}
	}
	assert.Empty(t, tally.bad, "answers outside the contract")
	assert.Equal(t, len(tally.acked), found, "acknowledged writes lost")
	assert.NotEmpty(t, tally.acked)
	assert.Positive(t, tally.replays, "replays checked")
	assert.Positive(t, tally.tokened, "reads with a token")
	assert.LessOrEqual(t, float64(admitted.Load()), bound, "rate limit across both servers")
	assert.Positive(t, limited.Load(), "the probe must reach the limit for the bound to mean anything")
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// replicaLag reads creatormatch_db_replica_lag_seconds{replica="0"} from
// a server's /metrics.
func replicaLag(addr string) (float64, bool) {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, `creatormatch_db_replica_lag_seconds{replica="0"} `); ok {
			f, err := strconv.ParseFloat(v, 64)
			return f, err == nil
		}
	}
	return 0, false
}
