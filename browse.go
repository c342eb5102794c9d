package creatormatch

import (
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Browsing lists the shared catalogue by a creator's own numbers, not by
// fit to a brief: GET /v1/creators. Both stores answer a BrowseQuery with
// the same keys defined here, so a listing is the same on every store.

// BrowseSort names what a browse listing is ordered by.
type BrowseSort string

// The browse orders. Each compares one number per creator (BrowseKey);
// ties are broken by id, so every listing is a total order and a cursor
// (the last creator's key and id) continues it exactly.
const (
	// SortFollowers orders by the creator's largest account's followers
	// (0 without accounts).
	SortFollowers BrowseSort = "followers"
	// SortEngagementRate orders by the median engagement rate
	// (features.engagement_rate.value; 0 without features).
	SortEngagementRate BrowseSort = "engagement_rate"
	// SortAuthenticity orders by the authenticity score (0 without
	// features).
	SortAuthenticity BrowseSort = "authenticity"
	// SortLastPost orders by the newest dated post, in Unix microseconds
	// (NoLastPost without a dated post: before every real post).
	SortLastPost BrowseSort = "last_post"
)

// BrowseSorts lists every order, the default first.
var BrowseSorts = []BrowseSort{SortFollowers, SortEngagementRate, SortAuthenticity, SortLastPost}

// Valid reports whether s is one of BrowseSorts.
func (s BrowseSort) Valid() bool {
	switch s {
	case SortFollowers, SortEngagementRate, SortAuthenticity, SortLastPost:
		return true
	}
	return false
}

// Integer reports whether s's key is an integer (BrowseKey.N) rather
// than a rate (BrowseKey.F).
func (s BrowseSort) Integer() bool { return s == SortFollowers || s == SortLastPost }

// NoLastPost is the last_post key of a creator without a dated post: it
// sorts before every real post, so such creators come last in the newest
// first listing.
const NoLastPost = math.MinInt64

// MaxBrowseLimit bounds a browse page, MaxBrowseText the text search.
const (
	MaxBrowseLimit = 100
	MaxBrowseText  = 100
)

// BrowseQuery is one page of the catalogue: the creators passing Filter
// (the same Filter, with the same meaning, as retrieval's) whose name or a
// handle contains Text, ordered by Sort, after After.
type BrowseQuery struct {
	Filter Filter
	// Text, when set, keeps creators whose name or one of whose handles
	// contains it, case-insensitively (compared in SearchKey form; a
	// leading "@" is dropped, as handles are stored without one).
	Text string
	Sort BrowseSort // empty means SortFollowers
	Desc bool
	// After continues a listing after the creator at this position.
	After *BrowsePosition
	// Limit caps the page (1..MaxBrowseLimit); 0 or less returns nothing.
	Limit int
}

// BrowsePosition is a creator's place in a browse order: its key and id.
type BrowsePosition struct {
	Key BrowseKey
	ID  string
}

// BrowseKey is a creator's sort key: N for the integer orders (followers,
// last_post), F for the rates. The other field is zero.
type BrowseKey struct {
	N int64
	F float64
}

// Compare orders a and b by the sort's key, then by id.
func (a BrowsePosition) Compare(b BrowsePosition) int {
	switch {
	case a.Key.N != b.Key.N:
		return cmpInt(a.Key.N, b.Key.N)
	case a.Key.F != b.Key.F:
		if a.Key.F < b.Key.F {
			return -1
		}
		return 1
	}
	return strings.Compare(a.ID, b.ID)
}

func cmpInt(a, b int64) int {
	if a < b {
		return -1
	}
	return 1
}

// BrowseKeyOf returns c's key for s, as both stores compute it.
func BrowseKeyOf(c *Creator, s BrowseSort) BrowseKey {
	switch s {
	case SortEngagementRate:
		if c.Features != nil {
			return BrowseKey{F: c.Features.EngagementRate.Value}
		}
	case SortAuthenticity:
		if c.Features != nil {
			return BrowseKey{F: c.Features.Authenticity.Value}
		}
	case SortLastPost:
		return BrowseKey{N: LastPostKey(c.LastPostAt())}
	default:
		if a := c.MainAccount(); a != nil {
			return BrowseKey{N: a.Followers}
		}
	}
	return BrowseKey{}
}

// LastPostKey is the last_post key of a post time: Unix microseconds (the
// precision Postgres keeps), NoLastPost for the zero time.
func LastPostKey(t time.Time) int64 {
	if t.IsZero() {
		return NoLastPost
	}
	return t.UnixMicro()
}

// SearchKey is the text a browse Text searches: the creator's name and
// handles, each lower case, one a line. Both stores keep it at write time
// and match BrowseTextKey(q) as a substring of it; a query never holds a
// line break (ValidBrowseText), so a match never spans two names.
func SearchKey(c *Creator) string {
	parts := make([]string, 0, 1+len(c.Accounts))
	parts = append(parts, strings.ToLower(c.Name))
	for _, a := range c.Accounts {
		if a.Handle != "" {
			parts = append(parts, strings.ToLower(strings.TrimPrefix(a.Handle, "@")))
		}
	}
	return strings.Join(parts, "\n")
}

// BrowseTextKey is the form a browse Text is matched in: trimmed, lower
// case, without a leading "@".
func BrowseTextKey(q string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(q), "@"))
}

