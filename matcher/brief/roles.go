package brief

import (
	"regexp"
	"slices"
	"strings"

	"github.com/creatormatch/creatormatch"
)

// This file separates what the brand sells from who the creators should
// be and what they should post. A brief usually has both: "Family car
// brand wants moms and dads who post about life with young children" sells
// cars (ProductCategory automotive) to be promoted by parents (Topics
// parenting) posting about life with young children (ContentAsks).
//
// The creator clause starts at a creator cue ("wants", "looking for",
// "seeks", "we're after", "ideally creators", "Creators:", "buscamos",
// "nous cherchons", "wir suchen", "procuramos") and runs to the end of its
// sentence or line (a "Creators:" label followed by a bullet list covers
// the bullets). Ask labels ("Content:", "Posts about:", "What to post:")
// mark what to post. The product is read from a product label ("Product:",
// "Brand:", "What we sell:"), a "we sell / we make / we're a ..." clause,
// or else the start of the brief up to the creator cue.

var (
	// creatorCueSet starts a creator clause. Index 0 are verbs and
	// phrases, index 1 labels (only with a ':' after them).
	creatorCueSet = newPhraseSet([]string{
		`wants?|wanted|looking for|look for|seeks?|seeking|searching for|in search of|need|needs|we['’]?re after|we are after|is after|are after|ideally|ideal creators?|creators? should be|would like|we['’]?d like|we['’]?d love to (?:work|partner) with|would love to (?:work|partner) with|partner with|hiring|recruiting|find|busca|buscamos|buscan|buscando|estamos buscando|nous cherchons|nous recherchons|on cherche|cherchons|recherchons|cherche|wir suchen|suchen|procuramos|procura|estamos procurando`,
		`creators|creator|influencers|who|who we want|looking for|talent|creadores|créateurs|criadores|kreative|creator profile|ideal creator`,
	})
	// askLabelSet marks a label whose value is what to post (with ':').
	askLabelSet = newPhraseSet([]string{`content|content ideas|asks?|posts? about|posts|ideas|what to post|topics to cover|deliverables|contenido|contenidos|conteúdo|contenu|inhalte|themes`})
	// productCueSet introduces what the brand sells. Index 0 are labels
	// (with ':'), index 1 clauses.
	productCueSet = newPhraseSet([]string{
		`product|hero product|brand|client|what we sell|producto|produto|produit|produkt|marke|marca|marque`,
		`we sell|we make|we['’]?re an?|we are an?|we run|our products? (?:is|are)|the brand makes|the brand sells|the client makes|the client sells|somos una marca de|somos uma marca de|nous sommes une marque de|wir sind eine marke für|wir sind ein|somos una|somos uma`,
	})
	greetingRe = regexp.MustCompile(`^\s*(?:hi|hello|hey|dear|hola|bonjour|hallo|olá|ola|good (?:morning|afternoon))\b[^\n]*$|^\s*(?:hope (?:you|all)[^.!\n]*|thanks[^\n]*|quick brief[^:\n]*:?)\s*$`)
)

// roles are the spans of the brief by what they describe.
type roles struct {
	creator []span // who the creators are and what they post
	asks    []span // where the content asks are read
	product []span // candidate product phrases, best first
	nCued   int    // product[:nCued] follow a label or "we sell"; the rest are lead sentences
}

// hasColonAfter reports whether the text after end starts with ':'.
func (d *doc) hasColonAfter(end int) (int, bool) {
	i := end
	for i < len(d.low) && (d.low[i] == ' ' || d.low[i] == '\t') {
		i++
	}
	if i < len(d.low) && d.low[i] == ':' {
		return i + 1, true
	}
	return 0, false
}

// labelValue is the span a label's value covers: the rest of its line, or
// when that is empty, the bullet block that follows.
func (d *doc) labelValue(from int) span {
	nl := strings.IndexByte(d.low[from:], '\n')
	if nl < 0 {
		return span{from, len(d.low)}
	}
	if strings.TrimSpace(d.low[from:from+nl]) == "" {
		if end, ok := bulletBlockEnd(d.low, from); ok {
			return span{from, end}
		}
	}
	return span{from, from + nl}
}

