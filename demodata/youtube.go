package demodata

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/creatormatch/creatormatch"
)

// YouTubeCSV is "YouTubers saying things" (videos.csv, CC0 1.0; see
// testdata/youtubers-saying-things/SOURCE.md), embedded so the binary can
// load it offline: LoadYouTube(bytes.NewReader(YouTubeCSV)).
//
//go:embed testdata/youtubers-saying-things/videos.csv
var YouTubeCSV []byte

// YouTubeAsOf is the date the dataset was scraped (its commit,
// 2022-02-05); "6 years ago" in Released is counted back from it.
var YouTubeAsOf = time.Date(2022, 2, 5, 0, 0, 0, 0, time.UTC)

// YouTubeGenreNiches maps the dataset's channel genres to NicheKeys.
// Blog and Entertainment have no counterpart; News is closest to education.
var YouTubeGenreNiches = map[string]string{
	"Science": "science", "VideoGames": "gaming", "Food": "food", "Automobile": "automotive",
	"Tech": "tech", "Travel": "travel", "Comedy": "comedy", "Informative": "education", "News": "education",
}

var youtubeHeader = []string{"Id", "Channel", "Subscribers", "Title", "CC", "URL", "Released", "Views", "Category"}

// LoadYouTube reads videos.csv of "YouTubers saying things" and turns each
// channel into a creator with one youtube account and its videos as
// content (Caption = title, Views parsed, PostedAt counted back from
// YouTubeAsOf, likes unknown). Creators come in order of first appearance.
// A malformed line fails the load with an error naming its line number
// (the header is line 1); the error wraps creatormatch.ErrInvalid.
func LoadYouTube(r io.Reader) ([]creatormatch.Creator, []Truth, error) {
	return LoadYouTubeAsOf(r, YouTubeAsOf)
}

// LoadYouTubeAsOf is LoadYouTube with relative release dates counted back
// from asOf instead of YouTubeAsOf.
func LoadYouTubeAsOf(r io.Reader, asOf time.Time) ([]creatormatch.Creator, []Truth, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(youtubeHeader)
	header, err := cr.Read()
	if err != nil {
		return nil, nil, csvErr(err, 1)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	for i, h := range youtubeHeader {
		if strings.TrimSpace(header[i]) != h {
			return nil, nil, fmt.Errorf("videos.csv line 1: column %d is %q, want %q: %w", i+1, header[i], h, creatormatch.ErrInvalid)
		}
	}

	var creators []creatormatch.Creator
	var truth []Truth
	byChannel := map[string]int{}
	usedIDs := map[string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, nil, csvErr(err, line)
		}
		bad := func(col, format string, args ...any) error {
			return fmt.Errorf("videos.csv line %d: %s: %s: %w", line, col, fmt.Sprintf(format, args...), creatormatch.ErrInvalid)
		}
		id, channel, title := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1]), strings.TrimSpace(rec[3])
		if !creatormatch.ValidID(id) {
			return nil, nil, bad("Id", "invalid video id %q", rec[0])
		}
		if channel == "" {
			return nil, nil, bad("Channel", "is empty")
		}
		subs, err := parseCount(rec[2], "subscriber")
		if err != nil {
			return nil, nil, bad("Subscribers", "%v", err)
		}
		views, err := parseCount(rec[7], "view")
		if err != nil {
			return nil, nil, bad("Views", "%v", err)
		}
		posted, err := parseRelative(rec[6], asOf)
		if err != nil {
			return nil, nil, bad("Released", "%v", err)
		}
		genres := splitGenres(rec[8])

		ci, ok := byChannel[channel]
		if !ok {
			cid := "yt-" + Slug(channel)
			for n := 2; usedIDs[cid]; n++ {
				cid = fmt.Sprintf("yt-%s-%d", Slug(channel), n)
			}
			usedIDs[cid] = true
			var niches []string
			for _, gname := range genres {
				if k, ok := YouTubeGenreNiches[gname]; ok && !contains(niches, k) {
					niches = append(niches, k)
				}
			}
			_, tier := TierOf(subs)
			creators = append(creators, creatormatch.Creator{
				ID:        cid,
				Name:      channel,
				Languages: []string{"en"},
				Niches:    niches,
				Accounts: []creatormatch.Account{{
					Platform: creatormatch.YouTube, Handle: strings.ReplaceAll(Slug(channel), "-", ""), Followers: subs,
				}},
			})
			truth = append(truth, Truth{
				ID: cid, Niches: nonNil(niches), Source: "youtubers-saying-things", Tier: tier,
				Platform: creatormatch.YouTube, Followers: subs, Languages: []string{"en"}, Genres: genres,
			})
			ci = len(creators) - 1
			byChannel[channel] = ci
		}
		c := &creators[ci]
		if c.Accounts[0].Followers != subs {
			// The count is a per-channel snapshot; keep the largest seen.
			c.Accounts[0].Followers = max(c.Accounts[0].Followers, subs)
			truth[ci].Followers = c.Accounts[0].Followers
		}
		c.Content = append(c.Content, creatormatch.ContentItem{
			ID: id, Platform: creatormatch.YouTube, PostedAt: posted, Caption: title, Views: views, URL: videoURL(rec[5]),
		})
	}
	return creators, truth, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

