package httpapi

import (
	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/web"
	"github.com/parindex/parindex/internal/workflow"
	"github.com/parindex/parindex/internal/xlsx"
)

// routes lists every route of the API with the roles that may call it;
// the finer rules (a unit's own data, which fields a role sets) live in the
// handlers. Routes outside /api/v1 and /api/v1/public need no token.
func (s *Server) routes(e *echo.Echo) {
	staff := []string{workflow.RoleAdmin, workflow.RoleSecretariat}
	readers := []string{workflow.RoleAdmin, workflow.RoleSecretariat, workflow.RoleCouncil}
	all := []string{workflow.RoleAdmin, workflow.RoleSecretariat, workflow.RoleCouncil, workflow.RoleUnit}

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", s.metricsPage)
	e.GET("/api/openapi.yaml", s.openapi)

	e.POST("/api/v1/auth/login", s.login, s.limitLogins)

	v1 := e.Group("/api/v1")
	v1.POST("/auth/logout", s.logout, s.auth(all...)...)
	v1.GET("/me", s.me, s.auth(all...)...)
	v1.POST("/me/password", s.changeOwnPassword, s.auth(all...)...)

	v1.GET("/users", s.listUsers, s.auth(workflow.RoleAdmin)...)
	v1.POST("/users", s.createUser, s.auth(workflow.RoleAdmin)...)
	v1.PATCH("/users/:username", s.updateUser, s.auth(workflow.RoleAdmin)...)

	v1.GET("/tiers", s.listTiers, s.auth(all...)...)
	v1.POST("/tiers", s.createTier, s.auth(staff...)...)

	v1.GET("/units", s.listUnits, s.auth(all...)...)
	v1.POST("/units", s.createUnit, s.auth(staff...)...)
	v1.GET("/units/:code", s.getUnit, s.auth(all...)...)
	v1.PATCH("/units/:code", s.updateUnit, s.auth(staff...)...)

	v1.GET("/periods", s.listPeriods, s.auth(all...)...)
	v1.POST("/periods", s.createPeriod, s.auth(staff...)...)
	v1.GET("/periods/:year", s.getPeriod, s.auth(all...)...)
	v1.GET("/periods/:year/frameworks/:tier", s.getFramework, s.auth(all...)...)
	v1.PUT("/periods/:year/frameworks/:tier", s.putFrameworkAny, s.auth(staff...)...)
	v1.GET("/periods/:year/frameworks/:tier/criteria.xlsx", s.frameworkWorkbook, s.auth(all...)...)
	v1.GET("/periods/:year/scores", s.listScores, s.auth(all...)...)
	v1.PUT("/periods/:year/scores", s.putScores, s.auth(all...)...)
	v1.GET("/periods/:year/results", s.results, s.auth(readers...)...)
	v1.GET("/periods/:year/summary", s.summary, s.auth(readers...)...)
	v1.POST("/periods/:year/publish", s.publish, s.auth(staff...)...)
	v1.GET("/periods/:year/versions", s.versions, s.auth(readers...)...)
	v1.GET("/periods/:year/report.xlsx", s.report, s.auth(readers...)...)
	v1.GET("/periods/:year/units/:code/scorecard.xlsx", s.scorecard, s.auth(all...)...)
	v1.GET("/periods/:year/scores/template.xlsx", s.scoreTemplate, s.auth(readers...)...)
	v1.POST("/periods/:year/scores/import", s.importScores, s.auth(readers...)...)
	v1.POST("/periods/:year/stage", s.moveStage, s.auth(staff...)...)
	v1.GET("/periods/:year/units", s.listPeriodUnits, s.auth(all...)...)
	v1.POST("/periods/:year/units", s.addPeriodUnit, s.auth(staff...)...)
	v1.GET("/periods/:year/units/:code/scores", s.getSheet, s.auth(all...)...)
	v1.PUT("/periods/:year/units/:code/scores", s.putSheet, s.auth(all...)...)
	v1.POST("/periods/:year/units/:code/evidence", s.addEvidence, s.auth(all...)...)
	v1.GET("/periods/:year/units/:code/evidence", s.listEvidence, s.auth(all...)...)
	v1.GET("/periods/:year/units/:code/evidence.zip", s.evidenceZip, s.auth(all...)...)
	v1.GET("/periods/:year/units/:code/evidence/:id/file", s.downloadEvidence, s.auth(all...)...)
	v1.DELETE("/periods/:year/units/:code/evidence/:id", s.removeEvidence, s.auth(all...)...)
	v1.POST("/periods/:year/units/:code/remarks", s.addRemark, s.auth(all...)...)
	v1.POST("/periods/:year/units/:code/remarks/status", s.setThreadStatus, s.auth(all...)...)

	v1.GET("/audit", s.listAudit, s.auth(staff...)...)
	v1.GET("/audit.csv", s.exportAudit, s.auth(staff...)...)

	v1.GET("/periods/:year/embed-snippet", s.embedSnippet, s.auth(staff...)...)
	v1.POST("/periods/:year/news-draft", s.newsDraft, s.auth(staff...)...)
	v1.GET("/news", s.listNews, s.auth(staff...)...)
	v1.POST("/news", s.createNews, s.auth(staff...)...)
	v1.GET("/news/:id", s.getNews, s.auth(staff...)...)
	v1.PATCH("/news/:id", s.updateNews, s.auth(staff...)...)
	v1.POST("/news/:id/publish", s.publishNews, s.auth(staff...)...)
	v1.POST("/news/:id/unpublish", s.unpublishNews, s.auth(staff...)...)

	pub := e.Group("/api/v1/public", publicCORS)
	pub.GET("/periods", s.publicPeriods)
	pub.GET("/periods/:year/results", s.publicResults)
	pub.GET("/periods/:year/results.csv", s.publicResultsCSV)
	pub.GET("/periods/:year/summary", s.publicSummary)
	pub.GET("/periods/:year/summary.csv", s.publicSummaryCSV)
	pub.GET("/periods/:year/report.xlsx", s.publicReport)
	pub.GET("/periods/:year/versions", s.publicVersions)
	pub.GET("/units/:code", s.publicUnit)
	pub.GET("/news", s.publicNewsList)
	pub.GET("/news/:slug", s.publicNewsItem)

	// Pages for people: the portal's iframe widget and the news pages.
	e.GET("/embed/periods/:year", s.embed)
	e.GET("/news/:slug", s.newsPageHTML)

	// Pages for people signed in (internal/web), with a session cookie
	// instead of a token. Signed out, /app sends the browser to /login;
	// another role gets a 403 page. Every POST must come from this site
	// (http.CrossOriginProtection) and carry the form's token.
	w := s.web
	// The public site (internal/web site*.go): published snapshots only,
	// through s.cache, like /api/v1/public.
	e.GET("/", w.Home)
	e.GET("/results/:year/:tier", w.Results)
	e.GET("/units/:code", w.PublicUnit)
	e.GET("/data", w.Data)
	e.GET("/news", w.NewsList)
	e.GET("/sitemap.xml", w.Sitemap)
	e.GET("/robots.txt", w.Robots)
	e.GET("/login", w.LoginPage)
	e.POST("/login", w.Login, s.limitLogins)
	e.POST("/logout", w.Logout, w.Require(all...))
	e.GET("/app", w.App, w.Require(all...))
	// A unit's scoring sheet (issue 13, screen 3); evidence from its rows,
	// and a file's bytes through the API's download handler.
	e.GET("/app/periods/:year/units/:code", w.Sheet, w.Require(all...))
	e.POST("/app/periods/:year/units/:code", w.SaveSheet, w.Require(all...))
	e.POST(pageEvidenceRoute, w.AddSheetEvidence, s.pageUpload, w.Require(all...))
	e.POST("/app/periods/:year/units/:code/evidence/:id/delete", w.RemoveSheetEvidence, w.Require(all...))
	e.GET("/app/periods/:year/units/:code/evidence/:id/file", s.downloadEvidence, w.Require(all...), s.pageUser)
	e.GET("/app/periods/:year/units/:code/remarks", w.Remarks, w.Require(all...))
	e.POST("/app/periods/:year/units/:code/remarks", w.PostRemark, w.Require(all...))
	e.GET("/app/periods/:year/remarks", w.OpenRemarks, w.Require(all...))
	e.GET("/app/periods/:year/units/:code/points", w.Points, w.Require(all...))
	e.GET("/app/periods/:year/council", w.Council, w.Require(readers...))
	e.GET(web.StaticPrefix+":asset", w.Static)

	// The secretariat's console (issue 14, internal/web/console*.go):
	// admin and secretariat; accounts are the admin's, as in the API.
	e.GET("/app/console", w.ConsoleHome, w.Require(staff...))
	e.GET("/app/console/year", w.ConsoleYear, w.Require(staff...))
	e.GET("/app/periods/new", w.PeriodNewPage, w.Require(staff...))
	e.POST("/app/periods/new", w.PeriodNew, w.Require(staff...))
	e.GET("/app/units", w.UnitsList, w.Require(staff...))
	e.POST("/app/units", w.UnitAdd, w.Require(staff...))
	e.GET("/app/units/:code", w.UnitPage, w.Require(staff...))
	e.POST("/app/units/:code", w.UnitEdit, w.Require(staff...))
	e.GET("/app/tiers", w.TiersList, w.Require(staff...))
	e.POST("/app/tiers", w.TierAdd, w.Require(staff...))
	e.GET("/app/periods/:year/framework/:tier", w.FrameworkPage, w.Require(staff...))
	e.POST("/app/periods/:year/framework/:tier", w.FrameworkPost, w.Require(staff...))
	e.POST("/app/periods/:year/framework/:tier/import", w.FrameworkImport, w.LimitBody(xlsx.DefaultLimits.MaxBytes+1<<20), w.Require(staff...))
	e.GET("/app/users", w.UsersList, w.Require(workflow.RoleAdmin))
	e.POST("/app/users", w.UserAdd, w.Require(workflow.RoleAdmin))
	e.GET("/app/users/:username", w.UserPage, w.Require(workflow.RoleAdmin))
	e.POST("/app/users/:username", w.UserEdit, w.Require(workflow.RoleAdmin))
	e.GET("/app/periods/:year/assignments", w.AssignmentsPage, w.Require(staff...))
	e.POST("/app/periods/:year/assignments", w.AssignmentsSave, w.Require(staff...))
	// The secretariat's console: running a year, publishing, the news and
	// the audit log (admin and secretariat; others get a 403 page).
	sw := w.Require(staff...)
	e.GET("/app/periods/:year/board", w.Board, sw)
	e.POST("/app/periods/:year/board", w.MoveStage, sw)
	e.GET("/app/periods/:year/board.csv", w.BoardCSV, sw)
	e.GET("/app/periods/:year/publish", w.Publish, sw)
	e.POST("/app/periods/:year/publish", w.PublishPeriod, sw)
	e.GET("/app/periods/:year/imports", w.Imports, sw)
	e.POST("/app/periods/:year/imports", w.Import, w.LimitBody(web.MaxImportBody), sw)
	e.GET("/app/periods/:year/dashboard", w.Dashboard, sw)
	e.GET("/app/periods/:year/exports", w.Exports, sw)
	e.GET("/app/periods/:year/exports/report.xlsx", w.ExportReport, sw)
	e.GET("/app/periods/:year/exports/template.xlsx", w.ExportTemplate, sw)
	e.GET("/app/periods/:year/exports/units/:code/scorecard.xlsx", w.ExportScorecard, sw)
	e.GET("/app/periods/:year/exports/audit.csv", w.ExportAudit, sw)
	e.GET("/app/news", w.NewsRecords, sw)
	e.POST("/app/news", w.CreateNews, sw)
	e.POST("/app/news/draft", w.DraftNews, sw)
	e.GET("/app/news/:id", w.NewsItem, sw)
	e.POST("/app/news/:id", w.SaveNews, sw)
	e.GET("/app/audit", w.Audit, sw)
	e.GET("/app/audit/:id", w.AuditItem, sw)
}

