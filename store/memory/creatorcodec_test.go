package memory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/internal/deepcheck"
)

// fillAll sets every exported field reachable from v to a non-zero value
// distinct from every other one (strings, numbers and times from one
// counter; slices get two elements, maps two entries, pointers a filled
// value), and fails on anything it cannot fill: a field of a kind the codec
// could not encode, or an unexported field outside time.Time. Times cycle
// through every zone kind the codec distinguishes.
func fillAll(t *testing.T, v reflect.Value, path string, n *int) {
	t.Helper()
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d-✓", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n) * 1_000_003)
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.25)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fillAll(t, p.Elem(), path+"*", n)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fillAll(t, s.Index(i), fmt.Sprintf("%s[%d]", path, i), n)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fillAll(t, k, path+"[key]", n)
			fillAll(t, e, path+"[]", n)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(testTime(*n)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				t.Fatalf("%s.%s is unexported: packCreator cannot encode it", path, f.Name)
			}
			fillAll(t, v.Field(i), path+"."+f.Name, n)
		}
	default:
		t.Fatalf("%s has kind %s, which fillAll (and packCreator) does not handle", path, v.Kind())
	}
}

// testTime is a distinct instant for i with nanoseconds, in one of the
// zones the codec distinguishes.
func testTime(i int) time.Time {
	t := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*(26*time.Hour+7*time.Minute) + time.Duration(i)*1001)
	switch i % 4 {
	case 0:
		return t
	case 1:
		return t.In(time.Local)
	case 2:
		return t.In(time.FixedZone("", 5*3600+1800))
	}
	return t.In(time.FixedZone("XST", -(3*3600 + 45*60)))
}

// zeroPaths lists the exported leaves under v that are zero (nil slices,
// maps and pointers, empty strings, zero numbers and times).
func zeroPaths(v reflect.Value, path string) []string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return []string{path}
		}
		return zeroPaths(v.Elem(), path+"*")
	case reflect.Slice, reflect.Map:
		if v.Len() == 0 {
			return []string{path}
		}
		var out []string
		if v.Kind() == reflect.Map {
			it := v.MapRange()
			for it.Next() {
				out = append(out, zeroPaths(it.Value(), path+"[]")...)
			}
			return out
		}
		for i := 0; i < v.Len(); i++ {
			out = append(out, zeroPaths(v.Index(i), fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			if v.Interface().(time.Time).IsZero() {
				return []string{path}
			}
			return nil
		}
		var out []string
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				out = append(out, zeroPaths(v.Field(i), path+"."+v.Type().Field(i).Name)...)
			}
		}
		return out
	}
	if v.IsZero() {
		return []string{path}
	}
	return nil
}

// roundTrip packs c, unpacks it, requires it equal and the encoding
// canonical (packing the result gives the same bytes), and returns it.
func roundTrip(t *testing.T, c *cm.Creator) *cm.Creator {
	t.Helper()
	b := packCreator(c)
	require.Equal(t, len(b), cap(b), "packed exactly")
	got, err := unpackCreator(b)
	require.NoError(t, err)
	require.True(t, reflect.DeepEqual(c, got), "round trip differs:\nwant %#v\ngot  %#v", c, got)
	require.Equal(t, b, packCreator(got), "encoding is canonical")
	return got
}

// viaJSON is what the store holds for c: c as its JSON decodes.
func viaJSON(t *testing.T, c *cm.Creator) *cm.Creator {
	t.Helper()
	js, err := json.Marshal(c)
	require.NoError(t, err)
	var out cm.Creator
	require.NoError(t, json.Unmarshal(js, &out))
	return &out
}

