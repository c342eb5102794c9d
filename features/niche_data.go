package features

import "maps"

// nicheDescriptions are written for zero-shot embedding similarity: each
// names the niche's typical subjects, formats and vocabulary in plain
// words, the way its posts talk.
var nicheDescriptions = map[string]string{
	"beauty": "Beauty and makeup content: makeup tutorials, foundation, concealer, eyeshadow palettes, lipstick swatches, " +
		"contour and highlighter, false lashes, nail art, hair styling, get ready with me videos and cosmetics product reviews.",
	"skincare": "Skincare routines and reviews: cleansers, serums, moisturizers, sunscreen SPF, retinol, vitamin C, hyaluronic acid, " +
		"acne and breakouts, dermatologist tips, glowing skin, anti-aging and product ingredient breakdowns.",
	"fashion": "Fashion and style: outfit of the day, street style, lookbooks, clothing hauls, styling tips, designer and thrifted pieces, " +
		"dresses, sneakers, accessories, seasonal wardrobe trends and what I wore this week.",
	"fitness": "Fitness and training: gym workouts, strength training, weightlifting, home workouts, HIIT, running, personal bests, " +
		"muscle building, fat loss transformations, exercise form tips, protein and workout programs.",
	"food": "Food and cooking: recipes, home cooking, baking, restaurant reviews, street food, meal prep, dinner ideas, " +
		"desserts, chef tips, taste tests, cuisine from around the world and food photography of delicious dishes.",
	"plant_based": "Plant-based and vegan living: vegan recipes, vegetarian meals, dairy-free and meat-free cooking, tofu, tempeh, " +
		"lentils, plant protein, whole food plant based diet, vegan restaurants and cruelty-free choices.",
	"parenting": "Parenting and family life: motherhood, fatherhood, babies, toddlers, pregnancy, newborn tips, raising kids, " +
		"family routines, school mornings, mom life, dad life, kids activities and honest parenting advice.",
	"travel": "Travel and adventure: destinations, city guides, hotels and resorts, backpacking, road trips, flights, beaches, " +
		"itineraries, hidden gems, travel tips and packing, exploring new countries and cultures around the world.",
	"gaming": "Video gaming: gameplay, live streams, esports, console and PC games, Fortnite, Minecraft, Call of Duty, " +
		"game reviews, speedruns, gaming setups, controllers, Twitch streaming and let's play videos.",
	"tech": "Technology and gadgets: smartphone reviews, laptops, unboxings, apps, software, AI tools, computers, " +
		"smart home devices, headphones, cameras specs, tech news, coding and comparisons of the latest devices.",
	"personal_finance": "Personal finance and money: budgeting, saving, investing, stocks, index funds, ETFs, retirement, " +
		"paying off debt, credit scores, side hustles, financial independence, passive income and money tips.",
	"home_decor": "Home decor and interior design: living room makeovers, apartment tours, furniture, styling shelves, " +
		"cozy bedroom ideas, renovation before and after, minimalist interiors, plants, rugs, lighting and home organization.",
	"pets": "Pets and animals: dogs, puppies, cats, kittens, pet care, dog training, grooming, adoption and rescue, " +
		"cute animal videos, pet food, vet tips and daily life with furry friends.",
	"automotive": "Cars and automotive: car reviews, supercars, test drives, car modifications, detailing, engines, " +
		"electric vehicles, motorcycles, racing, car shows, road tests and garage builds.",
	"music": "Music: singing, songwriting, covers, original songs, guitar, piano, producing beats, concerts and live performances, " +
		"new releases, albums, music videos, rehearsals and behind the scenes in the studio.",
	"comedy": "Comedy and entertainment: funny skits, sketches, pranks, jokes, stand-up clips, memes, parody, relatable humor, " +
		"reaction videos and characters that make people laugh out loud.",
	"education": "Education and learning: study tips, explainers, lessons, tutoring, language learning, history facts, " +
		"math help, exam preparation, teaching, how things work and learning something new every day.",
	"science": "Science: physics, chemistry, biology, astronomy and space, experiments, research explained, nature documentaries, " +
		"scientific facts, lab work, engineering, the universe and curious questions answered with evidence.",
	"outdoors": "Outdoors and nature: hiking, camping, backpacking trails, mountains, climbing, national parks, fishing, kayaking, " +
		"wildlife, survival and bushcraft skills, gear reviews and sunrise summits in the wilderness.",
	"sports": "Sports: football, soccer, basketball, tennis, baseball, match highlights, athletes, training drills, " +
		"game analysis, fan reactions, championships, scores and the teams and leagues people follow.",
	"wellness": "Wellness and mental health: mindfulness, meditation, yoga, self-care, sleep, stress and anxiety relief, " +
		"healthy habits, journaling, morning routines, holistic health, breathwork and balanced living.",
	"diy": "DIY and crafts: do it yourself projects, woodworking, home repairs, upcycling, sewing, knitting, crafting, " +
		"handmade gifts, tools, step by step builds and creative hacks you can make at home.",
	"photography": "Photography and filmmaking: camera gear, lenses, photo editing, Lightroom presets, composition, portraits, " +
		"landscape and street photography, drone shots, videography tips and behind the shot.",
	"books": "Books and reading: book reviews, reading recommendations, novels, fantasy and romance reads, book clubs, " +
		"bookshelf tours, authors, reading challenges, literary fiction, BookTok and Bookstagram.",
	"sustainability": "Sustainability and eco living: zero waste, climate change, recycling, reducing plastic, slow fashion, " +
		"thrifting, composting, renewable energy, ethical brands, environmental activism and green lifestyle tips.",
}

