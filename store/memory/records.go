package memory

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"unicode/utf8"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/pack"
)

// Record types (the first payload byte).
const (
	recUpsert   byte = 1 // log: one UpsertCreators batch
	recDelete   byte = 2 // log: one DeleteCreator
	recCache    byte = 3 // log and snapshot: embeddings of one model
	recFeedback byte = 4 // log and snapshot: feedback events
	recAPIKey   byte = 5 // log and snapshot: one API key, upserted by ID
	recIdem     byte = 6 // log and snapshot: one completed idempotency record
	recBlock    byte = 7 // log and snapshot: one blocklist entry added or removed
	recMeta     byte = 10
	recCreator  byte = 11 // snapshot: one creator
	recEnd      byte = 12
	// 8 and 9 are kept for lists; 20 is clear of them.
	recWeights byte = 20 // log and snapshot: one learned weight version
)

// prepared is a creator record decoded from its encoded form, with the
// derived data (filter fields, index terms) computed outside the locks. The
// store only ever applies prepared records decoded from the exact bytes it
// logs, so the state a write produces is the state replay produces.
type prepared struct {
	id      string
	packed  []byte // the creator, pack.Encode's encoding of its decoded JSON
	model   string
	dim     int
	profile []float32
	content map[string][]float32
	ff      filterFields
	terms   docTerms
}

// encodeCreator appends one creator body:
//
//	bytes creator JSON | str model | uvarint dim | u8 has profile | [dim]f32 profile
//	uvarint n | n × (str content id | [dim]f32 vector)   (ids sorted)
func encodeCreator(e *encoder, c *cm.Creator, model string, dim int, profile []float32, content map[string][]float32) error {
	js, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("%w: creator %q: %v", cm.ErrInvalid, c.ID, err)
	}
	e.bytes(js)
	if len(profile) == 0 && len(content) == 0 {
		model, dim = "", 0
	}
	e.str(model)
	e.uvarint(uint64(dim))
	if len(profile) > 0 {
		e.u8(1)
		e.floats(profile)
	} else {
		e.u8(0)
	}
	keys := make([]string, 0, len(content))
	for k := range content {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.floats(content[k])
	}
	return nil
}

func decodeCreator(d *decoder) (prepared, error) {
	var p prepared
	js := d.raw()
	p.model = fieldStrings.get(d.str())
	p.dim = int(d.uvarint())
	if d.err == nil && p.dim > len(d.b)/4+1 {
		d.fail()
	}
	if d.u8() == 1 {
		p.profile = d.floats(p.dim)
	}
	n := d.count(1 + 4*p.dim)
	if n > 0 {
		p.content = make(map[string][]float32, n)
		for i := 0; i < n && d.err == nil; i++ {
			k := d.str()
			p.content[k] = d.floats(p.dim)
		}
	}
	if d.err != nil {
		return p, d.err
	}
	c := new(cm.Creator)
	if err := json.Unmarshal(js, c); err != nil {
		return p, fmt.Errorf("creator JSON: %w", err)
	}
	p.id = c.ID
	p.packed = pack.Encode(c)
	p.ff = fieldsOf(c)
	p.terms = termsOf(c)
	return p, nil
}

func decodeUpsert(body []byte) ([]prepared, error) {
	d := &decoder{b: body}
	n := d.count(1)
	ps := make([]prepared, 0, n)
	for i := 0; i < n; i++ {
		p, err := decodeCreator(d)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail()
	}
	return ps, d.err
}

// encodeCache appends: str model | uvarint n | n × (str key | uvarint dim | [dim]f32).
func encodeCache(e *encoder, model string, keys []string, vectors map[string][]float32) {
	e.str(model)
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		v := vectors[k]
		e.str(k)
		e.uvarint(uint64(len(v)))
		e.floats(v)
	}
}

// decodeCache returns the model, the keys in record order (a snapshot
// writes them least recently used first) and the vectors by key.
func decodeCache(body []byte) (string, []string, map[string][]float32, error) {
	d := &decoder{b: body}
	model := d.str()
	n := d.count(2)
	keys := make([]string, 0, n)
	m := make(map[string][]float32, n)
	for i := 0; i < n && d.err == nil; i++ {
		k := d.str()
		if _, dup := m[k]; !dup {
			keys = append(keys, k)
		}
		m[k] = d.floats(d.count(4))
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail()
	}
	return model, keys, m, d.err
}

func decodeFeedback(body []byte) ([]cm.FeedbackEvent, error) {
	d := &decoder{b: body}
	js := d.raw()
	if d.err == nil && len(d.b) != 0 {
		d.fail()
	}
	if d.err != nil {
		return nil, d.err
	}
	var evs []cm.FeedbackEvent
	if err := json.Unmarshal(js, &evs); err != nil {
		return nil, fmt.Errorf("feedback JSON: %w", err)
	}
	return evs, nil
}

func finite(v []float32) bool {
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return false
		}
	}
	return true
}

// validateRecords checks a whole batch before anything is written, so a
// batch either passes entirely or fails with every problem listed.
func validateRecords(records []cm.CreatorRecord) error {
	var v cm.ValidationError
	seen := make(map[string]int, len(records))
	for i, r := range records {
		f := fmt.Sprintf("records[%d]", i)
		c := r.Creator
		if c == nil {
			v.Add(f+".creator", "is required")
			continue
		}
		switch {
		case c.ID == "":
			v.Add(f+".creator.id", "is required")
		case !utf8.ValidString(c.ID):
			v.Add(f+".creator.id", "is not valid UTF-8")
		default:
			if j, dup := seen[c.ID]; dup {
				v.Add(f+".creator.id", "%q repeats records[%d] in the same batch", c.ID, j)
			}
			seen[c.ID] = i
		}
		items := make(map[string]struct{}, len(c.Content))
		for j, it := range c.Content {
			if it.ID == "" {
				v.Add(fmt.Sprintf("%s.creator.content[%d].id", f, j), "is required")
				continue
			}
			if _, dup := items[it.ID]; dup {
				v.Add(fmt.Sprintf("%s.creator.content[%d].id", f, j), "%q repeats an earlier item", it.ID)
			}
			items[it.ID] = struct{}{}
		}
		if len(r.Profile) == 0 && len(r.ContentVectors) == 0 {
			continue
		}
		if r.Model == "" {
			v.Add(f+".model", "is required with vectors")
		}
		if r.Dimension <= 0 {
			v.Add(f+".dimension", "must be positive with vectors")
			continue
		}
		if len(r.Profile) > 0 {
			if len(r.Profile) != r.Dimension {
				v.Add(f+".profile", "has %d dimensions, model %q has %d", len(r.Profile), r.Model, r.Dimension)
			} else if !finite(r.Profile) {
				v.Add(f+".profile", "has a NaN or infinite component")
			}
		}
		keys := make([]string, 0, len(r.ContentVectors))
		for k := range r.ContentVectors {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			vec := r.ContentVectors[k]
			cf := fmt.Sprintf("%s.content_vectors[%q]", f, k)
			if _, ok := items[k]; !ok {
				v.Add(cf, "names no content item of the creator")
			}
			if len(vec) != r.Dimension {
				v.Add(cf, "has %d dimensions, model %q has %d", len(vec), r.Model, r.Dimension)
			} else if !finite(vec) {
				v.Add(cf, "has a NaN or infinite component")
			}
		}
	}
	return v.Err()
}
