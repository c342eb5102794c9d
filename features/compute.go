package features

import (
	"time"

	"github.com/creatormatch/creatormatch"
)

// Input is everything Compute reads. Only Creator is needed; every other
// field may be zero: no peers means prior-only percentiles, no vectors or
// prototypes means lexicon-only niches and brand safety, a zero Config is
// DefaultConfig.
type Input struct {
	Creator *creatormatch.Creator
	// Now is the reference time of consistency and becomes ComputedAt.
	Now   time.Time
	Peers PeerTable
	// BioVector and ContentVectors (by content item id) are the creator's
	// vectors, L2-normalised, from the model of Prototypes.
	BioVector      []float32
	ContentVectors map[string][]float32
	Prototypes     Prototypes
	Config         Config
}

// Compute computes every feature of in.Creator, with ComputedAt = in.Now.
// A nil creator yields neutral features with zero confidence.
func Compute(in Input) creatormatch.Features {
	cfg := in.Config.withDefaults()
	c := in.Creator
	if c == nil {
		c = &creatormatch.Creator{}
	}
	er := EngagementRate(c, in.Peers, cfg)
	return creatormatch.Features{
		ComputedAt:        in.Now,
		Tier:              Tier(c, cfg),
		EngagementRate:    er,
		EngagementQuality: EngagementQuality(c, cfg),
		Consistency:       Consistency(c, in.Now, cfg),
		Authenticity:      Authenticity(c, er, in.Peers, cfg),
		Niches: ClassifyNiches(NicheInput{
			Posts:          c.Content,
			ContentVectors: in.ContentVectors,
			Bio:            c.Bio,
			BioVector:      in.BioVector,
			Prototypes:     in.Prototypes.Niches,
			Declared:       c.Niches,
			Config:         cfg,
		}),
		BrandSafety: BrandSafety(c, in.ContentVectors, in.Prototypes.Safety, cfg),
		Disclosure:  Disclosure(c),
		Brands:      Brands(c),
		Cost:        Cost(c, in.Peers, cfg),
	}
}
