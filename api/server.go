// Package api is creatormatch's HTTP layer (Echo v4): it decodes and
// validates requests, calls the catalog and matcher, and encodes responses
// and problem+json errors. It holds no business rule.
package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"sort"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api/spec"
	"github.com/creatormatch/creatormatch/catalog"
	"github.com/creatormatch/creatormatch/learning"
	"github.com/creatormatch/creatormatch/matcher"
	"github.com/creatormatch/creatormatch/metrics"
)

// Config holds the HTTP layer's settings.
type Config struct {
	// BodyLimit caps request bodies in bytes (default 8 MiB).
	BodyLimit int64
	// RequestTimeout bounds the work of one request (default 30 s).
	RequestTimeout time.Duration
	// Version is reported by /healthz.
	Version string
	// RateLimit is each API key's sustained request rate per second on
	// /v1 routes (default 50; negative disables); RateBurst its burst
	// (default 2×RateLimit).
	RateLimit float64
	RateBurst int
	// AuthFailureRate is how many failed authentications (unknown or
	// revoked keys) per second each client address may make, sustained
	// (default 0.2, i.e. 12 a minute; negative disables); AuthFailureBurst
	// its burst (default 10). Beyond it, requests from the address that
	// present a key not already known valid are 429s with Retry-After and
	// never reach the store. IPv6 addresses count by /64.
	AuthFailureRate  float64
	AuthFailureBurst int
}

func (c *Config) defaults() {
	if c.BodyLimit <= 0 {
		c.BodyLimit = 8 << 20
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 30 * time.Second
	}
	if c.RateLimit == 0 {
		c.RateLimit = 50
	}
	if c.RateBurst <= 0 {
		c.RateBurst = int(2 * c.RateLimit)
	}
	if c.AuthFailureRate == 0 {
		c.AuthFailureRate = 0.2
	}
	if c.AuthFailureBurst <= 0 {
		c.AuthFailureBurst = 10
	}
}

// Server routes HTTP requests to the catalog and matcher.
type Server struct {
	cfg     Config
	echo    *echo.Echo
	catalog *catalog.Service
	matcher *matcher.Matcher
	store   creatormatch.Store
	trainer *learning.Trainer
	log     *slog.Logger
	ops     map[string]*operation

	metrics *metrics.Metrics
	keys    keyCache
	limiter rateLimiter
	// sharedLimit is the store's shared rate buckets when it has them
	// (Postgres): every replica on the database draws from one bucket
	// per principal. Nil keeps the buckets in this process (the embedded
	// store admits one process anyway).
	sharedLimit creatormatch.SharedRateLimiter
	// tokener gives write answers their Consistency-Token when the store
	// has read replicas (consistency.go); nil otherwise.
	tokener   creatormatch.ConsistencyTokener
	authFails failLimiter

	docsOnce sync.Once
	docsHTML []byte
	docsCSP  string
	docsErr  error
}

// Deps are the services the HTTP layer calls.
type Deps struct {
	Catalog *catalog.Service
	Matcher *matcher.Matcher
	Log     *slog.Logger
	// Metrics, when set, records request latency and serves /metrics.
	Metrics *metrics.Metrics
	// Trainer, when set, is told of recorded feedback and trains the
	// workspace's weights in the background every Trainer.Every events.
	Trainer *learning.Trainer
}

// New builds the HTTP handler. It fails only if the embedded openapi.yaml
// cannot be loaded, which a test guards.
func New(cfg Config, d Deps) (*Server, error) {
	cfg.defaults()
	log := d.Log
	if log == nil {
		log = slog.Default()
	}
	ops, err := loadOperations()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, catalog: d.Catalog, matcher: d.Matcher, store: d.Catalog.Store(), trainer: d.Trainer, log: log, ops: ops, metrics: d.Metrics}
	s.keys.byHash = map[string]cachedKey{}
	s.keys.unknown = boundedTimes{max: maxCachedKeys, m: map[string]time.Time{}}
	s.authFails = failLimiter{limit: rate.Limit(cfg.AuthFailureRate), burst: cfg.AuthFailureBurst, max: maxTrackedAddrs, m: map[string]*rate.Limiter{}}
	s.limiter = rateLimiter{limit: rate.Limit(cfg.RateLimit), burst: cfg.RateBurst, buckets: map[string]*bucket{}}
	// StoreAs: the store is usually wrapped (metrics), which must not hide
	// the shared limiter; a plain type assertion did, in `serve`.
	if sl, ok := creatormatch.StoreAs[creatormatch.SharedRateLimiter](s.store); ok && cfg.RateLimit > 0 {
		s.sharedLimit = sl
	}
	s.tokener, _ = creatormatch.StoreAs[creatormatch.ConsistencyTokener](s.store)
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = s.errorHandler
	e.Use(securityHeaders)
	e.Use(requestID)
	e.Use(s.logRequests)
	e.Use(s.recoverPanics)
	e.Use(bodyLimit(cfg.BodyLimit))
	e.Use(s.timeout)
	e.Use(s.authenticate)
	e.Use(s.limitRate)
	e.Use(s.consistency)
	e.Use(s.validateRequest)
	e.Use(s.idempotency)
	s.echo = e
	s.routes()
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Routes lists the routes as "METHOD /path" with OpenAPI-style
// parameters, for the route/spec consistency test.
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.echo.Routes() {
		out = append(out, r.Method+" "+openAPIPath(r.Path))
	}
	return out
}

