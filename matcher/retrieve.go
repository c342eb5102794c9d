package matcher

import (
	"context"
	"sort"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/creatormatch/creatormatch"
)

// candidate is a creator found by retrieval, with what each retriever said.
type candidate struct {
	id        string
	dense     float64 // cosine similarity to the brief; valid when inDense
	lexical   float64 // text-search score; valid when inLexical
	inDense   bool
	inLexical bool
	fused     float64 // reciprocal rank fusion score
	denseRank int
	lexRank   int
	// relaxedOnly marks a candidate only the relaxed retrieval of
	// include_excluded found: it is reported only if a rule excludes it.
	relaxedOnly bool
	// posts are the cosine similarities of the brief to the creator's
	// best-matching posts, best first (Request.PostFit; nil when off).
	posts []float64
}

type retrieveParams struct {
	mode   Retrieval
	vector []float32
	text   string
	filter creatormatch.Filter
	pool   int
	exact  bool
	// scoreDenseLexically: see Request.ScoreDenseLexically.
	scoreDenseLexically bool
}

// loaded holds the candidates' creators, loaded by each retriever as soon
// as its own search returns: with a database store, the load of one
// retriever's hits overlaps the other's search instead of following both
// (at 1M creators in PostgreSQL, loading ~100 creators costs about as much
// as the faster of the two searches). An ID is loaded once, by the first
// retriever to claim it.
//
// The lexical retriever also fetches the dense similarity of its hits
// (profileSimilarities) while the dense search runs: the candidates that
// only text search found need one, and asking for it after both searches
// put a round trip between retrieval and scoring.
type loaded struct {
	mu       sync.Mutex
	claimed  map[string]bool
	creators map[string]*creatormatch.Creator
	lexSims  map[string]float64 // dense similarity of the lexical hits
	// denseHits and lexHits count what each search returned.
	denseHits, lexHits int
}

// full reports whether a search returned a whole pool, so that a deeper
// one may find more.
func (l *loaded) full(pool int) bool { return l.denseHits >= pool || l.lexHits >= pool }

// load fetches the creators of hits not yet claimed.
func (l *loaded) load(ctx context.Context, st creatormatch.Store, hits []creatormatch.Hit) error {
	l.mu.Lock()
	ids := make([]string, 0, len(hits))
	for _, h := range hits {
		if !l.claimed[h.CreatorID] {
			l.claimed[h.CreatorID] = true
			ids = append(ids, h.CreatorID)
		}
	}
	l.mu.Unlock()
	if len(ids) == 0 {
		return nil
	}
	// Read-only creators (see Store.GetCreators): scoring never modifies them.
	cs, err := st.GetCreators(ctx, ids)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range cs {
		l.creators[c.ID] = c
	}
	return nil
}