// atLineStart reports whether pos is the first word of its line (after a
// bullet marker or a list number).
func (d *doc) atLineStart(pos int) bool {
	ls := strings.LastIndexByte(d.low[:pos], '\n') + 1
	return strings.TrimLeft(d.low[ls:pos], " \t-*•·▪◦0123456789.)") == ""
}

// findRoles splits the brief into creator, ask and product spans.
func (d *doc) findRoles() {
	var r roles
	firstCue := len(d.low)
	d.cues = nonOverlapping(creatorCueSet.find(d.low, d.toks))
	for _, h := range d.cues {
		if d.inAvoid(h.start, h.end) {
			continue
		}
		if h.idx == 1 {
			if after, ok := d.hasColonAfter(h.end); ok && d.atLineStart(h.start) {
				v := d.labelValue(after)
				r.creator = append(r.creator, v)
				firstCue = min(firstCue, h.start)
			}
			continue
		}
		end := clauseEnd(d.low, h.end, 300)
		r.creator = append(r.creator, span{h.end, end})
		firstCue = min(firstCue, h.start)
	}
	// "TikTok foodies who do gut-friendly recipes": a "who" clause not
	// already inside a creator span starts one at the noun before it.
	for _, t := range d.toks {
		if t.text != "who" || overlapsAny(r.creator, t.start, t.end) || d.inAvoid(t.start, t.end) {
			continue
		}
		start := clauseStart(d.low, t.start, 60)
		if i := strings.LastIndexAny(d.low[start:t.start], ",:(—–"); i >= 0 {
			start += i + 1
		}
		for _, w := range []string{" for ", " with ", " among "} {
			if i := strings.LastIndex(d.low[start:t.start], w); i >= 0 {
				start += i + len(w)
			}
		}
		r.creator = append(r.creator, span{start, clauseEnd(d.low, t.end, 300)})
	}
	for _, h := range nonOverlapping(askLabelSet.find(d.low, d.toks)) {
		if after, ok := d.hasColonAfter(h.end); ok && d.atLineStart(h.start) {
			r.asks = append(r.asks, d.labelValue(after))
		}
	}
	// Product: labels, then "we sell ..." clauses, then the lead of the
	// brief before the first creator cue.
	for _, h := range nonOverlapping(productCueSet.find(d.low, d.toks)) {
		if h.idx != 0 {
			continue
		}
		if after, ok := d.hasColonAfter(h.end); ok && d.atLineStart(h.start) {
			r.product = append(r.product, span{after, clauseEnd(d.low, after, 200)})
		}
	}
	for _, h := range nonOverlapping(productCueSet.find(d.low, d.toks)) {
		if h.idx == 1 && !overlapsAny(r.creator, h.start, h.end) {
			r.product = append(r.product, span{h.end, d.cutAtCue(h.end, clauseEnd(d.low, h.end, 200))})
		}
	}
	r.nCued = len(r.product)
	r.product = append(r.product, d.leadSpans(firstCue)...)
	d.roles = r
}

// cutAtCue shortens [from, end) at the first creator cue inside it.
func (d *doc) cutAtCue(from, end int) int {
	for _, h := range d.cues {
		if h.idx == 0 && h.start >= from && h.end <= end && !d.inAvoid(h.start, h.end) {
			end = min(end, h.start)
		}
	}
	return end
}

