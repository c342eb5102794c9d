package matcher

import (
	"slices"

	"github.com/creatormatch/creatormatch"
)

// Creators come from Store.GetCreators, which returns read-only values a
// store may share with other readers (store/memory returns its stored
// creators). The matcher never modifies them; what it hands to callers
// (the Features of a returned match, and the post ids its reasons cite)
// is copied first by ownFeatures, for the page only, so callers may modify
// responses freely.

// ownFeatures deep-copies f: every slice gets its own backing array (nil
// stays nil); strings are immutable and shared. TestOwnFeaturesComplete
// fails when a reference field is added to Features without being copied
// here.
func ownFeatures(f *creatormatch.Features) *creatormatch.Features {
	if f == nil {
		return nil
	}
	n := *f
	n.EngagementRate.Evidence = ownEvidence(f.EngagementRate.Evidence)
	n.EngagementQuality.Evidence = ownEvidence(f.EngagementQuality.Evidence)
	n.Consistency.Evidence = ownEvidence(f.Consistency.Evidence)
	n.Authenticity.Evidence = ownEvidence(f.Authenticity.Evidence)
	n.Niches.Labels = slices.Clone(f.Niches.Labels)
	n.Niches.Evidence = ownEvidence(f.Niches.Evidence)
	if f.BrandSafety.Flags != nil {
		n.BrandSafety.Flags = slices.Clone(f.BrandSafety.Flags)
		for i := range n.BrandSafety.Flags {
			fl := &n.BrandSafety.Flags[i]
			fl.PostIDs = slices.Clone(fl.PostIDs)
			fl.Terms = slices.Clone(fl.Terms)
		}
	}
	n.Disclosure.UndisclosedPostIDs = slices.Clone(f.Disclosure.UndisclosedPostIDs)
	if f.Brands.Brands != nil {
		n.Brands.Brands = slices.Clone(f.Brands.Brands)
		for i := range n.Brands.Brands {
			b := &n.Brands.Brands[i]
			b.PostIDs = slices.Clone(b.PostIDs)
		}
	}
	n.Cost.PerPlatform = slices.Clone(f.Cost.PerPlatform)
	return &n
}

func ownEvidence(ev []creatormatch.Evidence) []creatormatch.Evidence {
	if ev == nil {
		return nil
	}
	out := slices.Clone(ev)
	for i := range out {
		out[i].PostIDs = slices.Clone(out[i].PostIDs)
	}
	return out
}
