package memory

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	cm "github.com/creatormatch/creatormatch"
)

// TestRecordsWithoutWorkspace: API keys and feedback events logged before
// workspaces existed (JSON without the field) are the default workspace's
// when the log is replayed.
func TestRecordsWithoutWorkspace(t *testing.T) {
	key := newRecord(recAPIKey)
	key.bytes([]byte(`{"id":"k1","prefix":"cm_abc","scopes":["read"],"created_at":"2026-01-01T00:00:00Z","hash":"h1"}`))
	k, err := decodeAPIKey(key.body())
	require.NoError(t, err)
	require.Equal(t, cm.DefaultWorkspace, k.Workspace)

	s, err := Open(context.Background(), t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	fb := newRecord(recFeedback)
	fb.bytes([]byte(`[{"id":"e1","brief_id":"b1","creator_id":"c1","event":"hired","created_at":"2026-01-01T00:00:00Z"}]`))
	require.NoError(t, s.applyRecord(recFeedback, fb.body()))
	evs, err := s.ListFeedback(context.Background(), cm.FeedbackFilter{Workspace: cm.DefaultWorkspace})
	require.NoError(t, err)
	require.Len(t, evs, 1)
	require.Equal(t, cm.DefaultWorkspace, evs[0].Workspace)
}
