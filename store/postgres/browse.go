package postgres

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/creatormatch/creatormatch"
)

// browseKeySQL is each browse order's key on a creators row, written
// exactly as the (key, id) indexes of migration 017 are, so the planner
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

// BrowseCreators selects one page of ids with the retrieval filter's
// conditions (filterConds), the text as a substring of search_text, and
// the cursor as a row comparison (key, id) > (after), ordered by (key, id)
// and limited; then reads the creators as GetCreators does.
func (s *Store) BrowseCreators(ctx context.Context, q creatormatch.BrowseQuery) ([]*creatormatch.Creator, error) {
	if q.Limit <= 0 {
		return nil, nil
	}
	sql, args := browseSQL(q)
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, wrapErr(ctx, "browse creators", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, wrapErr(ctx, "browse creators", err)
	}
	return s.GetCreators(ctx, ids)
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
	sql := "SELECT c.id FROM creators c WHERE " + strings.Join(conds, " AND ") +
		" ORDER BY " + key + " " + dir + ", c.id " + dir + " LIMIT " + qq.arg(q.Limit)
	return sql, qq.args
}