// ValidBrowseText reports whether q can be a browse Text: at most
// MaxBrowseText bytes of valid UTF-8 without control characters.
func ValidBrowseText(q string) bool {
	if len(q) > MaxBrowseText || !utf8.ValidString(q) {
		return false
	}
	return !strings.ContainsFunc(q, unicode.IsControl)
}

// CreatorSummary is one creator of a browse listing: the profile without
// content, audience, follower history or computed evidence, so a page of
// MaxBrowseLimit creators stays small whatever their post counts, with
// every number the listing can be sorted by. GET /v1/creators/{id} has
// the rest.
type CreatorSummary struct {
	ID        string    `json:"id"`
	Name      string    `json:"name,omitempty"`
	Country   string    `json:"country,omitempty"`
	Languages []string  `json:"languages,omitempty"`
	Niches    []string  `json:"niches,omitempty"` // the classified niches, the declared ones without features
	Accounts  []Account `json:"accounts"`         // without follower_history
	Contact   *Contact  `json:"contact,omitempty"`
	Tier      Tier      `json:"tier,omitempty"`
	// Followers is the largest account's, the followers sort's key.
	Followers int64 `json:"followers"`
	// EngagementRate and Authenticity are the features' values, absent
	// for a creator without features (which sorts as 0).
	EngagementRate *float64 `json:"engagement_rate,omitempty"`
	Authenticity   *float64 `json:"authenticity,omitempty"`
	// LastPostAt is the newest dated post's time, absent without one.
	LastPostAt *time.Time `json:"last_post_at,omitempty"`
}

// Summarize returns c's summary. It copies what it keeps, so the summary
// shares nothing with c (which may be a store's shared, read-only copy).
func Summarize(c *Creator) CreatorSummary {
	s := CreatorSummary{
		ID: c.ID, Name: c.Name, Country: c.Country, Languages: slices.Clone(c.Languages),
		Niches: slices.Clone(c.Niches), Accounts: make([]Account, len(c.Accounts)),
		Followers: BrowseKeyOf(c, SortFollowers).N,
	}
	for i, a := range c.Accounts {
		a.FollowerHistory = nil
		s.Accounts[i] = a
	}
	if c.Contact != nil {
		ct := *c.Contact
		s.Contact = &ct
	}
	if f := c.Features; f != nil {
		s.Tier = f.Tier.Value
		er, au := f.EngagementRate.Value, f.Authenticity.Value
		s.EngagementRate, s.Authenticity = &er, &au
		s.Niches = nil // the niches filter reads the classification alone
		for _, l := range f.Niches.Labels {
			s.Niches = append(s.Niches, l.Niche)
		}
	}
	if t := c.LastPostAt(); !t.IsZero() {
		s.LastPostAt = &t
	}
	return s
}
