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

// unknownKeyTTL is how long a key the store does not know is answered 401
// from memory: guessed keys do not each cost a store lookup. A secret is
// random, so no real key is refused by it before being created.
const unknownKeyTTL = 30 * time.Second

// maxCachedKeys bounds each key cache; maxTrackedAddrs the addresses whose
// failed authentications are counted.
const (
	maxCachedKeys   = 10000
	maxTrackedAddrs = 10000
)

// principal is who is calling: a key, or an anonymous loopback caller when
// no key exists yet. Handlers read the caller's workspace from it, never
// from a request.
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

// workspace is the workspace the principal acts in: its key's, or
// DefaultWorkspace for the loopback demo mode (no key at all).
func (p principal) workspace() string {
	if p.key != nil {
		return creatormatch.WorkspaceOrDefault(p.key.Workspace)
	}
	return creatormatch.DefaultWorkspace
}

func principalOf(c echo.Context) principal {
	p, _ := c.Get("principal").(principal)
	return p
}

// keyCache remembers recent key lookups by hash.
type keyCache struct {
	mu      sync.Mutex
	byHash  map[string]cachedKey // keys the store returned, for keyCacheTTL
	unknown boundedTimes         // hashes the store did not know, for unknownKeyTTL
	anyAt   time.Time
	anyKeys bool
}

// boundedTimes maps strings to the time they were recorded, holding at
// most max entries: when full, expired entries go first, then arbitrary
// ones, down to three quarters of max, so the scan is paid once per
// max/4 insertions.
type boundedTimes struct {
	max int
	m   map[string]time.Time
}

func (b *boundedTimes) add(k string, now time.Time, ttl time.Duration) {
	if _, ok := b.m[k]; !ok && len(b.m) >= b.max {
		for k, at := range b.m {
			if now.Sub(at) >= ttl {
				delete(b.m, k)
			}
		}
		for k := range b.m {
			if len(b.m) <= b.max*3/4 {
				break
			}
			delete(b.m, k)
		}
	}
	b.m[k] = now
}

func (b *boundedTimes) fresh(k string, now time.Time, ttl time.Duration) bool {
	at, ok := b.m[k]
	return ok && now.Sub(at) < ttl
}

// failLimiter keeps a token bucket of failed authentications per client
// address, for at most max addresses.
type failLimiter struct {
	mu    sync.Mutex
	limit rate.Limit
	burst int
	max   int
	m     map[string]*rate.Limiter
}

// wait is how long addr must wait before it may fail again; 0 if it may.
func (l *failLimiter) wait(addr string, now time.Time) time.Duration {
	if l.limit <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	lim := l.m[addr]
	if lim == nil {
		return 0
	}
	tokens := lim.TokensAt(now)
	if tokens >= 1 {
		return 0
	}
	return time.Duration((1 - tokens) / float64(l.limit) * float64(time.Second))
}

// fail spends one of addr's tokens.
func (l *failLimiter) fail(addr string, now time.Time) {
	if l.limit <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	lim := l.m[addr]
	if lim == nil {
		if len(l.m) >= l.max {
			// A full bucket is the same as no bucket: forget those first.
			for k, b := range l.m {
				if b.TokensAt(now) >= float64(l.burst) {
					delete(l.m, k)
				}
			}
			for k := range l.m {
				if len(l.m) <= l.max*3/4 {
					break
				}
				delete(l.m, k)
			}
		}
		lim = rate.NewLimiter(l.limit, l.burst)
		l.m[addr] = lim
	}
	lim.AllowN(now, 1)
}

// clientAddr is what failed authentications are counted by: the IPv4
// address, or the /64 of an IPv6 one (a host usually holds a whole /64).
func clientAddr(host string) string {
	ip := net.ParseIP(host)
	if ip == nil || ip.To4() != nil {
		return host
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
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
		// An address that has failed too often is refused before any
		// store lookup, unless its key is one already known valid.
		addr, now := clientAddr(remote), time.Now()
		if wait := s.authFails.wait(addr, now); wait > 0 && !s.knownValid(secret) {
			secs := int(wait/time.Second) + 1
			c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
			return errorf(creatormatch.ErrRateLimited, "too many failed authentications from this address; retry after %d s", secs)
		}
		key, err := s.lookupKey(ctx, secret)
		if errors.Is(err, creatormatch.ErrNotFound) || (err == nil && !key.Active()) {
			s.authFails.fail(addr, now)
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

// knownValid reports whether secret is an active key cached as such.
func (s *Server) knownValid(secret string) bool {
	hash := creatormatch.HashAPIKey(secret)
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	ck, ok := s.keys.byHash[hash]
	return ok && time.Since(ck.at) < keyCacheTTL && ck.key.Active()
}

func (s *Server) lookupKey(ctx context.Context, secret string) (*creatormatch.APIKey, error) {
	hash := creatormatch.HashAPIKey(secret)
	now := time.Now()
	s.keys.mu.Lock()
	if ck, ok := s.keys.byHash[hash]; ok && now.Sub(ck.at) < keyCacheTTL {
		s.keys.mu.Unlock()
		return ck.key, nil
	}
	if s.keys.unknown.fresh(hash, now, unknownKeyTTL) {
		s.keys.mu.Unlock()
		return nil, creatormatch.ErrNotFound
	}
	s.keys.mu.Unlock()
	key, err := s.store.APIKeyByHash(ctx, hash)
	if err != nil && !errors.Is(err, creatormatch.ErrNotFound) {
		return nil, err
	}
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	now = time.Now()
	if key == nil {
		s.keys.unknown.add(hash, now, unknownKeyTTL)
		return nil, creatormatch.ErrNotFound
	}
	if len(s.keys.byHash) >= maxCachedKeys {
		s.keys.byHash = map[string]cachedKey{}
	}
	s.keys.byHash[hash] = cachedKey{key: key, at: now}
	delete(s.keys.unknown.m, hash)
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
		if s.sharedLimit != nil {
			return s.limitShared(c, next, id)
		}
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

// limitShared is limitRate through the store's shared buckets
// (creatormatch.SharedRateLimiter), so API replicas on one database admit
// together what one server would. A store failure admits the request
// (and is logged): the limiter must not turn a database hiccup into
// refusals, and the request itself reports the store's state.
func (s *Server) limitShared(c echo.Context, next echo.HandlerFunc, id string) error {
	every := time.Duration(float64(time.Second) / float64(s.limiter.limit))
	wait, err := s.sharedLimit.TakeRate(c.Request().Context(), id, every, s.limiter.burst)
	if err != nil {
		s.log.Warn("shared rate limit unavailable; request admitted", "err", err)
		return next(c)
	}
	if wait > 0 {
		secs := int(wait/time.Second) + 1
		c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
		return errorf(creatormatch.ErrRateLimited, "rate limit of %g requests/s exceeded; retry after %d s", float64(s.limiter.limit), secs)
	}
	return next(c)
}
