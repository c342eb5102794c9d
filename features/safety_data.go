package features

import "maps"

// safetyDescriptions are written for embedding similarity: each describes
// what content of the category talks about.
var safetyDescriptions = map[string]string{
	"profanity": "Profanity and vulgar language: swearing, cursing, obscene words, crude insults, " +
		"f-words and explicit slurs used in captions and videos.",
	"alcohol": "Alcohol and drinking: beer, wine, cocktails, spirits, vodka, tequila, getting drunk, " +
		"partying at bars and clubs, hangovers, shots and drinking games.",
	"gambling": "Gambling and betting: casinos, poker, slot machines, sports betting, odds, parlays, " +
		"jackpots, online betting sites, roulette and wagering money.",
	"drugs": "Drugs and substance use: smoking weed, cannabis, marijuana, getting high, edibles, vaping, " +
		"cocaine, pills, psychedelics and recreational drug culture.",
	"violence": "Violence and weapons: guns, shooting, fights, assault, blood and gore, knives, " +
		"killing, war footage, brutal attacks and threats of harm.",
	"adult": "Adult and sexual content: nudity, sexy suggestive poses, lingerie, explicit sexual talk, " +
		"OnlyFans promotion, porn, fetish and NSFW material.",
	"politics": "Politics and elections: political parties, candidates, voting, campaigns, government policy debates, " +
		"protests, partisan opinions on abortion, immigration and gun control.",
	"controversy": "Controversy and scandal: public feuds, drama, cancel culture, accusations, apologies, " +
		"lawsuits, racism or hate speech allegations, misinformation and conspiracy theories.",
}

