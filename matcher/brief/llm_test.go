package brief

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
)

var (
	_ Parser = Rules{}
	_ Parser = (*LLMParser)(nil)
)

// fakeModel is a test double of a remote llms.Model: it returns a canned
// reply (or error) after an optional delay and records what it was asked.
type fakeModel struct {
	reply     string
	err       error
	delay     time.Duration
	ignoreCtx bool // keep sleeping after ctx is done, like a provider that ignores it
	noChoices bool
	panics    bool

	mu   sync.Mutex
	msgs []llms.MessageContent
	opts llms.CallOptions
}

func (f *fakeModel) GenerateContent(ctx context.Context, msgs []llms.MessageContent, options ...llms.CallOption) (*llms.ContentResponse, error) {
	f.mu.Lock()
	f.msgs = msgs
	for _, o := range options {
		o(&f.opts)
	}
	f.mu.Unlock()
	if f.panics {
		panic("boom")
	}
	if f.delay > 0 {
		if f.ignoreCtx {
			time.Sleep(f.delay)
		} else {
			select {
			case <-time.After(f.delay):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	if f.noChoices {
		return &llms.ContentResponse{}, nil
	}
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{Content: f.reply}}}, nil
}

func (f *fakeModel) Call(ctx context.Context, prompt string, options ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, f, prompt, options...)
}

const llmBriefText = "oat-milk yogurt launch, Gen Z in the US, TikTok or Instagram, 10k–100k followers, $15k"

const goodReply = `{
  "goal": "launch",
  "budget": {"total": 15000, "currency": "USD"},
  "platforms": ["tiktok", "instagram"],
  "min_followers": 10000,
  "max_followers": 100000,
  "audience": {"ages": ["18-24", "25-34"], "countries": ["US"], "min_age_share": 0.4},
  "topics": ["food", "plant_based"],
  "exclude_safety": ["alcohol"],
  "competitors": ["oatly"],
  "product": "oat-milk yogurt"
}`

// goodBrief is goodReply decoded, for llmBriefText.
func goodBrief() creatormatch.Brief {
	return creatormatch.Brief{
		Text:          llmBriefText,
		Goal:          creatormatch.GoalLaunch,
		Budget:        &creatormatch.Money{Total: 15000, Currency: "USD"},
		Platforms:     []creatormatch.Platform{creatormatch.TikTok, creatormatch.Instagram},
		MinFollowers:  10_000,
		MaxFollowers:  100_000,
		Audience:      creatormatch.AudienceTarget{Ages: []string{"18-24", "25-34"}, Countries: []string{"US"}, MinAgeShare: 0.4},
		Topics:        []string{"food", "plant_based"},
		ExcludeSafety: []string{"alcohol"},
		Competitors:   []string{"oatly"},
		Product:       "oat-milk yogurt",
	}
}

func TestLLMParserUsesGoodJSON(t *testing.T) {
	m := &fakeModel{reply: goodReply}
	res, err := NewLLMParser(m).Parse(context.Background(), llmBriefText)
	require.NoError(t, err)
	assert.Equal(t, SourceLLM, res.Source)
	assert.Empty(t, res.Fallback)
	assert.Equal(t, goodBrief(), res.Brief)

	// The request: a system prompt with the schema and enums, the brief as
	// the user message, JSON mode and temperature 0.
	require.Len(t, m.msgs, 2)
	assert.Equal(t, llms.ChatMessageTypeSystem, m.msgs[0].Role)
	system := m.msgs[0].Parts[0].(llms.TextContent).Text
	for _, s := range []string{`"min_followers"`, `"plant_based"`, `"18-24"`, `"conversion"`, `"politics"`, `"youtube"`} {
		assert.Contains(t, system, s)
	}
	assert.Equal(t, llms.ChatMessageTypeHuman, m.msgs[1].Role)
	assert.Contains(t, m.msgs[1].Parts[0].(llms.TextContent).Text, llmBriefText)
	assert.True(t, m.opts.JSONMode)
	assert.Equal(t, 0.0, m.opts.Temperature)
}

