package pack

import (
	"encoding/binary"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	cm "github.com/creatormatch/creatormatch"
)

// Format is the layout version of Encode's output. Stores that keep packed
// creators beyond one process (the postgres store's creator_packs table)
// record it next to each pack and ignore packs of another format, so any
// change to the layout below must bump it; TestGolden fails until it is
// (and testdata/golden.pack is regenerated with -update). Bump it too when
// what a store packs changes without the layout changing (the postgres
// store packs what its JSON read returns), so old packs are not served.
//
// A time in the writer's Local zone is packed as Local and decodes into
// the reader's Local: the same instant, but a reader in another zone shows
// it in its own (JSON gives the writer's offset). Only processes that run
// in different zones against one database see it.
//
// Formats: 1 the first layout; 2 adds ContentItem.URL after Caption, and
// EngagementRate.Peers and PriorWeight after EngagementRate.Tier; 3 adds
// Creator.Contact after RateCard.
const Format = 3

// Layout:
//
//	uvarint nStrs | uvarint nBytes | body | string bytes[nBytes]
//
// The body holds every field of the creator in declaration order (see
// packer.creator): strings as their uvarint length only, their bytes going
// in order into the string section at the end, so that unpacking turns the
// whole section into one string and every string field is a substring of
// it; nStrs is the number of elements of all []string fields together, so
// unpacking allocates them as one array. Other values:
//
//	int64, int      zig-zag varint
//	float64         8 bytes little endian (bit pattern: -0 and NaN survive)
//	bool            one byte, 0 or 1
//	pointer         one byte 0 (nil) or 1, then the value
//	slice, map      uvarint 0 for nil, else 1 + length, then the elements;
//	                map entries in ascending key order
//	time.Time       one byte kind, then
//	                  0 zero        the zero Time (nothing follows)
//	                  1 UTC         varint Unix seconds | uvarint nanoseconds
//	                  2 Local       varint Unix seconds | uvarint nanoseconds
//	                  3 fixed zone  varint Unix seconds | uvarint nanoseconds |
//	                                varint offset seconds | str zone name
//
// Times keep their instant and their zone as JSON decoding produces them
// (UTC for "Z", Local when its offset matches, else an unnamed fixed zone),
// which is what every stored creator holds: it is decoded from the JSON the
// store logs. A time in a named location other than UTC and Local comes
// back in a fixed zone of the same name and offset, and a monotonic clock
// reading is dropped; neither can come out of JSON.

// packer writes the body and collects the string bytes.
type packer struct {
	body  encoder
	strs  []byte
	nStrs int
}

var packerPool = sync.Pool{New: func() any { return new(packer) }}

// Encode returns the packed encoding of c, in a slice of exactly its
// length.
func Encode(c *cm.Creator) []byte {
	p := packerPool.Get().(*packer)
	p.body.b, p.strs, p.nStrs = p.body.b[:0], p.strs[:0], 0
	p.creator(c)
	var hdr [2 * binary.MaxVarintLen64]byte
	h := binary.PutUvarint(hdr[:], uint64(p.nStrs))
	h += binary.PutUvarint(hdr[h:], uint64(len(p.strs)))
	out := make([]byte, 0, h+len(p.body.b)+len(p.strs))
	out = append(out, hdr[:h]...)
	out = append(out, p.body.b...)
	out = append(out, p.strs...)
	if cap(p.body.b) <= 64<<10 && cap(p.strs) <= 64<<10 { // do not pool an outlier's buffers
		packerPool.Put(p)
	}
	return out
}

func (p *packer) str(s string) {
	p.body.uvarint(uint64(len(s)))
	p.strs = append(p.strs, s...)
}

// length writes a slice's or map's length, 0 for nil.
func (p *packer) length(isNil bool, n int) {
	if isNil {
		p.body.uvarint(0)
		return
	}
	p.body.uvarint(uint64(n) + 1)
}

func (p *packer) strings(xs []string) {
	p.length(xs == nil, len(xs))
	for _, x := range xs {
		p.str(x)
	}
	p.nStrs += len(xs)
}

func (p *packer) i64(v int64) { p.body.varint(v) }

// Time kinds (see the layout above).
const (
	timeZero  = 0
	timeUTC   = 1
	timeLocal = 2
	timeFixed = 3
)