// leadSpans are the first sentences of the brief that are neither a
// greeting nor a "Label: value" line, up to the first creator cue: where a
// brief says what the brand is before saying whom it wants.
func (d *doc) leadSpans(firstCue int) []span {
	var out []span
	pos := 0
	for len(out) < 3 && pos < min(len(d.low), firstCue) {
		for pos < len(d.low) && (isDelim(d.low, pos) || d.low[pos] == ' ' || d.low[pos] == '\t' || d.low[pos] == '\r') {
			pos++
		}
		end := clauseEnd(d.low, pos, 300)
		if end <= pos || pos >= firstCue {
			break
		}
		line := d.low[pos:end]
		switch {
		case bulletRe.MatchString(line):
			return out
		case greetingRe.MatchString(line), d.isLabelLine(pos, end):
		default:
			out = append(out, span{pos, d.cutAtCreatorNoun(pos, d.cutAtCue(pos, min(end, firstCue)))})
		}
		pos = end + 1
	}
	return out
}

// creatorNouns name creators; in a lead sentence the list segment that
// holds one describes the creators, not the product ("Coffee
// subscription, $7.5k, creators from the Netherlands", "Skincare creators
// on TikTok").
var creatorNouns = map[string]bool{"creators": true, "creator": true, "influencers": true, "influencer": true, "youtubers": true, "tiktokers": true, "instagrammers": true, "bloggers": true, "vloggers": true, "streamers": true, "reviewers": true, "ugc": true}

// cutAtCreatorNoun shortens [from, end) to before the list segment that
// holds the first creator noun.
func (d *doc) cutAtCreatorNoun(from, end int) int {
	var prev *tok
	for _, t := range d.toks {
		if t.start < from {
			continue
		}
		if t.end > end {
			break
		}
		if creatorNouns[t.text] {
			if i := strings.LastIndexAny(d.low[from:t.start], ",;:—–"); i >= 0 {
				return from + i
			}
			// No list: drop the noun and the word before it ("looking for
			// travel creators").
			cut := t.start
			if prev != nil && prev.start >= from {
				cut = prev.start
			}
			return cut
		}
		prev = &t
	}
	return end
}

// isLabelLine reports whether the clause [pos, end) starts with "Word:"
// (a field of a structured brief, not a sentence).
func (d *doc) isLabelLine(pos, end int) bool {
	i := strings.IndexByte(d.low[pos:end], ':')
	return i >= 0 && i < 25 && !strings.Contains(strings.TrimSpace(d.low[pos:pos+i]), "  ")
}

// ---------------------------------------------------------------------------
// Topics from the creator clause.

// creatorLexicon maps words that describe creators (who they are, what
// they post) to niche keys. It is read only inside creator and ask spans:
// "parents 25-44" elsewhere is an audience, not the creators' niche.
var creatorLexicon = []struct {
	niche string
	re    string
}{
	{"parenting", `moms?|mums?|dads?|mothers?|fathers?|parents?|mommies|families|family|kids|children|child|toddlers?|tweens?|newborns?|bab(?:y|ies)|school runs?|mamás?|papás?|padres|niños|hijos|familia|enfants|bébés?|jeunes parents|eltern|familien|kinder|mães|pais|crianças|filhos|familias|famílias`},
	{"tech", `desk setups?|desk tours?|tech reviewers?|gadget reviews?`},
	{"education", `students?|study|studying|exam prep|exams?|study[- ]with[- ]me|library vlogs?|dorm rooms?|lernen`},
	{"pets", `dog owners?|cat owners?|pet owners?|dog parents?|puppy training|dog training|vet visits?|cachorros?|perros?|chiens?|chats|hunde`},
	{"outdoors", `climbers|mountaineers|backpackers|thru[- ]hikers?|campers|campfires?|campsites?|skiers|surfers|surf|summits?|van life|randonnée|plein air|wandern|klettern|montaña|montanha|playa|praia|carreras de montaña`},
	{"fitness", `gym[- ]goers|gym creators|gym routines?|strength athletes|workouts?|entrenamientos?|treinos?|maratón|maratona|postpartum workouts?|yoga teachers?|yoga instructors?`},
	{"wellness", `yoga teachers?|yoga instructors?|sleep routines?|recovery|stress|wind[- ]down`},
	{"beauty", `barbers?|grooming|hair colou?r|hair dye|salons?|fades|beard trims?|shaving|maquiagem|maquillaje|makeup artists?|perfume reviews?|getting ready`},
	{"skincare", `skincare routines?|rotinas de skincare`},
	{"food", `baristas?|home bakers?|bakers|latte art|recetas|receitas|recettes|rezepte|sourdough|cakes?|dinner parties|cheese boards?|tailgates?|game[- ]day food|lunchbox(?:es)?|weeknight dinners?|desayunos?`},
	{"music", `music producers?|producers|singer[- ]songwriters?|songwriting|beat making|mixing|studio sessions?`},
	{"travel", `frequent flyers?|itinerar(?:y|ies)|road trips?|getaways?|airports?|islands?|city breaks?|gap years?|viajes?|voyages?|reisen|städtereisen|viagens?|lounges?`},
	{"sports", `basketball players?|football fans?|skaters|mountain bikers|cyclists|pickup games?|pendeln mit dem rad|rad`},
	{"gaming", `co[- ]?op|streams|speedruns?|game with|gamers`},
	{"fashion", `moda|outfits?|fits|thrift flips?|capsule wardrobes?|bridal looks?|tailoring|menswear creators`},
	{"photography", `photographers|designers and photographers|night photography|street shots|astrophotography`},
	{"books", `book lovers|reading|readers|reading nooks?|lectures?|leituras?|bücher`},
	{"diy", `knitters|gardeners|crafts?|room makeovers?|furniture flips?`},
	{"comedy", `sketches|skits?|comedians?`},
	{"personal_finance", `money[- ]saving|side[- ]hustles?|money mistakes|pocket money|teaching kids about money|budgeting|freelancers`},
	{"sustainability", `sustainability angle|secondhand|second[- ]hand|pre[- ]loved|car[- ]free`},
	{"home_decor", `room tours?|small[- ]space|home upgrades?`},
	{"science", `science communicators?|stargazing`},
}

