package demodata

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/creatormatch/creatormatch"
)

// The files of the "Trending YouTube Video Statistics" (US) folder; see
// its SOURCE.md.
const (
	TrendingVideosFile     = "videos-us.csv"
	TrendingCategoriesFile = "categories.json"
)

// TrendingDirEnv names the directory of the trending data; see TrendingDir.
const TrendingDirEnv = "CREATORMATCH_YOUTUBE_TRENDING_DIR"

// TrendingDir finds the directory holding videos-us.csv and
// categories.json: $CREATORMATCH_YOUTUBE_TRENDING_DIR when set (and then
// only there: a wrong setting is an error, not a silent fallback), else
// ../shared/data/youtube-trending relative to the working directory, else
// the same relative to the module root (the nearest directory above the
// working directory holding go.mod). The error names every path tried.
func TrendingDir() (string, error) {
	var tried []string
	ok := func(dir string) bool {
		tried = append(tried, dir)
		st, err := os.Stat(filepath.Join(dir, TrendingVideosFile))
		return err == nil && st.Mode().IsRegular()
	}
	if d := os.Getenv(TrendingDirEnv); d != "" {
		if ok(d) {
			return d, nil
		}
		return "", fmt.Errorf("youtube-trending data: $%s=%s holds no %s", TrendingDirEnv, d, TrendingVideosFile)
	}
	rel := filepath.Join("..", "shared", "data", "youtube-trending")
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	if d := filepath.Join(wd, rel); ok(d) {
		return d, nil
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if d := filepath.Join(dir, rel); d != tried[0] && ok(d) {
				return d, nil
			}
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			break
		}
		dir = up
	}
	return "", fmt.Errorf("youtube-trending data: no %s in %s; set $%s to the directory (see SOURCE.md there for where the data comes from)",
		TrendingVideosFile, strings.Join(tried, " or "), TrendingDirEnv)
}

// TrendingAsOf is the clock of the trending data: the day after its last
// trending list (2018-06-14). Every publish_time is before it.
var TrendingAsOf = time.Date(2018, 6, 15, 0, 0, 0, 0, time.UTC)

// TrendingDescriptionRunes bounds the part of a description kept in a
// caption (see LoadYouTubeTrending).
const TrendingDescriptionRunes = 300

// TrendingMaxHashtags bounds the tags kept per video.
const TrendingMaxHashtags = 40

var trendingHeader = []string{"video_id", "channel_title", "category_id", "publish_time", "title", "tags",
	"views", "likes", "dislikes", "comment_count", "comments_disabled", "ratings_disabled", "description"}

// TrendingChannel is the label side of one channel of the trending data:
// how many of its videos YouTube lists under each category id. It is kept
// apart from the Creator so that the category never reaches what the
// matcher sees.
type TrendingChannel struct {
	ID         string      // the creator id
	Title      string      // channel_title
	Videos     int         // videos of the channel (after de-duplication)
	Categories map[int]int // category id -> videos
}

// Majority is the category with the most videos; a tie goes to the lowest
// id (as in SOURCE.md). 0 for a channel without videos.
func (ch TrendingChannel) Majority() int {
	best, n := 0, 0
	for id, k := range ch.Categories {
		if k > n || (k == n && id < best) {
			best, n = id, k
		}
	}
	return best
}

// Share is the fraction of the channel's videos whose category is one of
// ids (0 without videos).
func (ch TrendingChannel) Share(ids ...int) float64 {
	if ch.Videos == 0 {
		return 0
	}
	k := 0
	for _, id := range ids {
		k += ch.Categories[id]
	}
	return float64(k) / float64(ch.Videos)
}

