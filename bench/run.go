package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/matcher"
)

type runResult struct {
	wall, exclEmbed, embed []float64
	stages                 map[string][]float64
	errors                 int
	elapsed                time.Duration
	firstErr               error
}

// drive runs do from conc goroutines until max calls or d elapsed. Time
// that do adds to uncounted (nanoseconds; nil for none) is work beside the
// measured requests: it counts neither toward d nor in the run's elapsed
// time; it is allowed at concurrency 1 only.
func drive(ctx context.Context, conc, maxN int, d time.Duration, uncounted *atomic.Int64, do func(i int) (wall float64, timings map[string]float64, err error)) runResult {
	if uncounted == nil {
		uncounted = new(atomic.Int64)
	} else if conc != 1 {
		// Summed over goroutines, the uncounted time could exceed the
		// wall time: the cap would never fire and qps would be wrong.
		panic("bench: uncounted time needs concurrency 1")
	}
	var (
		mu   sync.Mutex
		res  = runResult{stages: map[string][]float64{}}
		next atomic.Int64
		wg   sync.WaitGroup
	)
	start := time.Now()
	counted := func() time.Duration { return time.Since(start) - time.Duration(uncounted.Load()) }
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= maxN || counted() > d || ctx.Err() != nil {
					return
				}
				wall, timings, err := do(i)
				embed := timings["embed"]
				mu.Lock()
				if err != nil {
					res.errors++
					if res.firstErr == nil {
						res.firstErr = err
					}
				} else {
					res.wall = append(res.wall, wall)
					res.embed = append(res.embed, embed)
					res.exclEmbed = append(res.exclEmbed, wall-embed)
					for k, v := range timings {
						res.stages[k] = append(res.stages[k], v)
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.elapsed = counted()
	return res
}

func runInProcess(ctx context.Context, m *matcher.Matcher, f creatormatch.Filter, conc, maxN int, d time.Duration) runResult {
	return runInProcessWith(ctx, m, f, conc, maxN, d, nil)
}

// runInProcessWith is runInProcess, and if extra is not nil it is called
// beside each match (outside the match's timing) with the match's index:
// after the match for even indexes, before it for odd ones, so that
// neither position biases what extra measures. Its error fails that
// request. With concurrency 1 the time spent in extra is left out of the
// duration cap and of the run's elapsed time, so the cell runs as many
// matches as without extra and qps counts matches only.
func runInProcessWith(ctx context.Context, m *matcher.Matcher, f creatormatch.Filter, conc, maxN int, d time.Duration, extra func(i int) error) runResult {
	var extraNanos atomic.Int64
	runExtra := func(i int) error {
		t := time.Now()
		err := extra(i)
		extraNanos.Add(int64(time.Since(t)))
		return err
	}
	var uncounted *atomic.Int64
	if extra != nil {
		uncounted = &extraNanos
	}
	return drive(ctx, conc, maxN, d, uncounted, func(i int) (float64, map[string]float64, error) {
		if extra != nil && i%2 == 1 {
			if err := runExtra(i); err != nil {
				return 0, nil, err
			}
		}
		t := time.Now()
		resp, err := m.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: Briefs[i%len(Briefs)]}, Filters: f, Limit: 20})
		wall := msSince(t)
		if err != nil {
			return 0, nil, err
		}
		if extra != nil && i%2 == 0 {
			if err := runExtra(i); err != nil {
				return 0, nil, err
			}
		}
		return wall, resp.Timings, nil
	})
}

var httpClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxIdleConns: 64}, Timeout: 60 * time.Second}

func runHTTP(ctx context.Context, base string, f creatormatch.Filter, conc, maxN int, d time.Duration) runResult {
	return drive(ctx, conc, maxN, d, nil, func(i int) (float64, map[string]float64, error) {
		body, _ := json.Marshal(map[string]any{"brief": map[string]any{"text": Briefs[i%len(Briefs)]}, "filters": f, "limit": 20})
		t := time.Now()
		out, err := post(ctx, base+"/v1/match", body)
		wall := msSince(t)
		if err != nil {
			return 0, nil, err
		}
		var resp struct {
			Timings map[string]float64 `json:"timings_ms"`
		}
		if err := json.Unmarshal(out, &resp); err != nil {
			return 0, nil, err
		}
		return wall, resp.Timings, nil
	})
}

func post(ctx context.Context, u string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	return do(req)
}

func do(req *http.Request) ([]byte, error) {
	resp, err := httpClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("%s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, truncate(string(out), 300))
	}
	return out, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

func fill(rec *MatchRecord, res runResult) {
	w, x, e := summarize(res.wall), summarize(res.exclEmbed), summarize(res.embed)
	rec.Requests, rec.Errors = w.n, res.errors
	rec.P50, rec.P95, rec.P99 = round3(w.p50), round3(w.p95), round3(w.p99)
	rec.ExclEmbedP50, rec.ExclEmbedP99, rec.EmbedP50 = round3(x.p50), round3(x.p99), round3(e.p50)
	if len(res.stages) > 0 {
		rec.StageP50 = map[string]float64{}
		for k, v := range res.stages {
			rec.StageP50[k] = round3(Percentile(v, 0.5))
		}
	}
	if res.elapsed > 0 {
		rec.QPS = round3(float64(w.n) / res.elapsed.Seconds())
	}
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				if _, v, ok := strings.Cut(l, ":"); ok {
					model = strings.TrimSpace(v)
				}
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		fmt.Sscanf(strings.TrimPrefix(strings.SplitN(string(b), "\n", 2)[0], "MemTotal:"), "%d", &kb)
		mem = fmt.Sprintf(", %.0f GB RAM", float64(kb)/1024/1024)
	}
	return fmt.Sprintf("%d CPUs (GOMAXPROCS %d), %s%s, %s/%s, %s", runtime.NumCPU(), runtime.GOMAXPROCS(0), model, mem, runtime.GOOS, runtime.GOARCH, runtime.Version())
}

// PeakGFLOPS is the nominal float32 peak of the cores this process may use:
// 2 FMA units × 8 float32 lanes (AVX2) × 2 flops per FMA × the clock
// (/proc/cpuinfo's "cpu MHz") × GOMAXPROCS. It uses the nominal clock, so
// on a guest that boosts above it the true peak is higher and fractions of
// it overstate efficiency. 0 when the clock is unknown or the CPU lacks
// AVX2 and FMA.
func PeakGFLOPS() float64 {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	var mhz float64
	var avx2, fma bool
	for _, l := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "cpu MHz":
			if mhz == 0 {
				fmt.Sscanf(strings.TrimSpace(v), "%g", &mhz)
			}
		case "flags":
			fs := " " + v + " "
			avx2, fma = strings.Contains(fs, " avx2 "), strings.Contains(fs, " fma ")
		}
	}
	if mhz == 0 || !avx2 || !fma {
		return 0
	}
	return 2 * 8 * 2 * mhz / 1000 * float64(runtime.GOMAXPROCS(0))
}
