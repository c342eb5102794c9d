package eval

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/demodata"
)

// nicheBriefs are natural briefs per niche, two phrasings each; none names
// the niche key verbatim (plant_based is "dairy-free breakfasts"), so the
// matcher has to understand the brief, not string-match a label.
var nicheBriefs = map[string][2]string{
	"beauty":           {"We want makeup artists who post glam tutorials and honest swatches of new palettes", "Cosmetics launch: looking for creators doing everyday makeup looks, lipstick and foundation reviews"},
	"skincare":         {"Looking for creators who talk about barrier repair, sunscreen and serums", "Our SPF brand needs people sharing morning and night routines for acne-prone and sensitive skin"},
	"fashion":          {"Seeking style creators who share outfit ideas, try-on hauls and capsule wardrobes", "Clothing label wants people posting what they wear: thrifted finds, street style and seasonal lookbooks"},
	"fitness":          {"Need creators who post strength training workouts and gym progress", "Protein brand wants people sharing home workouts, lifting PRs and training splits"},
	"food":             {"Looking for home cooks sharing quick weeknight dinner recipes", "Kitchenware brand seeks people who bake, cook comfort dishes and recreate restaurant meals at home"},
	"plant_based":      {"Looking for creators who cook dairy-free breakfasts and meat-free dinners", "Oat milk brand wants people making vegan recipes with tofu, lentils and chickpeas"},
	"parenting":        {"Looking for moms and dads sharing toddler routines and family life", "Baby gear brand wants creators talking about newborn sleep, school runs and raising kids"},
	"travel":           {"Creators documenting trips abroad, hidden beaches and city itineraries", "Luggage brand seeks people who share packing tips, weekend getaways and flight hacks"},
	"gaming":           {"Streamers who play competitive shooters and review new console releases", "Headset brand wants people who stream video games, speedruns and their console setups"},
	"tech":             {"Creators reviewing smartphones, laptops and smart home gadgets", "Looking for people who unbox new devices, compare phone cameras and build PCs"},
	"personal_finance": {"Creators who explain budgeting, saving and investing for beginners", "Banking app wants people talking about paying off debt, index funds and money habits"},
	"home_decor":       {"Interior lovers showing cosy living room makeovers and apartment styling", "Furniture brand seeks people sharing room refreshes, shelf styling and rental-friendly decorating"},
	"pets":             {"Dog and cat owners posting about puppy training and pet care", "Pet food brand wants creators who share life with their rescue dogs and cats"},
	"automotive":       {"Car enthusiasts reviewing new models and doing garage builds", "Tyre brand wants people who detail cars, test drive EVs and talk engines"},
	"music":            {"Guitarists and singers covering songs and producing beats", "Headphone brand wants singers, producers and people sharing studio sessions"},
	"comedy":           {"Funny creators who make sketches and relatable skits", "Looking for people making people laugh: parodies, pranks and stand-up clips"},
	"education":        {"Teachers and tutors who explain study tips and exam prep", "Learning app wants creators who make lessons, language tips and revision guides"},
	"science":          {"Creators explaining physics, space and chemistry experiments", "Museum campaign: people who make curious explainers about the universe, chemistry and biology"},
	"outdoors":         {"Hikers and campers sharing trail guides and backpacking gear", "Tent brand wants people who go camping, climbing and exploring national parks"},
	"sports":           {"Athletes and fans breaking down football and basketball highlights", "Athletic apparel brand seeks people who play and analyse matches, from soccer to tennis"},
	"wellness":         {"Creators on mindfulness, meditation and better sleep", "Wellbeing app wants people sharing self-care rituals, journaling and stress relief"},
	"diy":              {"Makers doing woodworking projects and crafty home repairs", "Tool brand wants people who build furniture, upcycle old stuff and fix things themselves"},
	"photography":      {"Photographers sharing camera settings, editing presets and portrait shoots", "Lens brand seeks people teaching composition, golden hour shots and photo editing"},
	"books":            {"Readers posting book reviews, reading challenges and cosy fantasy recommendations", "Audiobook app wants people sharing monthly reads, shelf tours and novel recommendations"},
	"sustainability":   {"Creators living low-waste, thrifting and cutting plastic", "Refill brand wants people who talk about zero-waste swaps, composting and climate-friendly habits"},
}

