package features

import (
	"github.com/creatormatch/creatormatch"
)

// Config holds every tunable of the features package. DefaultConfig returns
// the documented defaults. Compute treats each zero-valued part of a Config
// (a zero sub-struct, a nil map, a zero count) as "use the default", so a
// zero Config is DefaultConfig and a caller may override one part only.
type Config struct {
	// Tiers are the follower boundaries of the tiers.
	Tiers TierBounds
	// EngagementPosts is N, how many of the most recent posts the median
	// engagement rate (and engagement quality) looks at. Default 12.
	EngagementPosts int
	// Peers says how the percentile within (platform, tier) blends the
	// prior with the empirical peer distribution.
	Peers PeerConfig
	// RatePriors is the prior engagement-rate distribution per peer group,
	// keyed by creatormatch.PeerKey(platform, tier). Default DefaultRatePriors.
	RatePriors map[string]RatePrior
	// Quality tunes engagement quality.
	Quality QualityConfig
	// Consistency tunes the consistency score.
	Consistency ConsistencyConfig
	// Authenticity tunes the authenticity reasons and their weights.
	Authenticity AuthenticityConfig
	// Niche tunes niche classification.
	Niche NicheConfig
	// Safety tunes brand-safety severities.
	Safety SafetyConfig
	// Cost is the rate table behind price estimates.
	Cost CostConfig
}

// TierBounds are the lower follower bounds of each tier; a creator is in the
// highest tier whose bound their main account reaches, TierNone below Nano.
type TierBounds struct {
	Nano, Micro, Mid, Macro, Mega int64
}

// DefaultTierBounds: nano 1k–10k, micro 10k–100k, mid 100k–500k, macro
// 500k–1M, mega 1M+ (lower bound inclusive, upper exclusive).
func DefaultTierBounds() TierBounds {
	return TierBounds{Nano: 1_000, Micro: 10_000, Mid: 100_000, Macro: 500_000, Mega: 1_000_000}
}

// DefaultMinPeers is the default PeerConfig.MinPeers.
const DefaultMinPeers = 30

// PeerConfig controls the engagement-rate percentile.
type PeerConfig struct {
	// MinPeers is the documented minimum of peers: the peer-group size at
	// which the percentile is purely empirical, a rank among that many
	// real creators of the catalogue. Below it the empirical percentile is
	// blended with the group's prior with weight n/MinPeers (the feature's
	// PriorWeight is then 1 − n/MinPeers > 0), and EngagementPercentileText
	// calls the percentile a prior estimate. Default DefaultMinPeers (30).
	MinPeers int
}

// RatePrior is a log-normal prior of engagement rates in a peer group: the
// median rate and the standard deviation of ln(rate).
type RatePrior struct {
	Median float64 `json:"median"`
	LogSD  float64 `json:"log_sd"`
}

// DefaultRatePriors are the field ranges assumed for each (platform, tier)
// when the catalogue has too few peers. Instagram is per follower; TikTok
// and YouTube are per view (the basis their rates are normally computed
// on). Sources: the usual industry benchmarks (Instagram: nano ≈4–8%,
// micro 3–7%, mid ≈2–3%, macro ≈1.5–2%, mega often below 1%; TikTok per
// view ≈4–10% falling with size; YouTube per view ≈2–5%). LogSD 0.6 means
// the central 68% of a group spans ×0.55 to ×1.8 the median.
func DefaultRatePriors() map[string]RatePrior {
	const sd = 0.6
	table := map[creatormatch.Platform][6]float64{
		//                     none  nano  micro mid    macro  mega
		creatormatch.Instagram: {0.08, 0.06, 0.04, 0.022, 0.015, 0.009},
		creatormatch.TikTok:    {0.10, 0.09, 0.075, 0.06, 0.055, 0.05},
		creatormatch.YouTube:   {0.06, 0.05, 0.04, 0.035, 0.03, 0.025},
	}
	out := make(map[string]RatePrior, 18)
	for p, meds := range table {
		for i, t := range creatormatch.Tiers {
			out[creatormatch.PeerKey(p, t)] = RatePrior{Median: meds[i], LogSD: sd}
		}
	}
	return out
}

