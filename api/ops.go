package api

import (
	"net/http"
	"net/http/pprof"
	rpprof "runtime/pprof"

	"github.com/labstack/echo/v4"

	"github.com/creatormatch/creatormatch"
	"github.com/creatormatch/creatormatch/api/spec"
)

// Metrics implements GET /metrics (Prometheus). Without a metrics
// registry configured it is a 404.
func (s *Server) Metrics(c echo.Context) error {
	if s.metrics == nil {
		return echo.NewHTTPError(http.StatusNotFound, "metrics are not enabled")
	}
	s.metrics.Handler().ServeHTTP(c.Response(), c.Request())
	return nil
}

// Pprof implements GET /debug/pprof/{profile} for admin keys: the
// authenticate middleware has already checked the admin scope (the route
// is never open, even in loopback demo mode with no keys, because a
// profile exposes memory contents).
func (s *Server) Pprof(c echo.Context, profile string, _ spec.PprofParams) error {
	if principalOf(c).key == nil {
		return errorf(creatormatch.ErrUnauthorized, "profiles need an admin API key")
	}
	switch profile {
	case "cmdline":
		pprof.Cmdline(c.Response(), c.Request())
	case "profile":
		pprof.Profile(c.Response(), c.Request())
	case "symbol":
		pprof.Symbol(c.Response(), c.Request())
	case "trace":
		pprof.Trace(c.Response(), c.Request())
	default:
		if rpprof.Lookup(profile) == nil {
			return echo.NewHTTPError(http.StatusNotFound, "no such profile")
		}
		pprof.Handler(profile).ServeHTTP(c.Response(), c.Request())
	}
	return nil
}
