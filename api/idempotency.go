package api

import (
	"bytes"
	"crypto/sha256"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
)

// idempotencyTTL is how long a response is kept for replay.
const idempotencyTTL = 24 * time.Hour

// maxIdempotencyEntries bounds the replay cache's memory.
const maxIdempotencyEntries = 50000

// idempotencyCache remembers responses to writes sent with an
// Idempotency-Key, per principal, so a client retrying after a timeout
// gets the first answer instead of writing twice. It lives in the process:
// after a restart a retried upsert runs again, which is safe because
// upserts by id and feedback ids are idempotent in the stores themselves.
type idempotencyCache struct {
	mu sync.Mutex
	m  map[string]*idemEntry
}

type idemEntry struct {
	body    [32]byte // hash of the request body
	done    chan struct{}
	status  int
	ctype   string
	resp    []byte
	created time.Time
}

// idempotency replays the stored response of a write repeated with the
// same Idempotency-Key: the same key with another body is a 422, a key
// still in flight a 409. Only responses below 500 are kept, so a failed
// write can be retried.
func (s *Server) idempotency(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		key := c.Request().Header.Get("Idempotency-Key")
		op := s.operationFor(c)
		if key == "" || op == nil || op.scope != creatormatch.ScopeWrite || c.Request().Method != http.MethodPost {
			return next(c)
		}
		if len(key) > 255 {
			return creatormatch.Invalid("Idempotency-Key", "must be at most 255 characters")
		}
		req := c.Request()
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		id := principalOf(c).id() + "\x00" + req.Method + " " + req.URL.Path + "\x00" + key
		sum := sha256.Sum256(body)

		s.idem.mu.Lock()
		now := time.Now()
		if e, ok := s.idem.m[id]; ok && now.Sub(e.created) < idempotencyTTL {
			s.idem.mu.Unlock()
			if e.body != sum {
				return creatormatch.Invalid("Idempotency-Key", "was already used with a different request body")
			}
			select {
			case <-e.done:
			default:
				return errorf(creatormatch.ErrConflict, "a request with this Idempotency-Key is still in progress")
			}
			c.Response().Header().Set("Idempotent-Replayed", "true")
			return c.Blob(e.status, e.ctype, e.resp)
		}
		if len(s.idem.m) >= maxIdempotencyEntries {
			for k, e := range s.idem.m {
				if now.Sub(e.created) >= idempotencyTTL {
					delete(s.idem.m, k)
				}
			}
		}
		e := &idemEntry{body: sum, done: make(chan struct{}), created: now}
		s.idem.m[id] = e
		s.idem.mu.Unlock()

		rec := &teeWriter{ResponseWriter: c.Response().Writer}
		c.Response().Writer = rec
		err = next(c)
		if err != nil {
			c.Error(err) // render the problem now, so it is captured
		}
		status := c.Response().Status
		s.idem.mu.Lock()
		if status >= 500 || status == 0 {
			delete(s.idem.m, id)
		} else {
			e.status, e.ctype, e.resp = status, c.Response().Header().Get(echo.HeaderContentType), rec.buf.Bytes()
		}
		s.idem.mu.Unlock()
		close(e.done)
		return nil
	}
}

// teeWriter copies what a handler writes.
type teeWriter struct {
	http.ResponseWriter
	buf bytes.Buffer
}

func (t *teeWriter) Write(p []byte) (int, error) {
	t.buf.Write(p)
	return t.ResponseWriter.Write(p)
}
