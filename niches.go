package creatormatch

import "slices"

// NicheKeys is the niche taxonomy: the keys used for declared niches,
// classification labels, audience interests and brief topics. Descriptions
// used for zero-shot classification live in the features package.
var NicheKeys = []string{
	"beauty", "skincare", "fashion", "fitness", "food", "plant_based",
	"parenting", "travel", "gaming", "tech", "personal_finance", "home_decor",
	"pets", "automotive", "music", "comedy", "education", "science",
	"outdoors", "sports", "wellness", "diy", "photography", "books",
	"sustainability",
}

// ValidNiche reports whether k is in NicheKeys.
func ValidNiche(k string) bool {
	return slices.Contains(NicheKeys, k)
}
