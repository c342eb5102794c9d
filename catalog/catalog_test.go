package catalog_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/store/memory"
)

// countingEmbedder wraps the real embedder and counts the texts it embeds.
type countingEmbedder struct {
	catalog.Embedder
	texts atomic.Int64
}

func (c *countingEmbedder) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	c.texts.Add(int64(len(texts)))
	return c.Embedder.EmbedDocuments(ctx, texts)
}

func newService(t *testing.T) (*catalog.Service, *countingEmbedder, creatormatch.Store) {
	t.Helper()
	emb := &countingEmbedder{Embedder: testenv.Embedder(t)}
	st, err := memory.Open(context.Background(), t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	svc := catalog.New(st, emb, catalog.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
		catalog.WithClock(func() time.Time { return demodata.DefaultNow }))
	return svc, emb, st
}

func demo(n int) []creatormatch.Creator {
	cs, _ := demodata.Generate(demodata.Config{Creators: n, Seed: 3})
	for i := range cs {
		if len(cs[i].Content) > 4 {
			cs[i].Content = cs[i].Content[:4]
		}
	}
	return cs
}

func TestReingestingUnchangedCreatorsEmbedsNothing(t *testing.T) {
	svc, emb, st := newService(t)
	ctx := context.Background()
	require.NoError(t, svc.Upsert(ctx, demo(6)))
	first := emb.texts.Load()
	require.Positive(t, first)

	emb.texts.Store(0)
	require.NoError(t, svc.Upsert(ctx, demo(6)))
	assert.Zero(t, emb.texts.Load(), "unchanged texts must come from the embedding cache")

	n, err := st.CountCreators(ctx)
	require.NoError(t, err)
	assert.Equal(t, 6, n, "upsert by id is idempotent")

	// A changed bio embeds exactly one new text.
	cs := demo(6)
	cs[2].Bio = "Completely new bio about sourdough baking and wild yeast."
	require.NoError(t, svc.Upsert(ctx, cs))
	assert.Equal(t, int64(1), emb.texts.Load())

	c, err := st.GetCreator(ctx, cs[2].ID)
	require.NoError(t, err)
	require.NotNil(t, c.Features)
	assert.Equal(t, demodata.DefaultNow, c.Features.ComputedAt)
	vecs, err := st.ProfileVectors(ctx, emb.Model(), []string{cs[2].ID})
	require.NoError(t, err)
	require.Len(t, vecs[cs[2].ID], emb.Dimension())
}

func TestUpsertRejectsWholeBatch(t *testing.T) {
	svc, _, st := newService(t)
	ctx := context.Background()
	cs := demo(3)
	cs[1].Accounts[0].Followers = -5
	cs[2].ID = cs[0].ID
	err := svc.Upsert(ctx, cs)
	var ve *creatormatch.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, errors.Is(err, creatormatch.ErrInvalid))
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Field)
	}
	assert.Contains(t, got, "creators[1].accounts[0].followers")
	assert.Contains(t, got, "creators[2].id")
	n, err := st.CountCreators(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestAddContentMergesAndRecomputes(t *testing.T) {
	svc, _, _ := newService(t)
	ctx := context.Background()
	cs := demo(1)
	require.NoError(t, svc.Upsert(ctx, cs))
	before := len(cs[0].Content)
	replaced := cs[0].Content[0]
	replaced.Caption = "Edited caption about a new recipe"
	c, err := svc.AddContent(ctx, cs[0].ID, []creatormatch.ContentItem{
		replaced,
		{ID: "new-1", Platform: cs[0].Accounts[0].Platform, Caption: "Brand new post", PostedAt: demodata.DefaultNow.Add(-time.Hour), Likes: 10},
	})
	require.NoError(t, err)
	assert.Len(t, c.Content, before+1)
	assert.NotNil(t, c.Features)

	_, err = svc.AddContent(ctx, "nobody", []creatormatch.ContentItem{{ID: "x", Caption: "x"}})
	assert.ErrorIs(t, err, creatormatch.ErrNotFound)
	_, err = svc.AddContent(ctx, cs[0].ID, []creatormatch.ContentItem{{ID: "x", Caption: "x", Platform: "myspace"}})
	assert.ErrorIs(t, err, creatormatch.ErrInvalid)
}

func TestRecompute(t *testing.T) {
	svc, emb, _ := newService(t)
	ctx := context.Background()
	require.NoError(t, svc.Upsert(ctx, demo(5)))
	emb.texts.Store(0)
	var progress []int
	n, err := svc.Recompute(ctx, 2, func(done int) { progress = append(progress, done) })
	require.NoError(t, err)
	assert.Equal(t, 5, n)
	assert.Equal(t, []int{2, 4, 5}, progress)
	assert.Zero(t, emb.texts.Load(), "recompute reuses cached embeddings")
}

func TestProfileVector(t *testing.T) {
	items := []creatormatch.ContentItem{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	vecs := map[string][]float32{"a": {1, 0}, "b": {0, 1}}
	// content mean (0.5, 0.5); 0.4·(1,0) + 0.6·(0.5,0.5) = (0.7, 0.3); normalised.
	got := catalog.ProfileVector([]float32{1, 0}, items, vecs)
	n := math.Hypot(0.7, 0.3)
	assert.InDelta(t, 0.7/n, got[0], 1e-6)
	assert.InDelta(t, 0.3/n, got[1], 1e-6)
	// Bio only, content only, nothing.
	assert.Equal(t, []float32{1, 0}, catalog.ProfileVector([]float32{2, 0}, nil, nil))
	got = catalog.ProfileVector(nil, items, vecs)
	assert.InDelta(t, math.Sqrt(0.5), got[0], 1e-6)
	assert.Nil(t, catalog.ProfileVector(nil, items, nil))
}

func TestReadJSONLReportsLines(t *testing.T) {
	in := `{"id":"a","accounts":[{"platform":"tiktok","followers":10}]}

{"id":"b",
{"id":"c","followers":3}
{"id":"d"}
`
	var rows []catalog.Row
	require.NoError(t, catalog.ReadJSONL(strings.NewReader(in), func(r catalog.Row) error { rows = append(rows, r); return nil }))
	require.Len(t, rows, 4)
	assert.Equal(t, []int{1, 3, 4, 5}, []int{rows[0].Line, rows[1].Line, rows[2].Line, rows[3].Line})
	assert.NoError(t, rows[0].Err)
	assert.Error(t, rows[1].Err)
	assert.ErrorContains(t, rows[2].Err, "followers")
	assert.NoError(t, rows[3].Err)
}

func TestReadCSV(t *testing.T) {
	in := "id,name,languages,niches,tiktok_handle,tiktok_followers,rate_currency,rate_tiktok\n" +
		"a,Ann,en;es,food;travel,ann,1200,USD,150\n" +
		"b,Bob,,,bob,lots,,\n" +
		"c,Cy\n"
	var rows []catalog.Row
	require.NoError(t, catalog.ReadCSV(strings.NewReader(in), func(r catalog.Row) error { rows = append(rows, r); return nil }))
	require.Len(t, rows, 3)
	assert.NoError(t, rows[0].Err)
	a := rows[0].Creator
	assert.Equal(t, []string{"en", "es"}, a.Languages)
	assert.Equal(t, []string{"food", "travel"}, a.Niches)
	require.Len(t, a.Accounts, 1)
	assert.Equal(t, int64(1200), a.Accounts[0].Followers)
	assert.Equal(t, 150.0, a.RateCard.PerPost[creatormatch.TikTok])
	assert.Equal(t, 3, rows[1].Line)
	assert.ErrorContains(t, rows[1].Err, "tiktok_followers")
	assert.Equal(t, 4, rows[2].Line)
	assert.Error(t, rows[2].Err)

	err := catalog.ReadCSV(strings.NewReader("id,followerz\n"), func(catalog.Row) error { return nil })
	assert.ErrorContains(t, err, "followerz")
}

func TestReadCSVContact(t *testing.T) {
	in := "id,contact_email,contact_agent,contact_website\n" +
		"a,ann@example.com,North Talent,https://ann.example.com\n" +
		"b,,,\n"
	var rows []catalog.Row
	require.NoError(t, catalog.ReadCSV(strings.NewReader(in), func(r catalog.Row) error { rows = append(rows, r); return nil }))
	require.Len(t, rows, 2)
	require.NoError(t, rows[0].Err)
	assert.Equal(t, &creatormatch.Contact{Email: "ann@example.com", Agent: "North Talent", Website: "https://ann.example.com"}, rows[0].Creator.Contact)
	assert.Nil(t, rows[1].Creator.Contact, "empty cells are no contact")
}