// audienceBrief is a niche brief with an audience constraint; the truth
// field it checks is one of AudienceTopAge/Gender/Country.
type audienceBrief struct {
	id, niche, text string
	age, gender     string // required AudienceTop* values ("" = none)
	country         string
}

var audienceBriefs = []audienceBrief{
	{id: "aud-beauty-f1824", niche: "beauty", text: "Makeup brand looking for creators whose followers are mostly women aged 18-24, posting glam tutorials", age: "18-24", gender: "female"},
	{id: "aud-fitness-gb", niche: "fitness", text: "Gym wear label wants workout creators with an audience in the UK", country: "GB"},
	{id: "aud-gaming-male", niche: "gaming", text: "Looking for gaming streamers with a mostly male audience", gender: "male"},
	{id: "aud-food-us", niche: "food", text: "Snack brand seeks home cooks sharing recipes to an audience in the US", country: "US"},
	{id: "aud-travel-2534", niche: "travel", text: "Travel insurance wants creators sharing trips abroad whose audience is aged 25-34", age: "25-34"},
	{id: "aud-skincare-female", niche: "skincare", text: "Serum launch: creators with skincare routines and a mostly female audience", gender: "female"},
	{id: "aud-tech-in", niche: "tech", text: "Phone brand wants gadget reviewers reaching an audience in India", country: "IN"},
}

// SyntheticDataset builds an evaluation dataset from the seeded synthetic
// catalogue (demodata.Generate with n creators and seed) and its ground
// truth:
//
//   - one query per niche, a natural brief chosen by seed from two
//     phrasings (never the niche key verbatim), id "niche-KEY";
//   - seven briefs with an audience constraint (age bucket, gender or
//     country), id "aud-…".
//
// Relevance is graded from demodata.Truth, for every creator (the
// judgments are complete):
//
//	2  the creator's primary niche is the brief's niche
//	1  the brief's niche is the creator's secondary niche
//	0  otherwise
//	−1 a fake creator (bought followers) in the brief's niche: a brand
//	   must not be sent there; judged non-relevant (0 gain)
//
// For an audience-constrained brief the constraint must also hold on the
// truth (AudienceTopAge / AudienceTopGender / AudienceTopCountry; unknown
// audience fails it); a creator in the niche that fails it is one grade
// lower (2→1, 1→0). Queries without any relevant creator (small
// catalogues) are left out.
func SyntheticDataset(n int, seed int64) *Dataset {
	creators, truth := demodata.Generate(demodata.Config{Creators: n, Seed: seed})
	ds := &Dataset{
		Name:     fmt.Sprintf("synthetic:%d:%d", n, seed),
		Creators: creators,
		Truth:    truth,
		Qrels:    Qrels{},
		Now:      demodata.DefaultNow,
		Notes: []string{
			"Relevance from demodata.Truth: 2 = primary niche is the brief's niche, 1 = secondary niche, 0 = otherwise, -1 = fake creator (bought followers) in the niche (judged non-relevant, 0 gain).",
			"Audience-constrained briefs (aud-*) also need the creator's true top audience age/gender/country to match; failing it lowers the grade by one.",
		},
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0xe7a1))
	grade := func(t demodata.Truth, niche string) int {
		switch {
		case len(t.Niches) > 0 && t.Niches[0] == niche:
			if t.Fake {
				return -1
			}
			return 2
		case slices.Contains(t.Niches, niche):
			if t.Fake {
				return -1
			}
			return 1
		}
		return 0
	}
	add := func(id, text string, rel func(demodata.Truth) int) {
		q := Qrels{}
		for _, t := range truth {
			q.Set(id, t.ID, rel(t))
		}
		if q.Relevant(id) == 0 {
			return
		}
		ds.Queries = append(ds.Queries, Query{ID: id, Brief: creatormatch.Brief{Text: text}})
		ds.Qrels[id] = q[id]
	}
	for _, niche := range creatormatch.NicheKeys {
		texts := nicheBriefs[niche]
		add("niche-"+niche, texts[r.IntN(2)], func(t demodata.Truth) int { return grade(t, niche) })
	}
	for _, ab := range audienceBriefs {
		add(ab.id, ab.text, func(t demodata.Truth) int {
			g := grade(t, ab.niche)
			if g <= 0 {
				return g
			}
			ok := t.HasAudience &&
				(ab.age == "" || t.AudienceTopAge == ab.age) &&
				(ab.gender == "" || t.AudienceTopGender == ab.gender) &&
				(ab.country == "" || t.AudienceTopCountry == ab.country)
			if !ok {
				g--
			}
			return g
		})
	}
	return ds
}