func TestLLMParserNormalisesCase(t *testing.T) {
	m := &fakeModel{reply: "```json\n" + `{"budget": {"total": 8000, "currency": "eur"}, "platforms": ["Instagram"],
		"tiers": ["Micro"], "audience": {"countries": ["de", "at"], "languages": ["DE"]}, "competitors": ["@Oatly"]}` + "\n```"}
	res, err := NewLLMParser(m).Parse(context.Background(), "€8k DACH micro IG")
	require.NoError(t, err)
	require.Equal(t, SourceLLM, res.Source, res.Fallback)
	b := res.Brief
	assert.Equal(t, "EUR", b.Budget.Currency)
	assert.Equal(t, []creatormatch.Platform{creatormatch.Instagram}, b.Platforms)
	assert.Equal(t, []creatormatch.Tier{creatormatch.TierMicro}, b.Tiers)
	assert.Equal(t, int64(10_000), b.MinFollowers, "tier bounds filled like Parse does")
	assert.Equal(t, int64(100_000), b.MaxFollowers)
	assert.Equal(t, []string{"DE", "AT"}, b.Audience.Countries)
	assert.Equal(t, []string{"de"}, b.Audience.Languages)
	assert.Equal(t, []string{"oatly"}, b.Competitors)
}

// TestLLMParserReadsCategoryAndAsks: the model fills product_category and
// content_asks like the rules parser, and the prompt tells it the creators'
// niches are not the product's.
func TestLLMParserReadsCategoryAndAsks(t *testing.T) {
	m := &fakeModel{reply: `{"topics": ["parenting"], "product_category": " Automotive ",
		"content_asks": ["Life with young children", "road trips", "road  trips"]}`}
	text := "Family car brand wants moms and dads who post about life with young children and road trips."
	res, err := NewLLMParser(m).Parse(context.Background(), text)
	require.NoError(t, err)
	require.Equal(t, SourceLLM, res.Source, res.Fallback)
	assert.Equal(t, []string{"parenting"}, res.Brief.Topics)
	assert.Equal(t, "automotive", res.Brief.ProductCategory)
	assert.Equal(t, []string{"life with young children", "road trips"}, res.Brief.ContentAsks)
	system := m.msgs[0].Parts[0].(llms.TextContent).Text
	for _, s := range []string{`"product_category"`, `"content_asks"`, "not from what the brand sells"} {
		assert.Contains(t, system, s)
	}
}

