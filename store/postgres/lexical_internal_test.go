package postgres

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMatchLexemes(t *testing.T) {
	lex := []lexemeDF{{"rare", 100, true}, {"mid", 900, true}, {"common", 4000, true}, {"huge", 60000, true}}
	absent := append([]lexemeDF{{"nowhere", 0, false}, {"zyzzyva", 0, false}}, lex...)
	for _, tc := range []struct {
		name   string
		lex    []lexemeDF
		budget float64
		want   lexicalMatch
	}{
		{"the rarest while the sum fits", lex, 1000, lexicalMatch{[]string{"rare", "mid"}, false}},
		{"the sum reaches the budget exactly", lex, 5000, lexicalMatch{[]string{"rare", "mid", "common"}, false}},
		{"a wider budget adds the next", lex, 80000, lexicalMatch{[]string{"rare", "mid", "common", "huge"}, false}},
		{"no budget: every lexeme", lex, math.Inf(1), lexicalMatch{[]string{"rare", "mid", "common", "huge"}, false}},
		{"the rarest always, even alone", lex, 150, lexicalMatch{[]string{"rare"}, false}},
		{"rarest over the budget: AND of the two rarest", lex, 95, lexicalMatch{[]string{"rare", "mid"}, true}},
		{"a single lexeme over the budget is still matched", lex[:1], 50, lexicalMatch{[]string{"rare"}, false}},
		{"absent lexemes take no part", absent, 1000, lexicalMatch{[]string{"rare", "mid"}, false}},
		{"absent lexemes are never the rarest", absent, 95, lexicalMatch{[]string{"rare", "mid"}, true}},
		{"only absent lexemes: no match", absent[:2], 1000, lexicalMatch{}},
		{"lexemes over 10× the budget are stop words", lex, 400, lexicalMatch{[]string{"rare"}, false}},
		{"the second rarest a stop word: the rarest alone", lex, 50, lexicalMatch{[]string{"rare"}, false}},
		{"only stop words: no match", lex[3:], 1000, lexicalMatch{}},
		{"exactly 10× the budget is still matched", []lexemeDF{{"edge", 500, true}}, 50, lexicalMatch{[]string{"edge"}, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, matchLexemes(tc.lex, tc.budget))
		})
	}
}

func TestRerankFor(t *testing.T) {
	for _, tc := range []struct {
		name          string
		rerank, limit int
		want          int
	}{
		{"default: 10× the limit", 0, 20, 200},
		{"capped at pgvector's largest ef_search", 0, 200, 1000},
		{"a setting wins", 500, 10, 500},
		{"never below the limit", 3, 10, 10},
		{"a setting is capped too", 5000, 10, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, walkPlan{kind: IndexBit, rerank: tc.rerank}.rerankFor(tc.limit))
		})
	}
}
