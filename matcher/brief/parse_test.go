package brief

import (
	"strings"
	"testing"
	"time"

	"github.com/creatormatch/creatormatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func money(total float64, currency string) *creatormatch.Money {
	return &creatormatch.Money{Total: total, Currency: currency}
}

// parseCases are real-looking briefs (one-liners, agency emails, bullet
// lists) with every field the rules parser should extract. They also seed
// FuzzParse.
var parseCases = []struct {
	name string
	text string
	want creatormatch.Brief
}{
	{
		name: "oneliner_oat_milk_launch",
		text: "oat-milk yogurt launch, Gen Z in the US, TikTok or Instagram, 10k–100k followers, $15k",
		want: creatormatch.Brief{
			Goal:         creatormatch.GoalLaunch,
			Budget:       money(15000, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.Instagram, creatormatch.TikTok},
			MinFollowers: 10000,
			MaxFollowers: 100000,
			Audience: creatormatch.AudienceTarget{
				Ages:      []string{"18-24"},
				Countries: []string{"US"},
			},
			Topics:          []string{"food", "plant_based"},
			Product:         "oat-milk yogurt",
			ProductCategory: "plant_based",
		},
	},
	{
		name: "dollar_comma_under_50k_women",
		text: "Need creators for our skincare line. $15,000 budget. Instagram only. Under 50k followers. Women 18–24.",
		want: creatormatch.Brief{
			Budget:       money(15000, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.Instagram},
			MaxFollowers: 50000,
			Audience: creatormatch.AudienceTarget{
				Ages:    []string{"18-24"},
				Genders: []string{"female"},
			},
			Topics:          []string{"skincare"},
			ProductCategory: "skincare",
		},
	},
	{
		name: "usd_suffix_labels_ages_to",
		text: "Budget: 15,000 USD. Platforms: YouTube, TikTok. Goal: awareness. Audience ages 25 to 34 in Canada.",
		want: creatormatch.Brief{
			Goal:      creatormatch.GoalAwareness,
			Budget:    money(15000, "USD"),
			Platforms: []creatormatch.Platform{creatormatch.TikTok, creatormatch.YouTube},
			Audience: creatormatch.AudienceTarget{
				Ages:      []string{"25-34"},
				Countries: []string{"CA"},
			},
		},
	},
	{
		name: "usd_prefix_college_students",
		text: "USD 15000 for a back-to-school campaign targeting college students on TikTok, micro-influencers preferred.",
		want: creatormatch.Brief{
			Budget:       money(15000, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.TikTok},
			MinFollowers: 10000,
			MaxFollowers: 100000,
			Tiers:        []creatormatch.Tier{creatormatch.TierMicro},
			Audience: creatormatch.AudienceTarget{
				Ages: []string{"18-24"},
			},
		},
	},
	{
		name: "euro_k_dach_nano_no_alcohol",
		text: "€8k, DACH, Instagram Reels, nano creators, vegan snacks, no alcohol.",
		want: creatormatch.Brief{
			Budget:       money(8000, "EUR"),
			Platforms:    []creatormatch.Platform{creatormatch.Instagram},
			MinFollowers: 1000,
			MaxFollowers: 10000,
			Tiers:        []creatormatch.Tier{creatormatch.TierNano},
			Audience: creatormatch.AudienceTarget{
				Countries: []string{"AT", "CH", "DE"},
			},
			Topics:        []string{"food", "plant_based"},
			ExcludeSafety: []string{"alcohol"},
		},
	},
	{
		name: "euro_dot_thousands_creators_based_in_dach",
		text: "Hallo! Wir haben 8.000 € Budget. German-speaking creators based in Germany, Austria or Switzerland, fitness and wellness, 18-34.",
		want: creatormatch.Brief{
			Budget: money(8000, "EUR"),
			Audience: creatormatch.AudienceTarget{
				Ages: []string{"18-24", "25-34"},
			},
			CreatorCountries: []string{"AT", "CH", "DE"},
			CreatorLanguages: []string{"de"},
			Topics:           []string{"fitness", "wellness"},
		},
	},
	{
		name: "pound_mid_tier_family_friendly",
		text: "£5,500 total for a UK launch of our dairy-free ice cream. Mid-tier TikTokers, Gen Z & millennials. Family-friendly content only.",
		want: creatormatch.Brief{
			Goal:         creatormatch.GoalLaunch,
			Budget:       money(5500, "GBP"),
			Platforms:    []creatormatch.Platform{creatormatch.TikTok},
			MinFollowers: 100000,
			MaxFollowers: 500000,
			Tiers:        []creatormatch.Tier{creatormatch.TierMid},
			Audience: creatormatch.AudienceTarget{
				Ages:      []string{"18-24", "25-34", "35-44"},
				Countries: []string{"GB"},
			},
			Topics:          []string{"food", "plant_based"},
			ExcludeSafety:   []string{"profanity", "alcohol", "gambling", "drugs", "violence", "adult"},
			Product:         "dairy-free ice cream",
			ProductCategory: "plant_based",
		},
	},
	{
		name: "agency_email_promo_codes_competitors",
		text: "Hi both,\n\nFollowing our call, here's the brief for Q3. We're launching Glow Drops (a vitamin C serum) in the US and Canada. Budget is $40k all-in. We want 8-10 micro-influencers on Instagram and TikTok, 10k-100k followers, with at least 60% female audience aged 18-34. KPI: sales via promo codes. Please avoid creators who've worked with The Ordinary or @cerave in the last 6 months, and nothing political.\n\nThanks,\nPriya",
		want: creatormatch.Brief{
			Goal:         creatormatch.GoalConversion,
			Budget:       money(40000, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.Instagram, creatormatch.TikTok},
			MinFollowers: 10000,
			MaxFollowers: 100000,
			Tiers:        []creatormatch.Tier{creatormatch.TierMicro},
			Audience: creatormatch.AudienceTarget{
				Ages:           []string{"18-24", "25-34"},
				Genders:        []string{"female"},
				Countries:      []string{"CA", "US"},
				MinGenderShare: 0.6,
			},
			Topics:          []string{"skincare"},
			Competitors:     []string{"theordinary", "cerave"},
			ExcludeSafety:   []string{"politics"},
			Product:         "Glow Drops",
			ProductCategory: "skincare",
		},
	},
	{
		name: "bare_k_budget_gaming_youtubers",
		text: "15k budget, gaming YouTubers, over 100k subscribers, teens and young adults, no gambling",
		want: creatormatch.Brief{
			Budget:       money(15000, ""),
			Platforms:    []creatormatch.Platform{creatormatch.YouTube},
			MinFollowers: 100000,
			Audience: creatormatch.AudienceTarget{
				Ages: []string{"13-17", "18-24"},
			},
			Topics:        []string{"gaming"},
			ExcludeSafety: []string{"gambling"},
		},
	},
	{
		name: "thousand_dollars_in_words",
		text: "budget of 20 thousand dollars for a pet food brand, dog owners, Instagram, USA",
		want: creatormatch.Brief{
			Budget:    money(20000, "USD"),
			Platforms: []creatormatch.Platform{creatormatch.Instagram},
			Audience: creatormatch.AudienceTarget{
				Countries: []string{"US"},
			},
			Topics:          []string{"pets"},
			ProductCategory: "pets",
		},
	},
	{
		name: "millions_mega_brand_safe",
		text: "$1.2M global awareness push with mega influencers across YouTube and Instagram. Audience: 18+. Brand-safe only.",
		want: creatormatch.Brief{
			Goal:         creatormatch.GoalAwareness,
			Budget:       money(1.2e+06, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.Instagram, creatormatch.YouTube},
			MinFollowers: 1000000,
			Tiers:        []creatormatch.Tier{creatormatch.TierMega},
			Audience: creatormatch.AudienceTarget{
				Ages: []string{"18-24", "25-34", "35-44", "45-64", "65+"},
			},
			ExcludeSafety: []string{"profanity", "alcohol", "gambling", "drugs", "violence", "adult", "politics", "controversy"},
		},
	},
	{
		name: "range_upper_end_rate_skipped_creator_country",
		text: "Between $10k and $20k for a travel campaign. We offer $20/day itineraries to users. Creators based in Spain with 50k+ followers, English-speaking audience in the UK.",
		want: creatormatch.Brief{
			Budget:       money(20000, "USD"),
			MinFollowers: 50000,
			Audience: creatormatch.AudienceTarget{
				Countries: []string{"GB"},
				Languages: []string{"en"},
			},
			CreatorCountries: []string{"ES"},
			Topics:           []string{"travel"},
			ProductCategory:  "travel",
		},
	},
	{
		name: "bullet_list_cad_tier_range",
		text: "- Product: Trailblazer hiking boots\n- Budget: CAD 25,000\n- Platforms: YouTube + IG\n- Creators: outdoors, hiking, camping\n- Tier: micro to mid\n- Audience: Canada, 25-44, men\n- Avoid: hunting, guns",
		want: creatormatch.Brief{
			Budget:       money(25000, "CAD"),
			Platforms:    []creatormatch.Platform{creatormatch.Instagram, creatormatch.YouTube},
			MinFollowers: 10000,
			MaxFollowers: 500000,
			Tiers:        []creatormatch.Tier{creatormatch.TierMicro, creatormatch.TierMid},
			Audience: creatormatch.AudienceTarget{
				Ages:      []string{"25-34", "35-44"},
				Genders:   []string{"male"},
				Countries: []string{"CA"},
			},
			Topics:          []string{"outdoors"},
			ExcludeSafety:   []string{"violence"},
			Product:         "Trailblazer hiking boots",
			ProductCategory: "outdoors",
		},
	},
	{
		name: "moms_nano_or_micro_affiliate",
		text: "Looking for moms on Instagram (nano or micro) to promote our organic baby food. $6k. Drive purchases with affiliate links. US only.",
		want: creatormatch.Brief{
			Goal:         creatormatch.GoalConversion,
			Budget:       money(6000, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.Instagram},
			MinFollowers: 1000,
			MaxFollowers: 100000,
			Tiers:        []creatormatch.Tier{creatormatch.TierNano, creatormatch.TierMicro},
			Audience: creatormatch.AudienceTarget{
				Ages:      []string{"25-34", "35-44"},
				Genders:   []string{"female"},
				Countries: []string{"US"},
			},
			Topics:          []string{"parenting"}, // the creators are moms; the baby food is the product
			Product:         "organic baby food",
			ProductCategory: "food",
		},
	},
	{
		name: "spanish_speaking_share",
		text: "Spanish-speaking audience in the US and Mexico, TikTok, 30% minimum Spanish-speaking, $12k, conversions",
		want: creatormatch.Brief{
			Goal:      creatormatch.GoalConversion,
			Budget:    money(12000, "USD"),
			Platforms: []creatormatch.Platform{creatormatch.TikTok},
			Audience: creatormatch.AudienceTarget{
				Countries:        []string{"MX", "US"},
				Languages:        []string{"es"},
				MinLanguageShare: 0.3,
			},
		},
	},
	{
		name: "booktok_nano_uk",
		text: "Small test: $3,000, 5 nano influencers, book lovers on BookTok, UK.",
		want: creatormatch.Brief{
			Budget:       money(3000, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.TikTok},
			MinFollowers: 1000,
			MaxFollowers: 10000,
			Tiers:        []creatormatch.Tier{creatormatch.TierNano},
			Audience: creatormatch.AudienceTarget{
				Countries: []string{"GB"},
			},
			Topics: []string{"books"},
		},
	},
	{
		name: "brand_origin_ignored_youtube_shorts",
		text: "We're a Swedish brand launching in Germany. Budget €30.000. Instagram and YouTube Shorts. Sustainability and fashion creators, 20k–80k followers. No fast fashion collabs.",
		want: creatormatch.Brief{
			Goal:         creatormatch.GoalLaunch,
			Budget:       money(30000, "EUR"),
			Platforms:    []creatormatch.Platform{creatormatch.Instagram, creatormatch.YouTube},
			MinFollowers: 20000,
			MaxFollowers: 80000,
			Audience: creatormatch.AudienceTarget{
				Countries: []string{"DE"},
			},
			Topics:      []string{"fashion", "sustainability"},
			AvoidTopics: []string{"fast fashion"},
		},
	},
	{
		name: "competitors_label_energy_drink",
		text: "Campaign: new energy drink launch. Budget: $50k. Competitors: Red Bull, Monster, Celsius. TikTok creators with 100k+ followers, gamers and fitness, men 18-24.",
		want: creatormatch.Brief{
			Goal:         creatormatch.GoalLaunch,
			Budget:       money(50000, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.TikTok},
			MinFollowers: 100000,
			Audience: creatormatch.AudienceTarget{
				Ages:    []string{"18-24"},
				Genders: []string{"male"},
			},
			Topics:          []string{"fitness", "food", "gaming"},
			Competitors:     []string{"redbull", "monster", "celsius"},
			Product:         "energy drink",
			ProductCategory: "food",
		},
	},
	{
		name: "aud_budgeting_app_no_crypto",
		text: "Promote our budgeting app to millennials in Australia and New Zealand. A$20k. Personal finance creators on YouTube and TikTok. No crypto, no gambling.",
		want: creatormatch.Brief{
			Budget:    money(20000, "AUD"),
			Platforms: []creatormatch.Platform{creatormatch.TikTok, creatormatch.YouTube},
			Audience: creatormatch.AudienceTarget{
				Ages:      []string{"25-34", "35-44"},
				Countries: []string{"AU", "NZ"},
			},
			Topics:          []string{"tech", "personal_finance"},
			AvoidTopics:     []string{"crypto"},
			ExcludeSafety:   []string{"gambling"},
			Product:         "budgeting app",
			ProductCategory: "personal_finance",
		},
	},
	{
		name: "ugc_community_country_share",
		text: "Need UGC creators for a community-building program. $8,500. Instagram. Women 25-44 who love home decor and DIY. At least 50% US audience.",
		want: creatormatch.Brief{
			Goal:      creatormatch.GoalCommunity,
			Budget:    money(8500, "USD"),
			Platforms: []creatormatch.Platform{creatormatch.Instagram},
			Audience: creatormatch.AudienceTarget{
				Ages:            []string{"25-34", "35-44"},
				Genders:         []string{"female"},
				Countries:       []string{"US"},
				MinCountryShare: 0.5,
			},
			Topics: []string{"home_decor", "diy"},
		},
	},
	{
		name: "luxury_macro_mega_gulf",
		text: "Luxury watch brand, $250k, macro and mega influencers, Instagram, men 35-54, UAE and Saudi Arabia, avoid controversy.",
		want: creatormatch.Brief{
			Budget:       money(250000, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.Instagram},
			MinFollowers: 500000,
			Tiers:        []creatormatch.Tier{creatormatch.TierMacro, creatormatch.TierMega},
			Audience: creatormatch.AudienceTarget{
				Ages:      []string{"35-44", "45-64"},
				Genders:   []string{"male"},
				Countries: []string{"AE", "SA"},
			},
			ExcludeSafety:   []string{"controversy"},
			ProductCategory: "fashion",
		},
	},
	{
		name: "gen_z_age_share_dutch_content",
		text: "Coffee subscription, $7.5k, TikTok, Gen Z, 18-24 at least 40%, creators from the Netherlands or Belgium, Dutch content.",
		want: creatormatch.Brief{
			Budget:    money(7500, "USD"),
			Platforms: []creatormatch.Platform{creatormatch.TikTok},
			Audience: creatormatch.AudienceTarget{
				Ages:        []string{"18-24"},
				MinAgeShare: 0.4,
			},
			CreatorCountries: []string{"BE", "NL"},
			CreatorLanguages: []string{"nl"},
			Topics:           []string{"food"},
			ProductCategory:  "food",
		},
	},
	{
		name: "latam_usd_content_languages",
		text: "LATAM campaign: Brazil, Mexico, Argentina. R$ is fine but budget is USD 40,000. Portuguese and Spanish content. YouTube. Engagement and loyalty are the goal.",
		want: creatormatch.Brief{
			Goal:      creatormatch.GoalCommunity,
			Budget:    money(40000, "USD"),
			Platforms: []creatormatch.Platform{creatormatch.YouTube},
			Audience: creatormatch.AudienceTarget{
				Countries: []string{"AR", "BR", "CL", "CO", "MX", "PE"},
			},
			CreatorLanguages: []string{"es", "pt"},
		},
	},
	{
		name: "fewer_than_plant_based_no_swearing",
		text: "Please find creators with fewer than 10,000 followers who post about plant-based cooking. No swearing. $2k.",
		want: creatormatch.Brief{
			Budget:        money(2000, "USD"),
			MaxFollowers:  10000,
			Topics:        []string{"food", "plant_based"},
			ExcludeSafety: []string{"profanity"},
			ContentAsks:   []string{"plant-based cooking"},
		},
	},
	{
		name: "semicolon_list_debut",
		text: "Brief: protein bar debut; 10-50k followers; fitness; IG; US; budget ~ $12,500; avoid alcohol and drugs",
		want: creatormatch.Brief{
			Goal:         creatormatch.GoalLaunch,
			Budget:       money(12500, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.Instagram},
			MinFollowers: 10000,
			MaxFollowers: 50000,
			Audience: creatormatch.AudienceTarget{
				Countries: []string{"US"},
			},
			Topics:          []string{"fitness", "food"},
			ExcludeSafety:   []string{"alcohol", "drugs"},
			Product:         "protein bar",
			ProductCategory: "food",
		},
	},
	{
		name: "boomers_gen_x_uk",
		text: "We want boomers and Gen X in the UK for our retirement planning service. Budget £30k. YouTube. Personal finance creators.",
		want: creatormatch.Brief{
			Budget:    money(30000, "GBP"),
			Platforms: []creatormatch.Platform{creatormatch.YouTube},
			Audience: creatormatch.AudienceTarget{
				Ages:      []string{"45-64", "65+"},
				Countries: []string{"GB"},
			},
			Topics:          []string{"personal_finance"},
			ProductCategory: "personal_finance",
		},
	},
	{
		name: "revenue_amount_ignored",
		text: "Our brand did $5M in sales last year. This campaign's budget: $25,000. Skincare creators on TikTok, 18-24.",
		want: creatormatch.Brief{
			Budget:    money(25000, "USD"),
			Platforms: []creatormatch.Platform{creatormatch.TikTok},
			Audience: creatormatch.AudienceTarget{
				Ages: []string{"18-24"},
			},
			Topics: []string{"skincare"},
		},
	},
	{
		name: "french_creators_gender_share",
		text: "8k EUR, French creators, beauty and makeup, Instagram, 80% female audience, France and Belgium.",
		want: creatormatch.Brief{
			Budget:    money(8000, "EUR"),
			Platforms: []creatormatch.Platform{creatormatch.Instagram},
			Audience: creatormatch.AudienceTarget{
				Genders:        []string{"female"},
				Countries:      []string{"BE", "FR"},
				MinGenderShare: 0.8,
			},
			CreatorCountries: []string{"FR"},
			Topics:           []string{"beauty"},
		},
	},
	{
		name: "pets_competitor_handles",
		text: "Pet brand. Budget $9k. Dogs and cats. Instagram + TikTok. 5k to 50k followers. Avoid creators who partnered with Chewy or @barkbox.",
		want: creatormatch.Brief{
			Budget:          money(9000, "USD"),
			Platforms:       []creatormatch.Platform{creatormatch.Instagram, creatormatch.TikTok},
			MinFollowers:    5000,
			MaxFollowers:    50000,
			Topics:          []string{"pets"},
			Competitors:     []string{"chewy", "barkbox"},
			ProductCategory: "pets",
		},
	},
	{
		name: "range_upper_iso_codes_launch_label",
		text: "Tech launch: wireless earbuds. $30k-$45k. YouTube tech reviewers, at least 250k subscribers, US/UK/CA. Goal is awareness. Not political.",
		want: creatormatch.Brief{
			Goal:         creatormatch.GoalAwareness,
			Budget:       money(45000, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.YouTube},
			MinFollowers: 250000,
			Audience: creatormatch.AudienceTarget{
				Countries: []string{"CA", "GB", "US"},
			},
			Topics:          []string{"tech"},
			ExcludeSafety:   []string{"politics"},
			Product:         "wireless earbuds",
			ProductCategory: "tech",
		},
	},
	{
		name: "parents_kid_friendly",
		text: "Kids' snacks — parents 25-44, US, Instagram, under 100k followers, $10,000, kid-friendly.",
		want: creatormatch.Brief{
			Budget:       money(10000, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.Instagram},
			MaxFollowers: 100000,
			Audience: creatormatch.AudienceTarget{
				Ages:      []string{"25-34", "35-44"},
				Countries: []string{"US"},
			},
			Topics:          []string{"food"},
			ExcludeSafety:   []string{"profanity", "alcohol", "gambling", "drugs", "violence", "adult"},
			ProductCategory: "food",
		},
	},
	{
		name: "inr_app_installs",
		text: "Fintech app — Gen Z in India, 18-24, YouTube Shorts and Instagram Reels, INR 1,500,000 budget, conversions via app installs",
		want: creatormatch.Brief{
			Goal:      creatormatch.GoalConversion,
			Budget:    money(1.5e+06, "INR"),
			Platforms: []creatormatch.Platform{creatormatch.Instagram, creatormatch.YouTube},
			Audience: creatormatch.AudienceTarget{
				Ages:      []string{"18-24"},
				Countries: []string{"IN"},
			},
			Topics:          []string{"tech", "personal_finance"},
			ProductCategory: "personal_finance",
		},
	},
	{
		name: "sustainable_lone_micro_item",
		text: "sustainable sneakers, zero-waste, eco-conscious Gen Z, TikTok, micro, $18k, avoid fast fashion creators",
		want: creatormatch.Brief{
			Budget:       money(18000, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.TikTok},
			MinFollowers: 10000,
			MaxFollowers: 100000,
			Tiers:        []creatormatch.Tier{creatormatch.TierMicro},
			Audience: creatormatch.AudienceTarget{
				Ages: []string{"18-24"},
			},
			Topics:          []string{"fashion", "sustainability"},
			AvoidTopics:     []string{"fast fashion"},
			ProductCategory: "fashion",
		},
	},
	{
		name: "wine_21_plus",
		text: "Wine brand, 21+ audience, US, Instagram, $20k, no creators under 21. Avoid drugs and profanity.",
		want: creatormatch.Brief{
			Budget:    money(20000, "USD"),
			Platforms: []creatormatch.Platform{creatormatch.Instagram},
			Audience: creatormatch.AudienceTarget{
				Ages:      []string{"18-24", "25-34", "35-44", "45-64", "65+"},
				Countries: []string{"US"},
			},
			ExcludeSafety:   []string{"profanity", "drugs"},
			ProductCategory: "food",
		},
	},
	{
		name: "teens_family_friendly",
		text: "Mental health app for teens, 13-17, TikTok, $5k, family friendly, no politics",
		want: creatormatch.Brief{
			Budget:    money(5000, "USD"),
			Platforms: []creatormatch.Platform{creatormatch.TikTok},
			Audience: creatormatch.AudienceTarget{
				Ages: []string{"13-17"},
			},
			Topics:          []string{"tech", "wellness"},
			ExcludeSafety:   []string{"profanity", "alcohol", "gambling", "drugs", "violence", "adult", "politics"},
			ProductCategory: "wellness",
		},
	},
	{
		name: "percent_off_below_followers_dads",
		text: "Summer promo with a 20% off code for followers. Budget: $9,000. Creators below 50,000 followers, at least 30% aged 18–24, dads in North America, Instagram.",
		want: creatormatch.Brief{
			Budget:       money(9000, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.Instagram},
			MaxFollowers: 50000,
			Audience: creatormatch.AudienceTarget{
				Ages:        []string{"18-24", "25-34", "35-44"},
				Genders:     []string{"male"},
				Countries:   []string{"CA", "US"},
				MinAgeShare: 0.3,
			},
		},
	},
	{
		name: "demonyms_year_olds_at_least_5k",
		text: "Targeting Americans and Brits: 18-24 year olds, at least 5k followers, YT, $4k total, awareness and reach.",
		want: creatormatch.Brief{
			Goal:         creatormatch.GoalAwareness,
			Budget:       money(4000, "USD"),
			Platforms:    []creatormatch.Platform{creatormatch.YouTube},
			MinFollowers: 5000,
			Audience: creatormatch.AudienceTarget{
				Ages:      []string{"18-24"},
				Countries: []string{"GB", "US"},
			},
		},
	},
	{
		name: "gen_z_teens_creator_country",
		text: "Gen Z teens in Britain, tik tok, affiliate links, $2,500, creators based in the United States.",
		want: creatormatch.Brief{
			Goal:      creatormatch.GoalConversion,
			Budget:    money(2500, "USD"),
			Platforms: []creatormatch.Platform{creatormatch.TikTok},
			Audience: creatormatch.AudienceTarget{
				Ages:      []string{"13-17", "18-24"},
				Countries: []string{"GB"},
			},
			CreatorCountries: []string{"US"},
		},
	},
	{
		name: "language_lists_not_tiktok",
		text: "English or Spanish speaking audience, creators who speak French, Insta, budget 10000 EUR, not TikTok.",
		want: creatormatch.Brief{
			Budget:    money(10000, "EUR"),
			Platforms: []creatormatch.Platform{creatormatch.Instagram},
			Audience: creatormatch.AudienceTarget{
				Languages: []string{"en", "es"},
			},
			CreatorLanguages: []string{"fr"},
		},
	},
}