// LoadYouTubeTrending reads videos-us.csv of "Trending YouTube Video
// Statistics" (US, CC0; one row per video) and returns one creator per
// channel_title, in order of first appearance, with its labels at the same
// index.
//
// Each creator has an id "ytt-SLUG" (Slug of the channel title; when two
// titles share a slug, as non-Latin titles all slugging to "channel" do,
// each of them gets "-" and the first 8 hex digits of the SHA-256 of its
// title appended), so the id depends on the title alone, not on row order.
// Name is the title; one youtube account whose handle is the slug without
// dashes. The data has no subscriber count, country, language, bio,
// audience or rate card, so Followers is 0 and the rest is left empty. A
// follower count of 0 reads as "not reported" downstream:
//
//   - the tier feature is TierNone with confidence 0.5 (features.Tier), so a
//     brief asking for a tier ("micro-influencers") or a follower range
//     filters every channel out; the built-in briefs avoid both;
//   - no price is estimated (features.Cost skips an account without
//     followers), so the cost signal is the neutral 0.5 and a budget is
//     "unknown" rather than a reason to exclude;
//   - engagement is per view (YouTube is view-driven), which the data
//     supports; every channel falls in the one (youtube, none) peer group;
//   - authenticity has no follower history and no following count to read;
//     only the engagement-below-peers reason can be evaluated.
//
// Each video becomes a content item: id = video_id, URL the watch URL,
// PostedAt = publish_time, Views/Likes/Comments from views, likes and
// comment_count (dislikes have no field). Caption is the title, then the
// description trimmed: its literal two-character "\n" escapes (and real
// line breaks) end lines, lines holding a URL are dropped (links, social
// handles), whitespace is collapsed and the rest is cut at a word boundary
// after TrendingDescriptionRunes runes with "…". Hashtags are the tags
// ("a"|"b"|…; "[none]" is none), unquoted, de-duplicated case-insensitively
// and capped at TrendingMaxHashtags; ContentItem.Text appends them to the
// caption, so what is embedded and searched is title + description + tags.
// A video with ratings or comments disabled reports 0 likes or comments,
// which the features read as no engagement.
//
// The category_id is never put into the creator (not in niches, text or
// tags): it is the evaluation label, returned in TrendingChannel only.
//
// The file holds one row per video; a video_id seen again replaces the
// earlier row (a later trending day's counts), so a video is never counted
// twice. A malformed line fails the load with an error naming its line
// number; the error wraps creatormatch.ErrInvalid.
func LoadYouTubeTrending(r io.Reader) ([]creatormatch.Creator, []TrendingChannel, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(trendingHeader)
	header, err := cr.Read()
	if err != nil {
		return nil, nil, trendingCSVErr(err, 1)
	}
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	for i, h := range trendingHeader {
		if strings.TrimSpace(header[i]) != h {
			return nil, nil, fmt.Errorf("%s line 1: column %d is %q, want %q: %w", TrendingVideosFile, i+1, header[i], h, creatormatch.ErrInvalid)
		}
	}

	type video struct {
		channel  string
		category int
		item     creatormatch.ContentItem
	}
	var videos []video
	byVideo := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, nil, trendingCSVErr(err, line)
		}
		bad := func(col, format string, args ...any) error {
			return fmt.Errorf("%s line %d: %s: %s: %w", TrendingVideosFile, line, col, fmt.Sprintf(format, args...), creatormatch.ErrInvalid)
		}
		id, channel := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
		if !creatormatch.ValidID(id) {
			return nil, nil, bad("video_id", "invalid video id %q", rec[0])
		}
		if channel == "" {
			return nil, nil, bad("channel_title", "is empty")
		}
		cat, err := strconv.Atoi(strings.TrimSpace(rec[2]))
		if err != nil || cat <= 0 {
			return nil, nil, bad("category_id", "%q is not a positive integer", rec[2])
		}
		posted, err := time.Parse(time.RFC3339, strings.TrimSpace(rec[3]))
		if err != nil {
			return nil, nil, bad("publish_time", "%q is not an ISO-8601 time", rec[3])
		}
		var counts [4]int64
		for i, col := range []int{6, 7, 8, 9} {
			n, err := strconv.ParseInt(strings.TrimSpace(rec[col]), 10, 64)
			if err != nil || n < 0 {
				return nil, nil, bad(trendingHeader[col], "%q is not a count", rec[col])
			}
			counts[i] = n
		}
		for _, col := range []int{10, 11} {
			if rec[col] != "True" && rec[col] != "False" {
				return nil, nil, bad(trendingHeader[col], "%q is not True or False", rec[col])
			}
		}
		title := strings.TrimSpace(rec[4])
		if title == "" {
			return nil, nil, bad("title", "is empty")
		}
		it := creatormatch.ContentItem{
			ID: id, Platform: creatormatch.YouTube, PostedAt: posted.UTC(),
			Caption:  TrendingCaption(title, rec[12]),
			URL:      "https://www.youtube.com/watch?v=" + id,
			Hashtags: TrendingTags(rec[5]),
			Views:    counts[0], Likes: counts[1], Comments: counts[3],
		}
		v := video{channel: channel, category: cat, item: it}
		if i, ok := byVideo[id]; ok {
			videos[i] = v
			continue
		}
		byVideo[id] = len(videos)
		videos = append(videos, v)
	}

	// Ids: the slug of the title, with a title hash where slugs collide.
	var titles []string
	seen := map[string]bool{}
	slugTitles := map[string]int{}
	for _, v := range videos {
		if !seen[v.channel] {
			seen[v.channel] = true
			titles = append(titles, v.channel)
			slugTitles[Slug(v.channel)]++
		}
	}
	index := make(map[string]int, len(titles))
	creators := make([]creatormatch.Creator, len(titles))
	labels := make([]TrendingChannel, len(titles))
	for i, t := range titles {
		s := Slug(t)
		if len(s) > 100 {
			s = strings.TrimRight(s[:100], "-")
		}
		id := "ytt-" + s
		if slugTitles[Slug(t)] > 1 {
			h := sha256.Sum256([]byte(t))
			id += "-" + hex.EncodeToString(h[:4])
		}
		index[t] = i
		creators[i] = creatormatch.Creator{
			ID: id, Name: t,
			Accounts: []creatormatch.Account{{Platform: creatormatch.YouTube, Handle: strings.ReplaceAll(s, "-", "")}},
		}
		labels[i] = TrendingChannel{ID: id, Title: t, Categories: map[int]int{}}
	}
	for _, v := range videos {
		i := index[v.channel]
		creators[i].Content = append(creators[i].Content, v.item)
		labels[i].Videos++
		labels[i].Categories[v.category]++
	}
	return creators, labels, nil
}

