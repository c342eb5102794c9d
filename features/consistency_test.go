package features

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
)

func TestConsistency(t *testing.T) {
	cfg := DefaultConfig()
	weekly := igCreator(1000)
	for i := 0; i <= 12; i++ { // days 0, 7, ..., 84 ago: 13 posts
		weekly.Content = append(weekly.Content, post(fmt.Sprint("w", i), float64(7*i), 10, 1))
	}
	irregular := igCreator(1000,
		post("i1", 2, 1, 0), post("i2", 3, 1, 0), post("i3", 4, 1, 0), post("i4", 30, 1, 0))
	cases := []struct {
		name       string
		c          *creatormatch.Creator
		now        time.Time
		value, ppw float64
		cv, days   float64
		conf       float64
	}{
		// ppw = 13/(90/7) = 1.01111; f = 0.33704; gaps all 7 -> cv 0, r = 1; last post now -> s = 1
		// value = 0.45·0.33704 + 0.25·1 + 0.30·1 = 0.70167
		{"weekly", weekly, testNow, 0.45*(13/(90.0/7))/3 + 0.25 + 0.30, 13 / (90.0 / 7), 0, 0, 1},
		// one post 10 days ago: ppw = 1/12.857 = 0.07778, f = 0.02593; r = 0.5 (no gaps); s = 0.5^(10/21) = 0.71898
		// value = 0.45·0.02593 + 0.25·0.5 + 0.30·0.71898 = 0.35236
		{"one post", igCreator(1000, post("p", 10, 1, 0)), testNow,
			0.45*(7/90.0)/3 + 0.125 + 0.30*math.Pow(0.5, 10.0/21), 7 / 90.0, 0, 10, 1.0 / 6},
		// posts 30, 4, 3, 2 days ago: gaps 26, 1, 1 -> mean 9.3333, sd = sqrt(((16.667)²+2·(8.333)²)/3) = 11.785, cv 1.26268
		// r = 1/(2.26268); ppw = 4/12.857 = 0.31111, f = 0.10370; s = 0.5^(2/21) = 0.93612
		// value = 0.45·0.10370 + 0.25·0.44195 + 0.30·0.93612
		{"irregular", irregular, testNow,
			0.45*(4*7/90.0)/3 + 0.25/(1+math.Sqrt((math.Pow(26-28.0/3, 2)+2*math.Pow(1-28.0/3, 2))/3)/(28.0/3)) + 0.30*math.Pow(0.5, 2.0/21),
			4 * 7 / 90.0, math.Sqrt((math.Pow(26-28.0/3, 2)+2*math.Pow(1-28.0/3, 2))/3) / (28.0 / 3), 2, 4.0 / 6},
		// only a post 200 days ago: nothing in window: f = 0, r = 0.5, s = 0.5^(200/21) = 0.00135
		{"inactive", igCreator(1000, post("old", 200, 1, 0)), testNow, 0.125 + 0.30*math.Pow(0.5, 200.0/21), 0, 0, 200, 0.3},
		// zero now: the latest post is "now"
		{"zero now", igCreator(1000, post("p", 10, 1, 0)), time.Time{}, 0.45*(7/90.0)/3 + 0.125 + 0.30, 7 / 90.0, 0, 0, 1.0 / 6},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Consistency(tc.c, tc.now, cfg)
			assert.InDelta(t, tc.value, got.Value, 1e-9)
			assert.InDelta(t, tc.ppw, got.PostsPerWeek, 1e-9)
			assert.InDelta(t, tc.cv, got.GapCV, 1e-9)
			assert.InDelta(t, tc.days, got.DaysSinceLastPost, 1e-9)
			assert.InDelta(t, tc.conf, got.Confidence, 1e-9)
		})
	}
	for _, c := range []*creatormatch.Creator{nil, {}, igCreator(10, creatormatch.ContentItem{ID: "undated"})} {
		got := Consistency(c, testNow, cfg)
		assert.Equal(t, 0.0, got.Value)
		assert.Equal(t, 0.0, got.Confidence)
		assert.Equal(t, -1.0, got.DaysSinceLastPost)
	}
}
