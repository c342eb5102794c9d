package brief

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/tmc/langchaingo/llms"
)

// Sources of a parsed brief (Result.Source).
const (
	SourceLLM   = "llm"
	SourceRules = "rules"
)

// Result is a parsed brief and how it was obtained.
type Result struct {
	Brief creatormatch.Brief
	// Source is SourceLLM or SourceRules.
	Source string
	// Fallback says why the rules parser was used instead of the model
	// ("llm call: context deadline exceeded", "llm output: invalid JSON:
	// ..."); empty when the model's answer was used or when no model was
	// asked (Rules).
	Fallback string
}

// Parser turns brief text into a structured brief. The error is for
// implementations that cannot always answer; both implementations here
// always return a usable Result and a nil error.
type Parser interface {
	Parse(ctx context.Context, text string) (Result, error)
}

// Rules is the deterministic Parser: Parse behind the Parser interface.
type Rules struct{}

// Parse implements Parser with the rules parser; it ignores ctx (it is
// fast and bounded by MaxParseBytes).
func (Rules) Parse(_ context.Context, text string) (Result, error) {
	return Result{Brief: Parse(text), Source: SourceRules}, nil
}

// LLMParser asks a language model to structure the brief and falls back to
// the rules parser on any failure: a model error, the deadline, output
// that is not exactly one JSON object of the brief schema, or values that
// fail Validate. A model is better at free phrasing; the rules are always
// available, so a brief is never lost to a flaky provider.
type LLMParser struct {
	model    llms.Model
	timeout  time.Duration
	jsonMode bool
	maxInput int
	callOpts []llms.CallOption
	system   string
}

// LLMOption configures an LLMParser.
type LLMOption func(*LLMParser)

// WithTimeout bounds one model call (default 20s); 0 or less leaves only
// the caller's context deadline.
func WithTimeout(d time.Duration) LLMOption { return func(p *LLMParser) { p.timeout = d } }

// WithJSONMode turns the provider's JSON mode (llms.WithJSONMode) on or
// off (default on). Turn it off for providers that reject the option; the
// prompt asks for JSON either way and the output is checked strictly.
func WithJSONMode(on bool) LLMOption { return func(p *LLMParser) { p.jsonMode = on } }

// WithCallOptions adds provider call options (model name, max tokens...).
func WithCallOptions(opts ...llms.CallOption) LLMOption {
	return func(p *LLMParser) { p.callOpts = append(p.callOpts, opts...) }
}

// WithMaxInputBytes caps how much of the brief is sent to the model
// (default MaxParseBytes), bounding cost and latency.
func WithMaxInputBytes(n int) LLMOption { return func(p *LLMParser) { p.maxInput = n } }

// NewLLMParser returns a parser that uses model, falling back to Parse.
// A nil model is allowed: every call then falls back.
func NewLLMParser(model llms.Model, opts ...LLMOption) *LLMParser {
	p := &LLMParser{model: model, timeout: 20 * time.Second, jsonMode: true, maxInput: MaxParseBytes}
	for _, o := range opts {
		o(p)
	}
	if p.maxInput <= 0 {
		p.maxInput = MaxParseBytes
	}
	p.system = systemPrompt()
	return p
}

// Parse implements Parser. Result.Source tells which parser produced the
// brief and Result.Fallback why the model's answer was not used. The
// returned error is always nil; Brief.Text is always text.
func (p *LLMParser) Parse(ctx context.Context, text string) (Result, error) {
	b, err := p.parseLLM(ctx, text)
	if err != nil {
		return Result{Brief: Parse(text), Source: SourceRules, Fallback: err.Error()}, nil
	}
	return Result{Brief: b, Source: SourceLLM}, nil
}

