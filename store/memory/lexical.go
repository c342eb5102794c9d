package memory

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	cm "github.com/creatormatch/creatormatch"
)

// BM25 parameters: the usual defaults (k1 term-frequency saturation, b
// document-length normalisation).
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// Tokenisation, shared by indexing and queries so both sides agree:
//
//   - a token is a maximal run of Unicode letters and digits; everything
//     else (spaces, punctuation, '#', '@', '_') separates tokens;
//   - a token with inner case or letter/digit changes ("PlantBased",
//     "veganRecipes", "top10") is indexed whole and as its parts, so hashtags
//     written in camel case match their words;
//   - tokens are lower-cased; one-letter tokens and English stop words are
//     dropped;
//   - a light plural stemmer maps "recipes"→"recipe", "berries"→"berry",
//     "dishes"→"dish", "bags"→"bag" (see stem). It is deliberately not a full
//     Porter stemmer: it never merges different words, only number.
func tokenize(s string, emit func(string)) {
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		word := s[start:end]
		start = -1
		parts := splitParts(word)
		emitTok(strings.ToLower(word), emit)
		if len(parts) > 1 {
			for _, p := range parts {
				emitTok(strings.ToLower(p), emit)
			}
		}
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
}

func emitTok(t string, emit func(string)) {
	if utf8.RuneCountInString(t) < 2 {
		if r, _ := utf8.DecodeRuneInString(t); !unicode.IsDigit(r) {
			return
		}
	}
	if _, stop := stopWords[t]; stop {
		return
	}
	emit(stem(t))
}

// splitParts splits a letter/digit run at lower→upper changes, at the last
// upper of an upper run followed by a lower ("HTMLParser" → HTML, Parser)
// and at letter↔digit changes.
func splitParts(w string) []string {
	var parts []string
	runes := []rune(w)
	from := 0
	for i := 1; i < len(runes); i++ {
		a, b := runes[i-1], runes[i]
		cut := (unicode.IsLower(a) && unicode.IsUpper(b)) ||
			(unicode.IsDigit(a) != unicode.IsDigit(b)) ||
			(unicode.IsUpper(a) && unicode.IsUpper(b) && i+1 < len(runes) && unicode.IsLower(runes[i+1]))
		if cut {
			parts = append(parts, string(runes[from:i]))
			from = i
		}
	}
	if from == 0 {
		return nil
	}
	return append(parts, string(runes[from:]))
}

// stem strips English plural endings: -ies → -y, -sses/-shes/-ches/-xes/-zes
// → drop "es", other -s (not -ss, -us, -is) → drop "s". Words of three
// letters or fewer are kept.
func stem(t string) string {
	n := len(t)
	if n <= 3 || t[n-1] != 's' {
		return t
	}
	switch {
	case strings.HasSuffix(t, "ies") && n > 4:
		return t[:n-3] + "y"
	case strings.HasSuffix(t, "sses"), strings.HasSuffix(t, "shes"), strings.HasSuffix(t, "ches"),
		strings.HasSuffix(t, "xes"), strings.HasSuffix(t, "zes"):
		return t[:n-2]
	case strings.HasSuffix(t, "ss"), strings.HasSuffix(t, "us"), strings.HasSuffix(t, "is"):
		return t
	}
	return t[:n-1]
}

// stopWords are common English function words; they carry no topic.
var stopWords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(`a about above after again against all am an and any are as at be
because been before being below between both but by can could did do does doing down during each
few for from further had has have having he her here hers herself him himself his how i if in into
is it its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves s t don im ive youre
dont cant wont`) {
		m[w] = struct{}{}
	}
	return m
}()

// docTerms is a creator's indexed text: term frequencies and the length (the
// number of indexed tokens).
type docTerms struct {
	tf  map[string]uint32
	len uint32
}

// creatorText feeds the searchable fields of c to fn: name, bio, declared
// niches, classified niche labels, captions and hashtags.
func creatorText(c *cm.Creator, fn func(string)) {
	fn(c.Name)
	fn(c.Bio)
	for _, n := range c.Niches {
		fn(n)
	}
	if c.Features != nil {
		for _, l := range c.Features.Niches.Labels {
			fn(l.Niche)
		}
	}
	for i := range c.Content {
		fn(c.Content[i].Caption)
		for _, h := range c.Content[i].Hashtags {
			fn(h)
		}
	}
}

