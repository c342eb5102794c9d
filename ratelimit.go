package creatormatch

import (
	"context"
	"time"
)

// SharedRateLimiter is implemented by stores that keep request-rate
// buckets where every API server using the store sees them (Postgres), so
// that replicas together admit what one server would: over any interval t
// a principal gets at most burst + t/every requests in total.
//
// The algorithm is the generic cell rate algorithm (GCRA), one bucket per
// principal holding its theoretical arrival time tat:
//
//	tat' = max(tat, now) + every
//	admit  iff tat' − now ≤ burst·every   (then tat = tat')
//	wait   = tat' − now − burst·every     (when refused)
//
// Take returns 0 when the request is admitted, or how long until one
// would be.
type SharedRateLimiter interface {
	TakeRate(ctx context.Context, principal string, every time.Duration, burst int) (wait time.Duration, err error)
}
