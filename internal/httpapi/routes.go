package httpapi

import "github.com/labstack/echo/v4"

// routes lists every route of the API. Roles: A admin, S secretariat,
// C council, U unit; the finer rules live in the handlers.
func (s *Server) routes(e *echo.Echo) {
	staff := []string{roleAdmin, roleSecretariat}
	readers := []string{roleAdmin, roleSecretariat, roleCouncil}
	all := []string{roleAdmin, roleSecretariat, roleCouncil, roleUnit}

	e.GET("/healthz", s.healthz)
	e.GET("/api/openapi.yaml", s.openapi)

	e.POST("/api/v1/auth/login", s.login)

	v1 := e.Group("/api/v1", s.authenticate)
	v1.POST("/auth/logout", s.logout, s.allow(all...))
	v1.GET("/me", s.me, s.allow(all...))

	v1.GET("/users", s.listUsers, s.allow(roleAdmin))
	v1.POST("/users", s.createUser, s.allow(roleAdmin))

	v1.GET("/tiers", s.listTiers, s.allow(all...))
	v1.POST("/tiers", s.createTier, s.allow(staff...))

	v1.GET("/units", s.listUnits, s.allow(all...))
	v1.POST("/units", s.createUnit, s.allow(staff...))
	v1.GET("/units/:code", s.getUnit, s.allow(all...))
	v1.PATCH("/units/:code", s.updateUnit, s.allow(staff...))

	v1.GET("/periods", s.listPeriods, s.allow(all...))
	v1.POST("/periods", s.createPeriod, s.allow(staff...))
	v1.GET("/periods/:year", s.getPeriod, s.allow(all...))
	v1.GET("/periods/:year/frameworks/:tier", s.getFramework, s.allow(all...))
	v1.PUT("/periods/:year/frameworks/:tier", s.putFramework, s.allow(staff...))
	v1.GET("/periods/:year/scores", s.listScores, s.allow(all...))
	v1.PUT("/periods/:year/scores", s.putScores, s.allow(all...))
	v1.GET("/periods/:year/results", s.results, s.allow(readers...))
	v1.GET("/periods/:year/summary", s.summary, s.allow(readers...))
	v1.POST("/periods/:year/publish", s.publish, s.allow(staff...))
	v1.GET("/periods/:year/versions", s.versions, s.allow(readers...))

	pub := e.Group("/api/v1/public")
	pub.GET("/periods", s.publicPeriods)
	pub.GET("/periods/:year/results", s.publicResults)
	pub.GET("/periods/:year/summary", s.publicSummary)
	pub.GET("/periods/:year/versions", s.versions)
}