// routes registers every operation of openapi.yaml through the generated
// spec.RegisterHandlers, so a route exists exactly when the spec names it.
func (s *Server) routes() {
	spec.RegisterHandlers(s.echo, s)
}

var _ spec.ServerInterface = (*Server)(nil)

func openAPIPath(p string) string {
	out := []byte{}
	for i := 0; i < len(p); i++ {
		if p[i] == ':' {
			j := i + 1
			for j < len(p) && p[j] != '/' {
				j++
			}
			out = append(out, '{')
			out = append(out, p[i+1:j]...)
			out = append(out, '}')
			i = j - 1
			continue
		}
		out = append(out, p[i])
	}
	return string(out)
}

func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		req := c.Request()
		if s.metrics != nil {
			route := c.Path()
			if route == "" || s.operationFor(c) == nil {
				route = "unmatched" // keep label cardinality bounded
			}
			s.metrics.ObserveHTTP(openAPIPath(route), req.Method, c.Response().Status, time.Since(start))
		}
		s.log.InfoContext(req.Context(), "request",
			"request_id", c.Response().Header().Get(echo.HeaderXRequestID),
			"method", req.Method,
			"route", c.Path(),
			"path", req.URL.Path,
			"status", c.Response().Status,
			"bytes", c.Response().Size,
			"duration_ms", float64(time.Since(start).Microseconds())/1000,
			"remote", remoteHost(req),
		)
		return nil
	}
}

func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				s.log.ErrorContext(c.Request().Context(), "panic serving request", "panic", r, "path", c.Request().URL.Path)
				err = echo.NewHTTPError(http.StatusInternalServerError, "internal error")
			}
		}()
		return next(c)
	}
}

// timeout bounds each request's context so a slow dependency cannot hold
// a connection forever; the store and embedder honour the context.
func (s *Server) timeout(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.RequestTimeout)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

// Healthz implements GET /healthz.
func (s *Server) Healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok", "version": s.cfg.Version})
}

// Readyz implements GET /readyz: 200 when the store can serve reads and
// writes (creatormatch.HealthChecker, else Ping), else 503 with
// Retry-After and a problem whose detail says why in client-safe words
// ("the database does not exist", "the database is read-only", ...).
func (s *Server) Readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	var err error
	if hc, ok := s.store.(creatormatch.HealthChecker); ok {
		err = hc.Ready(ctx)
	} else {
		err = s.store.Ping(ctx)
	}
	if err == nil {
		return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
	}
	// A reason the store wrote for clients is passed on; anything else
	// (an error of another kind, or of no message) is "not reachable".
	var ce *creatormatch.Error
	if creatormatch.ErrorCode(err) != creatormatch.ErrUnavailable || !errors.As(err, &ce) || ce.Message == "" {
		err = creatormatch.WrapError(err, creatormatch.ErrUnavailable,
			"The store is not reachable; retry after the Retry-After delay.")
	}
	return err
}

// Openapi implements GET /openapi.yaml.
func (s *Server) Openapi(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/yaml", creatormatch.OpenAPI)
}

// decode reads the request body as strict JSON into v.
func decode(c echo.Context, v any) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if ct != "" && !isJSON(ct) {
		return &echo.HTTPError{Code: http.StatusUnsupportedMediaType, Message: "send application/json"}
	}
	b, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return he
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &echo.HTTPError{Code: http.StatusRequestEntityTooLarge, Message: "the request body exceeds the limit"}
		}
		return &echo.HTTPError{Code: http.StatusBadRequest, Message: "could not read the request body"}
	}
	if len(bytes.TrimSpace(b)) == 0 || !json.Valid(b) {
		// Not JSON at all is a 400; JSON of the wrong shape is a 422.
		err := catalog.DecodeStrict(b, v)
		if err == nil {
			err = creatormatch.Invalid("body", "malformed JSON")
		}
		return malformed{err}
	}
	err = catalog.DecodeStrict(b, v)
	var ve *creatormatch.ValidationError
	if errors.As(err, &ve) && len(ve.Fields) == 1 && ve.Fields[0].Reason == "unknown field" {
		// encoding/json names the first unknown member without its path;
		// name every one by its path instead.
		if paths := unknownFields(b, reflect.TypeOf(v)); len(paths) > 0 {
			sort.Strings(paths)
			out := &creatormatch.ValidationError{}
			for _, p := range paths {
				out.Add(p, "unknown field")
			}
			return out
		}
	}
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