// nicheLexicon maps each niche to hashtags and caption keywords (see
// lexicon for how they match). Ambiguous words (for example "code", which
// promo codes use) are left out.
var nicheLexicon = map[string][]string{
	"beauty": {"makeup", "mua", "makeuptutorial", "eyeshadow", "lipstick", "foundation", "concealer", "mascara",
		"contour", "highlighter", "lashes", "eyeliner", "blush", "cosmetics", "beauty", "grwm", "get ready with me",
		"nail art", "nails", "makeup look", "swatches", "sephora", "ulta", "beautyblogger", "hairstyle", "hair care"},
	"skincare": {"skincare", "skin care", "serum", "moisturizer", "moisturiser", "sunscreen", "spf", "retinol",
		"niacinamide", "hyaluronic", "cleanser", "acne", "dermatologist", "skincareroutine", "glowing skin",
		"kbeauty", "toner", "exfoliate", "skin barrier", "vitamin c", "anti aging", "pores", "breakouts"},
	"fashion": {"ootd", "outfit", "outfits", "fashion", "style", "streetstyle", "street style", "lookbook", "haul",
		"wardrobe", "dress", "sneakers", "denim", "fashionista", "styling", "outfit ideas", "whatiwore", "designer",
		"fashionblogger", "menswear", "capsule wardrobe", "accessories", "handbag"},
	"fitness": {"fitness", "workout", "gym", "training", "strength", "weightlifting", "deadlift", "squat", "squats",
		"bench press", "hiit", "cardio", "gains", "fitfam", "fitspo", "personal trainer", "legday", "leg day",
		"abs", "crossfit", "bodybuilding", "reps", "protein", "fitnessmotivation", "pilates"},
	"food": {"food", "foodie", "recipe", "recipes", "cooking", "baking", "dinner", "lunch", "breakfast", "brunch",
		"homecooking", "home cooking", "delicious", "yummy", "chef", "foodporn", "foodstagram", "meal prep",
		"mealprep", "dessert", "pasta", "restaurant", "tasty", "cake", "bread", "foodblogger", "eats"},
	"plant_based": {"vegan", "plantbased", "plant based", "vegetarian", "veggie", "dairy free", "dairyfree",
		"meatless", "meat free", "tofu", "tempeh", "seitan", "lentils", "chickpeas", "veganfood", "veganrecipes",
		"whole food plant based", "wfpb", "cruelty free", "crueltyfree", "govegan", "plant protein", "oat milk"},
	"parenting": {"parenting", "mom", "mum", "dad", "momlife", "mumlife", "dadlife", "motherhood", "fatherhood",
		"baby", "toddler", "toddlers", "newborn", "pregnancy", "pregnant", "kids", "parenthood",
		"breastfeeding", "postpartum", "momblogger", "raising kids", "nursery", "bedtime routine"},
	"travel": {"travel", "traveling", "travelling", "wanderlust", "vacation", "holiday", "trip", "itinerary",
		"backpacking", "roadtrip", "road trip", "passport", "flight", "hotel", "resort", "travelgram",
		"instatravel", "beach", "city guide", "hidden gem", "digital nomad", "travelblogger", "destination"},
	"gaming": {"gaming", "gamer", "gameplay", "esports", "twitch", "stream", "streaming", "fortnite", "minecraft",
		"call of duty", "warzone", "valorant", "league of legends", "playstation", "ps5", "xbox", "nintendo", "nintendo switch",
		"pcgaming", "pc gaming", "speedrun", "gamingsetup", "lets play", "videogames", "video games"},
	"tech": {"tech", "technology", "gadget", "gadgets", "smartphone", "iphone", "android", "laptop", "unboxing",
		"samsung", "ai", "artificial intelligence", "software", "app", "coding", "programming",
		"developer", "pc build", "techreview", "smart home", "headphones", "chatgpt", "macbook"},
	"personal_finance": {"personal finance", "personalfinance", "budget", "budgeting", "saving", "savings", "invest",
		"investing", "stocks", "stock market", "index funds", "etf", "etfs", "retirement", "401k", "roth ira",
		"debt free", "debtfree", "credit score", "side hustle", "passive income", "fire movement", "financial freedom",
		"money tips", "wealth", "dividends", "frugal"},
	"home_decor": {"home decor", "homedecor", "interior", "interiors", "interior design", "interiordesign",
		"living room", "bedroom", "furniture", "decor", "home tour", "apartment tour", "makeover", "renovation",
		"cozy home", "shelfie", "minimalist home", "home inspo", "homeinspo", "rug", "lighting", "styling tips",
		"home organization", "before and after"},
	"pets": {"dog", "dogs", "puppy", "puppies", "cat", "cats", "kitten", "kittens", "pet", "pets", "dogsofinstagram",
		"catsofinstagram", "doggo", "pup", "rescue dog", "adopt dont shop", "dog training", "grooming", "vet",
		"furbaby", "petlife", "catlife", "doglife", "good boy"},
	"automotive": {"car", "cars", "carsofinstagram", "supercar", "supercars", "automotive", "engine",
		"horsepower", "turbo", "test drive", "car review", "detailing", "jdm", "bmw", "porsche", "ferrari", "tesla",
		"electric vehicle", "ev", "motorcycle", "racing", "track day", "car show", "carlifestyle", "garage"},
	"music": {"music", "song", "song cover", "cover song", "songs", "singing", "singer", "songwriter", "songwriting", "guitar",
		"piano", "drums", "producer", "beats", "album", "new music", "concert", "live music",
		"musician", "rapper", "vocals", "lyrics"},
	"comedy": {"comedy", "funny", "humor", "humour", "skit", "sketch", "prank", "pranks", "joke", "jokes", "meme",
		"memes", "lol", "lmao", "standup", "stand up", "parody", "relatable", "comedian", "laugh", "hilarious", "pov"},
	"education": {"education", "learn", "learning", "study", "studying", "studytips", "study tips", "student",
		"students", "teacher", "teaching", "lesson", "tutorial", "explained", "explainer", "history", "math",
		"language learning", "exam", "exams", "studygram", "did you know", "homework", "college"},
	"science": {"science", "physics", "chemistry", "biology", "astronomy", "outer space", "nasa", "experiment",
		"experiments", "research", "scientist", "lab", "stem", "universe", "galaxy", "planet", "quantum",
		"evolution", "neuroscience", "sciencefacts", "engineering", "telescope", "molecules"},
	"outdoors": {"hiking", "hike", "camping", "camp", "backpacking", "trail", "trails", "mountains", "mountain",
		"climbing", "bouldering", "national park", "nationalpark", "fishing", "kayak", "kayaking", "wilderness",
		"outdoors", "optoutside", "summit", "campfire", "bushcraft", "overlanding", "nature", "forest"},
	"sports": {"sports", "football", "soccer", "basketball", "nba", "nfl", "tennis", "baseball", "mlb", "hockey",
		"nhl", "golf", "cricket", "rugby", "athlete", "highlights", "touchdown", "championship",
		"playoffs", "premier league", "world cup", "game day", "gameday", "volleyball"},
	"wellness": {"wellness", "mental health", "mentalhealth", "mindfulness", "meditation", "meditate", "yoga",
		"self care", "selfcare", "anxiety", "stress", "sleep", "healing", "breathwork", "journaling", "gratitude",
		"holistic", "wellbeing", "well being", "morning routine", "self love", "selflove", "therapy", "burnout"},
	"diy": {"diy", "do it yourself", "crafts", "craft", "crafting", "handmade", "woodworking", "upcycle",
		"upcycling", "sewing", "knitting", "crochet", "tools", "home improvement", "repair",
		"hack", "hacks", "makers", "maker", "paint", "glue gun", "diyprojects", "homemade"},
	"photography": {"photography", "photographer", "photo", "camera", "lens", "lenses", "lightroom", "photoshop",
		"editing", "preset", "presets", "portrait", "portraits", "landscape photography", "street photography",
		"drone", "dji", "canon", "nikon", "sony alpha", "filmmaking", "videography", "golden hour", "35mm", "shotoniphone"},
	"books": {"books", "book", "reading", "bookstagram", "booktok", "booklover", "bookworm", "novel", "novels",
		"reads", "author", "tbr", "book review", "book club", "bookclub", "fantasy books", "romance books",
		"library", "kindle", "bookshelf", "currently reading", "literature"},
	"sustainability": {"sustainability", "sustainable", "zero waste", "zerowaste", "eco friendly", "ecofriendly",
		"climate", "climate change", "recycle", "recycling", "plastic free", "plasticfree", "compost", "composting",
		"slow fashion", "slowfashion", "thrift", "thrifted", "secondhand", "renewable", "solar", "ethical",
		"environment", "low waste", "reusable", "upcycled"},
}

// NicheDescriptions returns a description per niche key of
// creatormatch.NicheKeys, written for zero-shot embedding similarity. The
// caller embeds them once and passes the vectors as Prototypes.Niches.
func NicheDescriptions() map[string]string { return maps.Clone(nicheDescriptions) }

// NicheLexicon returns the hashtag and caption keywords of each niche.
func NicheLexicon() map[string][]string {
	out := make(map[string][]string, len(nicheLexicon))
	for k, v := range nicheLexicon {
		out[k] = append([]string(nil), v...)
	}
	return out
}
