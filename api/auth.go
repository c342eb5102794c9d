package api

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"

	"github.com/creatormatch/creatormatch"
)

// keyCacheTTL bounds how long a key lookup (and the "any key exists"
// answer) is reused: a revoked key stops working within this time, and a
// busy server does not hit the store on every request.
const keyCacheTTL = 2 * time.Second

// principal is who is calling: a key, or an anonymous loopback caller when
// no key exists yet.
type principal struct {
	key    *creatormatch.APIKey
	remote string
}

// id names the principal for rate limits and idempotency, never the secret.
func (p principal) id() string {
	if p.key != nil {
		return p.key.ID
	}
	return "anon:" + p.remote
}

func principalOf(c echo.Context) principal {
	p, _ := c.Get("principal").(principal)
	return p
}

// keyCache remembers recent key lookups by hash.
type keyCache struct {
	mu      sync.Mutex
	byHash  map[string]cachedKey
	anyAt   time.Time
	anyKeys bool
}

type cachedKey struct {
	key *creatormatch.APIKey
	at  time.Time
}

// authenticate enforces API keys on every operation with an
// x-required-scope. Once any key exists every such route needs a key
// (Authorization: Bearer <key>) whose scopes allow it: missing or unknown
// keys are 401, revoked keys 401, too-narrow scopes 403. With no key at all
// the server is in local demo mode: it answers loopback callers only.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		op := s.operationFor(c)
		if op == nil || op.scope == "" {
			return next(c)
		}
		ctx := c.Request().Context()
		remote := remoteHost(c.Request())
		secret, hasKey := bearer(c.Request())
		if !hasKey {
			anyKeys, err := s.anyKeys(ctx)
			if err != nil {
				return keyStoreError(err)
			}
			if anyKeys {
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="creatormatch"`)
				return errorf(creatormatch.ErrUnauthorized, "send an API key as Authorization: Bearer <key>")
			}
			if !isLoopback(remote) {
				return errorf(creatormatch.ErrUnauthorized, "no API key exists yet, so only loopback callers are served; create one with `creatormatch apikey create`")
			}
			c.Set("principal", principal{remote: remote})
			return next(c)
		}
		key, err := s.lookupKey(ctx, secret)
		if errors.Is(err, creatormatch.ErrNotFound) || (err == nil && !key.Active()) {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="creatormatch", error="invalid_token"`)
			return errorf(creatormatch.ErrUnauthorized, "the API key is unknown or revoked")
		}
		if err != nil {
			return keyStoreError(err)
		}
		if !key.Allows(op.scope) {
			return errorf(creatormatch.ErrForbidden, "this key lacks the %s scope", op.scope)
		}
		c.Set("principal", principal{key: key, remote: remote})
		return next(c)
	}
}

// keyStoreError is what a caller learns when the key store fails: 503 when
// it is unavailable (retry), else 500. Whatever kind the store gave the
// failure, it is not the caller's input that was invalid or conflicting.
func keyStoreError(err error) error {
	switch errorCode(err) {
	case creatormatch.ErrUnavailable, context.DeadlineExceeded:
		return err
	}
	return internalError{err}
}

func (s *Server) anyKeys(ctx context.Context) (bool, error) {
	s.keys.mu.Lock()
	if time.Since(s.keys.anyAt) < keyCacheTTL {
		v := s.keys.anyKeys
		s.keys.mu.Unlock()
		return v, nil
	}
	s.keys.mu.Unlock()
	keys, err := s.store.ListAPIKeys(ctx)
	if err != nil {
		return false, err
	}
	active := false
	for _, k := range keys {
		if k.Active() {
			active = true
			break
		}
	}
	s.keys.mu.Lock()
	s.keys.anyKeys, s.keys.anyAt = active, time.Now()
	s.keys.mu.Unlock()
	return active, nil
}

func (s *Server) lookupKey(ctx context.Context, secret string) (*creatormatch.APIKey, error) {
	hash := creatormatch.HashAPIKey(secret)
	s.keys.mu.Lock()
	if ck, ok := s.keys.byHash[hash]; ok && time.Since(ck.at) < keyCacheTTL {
		s.keys.mu.Unlock()
		if ck.key == nil {
			return nil, creatormatch.ErrNotFound
		}
		return ck.key, nil
	}
	s.keys.mu.Unlock()
	key, err := s.store.APIKeyByHash(ctx, hash)
	if err != nil && !errors.Is(err, creatormatch.ErrNotFound) {
		return nil, err
	}
	s.keys.mu.Lock()
	if len(s.keys.byHash) > 10000 {
		s.keys.byHash = map[string]cachedKey{}
	}
	s.keys.byHash[hash] = cachedKey{key: key, at: time.Now()}
	s.keys.mu.Unlock()
	if key == nil {
		return nil, creatormatch.ErrNotFound
	}
	return key, nil
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// remoteHost is the TCP peer's address. Forwarded headers are ignored on
// purpose: they are set by the client, and the loopback rule must not be
// spoofable.
func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// rateLimiter keeps one token bucket per principal.
type rateLimiter struct {
	mu      sync.Mutex
	limit   rate.Limit
	burst   int
	buckets map[string]*bucket
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// limitRate answers 429 with Retry-After when a principal exceeds its
// request rate. Buckets idle for ten minutes are dropped.
func (s *Server) limitRate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.cfg.RateLimit <= 0 {
			return next(c)
		}
		op := s.operationFor(c)
		if op == nil || op.scope == "" {
			return next(c)
		}
		id := principalOf(c).id()
		now := time.Now()
		s.limiter.mu.Lock()
		b, ok := s.limiter.buckets[id]
		if !ok {
			if len(s.limiter.buckets) > 10000 {
				for k, v := range s.limiter.buckets {
					if now.Sub(v.seen) > 10*time.Minute {
						delete(s.limiter.buckets, k)
					}
				}
			}
			b = &bucket{lim: rate.NewLimiter(s.limiter.limit, s.limiter.burst)}
			s.limiter.buckets[id] = b
		}
		b.seen = now
		r := b.lim.ReserveN(now, 1)
		delay := r.DelayFrom(now)
		if delay > 0 {
			r.CancelAt(now)
		}
		s.limiter.mu.Unlock()
		if delay > 0 {
			secs := int(delay/time.Second) + 1
			c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
			return errorf(creatormatch.ErrRateLimited, "rate limit of %g requests/s exceeded; retry after %d s", float64(s.limiter.limit), secs)
		}
		return next(c)
	}
}
