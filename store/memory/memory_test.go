package memory

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
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
	bolt "go.etcd.io/bbolt"

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

// dbKeys returns the record numbers (LSNs in the log) of bucket in
// store.db, which s has open.
func dbKeys(t *testing.T, s *Store, bucket string) []uint64 {
	t.Helper()
	var keys []uint64
	require.NoError(t, s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucket))
		if b == nil {
			return nil
		}
		return records(b.Cursor(), 0, func(n uint64, _ []byte) error {
			keys = append(keys, n)
			return nil
		})
	}))
	return keys
}

// logRecord returns log record lsn as stored (with its CRC).
func logRecord(t *testing.T, s *Store, lsn uint64) []byte {
	t.Helper()
	var v []byte
	require.NoError(t, s.db.View(func(tx *bolt.Tx) error {
		return records(tx.Bucket(bucketLog).Cursor(), lsn, func(n uint64, r []byte) error {
			if n == lsn {
				v = r
			}
			return nil
		})
	}))
	require.NotNil(t, v, "no log record %d", lsn)
	return v
}

// deleteRecord deletes record n's chunks from bucket.
func deleteRecord(tx *bolt.Tx, bucket []byte, n uint64) error {
	c := tx.Bucket(bucket).Cursor()
	for k, _ := c.Seek(lsnKey(n)); k != nil && binary.BigEndian.Uint64(k) == n; k, _ = c.Seek(lsnKey(n)) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// dirFiles lists the names in dir.
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

// TestDamagedFile: a store.db that bbolt cannot read, or whose records do
// not decode or have a gap, fails Open with an error wrapping ErrCorrupt
// instead of opening with acknowledged writes missing.
func TestDamagedFile(t *testing.T) {
	damage := map[string]func(t *testing.T, path string){
		"meta pages": func(t *testing.T, path string) {
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			require.NoError(t, err)
			defer f.Close()
			for _, off := range []int64{16, 4096 + 16} { // inside both meta pages
				_, err = f.WriteAt([]byte("garbage!"), off)
				require.NoError(t, err)
			}
		},
		"garbage file": func(t *testing.T, path string) {
			require.NoError(t, os.WriteFile(path, bytes.Repeat([]byte("not a bbolt file "), 1000), 0o644))
		},
		"cut short": func(t *testing.T, path string) {
			st, err := os.Stat(path)
			require.NoError(t, err)
			require.NoError(t, os.Truncate(path, st.Size()/4))
		},
		"record bytes": func(t *testing.T, path string) {
			// One bit of c0002's profile vector: the record still
			// decodes, only its CRC tells.
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			i := bytes.Index(b, []byte("bio c0002"))
			require.Positive(t, i)
			j := bytes.Index(b[i:], []byte{1, 'm', 16, 1}) // model "m", dim 16, has profile
			require.Positive(t, j)
			b[i+j+4+5] ^= 0x01
			require.NoError(t, os.WriteFile(path, b, 0o644))
		},
	}
	for name, fn := range damage {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			s := openT(t, dir, WithCompactThreshold(0))
			upsertN(t, s, rand.New(rand.NewPCG(3, 4)), 0, 40)
			require.NoError(t, s.Close())
			fn(t, filepath.Join(dir, dbFile))
			_, err := Open(context.Background(), dir)
			require.Error(t, err)
			require.True(t, errors.Is(err, ErrCorrupt), "got %v", err)
		})
	}
	t.Run("gap", func(t *testing.T) {
		dir := t.TempDir()
		s := openT(t, dir)
		upsertN(t, s, rand.New(rand.NewPCG(3, 4)), 0, 4)
		require.NoError(t, s.db.Update(func(tx *bolt.Tx) error { return deleteRecord(tx, bucketLog, 2) }))
		require.NoError(t, s.Close())
		_, err := Open(context.Background(), dir)
		require.True(t, errors.Is(err, ErrCorrupt), "got %v", err)
		require.Contains(t, err.Error(), "records missing")
	})
}

