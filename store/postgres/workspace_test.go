package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/tern/v2/migrate"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/internal/testenv"
	"github.com/creatormatch/creatormatch/migrations"
	"github.com/creatormatch/creatormatch/store/postgres"
)

// TestMigrationToWorkspaces: API keys and feedback stored before migration
// 013 belong to the default workspace once it is applied, and feedback ids
// become unique per workspace.
func TestMigrationToWorkspaces(t *testing.T) {
	ctx := context.Background()
	url := testenv.FreshDatabase(t)
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	m, err := migrate.NewMigrator(ctx, conn, postgres.VersionTable)
	require.NoError(t, err)
	require.NoError(t, m.LoadMigrations(migrations.FS))
	require.NoError(t, m.MigrateTo(ctx, 12))
	_, err = conn.Exec(ctx, `INSERT INTO api_keys (id, name, prefix, hash, scopes) VALUES ('k1', 'old', 'cm_x', 'h1', ARRAY['read'])`)
	require.NoError(t, err)
	_, err = conn.Exec(ctx, `INSERT INTO feedback (id, brief_id, creator_id, event) VALUES ('e1', 'b1', 'c1', 'hired')`)
	require.NoError(t, err)
	require.NoError(t, conn.Close(ctx))

	s, err := postgres.Open(ctx, url)
	require.NoError(t, err)
	defer s.Close()
	k, err := s.APIKeyByHash(ctx, "h1")
	require.NoError(t, err)
	require.Equal(t, creatormatch.DefaultWorkspace, k.Workspace)
	evs, err := s.ListFeedback(ctx, creatormatch.FeedbackFilter{Workspace: creatormatch.DefaultWorkspace})
	require.NoError(t, err)
	require.Len(t, evs, 1)
	require.Equal(t, creatormatch.DefaultWorkspace, evs[0].Workspace)
	require.NoError(t, s.AddFeedback(ctx, []creatormatch.FeedbackEvent{{ID: "e1", Workspace: "acme", BriefID: "b1", CreatorID: "c1", Kind: creatormatch.FeedbackHired}}))
	all, err := s.ListFeedback(ctx, creatormatch.FeedbackFilter{})
	require.NoError(t, err)
	require.Len(t, all, 2, "the same id in another workspace is another event")
}

// TestMigrationBrandKeys: rows written before migration 016 kept brands in
// the looser form (lower case, "@" stripped); the migration rewrites them
// to creatormatch.BrandKey, so the worked_with filter finds them.
func TestMigrationBrandKeys(t *testing.T) {
	ctx := context.Background()
	url := testenv.FreshDatabase(t)
	s, err := postgres.Open(ctx, url)
	require.NoError(t, err)
	defer s.Close()
	c := &creatormatch.Creator{ID: "old-brands", Name: "Old", Accounts: []creatormatch.Account{{Platform: creatormatch.Instagram, Followers: 5000}},
		Features: &creatormatch.Features{Brands: creatormatch.BrandAffinity{Brands: []creatormatch.BrandMention{{Brand: "coca-cola", Posts: 1}}}}}
	require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{{Creator: c}}))
	// What a store before 016 wrote.
	_, err = s.Pool().Exec(ctx, `UPDATE creators SET brands = ARRAY['coca-cola', 'photo.by_sam', 'nike'] WHERE id = 'old-brands'`)
	require.NoError(t, err)

	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	m, err := migrate.NewMigrator(ctx, conn, postgres.VersionTable)
	require.NoError(t, err)
	require.NoError(t, m.LoadMigrations(migrations.FS))
	require.NoError(t, m.MigrateTo(ctx, 15))
	require.NoError(t, m.MigrateTo(ctx, 16))

	var brands []string
	require.NoError(t, conn.QueryRow(ctx, `SELECT brands FROM creators WHERE id = 'old-brands'`).Scan(&brands))
	require.ElementsMatch(t, []string{"cocacola", "photobysam", "nike"}, brands)
	n, err := s.CountCreators(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	hits, err := s.SearchLexical(ctx, creatormatch.LexicalQuery{Text: "Old", Limit: 5, Filter: creatormatch.Filter{WorkedWith: []string{"Coca Cola"}}})
	require.NoError(t, err)
	require.Len(t, hits, 1)
}

// TestMigrationBrowseBackfill: migration 019 derives the browse columns of
// creators stored before it from their accounts and content, to the values
// the store writes at upsert (creatormatch.BrowseKeyOf and SearchKey; for
// ASCII names, which Postgres's lower() folds as Go does).
func TestMigrationBrowseBackfill(t *testing.T) {
	ctx := context.Background()
	url := testenv.FreshDatabase(t)
	s, err := postgres.Open(ctx, url)
	require.NoError(t, err)
	defer s.Close()
	at := time.Date(2025, 3, 4, 5, 6, 7, 891234000, time.UTC)
	full := &creatormatch.Creator{ID: "full", Name: "Maya ORTIZ", Accounts: []creatormatch.Account{
		{Platform: creatormatch.Instagram, Handle: "MayaCooks", Followers: 5000}, {Platform: creatormatch.TikTok, Followers: 9000}},
		Content: []creatormatch.ContentItem{{ID: "a", Platform: creatormatch.Instagram, PostedAt: at}, {ID: "b", Platform: creatormatch.Instagram, PostedAt: at.Add(-time.Hour)}, {ID: "c", Platform: creatormatch.Instagram}}}
	bare := &creatormatch.Creator{ID: "bare"}
	require.NoError(t, s.UpsertCreators(ctx, []creatormatch.CreatorRecord{{Creator: full}, {Creator: bare}}))
	type cols struct {
		followers, lastPost int64
		search              string
	}
	read := func(q interface {
		QueryRow(context.Context, string, ...any) pgx.Row
	}) map[string]cols {
		out := map[string]cols{}
		for _, id := range []string{"full", "bare"} {
			var c cols
			require.NoError(t, q.QueryRow(ctx, `SELECT followers, last_post_us, search_text FROM creators WHERE id = $1`, id).Scan(&c.followers, &c.lastPost, &c.search))
			out[id] = c
		}
		return out
	}
	written := read(s.Pool())
	require.Equal(t, cols{9000, at.UnixMicro(), "maya ortiz\nmayacooks"}, written["full"])
	require.Equal(t, cols{0, creatormatch.NoLastPost, ""}, written["bare"])

	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	m, err := migrate.NewMigrator(ctx, conn, postgres.VersionTable)
	require.NoError(t, err)
	require.NoError(t, m.LoadMigrations(migrations.FS))
	require.NoError(t, m.MigrateTo(ctx, 18), "019 goes down")
	require.NoError(t, m.MigrateTo(ctx, 19))
	require.Equal(t, written, read(conn), "the backfill derives what the store writes")
}
