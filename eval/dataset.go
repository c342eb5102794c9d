package eval

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/demodata"
)

// Query is one evaluation query: an id and a brief, given as text and/or
// structured fields. In queries.jsonl the brief's fields sit beside the id:
//
//	{"id": "q1", "text": "vegan recipe creators for a UK launch", "goal": "launch"}
type Query struct {
	ID    string
	Brief creatormatch.Brief
}

type queryJSON struct {
	ID string `json:"id"`
	creatormatch.Brief
}

// MarshalJSON writes the id and the brief's fields in one object.
func (q Query) MarshalJSON() ([]byte, error) {
	return json.Marshal(queryJSON{ID: q.ID, Brief: q.Brief})
}

// UnmarshalJSON reads {"id", "text", ...brief fields}.
func (q *Query) UnmarshalJSON(b []byte) error {
	var j queryJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return err
	}
	q.ID, q.Brief = j.ID, j.Brief
	return nil
}

// Dataset is what an evaluation runs on: the creators to ingest, the
// queries, and the judgments.
type Dataset struct {
	Name     string
	Creators []creatormatch.Creator
	Queries  []Query
	Qrels    Qrels
	// Truth is the generator's ground truth for the built-in datasets
	// (nil for a dataset read from a directory).
	Truth []demodata.Truth
	// Notes document how the qrels were made; the report prints them.
	Notes []string
	// Now is the clock the built-in datasets were generated against; the
	// harness computes features at ingest against it so that recency
	// features do not drift with the wall clock (zero: time.Now()).
	Now time.Time
	// digest is set when the dataset was read from files: the SHA-256 of
	// the file bytes.
	digest string
}

// The files of a dataset directory.
const (
	CreatorsFile = "creators.jsonl"
	QueriesFile  = "queries.jsonl"
	QrelsFile    = "qrels.txt"
)

// LoadDataset reads DIR/creators.jsonl (the ingest format), queries.jsonl
// and qrels.txt (TREC qrels).
func LoadDataset(dir string) (*Dataset, error) {
	h := sha256.New()
	read := func(name string) ([]byte, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		h.Write(b)
		return b, nil
	}
	cb, err := read(CreatorsFile)
	if err != nil {
		return nil, err
	}
	qb, err := read(QueriesFile)
	if err != nil {
		return nil, err
	}
	rb, err := read(QrelsFile)
	if err != nil {
		return nil, err
	}
	ds := &Dataset{Name: filepath.Base(filepath.Clean(dir))}
	if ds.Creators, err = ReadCreators(bytes.NewReader(cb)); err != nil {
		return nil, fmt.Errorf("%s: %w", CreatorsFile, err)
	}
	if ds.Queries, err = ReadQueries(bytes.NewReader(qb)); err != nil {
		return nil, fmt.Errorf("%s: %w", QueriesFile, err)
	}
	if ds.Qrels, err = ReadQrels(bytes.NewReader(rb)); err != nil {
		return nil, fmt.Errorf("%s: %w", QrelsFile, err)
	}
	ds.digest = hex.EncodeToString(h.Sum(nil))
	return ds, ds.Check()
}

// Check reports queries without an id or brief, duplicate ids, and qrels
// naming a query that does not exist.
func (d *Dataset) Check() error {
	seen := map[string]bool{}
	for i, q := range d.Queries {
		if q.ID == "" || strings.ContainsAny(q.ID, " \t\n") {
			return fmt.Errorf("query %d: id %q must be one non-empty word", i+1, q.ID)
		}
		if seen[q.ID] {
			return fmt.Errorf("query %d: duplicate id %q", i+1, q.ID)
		}
		seen[q.ID] = true
		if strings.TrimSpace(q.Brief.Text) == "" && len(q.Brief.Topics) == 0 && q.Brief.Product == "" && len(q.Brief.Audience.Interests) == 0 {
			return fmt.Errorf("query %q: needs a text or structured fields (topics, product, audience interests)", q.ID)
		}
	}
	for qid := range d.Qrels {
		if !seen[qid] {
			return fmt.Errorf("qrels name query %q, which queries.jsonl does not hold", qid)
		}
	}
	return nil
}

