package brief

var parseCases = []struct{ name, text string }{
	{"oneliner", "oat-milk yogurt launch, Gen Z in the US, TikTok or Instagram, 10k–100k followers, $15k"},
}
