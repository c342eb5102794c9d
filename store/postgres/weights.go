package postgres

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/creatormatch/creatormatch"
)

// AddWeights inserts v as the next version of its (workspace, goal), under
// a transaction-scoped advisory lock on the pair so concurrent adds take
// distinct versions.
func (s *Store) AddWeights(ctx context.Context, v creatormatch.WeightVersion) (creatormatch.WeightVersion, error) {
	if err := v.Validate(); err != nil {
		return creatormatch.WeightVersion{}, err
	}
	if v.TrainedAt.IsZero() {
		v.TrainedAt = time.Now()
	}
	v.TrainedAt = v.TrainedAt.UTC().Truncate(time.Microsecond)
	weights, err := json.Marshal(v.Weights)
	if err != nil {
		return creatormatch.WeightVersion{}, err
	}
	if v.Weights == nil {
		weights = []byte("{}")
	}
	var replay []byte
	if v.Replay != nil {
		if replay, err = json.Marshal(v.Replay); err != nil {
			return creatormatch.WeightVersion{}, err
		}
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('weights/' || $1 || '/' || $2, 0))`, v.Workspace, string(v.Goal)); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO learned_weights (workspace, goal, version, status, weights, trained_at, events, replay)
			SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7
			FROM learned_weights WHERE workspace = $1 AND goal = $2
			RETURNING version`,
			v.Workspace, string(v.Goal), string(v.Status), weights, v.TrainedAt, v.Events, replay).Scan(&v.Version)
	})
	if err != nil {
		return creatormatch.WeightVersion{}, wrapErr(ctx, "add weights", err)
	}
	return v, nil
}

const weightColumns = `workspace, goal, version, status, weights, trained_at, events, replay`

func scanWeights(rows pgx.Rows) ([]creatormatch.WeightVersion, error) {
	var out []creatormatch.WeightVersion
	for rows.Next() {
		var (
			v               creatormatch.WeightVersion
			goal, status    string
			weights, replay []byte
		)
		if err := rows.Scan(&v.Workspace, &goal, &v.Version, &status, &weights, &v.TrainedAt, &v.Events, &replay); err != nil {
			return nil, err
		}
		v.Goal, v.Status = creatormatch.Goal(goal), creatormatch.WeightStatus(status)
		if err := json.Unmarshal(weights, &v.Weights); err != nil {
			return nil, err
		}
		if len(v.Weights) == 0 {
			v.Weights = nil
		}
		if replay != nil {
			v.Replay = &creatormatch.WeightReplay{}
			if err := json.Unmarshal(replay, v.Replay); err != nil {
				return nil, err
			}
		}
		v.TrainedAt = v.TrainedAt.UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}

// weightHistory lists a workspace's versions, by goal then newest first.
func (s *Store) weightHistory(ctx context.Context, workspace string, goal creatormatch.Goal, limit int) ([]creatormatch.WeightVersion, error) {
	if !storable(workspace) || !storable(string(goal)) {
		return nil, wrapErr(ctx, "weight history", ctx.Err())
	}
	q := `SELECT ` + weightColumns + ` FROM learned_weights WHERE workspace = $1 AND ($2 = '' OR goal = $2)
		ORDER BY goal COLLATE "C", version DESC`
	args := []any{workspace, string(goal)}
	if limit > 0 {
		q += ` LIMIT $3`
		args = append(args, limit)
	}
	rows, err := s.db(ctx).Query(ctx, q, args...)
	if err != nil {
		return nil, wrapErr(ctx, "weight history", err)
	}
	defer rows.Close()
	out, err := scanWeights(rows)
	if err != nil {
		return nil, wrapErr(ctx, "weight history", err)
	}
	return out, nil
}

// currentWeights returns the newest version that is not rejected, per goal.
func (s *Store) currentWeights(ctx context.Context, workspace string) (map[creatormatch.Goal]creatormatch.WeightVersion, error) {
	out := map[creatormatch.Goal]creatormatch.WeightVersion{}
	if !storable(workspace) {
		return out, wrapErr(ctx, "current weights", ctx.Err())
	}
	rows, err := s.db(ctx).Query(ctx, `SELECT DISTINCT ON (goal) `+weightColumns+` FROM learned_weights
		WHERE workspace = $1 AND status <> 'rejected' ORDER BY goal, version DESC`, workspace)
	if err != nil {
		return nil, wrapErr(ctx, "current weights", err)
	}
	defer rows.Close()
	vs, err := scanWeights(rows)
	if err != nil {
		return nil, wrapErr(ctx, "current weights", err)
	}
	for _, v := range vs {
		out[v.Goal] = v
	}
	return out, nil
}

// WeightHistory is weightHistory, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) WeightHistory(ctx context.Context, workspace string, goal creatormatch.Goal, limit int) ([]creatormatch.WeightVersion, error) {
	return readRouted(ctx, s, "weight history", func(ctx context.Context) ([]creatormatch.WeightVersion, error) {
		return s.weightHistory(ctx, workspace, goal, limit)
	})
}

// CurrentWeights is currentWeights, served by a read replica when one is usable and ctx allows
// it (see readRouted).
func (s *Store) CurrentWeights(ctx context.Context, workspace string) (map[creatormatch.Goal]creatormatch.WeightVersion, error) {
	return readRouted(ctx, s, "current weights", func(ctx context.Context) (map[creatormatch.Goal]creatormatch.WeightVersion, error) {
		return s.currentWeights(ctx, workspace)
	})
}