func (p *packer) time(t time.Time) {
	if t == (time.Time{}) {
		p.body.u8(timeZero)
		return
	}
	switch t.Location() {
	case time.UTC:
		p.body.u8(timeUTC)
	case time.Local:
		p.body.u8(timeLocal)
	default:
		p.body.u8(timeFixed)
	}
	p.body.varint(t.Unix())
	p.body.uvarint(uint64(t.Nanosecond()))
	if t.Location() != time.UTC && t.Location() != time.Local {
		name, off := t.Zone()
		p.body.varint(int64(off))
		p.str(name)
	}
}

func packSlice[T any](p *packer, xs []T, f func(*packer, *T)) {
	p.length(xs == nil, len(xs))
	for i := range xs {
		f(p, &xs[i])
	}
}

func packMap[K ~string](p *packer, m map[K]float64) {
	p.length(m == nil, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		p.str(string(k))
		p.body.f64(m[k])
	}
}

func (p *packer) creator(c *cm.Creator) {
	p.str(c.ID)
	p.str(c.Name)
	p.str(c.Bio)
	p.str(c.Country)
	p.strings(c.Languages)
	p.strings(c.Niches)
	packSlice(p, c.Accounts, (*packer).account)
	p.body.boolean(c.Audience != nil)
	if a := c.Audience; a != nil {
		packMap(p, a.Age)
		packMap(p, a.Gender)
		packMap(p, a.Countries)
		packMap(p, a.Languages)
		packMap(p, a.Interests)
		p.body.boolean(a.Credibility != nil)
		if a.Credibility != nil {
			p.body.f64(*a.Credibility)
		}
	}
	p.body.boolean(c.RateCard != nil)
	if r := c.RateCard; r != nil {
		p.str(r.Currency)
		packMap(p, r.PerPost)
	}
	p.body.boolean(c.Contact != nil)
	if ct := c.Contact; ct != nil {
		p.str(ct.Email)
		p.str(ct.Agent)
		p.str(ct.Website)
	}
	packSlice(p, c.Content, (*packer).contentItem)
	p.body.boolean(c.Features != nil)
	if c.Features != nil {
		p.features(c.Features)
	}
	p.time(c.CreatedAt)
	p.time(c.UpdatedAt)
}

func (p *packer) account(a *cm.Account) {
	p.str(string(a.Platform))
	p.str(a.Handle)
	p.i64(a.Followers)
	p.i64(a.Following)
	p.body.boolean(a.Verified)
	packSlice(p, a.FollowerHistory, func(p *packer, f *cm.FollowerPoint) {
		p.time(f.Date.Time)
		p.i64(f.Followers)
	})
}

func (p *packer) contentItem(it *cm.ContentItem) {
	p.str(it.ID)
	p.str(string(it.Platform))
	p.time(it.PostedAt)
	p.str(it.Caption)
	p.str(it.URL)
	p.strings(it.Hashtags)
	p.strings(it.Mentions)
	p.i64(it.Likes)
	p.i64(it.Comments)
	p.i64(it.Shares)
	p.i64(it.Saves)
	p.i64(it.Views)
	p.body.boolean(it.Sponsored)
	p.strings(it.Sponsors)
	p.strings(it.Disclosures)
	p.strings(it.CommentSamples)
}

func (p *packer) evidence(ev []cm.Evidence) {
	packSlice(p, ev, func(p *packer, e *cm.Evidence) {
		p.str(e.Text)
		p.strings(e.PostIDs)
		p.body.f64(e.Effect)
	})
}

