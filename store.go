package creatormatch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"
	"strings"
	"time"
)

// Store persists creators with their features and vectors, answers the
// filtered dense and lexical searches the matcher fuses, caches embeddings
// and keeps feedback. Backends: store/postgres (pgx + pgvector) and
// store/memory (the embedded default, file-backed). Both pass the contract
// suite in store/storetest.
//
// Every method that fails because the backend cannot be reached returns an
// error wrapping ErrUnavailable; a missing creator is ErrNotFound.
type Store interface {
	KeyStore
	IdempotencyStore
	WorkspaceStore
	ListStore
	WeightStore
	SavedBriefStore

	// UpsertCreators inserts or replaces each record by creator ID, all in
	// one transaction: either every record is written or none is. A record
	// replaces the creator's stored accounts, content, features and vectors.
	UpsertCreators(ctx context.Context, records []CreatorRecord) error
	// GetCreator returns one creator with its content and features.
	GetCreator(ctx context.Context, id string) (*Creator, error)
	// GetCreators returns the creators that exist among ids, in the order of
	// ids; missing ids are skipped. It is the match path's bulk read (every
	// candidate of every match), so the creators it returns are read-only:
	// a store may return values it shares with other readers (both stores
	// keep a cache of decoded creators they hand out to every reader), and callers must
	// not modify them or anything they reference. GetCreator and
	// ScanCreators return copies the caller owns.
	GetCreators(ctx context.Context, ids []string) ([]*Creator, error)
	// DeleteCreator removes a creator and everything stored for it.
	DeleteCreator(ctx context.Context, id string) error
	// CountCreators returns how many creators are stored.
	CountCreators(ctx context.Context) (int, error)
	// ScanCreators calls fn for every stored creator in ID order, in pages,
	// stopping at the first error fn returns. Used by feature recomputation
	// and evaluation; not by request paths.
	ScanCreators(ctx context.Context, fn func(*Creator) error) error

	// BrowseCreators returns one page of the catalogue: up to q.Limit
	// creators passing q.Filter whose SearchKey contains
	// BrowseTextKey(q.Text), ordered by (BrowseKeyOf(c, q.Sort), ID),
	// descending with q.Desc (the ascending order reversed, ties by
	// descending id too), strictly after q.After. The creators are
	// read-only, as GetCreators's.
	BrowseCreators(ctx context.Context, q BrowseQuery) ([]*Creator, error)

	// SearchDense returns up to q.Limit creators passing q.Filter, ordered
	// by cosine similarity between q.Vector and their profile vector (ties
	// by ID). Only vectors of q.Model are considered. It returns q.Limit hits
	// whenever at least that many creators pass the filter.
	SearchDense(ctx context.Context, q DenseQuery) ([]Hit, error)
	// SearchLexical returns up to q.Limit creators passing q.Filter whose
	// text (name, bio, niches, captions, hashtags) matches q.Text, best
	// first (ties by ID).
	SearchLexical(ctx context.Context, q LexicalQuery) ([]Hit, error)
	// ProfileVectors returns the profile vectors of model for ids.
	ProfileVectors(ctx context.Context, model string, ids []string) (map[string][]float32, error)
	// ContentVectors returns, per creator id, its content vectors of model
	// keyed by content item id.
	ContentVectors(ctx context.Context, model string, creatorIDs []string) (map[string]map[string][]float32, error)
	// PeerRates returns every stored creator's engagement rate grouped by
	// PeerKey(platform, tier), each slice sorted ascending; the features
	// package turns it into percentiles.
	PeerRates(ctx context.Context) (map[string][]float64, error)

	// CachedEmbeddings returns the cached vectors of model for the given
	// text keys (see EmbeddingKey); keys not cached are absent. A hit counts
	// as a use: the cache is bounded (DefaultEmbeddingCacheEntries) and
	// evicts the least recently used vectors first.
	CachedEmbeddings(ctx context.Context, model string, keys []string) (map[string][]float32, error)
	// CacheEmbeddings stores vectors of model by text key, evicting the
	// least recently used cached vectors (of any model) beyond the bound.
	CacheEmbeddings(ctx context.Context, model string, vectors map[string][]float32) error

	// AddFeedback stores events atomically. An event without a workspace
	// is stored in DefaultWorkspace. Event ids are unique per workspace:
	// re-adding an event whose id its workspace already holds is a no-op.
	AddFeedback(ctx context.Context, events []FeedbackEvent) error
	// ListFeedback returns stored events matching f, oldest first.
	ListFeedback(ctx context.Context, f FeedbackFilter) ([]FeedbackEvent, error)

	// Ping checks the backend is reachable.
	Ping(ctx context.Context) error
	// Close releases the backend's resources.
	Close() error
}

