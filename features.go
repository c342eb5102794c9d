package creatormatch

import (
	"encoding/json"
	"slices"
	"time"
)

// Features are the vetting signals computed from a creator by the features
// package (the only place their formulas live) and stored beside the
// creator, so a match never recomputes them. Keys are the JSON names the API
// returns under "features".
type Features struct {
	ComputedAt        time.Time         `json:"computed_at"`
	Tier              TierFeature       `json:"tier"`
	EngagementRate    EngagementRate    `json:"engagement_rate"`
	EngagementQuality EngagementQuality `json:"engagement_quality"`
	Consistency       Consistency       `json:"consistency"`
	Authenticity      Authenticity      `json:"authenticity"`
	Niches            NicheFeature      `json:"niches"`
	BrandSafety       BrandSafety       `json:"brand_safety"`
	Disclosure        Disclosure        `json:"disclosure"`
	Brands            BrandAffinity     `json:"brands"`
	Cost              CostEstimate      `json:"cost"`
}

// Evidence is one reason behind a feature value, citing the posts that
// support it where there are any.
type Evidence struct {
	Text    string   `json:"text"`
	PostIDs []string `json:"post_ids,omitempty"`
	// Effect is the signed change this reason made to the feature's value,
	// where the feature is built from additive reasons (authenticity).
	Effect float64 `json:"effect,omitempty"`
}

// Tier is a follower-count band.
type Tier string

// The tiers, smallest first.
const (
	TierNone  Tier = "none" // under the nano threshold
	TierNano  Tier = "nano"
	TierMicro Tier = "micro"
	TierMid   Tier = "mid"
	TierMacro Tier = "macro"
	TierMega  Tier = "mega"
)

// Tiers lists the tiers smallest first.
var Tiers = []Tier{TierNone, TierNano, TierMicro, TierMid, TierMacro, TierMega}

// TierFeature is the creator's tier by the followers of their main account.
type TierFeature struct {
	Value      Tier     `json:"value"`
	Followers  int64    `json:"followers"`
	Platform   Platform `json:"platform,omitempty"`
	Confidence float64  `json:"confidence"`
}

// EngagementRate is the median per-post engagement rate; see features.EngagementRate.
type EngagementRate struct {
	Value float64 `json:"value"` // median rate, e.g. 0.045
	// Percentile is the rank of Value among creators of the same platform
	// and tier, in [0,1]; it is what feeds the score.
	Percentile float64  `json:"percentile"`
	Basis      string   `json:"basis,omitempty"` // "followers" or "views"
	PostsUsed  int      `json:"posts_used"`
	Platform   Platform `json:"platform,omitempty"`
	// Tier is the tier of the account the rate was measured on: with
	// Platform it names the peer group (PeerKey) the percentile ranks in.
	Tier Tier `json:"tier,omitempty"`
	// Peers is the size of that peer group in the table the percentile
	// was ranked against, and PriorWeight the share of the percentile that
	// came from the group's prior rather than from the peers: 1 with no
	// peers, 0 from features.PeerConfig.MinPeers peers on. A percentile
	// with PriorWeight > 0 is (partly) an estimate, not a rank among real
	// creators; features.EngagementPercentileText says so.
	Peers       int        `json:"peers"`
	PriorWeight float64    `json:"prior_weight"`
	Confidence  float64    `json:"confidence"`
	Evidence    []Evidence `json:"evidence,omitempty"`
}

// EngagementQuality judges whether the engagement looks organic.
type EngagementQuality struct {
	Value                 float64    `json:"value"` // in [0,1], 1 = organic
	CommentToLike         float64    `json:"comment_to_like"`
	GenericCommentShare   float64    `json:"generic_comment_share"`
	DuplicateCommentShare float64    `json:"duplicate_comment_share"`
	PodSuspected          bool       `json:"pod_suspected"`
	Confidence            float64    `json:"confidence"`
	Evidence              []Evidence `json:"evidence,omitempty"`
}

// Consistency describes how regularly and recently the creator posts.
type Consistency struct {
	Value             float64    `json:"value"` // in [0,1]
	PostsPerWeek      float64    `json:"posts_per_week"`
	GapCV             float64    `json:"gap_cv"`               // coefficient of variation of gaps between posts
	DaysSinceLastPost float64    `json:"days_since_last_post"` // -1 when no post is dated
	Confidence        float64    `json:"confidence"`
	Evidence          []Evidence `json:"evidence,omitempty"`
}

