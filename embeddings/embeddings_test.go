package embeddings

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// fakeVector is a deterministic vector for text, so tests can check that
// results come back in order.
func fakeVector(text string, dim int) []float32 {
	v := make([]float32, dim)
	for i := range v {
		v[i] = float32(len(text)) + float32(i)/1000
	}
	return v
}

// openAIServer speaks enough of POST /v1/embeddings for langchaingo.
func openAIServer(t *testing.T, defaultDim int, calls *atomic.Int32) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Method != http.MethodPost || r.URL.Path != "/v1/embeddings" {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		if got := r.Header.Get("Authorization"); got != "Bearer test-key" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":{"message":"bad key"}}`))
			return
		}
		var req struct {
			Model      string   `json:"model"`
			Input      []string `json:"input"`
			Dimensions int      `json:"dimensions"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if req.Model != "text-embedding-3-small" {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":{"message":"unexpected model ` + req.Model + `"}}`))
			return
		}
		dim := defaultDim
		if req.Dimensions > 0 {
			dim = req.Dimensions
		}
		type item struct {
			Object    string    `json:"object"`
			Embedding []float32 `json:"embedding"`
			Index     int       `json:"index"`
		}
		resp := struct {
			Object string `json:"object"`
			Data   []item `json:"data"`
			Model  string `json:"model"`
		}{Object: "list", Model: req.Model}
		for i, in := range req.Input {
			resp.Data = append(resp.Data, item{"embedding", fakeVector(in, dim), i})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(resp)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// ollamaServer speaks POST /api/embed, the endpoint langchaingo v0.1.14 uses.
func ollamaServer(t *testing.T, dim int, calls *atomic.Int32) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Method != http.MethodPost || r.URL.Path != "/api/embed" {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		var req struct {
			Model string `json:"model"`
			Input string `json:"input"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if req.Model != "nomic-embed-text" {
			http.Error(w, "unexpected model "+req.Model, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"model": req.Model, "embeddings": [][]float32{fakeVector(req.Input, dim)}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func checkFake(t *testing.T, texts []string, got [][]float32, dim int) {
	t.Helper()
	if len(got) != len(texts) {
		t.Fatalf("got %d vectors for %d texts", len(got), len(texts))
	}
	for i, text := range texts {
		want := fakeVector(text, dim)
		if len(got[i]) != dim || got[i][0] != want[0] || got[i][dim-1] != want[dim-1] {
			t.Fatalf("vector %d: got len %d starting %v, want len %d starting %v", i, len(got[i]), got[i][0], dim, want[0])
		}
	}
}

func TestOpenAIProvider(t *testing.T) {
	var calls atomic.Int32
	srv := openAIServer(t, 1536, &calls)
	ctx := context.Background()

	e, err := New(ctx, Config{Provider: "openai", BaseURL: srv.URL + "/v1", APIKey: "test-key", Dimensions: 256, BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Model(); got != "openai:text-embedding-3-small" {
		t.Errorf("Model() = %q", got)
	}
	if got := e.Dimension(); got != 256 {
		t.Errorf("Dimension() = %d, want 256 from config", got)
	}
	if calls.Load() != 0 {
		t.Errorf("configured dimension should not need a request")
	}
	texts := []string{"one", "three", "fivefive", "x"}
	vs, err := e.EmbedDocuments(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	checkFake(t, texts, vs, 256)
	if n := calls.Load(); n != 2 {
		t.Errorf("want 2 batched requests of 2, got %d", n)
	}
	q, err := e.EmbedQuery(ctx, "query")
	if err != nil {
		t.Fatal(err)
	}
	checkFake(t, []string{"query"}, [][]float32{q}, 256)

	// Without configured dimensions the size is learnt by one probe.
	calls.Store(0)
	e2, err := New(ctx, Config{Provider: "openai", BaseURL: srv.URL + "/v1", APIKey: "test-key"})
	if err != nil {
		t.Fatal(err)
	}
	if got := e2.Dimension(); got != 1536 || calls.Load() != 1 {
		t.Errorf("Dimension() = %d after %d calls, want 1536 after 1", got, calls.Load())
	}
	if got := e2.Dimension(); got != 1536 || calls.Load() != 1 {
		t.Errorf("second Dimension() = %d after %d calls, want cached", got, calls.Load())
	}

	bad, err := New(ctx, Config{Provider: "openai", BaseURL: srv.URL + "/v1", APIKey: "wrong"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.EmbedQuery(ctx, "hi"); err == nil {
		t.Error("want error for rejected key")
	}
	if got := bad.Dimension(); got != 0 {
		t.Errorf("Dimension() with failing server = %d, want 0", got)
	}
}

func TestOpenAIRequiresKey(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "from-env-must-be-ignored")
	if _, err := New(context.Background(), Config{Provider: "openai"}); err == nil {
		t.Fatal("want error: the key must come from Config, not the environment")
	}
}

func TestOllamaProvider(t *testing.T) {
	var calls atomic.Int32
	srv := ollamaServer(t, 768, &calls)
	ctx := context.Background()
	e, err := New(ctx, Config{Provider: "ollama", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Model(); got != "ollama:nomic-embed-text" {
		t.Errorf("Model() = %q", got)
	}
	texts := []string{"alpha", "be", "gamma ray"}
	vs, err := e.EmbedDocuments(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	checkFake(t, texts, vs, 768)
	n := calls.Load()
	if got := e.Dimension(); got != 768 || calls.Load() != n {
		t.Errorf("Dimension() = %d, want 768 learnt from the earlier response without a probe", got)
	}

	// A configured dimension that the server does not honour is an error.
	e2, err := New(ctx, Config{Provider: "ollama", BaseURL: srv.URL, Dimensions: 1024})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e2.EmbedQuery(ctx, "hi"); err == nil || !strings.Contains(err.Error(), "768") {
		t.Errorf("want dimension mismatch error, got %v", err)
	}
}

func TestEmptyTextRejected(t *testing.T) {
	var calls atomic.Int32
	oa := openAIServer(t, 8, &calls)
	ol := ollamaServer(t, 8, &calls)
	ctx := context.Background()
	var es []Embedder
	for _, cfg := range []Config{
		{Provider: "openai", BaseURL: oa.URL + "/v1", APIKey: "test-key"},
		{Provider: "ollama", BaseURL: ol.URL},
	} {
		e, err := New(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	if e := loadUSELite(t, false); e != nil {
		es = append(es, e)
	}
	for _, e := range es {
		for _, bad := range []string{"", " ", "\t\n  \r", "\u00a0\u2003"} {
			_, err := e.EmbedDocuments(ctx, []string{"fine", bad})
			if !errors.Is(err, ErrEmptyText) || !strings.Contains(err.Error(), "text 1") {
				t.Errorf("%s: EmbedDocuments(%q) error = %v, want ErrEmptyText at index 1", e.Model(), bad, err)
			}
			if _, err := e.EmbedQuery(ctx, bad); !errors.Is(err, ErrEmptyText) {
				t.Errorf("%s: EmbedQuery(%q) error = %v, want ErrEmptyText", e.Model(), bad, err)
			}
		}
		if vs, err := e.EmbedDocuments(ctx, nil); err != nil || len(vs) != 0 {
			t.Errorf("%s: EmbedDocuments(nil) = %v, %v", e.Model(), vs, err)
		}
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("empty texts must be rejected before any request; %d requests made", n)
	}
}

func TestUnknownProvider(t *testing.T) {
	if _, err := New(context.Background(), Config{Provider: "bert"}); err == nil {
		t.Fatal("want error")
	}
}

func TestUSELiteMissingWeightsNamesFix(t *testing.T) {
	_, err := New(context.Background(), Config{ModelDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "scripts/fetch-model") {
		t.Fatalf("want error naming scripts/fetch-model, got %v", err)
	}
}

func TestUSELiteProvider(t *testing.T) {
	e := loadUSELite(t, true)
	if e.Model() != "use-lite-0.2.0" || e.Dimension() != 512 {
		t.Fatalf("Model() = %q, Dimension() = %d", e.Model(), e.Dimension())
	}
	ctx := context.Background()
	texts := []string{"Vegan food blogger sharing plant-based recipes.", "EV reviewer: range tests."}
	docs, err := e.EmbedDocuments(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range texts {
		q, err := e.EmbedQuery(ctx, text)
		if err != nil {
			t.Fatal(err)
		}
		norm, diff := 0.0, 0.0
		for j := range q {
			norm += float64(q[j]) * float64(q[j])
			diff = math.Max(diff, math.Abs(float64(q[j]-docs[i][j])))
		}
		if math.Abs(norm-1) > 1e-5 || diff > 1e-6 {
			t.Errorf("text %d: |v|²=%g, query/doc diff %g", i, norm, diff)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := e.EmbedDocuments(cctx, texts); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
}

// loadUSELite loads the real weights from CREATORMATCH_MODEL_DIR or the
// default cache dir. When they are missing it skips locally, fails in CI
// (CI=true), or returns nil when required is false.
func loadUSELite(t *testing.T, required bool) Embedder {
	t.Helper()
	dir := os.Getenv("CREATORMATCH_MODEL_DIR")
	if dir == "" {
		dir = DefaultModelDir()
	}
	if _, err := os.Stat(filepath.Join(dir, "model.json")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("USE-lite weights missing in %s: run scripts/fetch-model before the tests", dir)
		}
		if !required {
			return nil
		}
		t.Skipf("USE-lite weights missing in %s: run scripts/fetch-model to enable", dir)
	}
	e, err := New(context.Background(), Config{ModelDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return e
}