// HealthChecker is implemented by stores that can say whether they can
// serve reads and writes now, and if not why (both stores do). GET /readyz
// answers with it, falling back to Ping for stores without it.
type HealthChecker interface {
	// Ready returns nil when the store can serve reads and writes. Else
	// its error wraps ErrUnavailable and ErrorMessage(err) says why in
	// words a client may see (no host, user, path or SQL), such as "the
	// database does not exist", "the database schema is missing", "the
	// database is read-only" or "the disk is full". It is cheap enough
	// for a readiness probe (one round trip at most) and may start the
	// store's own recovery (the Postgres store migrates a database that
	// lost its schema).
	Ready(ctx context.Context) error
}

// ProfileScorer is implemented by stores that can score profile vectors
// against a query where they keep them, without copying them out. The
// matcher uses it, when the store has it, for candidates found only by text
// search (which still need a dense similarity): the embedded store answers
// from its vector slab with the same arithmetic as its SearchDense, where
// ProfileVectors would copy each 2 kB vector for one dot product.
type ProfileScorer interface {
	// ProfileSimilarities returns the cosine similarity of q to the
	// profile vector of model of each of ids that has one.
	ProfileSimilarities(ctx context.Context, model string, q []float32, ids []string) (map[string]float64, error)
}

// ContentScorer is implemented by stores that can score content (post)
// vectors against a query where they keep them. The matcher uses it, when
// the store has it, to match a brief against each candidate's own posts
// (Request.PostFit), where ContentVectors would copy every post vector of
// every candidate.
type ContentScorer interface {
	// TopContentSimilarities returns, for each of ids with content vectors
	// of model, the cosine similarities of q to its k most similar content
	// items, best first.
	TopContentSimilarities(ctx context.Context, model string, q []float32, ids []string, k int) (map[string][]float64, error)
}

// CreatorRecord is what ingest hands the store: the creator with its
// features, and its vectors from one embedding model.
type CreatorRecord struct {
	Creator *Creator
	// Model is the embedding model id that produced the vectors and
	// Dimension their length; vectors of two models never mix.
	Model     string
	Dimension int
	// Profile is the creator-level vector used for retrieval: the
	// normalised mean of the bio vector and the content vectors.
	Profile []float32
	// ContentVectors holds one vector per content item id.
	ContentVectors map[string][]float32
}

// PeerKey names a (platform, tier) peer group.
func PeerKey(p Platform, t Tier) string { return string(p) + "/" + string(t) }

// Filter holds the hard constraints retrieval applies. Zero values mean no
// constraint. Followers and platform constrain the same account: a creator
// passes when one account is on one of Platforms with followers in
// [MinFollowers, MaxFollowers].
type Filter struct {
	IDs          []string   `json:"ids,omitempty"` // restrict to these creators
	ExcludeIDs   []string   `json:"exclude_ids,omitempty"`
	Platforms    []Platform `json:"platforms,omitempty"`
	MinFollowers int64      `json:"min_followers,omitempty"`
	MaxFollowers int64      `json:"max_followers,omitempty"`
	Tiers        []Tier     `json:"tiers,omitempty"`
	Countries    []string   `json:"countries,omitempty"` // the creator's country
	Languages    []string   `json:"languages,omitempty"` // any of the creator's languages
	// ExcludeSafety drops creators with a brand-safety flag in any of these
	// categories at or above SafetyTolerance severity.
	ExcludeSafety   []string `json:"exclude_safety,omitempty"`
	SafetyTolerance float64  `json:"safety_tolerance,omitempty"`
	// MinEngagementRate is a floor on the median engagement rate.
	MinEngagementRate float64 `json:"min_engagement_rate,omitempty"`
	// MinAuthenticity is a floor on the authenticity score.
	MinAuthenticity float64 `json:"min_authenticity,omitempty"`
	// WorkedWith keeps creators who promoted any of these brands.
	WorkedWith []string `json:"worked_with,omitempty"`
	// Niches keeps creators whose classified niches include any of these.
	Niches []string `json:"niches,omitempty"`
	// Audience thresholds must all hold ("at least 60% female", "at least
	// 40% of the audience in the US"). A creator with no audience data for
	// a threshold's dimension fails it unless IncludeUnknownAudience.
	Audience               []AudienceThreshold `json:"audience,omitempty"`
	IncludeUnknownAudience bool                `json:"include_unknown_audience,omitempty"`
}

