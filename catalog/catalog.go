// Package catalog is the write side of creatormatch: it turns creators as
// callers send them into what the store keeps. One way through: normalise →
// validate → embed (through the store's embedding cache) → compute features
// → upsert atomically. The API, the CLI's ingest command and the evaluation
// harness all write through it, so a creator ingested any way is stored the
// same way.
package catalog

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

// Embedder is what the catalog needs from an embedding provider; every
// provider in package embeddings satisfies it.
type Embedder interface {
	EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error)
	Model() string
	Dimension() int
}

// MaxBatch is the largest number of creators one Upsert accepts.
const MaxBatch = 1000

// peerTTL bounds how long the cached (platform, tier) engagement peer
// table is trusted. Writes through this Service keep it current themselves
// (see build and notePeers), so the TTL only bounds what this process
// cannot see: creators written or deleted by another process, or deleted
// through the store directly.
const peerTTL = 5 * time.Minute

// Service writes creators. It is safe for concurrent use.
type Service struct {
	store    creatormatch.Store
	embedder Embedder
	cfg      features.Config
	now      func() time.Time
	log      *slog.Logger

	protoOnce sync.Once
	proto     features.Prototypes
	protoErr  error

	peerMu     sync.Mutex
	peers      features.PeerTable
	peersTime  time.Time
	peersReady bool
	// peersGen is bumped whenever the cached table is reloaded or
	// dropped, so a write can tell whether the table it read is still the
	// one it should update.
	peersGen uint64

	// locks serialise read-modify-write updates (AddContent) of one creator
	// within this process; striped so unrelated creators do not contend.
	locks [64]sync.Mutex
	seed  maphash.Seed
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the clock used for validation bounds and feature ages.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option { return func(s *Service) { s.log = l } }

// New returns a Service writing to store with vectors from embedder.
func New(store creatormatch.Store, embedder Embedder, opts ...Option) *Service {
	s := &Service{
		store:    store,
		embedder: embedder,
		cfg:      features.DefaultConfig(),
		now:      time.Now,
		log:      slog.Default(),
		seed:     maphash.MakeSeed(),
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Store returns the store the service writes to.
func (s *Service) Store() creatormatch.Store { return s.store }

// Embedder returns the embedder the service uses.
func (s *Service) Embedder() Embedder { return s.embedder }

// Prototypes returns the embedded niche and brand-safety descriptions that
// zero-shot classification compares content against, embedding them once.
func (s *Service) Prototypes(ctx context.Context) (features.Prototypes, error) {
	s.protoOnce.Do(func() {
		s.proto, s.protoErr = embedPrototypes(ctx, s.embedder)
	})
	if s.protoErr != nil {
		// Allow a retry after a transient failure (a remote provider down).
		err := s.protoErr
		s.protoOnce = sync.Once{}
		return features.Prototypes{}, err
	}
	return s.proto, nil
}

func embedPrototypes(ctx context.Context, e Embedder) (features.Prototypes, error) {
	embedMap := func(m map[string]string) (map[string][]float32, error) {
		keys := make([]string, 0, len(m))
		texts := make([]string, 0, len(m))
		for k, t := range m {
			keys = append(keys, k)
			texts = append(texts, t)
		}
		vecs, err := e.EmbedDocuments(ctx, texts)
		if err != nil {
			return nil, fmt.Errorf("embed prototypes: %w", err)
		}
		out := make(map[string][]float32, len(keys))
		for i, k := range keys {
			out[k] = vecs[i]
		}
		return out, nil
	}
	niches, err := embedMap(features.NicheDescriptions())
	if err != nil {
		return features.Prototypes{}, err
	}
	safety, err := embedMap(features.SafetyDescriptions())
	if err != nil {
		return features.Prototypes{}, err
	}
	return features.Prototypes{Niches: niches, Safety: safety}, nil
}

// peerTable returns the cached engagement peer table, reloading it from
// the store when it is missing or older than peerTTL, and its generation.
func (s *Service) peerTable(ctx context.Context) (features.PeerTable, uint64, error) {
	s.peerMu.Lock()
	defer s.peerMu.Unlock()
	if s.peersReady && s.now().Sub(s.peersTime) < peerTTL {
		return s.peers, s.peersGen, nil
	}
	rates, err := s.store.PeerRates(ctx)
	if err != nil {
		return features.PeerTable{}, 0, fmt.Errorf("load engagement peers: %w", err)
	}
	s.peers = features.NewPeerTable(rates)
	s.peersTime = s.now()
	s.peersReady = true
	s.peersGen++
	return s.peers, s.peersGen, nil
}

// RefreshPeers makes the next write reload the engagement peer table.
func (s *Service) RefreshPeers() {
	s.peerMu.Lock()
	s.peersReady = false
	s.peersGen++
	s.peerMu.Unlock()
}

// peerChange is what a built batch changes in the peer table once it is
// written: the previous rates of its creators out, their new rates in.
type peerChange struct {
	gen         uint64 // generation of the table the batch was built on
	remove, add map[string][]float64
	exact       bool // the change applied exactly to that table
}

// notePeers applies a written batch's change to the cached table, so the
// next write ranks against the creators just written without reloading
// every rate of the catalogue. When the cached table is no longer the one
// the batch was built on (reloaded meanwhile: it may or may not hold the
// batch already), or the change did not apply exactly, the table is
// dropped and the next write reloads it.
func (s *Service) notePeers(ch peerChange) {
	s.peerMu.Lock()
	defer s.peerMu.Unlock()
	if !s.peersReady || s.peersGen != ch.gen || !ch.exact {
		s.peersReady = false
		s.peersGen++
		return
	}
	next, exact := s.peers.With(ch.remove, ch.add)
	if !exact {
		s.peersReady = false
		s.peersGen++
		return
	}
	s.peers = next
}

// Check normalises and validates one creator without writing it; field
// paths in the error are relative to the creator.
func (s *Service) Check(c *creatormatch.Creator) error {
	c.Normalize()
	return c.Validate(s.now())
}

// Upsert normalises, validates, embeds and stores creators in one atomic
// write: if any creator is invalid nothing is written and the returned
// *creatormatch.ValidationError names every bad field as creators[i].path.
// The creators are updated in place with their computed features.
func (s *Service) Upsert(ctx context.Context, creators []creatormatch.Creator) error {
	if len(creators) == 0 {
		return creatormatch.Invalid("creators", "must hold at least one creator")
	}
	if len(creators) > MaxBatch {
		return creatormatch.Invalid("creators", "at most %d creators per batch; got %d", MaxBatch, len(creators))
	}
	verr := &creatormatch.ValidationError{}
	seen := make(map[string]int, len(creators))
	for i := range creators {
		c := &creators[i]
		if err := s.Check(c); err != nil {
			var ve *creatormatch.ValidationError
			if errors.As(err, &ve) {
				verr.Fields = append(verr.Fields, ve.Prefix(fmt.Sprintf("creators[%d]", i)).Fields...)
			}
		}
		if c.ID != "" {
			if j, dup := seen[c.ID]; dup {
				verr.Add(fmt.Sprintf("creators[%d].id", i), "duplicate id %q in this batch (also creators[%d])", c.ID, j)
			}
			seen[c.ID] = i
		}
	}
	if err := verr.Err(); err != nil {
		return err
	}
	old, err := s.storedFeatures(ctx, creators)
	if err != nil {
		return err
	}
	return s.write(ctx, creators, old)
}

// storedFeatures returns the stored features of those of creators that are
// already stored, by id: their engagement rates are in the peer table and
// leave it when the creators are rewritten.
func (s *Service) storedFeatures(ctx context.Context, creators []creatormatch.Creator) (map[string]*creatormatch.Features, error) {
	ids := make([]string, 0, len(creators))
	for i := range creators {
		if creators[i].ID != "" {
			ids = append(ids, creators[i].ID)
		}
	}
	stored, err := s.store.GetCreators(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("read stored creators: %w", err)
	}
	old := make(map[string]*creatormatch.Features, len(stored))
	for _, c := range stored {
		old[c.ID] = c.Features // read only (GetCreators' creators are shared)
	}
	return old, nil
}

// write builds creators (old: the stored features of those already stored,
// by id), writes them in one transaction and, once written, puts their
// engagement rates in the cached peer table.
func (s *Service) write(ctx context.Context, creators []creatormatch.Creator, old map[string]*creatormatch.Features) error {
	records, ch, err := s.build(ctx, creators, old)
	if err != nil {
		return err
	}
	if err := s.store.UpsertCreators(ctx, records); err != nil {
		// Atomic: nothing was written, the table is as it was.
		return err
	}
	s.notePeers(ch)
	return nil
}

// AddContent adds items to a stored creator, replacing items with the same
// id, and recomputes its vectors and features. It returns the updated
// creator.
func (s *Service) AddContent(ctx context.Context, creatorID string, items []creatormatch.ContentItem) (*creatormatch.Creator, error) {
	if len(items) == 0 {
		return nil, creatormatch.Invalid("items", "must hold at least one item")
	}
	mu := &s.locks[maphash.String(s.seed, creatorID)%uint64(len(s.locks))]
	mu.Lock()
	defer mu.Unlock()

	c, err := s.store.GetCreator(ctx, creatorID)
	if err != nil {
		return nil, err
	}
	verr := &creatormatch.ValidationError{}
	seen := map[string]int{}
	now := s.now()
	for i := range items {
		it := &items[i]
		it.Normalize(c)
		if err := it.ValidateItem(c, now); err != nil {
			var ve *creatormatch.ValidationError
			if errors.As(err, &ve) {
				verr.Fields = append(verr.Fields, ve.Prefix(fmt.Sprintf("items[%d]", i)).Fields...)
			}
		}
		if j, dup := seen[it.ID]; dup && it.ID != "" {
			verr.Add(fmt.Sprintf("items[%d].id", i), "duplicate id %q in this request (also items[%d])", it.ID, j)
		}
		seen[it.ID] = i
	}
	if err := verr.Err(); err != nil {
		return nil, err
	}
	merged := *c
	merged.Content = make([]creatormatch.ContentItem, 0, len(c.Content)+len(items))
	for _, it := range c.Content {
		if _, replaced := seen[it.ID]; !replaced {
			merged.Content = append(merged.Content, it)
		}
	}
	merged.Content = append(merged.Content, items...)
	if len(merged.Content) > creatormatch.MaxContentItems {
		return nil, creatormatch.Invalid("items", "the creator would have %d items; at most %d", len(merged.Content), creatormatch.MaxContentItems)
	}
	merged.Features = nil
	if err := merged.Validate(now); err != nil {
		return nil, err
	}
	batch := []creatormatch.Creator{merged}
	if err := s.write(ctx, batch, map[string]*creatormatch.Features{c.ID: c.Features}); err != nil {
		return nil, err
	}
	return &batch[0], nil
}

// Recompute recomputes the features of every stored creator against a fresh
// peer table, reusing cached embeddings, in batches of batchSize. It
// reports progress through fn (may be nil) and returns how many creators it
// rewrote.
func (s *Service) Recompute(ctx context.Context, batchSize int, fn func(done int)) (int, error) {
	if batchSize <= 0 {
		batchSize = 200
	}
	s.RefreshPeers()
	var batch []creatormatch.Creator
	old := map[string]*creatormatch.Features{}
	done := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := s.write(ctx, batch, old); err != nil {
			return err
		}
		done += len(batch)
		batch = batch[:0]
		clear(old)
		if fn != nil {
			fn(done)
		}
		return nil
	}
	err := s.store.ScanCreators(ctx, func(c *creatormatch.Creator) error {
		cc := *c
		old[cc.ID] = cc.Features
		cc.Features = nil
		batch = append(batch, cc)
		if len(batch) >= batchSize {
			return flush()
		}
		return nil
	})
	if err != nil {
		return done, err
	}
	if err := flush(); err != nil {
		return done, err
	}
	return done, nil
}

// build embeds the creators' texts and computes their features and vectors
// (old: the stored features of those already stored, by id). The features
// rank engagement against the cached peer table as it will be once the
// batch is written — the creators' previous rates out, their new ones in —
// so a creator is one of its own peers, as in the table of every later
// write; the returned change is that difference, for notePeers.
func (s *Service) build(ctx context.Context, creators []creatormatch.Creator, old map[string]*creatormatch.Features) ([]creatormatch.CreatorRecord, peerChange, error) {
	proto, err := s.Prototypes(ctx)
	if err != nil {
		return nil, peerChange{}, err
	}
	cached, gen, err := s.peerTable(ctx)
	if err != nil {
		return nil, peerChange{}, err
	}
	vecs, err := s.embedTexts(ctx, creatorTexts(creators))
	if err != nil {
		return nil, peerChange{}, err
	}
	// The engagement rates (not their percentiles) do not depend on the
	// table: measure them first to know what the batch adds to it.
	ch := peerChange{gen: gen, remove: map[string][]float64{}, add: map[string][]float64{}}
	for i := range creators {
		c := &creators[i]
		if k, r, ok := features.PeerEntry(old[c.ID]); ok {
			ch.remove[k] = append(ch.remove[k], r)
		}
		f := creatormatch.Features{Tier: features.Tier(c, s.cfg), EngagementRate: features.EngagementRate(c, features.PeerTable{}, s.cfg)}
		k, r, _ := features.PeerEntry(&f)
		ch.add[k] = append(ch.add[k], r)
	}
	peers, exact := cached.With(ch.remove, ch.add)
	ch.exact = exact
	now := s.now()
	records := make([]creatormatch.CreatorRecord, len(creators))
	for i := range creators {
		c := &creators[i]
		if c.CreatedAt.IsZero() {
			c.CreatedAt = now
		}
		c.UpdatedAt = now
		var bio []float32
		if c.Bio != "" {
			bio = vecs[c.Bio]
		}
		content := make(map[string][]float32, len(c.Content))
		for _, it := range c.Content {
			if t := it.Text(); t != "" {
				content[it.ID] = vecs[t]
			}
		}
		f := features.Compute(features.Input{
			Creator:        c,
			Now:            now,
			Peers:          peers,
			BioVector:      bio,
			ContentVectors: content,
			Prototypes:     proto,
			Config:         s.cfg,
		})
		c.Features = &f
		records[i] = creatormatch.CreatorRecord{
			Creator:        c,
			Model:          s.embedder.Model(),
			Dimension:      s.embedder.Dimension(),
			Profile:        ProfileVector(bio, c.Content, content),
			ContentVectors: content,
		}
	}
	return records, ch, nil
}

// creatorTexts lists the distinct texts to embed: bios and content texts.
func creatorTexts(creators []creatormatch.Creator) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for i := range creators {
		add(creators[i].Bio)
		for _, it := range creators[i].Content {
			add(it.Text())
		}
	}
	return out
}

// embedTexts returns a vector per text, taking what it can from the store's
// embedding cache and embedding (then caching) the rest.
func (s *Service) embedTexts(ctx context.Context, texts []string) (map[string][]float32, error) {
	out := make(map[string][]float32, len(texts))
	if len(texts) == 0 {
		return out, nil
	}
	model := s.embedder.Model()
	keys := make([]string, len(texts))
	for i, t := range texts {
		keys[i] = creatormatch.EmbeddingKey(t)
	}
	cached, err := s.store.CachedEmbeddings(ctx, model, keys)
	if err != nil {
		return nil, fmt.Errorf("read embedding cache: %w", err)
	}
	var missing []string
	var missingKeys []string
	for i, t := range texts {
		if v, ok := cached[keys[i]]; ok && len(v) == s.embedder.Dimension() {
			out[t] = v
			continue
		}
		missing = append(missing, t)
		missingKeys = append(missingKeys, keys[i])
	}
	if len(missing) == 0 {
		return out, nil
	}
	start := time.Now()
	vecs, err := s.embedder.EmbedDocuments(ctx, missing)
	if err != nil {
		return nil, fmt.Errorf("embed %d texts: %w", len(missing), err)
	}
	if len(vecs) != len(missing) {
		return nil, fmt.Errorf("embedder returned %d vectors for %d texts", len(vecs), len(missing))
	}
	s.log.DebugContext(ctx, "embedded texts", "count", len(missing), "cached", len(texts)-len(missing), "duration", time.Since(start))
	fresh := make(map[string][]float32, len(missing))
	for i, t := range missing {
		out[t] = vecs[i]
		fresh[missingKeys[i]] = vecs[i]
	}
	if err := s.store.CacheEmbeddings(ctx, model, fresh); err != nil {
		return nil, fmt.Errorf("write embedding cache: %w", err)
	}
	return out, nil
}

// ProfileVector is the creator-level vector retrieval searches:
//
//	profile = normalise(0.4·bio + 0.6·mean(content vectors))
//
// where each part is dropped (and the other takes its whole weight) when
// absent. The bio says what the creator claims to be about; the content
// what they actually post. Content gets the larger share because it is
// both more plentiful and harder to game. Content vectors are averaged in
// the order of c's content so the result is deterministic. Returns nil when
// there is nothing to embed.
func ProfileVector(bio []float32, content []creatormatch.ContentItem, vecs map[string][]float32) []float32 {
	var dim int
	if len(bio) > 0 {
		dim = len(bio)
	}
	var mean []float32
	n := 0
	for _, it := range content {
		v, ok := vecs[it.ID]
		if !ok || len(v) == 0 {
			continue
		}
		if mean == nil {
			mean = make([]float32, len(v))
			dim = len(v)
		}
		if len(v) != len(mean) {
			continue
		}
		for j, x := range v {
			mean[j] += x
		}
		n++
	}
	if dim == 0 {
		return nil
	}
	out := make([]float32, dim)
	bioW, contentW := 0.4, 0.6
	switch {
	case len(bio) == 0:
		bioW, contentW = 0, 1
	case n == 0:
		bioW, contentW = 1, 0
	}
	for j := range out {
		var x float64
		if bioW > 0 {
			x += bioW * float64(bio[j])
		}
		if contentW > 0 {
			x += contentW * float64(mean[j]) / float64(n)
		}
		out[j] = float32(x)
	}
	var norm float64
	for _, x := range out {
		norm += float64(x) * float64(x)
	}
	if norm == 0 {
		return nil
	}
	inv := float32(1 / math.Sqrt(norm))
	for j := range out {
		out[j] *= inv
	}
	return out
}