var creatorLexSet = func() *phraseSet {
	ps := make([]string, len(creatorLexicon))
	for i, n := range creatorLexicon {
		ps[i] = n.re
	}
	return newPhraseSet(ps)
}()

// creatorTopics are the niche keys named inside the creator and ask spans
// (outside avoid clauses and the product's own phrase), in text order.
func (d *doc) creatorTopics() []string {
	spans := append(append([]span(nil), d.roles.creator...), d.roles.asks...)
	if len(spans) == 0 {
		return nil
	}
	in := func(h lexHit) bool {
		return overlapsAny(spans, h.start, h.end) && !d.inAvoid(h.start, h.end) &&
			!overlapsAny(d.competitors, h.start, h.end) && !overlapsAny(d.productRefs, h.start, h.end)
	}
	var hits []lexHit
	var niches []string
	for _, h := range nicheSet.find(d.low, d.toks) {
		if in(h) {
			hits = append(hits, lexHit{h.start, h.end, len(niches)})
			niches = append(niches, nicheLexicon[h.idx].niche)
		}
	}
	for _, h := range creatorLexSet.find(d.low, d.toks) {
		if in(h) {
			hits = append(hits, lexHit{h.start, h.end, len(niches)})
			niches = append(niches, creatorLexicon[h.idx].niche)
		}
	}
	var out []string
	for _, h := range nonOverlapping(hits) {
		out = addUnique(out, niches[h.idx])
	}
	return out
}

// productRefRe finds where a creator clause turns back to the product
// ("to promote our ...", "for our ...").
var productRefRe = regexp.MustCompile(`\b(?:to (?:promote|showcase|feature|try|review|test|use|launch)|for our|our|notre|nos|nuestra|nuestro|nuestros|nossa|nosso|unsere?n?)\b[^.;!?\n]*`)

// findProductRefs marks the parts of creator spans that talk about the
// brand's product rather than the creators.
func (d *doc) findProductRefs() {
	for _, s := range d.roles.creator {
		for _, m := range productRefRe.FindAllStringIndex(d.low[s.start:s.end], -1) {
			d.productRefs = append(d.productRefs, span{s.start + m[0], s.start + m[1]})
		}
	}
}

