package uselite

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

type reference struct {
	Texts    []string    `json:"texts"`
	TokenIDs [][]int     `json:"token_ids"`
	Vectors  [][]float32 `json:"vectors"`
	Batch10  [][]float32 `json:"batch_first10"`
}

// modelDir mirrors scripts/fetch-model's default location.
func modelDir() string {
	if d := os.Getenv("CREATORMATCH_MODEL_DIR"); d != "" {
		return d
	}
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache")
	}
	return filepath.Join(cache, "creatormatch", "models", "use-lite-0.2.0")
}

// skipOrFail skips locally when an external input is missing, but fails in
// CI, where a missing model means the pipeline forgot scripts/fetch-model.
func skipOrFail(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf(format+" (run scripts/fetch-model before the tests)", args...)
	}
	tb.Skipf(format+" (run scripts/fetch-model to enable)", args...)
}

var (
	loadOnce  sync.Once
	shared    *Model
	sharedErr error
)

func testModel(tb testing.TB) *Model {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(modelDir(), "model.json")); err != nil {
		skipOrFail(tb, "USE-lite weights unavailable: %v", err)
	}
	loadOnce.Do(func() { shared, sharedErr = Load(modelDir()) })
	if sharedErr != nil {
		tb.Fatal(sharedErr)
	}
	return shared
}

func loadReference(tb testing.TB) *reference {
	tb.Helper()
	// A copy of the project's golden fixture (testdata/REFERENCE-SOURCE.md
	// says how it was made), so the test needs nothing outside the
	// repository.
	path := filepath.Join("testdata", "reference.json")
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("reference fixture: %v", err)
	}
	var ref reference
	if err := json.Unmarshal(b, &ref); err != nil {
		tb.Fatalf("parsing %s: %v", path, err)
	}
	return &ref
}

func maxAbsDiff(a, b []float32) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(float64(a[i]-b[i])))
	}
	return d
}

const tolerance = 1e-5

func TestTokenizerMatchesReference(t *testing.T) {
	m := testModel(t)
	ref := loadReference(t)
	for i, text := range ref.Texts {
		got := m.Tokenize(text)
		want := ref.TokenIDs[i]
		if len(got) != len(want) {
			t.Errorf("text %d: %d ids, want %d\n got %v\nwant %v", i, len(got), len(want), got, want)
			continue
		}
		for k := range got {
			if got[k] != want[k] {
				t.Errorf("text %d: id %d = %d, want %d\n got %v\nwant %v", i, k, got[k], want[k], got, want)
				break
			}
		}
	}
}

func TestVectorsMatchReference(t *testing.T) {
	m := testModel(t)
	ref := loadReference(t)
	ctx := context.Background()
	worst := 0.0
	for i, text := range ref.Texts {
		v, err := m.Embed(ctx, []string{text})
		if err != nil {
			t.Fatalf("text %d: %v", i, err)
		}
		d := maxAbsDiff(v[0], ref.Vectors[i])
		worst = math.Max(worst, d)
		if d > tolerance {
			t.Errorf("text %d (%d pieces): max abs diff %.3g > %g", i, len(ref.TokenIDs[i]), d, tolerance)
		}
	}
	t.Logf("single: max abs diff over %d texts = %.3g", len(ref.Texts), worst)

	batch, err := m.Embed(ctx, ref.Texts[:10])
	if err != nil {
		t.Fatal(err)
	}
	worst = 0
	for i := range batch {
		d := maxAbsDiff(batch[i], ref.Batch10[i])
		worst = math.Max(worst, d)
		if d > tolerance {
			t.Errorf("batch text %d: max abs diff %.3g > %g", i, d, tolerance)
		}
	}
	t.Logf("batch_first10: max abs diff = %.3g", worst)

	// All 20 in one pass (mixed lengths, including the >128-piece text).
	all, err := m.Embed(ctx, ref.Texts)
	if err != nil {
		t.Fatal(err)
	}
	worst = 0
	for i := range all {
		d := maxAbsDiff(all[i], ref.Vectors[i])
		worst = math.Max(worst, d)
		if d > tolerance {
			t.Errorf("batch-of-20 text %d: max abs diff %.3g > %g", i, d, tolerance)
		}
	}
	t.Logf("batch of 20: max abs diff = %.3g", worst)
}

