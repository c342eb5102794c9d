package postgres_test

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/metrics"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// TestReadReplicas runs a store with a primary and one hot standby
// (scripts/postgres, a private instance): reads go to the standby unless
// the context asks for the primary or presents a token the standby has not
// replayed; a write's token makes the next read see it (read-your-writes);
// a standby that falls behind the bound, or is stopped, is skipped and
// reads still succeed (through the primary, retried once when a read hits
// the stopped standby); the lag gauge reports it all.
func TestReadReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a primary and a standby")
	}
	cl := testenv.StartReplicaCluster(t, "replicas-store-test", 29343)
	ctx := context.Background()
	s, err := postgres.Open(ctx, cl.PrimaryURL, postgres.WithMaxConns(4),
		postgres.WithReplicas(cl.StandbyURL), postgres.WithReplicaMaxLag(time.Second),
		postgres.WithReplicaPollInterval(100*time.Millisecond))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	met := metrics.New()
	met.RegisterReplicas(func() []metrics.ReplicaStat {
		var out []metrics.ReplicaStat
		for _, st := range s.ReplicaStatuses() {
			out = append(out, metrics.ReplicaStat{Index: st.Index, Up: st.Up, Lag: st.Lag, LagBytes: st.LagBytes})
		}
		return out
	})
	status := func() postgres.ReplicaStatus { return s.ReplicaStatuses()[0] }
	// The migrations Open ran reach the standby within a poll or two.
	require.Eventually(t, func() bool { return status().Usable }, 10*time.Second, 50*time.Millisecond, "the standby becomes usable")
	assert.Equal(t, 1.0, gauge(t, met, "creatormatch_db_replica_up"), "replica up gauge")

	r := rand.New(rand.NewPCG(7, 7))
	write := func(i int) creatormatch.ConsistencyToken {
		t.Helper()
		require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(fixture(r, i), unit(r, 512))}))
		tok, ok, err := s.ConsistencyToken(ctx)
		require.NoError(t, err)
		require.True(t, ok, "a store with replicas gives tokens")
		return tok
	}

	// Read-your-writes: each write read back at once with its token,
	// whether the standby has replayed it yet (then it serves) or not
	// (the primary does).
	var tok creatormatch.ConsistencyToken
	for i := range 20 {
		tok = write(i)
		c, err := s.GetCreator(creatormatch.WithReadAfter(ctx, tok), fixture(r, i).ID)
		require.NoError(t, err, "write %d read back with its token", i)
		assert.Equal(t, fixture(r, i).ID, c.ID)
	}

	// Routing.
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want int
	}{
		{"plain read", ctx, 0},
		{"token the standby has replayed", creatormatch.WithReadAfter(ctx, 1), 0},
		{"token ahead of everything", creatormatch.WithReadAfter(ctx, tok+1<<40), -1},
		{"a request that writes", creatormatch.WithPrimaryReads(ctx), -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Eventually(t, func() bool { return status().Usable }, 5*time.Second, 20*time.Millisecond)
			assert.Equal(t, tc.want, postgres.PickReplica(tc.ctx, s))
		})
	}

	// Lag beyond the bound: replay paused on the standby, a write on the
	// primary. The standby is skipped, reads go on.
	standby, err := pgx.Connect(ctx, cl.StandbyURL)
	require.NoError(t, err)
	defer standby.Close(ctx)
	_, err = standby.Exec(ctx, "SELECT pg_wal_replay_pause()")
	require.NoError(t, err)
	write(100)
	require.Eventually(t, func() bool { return !status().Usable }, 10*time.Second, 50*time.Millisecond, "a standby behind the bound is skipped")
	st := status()
	assert.True(t, st.Up)
	assert.Greater(t, st.Lag, time.Second)
	assert.Positive(t, st.LagBytes)
	assert.Greater(t, gauge(t, met, "creatormatch_db_replica_lag_seconds"), 1.0, "lag gauge")
	assert.Positive(t, gauge(t, met, "creatormatch_db_replica_lag_bytes"), "lag bytes gauge")
	assert.Equal(t, -1, postgres.PickReplica(ctx, s))
	_, err = s.GetCreator(ctx, fixture(r, 100).ID)
	require.NoError(t, err, "the primary serves while the standby lags")
	_, err = standby.Exec(ctx, "SELECT pg_wal_replay_resume()")
	require.NoError(t, err)
	require.Eventually(t, func() bool { return status().Usable && status().Lag == 0 }, 10*time.Second, 50*time.Millisecond, "caught up")
	standby.Close(ctx)

	// The standby stopped. A second store, whose poller will not look
	// again for minutes, reads on: its reads hit the stopped standby, are
	// retried on the primary, and mark the standby down.
	var logs testenv.LogBuffer
	blind, err := postgres.Open(ctx, cl.PrimaryURL, postgres.WithMaxConns(2), postgres.WithoutMigrate(),
		postgres.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))),
		postgres.WithReplicas(cl.StandbyURL), postgres.WithReplicaMaxLag(time.Hour), postgres.WithReplicaPollInterval(time.Hour))
	require.NoError(t, err)
	t.Cleanup(func() { blind.Close() })
	require.True(t, blind.ReplicaStatuses()[0].Usable)
	_, err = blind.GetCreator(ctx, fixture(r, 1).ID) // a connection to the standby, soon dead
	require.NoError(t, err)
	cl.Standby("stop")
	c, err := blind.GetCreator(ctx, fixture(r, 2).ID)
	require.NoError(t, err, "a read that hits the stopped standby is retried on the primary")
	assert.Equal(t, fixture(r, 2).ID, c.ID)
	assert.Contains(t, logs.String(), "retrying on the primary")
	assert.False(t, blind.ReplicaStatuses()[0].Up, "and the standby is skipped from then on")
	assert.Equal(t, -1, postgres.PickReplica(ctx, blind))

	// The first store's poller marks it down too; reads go on.
	for i := range 10 {
		c, err := s.GetCreator(ctx, fixture(r, i).ID)
		require.NoError(t, err, "read %d while the standby is down", i)
		assert.Equal(t, fixture(r, i).ID, c.ID)
		hits, err := s.SearchDense(ctx, creatormatch.DenseQuery{Model: postgres.DefaultModel, Vector: unit(r, 512), Limit: 3})
		require.NoError(t, err)
		assert.Len(t, hits, 3)
	}
	require.Eventually(t, func() bool { return !status().Up }, 5*time.Second, 20*time.Millisecond, "the poller marks it down")
	assert.Equal(t, 0.0, gauge(t, met, "creatormatch_db_replica_up"))
	cl.Standby("start")
	require.Eventually(t, func() bool { return status().Usable }, 20*time.Second, 50*time.Millisecond, "back once it answers")
	assert.Equal(t, 0, postgres.PickReplica(ctx, s))

	// The primary stopped: the standby, caught up with the primary's last
	// position, serves the reads, API keys included (readPrimaryFirst);
	// writes are 503s until the primary is back.
	key, secret := creatormatch.NewAPIKey("reader", []creatormatch.Scope{creatormatch.ScopeRead}, time.Now())
	require.NoError(t, s.CreateAPIKey(ctx, key))
	tok, _, err = s.ConsistencyToken(ctx)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return postgres.PickReplica(creatormatch.WithReadAfter(ctx, tok), s) == 0 }, 10*time.Second, 20*time.Millisecond)
	cl.Primary("stop")
	t.Cleanup(func() { cl.Primary("start") }) // for the cleanup's DROP DATABASE, if the test fails here
	got, err := s.APIKeyByHash(ctx, creatormatch.HashAPIKey(secret))
	require.NoError(t, err, "API keys are read from the standby while the primary is down")
	assert.Equal(t, key.ID, got.ID)
	_, err = s.GetCreator(ctx, fixture(r, 3).ID)
	require.NoError(t, err)
	err = s.UpsertCreators(ctx, []creatormatch.CreatorRecord{record(fixture(r, 200), unit(r, 512))})
	require.ErrorIs(t, err, creatormatch.ErrUnavailable)
	cl.Primary("start")
}

// gauge is the value of the registry's one series of the gauge name.
func gauge(t *testing.T, m *metrics.Metrics, name string) float64 {
	t.Helper()
	families, err := m.Registry().Gather()
	require.NoError(t, err)
	for _, f := range families {
		if f.GetName() == name {
			require.Len(t, f.GetMetric(), 1, name)
			require.Equal(t, "0", f.GetMetric()[0].GetLabel()[0].GetValue(), "the label is the replica's index")
			return f.GetMetric()[0].GetGauge().GetValue()
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}
