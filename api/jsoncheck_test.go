package api

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzCheckUTF8: on any valid JSON document checkUTF8 never panics, finds
// every byte that is not UTF-8 (in a valid document those can only be in
// strings) and accepts every document that is UTF-8 without \u escapes.
func FuzzCheckUTF8(f *testing.F) {
	for _, s := range []string{`{"a":"b"}`, "{\"a\":[\"x\xff\"]}", `{"a\u00e9":{"b":["\ud800"]}}`, `[[[{"":1}]],"\ud83d\ude00"]`, "\"\xc3\"", `{"a":"\\"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return
		}
		err := checkUTF8(b)
		if !utf8.Valid(b) && err == nil {
			t.Fatalf("%q: invalid UTF-8 accepted", b)
		}
		if utf8.Valid(b) && !bytes.Contains(b, []byte(`\u`)) && err != nil {
			t.Fatalf("%q: valid text refused: %v", b, err)
		}
	})
}