// QualityConfig tunes engagement quality (see EngagementQuality).
type QualityConfig struct {
	// NormalCommentToLike is the typical comments/likes ratio (≈0.01–0.05
	// on Instagram); default 0.03.
	NormalCommentToLike float64
	// HighCommentToLike is where the ratio starts to look bought or
	// pod-driven (default 0.10); the penalty is full at 3× it.
	HighCommentToLike float64
	// LowCommentToLike is where the ratio starts to look like bought likes
	// (default 0.003; only with at least 500 likes and some comments).
	LowCommentToLike float64
	// GenericBaseline is the generic-comment share an organic audience
	// shows (default 0.25); the penalty is full at 0.85.
	GenericBaseline float64
	// DuplicateBaseline is the duplicate-comment share tolerated (default
	// 0.10); the penalty is full at 0.60.
	DuplicateBaseline float64
	// UniformLikesCV is the coefficient of variation of likes across posts
	// below which likes look uniform (default 0.15; full penalty at 0.05,
	// needs at least 6 posts).
	UniformLikesCV float64
	// PodGenericShare is the generic-or-duplicate share that, together
	// with a comment-to-like ratio ≥ HighCommentToLike, raises the pod
	// flag (default 0.5).
	PodGenericShare float64
	// Weights of the four penalties: generic, duplicate, comment-to-like
	// anomaly, uniform likes. Defaults 0.35, 0.25, 0.20, 0.20.
	WGeneric, WDuplicate, WCommentToLike, WUniform float64
	// PodCap caps the value when a pod is suspected (default 0.35).
	PodCap float64
	// FullSamples is the comment-sample count at which the comment part
	// of confidence is full (default 50).
	FullSamples int
}

// DefaultQualityConfig returns the documented defaults of QualityConfig.
func DefaultQualityConfig() QualityConfig {
	return QualityConfig{
		NormalCommentToLike: 0.03, HighCommentToLike: 0.10, LowCommentToLike: 0.003,
		GenericBaseline: 0.25, DuplicateBaseline: 0.10, UniformLikesCV: 0.15,
		PodGenericShare: 0.5,
		WGeneric:        0.35, WDuplicate: 0.25, WCommentToLike: 0.20, WUniform: 0.20,
		PodCap: 0.35, FullSamples: 50,
	}
}

// ConsistencyConfig tunes the consistency score (see Consistency).
type ConsistencyConfig struct {
	// WindowDays is the activity window (default 90).
	WindowDays float64
	// TargetPostsPerWeek is the posting rate that earns full frequency
	// credit (default 3).
	TargetPostsPerWeek float64
	// RecencyHalfLifeDays halves the recency credit every so many days
	// since the last post (default 21).
	RecencyHalfLifeDays float64
	// Weights of frequency, regularity and recency (defaults 0.45, 0.25,
	// 0.30).
	WFrequency, WRegularity, WRecency float64
}

// DefaultConsistencyConfig returns the documented defaults.
func DefaultConsistencyConfig() ConsistencyConfig {
	return ConsistencyConfig{WindowDays: 90, TargetPostsPerWeek: 3, RecencyHalfLifeDays: 21,
		WFrequency: 0.45, WRegularity: 0.25, WRecency: 0.30}
}

// AuthenticityConfig holds the maximum deduction of each authenticity
// reason (the Effect is −weight × severity) and the thresholds behind the
// severities. See Authenticity.
type AuthenticityConfig struct {
	// Follower-growth spike: robust z of a point-to-point daily growth rate
	// at or above SpikeZ (default 4) and an excess jump (growth beyond the
	// creator's median trend over that interval) of at least SpikeMinJump
	// of followers (default 0.02); severity = excess / SpikeFullJump
	// (default 0.12), capped at 1. Weight WGrowth (default 0.40).
	SpikeZ, SpikeMinJump, SpikeFullJump, WGrowth float64
	// A spike that coincides with a viral post (posted from 3 days before
	// the interval to its end, with interactions or views ≥ ViralMultiple
	// × the account's median; default 3) is organic growth more often than
	// not: its severity is multiplied by ViralDiscount (default 0.25).
	ViralMultiple, ViralDiscount float64
	// Engagement below the peer norm: r = median rate / peer median;
	// severity = (log2(1/r) − 1) / 2 clamped, i.e. 0 at half the norm and 1
	// at an eighth of it. Weight WLowEngagement (default 0.35).
	WLowEngagement float64
	// Following/followers ratio r (main account, when following is known):
	// severity = log(r/FollowRatioStart) / log(FollowRatioFull/FollowRatioStart)
	// clamped (defaults 0.5 and 2). Weight WFollowRatio (default 0.20).
	FollowRatioStart, FollowRatioFull, WFollowRatio float64
	// Audience credibility c: severity = (CredibilityOK − c) /
	// (CredibilityOK − CredibilityBad) clamped (defaults 0.80 and 0.45).
	// Weight WCredibility (default 0.35).
	CredibilityOK, CredibilityBad, WCredibility float64
	// Generic or duplicate comments g = max(generic share, duplicate
	// share): severity = (g − GenericStart) / (1 − GenericStart) clamped
	// (default 0.35), needing at least 5 samples. Weight WGeneric (default
	// 0.20).
	GenericStart, WGeneric float64
	// Views far below followers on view-driven platforms: v = median views
	// / followers; severity = (log2(ViewRatioOK/v) − 1)/3 clamped (default
	// ViewRatioOK 0.10: no penalty above 5% of followers, full below
	// 0.6%). Weight WLowViews (default 0.15).
	ViewRatioOK, WLowViews float64
}

