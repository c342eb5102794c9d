package features

import (
	"testing"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
)

func TestIsGenericComment(t *testing.T) {
	generic := []string{"", "🔥🔥", "😍😍😍 !!", "nice pic", "Nice pic!!", "love this", "LOVE IT ❤️", "so cute",
		"wow", "ok", "sooo beautiful", "great content 🙌", "amazing post", "follow me back pls", "check my page",
		"DM for collab 📩", "niiice"}
	specific := []string{"What foundation shade are you wearing?", "Where did you buy that jacket?",
		"The blush placement is everything", "Can you share the recipe for the sauce?",
		"I tried this workout and my legs are dead lol"}
	for _, s := range generic {
		assert.True(t, IsGenericComment(s), "%q should be generic", s)
	}
	for _, s := range specific {
		assert.False(t, IsGenericComment(s), "%q should not be generic", s)
	}
}

func TestCommentSampleStats(t *testing.T) {
	posts := []creatormatch.ContentItem{
		{ID: "a", CommentSamples: []string{"nice pic", "Where is this beach?", "Nice pic!"}},
		{ID: "b", CommentSamples: []string{"🔥🔥", "What lens did you use for this shot?"}},
		{ID: "c"},
	}
	st := CommentSampleStats(posts)
	// 5 samples; generic: "nice pic", "Nice pic!", "🔥🔥" = 3/5; duplicates: the two "nice pic" = 2/5
	assert.Equal(t, 5, st.Samples)
	assert.InDelta(t, 0.6, st.GenericShare, 1e-12)
	assert.InDelta(t, 0.4, st.DuplicateShare, 1e-12)
	assert.Equal(t, []string{"a", "b"}, st.GenericPosts)
	assert.Equal(t, []string{"a"}, st.DuplicatePosts)

	// all comments identical (and specific): duplicate share 1, generic 0
	same := []creatormatch.ContentItem{{ID: "x", CommentSamples: []string{"Where did you get the lamp?", "where did you get the lamp", "Where did you get the lamp?!"}}}
	st = CommentSampleStats(same)
	assert.Equal(t, 1.0, st.DuplicateShare)
	assert.Equal(t, 0.0, st.GenericShare)
	// a single comment is never a duplicate
	assert.Equal(t, 0.0, CommentSampleStats([]creatormatch.ContentItem{{CommentSamples: []string{"hi there friend"}}}).DuplicateShare)
}

func TestEngagementQuality(t *testing.T) {
	cfg := DefaultConfig()
	mk := func(likes []int64, comments []int64, samples ...string) *creatormatch.Creator {
		c := igCreator(100_000)
		for i := range likes {
			it := post(string(rune('a'+i)), float64(i+1), likes[i], comments[i])
			if i == 0 {
				it.CommentSamples = samples
			}
			c.Content = append(c.Content, it)
		}
		return c
	}
	t.Run("no data", func(t *testing.T) {
		for _, c := range []*creatormatch.Creator{nil, {}, igCreator(1000)} {
			q := EngagementQuality(c, cfg)
			assert.Equal(t, 1.0, q.Value)
			assert.Equal(t, 0.0, q.Confidence)
			assert.False(t, q.PodSuspected)
		}
	})
	t.Run("organic", func(t *testing.T) {
		// likes vary, c2l = (30+20+40)/(1000+800+1500) = 90/3300 = 0.02727; no samples
		q := EngagementQuality(mk([]int64{1000, 800, 1500}, []int64{30, 20, 40}), cfg)
		assert.InDelta(t, 90.0/3300, q.CommentToLike, 1e-12)
		assert.Equal(t, 1.0, q.Value)
		assert.InDelta(t, 0.5*3.0/12, q.Confidence, 1e-12) // ½·3/12 + ½·0/50
	})
	t.Run("one post", func(t *testing.T) {
		q := EngagementQuality(mk([]int64{500}, []int64{10}), cfg)
		assert.InDelta(t, 0.02, q.CommentToLike, 1e-12)
		assert.Equal(t, 1.0, q.Value)
	})
	t.Run("generic and high comments", func(t *testing.T) {
		// c2l = 600/3000 = 0.2 -> pC2L = (0.2−0.1)/0.2 = 0.5
		// 10 samples, 8 generic ("nice pic" ×4, "🔥" ×4) -> gen 0.8, dup 0.8
		// pGeneric = (0.8−0.25)/0.6 = 0.9167; pDup = (0.8−0.1)/0.5 = 1 (clamped)
		// value = 1 − 0.35·0.9167 − 0.25·1 − 0.2·0.5 = 0.3292; pod (gen ≥ 0.5, c2l ≥ 0.1) -> min(0.3292, 0.35)
		samples := []string{"nice pic", "nice pic", "nice pic", "nice pic", "🔥", "🔥", "🔥", "🔥",
			"Where was this taken?", "How long did the recipe take?"}
		q := EngagementQuality(mk([]int64{1000, 1200, 800}, []int64{200, 250, 150}, samples...), cfg)
		assert.InDelta(t, 0.2, q.CommentToLike, 1e-12)
		assert.InDelta(t, 0.8, q.GenericCommentShare, 1e-12)
		assert.InDelta(t, 0.8, q.DuplicateCommentShare, 1e-12)
		assert.True(t, q.PodSuspected)
		assert.InDelta(t, 1-0.35*0.55/0.6-0.25-0.2*0.5, q.Value, 1e-9)
		// confidence ½·3/12 + ½·10/50 = 0.125 + 0.1
		assert.InDelta(t, 0.225, q.Confidence, 1e-12)
	})
	t.Run("all comments identical", func(t *testing.T) {
		// 6 identical specific comments: dup 1 -> pDup 1; generic 0; c2l 0.02
		// value = 1 − 0.25 = 0.75, no pod (generic share 0, c2l normal)
		s := "Where did you get the lamp?"
		q := EngagementQuality(mk([]int64{1000, 700}, []int64{20, 14}, s, s, s, s, s, s), cfg)
		assert.Equal(t, 1.0, q.DuplicateCommentShare)
		assert.InDelta(t, 0.75, q.Value, 1e-12)
		assert.False(t, q.PodSuspected)
	})
	t.Run("uniform likes", func(t *testing.T) {
		// 6 posts × 1000 likes: cv 0 -> pUniform 1 -> value 1 − 0.2 = 0.8, pod -> capped 0.35
		q := EngagementQuality(mk([]int64{1000, 1000, 1000, 1000, 1000, 1000}, []int64{20, 20, 20, 20, 20, 20}), cfg)
		assert.True(t, q.PodSuspected)
		assert.InDelta(t, 0.35, q.Value, 1e-12)
	})
	t.Run("bought likes", func(t *testing.T) {
		// c2l = 2/2000 = 0.001 < 0.003 with ≥ 500 likes -> pC2L = (0.003−0.001)/0.003 = 0.6667 -> 1 − 0.2·0.6667
		q := EngagementQuality(mk([]int64{1200, 800}, []int64{1, 1}), cfg)
		assert.InDelta(t, 1-0.2*(2.0/3), q.Value, 1e-9)
	})
}
