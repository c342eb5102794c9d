package creatormatch

// Goal is a campaign's objective; each goal weighs the match signals
// differently (see matcher.Presets).
type Goal string

// The campaign goals.
const (
	GoalAwareness  Goal = "awareness"
	GoalLaunch     Goal = "launch"
	GoalCommunity  Goal = "community"
	GoalConversion Goal = "conversion"
)

// Goals lists the campaign goals.
var Goals = []Goal{GoalAwareness, GoalLaunch, GoalCommunity, GoalConversion}

// Valid reports whether g is a known goal.
func (g Goal) Valid() bool {
	switch g {
	case GoalAwareness, GoalLaunch, GoalCommunity, GoalConversion:
		return true
	}
	return false
}

// Money is an amount in a currency; the same shape everywhere in the API.
type Money struct {
	Total    float64 `json:"total"`
	Currency string  `json:"currency,omitempty"` // ISO 4217; USD when empty
}

// AudienceTarget is a brief's target audience. Each dimension lists the
// keys that count as "inside the target" (ages are AgeBuckets such as
// "18-24"; genders "female", "male", "other"; countries ISO 3166-1 alpha-2;
// languages ISO 639-1; interests niche keys or labels). A Min*Share is a
// Modash-style threshold on the share of the audience inside the target
// ("≥30% aged 18–24"); 0 means no threshold. Empty dimensions are not part
// of the target.
type AudienceTarget struct {
	Ages      []string `json:"ages,omitempty"`
	Genders   []string `json:"genders,omitempty"`
	Countries []string `json:"countries,omitempty"`
	Languages []string `json:"languages,omitempty"`
	Interests []string `json:"interests,omitempty"`

	MinAgeShare      float64 `json:"min_age_share,omitempty"`
	MinGenderShare   float64 `json:"min_gender_share,omitempty"`
	MinCountryShare  float64 `json:"min_country_share,omitempty"`
	MinLanguageShare float64 `json:"min_language_share,omitempty"`
	MinInterestShare float64 `json:"min_interest_share,omitempty"`
}

// Empty reports whether the target specifies nothing.
func (a AudienceTarget) Empty() bool {
	return len(a.Ages) == 0 && len(a.Genders) == 0 && len(a.Countries) == 0 && len(a.Languages) == 0 && len(a.Interests) == 0
}

// Brief is what a brand wants: the pasted text and the structured fields
// parsed from it (or sent by the caller, which always win).
type Brief struct {
	Text   string `json:"text,omitempty"`
	Goal   Goal   `json:"goal,omitempty"`
	Budget *Money `json:"budget,omitempty"`
	// Platforms the campaign runs on; empty means any.
	Platforms []Platform `json:"platforms,omitempty"`
	// MinFollowers and MaxFollowers bound the account used (0: unbounded).
	MinFollowers int64 `json:"min_followers,omitempty"`
	MaxFollowers int64 `json:"max_followers,omitempty"`
	// Tiers named in the brief ("micro"); they become a follower range.
	Tiers    []Tier         `json:"tiers,omitempty"`
	Audience AudienceTarget `json:"audience,omitzero"`
	// CreatorCountries and CreatorLanguages constrain the creators
	// themselves (not their audience).
	CreatorCountries []string `json:"creator_countries,omitempty"`
	CreatorLanguages []string `json:"creator_languages,omitempty"`
	// Topics are must-have themes of the creators (niche keys where
	// recognised): the niches of the creators wanted, which need not be
	// what the brand sells (see ProductCategory).
	Topics []string `json:"topics,omitempty"`
	// AvoidTopics are themes the brand does not want near it.
	AvoidTopics []string `json:"avoid_topics,omitempty"`
	// Competitors are brand handles whose recent partners conflict.
	Competitors []string `json:"competitors,omitempty"`
	// ExcludeSafety lists brand-safety categories the brand will not accept.
	ExcludeSafety []string `json:"exclude_safety,omitempty"`
	// SafetyTolerance is the flag severity at or above which an excluded
	// category disqualifies a creator (0: any flag does).
	SafetyTolerance float64 `json:"safety_tolerance,omitempty"`
	// Product is the thing being promoted, when the parser can tell
	// ("oat-milk yogurt", "GlowUp Vitamin C Serum"): a name or short phrase.
	Product string `json:"product,omitempty"`
	// ProductCategory is what the brand sells, as a niche key where the
	// niche lexicon recognises it ("automotive" for a family-car brand),
	// else a short free label. It is context about the brand (competitors,
	// brand safety), not a requirement on the creators: a family-car brand
	// looking for parents has ProductCategory "automotive" and Topics
	// ["parenting"].
	ProductCategory string `json:"product_category,omitempty"`
	// ContentAsks are the concrete things the creators should post about,
	// as short phrases taken from the brief ("hair colour transformations",
	// "marathon training", "road trips"); more specific than Topics.
	// Retrieval and scoring do not read them yet: they are meant for
	// post-level matching.
	ContentAsks []string `json:"content_asks,omitempty"`
}

// ExchangeRate says how a response's amounts were converted: every amount
// is in Currency, converted from the creators' own currencies through US
// dollars at USDPerUnit (dollars per unit of Currency), a rate as of AsOf.
type ExchangeRate struct {
	Currency   string  `json:"currency"`
	USDPerUnit float64 `json:"usd_per_unit"`
	AsOf       string  `json:"as_of"`
	Source     string  `json:"source"`
}

// Decision is the matcher's verdict on a creator for a brief.
type Decision string