// DefaultAuthenticityConfig returns the documented defaults.
func DefaultAuthenticityConfig() AuthenticityConfig {
	return AuthenticityConfig{
		SpikeZ: 4, SpikeMinJump: 0.02, SpikeFullJump: 0.12, WGrowth: 0.40,
		ViralMultiple: 3, ViralDiscount: 0.25,
		WLowEngagement:   0.35,
		FollowRatioStart: 0.5, FollowRatioFull: 2, WFollowRatio: 0.20,
		CredibilityOK: 0.80, CredibilityBad: 0.45, WCredibility: 0.35,
		GenericStart: 0.35, WGeneric: 0.20,
		ViewRatioOK: 0.10, WLowViews: 0.15,
	}
}

// NicheConfig tunes ClassifyNiches.
type NicheConfig struct {
	// WEmbedding scales the per-niche embedding score (the mean over
	// posts, and the bio counted BioWeight times, of the post's similarity
	// to the niche prototype standardised across niches). Default 1.
	WEmbedding float64
	// BioWeight is how many posts the bio vector counts as (default 2).
	BioWeight float64
	// WLexicon scales the lexicon score (share of posts, bio counted as a
	// post, with a hashtag or caption keyword of the niche). Default 3.
	WLexicon float64
	// DeclaredBoost is the bounded prior added to declared niches (default
	// 0.6).
	DeclaredBoost float64
	// Temperature of the softmax over combined scores (default 1: the
	// embedding score is in standard deviations, so a niche one sd ahead
	// of another gets e ≈ 2.7× its probability).
	Temperature float64
	// MinConfidence is the softmax probability a label needs (default
	// 0.10); MaxLabels caps the labels (default 3).
	MinConfidence float64
	MaxLabels     int
	// FullEvidence is the number of posts with a vector or lexicon hit at
	// which the coverage part of confidence is full (default 8).
	FullEvidence int
}

// DefaultNicheConfig returns the documented defaults.
func DefaultNicheConfig() NicheConfig {
	return NicheConfig{WEmbedding: 1, BioWeight: 2, WLexicon: 3, DeclaredBoost: 0.6,
		Temperature: 1, MinConfidence: 0.10, MaxLabels: 3, FullEvidence: 8}
}

// SafetyConfig tunes brand safety (see BrandSafety).
type SafetyConfig struct {
	// EmbedMin is the cosine similarity between a post and a category
	// prototype at which the post starts to count (default 0.45);
	// EmbedFull is where its embedding severity is full (default 0.65).
	// With use-lite, planted risky posts sit at cos ≈ 0.22–0.46 to their
	// category description and ordinary posts at 0.10 (median) to 0.40
	// (99.9th percentile), so the embedding part is a conservative
	// corroborator of the lexicon, not a detector on its own.
	EmbedMin, EmbedFull float64
	// EmbedWeight caps the embedding-only severity (default 0.8).
	EmbedWeight float64
	// MinSeverity is the smallest severity that raises a flag (default
	// 0.25: one strong term in one post, 0.5, flags; ambiguous low-weight
	// terms like "shots" need corroboration or repetition).
	MinSeverity float64
	// FullPosts is the post count at which confidence is full (default 10).
	FullPosts int
}

// DefaultSafetyConfig returns the documented defaults.
func DefaultSafetyConfig() SafetyConfig {
	return SafetyConfig{EmbedMin: 0.45, EmbedFull: 0.65, EmbedWeight: 0.8, MinSeverity: 0.25, FullPosts: 10}
}

// CostConfig is the rate table behind cost estimates (see Cost).
type CostConfig struct {
	// Currency of the estimates (default "USD").
	Currency string
	// BasePer1K is the price of one post per 1,000 followers, by platform.
	// Defaults: Instagram 10 (the common "$10 per 1k followers" rule; the
	// market spans $5–25), TikTok 6 ($2.5–12.5), YouTube 20 per 1k
	// subscribers for an integration ($10–50).
	BasePer1K map[creatormatch.Platform]float64
	// TierMultiplier scales the base by tier: nano 1.2, micro 1.0, mid 0.9,
	// macro 0.8, mega 0.7 (per-follower prices fall with size); none 1.2.
	TierMultiplier map[creatormatch.Tier]float64
	// EngagementLow and EngagementHigh are the multipliers at the 0th and
	// 100th engagement percentile (linear in between; defaults 0.75, 1.25).
	EngagementLow, EngagementHigh float64
	// MinPrice is the floor of an estimate (default 25).
	MinPrice float64
	// ReachRate is the share of followers a post reaches where there is no
	// view data: Instagram 0.20, TikTok 0.30, YouTube 0.15 (defaults).
	ReachRate map[creatormatch.Platform]float64
}

