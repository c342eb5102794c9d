package brief

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/creatormatch/creatormatch"
)

func q(xs []string) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprintf("%q", x)
	}
	return "[]string{" + strings.Join(s, ", ") + "}"
}

func TestGen(t *testing.T) {
	in := os.Getenv("GEN")
	if in == "" {
		t.Skip()
	}
	var sb strings.Builder
	for i, s := range strings.Split(in, "\n===\n") {
		b := Parse(s)
		fmt.Fprintf(&sb, "\t{\n\t\tname: %q,\n\t\ttext: %q,\n\t\twant: creatormatch.Brief{\n", fmt.Sprint("case", i), s)
		if b.Goal != "" {
			fmt.Fprintf(&sb, "\t\t\tGoal: creatormatch.Goal%s,\n", map[creatormatch.Goal]string{"awareness": "Awareness", "launch": "Launch", "community": "Community", "conversion": "Conversion"}[b.Goal])
		}
		if b.Budget != nil {
			fmt.Fprintf(&sb, "\t\t\tBudget: money(%v, %q),\n", b.Budget.Total, b.Budget.Currency)
		}
		if len(b.Platforms) > 0 {
			var ps []string
			for _, p := range b.Platforms {
				ps = append(ps, map[creatormatch.Platform]string{"instagram": "creatormatch.Instagram", "tiktok": "creatormatch.TikTok", "youtube": "creatormatch.YouTube"}[p])
			}
			fmt.Fprintf(&sb, "\t\t\tPlatforms: []creatormatch.Platform{%s},\n", strings.Join(ps, ", "))
		}
		if b.MinFollowers != 0 {
			fmt.Fprintf(&sb, "\t\t\tMinFollowers: %d,\n", b.MinFollowers)
		}
		if b.MaxFollowers != 0 {
			fmt.Fprintf(&sb, "\t\t\tMaxFollowers: %d,\n", b.MaxFollowers)
		}
		if len(b.Tiers) > 0 {
			var ts []string
			for _, t := range b.Tiers {
				ts = append(ts, "creatormatch.Tier"+strings.ToUpper(string(t[:1]))+string(t[1:]))
			}
			fmt.Fprintf(&sb, "\t\t\tTiers: []creatormatch.Tier{%s},\n", strings.Join(ts, ", "))
		}
		a := b.Audience
		if !a.Empty() || a.MinAgeShare+a.MinGenderShare+a.MinCountryShare+a.MinLanguageShare > 0 {
			sb.WriteString("\t\t\tAudience: creatormatch.AudienceTarget{\n")
			if len(a.Ages) > 0 {
				fmt.Fprintf(&sb, "\t\t\t\tAges: %s,\n", q(a.Ages))
			}
			if len(a.Genders) > 0 {
				fmt.Fprintf(&sb, "\t\t\t\tGenders: %s,\n", q(a.Genders))
			}
			if len(a.Countries) > 0 {
				fmt.Fprintf(&sb, "\t\t\t\tCountries: %s,\n", q(a.Countries))
			}
			if len(a.Languages) > 0 {
				fmt.Fprintf(&sb, "\t\t\t\tLanguages: %s,\n", q(a.Languages))
			}
			if a.MinAgeShare > 0 {
				fmt.Fprintf(&sb, "\t\t\t\tMinAgeShare: %v,\n", a.MinAgeShare)
			}
			if a.MinGenderShare > 0 {
				fmt.Fprintf(&sb, "\t\t\t\tMinGenderShare: %v,\n", a.MinGenderShare)
			}
			if a.MinCountryShare > 0 {
				fmt.Fprintf(&sb, "\t\t\t\tMinCountryShare: %v,\n", a.MinCountryShare)
			}
			if a.MinLanguageShare > 0 {
				fmt.Fprintf(&sb, "\t\t\t\tMinLanguageShare: %v,\n", a.MinLanguageShare)
			}
			sb.WriteString("\t\t\t},\n")
		}
		for _, f := range []struct {
			n  string
			xs []string
		}{{"CreatorCountries", b.CreatorCountries}, {"CreatorLanguages", b.CreatorLanguages}, {"Topics", b.Topics}, {"AvoidTopics", b.AvoidTopics}, {"Competitors", b.Competitors}, {"ExcludeSafety", b.ExcludeSafety}} {
			if len(f.xs) > 0 {
				fmt.Fprintf(&sb, "\t\t\t%s: %s,\n", f.n, q(f.xs))
			}
		}
		if b.Product != "" {
			fmt.Fprintf(&sb, "\t\t\tProduct: %q,\n", b.Product)
		}
		sb.WriteString("\t\t},\n\t},\n")
	}
	os.WriteFile("/tmp/gen/cases.txt", []byte(sb.String()), 0o644)
}
