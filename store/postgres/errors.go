package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/creatormatch/creatormatch"
)

// wrapErr turns a driver error into one that wraps the creatormatch error
// kind the API and CLI map to a status, keeping the driver error in the
// chain (errors.As(err, *pgconn.PgError) still works) and naming op.
//
// The rules:
//   - the caller cancelled ctx: the context error, unwrapped to no kind (the
//     client went away; nothing is wrong with the database);
//   - anything that says the database cannot be reached or answered in time
//     (connect errors, broken connections, pool acquire or query deadline,
//     SQLSTATE class 08, 53, 57P01-57P03, and serialization/deadlock
//     failures, which succeed when retried): ErrUnavailable;
//   - no rows: ErrNotFound;
//   - data exceptions and constraint violations the input caused (class 22,
//     23): ErrInvalid, unique violations ErrConflict; program limits (class
//     54, e.g. a document too large for a tsvector): ErrTooLarge.
func wrapErr(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	for _, kind := range []error{
		creatormatch.ErrInvalid, creatormatch.ErrNotFound, creatormatch.ErrConflict,
		creatormatch.ErrUnavailable, creatormatch.ErrTooLarge,
	} {
		if errors.Is(err, kind) {
			return err // already classified by this package
		}
	}
	if ctx != nil && errors.Is(ctx.Err(), context.Canceled) {
		return fmt.Errorf("postgres: %s: %w", op, ctx.Err())
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: %s: %w", op, creatormatch.ErrNotFound)
	}
	if unavailable(err) || (ctx != nil && errors.Is(ctx.Err(), context.DeadlineExceeded)) {
		return fmt.Errorf("postgres: %s: %w: %w", op, creatormatch.ErrUnavailable, err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505":
			return fmt.Errorf("postgres: %s: %w: %w", op, creatormatch.ErrConflict, err)
		case strings.HasPrefix(pe.Code, "22"), strings.HasPrefix(pe.Code, "23"):
			return fmt.Errorf("postgres: %s: %w: %w", op, creatormatch.ErrInvalid, err)
		case strings.HasPrefix(pe.Code, "54"):
			return fmt.Errorf("postgres: %s: %w: %w", op, creatormatch.ErrTooLarge, err)
		}
	}
	return fmt.Errorf("postgres: %s: %w", op, err)
}

// unavailable reports whether err means the server could not be reached or
// could not serve the request now, so that a retry later may succeed.
func unavailable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"), // connection exception
			strings.HasPrefix(pe.Code, "53"), // insufficient resources, too many connections
			pe.Code == "57P01",               // admin_shutdown
			pe.Code == "57P02",               // crash_shutdown
			pe.Code == "57P03",               // cannot_connect_now (starting up, recovery)
			pe.Code == "57P05",               // idle_session_timeout
			pe.Code == "40001",               // serialization_failure
			pe.Code == "40P01",               // deadlock_detected
			pe.Code == "58000", pe.Code == "58030":
			return true
		case strings.HasPrefix(pe.Code, "28"), pe.Code == "3D000":
			// Wrong credentials or database name: a configuration error
			// that no retry fixes, even when it surfaces as a ConnectError.
			return false
		}
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) {
		return true
	}
	if pgconn.Timeout(err) || pgconn.SafeToRetry(err) {
		return true
	}
	// pgxpool reports use after Close with puddle's unexported-by-us
	// ErrClosedPool ("closed pool").
	return strings.Contains(err.Error(), "closed pool")
}
