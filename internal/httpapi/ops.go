package httpapi

import (
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// readiness is the body of /readyz.
type readiness struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// readyz answers 200 when this instance can serve: its database answers and
// has every migration of this binary. A load balancer stops sending
// requests while it answers 503 (another instance migrating, a database
// restart), without restarting the process as a failed liveness probe would.
func (s *Server) readyz(c echo.Context) error {
	ctx := c.Request().Context()
	if err := s.store.Ping(ctx); err != nil {
		s.log.Error("readiness: database unreachable", "err", err)
		return c.JSON(http.StatusServiceUnavailable, readiness{Status: "not ready", Reason: "database unreachable"})
	}
	current, err := s.store.MigrationsCurrent(ctx)
	if err != nil {
		s.log.Error("readiness: reading the migration state", "err", err)
		return c.JSON(http.StatusServiceUnavailable, readiness{Status: "not ready", Reason: "migration state unreadable"})
	}
	if !current {
		return c.JSON(http.StatusServiceUnavailable, readiness{Status: "not ready", Reason: "migrations pending"})
	}
	return c.JSON(http.StatusOK, readiness{Status: "ok"})
}

// metricsPage serves the Prometheus metrics. It needs no token: operators
// scrape it from the internal network, and the proxy does not expose it.
func (s *Server) metricsPage(c echo.Context) error {
	s.metrics.Handler().ServeHTTP(c.Response(), c.Request())
	return nil
}

// observe counts each request by its route pattern and final status. It
// runs the error handler itself so that the status it records is the one
// sent.
func (s *Server) observe(e *echo.Echo) echo.MiddlewareFunc {
	var once sync.Once
	routes := map[string]bool{}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			once.Do(func() {
				for _, r := range e.Routes() {
					if r.Method != echo.RouteNotFound {
						routes[r.Path] = true
					}
				}
			})
			start := time.Now()
			if err := next(c); err != nil {
				c.Error(err)
			}
			route := c.Path()
			if !routes[route] {
				route = "unmatched" // no raw URLs as labels: their number is unbounded
			}
			s.metrics.ObserveRequest(c.Request().Method, route, c.Response().Status, time.Since(start))
			return nil
		}
	}
}
