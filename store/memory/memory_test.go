package memory

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/store/storetest"
)

func openT(t testing.TB, dir string, opts ...Option) *Store {
	t.Helper()
	s, err := Open(context.Background(), dir, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

func factory(opts ...Option) storetest.Factory {
	return storetest.Factory{
		New: func(t *testing.T) cm.Store {
			return openT(t, t.TempDir(), opts...)
		},
		Reopen: func(t *testing.T, s cm.Store) cm.Store {
			ms := s.(*Store)
			require.NoError(t, ms.Close())
			return openT(t, ms.dir, opts...)
		},
		NewCacheBound: func(t *testing.T, entries int) cm.Store {
			return openT(t, t.TempDir(), append(slices.Clone(opts), WithEmbeddingCache(entries))...)
		},
	}
}

func TestContract(t *testing.T) { storetest.Run(t, factory()) }

// TestContractCompacting runs the suite with compaction after every few
// kilobytes of log, so snapshots are written and loaded throughout.
func TestContractCompacting(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	storetest.Run(t, factory(WithCompactThreshold(16<<10)))
}

func unitVec(r *rand.Rand, dim int) []float32 {
	v := make([]float32, dim)
	var s float64
	for i := range v {
		v[i] = float32(r.NormFloat64())
		s += float64(v[i]) * float64(v[i])
	}
	n := float32(math.Sqrt(s))
	for i := range v {
		v[i] /= n
	}
	return v
}

func testRecord(r *rand.Rand, id string, dim int) cm.CreatorRecord {
	c := &cm.Creator{
		ID: id, Name: "Creator " + id, Bio: "bio " + id, Country: "US",
		Accounts: []cm.Account{{Platform: cm.Instagram, Followers: 1000}},
		Content:  []cm.ContentItem{{ID: "p1", Caption: "caption " + id}},
		Features: &cm.Features{Tier: cm.TierFeature{Value: cm.TierNano}},
	}
	return cm.CreatorRecord{Creator: c, Model: "m", Dimension: dim, Profile: unitVec(r, dim),
		ContentVectors: map[string][]float32{"p1": unitVec(r, dim)}}
}

func upsertN(t *testing.T, s *Store, r *rand.Rand, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		require.NoError(t, s.UpsertCreators(context.Background(), []cm.CreatorRecord{testRecord(r, fmt.Sprintf("c%04d", i), 16)}))
	}
}

func walFiles(t *testing.T, dir string) []string {
	m, err := filepath.Glob(filepath.Join(dir, "wal-*.log"))
	require.NoError(t, err)
	return m
}

func requireIDs(t *testing.T, s *Store, n int) {
	t.Helper()
	got, err := s.CountCreators(context.Background())
	require.NoError(t, err)
	require.Equal(t, n, got)
	for i := 0; i < n; i++ {
		_, err := s.GetCreator(context.Background(), fmt.Sprintf("c%04d", i))
		require.NoError(t, err)
	}
}

// TestTornTail cuts the log inside its last record, as a crash during the
// write would: Open keeps every record before it, drops the torn one, and
// later writes land after the last good record.
func TestTornTail(t *testing.T) {
	for _, cut := range []int{1, 5, 11, 12, 40, 200} {
		t.Run(fmt.Sprintf("cut %d", cut), func(t *testing.T) {
			dir := t.TempDir()
			r := rand.New(rand.NewPCG(1, 2))
			s := openT(t, dir)
			upsertN(t, s, r, 0, 4)
			require.NoError(t, s.Close())
			wals := walFiles(t, dir)
			require.Len(t, wals, 1)
			st, err := os.Stat(wals[0])
			require.NoError(t, err)
			require.NoError(t, os.Truncate(wals[0], st.Size()-int64(cut)))

			s = openT(t, dir)
			requireIDs(t, s, 3)
			_, err = s.GetCreator(context.Background(), "c0003")
			require.True(t, errors.Is(err, cm.ErrNotFound))
			upsertN(t, s, r, 3, 5)
			require.NoError(t, s.Close())
			s = openT(t, dir)
			requireIDs(t, s, 5)
		})
	}
}

// TestTornTailZeros appends zeros (blocks a crash allocated but never
// wrote) and garbage after a valid header-less tail: zeros are a torn tail.
func TestTornTailZeros(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	s := openT(t, dir)
	upsertN(t, s, r, 0, 3)
	require.NoError(t, s.Close())
	wal := walFiles(t, dir)[0]
	f, err := os.OpenFile(wal, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.Write(make([]byte, 4096))
	require.NoError(t, err)
	require.NoError(t, f.Close())
	s = openT(t, dir)
	requireIDs(t, s, 3)
	upsertN(t, s, r, 3, 4)
	require.NoError(t, s.Close())
	s = openT(t, dir)
	requireIDs(t, s, 4)
}

// TestCorruptMiddle damages a record that acknowledged records follow:
// Open refuses instead of silently dropping data.
func TestCorruptMiddle(t *testing.T) {
	for _, where := range []string{"payload", "header length"} {
		t.Run(where, func(t *testing.T) {
			dir := t.TempDir()
			r := rand.New(rand.NewPCG(3, 4))
			s := openT(t, dir)
			upsertN(t, s, r, 0, 1)
			first := s.wal.size
			upsertN(t, s, r, 1, 4)
			require.NoError(t, s.Close())
			wal := walFiles(t, dir)[0]
			b, err := os.ReadFile(wal)
			require.NoError(t, err)
			off := first // the second record
			if where == "payload" {
				off += frameHeader + 20
			}
			b[off] ^= 0x40
			require.NoError(t, os.WriteFile(wal, b, 0o644))
			_, err = Open(context.Background(), dir)
			require.Error(t, err)
			require.True(t, errors.Is(err, ErrCorrupt), "got %v", err)
			require.Contains(t, err.Error(), "offset")
		})
	}
}

func TestLocked(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	_, err := Open(context.Background(), dir)
	require.Error(t, err)
	require.True(t, errors.Is(err, ErrLocked), "got %v", err)
	require.NoError(t, s.Close())
	s2 := openT(t, dir)
	require.NoError(t, s2.Ping(context.Background()))
}

func TestClosed(t *testing.T) {
	s := openT(t, t.TempDir())
	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "second Close")
	err := s.Ping(context.Background())
	require.True(t, errors.Is(err, cm.ErrUnavailable), "got %v", err)
	_, err = s.GetCreator(context.Background(), "x")
	require.True(t, errors.Is(err, cm.ErrUnavailable), "got %v", err)
}

// TestCompaction checks explicit and automatic compaction keep every kind
// of data, remove obsolete files and survive reopening, including writes
// made after the snapshot.
func TestCompaction(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(5, 6))
	ctx := context.Background()
	s := openT(t, dir, WithCompactThreshold(32<<10))
	upsertN(t, s, r, 0, 60) // ~60 × 200 B: crosses the threshold
	require.NoError(t, s.DeleteCreator(ctx, "c0007"))
	require.NoError(t, s.CacheEmbeddings(ctx, "m", map[string][]float32{"k": {1, 2, 3}}))
	require.NoError(t, s.AddFeedback(ctx, []cm.FeedbackEvent{{ID: "f1", CreatorID: "c0001", Kind: cm.FeedbackHired, CreatedAt: time.Unix(100, 0)}}))
	require.NoError(t, s.Compact(ctx))
	snaps, _ := filepath.Glob(filepath.Join(dir, "snap-*.snap"))
	require.Len(t, snaps, 1)
	require.Len(t, walFiles(t, dir), 1, "logs covered by the snapshot are removed")
	upsertN(t, s, r, 60, 70)
	wantVec, err := s.ProfileVectors(ctx, "m", []string{"c0003", "c0065"})
	require.NoError(t, err)
	require.NoError(t, s.Close())

	s = openT(t, dir, WithCompactThreshold(32<<10))
	n, err := s.CountCreators(ctx)
	require.NoError(t, err)
	require.Equal(t, 69, n)
	_, err = s.GetCreator(ctx, "c0007")
	require.True(t, errors.Is(err, cm.ErrNotFound))
	gotVec, err := s.ProfileVectors(ctx, "m", []string{"c0003", "c0065"})
	require.NoError(t, err)
	require.Equal(t, wantVec, gotVec)
	cached, err := s.CachedEmbeddings(ctx, "m", []string{"k"})
	require.NoError(t, err)
	require.Equal(t, map[string][]float32{"k": {1, 2, 3}}, cached)
	fb, err := s.ListFeedback(ctx, cm.FeedbackFilter{})
	require.NoError(t, err)
	require.Len(t, fb, 1)
	hits, err := s.SearchLexical(ctx, cm.LexicalQuery{Text: "c0065", Limit: 3})
	require.NoError(t, err)
	require.Equal(t, "c0065", hits[0].CreatorID)

	// Automatic compaction under a stream of writes.
	upsertN(t, s, r, 70, 400)
	require.NoError(t, s.Close())
	snaps, _ = filepath.Glob(filepath.Join(dir, "snap-*.snap"))
	require.Len(t, snaps, 1)
	s = openT(t, dir)
	n, err = s.CountCreators(ctx)
	require.NoError(t, err)
	require.Equal(t, 399, n)
	for i := 0; i < 400; i++ {
		_, err := s.GetCreator(ctx, fmt.Sprintf("c%04d", i))
		if i == 7 {
			require.True(t, errors.Is(err, cm.ErrNotFound))
			continue
		}
		require.NoError(t, err)
	}
}

