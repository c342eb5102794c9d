package eval_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/eval"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/learning"
	"github.com/creatormatch/creatormatch/matcher"
	"github.com/creatormatch/creatormatch/store/memory"
)

// hiddenGrade is the simulated strategist's preference, which the matcher
// never sees: nano creators with organic engagement and no undisclosed
// sponsorship. Undisclosed sponsorships are rejected outright.
func hiddenGrade(f *creatormatch.Features) int {
	if f == nil || len(f.Disclosure.UndisclosedPostIDs) > 0 {
		return 0
	}
	g := 0
	switch f.Tier.Value {
	case creatormatch.TierNano:
		g += 2
	case creatormatch.TierMicro:
		g++
	}
	if f.EngagementQuality.Value >= 0.6 {
		g++
	}
	if f.EngagementRate.Percentile >= 0.5 {
		g++
	}
	return max(0, g-1) // 0..3
}

// learningBriefs are 50 launch briefs over the catalogue's niches: the
// first 30 get feedback, the last 20 are the test.
func learningBriefs() []string {
	products := []string{
		"a plant-based protein bar", "a budget skincare serum", "a mechanical keyboard", "trail running shoes",
		"a meal-kit subscription", "a travel backpack", "a home workout app", "an indie video game",
		"a vegan lipstick line", "a cold brew coffee brand",
	}
	asks := []string{
		"Launching %s; looking for creators who review products honestly.",
		"New %s launch, want authentic creators with an engaged audience.",
		"We are introducing %s and need creators to post launch content.",
		"Seeking creators to feature %s in tutorials and try-ons.",
		"Product drop: %s. Creators who make everyday lifestyle content.",
	}
	var out []string
	for _, a := range asks {
		for _, p := range products {
			out = append(out, fmt.Sprintf(a, p))
		}
	}
	return out
}

