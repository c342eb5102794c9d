package matcher

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
)

// TestCursorDepthIsBounded: a cursor is base64 JSON a client can forge, so
// the depth bound must hold for any offset it names, not only for the
// cursors the server issued.
func TestCursorDepthIsBounded(t *testing.T) {
	req := Request{Brief: creatormatch.Brief{Text: "trail running shoes"}, Limit: 20}
	for _, tc := range []struct {
		offset int
		ok     bool
	}{
		{0, true}, {20, true}, {MaxDepth - 1, true}, {MaxDepth, false}, {100000, false}, {-1, false},
	} {
		got, err := decodeCursor(encodeCursor(tc.offset, req), req)
		if tc.ok {
			require.NoError(t, err, "offset %d", tc.offset)
			assert.Equal(t, tc.offset, got)
		} else {
			assert.ErrorIs(t, err, creatormatch.ErrInvalid, "offset %d", tc.offset)
		}
	}
	// The limit and the cursor are not part of the fingerprint: a client
	// may change the page size while paging.
	other := req
	other.Limit = 50
	_, err := decodeCursor(encodeCursor(40, req), other)
	assert.NoError(t, err)
	other.Brief.Text = "something else"
	_, err = decodeCursor(encodeCursor(40, req), other)
	assert.ErrorIs(t, err, creatormatch.ErrInvalid)
}
