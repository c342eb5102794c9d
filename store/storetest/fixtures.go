package storetest

import (
	"fmt"
	"time"

	cm "github.com/creatormatch/creatormatch"
)

// Models used by the suite. Model512 is the production embedding model, so
// a backend's index for it (pgvector HNSW) is exercised; the small ones keep
// the other tests cheap.
const (
	Model512 = "use-lite-0.2.0"
	Dim512   = 512
	modelA   = "test-a-8d"
	modelB   = "test-b-8d"
	dim8     = 8
	model4   = "test-4d"
	dim4     = 4
)

func day(y int, m time.Month, d int) cm.Date {
	return cm.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// fullCreator sets every field of a creator, including every feature, with
// times in a non-UTC zone at microsecond precision.
func fullCreator(id string) *cm.Creator {
	zone := time.FixedZone("UTC+2", 2*3600)
	t0 := time.Date(2024, 3, 1, 10, 30, 15, 123456000, zone)
	return &cm.Creator{
		ID:        id,
		Name:      "Ada Lovelace",
		Bio:       "Analytical engines, poetry and afternoon tea ☕",
		Country:   "GB",
		Languages: []string{"en", "fr"},
		Niches:    []string{"tech", "books"},
		Accounts: []cm.Account{
			{
				Platform: cm.Instagram, Handle: "ada", Followers: 120_000, Following: 321, Verified: true,
				FollowerHistory: []cm.FollowerPoint{
					{Date: day(2024, 1, 1), Followers: 100_000},
					{Date: day(2024, 2, 1), Followers: 110_500},
				},
			},
			{Platform: cm.YouTube, Handle: "adaYT", Followers: 50_000},
		},
		Audience: &cm.Audience{
			Age:         map[string]float64{"18-24": 0.4, "25-34": 0.45, "35-44": 0.15},
			Gender:      map[string]float64{"female": 0.6, "male": 0.38, "other": 0.02},
			Countries:   map[string]float64{"GB": 0.7, "US": 0.3},
			Languages:   map[string]float64{"en": 0.9, "fr": 0.1},
			Interests:   map[string]float64{"tech": 0.5, "books": 0.5},
			Credibility: ptr(0.873),
		},
		RateCard: &cm.RateCard{Currency: "GBP", PerPost: map[cm.Platform]float64{cm.Instagram: 1500, cm.YouTube: 4200.5}},
		Contact:  &cm.Contact{Email: "ada@example.com", Agent: "Babbage & Co. Talent", Website: "https://ada.example.com/"},
		Content: []cm.ContentItem{
			{
				ID: "p1", Platform: cm.Instagram, PostedAt: t0, Caption: "Notes on the engine",
				Hashtags: []string{"math", "history"}, Mentions: []string{"babbage"},
				Likes: 1200, Comments: 45, Shares: 7, Saves: 30, Views: 15_000,
				Sponsored: true, Sponsors: []string{"acme"}, Disclosures: []string{"#ad", "paid_partnership"},
				CommentSamples: []string{"brilliant", "love this"},
				URL:            "https://www.instagram.com/p/p1/",
			},
			{ID: "p2", Platform: cm.YouTube, PostedAt: t0.Add(-48 * time.Hour), Caption: "Tea time", Views: 9000, Likes: 300},
		},
		Features: &cm.Features{
			ComputedAt: t0.Add(time.Hour),
			Tier:       cm.TierFeature{Value: cm.TierMid, Followers: 120_000, Platform: cm.Instagram, Confidence: 0.9},
			EngagementRate: cm.EngagementRate{
				Value: 0.0423, Percentile: 0.71, Basis: "followers", PostsUsed: 2, Platform: cm.Instagram, Confidence: 0.6,
				Evidence: []cm.Evidence{{Text: "median of 2 posts", PostIDs: []string{"p1", "p2"}}},
			},
			EngagementQuality: cm.EngagementQuality{
				Value: 0.8, CommentToLike: 0.0375, GenericCommentShare: 0.1, DuplicateCommentShare: 0.05,
				PodSuspected: true, Confidence: 0.4, Evidence: []cm.Evidence{{Text: "few comments"}},
			},
			Consistency: cm.Consistency{
				Value: 0.5, PostsPerWeek: 1.5, GapCV: 0.3, DaysSinceLastPost: 3.25, Confidence: 0.7,
				Evidence: []cm.Evidence{{Text: "regular", PostIDs: []string{"p1"}}},
			},
			Authenticity: cm.Authenticity{
				Value: 0.91, Confidence: 0.8,
				Evidence: []cm.Evidence{{Text: "steady growth", Effect: -0.02}, {Text: "credible audience", Effect: 0.05}},
			},
			Niches: cm.NicheFeature{
				Labels:     []cm.NicheLabel{{Niche: "tech", Confidence: 0.8}, {Niche: "books", Confidence: 0.35}},
				Confidence: 0.8, Evidence: []cm.Evidence{{Text: "captions", PostIDs: []string{"p1"}}},
			},
			BrandSafety: cm.BrandSafety{
				Value: 0.9, Confidence: 0.7,
				Flags: []cm.SafetyFlag{{Category: "alcohol", Severity: 0.2, PostIDs: []string{"p2"}, Terms: []string{"gin"}}},
			},
			Disclosure: cm.Disclosure{Value: 1, SponsoredPosts: 1, DisclosedPosts: 1, UndisclosedPostIDs: []string{"p9"}, Confidence: 0.5},
			Brands: cm.BrandAffinity{Brands: []cm.BrandMention{
				{Brand: "acme", Posts: 1, FirstSeen: t0, LastSeen: t0.Add(time.Minute), PostIDs: []string{"p1"}},
			}},
			Cost: cm.CostEstimate{Currency: "GBP", Confidence: 0.65, PerPlatform: []cm.PlatformCost{
				{Platform: cm.Instagram, PricePerPost: 1500, ExpectedEngagements: 5000, ExpectedReach: 40_000, CPE: 0.3, CPM: 37.5, Source: "rate_card"},
				{Platform: cm.YouTube, PricePerPost: 4200.5, ExpectedEngagements: 800, ExpectedReach: 9000, CPE: 5.25, CPM: 466.72, Source: "estimate"},
			}},
		},
		CreatedAt: t0.Add(-24 * time.Hour),
		UpdatedAt: t0,
	}
}

// basicCreator is a small creator with features, one Instagram account and
// one content item "<id>-p1".
func basicCreator(id string) *cm.Creator {
	t0 := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	return &cm.Creator{
		ID: id, Name: "Creator " + id, Bio: "bio of " + id, Country: "US", Languages: []string{"en"},
		Accounts: []cm.Account{{Platform: cm.Instagram, Handle: id, Followers: 10_000}},
		Content:  []cm.ContentItem{{ID: id + "-p1", Platform: cm.Instagram, PostedAt: t0, Caption: "post by " + id, Likes: 100}},
		Features: &cm.Features{
			ComputedAt:     t0,
			Tier:           cm.TierFeature{Value: cm.TierMicro, Followers: 10_000, Platform: cm.Instagram, Confidence: 1},
			EngagementRate: cm.EngagementRate{Value: 0.01, Platform: cm.Instagram, Confidence: 0.5},
			Authenticity:   cm.Authenticity{Value: 0.8},
		},
		CreatedAt: t0, UpdatedAt: t0,
	}
}

// rec builds a record with a profile vector and one content vector per
// given content id.
func rec(c *cm.Creator, model string, profile []float32, content map[string][]float32) cm.CreatorRecord {
	return cm.CreatorRecord{Creator: c, Model: model, Dimension: len(profile), Profile: profile, ContentVectors: content}
}

// seriesIDs returns prefix-000, prefix-001, ...
func seriesIDs(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%03d", prefix, i)
	}
	return out
}
