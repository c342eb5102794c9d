package features

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/creatormatch/creatormatch"
)

var (
	// promoCodeRe finds promo-code language: "use code X", "with my code",
	// "code: X", "promo code", "discount code", "20% off".
	promoCodeRe = regexp.MustCompile(`(?i)\b(?:use|using|with|my)\s+(?:my\s+|the\s+|our\s+)?(?:promo\s+|discount\s+)?code\b|\bcode\s*[:=]\s*\S+|\bpromo\s*code\b|\bdiscount\s+code\b|\b\d{1,2}\s?%\s*off\b`)
	// affiliateRe finds affiliate links: amzn.to, rstyle.me, liketk.it,
	// shopmy.us, bit.ly links carrying "ref", or ref/aff/tag query params.
	affiliateRe = regexp.MustCompile(`(?i)\b(?:amzn\.to|rstyle\.me|liketk\.it|shopmy\.us|shop\.ltk\.app)/|\bbit\.ly/\S*ref|[?&](?:ref|aff|affid|affiliate|tag)=`)
	// linkInBioRe finds "link in bio", which counts together with a code.
	linkInBioRe = regexp.MustCompile(`(?i)\blink\s+in\s+(?:my\s+)?bio\b`)
	// mentionRe finds @handles in a caption.
	mentionRe = regexp.MustCompile(`(?:^|[^\w@])@([A-Za-z0-9_.]{2,30})`)
	// disclosureTextRe finds disclosure tags and phrases in a caption.
	disclosureTextRe = regexp.MustCompile(`(?i)(?:^|[^\w#])#(?:ad|ads|sponsored|paidpartnership|paid_partnership|partner|advertisement|brandpartner|sponsoredpost|werbung|anzeige)\b|\bpaid\s+partnership\b|\bsponsored\s+by\b`)
	// paidPartnershipRe finds the platform label's text.
	paidPartnershipRe = regexp.MustCompile(`(?i)\bpaid\s+partnership\b`)
)

// disclosureTags are the normalised markers (see normTag) that disclose a
// sponsorship: #ad, #sponsored, #paidpartnership, #partner and the platform
// label "paid_partnership", plus common variants.
var disclosureTags = map[string]bool{
	"ad": true, "ads": true, "sponsored": true, "paidpartnership": true, "partner": true,
	"advertisement": true, "brandpartner": true, "sponsoredpost": true, "werbung": true, "anzeige": true,
}

// IsDisclosed reports whether a post carries a disclosure: a Disclosures
// entry or hashtag among #ad, #sponsored, #paidpartnership, #partner (and
// variants) or the "paid_partnership" label, or such a tag, "paid
// partnership" or "sponsored by" in the caption.
func IsDisclosed(it creatormatch.ContentItem) bool {
	for _, d := range it.Disclosures {
		if disclosureTags[normTag(strings.ReplaceAll(d, " ", ""))] {
			return true
		}
	}
	for _, h := range it.Hashtags {
		if disclosureTags[normTag(h)] {
			return true
		}
	}
	lc := strings.ToLower(it.Caption)
	if !strings.Contains(lc, "#") && !strings.Contains(lc, "paid") && !strings.Contains(lc, "sponsored") {
		return false // cheap pre-check before the regular expression
	}
	return disclosureTextRe.MatchString(it.Caption)
}

// IsSponsored reports whether a post is sponsored: flagged Sponsored, with
// Sponsors, disclosed (see IsDisclosed: a creator's #ad is an admission),
// carrying "paid partnership" text, with an affiliate link (amzn.to,
// rstyle.me, bit.ly with ref, ...), or with promo-code language ("use code
// X", "code: X", "% off") together with a brand @mention or "link in bio".
func IsSponsored(it creatormatch.ContentItem) bool {
	if it.Sponsored || len(it.Sponsors) > 0 || IsDisclosed(it) {
		return true
	}
	text := it.Caption
	lc := strings.ToLower(text)
	// cheap substring pre-checks before each regular expression
	if strings.Contains(lc, "partnership") && paidPartnershipRe.MatchString(text) {
		return true
	}
	if (strings.Contains(lc, "/") || strings.Contains(lc, "=")) && affiliateRe.MatchString(text) {
		return true
	}
	if (strings.Contains(lc, "code") || strings.Contains(lc, "%")) && promoCodeRe.MatchString(text) {
		return len(it.Mentions) > 0 || mentionRe.MatchString(text) || linkInBioRe.MatchString(text)
	}
	return false
}

