package demodata

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/internal/testenv"
)

// trendingDir is the trending data directory; missing, the test skips
// locally and fails under CI=true.
func trendingDir(t *testing.T) string {
	t.Helper()
	dir, err := TrendingDir()
	if err != nil {
		testenv.Missing(t, err.Error())
	}
	return dir
}

// TestLoadYouTubeTrending checks the real file against values read off
// videos-us.csv by hand (and with Python's csv module).
func TestLoadYouTubeTrending(t *testing.T) {
	creators, labels, cats, err := LoadYouTubeTrendingDir(trendingDir(t))
	require.NoError(t, err)
	require.Len(t, creators, 2198, "channels (SOURCE.md)")
	require.Len(t, labels, len(creators))
	assert.Equal(t, "Howto & Style", cats[26])

	videos := 0
	ids := map[string]bool{}
	videoIDs := map[string]bool{}
	byName := map[string]int{}
	for i := range creators {
		c := &creators[i]
		byName[c.Name] = i
		require.Equal(t, c.ID, labels[i].ID)
		require.False(t, ids[c.ID], "duplicate creator id %s", c.ID)
		ids[c.ID] = true
		require.True(t, strings.HasPrefix(c.ID, "ytt-"), c.ID)
		require.Len(t, c.Accounts, 1)
		require.Equal(t, creatormatch.YouTube, c.Accounts[0].Platform)
		require.Zero(t, c.Accounts[0].Followers, "the data has no subscriber counts")
		require.Empty(t, c.Niches, "the category is the label: never a niche")
		require.Empty(t, c.Bio)
		require.Equal(t, len(c.Content), labels[i].Videos)
		for _, it := range c.Content {
			require.False(t, videoIDs[it.ID], "video %s twice", it.ID)
			videoIDs[it.ID] = true
			require.NotContains(t, it.Caption, `\n`, "literal escapes are line breaks")
		}
		videos += len(c.Content)
		n := 0
		for _, k := range labels[i].Categories {
			n += k
		}
		require.Equal(t, labels[i].Videos, n)
		cp := *c
		cp.Normalize()
		require.NoError(t, cp.Validate(TrendingAsOf), c.ID)
	}
	require.Equal(t, 6351, videos, "one item per video")

	// Channel sizes.
	espn := labels[byName["ESPN"]]
	assert.Equal(t, 84, espn.Videos)
	assert.Equal(t, map[int]int{17: 84}, espn.Categories)
	assert.Equal(t, "ytt-espn", espn.ID)
	kimmel := labels[byName["Jimmy Kimmel Live"]]
	assert.Equal(t, 70, kimmel.Videos)
	assert.Equal(t, map[int]int{24: 48, 23: 22}, kimmel.Categories)
	assert.Equal(t, 24, kimmel.Majority())

	// Ids: a shared slug gets the title's hash on every side.
	assert.NotEqual(t, creators[byName["Marshmello"]].ID, creators[byName["marshmello"]].ID)
	assert.True(t, strings.HasPrefix(creators[byName["Marshmello"]].ID, "ytt-marshmello-"))
	assert.Len(t, creators[byName["Marshmello"]].Content, 4)
	assert.Len(t, creators[byName["marshmello"]].Content, 2)

	item := func(channel, id string) creatormatch.ContentItem {
		t.Helper()
		for _, it := range creators[byName[channel]].Content {
			if it.ID == id {
				return it
			}
		}
		t.Fatalf("no video %s in %s", id, channel)
		return creatormatch.ContentItem{}
	}
	// -0CMnp02rNY: TheEllenShow, 800359 views, 9773 likes, 423 comments.
	ellen := item("TheEllenShow", "-0CMnp02rNY")
	assert.Equal(t, int64(800_359), ellen.Views)
	assert.Equal(t, int64(9773), ellen.Likes)
	assert.Equal(t, int64(423), ellen.Comments)
	assert.Equal(t, time.Date(2018, 6, 4, 13, 0, 0, 0, time.UTC), ellen.PostedAt)
	assert.Equal(t, "https://www.youtube.com/watch?v=-0CMnp02rNY", ellen.URL)
	assert.Equal(t, []string{"ellen", "ellen degeneres", "the ellen show", "ellentube"}, ellen.Hashtags[:4])
	assert.Equal(t, "Mindy Kaling's Daughter Had the Perfect Reaction to Entering Oprah's House\n\n"+
		"Ocean's 8 star Mindy Kaling dished on bringing her baby daughter to Oprah's house for the first time.", ellen.Caption)

	// 0KFC9dZ7bxU: the description is `…Mo' Faces\n\nhttp://vevo.ly/Gq6ZeE`
	// with literal escapes; the link line is dropped.
	juicy := item("TheJuicyJVEVO", "0KFC9dZ7bxU")
	assert.Equal(t, "Juicy J - Kamasutra (Audio) ft. Cardi B\n\nMusic video by Juicy J performing Kamasutra (Audio). 2017 Mo' Faces", juicy.Caption)
	assert.Equal(t, []string{"Juicy", "Kamasutra", "(Audio)", "Mo'", "Faces", "Rap/Hip-Hop"}, juicy.Hashtags)
	assert.Equal(t, int64(11187), juicy.Likes)
	assert.Equal(t, int64(691_515), juicy.Views)
	assert.Equal(t, int64(3069), juicy.Comments)

	// -p-PToD2URA: tags [none]; two paragraphs joined by a space, cut at
	// a word boundary.
	spacex := item("SpaceX", "-p-PToD2URA")
	assert.Nil(t, spacex.Hashtags)
	want := "PAZ Mission\n\nSpaceX is targeting a Falcon 9 launch of the PAZ satellite to low-Earth orbit on Thursday, February 22 " +
		"from Space Launch Complex 4 East (SLC-4E) at Vandenberg Air Force Base, California. The instantaneous launch opportunity " +
		"is at 6:17 a.m. PST, or 14:17 UTC. The satellite will be deployed…" // rune 300 falls inside "approximately"
	assert.Equal(t, want, spacex.Caption)
	assert.Equal(t, int64(40715), spacex.Likes)
}