func TestParse(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Parse(tc.text)
			want := tc.want
			want.Text = tc.text
			assert.Equal(t, want, got)
			require.NoError(t, Validate(got))
		})
	}
}

// TestParseBudget pins the amount formats and the amounts that are not a
// budget.
func TestParseBudget(t *testing.T) {
	tests := []struct {
		text     string
		total    float64
		currency string // "-" means no budget
	}{
		{"$15k", 15000, "USD"},
		{"15,000 USD", 15000, "USD"},
		{"USD 15000", 15000, "USD"},
		{"€8k", 8000, "EUR"},
		{"8.000 €", 8000, "EUR"},
		{"£5,500", 5500, "GBP"},
		{"1.234,56 € total", 1234.56, "EUR"},
		{"15 000 € budget", 15000, "EUR"},
		{"15k budget", 15000, ""},
		{"budget of 20 thousand dollars", 20000, "USD"},
		{"$1.2M", 1_200_000, "USD"},
		{"between $10k and $20k", 20000, "USD"},
		{"$10–20k", 20000, "USD"},
		{"10-20k USD", 20000, "USD"},
		{"A$20k", 20000, "AUD"},
		{"CAD 25,000", 25000, "CAD"},
		{"Budget for 10 creators is $15k", 15000, "USD"},
		{"Products retail at $4.99; budget is $12k", 12000, "USD"},
		{"$20/day itineraries", 0, "-"},
		{"20% off", 0, "-"},
		{"$500 per post", 0, "-"},
		{"priced at $4.99", 0, "-"},
		{"$5 off your first order", 0, "-"},
		{"we did $5M in sales", 0, "-"},
		{"lose 10 pounds", 0, "-"},
		{"budget for 2025 is TBD", 0, "-"},
		{"budget for 10 creators", 0, "-"},
		{"50k followers", 0, "-"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			b := Parse(tc.text)
			if tc.currency == "-" {
				assert.Nil(t, b.Budget)
				return
			}
			require.NotNil(t, b.Budget)
			assert.Equal(t, creatormatch.Money{Total: tc.total, Currency: tc.currency}, *b.Budget)
		})
	}
}

