package eval

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/demodata"
)

func TestQueryJSON(t *testing.T) {
	var q Query
	require.NoError(t, json.Unmarshal([]byte(`{"id":"q1","text":"vegan cooks in the UK","goal":"awareness","topics":["plant_based"]}`), &q))
	assert.Equal(t, "q1", q.ID)
	assert.Equal(t, "vegan cooks in the UK", q.Brief.Text)
	assert.Equal(t, creatormatch.GoalAwareness, q.Brief.Goal)
	assert.Equal(t, []string{"plant_based"}, q.Brief.Topics)
	b, err := json.Marshal(q)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"q1","text":"vegan cooks in the UK","goal":"awareness","topics":["plant_based"]}`, string(b))
	assert.Error(t, json.Unmarshal([]byte(`{"id":"q1","txt":"typo"}`), &q), "unknown fields are rejected")
}

func TestSyntheticDataset(t *testing.T) {
	ds := SyntheticDataset(300, 5)
	require.NoError(t, ds.Check())
	assert.Len(t, ds.Creators, 300)
	truth := map[string]demodata.Truth{}
	for _, tr := range ds.Truth {
		truth[tr.ID] = tr
	}
	require.NotEmpty(t, ds.Queries)
	var aud int
	for _, q := range ds.Queries {
		j := ds.Qrels[q.ID]
		assert.Len(t, j, 300, "complete judgments for %s", q.ID)
		assert.Positive(t, ds.Qrels.Relevant(q.ID))
		if strings.HasPrefix(q.ID, "aud-") {
			aud++
			continue
		}
		niche := strings.TrimPrefix(q.ID, "niche-")
		assert.Contains(t, nicheBriefs[niche], q.Brief.Text)
		for id, g := range j {
			tr := truth[id]
			switch {
			case tr.Fake && slices.Contains(tr.Niches, niche):
				assert.Equal(t, -1, g, "fake in niche")
			case tr.Niches[0] == niche:
				assert.Equal(t, 2, g)
			case slices.Contains(tr.Niches, niche):
				assert.Equal(t, 1, g)
			default:
				assert.Equal(t, 0, g)
			}
		}
	}
	assert.Positive(t, aud, "some briefs carry audience constraints")
	for niche, texts := range nicheBriefs {
		for _, text := range texts {
			assert.NotContains(t, strings.ToLower(text), strings.ReplaceAll(niche, "_", " "), "a brief does not name its niche key")
			assert.NotContains(t, strings.ToLower(text), niche)
		}
	}
	// An audience brief never grades above the plain niche grade, and
	// grades 2 only when the constraint holds.
	for id, g := range ds.Qrels["aud-fitness-gb"] {
		tr := truth[id]
		if g == 2 {
			assert.Equal(t, "GB", tr.AudienceTopCountry)
			assert.Equal(t, "fitness", tr.Niches[0])
		}
	}
	// Deterministic.
	again := SyntheticDataset(300, 5)
	s1, err := ds.SHA256()
	require.NoError(t, err)
	s2, _ := again.SHA256()
	assert.Equal(t, s1, s2)
	s3, _ := SyntheticDataset(300, 6).SHA256()
	assert.NotEqual(t, s1, s3)
}

func TestWriteAndLoadDataset(t *testing.T) {
	ds := SyntheticDataset(40, 2)
	dir := t.TempDir()
	require.NoError(t, WriteDataset(dir, ds))
	back, err := LoadDataset(dir)
	require.NoError(t, err)
	assert.Equal(t, ds.Qrels, back.Qrels)
	assert.Equal(t, ds.Queries, back.Queries)
	require.Len(t, back.Creators, len(ds.Creators))
	assert.Equal(t, ds.Creators[3].ID, back.Creators[3].ID)
	s1, _ := ds.SHA256()
	s2, _ := back.SHA256()
	assert.Equal(t, s1, s2, "the digest of the files equals the digest of the generated dataset")

	for _, spec := range []string{"synthetic:40:2", dir} {
		o, err := OpenDataset(spec)
		require.NoError(t, err, spec)
		assert.Len(t, o.Creators, 40)
	}
	for _, bad := range []string{"synthetic:x", "synthetic:1:2:3", "/does/not/exist"} {
		_, err := OpenDataset(bad)
		assert.Error(t, err, bad)
	}
}

func TestYouTubeDataset(t *testing.T) {
	ds, err := YouTubeDataset()
	require.NoError(t, err)
	require.NoError(t, ds.Check())
	assert.Len(t, ds.Creators, 91)
	assert.Len(t, ds.Queries, 11)
	assert.Equal(t, 12, ds.Qrels.Relevant("genre-Science"))
	assert.Equal(t, 1, ds.Qrels["genre-Science"]["yt-veritasium"])
}

func TestFeedbackQrels(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ev := []creatormatch.FeedbackEvent{
		{BriefID: "b1", BriefText: "vegan cooks", CreatorID: "c1", Kind: creatormatch.FeedbackShortlisted, CreatedAt: at},
		{BriefID: "b1", CreatorID: "c1", Kind: creatormatch.FeedbackRejected, CreatedAt: at.Add(time.Hour)},
		{BriefID: "b1", CreatorID: "c2", Kind: creatormatch.FeedbackContacted},
		{BriefID: "b1", CreatorID: "c2", Kind: creatormatch.FeedbackHired},
		{BriefID: "b1", CreatorID: "c3", Kind: creatormatch.FeedbackRejected},
		{BriefID: "b2", CreatorID: "c4", Kind: creatormatch.FeedbackCampaignResult, Metrics: map[string]float64{"sales": 3}},
		{BriefID: "", CreatorID: "c5", Kind: creatormatch.FeedbackHired},
		{BriefID: "b2", CreatorID: "c6", Kind: creatormatch.FeedbackShown},
		{BriefID: "b2", CreatorID: "c6", Kind: creatormatch.FeedbackDismissed},
		{BriefID: "b2", CreatorID: "c7", Kind: creatormatch.FeedbackShown},
		{BriefID: "b2", CreatorID: "c7", Kind: creatormatch.FeedbackOpened},
	}
	q := FeedbackQrels(ev)
	assert.Equal(t, Qrels{"b1": {"c1": 1, "c2": 2, "c3": 0}, "b2": {"c4": 2, "c6": 0}}, q, "dismissed is judged; shown and opened are not")
	qs := FeedbackQueries(ev)
	require.Len(t, qs, 1, "b2 was logged without text")
	assert.Equal(t, Query{ID: "b1", Brief: creatormatch.Brief{Text: "vegan cooks"}}, qs[0])
}

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig([]byte(`
name: t
systems:
  - name: hybrid
  - name: dense
    retrieval: dense
