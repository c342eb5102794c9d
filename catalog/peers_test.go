package catalog_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/features"
)

// requireRankedAgainstStore asserts that every given creator's engagement
// percentile is what the peer table of everything stored gives it, and
// that Peers is its group's size there.
func requireRankedAgainstStore(t *testing.T, st creatormatch.Store, ids ...string) {
	t.Helper()
	ctx := context.Background()
	rates, err := st.PeerRates(ctx)
	require.NoError(t, err)
	table := features.NewPeerTable(rates)
	cfg := features.DefaultConfig()
	for _, id := range ids {
		c, err := st.GetCreator(ctx, id)
		require.NoError(t, err)
		require.NotNil(t, c.Features, id)
		er := c.Features.EngagementRate
		require.Positive(t, er.PostsUsed, "%s has rated posts", id)
		key, _, _ := features.PeerEntry(c.Features)
		assert.Equal(t, len(rates[key]), er.Peers, "%s: peers = size of group %s", id, key)
		assert.Equal(t, table.Percentile(er.Platform, er.Tier, er.Value, cfg), er.Percentile, "%s: percentile in group %s", id, key)
		assert.InDelta(t, 1-min(1, float64(len(rates[key]))/float64(cfg.Peers.MinPeers)), er.PriorWeight, 1e-12, id)
	}
}

// TestBulkIngestRanksAgainstTheWholeLoad: after a bulk load into an empty
// store, every creator is ranked against the peer table of the whole load,
// not against the batches before its own — without re-embedding, and with
// the features a full recompute would give.
func TestBulkIngestRanksAgainstTheWholeLoad(t *testing.T) {
	svc, emb, st := newService(t)
	ctx := context.Background()
	cs := demo(60)
	bulk := svc.Bulk()
	var ids []string
	for i := 0; i < len(cs); i += 10 {
		require.NoError(t, bulk.Upsert(ctx, cs[i:i+10]))
	}
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	require.Equal(t, 60, bulk.Written())

	emb.texts.Store(0)
	var progress []int
	n, err := bulk.Finish(ctx, func(done int) { progress = append(progress, done) })
	require.NoError(t, err)
	assert.Positive(t, n, "the first batches were ranked against fewer peers")
	assert.Equal(t, []int{60}, progress)
	assert.Zero(t, emb.texts.Load(), "re-ranking embeds nothing")
	requireRankedAgainstStore(t, st, ids...)

	// The re-ranked features are those of a full recompute.
	before := map[string]*creatormatch.Features{}
	for _, id := range ids {
		c, err := st.GetCreator(ctx, id)
		require.NoError(t, err)
		before[id] = c.Features
	}
	_, err = svc.Recompute(ctx, 25, nil)
	require.NoError(t, err)
	for _, id := range ids {
		c, err := st.GetCreator(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, c.Features, before[id], id)
	}

	// Finishing again finds nothing to change.
	n, err = svc.Bulk().Finish(ctx, nil)
	require.NoError(t, err)
	assert.Zero(t, n)
	n, err = svc.RecomputePeers(ctx, ids, nil)
	require.NoError(t, err)
	assert.Zero(t, n)
}

// TestSingleUpsertSeesCurrentPeers: a creator written on its own is
// ranked against the table as it is with it written (not one cached up to
// peerTTL ago), and the next write sees it; rewriting a creator replaces
// its rate in the table rather than adding a second one.
func TestSingleUpsertSeesCurrentPeers(t *testing.T) {
	svc, _, st := newService(t)
	ctx := context.Background()
	cs := demo(43)
	bulk := svc.Bulk()
	require.NoError(t, bulk.Upsert(ctx, cs[:20]))
	require.NoError(t, bulk.Upsert(ctx, cs[20:40]))
	_, err := bulk.Finish(ctx, nil)
	require.NoError(t, err)

	// The service's clock is fixed: a table cached by time alone would
	// never be reloaded.
	for _, c := range cs[40:] {
		require.NoError(t, svc.Upsert(ctx, []creatormatch.Creator{c}))
		requireRankedAgainstStore(t, st, c.ID)
	}

	// Rewrite one with twice the engagement: its old rate leaves the table.
	c := cs[41]
	for i := range c.Content {
		c.Content[i].Likes = 2*c.Content[i].Likes + 1
	}
	c.Features = nil
	require.NoError(t, svc.Upsert(ctx, []creatormatch.Creator{c}))
	requireRankedAgainstStore(t, st, c.ID)

	// Adding content goes through the same table.
	it := c.Content[0]
	it.ID, it.Likes = "extra", 3*it.Likes
	_, err = svc.AddContent(ctx, c.ID, []creatormatch.ContentItem{it})
	require.NoError(t, err)
	requireRankedAgainstStore(t, st, c.ID)

	// A creator written next (in the same peer group as the first single
	// upsert) counts every one written before it.
	d := cs[40]
	d.ID, d.Features = "another", nil
	require.NoError(t, svc.Upsert(ctx, []creatormatch.Creator{d}))
	requireRankedAgainstStore(t, st, d.ID)
}
