package memory

import (
	"strings"
	"sync"

	cm "github.com/creatormatch/creatormatch"
)

// Why this file looks the way it does: a dense search evaluates the filter
// once per candidate row, and at 100k rows string-keyed map lookups per row
// cost more than the dot products. So the values a filter tests are reduced
// at write time (fieldsOf runs outside every lock, in the write path) to
// forms a scan can test with integer compares and bit tests:
//
//   - country and tier are interned to small integers (process-wide
//     interners, see symbols); the dense scan keeps them in a compact per-row
//     column (space.meta) so the common country/tier filters never touch the
//     creator entry at all, and per-value row counts estimate selectivity;
//   - multi-valued fields (languages, niches, brands, safety categories,
//     account platforms) get a 64-bit signature (one hashed bit per value):
//     no common bit proves no common value, so most non-matching rows are
//     rejected by one AND; a common bit is confirmed on the strings.
//
// compiledFilter.pass keeps exactly the semantics it always had (the
// contract suite in store/storetest checks them); only the representation
// changed.

// symOther is the id of a value the interner had no room for; a field with
// this id is compared as a string.
const symOther = 0xFFFF

// symbols interns strings to small ids, process-wide. Ids are never
// reassigned, so an id computed when a creator was written stays valid for
// every later query. Queries only look values up (never intern), so query
// text cannot grow the table; it is bounded by max, and the overflow maps to
// symOther.
type symbols struct {
	mu  sync.RWMutex
	ids map[string]uint16
	max int
}

func newSymbols(max int) *symbols {
	return &symbols{ids: map[string]uint16{"": 0}, max: max}
}