// TestLearningAcceptance is issue 19's acceptance experiment: workspace
// A's simulated strategist gives feedback on 30 briefs; trained weights
// serve only through the gate; on 20 other briefs NDCG@10 against A's
// hidden preference rises by at least 0.10 over the preset with a paired
// t-test; workspace B's rankings stay byte-identical.
func TestLearningAcceptance(t *testing.T) {
	if testing.Short() {
		t.Skip("embeds a catalogue with the real model")
	}
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	emb := testenv.Embedder(t)
	st, err := memory.Open(ctx, t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	cs, _ := demodata.Generate(demodata.Config{Creators: 120, Seed: 19})
	for i := range cs {
		if len(cs[i].Content) > 6 {
			cs[i].Content = cs[i].Content[:6]
		}
	}
	svc := catalog.New(st, emb, catalog.WithLogger(quiet), catalog.WithClock(func() time.Time { return demodata.DefaultNow }))
	require.NoError(t, svc.Upsert(ctx, cs))
	m := matcher.New(st, emb, nil, matcher.Config{}, quiet)

	grades := map[string]int{}
	require.NoError(t, st.ScanCreators(ctx, func(c *creatormatch.Creator) error {
		grades[c.ID] = hiddenGrade(c.Features)
		return nil
	}))
	qrels := map[string]int{}
	for id, g := range grades {
		if g > 0 {
			qrels[id] = g
		}
	}

	briefs := learningBriefs()
	train, test := briefs[:30], briefs[30:]
	match := func(ws, text string) *matcher.Response {
		cur, err := st.CurrentWeights(ctx, ws)
		require.NoError(t, err)
		resp, err := m.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: text}, Limit: 20, Learned: matcher.LearnedFrom(cur)})
		require.NoError(t, err)
		resp.Timings = nil
		return resp
	}
	snapshotB := func() []byte {
		var all []*matcher.Response
		for _, b := range briefs {
			all = append(all, match("b", b))
		}
		js, err := json.Marshal(all)
		require.NoError(t, err)
		return js
	}
	beforeB := snapshotB()

	// The strategist reviews the preset's first 20 for each training brief.
	var shown []*matcher.Response
	for _, b := range train {
		resp := match("a", b)
		require.Equal(t, matcher.WeightsPreset, resp.WeightsVersion)
		shown = append(shown, resp)
	}
	// feedback logs ws's strategist's reactions, by grade(brief, creator).
	feedback := func(ws string, grade func(briefID, creatorID string) int) []creatormatch.FeedbackEvent {
		at := demodata.DefaultNow
		var events []creatormatch.FeedbackEvent
		for i, resp := range shown {
			for _, r := range resp.Results {
				at = at.Add(time.Second)
				ev := func(k creatormatch.FeedbackKind) {
					events = append(events, creatormatch.FeedbackEvent{Workspace: ws, BriefID: resp.BriefID, BriefText: train[i],
						CreatorID: r.CreatorID, Kind: k, CreatedAt: at, ID: fmt.Sprintf("e%d", len(events))})
				}
				ev(creatormatch.FeedbackShown)
				switch g := grade(resp.BriefID, r.CreatorID); {
				case g >= 3:
					ev(creatormatch.FeedbackHired)
				case g == 2:
					ev(creatormatch.FeedbackShortlisted)
				case g == 1:
					ev(creatormatch.FeedbackOpened)
				case len(r.Features.Disclosure.UndisclosedPostIDs) > 0:
					ev(creatormatch.FeedbackRejected)
				default:
					ev(creatormatch.FeedbackDismissed)
				}
			}
		}
		return events
	}
	events := feedback("a", func(_, id string) int { return grades[id] })
	require.NoError(t, st.AddFeedback(ctx, events))

	tr := &learning.Trainer{Matcher: m, Store: st}
	vs, err := tr.Train(ctx, "a")
	require.NoError(t, err)
	require.Len(t, vs, 1)
	v := vs[0]
	t.Logf("trained %s on %d events: %s; replay on %d held-back briefs: NDCG@10 %.3f vs %.3f (%s)",
		matcher.VersionLabel(v.Goal, v.Version), v.Events, v.Status, v.Replay.Briefs, v.Replay.NDCG10, v.Replay.ServingNDCG, v.Replay.ServingLabel)
	t.Logf("preset:  %s", matcher.Presets[v.Goal])
	t.Logf("learned: %s", matcher.Weights(v.Weights))
	require.Equal(t, creatormatch.WeightsServed, v.Status)

	var preset, learned []float64
	for _, b := range test {
		p, err := m.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: b}, Limit: 10})
		require.NoError(t, err)
		l := match("a", b)
		require.Equal(t, matcher.VersionLabel(v.Goal, v.Version), l.WeightsVersion)
		preset = append(preset, eval.NDCG(matchIDs(p.Results), qrels, 10))
		learned = append(learned, eval.NDCG(matchIDs(l.Results[:min(10, len(l.Results))]), qrels, 10))
	}
	tt := eval.PairedTTest(learned, preset)
	lift := meanOf(learned) - meanOf(preset)
	t.Logf("test briefs %d: NDCG@10 preset %.3f, learned %.3f, lift %+.3f; paired t = %.2f, p = %.2g",
		len(test), meanOf(preset), meanOf(learned), lift, tt.T, tt.P)
	require.GreaterOrEqual(t, lift, 0.10)
	require.Less(t, tt.P, 0.05)

	require.Equal(t, string(beforeB), string(snapshotB()), "workspace B's rankings are byte-identical")

	// The gate: workspace C's strategist wants the opposite on the
	// held-back briefs of what it wants on the others, so the weights
	// learned from the others lose on the replay and are kept rejected.
	require.NoError(t, st.AddFeedback(ctx, feedback("c", func(brief, id string) int {
		if learning.HeldOut(brief) {
			return 3 - grades[id]
		}
		return grades[id]
	})))
	vs, err = tr.Train(ctx, "c")
	require.NoError(t, err)
	require.Len(t, vs, 1)
	t.Logf("workspace c: %s %s; replay NDCG@10 %.3f vs %.3f", matcher.VersionLabel(vs[0].Goal, vs[0].Version), vs[0].Status, vs[0].Replay.NDCG10, vs[0].Replay.ServingNDCG)
	require.Equal(t, creatormatch.WeightsRejected, vs[0].Status)
	require.Less(t, vs[0].Replay.NDCG10, vs[0].Replay.ServingNDCG)
	cur, err := st.CurrentWeights(ctx, "c")
	require.NoError(t, err)
	require.Empty(t, cur, "a rejected version does not serve")
	require.Equal(t, matcher.WeightsPreset, match("c", test[0]).WeightsVersion)

	// A reset puts A back on the preset, recorded as a new version.
	reset, err := learning.ResetWeights(ctx, st, "a", demodata.DefaultNow)
	require.NoError(t, err)
	require.Len(t, reset, 1)
	require.Equal(t, creatormatch.WeightsReset, reset[0].Status)
	require.Equal(t, v.Version+1, reset[0].Version)
	p, err := m.Match(ctx, matcher.Request{Brief: creatormatch.Brief{Text: test[0]}, Limit: 20})
	require.NoError(t, err)
	p.Timings = nil
	require.Equal(t, p, match("a", test[0]), "after a reset A ranks as the preset")
}

func matchIDs(ms []creatormatch.Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.CreatorID
	}
	return out
}

func meanOf(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(max(1, len(xs)))
}
