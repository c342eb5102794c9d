package embeddings

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	lcembeddings "github.com/tmc/langchaingo/embeddings"
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"
)

// remote adapts a langchaingo embedder to Embedder: it adds the empty-text
// check, a stable model id, and a dimension that is either configured or
// learnt from the first response (or a probe call).
type remote struct {
	inner lcembeddings.Embedder
	id    string
	want  int // configured dimension, 0 if unknown

	mu  sync.Mutex
	dim int // observed dimension
}

// probeTimeout bounds the one call Dimension makes when nothing else has
// revealed the dimension yet.
const probeTimeout = 30 * time.Second

func newOpenAI(cfg Config) (Embedder, error) {
	// langchaingo would silently fall back to OPENAI_API_KEY and friends;
	// this package takes its configuration only from cfg.
	if cfg.APIKey == "" {
		return nil, errors.New("embeddings: provider openai needs Config.APIKey")
	}
	model := cfg.Model
	if model == "" {
		model = DefaultOpenAIModel
	}
	base := cfg.BaseURL
	if base == "" {
		base = DefaultOpenAIBaseURL
	}
	opts := []openai.Option{
		openai.WithToken(cfg.APIKey),
		openai.WithBaseURL(base),
		openai.WithEmbeddingModel(model),
		openai.WithModel(model),
		openai.WithOrganization(""),
	}
	if cfg.Dimensions > 0 {
		opts = append(opts, openai.WithEmbeddingDimensions(cfg.Dimensions))
	}
	llm, err := openai.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("embeddings: openai client: %w", err)
	}
	return newRemote(llm, "openai:"+model, cfg)
}

func newOllama(cfg Config) (Embedder, error) {
	model := cfg.Model
	if model == "" {
		model = DefaultOllamaModel
	}
	base := cfg.BaseURL
	if base == "" {
		base = DefaultOllamaBaseURL
	}
	llm, err := ollama.New(ollama.WithServerURL(base), ollama.WithModel(model))
	if err != nil {
		return nil, fmt.Errorf("embeddings: ollama client: %w", err)
	}
	return newRemote(llm, "ollama:"+model, cfg)
}

func newRemote(client lcembeddings.EmbedderClient, id string, cfg Config) (Embedder, error) {
	// Texts are sent verbatim (no newline stripping) so that every provider
	// embeds exactly what it is given.
	opts := []lcembeddings.Option{lcembeddings.WithStripNewLines(false)}
	if cfg.BatchSize > 0 {
		opts = append(opts, lcembeddings.WithBatchSize(cfg.BatchSize))
	}
	inner, err := lcembeddings.NewEmbedder(client, opts...)
	if err != nil {
		return nil, fmt.Errorf("embeddings: %w", err)
	}
	return &remote{inner: inner, id: id, want: cfg.Dimensions}, nil
}

func (r *remote) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	if err := checkTexts(texts); err != nil {
		return nil, err
	}
	if len(texts) == 0 {
		return [][]float32{}, nil
	}
	vs, err := r.inner.EmbedDocuments(ctx, texts)
	if err != nil {
		return nil, fmt.Errorf("embeddings: %s: %w", r.id, err)
	}
	if len(vs) != len(texts) {
		return nil, fmt.Errorf("embeddings: %s returned %d vectors for %d texts", r.id, len(vs), len(texts))
	}
	if err := r.observe(vs); err != nil {
		return nil, err
	}
	return vs, nil
}

func (r *remote) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	vs, err := r.EmbedDocuments(ctx, []string{text})
	if err != nil {
		return nil, err
	}
	return vs[0], nil
}

// observe checks that every vector has the same, expected length, so a
// misconfigured model cannot write vectors of mixed sizes into the store.
func (r *remote) observe(vs [][]float32) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, v := range vs {
		want := r.dim
		if want == 0 {
			want = r.want
		}
		if want == 0 {
			want = len(v)
		}
		if len(v) == 0 || len(v) != want {
			return fmt.Errorf("embeddings: %s returned a %d-dimensional vector for text %d, want %d", r.id, len(v), i, want)
		}
		r.dim = want
	}
	return nil
}

func (r *remote) Model() string { return r.id }

// Dimension returns the configured dimension, or the one seen in responses;
// if neither is known it makes one probe call (bounded by probeTimeout) and
// returns 0 if that fails, so a later call can retry.
func (r *remote) Dimension() int {
	if r.want > 0 {
		return r.want
	}
	r.mu.Lock()
	d := r.dim
	r.mu.Unlock()
	if d > 0 {
		return d
	}
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	if _, err := r.EmbedQuery(ctx, "dimension probe"); err != nil {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.dim
}
