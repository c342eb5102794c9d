package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/matcher/brief"
)

// fakeLLM is an OpenAI- and Ollama-compatible chat server on 127.0.0.1
// whose behaviour a test can switch while a server process uses it.
type fakeLLM struct {
	*httptest.Server
	mu     sync.Mutex
	reply  string
	status int           // non-zero: fail with this status
	delay  time.Duration // answer only after this long (or when the client gives up)
	bodies []string      // raw request bodies
	auth   []string      // Authorization headers
}

const fakeLLMReply = `{"goal": "launch", "platforms": ["tiktok"], "topics": ["food"], "product": "oat-milk yogurt"}`

func newFakeLLM(t *testing.T) *fakeLLM {
	t.Helper()
	f := &fakeLLM{reply: fakeLLMReply}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.bodies = append(f.bodies, string(raw))
		f.auth = append(f.auth, r.Header.Get("Authorization"))
		reply, status, delay := f.reply, f.status, f.delay
		f.mu.Unlock()
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		if status != 0 {
			http.Error(w, `{"error": {"message": "fake model down"}}`, status)
			return
		}
		msg := map[string]any{"role": "assistant", "content": reply}
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/chat/completions":
			_ = json.NewEncoder(w).Encode(map[string]any{"id": "c1", "object": "chat.completion", "created": 1,
				"choices": []any{map[string]any{"index": 0, "message": msg, "finish_reason": "stop"}}})
		case "/api/chat":
			_ = json.NewEncoder(w).Encode(map[string]any{"created_at": "2026-01-01T00:00:00Z", "message": msg, "done": true})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeLLM) set(reply string, status int, delay time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reply, f.status, f.delay = reply, status, delay
}

func (f *fakeLLM) requests() (bodies, auth []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.bodies...), append([]string(nil), f.auth...)
}

