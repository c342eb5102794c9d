package api_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
)

type browsePage struct {
	Creators   []creatormatch.CreatorSummary `json:"creators"`
	NextCursor string                        `json:"next_cursor"`
}

// browseIDs follows next_cursor from path to the end and returns every
// listed id in order.
func browseIDs(t *testing.T, s *testServer, path string) []string {
	t.Helper()
	var ids []string
	cursor := ""
	for range 100 {
		p := path
		if cursor != "" {
			p += "&cursor=" + url.QueryEscape(cursor)
		}
		rec := s.do("GET", p, "")
		require.Equal(t, 200, rec.Code, rec.Body.String())
		var page browsePage
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
		for _, c := range page.Creators {
			ids = append(ids, c.ID)
		}
		if page.NextCursor == "" {
			return ids
		}
		cursor = page.NextCursor
	}
	t.Fatal("the listing did not end")
	return nil
}

// browseCatalogue is goodCreator five times with different followers,
// platforms, countries, names and handles; b-3 has contact details.
func browseCatalogue() string {
	var cs []string
	for i, sp := range []struct{ name, handle, platform, country string }{
		{"Maya Ortiz", "mayacooks", "tiktok", "us"},
		{"Leo Martin", "leo.eats", "instagram", "fr"},
		{"Ana Maya", "ana_bakes", "tiktok", "us"},
		{"Kenji Sato", "kenji", "youtube", "jp"},
		{"Zoë Ng", "zoe", "instagram", "GB"},
	} {
		c := strings.NewReplacer(`"good-1"`, fmt.Sprintf(`"b-%d"`, i), `"Maya Ortiz"`, `"`+sp.name+`"`, `"@mayacooks"`, `"`+sp.handle+`"`,
			`"platform":"tiktok"`, `"platform":"`+sp.platform+`"`, `"country":"us"`, `"country":"`+sp.country+`"`,
			`"followers":48200`, fmt.Sprintf(`"followers":%d`, 1000*(i%3+1))).Replace(goodCreator)
		if i == 3 {
			c = strings.Replace(c, `"bio"`, `"contact":{"email":"kenji@example.com","agent":"Tokyo Talent","website":"https://kenji.example.com"},"bio"`, 1)
		}
		cs = append(cs, c)
	}
	return `{"creators":[` + strings.Join(cs, ",") + `]}`
}

func TestBrowseCreators(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s := newServer(t, b, apiConfig())
			rec := s.do("POST", "/v1/creators", browseCatalogue())
			require.Equal(t, 200, rec.Code, rec.Body.String())

			tests := []struct {
				name, query string
				want        []string
			}{
				// Followers 1000, 2000, 3000, 1000, 2000: ties by id, reversed when descending.
				{"default: most followers first", "", []string{"b-2", "b-4", "b-1", "b-3", "b-0"}},
				{"ascending", "sort=followers&order=asc", []string{"b-0", "b-3", "b-1", "b-4", "b-2"}},
				{"platforms and followers hold on one account", "platforms=tiktok&min_followers=2000", []string{"b-2"}},
				{"countries in any case", "countries=US,gb&order=asc", []string{"b-0", "b-4", "b-2"}},
				{"follower range", "min_followers=1500&max_followers=2500&order=asc", []string{"b-1", "b-4"}},
				{"name substring, any case", "q=MAYA&order=asc", []string{"b-0", "b-2"}},
				{"handle with @", "q=@leo.e", []string{"b-1"}},
				{"non-ASCII name", "q=ZOË", []string{"b-4"}},
				{"text and filter", "q=maya&platforms=tiktok&min_followers=3000", []string{"b-2"}},
				{"nothing", "q=nobody", nil},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					for _, limit := range []int{1, 2, 100} {
						got := browseIDs(t, s, fmt.Sprintf("/v1/creators?limit=%d&%s", limit, tc.query))
						assert.Equal(t, tc.want, got, "limit %d", limit)
					}
				})
			}

			rec = s.do("GET", "/v1/creators?q=kenji", "")
			require.Equal(t, 200, rec.Code, rec.Body.String())
			var page browsePage
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
			require.Len(t, page.Creators, 1)
			k := page.Creators[0]
			assert.Equal(t, &creatormatch.Contact{Email: "kenji@example.com", Agent: "Tokyo Talent", Website: "https://kenji.example.com"}, k.Contact)
			assert.Equal(t, int64(1000), k.Followers)
			require.NotNil(t, k.EngagementRate, "ingest computed features")
			require.NotNil(t, k.LastPostAt)
			assert.Equal(t, "2026-10-28T17:00:00Z", k.LastPostAt.UTC().Format("2006-01-02T15:04:05Z07:00"))
			assert.NotContains(t, rec.Body.String(), "follower_history")
			assert.NotContains(t, rec.Body.String(), "oat yogurt", "no content in a listing")

			rec = s.do("GET", "/v1/creators/b-3", "")
			require.Equal(t, 200, rec.Code, rec.Body.String())
			assert.Contains(t, rec.Body.String(), `"contact":{"email":"kenji@example.com","agent":"Tokyo Talent","website":"https://kenji.example.com"}`)
		})
	}
}

