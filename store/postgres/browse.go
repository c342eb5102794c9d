package postgres

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/creatormatch/creatormatch"
)

// browseKeySQL is each browse order's key on a creators row, written
// exactly as the (key, id) indexes of migration 019 are, so the planner
// walks them: the rates of creators without features are NULL columns
// read as 0, as creatormatch.BrowseKeyOf reads them.
var browseKeySQL = map[creatormatch.BrowseSort]string{
	creatormatch.SortFollowers:      "c.followers",
	creatormatch.SortLastPost:       "c.last_post_us",
	creatormatch.SortEngagementRate: "COALESCE(c.engagement_rate, 0)",
	creatormatch.SortAuthenticity:   "COALESCE(c.authenticity, 0)",
}

// likeEscaper makes a search text a literal LIKE pattern ('\' is LIKE's
// default escape).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// browseCreators selects one page of ids with the retrieval filter's
// conditions (filterConds), the text as a substring of search_text, and
// the cursor as a row comparison (key, id) > (after), ordered by (key, id)
// and limited; then reads the creators as GetCreators does. A creator
// deleted between the two reads leaves a hole, which is filled from after
// the page's last position (a short page would tell the client the listing
// had ended).
func (s *Store) browseCreators(ctx context.Context, q creatormatch.BrowseQuery) ([]*creatormatch.Creator, error) {
	if q.Limit <= 0 {
		return nil, nil
	}
	var out []*creatormatch.Creator
	for range browseRefills {
		ids, last, err := s.browseIDs(ctx, q)
		if err != nil {
			return nil, err
		}
		got, err := s.getCreators(ctx, ids)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
		if len(ids) < q.Limit || len(got) == len(ids) {
			break
		}
		q.After, q.Limit = last, q.Limit-len(got)
	}
	return out, nil
}

// browseRefills bounds how many times a page is filled after deletes.
const browseRefills = 3

// browseIDs returns the ids of one page and the last one's position.
func (s *Store) browseIDs(ctx context.Context, q creatormatch.BrowseQuery) ([]string, *creatormatch.BrowsePosition, error) {
	sql, args := browseSQL(q)
	rows, err := s.db(ctx).Query(ctx, sql, args...)
	if err != nil {
		return nil, nil, wrapErr(ctx, "browse creators", err)
	}
	var (
		ids  []string
		last creatormatch.BrowsePosition
	)
	_, err = pgx.ForEachRow(rows, []any{&last.ID, &last.Key.N, &last.Key.F}, func() error {
		ids = append(ids, last.ID)
		return nil
	})
	if err != nil {
		return nil, nil, wrapErr(ctx, "browse creators", err)
	}
	return ids, &last, nil
}

// browseSQL builds BrowseCreators's statement.
func browseSQL(q creatormatch.BrowseQuery) (string, []any) {
	var qq query
	key, ok := browseKeySQL[q.Sort]
	if !ok {
		q.Sort, key = creatormatch.SortFollowers, browseKeySQL[creatormatch.SortFollowers]
	}
	conds := []string{qq.filter(q.Filter)}
	if text := creatormatch.BrowseTextKey(q.Text); text != "" {
		conds = append(conds, "c.search_text LIKE "+qq.arg("%"+likeEscaper.Replace(text)+"%"))
	}
	dir, cmp := "ASC", ">"
	if q.Desc {
		dir, cmp = "DESC", "<"
	}
	if a := q.After; a != nil {
		var at string
		if q.Sort.Integer() {
			at = qq.arg(a.Key.N) + "::bigint"
		} else {
			at = qq.arg(a.Key.F) + "::float8"
		}
		conds = append(conds, "("+key+", c.id) "+cmp+" ("+at+", "+qq.arg(a.ID)+"::text)")
	}
	keys := key + ", 0::float8" // the position's (N, F)
	if !q.Sort.Integer() {
		keys = "0::bigint, " + key
	}
	sql := "SELECT c.id, " + keys + " FROM creators c WHERE " + strings.Join(conds, " AND ") +
		" ORDER BY " + key + " " + dir + ", c.id " + dir + " LIMIT " + qq.arg(q.Limit)
	return sql, qq.args
}

// BrowseCreators is browseCreators, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) BrowseCreators(ctx context.Context, q creatormatch.BrowseQuery) ([]*creatormatch.Creator, error) {
	return readRouted(ctx, s, "browse creators", func(ctx context.Context) ([]*creatormatch.Creator, error) {
		return s.browseCreators(ctx, q)
	})
}
