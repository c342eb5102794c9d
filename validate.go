package creatormatch

import (
	"fmt"
	"maps"
	"math"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Limits on what one creator may carry. They keep a single request bounded
// and are documented in openapi.yaml.
const (
	MaxIDLength       = 128
	MaxNameLength     = 200
	MaxBioLength      = 5000
	MaxCaptionLength  = 10000
	MaxContentItems   = 1000
	MaxAccounts       = 10
	MaxHistoryPoints  = 1000
	MaxListItems      = 100 // hashtags, mentions, sponsors, languages, niches, comment samples
	ShareSumTolerance = 0.01
	MaxURLLength      = 2048
	MaxEmailLength    = 254 // RFC 5321's limit on a forward path, less its angle brackets
	MaxAgentLength    = 200
)

// Genders are the accepted audience gender keys.
var Genders = []string{"female", "male", "other"}

// ValidID reports whether id can name a creator or a content item: 1 to
// MaxIDLength printable ASCII characters without spaces, slashes, '?', '#'
// or '%', so it can travel in a URL path unescaped.
func ValidID(id string) bool {
	if id == "" || len(id) > MaxIDLength {
		return false
	}
	for _, r := range id {
		if r <= ' ' || r > '~' || r == '/' || r == '?' || r == '#' || r == '%' || r == '\\' {
			return false
		}
	}
	return true
}

// Normalize puts a creator into canonical form before validation: trims
// text, upper-cases the country, lower-cases languages, strips '#' from
// hashtags and '@' from mentions and sponsors (lower-casing brand handles),
// defaults a content item's platform to the creator's only platform, and
// drops any Features the caller sent (they are computed, never accepted).
func (c *Creator) Normalize() {
	c.ID = strings.TrimSpace(c.ID)
	c.Name = strings.TrimSpace(c.Name)
	c.Bio = strings.TrimSpace(c.Bio)
	c.Country = strings.ToUpper(strings.TrimSpace(c.Country))
	for i, l := range c.Languages {
		c.Languages[i] = strings.ToLower(strings.TrimSpace(l))
	}
	for i, n := range c.Niches {
		c.Niches[i] = strings.ToLower(strings.TrimSpace(n))
	}
	for i := range c.Accounts {
		a := &c.Accounts[i]
		a.Platform = Platform(strings.ToLower(strings.TrimSpace(string(a.Platform))))
		a.Handle = strings.TrimPrefix(strings.TrimSpace(a.Handle), "@")
	}
	if c.RateCard != nil {
		c.RateCard.Currency = strings.ToUpper(strings.TrimSpace(c.RateCard.Currency))
	}
	c.Contact = c.Contact.normalized()
	for i := range c.Content {
		c.Content[i].Normalize(c)
	}
	c.Features = nil
}

// Normalize puts a content item into canonical form; see Creator.Normalize.
func (it *ContentItem) Normalize(owner *Creator) {
	it.ID = strings.TrimSpace(it.ID)
	it.Platform = Platform(strings.ToLower(strings.TrimSpace(string(it.Platform))))
	if it.Platform == "" && owner != nil && len(owner.Accounts) == 1 {
		it.Platform = owner.Accounts[0].Platform
	}
	it.Caption = strings.TrimSpace(it.Caption)
	it.URL = strings.TrimSpace(it.URL)
	for i, h := range it.Hashtags {
		it.Hashtags[i] = strings.TrimLeft(strings.TrimSpace(h), "#")
	}
	for i, m := range it.Mentions {
		it.Mentions[i] = strings.TrimLeft(strings.TrimSpace(m), "@")
	}
	for i, s := range it.Sponsors {
		it.Sponsors[i] = strings.ToLower(strings.TrimLeft(strings.TrimSpace(s), "@"))
	}
	for i, d := range it.Disclosures {
		it.Disclosures[i] = strings.ToLower(strings.TrimSpace(d))
	}
	if !it.PostedAt.IsZero() {
		it.PostedAt = it.PostedAt.UTC()
	}
}

// Validate reports every problem with c as field errors (paths relative to
// the creator). now bounds dates: nothing may be dated more than a day
// after it.
func (c *Creator) Validate(now time.Time) error {
	v := &ValidationError{}
	if c.ID == "" {
		v.Add("id", "is required")
	} else if !ValidID(c.ID) {
		v.Add("id", "must be 1-%d printable ASCII characters without spaces, '/', '?', '#', '%%' or '\\'", MaxIDLength)
	}
	checkLen(v, "name", c.Name, MaxNameLength)
	checkLen(v, "bio", c.Bio, MaxBioLength)
	if c.Country != "" && !isAlpha(c.Country, 2) {
		v.Add("country", "must be an ISO 3166-1 alpha-2 code such as US")
	}
	checkList(v, "languages", c.Languages)
	for i, l := range c.Languages {
		if !isAlpha(l, 2) && !isAlpha(l, 3) {
			v.Add(fmt.Sprintf("languages[%d]", i), "must be an ISO 639-1 code such as en")
		}
	}
	checkList(v, "niches", c.Niches)
	for i, n := range c.Niches {
		if n == "" || len(n) > 64 {
			v.Add(fmt.Sprintf("niches[%d]", i), "must be 1-64 characters")
		}
	}
	if len(c.Accounts) > MaxAccounts {
		v.Add("accounts", "at most %d accounts", MaxAccounts)
	}
	seenPlatform := map[Platform]bool{}
	for i, a := range c.Accounts {
		p := fmt.Sprintf("accounts[%d]", i)
		if !a.Platform.Valid() {
			v.Add(p+".platform", "must be one of instagram, tiktok, youtube; got %q", a.Platform)
		} else if seenPlatform[a.Platform] {
			v.Add(p+".platform", "duplicate platform %s: one account per platform", a.Platform)
		}
		seenPlatform[a.Platform] = true
		checkLen(v, p+".handle", a.Handle, 100)
		if a.Followers < 0 {
			v.Add(p+".followers", "must not be negative")
		}
		if a.Following < 0 {
			v.Add(p+".following", "must not be negative")
		}
		if len(a.FollowerHistory) > MaxHistoryPoints {
			v.Add(p+".follower_history", "at most %d points", MaxHistoryPoints)
		}
		for j, h := range a.FollowerHistory {
			hp := fmt.Sprintf("%s.follower_history[%d]", p, j)
			if h.Followers < 0 {
				v.Add(hp+".followers", "must not be negative")
			}
			if h.Date.IsZero() {
				v.Add(hp+".date", "is required")
			} else if h.Date.After(now.Add(24 * time.Hour)) {
				v.Add(hp+".date", "is in the future")
			}
		}
	}
	if c.Audience != nil {
		validateAudience(v, "audience", c.Audience)
	}
	if c.RateCard != nil {
		if c.RateCard.Currency != "" && !isAlpha(c.RateCard.Currency, 3) {
			v.Add("rate_card.currency", "must be an ISO 4217 code such as USD")
		}
		for _, p := range slices.Sorted(maps.Keys(c.RateCard.PerPost)) {
			amount := c.RateCard.PerPost[p]
			if !p.Valid() {
				v.Add("rate_card.per_post."+string(p), "unknown platform; must be one of instagram, tiktok, youtube")
			} else if amount < 0 || math.IsNaN(amount) || math.IsInf(amount, 0) {
				v.Add("rate_card.per_post."+string(p), "must be a non-negative amount")
			}
		}
	}
	c.Contact.validate(v, "contact")
	if len(c.Content) > MaxContentItems {
		v.Add("content", "at most %d items per creator", MaxContentItems)
	}
	seen := map[string]int{}
	for i := range c.Content {
		p := fmt.Sprintf("content[%d]", i)
		c.Content[i].validate(v, p, c, now)
		if id := c.Content[i].ID; id != "" {
			if j, dup := seen[id]; dup {
				v.Add(p+".id", "duplicate content id %q (also content[%d])", id, j)
			}
			seen[id] = i
		}
	}
	return v.Err()
}

// ValidateItem checks one content item of owner; paths are relative to the item.
func (it *ContentItem) ValidateItem(owner *Creator, now time.Time) error {
	v := &ValidationError{}
	it.validate(v, "", owner, now)
	return v.Err()
}

func (it *ContentItem) validate(v *ValidationError, p string, owner *Creator, now time.Time) {
	field := func(name string) string {
		if p == "" {
			return name
		}
		return p + "." + name
	}
	if it.ID == "" {
		v.Add(field("id"), "is required")
	} else if !ValidID(it.ID) {
		v.Add(field("id"), "must be 1-%d printable ASCII characters without spaces, '/', '?', '#', '%%' or '\\'", MaxIDLength)
	}
	switch {
	case it.Platform == "":
		v.Add(field("platform"), "is required when the creator does not have exactly one account")
	case !it.Platform.Valid():
		v.Add(field("platform"), "must be one of instagram, tiktok, youtube; got %q", it.Platform)
	case owner != nil && len(owner.Accounts) > 0 && owner.Account(it.Platform) == nil:
		v.Add(field("platform"), "the creator has no %s account", it.Platform)
	}
	if !it.PostedAt.IsZero() && it.PostedAt.After(now.Add(24*time.Hour)) {
		v.Add(field("posted_at"), "is in the future")
	}
	checkLen(v, field("caption"), it.Caption, MaxCaptionLength)
	if it.URL != "" && !httpURL(it.URL) {
		v.Add(field("url"), "must be an http or https URL of at most %d bytes", MaxURLLength)
	}
	for _, count := range []struct {
		name string
		n    int64
	}{{"likes", it.Likes}, {"comments", it.Comments}, {"shares", it.Shares}, {"saves", it.Saves}, {"views", it.Views}} {
		if count.n < 0 {
			v.Add(field(count.name), "must not be negative")
		}
	}
	checkList(v, field("hashtags"), it.Hashtags)
	checkList(v, field("mentions"), it.Mentions)
	checkList(v, field("sponsors"), it.Sponsors)
	checkList(v, field("disclosures"), it.Disclosures)
	checkList(v, field("comment_samples"), it.CommentSamples)
}

// normalized returns ct with its fields trimmed, or nil when every field
// is empty: "contact": {} stores as no contact, so stores and exports never
// tell an empty object from an absent one.
func (ct *Contact) normalized() *Contact {
	if ct == nil {
		return nil
	}
	out := Contact{Email: strings.TrimSpace(ct.Email), Agent: strings.TrimSpace(ct.Agent), Website: strings.TrimSpace(ct.Website)}
	if out == (Contact{}) {
		return nil
	}
	return &out
}

// validate checks the contact details: the email is one bare address
// (net/mail, without a display name, so it can be used as given), the
// website an absolute http(s) URL, every field bounded and valid UTF-8.
func (ct *Contact) validate(v *ValidationError, p string) {
	if ct == nil {
		return
	}
	if ct.Email != "" {
		a, err := mail.ParseAddress(ct.Email)
		switch {
		case len(ct.Email) > MaxEmailLength:
			v.Add(p+".email", "must be at most %d bytes", MaxEmailLength)
		case err != nil || a.Address != ct.Email || a.Name != "":
			v.Add(p+".email", "must be an email address such as name@example.com")
		}
	}
	checkText(v, p+".agent", ct.Agent, MaxAgentLength, false)
	if ct.Website != "" && !httpURL(ct.Website) {
		v.Add(p+".website", "must be an http or https URL of at most %d bytes", MaxURLLength)
	}
}

// httpURL reports whether s is an absolute http or https URL with a host,
// of at most MaxURLLength bytes.
func httpURL(s string) bool {
	if len(s) > MaxURLLength {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func validateAudience(v *ValidationError, p string, a *Audience) {
	dists := []struct {
		name    string
		m       map[string]float64
		allowed []string
	}{
		{"age", a.Age, AgeBuckets},
		{"gender", a.Gender, Genders},
		{"countries", a.Countries, nil},
		{"languages", a.Languages, nil},
		{"interests", a.Interests, nil},
	}
	for _, d := range dists {
		if len(d.m) == 0 {
			continue
		}
		sum := 0.0
		for _, k := range slices.Sorted(maps.Keys(d.m)) {
			share := d.m[k]
			fp := p + "." + d.name + "." + k
			if k == "" {
				v.Add(p+"."+d.name, "keys must not be empty")
			}
			if d.allowed != nil && !slices.Contains(d.allowed, k) {
				v.Add(fp, "unknown key; must be one of %s", strings.Join(d.allowed, ", "))
			}
			if share < 0 || share > 1 || math.IsNaN(share) {
				v.Add(fp, "share must be between 0 and 1")
			}
			sum += share
		}
		if math.Abs(sum-1) > ShareSumTolerance {
			v.Add(p+"."+d.name, "shares must sum to 1 (±%.2f); they sum to %.4f", ShareSumTolerance, sum)
		}
	}
	if a.Credibility != nil && (*a.Credibility < 0 || *a.Credibility > 1 || math.IsNaN(*a.Credibility)) {
		v.Add(p+".credibility", "must be between 0 and 1")
	}
}

func checkLen(v *ValidationError, field, s string, max int) {
	if len(s) > max {
		v.Add(field, "must be at most %d bytes", max)
	}
}

func checkList(v *ValidationError, field string, xs []string) {
	if len(xs) > MaxListItems {
		v.Add(field, "at most %d entries", MaxListItems)
	}
}

func isAlpha(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) || r > unicode.MaxASCII {
			return false
		}
	}
	return true
}