func termsOf(c *cm.Creator) docTerms {
	d := docTerms{tf: map[string]uint32{}}
	creatorText(c, func(s string) {
		tokenize(s, func(t string) {
			d.tf[t]++
			d.len++
		})
	})
	return d
}

type posting struct {
	doc int32
	tf  uint32
}

type lexDoc struct {
	e     *entry // nil once deleted
	len   uint32
	alive bool
}

// lexFilter is what the filter tests of a document: a copy of its entry's
// id and filter fields (immutable, like the entry), kept in an array
// parallel to docs so checking a candidate reads one contiguous record
// instead of chasing the entry pointer (a cache miss per candidate).
type lexFilter struct {
	id string
	ff filterFields
}

// lexIndex is an inverted index for BM25. Deleting or replacing a creator
// only marks its document dead (postings of dead documents are skipped and
// not counted in document frequencies); once dead documents outnumber live
// ones the postings are rewritten without them, so the cost is amortised.
type lexIndex struct {
	postings map[string][]posting
	docs     []lexDoc
	filt     []lexFilter // parallel to docs
	live     int
	totalLen int64
}

func newLexIndex() *lexIndex { return &lexIndex{postings: map[string][]posting{}} }

func (ix *lexIndex) add(e *entry, d docTerms) int32 {
	id := int32(len(ix.docs))
	ix.docs = append(ix.docs, lexDoc{e: e, len: d.len, alive: true})
	ix.filt = append(ix.filt, lexFilter{e.id, e.ff})
	for t, n := range d.tf {
		ix.postings[t] = append(ix.postings[t], posting{id, n})
	}
	ix.live++
	ix.totalLen += int64(d.len)
	return id
}

func (ix *lexIndex) remove(doc int32) {
	d := &ix.docs[doc]
	if !d.alive {
		return
	}
	d.alive = false
	d.e = nil
	ix.filt[doc] = lexFilter{}
	ix.live--
	ix.totalLen -= int64(d.len)
	if dead := len(ix.docs) - ix.live; dead > 1024 && dead > ix.live {
		ix.rebuild()
	}
}

// rebuild drops dead documents and renumbers the live ones.
func (ix *lexIndex) rebuild() {
	remap := make([]int32, len(ix.docs))
	docs := make([]lexDoc, 0, ix.live)
	filt := make([]lexFilter, 0, ix.live)
	for i, d := range ix.docs {
		if !d.alive {
			remap[i] = -1
			continue
		}
		remap[i] = int32(len(docs))
		d.e.lexDoc = int32(len(docs))
		docs = append(docs, d)
		filt = append(filt, ix.filt[i])
	}
	for t, pl := range ix.postings {
		out := pl[:0]
		for _, p := range pl {
			if n := remap[p.doc]; n >= 0 {
				out = append(out, posting{n, p.tf})
			}
		}
		if len(out) == 0 {
			delete(ix.postings, t)
			continue
		}
		ix.postings[t] = out[:len(out):len(out)]
	}
	ix.docs = docs
	ix.filt = filt
}

// lexScratch is a search's per-document accumulator and candidate lists,
// pooled: acc has one slot per document and is all zeros between searches.
type lexScratch struct {
	acc     []float64
	touched []int32
	cands   []lexCand
	group   []scored
}

var lexPool = sync.Pool{New: func() any { return new(lexScratch) }}

// lexFirstCheck is how many candidates a filtered search takes in score
// order before it first considers checking the rest in index order (then
// again at every doubling). A variable so tests can reach that path on
// small data.
var lexFirstCheck = 512

// lexCand is a scored document waiting for the filter.
type lexCand struct {
	score float64
	doc   int32
}

// qterm is a distinct query term and how many times the query repeats it.
type qterm struct {
	t string
	n int
}

// queryTerms tokenizes a query into its distinct terms, in order of first
// appearance (so BM25 sums are reproducible), counting repeats.
func queryTerms(text string) []qterm {
	var terms []qterm
	tokenize(text, func(t string) {
		for i := range terms {
			if terms[i].t == t {
				terms[i].n++
				return
			}
		}
		terms = append(terms, qterm{t, 1})
	})
	return terms
}