func TestParseFollowers(t *testing.T) {
	tests := []struct {
		text     string
		min, max int64
		tiers    []creatormatch.Tier
	}{
		{"10k-100k", 10_000, 100_000, nil},
		{"10k–100k followers", 10_000, 100_000, nil},
		{"10-100k followers", 10_000, 100_000, nil},
		{"between 10,000 and 50,000 followers", 10_000, 50_000, nil},
		{"under 50k", 0, 50_000, nil},
		{"below 50,000 followers", 0, 50_000, nil},
		{"over 100k", 100_000, 0, nil},
		{"at least 5k", 5_000, 0, nil},
		{"50k+", 50_000, 0, nil},
		{"1M+ followers", 1_000_000, 0, nil},
		{"100k subscribers or more", 100_000, 0, nil},
		{"nano", 1_000, 10_000, []creatormatch.Tier{creatormatch.TierNano}},
		{"micro-influencers", 10_000, 100_000, []creatormatch.Tier{creatormatch.TierMicro}},
		{"microinfluencers", 10_000, 100_000, []creatormatch.Tier{creatormatch.TierMicro}},
		{"mid-tier", 100_000, 500_000, []creatormatch.Tier{creatormatch.TierMid}},
		{"macro influencers", 500_000, 1_000_000, []creatormatch.Tier{creatormatch.TierMacro}},
		{"mega creators", 1_000_000, 0, []creatormatch.Tier{creatormatch.TierMega}},
		{"nano or micro creators", 1_000, 100_000, []creatormatch.Tier{creatormatch.TierNano, creatormatch.TierMicro}},
		{"micro to macro influencers", 10_000, 1_000_000, []creatormatch.Tier{creatormatch.TierMicro, creatormatch.TierMid, creatormatch.TierMacro}},
		{"micro-influencers (10k–50k followers)", 10_000, 50_000, []creatormatch.Tier{creatormatch.TierMicro}},
		{"no mega influencers", 0, 0, nil},
		{"ages 18-24", 0, 0, nil},
		{"$10k-$20k", 0, 0, nil},
		{"10k-100k views", 0, 0, nil},
		{"microwave popcorn, track your macros", 0, 0, nil},
		{"mid-March launch", 0, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			b := Parse(tc.text)
			assert.Equal(t, tc.min, b.MinFollowers, "min")
			assert.Equal(t, tc.max, b.MaxFollowers, "max")
			assert.Equal(t, tc.tiers, b.Tiers, "tiers")
		})
	}
}

