package demodata

import (
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/creatormatch/creatormatch"
)

// Age tilt per platform for the buckets 13-17 … 65+.
var platformAgeTilt = map[creatormatch.Platform][6]float64{
	creatormatch.Instagram: {0.8, 1.2, 1.2, 0.9, 0.7, 0.5},
	creatormatch.TikTok:    {1.8, 1.4, 1.0, 0.7, 0.5, 0.3},
	creatormatch.YouTube:   {1.1, 1.1, 1.0, 1.0, 0.9, 0.8},
}

// Countries bought followers tend to come from.
var farmCountries = []string{"IN", "BR", "ID", "TR", "EG", "PK", "BD", "NG"}

// Audience language per country (primary language; the rest speak English).
var countryLang = map[string]string{
	"US": "en", "GB": "en", "CA": "en", "AU": "en", "DE": "de", "FR": "fr", "ES": "es", "BR": "pt",
	"MX": "es", "IN": "hi", "IT": "it", "NL": "nl", "SE": "sv", "ID": "id", "TR": "tr", "EG": "ar",
	"PK": "ur", "BD": "bn", "NG": "en",
}

func (g *gen) audience() {
	lowCred := g.signals[SignalLowCredibility]
	if !lowCred && !g.chance(0.9) {
		return
	}
	pb := banks[g.primary]
	main := g.accts[0].p

	age := map[string]float64{}
	tilt := platformAgeTilt[main]
	for k, bucket := range creatormatch.AgeBuckets {
		w := pb.age[k]
		if g.second != "" {
			w = 0.7*w + 0.3*banks[g.second].age[k]
		}
		age[bucket] = w * tilt[k] * g.ln(0.25)
	}

	fem := pb.female
	if g.second != "" {
		fem = 0.7*fem + 0.3*banks[g.second].female
	}
	fem = min(max(fem+0.07*g.r.NormFloat64(), 0.04), 0.96)
	other := g.f(0.005, 0.025)
	gender := map[string]float64{"female": fem * (1 - other), "male": (1 - fem) * (1 - other), "other": other}

	ctry := map[string]float64{}
	home := g.country.code
	hs := g.f(0.35, 0.7)
	if home == "US" {
		hs = g.f(0.55, 0.82)
	}
	if lowCred {
		hs *= g.f(0.4, 0.7)
	}
	ctry[home] = hs
	rest := 1 - hs
	if lowCred {
		chunk := rest * g.f(0.5, 0.8)
		for _, c := range pickN(g, farmCountries, g.in(2, 4)) {
			ctry[c] += chunk * g.f(0.2, 1)
		}
		rest -= chunk
	}
	if home != "US" {
		ctry["US"] += rest * g.f(0.25, 0.5)
	}
	w := make([]float64, len(countries))
	for i, c := range countries {
		w[i] = c.weight
		if c.lang == g.country.lang {
			w[i] *= 3
		}
	}
	for range g.in(2, 5) {
		c := countries[g.weighted(w)].code
		ctry[c] += rest * g.f(0.05, 0.3)
	}
	if !lowCred { // the home country is the largest audience
		if top := topKey(ctry); top != home {
			ctry[home], ctry[top] = ctry[top], ctry[home]
		}
	}
	ctry = roundDist(ctry)

	langs := map[string]float64{}
	for _, c := range slices.Sorted(maps.Keys(ctry)) {
		share := ctry[c]
		l := countryLang[c]
		switch {
		case c == "CA":
			langs["en"] += share * 0.78
			langs["fr"] += share * 0.22
		case c == "IN":
			langs["en"] += share * 0.45
			langs["hi"] += share * 0.55
		case l == "en" || l == "":
			langs["en"] += share
		default:
			langs[l] += share * 0.85
			langs["en"] += share * 0.15
		}
	}

	interests := map[string]float64{g.primary: g.f(0.25, 0.45)}
	if g.second != "" {
		interests[g.second] += g.f(0.1, 0.25)
	}
	for _, r := range pb.related {
		interests[r] += g.f(0.03, 0.12)
	}
	for range g.in(2, 4) {
		interests[g.pick(creatormatch.NicheKeys)] += g.f(0.01, 0.06)
	}

	var cred float64
	switch {
	case lowCred:
		cred = g.f(0.35, 0.6)
	case g.anomaly == AnomalyLowCredibility:
		cred = g.f(0.55, 0.74)
	default:
		cred = g.f(0.75, 0.95)
	}
	cred = math.Round(cred*1000) / 1000

	aud := &creatormatch.Audience{
		Age:       roundDist(age),
		Gender:    roundDist(gender),
		Countries: ctry,
		Languages: roundDist(langs),
		Interests: roundDist(interests),
	}
	if !(g.chance(0.15) && !lowCred && g.anomaly != AnomalyLowCredibility) { // some vendors omit credibility
		aud.Credibility = &cred
	}
	g.c.Audience = aud
	g.t.HasAudience = true
	g.t.AudienceTopAge = topKey(aud.Age)
	g.t.AudienceTopGender = topKey(aud.Gender)
	g.t.AudienceTopCountry = topKey(aud.Countries)
}

