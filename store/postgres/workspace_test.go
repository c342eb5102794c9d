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
