package memory

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// legacyDir is a data directory written by the log-and-snapshot format
// (wal-*.log, snap-*.snap) that preceded store.db: writeLegacyState run
// by the code of 8254ef6, the last commit with that format, on a store in
// that directory (its LOCK file then removed); legacyDigest is
// stateDigest of that store before it was closed.
const (
	legacyDir    = "testdata/legacy-v1"
	legacyDigest = "testdata/legacy-v1.json"
)

// writeLegacyState makes one write of every logged kind, compacts half way
// (so the directory holds a snapshot and a log after it), then makes more.
func writeLegacyState(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(11, 12))
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	batch := func(from, to int) {
		var recs []cm.CreatorRecord
		for i := from; i < to; i++ {
			recs = append(recs, testRecord(r, fmt.Sprintf("c%04d", i), 8))
		}
		require.NoError(t, s.UpsertCreators(ctx, recs))
	}
	batch(0, 6)
	require.NoError(t, s.UpsertCreators(ctx, []cm.CreatorRecord{{Creator: &cm.Creator{ID: "novec", Name: "No Vector", Bio: "plain"}}}))
	require.NoError(t, s.DeleteCreator(ctx, "c0002"))
	require.NoError(t, s.CacheEmbeddings(ctx, "m", map[string][]float32{"k1": {1, 2, 3}, "k2": {4, 5, 6}}))
	require.NoError(t, s.AddFeedback(ctx, []cm.FeedbackEvent{{ID: "f1", CreatorID: "c0001", Kind: cm.FeedbackHired, CreatedAt: at}}))
	k, _ := cm.NewAPIKey("ci", []cm.Scope{cm.ScopeWrite}, at)
	k.ID = "key1"
	require.NoError(t, s.CreateAPIKey(ctx, k))
	_, err := s.BlockCreator(ctx, cm.BlockEntry{Workspace: cm.DefaultWorkspace, CreatorID: "c0003", Reason: "spam", CreatedAt: at})
	require.NoError(t, err)
	l, err := s.CreateList(ctx, cm.List{Workspace: cm.DefaultWorkspace, ID: "list1", Name: "Shortlist", CreatedAt: at, UpdatedAt: at})
	require.NoError(t, err)
	_, _, err = s.PutListItem(ctx, cm.ListItem{Workspace: cm.DefaultWorkspace, ListID: l.ID, CreatorID: "c0001", Status: cm.ListStatus("contacted"), AddedAt: at, UpdatedAt: at})
	require.NoError(t, err)
	_, err = s.AddNote(ctx, cm.Note{Workspace: cm.DefaultWorkspace, ID: "n1", CreatorID: "c0001", Text: "great fit", Author: "ana", CreatedAt: at})
	require.NoError(t, err)
	_, err = s.AddWeights(ctx, cm.WeightVersion{Workspace: cm.DefaultWorkspace, Goal: cm.GoalLaunch, Status: cm.WeightsServed, Weights: map[string]float64{"semantic": 0.5, "engagement": 0.5}, TrainedAt: at, Events: 3})
	require.NoError(t, err)
	claim := cm.IdempotencyClaim{Scope: "key1 POST /v1/x", Key: "idem1", RequestHash: "h1", Token: "t1", Lease: time.Minute, TTL: 100 * 365 * 24 * time.Hour}
	_, err = s.ClaimIdempotency(ctx, claim)
	require.NoError(t, err)
	require.NoError(t, s.CompleteIdempotency(ctx, claim.Scope, claim.Key, claim.Token, cm.IdempotencyResponse{Status: 201, ContentType: "application/json", Body: []byte(`{"ok":true}`)}))

	require.NoError(t, s.Compact(ctx))

	batch(6, 9)
	require.NoError(t, s.DeleteCreator(ctx, "c0004"))
	require.NoError(t, s.AddFeedback(ctx, []cm.FeedbackEvent{{ID: "f2", CreatorID: "c0007", Kind: cm.FeedbackHired, CreatedAt: at.Add(time.Hour)}}))
	require.NoError(t, s.RevokeAPIKey(ctx, "key1", at.Add(time.Hour)))
	require.NoError(t, s.UnblockCreator(ctx, cm.DefaultWorkspace, "c0003"))
	_, err = s.BlockCreator(ctx, cm.BlockEntry{Workspace: cm.DefaultWorkspace, CreatorID: "c0005", CreatedAt: at})
	require.NoError(t, err)
	require.NoError(t, s.CacheEmbeddings(ctx, "m", map[string][]float32{"k3": {7, 8, 9}}))
}

