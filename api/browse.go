package api

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api/spec"
)

// defaultBrowsePage is a browse page's size when the request names none
// (the spec bounds limit to 1..MaxBrowseLimit).
const defaultBrowsePage = 20

// BrowseCreators implements GET /v1/creators. The catalogue is shared, so
// the listing is the same for every workspace: no workspace's blocklist
// or lists shape it (a match applies the caller's blocklist).
func (s *Server) BrowseCreators(c echo.Context, params spec.BrowseCreatorsParams) error {
	q, err := browseQuery(params)
	if err != nil {
		return err
	}
	cs, err := s.store.BrowseCreators(c.Request().Context(), q) // read-only: shared with other readers
	if err != nil {
		return err
	}
	out := make([]creatormatch.CreatorSummary, len(cs))
	for i, cr := range cs {
		out[i] = creatormatch.Summarize(cr)
	}
	resp := map[string]any{"creators": out}
	if len(cs) == q.Limit {
		last := cs[len(cs)-1]
		resp["next_cursor"] = encodeBrowseCursor(q, creatormatch.BrowsePosition{Key: creatormatch.BrowseKeyOf(last, q.Sort), ID: last.ID})
	}
	return c.JSON(http.StatusOK, resp)
}

// browseQuery turns the query parameters into a store query. The spec has
// checked types, enums and bounds; this adds what it cannot say (a NaN
// passes a schema's minimum and maximum, empty list items, the follower
// range's order) and decodes the cursor.
func browseQuery(p spec.BrowseCreatorsParams) (creatormatch.BrowseQuery, error) {
	q := creatormatch.BrowseQuery{Sort: creatormatch.SortFollowers, Desc: true, Limit: defaultBrowsePage}
	if p.Sort != nil {
		q.Sort = creatormatch.BrowseSort(*p.Sort)
	}
	if p.Order != nil {
		q.Desc = *p.Order != spec.Asc
	}
	if p.Limit != nil {
		q.Limit = *p.Limit
	}
	v := &creatormatch.ValidationError{}
	if !q.Sort.Valid() {
		v.Add("sort", "must be one of followers, engagement_rate, authenticity, last_post")
	}
	if p.Q != nil {
		if !creatormatch.ValidBrowseText(*p.Q) {
			v.Add("q", "must be at most %d bytes of text without control characters", creatormatch.MaxBrowseText)
		}
		q.Text = *p.Q
	}
	q.Filter = browseFilter(v, p)
	if p.Cursor != nil && *p.Cursor != "" {
		q.After = decodeBrowseCursor(v, *p.Cursor, q)
	}
	return q, v.Err()
}

// browseFilter builds the domain Filter from the parameters, adding to v
// what is wrong with them.
func browseFilter(v *creatormatch.ValidationError, p spec.BrowseCreatorsParams) creatormatch.Filter {
	var f creatormatch.Filter
	if p.Platforms != nil {
		f.Platforms = append(f.Platforms, *p.Platforms...)
	}
	if p.Tiers != nil {
		f.Tiers = append(f.Tiers, *p.Tiers...)
	}
	f.Countries = browseList(v, "countries", p.Countries)
	f.Languages = browseList(v, "languages", p.Languages)
	f.Niches = browseList(v, "niches", p.Niches)
	f.WorkedWith = browseList(v, "worked_with", p.WorkedWith)
	if p.ExcludeSafety != nil {
		for _, c := range *p.ExcludeSafety {
			f.ExcludeSafety = append(f.ExcludeSafety, string(c))
		}
	}
	if p.MinFollowers != nil {
		f.MinFollowers = *p.MinFollowers
	}
	if p.MaxFollowers != nil {
		f.MaxFollowers = *p.MaxFollowers
	}
	if f.MinFollowers < 0 || f.MaxFollowers < 0 {
		v.Add("min_followers", "must not be negative")
	} else if f.MaxFollowers > 0 && f.MinFollowers > f.MaxFollowers {
		v.Add("max_followers", "must be at least min_followers")
	}
	f.SafetyTolerance = browseNumber(v, "safety_tolerance", p.SafetyTolerance, 1)
	f.MinEngagementRate = browseNumber(v, "min_engagement_rate", p.MinEngagementRate, 100)
	f.MinAuthenticity = browseNumber(v, "min_authenticity", p.MinAuthenticity, 1)
	return f
}

// browseList copies a list parameter, refusing empty items: "countries="
// would otherwise ask for creators without a country on one store and
// for nothing on the other.
func browseList(v *creatormatch.ValidationError, name string, xs *[]string) []string {
	if xs == nil {
		return nil
	}
	for _, x := range *xs {
		if creatormatch.LowerKey(x) == "" {
			v.Add(name, "must not hold an empty value")
			return nil
		}
	}
	return append([]string(nil), *xs...)
}

// browseNumber reads a bounded number parameter (0 when absent).
func browseNumber(v *creatormatch.ValidationError, name string, x *float64, max float64) float64 {
	if x == nil {
		return 0
	}
	if math.IsNaN(*x) || *x < 0 || *x > max {
		v.Add(name, "must be a number between 0 and %g", max)
		return 0
	}
	return *x
}

// browseCursor is a browse position with the order it belongs to,
// base64url JSON. Any position is harmless (a keyset page over the shared
// catalogue), so it needs no signature; the order is checked because a
// position in another order would silently skip or repeat creators.
type browseCursor struct {
	Sort creatormatch.BrowseSort `json:"s"`
	Desc bool                    `json:"d"`
	N    int64                   `json:"n,omitempty"`
	F    float64                 `json:"f,omitempty"`
	ID   string                  `json:"i"`
}

func encodeBrowseCursor(q creatormatch.BrowseQuery, at creatormatch.BrowsePosition) string {
	b, _ := json.Marshal(browseCursor{Sort: q.Sort, Desc: q.Desc, N: at.Key.N, F: at.Key.F, ID: at.ID})
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeBrowseCursor returns the position s names, or nil after adding
// to v why it cannot be used with q.
func decodeBrowseCursor(v *creatormatch.ValidationError, s string, q creatormatch.BrowseQuery) *creatormatch.BrowsePosition {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c browseCursor
	if err != nil || json.Unmarshal(b, &c) != nil || !c.Sort.Valid() || !creatormatch.ValidID(c.ID) ||
		math.IsNaN(c.F) || math.IsInf(c.F, 0) || (c.Sort.Integer() && c.F != 0) || (!c.Sort.Integer() && c.N != 0) {
		v.Add("cursor", "is not a cursor this server issued")
		return nil
	}
	if c.Sort != q.Sort || c.Desc != q.Desc {
		v.Add("cursor", "belongs to another sort or order; send the same sort and order as the first page")
		return nil
	}
	return &creatormatch.BrowsePosition{Key: creatormatch.BrowseKey{N: c.N, F: c.F}, ID: c.ID}
}
