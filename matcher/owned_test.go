package matcher

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/internal/deepcheck"
)

func TestOwnFeaturesComplete(t *testing.T) {
	f := &creatormatch.Features{}
	deepcheck.Fill(f)
	got := ownFeatures(f)
	require.Equal(t, f, got)
	for _, path := range deepcheck.Shared(f, got, "f") {
		t.Errorf("ownFeatures shares %s with the original", path)
	}
	require.Nil(t, ownFeatures(nil))
	empty := &creatormatch.Features{}
	require.Equal(t, empty, ownFeatures(empty))
}

// The signal indices used while scoring follow SignalNames.
func TestSignalIndices(t *testing.T) {
	require.Len(t, SignalNames, numSignals)
	for i, name := range map[int]string{
		iSemantic: SignalSemantic, iNiche: SignalNiche, iAudience: SignalAudience, iEngagement: SignalEngagement,
		iAuthenticity: SignalAuthenticity, iConsistency: SignalConsistency, iBrandSafety: SignalBrandSafety,
		iCost: SignalCost, iDisclosure: SignalDisclosure, iWorkedWithUs: SignalWorkedWithUs,
	} {
		require.Equal(t, name, SignalNames[i])
	}
}
