// Package embeddings is the provider-neutral text embedding API of the
// product. The default provider, "use-lite", runs Universal Sentence Encoder
// Lite in-process (package embeddings/uselite) so the product works with no
// external service; "openai" and "ollama" go through langchaingo for
// deployments that prefer a hosted or local model server.
//
// Vectors from different providers (or models) are not comparable, which is
// why every Embedder reports a Model() id to be stored next to its vectors.
package embeddings

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	lcembeddings "github.com/tmc/langchaingo/embeddings"

	"github.com/creatormatch/creatormatch/embeddings/uselite"
)

// Embedder turns texts into vectors. Implementations are safe for concurrent
// use. It is a superset of langchaingo's embeddings.Embedder, so an Embedder
// plugs straight into langchaingo vector stores.
type Embedder interface {
	// EmbedDocuments returns one vector per text, in order.
	EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error)
	// EmbedQuery embeds a single text.
	EmbedQuery(ctx context.Context, text string) ([]float32, error)
	// Model identifies the provider, model and version, e.g.
	// "use-lite-0.2.0" or "openai:text-embedding-3-small".
	Model() string
	// Dimension is the vector length (0 if a remote provider could not be
	// reached to discover it yet).
	Dimension() int
}

var _ lcembeddings.Embedder = Embedder(nil)

// ErrEmptyText is returned (wrapped with the offending text's index) for an
// empty or whitespace-only text: it has no meaning to embed, and callers map
// it to a 4xx response.
var ErrEmptyText = errors.New("embeddings: text is empty or whitespace-only")

// Provider names accepted in Config.Provider.
const (
	ProviderUSELite = "use-lite"
	ProviderOpenAI  = "openai"
	ProviderOllama  = "ollama"
)

// Defaults for the remote providers. The OpenAI model is set explicitly
// because langchaingo would otherwise fall back to text-embedding-ada-002.
const (
	DefaultOpenAIModel   = "text-embedding-3-small"
	DefaultOpenAIBaseURL = "https://api.openai.com/v1"
	DefaultOllamaModel   = "nomic-embed-text"
	DefaultOllamaBaseURL = "http://localhost:11434"
)

// Config selects and configures a provider. It is filled by the caller (from
// flags, env or a config file); this package reads no environment itself.
type Config struct {
	// Provider is "use-lite" (default when empty), "openai" or "ollama".
	Provider string
	// Model is the remote model name; for use-lite it must be empty or
	// "use-lite-0.2.0".
	Model string
	// Dimensions requests a vector size from providers that support it
	// (OpenAI text-embedding-3-*), and otherwise is the expected size; 0
	// means "whatever the model returns", discovered lazily.
	Dimensions int
	// BaseURL of the remote API (e.g. http://localhost:11434 for Ollama,
	// https://api.openai.com/v1 or a compatible server for OpenAI).
	BaseURL string
	// APIKey for OpenAI; required for that provider.
	APIKey string
	// ModelDir holds the USE-lite weights; empty means DefaultModelDir().
	ModelDir string
	// BatchSize is how many texts go into one forward pass or request
	// (default 32 for use-lite, 512 for remote providers).
	BatchSize int
}

// DefaultModelDir is where scripts/fetch-model puts the USE-lite weights by
// default: ${XDG_CACHE_HOME:-$HOME/.cache}/creatormatch/models/use-lite-0.2.0.
// (The script also honours CREATORMATCH_MODEL_DIR; callers that do too pass
// it as Config.ModelDir.)
func DefaultModelDir() string { return ModelDirFrom(os.Getenv) }

// ModelDirFrom is DefaultModelDir reading the environment through getenv
// (the CLI passes its own, so tests can give it another): the one
// definition of the default weights directory.
func ModelDirFrom(getenv func(string) string) string {
	cache := getenv("XDG_CACHE_HOME")
	if cache == "" {
		if home, err := os.UserHomeDir(); err == nil {
			cache = filepath.Join(home, ".cache")
		} else {
			cache = os.TempDir()
		}
	}
	return filepath.Join(cache, "creatormatch", "models", uselite.ModelID)
}

// New builds the Embedder described by cfg. For use-lite it loads and
// verifies the weights (~0.1 s); remote providers are not contacted until
// the first call.
func New(ctx context.Context, cfg Config) (Embedder, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	switch strings.ToLower(strings.TrimSpace(cfg.Provider)) {
	case "", ProviderUSELite:
		return newUSELite(cfg)
	case ProviderOpenAI:
		return newOpenAI(cfg)
	case ProviderOllama:
		return newOllama(cfg)
	default:
		return nil, fmt.Errorf("embeddings: unknown provider %q (want %q, %q or %q)",
			cfg.Provider, ProviderUSELite, ProviderOpenAI, ProviderOllama)
	}
}

// checkTexts rejects empty and whitespace-only texts before any work is done.
func checkTexts(texts []string) error {
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			return fmt.Errorf("text %d: %w", i, ErrEmptyText)
		}
	}
	return nil
}

// useLite adapts uselite.Model to Embedder.
type useLite struct{ m *uselite.Model }

func newUSELite(cfg Config) (Embedder, error) {
	if cfg.Model != "" && cfg.Model != uselite.ModelID {
		return nil, fmt.Errorf("embeddings: provider use-lite only serves model %q, not %q", uselite.ModelID, cfg.Model)
	}
	if cfg.Dimensions != 0 && cfg.Dimensions != uselite.Dimension {
		return nil, fmt.Errorf("embeddings: use-lite vectors have %d dimensions, not %d", uselite.Dimension, cfg.Dimensions)
	}
	dir := cfg.ModelDir
	if dir == "" {
		dir = DefaultModelDir()
	}
	var opts []uselite.Option
	if cfg.BatchSize > 0 {
		opts = append(opts, uselite.WithBatchSize(cfg.BatchSize))
	}
	m, err := uselite.Load(dir, opts...)
	if err != nil {
		return nil, fmt.Errorf("embeddings: %w", err)
	}
	return &useLite{m: m}, nil
}

// NewUSELite wraps an already loaded model, e.g. one shared between tests.
func NewUSELite(m *uselite.Model) Embedder { return &useLite{m: m} }

func (u *useLite) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	if err := checkTexts(texts); err != nil {
		return nil, err
	}
	if len(texts) == 0 {
		return [][]float32{}, nil
	}
	return u.m.Embed(ctx, texts)
}

func (u *useLite) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	v, err := u.EmbedDocuments(ctx, []string{text})
	if err != nil {
		return nil, err
	}
	return v[0], nil
}

func (u *useLite) Model() string { return uselite.ModelID }

// FLOPs counts the useful floating-point operations of embedding texts (see
// uselite.ForwardFLOPs); benchmarks divide it by time to report how close
// to the CPU's peak the embedder runs.
func (u *useLite) FLOPs(texts []string) (float64, int) { return u.m.FLOPs(texts) }
func (u *useLite) Dimension() int                      { return uselite.Dimension }
