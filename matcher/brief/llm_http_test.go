package brief

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"
)

// The tests in this file drive LLMParser through langchaingo's real OpenAI
// and Ollama clients against a fake model server on 127.0.0.1 (never the
// internet): they check the wire formats and that a failing or slow server
// makes the rules parser answer within the timeout.

// fakeLLMServer answers OpenAI's POST /v1/chat/completions and Ollama's
// POST /api/chat with reply as the assistant's message, or fails as told.
type fakeLLMServer struct {
	*httptest.Server
	reply  string
	status int           // non-zero: answer with this status and an error body
	broken bool          // answer 200 with a body that is not JSON
	delay  time.Duration // wait this long (or until the client gives up) first

	mu     sync.Mutex
	bodies []map[string]any // the decoded request bodies
}

func newFakeLLMServer(t *testing.T, f *fakeLLMServer) *fakeLLMServer {
	t.Helper()
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve)) // listens on 127.0.0.1
	t.Cleanup(f.Close)
	return f
}

func (f *fakeLLMServer) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	_ = json.Unmarshal(raw, &body)
	f.mu.Lock()
	f.bodies = append(f.bodies, body)
	f.mu.Unlock()
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-r.Context().Done():
			return
		}
	}
	if f.status != 0 {
		w.WriteHeader(f.status)
		_, _ = io.WriteString(w, `{"error": {"message": "the fake model is down", "type": "server_error"}}`)
		return
	}
	if f.broken {
		_, _ = io.WriteString(w, "<html>502 Bad Gateway</html>")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/v1/chat/completions":
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": body["model"],
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": f.reply}}},
			"usage": map[string]any{"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
		})
	case "/api/chat":
		_ = json.NewEncoder(w).Encode(map[string]any{
			"model": body["model"], "created_at": "2026-01-01T00:00:00Z", "done": true,
			"message": map[string]any{"role": "assistant", "content": f.reply},
		})
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeLLMServer) requests() []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]map[string]any(nil), f.bodies...)
}

// httpProviders build a langchaingo model of each provider for a fake.
var httpProviders = map[string]func(t *testing.T, f *fakeLLMServer) llms.Model{
	"openai": func(t *testing.T, f *fakeLLMServer) llms.Model {
		m, err := openai.New(openai.WithToken("test-key"), openai.WithBaseURL(f.URL+"/v1"), openai.WithModel("fake-gpt"), openai.WithOrganization(""))
		require.NoError(t, err)
		return m
	},
	"ollama": func(t *testing.T, f *fakeLLMServer) llms.Model {
		m, err := ollama.New(ollama.WithServerURL(f.URL), ollama.WithModel("fake-llama"))
		require.NoError(t, err)
		return m
	},
}

func TestLLMParserOverHTTP(t *testing.T) {
	for name, model := range httpProviders {
		t.Run(name, func(t *testing.T) {
			f := newFakeLLMServer(t, &fakeLLMServer{reply: goodReply})
			res, err := NewLLMParser(model(t, f), WithTimeout(5*time.Second)).Parse(context.Background(), llmBriefText)
			require.NoError(t, err)
			require.Equal(t, SourceLLM, res.Source, res.Fallback)
			assert.Empty(t, res.Fallback)
			assert.Equal(t, goodBrief(), res.Brief)

			reqs := f.requests()
			require.Len(t, reqs, 1)
			sent, _ := json.Marshal(reqs[0]["messages"])
			assert.Contains(t, string(sent), "oat-milk yogurt launch, Gen Z in the US", "the brief text reaches the model")
			switch name {
			case "openai":
				assert.Equal(t, "fake-gpt", reqs[0]["model"])
				assert.Equal(t, map[string]any{"type": "json_object"}, reqs[0]["response_format"], "JSON mode")
			case "ollama":
				assert.Equal(t, "fake-llama", reqs[0]["model"])
				assert.Equal(t, "json", reqs[0]["format"], "JSON mode")
			}
		})
	}
}

func TestLLMParserOverHTTPFallsBack(t *testing.T) {
	const timeout = 300 * time.Millisecond
	cases := map[string]*fakeLLMServer{
		"status 500":         {status: http.StatusInternalServerError},
		"body not JSON":      {broken: true},
		"reply not JSON":     {reply: `Sure! Here is the brief: {"goal": "launch"`},
		"reply off schema":   {reply: `{"goal": "launch", "platforms": ["myspace"]}`},
		"slower than limits": {reply: goodReply, delay: 20 * time.Second},
	}
	for provider, model := range httpProviders {
		for name, fake := range cases {
			t.Run(provider+"/"+name, func(t *testing.T) {
				f := newFakeLLMServer(t, &fakeLLMServer{reply: fake.reply, status: fake.status, broken: fake.broken, delay: fake.delay})
				start := time.Now()
				res, err := NewLLMParser(model(t, f), WithTimeout(timeout)).Parse(context.Background(), llmBriefText)
				took := time.Since(start)
				require.NoError(t, err)
				assert.Equal(t, SourceRules, res.Source)
				assert.NotEmpty(t, res.Fallback)
				assert.Equal(t, Parse(llmBriefText), res.Brief, "the rules parser answered")
				assert.Len(t, f.requests(), 1, "the model was asked once")
				// A generous bound, not a timing target: a parser that
				// waited for the slow server would take 20 s.
				assert.Less(t, took, timeout+3*time.Second)
				if fake.delay > 0 {
					assert.Contains(t, res.Fallback, "deadline exceeded")
				}
			})
		}
	}
}

// TestLLMParserOverHTTPHonoursCallerDeadline: with a parser timeout longer
// than the caller's deadline, the caller's deadline wins.
func TestLLMParserOverHTTPHonoursCallerDeadline(t *testing.T) {
	f := newFakeLLMServer(t, &fakeLLMServer{reply: goodReply, delay: 20 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := NewLLMParser(httpProviders["openai"](t, f), WithTimeout(time.Minute)).Parse(ctx, llmBriefText)
	require.NoError(t, err)
	assert.Equal(t, SourceRules, res.Source)
	assert.Contains(t, res.Fallback, "deadline exceeded")
	assert.Less(t, time.Since(start), 3*time.Second)
}