// The audience dimensions a threshold can name.
const (
	AudienceAge      = "age"
	AudienceGender   = "gender"
	AudienceCountry  = "country"
	AudienceLanguage = "language"
	AudienceInterest = "interest"
)

// AudienceThreshold is a hard constraint on a creator's audience: the
// share of the audience whose Dimension value is one of Keys, summed over
// the keys, must be at least MinShare (in (0,1]). Keys compare as the
// audience maps store them: ages as AgeBuckets ("18-24"), genders,
// languages and interests lower case, countries ISO 3166-1 alpha-2 upper
// case.
type AudienceThreshold struct {
	Dimension string   `json:"dimension"`
	Keys      []string `json:"keys"`
	MinShare  float64  `json:"min_share"`
}

// Distribution returns the audience map a threshold's dimension reads, nil
// for an unknown dimension or a nil audience.
func (a *Audience) Distribution(dimension string) map[string]float64 {
	if a == nil {
		return nil
	}
	switch dimension {
	case AudienceAge:
		return a.Age
	case AudienceGender:
		return a.Gender
	case AudienceCountry:
		return a.Countries
	case AudienceLanguage:
		return a.Languages
	case AudienceInterest:
		return a.Interests
	}
	return nil
}

// NormalizeKey puts an audience key of dimension into the form thresholds
// compare: ages with a hyphen and no spaces ("18–24" → "18-24"), countries
// upper case, every other dimension lower case; surrounding space trimmed.
func NormalizeKey(dimension, key string) string {
	key = strings.TrimSpace(key)
	switch dimension {
	case AudienceAge:
		return ageKeyReplacer.Replace(key)
	case AudienceCountry:
		return strings.ToUpper(key)
	}
	return strings.ToLower(key)
}

var ageKeyReplacer = strings.NewReplacer("–", "-", "—", "-", " ", "")

// Normalize returns t with its dimension lower case and its keys in
// NormalizeKey form, duplicates and empty keys dropped.
func (t AudienceThreshold) Normalize() AudienceThreshold {
	out := AudienceThreshold{Dimension: strings.ToLower(strings.TrimSpace(t.Dimension)), MinShare: t.MinShare}
	for _, k := range t.Keys {
		if nk := NormalizeKey(out.Dimension, k); nk != "" && !slices.Contains(out.Keys, nk) {
			out.Keys = append(out.Keys, nk)
		}
	}
	return out
}

// Share is the audience share inside t (Σ over the audience's keys that
// are among t.Keys after NormalizeKey, clamped to [0,1]) and whether the
// audience has data for t's dimension at all. t must be normalised. It is
// the one definition both stores' filters and the matcher's constraint
// checks use.
//
// Only positive, finite shares count, and they are added smallest first:
// floating-point addition is not associative, so summing in map order
// could put a creator on either side of a threshold from one call to the
// next. The stores add in the same order, so they agree with Share bit
// for bit at the boundary.
func (t AudienceThreshold) Share(a *Audience) (share float64, known bool) {
	dist := a.Distribution(t.Dimension)
	if len(dist) == 0 {
		return 0, false
	}
	var buf [16]float64
	in := buf[:0]
	for k, v := range dist {
		if v > 0 && !math.IsInf(v, 0) && slices.Contains(t.Keys, NormalizeKey(t.Dimension, k)) {
			in = append(in, v)
		}
	}
	slices.Sort(in)
	for _, v := range in {
		share += v
	}
	return min(share, 1), true
}