// ---------------------------------------------------------------------------
// Product category.

// productLexicon maps product nouns to the niche of their market. It is
// read before nicheLexicon inside product phrases, and overrides it where
// a product's market is not the niche its words suggest (a "yoga mat" is
// fitness, a "pet camera" is tech).
var productLexicon = []struct {
	niche string
	re    string
}{
	{"automotive", `cars?|suvs?|vehicles?|ev chargers?|ev charging|evs?|coches|voitures?|autos?|carros?`},
	{"personal_finance", `insurance|banks?|neobanks?|debit cards?|credit cards?|investing|budgeting|fintech|seguros?|assurances?|versicherungs?`},
	{"tech", `software|apps?|laptops?|smartphones?|phones?|phone cases?|headphones|earbuds|tablets?|microphones?|fitness trackers?|smartwatch(?:es)?|wearables?|routers?`},
	{"fitness", `running shoes?|running|zapatillas de running|yoga mats?|protein powders?|gyms?|dumbbells|treadmills?`},
	{"outdoors", `tents?|outdoor|outdoors|hiking boots|backpacks?|outdoor (?:clothing|apparel|gear|jackets?|bekleidung|kleidung)|ropa de montaña|vêtements outdoor`},
	{"sports", `bicycles?|bikes?|e[- ]?bikes?|fahrrad|fahrradhersteller|bicicletas?|golf clubs?|rackets?`},
	{"fashion", `clothing|clothes|sneakers?|shoes?|watch(?:es)?|jewell?ery|denim|apparel|ropa|vêtements|bekleidung|roupas?`},
	{"beauty", `hair dyes?|fragrances?|perfumes?|razors?|toothpaste|cosmetics?|cosméticos|cosmétiques|kosmetik|makeup|shampoos?`},
	{"skincare", `sunscreens?|protector solar|crème solaire|serums?|moisturi[sz]ers?`},
	{"food", `meal kits?|cookware|bakeware|grills?|barbecue|espresso machines?|espresso|coffee|tea|wine|soda|chips|energy bars?|snack bars?|cereals?|kombucha|caf[eé]|café de especialidad`},
	{"plant_based", `oat drinks?|oat milk|plant[- ]based cheese|vegan cheese`},
	{"home_decor", `mattress(?:es)?|furniture|rugs?|paint|office chairs?|chairs?|sofas?|lamps?`},
	{"parenting", `diapers?|nappies|strollers?|prams?|poussettes?|cochecitos?|kinderwagen`},
	{"pets", `pet food|dog food|cat food|cat litter|dog collars?`},
	{"books", `audiobooks?|publishers?|maison d['’]?édition|édition|editorial`},
	{"travel", `luggage|suitcases?|airlines?|hotels?|hotel groups?`},
	{"photography", `cameras?|action cameras?`},
	{"music", `guitars?|pianos?|instruments?`},
	{"science", `telescopes?|microscopes?`},
	{"gaming", `board games?|consoles?|video games?`},
	{"diy", `yarn|power tools?|sewing machines?`},
	{"sustainability", `solar|solar panels?|home solar`},
	{"wellness", `supplements?|vitamins?`},
	{"education", `language[- ]learning|tutoring|online courses?`},
}

var productLexSet = func() *phraseSet {
	ps := make([]string, len(productLexicon))
	for i, n := range productLexicon {
		ps[i] = n.re
	}
	return newPhraseSet(ps)
}()

// genericTech are product heads that defer to a more specific niche named
// with them: a "budgeting app" is personal finance, a "language-learning
// app" education.
var genericTech = map[string]bool{"app": true, "apps": true, "software": true}

// productRoleWords name the brand's role, not its product ("maker" is
// also a DIY creator word).
var productRoleWords = map[string]bool{"maker": true, "makers": true, "publisher": true, "publishers": true}

