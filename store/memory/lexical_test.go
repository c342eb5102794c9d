package memory

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// naiveLexical is the reference search: BM25 of every live creator by the
// same formula, the filter checked on every one, a full sort.
func naiveLexical(s *Store, text string, f cm.Filter, k int) []cm.Hit {
	terms := queryTerms(text)
	cf := compileFilter(f)
	docs := map[string]docTerms{}
	var total int64
	for id, e := range s.creators {
		c, err := e.creator()
		if err != nil {
			panic(err)
		}
		docs[id] = termsOf(c)
		total += int64(docs[id].len)
	}
	n := float64(len(docs))
	avgdl := float64(total) / n
	if avgdl == 0 {
		avgdl = 1
	}
	var out []cm.Hit
	for id, d := range docs {
		score, matched := 0.0, false
		for _, qt := range terms {
			tf := float64(d.tf[qt.t])
			if tf == 0 {
				continue
			}
			df := 0
			for _, o := range docs {
				if o.tf[qt.t] > 0 {
					df++
				}
			}
			idf := math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
			w := idf * float64(qt.n) * (bm25K1 + 1)
			score += w * tf / (tf + bm25K1*(1-bm25B) + bm25K1*bm25B/avgdl*float64(d.len))
			matched = true
		}
		if e := s.creators[id]; matched && cf.pass(id, &e.ff) {
			out = append(out, cm.Hit{CreatorID: id, Score: score})
		}
	}
	slices.SortFunc(out, func(a, b cm.Hit) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.CreatorID, b.CreatorID)
	})
	return out[:min(k, len(out))]
}

// TestLexicalMatchesReference checks the lazily filtered search against the
// naive one on a catalogue with many exact ties (creators sharing a bio),
// filters of every selectivity, limits cutting through tie groups, and
// deleted and replaced documents in the index.
func TestLexicalMatchesReference(t *testing.T) {
	s := openT(t, t.TempDir())
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 4))
	bios := []string{"vegan recipes and baking", "vegan travel vlog", "budget travel tips", "baking bread at home",
		"home workouts and yoga", "yoga for runners", "gaming and tech reviews", "tech deals"}
	countries := []string{"US", "US", "US", "GB", "DE", "NZ"}
	var batch, all []cm.CreatorRecord
	seen := map[string]bool{}
	flush := func() {
		require.NoError(t, s.UpsertCreators(ctx, batch))
		all, batch = append(all, batch...), nil
		clear(seen)
	}
	for i := range 600 {
		c := &cm.Creator{ID: fmt.Sprintf("c%04d", r.IntN(10000)), Bio: bios[r.IntN(len(bios))], Country: countries[r.IntN(len(countries))],
			Accounts: []cm.Account{{Platform: cm.Instagram, Followers: int64(1000 + i)}}}
		if i%3 == 0 {
			c.Features = &cm.Features{Tier: cm.TierFeature{Value: cm.TierMicro}}
		}
		if seen[c.ID] { // a repeated id replaces the creator, in a later batch
			flush()
		}
		seen[c.ID] = true
		batch = append(batch, cm.CreatorRecord{Creator: c})
	}
	flush()
	batch = all
	for i := 0; i < len(batch); i += 7 {
		_ = s.DeleteCreator(ctx, batch[i].Creator.ID) // may already be gone (a repeated id)
	}
	require.Less(t, s.lex.live, len(s.lex.docs), "the index holds dead documents")
	for _, first := range []int{lexFirstCheck, 1, 4} { // 1 and 4: the index-order path too
		t.Run(fmt.Sprint(first), func(t *testing.T) {
			defer func(v int) { lexFirstCheck = v }(lexFirstCheck)
			lexFirstCheck = first
			checkLexicalReference(t, s, batch)
		})
	}
}

func checkLexicalReference(t *testing.T, s *Store, batch []cm.CreatorRecord) {
	ctx := context.Background()
	for _, text := range []string{"vegan baking", "travel", "yoga yoga runners", "tech", "home", "nothing here"} {
		for _, f := range []cm.Filter{{}, {Countries: []string{"US"}}, {Countries: []string{"NZ"}},
			{Tiers: []cm.Tier{cm.TierMicro}}, {ExcludeIDs: []string{batch[1].Creator.ID, batch[2].Creator.ID}}, {Countries: []string{"FR"}}} {
			for _, k := range []int{1, 5, 37, 200, 1000} {
				got, err := s.SearchLexical(ctx, cm.LexicalQuery{Text: text, Filter: f, Limit: k})
				require.NoError(t, err)
				want := naiveLexical(s, text, f, k)
				require.Equal(t, hitIDs(want), hitIDs(got), "%q %+v k=%d", text, f, k)
				for i := range want {
					require.InDelta(t, want[i].Score, got[i].Score, 1e-9)
				}
			}
		}
	}
}

// BenchmarkSearchLexicalCatalogue runs SearchLexical (limit 200, as the
// matcher asks) over a store directory written by `creatormatch bench`,
// named by CREATORMATCH_BENCH_STORE.
//
//	CREATORMATCH_BENCH_STORE=/tmp/d/bench/memory-v2_t300_n100000_s1 \
//	  go test ./store/memory/ -run '^$' -bench SearchLexicalCatalogue
func BenchmarkSearchLexicalCatalogue(b *testing.B) {
	dir := os.Getenv("CREATORMATCH_BENCH_STORE")
	if dir == "" {
		b.Skip("CREATORMATCH_BENCH_STORE is not set")
	}
	s, err := Open(context.Background(), dir, WithCompactThreshold(0))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	queries := []string{
		"Launching a plant-based protein bar for busy commuters; looking for fitness and healthy food creators in their 20s and 30s.",
		"Eco-friendly skincare brand wants authentic beauty creators who talk about sensitive skin and clean ingredients.",
		"New mechanical keyboard and PC gaming headset, need gaming and tech reviewers with engaged audiences.",
		"Vegan dinner meal kit: quick weeknight recipes and home cooking videos.",
		"oat-milk yogurt launch, Gen Z in the US, TikTok or Instagram, 10k–100k followers, $15k",
	}
	for _, bc := range []struct {
		name   string
		filter cm.Filter
	}{
		{"none", cm.Filter{}},
		{"US", cm.Filter{Countries: []string{"US"}}},
		{"NZ", cm.Filter{Countries: []string{"NZ"}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			i := 0
			for b.Loop() {
				if _, err := s.SearchLexical(ctx, cm.LexicalQuery{Text: queries[i%len(queries)], Filter: bc.filter, Limit: 200}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
