package memory

import (
	"cmp"
	"math"
	"slices"

	cm "github.com/creatormatch/creatormatch"
)

// Audience thresholds (Filter.Audience) are tested on a reduced copy of a
// creator's audience kept with its filter fields, like every other filter
// value. The copy must give exactly AudienceThreshold.Pass's answer, bit
// for bit at the boundary (share == MinShare passes), so the shares are
// kept as the float64 the creator holds and added in the order Share adds
// them (smallest first). What is made compact is the rest: the keys are
// normalised and interned once, at write time, to 16-bit ids; a creator
// without audience data holds a nil pointer.

// audienceDimensions are the dimensions a threshold can name, in the order
// of the bits of audienceFields.known.
var audienceDimensions = [...]string{cm.AudienceAge, cm.AudienceGender, cm.AudienceCountry, cm.AudienceLanguage, cm.AudienceInterest}

const audienceDims = len(audienceDimensions)

// audienceDim returns the index of a normalised dimension, -1 for one no
// creator can have data for.
func audienceDim(dimension string) int {
	return slices.Index(audienceDimensions[:], dimension)
}

// audienceKeys interns normalised audience keys (of every dimension: the
// id of a key only ever meets ids of the same dimension). Queries only
// look keys up, so query text cannot grow the table.
var audienceKeys = newSymbols(symOther)

// audienceFields is a creator's audience as thresholds test it: for each
// dimension with data (a non-empty map, which is what makes it "known"),
// the keys with a positive, finite share, in NormalizeKey form, smallest
// share first. Entries of dimension d are [end[d-1], end[d]) of keys and
// shares (end[-1] being 0).
type audienceFields struct {
	known  uint8 // bit d: the creator has data for audienceDimensions[d]
	end    [audienceDims]uint32
	keys   []uint16  // interned normalised keys
	shares []float64 // as the creator holds them
	// strs holds the normalised keys instead of keys when one of them
	// could not be interned (the table is full): compared as strings.
	strs []string
}

// audienceFieldsOf reduces a, nil when it has no data for any dimension.
func audienceFieldsOf(a *cm.Audience) *audienceFields {
	if a == nil {
		return nil
	}
	type entry struct {
		key   string
		share float64
	}
	var (
		af      audienceFields
		entries []entry
	)
	for d, dim := range audienceDimensions {
		dist := a.Distribution(dim)
		if len(dist) > 0 {
			af.known |= 1 << d
			start := len(entries)
			for k, v := range dist {
				if v > 0 && !math.IsInf(v, 0) {
					entries = append(entries, entry{cm.NormalizeKey(dim, k), v})
				}
			}
			slices.SortFunc(entries[start:], func(x, y entry) int { return cmp.Compare(x.share, y.share) })
		}
		af.end[d] = uint32(len(entries))
	}
	if af.known == 0 {
		return nil
	}
	if len(entries) > 0 {
		af.keys = make([]uint16, len(entries))
		af.shares = make([]float64, len(entries))
		for i, e := range entries {
			af.shares[i] = e.share
			if af.keys[i] = audienceKeys.intern(e.key); af.keys[i] == symOther && af.strs == nil {
				af.strs = make([]string, len(entries))
				for j, e := range entries {
					af.strs[j] = fieldStrings.get(e.key)
				}
			}
		}
		if af.strs != nil {
			af.keys = nil
		}
	}
	return &af
}

// audienceTest is one normalised AudienceThreshold compiled for a query.
type audienceTest struct {
	dim  int      // index in audienceDimensions; -1: unknown dimension
	ids  []uint16 // interned ids of keys (a key never interned is held by no creator's keys)
	keys []string // the normalised keys, for a creator that keeps strs
	min  float64
}

func compileAudience(ts []cm.AudienceThreshold) []audienceTest {
	if len(ts) == 0 {
		return nil
	}
	out := make([]audienceTest, len(ts))
	for i, t := range ts {
		t = t.Normalize()
		at := audienceTest{dim: audienceDim(t.Dimension), keys: t.Keys, min: t.MinShare}
		for _, k := range t.Keys {
			if id, ok := audienceKeys.lookup(k); ok && id != symOther {
				at.ids = append(at.ids, id)
			}
		}
		out[i] = at
	}
	return out
}

// pass is AudienceThreshold.Pass on the creator af was made from.
func (at *audienceTest) pass(af *audienceFields, includeUnknown bool) bool {
	if at.dim < 0 || af == nil || af.known&(1<<at.dim) == 0 {
		return includeUnknown
	}
	lo := uint32(0)
	if at.dim > 0 {
		lo = af.end[at.dim-1]
	}
	hi := af.end[at.dim]
	share := 0.0
	if af.strs != nil {
		for i := lo; i < hi; i++ {
			if slices.Contains(at.keys, af.strs[i]) {
				share += af.shares[i]
			}
		}
	} else if len(at.ids) > 0 {
		for i := lo; i < hi; i++ {
			if slices.Contains(at.ids, af.keys[i]) {
				share += af.shares[i]
			}
		}
	}
	return min(share, 1) >= at.min
}
