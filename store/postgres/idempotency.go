package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/creatormatch/creatormatch"
)

// The idempotency_keys table (migration 012) is shared by every replica
// using the database; all the decisions are made by single SQL statements
// against the database's clock (now()), so replicas with skewed clocks
// still agree on whether a lease lapsed or a record expired.

// idemPurgeEvery and idemPurgeBatch: one claim in idemPurgeEvery (chosen at
// random, so replicas need no coordination) deletes up to idemPurgeBatch
// expired rows. That removes up to 4 rows per claim on average while each
// claim adds at most one, so expired rows never accumulate, and no single
// request deletes more than a small, index-driven batch.
const (
	idemPurgeEvery = 64
	idemPurgeBatch = 256
)

// micros is d in whole microseconds (the database's interval precision),
// at least 1.
func micros(d time.Duration) int64 { return max(1, d.Microseconds()) }

// ClaimIdempotency claims (c.Scope, c.Key) with one INSERT ... ON CONFLICT
// DO UPDATE whose WHERE only lets it replace an expired row or a lapsed
// claim: under concurrent claims Postgres serialises on the row, so exactly
// one wins. A claim that loses reads the row that holds the key; if that
// row disappears or lapses in between (released or expiring at that
// instant), the claim is tried again.
func (s *Store) ClaimIdempotency(ctx context.Context, c creatormatch.IdempotencyClaim) (*creatormatch.IdempotencyRecord, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if rand.IntN(idemPurgeEvery) == 0 {
		// Best effort: a failed purge is retried by a later claim, and
		// the claim itself reports any real database problem.
		_, _ = s.PurgeIdempotency(ctx, idemPurgeBatch)
	}
	for attempt := 0; ; attempt++ {
		var one int
		err := s.pool.QueryRow(ctx, `INSERT INTO idempotency_keys AS r
				(scope, key, request_hash, token, created_at, locked_until, expires_at)
			VALUES ($1, $2, $3, $4, now(), now() + $5::bigint * interval '1 microsecond',
				now() + $6::bigint * interval '1 microsecond')
			ON CONFLICT (scope, key) DO UPDATE SET
				request_hash = excluded.request_hash, token = excluded.token,
				complete = false, status = 0, content_type = '', body = NULL,
				created_at = excluded.created_at, locked_until = excluded.locked_until,
				expires_at = excluded.expires_at
			WHERE r.expires_at <= now() OR (NOT r.complete AND r.locked_until <= now())
			RETURNING 1`,
			c.Scope, c.Key, c.RequestHash, c.Token, micros(c.Lease), micros(c.TTL)).Scan(&one)
		if err == nil {
			return nil, nil // claimed
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return nil, wrapErr(ctx, "claim idempotency key", err)
		}
		rows, _ := s.pool.Query(ctx, `SELECT scope, key, request_hash, complete, status, content_type, body,
				created_at, locked_until, expires_at
			FROM idempotency_keys
			WHERE scope = $1 AND key = $2 AND expires_at > now() AND (complete OR locked_until > now())`,
			c.Scope, c.Key)
		rec, err := pgx.CollectExactlyOneRow(rows, scanIdempotency)
		if err == nil {
			return &rec, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) || attempt >= 5 {
			return nil, wrapErr(ctx, "read idempotency key", err)
		}
	}
}

func scanIdempotency(row pgx.CollectableRow) (creatormatch.IdempotencyRecord, error) {
	var r creatormatch.IdempotencyRecord
	err := row.Scan(&r.Scope, &r.Key, &r.RequestHash, &r.Complete, &r.Response.Status, &r.Response.ContentType,
		&r.Response.Body, &r.CreatedAt, &r.LockedUntil, &r.ExpiresAt)
	r.CreatedAt, r.LockedUntil, r.ExpiresAt = r.CreatedAt.UTC(), r.LockedUntil.UTC(), r.ExpiresAt.UTC()
	if !r.Complete {
		r.Response = creatormatch.IdempotencyResponse{}
	}
	return r, err
}

// CompleteIdempotency stores the response in the row token holds.
func (s *Store) CompleteIdempotency(ctx context.Context, scope, key, token string, resp creatormatch.IdempotencyResponse) error {
	if err := resp.Validate(); err != nil {
		return err
	}
	if !storable(scope) || !storable(key) || !storable(token) {
		if err := ctx.Err(); err != nil {
			return wrapErr(ctx, "complete idempotency key", err)
		}
		return creatormatch.IdempotencyNotHeld(scope, key)
	}
	body := resp.Body
	if body == nil {
		body = []byte{} // NULL is an in-progress row's body
	}
	tag, err := s.pool.Exec(ctx, `UPDATE idempotency_keys
		SET complete = true, status = $4, content_type = $5, body = $6
		WHERE scope = $1 AND key = $2 AND token = $3 AND NOT complete`,
		scope, key, token, resp.Status, resp.ContentType, body)
	if err != nil {
		return wrapErr(ctx, "complete idempotency key", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: %w", creatormatch.IdempotencyNotHeld(scope, key))
	}
	return nil
}

// ReleaseIdempotency deletes the in-progress row token holds.
func (s *Store) ReleaseIdempotency(ctx context.Context, scope, key, token string) error {
	if !storable(scope) || !storable(key) || !storable(token) {
		return wrapErr(ctx, "release idempotency key", ctx.Err())
	}
	_, err := s.pool.Exec(ctx, `DELETE FROM idempotency_keys
		WHERE scope = $1 AND key = $2 AND token = $3 AND NOT complete`, scope, key, token)
	return wrapErr(ctx, "release idempotency key", err)
}

// PurgeIdempotency deletes up to limit expired rows, oldest first, through
// the expires_at index. Rows another transaction has locked (being
// claimed again right now) are skipped rather than waited for.
func (s *Store) PurgeIdempotency(ctx context.Context, limit int) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM idempotency_keys
		WHERE (scope, key) IN (
			SELECT scope, key FROM idempotency_keys
			WHERE expires_at <= now()
			ORDER BY expires_at
			LIMIT $1
			FOR UPDATE SKIP LOCKED)`, limit)
	if err != nil {
		return 0, wrapErr(ctx, "purge idempotency keys", err)
	}
	return int(tag.RowsAffected()), nil
}