// TestPackCreatorComplete guards the hand-written codec against drift: a
// creator with every field of every nested type set (by reflection, so a
// field added to the domain types later is set too) must come back equal,
// both as given and as the store holds it (decoded from its JSON). A field
// packCreator forgets comes back zero and fails the test.
func TestPackCreatorComplete(t *testing.T) {
	c := &cm.Creator{}
	n := 0
	fillAll(t, reflect.ValueOf(c).Elem(), "Creator", &n)
	require.Empty(t, zeroPaths(reflect.ValueOf(c), "Creator"), "the filler leaves no field zero")

	got := roundTrip(t, c)
	require.Empty(t, zeroPaths(reflect.ValueOf(got), "Creator"))
	require.Empty(t, deepcheck.Shared(c, got, "c"), "the unpacked creator shares nothing with the original")
	again, err := unpackCreator(packCreator(c))
	require.NoError(t, err)
	require.Empty(t, deepcheck.Shared(got, again, "c"), "two unpacks share nothing")

	js := viaJSON(t, c)
	require.Empty(t, zeroPaths(reflect.ValueOf(js), "Creator"), "JSON keeps every field")
	roundTrip(t, js)

	// The same through the store: what GetCreator returns is what
	// GetCreator returned when the store held the JSON-decoded creator.
	s := openT(t, t.TempDir())
	require.NoError(t, s.UpsertCreators(t.Context(), []cm.CreatorRecord{{Creator: c}}))
	stored, err := s.GetCreator(t.Context(), c.ID)
	require.NoError(t, err)
	require.True(t, reflect.DeepEqual(js, stored))
	shared, err := s.GetCreators(t.Context(), []string{c.ID})
	require.NoError(t, err)
	require.True(t, reflect.DeepEqual(js, shared[0]))
}

func ptr[T any](v T) *T { return &v }