func TestParseAudience(t *testing.T) {
	tests := []struct {
		text string
		want creatormatch.AudienceTarget
	}{
		{"Gen Z", creatormatch.AudienceTarget{Ages: []string{"18-24"}}},
		{"Gen Z teens", creatormatch.AudienceTarget{Ages: []string{"13-17", "18-24"}}},
		{"millennials", creatormatch.AudienceTarget{Ages: []string{"25-34", "35-44"}}},
		{"Gen X", creatormatch.AudienceTarget{Ages: []string{"45-64"}}},
		{"boomers", creatormatch.AudienceTarget{Ages: []string{"45-64", "65+"}}},
		{"teens", creatormatch.AudienceTarget{Ages: []string{"13-17"}}},
		{"college students", creatormatch.AudienceTarget{Ages: []string{"18-24"}}},
		{"parents", creatormatch.AudienceTarget{Ages: []string{"25-34", "35-44"}}},
		{"moms", creatormatch.AudienceTarget{Ages: []string{"25-34", "35-44"}, Genders: []string{"female"}}},
		{"dads", creatormatch.AudienceTarget{Ages: []string{"25-34", "35-44"}, Genders: []string{"male"}}},
		{"18–24", creatormatch.AudienceTarget{Ages: []string{"18-24"}}},
		{"18-24 year olds", creatormatch.AudienceTarget{Ages: []string{"18-24"}}},
		{"ages 25 to 34", creatormatch.AudienceTarget{Ages: []string{"25-34"}}},
		{"audience 18–34", creatormatch.AudienceTarget{Ages: []string{"18-24", "25-34"}}},
		{"people in their 30s", creatormatch.AudienceTarget{Ages: []string{"25-34", "35-44"}}},
		{"adults over 21", creatormatch.AudienceTarget{Ages: []string{"18-24", "25-34", "35-44", "45-64", "65+"}}},
		{"at least 30% aged 18–24", creatormatch.AudienceTarget{Ages: []string{"18-24"}, MinAgeShare: 0.3}},
		{"work with 15-20 nano influencers", creatormatch.AudienceTarget{}},
		{"women", creatormatch.AudienceTarget{Genders: []string{"female"}}},
		{"female", creatormatch.AudienceTarget{Genders: []string{"female"}}},
		{"men", creatormatch.AudienceTarget{Genders: []string{"male"}}},
		{"men and women", creatormatch.AudienceTarget{}},
		{"men and women, at least 60% women", creatormatch.AudienceTarget{Genders: []string{"female"}, MinGenderShare: 0.6}},
		{"a female-founded brand", creatormatch.AudienceTarget{}},
		{"in the US", creatormatch.AudienceTarget{Countries: []string{"US"}}},
		{"USA", creatormatch.AudienceTarget{Countries: []string{"US"}}},
		{"United States", creatormatch.AudienceTarget{Countries: []string{"US"}}},
		{"American audience", creatormatch.AudienceTarget{Countries: []string{"US"}}},
		{"the U.S. market", creatormatch.AudienceTarget{Countries: []string{"US"}}},
		{"UK", creatormatch.AudienceTarget{Countries: []string{"GB"}}},
		{"Britain", creatormatch.AudienceTarget{Countries: []string{"GB"}}},
		{"Germany", creatormatch.AudienceTarget{Countries: []string{"DE"}}},
		{"DACH", creatormatch.AudienceTarget{Countries: []string{"AT", "CH", "DE"}}},
		{"DE/AT/CH", creatormatch.AudienceTarget{Countries: []string{"AT", "CH", "DE"}}},
		{"North America", creatormatch.AudienceTarget{Countries: []string{"CA", "US"}}},
		{"LATAM", creatormatch.AudienceTarget{Countries: []string{"AR", "BR", "CL", "CO", "MX", "PE"}}},
		{"at least 50% US audience", creatormatch.AudienceTarget{Countries: []string{"US"}, MinCountryShare: 0.5}},
		{"Korean skincare, Greek yogurt, contact us", creatormatch.AudienceTarget{}},
		{"turkey recipes", creatormatch.AudienceTarget{}},
		{"Spanish-speaking", creatormatch.AudienceTarget{Languages: []string{"es"}}},
		{"subtitles in French", creatormatch.AudienceTarget{Languages: []string{"fr"}}},
		{"English or Spanish speakers", creatormatch.AudienceTarget{Languages: []string{"en", "es"}}},
		{"nail polish content", creatormatch.AudienceTarget{}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			assert.Equal(t, tc.want, Parse(tc.text).Audience)
		})
	}
}

