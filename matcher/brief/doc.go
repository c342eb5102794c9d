// Package brief turns a brand's free-text brief ("oat-milk yogurt launch,
// Gen Z in the US, TikTok or Instagram, 10k–100k followers, $15k") into a
// structured creatormatch.Brief.
//
// Parse is the deterministic rules parser: offline, fast, the same answer
// for the same text, and every value it emits passes Validate (the fuzz
// test checks this). LLMParser asks a language model instead and falls
// back to Parse on any failure, reporting which one was used. Merge lays
// the structured fields a caller sends over the parsed ones (the caller
// wins), and Validate checks a brief from any of these sources.
//
// # Reading choices of the rules parser
//
// Budget. Amounts are read with their currency ("$15k", "15,000 USD",
// "USD 15000", "€8k", "8.000 €" with a European thousands separator,
// "£5,500", "$1.2M", "20 thousand dollars"). An amount with a budget cue
// ("budget", "total", "spend") wins over one without; a bare number counts
// only with a cue ("15k budget"), and then has no currency (the domain
// reads an empty currency as USD). Rates, prices, discounts and revenue are
// skipped ("$20/day", "$500 per post", "priced at $4.99", "$5 off", "$2M in
// sales"), and so are periodic amounts ("$8k per month"), since Budget is
// a campaign total. A range ("between $10k and $20k", "$10–20k") gives its
// upper end: the most the brand is prepared to spend, which is what the
// matcher fits creators' costs under.
//
// Followers. "10k–100k", "10-100k followers", "under 50k", "at least 5k",
// "50k+" set MinFollowers/MaxFollowers. Tier words ("nano", "micro",
// "mid-tier", "macro", "mega", "micro-influencers", "nano or micro
// creators", "micro to macro") set Tiers and, when no number is given, the
// bounds of their union (nano 1k–10k, micro 10k–100k, mid 100k–500k, macro
// 500k–1M, mega 1M+ with no upper bound; see TierRange). A number beats the
// tier's standard bounds.
//
// Ages. Ranges map to every AgeBucket they cover for at least half of its
// width ("18–34" -> 18-24, 25-34; "21-30" -> 18-24, 25-34). Generations are
// fixed buckets, not computed from birth years, so Parse does not depend on
// the clock: Gen Z -> 18-24 (its 13-17 part is rarely addressable and it is
// under half of 25-34; "Gen Z teens" also adds 13-17 through "teens");
// millennials -> 25-34, 35-44; Gen X -> 45-64; boomers -> 45-64, 65+; Gen
// Alpha and teens -> 13-17; college students and young adults -> 18-24;
// parents, moms and dads -> 25-34, 35-44 (moms also female, dads male);
// seniors -> 65+. "At least 30% aged 18–24" sets MinAgeShare 0.3; the same
// applies to genders, countries and languages.
//
// Genders. women/female/ladies/moms -> female, men/male/guys/dads -> male.
// Naming both is no constraint and leaves Genders empty.
//
// Countries and languages. Names, demonyms, big cities, ISO code lists
// ("DE/AT/CH") and regions (DACH -> DE, AT, CH; North America -> US, CA;
// LATAM -> MX, BR, AR, CO, CL, PE; Nordics, Benelux, GCC, Southeast Asia)
// map to ISO 3166-1 alpha-2; "Europe" and "global" are too broad to be a
// filter and are ignored. A country describes the audience unless the
// creators are said to be there: "creators/influencers based in / from /
// living in Germany" or "German creators" set CreatorCountries; "in the
// US", "US audience" set Audience.Countries; "a Swedish brand" and
// "Korean skincare" set nothing. A language needs a cue ("Spanish-speaking",
// "in French", "English content"); content, caption and voice-over
// languages are the creators', the rest the audience's.
//
// Goal. A "goal/objective/KPI:" clause decides; otherwise the first present
// in the order conversion (sales, promo codes, affiliate, ROAS) > launch >
// awareness > community, since the more specific objective changes the
// match weights more.
//
// Topics and safety. Words map to niche keys through a lexicon ("oat-milk
// yogurt" -> food, plant_based; "dairy-free" -> plant_based). Inside an
// avoid clause ("no ...", "avoid ...", "not ...", "exclude ...") safety
// words set ExcludeSafety ("no alcohol" -> alcohol, "not political" ->
// politics), niche words and narrower themes ("fast fashion", "crypto")
// set AvoidTopics, and platforms, countries and tiers are not targeted.
// "family-friendly" excludes profanity, adult, alcohol, gambling, drugs and
// violence; "brand-safe" every category. Competitors come from
// "competitors: X, Y" and from avoid clauses such as "avoid creators who
// worked with @oatly or Danone" (lower-cased, '@' stripped, words joined).
// Product is the promoted thing when the brief names it ("Product: X",
// "launching our new X", "X launch").
//
// Product clause and creator clause (roles.go, asks.go). What the brand
// sells is not what the creators must post about: "Family car brand wants
// moms and dads who post about life with young children" has
// ProductCategory automotive, Topics parenting and ContentAsks "life with
// young children". A creator clause starts at a creator cue ("wants",
// "looking for", "seeks", "we're after", "ideally", "Creators:", "Who:",
// "buscamos", "nous cherchons", "wir suchen", "procuramos") or at a
// "... who" clause, and runs to the end of its sentence or line (a label
// followed by bullets covers the bullets); "to promote our X" inside it is
// the product. Topics are the niches named in creator clauses and ask
// labels ("Content:", "Posts about:", "What to post:"), including words
// that only describe creators there (moms, students, dog owners, hikers,
// barbers); only when those name no niche do the whole brief's niche words
// count, as before. ProductCategory is the niche of the first product
// phrase that names one, from a product label ("Product:", "Brand:",
// "What we sell:", "Producto:"), a "we sell / we make / we're a ..."
// clause ("somos una marca de", "nous sommes une marque de", "wir sind
// eine Marke für"), Product, the brief's first sentences before the
// creator cue (greetings and the list segment naming creators skipped), or
// "our X" in a creator clause. In a product phrase the head wins: the last
// product word before "for", "with", a comma and the like ("pet
// insurance" is personal_finance, "credit card with restaurant cashback"
// too), a generic "app" or "software" defers to a named niche ("budgeting
// app" is personal_finance), and food with a plant-based word is
// plant_based. ContentAsks are the list items after an ask verb in a
// creator clause ("post about", "share", "film", "compartan", "parlent de",
// "die über ... posten", "que postem") or after an ask label, without
// platforms, places, tiers and numbers. testdata/BRIEFSET.md describes the
// brief set these rules are scored on (TestBriefSetAccuracy).
package brief