func TestLLMParserFallsBack(t *testing.T) {
	tests := []struct {
		name   string
		model  *fakeModel
		opts   []LLMOption
		ctx    func() (context.Context, context.CancelFunc)
		reason string
	}{
		{name: "bad JSON", model: &fakeModel{reply: `{"goal": "launch",`}, reason: "invalid JSON"},
		{name: "prose", model: &fakeModel{reply: `Sure! Here is the brief: {"goal":"launch"}`}, reason: "invalid JSON"},
		{name: "unknown key", model: &fakeModel{reply: `{"goal": "launch", "vibe": "fun"}`}, reason: "unknown field"},
		{name: "wrong type", model: &fakeModel{reply: `{"min_followers": "10k"}`}, reason: "invalid JSON"},
		{name: "trailing data", model: &fakeModel{reply: `{"goal": "launch"} {"goal": "awareness"}`}, reason: "data after the object"},
		{name: "invalid platform", model: &fakeModel{reply: `{"platforms": ["myspace"]}`}, reason: "platforms[0]"},
		{name: "invalid goal", model: &fakeModel{reply: `{"goal": "virality"}`}, reason: "goal"},
		{name: "min above max", model: &fakeModel{reply: `{"min_followers": 100000, "max_followers": 1000}`}, reason: "min_followers"},
		{name: "share out of range", model: &fakeModel{reply: `{"audience": {"min_age_share": 30}}`}, reason: "audience.min_age_share"},
		{name: "unknown age bucket", model: &fakeModel{reply: `{"audience": {"ages": ["18-25"]}}`}, reason: "audience.ages[0]"},
		{name: "negative budget", model: &fakeModel{reply: `{"budget": {"total": -5}}`}, reason: "budget.total"},
		{name: "model error", model: &fakeModel{err: errors.New("429 rate limited")}, reason: "429 rate limited"},
		{name: "no choices", model: &fakeModel{noChoices: true}, reason: "empty response"},
		{name: "model panics", model: &fakeModel{panics: true}, reason: "panicked"},
		{
			name:  "slow model, ctx deadline",
			model: &fakeModel{reply: goodReply, delay: 5 * time.Second},
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 50*time.Millisecond)
			},
			reason: "deadline exceeded",
		},
		{
			name:  "slow model ignoring ctx",
			model: &fakeModel{reply: goodReply, delay: 10 * time.Second, ignoreCtx: true},
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 50*time.Millisecond)
			},
			reason: "deadline exceeded",
		},
		{
			name:   "parser timeout",
			model:  &fakeModel{reply: goodReply, delay: 5 * time.Second},
			opts:   []LLMOption{WithTimeout(50 * time.Millisecond)},
			reason: "deadline exceeded",
		},
		{
			name:  "caller already cancelled",
			model: &fakeModel{reply: goodReply},
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx, cancel
			},
			reason: "canceled",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.Background(), context.CancelFunc(func() {})
			if tc.ctx != nil {
				ctx, cancel = tc.ctx()
			}
			defer cancel()
			start := time.Now()
			res, err := NewLLMParser(tc.model, tc.opts...).Parse(ctx, llmBriefText)
			require.NoError(t, err)
			if tc.model.delay > 0 {
				// Not a timing target: a parser that waited for the
				// model would take its whole delay (5–10 s).
				assert.Less(t, time.Since(start), tc.model.delay, "fallback must not wait for the model")
			}
			assert.Equal(t, SourceRules, res.Source)
			assert.Contains(t, res.Fallback, tc.reason)
			assert.Equal(t, Parse(llmBriefText), res.Brief)
		})
	}
}

func TestLLMParserWithoutModel(t *testing.T) {
	res, err := NewLLMParser(nil).Parse(context.Background(), llmBriefText)
	require.NoError(t, err)
	assert.Equal(t, SourceRules, res.Source)
	assert.Equal(t, "no model configured", res.Fallback)

	m := &fakeModel{reply: goodReply}
	res, _ = NewLLMParser(m).Parse(context.Background(), "   ")
	assert.Equal(t, SourceRules, res.Source)
	assert.Nil(t, m.msgs, "an empty brief is not sent to the model")
}

func TestLLMParserOptions(t *testing.T) {
	m := &fakeModel{reply: `{"goal": "awareness"}`}
	long := strings.Repeat("a", 500)
	res, err := NewLLMParser(m, WithJSONMode(false), WithMaxInputBytes(100), WithCallOptions(llms.WithModel("gpt-x"), llms.WithMaxTokens(300))).
		Parse(context.Background(), long)
	require.NoError(t, err)
	assert.Equal(t, SourceLLM, res.Source)
	assert.Equal(t, long, res.Brief.Text, "Text is the whole input")
	assert.False(t, m.opts.JSONMode)
	assert.Equal(t, "gpt-x", m.opts.Model)
	assert.Equal(t, 300, m.opts.MaxTokens)
	assert.Less(t, len(m.msgs[1].Parts[0].(llms.TextContent).Text), 200, "input capped")
}

func TestRulesParser(t *testing.T) {
	res, err := Rules{}.Parse(context.Background(), llmBriefText)
	require.NoError(t, err)
	assert.Equal(t, Result{Brief: Parse(llmBriefText), Source: SourceRules}, res)
}