func TestParseCreatorVsAudience(t *testing.T) {
	tests := []struct {
		text                      string
		audience, creators, langs []string
	}{
		{"creators based in Germany", nil, []string{"DE"}, nil},
		{"German creators", nil, []string{"DE"}, nil},
		{"influencers from Spain, audience in the UK", []string{"GB"}, []string{"ES"}, nil},
		{"creators based in Germany or Austria", nil, []string{"AT", "DE"}, nil},
		{"US-based creators", nil, []string{"US"}, nil},
		{"a Swedish brand launching in Germany", []string{"DE"}, nil, nil},
		{"Spanish-speaking creators", nil, nil, []string{"es"}},
		{"creators who speak French", nil, nil, []string{"fr"}},
		{"English content", nil, nil, []string{"en"}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			b := Parse(tc.text)
			assert.Equal(t, tc.audience, b.Audience.Countries, "audience countries")
			assert.Equal(t, tc.creators, b.CreatorCountries, "creator countries")
			assert.Equal(t, tc.langs, b.CreatorLanguages, "creator languages")
		})
	}
}

func TestParsePlatforms(t *testing.T) {
	ig, tt, yt := creatormatch.Instagram, creatormatch.TikTok, creatormatch.YouTube
	tests := []struct {
		text string
		want []creatormatch.Platform
	}{
		{"instagram", []creatormatch.Platform{ig}},
		{"IG", []creatormatch.Platform{ig}},
		{"insta", []creatormatch.Platform{ig}},
		{"Reels", []creatormatch.Platform{ig}},
		{"tik tok", []creatormatch.Platform{tt}},
		{"TikTok or Instagram", []creatormatch.Platform{ig, tt}},
		{"YT", []creatormatch.Platform{yt}},
		{"YouTube Shorts", []creatormatch.Platform{yt}},
		{"Shorts", []creatormatch.Platform{yt}},
		{"reels and shorts", []creatormatch.Platform{ig, yt}},
		{"our new running shorts", nil},
		{"IG, TT", []creatormatch.Platform{ig, tt}},
		{"no YouTube", nil},
		{"TikTok, no YouTube", []creatormatch.Platform{tt}},
		{"No TikTok, Instagram only", []creatormatch.Platform{ig}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			assert.Equal(t, tc.want, Parse(tc.text).Platforms)
		})
	}
}

