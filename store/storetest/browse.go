package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// browseAll pages through q's listing with q.Limit creators a page, each
// page continuing after the last creator of the one before (as the API's
// cursor does), and returns the ids in order. It fails on a page longer
// than the limit or a listing that does not end.
func browseAll(t *testing.T, s cm.Store, q cm.BrowseQuery) []string {
	t.Helper()
	var out []string
	for range 1000 {
		page, err := s.BrowseCreators(ctx(t), q)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page), q.Limit, "a page holds at most Limit creators")
		for _, c := range page {
			out = append(out, c.ID)
		}
		if len(page) < q.Limit {
			return out
		}
		last := page[len(page)-1]
		q.After = &cm.BrowsePosition{Key: cm.BrowseKeyOf(last, q.Sort), ID: last.ID}
	}
	t.Fatal("the listing did not end")
	return nil
}

// browseOrder is the listing the contract defines, computed here from the
// creators: those keep accepts, by (BrowseKeyOf, id), reversed for desc.
func browseOrder(cs []*cm.Creator, sort cm.BrowseSort, desc bool, keep func(*cm.Creator) bool) []string {
	var pos []cm.BrowsePosition
	for _, c := range cs {
		if keep == nil || keep(c) {
			pos = append(pos, cm.BrowsePosition{Key: cm.BrowseKeyOf(c, sort), ID: c.ID})
		}
	}
	slices.SortFunc(pos, func(a, b cm.BrowsePosition) int {
		if desc {
			return b.Compare(a)
		}
		return a.Compare(b)
	})
	var ids []string
	for _, p := range pos {
		ids = append(ids, p.ID)
	}
	return ids
}

// testBrowseFilters browses the filter suite's creators with every filter
// case: a browse keeps exactly the creators retrieval's filter keeps, on
// every store, whatever the page size.
func testBrowseFilters(t *testing.T, f Factory) {
	s := f.New(t)
	var batch []cm.CreatorRecord
	for _, c := range filterCreators() {
		batch = append(batch, cm.CreatorRecord{Creator: c})
	}
	upsert(t, s, batch...)
	for _, tc := range filterCases {
		t.Run(tc.name, func(t *testing.T) {
			for _, limit := range []int{1, 3, 100} {
				got := browseAll(t, s, cm.BrowseQuery{Filter: tc.filter, Limit: limit, Desc: limit == 3})
				require.ElementsMatch(t, tc.want, got, "limit %d", limit)
			}
		})
	}
}

// browseCreators is a catalogue with ties in every order, creators
// without features, accounts or dated posts, and names and handles for
// the text search (one with LIKE's wildcards in it).
func browseCreators() []*cm.Creator {
	r := rand.New(rand.NewPCG(17, 19))
	t0 := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	names := []string{"Anna Bell", "Joanna Park", "Ben Ng", "ANNALISE", "Zoë Ångström", "50%_off Deals", "Chef Kim", ""}
	var out []*cm.Creator
	for i := range 40 {
		id := fmt.Sprintf("b%02d", (i*7)%40) // ids not in insertion order
		c := &cm.Creator{ID: id, Name: names[i%len(names)], Country: []string{"US", "GB", "DE"}[i%3]}
		if i%9 != 4 {
			c.Accounts = []cm.Account{{Platform: cm.Instagram, Handle: fmt.Sprintf("insta_%s", id), Followers: int64(1000 * r.IntN(5))}}
			if i%4 == 0 {
				c.Accounts = append(c.Accounts, cm.Account{Platform: cm.TikTok, Handle: "TokAnn" + id, Followers: int64(500 * r.IntN(20))})
			}
		}
		if i%6 != 5 {
			c.Content = []cm.ContentItem{{ID: "p1", Platform: cm.Instagram, Caption: "post", PostedAt: t0.Add(time.Duration(r.IntN(4)) * 24 * time.Hour)}}
			if i%5 == 0 {
				c.Content = append(c.Content, cm.ContentItem{ID: "p2", Platform: cm.Instagram, Caption: "undated"})
			}
		}
		if i%7 != 3 {
			c.Features = &cm.Features{
				Tier:           cm.TierFeature{Value: cm.TierMicro},
				EngagementRate: cm.EngagementRate{Value: float64(r.IntN(4)) / 100},
				Authenticity:   cm.Authenticity{Value: float64(r.IntN(3)) / 4},
			}
		}
		if len(c.Accounts) == 0 {
			c.Content = nil // a post needs an account for its platform
		}
		out = append(out, c)
	}
	return out
}