// safetyLexicon holds a few dozen terms per category with a weight in
// (0,1]: 1 for unambiguous terms, less for words with innocent uses
// ("shot", "wasted", "vegas").
var safetyLexicon = map[string]map[string]float64{
	"profanity": {
		"fuck": 1, "fucking": 1, "fucked": 1, "fck": 0.9, "fuk": 0.9, "motherfucker": 1, "shit": 0.9, "shitty": 0.8,
		"bullshit": 0.9, "bitch": 0.9, "bitches": 0.9, "asshole": 1, "bastard": 0.8, "cunt": 1, "dick": 0.7,
		"dickhead": 0.9, "piss": 0.6, "pissed": 0.5, "damn": 0.3, "goddamn": 0.5, "crap": 0.3, "wtf": 0.6,
		"stfu": 0.7, "fml": 0.5, "af": 0.4, "whore": 1, "slut": 1, "douche": 0.6, "twat": 0.9, "prick": 0.6,
		"bloody hell": 0.3, "jackass": 0.6, "dumbass": 0.7, "ass": 0.5,
	},
	"alcohol": {
		"beer": 0.8, "beers": 0.8, "wine": 0.7, "vodka": 1, "whiskey": 1, "whisky": 1, "tequila": 1, "rum": 0.8,
		"gin": 0.6, "cocktail": 0.8, "cocktails": 0.8, "drunk": 1, "hangover": 0.9, "booze": 1, "brewery": 0.8,
		"ipa": 0.7, "champagne": 0.6, "prosecco": 0.7, "margarita": 0.8, "mimosa": 0.6, "mimosas": 0.6,
		"happy hour": 0.7, "bar crawl": 1, "pub crawl": 1, "wasted": 0.4, "wine tasting": 0.8, "sommelier": 0.7,
		"bourbon": 1, "sake": 0.6, "cider": 0.5, "lager": 0.9, "sangria": 0.8, "mezcal": 1, "aperol": 0.9,
		"spritz": 0.6, "beerstagram": 1, "winelover": 0.9, "shots": 0.3, "tipsy": 0.9, "alcohol": 0.9,
	},
	"gambling": {
		"casino": 1, "poker": 0.9, "blackjack": 1, "roulette": 1, "slots": 0.8, "slot machine": 1, "betting": 1,
		"sportsbook": 1, "parlay": 1, "jackpot": 0.8, "gamble": 0.9, "gambling": 1,
		"wager": 0.9, "bookie": 1, "draftkings": 1, "fanduel": 1, "bet365": 1, "lottery": 0.7, "scratch cards": 0.8,
		"sports betting": 1, "free spins": 1, "baccarat": 1, "craps": 0.8, "vegas": 0.3,
		"bettor": 1, "betslip": 1, "crypto casino": 1, "online casino": 1, "high roller": 0.8,
	},
	"drugs": {
		"weed": 1, "cannabis": 0.9, "marijuana": 1, "thc": 1, "cbd": 0.4, "stoned": 1, "blunt": 0.8,
		"420": 0.8, "cocaine": 1, "mdma": 1, "ecstasy": 0.9, "lsd": 1, "shrooms": 1,
		"psilocybin": 0.9, "ketamine": 1, "xanax": 1, "percs": 1, "vape": 0.5, "vaping": 0.6,
		"edibles": 0.9, "dabs": 0.7, "bong": 1, "kush": 1, "stoner": 1, "pothead": 1, "heroin": 1,
		"meth": 1, "opioids": 0.8, "fentanyl": 0.9, "psychedelics": 0.8, "get high": 0.9,
		"getting high": 0.9, "high af": 1, "smoke weed": 1,
	},
	"violence": {
		"gun": 0.7, "guns": 0.8, "rifle": 0.7, "shooting": 0.3, "shootout": 1, "murder": 0.9,
		"killed": 0.3, "gore": 1, "stabbing": 1, "stabbed": 1, "brawl": 0.8,
		"assault": 0.8, "weapon": 0.8, "weapons": 0.8, "ammo": 0.9, "firearm": 0.9, "firearms": 0.9, "ar15": 1,
		"glock": 1, "massacre": 1, "terrorist": 1, "bomb": 0.7, "beating": 0.5, "violence": 0.8,
		"violent": 0.8, "gunshot": 1, "hostage": 1, "riot": 0.8, "fistfight": 1, "street fight": 1, "beat up": 0.8,
	},
	"adult": {
		"sex": 0.8, "sexy": 0.6, "nude": 1, "nudes": 1, "naked": 0.9, "porn": 1, "onlyfans": 1, "nsfw": 1, "xxx": 1,
		"lingerie": 0.5, "boudoir": 0.6, "erotic": 1, "fetish": 1, "strip club": 1, "stripper": 1, "escort": 0.9,
		"horny": 1, "thirst trap": 0.7, "explicit": 0.6, "topless": 0.9, "camgirl": 1, "booty": 0.4, "twerk": 0.5,
		"twerking": 0.5, "hentai": 1, "milf": 1, "kink": 0.9, "kinky": 0.9, "spicy content": 0.8,
		"18 plus": 0.9, "fansly": 1,
	},
	"politics": {
		"election": 0.8, "elections": 0.8, "vote": 0.3, "voting": 0.5, "democrat": 1, "democrats": 1,
		"republican": 1, "republicans": 1, "gop": 1, "maga": 1, "trump": 0.9, "biden": 0.9, "kamala": 0.9,
		"congress": 0.8, "senate": 0.8, "senator": 0.8, "president": 0.3, "liberal": 0.6, "liberals": 0.8,
		"conservative": 0.5, "conservatives": 0.7, "leftist": 0.9, "abortion": 1, "prolife": 1, "pro life": 1,
		"prochoice": 1, "pro choice": 1, "gun control": 1, "immigration": 0.7, "protest": 0.6, "political": 0.8,
		"politics": 0.9, "politician": 0.8, "parliament": 0.7, "brexit": 0.9, "socialism": 0.8, "communism": 0.8,
		"impeachment": 1, "ballot": 0.7, "midterms": 1, "left wing": 0.9, "right wing": 0.9,
	},
	"controversy": {
		"scandal": 0.9, "cancelled": 0.5, "canceled": 0.5, "cancel culture": 0.9, "exposed": 0.6,
		"feud": 0.8, "lawsuit": 0.8, "sued": 0.8, "apology video": 1, "racist": 1, "racism": 0.8, "sexist": 0.9,
		"homophobic": 1, "transphobic": 1, "slur": 0.9, "conspiracy": 0.8, "hoax": 0.7, "fake news": 0.8,
		"antivax": 1, "anti vax": 1, "flat earth": 1, "misinformation": 0.8, "hate speech": 1, "boycott": 0.7,
		"backlash": 0.8, "controversy": 0.9, "controversial": 0.7, "allegations": 0.9, "arrested": 0.8,
		"beef with": 0.7, "called out": 0.6, "grooming allegations": 1,
	},
}

// SafetyDescriptions returns a description per creatormatch.SafetyCategories
// entry, for embedding into Prototypes.Safety.
func SafetyDescriptions() map[string]string { return maps.Clone(safetyDescriptions) }

// SafetyLexicon returns the weighted terms of each brand-safety category.
func SafetyLexicon() map[string]map[string]float64 {
	out := make(map[string]map[string]float64, len(safetyLexicon))
	for k, v := range safetyLexicon {
		out[k] = maps.Clone(v)
	}
	return out
}