func TestParseGoal(t *testing.T) {
	tests := []struct {
		text string
		want creatormatch.Goal
	}{
		{"brand awareness", creatormatch.GoalAwareness},
		{"maximise reach and visibility", creatormatch.GoalAwareness},
		{"product launch", creatormatch.GoalLaunch},
		{"new product debut", creatormatch.GoalLaunch},
		{"build community and loyal fans", creatormatch.GoalCommunity},
		{"drive purchases", creatormatch.GoalConversion},
		{"promo code", creatormatch.GoalConversion},
		{"affiliate program", creatormatch.GoalConversion},
		{"ROAS above 3", creatormatch.GoalConversion},
		{"launch with promo codes", creatormatch.GoalConversion},
		{"Goal: awareness. We're launching in May with a promo code.", creatormatch.GoalAwareness},
		{"engagement rate above 3%", ""},
		{"not a sales campaign", ""},
		{"we did $5M in sales", ""},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			assert.Equal(t, tc.want, Parse(tc.text).Goal)
		})
	}
}

func TestParseTopicsAndSafety(t *testing.T) {
	tests := []struct {
		text                   string
		topics, avoid, exclude []string
	}{
		{"oat-milk yogurt", []string{"food", "plant_based"}, nil, nil},
		{"dairy-free snacks", []string{"food", "plant_based"}, nil, nil},
		{"skincare and gaming", []string{"skincare", "gaming"}, nil, nil},
		{"yoga", []string{"fitness", "wellness"}, nil, nil},
		{"no alcohol", nil, nil, []string{"alcohol"}},
		{"avoid gambling", nil, nil, []string{"gambling"}},
		{"not political", nil, nil, []string{"politics"}},
		{"non-political", nil, nil, []string{"politics"}},
		{"family-friendly", nil, nil, []string{"profanity", "alcohol", "gambling", "drugs", "violence", "adult"}},
		{"No alcohol, gambling, or political content.", nil, nil, []string{"alcohol", "gambling", "politics"}},
		{"Avoid:\n- profanity\n- drugs\nFitness creators", []string{"fitness"}, nil, []string{"profanity", "drugs"}},
		{"alcohol brand", nil, nil, nil},
		{"no gaming creators", nil, []string{"gaming"}, nil},
		{"sustainable fashion, no fast fashion", []string{"fashion", "sustainability"}, []string{"fast fashion"}, nil},
		{"No YouTube, skincare creators", []string{"skincare"}, nil, nil},
		{"no alcohol, organic snacks", []string{"food"}, nil, []string{"alcohol"}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			b := Parse(tc.text)
			assert.Equal(t, tc.topics, b.Topics, "topics")
			assert.Equal(t, tc.avoid, b.AvoidTopics, "avoid topics")
			assert.Equal(t, tc.exclude, b.ExcludeSafety, "exclude safety")
		})
	}
}