// The decisions.
const (
	DecisionGood    Decision = "good"
	DecisionNeutral Decision = "neutral"
	DecisionAvoid   Decision = "avoid"
)

// Reason is one plain-sentence reason for a match, citing the creator's
// posts that support it. Posts holds the same ids as PostIDs, in the same
// order, each with the post's URL when the catalogue knows it.
type Reason struct {
	Text    string    `json:"text"`
	PostIDs []string  `json:"post_ids"`
	Posts   []PostRef `json:"posts"`
}

// PostRef names one of a creator's posts and where to see it.
type PostRef struct {
	ID  string `json:"id"`
	URL string `json:"url,omitempty"`
}

// Constraint statuses.
const (
	ConstraintPass    = "pass"
	ConstraintFail    = "fail"
	ConstraintUnknown = "unknown"
)

// The rules that exclude a creator from a brief's ranked list and
// shortlist. Each names what the brief asked and the creator failed.
const (
	RuleCompetitorConflict = "competitor_conflict" // promoted a competitor the brief names
	RuleBrandSafety        = "brand_safety"        // a flag in a category the brief excludes, at or above its tolerance
	RuleLowAuthenticity    = "low_authenticity"    // authenticity below the matcher's floor
	RuleOverBudget         = "over_budget"         // one post costs more than the whole budget
	RuleAudienceThreshold  = "audience_threshold"  // a stated audience share not met (or unknown)
)

// ConstraintCheck is one of a brief's requirements checked against one
// creator: hard ones exclude the creator when they fail, soft ones only
// move the score.
type ConstraintCheck struct {
	// Name says what was checked: "audience.gender", "audience.country",
	// "competitors", "brand_safety", "authenticity", "budget".
	Name string `json:"name"`
	// Rule is the exclusion rule a failure applies (empty for a soft one).
	Rule   string `json:"rule,omitempty"`
	Hard   bool   `json:"hard"`
	Status string `json:"status"` // pass, fail or unknown
	// Value is the creator's value and Threshold the brief's, when the
	// constraint is numeric (shares in [0,1], money in the response's
	// currency).
	Value     *float64 `json:"value,omitempty"`
	Threshold *float64 `json:"threshold,omitempty"`
	Detail    string   `json:"detail"`
}

// AudienceShare is one key of an audience distribution and its share.
type AudienceShare struct {
	Key   string  `json:"key"`
	Share float64 `json:"share"`
}

// AudienceMix is the top of a creator's audience distributions, largest
// share first (at most three keys each); a dimension without data is
// empty.
type AudienceMix struct {
	Countries []AudienceShare `json:"countries,omitempty"`
	Ages      []AudienceShare `json:"ages,omitempty"`
	Genders   []AudienceShare `json:"genders,omitempty"`
}

// Card is what a result list shows about a creator at a glance.
type Card struct {
	Name      string     `json:"name,omitempty"`
	Handle    string     `json:"handle,omitempty"`
	Platform  Platform   `json:"platform,omitempty"` // of the main account
	Platforms []Platform `json:"platforms,omitempty"`
	Followers int64      `json:"followers"`
	Tier      Tier       `json:"tier,omitempty"`
	Country   string     `json:"country,omitempty"`
	Niches    []string   `json:"niches,omitempty"`
	// EngagementRate and its percentile among the same platform and tier.
	EngagementRate       float64 `json:"engagement_rate"`
	EngagementPercentile float64 `json:"engagement_percentile"`
	Bio                  string  `json:"bio,omitempty"`
	// Audience is the audience mix, nil when the creator has no audience
	// data.
	Audience *AudienceMix `json:"audience,omitempty"`
}

// Match is one ranked creator for a brief. Contributions sum to Score.
type Match struct {
	CreatorID string  `json:"creator_id"`
	Rank      int     `json:"rank"`
	Score     float64 `json:"score"`
	// Fit is the calibrated probability, in [0,1], that a strategist would
	// judge the creator on-brief (see matcher.Calibration).
	Fit float64 `json:"fit"`
	// FitInputs are the values fit was computed from: the signals and the
	// brief-relative inputs the calibration map reads.
	FitInputs     map[string]float64 `json:"fit_inputs,omitempty"`
	Decision      Decision           `json:"decision"`
	DecisionRule  string             `json:"decision_rule"`
	Contributions map[string]float64 `json:"contributions"`
	// Signals are the [0,1] values the contributions weigh.
	Signals  map[string]float64 `json:"signals"`
	Reasons  []Reason           `json:"reasons"`
	Features *Features          `json:"features,omitempty"`
	Cost     *PlatformCost      `json:"cost,omitempty"`
	Card     Card               `json:"card"`
	// Constraints lists every requirement of the brief checked against
	// the creator, hard and soft, with its status.
	Constraints []ConstraintCheck `json:"constraints"`
	// Exclusions are the rules that removed the creator from the ranked
	// list (only on the response's excluded list).
	Exclusions []string `json:"exclusions,omitempty"`
	// Lists are the caller's workspace's lists holding the creator, with
	// its status on each. The matcher knows nothing of workspaces and
	// leaves it empty; the API annotates its responses (ListMemberships).
	Lists []Membership `json:"lists,omitempty"`
	// WorkedWithUs is the caller's workspace's own history with the
	// creator (its hired and campaign_result feedback), set by the API
	// like Lists.
	WorkedWithUs *WorkedWithUs `json:"worked_with_us,omitempty"`
}
