package postgres

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestLagOf pins how a standby's replayed WAL position becomes a lag from
// the primary's sampled positions: 0 once it reached the newest sample,
// else the age of the oldest sample it lacks, and beyond the bound when it
// lacks even the oldest sample kept.
func TestLagOf(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 10, 0, time.UTC)
	rs := &replicaSet{maxLag: 5 * time.Second, samples: []lsnSample{
		{now.Add(-8 * time.Second), 1000},
		{now.Add(-6 * time.Second), 2000},
		{now.Add(-3 * time.Second), 3000},
		{now.Add(-1 * time.Second), 4000},
	}}
	for _, tc := range []struct {
		name   string
		pos    uint64
		lag    time.Duration
		behind int64
	}{
		{"at the newest sample", 4000, 0, 0},
		{"past it (written since the poll)", 4500, 0, 0},
		{"between the last two", 3500, time.Second, 500},
		{"at an older sample", 3000, time.Second, 1000},
		{"lacks the sample of 6 s ago", 1500, 6 * time.Second, 2500},
		{"older than every sample", 10, 10 * time.Second, 3990},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lag, behind := rs.lagOf(now, tc.pos)
			assert.Equal(t, tc.lag, lag)
			assert.Equal(t, tc.behind, behind)
		})
	}
	t.Run("no sample yet", func(t *testing.T) {
		lag, behind := (&replicaSet{maxLag: time.Second}).lagOf(now, 5)
		assert.Zero(t, lag)
		assert.Zero(t, behind)
	})
}

// TestUsable: a standby serves reads only while up, within the lag bound,
// and recently polled.
func TestUsable(t *testing.T) {
	now := time.Now()
	rs := &replicaSet{maxLag: 2 * time.Second, poll: 100 * time.Millisecond}
	for _, tc := range []struct {
		name   string
		up     bool
		lag    time.Duration
		polled time.Time
		want   bool
	}{
		{"fresh and caught up", true, 0, now, true},
		{"at the bound", true, 2 * time.Second, now, true},
		{"beyond the bound", true, 2*time.Second + 1, now, false},
		{"down", false, 0, now, false},
		{"poll stuck", true, 0, now.Add(-time.Minute), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &replica{}
			r.up.Store(tc.up)
			r.lag.Store(int64(tc.lag))
			r.polled.Store(tc.polled.UnixNano())
			assert.Equal(t, tc.want, rs.usable(r, now))
		})
	}
}
