// Command gobench is the Go half of scripts/bench-embedder: it measures the
// pure-Go USE-lite embedder (embeddings/uselite) on the texts file that the
// JavaScript reference (bench.mjs) also reads, and prints one JSON object.
//
//	gobench -make-texts OUT -csv videos.csv -fixture reference.json
//	    writes the deterministic benchmark texts (JSON array of strings)
//	gobench -mode load -model DIR
//	    cold load only (run it in a fresh process)
//	gobench -mode all -model DIR -texts FILE -brief TEXT
//	    load, memory, batch throughput, single-text latency, FLOP rate
//
// It is a benchmark tool, not part of the product.
package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch/embeddings/uselite"
)

func main() {
	var (
		mode      = flag.String("mode", "all", "all | load")
		modelDir  = flag.String("model", "", "USE-lite weights dir (output of scripts/fetch-model)")
		textsPath = flag.String("texts", "", "JSON array of texts to embed in batch mode")
		brief     = flag.String("brief", "", "the single text for the latency test")
		batch     = flag.Int("batch", 32, "batch size")
		minSecs   = flag.Float64("min-secs", 3, "minimum measuring time for the throughput loop")
		minReps   = flag.Int("min-reps", 3, "minimum passes over the texts in the throughput loop")
		warm      = flag.Int("warmup", 10, "single-text warm-up runs")
		reps      = flag.Int("reps", 50, "single-text timed runs")
		makeTexts = flag.String("make-texts", "", "write the benchmark texts to this file and exit")
		csvPath   = flag.String("csv", "", "videos.csv (for -make-texts)")
		fixture   = flag.String("fixture", "", "use-lite reference.json (for -make-texts)")
		count     = flag.Int("n", 256, "number of texts for -make-texts")
	)
	flag.Parse()
	if *makeTexts != "" {
		die(writeTexts(*makeTexts, *csvPath, *fixture, *count))
		return
	}
	if *modelDir == "" {
		die(fmt.Errorf("-model is required"))
	}
	out := map[string]any{
		"impl":       "go",
		"gomaxprocs": runtime.GOMAXPROCS(0),
		"goversion":  runtime.Version(),
	}

	t0 := time.Now()
	m, err := uselite.Load(*modelDir, uselite.WithBatchSize(*batch))
	die(err)
	out["load_ms"] = ms(time.Since(t0))
	if *mode == "load" {
		out["after_load"] = memSnapshot()
		emit(out)
		return
	}
	out["after_load"] = memSnapshot()

	texts, err := readTexts(*textsPath)
	die(err)
	ctx := context.Background()

	// Token statistics and the FLOPs of one pass over the texts.
	pieces, clipped := 0, 0
	var flops float64
	for _, t := range texts {
		n := len(m.Tokenize(t))
		pieces += n
		n = min(n, uselite.MaxTokens)
		clipped += n
		flops += uselite.ForwardFLOPs(n)
	}
	out["texts"] = len(texts)
	out["pieces"] = pieces
	out["pieces_clipped"] = clipped
	out["flops_per_pass"] = flops

	// First pass: warm-up, and the footprint "after load + a batch".
	t1 := time.Now()
	if _, err := m.Embed(ctx, texts); err != nil {
		die(err)
	}
	out["first_pass_ms"] = ms(time.Since(t1))
	out["after_batch"] = memSnapshot()

	// Throughput: whole passes over the texts (batches of -batch) until both
	// -min-reps and -min-secs are reached.
	var passes []float64
	start, cpu0, busy0 := time.Now(), cpuSeconds(), machineBusy()
	for len(passes) < *minReps || time.Since(start).Seconds() < *minSecs {
		t := time.Now()
		if _, err := m.Embed(ctx, texts); err != nil {
			die(err)
		}
		passes = append(passes, time.Since(t).Seconds())
	}
	wall, cpu, busy := time.Since(start).Seconds(), cpuSeconds()-cpu0, machineBusy()-busy0
	med := median(passes)
	out["batch"] = map[string]any{
		"cpu_s":            cpu,
		"wall_s":           wall,
		"cores_used":       cpu / wall,  // < GOMAXPROCS when other work holds a core
		"machine_busy":     busy / wall, // all processes, from /proc/stat
		"batch_size":       *batch,
		"passes":           len(passes),
		"pass_s_median":    med,
		"pass_s_min":       slices.Min(passes),
		"texts_per_s":      float64(len(texts)) / med,
		"texts_per_s_best": float64(len(texts)) / slices.Min(passes),
		"gflops":           flops / med / 1e9,
	}

	// Single-text latency of the brief.
	if *brief != "" {
		n := len(m.Tokenize(*brief))
		in := []string{*brief}
		for i := 0; i < *warm; i++ {
			if _, err := m.Embed(ctx, in); err != nil {
				die(err)
			}
		}
		lat := make([]float64, 0, *reps)
		for i := 0; i < *reps; i++ {
			t := time.Now()
			if _, err := m.Embed(ctx, in); err != nil {
				die(err)
			}
			lat = append(lat, ms(time.Since(t)))
		}
		slices.Sort(lat)
		v, err := m.Embed(ctx, in)
		die(err)
		out["brief_vec"] = v[0] // compared with the JS vector by report.mjs
		out["single"] = map[string]any{
			"pieces": n,
			"runs":   len(lat),
			"p50_ms": median(lat),
			"p95_ms": percentile(lat, 0.95),
			"min_ms": lat[0],
			"max_ms": lat[len(lat)-1],
			"gflops": uselite.ForwardFLOPs(min(n, uselite.MaxTokens)) / (median(lat) / 1e3) / 1e9,
		}
	}
	out["end"] = memSnapshot()
	runtime.KeepAlive(m)
	emit(out)
}