// roundDist normalises m to sum 1, rounds shares to 4 decimals, drops
// zero shares and puts the rounding residue on the largest key, so the
// shares sum to 1 within floating-point error.
func roundDist(m map[string]float64) map[string]float64 {
	keys := slices.Sorted(maps.Keys(m))
	total := 0.0
	for _, k := range keys {
		total += m[k]
	}
	out := make(map[string]float64, len(m))
	if total <= 0 {
		return out
	}
	top := ""
	for _, k := range keys {
		v := math.Round(m[k]/total*1e4) / 1e4
		if v <= 0 {
			continue
		}
		out[k] = v
		if top == "" || v > out[top] {
			top = k
		}
	}
	rest := 0.0
	for _, k := range keys {
		if v, ok := out[k]; ok && k != top {
			rest += v
		}
	}
	// The residue goes on the largest share; every share stays a multiple
	// of 1e-4, so the sum is 1 up to float rounding (~1e-15).
	out[top] = math.Round((1-rest)*1e4) / 1e4
	return out
}

func topKey(m map[string]float64) string {
	best := ""
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if best == "" || m[k] > m[best] {
			best = k
		}
	}
	return best
}

// ---------------------------------------------------------------------------
// rate card, declared niches, bio

var eurRate, gbpRate = 0.92, 0.79

func (g *gen) rateCard() {
	if !g.chance(0.3) {
		return
	}
	cur, conv := "USD", 1.0
	if g.country.rateCur != "" && g.chance(0.6) {
		cur = g.country.rateCur
		if cur == "EUR" {
			conv = eurRate
		} else {
			conv = gbpRate
		}
	}
	rc := &creatormatch.RateCard{Currency: cur, PerPost: map[creatormatch.Platform]float64{}}
	perK := map[creatormatch.Platform][2]float64{
		creatormatch.Instagram: {6, 20}, creatormatch.TikTok: {4, 15}, creatormatch.YouTube: {15, 40},
	}
	for i, a := range g.c.Accounts {
		if i > 0 && g.chance(0.3) {
			continue
		}
		r := perK[a.Platform]
		price := float64(a.Followers) / 1000 * g.lu(r[0], r[1])
		price = max(price, g.f(40, 90)) * conv
		rc.PerPost[a.Platform] = nicePrice(price)
	}
	g.c.RateCard = rc
}

func nicePrice(p float64) float64 {
	step := 5.0
	switch {
	case p >= 10000:
		step = 500
	case p >= 1000:
		step = 50
	case p >= 100:
		step = 10
	}
	return math.Max(step, math.Round(p/step)*step)
}

func (g *gen) declaredNiches() {
	truth := g.t.Niches
	if !g.chance(0.1) {
		g.c.Niches = slices.Clone(truth)
		return
	}
	g.t.DeclaredNoisy = true
	related := func(k string) string {
		if rel := banks[k].related; len(rel) > 0 {
			return g.pick(rel)
		}
		return g.pick(creatormatch.NicheKeys)
	}
	switch g.in(0, 3) {
	case 0: // nothing declared
		g.c.Niches = nil
	case 1: // partial: only one of two, or a neighbour of the only one
		if len(truth) == 2 {
			g.c.Niches = []string{truth[g.in(0, 1)]}
		} else {
			g.c.Niches = []string{related(truth[0])}
		}
	case 2: // one replaced by a neighbouring niche
		d := slices.Clone(truth)
		j := g.in(0, len(d)-1)
		d[j] = related(d[j])
		g.c.Niches = dedupe(d)
	default: // an extra, unrelated niche
		extra := g.pick(creatormatch.NicheKeys)
		for slices.Contains(truth, extra) {
			extra = g.pick(creatormatch.NicheKeys)
		}
		g.c.Niches = append(slices.Clone(truth), extra)
	}
	if slices.Equal(g.c.Niches, truth) {
		g.t.DeclaredNoisy = false
	}
}

func (g *gen) bio() {
	b1 := g.pick(banks[g.primary].bio)
	both := b1
	if g.second != "" {
		both = b1 + " & " + g.pick(banks[g.second].bio)
	}
	city := g.pick(g.country.cities)
	role := g.pick(roles)
	emo := g.pick(banks[g.primary].emojis)
	var email string
	switch g.in(0, 3) {
	case 0:
		email = strings.ReplaceAll(g.handle, "_", ".") + "@gmail.com"
	case 1:
		email = "hello@" + strings.NewReplacer(".", "", "_", "").Replace(g.handle) + ".com"
	case 2:
		email = slugWord(g.first) + ".collabs@gmail.com"
	default:
		email = "team@" + strings.NewReplacer(".", "", "_", "").Replace(g.handle) + "media.co"
	}
	collab := []string{"DM for collabs", "Collabs: " + email, "📩 " + email, "Business inquiries: " + email, "PR & collabs via DM"}[g.in(0, 4)]
	var s string
	switch g.in(0, 6) {
	case 0:
		s = "📍" + city + " | " + capFirst(both) + " | " + collab
	case 1:
		s = capFirst(role) + " sharing " + both + ". " + city + "-based. " + collab
	case 2:
		s = capFirst(b1) + " " + emo + " " + capFirst(role) + " in " + city + ". " + collab
	case 3:
		s = "Just a " + role + " who loves " + both + " " + emo
	case 4:
		s = capFirst(both) + ". New posts every week. " + collab
	case 5:
		s = emo + " " + capFirst(both) + " • " + city + " • " + collab
	default:
		s = "Hi, I'm " + g.first + "! " + capFirst(both) + " from " + city + ". " + emo
	}
	if g.speaksLocal() && g.chance(0.15) {
		s += " " + g.pick(g.country.asides)
	}
	g.c.Bio = s
}
