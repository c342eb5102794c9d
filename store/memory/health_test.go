package memory

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/internal/testenv"
)

// TestDiskFull fills the file system under the store: writes fail with
// ErrUnavailable and the disk-full reason, reads go on, Ready says why;
// once space is freed Ready is green and writes succeed again, without
// reopening, and every acknowledged write survives a reopen (the failed
// appends were truncated away, not left as damage mid-log).
func TestDiskFull(t *testing.T) {
	dir := testenv.Tmpfs(t, 1<<20)
	data := filepath.Join(dir, "data")
	ctx := context.Background()
	s, err := Open(ctx, data)
	require.NoError(t, err)
	defer func() { s.Close() }()
	creator := func(id string) []cm.CreatorRecord {
		return []cm.CreatorRecord{{Creator: &cm.Creator{ID: id, Bio: "Trail runner and camp cook " + id}}}
	}
	require.NoError(t, s.UpsertCreators(ctx, creator("a")))
	require.NoError(t, s.Ready(ctx))

	// The log's last page may have room for a few small records: write
	// until one fails.
	filler := testenv.FillDisk(t, dir)
	written := 1
	for ; written < 200; written++ {
		if err = s.UpsertCreators(ctx, creator(fmt.Sprintf("f%03d", written))); err != nil {
			break
		}
	}
	require.Error(t, err)
	assert.ErrorIs(t, err, cm.ErrUnavailable)
	msg := cm.ErrorMessage(err)
	assert.Contains(t, msg, "the disk is full")
	assert.NotContains(t, msg, dir, "no paths for clients")
	assert.NotContains(t, msg, "no space left", "no system error text for clients")

	got, err := s.GetCreator(ctx, "a")
	require.NoError(t, err, "reads go on")
	assert.Equal(t, "a", got.ID)
	_, err = s.GetCreator(ctx, fmt.Sprintf("f%03d", written))
	assert.ErrorIs(t, err, cm.ErrNotFound, "the failed write is not applied")
	require.NoError(t, s.Ping(ctx), "Ping only says the store is open")

	err = s.Ready(ctx)
	assert.ErrorIs(t, err, cm.ErrUnavailable)
	assert.Contains(t, cm.ErrorMessage(err), "the disk is full")

	require.NoError(t, os.Remove(filler))
	require.NoError(t, s.Ready(ctx), "room again: ready without a write")
	require.NoError(t, s.UpsertCreators(ctx, creator("b")))
	require.NoError(t, s.Ready(ctx))

	// Full again, then a write frees Ready's memory of it by succeeding.
	filler = testenv.FillDisk(t, dir)
	for i := 0; i < 200 && s.UpsertCreators(ctx, creator(fmt.Sprintf("g%03d", i))) == nil; i++ {
		written++
	}
	require.Error(t, s.Ready(ctx))
	require.NoError(t, os.Remove(filler))
	require.NoError(t, s.UpsertCreators(ctx, creator("c")))
	require.NoError(t, s.Ready(ctx))

	require.NoError(t, s.Close())
	s, err = Open(ctx, data)
	require.NoError(t, err, "the log is intact after failed appends")
	n, err := s.CountCreators(ctx)
	require.NoError(t, err)
	assert.Equal(t, written+2, n)
}

func TestReadyClosedAndBroken(t *testing.T) {
	s := openT(t, t.TempDir())
	ctx := context.Background()
	require.NoError(t, s.Ready(ctx))
	broken := errors.New("fsync log: input/output error on /secret/path")
	s.broken.Store(&broken)
	err := s.Ready(ctx)
	assert.ErrorIs(t, err, cm.ErrUnavailable)
	assert.Contains(t, cm.ErrorMessage(err), "restarted")
	assert.NotContains(t, cm.ErrorMessage(err), "/secret/path")
	err = s.UpsertCreators(ctx, []cm.CreatorRecord{{Creator: &cm.Creator{ID: "x", Bio: "x"}}})
	assert.ErrorIs(t, err, cm.ErrUnavailable)
	assert.Contains(t, cm.ErrorMessage(err), "restarted")
	s.broken.Store(nil)
	require.NoError(t, s.Close())
	err = s.Ready(ctx)
	assert.ErrorIs(t, err, cm.ErrUnavailable)
	assert.Contains(t, cm.ErrorMessage(err), "the store is closed")
}