func (p *LLMParser) parseLLM(ctx context.Context, text string) (creatormatch.Brief, error) {
	if p == nil || p.model == nil {
		return creatormatch.Brief{}, errors.New("no model configured")
	}
	if strings.TrimSpace(text) == "" {
		return creatormatch.Brief{}, errors.New("empty brief text")
	}
	if err := ctx.Err(); err != nil {
		return creatormatch.Brief{}, fmt.Errorf("llm call: %w", err)
	}
	if p.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, p.timeout)
		defer cancel()
	}
	msgs := []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, p.system),
		llms.TextParts(llms.ChatMessageTypeHuman, "Brief:\n<<<\n"+capText(text, p.maxInput)+"\n>>>"),
	}
	opts := []llms.CallOption{llms.WithTemperature(0)}
	if p.jsonMode {
		opts = append(opts, llms.WithJSONMode())
	}
	opts = append(opts, p.callOpts...)

	// The call runs in its own goroutine so a model that ignores ctx
	// cannot hold the request past the deadline; the buffered channel
	// lets it finish (and be collected) later.
	type reply struct {
		resp *llms.ContentResponse
		err  error
	}
	ch := make(chan reply, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				ch <- reply{err: fmt.Errorf("model panicked: %v", r)}
			}
		}()
		resp, err := p.model.GenerateContent(ctx, msgs, opts...)
		ch <- reply{resp, err}
	}()
	var r reply
	select {
	case <-ctx.Done():
		return creatormatch.Brief{}, fmt.Errorf("llm call: %w", ctx.Err())
	case r = <-ch:
	}
	if r.err != nil {
		return creatormatch.Brief{}, fmt.Errorf("llm call: %w", r.err)
	}
	if r.resp == nil || len(r.resp.Choices) == 0 || r.resp.Choices[0] == nil {
		return creatormatch.Brief{}, errors.New("llm output: empty response")
	}
	b, err := decodeBrief(r.resp.Choices[0].Content)
	if err != nil {
		return creatormatch.Brief{}, fmt.Errorf("llm output: %w", err)
	}
	b.Text = text
	if err := Validate(b); err != nil {
		return creatormatch.Brief{}, fmt.Errorf("llm output: %w", err)
	}
	return b, nil
}