func TestParseCompetitors(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"avoid creators who worked with @oatly or Danone", []string{"oatly", "danone"}},
		{"Competitors: Oatly, Alpro, Califia Farms.", []string{"oatly", "alpro", "califiafarms"}},
		{"competitors like @TheOrdinary and Drunk Elephant", []string{"theordinary", "drunkelephant"}},
		{"no creators who have partnered with Chobani in the last 6 months", []string{"chobani"}},
		{"We've worked with creators like Jane before", nil},
		{"no @glossier partners", []string{"glossier"}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			assert.Equal(t, tc.want, Parse(tc.text).Competitors)
		})
	}
}

func TestParseProduct(t *testing.T) {
	tests := []struct{ text, want string }{
		{"oat-milk yogurt launch, Gen Z", "oat-milk yogurt"},
		{"We're launching a new vegan protein bar in the UK", "vegan protein bar"},
		{"Product: GlowUp Vitamin C Serum", "GlowUp Vitamin C Serum"},
		{"Tech launch: wireless earbuds.", "wireless earbuds"},
		{"US launch in May", ""},
		{"product launch for Q3", ""},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			assert.Equal(t, tc.want, Parse(tc.text).Product)
		})
	}
}

// TestParseBounded checks that a huge paste is read only up to
// MaxParseBytes, kept whole in Text, and parsed quickly.
func TestParseBounded(t *testing.T) {
	head := "Budget $15k. TikTok. Gen Z in the US. "
	text := head + strings.Repeat("lorem ipsum 12-34 $5 no ", 200_000) + " Instagram"
	start := time.Now()
	b := Parse(text)
	assert.Less(t, time.Since(start), 30*time.Second, "a parse that read all 4.8 MB quadratically would take hours")
	assert.Equal(t, text, b.Text)
	assert.Equal(t, money(15000, "USD"), b.Budget)
	assert.Equal(t, []creatormatch.Platform{creatormatch.TikTok}, b.Platforms, "text past the cap is not read")
	require.NoError(t, Validate(b))
}

