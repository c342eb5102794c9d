package demodata

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadYouTube(t *testing.T) {
	onDisk, err := os.ReadFile("testdata/youtubers-saying-things/videos.csv")
	require.NoError(t, err)
	require.Equal(t, onDisk, YouTubeCSV, "the embedded CSV is the testdata copy")

	creators, truth, err := LoadYouTube(bytes.NewReader(YouTubeCSV))
	require.NoError(t, err)
	require.Len(t, creators, 91)
	require.Len(t, truth, 91)

	videos := 0
	byName := map[string]int{}
	ids := map[string]bool{}
	for i := range creators {
		c := &creators[i]
		videos += len(c.Content)
		byName[c.Name] = i
		require.False(t, ids[c.ID], "duplicate id %s", c.ID)
		ids[c.ID] = true
		require.True(t, strings.HasPrefix(c.ID, "yt-"), c.ID)
		require.Equal(t, c.ID, truth[i].ID)
		require.Len(t, c.Accounts, 1)
		require.Equal(t, creatormatch.YouTube, c.Accounts[0].Platform)
		require.Positive(t, c.Accounts[0].Followers)
		require.NotEmpty(t, truth[i].Genres)
		for _, n := range truth[i].Niches {
			require.True(t, creatormatch.ValidNiche(n), n)
		}
		require.Equal(t, "youtubers-saying-things", truth[i].Source)
		require.NoError(t, c.Validate(YouTubeAsOf), c.ID)
		for _, it := range c.Content {
			require.NotEmpty(t, it.Caption)
			require.Zero(t, it.Likes)
		}
	}
	require.Equal(t, 2673, videos)

	vs := creators[byName["Vsauce"]]
	assert.Equal(t, "yt-vsauce", vs.ID)
	assert.Equal(t, int64(17_400_000), vs.Accounts[0].Followers)
	assert.Equal(t, []string{"science"}, truth[byName["Vsauce"]].Niches)
	first := vs.Content[0]
	assert.Equal(t, "s86-Z-CbaHA", first.ID)
	assert.Equal(t, "The Banach–Tarski Paradox", first.Caption)
	assert.Equal(t, int64(36_000_000), first.Views)
	assert.Equal(t, YouTubeAsOf.AddDate(-6, 0, 0), first.PostedAt)

	assert.Contains(t, ids, "yt-veritasium")
	assert.Contains(t, ids, "yt-kurzgesagt-in-a-nutshell")
	assert.Contains(t, ids, "yt-bon-appetit")
	assert.Contains(t, ids, "yt-a-and-e")

	// Genres are kept raw and mapped where the taxonomy has a counterpart.
	tg := truth[byName["Top Gear"]]
	assert.Equal(t, []string{"Automobile", "Comedy"}, tg.Genres)
	assert.Equal(t, []string{"automotive", "comedy"}, tg.Niches)
	t.Logf("Top Gear: %d subscribers, tier %s", tg.Followers, tg.Tier)
}

func TestLoadYouTubeMalformed(t *testing.T) {
	const header = "Id,Channel,Subscribers,Title,CC,URL,Released,Views,Category\n"
	good := "abc,Chan,1.2K subscribers,Hello,1,https://youtu.be/abc,2 months ago,\"3,004 views\",Tech\n"
	cases := []struct {
		name, csv, want string
	}{
		{"wrong field count", header + good + "def,Chan,1.2K subscribers,Hi,1,u,1 year ago,5 views\n", "line 3"},
		{"bad subscribers", header + good + good + "ghi,Chan,lots of subscribers,Hi,1,u,1 year ago,5 views,Tech\n", "line 4"},
		{"bad views", header + "ghi,Chan,1K subscribers,Hi,1,u,1 year ago,5 viewz,Tech\n", "line 2"},
		{"bad released", header + good + "ghi,Chan,1K subscribers,Hi,1,u,sometime,5 views,Tech\n", "line 3"},
		{"bad quoting", header + good + "ghi,\"Chan,1K subscribers\n", "line 3"},
		{"bad header", "Id,Channel\n", "line 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := LoadYouTube(strings.NewReader(tc.csv))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, errors.Is(err, creatormatch.ErrInvalid))
		})
	}

	creators, truth, err := LoadYouTube(strings.NewReader(header + good))
	require.NoError(t, err)
	require.Len(t, creators, 1)
	assert.Equal(t, int64(1200), creators[0].Accounts[0].Followers)
	assert.Equal(t, int64(3004), creators[0].Content[0].Views)
	assert.Equal(t, YouTubeAsOf.AddDate(0, -2, 0), creators[0].Content[0].PostedAt)
	assert.Equal(t, []string{"tech"}, truth[0].Niches)

	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	creators, _, err = LoadYouTubeAsOf(strings.NewReader(header+good), at)
	require.NoError(t, err)
	assert.Equal(t, at.AddDate(0, -2, 0), creators[0].Content[0].PostedAt)
}

func TestParseCount(t *testing.T) {
	for in, want := range map[string]int64{
		"17.4M subscribers": 17_400_000, "950K subscribers": 950_000, "1 subscriber": 1,
		"2.01K subscribers": 2010, "1.2B subscribers": 1_200_000_000, "12,345 subscribers": 12345, "No subscribers": 0,
	} {
		got, err := parseCount(in, "subscriber")
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "M subscribers", "12 views", "-3 subscribers", "1.2X subscribers"} {
		_, err := parseCount(in, "subscriber")
		assert.Error(t, err, in)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Kurzgesagt – In a Nutshell": "kurzgesagt-in-a-nutshell", "Bon Appétit": "bon-appetit", "A&E": "a-and-e",
		"Hell's Kitchen": "hells-kitchen", "JCS - Criminal Psychology": "jcs-criminal-psychology", "3Blue1Brown": "3blue1brown",
		"Dr. Becky": "dr-becky", "???": "channel",
	} {
		assert.Equal(t, want, Slug(in), in)
	}
}
