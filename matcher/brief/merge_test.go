package brief

import (
	"testing"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
)

func TestMergeExplicitWins(t *testing.T) {
	parsed := Parse("oat-milk yogurt launch, Gen Z in the US, TikTok or Instagram, 10k–100k followers, $15k, no alcohol")
	explicit := creatormatch.Brief{
		Goal:      creatormatch.GoalAwareness,
		Budget:    &creatormatch.Money{Total: 20000, Currency: "EUR"},
		Platforms: []creatormatch.Platform{creatormatch.YouTube},
		Audience:  creatormatch.AudienceTarget{Countries: []string{"DE"}, MinCountryShare: 0.5},
		Product:   "Oat Yog",
	}
	got := Merge(parsed, explicit)
	assert.Equal(t, parsed.Text, got.Text, "text kept when the caller sends none")
	assert.Equal(t, creatormatch.GoalAwareness, got.Goal)
	assert.Equal(t, &creatormatch.Money{Total: 20000, Currency: "EUR"}, got.Budget)
	assert.Equal(t, []creatormatch.Platform{creatormatch.YouTube}, got.Platforms)
	assert.Equal(t, []string{"DE"}, got.Audience.Countries, "explicit audience dimension wins")
	assert.Equal(t, 0.5, got.Audience.MinCountryShare)
	assert.Equal(t, []string{"18-24"}, got.Audience.Ages, "parsed dimensions the caller did not send survive")
	assert.Equal(t, int64(10_000), got.MinFollowers)
	assert.Equal(t, int64(100_000), got.MaxFollowers)
	assert.Equal(t, []string{"alcohol"}, got.ExcludeSafety)
	assert.Equal(t, []string{"food", "plant_based"}, got.Topics)
	assert.Equal(t, "Oat Yog", got.Product)
}

func TestMergeFollowerBoundsArePaired(t *testing.T) {
	parsed := creatormatch.Brief{MinFollowers: 10_000, MaxFollowers: 100_000}
	got := Merge(parsed, creatormatch.Brief{MinFollowers: 200_000})
	assert.Equal(t, int64(200_000), got.MinFollowers)
	assert.Equal(t, int64(0), got.MaxFollowers, "a parsed max must not contradict the explicit min")
	assert.NoError(t, Validate(got))

	got = Merge(parsed, creatormatch.Brief{Tiers: []creatormatch.Tier{creatormatch.TierMega}})
	assert.Equal(t, []creatormatch.Tier{creatormatch.TierMega}, got.Tiers)
	assert.Equal(t, int64(1_000_000), got.MinFollowers, "explicit tiers set the bounds")
	assert.Equal(t, int64(0), got.MaxFollowers)
}

func TestMergeZeroExplicitKeepsParsed(t *testing.T) {
	parsed := Parse("Budget $15k, TikTok, micro creators, women 25-34 in the UK")
	assert.Equal(t, parsed, Merge(parsed, creatormatch.Brief{}))
	got := Merge(parsed, creatormatch.Brief{Text: "other"})
	assert.Equal(t, "other", got.Text)
}

func TestMergeDoesNotAlias(t *testing.T) {
	parsed := creatormatch.Brief{Topics: []string{"food"}, Budget: &creatormatch.Money{Total: 1}}
	explicit := creatormatch.Brief{Platforms: []creatormatch.Platform{creatormatch.TikTok}}
	got := Merge(parsed, explicit)
	got.Topics[0] = "changed"
	got.Platforms[0] = creatormatch.YouTube
	got.Budget.Total = 99
	assert.Equal(t, "food", parsed.Topics[0])
	assert.Equal(t, creatormatch.TikTok, explicit.Platforms[0])
	assert.Equal(t, 1.0, parsed.Budget.Total)
}

func TestMergeProductCategoryAndContentAsks(t *testing.T) {
	parsed := creatormatch.Brief{ProductCategory: "automotive", ContentAsks: []string{"road trips"}}
	got := Merge(parsed, creatormatch.Brief{})
	assert.Equal(t, "automotive", got.ProductCategory, "parsed kept when the caller sends none")
	assert.Equal(t, []string{"road trips"}, got.ContentAsks)
	got = Merge(parsed, creatormatch.Brief{ProductCategory: "tech", ContentAsks: []string{"unboxings", "desk setups"}})
	assert.Equal(t, "tech", got.ProductCategory, "caller wins")
	assert.Equal(t, []string{"unboxings", "desk setups"}, got.ContentAsks, "caller wins")
	got.ContentAsks[0] = "changed"
	assert.Equal(t, "road trips", parsed.ContentAsks[0], "no shared slices")
}
