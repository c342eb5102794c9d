package features

import (
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/creatormatch/creatormatch"
)

// fuzzReader hands out values from the fuzz bytes, then zeros.
type fuzzReader struct {
	b []byte
	i int
}

func (r *fuzzReader) byte() byte {
	if r.i >= len(r.b) {
		return 0
	}
	r.i++
	return r.b[r.i-1]
}

func (r *fuzzReader) intn(n int) int { return int(r.byte()) % n }

func (r *fuzzReader) u32() uint32 {
	var x [4]byte
	for i := range x {
		x[i] = r.byte()
	}
	return binary.LittleEndian.Uint32(x[:])
}

var fuzzCounts = []int64{0, 1, 3, 10, 999, 1000, 9_999, 10_000, 50_000, 100_000, 500_000, 1_000_000, 25_000_000,
	-1, math.MaxInt64, math.MinInt64, 7, 120, 5_000}

func (r *fuzzReader) count() int64 {
	if r.intn(4) == 0 {
		return int64(r.u32() % 100_000)
	}
	return fuzzCounts[r.intn(len(fuzzCounts))]
}

// float returns a "nice" float most of the time, and raw bits (NaN, Inf,
// subnormals) sometimes.
func (r *fuzzReader) float() float64 {
	switch r.intn(8) {
	case 0:
		return float64(math.Float32frombits(r.u32()))
	case 1:
		return -float64(r.byte()) / 100
	default:
		return float64(r.byte()) / 255
	}
}

func (r *fuzzReader) vec(dim int) []float32 {
	if r.intn(5) == 0 {
		dim = r.intn(6)
	}
	v := make([]float32, dim)
	for i := range v {
		if r.intn(10) == 0 {
			v[i] = math.Float32frombits(r.u32())
		} else {
			v[i] = float32(int(r.byte())-128) / 128
		}
	}
	return v
}

var fuzzWords = []string{"gym", "workout", "recipe", "vegan", "#ad", "#sponsored", "paid partnership", "use code JANE20",
	"@glowlab", "20% off", "link in bio", "amzn.to/x", "drunk", "casino", "fuck", "weed", "gun", "nude", "election",
	"scandal", "🔥", "nice pic", "love this", "travel", "#skincareroutine", "makeup", "the", "and", "ééé", "\x00", "#",
	"@", "code:", "bit.ly/a?ref=1", "#DrunkAF", "18–24", "what lens did you use?", ""}

func (r *fuzzReader) text(maxWords int) string {
	n := r.intn(maxWords + 1)
	s := ""
	for range n {
		s += fuzzWords[r.intn(len(fuzzWords))] + " "
	}
	return s
}

var fuzzPlatforms = []creatormatch.Platform{creatormatch.Instagram, creatormatch.TikTok, creatormatch.YouTube, "", "myspace"}