func (p *packer) features(f *cm.Features) {
	p.time(f.ComputedAt)

	p.str(string(f.Tier.Value))
	p.i64(f.Tier.Followers)
	p.str(string(f.Tier.Platform))
	p.body.f64(f.Tier.Confidence)

	er := &f.EngagementRate
	p.body.f64(er.Value)
	p.body.f64(er.Percentile)
	p.str(er.Basis)
	p.i64(int64(er.PostsUsed))
	p.str(string(er.Platform))
	p.str(string(er.Tier))
	p.i64(int64(er.Peers))
	p.body.f64(er.PriorWeight)
	p.body.f64(er.Confidence)
	p.evidence(er.Evidence)

	eq := &f.EngagementQuality
	p.body.f64(eq.Value)
	p.body.f64(eq.CommentToLike)
	p.body.f64(eq.GenericCommentShare)
	p.body.f64(eq.DuplicateCommentShare)
	p.body.boolean(eq.PodSuspected)
	p.body.f64(eq.Confidence)
	p.evidence(eq.Evidence)

	co := &f.Consistency
	p.body.f64(co.Value)
	p.body.f64(co.PostsPerWeek)
	p.body.f64(co.GapCV)
	p.body.f64(co.DaysSinceLastPost)
	p.body.f64(co.Confidence)
	p.evidence(co.Evidence)

	p.body.f64(f.Authenticity.Value)
	p.body.f64(f.Authenticity.Confidence)
	p.evidence(f.Authenticity.Evidence)

	packSlice(p, f.Niches.Labels, func(p *packer, l *cm.NicheLabel) {
		p.str(l.Niche)
		p.body.f64(l.Confidence)
	})
	p.body.f64(f.Niches.Confidence)
	p.evidence(f.Niches.Evidence)

	p.body.f64(f.BrandSafety.Value)
	packSlice(p, f.BrandSafety.Flags, func(p *packer, fl *cm.SafetyFlag) {
		p.str(fl.Category)
		p.body.f64(fl.Severity)
		p.strings(fl.PostIDs)
		p.strings(fl.Terms)
	})
	p.body.f64(f.BrandSafety.Confidence)

	d := &f.Disclosure
	p.body.f64(d.Value)
	p.i64(int64(d.SponsoredPosts))
	p.i64(int64(d.DisclosedPosts))
	p.strings(d.UndisclosedPostIDs)
	p.body.f64(d.Confidence)

	packSlice(p, f.Brands.Brands, func(p *packer, b *cm.BrandMention) {
		p.str(b.Brand)
		p.i64(int64(b.Posts))
		p.time(b.FirstSeen)
		p.time(b.LastSeen)
		p.strings(b.PostIDs)
	})

	p.str(f.Cost.Currency)
	packSlice(p, f.Cost.PerPlatform, func(p *packer, c *cm.PlatformCost) {
		p.str(string(c.Platform))
		p.body.f64(c.PricePerPost)
		p.body.f64(c.ExpectedEngagements)
		p.body.f64(c.ExpectedReach)
		p.body.f64(c.CPE)
		p.body.f64(c.CPM)
		p.str(c.Source)
	})
	p.body.f64(f.Cost.Confidence)
}

// unpacker reads a packed creator: the body through the embedded decoder
// (first error sticks), strings from the string section.
type unpacker struct {
	decoder
	arena string   // the string section, consumed from the front
	strs  []string // backing for the []string fields, consumed from the front
}

// Decode decodes a packed creator into a new creator that shares
// nothing with other unpacked creators or with b (its strings are
// substrings of one string copied from b). Malformed or truncated input is
// an error, never a panic.
func Decode(b []byte) (*cm.Creator, error) {
	d := decoder{b: b}
	nStrs := d.uvarint()
	nBytes := d.uvarint()
	if d.err != nil || nBytes > uint64(len(d.b)) || nStrs > uint64(len(d.b)) {
		return nil, ErrMalformed
	}
	split := len(d.b) - int(nBytes)
	u := unpacker{decoder: decoder{b: d.b[:split]}, arena: string(d.b[split:])}
	if nStrs > 0 {
		u.strs = make([]string, nStrs)
	}
	c := u.creator()
	if u.err == nil && (len(u.b) != 0 || len(u.arena) != 0 || len(u.strs) != 0) {
		u.fail()
	}
	if u.err != nil {
		return nil, u.err
	}
	return c, nil
}

func (u *unpacker) str() string {
	n := u.uvarint()
	if u.err != nil || n > uint64(len(u.arena)) {
		u.fail()
		return ""
	}
	s := u.arena[:n]
	u.arena = u.arena[n:]
	return s
}

// length reads a slice's or map's length; ok is false for nil (or an
// error). Each element takes at least min body bytes, which bounds what a
// corrupt length can make the caller allocate.
func (u *unpacker) length(min int) (n int, ok bool) {
	v := u.uvarint()
	if u.err != nil || v == 0 {
		return 0, false
	}
	if v-1 > uint64(len(u.b)/min) {
		u.fail()
		return 0, false
	}
	return int(v - 1), true
}

