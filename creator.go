// Package creatormatch holds the domain of the creatormatch engine: creators,
// their accounts, content and audiences, briefs and matches, the error kinds
// every layer shares, and the interfaces (Store) that the outer packages
// implement. It imports nothing of the project and no outside dependency, so
// every other package can depend on it.
package creatormatch

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Platform is a social network a creator publishes on.
type Platform string

// The platforms creatormatch understands.
const (
	Instagram Platform = "instagram"
	TikTok    Platform = "tiktok"
	YouTube   Platform = "youtube"
)

// Platforms lists every known platform in a stable order.
var Platforms = []Platform{Instagram, TikTok, YouTube}

// Valid reports whether p is one of Platforms.
func (p Platform) Valid() bool {
	switch p {
	case Instagram, TikTok, YouTube:
		return true
	}
	return false
}

// ViewDriven reports whether engagement on p is better judged per view than
// per follower: TikTok and YouTube distribute content by recommendation, so
// a video's audience is its viewers, not the account's followers.
func (p Platform) ViewDriven() bool { return p == TikTok || p == YouTube }

// Creator is a person (or channel) that brands can hire. ID is the caller's
// stable external id; ingest upserts by it.
type Creator struct {
	ID        string    `json:"id"`
	Name      string    `json:"name,omitempty"`
	Bio       string    `json:"bio,omitempty"`
	Country   string    `json:"country,omitempty"`   // ISO 3166-1 alpha-2, upper case
	Languages []string  `json:"languages,omitempty"` // ISO 639-1, lower case
	Niches    []string  `json:"niches,omitempty"`    // declared by the creator or the data source: a prior, not the truth
	Accounts  []Account `json:"accounts,omitempty"`
	Audience  *Audience `json:"audience,omitempty"`
	RateCard  *RateCard `json:"rate_card,omitempty"`
	// Contact is how a brand reaches the creator, when the source gives
	// it; nil when it gave none.
	Contact *Contact      `json:"contact,omitempty"`
	Content []ContentItem `json:"content,omitempty"`

	// Features are computed by the features package at ingest; callers never
	// send them (ingest ignores them) and reads return them.
	Features *Features `json:"features,omitempty"`

	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Account is a creator's presence on one platform.
type Account struct {
	Platform        Platform        `json:"platform"`
	Handle          string          `json:"handle,omitempty"`
	Followers       int64           `json:"followers"`
	Following       int64           `json:"following,omitempty"` // 0 means unknown
	Verified        bool            `json:"verified,omitempty"`
	FollowerHistory []FollowerPoint `json:"follower_history,omitempty"`
}

// FollowerPoint is the follower count of an account on one day.
type FollowerPoint struct {
	Date      Date  `json:"date"`
	Followers int64 `json:"followers"`
}

// ContentItem is one post or video. Counts that a source does not report are
// zero; the features package treats a zero view count as "no view data".
type ContentItem struct {
	ID       string    `json:"id"`
	Platform Platform  `json:"platform,omitempty"` // defaults to the creator's only account's platform
	PostedAt time.Time `json:"posted_at,omitzero"`
	Caption  string    `json:"caption,omitempty"` // caption, or the title of a video
	// URL is where the post can be seen, when the source gives it.
	URL       string   `json:"url,omitempty"`
	Hashtags  []string `json:"hashtags,omitempty"`
	Mentions  []string `json:"mentions,omitempty"`
	Likes     int64    `json:"likes,omitempty"`
	Comments  int64    `json:"comments,omitempty"`
	Shares    int64    `json:"shares,omitempty"`
	Saves     int64    `json:"saves,omitempty"`
	Views     int64    `json:"views,omitempty"`
	Sponsored bool     `json:"sponsored,omitempty"`
	Sponsors  []string `json:"sponsors,omitempty"` // brand handles
	// Disclosures are the disclosure markers present on the post: hashtags
	// such as "#ad" or "#sponsored", or "paid_partnership" for the
	// platform's own label.
	Disclosures []string `json:"disclosures,omitempty"`
	// CommentSamples is comment text where the source provides it; it feeds
	// engagement quality (generic and duplicate comments).
	CommentSamples []string `json:"comment_samples,omitempty"`
}

// Text is what gets embedded for the item: its caption and hashtags.
func (c ContentItem) Text() string {
	if len(c.Hashtags) == 0 {
		return c.Caption
	}
	var b strings.Builder
	b.WriteString(c.Caption)
	for _, h := range c.Hashtags {
		b.WriteByte(' ')
		if !strings.HasPrefix(h, "#") {
			b.WriteByte('#')
		}
		b.WriteString(h)
	}
	return strings.TrimSpace(b.String())
}

// Audience describes who follows a creator. Each distribution maps a key to
// a share in [0,1]; a distribution that is present sums to 1 (±0.01).
// Age keys are AgeBuckets; gender keys are "female", "male", "other";
// countries are ISO 3166-1 alpha-2; languages ISO 639-1; interests are
// niche keys or free labels.
type Audience struct {
	Age       map[string]float64 `json:"age,omitempty"`
	Gender    map[string]float64 `json:"gender,omitempty"`
	Countries map[string]float64 `json:"countries,omitempty"`
	Languages map[string]float64 `json:"languages,omitempty"`
	Interests map[string]float64 `json:"interests,omitempty"`
	// Credibility is the share of the audience that are real, active
	// accounts (as audience-analytics vendors report it); nil if unknown.
	Credibility *float64 `json:"credibility,omitempty"`
}

// AgeBuckets are the audience age buckets, youngest first.
var AgeBuckets = []string{"13-17", "18-24", "25-34", "35-44", "45-64", "65+"}

// RateCard is what a creator charges per post, by platform.
type RateCard struct {
	Currency string               `json:"currency,omitempty"` // ISO 4217; USD when empty
	PerPost  map[Platform]float64 `json:"per_post,omitempty"`
}

// Contact holds a creator's optional contact details. Each field is
// checked at ingest (Creator.Validate) so that an export or a mail merge
// downstream never meets a malformed address or a javascript: link.
type Contact struct {
	Email   string `json:"email,omitempty"`   // one bare address: name@example.com
	Agent   string `json:"agent,omitempty"`   // the agent or agency representing the creator, free text
	Website string `json:"website,omitempty"` // an http or https URL
}

// MainAccount returns the account with the most followers, or nil.
func (c *Creator) MainAccount() *Account {
	var best *Account
	for i := range c.Accounts {
		if best == nil || c.Accounts[i].Followers > best.Followers {
			best = &c.Accounts[i]
		}
	}
	return best
}

// TotalFollowers sums followers across accounts.
func (c *Creator) TotalFollowers() int64 {
	var n int64
	for _, a := range c.Accounts {
		n += a.Followers
	}
	return n
}

// LastPostAt returns when the creator's newest dated post was posted, or
// the zero time when no post is dated. Browsing sorts by it (last_post).
func (c *Creator) LastPostAt() time.Time {
	var last time.Time
	for _, it := range c.Content {
		if it.PostedAt.After(last) {
			last = it.PostedAt
		}
	}
	return last
}

// Account returns the creator's account on p, or nil.
func (c *Creator) Account(p Platform) *Account {
	for i := range c.Accounts {
		if c.Accounts[i].Platform == p {
			return &c.Accounts[i]
		}
	}
	return nil
}

// Date is a calendar day, JSON-encoded as "2006-01-02". It also accepts an
// RFC 3339 timestamp on input, since exports often carry one.
type Date struct{ time.Time }

// MarshalJSON encodes d as "2006-01-02".
func (d Date) MarshalJSON() ([]byte, error) {
	return json.Marshal(d.Format(time.DateOnly))
}

// UnmarshalJSON decodes "2006-01-02" or an RFC 3339 timestamp.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date must be a string like 2024-01-31")
	}
	t, err := ParseDate(s)
	if err != nil {
		return err
	}
	d.Time = t
	return nil
}

// ParseDate parses "2006-01-02" or an RFC 3339 timestamp into a UTC day.
func ParseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		y, m, dd := t.UTC().Date()
		return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC), nil
	}
	return time.Time{}, fmt.Errorf("date %q must look like 2024-01-31", s)
}