// decodeBrief reads exactly one JSON object of the Brief schema: unknown
// keys, wrong types and trailing data are errors. A surrounding Markdown
// code fence is the only wrapping tolerated. Codes are then put in
// canonical case and lists de-duplicated; values are not otherwise fixed
// (Validate judges them).
func decodeBrief(content string) (creatormatch.Brief, error) {
	s := strings.TrimSpace(content)
	if strings.HasPrefix(s, "```") {
		s = strings.TrimPrefix(s, "```json")
		s = strings.TrimPrefix(s, "```")
		s = strings.TrimSuffix(strings.TrimSpace(s), "```")
		s = strings.TrimSpace(s)
	}
	if !strings.HasPrefix(s, "{") {
		return creatormatch.Brief{}, errors.New("invalid JSON: not an object")
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	var b creatormatch.Brief
	if err := dec.Decode(&b); err != nil {
		return creatormatch.Brief{}, fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return creatormatch.Brief{}, errors.New("invalid JSON: data after the object")
	}
	normalize(&b)
	return b, nil
}

// normalize trims and canonicalises the case of codes in b, and derives
// follower bounds from tiers when none were given, as Parse does.
func normalize(b *creatormatch.Brief) {
	b.Goal = creatormatch.Goal(strings.ToLower(strings.TrimSpace(string(b.Goal))))
	if b.Budget != nil {
		b.Budget.Currency = strings.ToUpper(strings.TrimSpace(b.Budget.Currency))
	}
	for i, p := range b.Platforms {
		b.Platforms[i] = creatormatch.Platform(strings.ToLower(strings.TrimSpace(string(p))))
	}
	b.Platforms = firstUniqueOf(b.Platforms)
	for i, t := range b.Tiers {
		b.Tiers[i] = creatormatch.Tier(strings.ToLower(strings.TrimSpace(string(t))))
	}
	b.Tiers = firstUniqueOf(b.Tiers)
	if b.MinFollowers == 0 && b.MaxFollowers == 0 && len(b.Tiers) > 0 {
		b.MinFollowers, b.MaxFollowers = TierRange(b.Tiers)
	}
	a := &b.Audience
	a.Ages = mapUnique(a.Ages, strings.TrimSpace)
	a.Genders = mapUnique(a.Genders, lowerTrim)
	a.Countries = mapUnique(a.Countries, upperTrim)
	a.Languages = mapUnique(a.Languages, lowerTrim)
	a.Interests = mapUnique(a.Interests, lowerTrim)
	b.CreatorCountries = mapUnique(b.CreatorCountries, upperTrim)
	b.CreatorLanguages = mapUnique(b.CreatorLanguages, lowerTrim)
	b.Topics = mapUnique(b.Topics, lowerTrim)
	b.AvoidTopics = mapUnique(b.AvoidTopics, lowerTrim)
	b.ExcludeSafety = mapUnique(b.ExcludeSafety, lowerTrim)
	b.Competitors = mapUnique(b.Competitors, func(s string) string {
		return strings.TrimPrefix(lowerTrim(s), "@")
	})
	b.Product = strings.TrimSpace(b.Product)
	b.ProductCategory = lowerTrim(b.ProductCategory)
	b.ContentAsks = mapUnique(b.ContentAsks, func(s string) string {
		return strings.Join(strings.Fields(strings.ToLower(s)), " ")
	})
}

func lowerTrim(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
func upperTrim(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

func mapUnique(xs []string, f func(string) string) []string {
	var out []string
	for _, x := range xs {
		out = addUnique(out, f(x))
	}
	return out
}

func firstUniqueOf[T comparable](xs []T) []T {
	var out []T
	for _, x := range xs {
		out = addUnique(out, x)
	}
	return out
}

// systemPrompt describes the JSON schema with the allowed values taken
// from the domain, so the prompt cannot drift from Validate.
func systemPrompt() string {
	q := func(xs []string) string {
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = fmt.Sprintf("%q", x)
		}
		return strings.Join(s, ", ")
	}
	strs := func(n int, f func(int) string) []string {
		s := make([]string, n)
		for i := range s {
			s[i] = f(i)
		}
		return s
	}
	goals := strs(len(creatormatch.Goals), func(i int) string { return string(creatormatch.Goals[i]) })
	platforms := strs(len(creatormatch.Platforms), func(i int) string { return string(creatormatch.Platforms[i]) })
	var sb strings.Builder
	sb.WriteString(`You turn an influencer-marketing brief written by a brand into structured data.
Reply with exactly one JSON object and nothing else: no prose, no Markdown.
Include only what the brief states or clearly implies; omit every other key. Never invent values.
Allowed keys (no others):
- "goal": one of ` + q(goals) + `.
- "budget": {"total": number, "currency": ISO 4217 code such as "USD"}. The total campaign budget; for a range use the upper end. Not prices, rates per post or discounts.
- "platforms": array of ` + q(platforms) + `.
- "min_followers", "max_followers": integers (omit when unbounded).
- "tiers": array of "nano" (1k-10k followers), "micro" (10k-100k), "mid" (100k-500k), "macro" (500k-1M), "mega" (1M+).
- "audience": object with
    "ages": array of ` + q(creatormatch.AgeBuckets) + `,
    "genders": array of ` + q(creatormatch.Genders) + `,
    "countries": array of ISO 3166-1 alpha-2 codes in upper case (the audience's countries),
    "languages": array of ISO 639-1 codes in lower case (the audience's languages),
    "min_age_share", "min_gender_share", "min_country_share", "min_language_share": numbers between 0 and 1, only for thresholds such as "at least 30% aged 18-24" (0.3).
- "creator_countries", "creator_languages": same code formats, only when the brief constrains where the creators themselves live or which language they speak ("creators based in Germany").
- "topics": array of niche keys of the creators wanted (what they post about), from ` + q(creatormatch.NicheKeys) + `. Read them from what the brief says about the creators, not from what the brand sells: "Family car brand wants moms and dads who post about life with young children" is ["parenting"], not ["automotive"]. Only when the brief says nothing about the creators, use the product's niche.
- "product_category": what the brand sells, as one niche key from the list above when one fits ("automotive" for the family car brand), else a short lower-case label. It may differ from the topics.
- "content_asks": array of the concrete things the creators should post about, as short lower-case phrases taken from the brief ("hair colour transformations", "marathon training", "road trips"), at most 100 characters each; one entry per distinct ask, omitting generic words such as "content" or "videos".
- "avoid_topics": array of themes to keep away from that are not brand-safety categories (niche keys where possible).
- "exclude_safety": array of brand-safety categories to exclude, from ` + q(creatormatch.SafetyCategories) + `. "family-friendly" means "profanity", "adult", "alcohol", "gambling", "drugs", "violence".
- "competitors": array of competitor brand handles in lower case without "@".
- "product": the product being promoted, as a short phrase.
`)
	return sb.String()
}
