package brief

import (
	"regexp"
	"slices"
	"strings"
)

// This file holds the word lists the rules parser maps text onto. They are
// package-level but read-only: built once at initialisation and never
// written afterwards, so Parse is safe for concurrent use.

// place is one entry of the country table: the ISO 3166-1 alpha-2 codes a
// set of lower-case phrases (names, demonyms, regions, big cities) stand for.
type place struct {
	codes []string
	names []string
}

// places maps country names, demonyms, a few large cities and regions to
// ISO codes. Regions too broad to be a useful country filter ("Europe",
// "EMEA", "global") are deliberately absent.
var places = []place{
	{[]string{"US"}, []string{"united states", "united states of america", "usa", "america", "american", "americans", "the states", "stateside", "new york", "nyc", "california", "texas", "florida", "los angeles", "chicago"}},
	{[]string{"CA"}, []string{"canada", "canadian", "canadians", "toronto", "vancouver", "montreal"}},
	{[]string{"MX"}, []string{"mexico", "mexican", "mexicans", "mexico city"}},
	{[]string{"BR"}, []string{"brazil", "brasil", "brazilian", "brazilians", "sao paulo", "são paulo", "rio de janeiro"}},
	{[]string{"AR"}, []string{"argentina", "argentinian", "argentine", "buenos aires"}},
	{[]string{"CO"}, []string{"colombia", "colombian", "bogota", "bogotá"}},
	{[]string{"CL"}, []string{"chilean", "santiago de chile"}},
	{[]string{"PE"}, []string{"peru", "peruvian", "lima"}},
	{[]string{"GB"}, []string{"uk", "united kingdom", "great britain", "britain", "british", "brits", "england", "scotland", "wales", "northern ireland", "london", "manchester"}},
	{[]string{"IE"}, []string{"ireland", "irish", "dublin"}},
	{[]string{"DE"}, []string{"germany", "german", "germans", "deutschland", "berlin", "munich", "hamburg"}},
	{[]string{"AT"}, []string{"austria", "austrian", "vienna"}},
	{[]string{"CH"}, []string{"switzerland", "swiss", "zurich"}},
	{[]string{"FR"}, []string{"france", "french", "paris"}},
	{[]string{"ES"}, []string{"spain", "spanish", "madrid", "barcelona"}},
	{[]string{"IT"}, []string{"italy", "italian", "italians", "milan", "rome"}},
	{[]string{"PT"}, []string{"portugal", "portuguese", "lisbon"}},
	{[]string{"NL"}, []string{"netherlands", "the netherlands", "holland", "dutch", "amsterdam"}},
	{[]string{"BE"}, []string{"belgium", "belgian", "brussels"}},
	{[]string{"LU"}, []string{"luxembourg"}},
	{[]string{"SE"}, []string{"sweden", "swedish", "swedes", "stockholm"}},
	{[]string{"NO"}, []string{"norway", "norwegian", "oslo"}},
	{[]string{"DK"}, []string{"denmark", "danish", "danes", "copenhagen"}},
	{[]string{"FI"}, []string{"finland", "finnish", "helsinki"}},
	{[]string{"PL"}, []string{"poland", "warsaw"}},
	{[]string{"CZ"}, []string{"czech republic", "czechia", "czech", "prague"}},
	{[]string{"GR"}, []string{"greece", "athens"}},
	{[]string{"TR"}, []string{"türkiye", "turkish", "istanbul"}},
	{[]string{"RO"}, []string{"romania", "romanian"}},
	{[]string{"HU"}, []string{"hungary", "hungarian"}},
	{[]string{"UA"}, []string{"ukraine", "ukrainian"}},
	{[]string{"IN"}, []string{"india", "indian", "indians", "mumbai", "delhi", "bangalore"}},
	{[]string{"JP"}, []string{"japan", "japanese", "tokyo"}},
	{[]string{"KR"}, []string{"south korea", "korea", "korean", "koreans", "seoul"}},
	{[]string{"CN"}, []string{"mainland china", "chinese", "shanghai", "beijing"}},
	{[]string{"SG"}, []string{"singapore", "singaporean"}},
	{[]string{"ID"}, []string{"indonesia", "indonesian", "jakarta"}},
	{[]string{"PH"}, []string{"philippines", "filipino", "filipinos", "manila"}},
	{[]string{"TH"}, []string{"thailand", "thai", "bangkok"}},
	{[]string{"VN"}, []string{"vietnam", "viet nam", "vietnamese"}},
	{[]string{"MY"}, []string{"malaysia", "malaysian", "kuala lumpur"}},
	{[]string{"AU"}, []string{"australia", "australian", "australians", "aussie", "aussies", "sydney", "melbourne"}},
	{[]string{"NZ"}, []string{"new zealand", "auckland"}},
	{[]string{"ZA"}, []string{"south africa", "south african"}},
	{[]string{"NG"}, []string{"nigeria", "nigerian", "lagos"}},
	{[]string{"KE"}, []string{"kenya", "kenyan", "nairobi"}},
	{[]string{"EG"}, []string{"egypt", "egyptian", "cairo"}},
	{[]string{"AE"}, []string{"united arab emirates", "emirates", "dubai", "abu dhabi", "uae"}},
	{[]string{"SA"}, []string{"saudi arabia", "saudi", "riyadh"}},
	{[]string{"IL"}, []string{"israel", "israeli", "tel aviv"}},
	// Regions.
	{[]string{"DE", "AT", "CH"}, []string{"dach"}},
	{[]string{"US", "CA"}, []string{"north america", "north american", "us and canada", "us & canada"}},
	{[]string{"MX", "BR", "AR", "CO", "CL", "PE"}, []string{"latam", "latin america", "latin american", "south america", "south american"}},
	{[]string{"SE", "NO", "DK", "FI"}, []string{"nordics", "nordic countries", "nordic"}},
	{[]string{"SE", "NO", "DK"}, []string{"scandinavia", "scandinavian"}},
	{[]string{"BE", "NL", "LU"}, []string{"benelux"}},
	{[]string{"GB", "IE"}, []string{"uk and ireland", "uk & ireland", "uki"}},
	{[]string{"AU", "NZ"}, []string{"australia and new zealand", "oceania"}},
	{[]string{"AE", "SA", "QA", "KW", "BH", "OM"}, []string{"gcc", "gulf states"}},
	{[]string{"ID", "MY", "PH", "SG", "TH", "VN"}, []string{"southeast asia", "south east asia", "south-east asia"}},
}