func TestPackCreatorEdgeCases(t *testing.T) {
	utc := time.Date(2024, 3, 1, 10, 30, 15, 123456789, time.UTC)
	many := func(f func(c *cm.Creator)) *cm.Creator {
		c := &cm.Creator{ID: "m"}
		f(c)
		return c
	}
	const n = 100 // elements of minimal size: checks the per-element size bounds
	for _, tc := range []struct {
		name string
		c    *cm.Creator
	}{
		{"zero", &cm.Creator{}},
		{"id only", &cm.Creator{ID: "x"}},
		{"empty not nil", &cm.Creator{
			ID: "e", Languages: []string{}, Accounts: []cm.Account{{FollowerHistory: []cm.FollowerPoint{}}},
			Audience: &cm.Audience{Age: map[string]float64{}, Countries: map[string]float64{}},
			RateCard: &cm.RateCard{PerPost: map[cm.Platform]float64{}},
			Content:  []cm.ContentItem{},
			Features: &cm.Features{
				Niches:      cm.NicheFeature{Labels: []cm.NicheLabel{}},
				BrandSafety: cm.BrandSafety{Flags: []cm.SafetyFlag{{PostIDs: []string{}}}},
			},
		}},
		{"only empty string slices", &cm.Creator{Niches: []string{}, Features: &cm.Features{Disclosure: cm.Disclosure{UndisclosedPostIDs: []string{}}}}},
		{"empty strings in slices", &cm.Creator{Languages: []string{"", "", ""}, Niches: []string{""}}},
		{"nil pointers inside", &cm.Creator{Audience: &cm.Audience{}, RateCard: &cm.RateCard{}, Features: &cm.Features{}}},
		{"zero credibility", &cm.Creator{Audience: &cm.Audience{Credibility: ptr(0.0)}}},
		{"numbers", &cm.Creator{
			Accounts: []cm.Account{{Followers: math.MaxInt64, Following: math.MinInt64}, {Followers: -1}},
			Audience: &cm.Audience{Age: map[string]float64{"a": math.Copysign(0, -1), "b": math.Inf(1), "c": math.Inf(-1), "d": math.MaxFloat64, "e": math.SmallestNonzeroFloat64}},
			Features: &cm.Features{EngagementRate: cm.EngagementRate{PostsUsed: -7}, Disclosure: cm.Disclosure{SponsoredPosts: math.MaxInt, DisclosedPosts: math.MinInt}},
		}},
		{"strings", &cm.Creator{ID: "id\x00nul", Name: "名前 ☕", Bio: "\xff\xfe not UTF-8", Country: strings.Repeat("x", 70000)}},
		{"times", &cm.Creator{
			CreatedAt: utc,
			UpdatedAt: utc.In(time.Local),
			Content: []cm.ContentItem{
				{PostedAt: utc.In(time.FixedZone("", 0))}, // not UTC: a fixed zone at offset 0
				{PostedAt: utc.In(time.FixedZone("", 5*3600+1800))},
				{PostedAt: utc.In(time.FixedZone("EST", -5*3600))},
				{PostedAt: utc.In(time.FixedZone("", -(9*3600 + 30*60 + 17)))},
				{PostedAt: time.Unix(0, 0).UTC()},
				{PostedAt: time.Unix(-1, 999_999_999).UTC()},
				{PostedAt: time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)},
				{PostedAt: time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC)},
				{PostedAt: time.Date(1, 1, 1, 0, 0, 0, 0, time.FixedZone("", 3600))}, // the zero instant, not the zero Time
			},
			Accounts: []cm.Account{{FollowerHistory: []cm.FollowerPoint{{Date: cm.Date{Time: time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)}}, {}}}},
			Features: &cm.Features{Brands: cm.BrandAffinity{Brands: []cm.BrandMention{{FirstSeen: utc, LastSeen: time.Time{}}}}},
		}},
		{"many accounts", many(func(c *cm.Creator) { c.Accounts = make([]cm.Account, n) })},
		{"many points", many(func(c *cm.Creator) { c.Accounts = []cm.Account{{FollowerHistory: make([]cm.FollowerPoint, n)}} })},
		{"many items", many(func(c *cm.Creator) { c.Content = make([]cm.ContentItem, n) })},
		{"many strings", many(func(c *cm.Creator) { c.Niches = make([]string, n) })},
		{"many map entries", many(func(c *cm.Creator) {
			c.Audience = &cm.Audience{Interests: map[string]float64{}}
			for i := range n {
				c.Audience.Interests[fmt.Sprint(i)] = 0
			}
		})},
		{"many evidence", many(func(c *cm.Creator) {
			c.Features = &cm.Features{Niches: cm.NicheFeature{Evidence: make([]cm.Evidence, n)}}
		})},
		{"many labels", many(func(c *cm.Creator) {
			c.Features = &cm.Features{Niches: cm.NicheFeature{Labels: make([]cm.NicheLabel, n)}}
		})},
		{"many flags", many(func(c *cm.Creator) {
			c.Features = &cm.Features{BrandSafety: cm.BrandSafety{Flags: make([]cm.SafetyFlag, n)}}
		})},
		{"many brands", many(func(c *cm.Creator) {
			c.Features = &cm.Features{Brands: cm.BrandAffinity{Brands: make([]cm.BrandMention, n)}}
		})},
		{"many costs", many(func(c *cm.Creator) {
			c.Features = &cm.Features{Cost: cm.CostEstimate{PerPlatform: make([]cm.PlatformCost, n)}}
		})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := roundTrip(t, tc.c)
			if tc.name == "numbers" {
				require.True(t, math.Signbit(got.Audience.Age["a"]), "-0 keeps its sign")
			}
			requireTruncationFails(t, packCreator(tc.c))
		})
	}

	t.Run("NaN", func(t *testing.T) {
		c := &cm.Creator{Features: &cm.Features{Tier: cm.TierFeature{Confidence: math.NaN()}}}
		got, err := unpackCreator(packCreator(c))
		require.NoError(t, err)
		require.True(t, math.IsNaN(got.Features.Tier.Confidence))
	})
}