func (u *unpacker) strings() []string {
	n, ok := u.length(1)
	if !ok {
		return nil
	}
	if n == 0 {
		return []string{} // u.strs may be nil, and slicing nil gives nil
	}
	if n > len(u.strs) {
		u.fail()
		return nil
	}
	out := u.strs[:n:n]
	u.strs = u.strs[n:]
	for i := range out {
		out[i] = u.str()
	}
	return out
}

func (u *unpacker) i64() int64 { return u.varint() }

func (u *unpacker) time() time.Time {
	kind := u.u8()
	if kind == timeZero {
		return time.Time{}
	}
	sec := u.varint()
	nsec := u.uvarint()
	if nsec >= 1e9 {
		u.fail()
	}
	if u.err != nil {
		return time.Time{}
	}
	t := time.Unix(sec, int64(nsec)) // in Local
	switch kind {
	case timeUTC:
		return t.UTC()
	case timeLocal:
		return t
	case timeFixed:
		off := u.varint()
		name := u.str()
		if u.err != nil || off != int64(int32(off)) {
			u.fail()
			return time.Time{}
		}
		return t.In(fixedZone(name, int(off)))
	}
	u.fail()
	return time.Time{}
}

// fixedZones shares the fixed zones unpacking creates (Locations are
// immutable; creators of one catalogue use a handful of offsets), up to
// maxFixedZones of them.
var (
	fixedZones  sync.Map // zoneKey -> *time.Location
	nFixedZones atomic.Int32
)

const maxFixedZones = 1024

type zoneKey struct {
	name string
	off  int
}

func fixedZone(name string, off int) *time.Location {
	k := zoneKey{name, off}
	if l, ok := fixedZones.Load(k); ok {
		return l.(*time.Location)
	}
	if nFixedZones.Load() >= maxFixedZones {
		return time.FixedZone(name, off)
	}
	name = strings.Clone(name) // not a substring of one creator's strings
	l, loaded := fixedZones.LoadOrStore(zoneKey{name, off}, time.FixedZone(name, off))
	if !loaded {
		nFixedZones.Add(1)
	}
	return l.(*time.Location)
}

func unpackSlice[T any](u *unpacker, min int, f func(*unpacker, *T)) []T {
	n, ok := u.length(min)
	if !ok {
		return nil
	}
	out := make([]T, n)
	for i := range out {
		f(u, &out[i])
		if u.err != nil {
			return nil
		}
	}
	return out
}

func unpackMap[K ~string](u *unpacker) map[K]float64 {
	n, ok := u.length(9) // key length byte and 8 value bytes
	if !ok {
		return nil
	}
	m := make(map[K]float64, n)
	for range n {
		k := K(u.str())
		m[k] = u.f64()
	}
	if len(m) != n { // a repeated key
		u.fail()
	}
	return m
}

func (u *unpacker) creator() *cm.Creator {
	c := &cm.Creator{}
	c.ID = u.str()
	c.Name = u.str()
	c.Bio = u.str()
	c.Country = u.str()
	c.Languages = u.strings()
	c.Niches = u.strings()
	c.Accounts = unpackSlice(u, 6, (*unpacker).account)
	if u.boolean() {
		a := &cm.Audience{}
		a.Age = unpackMap[string](u)
		a.Gender = unpackMap[string](u)
		a.Countries = unpackMap[string](u)
		a.Languages = unpackMap[string](u)
		a.Interests = unpackMap[string](u)
		if u.boolean() {
			v := u.f64()
			a.Credibility = &v
		}
		c.Audience = a
	}
	if u.boolean() {
		r := &cm.RateCard{}
		r.Currency = u.str()
		r.PerPost = unpackMap[cm.Platform](u)
		c.RateCard = r
	}
	if u.boolean() {
		c.Contact = &cm.Contact{Email: u.str(), Agent: u.str(), Website: u.str()}
	}
	c.Content = unpackSlice(u, 16, (*unpacker).contentItem)
	if u.boolean() {
		c.Features = u.features()
	}
	c.CreatedAt = u.time()
	c.UpdatedAt = u.time()
	return c
}

func (u *unpacker) account(a *cm.Account) {
	a.Platform = cm.Platform(u.str())
	a.Handle = u.str()
	a.Followers = u.i64()
	a.Following = u.i64()
	a.Verified = u.boolean()
	a.FollowerHistory = unpackSlice(u, 2, func(u *unpacker, f *cm.FollowerPoint) {
		f.Date = cm.Date{Time: u.time()}
		f.Followers = u.i64()
	})
}

