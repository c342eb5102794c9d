package features

import (
	"testing"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSponsoredAndDisclosed(t *testing.T) {
	cases := []struct {
		name                 string
		item                 creatormatch.ContentItem
		sponsored, disclosed bool
	}{
		{"plain", creatormatch.ContentItem{Caption: "Sunday walk #adventure"}, false, false},
		{"flag", creatormatch.ContentItem{Sponsored: true}, true, false},
		{"sponsors", creatormatch.ContentItem{Sponsors: []string{"@glowlab"}}, true, false},
		{"platform label", creatormatch.ContentItem{Disclosures: []string{"paid_partnership"}}, true, true},
		{"#ad disclosure", creatormatch.ContentItem{Sponsored: true, Disclosures: []string{"#ad"}}, true, true},
		{"#ad hashtag", creatormatch.ContentItem{Hashtags: []string{"Ad"}, Caption: "new serum"}, true, true},
		{"#sponsored in caption", creatormatch.ContentItem{Caption: "Loving this serum #sponsored"}, true, true},
		{"#partner in caption", creatormatch.ContentItem{Caption: "My new shoes #partner @runco"}, true, true},
		{"paid partnership text", creatormatch.ContentItem{Caption: "Paid partnership with @runco"}, true, true},
		{"code with mention", creatormatch.ContentItem{Caption: "Use code JANE20 at @glowlab"}, true, false},
		{"code: with mention field", creatormatch.ContentItem{Caption: "code: JANE20", Mentions: []string{"glowlab"}}, true, false},
		{"% off link in bio", creatormatch.ContentItem{Caption: "20% off with my link in bio"}, true, false},
		{"code without brand", creatormatch.ContentItem{Caption: "learning to code in python"}, false, false},
		{"amazon affiliate", creatormatch.ContentItem{Caption: "my desk setup: amzn.to/3xYz"}, true, false},
		{"bit.ly with ref", creatormatch.ContentItem{Caption: "shop here bit.ly/abc?ref=jane"}, true, false},
		{"bit.ly plain", creatormatch.ContentItem{Caption: "my video bit.ly/abc"}, false, false},
		{"mention only", creatormatch.ContentItem{Caption: "dinner with @sam"}, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.sponsored, IsSponsored(tc.item), "sponsored")
			assert.Equal(t, tc.disclosed, IsDisclosed(tc.item), "disclosed")
		})
	}
}

func TestDisclosure(t *testing.T) {
	c := igCreator(1000,
		creatormatch.ContentItem{ID: "d1", PostedAt: daysAgo(1), Sponsored: true, Disclosures: []string{"#ad"}},
		creatormatch.ContentItem{ID: "u1", PostedAt: daysAgo(2), Sponsored: true},
		creatormatch.ContentItem{ID: "d2", PostedAt: daysAgo(3), Caption: "Paid partnership with @x"},
		creatormatch.ContentItem{ID: "n1", PostedAt: daysAgo(4), Caption: "just me"},
		creatormatch.ContentItem{ID: "u2", PostedAt: daysAgo(5), Caption: "use code AB at @brand"},
	)
	d := Disclosure(c)
	// 4 sponsored, 2 disclosed -> 0.5; confidence 4/5
	assert.Equal(t, 4, d.SponsoredPosts)
	assert.Equal(t, 2, d.DisclosedPosts)
	assert.Equal(t, 0.5, d.Value)
	assert.InDelta(t, 0.8, d.Confidence, 1e-12)
	assert.Equal(t, []string{"u1", "u2"}, d.UndisclosedPostIDs)

	// nothing sponsored: compliance 1, confidence 0.2·min(1, 1/10) = 0.02
	d = Disclosure(igCreator(1000, post("p", 1, 1, 1)))
	assert.Equal(t, 1.0, d.Value)
	assert.InDelta(t, 0.02, d.Confidence, 1e-12)
	d = Disclosure(nil)
	assert.Equal(t, 1.0, d.Value)
	assert.Equal(t, 0.0, d.Confidence)
}

func TestBrands(t *testing.T) {
	t1 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	c := igCreator(1000,
		creatormatch.ContentItem{ID: "a", PostedAt: t1, Sponsored: true, Sponsors: []string{"@GlowLab"}, Mentions: []string{"photo.by.sam"}},
		creatormatch.ContentItem{ID: "b", PostedAt: t1.AddDate(0, 1, 0), Caption: "Use code X at @glowlab."},
		creatormatch.ContentItem{ID: "c", PostedAt: t1.AddDate(0, 0, 10), Sponsored: true, Sponsors: []string{"runco"}},
		creatormatch.ContentItem{ID: "d", PostedAt: t1.AddDate(0, 2, 0), Caption: "hanging with @friend"}, // not sponsored
	)
	b := Brands(c)
	require.Len(t, b.Brands, 3)
	assert.Equal(t, creatormatch.BrandMention{Brand: "glowlab", Posts: 2, FirstSeen: t1, LastSeen: t1.AddDate(0, 1, 0), PostIDs: []string{"b", "a"}}, b.Brands[0])
	assert.Equal(t, "runco", b.Brands[1].Brand)
	assert.Equal(t, "photo.by.sam", b.Brands[2].Brand)

	got := Conflicts(b, []string{"@RunCo", "nike"})
	require.Len(t, got, 1)
	assert.Equal(t, "runco", got[0].Brand)
	assert.Empty(t, Conflicts(b, nil))
	assert.Empty(t, Brands(nil).Brands)
}