// casedPlaces are spellings only recognised with their capitals in the
// original text: "US" (not the pronoun "us"), "Turkey" (not the bird),
// "Chile" (not the pepper), "China" (not the porcelain), "Polish" (not the
// nail polish), "SEA" and "ANZ".
var casedPlaces = []place{
	{[]string{"US"}, []string{"US", "U.S.", "U.S.A.", "U.S"}},
	{[]string{"GB"}, []string{"UK", "U.K.", "U.K"}},
	{[]string{"TR"}, []string{"Turkey", "TURKEY"}},
	{[]string{"CL"}, []string{"Chile", "CHILE"}},
	{[]string{"CN"}, []string{"China", "CHINA"}},
	{[]string{"PL"}, []string{"Polish", "POLISH"}},
	{[]string{"AU", "NZ"}, []string{"ANZ"}},
	{[]string{"ID", "MY", "PH", "SG", "TH", "VN"}, []string{"SEA"}},
}

// isoCodes are the two-letter country codes recognised inside a list of
// codes such as "DE/AT/CH" or "US, CA" (a lone "IT" or "IN" is too often a
// word).
var isoCodes = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range places {
		for _, c := range p.codes {
			m[c] = true
		}
	}
	m["GB"] = true
	return m
}()

// languages maps language names (lower case) to ISO 639-1 codes. A name
// counts as a language only with a language cue ("Spanish-speaking",
// "in French", "English content"); otherwise a demonym is a country.
var languages = []struct {
	code  string
	names []string
}{
	{"en", []string{"english"}},
	{"es", []string{"spanish", "castilian"}},
	{"fr", []string{"french"}},
	{"de", []string{"german"}},
	{"it", []string{"italian"}},
	{"pt", []string{"portuguese"}},
	{"nl", []string{"dutch", "flemish"}},
	{"sv", []string{"swedish"}},
	{"no", []string{"norwegian"}},
	{"da", []string{"danish"}},
	{"fi", []string{"finnish"}},
	{"pl", []string{"polish"}},
	{"tr", []string{"turkish"}},
	{"ar", []string{"arabic"}},
	{"hi", []string{"hindi"}},
	{"ja", []string{"japanese"}},
	{"ko", []string{"korean"}},
	{"zh", []string{"chinese", "mandarin", "cantonese"}},
	{"ru", []string{"russian"}},
	{"id", []string{"indonesian", "bahasa"}},
	{"th", []string{"thai"}},
	{"vi", []string{"vietnamese"}},
	{"tl", []string{"tagalog"}},
	{"he", []string{"hebrew"}},
	{"el", []string{"greek"}},
	{"ro", []string{"romanian"}},
	{"hu", []string{"hungarian"}},
	{"cs", []string{"czech"}},
	{"uk", []string{"ukrainian"}},
}

