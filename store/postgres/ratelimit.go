package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// TakeRate implements creatormatch.SharedRateLimiter with one upsert on
// rate_limits (migration 017) whose WHERE refuses the request when the new
// theoretical arrival time would run more than burst intervals ahead of
// the database's clock; Postgres serialises concurrent requests on the
// row, so replicas never admit more together than the bucket allows. A
// refused request reads how long until one would be admitted.
func (s *Store) TakeRate(ctx context.Context, principal string, every time.Duration, burst int) (time.Duration, error) {
	step, limit := micros(every), micros(every)*int64(max(burst, 1))
	var admitted bool
	err := s.pool.QueryRow(ctx, `
		INSERT INTO rate_limits AS r (principal, tat) VALUES ($1, now() + $2 * interval '1 microsecond')
		ON CONFLICT (principal) DO UPDATE SET tat = GREATEST(r.tat, now()) + $2 * interval '1 microsecond'
			WHERE GREATEST(r.tat, now()) + $2 * interval '1 microsecond' - now() <= $3 * interval '1 microsecond'
		RETURNING true`, principal, step, limit).Scan(&admitted)
	if err == nil {
		return 0, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return 0, wrapErr(ctx, "take rate", err)
	}
	var waitMicros int64
	err = s.pool.QueryRow(ctx, `
		SELECT (EXTRACT(EPOCH FROM GREATEST(tat, now()) + $2 * interval '1 microsecond' - now()) * 1e6)::bigint - $3
		FROM rate_limits WHERE principal = $1`, principal, step, limit).Scan(&waitMicros)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil // the bucket was just removed: nothing to wait for
	}
	if err != nil {
		return 0, wrapErr(ctx, "take rate", err)
	}
	return time.Duration(max(waitMicros, 1)) * time.Microsecond, nil
}