// productStopWords end a product phrase once a product word was seen:
// "credit card with restaurant cashback", "tablet for kids".
var productStopWords = map[string]bool{"for": true, "with": true, "who": true, "that": true, "which": true, "to": true, "from": true, "in": true, "entering": true, "launching": true, "relaunching": true, "wants": true, "want": true, "looking": true, "seeks": true, "seeking": true, "aimed": true, "targeting": true, "para": true, "pour": true, "für": true, "aus": true, "busca": true, "en": true, "em": true}

// categoryOf returns the niche of the product named in [from, to): the
// last product word before the phrase stops, with generic tech heads
// deferring to a specific niche and plant-based food staying plant_based.
func (d *doc) categoryOf(from, to int) string {
	type hit struct {
		start, end int
		niche      string
		generic    bool
	}
	var hits []hit
	var raw []lexHit
	var niches []string
	if d.productHits == nil {
		// Found once per parse: categoryOf runs for several candidates.
		d.productHits = productLexSet.find(d.low, d.toks)
		d.nicheHits = nicheSet.find(d.low, d.toks)
	}
	for _, h := range d.productHits {
		if h.start >= from && h.end <= to {
			raw = append(raw, lexHit{h.start, h.end, len(niches)})
			niches = append(niches, productLexicon[h.idx].niche)
		}
	}
	nProduct := len(raw)
	for _, h := range d.nicheHits {
		if h.start >= from && h.end <= to {
			raw = append(raw, lexHit{h.start, h.end, len(niches)})
			niches = append(niches, nicheLexicon[h.idx].niche)
		}
	}
	// Product words win over niche words at the same place.
	products := slices.Clone(raw[:nProduct])
	kept := nonOverlapping(raw)
	seen := map[[2]int]bool{}
	plant := false
	for _, h := range kept {
		k := [2]int{h.start, h.end}
		if seen[k] {
			continue
		}
		if h.idx >= nProduct && samePlace(products, h) {
			continue
		}
		if productRoleWords[d.low[h.start:h.end]] {
			continue // "Guitar maker", "Board game publisher"
		}
		seen[k] = true
		n := niches[h.idx]
		if n == "plant_based" && d.low[h.start:h.end] != "veggie" {
			plant = true
		}
		hits = append(hits, hit{h.start, h.end, n, h.idx < nProduct && genericTech[d.low[h.start:h.end]]})
	}
	if len(hits) == 0 {
		return ""
	}
	// Stop at the first stop word after the first hit.
	stop := to
	for _, t := range d.toks {
		if t.start >= hits[0].end && t.end <= to && productStopWords[t.text] {
			stop = t.start
			break
		}
	}
	if i := strings.IndexAny(d.low[hits[0].end:stop], ",;"); i >= 0 {
		stop = hits[0].end + i // "sustainable sneakers, zero-waste, ..."
	}
	best := -1
	for i, h := range hits {
		if h.start >= stop {
			break
		}
		if best >= 0 && h.generic && !hits[best].generic {
			continue
		}
		best = i
	}
	if best < 0 {
		return ""
	}
	n := hits[best].niche
	if plant && n == "food" {
		return "plant_based"
	}
	return n
}

func samePlace(ps []lexHit, h lexHit) bool {
	for _, p := range ps {
		if h.start == p.start && h.end == p.end {
			return true
		}
	}
	return false
}

// findProductCategory sets ProductCategory from, in order: a product label
// or "we sell ..." clause, the Product phrase, the lead sentences, and the
// product a creator clause refers to ("to promote our organic baby food").
func (d *doc) findProductCategory(b *creatormatch.Brief) {
	cands := d.roles.product[:d.roles.nCued:d.roles.nCued]
	if b.Product != "" {
		if i := strings.Index(d.orig, b.Product); i >= 0 {
			cands = append(cands, span{i, i + len(b.Product)})
		}
	}
	cands = append(cands, d.roles.product[d.roles.nCued:]...)
	for _, s := range append(cands, d.productRefs...) {
		if c := d.categoryOf(s.start, s.end); c != "" {
			b.ProductCategory = c
			return
		}
	}
}