// stateDigest renders everything a store holds, through its read methods,
// as indented JSON, so two stores can be compared.
func stateDigest(t *testing.T, s *Store) string {
	t.Helper()
	ctx := context.Background()
	d := map[string]any{}
	var creators []*cm.Creator
	require.NoError(t, s.ScanCreators(ctx, func(c *cm.Creator) error { creators = append(creators, c); return nil }))
	slices.SortFunc(creators, func(a, b *cm.Creator) int {
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	d["creators"] = creators
	var ids []string
	for _, c := range creators {
		ids = append(ids, c.ID)
	}
	pv, err := s.ProfileVectors(ctx, "m", ids)
	require.NoError(t, err)
	d["profiles"] = pv
	cv, err := s.ContentVectors(ctx, "m", ids)
	require.NoError(t, err)
	d["content"] = cv
	s.mu.RLock()
	var cache []string // least recently used first
	for _, e := range s.cache.entries() {
		cache = append(cache, fmt.Sprint(e.model, " ", e.key, " ", e.vec))
	}
	s.mu.RUnlock()
	d["cache"] = cache
	d["feedback"], err = s.ListFeedback(ctx, cm.FeedbackFilter{})
	require.NoError(t, err)
	d["keys"], err = s.ListAPIKeys(ctx)
	require.NoError(t, err)
	d["blocked"], err = s.ListBlocked(ctx, cm.BlockPage{Workspace: cm.DefaultWorkspace})
	require.NoError(t, err)
	d["lists"], err = s.ListLists(ctx, cm.ListPage{Workspace: cm.DefaultWorkspace})
	require.NoError(t, err)
	d["items"], err = s.ListItems(ctx, cm.ItemPage{Workspace: cm.DefaultWorkspace, ListID: "list1"})
	require.NoError(t, err)
	d["notes"], err = s.ListNotes(ctx, cm.NotePage{Workspace: cm.DefaultWorkspace, CreatorID: "c0001"})
	require.NoError(t, err)
	d["weights"], err = s.WeightHistory(ctx, cm.DefaultWorkspace, cm.GoalLaunch, 0)
	require.NoError(t, err)
	d["idempotency"] = idemKeys(s)
	js, err := json.MarshalIndent(d, "", " ")
	require.NoError(t, err)
	return string(js)
}

// TestImportLegacy opens a directory written by the previous format: the
// state is the one its writer had, the old files are gone, and writes go on
// from the imported LSN.
func TestImportLegacy(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(legacyDir)))
	want, err := os.ReadFile(legacyDigest)
	require.NoError(t, err)
	s := openT(t, dir)
	require.Equal(t, strings.TrimSpace(string(want)), stateDigest(t, s))
	require.ElementsMatch(t, []string{"LOCK", dbFile}, dirFiles(t, dir))
	require.NotEmpty(t, s.snapBucket)
	lsn := s.lsn
	require.Positive(t, lsn)
	require.NoError(t, s.UpsertCreators(context.Background(), []cm.CreatorRecord{testRecord(rand.New(rand.NewPCG(1, 1)), "c0100", 8)}))
	require.Equal(t, []uint64{lsn + 1}, dbKeys(t, s, "log"))
	digest := stateDigest(t, s)
	require.NoError(t, s.Close())
	s = openT(t, dir)
	require.Equal(t, digest, stateDigest(t, s))
}

// TestImportLeftovers: old files left next to store.db by an import that
// crashed before removing them are removed; an old file store.db was not
// imported from fails Open and is kept; a half-made store.db.new is
// discarded and the import done again.
func TestImportLeftovers(t *testing.T) {
	want, err := os.ReadFile(legacyDigest)
	require.NoError(t, err)
	t.Run("imported", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.CopyFS(dir, os.DirFS(legacyDir)))
		require.NoError(t, openT(t, dir).Close())
		require.NoError(t, os.Remove(filepath.Join(dir, "LOCK")))
		require.NoError(t, os.CopyFS(dir, os.DirFS(legacyDir))) // as if never removed
		s := openT(t, dir)
		require.Equal(t, strings.TrimSpace(string(want)), stateDigest(t, s), "imported once")
		require.ElementsMatch(t, []string{"LOCK", dbFile}, dirFiles(t, dir))
	})
	t.Run("foreign", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.CopyFS(dir, os.DirFS(legacyDir)))
		require.NoError(t, openT(t, dir).Close())
		foreign := filepath.Join(dir, "wal-0000000000000002.log")
		require.NoError(t, os.WriteFile(foreign, walMagic, 0o644))
		_, err := Open(context.Background(), dir)
		require.ErrorContains(t, err, "wal-0000000000000002.log")
		_, err = os.Stat(foreign)
		require.NoError(t, err, "kept")
	})
	t.Run("half made", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.CopyFS(dir, os.DirFS(legacyDir)))
		require.NoError(t, os.WriteFile(filepath.Join(dir, dbFile+".new"), []byte("partial"), 0o644))
		s := openT(t, dir)
		require.Equal(t, strings.TrimSpace(string(want)), stateDigest(t, s))
		require.ElementsMatch(t, []string{"LOCK", dbFile}, dirFiles(t, dir))
	})
}

// TestEveryKindSurvives writes every kind of record, before and after a
// compaction, and compares what the store serves before and after a
// reopen, and after another compaction and reopen.
func TestEveryKindSurvives(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, WithCompactThreshold(0))
	writeLegacyState(t, s)
	want := stateDigest(t, s)
	require.NoError(t, s.Close())
	s = openT(t, dir, WithCompactThreshold(0))
	require.Equal(t, want, stateDigest(t, s))
	require.NoError(t, s.Compact(context.Background()))
	require.NoError(t, s.Close())
	s = openT(t, dir, WithCompactThreshold(0))
	require.Equal(t, want, stateDigest(t, s))
}

// legacyFrame frames rec as log record or snapshot record lsn of the
// previous format.
func legacyFrame(rec *encoder, lsn uint64) []byte {
	payload := append([]byte{rec.b[0]}, binary.LittleEndian.AppendUint64(nil, lsn)...)
	payload = append(payload, rec.body()...)
	h := binary.LittleEndian.AppendUint32(nil, uint32(len(payload)))
	h = binary.LittleEndian.AppendUint32(h, crc32.Checksum(payload, castagnoli))
	h = binary.LittleEndian.AppendUint32(h, crc32.Checksum(h, castagnoli))
	return append(h, payload...)
}