func (u *unpacker) contentItem(it *cm.ContentItem) {
	it.ID = u.str()
	it.Platform = cm.Platform(u.str())
	it.PostedAt = u.time()
	it.Caption = u.str()
	it.URL = u.str()
	it.Hashtags = u.strings()
	it.Mentions = u.strings()
	it.Likes = u.i64()
	it.Comments = u.i64()
	it.Shares = u.i64()
	it.Saves = u.i64()
	it.Views = u.i64()
	it.Sponsored = u.boolean()
	it.Sponsors = u.strings()
	it.Disclosures = u.strings()
	it.CommentSamples = u.strings()
}

func (u *unpacker) evidence() []cm.Evidence {
	return unpackSlice(u, 10, func(u *unpacker, e *cm.Evidence) {
		e.Text = u.str()
		e.PostIDs = u.strings()
		e.Effect = u.f64()
	})
}

func (u *unpacker) features() *cm.Features {
	f := &cm.Features{}
	f.ComputedAt = u.time()

	f.Tier.Value = cm.Tier(u.str())
	f.Tier.Followers = u.i64()
	f.Tier.Platform = cm.Platform(u.str())
	f.Tier.Confidence = u.f64()

	er := &f.EngagementRate
	er.Value = u.f64()
	er.Percentile = u.f64()
	er.Basis = u.str()
	er.PostsUsed = int(u.i64())
	er.Platform = cm.Platform(u.str())
	er.Tier = cm.Tier(u.str())
	er.Peers = int(u.i64())
	er.PriorWeight = u.f64()
	er.Confidence = u.f64()
	er.Evidence = u.evidence()

	eq := &f.EngagementQuality
	eq.Value = u.f64()
	eq.CommentToLike = u.f64()
	eq.GenericCommentShare = u.f64()
	eq.DuplicateCommentShare = u.f64()
	eq.PodSuspected = u.boolean()
	eq.Confidence = u.f64()
	eq.Evidence = u.evidence()

	co := &f.Consistency
	co.Value = u.f64()
	co.PostsPerWeek = u.f64()
	co.GapCV = u.f64()
	co.DaysSinceLastPost = u.f64()
	co.Confidence = u.f64()
	co.Evidence = u.evidence()

	f.Authenticity.Value = u.f64()
	f.Authenticity.Confidence = u.f64()
	f.Authenticity.Evidence = u.evidence()

	f.Niches.Labels = unpackSlice(u, 9, func(u *unpacker, l *cm.NicheLabel) {
		l.Niche = u.str()
		l.Confidence = u.f64()
	})
	f.Niches.Confidence = u.f64()
	f.Niches.Evidence = u.evidence()

	f.BrandSafety.Value = u.f64()
	f.BrandSafety.Flags = unpackSlice(u, 11, func(u *unpacker, fl *cm.SafetyFlag) {
		fl.Category = u.str()
		fl.Severity = u.f64()
		fl.PostIDs = u.strings()
		fl.Terms = u.strings()
	})
	f.BrandSafety.Confidence = u.f64()

	d := &f.Disclosure
	d.Value = u.f64()
	d.SponsoredPosts = int(u.i64())
	d.DisclosedPosts = int(u.i64())
	d.UndisclosedPostIDs = u.strings()
	d.Confidence = u.f64()

	f.Brands.Brands = unpackSlice(u, 5, func(u *unpacker, b *cm.BrandMention) {
		b.Brand = u.str()
		b.Posts = int(u.i64())
		b.FirstSeen = u.time()
		b.LastSeen = u.time()
		b.PostIDs = u.strings()
	})

	f.Cost.Currency = u.str()
	f.Cost.PerPlatform = unpackSlice(u, 42, func(u *unpacker, c *cm.PlatformCost) {
		c.Platform = cm.Platform(u.str())
		c.PricePerPost = u.f64()
		c.ExpectedEngagements = u.f64()
		c.ExpectedReach = u.f64()
		c.CPE = u.f64()
		c.CPM = u.f64()
		c.Source = u.str()
	})
	f.Cost.Confidence = u.f64()
	return f
}
