package api

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestIdempotencyRequestHash checks what counts as the same request: a
// JSON document however formatted, anything else byte for byte.
func TestIdempotencyRequestHash(t *testing.T) {
	same := [][]string{
		{`{"a":1,"b":[true,null,"x"]}`, "{ \"b\" : [ true , null , \"x\" ] ,\n\t\"a\" : 1 }\n"},
		{`{"n":1.50}`, `{ "n": 1.50 }`},
		{`{"s":"<&>"}`, `{"s":"\u003c\u0026\u003e"}`},
		{`not json`, `not json`},
	}
	for _, p := range same {
		assert.Equal(t, requestHash([]byte(p[0])), requestHash([]byte(p[1])), "%q and %q", p[0], p[1])
	}
	other := [][]string{
		{`{"n":1.5}`, `{"n":1.50}`},              // numbers as written
		{`{"n":1}`, `{"n":"1"}`},                 // types
		{`{"a":[1,2]}`, `{"a":[2,1]}`},           // array order
		{`not json`, `not  json`},                // raw bytes
		{`{"a":1}`, `{"a":1} {"a":1}`},           // one value only; the rest is raw
		{"{\"s\":\"\xff\"}", "{\"s\":\"\xfe\"}"}, // invalid UTF-8 is not replaced
	}
	for _, p := range other {
		assert.NotEqual(t, requestHash([]byte(p[0])), requestHash([]byte(p[1])), "%q and %q", p[0], p[1])
	}
}