func TestKernelMatchesPortable(t *testing.T) {
	const k = 37
	a := make([]float32, 6*k)
	b := make([]float32, k*16)
	bias := make([]float32, 16)
	for i := range a {
		a[i] = float32(i%13) - 6
	}
	for i := range b {
		b[i] = float32(i%7)*0.25 - 0.5
	}
	for i := range bias {
		bias[i] = float32(i)
	}
	for _, flags := range []int{0, flagReLU, flagAccumulate} {
		got := make([]float32, 6*16)
		want := make([]float32, 6*16)
		for i := range got {
			got[i] = float32(i)
			want[i] = float32(i)
		}
		tile6x16(k, a, k, b, 16, got, 16, bias, flags)
		tile6x16Go(k, a, k, b, 16, want, 16, bias, flags)
		if d := maxAbsDiff(got, want); d > 1e-4 {
			t.Fatalf("flags %d: kernel differs from portable version by %g", flags, d)
		}
	}
}

func TestEmptyText(t *testing.T) {
	m := testModel(t)
	if _, err := m.Embed(context.Background(), []string{"ok", ""}); err == nil {
		t.Fatal("want error for empty text")
	}
}

func TestLoadMissingDirNamesFix(t *testing.T) {
	_, err := Load(t.TempDir())
	if err == nil {
		t.Fatal("want error")
	}
	if want := "scripts/fetch-model"; !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q does not mention %s", err, want)
	}
}

func TestLoadCorruptFileNamesFix(t *testing.T) {
	src := modelDir()
	if _, err := os.Stat(filepath.Join(src, "model.json")); err != nil {
		skipOrFail(t, "USE-lite weights unavailable: %v", err)
	}
	dir := t.TempDir()
	for name := range weightFiles {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "group1-shard3of7" {
			b[1000] ^= 0xff
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), "scripts/fetch-model") || !strings.Contains(err.Error(), "group1-shard3of7") {
		t.Fatalf("want corrupt-file error naming the shard and the fix, got %v", err)
	}
}

// TestConcurrentEmbed hammers one model from many goroutines; under -race it
// checks the workspace pool and worker pool for data races, and every
// result must equal the sequential one.
func TestConcurrentEmbed(t *testing.T) {
	m := testModel(t)
	texts := []string{
		"Vegan food blogger sharing plant-based recipes.",
		"PC hardware channel — GPU benchmarks & overclocking.",
		"a",
		"Dog mom of two golden retrievers 🐶",
	}
	ctx := context.Background()
	want, err := m.Embed(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	goroutines := 4 * runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for it := 0; it < 3; it++ {
				i := (g + it) % len(texts)
				batch := texts[i:]
				got, err := m.Embed(ctx, batch)
				if err != nil {
					errs <- err
					return
				}
				for k := range got {
					if d := maxAbsDiff(got[k], want[i+k]); d > 1e-6 {
						t.Errorf("goroutine %d: text %d differs by %g", g, i+k, d)
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestGemmRangeShapes covers the tile edge cases: fewer rows than a tile
// (padded copy), a ragged last tile (overlap, or padding when accumulating),
// and the ReLU/accumulate epilogues, against a naive product.
func TestGemmRangeShapes(t *testing.T) {
	scratch := make([]float32, scratchSize)
	for _, m := range []int{1, 5, 6, 7, 13} {
		for _, k := range []int{1, 2, 17} {
			for _, flags := range []int{0, flagReLU, flagAccumulate} {
				const n = 32
				a := make([]float32, m*k)
				w := make([]float32, k*n)
				bias := make([]float32, n)
				for i := range a {
					a[i] = float32((i*7)%11) - 5
				}
				for i := range w {
					w[i] = float32((i*5)%9) - 4
				}
				for i := range bias {
					bias[i] = float32(i%3) - 1
				}
				got := make([]float32, m*n)
				want := make([]float32, m*n)
				for i := range got {
					got[i], want[i] = float32(i%5), float32(i%5)
				}
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						s := bias[j]
						for r := 0; r < k; r++ {
							s += a[i*k+r] * w[r*n+j]
						}
						if flags&flagReLU != 0 {
							s = max(s, 0)
						}
						if flags&flagAccumulate != 0 {
							s += want[i*n+j]
						}
						want[i*n+j] = s
					}
				}
				gemmRange(m, k, a, k, packPanels(w, k, n), got, n, bias, flags, 0, n/tileN, scratch)
				if d := maxAbsDiff(got, want); d > 1e-3 {
					t.Errorf("m=%d k=%d flags=%d: max diff %g", m, k, flags, d)
				}
			}
		}
	}
}