presets: true
ablations: true
weight_search: {trials: 5}
`))
	require.NoError(t, err)
	assert.Equal(t, "hybrid", c.Baseline)
	assert.Len(t, c.Systems, 2+4+10) // two systems, four presets, an ablation per signal
	assert.Equal(t, "ablate-semantic_fit", c.Systems[6].Name)
	assert.Equal(t, []string{"semantic_fit"}, c.Systems[6].Ablate)
	assert.Equal(t, "ndcg@10", c.WeightSearch.Metric)
	assert.Equal(t, 100, c.Limit)

	// JSON works too.
	_, err = ParseConfig([]byte(`{"systems": [{"name": "a"}], "metrics": ["ndcg@5"]}`))
	require.NoError(t, err)
	for _, bad := range []string{
		`systems: []`,
		`systems: [{name: a, retrieval: sparse}]`,
		`systems: [{name: a, weights: {vibes: 1}}]`,
		`systems: [{name: a}, {name: a}]`,
		`systems: [{name: "a b"}]`,
		`systems: [{name: a}]` + "\nbaseline: b",
		`systems: [{name: a}]` + "\nmetrics: [ndcg@0]",
		`systems: [{name: a}]` + "\nlimit: 500",
		`systems: [{name: a, embedder: other}]`,
		`sytems: [{name: a}]`,
	} {
		_, err := ParseConfig([]byte(bad))
		assert.Error(t, err, bad)
	}
}