// retrieve runs the dense and lexical searches (filters applied inside
// each) concurrently (with scoreDenseLexically, the dense candidates are
// also scored lexically on every word of the text: mergeLexical), loads the creators each one found (see loaded), and
// fuses the two rankings with reciprocal rank fusion:
//
//	rrf(c) = Σ over retrievers r that returned c of 1 / (k + rank_r(c))
//
// RRF needs no score calibration between cosine similarities and text
// ranks, which live on unrelated scales. Candidates come back by fused
// score, ties by id, with their creators by id (a creator deleted since it
// was indexed is missing) and, in hybrid mode, the lexical hits' dense
// similarities.
func (m *Matcher) retrieve(ctx context.Context, p retrieveParams) ([]candidate, *loaded, error) {
	if p.mode == "" {
		p.mode = RetrievalHybrid
	}
	var dense, lexical, denseLex []creatormatch.Hit
	got := &loaded{claimed: map[string]bool{}, creators: map[string]*creatormatch.Creator{}}
	g, gctx := errgroup.WithContext(ctx)
	if p.mode != RetrievalLexical {
		g.Go(func() error {
			var err error
			dense, err = m.store.SearchDense(gctx, creatormatch.DenseQuery{
				Model: m.embedder.Model(), Vector: p.vector, Filter: p.filter, Limit: p.pool, Exact: p.exact,
			})
			if err != nil {
				return err
			}
			if p.mode != RetrievalHybrid || !p.scoreDenseLexically || len(dense) == 0 {
				return got.load(gctx, m.store, dense)
			}
			// The dense candidates scored on every word of the text (see
			// mergeLexical), beside loading them.
			ids := make([]string, len(dense))
			for i, h := range dense {
				ids[i] = h.CreatorID
			}
			dg, dctx := errgroup.WithContext(gctx)
			dg.Go(func() error { return got.load(dctx, m.store, dense) })
			dg.Go(func() error {
				var err error
				denseLex, err = m.store.SearchLexical(dctx, creatormatch.LexicalQuery{Text: p.text,
					Filter: creatormatch.Filter{IDs: ids}, Limit: len(ids)})
				return err
			})
			return dg.Wait()
		})
	}
	if p.mode != RetrievalDense {
		g.Go(func() error {
			var err error
			lexical, err = m.store.SearchLexical(gctx, creatormatch.LexicalQuery{Text: p.text, Filter: p.filter, Limit: p.pool})
			if err != nil {
				return err
			}
			if err := got.load(gctx, m.store, lexical); err != nil {
				return err
			}
			if p.mode == RetrievalLexical || len(p.vector) == 0 || len(lexical) == 0 {
				return nil
			}
			ids := make([]string, len(lexical))
			for i, h := range lexical {
				ids[i] = h.CreatorID
			}
			got.lexSims, err = m.profileSimilarities(gctx, p.vector, ids)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	got.denseHits, got.lexHits = len(dense), len(lexical) // before the merge: what each search returned
	lexical = mergeLexical(lexical, denseLex)
	byID := map[string]*candidate{}
	get := func(id string) *candidate {
		c, ok := byID[id]
		if !ok {
			c = &candidate{id: id}
			byID[id] = c
		}
		return c
	}
	for i, h := range dense {
		c := get(h.CreatorID)
		c.dense, c.inDense, c.denseRank = h.Score, true, i+1
		c.fused += 1 / (m.cfg.RRFK + float64(i+1))
	}
	for i, h := range lexical {
		c := get(h.CreatorID)
		c.lexical, c.inLexical, c.lexRank = h.Score, true, i+1
		c.fused += 1 / (m.cfg.RRFK + float64(i+1))
	}
	out := make([]candidate, 0, len(byID))
	for _, c := range byID {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].fused != out[j].fused {
			return out[i].fused > out[j].fused
		}
		return out[i].id < out[j].id
	})
	return out, got, nil
}

// mergeLexical returns the lexical ranking of hybrid retrieval: the
// catalogue-wide lexical hits and the dense candidates' lexical scores
// (a SearchLexical restricted to their IDs, which matches every word of
// the text), merged by score, best first, ties by ID, each creator once.
//
// Why: a catalogue-wide lexical search must stay bounded at any size, so
// stores match only a brief's rarer words there (store/postgres matches
// within a document-frequency budget and never widens to the common words;
// at 1M creators widening ranked up to 370k documents). The common words
// still tell semantically close candidates apart, so they are scored where
// the set is already small: the dense pool. Both searches score a creator
// with the same formula, so the two lists merge by score.
func mergeLexical(lexical, denseLex []creatormatch.Hit) []creatormatch.Hit {
	if len(denseLex) == 0 {
		return lexical
	}
	seen := make(map[string]bool, len(lexical)+len(denseLex))
	out := make([]creatormatch.Hit, 0, len(lexical)+len(denseLex))
	for _, hs := range [][]creatormatch.Hit{lexical, denseLex} {
		for _, h := range hs {
			if !seen[h.CreatorID] {
				seen[h.CreatorID] = true
				out = append(out, h)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].CreatorID < out[j].CreatorID
	})
	return out
}
