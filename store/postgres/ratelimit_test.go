package postgres_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// TestTakeRate pins the GCRA bucket: with one request a second and a
// burst of 3, three requests at once are admitted, the fourth waits about
// a second, and another principal has its own bucket; 40 concurrent takes
// through two pools admit exactly the burst.
func TestTakeRate(t *testing.T) {
	url := testenv.FreshDatabase(t)
	open := func() *postgres.Store {
		s, err := postgres.Open(context.Background(), url, postgres.WithMaxConns(4))
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	}
	a, b := open(), open()
	ctx := context.Background()
	for i := range 3 {
		wait, err := a.TakeRate(ctx, "p1", time.Second, 3)
		require.NoError(t, err)
		assert.Zero(t, wait, "request %d is within the burst", i+1)
	}
	wait, err := b.TakeRate(ctx, "p1", time.Second, 3)
	require.NoError(t, err)
	assert.InDelta(t, time.Second.Seconds(), wait.Seconds(), 0.25, "the fourth waits one interval (less the time since the first)")
	wait, err = b.TakeRate(ctx, "p2", time.Second, 3)
	require.NoError(t, err)
	assert.Zero(t, wait, "another principal has its own bucket")

	var admitted atomic.Int32
	var wg sync.WaitGroup
	for i := range 40 {
		s := a
		if i%2 == 1 {
			s = b
		}
		wg.Go(func() {
			w, err := s.TakeRate(ctx, "p3", time.Hour, 5)
			assert.NoError(t, err)
			if w == 0 {
				admitted.Add(1)
			}
		})
	}
	wg.Wait()
	assert.EqualValues(t, 5, admitted.Load(), "concurrent takes from two pools admit exactly the burst")
}
