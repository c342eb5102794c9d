package features

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/creatormatch/creatormatch"
)

// genericPhrases are whole comments (normalised to lower-case words) that
// say nothing about the post.
var genericPhrases = map[string]bool{}

// genericWords are the words short generic comments are made of ("so
// cute", "love it", "great pic").
var genericWords = map[string]bool{}

// spamMarkers are word sequences typical of bot and pod comments.
var spamMarkers = [][]string{
	{"follow", "me"}, {"follow", "back"}, {"check", "my"}, {"dm", "us"}, {"dm", "me"},
	{"dm", "for"}, {"send", "pic"}, {"promote", "it"}, {"ambassador"}, {"collab"},
	{"check", "out", "my"}, {"visit", "my"}, {"link", "in", "my", "bio"},
}

func init() {
	for _, p := range []string{
		"nice pic", "nice post", "nice photo", "nice shot", "love this", "love it", "love u", "love you",
		"so cute", "so nice", "so beautiful", "so pretty", "great post", "great pic", "great content",
		"great shot", "amazing", "awesome", "beautiful", "gorgeous", "stunning", "perfect", "wow",
		"cool", "nice", "great", "lovely", "wonderful", "super", "goals", "yes", "omg", "fire", "lit",
		"this is amazing", "looks great", "looks good", "looks amazing", "keep it up", "keep going",
		"well done", "good job", "so good", "too good", "love your content", "love your feed",
		"love your posts", "you are amazing", "youre amazing", "so inspiring", "inspiring", "facts",
		"queen", "king", "slay", "beautiful pic", "amazing pic", "amazing post", "awesome pic",
		"awesome post", "cute", "pretty", "very nice", "really nice", "nice one", "first", "hi",
		"hello", "hey", "thanks", "thank you", "same", "mood", "vibes", "big vibes", "iconic",
	} {
		genericPhrases[p] = true
	}
	for _, w := range strings.Fields("nice love loving loved this it u you your great amazing awesome beautiful " +
		"gorgeous stunning perfect wow cool lovely wonderful super so very really good best cute pretty pic " +
		"pics picture photo post shot content feed omg yes fire lit wow queen king slay vibes goals the a " +
		"an is looks look such just totally absolutely incredible insane sick dope fab fabulous epic " +
		"wowww woww woow hot yay yass yasss girl bro babe dear") {
		genericWords[w] = true
		genericWords[squeeze(w)] = true
	}
}