func TestTrendingDescription(t *testing.T) {
	for in, want := range map[string]string{
		``:                              ``,
		`One.\nTwo.`:                    `One. Two.`,
		`Intro\n\nFollow: https://x.co`: `Intro`,
		"Real\r\nbreak\rhere":           `Real break here`,
		`a\r\nb`:                        `a b`,
		`Shop at www.example.com\nok`:   `ok`,
		"  many   spaces\t here ":       `many spaces here`,
	} {
		assert.Equal(t, want, TrendingDescription(in), "%q", in)
	}
	long := strings.Repeat("word ", 100)
	got := TrendingDescription(long)
	assert.True(t, strings.HasSuffix(got, "word…"), got)
	assert.LessOrEqual(t, len([]rune(got)), TrendingDescriptionRunes+1)
	assert.Equal(t, "Title", TrendingCaption(" Title ", `\nhttp://only.link`))
}

func TestTrendingTags(t *testing.T) {
	assert.Nil(t, TrendingTags("[none]"))
	assert.Nil(t, TrendingTags(""))
	assert.Equal(t, []string{"a", "b c", "#d"[1:]}, TrendingTags(`a|"b  c"|"A"|""|"#d"`))
	var many []string
	for i := 0; i < 60; i++ {
		many = append(many, `"t`+strings.Repeat("x", i)+`"`)
	}
	assert.Len(t, TrendingTags(strings.Join(many, "|")), TrendingMaxHashtags)
}

func TestLoadYouTubeTrendingMalformed(t *testing.T) {
	const header = "video_id,channel_title,category_id,publish_time,title,tags,views,likes,dislikes,comment_count,comments_disabled,ratings_disabled,description\n"
	good := "v1,Chan,24,2018-01-02T03:04:05.000Z,Hello,\"a|\"\"b\"\"\",10,2,0,1,False,False,Hi\\nthere\n"
	for name, tc := range map[string]struct{ csv, want string }{
		"bad header":   {"video_id,channel\n", "line 1"},
		"bad category": {header + good + "v2,Chan,x,2018-01-02T03:04:05Z,T,[none],1,1,0,1,False,False,\n", "line 3: category_id"},
		"bad time":     {header + "v2,Chan,24,yesterday,T,[none],1,1,0,1,False,False,\n", "line 2: publish_time"},
		"bad count":    {header + "v2,Chan,24,2018-01-02T03:04:05Z,T,[none],1,-1,0,1,False,False,\n", "line 2: likes"},
		"bad bool":     {header + "v2,Chan,24,2018-01-02T03:04:05Z,T,[none],1,1,0,1,yes,False,\n", "line 2: comments_disabled"},
		"fields":       {header + "v2,Chan,24\n", "line 2"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := LoadYouTubeTrending(strings.NewReader(tc.csv))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, errors.Is(err, creatormatch.ErrInvalid))
		})
	}

	// A video seen twice keeps its last row, once.
	again := "v1,Chan,24,2018-01-02T03:04:05.000Z,Hello,\"a|\"\"b\"\"\",99,5,0,1,False,False,Hi\n"
	other := "v2,Other,10,2018-01-03T00:00:00Z,Song,[none],7,1,0,0,False,False,\n"
	creators, labels, err := LoadYouTubeTrending(strings.NewReader(header + good + other + again))
	require.NoError(t, err)
	require.Len(t, creators, 2)
	require.Len(t, creators[0].Content, 1)
	assert.Equal(t, int64(99), creators[0].Content[0].Views)
	assert.Equal(t, "Hello\n\nHi", creators[0].Content[0].Caption)
	assert.Equal(t, []string{"a", "b"}, creators[0].Content[0].Hashtags)
	assert.Equal(t, "ytt-chan", creators[0].ID)
	assert.Equal(t, TrendingChannel{ID: "ytt-chan", Title: "Chan", Videos: 1, Categories: map[int]int{24: 1}}, labels[0])
	assert.Equal(t, "ytt-other", creators[1].ID)
}

func TestTrendingChannelGrades(t *testing.T) {
	// Majority ties go to the lowest id; Share sums the given ids.
	ch := TrendingChannel{Videos: 6, Categories: map[int]int{20: 3, 22: 1, 23: 1, 24: 1}}
	assert.Equal(t, 20, ch.Majority())
	assert.InDelta(t, 0.5, ch.Share(20), 1e-12)
	assert.InDelta(t, 5.0/6, ch.Share(20, 23, 24), 1e-12)
	tie := TrendingChannel{Videos: 2, Categories: map[int]int{24: 1, 10: 1}}
	assert.Equal(t, 10, tie.Majority())
	assert.Zero(t, TrendingChannel{}.Majority())
	assert.Zero(t, TrendingChannel{}.Share(1))
}