func (s *symbols) intern(v string) uint16 {
	s.mu.RLock()
	id, ok := s.ids[v]
	s.mu.RUnlock()
	if ok {
		return id
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := s.ids[v]; ok {
		return id
	}
	if len(s.ids) >= s.max {
		return symOther
	}
	id = uint16(len(s.ids))
	s.ids[v] = id
	return id
}

// lookup returns v's id without interning it. A value never written has no
// id, and no stored creator can hold it.
func (s *symbols) lookup(v string) (uint16, bool) {
	s.mu.RLock()
	id, ok := s.ids[v]
	s.mu.RUnlock()
	return id, ok
}

// Countries are free text validated elsewhere (ISO codes in practice);
// tiers a small enum. Both tables stay tiny in practice; the caps only
// bound a pathological input.
var (
	countrySyms = newSymbols(symOther)
	tierSyms    = newSymbols(symOther)
)

// sig is a value's bit in a 64-bit signature (FNV-1a of the string).
func sig(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return 1 << (h >> 58)
}

func sigOf[T ~string](xs []T) uint64 {
	var m uint64
	for _, x := range xs {
		m |= sig(string(x))
	}
	return m
}

// bitset is a set of small integers (interned ids or row numbers).
type bitset []uint64

func (b bitset) has(i int) bool {
	w := i >> 6
	return w < len(b) && b[w]&(1<<(uint(i)&63)) != 0
}

func (b *bitset) set(i int) {
	w := i >> 6
	for len(*b) <= w {
		*b = append(*b, 0)
	}
	(*b)[w] |= 1 << (uint(i) & 63)
}

// filterFields are the per-creator values Filter tests, copied out of the
// creator at write time so a scan checks flat fields instead of walking the
// creator and its features for every candidate.
type filterFields struct {
	accounts     []accountFields
	country      string
	countryID    uint16 // interned country (symOther: compare the string)
	tierID       uint16 // interned tier, meaningful with hasFeatures
	languages    []string
	langSig      uint64
	hasFeatures  bool
	tier         cm.Tier
	engagement   float64
	engPlatform  cm.Platform
	engTier      cm.Tier // the peer group's tier: the measured account's
	authenticity float64
	safety       []safetyFields
	safetySig    uint64
	brands       []string
	brandSig     uint64
	niches       []string // classified niche labels
	nicheSig     uint64
	audience     *audienceFields // nil: no audience data (audience.go)
	// lastPost and search serve browsing (browse.go): the last_post key
	// and the text a browse query's Text searches (creatormatch.SearchKey).
	lastPost int64
	search   string
}

type accountFields struct {
	platform  cm.Platform
	platSig   uint64
	followers int64
}

type safetyFields struct {
	category string
	severity float64
}

// fieldsOf copies the filter fields out of c. Every string it keeps is
// interned (fieldStrings), so filter fields share no string with c: at
// 100k creators the JSON-decoded strings they used to keep alive (country,
// languages, tiers, platforms, brands, niche labels) were 860k of the 1.6M
// heap objects left once creators were packed.
func fieldsOf(c *cm.Creator) filterFields {
	// Every compared value is kept in the domain's key form (filterkeys.go),
	// as compileFilter turns every filter into it.
	country := cm.CountryKey(c.Country)
	langs := make([]string, 0, len(c.Languages))
	for _, l := range c.Languages {
		langs = append(langs, cm.LowerKey(l))
	}
	ff := filterFields{country: fieldStrings.get(country), languages: internAll(langs), audience: audienceFieldsOf(c.Audience),
		lastPost: cm.LastPostKey(c.LastPostAt()), search: cm.SearchKey(c)}
	ff.countryID = countrySyms.intern(country)
	ff.langSig = sigOf(langs)
	if len(c.Accounts) > 0 {
		ff.accounts = make([]accountFields, len(c.Accounts))
		for i, a := range c.Accounts {
			p := cm.Platform(cm.LowerKey(string(a.Platform)))
			ff.accounts[i] = accountFields{internAs(p), sig(string(p)), a.Followers}
		}
	}
	if f := c.Features; f != nil {
		ff.hasFeatures = true
		tier := cm.Tier(cm.LowerKey(string(f.Tier.Value)))
		ff.tier = internAs(tier)
		ff.tierID = tierSyms.intern(string(tier))
		ff.engagement = f.EngagementRate.Value
		ff.engPlatform = internAs(f.EngagementRate.Platform)
		ff.engTier = internAs(f.EngagementRate.Tier)
		if ff.engTier == "" {
			ff.engTier = ff.tier
		}
		ff.authenticity = f.Authenticity.Value
		if len(f.BrandSafety.Flags) > 0 {
			ff.safety = make([]safetyFields, len(f.BrandSafety.Flags))
			for i, s := range f.BrandSafety.Flags {
				cat := cm.LowerKey(s.Category)
				ff.safety[i] = safetyFields{fieldStrings.get(cat), s.Severity}
				ff.safetySig |= sig(cat)
			}
		}
		if len(f.Brands.Brands) > 0 {
			ff.brands = make([]string, len(f.Brands.Brands))
			for i, b := range f.Brands.Brands {
				ff.brands[i] = fieldStrings.get(cm.BrandKey(b.Brand))
			}
		}
		ff.brandSig = sigOf(ff.brands)
		if len(f.Niches.Labels) > 0 {
			ff.niches = make([]string, len(f.Niches.Labels))
			for i, l := range f.Niches.Labels {
				ff.niches[i] = fieldStrings.get(cm.LowerKey(l.Niche))
			}
		}
		ff.nicheSig = sigOf(ff.niches)
	} else if len(c.Niches) > 0 {
		// Without features the creator's declared niches are its niches,
		// as on Postgres.
		ff.niches = make([]string, len(c.Niches))
		for i, n := range c.Niches {
			ff.niches[i] = fieldStrings.get(cm.LowerKey(n))
		}
		ff.nicheSig = sigOf(ff.niches)
	}
	return ff
}

// stringTable interns strings process-wide, up to max of them (then it
// returns its argument): filter fields and entries hold values with few
// distinct strings (countries, languages, tiers, platforms, niche labels,
// safety categories, brand handles, model ids) once per creator, and one
// shared copy of each is one heap object instead of one per creator.
type stringTable struct {
	mu  sync.RWMutex
	m   map[string]string
	max int
}

var fieldStrings = &stringTable{m: map[string]string{}, max: 1 << 16}

func (t *stringTable) get(s string) string {
	if s == "" {
		return ""
	}
	t.mu.RLock()
	v, ok := t.m[s]
	t.mu.RUnlock()
	if ok {
		return v
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if v, ok := t.m[s]; ok {
		return v
	}
	if len(t.m) >= t.max {
		return s
	}
	s = strings.Clone(s) // not a substring of something larger
	t.m[s] = s
	return s
}

func internAs[T ~string](s T) T { return T(fieldStrings.get(string(s))) }

// internAll returns a new slice of the interned xs (nil for none).
func internAll(xs []string) []string {
	if len(xs) == 0 {
		return nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fieldStrings.get(x)
	}
	return out
}

// compiledFilter is a Filter turned into sets once per query.
type compiledFilter struct {
	none        bool // no constraint at all
	ids         map[string]struct{}
	exclude     map[string]struct{}
	accounts    bool
	platforms   map[cm.Platform]struct{}
	platSig     uint64
	minF, maxF  int64
	tiers       map[cm.Tier]struct{}
	tierBits    bitset // interned ids of tiers
	countries   map[string]struct{}
	countryBits bitset // interned ids of countries
	languages   map[string]struct{}
	langSig     uint64
	safety      map[string]struct{}
	safetySig   uint64
	tolerance   float64
	minEng      float64
	minAuth     float64
	brands      map[string]struct{}
	brandSig    uint64
	niches      map[string]struct{}
	nicheSig    uint64
	audience    []audienceTest // all must pass (normalised once, in compileAudience)
	unknownAud  bool           // Filter.IncludeUnknownAudience
}

func set[T comparable](xs []T) map[T]struct{} {
	if len(xs) == 0 {
		return nil
	}
	m := make(map[T]struct{}, len(xs))
	for _, x := range xs {
		m[x] = struct{}{}
	}
	return m
}

// symBits is the set of ids of the values the interner knows; values it
// does not know are held by no creator.
func symBits[T ~string](syms *symbols, xs []T) bitset {
	b := bitset{}
	for _, x := range xs {
		if id, ok := syms.lookup(string(x)); ok && id != symOther {
			b.set(int(id))
		}
	}
	return b
}

func compileFilter(f cm.Filter) *compiledFilter {
	f = f.Normalized()
	cf := &compiledFilter{
		ids:       set(f.IDs),
		exclude:   set(f.ExcludeIDs),
		platforms: set(f.Platforms),
		platSig:   sigOf(f.Platforms),
		minF:      f.MinFollowers,
		maxF:      f.MaxFollowers,
		tiers:     set(f.Tiers),
		countries: set(f.Countries),
		languages: set(f.Languages),
		langSig:   sigOf(f.Languages),
		safety:    set(f.ExcludeSafety),
		safetySig: sigOf(f.ExcludeSafety),
		tolerance: f.SafetyTolerance,
		minEng:    f.MinEngagementRate,
		minAuth:   f.MinAuthenticity,
		brands:    set(f.WorkedWith),
		brandSig:  sigOf(f.WorkedWith),
		niches:    set(f.Niches),
		nicheSig:  sigOf(f.Niches),
		audience:  compileAudience(f.Audience),
	}
	cf.unknownAud = f.IncludeUnknownAudience
	if cf.tiers != nil {
		cf.tierBits = symBits(tierSyms, f.Tiers)
	}
	if cf.countries != nil {
		cf.countryBits = symBits(countrySyms, f.Countries)
	}
	cf.accounts = cf.platforms != nil || cf.minF > 0 || cf.maxF > 0
	cf.setNone()
	return cf
}

func (cf *compiledFilter) setNone() {
	cf.none = cf.ids == nil && cf.exclude == nil && !cf.accounts && cf.tiers == nil &&
		cf.countries == nil && cf.languages == nil && cf.safety == nil && cf.minEng <= 0 &&
		cf.minAuth <= 0 && cf.brands == nil && cf.niches == nil && cf.audience == nil
}

// hasIDs reports whether the filter restricts to an explicit id list, so a
// search can visit those creators instead of scanning everything.
func (cf *compiledFilter) hasIDs() bool { return cf.ids != nil }

// anyIn reports whether xs and m share a value; the signatures reject most
// disjoint pairs without touching the strings.
func anyIn(xs []string, xsig uint64, m map[string]struct{}, msig uint64) bool {
	if xsig&msig == 0 {
		return false
	}
	for _, x := range xs {
		if _, ok := m[x]; ok {
			return true
		}
	}
	return false
}

// countryOK and tierOK test an interned value, falling back to the string
// for one the interner had no room for.
func (cf *compiledFilter) countryOK(id uint16, country string) bool {
	if id != symOther {
		return cf.countryBits.has(int(id))
	}
	_, ok := cf.countries[country]
	return ok
}

func (cf *compiledFilter) tierOK(id uint16, tier cm.Tier) bool {
	if id != symOther {
		return cf.tierBits.has(int(id))
	}
	_, ok := cf.tiers[tier]
	return ok
}

// pass reports whether a creator passes. Feature-based constraints fail a
// creator without features (nothing shows it qualifies), except safety
// exclusion, which only drops creators with a flag.
func (cf *compiledFilter) pass(id string, ff *filterFields) bool {
	if cf.none {
		return true
	}
	if cf.ids != nil {
		if _, ok := cf.ids[id]; !ok {
			return false
		}
	}
	if cf.exclude != nil {
		if _, ok := cf.exclude[id]; ok {
			return false
		}
	}
	if cf.countries != nil && !cf.countryOK(ff.countryID, ff.country) {
		return false
	}
	if cf.tiers != nil && (!ff.hasFeatures || !cf.tierOK(ff.tierID, ff.tier)) {
		return false
	}
	if cf.minEng > 0 && (!ff.hasFeatures || ff.engagement < cf.minEng) {
		return false
	}
	if cf.minAuth > 0 && (!ff.hasFeatures || ff.authenticity < cf.minAuth) {
		return false
	}
	if cf.accounts {
		ok := false
		for i := range ff.accounts {
			a := &ff.accounts[i]
			if cf.platforms != nil {
				if a.platSig&cf.platSig == 0 {
					continue
				}
				if _, in := cf.platforms[a.platform]; !in {
					continue
				}
			}
			if a.followers < cf.minF || (cf.maxF > 0 && a.followers > cf.maxF) {
				continue
			}
			ok = true
			break
		}
		if !ok {
			return false
		}
	}
	if cf.languages != nil && !anyIn(ff.languages, ff.langSig, cf.languages, cf.langSig) {
		return false
	}
	if cf.safety != nil && ff.safetySig&cf.safetySig != 0 {
		for _, s := range ff.safety {
			if _, ok := cf.safety[s.category]; ok && s.severity >= cf.tolerance {
				return false
			}
		}
	}
	if cf.brands != nil && !anyIn(ff.brands, ff.brandSig, cf.brands, cf.brandSig) {
		return false
	}
	if cf.niches != nil && !anyIn(ff.niches, ff.nicheSig, cf.niches, cf.nicheSig) {
		return false
	}
	for i := range cf.audience {
		if !cf.audience[i].pass(ff.audience, cf.unknownAud) {
			return false
		}
	}
	return true
}

// rowMeta is the part of a row's filter fields the dense scan reads without
// following the row's entry pointer: 4 bytes a row, contiguous.
type rowMeta struct {
	country uint16
	tier    uint16 // with feat set
	feat    bool
}

func metaOf(ff *filterFields) rowMeta {
	return rowMeta{country: ff.countryID, tier: ff.tierID, feat: ff.hasFeatures}
}

// rowFilter is a compiledFilter specialised to one slab for one query:
// country and tier are tested on the row column, IDs and ExcludeIDs become
// row bitsets, and whatever remains is tested on the entry (rest, nil when
// nothing remains). It also rejects holes (deleted rows kept while an
// approximate index may still refer to them).
type rowFilter struct {
	sp        *space
	cf        *compiledFilter
	none      bool // every live row passes
	countries bool
	tiers     bool
	allow     bitset // rows named by IDs (nil: no IDs constraint)
	deny      bitset // rows named by ExcludeIDs
	rest      *compiledFilter
}

func newRowFilter(sp *space, cf *compiledFilter, creators map[string]*entry, model string) *rowFilter {
	rf := &rowFilter{sp: sp, cf: cf, none: cf.none, countries: cf.countries != nil, tiers: cf.tiers != nil}
	if cf.none {
		return rf
	}
	rows := func(ids map[string]struct{}) bitset {
		b := make(bitset, (sp.rows()+63)/64)
		for id := range ids {
			if e := creators[id]; e != nil && e.model == model && e.row >= 0 {
				b.set(e.row)
			}
		}
		return b
	}
	if cf.ids != nil {
		rf.allow = rows(cf.ids)
	}
	if cf.exclude != nil {
		rf.deny = rows(cf.exclude)
	}
	rest := *cf
	rest.ids, rest.exclude, rest.countries, rest.tiers = nil, nil, nil, nil
	rest.setNone()
	if !rest.none {
		rf.rest = &rest
	}
	return rf
}

// ok reports whether row r is live and passes.
func (rf *rowFilter) ok(r int) bool {
	sp := rf.sp
	e := sp.owner[r]
	if e == nil {
		return false
	}
	if rf.none {
		return true
	}
	m := sp.meta[r]
	// The entry (e.ff) is read only for a value the interner had no room
	// for: following the pointer for every row would cost a cache miss.
	if rf.countries {
		if m.country != symOther {
			if !rf.cf.countryBits.has(int(m.country)) {
				return false
			}
		} else if _, ok := rf.cf.countries[e.ff.country]; !ok {
			return false
		}
	}
	if rf.tiers {
		if !m.feat {
			return false
		}
		if m.tier != symOther {
			if !rf.cf.tierBits.has(int(m.tier)) {
				return false
			}
		} else if _, ok := rf.cf.tiers[e.ff.tier]; !ok {
			return false
		}
	}
	if rf.allow != nil && !rf.allow.has(r) {
		return false
	}
	if rf.deny != nil && rf.deny.has(r) {
		return false
	}
	return rf.rest == nil || rf.rest.pass(e.id, &e.ff)
}

// estimate is the expected number of passing rows, from the per-value row
// counts (independence assumed; constraints tested on the entry are assumed
// to pass everything, so this is an upper estimate for them).
func (rf *rowFilter) estimate() float64 {
	sp := rf.sp
	live := float64(sp.live())
	if rf.none || live == 0 {
		return live
	}
	est := live
	if rf.allow != nil {
		est = min(est, float64(len(rf.cf.ids)))
	}
	if rf.countries {
		n := sp.countryCnt.sum(rf.cf.countryBits)
		est *= float64(n) / live
	}
	if rf.tiers {
		n := sp.tierCnt.sum(rf.cf.tierBits)
		est *= float64(n) / live
	}
	return est
}

// valueCounts counts live rows by interned value; symOther counts as
// possibly matching anything.
type valueCounts []int32

func (c *valueCounts) add(id uint16, d int32) {
	for len(*c) <= int(id) {
		*c = append(*c, 0)
	}
	(*c)[id] += d
}

func (c valueCounts) sum(b bitset) int {
	n := 0
	for i, v := range c {
		if b.has(i) || i == symOther {
			n += int(v)
		}
	}
	return n
}