// testBrowseOrder pages through every order, both ways, at several page
// sizes, alone and with a filter and a text search, and compares each
// listing with the order the contract defines.
func testBrowseOrder(t *testing.T, f Factory) {
	s := f.New(t)
	cs := browseCreators()
	var batch []cm.CreatorRecord
	for _, c := range cs {
		batch = append(batch, cm.CreatorRecord{Creator: c})
	}
	upsert(t, s, batch...)
	contains := func(q string) func(*cm.Creator) bool {
		return func(c *cm.Creator) bool { return strings.Contains(cm.SearchKey(c), cm.BrowseTextKey(q)) }
	}
	cases := []struct {
		name string
		q    cm.BrowseQuery
		keep func(*cm.Creator) bool
	}{
		{"all", cm.BrowseQuery{}, nil},
		{"country", cm.BrowseQuery{Filter: cm.Filter{Countries: []string{" gb"}}}, func(c *cm.Creator) bool { return c.Country == "GB" }},
		{"tiktok followers", cm.BrowseQuery{Filter: cm.Filter{Platforms: []cm.Platform{cm.TikTok}, MinFollowers: 1000}}, func(c *cm.Creator) bool {
			a := c.Account(cm.TikTok)
			return a != nil && a.Followers >= 1000
		}},
		{"text", cm.BrowseQuery{Text: "ANN"}, contains("ann")},
		{"text handle", cm.BrowseQuery{Text: "@insta_b1"}, contains("insta_b1")},
		{"text non-ASCII", cm.BrowseQuery{Text: "ångSTRÖM"}, contains("ångström")},
		{"text percent is literal", cm.BrowseQuery{Text: "%"}, contains("%")},
		{"text underscore is literal", cm.BrowseQuery{Text: "0%_o"}, contains("0%_o")},
		{"text and filter", cm.BrowseQuery{Text: "ann", Filter: cm.Filter{Countries: []string{"US"}}}, func(c *cm.Creator) bool {
			return c.Country == "US" && contains("ann")(c)
		}},
		{"text matching nothing", cm.BrowseQuery{Text: "zzzz"}, func(*cm.Creator) bool { return false }},
	}
	for _, tc := range cases {
		for _, sort := range cm.BrowseSorts {
			for _, desc := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%s/desc=%v", tc.name, sort, desc), func(t *testing.T) {
					want := browseOrder(cs, sort, desc, tc.keep)
					for _, limit := range []int{1, 7, 100} {
						q := tc.q
						q.Sort, q.Desc, q.Limit = sort, desc, limit
						require.Equal(t, want, browseAll(t, s, q), "limit %d", limit)
					}
				})
			}
		}
	}
	t.Run("limit 0", func(t *testing.T) {
		page, err := s.BrowseCreators(ctx(t), cm.BrowseQuery{Limit: 0})
		require.NoError(t, err)
		require.Empty(t, page)
	})
	t.Run("after the last", func(t *testing.T) {
		page, err := s.BrowseCreators(ctx(t), cm.BrowseQuery{Limit: 10, After: &cm.BrowsePosition{Key: cm.BrowseKey{N: 1 << 62}, ID: "~"}})
		require.NoError(t, err)
		require.Empty(t, page)
	})
	t.Run("reads the stored creator", func(t *testing.T) {
		page, err := s.BrowseCreators(ctx(t), cm.BrowseQuery{Limit: 1, Text: "joanna"})
		require.NoError(t, err)
		require.Len(t, page, 1)
		require.Equal(t, "Joanna Park", page[0].Name)
	})
}