// TestCrashBetweenRotationAndSnapshot simulates a crash after a compaction
// switched logs but before its snapshot was renamed into place.
func TestCrashBetweenRotationAndSnapshot(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(7, 8))
	s := openT(t, dir)
	upsertN(t, s, r, 0, 5)
	// Rotate by hand: what compact does before writing the snapshot.
	s.writeMu.Lock()
	nw, err := createWAL(dir, s.wal.gen+1)
	require.NoError(t, err)
	s.wal.f.Close()
	s.wal = nw
	s.writeMu.Unlock()
	upsertN(t, s, r, 5, 8)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "snap-0000000000000001.tmp"), []byte("partial"), 0o644))
	require.NoError(t, s.Close())
	require.Len(t, walFiles(t, dir), 2)

	s = openT(t, dir)
	requireIDs(t, s, 8)
	_, err = os.Stat(filepath.Join(dir, "snap-0000000000000001.tmp"))
	require.True(t, os.IsNotExist(err), "temporary snapshot removed")
}

const childEnv = "CREATORMATCH_MEMORY_CRASH_DIR"

// TestKillChild is the process-level durability test: a child process
// writes creators and prints "acked N" after each acknowledged write; the
// parent SIGKILLs it mid-stream and checks every acknowledged creator is
// there.
func TestKillChild(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChildProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()

	acked := -1
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		n, ok := strings.CutPrefix(line, "acked ")
		if !ok {
			continue
		}
		acked, err = strconv.Atoi(n)
		require.NoError(t, err)
		if acked == 60 && !killed {
			require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
			killed = true
		}
	}
	// Lines written before the kill are still read until EOF, so acked is
	// the last acknowledgement the child made.
	cmd.Wait()
	require.True(t, killed, "child ended before it was killed (acked %d)", acked)
	require.GreaterOrEqual(t, acked, 60)

	s := openT(t, dir)
	for i := 0; i <= acked; i++ {
		id := fmt.Sprintf("k%05d", i)
		c, err := s.GetCreator(context.Background(), id)
		require.NoError(t, err, "acknowledged creator %s lost (acked up to %d)", id, acked)
		require.Equal(t, id, c.ID)
		pv, err := s.ProfileVectors(context.Background(), "m", []string{id})
		require.NoError(t, err)
		require.Len(t, pv[id], 256)
	}
	t.Logf("child acked %d writes before SIGKILL; store holds %d", acked+1, func() int { n, _ := s.CountCreators(context.Background()); return n }())
}

// TestCrashChildProcess is the child of TestKillChild; it does nothing
// unless started by it.
func TestCrashChildProcess(t *testing.T) {
	dir := os.Getenv(childEnv)
	if dir == "" {
		t.Skip("only runs as TestKillChild's child")
	}
	s, err := Open(context.Background(), dir)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	r := rand.New(rand.NewPCG(9, 9))
	for i := 0; i < 100000; i++ {
		rec := testRecord(r, fmt.Sprintf("k%05d", i), 256)
		if err := s.UpsertCreators(context.Background(), []cm.CreatorRecord{rec}); err != nil {
			fmt.Println("upsert:", err)
			os.Exit(2)
		}
		fmt.Printf("acked %d\n", i)
	}
	os.Exit(0)
}