// briefFromFlags registers the shared configuration on a fresh flag set
// with env as the environment, parses args, and builds the brief parser.
func briefFromFlags(t *testing.T, env map[string]string, args ...string) (brief.Parser, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg := registerConfig(fs, func(k string) string { return env[k] })
	require.NoError(t, fs.Parse(args))
	return cfg.Brief.parser(slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func TestBriefParserConfig(t *testing.T) {
	p, err := briefFromFlags(t, nil)
	require.NoError(t, err)
	assert.Equal(t, brief.Rules{}, p, "rules by default")

	p, err = briefFromFlags(t, map[string]string{"CREATORMATCH_BRIEF_PARSER": "llm", "CREATORMATCH_LLM_MODEL": "m", "OPENAI_API_KEY": "k"}, "--brief-parser", "rules")
	require.NoError(t, err)
	assert.Equal(t, brief.Rules{}, p, "the flag wins over the environment")

	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string // "" for a valid configuration
	}{
		{name: "openai, key from OPENAI_API_KEY", env: map[string]string{"OPENAI_API_KEY": "k"}, args: []string{"--brief-parser", "llm", "--llm-model", "gpt-4o-mini"}},
		{name: "all from the environment", env: map[string]string{"CREATORMATCH_BRIEF_PARSER": "llm", "CREATORMATCH_LLM_PROVIDER": "ollama", "CREATORMATCH_LLM_MODEL": "llama3.1", "CREATORMATCH_LLM_URL": "http://127.0.0.1:11434", "CREATORMATCH_LLM_TIMEOUT": "3s"}},
		{name: "ollama needs no key", args: []string{"--brief-parser", "llm", "--llm-provider", "ollama", "--llm-model", "llama3.1"}},
		{name: "unknown parser", args: []string{"--brief-parser", "gpt"}, want: `bad --brief-parser "gpt": rules or llm`},
		{name: "llm without a model", env: map[string]string{"OPENAI_API_KEY": "k"}, args: []string{"--brief-parser", "llm"}, want: "--brief-parser llm needs --llm-model"},
		{name: "unknown provider", args: []string{"--brief-parser", "llm", "--llm-provider", "anthropic", "--llm-model", "m"}, want: `bad --llm-provider "anthropic": openai or ollama`},
		{name: "openai without a key", args: []string{"--brief-parser", "llm", "--llm-model", "m"}, want: "needs an API key in $CREATORMATCH_LLM_API_KEY or $OPENAI_API_KEY"},
		{name: "URL without a scheme", args: []string{"--brief-parser", "llm", "--llm-provider", "ollama", "--llm-model", "m", "--llm-url", "localhost:11434"}, want: `bad --llm-url "localhost:11434"`},
		{name: "zero timeout", env: map[string]string{"CREATORMATCH_LLM_API_KEY": "k"}, args: []string{"--brief-parser", "llm", "--llm-model", "m", "--llm-timeout", "0s"}, want: "bad --llm-timeout 0s: must be positive"},
		{name: "bad timeout in the environment", env: map[string]string{"CREATORMATCH_LLM_API_KEY": "k", "CREATORMATCH_LLM_TIMEOUT": "ten"}, args: []string{"--brief-parser", "llm", "--llm-model", "m"}, want: `bad $CREATORMATCH_LLM_TIMEOUT "ten"`},
		{name: "bad timeout ignored by rules", env: map[string]string{"CREATORMATCH_LLM_TIMEOUT": "ten"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := briefFromFlags(t, tc.env, tc.args...)
			if tc.want == "" {
				require.NoError(t, err)
				assert.NotNil(t, p)
				return
			}
			require.Error(t, err)
			assert.ErrorAs(t, err, new(usageError), "a configuration mistake exits with status 2")
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestBriefParserReachesTheModel builds the parser as the binary does and
// checks each provider reaches the configured URL with the model and key.
func TestBriefParserReachesTheModel(t *testing.T) {
	for _, tc := range []struct {
		provider, url string
	}{
		{"openai", "/v1"},
		{"ollama", ""},
	} {
		t.Run(tc.provider, func(t *testing.T) {
			f := newFakeLLM(t)
			p, err := briefFromFlags(t, map[string]string{"CREATORMATCH_LLM_API_KEY": "sk-test", "OPENAI_API_KEY": "sk-other"},
				"--brief-parser", "llm", "--llm-provider", tc.provider, "--llm-model", "fake-model", "--llm-url", f.URL+tc.url)
			require.NoError(t, err)
			res, err := p.Parse(context.Background(), "oat-milk yogurt launch on TikTok")
			require.NoError(t, err)
			require.Equal(t, brief.SourceLLM, res.Source, res.Fallback)
			assert.Equal(t, "oat-milk yogurt", res.Brief.Product)
			bodies, auth := f.requests()
			require.Len(t, bodies, 1)
			assert.Contains(t, bodies[0], "oat-milk yogurt launch on TikTok")
			assert.Contains(t, bodies[0], `"fake-model"`)
			if tc.provider == "openai" {
				assert.Equal(t, "Bearer sk-test", auth[0], "CREATORMATCH_LLM_API_KEY wins over OPENAI_API_KEY")
			}
		})
	}
}

func TestServeRejectsBadBriefParserConfig(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "")
	t.Setenv("CREATORMATCH_LLM_API_KEY", "")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--brief-parser", "llm"}, "needs --llm-model"},
		{[]string{"match", "--brief-parser", "llm", "--llm-model", "m", "a brief"}, "needs an API key"},
		{[]string{"serve", "--brief-parser", "llm", "--llm-provider", "ollama", "--llm-model", "m", "--llm-timeout", "30s"}, "--llm-timeout 30s must be shorter than --request-timeout 30s"},
	} {
		code, _, errs := runCLI(t, map[string]string{"DATABASE_URL": "", "CREATORMATCH_DATA_DIR": t.TempDir()}, tc.args...)
		assert.Equal(t, 2, code, errs)
		assert.Contains(t, errs, tc.want)
	}
}

// logged waits a little for the server's log to contain want: stderr
// reaches the test through a pipe, after the response may have.
func (s *server) logged(t *testing.T, want string) {
	t.Helper()
	assert.Eventually(t, func() bool { return strings.Contains(s.logs.String(), want) }, 5*time.Second, 20*time.Millisecond,
		"log line %q missing; logs:\n%s", want, s.logs)
}

// TestMatchCommandWithLLMBriefParser: the match command gets the same
// parser as serve.
func TestMatchCommandWithLLMBriefParser(t *testing.T) {
	testenv.Embedder(t)
	f := newFakeLLM(t)
	env := map[string]string{"DATABASE_URL": "", "CREATORMATCH_DATA_DIR": t.TempDir(), "CREATORMATCH_MODEL_DIR": testenv.ModelDir(),
		"CREATORMATCH_BRIEF_PARSER": "llm", "CREATORMATCH_LLM_PROVIDER": "ollama", "CREATORMATCH_LLM_MODEL": "fake-model", "CREATORMATCH_LLM_URL": f.URL}
	code, out, errs := runCLI(t, env, "match", "--json", "Fizzy kombucha launch for TikTok foodies")
	require.Equal(t, 0, code, errs)
	var resp struct {
		Source string `json:"brief_source"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &resp))
	assert.Equal(t, "llm", resp.Source)
	bodies, _ := f.requests()
	require.Len(t, bodies, 1)
	assert.Contains(t, bodies[0], "Fizzy kombucha launch for TikTok foodies")
}

// TestServeWithLLMBriefParser runs the binary with --brief-parser llm
// against a fake model: the model answers (brief_source llm), and when it
// fails or hangs the rules parser answers within the LLM timeout.
func TestServeWithLLMBriefParser(t *testing.T) {
	testenv.Embedder(t)
	f := newFakeLLM(t)
	bin := buildBinary(t)
	const llmTimeout = time.Second
	s := startServer(t, bin, []string{"DATABASE_URL=", "CREATORMATCH_DATA_DIR=" + filepath.Join(t.TempDir(), "data"),
		"CREATORMATCH_MODEL_DIR=" + testenv.ModelDir(), "CREATORMATCH_LLM_API_KEY=sk-test", "CREATORMATCH_LOG_LEVEL=info"},
		"--brief-parser", "llm", "--llm-model", "fake-model", "--llm-url", f.URL+"/v1", "--llm-timeout", llmTimeout.String())
	assert.Contains(t, s.logs.String(), `"brief_parser":"llm:openai:fake-model"`)

	match := func(t *testing.T, text string) (source string, product string) {
		t.Helper()
		resp := s.post(t, "/v1/match", `{"brief": {"text": "`+text+`"}, "limit": 3}`)
		body, _ := io.ReadAll(resp.Body)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s\nlogs:\n%s", body, s.logs.String())
		var out struct {
			Source string `json:"brief_source"`
			Brief  struct {
				Product string `json:"product"`
			} `json:"brief"`
		}
		require.NoError(t, json.Unmarshal(body, &out))
		return out.Source, out.Brief.Product
	}

	t.Run("model answers", func(t *testing.T) {
		source, product := match(t, "Fizzy kombucha launch for TikTok foodies")
		assert.Equal(t, "llm", source)
		assert.Equal(t, "oat-milk yogurt", product, "the brief is the model's")
		bodies, _ := f.requests()
		require.NotEmpty(t, bodies)
		assert.Contains(t, bodies[len(bodies)-1], "Fizzy kombucha launch for TikTok foodies", "the model saw the brief text")
	})
	t.Run("model fails", func(t *testing.T) {
		f.set(fakeLLMReply, http.StatusInternalServerError, 0)
		source, product := match(t, "Fizzy kombucha launch for TikTok foodies")
		assert.Equal(t, "rules", source)
		assert.NotEqual(t, "oat-milk yogurt", product, "the brief is the rules parser's")
		s.logged(t, `"llm brief parser failed; the rules parser answered","reason":"llm call: API returned unexpected status code: 500`)
	})
	t.Run("model hangs", func(t *testing.T) {
		f.set(fakeLLMReply, 0, time.Minute)
		start := time.Now()
		source, _ := match(t, "Fizzy kombucha launch for TikTok foodies")
		assert.Equal(t, "rules", source)
		// Generous: the point is that the request does not wait a minute.
		assert.Less(t, time.Since(start), llmTimeout+10*time.Second)
		s.logged(t, "context deadline exceeded")
	})
}
