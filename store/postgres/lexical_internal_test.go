package postgres

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMatchLexemes(t *testing.T) {
	lex := []lexemeDF{{"rare", 100}, {"mid", 900}, {"common", 4000}, {"huge", 60000}}
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
		{"rarest over the budget: AND of the two rarest", lex, 50, lexicalMatch{[]string{"rare", "mid"}, true}},
		{"a single lexeme over the budget is still matched", lex[:1], 50, lexicalMatch{[]string{"rare"}, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, matchLexemes(tc.lex, tc.budget))
		})
	}
}