// ReadTrendingCategories reads categories.json: {"id": "title", …}.
func ReadTrendingCategories(r io.Reader) (map[int]string, error) {
	var raw map[string]string
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return nil, fmt.Errorf("%s: %v: %w", TrendingCategoriesFile, err, creatormatch.ErrInvalid)
	}
	out := make(map[int]string, len(raw))
	for k, v := range raw {
		id, err := strconv.Atoi(k)
		if err != nil {
			return nil, fmt.Errorf("%s: id %q is not an integer: %w", TrendingCategoriesFile, k, creatormatch.ErrInvalid)
		}
		out[id] = v
	}
	return out, nil
}

// TrendingTags splits a tags field ("a"|"b"|…; the first tag is unquoted in
// the source) into hashtags: quotes and '#' stripped, spaces collapsed,
// duplicates (case-insensitive) and empty tags dropped, at most
// TrendingMaxHashtags. "[none]" gives nil.
func TrendingTags(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" || s == "[none]" {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range strings.Split(s, "|") {
		t = strings.Join(strings.Fields(strings.Trim(strings.TrimSpace(t), `"#`)), " ")
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
		if len(out) == TrendingMaxHashtags {
			break
		}
	}
	return out
}

// TrendingCaption is the title followed by the trimmed description (see
// LoadYouTubeTrending), separated by a blank line.
func TrendingCaption(title, description string) string {
	title = strings.TrimSpace(title)
	d := TrendingDescription(description)
	if d == "" {
		return title
	}
	return title + "\n\n" + d
}

// TrendingDescription trims a description for a caption: literal "\n" and
// "\r" escapes and real line breaks end lines; lines holding a URL are
// dropped; whitespace is collapsed; the text is cut at a word boundary
// after TrendingDescriptionRunes runes and marked with "…".
func TrendingDescription(s string) string {
	s = strings.NewReplacer(`\r\n`, "\n", `\n`, "\n", `\r`, "\n", "\r\n", "\n", "\r", "\n").Replace(s)
	var kept []string
	for _, line := range strings.Split(s, "\n") {
		l := strings.ToLower(line)
		if strings.Contains(l, "http://") || strings.Contains(l, "https://") || strings.Contains(l, "www.") {
			continue
		}
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			kept = append(kept, line)
		}
	}
	out := strings.Join(kept, " ")
	if utf8.RuneCountInString(out) <= TrendingDescriptionRunes {
		return out
	}
	runes := []rune(out)
	cut := TrendingDescriptionRunes
	for cut > TrendingDescriptionRunes/2 && !unicode.IsSpace(runes[cut]) {
		cut--
	}
	return strings.TrimRightFunc(string(runes[:cut]), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}

// TrendingCategoryIDs returns the category ids of labels with at least minChannels
// channels whose majority category they are, ascending.
func TrendingCategoryIDs(labels []TrendingChannel, minChannels int) []int {
	n := map[int]int{}
	for _, l := range labels {
		n[l.Majority()]++
	}
	var out []int
	for id, k := range n {
		if k >= minChannels {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func trendingCSVErr(err error, line int) error {
	if pe, ok := err.(*csv.ParseError); ok {
		return fmt.Errorf("%s line %d: %v: %w", TrendingVideosFile, pe.Line, pe.Err, creatormatch.ErrInvalid)
	}
	return fmt.Errorf("%s line %d: %v: %w", TrendingVideosFile, line, err, creatormatch.ErrInvalid)
}

// LoadYouTubeTrendingDir loads DIR/videos-us.csv (LoadYouTubeTrending) and
// DIR/categories.json (ReadTrendingCategories).
func LoadYouTubeTrendingDir(dir string) ([]creatormatch.Creator, []TrendingChannel, map[int]string, error) {
	f, err := os.Open(filepath.Join(dir, TrendingVideosFile))
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	creators, labels, err := LoadYouTubeTrending(f)
	if err != nil {
		return nil, nil, nil, err
	}
	cf, err := os.Open(filepath.Join(dir, TrendingCategoriesFile))
	if err != nil {
		return nil, nil, nil, err
	}
	defer cf.Close()
	cats, err := ReadTrendingCategories(cf)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, l := range labels {
		for id := range l.Categories {
			if _, ok := cats[id]; !ok {
				return nil, nil, nil, fmt.Errorf("%s: category %d of channel %q is not in %s: %w", TrendingVideosFile, id, l.Title, TrendingCategoriesFile, creatormatch.ErrInvalid)
			}
		}
	}
	return creators, labels, cats, nil
}
