package postgres_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
)

// TestLexicalFilterIndex checks migration 008: the full-text index is the
// multicolumn (country, tier, tsv) GIN index, the tsv-only one is gone, and
// lexical searches filtered by country, tier or both return exactly the
// matching creators. (Which plan the server picks depends on the table's
// size: on this one it rightly uses the btree indexes; the 1M-row plan and
// its timings are in docs/benchmarks.md.)
func TestLexicalFilterIndex(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := ctxT(t)

	var recs []creatormatch.CreatorRecord
	wantNZ, wantMid, wantBoth := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for i := range 2000 {
		c := &creatormatch.Creator{ID: fmt.Sprintf("x%04d", i), Name: "Someone", Bio: "fitness coach and runner", Country: "US",
			Features: &creatormatch.Features{Tier: creatormatch.TierFeature{Value: creatormatch.TierNano}}}
		if i%2 == 0 {
			c.Country = "NZ"
		}
		if i%3 == 0 {
			c.Features.Tier.Value = creatormatch.TierMid
		}
		if i%7 == 0 {
			c.Bio = "sourdough baking at home"
			if i%2 == 0 {
				wantNZ[c.ID] = true
			}
			if i%3 == 0 {
				wantMid[c.ID] = true
			}
			if i%6 == 0 {
				wantBoth[c.ID] = true
			}
		}
		recs = append(recs, creatormatch.CreatorRecord{Creator: c})
	}
	require.NoError(t, s.UpsertCreators(ctx, recs))
	_, err := s.Pool().Exec(ctx, "ANALYZE creators")
	require.NoError(t, err)

	var def string
	require.NoError(t, s.Pool().QueryRow(ctx, "SELECT indexdef FROM pg_indexes WHERE indexname = 'creators_filter_tsv_idx'").Scan(&def))
	assert.Contains(t, def, "gin (country, tier, tsv)")
	var old int
	require.NoError(t, s.Pool().QueryRow(ctx, "SELECT count(*) FROM pg_indexes WHERE indexname = 'creators_tsv_idx'").Scan(&old))
	assert.Zero(t, old, "the multicolumn index replaces the tsv-only one")

	for _, tc := range []struct {
		name   string
		filter creatormatch.Filter
		want   map[string]bool
	}{
		{"country", creatormatch.Filter{Countries: []string{"NZ"}}, wantNZ},
		{"tier", creatormatch.Filter{Tiers: []creatormatch.Tier{creatormatch.TierMid}}, wantMid},
		{"both", creatormatch.Filter{Countries: []string{"NZ"}, Tiers: []creatormatch.Tier{creatormatch.TierMid}}, wantBoth},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hits, err := s.SearchLexical(ctx, creatormatch.LexicalQuery{Text: "sourdough", Filter: tc.filter, Limit: 1000})
			require.NoError(t, err)
			got := map[string]bool{}
			for _, h := range hits {
				got[h.CreatorID] = true
			}
			require.NotEmpty(t, tc.want)
			assert.Equal(t, tc.want, got)
		})
	}
}
