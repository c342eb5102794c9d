package features

import (
	"testing"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
)

func TestTierOf(t *testing.T) {
	b := DefaultTierBounds()
	cases := []struct {
		followers int64
		want      creatormatch.Tier
	}{
		{-5, creatormatch.TierNone}, {0, creatormatch.TierNone}, {999, creatormatch.TierNone},
		{1_000, creatormatch.TierNano}, {9_999, creatormatch.TierNano},
		{10_000, creatormatch.TierMicro}, {99_999, creatormatch.TierMicro},
		{100_000, creatormatch.TierMid}, {499_999, creatormatch.TierMid},
		{500_000, creatormatch.TierMacro}, {999_999, creatormatch.TierMacro},
		{1_000_000, creatormatch.TierMega}, {50_000_000, creatormatch.TierMega},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, TierOf(c.followers, b), "followers %d", c.followers)
	}
	// configurable boundaries: nano from 5k
	custom := b
	custom.Nano = 5_000
	assert.Equal(t, creatormatch.TierNone, TierOf(4_000, custom))
}

func TestTierFeature(t *testing.T) {
	cfg := DefaultConfig()
	assert.Equal(t, creatormatch.TierFeature{Value: creatormatch.TierNone}, Tier(nil, cfg))
	assert.Equal(t, creatormatch.TierFeature{Value: creatormatch.TierNone}, Tier(&creatormatch.Creator{}, cfg))

	c := &creatormatch.Creator{Accounts: []creatormatch.Account{
		{Platform: creatormatch.TikTok, Followers: 40_000},
		{Platform: creatormatch.Instagram, Followers: 120_000},
	}}
	got := Tier(c, Config{}) // zero config = defaults
	assert.Equal(t, creatormatch.TierFeature{Value: creatormatch.TierMid, Followers: 120_000, Platform: creatormatch.Instagram, Confidence: 1}, got)

	zero := Tier(igCreator(0), cfg)
	assert.Equal(t, creatormatch.TierNone, zero.Value)
	assert.Equal(t, 0.5, zero.Confidence)
}