// Pass reports whether a creator with audience a meets t; includeUnknown
// passes a creator without data for t's dimension.
func (t AudienceThreshold) Pass(a *Audience, includeUnknown bool) bool {
	share, known := t.Share(a)
	if !known {
		return includeUnknown
	}
	return share >= t.MinShare
}

// DenseQuery is a filtered nearest-neighbour search.
type DenseQuery struct {
	Model  string
	Vector []float32
	Filter Filter
	Limit  int
	// Exact forces an exact scan instead of the approximate index; used to
	// measure recall and by evaluation.
	Exact bool
}

// LexicalQuery is a filtered full-text search.
type LexicalQuery struct {
	Text   string
	Filter Filter
	Limit  int
}

// Hit is one search result; Score is higher-is-better (cosine similarity
// for dense search, the backend's text rank for lexical search).
type Hit struct {
	CreatorID string  `json:"creator_id"`
	Score     float64 `json:"score"`
}

// FeedbackKind is what happened between a brand and a creator.
type FeedbackKind string

// The feedback kinds.
const (
	FeedbackShortlisted    FeedbackKind = "shortlisted"
	FeedbackContacted      FeedbackKind = "contacted"
	FeedbackHired          FeedbackKind = "hired"
	FeedbackRejected       FeedbackKind = "rejected"
	FeedbackCampaignResult FeedbackKind = "campaign_result"
	// Shown, opened and dismissed log what a strategist saw: a creator
	// shown in a result list, its card opened, or dismissed from the list.
	FeedbackShown     FeedbackKind = "shown"
	FeedbackOpened    FeedbackKind = "opened"
	FeedbackDismissed FeedbackKind = "dismissed"
)

// Valid reports whether k is a known feedback kind.
func (k FeedbackKind) Valid() bool {
	switch k {
	case FeedbackShortlisted, FeedbackContacted, FeedbackHired, FeedbackRejected, FeedbackCampaignResult,
		FeedbackShown, FeedbackOpened, FeedbackDismissed:
		return true
	}
	return false
}

// FeedbackEvent ties an outcome to a brief and a creator.
type FeedbackEvent struct {
	ID string `json:"id"`
	// Workspace owns the event. The API sets it from the caller's key and
	// never reads it from a request body.
	Workspace string             `json:"workspace,omitempty"`
	BriefID   string             `json:"brief_id"`
	BriefText string             `json:"brief_text,omitempty"`
	CreatorID string             `json:"creator_id"`
	Kind      FeedbackKind       `json:"event"`
	Metrics   map[string]float64 `json:"metrics,omitempty"`
	CreatedAt time.Time          `json:"created_at"`
	// Seq is the store's insertion sequence (set by ListFeedback): the
	// tie-break of the listing order and, with CreatedAt, a paging
	// position. It is the store's own and never sent to clients.
	Seq int64 `json:"-"`
}

// FeedbackFilter selects feedback events; zero fields match everything.
// Events are listed by (CreatedAt, Seq).
type FeedbackFilter struct {
	// Workspace keeps the events of one workspace. The API always sets
	// it; empty matches every workspace, for offline tools such as the
	// replay evaluation.
	Workspace string
	BriefID   string
	CreatorID string
	// CreatorIDs keeps the events of any of these creators (empty: no
	// such condition; with CreatorID, of the one both name).
	CreatorIDs []string
	Kinds      []FeedbackKind
	// After continues a listing after the event at this position.
	After *FeedbackPosition
	// Limit caps how many events one call returns (a page); 0 returns
	// every match, for offline tools such as the replay evaluation.
	Limit int
}

// FeedbackPosition is where a page of feedback ended: the last event's
// CreatedAt and Seq.
type FeedbackPosition struct {
	CreatedAt time.Time `json:"t"`
	Seq       int64     `json:"s"`
}

// Before reports whether an event at (at, seq) is listed before p.
func (p FeedbackPosition) Before(at time.Time, seq int64) bool {
	if c := p.CreatedAt.Compare(at); c != 0 {
		return c < 0
	}
	return p.Seq < seq
}

