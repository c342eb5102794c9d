// Package contract runs traffic through Prism's validating proxy
// (`prism proxy openapi.yaml <upstream> --errors`), so that every request
// and response that breaks openapi.yaml is an error the test sees, and
// records which of the spec's operations the traffic reached.
//
// The node tools (prism, openapi-typescript, tsc) come from
// $CREATORMATCH_NODE_TOOLS, the node_modules/.bin directory
// scripts/install-node-tools prints; without them a test skips locally and
// fails under CI=true.
package contract

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/creatormatch/creatormatch/internal/testenv"
)

// RepoRoot is the repository's top directory (where openapi.yaml is).
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// SpecPath is openapi.yaml's path.
func SpecPath() string { return filepath.Join(RepoRoot(), "openapi.yaml") }

// NodeBinDir is the node_modules/.bin directory of the pinned node tools:
// $CREATORMATCH_NODE_TOOLS (what scripts/install-node-tools prints), else
// tools/node/node_modules/.bin.
func NodeBinDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("CREATORMATCH_NODE_TOOLS")
	if dir == "" {
		dir = filepath.Join(RepoRoot(), "tools", "node", "node_modules", ".bin")
	}
	if _, err := exec.LookPath("node"); err != nil {
		testenv.Missing(t, "node is not on PATH ("+err.Error()+"); run scripts/install-node-tools")
	}
	if _, err := os.Stat(filepath.Join(dir, "prism")); err != nil {
		testenv.Missing(t, "the node tools are not in "+dir+" ("+err.Error()+"); run scripts/install-node-tools and export CREATORMATCH_NODE_TOOLS as the directory it prints")
	}
	return dir
}

// NodeBin is the path of one of the node tools' executables.
func NodeBin(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(NodeBinDir(t), name)
	if _, err := os.Stat(p); err != nil {
		testenv.Missing(t, name+" is not installed ("+err.Error()+"); run scripts/install-node-tools")
	}
	return p
}

// Proxy is a running `prism proxy --errors`, behind a small reverse proxy
// that keeps the body of every error Prism itself answers (its
// `validation` list names each violation's location and message, which
// its log does not).
type Proxy struct {
	// URL is where clients send requests.
	URL string
	// PrismURL is Prism itself.
	PrismURL string
	// Startup is how long Prism took to start listening.
	Startup time.Duration
	log     *lockedBuffer
	close   func()

	mu     sync.Mutex
	errors []string // "METHOD /path: status body" of Prism's own answers
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// StartProxy starts Prism on a free loopback port in front of upstream
// (http://127.0.0.1:port), validating against openapi.yaml; it is stopped
// when t ends, its log shown if t failed. Under --errors a request that
// breaks the spec is answered 422 without reaching upstream, and a
// response that breaks it is a 500.
func StartProxy(t testing.TB, upstream string) *Proxy {
	t.Helper()
	p, err := Start(NodeBin(t, "prism"), upstream)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.Close()
		if t.Failed() {
			t.Logf("prism log:\n%s", p.Log())
		}
	})
	t.Logf("prism proxy %s -> %s started in %s", p.PrismURL, upstream, p.Startup.Round(time.Millisecond))
	return p
}

// Start starts prism (the path of its executable) as StartProxy does;
// Close stops it.
func Start(prism, upstream string) (*Proxy, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	p := &Proxy{PrismURL: "http://127.0.0.1:" + strconv.Itoa(port), log: &lockedBuffer{}}
	args := []string{"proxy", SpecPath(), upstream, "-h", "127.0.0.1", "-p", strconv.Itoa(port)}
	// CREATORMATCH_PRISM_LENIENT=1 leaves out --errors: violations are
	// still logged (and fail the test) but responses pass through, so one
	// run lists them all instead of stopping at the first.
	if os.Getenv("CREATORMATCH_PRISM_LENIENT") != "1" {
		args = append(args, "--errors")
	}
	cmd := exec.Command(prism, args...)
	cmd.Stdout, cmd.Stderr = p.log, p.log
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "FORCE_COLOR=0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start prism: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	}
	start := time.Now()
	for !strings.Contains(p.log.String(), "Prism is listening") {
		select {
		case err := <-exited:
			return nil, fmt.Errorf("prism exited: %v\n%s", err, p.log.String())
		case <-time.After(100 * time.Millisecond):
		}
		if time.Since(start) > 2*time.Minute {
			stop()
			return nil, fmt.Errorf("prism did not start in 2 minutes:\n%s", p.log.String())
		}
	}
	p.Startup = time.Since(start)

	target, err := url.Parse(p.PrismURL)
	if err != nil {
		stop()
		return nil, err
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = p.keepPrismError
	front := httptest.NewServer(rp)
	p.URL = front.URL
	p.close = func() {
		front.Close()
		stop()
	}
	return p, nil
}

// Close stops Prism.
func (p *Proxy) Close() { p.close() }

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// keepPrismError records a response Prism generated itself (a problem
// whose type is one of Prism's errors), body included.
func (p *Proxy) keepPrismError(resp *http.Response) error {
	if resp.StatusCode < 400 {
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		return err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if bytes.Contains(body, []byte("stoplight.io/prism/errors")) {
		p.mu.Lock()
		p.errors = append(p.errors, fmt.Sprintf("%s %s: %d %s", resp.Request.Method, resp.Request.URL.RequestURI(), resp.StatusCode, body))
		p.mu.Unlock()
	}
	return nil
}

// Log is everything Prism printed so far.
func (p *Proxy) Log() string { return p.log.String() }

// ansi matches terminal colour sequences.
var ansi = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// Violations are the lines of Prism's log that report a request or
// response breaking the spec, or a request Prism refused: every
// `Violation:` of its validator and every `✖ error`.
func (p *Proxy) Violations() []string {
	out := p.logViolations()
	p.mu.Lock()
	defer p.mu.Unlock()
	return append(out, p.errors...)
}

func (p *Proxy) logViolations() []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(ansi.ReplaceAllString(p.log.String(), "")))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(strings.ToLower(line), "violation") || strings.Contains(line, "✖") {
			out = append(out, strings.TrimSpace(line))
		}
	}
	return out
}