// ageBucket is one of creatormatch.AgeBuckets with its inclusive bounds.
type ageBucket struct {
	key    string
	lo, hi int
}

// ageBuckets mirrors creatormatch.AgeBuckets (65+ is capped at 120).
var ageBuckets = []ageBucket{
	{"13-17", 13, 17}, {"18-24", 18, 24}, {"25-34", 25, 34},
	{"35-44", 35, 44}, {"45-64", 45, 64}, {"65+", 65, 120},
}

// ageWord maps a generation or life-stage word to age buckets and, for
// words that name one, a gender.
type ageWord struct {
	re     string
	ages   []string
	gender string
}

// ageWords are the generation and life-stage words. Generations are mapped
// to fixed buckets rather than computed from birth years so that Parse does
// not depend on the clock:
//   - Gen Z (born 1997–2012) -> 18-24 only. Its 13-17 slice is usually not
//     addressable by brand campaigns, and only ~4 of the 10 years of 25-34
//     are Gen Z, so adding 25-34 would mostly target millennials. "Gen Z
//     teens" also hits the "teens" rule and adds 13-17.
//   - millennials -> 25-34, 35-44; Gen X -> 45-64; boomers -> 45-64, 65+;
//     Gen Alpha -> 13-17 (the only bucket that reaches them).
//   - teens -> 13-17; college/university students, Gen Z-ish "young
//     adults" -> 18-24; parents, moms, dads -> 25-34, 35-44 (moms also
//     female, dads also male); seniors, retirees -> 65+.
var ageWords = []ageWord{
	{`gen(?:eration)?[- ]?z(?:ers?|ed)?|zoomers?`, []string{"18-24"}, ""},
	{`millennials?|gen(?:eration)?[- ]?y\b`, []string{"25-34", "35-44"}, ""},
	{`gen(?:eration)?[- ]?x(?:ers?)?`, []string{"45-64"}, ""},
	{`(?:baby[- ])?boomers?`, []string{"45-64", "65+"}, ""},
	{`gen(?:eration)?[- ]?alpha`, []string{"13-17"}, ""},
	{`teens?|teenagers?|teenage|high[- ]?school(?:ers| students)?|adolescents?`, []string{"13-17"}, ""},
	{`(?:college|university|uni|grad|graduate)[- ]students?|undergrads?|undergraduates?|young adults?|students? on campus|campus`, []string{"18-24"}, ""},
	{`(?:new |young |first[- ]time )?(?:moms?|mums?|mothers?|mommies|mummies|moms-to-be|mums-to-be)`, []string{"25-34", "35-44"}, "female"},
	{`(?:new |young |first[- ]time )?(?:dads?|fathers?|daddies)`, []string{"25-34", "35-44"}, "male"},
	{`(?:new |young |first[- ]time )?parents?`, []string{"25-34", "35-44"}, ""},
	{`seniors?|retirees?|pensioners?|elderly|over[- ]65s?`, []string{"65+"}, ""},
	{`middle[- ]aged`, []string{"45-64"}, ""},
}

// genderWords map audience words to the domain's gender keys.
var genderWords = []struct {
	re     string
	gender string
}{
	{`women|woman|womens|female|females|ladies|lady|girls|gals|moms?|mums?|mothers?|mommies`, "female"},
	{`men|man|mens|male|males|guys|gents|boys|dads?|fathers?|daddies`, "male"},
}

