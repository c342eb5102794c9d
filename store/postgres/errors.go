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

// Fault says why the database cannot serve a request now, in terms an
// operator and a client may both read. Every fault but FaultNone is
// transient from the server's point of view (the database may come back,
// be migrated again, be made writable, get disk space), so wrapErr maps
// each to creatormatch.ErrUnavailable (503 with Retry-After) with the
// fault's Reason in the client message; what the driver said stays in the
// error chain for the logs only.
type Fault int

// The faults, from FaultOf.
const (
	// FaultNone: err is not a database fault (nil, an input error, a
	// bug, wrong credentials).
	FaultNone Fault = iota
	// FaultUnreachable: the server cannot be reached, refused or dropped
	// the connection, or is shutting down or starting up (class 08,
	// 57P01-57P05, network errors, a closed pool).
	FaultUnreachable
	// FaultTimeout: the database did not answer before the deadline.
	FaultTimeout
	// FaultBusy: the database is overloaded (too many connections, out
	// of memory) or the transaction lost a conflict and may be retried
	// (serialization failure, deadlock; classes 40, 53 but 53100).
	FaultBusy
	// FaultMissingDatabase: the database named in the URL does not exist
	// (3D000), e.g. it was dropped while the server ran.
	FaultMissingDatabase
	// FaultMissingSchema: a table, schema, type or function the store
	// needs is missing (42P01, 3F000, 42704, 42883), or a new connection
	// found no vector type (the pgvector extension is not installed):
	// the database was emptied or recreated. The store migrates it again
	// (see Store.Ready).
	FaultMissingSchema
	// FaultReadOnly: the database refuses writes (25006: a standby, or
	// default_transaction_read_only); reads still work.
	FaultReadOnly
	// FaultDiskFull: the database server's disk is full (53100).
	FaultDiskFull
)

// Reason is the fault in a few words a client may see: no host, user,
// database name or SQL.
func (f Fault) Reason() string {
	switch f {
	case FaultUnreachable:
		return "the database is unreachable"
	case FaultTimeout:
		return "the database did not answer in time"
	case FaultBusy:
		return "the database is busy"
	case FaultMissingDatabase:
		return "the database does not exist"
	case FaultMissingSchema:
		return "the database schema is missing"
	case FaultReadOnly:
		return "the database is read-only"
	case FaultDiskFull:
		return "the database disk is full"
	}
	return ""
}

func (f Fault) String() string {
	if f == FaultNone {
		return "none"
	}
	return f.Reason()
}

// message is the client message of an error of fault f.
func (f Fault) message() string {
	return "The service is temporarily unavailable: " + f.Reason() + "; retry after the Retry-After delay."
}

// errNoVectorType marks a connection the pool could not prepare because the
// database has no vector type (AfterConnect, pgvector-go's RegisterTypes):
// the extension, and with it the schema, is missing.
var errNoVectorType = errors.New("postgres: the vector type is not installed in the database")

// faultError wraps err, of fault f, as an error of kind ErrUnavailable
// whose client message says why.
func faultError(f Fault, op string, err error) error {
	return &creatormatch.Error{Code: creatormatch.ErrUnavailable, Message: f.message(),
		Err: fmt.Errorf("postgres: %s: %w", op, &faultCause{f, err})}
}

// faultCause records the fault faultError classified err as, for FaultOf.
type faultCause struct {
	fault Fault
	err   error
}

func (e *faultCause) Error() string { return e.fault.String() + ": " + e.err.Error() }
func (e *faultCause) Unwrap() error { return e.err }

// FaultOf classifies err (a driver error, or one wrapErr returned): which
// fault, if any, keeps the database from serving now. Wrong credentials
// (SQLSTATE class 28) are no fault: no retry fixes them.
func FaultOf(err error) Fault {
	if err == nil {
		return FaultNone
	}
	var fc *faultCause
	if errors.As(err, &fc) {
		return fc.fault
	}
	if errors.Is(err, errNoVectorType) {
		return FaultMissingSchema
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "3D000": // invalid_catalog_name: no such database
			return FaultMissingDatabase
		case pe.Code == "42P01", // undefined_table
			pe.Code == "3F000", // invalid_schema_name
			pe.Code == "42704", // undefined_object (a type, e.g. vector)
			pe.Code == "42883": // undefined_function (e.g. vector operators)
			return FaultMissingSchema
		case pe.Code == "25006": // read_only_sql_transaction
			return FaultReadOnly
		case pe.Code == "53100": // disk_full
			return FaultDiskFull
		case strings.HasPrefix(pe.Code, "53"), // insufficient resources, too many connections
			pe.Code == "40001", // serialization_failure
			pe.Code == "40P01": // deadlock_detected
			return FaultBusy
		case strings.HasPrefix(pe.Code, "08"), // connection exception
			pe.Code == "57P01",                     // admin_shutdown
			pe.Code == "57P02",                     // crash_shutdown
			pe.Code == "57P03",                     // cannot_connect_now (starting up, recovery)
			pe.Code == "57P05",                     // idle_session_timeout
			pe.Code == "58000", pe.Code == "58030": // system_error, io_error
			return FaultUnreachable
		case strings.HasPrefix(pe.Code, "28"):
			// Wrong credentials: a configuration error that no retry
			// fixes, even when it surfaces as a ConnectError.
			return FaultNone
		}
	}
	if errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) {
		return FaultTimeout
	}
	if unreachable(err) {
		return FaultUnreachable
	}
	return FaultNone
}

// wrapErr turns a driver error into one that wraps the creatormatch error
// kind the API and CLI map to a status, keeping the driver error in the
// chain (errors.As(err, *pgconn.PgError) still works) and naming op.
//
// The rules:
//   - the caller cancelled ctx: the context error, unwrapped to no kind (the
//     client went away; nothing is wrong with the database);
//   - a database fault (FaultOf: the database cannot be reached or answered
//     in time, does not exist, lacks its schema, is read-only, has a full
//     disk, is overloaded, or a serialization/deadlock failure that
//     succeeds when retried), or ctx's deadline passed: an error of kind
//     ErrUnavailable whose client message (creatormatch.ErrorMessage) is
//     the fault's Reason;
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
	f := FaultOf(err)
	if f == FaultNone && ctx != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		f = FaultTimeout
	}
	if f != FaultNone {
		return faultError(f, op, err)
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

// unreachable reports whether err, which carries no SQLSTATE that decides,
// means the server could not be reached or the connection broke, so that
// a retry later may succeed.
func unreachable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && strings.HasPrefix(pe.Code, "28") {
		return false
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
		errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) {
		return true
	}
	if pgconn.SafeToRetry(err) {
		return true
	}
	// pgxpool reports use after Close with puddle's unexported-by-us
	// ErrClosedPool ("closed pool").
	return strings.Contains(err.Error(), "closed pool")
}