// IsGenericComment reports whether a comment is generic: emoji or
// punctuation only, at most 3 letters, a stock phrase ("nice pic", "love
// this"), at most 4 words that are all stock words, or a spam marker
// ("follow me", "check my page", "dm for collab").
func IsGenericComment(s string) bool {
	words := tokens(s)
	if len(words) == 0 {
		return true // emoji, punctuation or empty
	}
	letters := 0
	for _, w := range words {
		letters += len([]rune(w))
	}
	if letters <= 3 {
		return true
	}
	joined := strings.Join(words, " ")
	if genericPhrases[joined] {
		return true
	}
	if len(words) <= 4 {
		all := true
		for _, w := range words {
			if !genericWords[w] && !genericWords[squeeze(w)] {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	for _, m := range spamMarkers {
		if containsSeq(words, m) {
			return true
		}
	}
	return false
}

// squeeze collapses runs of a repeated letter to one ("sooo" -> "so",
// "niiice" -> "nice"); stock words are stored in both forms.
func squeeze(w string) string {
	var b strings.Builder
	var prev rune
	n := 0
	for _, r := range w {
		if r == prev {
			n++
		} else {
			prev, n = r, 1
		}
		if n <= 1 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// commentKey normalises a comment for duplicate detection: its lower-case
// words, or for emoji-only comments the text without spaces.
func commentKey(s string) string {
	if w := tokens(s); len(w) > 0 {
		return strings.Join(w, " ")
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// CommentStats holds the generic and duplicate shares of comment samples.
type CommentStats struct {
	Samples        int
	GenericShare   float64 // generic comments / samples
	DuplicateShare float64 // comments whose normalised text occurs ≥ 2 times / samples
	GenericPosts   []string
	DuplicatePosts []string
}

// CommentSampleStats computes CommentStats over every CommentSamples entry
// of posts.
func CommentSampleStats(posts []creatormatch.ContentItem) CommentStats {
	var st CommentStats
	counts := map[string]int{}
	for _, p := range posts {
		for _, s := range p.CommentSamples {
			counts[commentKey(s)]++
		}
	}
	generic, dup := 0, 0
	for _, p := range posts {
		g, d := false, false
		for _, s := range p.CommentSamples {
			st.Samples++
			if IsGenericComment(s) {
				generic++
				g = true
			}
			if counts[commentKey(s)] >= 2 {
				dup++
				d = true
			}
		}
		if g {
			st.GenericPosts = append(st.GenericPosts, p.ID)
		}
		if d {
			st.DuplicatePosts = append(st.DuplicatePosts, p.ID)
		}
	}
	if st.Samples > 0 {
		st.GenericShare = float64(generic) / float64(st.Samples)
		st.DuplicateShare = float64(dup) / float64(st.Samples)
	}
	return st
}

// EngagementQuality judges whether engagement looks organic. Over the last
// N posts on the engagement platform (see EngagementRate) and the comment
// samples of all posts:
//
//	c2l       = Σ comments / Σ likes
//	gen, dup  = generic and duplicate comment shares (CommentSampleStats)
//	pGeneric  = clamp((gen − GenericBaseline) / (0.85 − GenericBaseline))
//	pDup      = clamp((dup − DuplicateBaseline) / (0.60 − DuplicateBaseline))
//	pC2L      = clamp((c2l − High) / (2·High))                 (too many comments)
//	          or clamp((Low − c2l) / Low) if Σlikes ≥ 500, Σcomments > 0 (too few)
//	pUniform  = clamp((UniformLikesCV − cv(likes)) / (UniformLikesCV − 0.05)), ≥ 6 posts
//	Value     = clamp(1 − wG·pGeneric − wD·pDup − wC·pC2L − wU·pUniform)
//	pod       = (max(gen, dup) ≥ PodGenericShare and c2l ≥ High) or pUniform = 1
//	Value     = min(Value, PodCap) when pod
//	Confidence = ½·min(1, posts/N) + ½·min(1, samples/FullSamples)
//
// With no data Value is 1 (nothing suspicious) with confidence 0.
func EngagementQuality(c *creatormatch.Creator, cfg Config) creatormatch.EngagementQuality {
	cfg = cfg.withDefaults()
	q := cfg.Quality
	out := creatormatch.EngagementQuality{Value: 1}
	if c == nil {
		return out
	}
	posts := recent(c)
	var window []creatormatch.ContentItem
	if p := engagementPlatform(c, posts, cfg.EngagementPosts); p != "" {
		for _, it := range posts {
			if PostPlatform(c, it) == p {
				window = append(window, it)
				if len(window) == cfg.EngagementPosts {
					break
				}
			}
		}
	}
	var likes, comments float64
	var likeSeries []float64
	for _, it := range window {
		likes += float64(max(it.Likes, 0))
		comments += float64(max(it.Comments, 0))
		if it.Likes > 0 {
			likeSeries = append(likeSeries, float64(it.Likes))
		}
	}
	out.CommentToLike = ratio(comments, likes)
	st := CommentSampleStats(posts)
	out.GenericCommentShare = st.GenericShare
	out.DuplicateCommentShare = st.DuplicateShare

	pGeneric := clamp01((st.GenericShare - q.GenericBaseline) / (0.85 - q.GenericBaseline))
	pDup := clamp01((st.DuplicateShare - q.DuplicateBaseline) / (0.60 - q.DuplicateBaseline))
	var pC2L float64
	switch {
	case likes > 0 && q.HighCommentToLike > 0 && out.CommentToLike > q.HighCommentToLike:
		pC2L = clamp01((out.CommentToLike - q.HighCommentToLike) / (2 * q.HighCommentToLike))
	case likes >= 500 && comments > 0 && q.LowCommentToLike > 0 && out.CommentToLike < q.LowCommentToLike:
		pC2L = clamp01((q.LowCommentToLike - out.CommentToLike) / q.LowCommentToLike)
	}
	var pUniform, likeCV float64
	if len(likeSeries) >= 6 && q.UniformLikesCV > 0.05 {
		likeCV = cv(likeSeries)
		pUniform = clamp01((q.UniformLikesCV - likeCV) / (q.UniformLikesCV - 0.05))
	}
	v := 1 - q.WGeneric*pGeneric - q.WDuplicate*pDup - q.WCommentToLike*pC2L - q.WUniform*pUniform
	out.Value = clamp01(v)
	out.PodSuspected = (st.Samples >= 5 && max(st.GenericShare, st.DuplicateShare) >= q.PodGenericShare &&
		likes > 0 && out.CommentToLike >= q.HighCommentToLike) || pUniform >= 1
	if out.PodSuspected {
		out.Value = min(out.Value, clamp01(q.PodCap))
	}
	fullS := max(q.FullSamples, 1)
	out.Confidence = clamp01(0.5*min(1, float64(len(window))/float64(cfg.EngagementPosts)) +
		0.5*min(1, float64(st.Samples)/float64(fullS)))

	ids := func(items []creatormatch.ContentItem) []string {
		var s []string
		for _, it := range items {
			s = append(s, it.ID)
		}
		return s
	}
	if likes > 0 {
		out.Evidence = append(out.Evidence, creatormatch.Evidence{
			Text:    fmt.Sprintf("comment-to-like ratio %.3f over %d posts (typical %.2f)", out.CommentToLike, len(window), q.NormalCommentToLike),
			PostIDs: ids(window),
		})
	}
	if st.Samples > 0 {
		out.Evidence = append(out.Evidence, creatormatch.Evidence{
			Text:    fmt.Sprintf("%.0f%% of %d sampled comments are generic", 100*st.GenericShare, st.Samples),
			PostIDs: firstN(st.GenericPosts, 10),
		})
		if st.DuplicateShare > 0 {
			out.Evidence = append(out.Evidence, creatormatch.Evidence{
				Text:    fmt.Sprintf("%.0f%% of sampled comments are duplicates", 100*st.DuplicateShare),
				PostIDs: firstN(st.DuplicatePosts, 10),
			})
		}
	}
	if pUniform > 0 {
		out.Evidence = append(out.Evidence, creatormatch.Evidence{
			Text:    fmt.Sprintf("like counts are unusually uniform across posts (CV %.2f)", likeCV),
			PostIDs: ids(window),
		})
	}
	if out.PodSuspected {
		out.Evidence = append(out.Evidence, creatormatch.Evidence{Text: "engagement pod suspected"})
	}
	return out
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
