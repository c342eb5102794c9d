package clients_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/catalog"
	goclient "github.com/creatormatch/creatormatch/clients/go"
	"github.com/creatormatch/creatormatch/clients/go/example"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/internal/contract"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/matcher"
	"github.com/creatormatch/creatormatch/metrics"
	"github.com/creatormatch/creatormatch/store/memory"
)

// server is the API as `creatormatch serve` wires it (real use-lite
// embedder, embedded store in a temporary directory, metrics), on a
// loopback port, holding 40 demo creators; rec sees every request.
type server struct {
	url   string
	store creatormatch.Store
	rec   *contract.Recorder
	// serving is the API answering now: normal, or limited (the same
	// store and services with a request rate of 1 a second).
	serving         atomic.Pointer[http.Handler]
	normal, limited http.Handler
}

// limit makes the server answer with its 1-request-a-second twin until t
// ends.
func (s *server) limit(t *testing.T) {
	s.serving.Store(&s.limited)
	t.Cleanup(func() { s.serving.Store(&s.normal) })
}

func newServer(t *testing.T) (*server, func() error) {
	ctx := context.Background()
	emb := testenv.Embedder(t)
	st, err := memory.Open(ctx, t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := catalog.New(st, emb, catalog.WithLogger(log))
	m := matcher.New(st, emb, nil, matcher.Config{}, log)
	h, err := api.New(api.Config{Version: "e2e"}, api.Deps{Catalog: svc, Matcher: m, Log: log, Metrics: metrics.New()})
	require.NoError(t, err)
	limited, err := api.New(api.Config{Version: "e2e", RateLimit: 1, RateBurst: 1}, api.Deps{Catalog: svc, Matcher: m, Log: log})
	require.NoError(t, err)

	s := &server{store: st, normal: h, limited: limited}
	s.serving.Store(&s.normal)
	s.rec = contract.NewRecorder(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(*s.serving.Load()).ServeHTTP(w, r)
	}))
	srv := httptest.NewServer(s.rec) // 127.0.0.1: the demo mode's loopback
	t.Cleanup(srv.Close)
	s.url = srv.URL

	// ingest loads the demo creators; the caller runs it while other
	// things start.
	ingest := func() error {
		creators, _ := demodata.Generate(demodata.Config{Creators: 40, Seed: 1})
		for i := range creators {
			if len(creators[i].Content) > 5 {
				creators[i].Content = creators[i].Content[:5]
			}
		}
		start := time.Now()
		if err := svc.Upsert(ctx, creators); err != nil {
			return err
		}
		t.Logf("ingested %d creators in %s", len(creators), time.Since(start).Round(time.Millisecond))
		return nil
	}
	return s, ingest
}

// adminKey stores a key with the admin scope, as `creatormatch apikey
// create --scope admin` does, and returns its secret.
func (s *server) adminKey(t *testing.T) string {
	k, secret := creatormatch.NewAPIKey("e2e-admin", []creatormatch.Scope{creatormatch.ScopeAdmin}, time.Now())
	require.NoError(t, s.store.CreateAPIKey(context.Background(), k))
	return secret
}

// buildTS compiles the TypeScript client and example with the pinned tsc
// (strict) into a temporary copy of clients/typescript, after checking
// that no source uses a non-null assertion, and returns the directory.
func buildTS(t *testing.T) string {
	bin := contract.NodeBinDir(t)
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS("typescript")))
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "node_modules")))
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "dist")))
	require.NoError(t, os.Symlink(filepath.Dir(bin), filepath.Join(dir, "node_modules")))

	run := func(name string, args ...string) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), out)
	}
	sources, err := filepath.Glob(filepath.Join(dir, "*", "*.ts"))
	require.NoError(t, err)
	var checked []string
	for _, s := range sources {
		if !strings.HasSuffix(s, ".d.ts") {
			checked = append(checked, s)
		}
	}
	require.NotEmpty(t, checked)
	run("node", append([]string{"check-no-non-null.mjs"}, checked...)...)
	start := time.Now()
	run(filepath.Join(bin, "tsc"), "-p", ".")
	t.Logf("tsc: %s", time.Since(start).Round(time.Millisecond))
	return dir
}

// runTS runs the compiled TypeScript example against url.
func runTS(t *testing.T, dir, url, key string) {
	t.Helper()
	cmd := exec.Command("node", "dist/example/example.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CREATORMATCH_SERVER="+url, "CREATORMATCH_API_KEY="+key)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "TypeScript example:\n%s", out)
	require.Contains(t, string(out), "example: ok")
}

