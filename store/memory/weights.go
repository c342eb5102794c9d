package memory

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	cm "github.com/creatormatch/creatormatch"
)

// weightsJSON is how a weight version is persisted (recWeights body): the
// domain type keeps its workspace out of its JSON.
type weightsJSON struct {
	Workspace string             `json:"workspace"`
	Goal      cm.Goal            `json:"goal"`
	Version   int64              `json:"version"`
	Status    cm.WeightStatus    `json:"status"`
	Weights   map[string]float64 `json:"weights,omitempty"`
	TrainedAt time.Time          `json:"trained_at"`
	Events    int                `json:"events"`
	Replay    *cm.WeightReplay   `json:"replay,omitempty"`
}

// weightsRecord encodes one weight version as a log record (bytes JSON)
// and returns it with the version decoded back from it.
func weightsRecord(v cm.WeightVersion) (*encoder, cm.WeightVersion, error) {
	js, err := json.Marshal(weightsJSON(v))
	if err != nil {
		return nil, cm.WeightVersion{}, fmt.Errorf("%w: weights: %v", cm.ErrInvalid, err)
	}
	rec := newRecord(recWeights)
	rec.bytes(js)
	owned, err := decodeWeights(rec.body())
	if err != nil {
		return nil, cm.WeightVersion{}, fmt.Errorf("memory store: record does not round-trip: %w", err)
	}
	return rec, owned, nil
}

func decodeWeights(body []byte) (cm.WeightVersion, error) {
	d := &decoder{b: body}
	js := d.raw()
	if d.err == nil && len(d.b) != 0 {
		d.fail()
	}
	if d.err != nil {
		return cm.WeightVersion{}, d.err
	}
	var wj weightsJSON
	if err := json.Unmarshal(js, &wj); err != nil {
		return cm.WeightVersion{}, fmt.Errorf("weights JSON: %w", err)
	}
	v := cm.WeightVersion(wj)
	if err := v.Validate(); err != nil || v.Version < 1 {
		return cm.WeightVersion{}, fmt.Errorf("weights record of %q/%s v%d is not valid: %v", v.Workspace, v.Goal, v.Version, err)
	}
	return v, nil
}

// applyWeights appends one version to its (workspace, goal) history.
// Versions are logged in order, so the history stays ascending.
func (s *Store) applyWeights(v cm.WeightVersion) {
	ws := s.weights[v.Workspace]
	if ws == nil {
		ws = map[cm.Goal][]cm.WeightVersion{}
		s.weights[v.Workspace] = ws
	}
	ws[v.Goal] = append(ws[v.Goal], v)
}

func cloneWeights(v cm.WeightVersion) cm.WeightVersion {
	v.Weights = maps.Clone(v.Weights)
	if v.Replay != nil {
		r := *v.Replay
		v.Replay = &r
	}
	return v
}

// AddWeights logs v as the next version of its (workspace, goal).
func (s *Store) AddWeights(ctx context.Context, v cm.WeightVersion) (cm.WeightVersion, error) {
	if err := s.enter(ctx); err != nil {
		return cm.WeightVersion{}, err
	}
	if err := v.Validate(); err != nil {
		return cm.WeightVersion{}, err
	}
	if v.TrainedAt.IsZero() {
		v.TrainedAt = time.Now()
	}
	v.TrainedAt = v.TrainedAt.UTC()
	var stored cm.WeightVersion
	err := s.commitWith(ctx, func() (*encoder, func(), error) {
		hist := s.weights[v.Workspace][v.Goal] // writers are excluded: no lock to read
		v.Version = 1
		if n := len(hist); n > 0 {
			v.Version = hist[n-1].Version + 1
		}
		rec, owned, err := weightsRecord(v)
		if err != nil {
			return nil, nil, err
		}
		stored = cloneWeights(owned)
		return rec, func() { s.applyWeights(owned) }, nil
	})
	if err != nil {
		return cm.WeightVersion{}, err
	}
	stored.Workspace = v.Workspace
	return stored, nil
}

// WeightHistory returns a workspace's versions, by goal then newest first.
func (s *Store) WeightHistory(ctx context.Context, workspace string, goal cm.Goal, limit int) ([]cm.WeightVersion, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	var out []cm.WeightVersion
	s.mu.RLock()
	for g, hist := range s.weights[workspace] {
		if goal != "" && g != goal {
			continue
		}
		for _, v := range hist {
			out = append(out, cloneWeights(v))
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b cm.WeightVersion) int {
		if c := cmp.Compare(a.Goal, b.Goal); c != 0 {
			return c
		}
		return cmp.Compare(b.Version, a.Version)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// CurrentWeights returns the newest version that is not rejected, per goal.
func (s *Store) CurrentWeights(ctx context.Context, workspace string) (map[cm.Goal]cm.WeightVersion, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	out := map[cm.Goal]cm.WeightVersion{}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for g, hist := range s.weights[workspace] {
		for i := len(hist) - 1; i >= 0; i-- {
			if hist[i].Status != cm.WeightsRejected {
				out[g] = cloneWeights(hist[i])
				break
			}
		}
	}
	return out, nil
}

// captureWeights lists every weight version for a snapshot, by workspace,
// goal and version. Called with writeMu held.
func (s *Store) captureWeights() []cm.WeightVersion {
	var out []cm.WeightVersion
	for _, ws := range s.weights {
		for _, hist := range ws {
			out = append(out, hist...)
		}
	}
	slices.SortFunc(out, func(a, b cm.WeightVersion) int {
		if c := cmp.Compare(a.Workspace, b.Workspace); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Goal, b.Goal); c != 0 {
			return c
		}
		return cmp.Compare(a.Version, b.Version)
	})
	return out
}