// youtubeBriefs are one brief per channel genre of the YouTube dataset.
var youtubeBriefs = map[string]string{
	"Science":       "Looking for YouTubers who explain science, physics and experiments",
	"VideoGames":    "Gaming channels that play, review and talk about video games",
	"Food":          "Channels about cooking, recipes and tasting food",
	"Automobile":    "Car channels reviewing vehicles, driving and engines",
	"Tech":          "Tech reviewers covering phones, computers and gadgets",
	"Travel":        "Travel vloggers exploring countries and cities",
	"Comedy":        "Comedy channels with sketches, parodies and funny videos",
	"Informative":   "Educational channels that explain how things work and why",
	"News":          "News and current affairs commentary channels covering politics and world events",
	"Blog":          "Vloggers sharing their daily life and personal stories",
	"Entertainment": "Entertainment channels with challenges, reactions and celebrity talk",
}

// YouTubeDataset is the "YouTubers saying things" sample (91 real channels,
// CC0; demodata.LoadYouTube) with one brief per channel genre (id
// "genre-NAME"); a channel is relevant (grade 1) to the genres the dataset
// lists for it and judged 0 for the others. Binary relevance: the dataset
// gives no degree of membership.
func YouTubeDataset() (*Dataset, error) {
	creators, truth, err := demodata.LoadYouTube(bytes.NewReader(demodata.YouTubeCSV))
	if err != nil {
		return nil, err
	}
	ds := &Dataset{
		Name: "youtube", Creators: creators, Truth: truth, Qrels: Qrels{}, Now: demodata.YouTubeAsOf,
		Notes: []string{"Relevance: 1 = the channel is listed under the brief's genre in the dataset, 0 = otherwise (binary; complete judgments)."},
	}
	for _, genre := range sortedKeys(youtubeBriefs) {
		id := "genre-" + genre
		for _, t := range truth {
			g := 0
			if slices.Contains(t.Genres, genre) {
				g = 1
			}
			ds.Qrels.Set(id, t.ID, g)
		}
		if ds.Qrels.Relevant(id) == 0 {
			delete(ds.Qrels, id)
			continue
		}
		ds.Queries = append(ds.Queries, Query{ID: id, Brief: creatormatch.Brief{Text: youtubeBriefs[genre]}})
	}
	return ds, nil
}

// FeedbackQrels turns logged feedback into qrels for replay evaluation:
// the query id is the event's brief id, and a creator's grade is the best
// outcome recorded for it on that brief:
//
//	hired, campaign_result       2  (a campaign result implies a hire)
//	shortlisted, contacted       1
//	rejected, dismissed          0  (judged non-relevant)
//
// shown and opened say what was seen, not what was judged: skipped.
// "Best" means a creator shortlisted and later rejected keeps 1: the
// brand's considered interest is the signal; a rejection only counts when
// nothing better was recorded. Events without a brief id are skipped.
func FeedbackQrels(events []creatormatch.FeedbackEvent) Qrels {
	q := Qrels{}
	for _, e := range events {
		if e.BriefID == "" || e.CreatorID == "" {
			continue
		}
		var g int
		switch e.Kind {
		case creatormatch.FeedbackHired, creatormatch.FeedbackCampaignResult:
			g = 2
		case creatormatch.FeedbackShortlisted, creatormatch.FeedbackContacted:
			g = 1
		case creatormatch.FeedbackRejected, creatormatch.FeedbackDismissed:
			g = 0
		default:
			continue
		}
		if old, ok := q[e.BriefID][e.CreatorID]; ok && old >= g {
			continue
		}
		q.Set(e.BriefID, e.CreatorID, g)
	}
	return q
}

// FeedbackQueries returns one query per brief id of events that carries a
// brief text (the first text seen), so logged briefs can be replayed
// through the matcher. Briefs logged without text cannot be replayed.
func FeedbackQueries(events []creatormatch.FeedbackEvent) []Query {
	seen := map[string]bool{}
	var out []Query
	for _, e := range events {
		if e.BriefID == "" || seen[e.BriefID] || e.BriefText == "" {
			continue
		}
		seen[e.BriefID] = true
		out = append(out, Query{ID: e.BriefID, Brief: creatormatch.Brief{Text: e.BriefText}})
	}
	return out
}