// nicheLexicon maps words and phrases to creatormatch.NicheKeys. Phrases
// are regexp fragments matched on lower-cased text between word boundaries.
var nicheLexicon = []struct {
	niche string
	re    string
}{
	{"plant_based", `plant[- ]based|plant[- ]powered|vegan|vegans|veganism|vegetarian|veggie|dairy[- ]free|non[- ]dairy|oat[- ]?milk|almond[- ]milk|soy[- ]milk|plant[- ]milk|meat[- ]free|meatless|meat alternatives?|flexitarian`},
	{"food", `food|foods|foodie|foodies|recipes?|cooking|cook|snacks?|snacking|yog(?:h)?urts?|dairy|beverages?|drinks?|coffee|tea|baking|bakery|kitchen|chefs?|restaurants?|cuisine|meals?|meal[- ]prep|breakfast|granola|cereal|chocolate|candy|sauces?|grocer(?:y|ies)|nutrition|protein bars?|ice cream|smoothies?|juice|kombucha|cheese|milk`},
	{"skincare", `skin[- ]?care|serums?|moisturi[sz]ers?|spf|sunscreens?|acne|cleansers?|retinol|dermatolog(?:y|ist|ists)|skin health|glowing skin|k[- ]beauty`},
	{"beauty", `beauty|makeup|make-up|cosmetics?|lipsticks?|mascara|haircare|hair[- ]care|nails?|fragrances?|perfumes?|grwm|beauty gurus?`},
	{"fashion", `fashion|apparel|clothing|clothes|streetwear|sneakers|outfits?|ootd|jewell?ery|handbags?|denim|wardrobe|menswear|womenswear|athleisure|accessories`},
	{"fitness", `fitness|workouts?|gym|gyms|training|pilates|runners?|run clubs?|crossfit|hiit|marathons?|bodybuilding|athleisure|protein|yoga`},
	{"wellness", `wellness|wellbeing|well[- ]being|mental health|mindfulness|meditation|sleep|self[- ]care|supplements?|vitamins|holistic|yoga|healthy living|gut health`},
	{"parenting", `parenting|momfluencers?|mom(?:my)? (?:bloggers?|creators?|influencers?)|mum (?:bloggers?|creators?|influencers?)|dad (?:bloggers?|creators?|influencers?)|family (?:creators?|influencers?|vloggers?|content)|babies|baby|toddlers?|newborns?|motherhood|fatherhood|pregnancy|diapers?|nappies`},
	{"travel", `travel|traveling|travelling|travell?ers?|trips?|hotels?|vacations?|holidays|tourism|destinations?|itinerar(?:y|ies)|airlines?|luggage|backpacking|wanderlust`},
	{"gaming", `gaming|gamers?|video ?games?|esports|e-sports|twitch|consoles?|playstation|xbox|nintendo|streamers?`},
	{"tech", `tech|technology|gadgets?|smartphones?|phones?|apps?|software|saas|ai|laptops?|headphones|earbuds|consumer electronics|electronics|wearables?`},
	{"personal_finance", `personal finance|finance|financial|investing|investments?|savings|credit cards?|fintech|money tips|stocks|crypto|cryptocurrency|banking|retirement planning|frugal|side hustles?`},
	{"home_decor", `home decor|home d[eé]cor|interior design|interiors|furniture|decor|d[eé]cor|homeware|homewares|bedding|home styling|cozy home`},
	{"pets", `pets?|dogs?|cats?|pupp(?:y|ies)|kittens?|pet food|dog food|cat food|veterinary|pet owners?`},
	{"automotive", `cars?|automotive|auto|vehicles?|evs?|electric vehicles?|motorcycles?|trucks?|car enthusiasts?`},
	{"music", `music|musicians?|songs?|concerts?|music festivals?|spotify|djs?|albums?|singers?|rappers?`},
	{"comedy", `comedy|comedians?|funny|humou?r|sketch(?:es)?|memes?|skits?|pranks?`},
	{"education", `education|educational|edtech|learning|tutoring|courses?|teachers?|studying|study tips|online classes`},
	{"science", `science|stem|physics|chemistry|biology|astronomy|space exploration|scientists?`},
	{"outdoors", `outdoors?|hiking|hikers?|camping|climbing|fishing|national parks?|trails?|kayak(?:ing)?|van ?life|skiing|snowboarding|surfing|adventure`},
	{"sports", `sports?|football|soccer|basketball|tennis|golf|athletes?|nba|nfl|baseball|cycling|f1|formula 1|rugby|cricket`},
	{"diy", `diy|crafts?|crafting|woodworking|home improvement|handmade|sewing|knitting|upcycling|makers?`},
	{"photography", `photography|photographers?|cameras?|lens(?:es)?|film photography|photo editing`},
	{"books", `books?|booktok|bookstagram|reading|readers?|novels?|authors?|literature|audiobooks?`},
	{"sustainability", `sustainability|sustainable|eco[- ]friendly|eco[- ]conscious|zero[- ]waste|climate|recycl(?:ed|ing|able)|green living|ethical|carbon[- ]neutral|compostable|low[- ]waste|circular`},
}