func TestParseEmpty(t *testing.T) {
	for _, s := range []string{"", "   ", "\n\t", "hello", "\xff\xfe"} {
		b := Parse(s)
		assert.Equal(t, creatormatch.Brief{Text: s}, b)
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		num, mult string
		want      float64
	}{
		{"15,000", "", 15000}, {"8.000", "", 8000}, {"1.2", "m", 1.2}, {"1,5", "k", 1.5},
		{"1.234,56", "", 1234.56}, {"1,234.56", "", 1234.56}, {"15 000", "", 15000},
		{"1.250", "m", 1.25}, {"1.234.567", "", 1234567},
	}
	for _, tc := range tests {
		got, ok := parseNumber(tc.num, tc.mult)
		assert.True(t, ok, tc.num)
		assert.InDelta(t, tc.want, got, 1e-9, tc.num)
	}
	_, ok := parseNumber(strings.Repeat("9", 400), "")
	assert.False(t, ok, "overflow")
}

func TestBucketsFor(t *testing.T) {
	assert.Equal(t, []string{"18-24", "25-34"}, bucketsFor(18, 34))
	assert.Equal(t, []string{"18-24", "25-34"}, bucketsFor(18, 35))
	assert.Equal(t, []string{"18-24", "25-34"}, bucketsFor(21, 30))
	assert.Equal(t, []string{"45-64"}, bucketsFor(45, 54))
	assert.Equal(t, []string{"13-17", "18-24"}, bucketsFor(16, 19), "no bucket half covered: every bucket touched")
	assert.Equal(t, []string{"65+"}, bucketsFor(65, 120))
}

func TestTierRange(t *testing.T) {
	lo, hi := TierRange([]creatormatch.Tier{creatormatch.TierMicro})
	assert.Equal(t, [2]int64{10_000, 100_000}, [2]int64{lo, hi})
	lo, hi = TierRange([]creatormatch.Tier{creatormatch.TierMicro, creatormatch.TierNano})
	assert.Equal(t, [2]int64{1_000, 100_000}, [2]int64{lo, hi})
	lo, hi = TierRange([]creatormatch.Tier{creatormatch.TierMacro, creatormatch.TierMega})
	assert.Equal(t, [2]int64{500_000, 0}, [2]int64{lo, hi})
	lo, hi = TierRange(nil)
	assert.Equal(t, [2]int64{0, 0}, [2]int64{lo, hi})
}

// TestParseConcurrent runs Parse from several goroutines; with -race it
// proves the package has no shared mutable state.
func TestParseConcurrent(t *testing.T) {
	done := make(chan creatormatch.Brief)
	for i := 0; i < 8; i++ {
		go func() {
			var b creatormatch.Brief
			for _, tc := range parseCases {
				b = Parse(tc.text)
			}
			done <- b
		}()
	}
	first := <-done
	for i := 1; i < 8; i++ {
		assert.Equal(t, first, <-done)
	}
}

// TestParseRoles: the product clause gives ProductCategory, the creator
// clause Topics and ContentAsks (the examples and the brief shapes
// the rules read).
func TestParseRoles(t *testing.T) {
	tests := []struct {
		text     string
		topics   []string
		category string
		asks     []string
	}{
		{"Family car brand wants moms and dads who post about life with young children", []string{"parenting"}, "automotive", []string{"life with young children"}},
		{"Kids' clothing brand wants parents who share their children's outfits", []string{"fashion", "parenting"}, "fashion", []string{"children's outfits"}},
		{"Hair dye brand looking for creators who post hair colour transformations", []string{"beauty"}, "beauty", []string{"hair colour transformations"}},
		{"We sell cast-iron cookware; we want creators who post camping meals.", []string{"food", "outdoors"}, "food", []string{"camping meals"}},
		{"Hi team,\n\nWe're launching a mattress. Ideally creators who post sleep routines and evening rituals.\n\nThanks", []string{"wellness"}, "home_decor", []string{"sleep routines", "evening rituals"}},
		{"- Product: GPS dog collar\n- Creators: hikers with dogs\n- Content: off-leash adventures, trail runs", []string{"pets", "outdoors"}, "pets", []string{"off-leash adventures", "trail runs"}},
		{"Marca de coches. Buscamos creadores que compartan viajes en familia y rutas de montaña.", []string{"parenting", "travel", "outdoors"}, "automotive", []string{"viajes en familia", "rutas de montaña"}},
		{"Marque de poussettes. Nous cherchons des créateurs qui parlent de balades en ville.", nil, "parenting", []string{"balades en ville"}},
		{"Launching a breakfast cereal in Canada, $40k, Instagram.", []string{"food"}, "food", nil},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			b := Parse(tc.text)
			assert.Equal(t, tc.topics, b.Topics, "topics")
			assert.Equal(t, tc.category, b.ProductCategory, "product category")
			assert.Equal(t, tc.asks, b.ContentAsks, "content asks")
			require.NoError(t, Validate(b))
		})
	}
}
