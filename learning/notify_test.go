package learning

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
)

// TestNotifyBoundsTrainings: a training starts once Every events of a
// workspace have arrived; a burst while it runs queues one more, not
// one per batch; trainings run one at a time over all workspaces; Stop
// ends them and starts no more.
func TestNotifyBoundsTrainings(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	calls := map[string]int{}
	var running, most atomic.Int32
	tr := &Trainer{Every: 10}
	tr.train = func(ctx context.Context, ws string) ([]creatormatch.WeightVersion, error) {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		mu.Lock()
		calls[ws]++
		mu.Unlock()
		select {
		case <-release:
		case <-ctx.Done():
		}
		return nil, nil
	}
	count := func(ws string) int {
		mu.Lock()
		defer mu.Unlock()
		return calls[ws]
	}
	tr.Notify("a", 9)
	time.Sleep(20 * time.Millisecond)
	require.Equal(t, 0, count("a"), "9 events start nothing")
	tr.Notify("a", 1)
	require.Eventually(t, func() bool { return count("a") == 1 }, 5*time.Second, time.Millisecond)
	for range 20 {
		tr.Notify("a", 50) // a burst while a's training runs
	}
	tr.Notify("b", 10) // waits for a's: one training at a time
	time.Sleep(20 * time.Millisecond)
	require.Equal(t, 0, count("b"))
	for range 3 {
		release <- struct{}{}
	}
	tr.Wait()
	require.Equal(t, 2, count("a"), "the burst queued one more training, not twenty")
	require.Equal(t, 1, count("b"))
	require.Equal(t, int32(1), most.Load(), "trainings ran one at a time")

	tr.Notify("a", 10)
	require.Eventually(t, func() bool { return count("a") == 3 }, 5*time.Second, time.Millisecond)
	tr.Stop() // cancels the running training
	tr.Notify("a", 100)
	tr.Wait()
	require.Equal(t, 3, count("a"), "a stopped trainer starts nothing")
}

func TestHeldOutIsDeterministic(t *testing.T) {
	n := 0
	for i := range 1000 {
		id := "br_" + string(rune('a'+i%26)) + time.Duration(i).String()
		require.Equal(t, HeldOut(id), HeldOut(id))
		if HeldOut(id) {
			n++
		}
	}
	require.InDelta(t, 250, n, 60, "about one brief in four is held back")
}