// Authenticity scores how likely the audience and engagement are real.
type Authenticity struct {
	Value      float64    `json:"value"` // in [0,1], 1 = no sign of inauthenticity
	Confidence float64    `json:"confidence"`
	Evidence   []Evidence `json:"evidence,omitempty"` // the reasons that moved the score, with Effect
}

// NicheLabel is one niche with the classifier's confidence.
type NicheLabel struct {
	Niche      string  `json:"niche"`
	Confidence float64 `json:"confidence"`
}

// NicheFeature is the multi-label niche classification, best first.
type NicheFeature struct {
	Labels     []NicheLabel `json:"labels"`
	Confidence float64      `json:"confidence"`
	Evidence   []Evidence   `json:"evidence,omitempty"`
}

// Top returns the best niche or "".
func (n NicheFeature) Top() string {
	if len(n.Labels) == 0 {
		return ""
	}
	return n.Labels[0].Niche
}

// SafetyFlag is one brand-safety category raised by a creator's content.
type SafetyFlag struct {
	Category string   `json:"category"`
	Severity float64  `json:"severity"` // in [0,1]
	PostIDs  []string `json:"post_ids"`
	Terms    []string `json:"terms,omitempty"`
}

// BrandSafety summarises risky content.
type BrandSafety struct {
	Value      float64      `json:"value"` // in [0,1], 1 = nothing flagged
	Flags      []SafetyFlag `json:"flags,omitempty"`
	Confidence float64      `json:"confidence"`
}

// Categories returns the flagged categories.
func (b BrandSafety) Categories() []string {
	out := make([]string, 0, len(b.Flags))
	for _, f := range b.Flags {
		out = append(out, f.Category)
	}
	return out
}

// SafetyCategories are the brand-safety categories a brief can exclude.
var SafetyCategories = []string{"profanity", "alcohol", "gambling", "drugs", "violence", "adult", "politics", "controversy"}

// Disclosure is FTC-style disclosure compliance on sponsored posts.
type Disclosure struct {
	Value              float64  `json:"value"` // compliance rate in [0,1]; 1 when nothing sponsored
	SponsoredPosts     int      `json:"sponsored_posts"`
	DisclosedPosts     int      `json:"disclosed_posts"`
	UndisclosedPostIDs []string `json:"undisclosed_post_ids,omitempty"`
	Confidence         float64  `json:"confidence"`
}