// Mark is a position in the record; ViolationsSince counts from it.
type Mark struct{ log, errors int }

// Mark returns the current position.
func (p *Proxy) Mark() Mark {
	p.mu.Lock()
	defer p.mu.Unlock()
	return Mark{len(p.log.String()), len(p.errors)}
}

// ViolationsSince are the violations logged after mark, and the errors
// Prism answered since, with their bodies.
func (p *Proxy) ViolationsSince(m Mark) []string {
	q := &Proxy{log: &lockedBuffer{}}
	q.log.buf.WriteString(p.log.String()[m.log:])
	out := q.logViolations()
	p.mu.Lock()
	defer p.mu.Unlock()
	return append(out, p.errors[m.errors:]...)
}

// Recorder counts, by operationId, the requests its handler serves and
// the statuses it answered.
type Recorder struct {
	next   http.Handler
	routes []route
	mu     sync.Mutex
	calls  map[string]map[int]int // operationId -> status -> count
	other  map[string]int         // requests matching no operation
}

type route struct {
	method   string
	re       *regexp.Regexp
	literals int
	id       string
}

// Operations are every operationId in openapi.yaml, sorted.
func Operations(t testing.TB) []string {
	t.Helper()
	rs := loadRoutes(t)
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.id)
	}
	sort.Strings(ids)
	return ids
}

func loadRoutes(t testing.TB) []route {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(SpecPath())
	if err != nil {
		t.Fatalf("load openapi.yaml: %v", err)
	}
	param := regexp.MustCompile(`\{[^}]+\}`)
	var rs []route
	for path, item := range doc.Paths.Map() {
		parts := param.Split(path, -1)
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		re := regexp.MustCompile("^" + strings.Join(parts, "[^/]+") + "$")
		literals := strings.Count(path, "/") - strings.Count(path, "{")
		for method, op := range item.Operations() {
			rs = append(rs, route{method: method, re: re, literals: literals, id: op.OperationID})
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].literals > rs[j].literals })
	return rs
}

// NewRecorder wraps next.
func NewRecorder(t testing.TB, next http.Handler) *Recorder {
	return &Recorder{next: next, routes: loadRoutes(t), calls: map[string]map[int]int{}, other: map[string]int{}}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (r *Recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	id := r.match(req.Method, req.URL.Path)
	sw := &statusWriter{ResponseWriter: w}
	r.next.ServeHTTP(sw, req)
	r.mu.Lock()
	defer r.mu.Unlock()
	if id == "" {
		r.other[req.Method+" "+req.URL.Path]++
		return
	}
	if r.calls[id] == nil {
		r.calls[id] = map[int]int{}
	}
	r.calls[id][sw.status]++
}

func (r *Recorder) match(method, path string) string {
	for _, rt := range r.routes {
		if rt.method == method && rt.re.MatchString(path) {
			return rt.id
		}
	}
	return ""
}

// Take returns what was recorded since the last Take (operationId ->
// status -> count) and starts afresh.
func (r *Recorder) Take() map[string]map[int]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.calls
	r.calls = map[string]map[int]int{}
	return c
}

// Missing are the spec's operations that calls does not hold.
func Missing(t testing.TB, calls map[string]map[int]int) []string {
	var out []string
	for _, id := range Operations(t) {
		if len(calls[id]) == 0 {
			out = append(out, id)
		}
	}
	return out
}

// Summary renders calls as "op: status×n ..." lines, sorted.
func Summary(calls map[string]map[int]int) string {
	var lines []string
	for id, st := range calls {
		var parts []string
		for code, n := range st {
			parts = append(parts, fmt.Sprintf("%d×%d", code, n))
		}
		sort.Strings(parts)
		lines = append(lines, id+": "+strings.Join(parts, " "))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// WaitHTTP polls url until it answers (any status) or ctx ends.
func WaitHTTP(ctx context.Context, url string) error {
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(100 * time.Millisecond):
		}
	}
}
