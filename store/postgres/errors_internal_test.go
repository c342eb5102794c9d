package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"

	"github.com/creatormatch/creatormatch"
)

// driverText is what a server error says; it must reach the logs (the
// error's text) and never a client (creatormatch.ErrorMessage).
const driverText = `database "secret_db" on host db.internal for user "admin": SELECT * FROM creators`

func pgErr(code string) error {
	return &pgconn.PgError{Severity: "ERROR", Code: code, Message: driverText}
}

func TestFaultOfAndWrapErr(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error
		fault  Fault
		kind   error // the creatormatch kind wrapErr gives; nil: none
		reason string
	}{
		{"missing database", pgErr("3D000"), FaultMissingDatabase, creatormatch.ErrUnavailable, "the database does not exist"},
		{"missing database at connect", fmt.Errorf("failed to connect: %w", pgErr("3D000")), FaultMissingDatabase, creatormatch.ErrUnavailable, "the database does not exist"},
		{"missing table", pgErr("42P01"), FaultMissingSchema, creatormatch.ErrUnavailable, "the database schema is missing"},
		{"missing schema", pgErr("3F000"), FaultMissingSchema, creatormatch.ErrUnavailable, "the database schema is missing"},
		{"missing type", pgErr("42704"), FaultMissingSchema, creatormatch.ErrUnavailable, "the database schema is missing"},
		{"missing function", pgErr("42883"), FaultMissingSchema, creatormatch.ErrUnavailable, "the database schema is missing"},
		{"no vector type on connect", fmt.Errorf("%w: %w", errNoVectorType, errors.New("vector type not found in the database")), FaultMissingSchema, creatormatch.ErrUnavailable, "the database schema is missing"},
		{"read-only", pgErr("25006"), FaultReadOnly, creatormatch.ErrUnavailable, "the database is read-only"},
		{"disk full", pgErr("53100"), FaultDiskFull, creatormatch.ErrUnavailable, "the database disk is full"},
		{"too many connections", pgErr("53300"), FaultBusy, creatormatch.ErrUnavailable, "the database is busy"},
		{"out of memory", pgErr("53200"), FaultBusy, creatormatch.ErrUnavailable, "the database is busy"},
		{"serialization failure", pgErr("40001"), FaultBusy, creatormatch.ErrUnavailable, "the database is busy"},
		{"deadlock", pgErr("40P01"), FaultBusy, creatormatch.ErrUnavailable, "the database is busy"},
		{"admin shutdown", pgErr("57P01"), FaultUnreachable, creatormatch.ErrUnavailable, "the database is unreachable"},
		{"starting up", pgErr("57P03"), FaultUnreachable, creatormatch.ErrUnavailable, "the database is unreachable"},
		{"connection exception", pgErr("08006"), FaultUnreachable, creatormatch.ErrUnavailable, "the database is unreachable"},
		{"io error", pgErr("58030"), FaultUnreachable, creatormatch.ErrUnavailable, "the database is unreachable"},
		{"refused", fmt.Errorf("dial: %w", syscall.ECONNREFUSED), FaultUnreachable, creatormatch.ErrUnavailable, "the database is unreachable"},
		{"eof", io.ErrUnexpectedEOF, FaultUnreachable, creatormatch.ErrUnavailable, "the database is unreachable"},
		{"closed pool", errors.New("closed pool"), FaultUnreachable, creatormatch.ErrUnavailable, "the database is unreachable"},
		{"deadline", fmt.Errorf("query: %w", context.DeadlineExceeded), FaultTimeout, creatormatch.ErrUnavailable, "the database did not answer in time"},
		// Not faults: configuration, input and bugs keep their kinds.
		{"wrong password", pgErr("28P01"), FaultNone, nil, ""},
		{"no such role", fmt.Errorf("failed to connect: %w", pgErr("28000")), FaultNone, nil, ""},
		{"unique violation", pgErr("23505"), FaultNone, creatormatch.ErrConflict, ""},
		{"check violation", pgErr("23514"), FaultNone, creatormatch.ErrInvalid, ""},
		{"bad data", pgErr("22P02"), FaultNone, creatormatch.ErrInvalid, ""},
		{"program limit", pgErr("54000"), FaultNone, creatormatch.ErrTooLarge, ""},
		{"syntax error", pgErr("42601"), FaultNone, nil, ""},
		{"no rows", pgx.ErrNoRows, FaultNone, creatormatch.ErrNotFound, ""},
		{"nil", nil, FaultNone, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.fault, FaultOf(tc.err))
			assert.Equal(t, tc.reason, tc.fault.Reason())
			got := wrapErr(context.Background(), "op", tc.err)
			if tc.err == nil {
				assert.NoError(t, got)
				return
			}
			assert.Equal(t, tc.kind, creatormatch.ErrorCode(got), "%v", got)
			// The driver error stays in the chain for errors.As, the
			// logs keep its text, and a client sees none of it.
			if tc.kind != creatormatch.ErrNotFound {
				assert.ErrorIs(t, got, tc.err)
				assert.Contains(t, got.Error(), tc.err.Error())
			}
			msg := creatormatch.ErrorMessage(got)
			for _, leak := range []string{"secret_db", "db.internal", "admin", "SELECT", "SQLSTATE", "postgres"} {
				assert.NotContains(t, msg, leak)
			}
			if tc.fault != FaultNone {
				assert.Contains(t, msg, tc.reason)
				assert.Contains(t, msg, "Retry-After")
				assert.Equal(t, tc.fault, FaultOf(got), "a wrapped error keeps its fault")
				assert.Same(t, got, wrapErr(context.Background(), "again", got), "wrapping twice changes nothing")
			}
		})
	}
}

func TestWrapErrContext(t *testing.T) {
	// The caller went away: no kind, whatever the driver said.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := wrapErr(ctx, "op", pgErr("57P01"))
	assert.Nil(t, creatormatch.ErrorCode(err))
	assert.ErrorIs(t, err, context.Canceled)

	// The deadline passed while the driver said something of no fault.
	ctx, cancel = context.WithTimeout(context.Background(), 0)
	defer cancel()
	err = wrapErr(ctx, "op", errors.New("read: something"))
	assert.ErrorIs(t, err, creatormatch.ErrUnavailable)
	assert.Contains(t, creatormatch.ErrorMessage(err), "did not answer in time")
	// A fault the driver named wins over the deadline.
	err = wrapErr(ctx, "op", pgErr("25006"))
	assert.Contains(t, creatormatch.ErrorMessage(err), "read-only")
}

func TestFaultReasonsAreClientSafe(t *testing.T) {
	for f := FaultUnreachable; f <= FaultDiskFull; f++ {
		r := f.Reason()
		assert.NotEmpty(t, r, "fault %d", f)
		assert.Equal(t, strings.ToLower(r[:1]), r[:1])
		assert.NotContains(t, r, "postgres")
	}
}
