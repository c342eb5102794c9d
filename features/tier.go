package features

import "github.com/creatormatch/creatormatch"

// TierOf returns the tier of an account with the given followers:
// the highest tier whose lower bound followers reach (nano ≥ b.Nano,
// micro ≥ b.Micro, mid ≥ b.Mid, macro ≥ b.Macro, mega ≥ b.Mega), TierNone
// below b.Nano.
func TierOf(followers int64, b TierBounds) creatormatch.Tier {
	switch {
	case followers >= b.Mega:
		return creatormatch.TierMega
	case followers >= b.Macro:
		return creatormatch.TierMacro
	case followers >= b.Mid:
		return creatormatch.TierMid
	case followers >= b.Micro:
		return creatormatch.TierMicro
	case followers >= b.Nano:
		return creatormatch.TierNano
	}
	return creatormatch.TierNone
}

// Tier is the tier of the creator's main account (the one with the most
// followers): Value = TierOf(followers). Confidence is 1 for a positive
// follower count, 0.5 when the main account reports zero followers (zero
// often means "not reported") and 0 without an account.
func Tier(c *creatormatch.Creator, cfg Config) creatormatch.TierFeature {
	cfg = cfg.withDefaults()
	out := creatormatch.TierFeature{Value: creatormatch.TierNone}
	if c == nil {
		return out
	}
	m := c.MainAccount()
	if m == nil {
		return out
	}
	out.Followers = max(m.Followers, 0)
	out.Platform = m.Platform
	out.Value = TierOf(out.Followers, cfg.Tiers)
	out.Confidence = 1
	if out.Followers == 0 {
		out.Confidence = 0.5
	}
	return out
}