func csvErr(err error, line int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("videos.csv line %d: %v: %w", pe.Line, pe.Err, creatormatch.ErrInvalid)
	}
	return fmt.Errorf("videos.csv line %d: %v: %w", line, err, creatormatch.ErrInvalid)
}

func splitGenres(s string) []string {
	var out []string
	for _, g := range strings.Split(s, ",") {
		if g = strings.TrimSpace(g); g != "" && !contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

// parseCount parses "17.4M subscribers", "950K views", "1,234 views",
// "1 view" or "No views".
func parseCount(s, unit string) (int64, error) {
	f := strings.Fields(strings.TrimSpace(s))
	if len(f) == 0 {
		return 0, fmt.Errorf("is empty")
	}
	if len(f) > 2 || (len(f) == 2 && !strings.EqualFold(f[1], unit) && !strings.EqualFold(f[1], unit+"s")) {
		return 0, fmt.Errorf("%q is not a count of %ss", s, unit)
	}
	num := strings.ReplaceAll(f[0], ",", "")
	if strings.EqualFold(num, "no") {
		return 0, nil
	}
	mult := 1.0
	switch num[len(num)-1] {
	case 'K', 'k':
		mult = 1e3
	case 'M', 'm':
		mult = 1e6
	case 'B', 'b':
		mult = 1e9
	}
	if mult != 1 {
		num = num[:len(num)-1]
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a count of %ss", s, unit)
	}
	return int64(math.Round(v * mult)), nil
}

// parseRelative turns "6 years ago", "Streamed 3 months ago", "1 week
// ago" into a date counted back from asOf; empty means unknown (zero).
func parseRelative(s string, asOf time.Time) (time.Time, error) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "Streamed"))
	if s == "" {
		return time.Time{}, nil
	}
	f := strings.Fields(s)
	if len(f) != 3 || f[2] != "ago" {
		return time.Time{}, fmt.Errorf("%q is not like \"6 years ago\"", s)
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n < 0 {
		return time.Time{}, fmt.Errorf("%q is not like \"6 years ago\"", s)
	}
	switch strings.TrimSuffix(f[1], "s") {
	case "second":
		return asOf.Add(-time.Duration(n) * time.Second), nil
	case "minute":
		return asOf.Add(-time.Duration(n) * time.Minute), nil
	case "hour":
		return asOf.Add(-time.Duration(n) * time.Hour), nil
	case "day":
		return asOf.AddDate(0, 0, -n), nil
	case "week":
		return asOf.AddDate(0, 0, -7*n), nil
	case "month":
		return asOf.AddDate(0, -n, 0), nil
	case "year":
		return asOf.AddDate(-n, 0, 0), nil
	}
	return time.Time{}, fmt.Errorf("%q has an unknown unit", s)
}

// Slug turns a channel name into a lower-case ASCII slug: "Kurzgesagt – In
// a Nutshell" -> "kurzgesagt-in-a-nutshell", "Bon Appétit" -> "bon-appetit",
// "A&E" -> "a-and-e".
func Slug(s string) string {
	s = strings.ReplaceAll(s, "&", " and ")
	s = strings.ReplaceAll(s, "'", "")
	var b strings.Builder
	dash := false
	for _, r := range latinFold.Replace(strings.ToLower(s)) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "channel"
	}
	return b.String()
}

// latinFold strips the accents of Latin-1 and Latin Extended-A letters.
var latinFold = func() *strings.Replacer {
	pairs := []string{}
	for base, accented := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđ", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ", "o": "òóôõöøōŏő",
		"r": "ŕŗř", "s": "śŝşš", "ss": "ß", "t": "ţťŧ", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
		"ae": "æ", "oe": "œ",
	} {
		for _, r := range accented {
			pairs = append(pairs, string(r), base)
		}
	}
	return strings.NewReplacer(pairs...)
}()

// videoURL is the dataset's URL column when it is a YouTube watch URL, so
// reasons can link the videos they cite.
func videoURL(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "https://www.youtube.com/watch?v=") {
		return s
	}
	return ""
}
