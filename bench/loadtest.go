package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api"
	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/matcher"
)

// LoadConfig configures the mixed-traffic HTTP load test.
type LoadConfig struct {
	Store       string // memory or postgres: the catalogue of the first size is reused
	Creators    int
	Concurrency int
	Duration    time.Duration
	MaxRequests int
}

// OpRecord is one operation's figures in the load test.
type OpRecord struct {
	Kind        string  `json:"kind"` // "load_test"
	Op          string  `json:"op"`   // match, ingest, get_creator
	Store       string  `json:"store"`
	Creators    int     `json:"creators"`
	Concurrency int     `json:"concurrency"`
	Requests    int     `json:"requests"`
	Errors      int     `json:"errors"`
	P50         float64 `json:"p50_ms"`
	P99         float64 `json:"p99_ms"`
	QPS         float64 `json:"qps"`
	FirstError  string  `json:"first_error,omitempty"`
}

// LoadTestResult is the load test's outcome.
type LoadTestResult struct {
	Config   LoadConfig
	Seconds  float64
	Requests int
	Errors   int
	QPS      float64
	Ops      []OpRecord
}

// RunLoad runs mixed traffic (80% match, 15% ingest of one small creator
// with real embeddings, 5% GET creator) against an in-process server on
// 127.0.0.1 over the bench catalogue of lc.Creators creators, bounded by
// lc.Duration and lc.MaxRequests. Creators it ingests are deleted after.
func RunLoad(ctx context.Context, cfg Config, lc LoadConfig) (*Report, error) {
	cfg.defaults()
	if lc.Concurrency <= 0 {
		lc.Concurrency = 8
	}
	if lc.Duration <= 0 {
		lc.Duration = 20 * time.Second
	}
	if lc.MaxRequests <= 0 {
		lc.MaxRequests = 100000
	}
	rep := &Report{Started: time.Now(), LoadAvg: loadAvg(), Machine: machine()}
	tmpDir, err := os.MkdirTemp("", "creatormatch-bench-ingest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmpDir)
	tpl, err := BuildTemplates(ctx, cfg.Embedder, tmpDir, cfg.Templates, cfg.Seed)
	if err != nil {
		return nil, err
	}
	ss, err := openLoaded(ctx, cfg, rep, tpl, lc.Store, lc.Creators)
	if err != nil {
		return nil, err
	}
	defer ss.close()
	st := ss.store
	m := matcher.New(st, cfg.Embedder, nil, matcher.Config{}, quietLog())
	svc := catalog.New(st, cfg.Embedder, catalog.WithLogger(quietLog()))
	srv, err := api.New(api.Config{RateLimit: -1}, api.Deps{Catalog: svc, Matcher: m, Log: quietLog()})
	if err != nil {
		return nil, err
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()

	// Small creators to ingest: demo creators (other seed) with 3 posts,
	// renamed so they never collide with the catalogue.
	pool := demoCreators(400, cfg.Seed+1000, 3)
	filters := Filters()
	type opStats struct {
		ms     []float64
		errors int
		first  string
	}
	var (
		mu      sync.Mutex
		stats   = map[string]*opStats{"match": {}, "ingest": {}, "get_creator": {}}
		next    atomic.Int64
		created sync.Map
		wg      sync.WaitGroup
	)
	deadline := time.Now().Add(lc.Duration)
	start := time.Now()
	for w := range lc.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(cfg.Seed), uint64(w)))
			for {
				i := int(next.Add(1)) - 1
				if i >= lc.MaxRequests || time.Now().After(deadline) || ctx.Err() != nil {
					return
				}
				u := r.Float64()
				var op string
				var err error
				t := time.Now()
				switch {
				case u < 0.80:
					op = "match"
					f := filters[r.IntN(len(filters))].Filter
					body, _ := json.Marshal(map[string]any{"brief": map[string]any{"text": Briefs[r.IntN(len(Briefs))]}, "filters": f, "limit": 20})
					_, err = post(ctx, hs.URL+"/v1/match", body)
				case u < 0.95:
					op = "ingest"
					c := pool[r.IntN(len(pool))]
					c.ID = fmt.Sprintf("load-%d-%d", w, i)
					body, _ := json.Marshal(map[string]any{"creators": []creatormatch.Creator{c}})
					_, err = post(ctx, hs.URL+"/v1/creators", body)
					if err == nil {
						created.Store(c.ID, true)
					}
				default:
					op = "get_creator"
					var req *http.Request
					req, err = http.NewRequestWithContext(ctx, http.MethodGet, hs.URL+"/v1/creators/"+SyntheticID(r.IntN(lc.Creators)), nil)
					if err == nil {
						_, err = do(req)
					}
				}
				ms := msSince(t)
				mu.Lock()
				s := stats[op]
				if err != nil {
					s.errors++
					if s.first == "" {
						s.first = err.Error()
					}
				} else {
					s.ms = append(s.ms, ms)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	res := &LoadTestResult{Config: lc, Seconds: round3(elapsed.Seconds())}
	for _, op := range []string{"match", "ingest", "get_creator"} {
		s := stats[op]
		sm := summarize(s.ms)
		res.Ops = append(res.Ops, OpRecord{Kind: "load_test", Op: op, Store: lc.Store, Creators: lc.Creators,
			Concurrency: lc.Concurrency, Requests: sm.n, Errors: s.errors, P50: round3(sm.p50), P99: round3(sm.p99),
			QPS: round3(float64(sm.n) / elapsed.Seconds()), FirstError: s.first})
		res.Requests += sm.n
		res.Errors += s.errors
	}
	res.QPS = round3(float64(res.Requests) / elapsed.Seconds())
	rep.Load = res
	// Leave the catalogue as it was so later runs reuse it.
	created.Range(func(k, _ any) bool {
		_ = st.DeleteCreator(context.Background(), k.(string))
		return true
	})
	rep.Duration = time.Since(rep.Started)
	return rep, nil
}
