package demodata

import "strings"

// nicheBank is the vocabulary the generator composes captions, bios and
// comments from for one niche. Fields are parsed from '|'-separated strings
// so the banks stay compact and easy to extend.
type nicheBank struct {
	topics   []string // noun phrases: "a barrier-repair routine"
	actions  []string // gerund phrases that take a topic: "testing"
	details  []string // full sentences that only make sense in the niche
	hooks    []string // niche-flavoured openers
	tags     []string // niche hashtags, without '#'
	emojis   []string
	bio      []string // how a creator describes the niche in a bio
	comments []string // organic follower comments
	brands   []string // fictional sponsor handles, without '@'
	age      [6]float64
	female   float64 // audience female share before noise
	related  []string
	saveable bool // posts people bookmark (recipes, tutorials): more saves
}

type rawBank struct {
	topics, actions, details, hooks, tags, emojis, bio, comments, brands, related string
	age                                                                           [6]float64
	female                                                                        float64
	saveable                                                                      bool
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

var banks = func() map[string]*nicheBank {
	out := make(map[string]*nicheBank, len(rawBanks))
	for k, r := range rawBanks {
		out[k] = &nicheBank{
			topics: split(r.topics), actions: split(r.actions), details: split(r.details),
			hooks: split(r.hooks), tags: split(r.tags), emojis: split(r.emojis), bio: split(r.bio),
			comments: split(r.comments), brands: split(r.brands), related: split(r.related),
			age: r.age, female: r.female, saveable: r.saveable,
		}
	}
	return out
}()

// Age weights are for the buckets 13-17, 18-24, 25-34, 35-44, 45-64, 65+.
var rawBanks = map[string]rawBank{
	"beauty": {
		topics:   "a soft glam look|my everyday makeup routine|a five-minute no-makeup makeup look|this cream blush|a dewy foundation|winged eyeliner for hooded eyes|a drugstore lipstick dupe|the new eyeshadow palette|my brow lamination results|a glossy lip combo|long-wear concealer|a bronzed summer face|setting spray|a bold red lip|lash lift aftercare|my makeup bag essentials|a smoky eye for beginners|color-correcting dark circles|a matte foundation for oily skin|a holiday glitter look|these makeup brushes",
		actions:  "testing|trying|swatching|recreating|reviewing|wearing|layering|comparing",
		details:  "The shade match is honestly perfect for my undertone.|Blend it with your fingers, not a sponge, for that skin-like finish.|It lasted eight hours without creasing under my eyes.|Swatches are in the last slide, shades 220 and 240.|The pigment payoff is unreal for the price.|Tap the blush high on the cheekbones to lift the face.|Set the under-eye with a tiny bit of powder and it won't budge.|The formula is buildable, so one layer is sheer and two is full glam.|I used a damp beauty blender and the finish stayed luminous.|Primer first, always, or the foundation separates by noon.|This palette has the creamiest shimmers I have ever swatched.",
		hooks:    "Get ready with me!|Makeup tutorial time.|Full face, one brand.|Glam in ten minutes?",
		tags:     "makeup|makeuptutorial|grwm|beauty|makeuplook|motd|glam|makeupartist",
		emojis:   "💄|💋|✨|💅",
		bio:      "everyday makeup tutorials|drugstore beauty finds|soft glam and honest swatches|makeup for hooded eyes",
		comments: "What foundation shade are you wearing?|The blush placement is everything|Need a tutorial for the eyeliner please|Is the lipstick transfer-proof?|This shade would look great on me too, ordering now|Your skin looks flawless in this",
		brands:   "glowlab|velvetmuse",
		related:  "skincare|fashion",
		age:      [6]float64{0.10, 0.38, 0.30, 0.13, 0.07, 0.02}, female: 0.86,
	},
	"skincare": {
		topics:   "my barrier repair routine|a niacinamide serum|SPF 50 sunscreen|double cleansing|retinol for beginners|a gentle exfoliating toner|my night routine for dry skin|hyaluronic acid serum|a ceramide moisturizer|routine for acne-prone skin|vitamin C in the morning|a cleansing balm|my skin cycling schedule|pimple patches|a mineral sunscreen with no white cast|fading dark spots|slugging with petrolatum|an azelaic acid cream|skincare for sensitive skin|my dermatologist-approved routine",
		actions:  "testing|patch testing|reviewing|layering|trying|adding|breaking down|switching to",
		details:  "Patch test on your jawline for three days before going all in.|My redness calmed down after two weeks of this.|Apply it to damp skin and seal it in with moisturizer.|Start retinol twice a week and buffer it with a moisturizer.|Sunscreen is the one step you should never skip, even when it is cloudy.|The texture absorbs fast and leaves no greasy film.|Do not mix strong acids and retinol on the same night.|My skin barrier finally feels repaired.|Fragrance-free formulas made the biggest difference for my eczema.|Texture and clogged pores improved after a month.|Reapply SPF every two hours if you are outdoors.",
		hooks:    "Skincare check-in.|Skin update!|Dermatologist-approved?|Your skin barrier will thank you.",
		tags:     "skincare|skincareroutine|skintok|acne|sunscreen|glowingskin|skincaretips|spf",
		emojis:   "🧴|🧖‍♀️|✨|🌿",
		bio:      "skincare routines for sensitive skin|honest skincare reviews|ingredient-nerd skincare|acne journey and skin tips",
		comments: "Does this work for oily skin?|What moisturizer do you pair it with?|My skin has been so irritated, trying this|Can you use it with tretinoin?|Your skin is glowing!|Which sunscreen is this?",
		brands:   "dermadew|purebarrier",
		related:  "beauty|wellness",
		age:      [6]float64{0.08, 0.34, 0.33, 0.15, 0.08, 0.02}, female: 0.80,
		saveable: true,
	},
	"fashion": {
		topics:   "a capsule wardrobe for fall|three ways to style a blazer|my thrifted denim jacket|outfits for a week of office days|a linen set for summer|how to style wide-leg trousers|the perfect white sneakers|a monochrome outfit|layering knitwear|my favorite trench coat|styling a slip skirt|wedding guest outfits|a vintage leather bag|street style in the city|a minimalist closet cleanout|cozy loungewear sets|transitional spring outfits|tailoring cheap jeans|statement earrings|a chunky loafer",
		actions:  "styling|pairing|thrifting|trying on|putting together|wearing|restyling",
		details:  "Tuck the front only so the waist still shows.|Roll the sleeves twice to make the proportions work.|Everything here is under fifty dollars, sizes in the comments.|Neutral colors mean every piece goes with everything else.|The fit is true to size, I went down one for the trousers.|Thrifted the coat for twelve dollars and had it tailored.|A belt changes the whole silhouette of an oversized dress.|Mix textures like wool and satin to make a simple outfit interesting.|Cuff the jeans above the ankle when wearing loafers.|Fit check in the mirror before heading out.",
		hooks:    "Outfit of the day.|Fit check!|Style tip:|What I wore this week.",
		tags:     "ootd|fashion|style|outfitinspo|streetstyle|thrifted|whatiwore|fashioninspo",
		emojis:   "👗|👠|🧥|🛍️",
		bio:      "everyday outfit ideas|thrifted and sustainable style|capsule wardrobe tips|affordable fashion inspo",
		comments: "Where is the blazer from?|The color combo is perfect|Need that bag in my life|What size are you wearing in the jeans?|Styling queen as always|This outfit is so you",
		brands:   "threadhaus|noirstitch",
		related:  "beauty|photography",
		age:      [6]float64{0.09, 0.36, 0.31, 0.14, 0.08, 0.02}, female: 0.74,
	},
	"fitness": {
		topics:   "a 20-minute full body workout|leg day at the gym|my push pull legs split|a beginner strength program|a kettlebell circuit|deadlift form|my first pull-up|a HIIT session at home|glute bridges and hip thrusts|a mobility routine for tight hips|progressive overload|my half marathon training block|a core workout with no equipment|protein intake for muscle gain|a dumbbell-only upper body day|rest days|squat depth|a 30-day plank challenge|a cut and bulk plan|my gym bag essentials",
		actions:  "trying|crushing|programming|breaking down|testing|doing|finishing",
		details:  "Three sets of eight to twelve reps with two minutes of rest.|Keep your core braced and your spine neutral on every rep.|Added five kilos to my squat this month.|Warm up with light sets before going heavy.|Consistency beats intensity, show up three times a week.|Drive through your heels and squeeze at the top.|Sleep and protein matter as much as the training itself.|My resting heart rate dropped after eight weeks of cardio.|Film your lifts to check your form from the side.|Sore today but it was worth every rep.|Scale the reps down if you are just starting out.",
		hooks:    "Workout of the day.|Gym check-in!|No excuses today.|Save this for your next session.",
		tags:     "fitness|workout|gym|fitnessmotivation|legday|strengthtraining|homeworkout|gymtok",
		emojis:   "💪|🏋️‍♀️|🔥|🏃",
		bio:      "strength training for beginners|home workouts and gym programs|fitness coaching and honest progress|lifting heavy and staying consistent",
		comments: "How many sets do you do for this?|My hamstrings are sore just watching|Can beginners do this?|Form looks perfect|Trying this tomorrow morning|What program are you following?",
		brands:   "ironpulse|fitfuel",
		related:  "wellness|sports",
		age:      [6]float64{0.06, 0.33, 0.33, 0.16, 0.10, 0.02}, female: 0.50,
		saveable: true,
	},
	"food": {
		topics:   "a creamy garlic pasta|sheet pan chicken thighs|homemade sourdough|a crispy smash burger|my grandma's lasagna|one-pot chili|ramen from scratch|lemon ricotta pancakes|a Sunday roast|street tacos al pastor|a chocolate olive oil cake|five-ingredient weeknight dinners|meal prep for the week|a spicy peanut noodle bowl|homemade dumplings|a shakshuka brunch|cinnamon rolls|a brown butter cookie|fried rice with leftovers|a new brunch spot downtown|the best pizza dough",
		actions:  "cooking|making|baking|testing|trying|prepping|perfecting",
		details:  "Let the dough rest overnight in the fridge for a better crumb.|Salt the pasta water until it tastes like the sea.|Brown the butter until it smells nutty before adding it.|Recipe is in the caption below, serves four.|Sear the meat in batches so the pan stays hot.|The secret is a splash of fish sauce at the end.|It comes together in thirty minutes on a weeknight.|Crispy edges, gooey middle, exactly how it should be.|Toast the spices in oil first to wake them up.|Leftovers taste even better the next day.|Deglaze the pan and scrape up all the brown bits.",
		hooks:    "Dinner is served!|Recipe below.|Comfort food season.|Easy weeknight dinner.",
		tags:     "food|recipe|foodie|homecooking|easyrecipes|dinnerideas|foodtok|baking",
		emojis:   "🍝|🍳|😋|🥘",
		bio:      "easy weeknight recipes|home cooking and baking|comfort food recipes|eating my way through the city",
		comments: "Can I use chicken instead?|Made this last night and my family loved it|How long does it keep in the fridge?|That crust looks amazing|Saving this recipe for Sunday|What pan are you using?",
		brands:   "spoonfolk|crumbco",
		related:  "plant_based|travel",
		age:      [6]float64{0.05, 0.24, 0.30, 0.20, 0.16, 0.05}, female: 0.62,
		saveable: true,
	},
	"plant_based": {
		topics:   "a vegan mac and cheese|tofu scramble|a high-protein lentil curry|plant-based meal prep|crispy chickpeas|a cashew cream sauce|vegan banana bread|a tempeh stir fry|dairy-free ice cream|my first month going vegan|jackfruit tacos|a plant-based grocery haul|oat milk latte at home|vegan protein sources|a black bean burger|a creamy coconut dal|egg-free baking swaps|nutritional yeast|a Buddha bowl",
		actions:  "making|cooking|veganizing|testing|trying|prepping|swapping in",
		details:  "Press the tofu for twenty minutes so it gets properly crispy.|Soaked cashews blend into the silkiest dairy-free sauce.|Each bowl has over thirty grams of plant protein.|Flax eggs work perfectly in this recipe.|No one at the table guessed it was vegan.|Nutritional yeast gives it that cheesy flavor without dairy.|Lentils are cheap, filling and packed with fiber.|Swap the butter for coconut oil one to one.|Going plant-based does not have to be expensive.|Add a squeeze of lime to brighten the whole dish.",
		hooks:    "Vegan and proud.|Plant-powered lunch.|Meatless Monday!|Dairy-free, still delicious.",
		tags:     "vegan|plantbased|veganrecipes|whatveganseat|plantbasedprotein|veganfood|dairyfree|meatlessmonday",
		emojis:   "🌱|🥑|🥦|🌿",
		bio:      "easy vegan recipes|plant-based cooking on a budget|high-protein plant-based meals|vegan comfort food",
		comments: "Is this gluten-free too?|My non-vegan husband loved this|Where do you get your tempeh?|How much protein per serving?|Never thought tofu could look this good|Adding this to my meal plan",
		brands:   "sproutsy|greenplate",
		related:  "food|sustainability|wellness",
		age:      [6]float64{0.06, 0.34, 0.32, 0.16, 0.10, 0.02}, female: 0.70,
		saveable: true,
	},
	"parenting": {
		topics:   "our bedtime routine with a toddler|packing school lunches|potty training week|a newborn sleep schedule|screen time rules at home|toddler tantrums|my postpartum recovery|a rainy day activity for kids|baby-led weaning|juggling work and school pickup|sibling rivalry|the first day of kindergarten|a diaper bag checklist|mom guilt|teaching kids to share|a family road trip with a baby|our homeschool morning|breastfeeding struggles|easy dinners kids actually eat|the toddler sleep regression",
		actions:  "surviving|navigating|trying|sharing|handling|planning|starting",
		details:  "Every kid is different, so take what works and leave the rest.|Naps finally got longer once we moved bedtime earlier.|My toddler ate every bite, which is a miracle.|Being a parent is the hardest job I have ever had.|We use a visual chart so the kids know what comes next.|Fed is best, whatever that looks like for your family.|Three kids, one bathroom, zero patience some mornings.|The baby finally slept through the night.|Letting them help in the kitchen slows us down but they love it.|Pediatrician said this phase is totally normal.",
		hooks:    "Mom life.|Parenting win!|Toddler update.|Dad life, unfiltered.",
		tags:     "momlife|parenting|toddlermom|motherhood|dadlife|newborn|momsofinstagram|parentingtips",
		emojis:   "👶|🍼|👨‍👩‍👧|🧸",
		bio:      "real-life parenting with two toddlers|motherhood without the filter|dad of three sharing family life|gentle parenting tips",
		comments: "We are going through the exact same thing|How old is your little one?|This made me feel less alone|Trying this bedtime trick tonight|Your kids are adorable|Sending solidarity from another tired parent",
		brands:   "tinysteps|nestlings",
		related:  "food|education|home_decor",
		age:      [6]float64{0.01, 0.12, 0.42, 0.30, 0.13, 0.02}, female: 0.84,
	},
	"travel": {
		topics:   "a week in Lisbon|a hidden beach in Sardinia|my carry-on packing list|a road trip through Iceland|Tokyo on a budget|a night train across the Alps|the best street food in Bangkok|a boutique hotel in Mexico City|island hopping in Greece|a weekend in Kyoto|a solo trip to Morocco|the Amalfi Coast without crowds|visa-free destinations|travel hacks for long flights|a cabin stay in Norway|a 48-hour itinerary for Paris|my favorite airport lounges|backpacking through Vietnam|a desert camp in Jordan|a sunrise hot air balloon ride",
		actions:  "exploring|visiting|planning|backpacking through|discovering|packing for|road tripping through",
		details:  "Go early, before the tour buses arrive, and you get it to yourself.|Flights were under two hundred dollars return.|Pack light, you will not wear half of what you bring.|Full itinerary with prices is in the highlights.|Take the local train instead of a taxi to save a fortune.|The view from the hilltop was worth the climb.|Book the ferry a day ahead in high season.|Stayed in a guesthouse run by the sweetest family.|Learn a few words of the local language, it goes a long way.|Passport stamp number forty-two.",
		hooks:    "Wanderlust hitting hard.|Travel diary:|Bucket list, checked.|Save this for your next trip.",
		tags:     "travel|wanderlust|travelgram|traveltips|solotravel|travelblogger|backpacking|bucketlist",
		emojis:   "✈️|🌍|🏝️|🧳",
		bio:      "budget travel guides|slow travel and hidden gems|solo travel tips|itineraries from 60 countries",
		comments: "Adding this to my bucket list|How many days would you recommend?|Which month did you go?|The water looks unreal|What camera do you use for travel?|Going there in May, any tips?",
		brands:   "wanderkit|jetnook",
		related:  "photography|outdoors|food",
		age:      [6]float64{0.04, 0.30, 0.34, 0.17, 0.12, 0.03}, female: 0.60,
		saveable: true,
	},
	"gaming": {
		topics:   "a ranked grind to diamond|the new battle royale season|my gaming setup tour|a speedrun attempt|the hardest boss in the game|an indie game you missed|a cozy farming game|the patch notes|a controller vs mouse debate|my favorite RPG of the year|a retro console collection|a clutch one-versus-four|co-op night with the squad|a hidden easter egg|the open world map|a Minecraft build|the best loadout this season|a strategy game tier list|a 100 percent completion run|game night on stream",
		actions:  "playing|streaming|grinding|speedrunning|reviewing|testing|ranking",
		details:  "Finally hit diamond after three weeks of ranked.|The new map is way better for sniping from the ridge.|Streaming live tonight at 8, come hang out in chat.|Frame rate stays locked at 144 on high settings.|Patch notes nerfed my main and I am not okay.|Took forty tries but the boss finally went down.|Co-op is so much more fun with voice chat.|This indie game has the best soundtrack of the year.|My reaction time is not what it used to be.|The lore in this game goes so deep.|Clip of the week goes to my teammate.",
		hooks:    "GG!|Live on stream tonight.|Gamer moment.|Clip of the day.",
		tags:     "gaming|gamer|twitch|videogames|pcgaming|gamingsetup|esports|gamingclips",
		emojis:   "🎮|🕹️|👾|🏆",
		bio:      "variety streamer and gaming clips|competitive shooter gameplay|cozy games and indie gems|retro gaming collector",
		comments: "That clutch was insane|What's your sensitivity?|Drop the setup specs|Which controller is that?|I've been stuck on that boss for days|See you on stream tonight",
		brands:   "pixelforge|quantumpad",
		related:  "tech|comedy",
		age:      [6]float64{0.24, 0.40, 0.22, 0.09, 0.04, 0.01}, female: 0.24,
	},
	"tech": {
		topics:   "the new flagship phone|a budget mechanical keyboard|my minimal desk setup|noise-cancelling earbuds|a laptop for students|a smart home hub|the best USB-C charger|a foldable phone|smartwatch battery life|a 4K monitor for work|a home server build|apps I use every day|an e-reader upgrade|the new tablet|password managers|a mesh Wi-Fi system|a portable SSD|AI photo editing tools|an Android vs iPhone comparison|a budget gaming laptop",
		actions:  "unboxing|reviewing|testing|benchmarking|setting up|comparing|upgrading to",
		details:  "Battery lasted a full day and a half with heavy use.|The display is bright enough to read outside in full sun.|Benchmarks are on the last slide, the chip is seriously fast.|Charging from zero to eighty percent took thirty-five minutes.|The keyboard has hot-swappable switches, which is rare at this price.|Setup took five minutes through the companion app.|Noise cancellation blocked out the whole train ride.|It runs warm under load but never throttled in my tests.|For most people the cheaper model is the better buy.|Cable management made the whole desk feel new.",
		hooks:    "Unboxing day!|Tech review time.|Is it worth the upgrade?|Spec check.",
		tags:     "tech|gadgets|techreview|desksetup|unboxing|smartphone|techtok|productivity",
		emojis:   "📱|💻|⌨️|🔋",
		bio:      "honest tech reviews|desk setups and gadgets|smartphone and laptop comparisons|tech explained simply",
		comments: "How is the battery compared to last year?|Is it worth upgrading from the previous model?|What keyboard switches are those?|Great review, very balanced|Does it support fast charging?|Need that desk setup",
		brands:   "voltwise|nimbusaudio",
		related:  "gaming|science|photography",
		age:      [6]float64{0.10, 0.32, 0.30, 0.16, 0.10, 0.02}, female: 0.28,
	},
	"personal_finance": {
		topics:   "my monthly budget breakdown|an emergency fund|index fund investing|paying off student loans|a high-yield savings account|the 50/30/20 rule|my first rental property|retirement accounts explained|a no-spend month|credit card points|side hustle income|how I track net worth|dollar-cost averaging|compound interest|negotiating a raise|debt snowball vs avalanche|a sinking fund for travel|my salary transparency update|tax refund planning|cutting subscription costs",
		actions:  "breaking down|explaining|tracking|building|paying off|automating|starting",
		details:  "Pay yourself first by automating transfers on payday.|We paid off forty thousand in debt in two years.|Low-cost index funds beat most active managers over time.|Aim for three to six months of expenses in your emergency fund.|Not financial advice, just what worked for me.|Compound interest is slow at first and then suddenly it is not.|Track every expense for one month and you will be surprised.|Max out the employer match before anything else.|Our savings rate hit thirty percent this year.|Small recurring subscriptions add up to hundreds a year.",
		hooks:    "Money talk.|Let's talk numbers.|Budget check-in.|Financial freedom update.",
		tags:     "personalfinance|budgeting|investing|moneytips|debtfree|financialfreedom|savingmoney|fire",
		emojis:   "💰|📈|💸|🏦",
		bio:      "budgeting and investing made simple|our debt-free journey|personal finance for millennials|money tips without the jargon",
		comments: "What app do you use to budget?|This is the advice I needed at 22|How much do you keep in cash?|Index funds for the win|Can you explain Roth vs traditional?|We started a debt snowball because of you",
		brands:   "pennypilot|stackwise",
		related:  "education",
		age:      [6]float64{0.02, 0.22, 0.38, 0.24, 0.12, 0.02}, female: 0.48,
		saveable: true,
	},
	"home_decor": {
		topics:   "our living room makeover|a cozy reading nook|styling a bookshelf|a small apartment tour|a gallery wall|my bedroom refresh|warm lighting for winter|a thrifted side table|our entryway before and after|a neutral color palette|styling a coffee table|renter-friendly upgrades|a Japandi dining room|fall decor on a budget|a kitchen open shelving|choosing the right rug size|plants as decor|a home office corner|layered bedding|a vintage mirror find",
		actions:  "styling|decorating|redoing|refreshing|rearranging|sourcing|designing",
		details:  "Layer three light sources in every room for a cozy glow.|The rug should fit under the front legs of the sofa.|Most of these pieces are thrifted or secondhand.|Renter-friendly, nothing here needs a drill.|Warm white bulbs make the space feel so much calmer.|Group decor in odd numbers for a natural look.|Painted the wall a soft sage and it changed everything.|Before and after is on the last slide.|Mixing wood tones is fine as long as the undertones match.|Small rooms look bigger with a large mirror.",
		hooks:    "Home tour!|Before and after.|Cozy corner alert.|Decor inspo.",
		tags:     "homedecor|interiordesign|homeinspo|cozyhome|apartmenttherapy|interiors|livingroomdecor|homestyling",
		emojis:   "🏡|🛋️|🪴|🕯️",
		bio:      "cozy home decor on a budget|small space styling|renter-friendly interiors|thrifted home finds",
		comments: "Where is the sofa from?|That paint color is dreamy|Your home is so cozy|What size is that rug?|Love the gallery wall layout|Saving this for our new apartment",
		brands:   "nookandnest|lumahome",
		related:  "diy|sustainability|parenting",
		age:      [6]float64{0.03, 0.20, 0.35, 0.23, 0.15, 0.04}, female: 0.78,
	},
	"pets": {
		topics:   "my golden retriever's morning routine|adopting a rescue cat|puppy training basics|a grain-free dog food review|our cat's favorite toy|a dog-friendly hiking trail|grooming a long-haired cat|the best harness for pullers|my senior dog's birthday|crate training|a new kitten|dog park etiquette|homemade dog treats|litter box tips|teaching a dog to sit and stay|pet insurance|a rabbit enclosure setup|my parrot learning words|separation anxiety in dogs|a vet checkup",
		actions:  "training|walking|spoiling|introducing|grooming|adopting|testing",
		details:  "Positive reinforcement and tiny treats, every single time.|She sleeps twenty hours a day and still looks tired.|Adopt, don't shop, there are so many pets waiting.|Short training sessions work better than long ones.|He stole a sock and ran laps around the house.|Brush them twice a week to stop the matting.|The vet said she is in perfect health for her age.|Our cat ignored the expensive bed and sat in the box.|A tired dog is a well-behaved dog.|Introduce the new kitten slowly with scent swapping first.",
		hooks:    "Pet update!|Say hi to the fluffiest coworker.|Dog mom life.|Cat tax.",
		tags:     "dogsofinstagram|catsofinstagram|puppy|dogtraining|petlover|rescuedog|catlife|pets",
		emojis:   "🐶|🐱|🐾|🦴",
		bio:      "life with a rescue dog|two cats and a lot of fur|positive dog training tips|pet care and adoption stories",
		comments: "Those ears!!|What breed is he?|My dog does the exact same thing|Give her a scratch from me|How old is your kitten?|Best boy ever",
		brands:   "wagwell|kibblecraft",
		related:  "outdoors|comedy",
		age:      [6]float64{0.07, 0.28, 0.30, 0.18, 0.14, 0.03}, female: 0.68,
	},
	"automotive": {
		topics:   "a track day in my hatchback|an oil change at home|the new electric SUV|a classic car restoration|detailing a black paint job|a turbo upgrade|winter tires|a road test of the new sedan|a manual vs automatic debate|my project car|brake pads and rotors|a dyno run|a cross-country drive in an EV|ceramic coating|a barn find|the cheapest sports car to own|suspension coilovers|a car meet at night|a used car buying checklist|a motorcycle first ride",
		actions:  "driving|restoring|detailing|wrenching on|test driving|modifying|fixing",
		details:  "Torqued the lug nuts in a star pattern to spec.|Ninety horsepower more after the tune and intake.|The EV range dropped about twenty percent in the cold.|Clay bar first, then polish, then ceramic coating.|Always check the service history before buying used.|The steering feels so much sharper with new bushings.|Zero to sixty in under five seconds.|Changed my own brakes for a third of the shop price.|The paint correction took two full days.|Range anxiety is real on rural highways.",
		hooks:    "Car content incoming.|Garage day!|Petrolhead moment.|Test drive review.",
		tags:     "cars|carsofinstagram|automotive|carlifestyle|jdm|carmeet|cardetailing|evs",
		emojis:   "🚗|🏎️|🔧|🛞",
		bio:      "project cars and garage builds|car reviews and test drives|detailing tips|EV road trips",
		comments: "What wheels are those?|How much did the restoration cost?|That exhaust sounds mean|Is the EV worth it in winter?|Clean build|Which coating did you use?",
		brands:   "torqueworks|shinemotive",
		related:  "tech|outdoors",
		age:      [6]float64{0.08, 0.30, 0.30, 0.17, 0.12, 0.03}, female: 0.14,
	},
	"music": {
		topics:   "a new song I wrote|an acoustic cover|my home studio setup|a guitar riff|a live show last night|learning piano as an adult|a beat made in ten minutes|my vinyl collection|vocal warm-ups|a synth jam|songwriting in the morning|a drum fill|my first album release|a music theory trick|a busking session|a mixing tip|the chord progression everyone uses|an open mic night|a duet with my sister|a practice routine",
		actions:  "covering|playing|producing|writing|recording|mixing|performing",
		details:  "Recorded the vocals in one take in my closet.|The chorus came to me in the shower, as always.|Tuned down half a step for this one.|Full version drops on all streaming platforms Friday.|Practice slowly with a metronome and speed up later.|The bridge modulates up a key and it gives me chills.|Played to a packed room and forgot half the lyrics.|Layered four harmonies for the final chorus.|This progression is just four chords on repeat.|Sidechain the bass to the kick for a cleaner mix.",
		hooks:    "New music!|Cover time.|Studio session.|Sing along?",
		tags:     "music|musician|singer|songwriter|cover|guitar|producer|newmusic",
		emojis:   "🎵|🎸|🎹|🎤",
		bio:      "singer-songwriter sharing covers|bedroom producer and beatmaker|guitar lessons and riffs|indie musician on tour",
		comments: "Your voice is so soothing|What tuning is this?|Please release this on Spotify|Goosebumps at the bridge|Which mic do you use?|Can you cover something by Adele next?",
		brands:   "soundloft|chordly",
		related:  "comedy|education",
		age:      [6]float64{0.14, 0.36, 0.26, 0.12, 0.10, 0.02}, female: 0.52,
	},
	"comedy": {
		topics:   "a sketch about office meetings|things my mom says|a parody of a cooking show|types of people at the gym|my roommate's weird habits|a prank on my brother|a stand-up set|a skit about group chats|when the Wi-Fi goes down|an impression of my dad|first date disasters|a bit about airport security|characters in every family reunion|a fake commercial|a blooper reel|a crowd work clip|the awkward elevator ride|a skit about online shopping|a reaction to my old videos|a bit about self-checkout",
		actions:  "acting out|parodying|recreating|performing|filming|improvising|writing",
		details:  "My mom said this was too real to be funny.|I played every character myself, which explains the wigs.|The crowd went silent and then lost it.|Part two if this gets enough laughs.|Based on a true story, sadly.|We filmed this forty times because nobody could keep a straight face.|Tag the friend who always does this.|Catch me live at the comedy club on Thursday.|The ending was completely improvised.|Bloopers are funnier than the sketch, honestly.",
		hooks:    "Tell me I'm wrong.|This is a true story.|Skit time.|Not me playing every character.",
		tags:     "comedy|funny|skit|standup|memes|relatable|sketchcomedy|lol",
		emojis:   "😂|🤣|🎭|😅",
		bio:      "sketch comedy and characters|stand-up comedian on tour|relatable skits about everyday life|making you laugh once a day",
		comments: "I'm crying at the ending|This is literally my family|The dad impression is too accurate|Part 2 please|Sent this to my whole group chat|How do you keep a straight face",
		brands:   "snackrush|giggleapp",
		related:  "music|gaming",
		age:      [6]float64{0.16, 0.38, 0.25, 0.11, 0.08, 0.02}, female: 0.48,
	},
	"education": {
		topics:   "study techniques that actually work|the history of the printing press|learning a language in six months|a quick grammar lesson|how to write a strong essay|the Pomodoro method|flashcards and spaced repetition|a math trick for percentages|how to read more effectively|college application tips|a crash course in statistics|the causes of World War I|note-taking systems|memorizing vocabulary|a geography quiz|public speaking tips|exam week planning|a coding lesson for beginners|critical thinking skills|the Roman Empire in five minutes",
		actions:  "explaining|teaching|breaking down|summarizing|reviewing|studying|learning",
		details:  "Active recall beats rereading your notes every time.|Space your reviews one day, three days, then a week apart.|Teach it to someone else and you will remember it.|Here is the whole lesson summarized on one page.|This took me years of teaching to figure out.|Break big assignments into twenty-five minute blocks.|Historians still debate this, so here are both sides.|Practice problems are in the comments.|Write the thesis first, then build every paragraph to support it.|Sleep is the most underrated study tool.",
		hooks:    "Lesson of the day.|Study tip!|Did you know?|Teacher here.",
		tags:     "education|studytips|learning|studygram|teachersofinstagram|history|languagelearning|studywithme",
		emojis:   "📚|✏️|🎓|🧠",
		bio:      "study tips and learning hacks|teacher explaining history|language learning made fun|bite-size lessons",
		comments: "Wish my teacher explained it like this|Using this for my exam next week|Can you do one on calculus?|This finally makes sense|Saving for finals|Great explanation, thank you",
		brands:   "brainbox|quillacademy",
		related:  "science|books|personal_finance",
		age:      [6]float64{0.18, 0.38, 0.22, 0.11, 0.09, 0.02}, female: 0.56,
		saveable: true,
	},
	"science": {
		topics:   "how black holes form|a kitchen chemistry experiment|the physics of a rollercoaster|why the sky is blue|CRISPR gene editing|the James Webb telescope images|a homemade volcano|quantum entanglement|how vaccines train the immune system|the speed of light|a fossil hunt|the chemistry of baking soda|dark matter|how batteries store energy|the life cycle of stars|an egg drop experiment|the neuroscience of sleep|a microscope look at pond water|entropy explained|the Fibonacci sequence in nature",
		actions:  "explaining|testing|demonstrating|investigating|breaking down|observing|measuring",
		details:  "Light from that galaxy left it billions of years ago.|Always wear goggles, even for simple experiments.|The reaction releases carbon dioxide, which is why it fizzes.|Einstein predicted this a century before we measured it.|Under the microscope it is teeming with tiny organisms.|Energy is conserved, it just changes form.|This is the same principle that keeps satellites in orbit.|We repeated the measurement five times to reduce error.|The data surprised even the researchers.|Peer review matters, so here are the papers.",
		hooks:    "Science time!|Mind = blown.|Let's do an experiment.|Physics fact:",
		tags:     "science|physics|chemistry|space|astronomy|stem|biology|scienceexperiment",
		emojis:   "🔬|🧪|🔭|🧬",
		bio:      "science explained simply|space and physics nerd|chemistry experiments at home|STEM for curious minds",
		comments: "My kids loved this experiment|So does that mean time slows down?|What is the source for this?|Mind blown|Please do one on dark energy|Best science explainer on here",
		brands:   "kitlab|stellarscope",
		related:  "education|tech",
		age:      [6]float64{0.14, 0.34, 0.26, 0.13, 0.10, 0.03}, female: 0.40,
	},
	"outdoors": {
		topics:   "a sunrise summit hike|a solo camping trip|my ultralight backpacking kit|a canoe trip down the river|a winter camping setup|trail running in the mountains|a wild swim in a glacier lake|a rock climbing route|a national park itinerary|foraging for mushrooms|a tent review|a thru-hike resupply|bouldering outdoors|fly fishing at dawn|a hammock camping night|leave no trace principles|a snowshoe trail|stargazing in a dark sky park|a ridge traverse|a hut-to-hut hike",
		actions:  "hiking|camping|climbing|paddling|exploring|backpacking|packing for",
		details:  "Start before dawn to beat the afternoon storms.|Pack out everything you pack in.|Base weight is under eight kilos for three nights.|The trail gains nine hundred meters in the first five kilometers.|Filter all water even if the stream looks clean.|Layers, layers, layers, the weather changes fast up there.|Saw two elk and a black bear from a distance.|Campfire bans are in effect, check before you go.|The stars up here are unreal with zero light pollution.|Tell someone your route before heading out alone.",
		hooks:    "Trail report.|Into the wild.|Weekend in the mountains.|Camp setup tour.",
		tags:     "hiking|outdoors|camping|backpacking|optoutside|naturelovers|mountains|trailrunning",
		emojis:   "🏔️|⛺|🥾|🌲",
		bio:      "hiking and backcountry camping|ultralight backpacking tips|mountain adventures|outdoor gear reviews",
		comments: "Which trail is this?|How heavy is your pack?|Adding this hike to my list|What tent is that?|Those views are insane|Stay safe out there",
		brands:   "trailforge|summitgear",
		related:  "travel|photography|fitness|sustainability",
		age:      [6]float64{0.04, 0.26, 0.34, 0.19, 0.14, 0.03}, female: 0.44,
	},
	"sports": {
		topics:   "the championship final|a basketball shooting drill|my Sunday league match|a tennis serve breakdown|the transfer window rumors|a soccer freekick tutorial|game day at the stadium|a marathon finish line|a cycling climb|the playoff race|a baseball swing analysis|pickleball for beginners|my fantasy league team|a golf short-game routine|a boxing footwork drill|the derby match|skating at the rink|a volleyball spike|a swimming technique tip|the season opener",
		actions:  "training for|analyzing|watching|playing|practicing|breaking down|previewing",
		details:  "The defense completely fell apart in the second half.|Follow through toward the target on every shot.|That goal in stoppage time had the whole stadium shaking.|Footwork first, power comes later.|Our team finally won an away game this season.|The stats say he is the most efficient scorer in the league.|Practice this drill for ten minutes before every session.|Ran a personal best and cried at the finish line.|The referee decision changed the whole game.|Hydrate before, during and after the match.",
		hooks:    "Game day!|Match reaction.|Training drill of the week.|What a finish!",
		tags:     "sports|football|basketball|soccer|athlete|gameday|tennis|training",
		emojis:   "⚽|🏀|🎾|🏆",
		bio:      "match analysis and sports takes|amateur athlete sharing drills|basketball skills coach|game day reactions",
		comments: "What a game that was|Can you break down the defense next?|This drill helped my kid so much|Best goal of the season|Who do you have winning the final?|Great form on that serve",
		brands:   "courtking|strideco",
		related:  "fitness|outdoors",
		age:      [6]float64{0.14, 0.32, 0.27, 0.14, 0.11, 0.02}, female: 0.30,
	},
	"wellness": {
		topics:   "a morning meditation|journaling prompts for anxiety|my evening wind-down routine|breathwork for stress|a digital detox weekend|gratitude practice|a yoga flow for beginners|better sleep hygiene|setting boundaries|a gentle walk in the park|therapy lessons I keep coming back to|a self-care Sunday|managing burnout|a cold plunge|mindful eating|a sound bath|affirmations|a slow morning routine|nervous system regulation|herbal tea rituals",
		actions:  "practicing|starting|sharing|trying|building|returning to|exploring",
		details:  "Five slow breaths in, six out, repeat until your shoulders drop.|Rest is productive, even when it does not feel like it.|I put my phone in another room an hour before bed.|Journaling three lines a day changed my mornings.|Healing is not linear, be gentle with yourself.|Therapy gave me tools I use every single day.|A ten-minute walk outside resets my whole mood.|Sleep came easier once I stopped caffeine after noon.|Protect your peace, it is allowed to say no.|Gratitude feels awkward at first and then it sticks.",
		hooks:    "Gentle reminder.|Self-care check-in.|Breathe with me.|Mental health moment.",
		tags:     "wellness|selfcare|mentalhealth|mindfulness|meditation|yoga|healing|selflove",
		emojis:   "🧘‍♀️|🌸|☀️|💆",
		bio:      "mindfulness and mental health|yoga and slow living|self-care rituals|breathwork teacher",
		comments: "Needed this today|Which journal do you use?|Trying the breathing exercise right now|Thank you for being so open|This routine is so calming|How long did it take to build the habit?",
		brands:   "calmora|zenleaf",
		related:  "fitness|skincare|plant_based",
		age:      [6]float64{0.05, 0.30, 0.34, 0.17, 0.11, 0.03}, female: 0.80,
	},
	"diy": {
		topics:   "a pallet wood shelf|refinishing an old dresser|a macrame wall hanging|building a raised garden bed|tiling a bathroom backsplash|a hand-poured candle|upcycling glass jars|a simple woodworking bench|painting kitchen cabinets|a resin coaster set|sewing a tote bag|fixing a leaky tap|a floating nightstand|crochet for beginners|a cardboard playhouse|wallpapering an accent wall|a homemade picture frame|restoring a vintage chair|a 3D printed organizer|a concrete planter",
		actions:  "building|making|upcycling|refinishing|crafting|sewing|repairing",
		details:  "Sand with 120 grit, then 220, and wipe the dust between coats.|Measure twice, cut once, and I still cut it wrong.|Total cost was under thirty dollars in materials.|Let the stain dry overnight before sealing.|Pre-drill the holes so the wood does not split.|Templates and the full material list are in the highlights.|Wear a mask when sanding old paint.|The glue-up is the most stressful part of any build.|This is my third attempt and the first one that is straight.|Use painter's tape for crisp lines.",
		hooks:    "DIY project!|Weekend build.|From trash to treasure.|Crafting time.",
		tags:     "diy|diyproject|woodworking|upcycling|crafts|handmade|homeimprovement|maker",
		emojis:   "🔨|🪚|🧵|🎨",
		bio:      "DIY builds and home projects|upcycling and thrift flips|woodworking for beginners|crafting and handmade gifts",
		comments: "What stain color did you use?|I need to try this with my old dresser|How long did the build take?|Where do you buy the wood?|Such a clever idea|The before and after is wild",
		brands:   "makerbench|craftcrate",
		related:  "home_decor|sustainability",
		age:      [6]float64{0.05, 0.22, 0.31, 0.21, 0.17, 0.04}, female: 0.58,
		saveable: true,
	},
	"photography": {
		topics:   "golden hour portraits|my camera bag for street photography|a 35mm film roll|editing presets in Lightroom|a night sky long exposure|a prime lens review|composition with leading lines|a portrait session in the rain|drone shots of the coastline|shooting in manual mode|a photo walk downtown|macro photography of insects|my favorite focal length|color grading for moody photos|a wedding photography day|the rule of thirds|a mirrorless camera upgrade|black and white street scenes|natural light for product shots|a behind-the-scenes look at a studio setup",
		actions:  "shooting|editing|capturing|testing|framing|developing|reviewing",
		details:  "Shot at f/1.8, 1/500 and ISO 200.|Underexpose slightly to keep the highlights.|The light only lasted about ten minutes.|Edited in Lightroom with a warm preset and lifted blacks.|Fifty millimeter is the only lens I really need.|Film grain in the shadows is my favorite part.|Use a tripod and a two-second timer for long exposures.|Waited an hour for someone to walk into the frame.|Raw files give you so much more room in the edit.|The before and after edit is in the second slide.",
		hooks:    "Behind the lens.|Photo dump.|Edit breakdown.|Shot on a rainy day.",
		tags:     "photography|photooftheday|portrait|streetphotography|lightroom|filmphotography|canon|sonyalpha",
		emojis:   "📷|📸|🌅|🎞️",
		bio:      "portrait and street photographer|film photography and darkroom|Lightroom editing tips|landscape photography",
		comments: "What lens is this?|Can you share the preset?|The light is perfect|Is this film or digital?|Composition is so good|Love the colors in this edit",
		brands:   "lumenlens|framecraft",
		related:  "travel|tech|outdoors",
		age:      [6]float64{0.06, 0.30, 0.32, 0.17, 0.12, 0.03}, female: 0.45,
	},
	"books": {
		topics:   "my October reading wrap-up|a cozy fantasy novel|books that made me cry|an annotated thriller|my to-be-read pile|a historical fiction favorite|a book club pick|underrated sci-fi novels|a reading nook tour|audiobooks for commutes|a classic I finally finished|a romance with enemies to lovers|my five-star reads this year|a memoir that changed my mind|a bookstore haul|a series I binge-read|short books for a reading slump|a literary fiction debut|a poetry collection|Kindle vs paperback",
		actions:  "reading|reviewing|annotating|recommending|finishing|rereading|discussing",
		details:  "No spoilers, but the last chapter wrecked me.|Read it in one sitting with a pot of tea.|The world-building is detailed without being slow.|Three and a half stars, the middle dragged a bit.|Perfect if you loved the author's first book.|Tabbed every quote that made me stop and think.|Found it in a secondhand shop for two dollars.|The audiobook narrator does all the voices perfectly.|Book club argued about the ending for an hour.|Currently on chapter twelve and cannot put it down.",
		hooks:    "Book review!|Currently reading.|Reading wrap-up.|Bookworm moment.",
		tags:     "bookstagram|booktok|books|reading|bookreview|booklover|bookclub|tbr",
		emojis:   "📚|📖|☕|🔖",
		bio:      "bookstagrammer with too many books|fantasy and romance reviews|monthly reading wrap-ups|book club host",
		comments: "Adding this to my TBR|Did you like the sequel?|The ending destroyed me too|What should I read next if I liked this?|Your shelves are goals|Is the audiobook good?",
		brands:   "pageturnerclub|inkwellbooks",
		related:  "education|wellness",
		age:      [6]float64{0.10, 0.38, 0.28, 0.13, 0.09, 0.02}, female: 0.80,
	},
	"sustainability": {
		topics:   "a zero-waste bathroom swap|composting in an apartment|my low-waste grocery haul|visible mending|a clothing swap|reducing plastic at home|solar panels on our roof|a refill shop visit|secondhand first|a beach cleanup|eco-friendly cleaning products|growing food on a balcony|carbon footprint myths|repairing instead of replacing|a plastic-free kitchen|beeswax wraps|cycling to work|a sustainable fashion haul|fast fashion alternatives|rainwater collection",
		actions:  "switching to|trying|sharing|starting|tracking|reducing|building",
		details:  "Progress over perfection, every small swap counts.|Use up what you have before buying the eco version.|Our bin went from weekly to once a month.|Compost turns kitchen scraps into soil in about three months.|Buying secondhand kept this coat out of landfill.|Refill shops are cheaper than you think.|We collected four bags of plastic from one small beach.|Repairing a jacket takes an hour and saves a lot of waste.|Cycling to work cut my commute emissions to zero.|Look for certified labels to avoid greenwashing.",
		hooks:    "Low-waste tip.|Eco swap of the week.|Planet-friendly habits.|Small changes matter.",
		tags:     "sustainability|zerowaste|ecofriendly|sustainableliving|plasticfree|climateaction|lowwaste|secondhand",
		emojis:   "♻️|🌍|🌱|💚",
		bio:      "low-waste living tips|sustainable fashion and mending|eco swaps that actually work|climate-conscious home",
		comments: "Where is your refill shop?|Love this swap|How do you compost without a yard?|Trying this in my kitchen|So inspiring|Does it really save money?",
		brands:   "refillry|ecoloop",
		related:  "plant_based|outdoors|diy|home_decor",
		age:      [6]float64{0.06, 0.33, 0.33, 0.15, 0.10, 0.03}, female: 0.70,
	},
}

// nichePopularity weights how often a niche is a creator's primary one.
var nichePopularity = map[string]float64{
	"beauty": 7, "skincare": 5, "fashion": 7, "fitness": 7, "food": 8, "plant_based": 3,
	"parenting": 4, "travel": 6, "gaming": 6, "tech": 5, "personal_finance": 3, "home_decor": 4,
	"pets": 4, "automotive": 3, "music": 4, "comedy": 5, "education": 3, "science": 2,
	"outdoors": 3, "sports": 4, "wellness": 4, "diy": 3, "photography": 3, "books": 3,
	"sustainability": 2,
}

// Generic vocabulary shared by every niche.
var (
	genHooks = split("Okay, hear me out.|Quick one today.|Saving this for anyone who asked.|You asked, so here it is.|Plot twist:|Small win today!|Real talk:|Little update:|Storytime:|Confession:|Been wanting to share this for weeks.|No gatekeeping here.|Hot take:|Nobody talks about this enough.|It's finally here!|Monday motivation:|Round two!|Can't stop thinking about this.")
	whens    = split("this morning|after work|on a rainy Sunday|last weekend|before the week got busy|at 6am|between meetings|on my day off|tonight|all week|over the holidays|on a Tuesday night|for the third time|after months of procrastinating")
	asides   = split("Coffee first, obviously.|Still can't believe how this turned out.|My partner thinks I'm obsessed.|Took way too many tries.|Worth every minute.|Lighting was a nightmare today.|Feeling so grateful for this community.|Third attempt, no regrets.|Ignore the messy background.|The cat photobombed twice.|Running on four hours of sleep.|My neighbors probably think I'm crazy.|Honestly proud of this one.|This took longer than I want to admit.")
	ctas     = split("Save this for later!|Tell me in the comments 👇|Share with a friend who needs this.|Follow for part 2.|Link in bio.|Which one would you pick?|Questions? Drop them below.|Tag someone who'd love this.|More on my stories.|Double tap if you agree.|Let me know if you try it!|Would you try this?")
	genTags  = map[string][]string{
		"instagram": split("instagood|reels|explorepage|photooftheday|instadaily|reelsinstagram|weekend|love|contentcreator"),
		"tiktok":    split("fyp|foryou|foryoupage|viral|trending|weekend|tiktok|learnontiktok"),
		"youtube":   split("shorts|youtube|subscribe|vlog|newvideo"),
	}
	titleShapes = split("I Tried %s for 30 Days|The Truth About %s|%s: Everything You Need to Know|%s (Honest Review)|Why Everyone Is Talking About %s|%s — Beginner's Guide|Stop Ignoring %s|%s in 10 Minutes|Is %s Worth It?|My Honest Thoughts on %s|What Nobody Tells You About %s|%s Explained")
)

// Off-topic lifestyle posts every creator makes now and then.
var (
	lifeTopics  = split("my little sister's birthday|a lazy Sunday at home|the keys to our new apartment|the best iced latte in town|a sunset walk with friends|a family barbecue|my grandparents' anniversary|a rainy afternoon with a movie|our weekend at the lake|a farmers market haul|my new haircut|a game night with friends|a spontaneous picnic|a cozy night in|my best friend's wedding")
	lifeDetails = split("Sometimes you just need a slow day.|Grateful for these people.|No plans, no alarms, perfect.|The little moments are the big ones.|Recharging before a busy week.|Phone on do not disturb all day.|We laughed until our faces hurt.|Life lately, in a few pictures.|Not everything needs to be content, but this one is.|Back to regular posting tomorrow.")
	lifeTags    = split("lifelately|weekendvibes|photodump|goodtimes|family|friends|dailylife|happymoments")
	lifeEmojis  = split("☕|🌅|🎉|❤️|🥂|🌼")
)

// Comment banks.
var (
	organicComments = split("This is exactly what I needed today|Okay but the lighting in this one!|Been following for a year and this is your best post|How long did this take you?|Trying this tomorrow, thanks for sharing|Can you do a part 2?|You always explain things so clearly|Haha the ending got me|Same here, honestly|Obsessed with this|The effort you put into these shows|Sending this to my sister|Wait, I need more details on this|Congrats on the growth, well deserved|My favorite creator on here")
	genericComments = split("nice pic 🔥|love this!!|😍😍😍|awesome|great post|so cool|🔥🔥🔥|amazing content|nice|wow|👏👏👏|love it|beautiful ❤️|Nice 👍|follow back?|great content bro|💯💯|wow amazing|cool pic|DM us to collab 💰|Promote it on @shoutoutkingz 📈|super")
)

// Sponsored-post phrasing; %[1]s is the brand handle, %[2]s a topic, %[3]s the code.
var sponsorShapes = split("Been using @%[1]s for %[2]s and I'm hooked. Use code %[3]s for a discount!|Thanks @%[1]s for making %[2]s so easy. Code %[3]s gets you a discount.|Partnered with @%[1]s to show you %[2]s. Link in bio, code %[3]s.|My secret for %[2]s? @%[1]s. Try it with code %[3]s.|Teamed up with @%[1]s on %[2]s today. Use %[3]s at checkout!|Obsessed with how @%[1]s fits into %[2]s. Grab yours with code %[3]s.")

// Generic sponsors that fit any niche.
var genericBrands = split("shieldvpn|siteforge|mealmate|sipcraft|dailygrind")

// Brand-safety content, by category.
var (
	safetyText = map[string][]string{
		"alcohol":   split("Paired it with a glass of pinot noir 🍷|Wine tasting in the valley this weekend, so many good reds.|Cocktail hour: mezcal margaritas with a chili salt rim.|Tried a craft beer flight at the brewery downtown.|Whiskey tasting night with the crew."),
		"gambling":  split("Placed a few bets on tonight's game, the odds looked too good.|Casino night in Vegas with the crew 🎰|Sports betting tip: the underdog odds are juicy this week.|Won a little at the poker table, lost it all at blackjack.|Put twenty on the parlay, wish me luck."),
		"profanity": split("This shit actually works, no joke.|Holy crap, look at this.|Damn, that was hard as hell.|What the f*** was I thinking.|Pissed off doesn't even cover it."),
		"politics":  split("Go vote in the election on Tuesday, it matters.|Marched at the protest downtown today.|Can't believe what the senator said in the debate last night.|Call your representative about the new bill.|The government shutdown is hurting real families."),
		"drugs":     split("Cannabis gummies help me unwind after a long week 🌿|Took an edible before the show, wild night.|420 friendly weekend, you know the vibes.|Reviewing a new weed strain from the dispensary.|Rolled a joint and watched the sunset."),
		"violence":  split("That fight scene was brutal, blood everywhere.|A street fight broke out right outside the venue.|Gun range day, finally tried the rifle.|The gore in this horror game is next level.|Knife attack in the news today, stay safe everyone."),
	}
	safetyTags = map[string][]string{
		"alcohol": split("winetasting|cocktails|craftbeer"), "gambling": split("sportsbetting|casino|poker"),
		"profanity": nil, "politics": split("election|protest|vote"),
		"drugs": split("cannabis|420|weed"), "violence": split("fight|horror|gunrange"),
	}
	// safetyAffinity biases which category a niche's risky creator posts about.
	safetyAffinity = map[string][]string{
		"food": split("alcohol|alcohol|profanity"), "travel": split("alcohol|alcohol|gambling"),
		"gaming": split("violence|profanity|gambling"), "sports": split("gambling|gambling|alcohol"),
		"comedy": split("profanity|profanity|politics|drugs"), "music": split("profanity|drugs|alcohol"),
		"education": split("politics|politics"), "science": split("politics"),
		"wellness": split("drugs|alcohol"), "personal_finance": split("gambling|politics"),
		"sustainability": split("politics|politics"), "outdoors": split("violence|alcohol"),
		"automotive": split("profanity|violence"),
	}
)

// Countries creators live in, with weights, languages and cities.
type countryInfo struct {
	code    string
	weight  float64
	lang    string // primary language
	alsoEn  float64
	cities  []string
	first   []string
	last    []string
	asides  []string // short local-language asides
	rateCur string   // local currency used on some rate cards
}

var countries = []countryInfo{
	{"US", 38, "en", 0, split("New York|Los Angeles|Austin|Chicago|Miami|Denver|Seattle|Nashville|Atlanta|Portland"), split("Emma|Olivia|Ava|Mia|Sophia|Jake|Ethan|Tyler|Noah|Madison|Jordan|Kayla|Marcus|Brooke|Ryan"), split("Johnson|Miller|Davis|Garcia|Brooks|Carter|Reed|Hayes|Parker|Bennett"), nil, ""},
	{"GB", 9, "en", 0, split("London|Manchester|Bristol|Leeds|Edinburgh|Brighton|Glasgow"), split("Oliver|Amelia|Harry|Isla|George|Poppy|Freya|Alfie|Charlotte|Jack"), split("Smith|Taylor|Wilson|Evans|Hughes|Walsh|Clarke|Wright"), nil, "GBP"},
	{"CA", 6, "en", 0, split("Toronto|Vancouver|Montreal|Calgary|Ottawa"), split("Liam|Chloe|Logan|Maya|Owen|Léa|Nathan|Emily"), split("Tremblay|Martin|Roy|Campbell|MacDonald|Wong"), split("Merci tout le monde!|Bonne semaine!"), ""},
	{"AU", 4, "en", 0, split("Sydney|Melbourne|Brisbane|Perth|Adelaide"), split("Lachlan|Matilda|Cooper|Ruby|Zoe|Mitchell|Ella|Harper"), split("Nguyen|Kelly|O'Brien|Mitchell|Ryan|Murphy"), nil, ""},
	{"DE", 6, "de", 0.55, split("Berlin|Munich|Hamburg|Cologne|Leipzig"), split("Lena|Jonas|Leonie|Finn|Hannah|Lukas|Marie|Felix"), split("Müller|Schmidt|Weber|Fischer|Wagner|Becker"), split("Schönes Wochenende euch!|Was meint ihr?|Viel Spaß beim Nachmachen!|Danke fürs Zuschauen!"), "EUR"},
	{"FR", 5, "fr", 0.45, split("Paris|Lyon|Marseille|Bordeaux|Nantes"), split("Camille|Louis|Chloé|Hugo|Manon|Léo|Inès|Jules"), split("Dubois|Lefebvre|Moreau|Laurent|Girard|Bernard"), split("Bonne journée à tous !|Qu'en pensez-vous ?|Merci pour tout !|À très vite !"), "EUR"},
	{"ES", 4, "es", 0.45, split("Madrid|Barcelona|Valencia|Seville|Bilbao"), split("Lucía|Pablo|Sofía|Alejandro|Martina|Daniel|Carmen|Javier"), split("García|Fernández|López|Martínez|Sánchez|Romero"), split("¡Feliz fin de semana!|¿Qué opináis?|¡Gracias por todo!|¡Nos vemos pronto!"), "EUR"},
	{"BR", 6, "pt", 0.35, split("São Paulo|Rio de Janeiro|Belo Horizonte|Curitiba|Salvador"), split("Ana|Gabriel|Beatriz|Lucas|Larissa|Mateus|Julia|Rafael"), split("Silva|Santos|Oliveira|Souza|Costa|Pereira"), split("Bom dia, gente!|O que vocês acham?|Obrigada por tudo!|Bora?"), ""},
	{"MX", 4, "es", 0.35, split("Mexico City|Guadalajara|Monterrey|Puebla|Mérida"), split("Valeria|Diego|Ximena|Santiago|Regina|Emiliano|Fernanda|Mateo"), split("Hernández|González|Ramírez|Flores|Cruz|Morales"), split("¡Feliz fin de semana!|¿Qué opinan?|¡Gracias por el apoyo!|¡Vamos!"), ""},
	{"IN", 7, "en", 0, split("Mumbai|Delhi|Bangalore|Pune|Hyderabad|Chennai"), split("Aarav|Priya|Rohan|Ananya|Vikram|Isha|Arjun|Kavya|Neha|Karan"), split("Sharma|Patel|Gupta|Iyer|Reddy|Singh|Mehta|Kapoor"), split("Namaste dosto!|Kaisa laga?|Bahut shukriya!"), ""},
	{"IT", 3, "it", 0.4, split("Milan|Rome|Florence|Turin|Naples|Bologna"), split("Giulia|Lorenzo|Sofia|Matteo|Aurora|Alessandro|Chiara|Marco"), split("Rossi|Russo|Ferrari|Esposito|Bianchi|Romano"), split("Buona giornata a tutti!|Che ne pensate?|Grazie mille!|A presto!"), "EUR"},
	{"NL", 2, "nl", 0.8, split("Amsterdam|Rotterdam|Utrecht|The Hague|Eindhoven"), split("Sanne|Daan|Lotte|Sem|Fleur|Bram|Noor|Ruben"), split("de Jong|Jansen|de Vries|Bakker|Visser|Smit"), split("Fijn weekend allemaal!|Wat vinden jullie?|Dank jullie wel!"), "EUR"},
	{"SE", 2, "sv", 0.85, split("Stockholm|Gothenburg|Malmö|Uppsala"), split("Elsa|Oscar|Maja|William|Alva|Hugo|Saga|Axel"), split("Andersson|Johansson|Karlsson|Nilsson|Lindberg|Berg"), split("Trevlig helg allihopa!|Vad tycker ni?|Tack för att ni tittar!"), ""},
}

// Neutral roles creators describe themselves with.
var roles = split("nurse|mom of two|dad of three|student|engineer by day|teacher|software developer|coffee addict|night owl|former barista|grad student|small business owner|full-time creator|part-time dreamer|retired teacher|physio|designer|law student|new dog parent")

// Words that make handles look like handles.
var handleWords = split("daily|life|with|the|diaries|studio|club|hq|official|journey|notes|world|made|real|just|hey|its|by")
