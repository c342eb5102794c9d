package api

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/creatormatch/creatormatch"
)

// checkUTF8 reports every string of a syntactically valid JSON document
// that is not valid UTF-8, or holds an unpaired UTF-16 surrogate escape,
// by its field path ("creators[0].content[2].caption"). encoding/json would
// silently replace such bytes with U+FFFD and the replacement would be
// stored; the client is told instead. A member name that is not valid
// UTF-8 is reported at its object's path.
//
// It walks the bytes once, without recursion (a valid document may nest
// deeply), and allocates only to build the path of a bad string.
func checkUTF8(body []byte) error {
	type frame struct {
		object bool
		key    string // current member name, in objects
		index  int    // current element, in arrays
	}
	var stack []frame
	v := &creatormatch.ValidationError{}
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.object {
				if f.key == "" {
					continue // between members, or a member named ""
				}
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				b.WriteString("[" + strconv.Itoa(f.index) + "]")
			}
		}
		return or(b.String(), "body")
	}
	const maxReports = 20
	expectKey := false
	for i := 0; i < len(body); i++ {
		switch c := body[i]; c {
		case '{':
			stack = append(stack, frame{object: true})
			expectKey = true
		case '[':
			stack = append(stack, frame{index: 0})
			expectKey = false
		case '}', ']':
			stack = stack[:len(stack)-1]
			expectKey = false
		case ',':
			if top := len(stack) - 1; top >= 0 {
				if stack[top].object {
					expectKey = true
				} else {
					stack[top].index++
				}
			}
		case '"':
			end, reason := scanString(body, i)
			if expectKey {
				name := body[i+1 : end]
				key := string(name)
				if strings.IndexByte(key, '\\') >= 0 {
					var s string
					if json.Unmarshal(body[i:end+1], &s) == nil {
						key = s
					}
				}
				if reason != "" {
					stack[len(stack)-1].key = ""
					if len(v.Fields) < maxReports {
						v.Add(path(), "has a member name that %s", reason)
					}
					key = "?"
				}
				stack[len(stack)-1].key = key
				expectKey = false
			} else if reason != "" && len(v.Fields) < maxReports {
				v.Add(path(), "%s", reason)
			}
			i = end
		}
	}
	return v.Err()
}

// scanString returns the index of the quote closing the string opening at
// body[start], and why the string is not valid text ("" if it is).
func scanString(body []byte, start int) (int, string) {
	reason := ""
	i := start + 1
	for i < len(body) {
		c := body[i]
		switch {
		case c == '"':
			return i, reason
		case c == '\\':
			if i+1 < len(body) && body[i+1] == 'u' && i+6 <= len(body) {
				r := hex4(body[i+2 : i+6])
				if utf16.IsSurrogate(r) {
					// A high surrogate must be followed by an escaped low one.
					ok := false
					if r < 0xdc00 && i+12 <= len(body) && body[i+6] == '\\' && body[i+7] == 'u' {
						lo := hex4(body[i+8 : i+12])
						ok = lo >= 0xdc00 && lo <= 0xdfff
						if ok {
							i += 6
						}
					}
					if !ok && reason == "" {
						reason = "holds an unpaired UTF-16 surrogate escape (\\u" + string(body[i+2:i+6]) + ")"
					}
				}
				i += 6
				continue
			}
			i += 2
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(body[i:])
			if r == utf8.RuneError && size == 1 && reason == "" {
				reason = "is not valid UTF-8 (byte 0x" + strconv.FormatUint(uint64(c), 16) + " at offset " + strconv.Itoa(i) + ")"
			}
			i += size
		}
	}
	return i, reason
}

func hex4(b []byte) rune {
	n, err := strconv.ParseUint(string(b), 16, 32)
	if err != nil {
		return -1
	}
	return rune(n)
}

// unknownFields returns the paths of every member of body that the Go type
// t has no field for, the way encoding/json's DisallowUnknownFields sees
// it (names match case-insensitively; embedded structs are flattened;
// types with their own UnmarshalJSON are not looked into). encoding/json
// names only the first such member and without its path.
func unknownFields(body []byte, t reflect.Type) []string {
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return nil
	}
	var out []string
	var walk func(path string, v any, t reflect.Type)
	walk = func(path string, v any, t reflect.Type) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if len(out) >= 20 || t.Implements(unmarshalerType) || reflect.PointerTo(t).Implements(unmarshalerType) {
			return
		}
		switch t.Kind() {
		case reflect.Struct:
			obj, ok := v.(map[string]any)
			if !ok {
				return
			}
			fields := jsonFieldsOf(t)
			for name, val := range obj {
				ft, ok := fields[strings.ToLower(name)]
				p := name
				if path != "" {
					p = path + "." + name
				}
				if !ok {
					out = append(out, p)
					continue
				}
				walk(p, val, ft)
			}
		case reflect.Slice, reflect.Array:
			arr, ok := v.([]any)
			if !ok {
				return
			}
			for i, el := range arr {
				walk(path+"["+strconv.Itoa(i)+"]", el, t.Elem())
			}
		case reflect.Map:
			obj, ok := v.(map[string]any)
			if !ok {
				return
			}
			for k, el := range obj {
				walk(path+"."+k, el, t.Elem())
			}
		}
	}
	walk("", doc, t)
	return out
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// jsonFieldsOf maps the lower-cased JSON names of t's fields to their types.
func jsonFieldsOf(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for _, f := range reflect.VisibleFields(t) {
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				continue // its fields are promoted and listed themselves
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, dup := out[strings.ToLower(name)]; !dup || len(f.Index) == 1 {
			out[strings.ToLower(name)] = f.Type
		}
	}
	return out
}
