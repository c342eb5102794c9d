package creatormatch

import (
	"context"
	"math"
	"time"
)

// WeightStatus says whether a version of a workspace's learned weights
// serves.
type WeightStatus string

// The weight statuses.
const (
	// WeightsServed: the version serves the workspace's matches for its
	// goal until a newer served or reset version.
	WeightsServed WeightStatus = "served"
	// WeightsRejected: trained but not served, because the offline replay
	// showed a loss against the weights serving then.
	WeightsRejected WeightStatus = "rejected"
	// WeightsReset: the workspace went back to the goal's preset; the
	// version's Weights are empty.
	WeightsReset WeightStatus = "reset"
)

// Valid reports whether s is a known status.
func (s WeightStatus) Valid() bool {
	return s == WeightsServed || s == WeightsRejected || s == WeightsReset
}

// MaxWeightSignals bounds how many signals one weight version names.
const MaxWeightSignals = 64

// WeightReplay holds the offline replay figures a trained version was
// gated on: NDCG@10 of the new and of the serving weights over the
// workspace's held-back briefs.
type WeightReplay struct {
	Briefs       int     `json:"briefs"`
	NDCG10       float64 `json:"ndcg_10"`
	ServingNDCG  float64 `json:"serving_ndcg_10"`
	ServingLabel string  `json:"serving_version"`
}

// WeightVersion is one version of a workspace's weights for a goal.
type WeightVersion struct {
	Workspace string `json:"-"`
	Goal      Goal   `json:"goal"`
	// Version counts from 1 per (workspace, goal); the store assigns it.
	Version int64              `json:"version"`
	Status  WeightStatus       `json:"status"`
	Weights map[string]float64 `json:"weights,omitempty"`
	// TrainedAt is when the version was made; Events how many feedback
	// events it was trained on.
	TrainedAt time.Time     `json:"trained_at"`
	Events    int           `json:"events"`
	Replay    *WeightReplay `json:"replay,omitempty"`
}

// Validate reports what a store requires of a version to add: a valid
// workspace, a goal, a known status, finite non-negative weights (none for
// a reset) and a non-negative event count.
func (v WeightVersion) Validate() error {
	var e ValidationError
	if !ValidWorkspace(v.Workspace) {
		e.Add("workspace", "must be 1-64 characters of [a-z0-9_-] starting with a letter or digit")
	}
	if !v.Goal.Valid() {
		e.Add("goal", "must be one of awareness, launch, community, conversion")
	}
	if !v.Status.Valid() {
		e.Add("status", "must be served, rejected or reset")
	}
	if v.Status == WeightsReset && len(v.Weights) > 0 {
		e.Add("weights", "a reset carries no weights")
	}
	if v.Status != WeightsReset && len(v.Weights) == 0 {
		e.Add("weights", "are required")
	}
	if len(v.Weights) > MaxWeightSignals {
		e.Add("weights", "at most %d signals", MaxWeightSignals)
	}
	for k, x := range v.Weights {
		if len(k) > 64 || !ValidID(k) {
			e.Add("weights", "signal names must be 1-64 characters")
		}
		if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
			e.Add("weights."+k, "must be a finite, non-negative number")
		}
	}
	if v.Events < 0 {
		e.Add("events", "must not be negative")
	}
	return e.Err()
}

// WeightStore keeps each workspace's learned weights, versioned per goal
// with their history. Both store backends implement it.
type WeightStore interface {
	// AddWeights stores v as the next version of (v.Workspace, v.Goal):
	// one more than the latest stored, from 1. It returns the stored
	// version (Version set; a zero TrainedAt becomes now).
	AddWeights(ctx context.Context, v WeightVersion) (WeightVersion, error)
	// WeightHistory returns workspace's versions for goal (every goal when
	// goal is empty), newest first (by goal, then version descending), at
	// most limit of them (0: all).
	WeightHistory(ctx context.Context, workspace string, goal Goal, limit int) ([]WeightVersion, error)
	// CurrentWeights returns, per goal that has one, workspace's newest
	// version that is not rejected: the one serving (a reset serves the
	// preset).
	CurrentWeights(ctx context.Context, workspace string) (map[Goal]WeightVersion, error)
}
