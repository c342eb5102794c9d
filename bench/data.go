package bench

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/store/memory"
)

// Planted filter shares. Every synthetic creator draws its country and tier
// from these so that the bench filters keep a known share of the catalogue:
// country US ~50%, tier mid ~10%, country NZ ~1%.
var (
	plantCountries = []string{"CA", "AU", "DE", "FR", "ES", "BR"} // the other 39%
	plantTiers     = []creatormatch.Tier{creatormatch.TierNano, creatormatch.TierMicro, creatormatch.TierMacro}
)

// BenchFilter is one filter the bench measures, with its planted share.
type BenchFilter struct {
	Name   string
	Share  float64 // planted share (the expected selectivity)
	Filter creatormatch.Filter
}

// Filters returns the measured filters: none, ~50%, ~10% and ~1%.
func Filters() []BenchFilter {
	return []BenchFilter{
		{"none", 1, creatormatch.Filter{}},
		{"country=US (~50%)", 0.5, creatormatch.Filter{Countries: []string{"US"}}},
		{"tier=mid (~10%)", 0.1, creatormatch.Filter{Tiers: []creatormatch.Tier{creatormatch.TierMid}}},
		{"country=NZ (~1%)", 0.01, creatormatch.Filter{Countries: []string{"NZ"}}},
	}
}

// plant returns creator i's country and tier. It depends only on (seed, i),
// so a catalogue of n creators is the prefix of any larger one.
func plant(seed int64, i int) (string, creatormatch.Tier, *rand.Rand) {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(i)*0x9E3779B97F4A7C15+1))
	u := r.Float64()
	var country string
	switch {
	case u < 0.01:
		country = "NZ"
	case u < 0.51:
		country = "US"
	default:
		country = plantCountries[r.IntN(len(plantCountries))]
	}
	tier := plantTiers[r.IntN(len(plantTiers))]
	if r.Float64() < 0.10 {
		tier = creatormatch.TierMid
	}
	return country, tier, r
}

