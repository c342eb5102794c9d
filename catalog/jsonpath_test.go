package catalog

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
)

// TestDecodeStrictNamesTheValue: a value of the wrong type is named by its
// full path with array indices, where encoding/json says only
// "creators.accounts.followers".
func TestDecodeStrictNamesTheValue(t *testing.T) {
	type account struct {
		Platform  string `json:"platform"`
		Followers int64  `json:"followers"`
	}
	type creator struct {
		ID       string    `json:"id"`
		Accounts []account `json:"accounts"`
		Tags     []string  `json:"tags"`
	}
	type body struct {
		Creators []creator `json:"creators"`
	}
	for _, tc := range []struct{ in, field string }{
		{`{"creators":[{"id":"a"},{"id":"b","accounts":[{"followers":1},{"platform":"x","followers":1e308}]}]}`, "creators[1].accounts[1].followers"},
		{`{"creators":[{"id":"a","accounts":[]},{"id":7}]}`, "creators[1].id"},
		{`{"creators":[{"id":"a","tags":["x",{"y":1}]}]}`, "creators[0].tags[1]"},
		{`{"creators":[{"id":"a","accounts":{"platform":"x"}}]}`, "creators[0].accounts"},
		{`{"creators":{"id":"a"}}`, "creators"},
		{`{"creators":[{"accounts":[{"platform":["tiktok"]}]}]}`, "creators[0].accounts[0].platform"},
	} {
		var v body
		err := DecodeStrict([]byte(tc.in), &v)
		var ve *creatormatch.ValidationError
		require.ErrorAs(t, err, &ve, tc.in)
		require.Len(t, ve.Fields, 1, tc.in)
		assert.Equal(t, tc.field, ve.Fields[0].Field, tc.in)
	}
	assert.Equal(t, "", jsonPathAt([]byte(`{"a":1}`), 100), "no value ends past the document")
}
