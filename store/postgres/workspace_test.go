package postgres_test

import (
	"context"
	"testing"

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
