package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
)

// idempotencyLeaseMargin is how much longer than the request timeout a
// claim holds: only a server that died while running the request (whose
// claim nobody will complete or release) loses it, after
// RequestTimeout + margin (60 s by default); a retry before that is a 409.
const idempotencyLeaseMargin = 30 * time.Second

// idempotencyStoreTimeout bounds storing or releasing a record once the
// handler has answered. It runs without the request's cancellation: the
// write happened, so its record is stored even if the client went away.
const idempotencyStoreTimeout = 5 * time.Second

// idempotency makes a write sent with an Idempotency-Key safe to retry:
// the first request with a key runs and its answer is stored; a repeat
// with the same key and request gets that answer again (with
// Idempotent-Replayed: true), the same key with another request is a 422,
// and a repeat while the first is still running a 409. Keys are per
// principal, method and path, and kept IdempotencyTTL (24 h).
//
// The records live in the store (creatormatch.IdempotencyStore), not in
// the process: a retry after a crash and restart, or one that reaches
// another replica sharing the database, is still a replay. The handler's
// answer is buffered and its record stored before anything is sent, so
// every answer a client sees can be replayed; if storing fails the answer
// is still sent (the write itself succeeded) and the failure logged. Only
// answers below 500 are kept: a 5xx releases the key, so the client may
// retry and run the request again.
func (s *Server) idempotency(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		key := c.Request().Header.Get("Idempotency-Key")
		op := s.operationFor(c)
		if key == "" || op == nil || op.scope != creatormatch.ScopeWrite || c.Request().Method != http.MethodPost {
			return next(c)
		}
		if len(key) > creatormatch.MaxIdempotencyKey {
			return creatormatch.Invalid("Idempotency-Key", "must be at most %d characters", creatormatch.MaxIdempotencyKey)
		}
		if !utf8.ValidString(key) || strings.IndexByte(key, 0) >= 0 {
			return creatormatch.Invalid("Idempotency-Key", "must be valid UTF-8 without NUL bytes")
		}
		req := c.Request()
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		claim := creatormatch.IdempotencyClaim{
			Scope:       principalOf(c).id() + " " + req.Method + " " + req.URL.Path,
			Key:         key,
			RequestHash: requestHash(body),
			Token:       newToken(),
			Lease:       s.cfg.RequestTimeout + idempotencyLeaseMargin,
			TTL:         creatormatch.IdempotencyTTL,
		}
		held, err := s.store.ClaimIdempotency(req.Context(), claim)
		if err != nil {
			return err
		}
		if held != nil {
			if held.RequestHash != claim.RequestHash {
				return creatormatch.Invalid("Idempotency-Key", "was already used with a different request body")
			}
			if !held.Complete {
				return errorf(creatormatch.ErrConflict, "a request with this Idempotency-Key is still in progress")
			}
			c.Response().Header().Set("Idempotent-Replayed", "true")
			return c.Blob(held.Response.Status, held.Response.ContentType, held.Response.Body)
		}

		res := c.Response()
		orig := res.Writer
		buf := &bufferWriter{header: orig.Header()}
		res.Writer = buf
		defer func() {
			if r := recover(); r != nil {
				// The panic is answered by recoverPanics with a 500:
				// the key is released and the answer goes out unbuffered.
				res.Writer = orig
				res.Committed, res.Status, res.Size = false, 0, 0 // nothing was sent
				s.finishIdempotency(c, claim, nil)
				panic(r)
			}
		}()
		if err := next(c); err != nil {
			c.Error(err) // render the problem now, into the buffer
		}
		res.Writer = orig
		var answer *creatormatch.IdempotencyResponse
		if res.Committed {
			answer = &creatormatch.IdempotencyResponse{Status: res.Status, ContentType: res.Header().Get(echo.HeaderContentType), Body: buf.body.Bytes()}
		}
		s.finishIdempotency(c, claim, answer)
		if res.Committed {
			orig.WriteHeader(buf.status(res.Status))
			_, _ = orig.Write(buf.body.Bytes())
		}
		return nil
	}
}

// finishIdempotency stores answer as the claim's response, or releases
// the claim when there is no answer to keep (none, a 5xx, or a body over
// MaxIdempotencyBody). Failures are logged: the answer is sent anyway.
func (s *Server) finishIdempotency(c echo.Context, claim creatormatch.IdempotencyClaim, answer *creatormatch.IdempotencyResponse) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request().Context()), idempotencyStoreTimeout)
	defer cancel()
	rid := c.Response().Header().Get(echo.HeaderXRequestID)
	keep := answer != nil && answer.Status < 500
	if keep && len(answer.Body) > creatormatch.MaxIdempotencyBody {
		s.log.WarnContext(ctx, "response too large to keep for Idempotency-Key replay; a retry runs again",
			"request_id", rid, "bytes", len(answer.Body), "max", creatormatch.MaxIdempotencyBody)
		keep = false
	}
	if !keep {
		if err := s.store.ReleaseIdempotency(ctx, claim.Scope, claim.Key, claim.Token); err != nil {
			s.log.ErrorContext(ctx, "could not release Idempotency-Key; retries are refused until its lease lapses",
				"request_id", rid, "lease", claim.Lease.String(), "error", err.Error())
		}
		return
	}
	if err := s.store.CompleteIdempotency(ctx, claim.Scope, claim.Key, claim.Token, *answer); err != nil {
		s.log.ErrorContext(ctx, "could not store the response for Idempotency-Key replay",
			"request_id", rid, "status", answer.Status, "error", err.Error())
	}
}

// bufferWriter holds a handler's answer until its record is stored. It
// shares the real writer's header map, so headers set by the handler go
// out with the answer.
type bufferWriter struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (b *bufferWriter) Header() http.Header { return b.header }

func (b *bufferWriter) WriteHeader(code int) {
	if b.code == 0 {
		b.code = code
	}
}

func (b *bufferWriter) Write(p []byte) (int, error) { return b.body.Write(p) }

func (b *bufferWriter) status(fallback int) int {
	if b.code != 0 {
		return b.code
	}
	return fallback
}

// requestHash identifies a request body for Idempotency-Key: a JSON body
// is hashed in canonical form (numbers kept as written, object members
// sorted, no whitespace), so a retry that reformats the same document is
// a replay; anything else (not JSON, more than one value, invalid UTF-8,
// which JSON decoding would replace) is hashed as sent.
func requestHash(body []byte) string {
	h := sha256.New()
	if canon, ok := canonicalJSON(body); ok {
		h.Write([]byte("json\x00"))
		h.Write(canon)
	} else {
		h.Write([]byte("raw\x00"))
		h.Write(body)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func canonicalJSON(body []byte) ([]byte, bool) {
	if !utf8.Valid(body) {
		return nil, false
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, false
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil { // maps are encoded with sorted keys
		return nil, false
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n")), true
}

// newToken names one claim.
func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
