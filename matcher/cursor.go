package matcher

import (
	"encoding/base64"
	"encoding/json"
	"hash/fnv"

	"github.com/creatormatch/creatormatch"
)

// A cursor is an opaque token for the next page: the offset into the
// ranking plus a fingerprint of the request, so a cursor used with a
// different brief is refused instead of silently paging another list.
type cursor struct {
	Offset int    `json:"o"`
	Query  uint64 `json:"q"`
}

// MaxDepth is how deep pages go: a match serves its first MaxDepth
// results and no cursor reaches past them. Each page re-ranks everything
// above its end (pages are consistent because ranking is deterministic,
// not because anything is kept between requests), so the depth bounds a
// request's work; a cursor is only base64 JSON a client can forge, so the
// bound must hold for any cursor, not only for the ones the server issued.
// A strategist narrows the brief or the filters long before 1,000 creators.
const MaxDepth = 1000

func fingerprint(req Request) uint64 {
	r := req
	r.Cursor = ""
	r.Limit = 0
	b, _ := json.Marshal(r)
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

func encodeCursor(offset int, req Request) string {
	b, _ := json.Marshal(cursor{Offset: offset, Query: fingerprint(req)})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string, req Request) (int, error) {
	if s == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, creatormatch.Invalid("cursor", "is not a cursor this server issued")
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || c.Offset < 0 || c.Offset >= MaxDepth {
		return 0, creatormatch.Invalid("cursor", "is not a cursor this server issued")
	}
	if c.Query != fingerprint(req) {
		return 0, creatormatch.Invalid("cursor", "belongs to a different request; send the same brief, filters and weights")
	}
	return c.Offset, nil
}
