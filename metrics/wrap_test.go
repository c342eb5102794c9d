package metrics_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/metrics"
	"github.com/creatormatch/creatormatch/store/memory"
)

// notScorer hides the optional methods of the store it embeds.
type notScorer struct{ creatormatch.Store }

func TestWrapStoreKeepsProfileScorer(t *testing.T) {
	st, err := memory.Open(context.Background(), t.TempDir())
	require.NoError(t, err)
	defer st.Close()
	m := metrics.New()
	_, ok := m.WrapStore(st).(creatormatch.ProfileScorer)
	assert.True(t, ok, "the embedded store scores in place, wrapped or not")
	_, ok = m.WrapStore(notScorer{st}).(creatormatch.ProfileScorer)
	assert.False(t, ok, "a store without the method does not gain it")
	sims, err := m.WrapStore(st).(creatormatch.ProfileScorer).ProfileSimilarities(context.Background(), "m", []float32{1}, nil)
	require.NoError(t, err)
	assert.Empty(t, sims)
}
