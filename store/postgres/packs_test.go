package postgres_test

import (
	"bytes"
	"context"
	"log/slog"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/demodata"
	"github.com/creatormatch/creatormatch/features"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// packedCreators are demo creators (accounts with follower histories,
// content, audiences) with computed features, some times in a fixed zone
// with nanoseconds, which the database keeps only to the microsecond.
func packedCreators(n int) []creatormatch.CreatorRecord {
	cs, _ := demodata.Generate(demodata.Config{Creators: n, Seed: 5, Now: demodata.DefaultNow})
	zone := time.FixedZone("UTC+2", 2*3600)
	recs := make([]creatormatch.CreatorRecord, len(cs))
	for i := range cs {
		c := &cs[i]
		f := features.Compute(features.Input{Creator: c, Now: demodata.DefaultNow.In(zone).Add(1234567 * time.Nanosecond)})
		c.Features = &f
		c.CreatedAt = demodata.DefaultNow.In(zone).Add(-time.Duration(i) * time.Hour).Add(789 * time.Nanosecond)
		recs[i] = creatormatch.CreatorRecord{Creator: c}
	}
	return recs
}

// openPacks opens another store on dbURL (a pool of 2: each test opens
// several), closed when the test ends.
func openPacks(t *testing.T, dbURL string, opts ...postgres.Option) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(ctxT(t), dbURL, append([]postgres.Option{postgres.WithMaxConns(2)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestPacksReadAsJSON: a creator read from its pack is exactly the creator
// read from its JSON columns and child rows, through every read (a second
// store on the same database reads without packs), and GetCreators reads
// only packs: a pack that does not match its row is never used.
func TestPacksReadAsJSON(t *testing.T) {
	ctx := ctxT(t)
	s, dbURL := newStore(t)
	recs := packedCreators(40)
	require.NoError(t, s.UpsertCreators(ctx, recs))
	plain := openPacks(t, dbURL, postgres.WithoutPacks())

	var packs int
	require.NoError(t, s.Pool().QueryRow(ctx, "SELECT count(*) FROM creator_packs").Scan(&packs))
	assert.Equal(t, len(recs), packs, "UpsertCreators packs every creator it writes")

	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.Creator.ID
	}
	for _, id := range ids {
		a, err := s.GetCreator(ctx, id)
		require.NoError(t, err)
		b, err := plain.GetCreator(ctx, id)
		require.NoError(t, err)
		require.True(t, reflect.DeepEqual(b, a), "GetCreator %s: pack and JSON differ", id)
	}
	a, err := s.GetCreators(ctx, ids)
	require.NoError(t, err)
	b, err := plain.GetCreators(ctx, ids)
	require.NoError(t, err)
	require.True(t, reflect.DeepEqual(b, a), "GetCreators")
	var scanned, scannedPlain []*creatormatch.Creator
	require.NoError(t, s.ScanCreators(ctx, func(c *creatormatch.Creator) error { scanned = append(scanned, c); return nil }))
	require.NoError(t, plain.ScanCreators(ctx, func(c *creatormatch.Creator) error { scannedPlain = append(scannedPlain, c); return nil }))
	require.True(t, reflect.DeepEqual(scannedPlain, scanned), "ScanCreators")

	// A pack whose version no longer matches (the row was rewritten
	// behind the store's back) or of another format is ignored: the read
	// falls back to the JSON and still returns the current creator.
	_, err = s.Pool().Exec(ctx, "UPDATE creators SET name = 'renamed', data = jsonb_set(data, '{name}', '\"renamed\"') WHERE id = $1", ids[0])
	require.NoError(t, err)
	_, err = s.Pool().Exec(ctx, "UPDATE creator_packs SET format = format + 1 WHERE creator_id = $1", ids[1])
	require.NoError(t, err)
	// And a pack that is garbage for its row is never served.
	_, err = s.Pool().Exec(ctx, "UPDATE creator_packs SET pack = '\\x0102'::bytea WHERE creator_id = $1", ids[2])
	require.NoError(t, err)
	var logs bytes.Buffer
	fresh := openPacks(t, dbURL, postgres.WithLogger(slog.New(slog.NewTextHandler(&logs, nil)))) // an empty creator cache
	want, err := plain.GetCreators(ctx, ids[:3])
	require.NoError(t, err)

	// While a writer's open transaction holds the garbage pack's row, a
	// read does not wait for it: it skips the delete (the writer is
	// replacing the pack anyway) and still answers from the JSON.
	writer, err := s.Pool().Begin(ctx)
	require.NoError(t, err)
	t.Cleanup(func() { _ = writer.Rollback(context.Background()) }) // if a check below fails first
	_, err = writer.Exec(ctx, "SELECT 1 FROM creator_packs WHERE creator_id = $1 FOR UPDATE", ids[2])
	require.NoError(t, err)
	rctx, rcancel := context.WithTimeout(ctx, 20*time.Second) // a hang guard, not a timing target
	one, err := fresh.GetCreator(rctx, ids[2])
	rcancel()
	require.NoError(t, err, "the read waited for the writer's lock")
	require.True(t, reflect.DeepEqual(want[2], one))
	require.NoError(t, writer.Rollback(ctx))
	var garbage int
	require.NoError(t, s.Pool().QueryRow(ctx, "SELECT count(*) FROM creator_packs WHERE creator_id = $1", ids[2]).Scan(&garbage))
	require.Equal(t, 1, garbage, "a locked pack is skipped, not deleted")
	logs.Reset()

	got, err := fresh.GetCreators(ctx, ids[:3])
	require.NoError(t, err)
	require.True(t, reflect.DeepEqual(want, got))
	assert.Equal(t, "renamed", got[0].Name)
	// The garbage pack was reported and deleted; the others are untouched.
	assert.Contains(t, logs.String(), "first_creator="+ids[2])
	assert.Contains(t, logs.String(), "count=1")
	var kept int
	require.NoError(t, s.Pool().QueryRow(ctx, "SELECT count(*) FROM creator_packs WHERE creator_id = ANY($1)", ids[:3]).Scan(&kept))
	assert.Equal(t, 2, kept)
	logs.Reset()
	// GetCreator bypasses the creator cache (which now holds ids[2] from
	// the JSON), so this read does look for a pack.
	one, err = fresh.GetCreator(ctx, ids[2])
	require.NoError(t, err)
	require.True(t, reflect.DeepEqual(want[2], one))
	assert.Empty(t, logs.String(), "a dropped pack is not decoded again")

	// PackCreators repairs the stale, the foreign and the dropped pack,
	// and then finds nothing.
	n, err := s.PackCreators(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	n, err = s.PackCreators(ctx, nil)
	require.NoError(t, err)
	assert.Zero(t, n)
	got, err = fresh.GetCreators(ctx, ids[:3])
	require.NoError(t, err)
	require.True(t, reflect.DeepEqual(want, got))
}

// TestPackCreatorsBackfill: creators written without packs (as before
// migration 009) are read from the JSON until PackCreators packs them, in
// pages, reporting progress; the reads are the same before and after.
func TestPackCreatorsBackfill(t *testing.T) {
	ctx := ctxT(t)
	_, dbURL := newStore(t)
	plain := openPacks(t, dbURL, postgres.WithoutPacks())
	recs := packedCreators(1100) // more than two pages of PackCreators
	for batch := range slices.Chunk(recs, 500) {
		require.NoError(t, plain.UpsertCreators(ctx, batch))
	}
	var packs int
	require.NoError(t, plain.Pool().QueryRow(ctx, "SELECT count(*) FROM creator_packs").Scan(&packs))
	require.Zero(t, packs, "a store without packs writes none")

	ids := []string{recs[0].Creator.ID, recs[600].Creator.ID, recs[1099].Creator.ID}
	s := openPacks(t, dbURL)
	before, err := s.GetCreators(ctx, ids) // from the JSON: no packs yet
	require.NoError(t, err)

	var progress []int
	n, err := s.PackCreators(ctx, func(done int) { progress = append(progress, done) })
	require.NoError(t, err)
	assert.Equal(t, len(recs), n)
	assert.Equal(t, []int{500, 1000, 1100}, progress)
	require.NoError(t, s.Pool().QueryRow(ctx, "SELECT count(*) FROM creator_packs").Scan(&packs))
	assert.Equal(t, len(recs), packs)

	fresh := openPacks(t, dbURL)
	after, err := fresh.GetCreators(ctx, ids)
	require.NoError(t, err)
	require.True(t, reflect.DeepEqual(before, after))
}

// TestPackCreatorsRacesDelete: a creator deleted while PackCreators packs
// its page is left out (the delete waits for the page's share lock, or the
// page waits for the delete), instead of failing the backfill on the
// foreign key.
func TestPackCreatorsRacesDelete(t *testing.T) {
	ctx := ctxT(t)
	_, dbURL := newStore(t)
	plain := openPacks(t, dbURL, postgres.WithoutPacks())
	recs := packedCreators(3)
	require.NoError(t, plain.UpsertCreators(ctx, recs))
	s := openPacks(t, dbURL)

	tx, err := plain.Pool().Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = tx.Rollback(ctx) }()
	_, err = tx.Exec(ctx, "DELETE FROM creators WHERE id = $1", recs[1].Creator.ID)
	require.NoError(t, err)

	type result struct {
		n   int
		err error
	}
	done := make(chan result, 1)
	go func() {
		n, err := s.PackCreators(ctx, nil)
		done <- result{n, err}
	}()
	// Commit only once PackCreators waits on the deleted row's lock, so
	// that the race is run however slow the machine: a commit before it
	// gets there would test nothing.
	var txPID int
	require.NoError(t, tx.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&txPID))
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case r := <-done:
			t.Fatalf("PackCreators returned (%d, %v) while the delete was uncommitted: it should wait for the row", r.n, r.err)
		default:
		}
		var waiting bool
		require.NoError(t, s.Pool().QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)))", txPID).Scan(&waiting))
		if waiting {
			break
		}
		require.True(t, time.Now().Before(deadline), "PackCreators never waited on the uncommitted delete")
		time.Sleep(10 * time.Millisecond)
	}
	require.NoError(t, tx.Commit(ctx))
	r := <-done
	require.NoError(t, r.err)
	assert.Equal(t, 2, r.n, "the deleted creator is left out")
	var packs int
	require.NoError(t, s.Pool().QueryRow(ctx, "SELECT count(*) FROM creator_packs").Scan(&packs))
	assert.Equal(t, 2, packs)
}