// machineBusy returns the non-idle CPU seconds of the whole machine since
// boot (all processes, from /proc/stat, assuming USER_HZ = 100); 0 when
// /proc/stat is unavailable.
func machineBusy() float64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return 0
	}
	busy := 0.0
	for i, v := range f[1:] {
		if i >= 8 { // guest time is already counted in user
			break
		}
		x, _ := strconv.ParseFloat(v, 64)
		if i != 3 && i != 4 { // idle, iowait
			busy += x
		}
	}
	return busy / 100
}

type mem struct {
	HeapInuseMB float64 `json:"heap_inuse_mb"`
	HeapAllocMB float64 `json:"heap_alloc_mb"`
	SysMB       float64 `json:"go_sys_mb"`
	VmRSSMB     float64 `json:"vmrss_mb"`
	VmHWMMB     float64 `json:"vmhwm_mb"`
}

// memSnapshot runs a GC first so the heap figures are live data.
func memSnapshot() mem {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rss, hwm := procStatus()
	return mem{
		HeapInuseMB: mb(ms.HeapInuse),
		HeapAllocMB: mb(ms.HeapAlloc),
		SysMB:       mb(ms.Sys),
		VmRSSMB:     rss,
		VmHWMMB:     hwm,
	}
}

// procStatus returns VmRSS and VmHWM from /proc/self/status in MB (0 when
// unavailable).
func procStatus() (rss, hwm float64) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
		if err != nil {
			continue
		}
		if k == "VmRSS" {
			rss = kb / 1024
		} else {
			hwm = kb / 1024
		}
	}
	return rss, hwm
}

// writeTexts builds the benchmark texts deterministically: the fixture's
// texts (bios, briefs, accents, emoji, one >128-piece text) followed by
// creator captions made from videos.csv rows taken with a fixed stride, so
// every channel and category appears.
func writeTexts(out, csvPath, fixturePath string, n int) error {
	var fx struct {
		Texts []string `json:"texts"`
	}
	b, err := os.ReadFile(fixturePath)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &fx); err != nil {
		return fmt.Errorf("%s: %w", fixturePath, err)
	}
	f, err := os.Open(csvPath)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return err
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, c := range []string{"Channel", "Subscribers", "Title", "Views", "Category"} {
		if _, ok := col[c]; !ok {
			return fmt.Errorf("%s: no %s column", csvPath, c)
		}
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if len(rec) == len(header) && strings.TrimSpace(rec[col["Title"]]) != "" {
			rows = append(rows, rec)
		}
	}
	texts := slices.Clone(fx.Texts)
	if len(texts) > n {
		texts = texts[:n]
	}
	const stride = 11 // co-prime with the row count in practice; walks across channels
	for i := 0; len(texts) < n && i < len(rows)*stride; i++ {
		rec := rows[(i*stride)%len(rows)]
		texts = append(texts, fmt.Sprintf("%s · %s creator, %s. New upload: %q (%s)",
			rec[col["Channel"]], strings.ReplaceAll(rec[col["Category"]], ",", ", "),
			rec[col["Subscribers"]], strings.TrimSpace(rec[col["Title"]]), rec[col["Views"]]))
	}
	if len(texts) < n {
		return fmt.Errorf("only %d texts available, want %d", len(texts), n)
	}
	enc, err := json.MarshalIndent(texts, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(enc, '\n'), 0o644)
}

func readTexts(path string) ([]string, error) {
	if path == "" {
		return nil, fmt.Errorf("-texts is required")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var texts []string
	if err := json.Unmarshal(b, &texts); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(texts) == 0 {
		return nil, fmt.Errorf("%s: no texts", path)
	}
	return texts, nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// percentile uses the nearest-rank method on sorted xs.
func percentile(sorted []float64, p float64) float64 {
	i := int(p*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }
func mb(b uint64) float64        { return float64(b) / (1 << 20) }

func emit(v any) {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	die(enc.Encode(v))
}

func die(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gobench:", err)
		os.Exit(1)
	}
}
