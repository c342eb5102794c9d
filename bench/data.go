package bench

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
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

// BuildTemplates ingests n demo creators (bio + up to 5 posts each) through
// catalog.Upsert with the real embedder into a fresh memory store in dir,
// timing it (the "with embedding" ingest figure), and returns them with
// their real profile vectors.
func BuildTemplates(ctx context.Context, emb Embedder, dir string, n int, seed int64) (*Templates, *IngestResult, error) {
	st, err := memory.Open(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	defer st.Close()
	cs := demoCreators(n, seed, 5)
	texts := 0
	for _, c := range cs {
		if c.Bio != "" {
			texts++
		}
		texts += len(c.Content)
	}
	svc := catalog.New(st, emb)
	if _, err := svc.Prototypes(ctx); err != nil { // one-off start-up cost, not per creator
		return nil, nil, err
	}
	start := time.Now()
	const batch = 50
	for i := 0; i < len(cs); i += batch {
		if err := svc.Upsert(ctx, cs[i:min(i+batch, len(cs))]); err != nil {
			return nil, nil, fmt.Errorf("ingest demo creators: %w", err)
		}
	}
	secs := time.Since(start).Seconds()
	ing := &IngestResult{Creators: len(cs), Texts: texts, Seconds: secs,
		CreatorsPS: float64(len(cs)) / secs, TextsPS: float64(texts) / secs}

	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	full, err := st.GetCreators(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	vecs, err := st.ProfileVectors(ctx, emb.Model(), ids)
	if err != nil {
		return nil, nil, err
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
		return nil, nil, fmt.Errorf("no template creator has a profile vector")
	}
	return t, ing, nil
}

// NoiseSigma is the standard deviation of the Gaussian noise added to each
// component of a template's (unit) profile vector.
const NoiseSigma = 0.02

// SyntheticID is the id of synthetic creator i.
func SyntheticID(i int) string { return fmt.Sprintf("b%07d", i) }

// Synthetic builds creator i of the catalogue: a copy of template i mod T
// without content, with the planted country and tier, and profile vector
// normalise(template vector + N(0, NoiseSigma²) per component).
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
	base := t.Profiles[k]
	v := make([]float32, len(base))
	var norm float64
	for j, x := range base {
		v[j] = x + float32(r.NormFloat64()*NoiseSigma)
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
