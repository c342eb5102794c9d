package brief

import (
	"strings"
	"testing"
)

// BenchmarkParse measures the rules parser on a typical agency brief and
// on a text at the MaxParseBytes cap.
func BenchmarkParse(b *testing.B) {
	typical := "Hi team — we're launching a new vegan protein bar in the UK. Budget: £5,500. Looking for micro-influencers (fitness, wellness) on Instagram Reels and TikTok. Audience: women 25-34, at least 40% UK audience. No alcohol, gambling, or political content. Avoid creators who worked with @grenade or Barebells."
	b.Run("typical", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Parse(typical)
		}
	})
	b.Run("capped", func(b *testing.B) {
		huge := strings.Repeat(typical+"\n", MaxParseBytes/len(typical)+10)
		b.ReportAllocs()
		for b.Loop() {
			Parse(huge)
		}
	})
}