// Disclosure is FTC-style compliance over sponsored posts (IsSponsored):
//
//	Value = disclosed sponsored posts / sponsored posts    (1 when none is sponsored)
//	Confidence = min(1, sponsored / 5); 0.2·min(1, posts/10) when none is sponsored
//
// UndisclosedPostIDs lists the sponsored posts without a disclosure, most
// recent first.
func Disclosure(c *creatormatch.Creator) creatormatch.Disclosure {
	out := creatormatch.Disclosure{Value: 1}
	if c == nil {
		return out
	}
	posts := recent(c)
	for _, it := range posts {
		if !IsSponsored(it) {
			continue
		}
		out.SponsoredPosts++
		if IsDisclosed(it) {
			out.DisclosedPosts++
		} else {
			out.UndisclosedPostIDs = append(out.UndisclosedPostIDs, it.ID)
		}
	}
	if out.SponsoredPosts > 0 {
		out.Value = float64(out.DisclosedPosts) / float64(out.SponsoredPosts)
		out.Confidence = clamp01(float64(out.SponsoredPosts) / 5)
	} else {
		out.Confidence = 0.2 * clamp01(float64(len(posts))/10)
	}
	return out
}

// postBrands returns the normalised brand handles of a sponsored post: its
// Sponsors and its @mentions (field and caption).
func postBrands(it creatormatch.ContentItem) []string {
	var out []string
	add := func(h string) {
		h = strings.TrimRight(normHandle(h), ".")
		if h != "" && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	for _, s := range it.Sponsors {
		add(s)
	}
	for _, m := range it.Mentions {
		add(m)
	}
	for _, m := range mentionRe.FindAllStringSubmatch(it.Caption, -1) {
		add(m[1])
	}
	return out
}

// Brands lists the brands a creator has promoted: the Sponsors and
// @mentions of their sponsored posts (IsSponsored), lower-case without "@",
// with post count, first and last dates and post ids (most recent first),
// ordered by LastSeen (most recent first), then posts, then name.
func Brands(c *creatormatch.Creator) creatormatch.BrandAffinity {
	var out creatormatch.BrandAffinity
	if c == nil {
		return out
	}
	byBrand := map[string]*creatormatch.BrandMention{}
	for _, it := range recent(c) {
		if !IsSponsored(it) {
			continue
		}
		for _, b := range postBrands(it) {
			m := byBrand[b]
			if m == nil {
				m = &creatormatch.BrandMention{Brand: b}
				byBrand[b] = m
			}
			m.Posts++
			m.PostIDs = append(m.PostIDs, it.ID)
			if t := it.PostedAt; !t.IsZero() {
				if m.FirstSeen.IsZero() || t.Before(m.FirstSeen) {
					m.FirstSeen = t
				}
				if t.After(m.LastSeen) {
					m.LastSeen = t
				}
			}
		}
	}
	for _, m := range byBrand {
		out.Brands = append(out.Brands, *m)
	}
	sort.Slice(out.Brands, func(i, j int) bool {
		a, b := out.Brands[i], out.Brands[j]
		if !a.LastSeen.Equal(b.LastSeen) {
			return a.LastSeen.After(b.LastSeen)
		}
		if a.Posts != b.Posts {
			return a.Posts > b.Posts
		}
		return a.Brand < b.Brand
	})
	return out
}

// brandKey is the domain's brand comparison key (creatormatch.BrandKey).
var brandKey = creatormatch.BrandKey

// Conflicts returns the mentions of b that are among competitors (compared
// by brandKey), in b's order.
func Conflicts(b creatormatch.BrandAffinity, competitors []string) []creatormatch.BrandMention {
	set := map[string]bool{}
	for _, c := range competitors {
		if k := brandKey(c); k != "" {
			set[k] = true
		}
	}
	var out []creatormatch.BrandMention
	for _, m := range b.Brands {
		if set[brandKey(m.Brand)] {
			out = append(out, m)
		}
	}
	return out
}