// avoidThemes are things briefs ask to keep away from that are neither a
// brand-safety category nor a whole niche ("fast fashion" must not exclude
// all of fashion). They are recorded in AvoidTopics as written here.
var avoidThemes = []struct {
	label string
	re    string
}{
	{"fast fashion", `fast[- ]fashion`},
	{"fast food", `fast[- ]food|junk[- ]food`},
	{"crypto", `crypto(?:currency|currencies)?|nfts?|web3`},
	{"mlm", `mlms?|multi[- ]level marketing|pyramid schemes?`},
	{"diet culture", `diet culture|weight[- ]loss|dieting|diet pills|detox teas?`},
	{"energy drinks", `energy drinks?`},
	{"pranks", `pranks?`},
	{"religion", `religion|religious`},
	{"competitor products", `competitor products?`},
}

// safetyLexicon maps words to creatormatch.SafetyCategories. It is only
// applied inside "avoid" clauses: an alcohol brand saying "alcohol" wants
// alcohol, a brand saying "no alcohol" does not.
var safetyLexicon = []struct {
	category string
	re       string
}{
	{"profanity", `profanity|profane|swearing|swear ?words|swears?|cursing|curse ?words|cuss(?:ing)?|explicit language|foul language|bad language|crude language|vulgar(?:ity)?|obscen(?:e|ity)`},
	{"alcohol", `alcohol|alcoholic|booze|drinking|beer|beers|wine|liquor|spirits|cocktails?|vodka|whiske?y|tequila|hard seltzers?`},
	{"gambling", `gambling|gamble|sports ?betting|betting|bets|casinos?|sports ?books?|poker|lotter(?:y|ies)|slots`},
	{"drugs", `drugs?|drug use|cannabis|marijuana|weed|thc|cbd|vaping|vapes?|smoking|cigarettes?|tobacco|nicotine|psychedelics?|420`},
	{"violence", `violence|violent|guns?|firearms?|weapons?|gore|gory|fighting|blood`},
	{"adult", `adult content|adult|nsfw|sexual(?:ly)?|sex|sexy|nudity|nude|explicit content|explicit|onlyfans|lingerie|racy|suggestive|thirst traps?|18\+ content`},
	{"politics", `politics|political|politicians?|elections?|partisan|activism|activist`},
	{"controversy", `controvers(?:y|ies|ial)|scandals?|drama|divisive|polari[sz]ing|hate speech|offensive|cancel(?:l)?ed|conspirac(?:y|ies)|misinformation`},
}

// familyFriendly are the categories "family-friendly" (and its synonyms)
// excludes.
var familyFriendly = []string{"profanity", "adult", "alcohol", "gambling", "drugs", "violence"}

// currencyCodes are the ISO 4217 codes recognised as written.
var currencyCodes = []string{"usd", "eur", "gbp", "cad", "aud", "chf", "jpy", "inr", "brl", "mxn", "sek", "nok", "dkk", "pln", "nzd", "sgd", "hkd", "zar", "aed"}

// currencySymbols maps a currency prefix or suffix (lower-cased) to its
// ISO code. "$" alone is USD.
var currencySymbols = map[string]string{
	"$": "USD", "us$": "USD", "c$": "CAD", "ca$": "CAD", "a$": "AUD", "au$": "AUD",
	"nz$": "NZD", "s$": "SGD", "r$": "BRL", "hk$": "HKD", "€": "EUR", "£": "GBP",
	"¥": "JPY", "₹": "INR",
	"dollar": "USD", "dollars": "USD", "us dollars": "USD", "bucks": "USD",
	"euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
	"pounds sterling": "GBP", "quid": "GBP",
}

// alternation joins phrases into a regexp alternation, longest first, so
// that "north america" wins over "america" at the same position.
func alternation(phrases []string) string {
	ps := slices.Clone(phrases)
	slices.SortStableFunc(ps, func(a, b string) int { return len(b) - len(a) })
	for i, p := range ps {
		ps[i] = regexp.QuoteMeta(p)
	}
	return strings.Join(ps, "|")
}

func currencyForSymbol(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if c, ok := currencySymbols[s]; ok {
		return c
	}
	if slices.Contains(currencyCodes, s) {
		return strings.ToUpper(s)
	}
	return ""
}