// TestFailedCommitAppliesNothing: a write whose commit fails is neither
// applied nor, after a reopen, present; the next write succeeds.
func TestFailedCommitAppliesNothing(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	s := openT(t, dir)
	upsertN(t, s, r, 0, 2)
	// Make the write fail by closing the file under the store.
	require.NoError(t, s.db.Close())
	err := s.UpsertCreators(ctx, []cm.CreatorRecord{testRecord(r, "c0002", 16)})
	require.Error(t, err)
	_, err = s.GetCreator(ctx, "c0002")
	require.ErrorIs(t, err, cm.ErrNotFound)
	s.db, err = openDB(filepath.Join(dir, dbFile))
	require.NoError(t, err)
	upsertN(t, s, r, 2, 3)
	require.NoError(t, s.Close())
	s = openT(t, dir)
	requireIDs(t, s, 3)
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
	first := s.snapBucket
	require.NotEmpty(t, first)
	require.Empty(t, dbKeys(t, s, "log"), "log records covered by the snapshot are deleted")
	require.Len(t, dbKeys(t, s, s.snapBucket), 59+1+1) // creators, the cache record, the feedback record
	upsertN(t, s, r, 60, 70)
	require.Equal(t, []uint64{s.lsn - 9, s.lsn - 8, s.lsn - 7, s.lsn - 6, s.lsn - 5, s.lsn - 4, s.lsn - 3, s.lsn - 2, s.lsn - 1, s.lsn}, dbKeys(t, s, "log"))
	require.NoError(t, s.Compact(ctx))
	require.Equal(t, otherSnapBucket(first), s.snapBucket, "compactions alternate buckets")
	require.Empty(t, dbKeys(t, s, first), "the previous snapshot is dropped")
	require.Empty(t, dbKeys(t, s, "log"))
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
	require.NotEmpty(t, dbKeys(t, s, s.snapBucket))
	require.Less(t, len(dbKeys(t, s, "log")), 330, "automatic compaction dropped log records")
	require.NoError(t, s.Close())
	require.ElementsMatch(t, []string{"LOCK", dbFile}, dirFiles(t, dir))
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

// TestCrashDuringCompaction simulates a crash while a compaction was
// writing its snapshot bucket: Open loads the previous snapshot and the
// whole log, and drops the unfinished bucket.
func TestCrashDuringCompaction(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(7, 8))
	s := openT(t, dir)
	upsertN(t, s, r, 0, 5)
	require.NoError(t, s.Compact(ctx0))
	upsertN(t, s, r, 5, 8)
	// What writeSnapshot leaves when it stops before switching.
	require.NoError(t, s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte(otherSnapBucket(s.snapBucket)))
		if err != nil {
			return err
		}
		return b.Put(chunkKey(0, 0), []byte{recCreator, 1, 2, 3})
	}))
	require.NoError(t, s.Close())

	s = openT(t, dir)
	requireIDs(t, s, 8)
	require.Equal(t, snapBuckets[0], s.snapBucket)
	require.Empty(t, dbKeys(t, s, snapBuckets[1]), "the unfinished bucket is dropped")
	require.NoError(t, s.Compact(ctx0))
	require.NoError(t, s.Close())
	s = openT(t, dir)
	requireIDs(t, s, 8)
}

var ctx0 = context.Background()

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

// TestLargeRecordChunks: records longer than recordChunk are stored in
// chunks, in the log and in snapshots, and read back whole.
func TestLargeRecordChunks(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(9, 10))
	s := openT(t, dir, WithCompactThreshold(0))
	var batch []cm.CreatorRecord
	for i := range 50 {
		batch = append(batch, testRecord(r, fmt.Sprintf("c%04d", i), 512))
	}
	require.NoError(t, s.UpsertCreators(ctx, batch)) // ~200 KB: 13 chunks
	require.NoError(t, s.UpsertCreators(ctx, []cm.CreatorRecord{testRecord(r, "c0050", 512)}))
	require.Greater(t, len(logRecord(t, s, 1)), 10*recordChunk)
	chunks := 0
	require.NoError(t, s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketLog).ForEach(func(k, v []byte) error {
			require.LessOrEqual(t, len(v), recordChunk)
			chunks++
			return nil
		})
	}))
	require.Greater(t, chunks, 10)
	require.Equal(t, []uint64{1, 2}, dbKeys(t, s, "log"))
	ids := make([]string, 51)
	for i := range ids {
		ids[i] = fmt.Sprintf("c%04d", i)
	}
	want, err := s.ContentVectors(ctx, "m", ids)
	require.NoError(t, err)
	wantPV, err := s.ProfileVectors(ctx, "m", ids)
	require.NoError(t, err)
	check := func(s *Store) {
		got, err := s.ContentVectors(ctx, "m", ids)
		require.NoError(t, err)
		require.Equal(t, want, got)
		gotPV, err := s.ProfileVectors(ctx, "m", ids)
		require.NoError(t, err)
		require.Equal(t, wantPV, gotPV)
	}
	require.NoError(t, s.Close())
	s = openT(t, dir, WithCompactThreshold(0))
	check(s)
	// A snapshot of many creators, then a feedback record over a chunk.
	var evs []cm.FeedbackEvent
	for i := range 300 {
		evs = append(evs, cm.FeedbackEvent{ID: fmt.Sprintf("f%03d", i), CreatorID: "c0001", Kind: cm.FeedbackHired, CreatedAt: time.Unix(int64(i), 0)})
	}
	require.NoError(t, s.AddFeedback(ctx, evs))
	require.NoError(t, s.Compact(ctx))
	require.NoError(t, s.Close())
	s = openT(t, dir, WithCompactThreshold(0))
	check(s)
	got, err := s.ListFeedback(ctx, cm.FeedbackFilter{})
	require.NoError(t, err)
	require.Len(t, got, 300)
}