func TestBrowseCreatorsRefusesBadInput(t *testing.T) {
	s := newServer(t, backends[0], apiConfig())
	require.Equal(t, 200, s.do("POST", "/v1/creators", browseCatalogue()).Code)
	rec := s.do("GET", "/v1/creators?limit=1&sort=followers", "")
	require.Equal(t, 200, rec.Code)
	var page browsePage
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
	require.NotEmpty(t, page.NextCursor)

	tests := []struct{ query, field string }{
		{"limit=0", "limit"},
		{"limit=101", "limit"},
		{"sort=name", "sort"},
		{"order=up", "order"},
		{"q=" + strings.Repeat("a", creatormatch.MaxBrowseText+1), "q"},
		{"q=a%0Ab", "q"},
		{"q=%FF", "q"},
		{"platforms=myspace", "platforms"},
		{"tiers=giant", "tiers"},
		{"exclude_safety=spiders", "exclude_safety"},
		{"countries=US,,GB", "countries"},
		{"niches=%20", "niches"},
		{"min_followers=-1", "min_followers"},
		{"min_followers=abc", "min_followers"},
		{"min_followers=10&max_followers=5", "max_followers"},
		{"safety_tolerance=NaN", "safety_tolerance"},
		{"safety_tolerance=2", "safety_tolerance"},
		{"min_engagement_rate=NaN", "min_engagement_rate"},
		{"min_authenticity=1.5", "min_authenticity"},
		{"cursor=not-a-cursor", "cursor"},
		{"cursor=" + page.NextCursor + "&sort=authenticity", "cursor"},
		{"cursor=" + page.NextCursor + "&order=asc", "cursor"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			rec := s.do("GET", "/v1/creators?"+tc.query, "")
			require.Equal(t, 422, rec.Code, rec.Body.String())
			assert.Contains(t, fields(problem(t, rec)), tc.field)
		})
	}
	rec = s.do("GET", "/v1/creators?cursor=bad&niches=,&min_followers=9&max_followers=1", "")
	require.Equal(t, 422, rec.Code, rec.Body.String())
	assert.ElementsMatch(t, []string{"cursor", "niches", "max_followers"}, fields(problem(t, rec)), "every problem at once")
}

func TestContactDetailsValidated(t *testing.T) {
	s := newServer(t, backends[0], apiConfig())
	tests := []struct{ contact, field string }{
		{`{"email":"Maya <maya@example.com>"}`, "creators[0].contact.email"},
		{`{"email":"maya"}`, "creators[0].contact.email"},
		{`{"website":"javascript:alert(1)"}`, "creators[0].contact.website"},
		{`{"website":"maya.example.com"}`, "creators[0].contact.website"},
		{`{"agent":"` + strings.Repeat("a", 201) + `"}`, "creators[0].contact.agent"},
		{`{"phone":"555"}`, "creators[0].contact.phone"},
		{`"maya@example.com"`, "creators[0].contact"},
	}
	for _, tc := range tests {
		t.Run(tc.contact, func(t *testing.T) {
			body := `{"creators":[` + strings.Replace(goodCreator, `"bio"`, `"contact":`+tc.contact+`,"bio"`, 1) + `]}`
			rec := s.do("POST", "/v1/creators", body)
			require.Equal(t, 422, rec.Code, rec.Body.String())
			assert.Contains(t, fields(problem(t, rec)), tc.field)
		})
	}
	rec := s.do("GET", "/v1/creators/good-1", "")
	assert.Equal(t, 404, rec.Code, "nothing was written")
}
