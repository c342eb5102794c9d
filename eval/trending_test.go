package eval

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/matcher/brief"
)

// trendingData skips locally and fails under CI=true when the data is
// missing.
func trendingData(t *testing.T) string {
	t.Helper()
	dir, err := demodata.TrendingDir()
	if err != nil {
		testenv.Missing(t, err.Error())
	}
	return dir
}

// TestTrendingGrade is the relevance rule on hand-computed channels.
func TestTrendingGrade(t *testing.T) {
	ch := func(cats map[int]int) demodata.TrendingChannel {
		n := 0
		for _, k := range cats {
			n += k
		}
		return demodata.TrendingChannel{Videos: n, Categories: cats}
	}
	for _, tc := range []struct {
		name    string
		cats    map[int]int
		targets []int
		want    int
	}{
		{"one video, in target", map[int]int{26: 1}, []int{26}, 2},
		{"one video, elsewhere", map[int]int{24: 1}, []int{26}, 0},
		{"all in target", map[int]int{17: 84}, []int{17}, 2},
		{"exactly 2/3", map[int]int{10: 2, 24: 1}, []int{10}, 2},
		{"Jimmy Kimmel Live 48/70 = 0.686", map[int]int{24: 48, 23: 22}, []int{24}, 2},
		{"its minority category", map[int]int{24: 48, 23: 22}, []int{23}, 0},
		{"both of its categories", map[int]int{24: 48, 23: 22}, []int{23, 24}, 2},
		{"WIRED 14/26 = 0.538, majority", map[int]int{24: 14, 28: 7, 17: 3, 2: 1, 1: 1}, []int{24}, 1},
		{"WIRED, minority 7/26", map[int]int{24: 14, 28: 7, 17: 3, 2: 1, 1: 1}, []int{28}, 0},
		{"Markiplier 3/6, plurality", map[int]int{20: 3, 22: 1, 23: 1, 24: 1}, []int{20}, 1},
		{"tie 1:1, target is the lower id", map[int]int{10: 1, 24: 1}, []int{10}, 1},
		{"tie 1:1, target is the higher id", map[int]int{10: 1, 24: 1}, []int{24}, 0},
		{"0.6 majority", map[int]int{26: 3, 22: 2}, []int{26}, 1},
		{"two targets, 1/5 of the videos in them", map[int]int{26: 2, 15: 1, 22: 2}, []int{15, 19}, 0},
		{"two targets sum past half, majority elsewhere", map[int]int{22: 4, 15: 3, 19: 3}, []int{15, 19}, 1},
		{"two targets sum to 2/3", map[int]int{1: 1, 24: 1, 10: 1}, []int{1, 24}, 2},
		{"no videos", map[int]int{}, []int{1}, 0},
	} {
		assert.Equal(t, tc.want, TrendingGrade(ch(tc.cats), tc.targets), tc.name)
	}
}

// titleWords are the words of a category title ("Howto & Style" ->
// howto, style).
func titleWords(title string) []string {
	var out []string
	for _, w := range regexp.MustCompile(`[A-Za-z]+`).FindAllString(strings.ToLower(title), -1) {
		if len(w) >= 3 {
			out = append(out, w)
		}
	}
	return out
}

func trendingCategories(t *testing.T) map[int]string {
	t.Helper()
	// The category titles are checked in here too, so the leak test runs
	// without the data.
	cats := map[int]string{
		1: "Film & Animation", 2: "Autos & Vehicles", 10: "Music", 15: "Pets & Animals", 17: "Sports",
		19: "Travel & Events", 20: "Gaming", 22: "People & Blogs", 23: "Comedy", 24: "Entertainment",
		25: "News & Politics", 26: "Howto & Style", 27: "Education", 28: "Science & Technology",
		29: "Nonprofits & Activism", 43: "Shows",
	}
	if dir, err := demodata.TrendingDir(); err == nil {
		f, err := os.Open(filepath.Join(dir, demodata.TrendingCategoriesFile))
		require.NoError(t, err)
		defer f.Close()
		onDisk, err := demodata.ReadTrendingCategories(f)
		require.NoError(t, err)
		for id, title := range cats {
			require.Equal(t, title, onDisk[id], "category %d", id)
		}
	}
	return cats
}