// search scores live documents by BM25 over the query's distinct terms
// (OR semantics: a document matching any term is a candidate; a term the
// query repeats counts that many times) and returns the k best passing cf,
// best first, ties by ID.
//
// The filter is checked lazily: candidates are taken best first from a
// max-heap and checked until k pass, so a search checks about
// k / selectivity documents instead of every matching one (checking a
// document reads its entry, a cache miss, and hashes its fields).
func (ix *lexIndex) search(ctx context.Context, text string, cf *compiledFilter, k int) ([]scored, error) {
	terms := queryTerms(text)
	if len(terms) == 0 || ix.live == 0 || k <= 0 {
		return nil, nil
	}
	sc := lexPool.Get().(*lexScratch)
	defer lexPool.Put(sc)
	if cap(sc.acc) < len(ix.docs) {
		sc.acc = make([]float64, len(ix.docs))
	}
	acc := sc.acc[:len(ix.docs)]
	touched := sc.touched[:0]
	defer func() {
		for _, d := range touched {
			acc[d] = 0
		}
		sc.touched = touched[:0]
	}()
	n := float64(ix.live)
	avgdl := float64(ix.totalLen) / n
	if avgdl == 0 {
		avgdl = 1
	}
	allAlive := ix.live == len(ix.docs)
	// BM25 length normalisation k1·(1 − b + b·len/avgdl), as a + c·len.
	normA, normC := bm25K1*(1-bm25B), bm25K1*bm25B/avgdl
	for _, qt := range terms {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pl := ix.postings[qt.t]
		df := len(pl)
		if !allAlive {
			df = 0
			for _, p := range pl {
				if ix.docs[p.doc].alive {
					df++
				}
			}
		}
		if df == 0 {
			continue
		}
		idf := math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
		w := idf * float64(qt.n) * (bm25K1 + 1)
		for _, p := range pl {
			d := &ix.docs[p.doc]
			if !d.alive {
				continue
			}
			tf := float64(p.tf)
			if acc[p.doc] == 0 {
				touched = append(touched, p.doc)
			}
			acc[p.doc] += w * tf / (tf + normA + normC*float64(d.len))
		}
	}
	if len(touched) == 0 {
		return nil, nil
	}
	// Max-heap of candidates by score, built in O(n).
	h := sc.cands[:0]
	for _, d := range touched {
		h = append(h, lexCand{acc[d], d})
	}
	defer func() { sc.cands = h[:0] }()
	for i := len(h)/2 - 1; i >= 0; i-- {
		siftDownLex(h, i)
	}
	out := make([]scored, 0, min(k, len(h)))
	group := sc.group[:0]
	defer func() {
		clear(group)
		sc.group = group[:0]
	}()
	popped, passed, nextCheck := 0, 0, lexFirstCheck
	for len(h) > 0 && len(out) < k {
		// Take every candidate of the best score at once: ties order by
		// ID, so which of them make the cut depends on all of them.
		best := h[0].score
		group = group[:0]
		for len(h) > 0 && h[0].score == best {
			if popped++; popped%ctxCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			d := h[0].doc
			acc[d] = -1 // popped (scores are positive)
			last := len(h) - 1
			h[0] = h[last]
			h = h[:last]
			siftDownLex(h, 0)
			if f := &ix.filt[d]; cf.pass(f.id, &f.ff) {
				group = append(group, scored{best, ix.docs[d].e})
			}
		}
		passed += len(group)
		if len(group) > 1 {
			slices.SortFunc(group, func(a, b scored) int { return strings.Compare(a.e.id, b.e.id) })
		}
		out = append(out, group[:min(len(group), k-len(out))]...)
		// A selective filter would make this pop most of the heap in
		// score order, each pop a random access. Once the pass rate so
		// far says so, check the rest in index order instead (touched
		// lists documents in ascending runs) into a top-k heap: every
		// remaining candidate scores below everything taken so far.
		if popped >= nextCheck && len(out) < k && len(h) > 0 {
			nextCheck *= 2
			if need := k - len(out); need*popped > max(passed, 1)*len(h)/4 {
				rest := newTopK(need)
				for i, d := range touched {
					if i%ctxCheckEvery == 0 {
						if err := ctx.Err(); err != nil {
							return nil, err
						}
					}
					if acc[d] < 0 {
						continue
					}
					if f := &ix.filt[d]; cf.pass(f.id, &f.ff) {
						rest.push(scored{acc[d], ix.docs[d].e})
					}
				}
				return append(out, rest.sorted()...), nil
			}
		}
	}
	return out, nil
}

func siftDownLex(h []lexCand, i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h[r].score > h[l].score {
			m = r
		}
		if h[m].score <= h[i].score {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
