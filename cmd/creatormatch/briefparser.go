package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"

	"github.com/creatormatch/creatormatch/embeddings"
	"github.com/creatormatch/creatormatch/matcher/brief"
)

// Brief parsers and LLM providers accepted by --brief-parser and
// --llm-provider.
const (
	briefParserRules = "rules"
	briefParserLLM   = "llm"
	llmOpenAI        = "openai"
	llmOllama        = "ollama"
)

// defaultLLMTimeout bounds one model call; it must stay below the server's
// request timeout so that the rules fallback still has time to answer.
const defaultLLMTimeout = 10 * time.Second

// briefConfig selects the parser that turns brief text into a structured
// brief: the deterministic rules, or a language model with the rules as
// the fallback.
type briefConfig struct {
	Parser   string // rules or llm
	Provider string // openai or ollama
	Model    string
	BaseURL  string
	Timeout  time.Duration
	// APIKey is CREATORMATCH_LLM_API_KEY; OpenAIKey is OPENAI_API_KEY, used
	// by the openai provider when APIKey is empty. Both come from the
	// environment only, so a key never shows up in a process listing.
	APIKey    string
	OpenAIKey string
	// timeoutErr is a CREATORMATCH_LLM_TIMEOUT that is not a duration,
	// reported when the parser is built.
	timeoutErr error
}

// registerBrief defines the brief parser flags on fs, defaulting from env.
func registerBrief(fs *flag.FlagSet, getenv func(string) string, c *briefConfig) {
	fs.StringVar(&c.Parser, "brief-parser", or(getenv("CREATORMATCH_BRIEF_PARSER"), briefParserRules), "brief text parser: rules, or llm (a language model, falling back to rules) [$CREATORMATCH_BRIEF_PARSER]")
	fs.StringVar(&c.Provider, "llm-provider", or(getenv("CREATORMATCH_LLM_PROVIDER"), llmOpenAI), "with --brief-parser llm: openai (or any OpenAI-compatible server) or ollama [$CREATORMATCH_LLM_PROVIDER]")
	fs.StringVar(&c.Model, "llm-model", getenv("CREATORMATCH_LLM_MODEL"), "with --brief-parser llm: the chat model, e.g. gpt-4o-mini or llama3.1 (required) [$CREATORMATCH_LLM_MODEL]")
	fs.StringVar(&c.BaseURL, "llm-url", getenv("CREATORMATCH_LLM_URL"), "with --brief-parser llm: base URL of the model API (default "+embeddings.DefaultOpenAIBaseURL+" or "+embeddings.DefaultOllamaBaseURL+") [$CREATORMATCH_LLM_URL]")
	timeout := defaultLLMTimeout
	if v := getenv("CREATORMATCH_LLM_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			c.timeoutErr = fmt.Errorf("bad $CREATORMATCH_LLM_TIMEOUT %q: %w", v, err)
		} else {
			timeout = d
		}
	}
	fs.DurationVar(&c.Timeout, "llm-timeout", timeout, "with --brief-parser llm: time limit of one model call; on expiry the rules parser answers [$CREATORMATCH_LLM_TIMEOUT]")
	c.APIKey = getenv("CREATORMATCH_LLM_API_KEY")
	c.OpenAIKey = getenv("OPENAI_API_KEY")
}

func (c briefConfig) llm() bool {
	return strings.EqualFold(strings.TrimSpace(c.Parser), briefParserLLM)
}

// describe names the configured parser for the start-up log.
func (c briefConfig) describe() string {
	if !c.llm() {
		return briefParserRules
	}
	return fmt.Sprintf("%s:%s:%s", briefParserLLM, strings.ToLower(strings.TrimSpace(c.Provider)), c.Model)
}

// parser builds the configured brief.Parser; an invalid combination is a
// usageError. Nothing is contacted here: the first brief does that.
func (c briefConfig) parser(log *slog.Logger) (brief.Parser, error) {
	switch strings.ToLower(strings.TrimSpace(c.Parser)) {
	case briefParserRules:
		return brief.Rules{}, nil
	case briefParserLLM:
	default:
		return nil, usageError{fmt.Sprintf("bad --brief-parser %q: rules or llm", c.Parser)}
	}
	if c.timeoutErr != nil {
		return nil, usageError{c.timeoutErr.Error()}
	}
	if c.Timeout <= 0 {
		return nil, usageError{fmt.Sprintf("bad --llm-timeout %s: must be positive", c.Timeout)}
	}
	if strings.TrimSpace(c.Model) == "" {
		return nil, usageError{"--brief-parser llm needs --llm-model (or $CREATORMATCH_LLM_MODEL)"}
	}
	provider := strings.ToLower(strings.TrimSpace(c.Provider))
	var base string
	switch provider {
	case llmOpenAI:
		base = or(c.BaseURL, embeddings.DefaultOpenAIBaseURL)
	case llmOllama:
		base = or(c.BaseURL, embeddings.DefaultOllamaBaseURL)
	default:
		return nil, usageError{fmt.Sprintf("bad --llm-provider %q: openai or ollama", c.Provider)}
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usageError{fmt.Sprintf("bad --llm-url %q: want an http(s) base URL such as %s", base, map[string]string{
			llmOpenAI: embeddings.DefaultOpenAIBaseURL, llmOllama: embeddings.DefaultOllamaBaseURL}[provider])}
	}

	var model llms.Model
	switch provider {
	case llmOpenAI:
		key := or(c.APIKey, c.OpenAIKey)
		if key == "" {
			return nil, usageError{"--llm-provider openai needs an API key in $CREATORMATCH_LLM_API_KEY or $OPENAI_API_KEY (any value for a local server that checks none)"}
		}
		// Every option is set explicitly: langchaingo would otherwise read
		// OPENAI_MODEL, OPENAI_BASE_URL and OPENAI_ORGANIZATION itself.
		m, err := openai.New(openai.WithToken(key), openai.WithBaseURL(base), openai.WithModel(c.Model), openai.WithOrganization(""))
		if err != nil {
			return nil, fmt.Errorf("llm brief parser: openai client: %w", err)
		}
		model = m
	case llmOllama:
		m, err := ollama.New(ollama.WithServerURL(base), ollama.WithModel(c.Model))
		if err != nil {
			return nil, fmt.Errorf("llm brief parser: ollama client: %w", err)
		}
		model = m
	}
	p := brief.NewLLMParser(model, brief.WithTimeout(c.Timeout), brief.WithCallOptions(llms.WithModel(c.Model)))
	return loggedParser{p: p, log: log}, nil
}

// loggedParser logs why the model's answer was not used: the response
// only says that the rules answered (brief_source "rules").
type loggedParser struct {
	p   brief.Parser
	log *slog.Logger
}

func (l loggedParser) Parse(ctx context.Context, text string) (brief.Result, error) {
	res, err := l.p.Parse(ctx, text)
	if err == nil && res.Fallback != "" {
		l.log.WarnContext(ctx, "llm brief parser failed; the rules parser answered", "reason", res.Fallback)
	}
	return res, err
}