// pagePaths are the routes of the pages (internal/web): forms and HTML,
// not the JSON API, so api/openapi.yaml and the API's permission table
// leave them out; internal/web's tests cover them.
var pagePaths = []string{"/", "/results/:year/:tier", "/units/:code", "/data", "/news", "/sitemap.xml", "/robots.txt", "/login", "/logout", "/app", web.StaticPrefix + ":asset",
	"/app/periods/:year/units/:code", pageEvidenceRoute, "/app/periods/:year/units/:code/evidence/:id/delete",
	"/app/periods/:year/units/:code/evidence/:id/file",
	"/app/periods/:year/units/:code/remarks", "/app/periods/:year/remarks",
	"/app/periods/:year/units/:code/points", "/app/periods/:year/council",
	// The console's (consolea).
	"/app/console", "/app/console/year", "/app/periods/new", "/app/units", "/app/units/:code", "/app/tiers",
	"/app/periods/:year/framework/:tier", "/app/periods/:year/framework/:tier/import",
	"/app/users", "/app/users/:username", "/app/periods/:year/assignments",
	// The console's (consoleb): the year's screens, news, audit.
	"/app/periods/:year/board", "/app/periods/:year/board.csv", "/app/periods/:year/publish",
	"/app/periods/:year/imports", "/app/periods/:year/dashboard", "/app/periods/:year/exports", "/app/periods/:year/exports/report.xlsx",
	"/app/periods/:year/exports/template.xlsx", "/app/periods/:year/exports/units/:code/scorecard.xlsx", "/app/periods/:year/exports/audit.csv",
	"/app/news", "/app/news/draft", "/app/news/:id", "/app/audit", "/app/audit/:id"}

// auth requires a valid token and one of the roles.
func (s *Server) auth(roles ...string) []echo.MiddlewareFunc {
	return []echo.MiddlewareFunc{s.authenticate, s.limitWrites, s.allow(roles...)}
}