// ReadCreators reads creators in the ingest JSONL format.
func ReadCreators(r io.Reader) ([]creatormatch.Creator, error) {
	var out []creatormatch.Creator
	err := catalog.ReadJSONL(r, func(row catalog.Row) error {
		if row.Err != nil {
			return fmt.Errorf("line %d: %w", row.Line, row.Err)
		}
		out = append(out, row.Creator)
		return nil
	})
	return out, err
}

// ReadQueries reads queries.jsonl.
func ReadQueries(r io.Reader) ([]Query, error) {
	var out []Query
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var q Query
		if err := json.Unmarshal(b, &q); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		out = append(out, q)
	}
	return out, sc.Err()
}

// WriteDataset writes d to DIR as creators.jsonl (without features),
// queries.jsonl and qrels.txt, creating DIR; LoadDataset reads it back.
func WriteDataset(dir string, d *Dataset) error {
	files, err := d.encode()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i, name := range []string{CreatorsFile, QueriesFile, QrelsFile} {
		if err := os.WriteFile(filepath.Join(dir, name), files[i], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// SHA256 is the hex SHA-256 of creators.jsonl, queries.jsonl and qrels.txt
// concatenated, as read from a directory or as WriteDataset writes them:
// the dataset's identity in a manifest.
func (d *Dataset) SHA256() (string, error) {
	if d.digest != "" {
		return d.digest, nil
	}
	files, err := d.encode()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, f := range files {
		h.Write(f)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (d *Dataset) encode() ([3][]byte, error) {
	var out [3][]byte
	var cb, qb, rb bytes.Buffer
	enc := json.NewEncoder(&cb)
	enc.SetEscapeHTML(false)
	for i := range d.Creators {
		c := d.Creators[i]
		c.Features = nil
		c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
		if err := enc.Encode(&c); err != nil {
			return out, fmt.Errorf("creator %d: %w", i+1, err)
		}
	}
	qenc := json.NewEncoder(&qb)
	qenc.SetEscapeHTML(false)
	for _, q := range d.Queries {
		if err := qenc.Encode(q); err != nil {
			return out, err
		}
	}
	if err := WriteQrels(&rb, d.Qrels); err != nil {
		return out, err
	}
	out[0], out[1], out[2] = cb.Bytes(), qb.Bytes(), rb.Bytes()
	return out, nil
}

// OpenDataset resolves a --dataset argument: "synthetic[:N[:SEED]]"
// (default 1000 creators, seed 1), "youtube", "youtube-trending" (data
// found by demodata.TrendingDir), or a directory.
func OpenDataset(spec string) (*Dataset, error) {
	switch {
	case spec == "youtube":
		return YouTubeDataset()
	case spec == "youtube-trending":
		return YouTubeTrendingDataset()
	case spec == "synthetic" || strings.HasPrefix(spec, "synthetic:"):
		n, seed := 1000, int64(1)
		parts := strings.Split(spec, ":")
		if len(parts) > 3 {
			return nil, fmt.Errorf("dataset %q: want synthetic[:N[:SEED]]", spec)
		}
		var err error
		if len(parts) > 1 {
			if n, err = strconv.Atoi(parts[1]); err != nil || n < 1 {
				return nil, fmt.Errorf("dataset %q: N must be a positive integer", spec)
			}
		}
		if len(parts) > 2 {
			if seed, err = strconv.ParseInt(parts[2], 10, 64); err != nil {
				return nil, fmt.Errorf("dataset %q: SEED must be an integer", spec)
			}
		}
		return SyntheticDataset(n, seed), nil
	}
	st, err := os.Stat(spec)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("dataset %q: not synthetic[:N[:SEED]], youtube, youtube-trending, or an existing directory", spec)
		}
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("dataset %q is not a directory", spec)
	}
	return LoadDataset(spec)
}

// sortedKeys returns m's keys sorted.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