// DefaultCostConfig returns the documented defaults.
func DefaultCostConfig() CostConfig {
	return CostConfig{
		Currency: "USD",
		BasePer1K: map[creatormatch.Platform]float64{
			creatormatch.Instagram: 10, creatormatch.TikTok: 6, creatormatch.YouTube: 20,
		},
		TierMultiplier: map[creatormatch.Tier]float64{
			creatormatch.TierNone: 1.2, creatormatch.TierNano: 1.2, creatormatch.TierMicro: 1.0,
			creatormatch.TierMid: 0.9, creatormatch.TierMacro: 0.8, creatormatch.TierMega: 0.7,
		},
		EngagementLow: 0.75, EngagementHigh: 1.25, MinPrice: 25,
		ReachRate: map[creatormatch.Platform]float64{
			creatormatch.Instagram: 0.20, creatormatch.TikTok: 0.30, creatormatch.YouTube: 0.15,
		},
	}
}

// DefaultConfig returns the documented defaults of every part.
func DefaultConfig() Config {
	return Config{
		Tiers:           DefaultTierBounds(),
		EngagementPosts: 12,
		Peers:           PeerConfig{MinPeers: DefaultMinPeers},
		RatePriors:      DefaultRatePriors(),
		Quality:         DefaultQualityConfig(),
		Consistency:     DefaultConsistencyConfig(),
		Authenticity:    DefaultAuthenticityConfig(),
		Niche:           DefaultNicheConfig(),
		Safety:          DefaultSafetyConfig(),
		Cost:            DefaultCostConfig(),
	}
}

// withDefaults returns c with every zero-valued part replaced by its
// default; every exported function calls it, so partial configs are safe.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Tiers == (TierBounds{}) || !(c.Tiers.Nano <= c.Tiers.Micro && c.Tiers.Micro <= c.Tiers.Mid &&
		c.Tiers.Mid <= c.Tiers.Macro && c.Tiers.Macro <= c.Tiers.Mega) {
		c.Tiers = d.Tiers
	}
	if c.EngagementPosts <= 0 {
		c.EngagementPosts = d.EngagementPosts
	}
	if c.Peers.MinPeers <= 0 {
		c.Peers = d.Peers
	}
	if c.RatePriors == nil {
		c.RatePriors = d.RatePriors
	}
	if c.Quality == (QualityConfig{}) {
		c.Quality = d.Quality
	}
	if c.Consistency == (ConsistencyConfig{}) {
		c.Consistency = d.Consistency
	}
	if c.Consistency.WindowDays <= 0 {
		c.Consistency.WindowDays = d.Consistency.WindowDays
	}
	if c.Authenticity == (AuthenticityConfig{}) {
		c.Authenticity = d.Authenticity
	}
	if c.Niche == (NicheConfig{}) {
		c.Niche = d.Niche
	}
	if c.Niche.Temperature <= 0 {
		c.Niche.Temperature = d.Niche.Temperature
	}
	if c.Niche.MaxLabels <= 0 {
		c.Niche.MaxLabels = d.Niche.MaxLabels
	}
	if c.Safety == (SafetyConfig{}) {
		c.Safety = d.Safety
	}
	if c.Cost.Currency == "" {
		c.Cost.Currency = d.Cost.Currency
	}
	if c.Cost.BasePer1K == nil {
		c.Cost.BasePer1K = d.Cost.BasePer1K
	}
	if c.Cost.TierMultiplier == nil {
		c.Cost.TierMultiplier = d.Cost.TierMultiplier
	}
	if c.Cost.ReachRate == nil {
		c.Cost.ReachRate = d.Cost.ReachRate
	}
	if c.Cost.EngagementLow == 0 && c.Cost.EngagementHigh == 0 {
		c.Cost.EngagementLow, c.Cost.EngagementHigh = d.Cost.EngagementLow, d.Cost.EngagementHigh
	}
	return c
}

// prior returns the rate prior of a peer group, falling back to the
// platform's micro prior and then to a generic 3% prior.
func (c Config) prior(p creatormatch.Platform, t creatormatch.Tier) RatePrior {
	if pr, ok := c.RatePriors[creatormatch.PeerKey(p, t)]; ok && pr.Median > 0 {
		if pr.LogSD <= 0 {
			pr.LogSD = 0.6
		}
		return pr
	}
	if pr, ok := c.RatePriors[creatormatch.PeerKey(p, creatormatch.TierMicro)]; ok && pr.Median > 0 {
		if pr.LogSD <= 0 {
			pr.LogSD = 0.6
		}
		return pr
	}
	return RatePrior{Median: 0.03, LogSD: 0.6}
}