// fuzzInput builds a Compute input from fuzz bytes.
func fuzzInput(data []byte) (Input, AudienceTarget) {
	r := &fuzzReader{b: data}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	if r.intn(8) == 0 {
		now = time.Time{}
	}
	c := &creatormatch.Creator{ID: "fz", Bio: r.text(4)}
	for range r.intn(4) {
		a := creatormatch.Account{Platform: fuzzPlatforms[r.intn(len(fuzzPlatforms))], Followers: r.count(), Following: r.count()}
		for j := range r.intn(10) {
			day := now.AddDate(0, 0, -7*j*r.intn(3))
			a.FollowerHistory = append(a.FollowerHistory, creatormatch.FollowerPoint{Date: creatormatch.Date{Time: day}, Followers: r.count()})
		}
		c.Accounts = append(c.Accounts, a)
	}
	const dim = 4
	in := Input{Creator: c, Now: now, ContentVectors: map[string][]float32{}}
	for i := range r.intn(16) {
		it := creatormatch.ContentItem{
			ID:       string(rune('a' + i%26)), // ids may repeat
			Platform: fuzzPlatforms[r.intn(len(fuzzPlatforms))],
			Caption:  r.text(6),
			Likes:    r.count(), Comments: r.count(), Shares: r.count(), Saves: r.count(), Views: r.count(),
			Sponsored: r.intn(4) == 0,
		}
		if r.intn(6) != 0 {
			it.PostedAt = now.Add(-time.Duration(int64(r.u32()%(200*24))) * time.Hour)
		}
		for range r.intn(3) {
			it.Hashtags = append(it.Hashtags, fuzzWords[r.intn(len(fuzzWords))])
			it.Mentions = append(it.Mentions, fuzzWords[r.intn(len(fuzzWords))])
			it.Sponsors = append(it.Sponsors, fuzzWords[r.intn(len(fuzzWords))])
			it.Disclosures = append(it.Disclosures, fuzzWords[r.intn(len(fuzzWords))])
		}
		for range r.intn(8) {
			it.CommentSamples = append(it.CommentSamples, r.text(3))
		}
		if r.intn(2) == 0 {
			in.ContentVectors[it.ID] = r.vec(dim)
		}
		c.Content = append(c.Content, it)
	}
	if r.intn(2) == 0 {
		cr := r.float()
		c.Audience = &creatormatch.Audience{
			Age:       map[string]float64{"18-24": r.float(), "25-34": r.float()},
			Gender:    map[string]float64{"female": r.float()},
			Countries: map[string]float64{"US": r.float(), "": r.float()},
		}
		if r.intn(2) == 0 {
			c.Audience.Credibility = &cr
		}
	}
	if r.intn(3) == 0 {
		c.RateCard = &creatormatch.RateCard{Currency: []string{"", "USD", "eur"}[r.intn(3)],
			PerPost: map[creatormatch.Platform]float64{fuzzPlatforms[r.intn(3)]: r.float() * 1000}}
	}
	for range r.intn(3) {
		c.Niches = append(c.Niches, creatormatch.NicheKeys[r.intn(len(creatormatch.NicheKeys))])
	}
	in.BioVector = r.vec(dim)
	if r.intn(4) != 0 {
		in.Prototypes = Prototypes{Niches: map[string][]float32{}, Safety: map[string][]float32{}}
		for _, k := range creatormatch.NicheKeys {
			if r.intn(3) != 0 {
				in.Prototypes.Niches[k] = r.vec(dim)
			}
		}
		for _, k := range creatormatch.SafetyCategories {
			if r.intn(2) == 0 {
				in.Prototypes.Safety[k] = r.vec(dim)
			}
		}
	}
	peers := map[string][]float64{}
	for range r.intn(4) {
		k := creatormatch.PeerKey(fuzzPlatforms[r.intn(3)], creatormatch.Tiers[r.intn(len(creatormatch.Tiers))])
		for range r.intn(40) {
			peers[k] = append(peers[k], r.float())
		}
	}
	in.Peers = NewPeerTable(peers)
	if r.intn(4) == 0 {
		in.Config = DefaultConfig()
		in.Config.EngagementPosts = r.intn(20)
	}
	t := AudienceTarget{Ages: []string{"18–24"}, MinAgeShare: r.float(), Genders: []string{"female"},
		Countries: []string{"us", ""}, MinCountryShare: r.float()}
	return in, t
}

func FuzzCompute(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("creatormatch"))
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Fuzz(func(t *testing.T, data []byte) {
		in, target := fuzzInput(data)
		feats := Compute(in)
		checkFeatures(t, feats)
		fit := AudienceFit(in.Creator.Audience, target, AudienceWeights{})
		if !(fit.Value >= 0 && fit.Value <= 1 && fit.Confidence >= 0 && fit.Confidence <= 1) {
			t.Fatalf("audience fit out of range: %+v", fit)
		}
		for _, d := range fit.Dimensions {
			if !(d.Fit >= 0 && d.Fit <= 1 && d.Share >= 0 && d.Share <= 1) {
				t.Fatalf("dimension out of range: %+v", d)
			}
		}
		_ = SafetyExcluded(feats.BrandSafety, creatormatch.SafetyCategories, 0.3)
		_ = Conflicts(feats.Brands, []string{"glowlab", "@x"})
	})
}