// TestTrendingBriefs: enough briefs, unique ids, every category with at
// least TrendingMinChannels channels targeted, and no brief names its
// target category's title or any word of it (case-insensitive, whole
// words). Each brief also parses to filters the data can meet: no
// follower bounds or tiers (every channel has 0 followers), no creator
// country or language (unknown), no platform but YouTube, no hard
// audience share (no audience data).
func TestTrendingBriefs(t *testing.T) {
	briefs, err := ReadTrendingBriefs(TrendingBriefsJSONL)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(briefs), 40)
	cats := trendingCategories(t)
	ids := map[string]bool{}
	targeted := map[int]int{}
	for _, b := range briefs {
		require.False(t, ids[b.ID], "duplicate id %s", b.ID)
		ids[b.ID] = true
		require.True(t, strings.HasPrefix(b.ID, "tt-"), b.ID)
		require.NotEmpty(t, strings.TrimSpace(b.Brief.Text), b.ID)
		text := strings.ToLower(b.Brief.Text)
		words := regexp.MustCompile(`[a-z]+`).FindAllString(text, -1)
		for _, target := range b.Targets {
			title, ok := cats[target]
			require.True(t, ok, "%s: unknown category %d", b.ID, target)
			targeted[target]++
			assert.NotContains(t, text, strings.ToLower(title), "%s names its category", b.ID)
			for _, w := range titleWords(title) {
				assert.NotContains(t, words, w, "%s uses %q of its category %q", b.ID, w, title)
			}
		}
		p := brief.Parse(b.Brief.Text)
		assert.Zero(t, p.MinFollowers, b.ID)
		assert.Zero(t, p.MaxFollowers, b.ID)
		assert.Empty(t, p.Tiers, b.ID)
		assert.Empty(t, p.CreatorCountries, b.ID)
		assert.Empty(t, p.CreatorLanguages, b.ID)
		for _, pl := range p.Platforms {
			assert.Equal(t, creatormatch.YouTube, pl, b.ID)
		}
		a := p.Audience
		assert.Zero(t, a.MinAgeShare+a.MinGenderShare+a.MinCountryShare+a.MinLanguageShare+a.MinInterestShare, b.ID)
	}
	for _, c := range []int{1, 2, 10, 15, 17, 19, 20, 22, 23, 24, 25, 26, 27, 28} {
		assert.GreaterOrEqual(t, targeted[c], 3, "category %d (%s) has %d briefs", c, cats[c], targeted[c])
	}
	_, err = ReadTrendingBriefs([]byte(`{"id": "x", "text": "t"}`))
	assert.ErrorContains(t, err, "no targets")
	_, err = ReadTrendingBriefs([]byte(`{"id": "x", "targets": [1], "txt": "t"}`))
	assert.Error(t, err)
}

// TestYouTubeTrendingDataset builds the dataset from the real data (no
// embedding): complete judgments, the grades of known channels, every
// targeted category majority of at least TrendingMinChannels channels, and
// no category in what the creators carry.
func TestYouTubeTrendingDataset(t *testing.T) {
	dir := trendingData(t)
	ds, err := OpenDataset("youtube-trending")
	require.NoError(t, err)
	require.NoError(t, ds.Check())
	assert.Equal(t, "youtube-trending", ds.Name)
	assert.Len(t, ds.Creators, 2198)
	assert.GreaterOrEqual(t, len(ds.Queries), 40)
	assert.Equal(t, demodata.TrendingAsOf, ds.Now)
	for _, q := range ds.Queries {
		assert.Len(t, ds.Qrels[q.ID], 2198, "complete judgments for %s", q.ID)
		assert.Positive(t, ds.Qrels.Relevant(q.ID), q.ID)
	}
	assert.Equal(t, 2, ds.Qrels["tt-apparel-highlights"]["ytt-espn"])
	assert.Equal(t, 0, ds.Qrels["tt-makeup-tutorials"]["ytt-espn"])
	assert.Equal(t, 2, ds.Qrels["tt-celebrity-interviews"]["ytt-jimmy-kimmel-live"])
	assert.Equal(t, 0, ds.Qrels["tt-snack-sketches"]["ytt-jimmy-kimmel-live"])
	assert.Equal(t, 2, ds.Qrels["tt-late-night-hosts"]["ytt-jimmy-kimmel-live"])
	assert.Equal(t, 1, ds.Qrels["tt-headset-streamers"]["ytt-markiplier"])
	assert.Equal(t, 1, ds.Qrels["tt-cosmetics-challenges"]["ytt-wired"])

	_, labels, _, err := demodata.LoadYouTubeTrendingDir(dir)
	require.NoError(t, err)
	majority := demodata.TrendingCategoryIDs(labels, TrendingMinChannels)
	assert.Equal(t, []int{1, 2, 10, 15, 17, 19, 20, 22, 23, 24, 25, 26, 27, 28}, majority)
	briefs, err := ReadTrendingBriefs(TrendingBriefsJSONL)
	require.NoError(t, err)
	for _, b := range briefs {
		for _, target := range b.Targets {
			assert.True(t, slices.Contains(majority, target), "%s targets %d, the majority of fewer than %d channels", b.ID, target, TrendingMinChannels)
		}
	}
	for _, c := range ds.Creators {
		require.Empty(t, c.Niches)
		require.Empty(t, c.Bio)
	}

	// The directory is found through the environment too, and a wrong
	// setting is an error naming it.
	t.Setenv(demodata.TrendingDirEnv, dir)
	got, err := demodata.TrendingDir()
	require.NoError(t, err)
	assert.Equal(t, dir, got)
	t.Setenv(demodata.TrendingDirEnv, "/does/not/exist")
	_, err = OpenDataset("youtube-trending")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/does/not/exist")
}

// TestTrendingDirNotFound: outside the repository, with no setting, the
// error names the paths tried.
func TestTrendingDirNotFound(t *testing.T) {
	t.Setenv(demodata.TrendingDirEnv, "")
	t.Chdir(t.TempDir())
	_, err := demodata.TrendingDir()
	require.Error(t, err)
	assert.Contains(t, err.Error(), filepath.Join("shared", "data", "youtube-trending"))
	assert.Contains(t, err.Error(), demodata.TrendingDirEnv)
}