// DefaultEmbeddingCacheEntries is how many cached embeddings (over all
// models) a store keeps by default before it evicts the least recently used.
//
// The bound is an entry count, not bytes: a process embeds with one model,
// so every entry has the same size (the model's dimension × 4 bytes plus a
// 64-byte key and ~200 bytes of bookkeeping: about 2.3 kB at use-lite's
// 512 dimensions, 6.4 kB at 1,536), a count is what an LRU library and a
// SQL trim (OFFSET over an index) bound exactly and cheaply, and bytes
// follow as count × entry size (EmbeddingCacheStats reports both).
//
// Why 128k: about 300 MB at 512 dimensions in the embedded store (and as
// much on disk in Postgres). A creator is a bio plus a handful of posts
// (the demo and bench creators: 6 texts), so the cache holds every text of
// the ~21k most recently written creators: a fifth of a 100k-creator
// catalogue, the creators that are being updated, whose unchanged texts
// an update reuses. A re-ingest or Recompute of the whole 100k catalogue
// (600k texts) re-embeds what was evicted; raise the bound
// (-embedding-cache-entries) where that matters more than memory.
const DefaultEmbeddingCacheEntries = 1 << 17

// EmbeddingCacheStats describes a store's embedding cache. Hits, Misses and
// Evictions count since the store was opened (in this process); Entries and
// Bytes are what the cache holds now.
type EmbeddingCacheStats struct {
	// MaxEntries is the bound; 0 means the cache is off.
	MaxEntries int
	// Entries is how many vectors are cached, over all models.
	Entries int
	// Bytes is their size: vector and key bytes in the embedded store; the
	// table with its indexes in Postgres.
	Bytes int64
	// Hits and Misses count looked-up keys found and not found.
	Hits, Misses uint64
	// Evictions counts entries dropped to stay within MaxEntries.
	Evictions uint64
}

// EmbeddingCacheReporter is implemented by stores that report statistics
// of their embedding cache (both stores do); package metrics exports them.
type EmbeddingCacheReporter interface {
	EmbeddingCacheStats(ctx context.Context) (EmbeddingCacheStats, error)
}

// EmbeddingKey is the cache key of a text: the hex SHA-256 of its bytes.
// Together with the model id it identifies a vector, so re-ingesting an
// unchanged text never calls the embedder.
func EmbeddingKey(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// WorkedWithUs is a workspace's history with one creator, read from its
// feedback: hires (metrics such as cost and deliverables) and campaign
// results (outcome metrics such as engagements, clicks, sales).
type WorkedWithUs struct {
	Hires       int       `json:"hires"`
	LastHiredAt time.Time `json:"last_hired_at,omitzero"`
	// LastHire is the metrics of the latest hire (cost, deliverables, …).
	LastHire map[string]float64 `json:"last_hire,omitempty"`
	Results  int                `json:"campaign_results"`
	// LastResult is the latest campaign result's outcome metrics.
	LastResultAt time.Time          `json:"last_result_at,omitzero"`
	LastResult   map[string]float64 `json:"last_result,omitempty"`
}

// WorkedWithUsFrom folds hired and campaign_result events (any order)
// into each creator's history; other kinds are ignored.
func WorkedWithUsFrom(evs []FeedbackEvent) map[string]*WorkedWithUs {
	out := map[string]*WorkedWithUs{}
	FoldWorkedWithUs(out, evs)
	return out
}

// FoldWorkedWithUs adds evs to the histories in out (for reading events
// page by page).
func FoldWorkedWithUs(out map[string]*WorkedWithUs, evs []FeedbackEvent) {
	for _, e := range evs {
		if e.Kind != FeedbackHired && e.Kind != FeedbackCampaignResult {
			continue
		}
		w := out[e.CreatorID]
		if w == nil {
			w = &WorkedWithUs{}
			out[e.CreatorID] = w
		}
		if e.Kind == FeedbackHired {
			w.Hires++
			if !e.CreatedAt.Before(w.LastHiredAt) {
				w.LastHiredAt, w.LastHire = e.CreatedAt, e.Metrics
			}
			continue
		}
		w.Results++
		if !e.CreatedAt.Before(w.LastResultAt) {
			w.LastResultAt, w.LastResult = e.CreatedAt, e.Metrics
		}
	}
}
