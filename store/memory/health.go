package memory

import (
	"context"
	"errors"
	"syscall"

	cm "github.com/creatormatch/creatormatch"
)

var _ cm.HealthChecker = (*Store)(nil)

// The reasons the embedded store gives clients for an unavailable store:
// no paths, no system error text.
const (
	reasonClosed   = "the store is closed"
	reasonBroken   = "the data log could not be synced to disk; the server must be restarted"
	reasonDiskFull = "the disk is full"
	reasonReadOnly = "the data directory is read-only"
	reasonWrite    = "the data log could not be written"
)

// unavailable returns an error of kind ErrUnavailable whose client message
// (cm.ErrorMessage) gives reason, keeping err for the logs.
func unavailable(reason string, err error) error {
	return &cm.Error{Code: cm.ErrUnavailable,
		Message: "The service is temporarily unavailable: " + reason + "; retry after the Retry-After delay.", Err: err}
}

// writeReason names why a log write failed.
func writeReason(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return reasonDiskFull
	case errors.Is(err, syscall.EROFS):
		return reasonReadOnly
	}
	return reasonWrite
}

// diskHeadroom is the free space, beyond the write that failed, after which
// Ready believes the disk has room again.
const diskHeadroom = 64 << 10

// Ready implements cm.HealthChecker: nil while the store is open and its
// log writable. A closed store, a log broken by a failed fsync (only a
// restart recovers from that: see commitWith), or a disk that was full at
// the last write (until the write succeeds or, where the platform reports
// it, the file system has room for it again) give an error of kind
// ErrUnavailable whose client message says which. Reads are served
// meanwhile; only writes fail.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.enter(ctx); err != nil {
		if errors.Is(err, errClosed) {
			return unavailable(reasonClosed, err)
		}
		return err
	}
	if b := s.broken.Load(); b != nil {
		return unavailable(reasonBroken, *b)
	}
	if f := s.writeFault.Load(); f != nil {
		if f.reason == reasonDiskFull {
			if free, ok := freeBytes(s.dir); ok && free >= f.need+diskHeadroom {
				s.writeFault.CompareAndSwap(f, nil)
				return nil
			}
		}
		return unavailable(f.reason, f.err)
	}
	return nil
}

// writeFault is the last log write's failure, kept until a write succeeds
// (or, for a full disk, Ready finds room again).
type writeFault struct {
	reason string
	need   int64 // bytes of the write that failed
	err    error
}