// TestClientsEndToEnd runs the Go and the TypeScript example front ends
// against one live server through one Prism validating proxy: first
// without a key (the loopback demo mode), then with an admin key, each
// example calling every operation of openapi.yaml. Any request or
// response Prism finds in breach of the spec fails the test, and so does
// an operation an example did not reach.
func TestClientsEndToEnd(t *testing.T) {
	srv, ingest := newServer(t)
	// Ingesting, starting Prism and compiling the TypeScript take seconds
	// each: they run side by side.
	prism := contract.NodeBin(t, "prism")
	ingested := make(chan error, 1)
	go func() { ingested <- ingest() }()
	type started struct {
		p   *contract.Proxy
		err error
	}
	proxied := make(chan started, 1)
	go func() {
		p, err := contract.Start(prism, srv.url)
		proxied <- started{p, err}
	}()
	var (
		once sync.Once
		st   started
	)
	waitProxy := func() started {
		once.Do(func() { st = <-proxied })
		return st
	}
	t.Cleanup(func() { // also when the test stops before using Prism
		if st := waitProxy(); st.p != nil {
			st.p.Close()
			if t.Failed() {
				t.Logf("prism log:\n%s", st.p.Log())
			}
		}
	})
	ts := buildTS(t)
	require.NoError(t, <-ingested, "ingest")
	require.NoError(t, waitProxy().err, "start prism")
	proxy := waitProxy().p
	t.Logf("prism proxy %s -> %s started in %s", proxy.PrismURL, srv.url, proxy.Startup.Round(time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	t.Run("typescript retries", func(t *testing.T) {
		cmd := exec.Command("node", "dist/test/client.test.js")
		cmd.Dir = ts
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		require.Contains(t, string(out), "client.test: ok")
	})

	t.Run("demo mode", func(t *testing.T) {
		require.NoError(t, example.DemoMode(ctx, proxy.URL), "Go")
		runTS(t, ts, proxy.URL, "")
		t.Logf("demo mode:\n%s", contract.Summary(srv.rec.Take()))
	})

	key := srv.adminKey(t)
	for _, c := range []struct {
		name string
		run  func(t *testing.T)
	}{
		{"go", func(t *testing.T) { require.NoError(t, example.Run(ctx, proxy.URL, key)) }},
		{"typescript", func(t *testing.T) { runTS(t, ts, proxy.URL, key) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			mark := proxy.Mark()
			c.run(t)
			calls := srv.rec.Take()
			t.Logf("%s example, operation: status×count\n%s", c.name, contract.Summary(calls))
			require.Empty(t, contract.Missing(t, calls), "operations of openapi.yaml the %s example never called", c.name)
			require.Empty(t, proxy.ViolationsSince(mark), "Prism found requests or responses breaking openapi.yaml")
		})
	}

	// Over its rate a key gets 429s with Retry-After, valid per the spec;
	// the client's default retries wait them out.
	t.Run("rate limited", func(t *testing.T) {
		srv.limit(t)
		mark := proxy.Mark()
		params := &goclient.BrowseCreatorsParams{Limit: new(int)}
		*params.Limit = 1
		once, err := goclient.New(proxy.URL, goclient.Options{APIKey: key, MaxRetries: -1})
		require.NoError(t, err)
		var limited *goclient.BrowseCreatorsHTTPResponse
		for i := 0; i < 10 && limited == nil; i++ {
			res, err := once.BrowseCreatorsWithResponse(ctx, params)
			require.NoError(t, err)
			if res.StatusCode() == http.StatusTooManyRequests {
				limited = res
			}
		}
		require.NotNil(t, limited, "no 429 at 1 request a second")
		require.NotNil(t, limited.ApplicationProblemJSON429)
		require.NotEmpty(t, limited.HTTPResponse.Header.Get("Retry-After"))

		retrying, err := goclient.New(proxy.URL, goclient.Options{APIKey: key})
		require.NoError(t, err)
		for range 3 {
			res, err := retrying.BrowseCreatorsWithResponse(ctx, params)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, res.StatusCode(), "retried until served")
		}
		t.Logf("rate limited:\n%s", contract.Summary(srv.rec.Take()))
		require.Empty(t, proxy.ViolationsSince(mark), "Prism found requests or responses breaking openapi.yaml")
	})
	require.Empty(t, proxy.Violations(), "Prism found requests or responses breaking openapi.yaml")
}