// TrendingBriefsJSONL are the briefs of the youtube-trending dataset, one
// JSON object a line: {"id", "targets": [category ids], "text"} (any other
// Brief field may sit beside text).
//
//go:embed testdata/youtube-trending-briefs.jsonl
var TrendingBriefsJSONL []byte

// TrendingBrief is one brief of the youtube-trending dataset and the
// YouTube category ids it targets (its label, never its text).
type TrendingBrief struct {
	ID      string
	Targets []int
	Brief   creatormatch.Brief
}

// TrendingMinChannels is how many channels a category must be the
// majority category of for the briefs to target it.
const TrendingMinChannels = 15

// ReadTrendingBriefs reads briefs in the format of TrendingBriefsJSONL,
// rejecting unknown fields and briefs without targets.
func ReadTrendingBriefs(b []byte) ([]TrendingBrief, error) {
	var out []TrendingBrief
	for i, line := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var j struct {
			ID      string `json:"id"`
			Targets []int  `json:"targets"`
			creatormatch.Brief
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&j); err != nil {
			return nil, fmt.Errorf("trending briefs line %d: %w", i+1, err)
		}
		if len(j.Targets) == 0 {
			return nil, fmt.Errorf("trending briefs line %d: %q has no targets", i+1, j.ID)
		}
		out = append(out, TrendingBrief{ID: j.ID, Targets: j.Targets, Brief: j.Brief})
	}
	return out, nil
}

// TrendingGrade is the relevance of a channel to a brief targeting the
// category ids targets, from the share s of the channel's videos whose
// category is one of targets and its majority category m (the category
// of most of its videos, a tie going to the lowest id):
//
//	2  s ≥ 2/3
//	1  otherwise, m is a target or s > 1/2
//	0  otherwise
//
// With one target this is: 2 if the target is the majority category and
// holds at least two thirds of the videos, 1 if it is the majority
// category with less, 0 if it is not the majority category. A channel with
// one video is 2 or 0.
func TrendingGrade(ch demodata.TrendingChannel, targets []int) int {
	s := ch.Share(targets...)
	switch {
	case ch.Videos == 0:
		return 0
	case 3*s >= 2-1e-9:
		return 2
	case slices.Contains(targets, ch.Majority()) || s > 0.5:
		return 1
	}
	return 0
}

// YouTubeTrendingDataset is the "Trending YouTube Video Statistics" US data
// (CC0; 2,198 channels, 6,351 videos; demodata.LoadYouTubeTrending) read
// from demodata.TrendingDir, with the briefs of TrendingBriefsJSONL. Every
// channel is judged for every brief (complete judgments) by TrendingGrade
// on the channel's video categories; the categories never reach the
// creators. Features are computed against demodata.TrendingAsOf.
func YouTubeTrendingDataset() (*Dataset, error) {
	dir, err := demodata.TrendingDir()
	if err != nil {
		return nil, err
	}
	creators, labels, cats, err := demodata.LoadYouTubeTrendingDir(dir)
	if err != nil {
		return nil, err
	}
	briefs, err := ReadTrendingBriefs(TrendingBriefsJSONL)
	if err != nil {
		return nil, err
	}
	ds := &Dataset{
		Name: "youtube-trending", Creators: creators, Qrels: Qrels{}, Now: demodata.TrendingAsOf,
		Notes: []string{
			"Relevance from the YouTube category of each of the channel's videos (chosen by the uploader): with s = share of the channel's videos in the brief's target categories and m = its majority category (ties to the lowest id), 2 = s ≥ 2/3, 1 = m is a target or s > 1/2, 0 = otherwise; complete judgments.",
			"No follower counts in the data: tiers are unknown (TierNone), no price is estimated, engagement is per view.",
		},
	}
	for _, b := range briefs {
		for _, t := range b.Targets {
			if _, ok := cats[t]; !ok {
				return nil, fmt.Errorf("trending brief %s: category %d is not in %s", b.ID, t, demodata.TrendingCategoriesFile)
			}
		}
		for _, l := range labels {
			ds.Qrels.Set(b.ID, l.ID, TrendingGrade(l, b.Targets))
		}
		ds.Queries = append(ds.Queries, Query{ID: b.ID, Brief: b.Brief})
	}
	return ds, ds.Check()
}
