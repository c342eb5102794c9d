package postgres

import (
	"strings"
	"unicode"

	"github.com/creatormatch/creatormatch"
)

// Audience thresholds (Filter.Audience) are answered from the audiences
// table, one jsonb object per dimension as UpsertCreators writes the
// creator's maps (NULL when the map is nil, {} when it is empty). The
// condition is AudienceThreshold.Pass written in SQL, and must agree with
// it bit for bit at the boundary:
//
//   - a dimension is known when its column is a non-empty object;
//   - its share is the sum of the positive values whose key, normalised
//     as creatormatch.NormalizeKey does, is among the threshold's keys
//     (normalised in Go), added smallest first as Share adds them
//     (sum(v ORDER BY v): float addition is not associative), clamped
//     to 1. The values are float8 read from the jsonb numbers Go wrote in
//     shortest round-trip form, so they are the creator's float64s.
//
// Key normalisation in SQL mirrors NormalizeKey: btrim with the characters
// Go's strings.TrimSpace trims (unicode.White_Space, passed as a
// parameter), upper/lower case with the builtin pg_c_utf8 collation
// (PostgreSQL 17; Unicode simple case mapping, as Go's strings.ToUpper and
// ToLower), and for ages en and em dashes to '-' and spaces removed.
//
// Every value reaches the server as a bind parameter; the SQL text only
// depends on which dimensions are named, through a fixed table.

// audienceColumn maps a (normalised) dimension to its audiences column.
var audienceColumn = map[string]string{
	creatormatch.AudienceAge:      "age",
	creatormatch.AudienceGender:   "gender",
	creatormatch.AudienceCountry:  "countries",
	creatormatch.AudienceLanguage: "languages",
	creatormatch.AudienceInterest: "interests",
}

// whiteSpace is every rune unicode.IsSpace (and so strings.TrimSpace)
// reports as space: the White_Space property.
var whiteSpace = func() string {
	var b strings.Builder
	for _, r16 := range unicode.White_Space.R16 {
		for r := rune(r16.Lo); r <= rune(r16.Hi); r += rune(r16.Stride) {
			b.WriteRune(r)
		}
	}
	for _, r32 := range unicode.White_Space.R32 {
		for r := rune(r32.Lo); r <= rune(r32.Hi); r += rune(r32.Stride) {
			b.WriteRune(r)
		}
	}
	return b.String()
}()

// audienceKeySQL is NormalizeKey(dimension, key) in SQL.
func audienceKeySQL(dimension, key, ws string) string {
	trimmed := "btrim(" + key + ", " + ws + ")"
	switch dimension {
	case creatormatch.AudienceAge:
		return "replace(replace(replace(" + trimmed + ", chr(8211), '-'), chr(8212), '-'), ' ', '')"
	case creatormatch.AudienceCountry:
		return "upper(" + trimmed + " COLLATE pg_c_utf8)"
	}
	return "lower(" + trimmed + " COLLATE pg_c_utf8)"
}

// audienceCond returns the condition (on creators aliased c) that every
// threshold of f holds, or "" when f has none that can fail.
func (q *query) audienceCond(f creatormatch.Filter) string {
	if len(f.Audience) == 0 {
		return ""
	}
	include := f.IncludeUnknownAudience
	var ws string
	var tests []string
	for _, t := range f.Audience {
		t = t.Normalize()
		col, ok := audienceColumn[t.Dimension]
		if !ok {
			// No creator has data for this dimension.
			if include {
				continue
			}
			return "FALSE"
		}
		if ws == "" {
			ws = q.arg(whiteSpace) + "::text"
		}
		keys := t.Keys
		if keys == nil {
			keys = []string{}
		}
		c := "au." + col
		share := `least(coalesce((SELECT sum(x.v ORDER BY x.v) FROM (SELECT (e.value)::float8 AS v FROM jsonb_each(` + c + `) e
			WHERE ` + audienceKeySQL(t.Dimension, "e.key", ws) + ` = ANY(` + q.arg(keys) + `::text[])) x WHERE x.v > 0), 0), 1)`
		unknown := "FALSE"
		if include {
			unknown = "TRUE"
		}
		tests = append(tests, `(CASE WHEN `+c+` IS NOT NULL AND jsonb_typeof(`+c+`) = 'object' AND `+c+` <> '{}'::jsonb
			THEN `+share+` >= `+q.arg(t.MinShare)+`::float8 ELSE `+unknown+` END)`)
	}
	if len(tests) == 0 {
		return ""
	}
	all := strings.Join(tests, " AND ")
	if include {
		// A creator without an audiences row has no data for any
		// dimension: it passes, so the condition is that no row fails.
		return "NOT EXISTS (SELECT 1 FROM audiences au WHERE au.creator_id = c.id AND NOT (" + all + "))"
	}
	return "EXISTS (SELECT 1 FROM audiences au WHERE au.creator_id = c.id AND " + all + ")"
}