// TestPackCreatorAsJSONDecodes checks the zone and nil-versus-empty cases
// JSON decoding produces: the store's creators are decoded from JSON, and
// unpacking must give back exactly that.
func TestPackCreatorAsJSONDecodes(t *testing.T) {
	check := func(t *testing.T, js string) {
		t.Helper()
		var c cm.Creator
		require.NoError(t, json.Unmarshal([]byte(js), &c))
		roundTrip(t, &c)
	}
	for _, js := range []string{
		`{"id":"a"}`,
		`{"id":"a","created_at":"2024-03-01T10:30:15.123456789Z","updated_at":"2024-03-01T10:30:15+00:00"}`,
		`{"id":"a","created_at":"2024-03-01T10:30:15+05:30","updated_at":"2024-03-01T10:30:15-09:17"}`,
		`{"id":"a","accounts":[{"platform":"tiktok","follower_history":[{"date":"2024-01-31","followers":1},{"date":"2024-01-31T23:30:00-05:00","followers":2}]}]}`,
		`{"id":"a","features":{"computed_at":"0001-01-01T00:00:00Z","niches":{"labels":[]},"brand_safety":{"flags":[{"category":"x","severity":1,"post_ids":[]}]}}}`,
		`{"id":"a","features":{"niches":{"labels":null},"brand_safety":{"flags":[{"post_ids":null}]}}}`,
		`{"id":"a","audience":{},"rate_card":{"per_post":{}}}`,
		`{"id":"a","audience":{"age":{},"credibility":0},"languages":[]}`,
		`{"id":"a","content":[{"id":"p","posted_at":"2024-06-01T00:00:00.5+14:00","hashtags":[],"comment_samples":[""]}]}`,
	} {
		check(t, js)
	}
	// A Local zone with a non-zero offset: JSON decoding gives Local for
	// offsets that match it.
	old := time.Local
	time.Local = time.FixedZone("TST", 2*3600)
	defer func() { time.Local = old }()
	check(t, `{"id":"a","created_at":"2024-03-01T10:30:15+02:00","updated_at":"2024-03-01T10:30:15+03:00"}`)
	var c cm.Creator
	require.NoError(t, json.Unmarshal([]byte(`{"id":"a","created_at":"2024-03-01T10:30:15+02:00"}`), &c))
	require.Same(t, time.Local, c.CreatedAt.Location(), "the case above is the Local one")
}

// requireTruncationFails checks that every strict prefix of a packed
// creator is an error.
func requireTruncationFails(t *testing.T, b []byte) {
	t.Helper()
	step := max(1, len(b)/2000) // long encodings: a sample of the prefixes
	for n := 0; n < len(b); n += step {
		_, err := unpackCreator(b[:n])
		require.Error(t, err, "prefix of %d of %d bytes", n, len(b))
	}
	_, err := unpackCreator(b[:len(b)-1])
	require.Error(t, err)
}

func TestUnpackCreatorTruncated(t *testing.T) {
	c := &cm.Creator{}
	n := 0
	fillAll(t, reflect.ValueOf(c).Elem(), "Creator", &n)
	b := packCreator(c)
	for i := range b { // every prefix, every byte
		_, err := unpackCreator(b[:i])
		require.Error(t, err, "prefix of %d of %d bytes", i, len(b))
	}
	_, err := unpackCreator(append(bytes.Clone(b), 0))
	require.Error(t, err, "trailing byte")
}

// FuzzUnpackCreator: unpacking arbitrary bytes never panics; what unpacks
// packs canonically, and loses its last byte only with an error.
//
//	go test -run '^$' -fuzz FuzzUnpackCreator -fuzztime 60s ./store/memory/
func FuzzUnpackCreator(f *testing.F) {
	full := &cm.Creator{}
	deepcheck.Fill(full)
	f.Add(packCreator(full))
	f.Add(packCreator(&cm.Creator{ID: "x", Audience: &cm.Audience{Credibility: ptr(0.5)}}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := unpackCreator(b)
		if err != nil {
			return
		}
		p := packCreator(c)
		c2, err := unpackCreator(p)
		if err != nil {
			t.Fatalf("repacked creator does not unpack: %v", err)
		}
		if !bytes.Equal(p, packCreator(c2)) {
			t.Fatal("packing is not canonical")
		}
		if len(b) > 0 {
			if _, err := unpackCreator(b[:len(b)-1]); err == nil {
				t.Fatal("truncated input unpacked without error")
			}
		}
	})
}
