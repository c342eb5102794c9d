package brief

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, keeps Text, and only ever emits
// values that pass Validate. The seed corpus (testdata/fuzz/FuzzParse) holds
// real-looking briefs and edge cases; f.Add adds the table-test briefs.
func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.text)
	}
	f.Add("")
	f.Add("$")
	f.Add("€€€ 1.2.3,4,5 k m bn")
	f.Add(strings.Repeat("no ", 50) + "alcohol")
	f.Fuzz(func(t *testing.T, text string) {
		b := Parse(text)
		if b.Text != text {
			t.Fatalf("Text changed")
		}
		if err := Validate(b); err != nil {
			t.Fatalf("Parse(%q) emitted an invalid brief: %v", text, err)
		}
		if b.Product != "" && !utf8.ValidString(b.Product) {
			t.Fatalf("Product %q is not valid UTF-8", b.Product)
		}
		for _, c := range b.Competitors {
			if !utf8.ValidString(c) {
				t.Fatalf("competitor %q is not valid UTF-8", c)
			}
		}
	})
}
