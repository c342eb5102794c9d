package features

import (
	"time"

	"github.com/creatormatch/creatormatch"
)

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// daysAgo returns testNow minus d days.
func daysAgo(d float64) time.Time { return testNow.Add(-time.Duration(d * 24 * float64(time.Hour))) }

func igCreator(followers int64, posts ...creatormatch.ContentItem) *creatormatch.Creator {
	return &creatormatch.Creator{
		ID:       "c1",
		Accounts: []creatormatch.Account{{Platform: creatormatch.Instagram, Followers: followers}},
		Content:  posts,
	}
}

func post(id string, ago float64, likes, comments int64) creatormatch.ContentItem {
	return creatormatch.ContentItem{ID: id, PostedAt: daysAgo(ago), Likes: likes, Comments: comments}
}