// BrandMention is a brand the creator has promoted.
type BrandMention struct {
	Brand     string    `json:"brand"` // lower-case handle without "@"
	Posts     int       `json:"posts"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
	PostIDs   []string  `json:"post_ids,omitempty"`
}

// BrandAffinity lists the brands a creator has promoted, most recent first.
type BrandAffinity struct {
	Brands []BrandMention `json:"brands,omitempty"`
}

// RepeatPartnerGap is how long after its first sponsored post a brand must
// come back to count as a repeat partner: posts of one campaign (days
// apart) are one collaboration; a brand that books the creator again a
// month or more later chose to.
const RepeatPartnerGap = 30 * 24 * time.Hour

// Partnerships summarises a creator's brand collaborations detected from
// their sponsored posts (issue 19):
//
//	distinct_brands    = |brands|
//	repeat_brands      = |{b : last_seen(b) − first_seen(b) ≥ RepeatPartnerGap}|
//	repeat_share       = Σ posts(repeat b) / Σ posts(b), 0 without sponsored posts
//	last_collaboration = max last_seen(b)
type Partnerships struct {
	DistinctBrands    int       `json:"distinct_brands"`
	RepeatBrands      int       `json:"repeat_brands"`
	RepeatShare       float64   `json:"repeat_share"`
	LastCollaboration time.Time `json:"last_collaboration,omitzero"`
}

// Partnerships computes the summary of b (see Partnerships).
func (b BrandAffinity) Partnerships() Partnerships {
	var p Partnerships
	posts, repeat := 0, 0
	for _, m := range b.Brands {
		p.DistinctBrands++
		posts += m.Posts
		if !m.FirstSeen.IsZero() && m.LastSeen.Sub(m.FirstSeen) >= RepeatPartnerGap {
			p.RepeatBrands++
			repeat += m.Posts
		}
		if m.LastSeen.After(p.LastCollaboration) {
			p.LastCollaboration = m.LastSeen
		}
	}
	if posts > 0 {
		p.RepeatShare = float64(repeat) / float64(posts)
	}
	return p
}

// MarshalJSON writes the brands with their Partnerships summary beside
// them. The summary is derived, never stored, so it always agrees with
// the brands it summarises.
func (b BrandAffinity) MarshalJSON() ([]byte, error) {
	type plain BrandAffinity
	return json.Marshal(struct {
		plain
		Partnerships
	}{plain(b), b.Partnerships()})
}

// Names returns the brand handles.
func (b BrandAffinity) Names() []string {
	out := make([]string, 0, len(b.Brands))
	for _, m := range b.Brands {
		out = append(out, m.Brand)
	}
	return out
}

// PlatformCost is the estimated price and yield of one post on a platform.
type PlatformCost struct {
	Platform            Platform `json:"platform"`
	PricePerPost        float64  `json:"price_per_post"`
	ExpectedEngagements float64  `json:"expected_engagements"`
	ExpectedReach       float64  `json:"expected_reach"`
	CPE                 float64  `json:"cpe"`    // cost per engagement
	CPM                 float64  `json:"cpm"`    // cost per thousand reach
	Source              string   `json:"source"` // "rate_card" or "estimate"
}

// CostEstimate prices a post on each of the creator's platforms.
type CostEstimate struct {
	Currency    string         `json:"currency"`
	PerPlatform []PlatformCost `json:"per_platform,omitempty"`
	Confidence  float64        `json:"confidence"`
}

// For returns the estimate for p, or the cheapest one when p is empty.
func (c CostEstimate) For(p Platform) (PlatformCost, bool) {
	var best PlatformCost
	found := false
	for _, pc := range c.PerPlatform {
		if p != "" && pc.Platform == p {
			return pc, true
		}
		if p == "" && (!found || pc.PricePerPost < best.PricePerPost) {
			best, found = pc, true
		}
	}
	return best, found
}

// Clone returns a deep copy of f (nil for nil): every slice gets its own
// backing array; strings are immutable and shared. Stores may hand out
// shared, read-only feature sets (Store.GetCreators); code that writes into
// one clones it first.
func (f *Features) Clone() *Features {
	if f == nil {
		return nil
	}
	n := *f
	n.EngagementRate.Evidence = cloneEvidence(f.EngagementRate.Evidence)
	n.EngagementQuality.Evidence = cloneEvidence(f.EngagementQuality.Evidence)
	n.Consistency.Evidence = cloneEvidence(f.Consistency.Evidence)
	n.Authenticity.Evidence = cloneEvidence(f.Authenticity.Evidence)
	n.Niches.Labels = slices.Clone(f.Niches.Labels)
	n.Niches.Evidence = cloneEvidence(f.Niches.Evidence)
	if f.BrandSafety.Flags != nil {
		n.BrandSafety.Flags = slices.Clone(f.BrandSafety.Flags)
		for i := range n.BrandSafety.Flags {
			fl := &n.BrandSafety.Flags[i]
			fl.PostIDs = slices.Clone(fl.PostIDs)
			fl.Terms = slices.Clone(fl.Terms)
		}
	}
	n.Disclosure.UndisclosedPostIDs = slices.Clone(f.Disclosure.UndisclosedPostIDs)
	if f.Brands.Brands != nil {
		n.Brands.Brands = slices.Clone(f.Brands.Brands)
		for i := range n.Brands.Brands {
			b := &n.Brands.Brands[i]
			b.PostIDs = slices.Clone(b.PostIDs)
		}
	}
	n.Cost.PerPlatform = slices.Clone(f.Cost.PerPlatform)
	return &n
}

func cloneEvidence(ev []Evidence) []Evidence {
	if ev == nil {
		return nil
	}
	out := slices.Clone(ev)
	for i := range out {
		out[i].PostIDs = slices.Clone(out[i].PostIDs)
	}
	return out
}