// selectivity counts the share of n creators passing f (only the planted
// fields are used by the bench filters).
func selectivity(seed int64, n int, f creatormatch.Filter) float64 {
	if len(f.Countries) == 0 && len(f.Tiers) == 0 {
		return 1
	}
	pass := 0
	for i := range n {
		c, t, _ := plant(seed, i)
		ok := true
		if len(f.Countries) > 0 && !contains(f.Countries, c) {
			ok = false
		}
		if len(f.Tiers) > 0 && !contains(f.Tiers, t) {
			ok = false
		}
		if ok {
			pass++
		}
	}
	return float64(pass) / float64(n)
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Templates are real creators embedded with the real embedder: their
// profile vectors are the bases the synthetic catalogue is derived from.
type Templates struct {
	Creators []*creatormatch.Creator
	Profiles [][]float32
	Model    string
	Dim      int
}

// IngestResult is the "with embedding" ingest measurement.
type IngestResult struct {
	Creators   int
	Texts      int
	Seconds    float64
	CreatorsPS float64
	TextsPS    float64
	// Pieces is the use-lite pieces of all texts, PiecesPerPost the mean
	// of the posts alone, GFLOPS the useful GFLOP/s of the ingest (0 when
	// the embedder cannot count them).
	Pieces        int
	PiecesPerPost float64
	GFLOPS        float64
}

// demoCreators returns n demodata creators with at most posts posts each.
func demoCreators(n int, seed int64, posts int) []creatormatch.Creator {
	cs, _ := demodata.Generate(demodata.Config{Creators: n, Seed: seed})
	for i := range cs {
		if len(cs[i].Content) > posts {
			cs[i].Content = cs[i].Content[:posts]
		}
	}
	return cs
}

// PostPieces is the length, in use-lite pieces, the ingest figure's posts
// are brought to. The generator's captions are one to three sentences
// (about 30 pieces with hashtags); a real Instagram or TikTok caption with
// its hashtags runs to about 80, and the embedder's cost grows with the
// pieces, so a figure measured on short captions would flatter ingest.
const PostPieces = 80

// realLengthPosts returns n demo creators with posts posts each, every
// caption lengthened, word by word from the creator's other captions (the
// same voice and topic, cycling through them), until the post's text
// (caption and hashtags) has at least PostPieces pieces by count. Without a
// counter, 35 words stand in for 80 pieces.
func realLengthPosts(n int, seed int64, posts int, count func(string) int) []creatormatch.Creator {
	if count == nil {
		count = func(t string) int { return len(strings.Fields(t)) * PostPieces / 35 }
	}
	cs, _ := demodata.Generate(demodata.Config{Creators: n, Seed: seed})
	for i := range cs {
		all := cs[i].Content
		if len(all) == 0 {
			continue
		}
		var pool []string // the creator's words, each post starting at its own offset
		for _, it := range all {
			pool = append(pool, strings.Fields(it.Caption)...)
		}
		keep := make([]creatormatch.ContentItem, 0, posts)
		for j := 0; j < min(posts, len(all)); j++ {
			it := all[j]
			words := strings.Fields(it.Caption)
			for k := 0; count(it.Text()) < PostPieces && k < 4*len(pool); k++ {
				words = append(words, pool[(j*7+k)%len(pool)])
				it.Caption = strings.Join(words, " ")
			}
			keep = append(keep, it)
		}
		cs[i].Content = keep
	}
	return cs
}

// FLOPCounter is implemented by embedders that can count the useful
// floating-point operations of embedding texts (use-lite); the ingest figure
// then reports the rate the embedder achieved.
type FLOPCounter interface {
	FLOPs(texts []string) (flops float64, pieces int)
}

// BuildTemplates ingests n demo creators (bio + up to 5 posts each) through
// catalog.Upsert with the real embedder into a fresh memory store in dir
// and returns them with their real profile vectors: the bases the synthetic
// catalogue is derived from.
func BuildTemplates(ctx context.Context, emb Embedder, dir string, n int, seed int64) (*Templates, error) {
	st, err := memory.Open(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	cs := demoCreators(n, seed, 5)
	if _, err := ingestTimed(ctx, emb, st, cs); err != nil {
		return nil, err
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	full, err := st.GetCreators(ctx, ids)
	if err != nil {
		return nil, err
	}
	vecs, err := st.ProfileVectors(ctx, emb.Model(), ids)
	if err != nil {
		return nil, err
	}
	t := &Templates{Model: emb.Model(), Dim: emb.Dimension()}
	for _, c := range full {
		v, ok := vecs[c.ID]
		if !ok || c.Features == nil {
			continue
		}
		t.Creators = append(t.Creators, c)
		t.Profiles = append(t.Profiles, v)
	}
	if len(t.Creators) == 0 {
		return nil, fmt.Errorf("no template creator has a profile vector")
	}
	return t, nil
}

// MeasureIngest is the "with embedding" ingest figure: n demo creators,
// each with a bio and 5 real-length posts (realLengthPosts), upserted
// through catalog.Upsert with the real embedder into a fresh memory store
// in dir, in batches of 50, timed from the first batch to the last
// acknowledgement (features, embeddings, the fsynced log write included).
func MeasureIngest(ctx context.Context, emb Embedder, dir string, n int, seed int64) (*IngestResult, error) {
	st, err := memory.Open(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var count func(string) int
	if fc, ok := emb.(FLOPCounter); ok {
		count = func(t string) int { _, p := fc.FLOPs([]string{t}); return p }
	}
	return ingestTimed(ctx, emb, st, realLengthPosts(n, seed, 5, count))
}

// ingestTimed upserts cs through catalog.Upsert into st and times it.
func ingestTimed(ctx context.Context, emb Embedder, st *memory.Store, cs []creatormatch.Creator) (*IngestResult, error) {
	seen := map[string]bool{}
	var all []string
	posts, postPieces := 0, 0
	fc, counts := emb.(FLOPCounter)
	for _, c := range cs {
		for j, t := range append([]string{c.Bio}, contentTexts(c)...) {
			if j > 0 && counts {
				_, p := fc.FLOPs([]string{t})
				posts, postPieces = posts+1, postPieces+p
			}
			if t != "" && !seen[t] {
				seen[t] = true
				all = append(all, t)
			}
		}
	}
	svc := catalog.New(st, emb)
	if _, err := svc.Prototypes(ctx); err != nil { // one-off start-up cost, not per creator
		return nil, err
	}
	start := time.Now()
	const batch = 50
	// Batches through Service.Upsert, as API clients write, and no
	// Bulk.Finish re-ranking pass after: this figure is the rate of
	// streaming ingest with embeddings (what a client of POST /v1/creators
	// gets), and nothing matches against these creators afterwards, so
	// whether the first batches' percentiles were ranked against the whole
	// load does not matter here. (Bulk.Finish reads and rewrites each
	// creator once, without embedding: small next to this figure's cost.)
	for i := 0; i < len(cs); i += batch {
		if err := svc.Upsert(ctx, cs[i:min(i+batch, len(cs))]); err != nil {
			return nil, fmt.Errorf("ingest demo creators: %w", err)
		}
	}
	secs := time.Since(start).Seconds()
	ing := &IngestResult{Creators: len(cs), Texts: len(all), Seconds: secs,
		CreatorsPS: float64(len(cs)) / secs, TextsPS: float64(len(all)) / secs}
	if counts {
		// Every distinct text is embedded exactly once (the store's
		// embedding cache starts empty), so their FLOPs over the ingest
		// time is the rate the embedder achieved inside ingest.
		flops, pieces := fc.FLOPs(all)
		ing.Pieces = pieces
		ing.PiecesPerPost = float64(postPieces) / float64(max(posts, 1))
		ing.GFLOPS = flops / secs / 1e9
	}
	return ing, nil
}

func contentTexts(c creatormatch.Creator) []string {
	out := make([]string, len(c.Content))
	for i, it := range c.Content {
		out[i] = it.Text()
	}
	return out
}

// NoiseSigma is the standard deviation of the Gaussian noise added to each
// component of a synthetic creator's profile vector.
const NoiseSigma = 0.02

// DataVersion names the derivation below; stored catalogues (memory
// directories, bench databases) carry it in their names so that a change of
// derivation never reuses a catalogue built by another.
//
// Version 1 copied one template per creator plus noise: with 200 templates
// every template became a tight, isotropic clone cluster (500 creators at
// 100k, 5000 at 1M), far from every other cluster. Real catalogues do not look
// like that, and HNSW graphs over such data lose whole clusters (at 100k, 2 of
// the 16 briefs found none of their true top 10 at any ef_search): the figure
// measured the generator, not the index. Version 2 mixes two templates.
const DataVersion = 2

// catalogueKey names a stored catalogue of n creators.
func catalogueKey(n, templates int, seed int64) string {
	return fmt.Sprintf("v%d_t%d_n%d_s%d", DataVersion, templates, n, seed)
}

// SyntheticID is the id of synthetic creator i.
func SyntheticID(i int) string { return fmt.Sprintf("b%07d", i) }

// Synthetic builds creator i of the catalogue. Its profile (name, bio,
// accounts, features) copies template a = i mod T without content, with the
// planted country and tier; its profile vector is
//
//	normalise(α·t_a + (1-α)·t_b + N(0, NoiseSigma²) per component)
//
// where t_a, t_b are the real profile vectors of template a and of a second
// template b drawn at random, and α ~ U(0.6, 1): a creator is mostly about
// its template's topic with some of another, so the catalogue fills the space
// between topics as real creators do, instead of forming clone clusters.
func (t *Templates) Synthetic(seed int64, i int) creatormatch.CreatorRecord {
	country, tier, r := plant(seed, i)
	k := i % len(t.Creators)
	src := t.Creators[k]
	c := *src
	c.ID = SyntheticID(i)
	c.Name = fmt.Sprintf("%s %d", src.Name, i)
	c.Country = country
	c.Content = nil
	c.Accounts = append([]creatormatch.Account(nil), src.Accounts...)
	for j := range c.Accounts {
		if c.Accounts[j].Handle != "" {
			c.Accounts[j].Handle = fmt.Sprintf("%s_%d", c.Accounts[j].Handle, i)
		}
		c.Accounts[j].FollowerHistory = nil
	}
	f := *src.Features
	f.Tier.Value = tier
	c.Features = &f
	base, other := t.Profiles[k], t.Profiles[r.IntN(len(t.Profiles))]
	alpha := float32(0.6 + 0.4*r.Float64())
	v := make([]float32, len(base))
	var norm float64
	for j, x := range base {
		v[j] = alpha*x + (1-alpha)*other[j] + float32(r.NormFloat64()*NoiseSigma)
		norm += float64(v[j]) * float64(v[j])
	}
	inv := float32(1 / math.Sqrt(norm))
	for j := range v {
		v[j] *= inv
	}
	return creatormatch.CreatorRecord{Creator: &c, Model: t.Model, Dimension: t.Dim, Profile: v}
}

// Briefs are the realistic brief texts the match runs cycle through.
var Briefs = []string{
	"Launching a plant-based protein bar for busy commuters; looking for fitness and healthy food creators in their 20s and 30s.",
	"Eco-friendly skincare brand wants authentic beauty creators who talk about sensitive skin and clean ingredients.",
	"Budget travel backpack campaign: creators who film hostel tours, cheap flights and backpacking in Southeast Asia.",
	"New mechanical keyboard and PC gaming headset, need gaming and tech reviewers with engaged audiences.",
	"Family board game for the holidays: parenting creators with young kids, cozy home content.",
	"Specialty coffee subscription: home barista, latte art and morning routine creators.",
	"Running shoe launch for marathon training, looking for runners and endurance athletes.",
	"Sustainable fashion capsule wardrobe, thrifting and slow fashion creators in Europe.",
	"Personal finance app for students: budgeting tips, saving money and side hustles.",
	"Vegan dinner meal kit: quick weeknight recipes and home cooking videos.",
	"Pet food brand for senior dogs: dog owners, pet care and vet advice creators.",
	"Outdoor camping gear: hiking, camping trips, national parks and van life.",
	"Indie video game release on Steam, want streamers who play cozy and strategy games.",
	"Home workout equipment: yoga, pilates and at-home fitness routines for beginners.",
	"Photography mirrorless camera: travel photographers and filmmaking tutorials.",
	"DIY home renovation tools: interior design, woodworking and apartment makeovers.",
}
