package creatormatch

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPartnerships(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	b := BrandAffinity{Brands: []BrandMention{
		{Brand: "oatly", Posts: 3, FirstSeen: day(0), LastSeen: day(45)},  // came back after 45 days: repeat
		{Brand: "alpro", Posts: 2, FirstSeen: day(10), LastSeen: day(39)}, // 29 days: one campaign
		{Brand: "silk", Posts: 1, FirstSeen: day(60), LastSeen: day(60)},
		{Brand: "exactly30", Posts: 4, FirstSeen: day(0), LastSeen: day(30)}, // at the gap: repeat
	}}
	p := b.Partnerships()
	assert.Equal(t, 4, p.DistinctBrands)
	assert.Equal(t, 2, p.RepeatBrands)
	assert.InDelta(t, 7.0/10.0, p.RepeatShare, 1e-12) // (3+4) of 3+2+1+4
	assert.Equal(t, day(60), p.LastCollaboration)

	assert.Equal(t, Partnerships{}, BrandAffinity{}.Partnerships(), "no sponsored posts: zeros, no division")

	raw, err := json.Marshal(b)
	require.NoError(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal(raw, &got))
	assert.Len(t, got["brands"], 4)
	assert.EqualValues(t, 2, got["repeat_brands"])
	assert.EqualValues(t, 0.7, got["repeat_share"])
	assert.Equal(t, "2026-03-02T00:00:00Z", got["last_collaboration"])

	var back BrandAffinity
	require.NoError(t, json.Unmarshal(raw, &back), "the derived fields are ignored on the way in")
	assert.Equal(t, b, back)
}
