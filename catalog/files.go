package catalog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/creatormatch/creatormatch"
)

// Row is one creator read from an ingest file, or the reason its line could
// not be read. Line is 1-based (for CSV, the header is line 1).
type Row struct {
	Line    int
	Creator creatormatch.Creator
	Err     error
}

// maxLine bounds one JSONL line: a creator with a thousand posts fits.
const maxLine = 16 << 20

// ReadJSONL reads one creator per line, calling fn for each non-blank line
// in order. A line that is not a creator yields a Row with Err set; reading
// goes on. fn's error stops reading and is returned.
func ReadJSONL(r io.Reader, fn func(Row) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var c creatormatch.Creator
		err := DecodeStrict(b, &c)
		if err := fn(Row{Line: line, Creator: c, Err: err}); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %w", line+1, err)
	}
	return nil
}

// DecodeStrict decodes one JSON value into v, rejecting unknown fields and
// trailing data, and turns decoding errors into a ValidationError naming
// the field where it can.
func DecodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			// encoding/json names the field without array indices
			// ("creators.accounts.followers"); name the very value.
			if path := jsonPathAt(b, typ.Offset); path != "" {
				return creatormatch.Invalid(path, "must be %s, not JSON %s", jsonKind(typ.Type.Kind().String()), typ.Value)
			}
		}
		return JSONError(err)
	}
	if dec.More() {
		return creatormatch.Invalid("body", "unexpected data after the JSON value")
	}
	return nil
}

// JSONError turns an encoding/json error into a ValidationError that names
// the offending field (as a dotted path) and says what was wrong.
func JSONError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return creatormatch.Invalid("body", "malformed JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return creatormatch.Invalid(field, "must be %s, not JSON %s", jsonKind(typ.Type.Kind().String()), typ.Value)
	case errors.Is(err, io.EOF):
		return creatormatch.Invalid("body", "is empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return creatormatch.Invalid("body", "malformed JSON: unexpected end of input")
	}
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return creatormatch.Invalid(strings.Trim(rest, `"`), "unknown field")
	}
	var ve *creatormatch.ValidationError
	if errors.As(err, &ve) {
		return ve
	}
	// Errors from custom decoders (Date) carry their own message.
	return creatormatch.Invalid("body", "%s", strings.TrimPrefix(msg, "json: "))
}

func jsonKind(k string) string {
	switch k {
	case "int", "int64", "int32", "uint", "uint64":
		return "an integer"
	case "float64", "float32":
		return "a number"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice":
		return "an array"
	case "map", "struct", "ptr":
		return "an object"
	}
	return k
}

// CSVColumns are the columns of the CSV ingest format, one creator per
// row. Lists (languages, niches) are separated by ';'. Each platform has a
// handle and a followers column; a platform whose followers cell is empty
// has no account. Content cannot be expressed in CSV: send it with JSONL or
// POST /v1/creators/{id}/content. Columns may come in any order; unknown
// columns are an error so a typo does not silently drop data.
var CSVColumns = []string{
	"id", "name", "bio", "country", "languages", "niches",
	"instagram_handle", "instagram_followers",
	"tiktok_handle", "tiktok_followers",
	"youtube_handle", "youtube_followers",
	"rate_currency", "rate_instagram", "rate_tiktok", "rate_youtube",
	"contact_email", "contact_agent", "contact_website",
}

// ReadCSV reads creators in the CSV format described by CSVColumns.
func ReadCSV(r io.Reader, fn func(Row) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("line 1: read CSV header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !validColumn(h) {
			return fmt.Errorf("line 1: unknown CSV column %q; columns are %s", h, strings.Join(CSVColumns, ","))
		}
		col[h] = i
	}
	if _, ok := col["id"]; !ok {
		return fmt.Errorf("line 1: the CSV header must have an id column")
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if ferr := fn(Row{Line: pe.Line, Err: creatormatch.Invalid("row", "%s", pe.Err)}); ferr != nil {
					return ferr
				}
				continue
			}
			return err
		}
		if len(rec) != len(header) {
			if ferr := fn(Row{Line: line, Err: creatormatch.Invalid("row", "has %d fields; the header has %d", len(rec), len(header))}); ferr != nil {
				return ferr
			}
			continue
		}
		c, rerr := csvCreator(rec, col)
		if err := fn(Row{Line: line, Creator: c, Err: rerr}); err != nil {
			return err
		}
	}
}

func validColumn(h string) bool {
	for _, c := range CSVColumns {
		if c == h {
			return true
		}
	}
	return false
}

func csvCreator(rec []string, col map[string]int) (creatormatch.Creator, error) {
	get := func(name string) string {
		if i, ok := col[name]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	list := func(name string) []string {
		s := get(name)
		if s == "" {
			return nil
		}
		var out []string
		for _, p := range strings.Split(s, ";") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	v := &creatormatch.ValidationError{}
	c := creatormatch.Creator{
		ID: get("id"), Name: get("name"), Bio: get("bio"), Country: get("country"),
		Languages: list("languages"), Niches: list("niches"),
	}
	for _, p := range creatormatch.Platforms {
		f := get(string(p) + "_followers")
		if f == "" {
			continue
		}
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			v.Add(string(p)+"_followers", "must be an integer; got %q", f)
			continue
		}
		c.Accounts = append(c.Accounts, creatormatch.Account{Platform: p, Handle: get(string(p) + "_handle"), Followers: n})
	}
	for _, p := range creatormatch.Platforms {
		f := get("rate_" + string(p))
		if f == "" {
			continue
		}
		x, err := strconv.ParseFloat(f, 64)
		if err != nil {
			v.Add("rate_"+string(p), "must be a number; got %q", f)
			continue
		}
		if c.RateCard == nil {
			c.RateCard = &creatormatch.RateCard{Currency: get("rate_currency"), PerPost: map[creatormatch.Platform]float64{}}
		}
		c.RateCard.PerPost[p] = x
	}
	if ct := (creatormatch.Contact{Email: get("contact_email"), Agent: get("contact_agent"), Website: get("contact_website")}); ct != (creatormatch.Contact{}) {
		c.Contact = &ct
	}
	return c, v.Err()
}

// jsonPathAt returns the path ("creators[1].accounts[0].followers") of the
// value of the JSON document b that ends at byte offset end (where
// encoding/json reports a value of the wrong type), or "" if none does.
// It re-reads b token by token, so it costs one pass over the body, paid
// only on a refused request.
func jsonPathAt(b []byte, end int64) string {
	type frame struct {
		object bool
		key    string
		index  int
	}
	var stack []frame
	path := func() string {
		var sb strings.Builder
		for _, f := range stack {
			if f.object {
				if sb.Len() > 0 {
					sb.WriteByte('.')
				}
				sb.WriteString(f.key)
			} else {
				fmt.Fprintf(&sb, "[%d]", f.index)
			}
		}
		return sb.String()
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	expectKey := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				top := &stack[len(stack)-1]
				expectKey = top.object
				if !top.object {
					top.index++
				}
			}
			if dec.InputOffset() >= end {
				return ""
			}
			continue
		}
		if expectKey {
			stack[len(stack)-1].key, _ = tok.(string)
			expectKey = false
			continue
		}
		// tok starts a value at the current path.
		if d, ok := tok.(json.Delim); ok {
			here := path()
			if dec.InputOffset() >= end {
				return here
			}
			stack = append(stack, frame{object: d == '{'})
			expectKey = d == '{'
			continue
		}
		if dec.InputOffset() >= end {
			return path()
		}
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			expectKey = top.object
			if !top.object {
				top.index++
			}
		}
	}
}
