package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// The permission matrix: every route × role × stage, with the status each
// combination must get. A route without a row fails TestPermissions, so no
// route can be added without saying who may call it, and when.

// The roles of the matrix. The target of every unit-scoped request is unit
// tt (Thanh tra tỉnh): "own" is tt's user, "other" is stp's user, and the
// restricted council member is assigned to stp only.
const (
	asAnonymous    = "anonymous"
	asAdmin        = "admin"
	asSecretariat  = "secretariat"
	asCouncil      = "council"
	asCouncilOther = "council-assigned-elsewhere"
	asUnitOwn      = "unit-own"
	asUnitOther    = "unit-other"
)

var matrixRoles = []string{asAnonymous, asAdmin, asSecretariat, asCouncil, asCouncilOther, asUnitOwn, asUnitOther}

var matrixStages = []string{"draft", "self_assessment", "appraisal", "finalized", "published"}

var (
	staffRoles  = []string{asAdmin, asSecretariat}
	readerRoles = []string{asAdmin, asSecretariat, asCouncil, asCouncilOther}
	signedIn    = []string{asAdmin, asSecretariat, asCouncil, asCouncilOther, asUnitOwn, asUnitOther}
)

const permXLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func locked(stage string) bool { return stage == "finalized" || stage == "published" }

// ---------------------------------------------------------------- rules

// rule is the status a role gets in a stage.
type rule func(role, stage string) int

// always: every caller, signed in or not, gets ok (public routes).
func always(ok int) rule { return func(string, string) int { return ok } }

// only lets the roles through to then; anyone else signed in gets 403, an
// anonymous caller 401.
func only(roles []string, then rule) rule {
	return func(role, stage string) int {
		switch {
		case role == asAnonymous:
			return http.StatusUnauthorized
		case !slices.Contains(roles, role):
			return http.StatusForbidden
		}
		return then(role, stage)
	}
}

// ifPublished: ok once the period is published, 404 before.
func ifPublished(ok int) rule {
	return func(_, stage string) int {
		if stage == "published" {
			return ok
		}
		return http.StatusNotFound
	}
}

// notOnOtherUnit refuses the unit user of another unit and the council
// member assigned elsewhere with 403 (reads of unit tt's own data).
// unitReadable: every role reads a unit's sheet but another unit; a
// council member reads all units, whichever it is assigned to score.
func unitReadable(ok int) rule {
	return func(role, stage string) int {
		switch role {
		case asAnonymous:
			return http.StatusUnauthorized
		case asUnitOther:
			return http.StatusForbidden
		}
		return ok
	}
}

func notOnOtherUnit(ok int) rule {
	return func(role, stage string) int {
		switch role {
		case asAnonymous:
			return http.StatusUnauthorized
		case asUnitOther, asCouncilOther:
			return http.StatusForbidden
		}
		return ok
	}
}

// scoreWrite is workflow.CheckScore: staff until finalized, the council in
// appraisal, the unit in self-assessment; never on another unit.
func scoreWrite(ok int) rule {
	return func(role, stage string) int {
		switch {
		case role == asAnonymous:
			return http.StatusUnauthorized
		case role == asCouncilOther || role == asUnitOther:
			return http.StatusForbidden
		case locked(stage):
			return http.StatusConflict
		case role == asAdmin || role == asSecretariat,
			role == asCouncil && stage == "appraisal",
			role == asUnitOwn && stage == "self_assessment":
			return ok
		}
		return http.StatusConflict
	}
}

// evidenceWrite is workflow.CheckEvidence: never the council; the unit in
// self-assessment and appraisal; staff until finalized.
func evidenceWrite(ok int) rule {
	return func(role, stage string) int {
		switch {
		case role == asAnonymous:
			return http.StatusUnauthorized
		case role == asCouncil || role == asCouncilOther || role == asUnitOther:
			return http.StatusForbidden
		case locked(stage):
			return http.StatusConflict
		case role == asAdmin || role == asSecretariat,
			role == asUnitOwn && (stage == "self_assessment" || stage == "appraisal"):
			return ok
		}
		return http.StatusConflict
	}
}

// remarkWrite is workflow.CheckRemark: staff until finalized, the council
// and the unit in appraisal.
func remarkWrite(role, stage string) int {
	switch {
	case role == asAnonymous:
		return http.StatusUnauthorized
	case role == asCouncilOther || role == asUnitOther:
		return http.StatusForbidden
	case locked(stage):
		return http.StatusConflict
	case role == asAdmin || role == asSecretariat,
		(role == asCouncil || role == asUnitOwn) && stage == "appraisal":
		return http.StatusCreated
	}
	return http.StatusConflict
}

// threadStatus is workflow.CheckThreadStatus: the council on its units
// in appraisal, staff until finalized, never a unit.
func threadStatus(role, stage string) int {
	switch {
	case role == asAnonymous:
		return http.StatusUnauthorized
	case role == asUnitOwn || role == asUnitOther || role == asCouncilOther:
		return http.StatusForbidden
	case locked(stage):
		return http.StatusConflict
	case role == asAdmin || role == asSecretariat, role == asCouncil && stage == "appraisal":
		return http.StatusCreated
	}
	return http.StatusConflict
}

// stageMove: forward moves are the staff's; moving a finalized or
// published period back (reopening) is the admin's.
func stageMove(role, stage string) int {
	if locked(stage) && role != asAdmin {
		return http.StatusForbidden
	}
	return http.StatusOK
}

// ---------------------------------------------------------------- the world

// permWorld is one server with a period in each stage, the users of every
// role, and what the matrix's requests need.
type permWorld struct {
	ts        *testServer
	tokens    map[string]string // role → token; "" for anonymous
	users     map[string]string // role → username
	years     map[string]int    // stage → the shared period in that stage
	evidence  map[int][]int64   // year → evidence of tt to remove, one per role
	files     map[int][]int64   // year → files of tt's evidence, one per role (the anonymous one's is never removed: downloads use it)
	template  map[int][]byte    // year → the filled scoring template of tt
	newsID    int64             // a published news record
	newsSlug  string
	toggleID  int64 // a news record the matrix publishes and unpublishes
	seq       int   // for distinct names and values
	fresh     int   // the next year of a fresh period
	probeYear int   // the last year opened by the matrix's POST /periods

	passwords map[string]string // username → password, once the matrix changed it
}

func newPermWorld(t *testing.T) *permWorld {
	t.Helper()
	ts := newTestServer(t)
	fixture(ts) // units tt, stc, stp, sgtvt, bdt; period 2016 in draft
	w := &permWorld{ts: ts, tokens: map[string]string{asAnonymous: "", asAdmin: ts.admin}, users: map[string]string{asAdmin: "admin"},
		years: map[string]int{}, evidence: map[int][]int64{}, files: map[int][]int64{}, template: map[int][]byte{}, fresh: 2101, probeYear: 1900}
	for role, u := range map[string][2]string{
		asSecretariat:  {"thuky", "secretariat"},
		asCouncil:      {"hoidong", "council"},
		asCouncilOther: {"hoidong-stp", "council"},
		asUnitOwn:      {"tt-user", "unit"},
		asUnitOther:    {"stp-user", "unit"},
	} {
		unit := ""
		if u[1] == "unit" {
			unit = strings.TrimSuffix(u[0], "-user")
		}
		w.tokens[role], w.users[role] = ts.user(u[0], u[1], unit), u[0]
	}
	ts.must(http.StatusOK, "PATCH", "/api/v1/users/hoidong-stp", ts.admin, map[string]any{"units": []string{"stp"}})
	for _, u := range []string{"login-probe", "patch-probe"} {
		ts.must(http.StatusCreated, "POST", "/api/v1/users", ts.admin, map[string]string{"username": u, "password": "password-" + u, "role": "council"})
	}
	// Units created by the matrix go to a tier without frameworks, so that
	// they change no period's results.
	ts.must(http.StatusCreated, "POST", "/api/v1/tiers", ts.admin, map[string]string{"code": "probe", "name": "Khối thử"})
	ts.must(http.StatusCreated, "POST", "/api/v1/units", ts.admin, map[string]string{"code": "probe-unit", "name": "Đơn vị thử", "tier": "probe"})

	for i, stage := range matrixStages {
		w.years[stage] = 2011 + i
		w.period(2011+i, stage, true)
	}
	// The open periods assess a second probe tier too, whose units the
	// matrix adds to them (POST /periods/{year}/units) one by one.
	ts.must(http.StatusCreated, "POST", "/api/v1/tiers", ts.admin, map[string]string{"code": "probe2", "name": "Khối thử 2"})
	for _, stage := range []string{"self_assessment", "appraisal"} {
		ts.must(http.StatusOK, "PUT", fmt.Sprintf("/api/v1/periods/%d/frameworks/probe2", w.years[stage]), ts.admin, fixtureFramework)
	}
	news := ts.must(http.StatusCreated, "POST", "/api/v1/news", ts.admin, map[string]any{"title": "Công bố Chỉ số CCHC năm 2015", "period": 2015}).JSON(t)
	w.newsID, w.newsSlug = jsonInt(t, news["id"]), news["slug"].(string)
	ts.must(http.StatusOK, "POST", fmt.Sprintf("/api/v1/news/%d/publish", w.newsID), ts.admin, nil)
	toggle := ts.must(http.StatusCreated, "POST", "/api/v1/news", ts.admin, map[string]any{"title": "Tin bật tắt"}).JSON(t)
	w.toggleID = jsonInt(t, toggle["id"])
	return w
}

// period opens year with the fixture's framework and complete scores and
// moves it to stage as a province would: the secretariat moves it forward
// and publishes. full also attaches evidence to remove, one per role, and
// keeps tt's filled scoring template.
func (w *permWorld) period(year int, stage string, full bool) {
	ts := w.ts
	ts.t.Helper()
	p := fmt.Sprintf("/api/v1/periods/%d", year)
	ts.must(http.StatusCreated, "POST", "/api/v1/periods", ts.admin, map[string]any{"year": year})
	ts.must(http.StatusOK, "PUT", p+"/frameworks/department", ts.admin, fixtureFramework)
	ts.must(http.StatusOK, "PUT", p+"/scores", ts.admin, appraisedScores())
	if full {
		for i := range matrixRoles {
			e := ts.must(http.StatusCreated, "POST", p+"/units/tt/evidence", ts.admin, map[string]any{
				"criterion": "1.1", "title": fmt.Sprintf("Kế hoạch số %d/KH-TTr", i+1), "url": fmt.Sprintf("https://vanban.laichau.gov.vn/%d/kh-%d", year, i+1)}).JSON(ts.t)
			w.evidence[year] = append(w.evidence[year], jsonInt(ts.t, e["id"]))
		}
		for i := range matrixRoles {
			f := ts.uploadFile(http.StatusCreated, p+"/units/tt/evidence", ts.admin, map[string]string{"criterion": "1.2.1", "reference": "trang 2"},
				"Báo cáo quý.pdf", samplePDF(year*10+i))
			w.files[year] = append(w.files[year], jsonInt(ts.t, f.JSON(ts.t)["id"]))
		}
		if r := ts.do("GET", p+"/scores/template.xlsx?tier=department&unit=tt", ts.admin, nil); r.Status == http.StatusOK {
			w.template[year] = r.Body
		}
	}
	sec := w.tokens[asSecretariat]
	for _, s := range matrixStages[1:4] {
		if slices.Index(matrixStages, s) > slices.Index(matrixStages, stage) {
			break
		}
		ts.must(http.StatusOK, "POST", p+"/stage", sec, map[string]any{"stage": s})
	}
	if stage == "published" {
		ts.must(http.StatusCreated, "POST", p+"/publish", sec, nil)
	}
}

func (w *permWorld) next() int { w.seq++; return w.seq }

// token mints a new session for a role's user straight in the store (no
// bcrypt), for requests that end their session.
func (w *permWorld) token(t *testing.T, role string) string {
	t.Helper()
	if role == asAnonymous {
		return ""
	}
	ctx := context.Background()
	u, err := w.ts.store.User(ctx, w.users[role])
	if err != nil {
		t.Fatal(err)
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	tok := base64.RawURLEncoding.EncodeToString(raw)
	if err := w.ts.store.CreateToken(ctx, u.ID, hashToken(tok), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	return tok
}

// lastAuditID is the newest audit entry's id, read from the store.
func (w *permWorld) lastAuditID(t *testing.T) int64 {
	t.Helper()
	es, err := w.ts.store.Audit(context.Background(), store.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 {
		return 0
	}
	return es[0].ID
}

func jsonInt(t *testing.T, v any) int64 {
	t.Helper()
	n, ok := v.(json.Number)
	if !ok {
		t.Fatalf("%v is not a number", v)
	}
	i, err := n.Int64()
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// ---------------------------------------------------------------- the table

// cell is one request of the matrix: a role in a period in a stage.
type cell struct {
	w     *permWorld
	t     *testing.T
	role  string
	stage string
	year  int
}

func (c cell) p(format string, args ...any) string {
	return fmt.Sprintf("/api/v1/periods/%d", c.year) + fmt.Sprintf(format, args...)
}

// sameScore sets a value of tt to what it already is: accepted writes
// change nothing, so the cells stay independent.
func (c cell) sameScore() map[string]any {
	if c.role == asUnitOwn || c.role == asUnitOther {
		return map[string]any{"criterion": "1.1", "self_points": 9.5}
	}
	return map[string]any{"criterion": "1.1", "points": 9.5}
}

// call is what a cell sends.
type call struct {
	path    string
	body    any
	headers map[string]string
	token   *string // instead of the role's token
}

// permRoute is a row of the table.
type permRoute struct {
	req  func(c cell) call
	want rule
	// fresh runs each cell on a new period in the stage, for requests that
	// change the period itself (stage moves, publication).
	fresh bool
}

func permissionTable() map[string]permRoute {
	get := func(path string) func(cell) call { return func(cell) call { return call{path: path} } }
	period := func(suffix string) func(cell) call { return func(c cell) call { return call{path: c.p("%s", suffix)} } }
	return map[string]permRoute{
		"GET /healthz":          {req: get("/healthz"), want: always(200)},
		"GET /readyz":           {req: get("/readyz"), want: always(200)},
		"GET /metrics":          {req: get("/metrics"), want: always(200)},
		"GET /api/openapi.yaml": {req: get("/api/openapi.yaml"), want: always(200)},
		"POST /api/v1/auth/login": {req: func(cell) call {
			return call{path: "/api/v1/auth/login", body: map[string]string{"username": "login-probe", "password": "password-login-probe"}}
		}, want: always(200)},
		"POST /api/v1/auth/logout": {req: func(c cell) call {
			tok := c.w.token(c.t, c.role)
			return call{path: "/api/v1/auth/logout", token: &tok}
		}, want: only(signedIn, always(204))},
		"GET /api/v1/me": {req: get("/api/v1/me"), want: only(signedIn, always(200))},
		"POST /api/v1/me/password": {req: func(c cell) call {
			// The change ends the user's other sessions: the request's own
			// session, which stays, becomes the role's token.
			tok := c.w.token(c.t, c.role)
			if c.role == asAnonymous {
				return call{path: "/api/v1/me/password", body: map[string]string{"current_password": "password-anonymous", "new_password": "a-new-password-1"}, token: &tok}
			}
			name := c.w.users[c.role]
			current, ok := c.w.passwords[name]
			switch {
			case !ok && c.role == asAdmin:
				current = adminPassword
			case !ok:
				current = "password-" + name
			}
			next := fmt.Sprintf("password-%s-%d", name, c.w.next())
			if c.w.passwords == nil {
				c.w.passwords = map[string]string{}
			}
			c.w.passwords[name], c.w.tokens[c.role] = next, tok
			if c.role == asAdmin {
				c.w.ts.admin = tok // the world's setup signs in as the admin
			}
			return call{path: "/api/v1/me/password", body: map[string]string{"current_password": current, "new_password": next}, token: &tok}
		}, want: only(signedIn, always(204))},

		"GET /api/v1/users": {req: get("/api/v1/users"), want: only([]string{asAdmin}, always(200))},
		"POST /api/v1/users": {req: func(c cell) call {
			return call{path: "/api/v1/users", body: map[string]string{"username": fmt.Sprintf("probe%d", c.w.next()), "password": "password-probe", "role": "council"}}
		}, want: only([]string{asAdmin}, always(201))},
		"PATCH /api/v1/users/{username}": {req: func(cell) call {
			return call{path: "/api/v1/users/patch-probe", body: map[string]any{"active": true, "reason": "kiểm tra quyền"}}
		}, want: only([]string{asAdmin}, always(200))},

		"GET /api/v1/tiers": {req: get("/api/v1/tiers"), want: only(signedIn, always(200))},
		"POST /api/v1/tiers": {req: func(c cell) call {
			return call{path: "/api/v1/tiers", body: map[string]string{"code": fmt.Sprintf("probe%d", c.w.next()), "name": "Khối thử"}}
		}, want: only(staffRoles, always(201))},
		"GET /api/v1/units": {req: get("/api/v1/units"), want: only(signedIn, always(200))},
		"POST /api/v1/units": {req: func(c cell) call {
			n := c.w.next() // unit names are unique in a tier, like codes
			return call{path: "/api/v1/units", body: map[string]string{"code": fmt.Sprintf("probe-u%d", n), "name": fmt.Sprintf("Đơn vị thử %d", n), "tier": "probe"}}
		}, want: only(staffRoles, always(201))},
		"GET /api/v1/units/{code}": {req: get("/api/v1/units/tt"), want: only(signedIn, always(200))},
		"PATCH /api/v1/units/{code}": {req: func(cell) call {
			return call{path: "/api/v1/units/probe-unit", body: map[string]any{"name": "Đơn vị thử"}}
		}, want: only(staffRoles, always(200))},

		"GET /api/v1/periods": {req: get("/api/v1/periods"), want: only(signedIn, always(200))},
		"POST /api/v1/periods": {req: func(c cell) call {
			c.w.probeYear++
			return call{path: "/api/v1/periods", body: map[string]any{"year": c.w.probeYear}}
		}, want: only(staffRoles, always(201))},
		"GET /api/v1/periods/{year}":                                 {req: period(""), want: only(signedIn, always(200))},
		"GET /api/v1/periods/{year}/frameworks/{tier}":               {req: period("/frameworks/department"), want: only(signedIn, always(200))},
		"GET /api/v1/periods/{year}/frameworks/{tier}/criteria.xlsx": {req: period("/frameworks/department/criteria.xlsx"), want: only(signedIn, always(200))},
		"PUT /api/v1/periods/{year}/frameworks/{tier}": {req: func(c cell) call {
			return call{path: c.p("/frameworks/department"), body: fixtureFramework}
		}, want: only(staffRoles, func(_, stage string) int {
			if locked(stage) {
				return http.StatusConflict
			}
			return http.StatusOK
		})},

		"GET /api/v1/periods/{year}/scores": {req: period("/scores?unit=tt"), want: func(role, _ string) int {
			switch role {
			case asAnonymous:
				return http.StatusUnauthorized
			case asUnitOther:
				return http.StatusForbidden
			}
			return http.StatusOK
		}},
		"PUT /api/v1/periods/{year}/scores": {req: func(c cell) call {
			s := c.sameScore()
			s["unit"] = "tt"
			return call{path: c.p("/scores"), body: map[string]any{"scores": []any{s}}}
		}, want: scoreWrite(200)},
		"GET /api/v1/periods/{year}/scores/template.xlsx": {req: period("/scores/template.xlsx?tier=department"), want: only(readerRoles, always(200))},
		// tt's template with a new note on 1.1: values sent back unchanged
		// are not writes, so the cell changes one to meet the rules.
		"POST /api/v1/periods/{year}/scores/import": {req: func(c cell) call {
			filled := fill(c.t, c.w.template[c.year], []entered{{unit: "tt", criterion: "1.1", note: fmt.Sprintf("Nhận xét %d", c.w.next())}})
			return call{path: c.p("/scores/import"), body: filled, headers: map[string]string{"Content-Type": permXLSXType}}
		}, want: only(readerRoles, scoreWrite(200))},

		"GET /api/v1/periods/{year}/results":     {req: period("/results?tier=department"), want: only(readerRoles, always(200))},
		"GET /api/v1/periods/{year}/summary":     {req: period("/summary"), want: only(readerRoles, always(200))},
		"GET /api/v1/periods/{year}/report.xlsx": {req: period("/report.xlsx"), want: only(readerRoles, always(200))},
		"GET /api/v1/periods/{year}/versions":    {req: period("/versions"), want: only(readerRoles, ifPublished(200))},
		"POST /api/v1/periods/{year}/publish": {req: period("/publish"), fresh: true, want: only(staffRoles, func(_, stage string) int {
			if stage == "published" {
				return http.StatusConflict
			}
			return http.StatusCreated
		})},
		"POST /api/v1/periods/{year}/stage": {req: func(c cell) call {
			next := map[string]string{"draft": "self_assessment", "self_assessment": "appraisal", "appraisal": "finalized"}[c.stage]
			if next == "" {
				next = "appraisal" // reopen a finalized or published period
			}
			return call{path: c.p("/stage"), body: map[string]any{"stage": next, "reason": "kiểm tra quyền"}}
		}, fresh: true, want: only(staffRoles, stageMove)},

		"GET /api/v1/periods/{year}/units": {req: period("/units"), want: only(signedIn, always(200))},
		"POST /api/v1/periods/{year}/units": {req: func(c cell) call {
			code := fmt.Sprintf("probe2-u%d", c.w.next())
			if _, err := c.w.ts.store.CreateUnit(context.Background(), workflow.Unit{Code: code, Name: "Đơn vị thử " + code, Tier: "probe2"}); err != nil {
				c.t.Fatal(err)
			}
			return call{path: c.p("/units"), body: map[string]any{"unit": code, "reason": "kiểm tra quyền"}}
		}, want: only(staffRoles, func(_, stage string) int {
			if stage == "self_assessment" || stage == "appraisal" {
				return http.StatusCreated
			}
			return http.StatusConflict // a draft takes every active unit; a closed year none
		})},
		"GET /api/v1/periods/{year}/units/{code}/scores": {req: period("/units/tt/scores"), want: unitReadable(200)},
		"PUT /api/v1/periods/{year}/units/{code}/scores": {req: func(c cell) call {
			return call{path: c.p("/units/tt/scores"), body: map[string]any{"scores": []any{c.sameScore()}}}
		}, want: scoreWrite(200)},
		"GET /api/v1/periods/{year}/units/{code}/scorecard.xlsx": {req: period("/units/tt/scorecard.xlsx"), want: func(role, _ string) int {
			switch role {
			case asAnonymous:
				return http.StatusUnauthorized
			case asUnitOther:
				return http.StatusForbidden
			}
			return http.StatusOK
		}},
		"POST /api/v1/periods/{year}/units/{code}/evidence": {req: func(c cell) call {
			n := c.w.next()
			return call{path: c.p("/units/tt/evidence"), body: map[string]any{"criterion": "1.1", "title": fmt.Sprintf("Báo cáo số %d/BC-TTr", n), "url": fmt.Sprintf("https://vanban.laichau.gov.vn/bc-%d", n)}}
		}, want: evidenceWrite(201)},
		"GET /api/v1/periods/{year}/units/{code}/evidence":     {req: period("/units/tt/evidence"), want: unitReadable(200)},
		"GET /api/v1/periods/{year}/units/{code}/evidence.zip": {req: period("/units/tt/evidence.zip"), want: unitReadable(200)},
		"GET /api/v1/periods/{year}/units/{code}/evidence/{id}/file": {req: func(c cell) call {
			return call{path: c.p("/units/tt/evidence/%d/file", c.w.files[c.year][0])}
		}, want: unitReadable(200)},
		"DELETE /api/v1/periods/{year}/units/{code}/evidence/{id}": {req: func(c cell) call {
			return call{path: c.p("/units/tt/evidence/%d", c.w.evidence[c.year][slices.Index(matrixRoles, c.role)])}
		}, want: evidenceWrite(204)},
		"POST /api/v1/periods/{year}/units/{code}/remarks": {req: func(c cell) call {
			return call{path: c.p("/units/tt/remarks"), body: map[string]any{"criterion": "1.1", "body": fmt.Sprintf("Nhận xét %d", c.w.next())}}
		}, want: remarkWrite},
		// Toggles tt's thread on 1.2.1, which the cell first opens with a
		// remark of the admin's where the stage allows one.
		"POST /api/v1/periods/{year}/units/{code}/remarks/status": {req: func(c cell) call {
			ctx, st := context.Background(), c.w.ts.store
			_, remarks, err := st.Threads(ctx, c.year, "tt")
			if err != nil {
				c.t.Fatal(err)
			}
			th := workflow.ThreadOf(remarks, "1.2.1")
			if th.Status() == "" && !locked(c.stage) {
				admin := workflow.Actor{Name: "admin", Role: workflow.RoleAdmin}
				if _, err := st.AddRemark(store.WithActor(ctx, admin), c.year, "tt", workflow.Remark{Criterion: "1.2.1", Body: "Thiếu số liệu"}, store.By{Actor: admin, At: time.Now()}); err != nil {
					c.t.Fatal(err)
				}
				th.Entries = append(th.Entries, workflow.Remark{Kind: workflow.KindRemark})
			}
			body := map[string]any{"criterion": "1.2.1", "status": "resolved"}
			if th.Status() == workflow.ThreadResolved {
				body = map[string]any{"criterion": "1.2.1", "status": "reopened", "note": fmt.Sprintf("Chưa đủ %d", c.w.next())}
			}
			return call{path: c.p("/units/tt/remarks/status"), body: body}
		}, want: threadStatus},

		"GET /api/v1/audit": {req: func(c cell) call {
			return call{path: fmt.Sprintf("/api/v1/audit?year=%d&unit=tt&limit=50", c.year)}
		}, want: only(staffRoles, always(200))},
		"GET /api/v1/audit.csv": {req: func(c cell) call { return call{path: fmt.Sprintf("/api/v1/audit.csv?year=%d", c.year)} },
			want: only(staffRoles, always(200))},

		"GET /api/v1/periods/{year}/embed-snippet": {req: period("/embed-snippet?tier=department"), want: only(staffRoles, always(200))},
		"POST /api/v1/periods/{year}/news-draft": {req: period("/news-draft"), want: only(staffRoles, func(_, stage string) int {
			if stage == "published" {
				return http.StatusCreated
			}
			return http.StatusConflict
		})},
		"GET /api/v1/news": {req: get("/api/v1/news"), want: only(staffRoles, always(200))},
		"POST /api/v1/news": {req: func(c cell) call {
			return call{path: "/api/v1/news", body: map[string]any{"title": fmt.Sprintf("Tin thử %d", c.w.next())}}
		}, want: only(staffRoles, always(201))},
		"GET /api/v1/news/{id}": {req: func(c cell) call { return call{path: fmt.Sprintf("/api/v1/news/%d", c.w.newsID)} }, want: only(staffRoles, always(200))},
		"PATCH /api/v1/news/{id}": {req: func(c cell) call {
			return call{path: fmt.Sprintf("/api/v1/news/%d", c.w.toggleID), body: map[string]any{"summary": "Tóm tắt"}}
		}, want: only(staffRoles, always(200))},
		"POST /api/v1/news/{id}/publish": {req: func(c cell) call {
			return call{path: fmt.Sprintf("/api/v1/news/%d/publish", c.w.toggleID)}
		}, want: only(staffRoles, always(200))},
		"POST /api/v1/news/{id}/unpublish": {req: func(c cell) call {
			return call{path: fmt.Sprintf("/api/v1/news/%d/unpublish", c.w.toggleID)}
		}, want: only(staffRoles, always(200))},

		"GET /api/v1/public/periods":                    {req: get("/api/v1/public/periods"), want: always(200)},
		"GET /api/v1/public/periods/{year}/results":     {req: publicPeriod("/results?tier=department"), want: ifPublished(200)},
		"GET /api/v1/public/periods/{year}/results.csv": {req: publicPeriod("/results.csv?tier=department"), want: ifPublished(200)},
		"GET /api/v1/public/periods/{year}/summary":     {req: publicPeriod("/summary"), want: ifPublished(200)},
		"GET /api/v1/public/periods/{year}/summary.csv": {req: publicPeriod("/summary.csv"), want: ifPublished(200)},
		"GET /api/v1/public/periods/{year}/versions":    {req: publicPeriod("/versions"), want: ifPublished(200)},
		"GET /api/v1/public/periods/{year}/report.xlsx": {req: publicPeriod("/report.xlsx"), want: ifPublished(200)},
		"GET /api/v1/public/units/{code}":               {req: get("/api/v1/public/units/tt"), want: always(200)},
		"GET /api/v1/public/news":                       {req: get("/api/v1/public/news"), want: always(200)},
		"GET /api/v1/public/news/{slug}":                {req: func(c cell) call { return call{path: "/api/v1/public/news/" + c.w.newsSlug} }, want: always(200)},
		"GET /embed/periods/{year}":                     {req: func(c cell) call { return call{path: fmt.Sprintf("/embed/periods/%d?tier=department", c.year)} }, want: ifPublished(200)},
		"GET /news/{slug}":                              {req: func(c cell) call { return call{path: "/news/" + c.w.newsSlug} }, want: always(200)},
	}
}

func publicPeriod(suffix string) func(cell) call {
	return func(c cell) call { return call{path: fmt.Sprintf("/api/v1/public/periods/%d%s", c.year, suffix)} }
}

// servedRoutes lists the server's routes as "METHOD /path/{param}".
func servedRoutes(t *testing.T) []string {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "routes.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out []string
	for _, r := range New(st, Options{TokenTTL: time.Hour, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Routes() {
		if r.Method != echo.RouteNotFound && !slices.Contains(pagePaths, r.Path) {
			out = append(out, r.Method+" "+echoParam.ReplaceAllString(r.Path, "{$1}"))
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// TestPermissions walks every route × role × stage.
func TestPermissions(t *testing.T) {
	t.Parallel()
	table := permissionTable()
	served := servedRoutes(t)
	for _, r := range served {
		if _, ok := table[r]; !ok {
			t.Errorf("route %s has no row in the permission table (permissions_test.go): say who may call it, in which stage", r)
		}
	}
	for r := range table {
		if !slices.Contains(served, r) {
			t.Errorf("the permission table has a row for %s, which the server does not serve", r)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	w := newPermWorld(t)
	cells := 0
	for _, route := range served {
		row := table[route]
		method, _, _ := strings.Cut(route, " ")
		t.Run(route, func(t *testing.T) {
			for _, role := range matrixRoles {
				t.Run(role, func(t *testing.T) {
					for _, stage := range matrixStages {
						t.Run(stage, func(t *testing.T) {
							cells++
							ts := *w.ts
							ts.t = t
							c := cell{w: w, t: t, role: role, stage: stage, year: w.years[stage]}
							if row.fresh {
								fw := *w
								fw.ts = &ts
								c.year = w.fresh
								w.fresh++
								fw.period(c.year, stage, false)
							}
							req := row.req(c)
							token := w.tokens[role]
							if req.token != nil {
								token = *req.token
							}
							before := w.lastAuditID(t)
							r := ts.doWith(method, req.path, token, req.body, req.headers)
							want := row.want(role, stage)
							if r.Status != want {
								t.Fatalf("%s %s as %s in stage %s: status %d, want %d\n%s", method, req.path, role, stage, r.Status, want, clip(r.Body))
							}
							if r.Status >= 400 {
								if after := w.lastAuditID(t); after != before {
									t.Errorf("the refused request left audit entries %d..%d", before+1, after)
								}
							}
						})
					}
				})
			}
		})
	}
	t.Logf("%d routes × %d roles × %d stages = %d cells", len(served), len(matrixRoles), len(matrixStages), cells)
}

// ---------------------------------------------------------------- focused tests

// assessment opens 2016 with complete scores and the users of each role.
type assessment struct {
	ts                                        *testServer
	sec, council, councilStp, unitTT, unitStp string
}

func newAssessment(t *testing.T) *assessment {
	t.Helper()
	ts := newTestServer(t)
	fixture(ts)
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, appraisedScores())
	a := &assessment{ts: ts,
		sec:        ts.user("thuky", "secretariat", ""),
		council:    ts.user("hoidong", "council", ""),
		councilStp: ts.user("hoidong-stp", "council", ""),
		unitTT:     ts.user("tt-user", "unit", "tt"),
		unitStp:    ts.user("stp-user", "unit", "stp"),
	}
	ts.must(http.StatusOK, "PATCH", "/api/v1/users/hoidong-stp", ts.admin, map[string]any{"units": []string{"stp"}})
	return a
}

func (a *assessment) stage(s string) {
	a.ts.t.Helper()
	a.ts.must(http.StatusOK, "POST", "/api/v1/periods/2016/stage", a.sec, map[string]any{"stage": s})
}

// state is what the stored data of 2016 looks like from outside: every
// unit's sheet, the scores, the framework and the period.
func (a *assessment) state() string {
	ts := a.ts
	ts.t.Helper()
	var b strings.Builder
	for _, path := range []string{"/api/v1/periods/2016", "/api/v1/periods/2016/frameworks/department", "/api/v1/periods/2016/scores?tier=department",
		"/api/v1/periods/2016/units/tt/scores", "/api/v1/periods/2016/units/stp/scores", "/api/v1/periods/2016/results?tier=department"} {
		b.Write(ts.must(http.StatusOK, "GET", path, ts.admin, nil).Body)
		b.WriteByte('\n')
	}
	return b.String()
}

// audit is the newest page of the audit log, as the API serves it.
func (a *assessment) audit() []byte {
	a.ts.t.Helper()
	return a.ts.must(http.StatusOK, "GET", "/api/v1/audit?limit=500", a.ts.admin, nil).Body
}

type auditEntry struct {
	ID        int64   `json:"id"`
	Actor     string  `json:"actor"`
	Action    string  `json:"action"`
	Entity    string  `json:"entity"`
	Unit      string  `json:"unit"`
	Criterion string  `json:"criterion"`
	Field     string  `json:"field"`
	OldValue  *string `json:"old_value"`
	NewValue  *string `json:"new_value"`
	Reason    string  `json:"reason"`
}

func auditEntries(t *testing.T, body []byte) []auditEntry {
	t.Helper()
	var page struct {
		Entries []auditEntry `json:"entries"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	return page.Entries
}

// TestUnitCannotReachAnotherUnit: a unit user neither reads nor writes
// another unit's sheet, scores, evidence or remarks, in any stage where
// it may act on its own.
func TestUnitCannotReachAnotherUnit(t *testing.T) {
	t.Parallel()
	a := newAssessment(t)
	ts := a.ts
	ev := ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/units/tt/evidence", ts.admin, map[string]any{
		"criterion": "1.1", "title": "Kế hoạch số 12/KH-TTr", "url": "https://vanban.laichau.gov.vn/kh-12"}).JSON(t)
	evID := jsonInt(t, ev["id"])
	for _, stage := range []string{"self_assessment", "appraisal"} {
		a.stage(stage)
		before := a.state()
		refused := []struct {
			method, path string
			body         any
			status       int
		}{
			{"GET", "/api/v1/periods/2016/units/tt/scores", nil, 403},
			{"PUT", "/api/v1/periods/2016/units/tt/scores", map[string]any{"scores": []any{map[string]any{"criterion": "1.1", "self_points": 1}}}, 403},
			{"PUT", "/api/v1/periods/2016/scores", map[string]any{"scores": []any{map[string]any{"unit": "tt", "criterion": "1.1", "self_points": 1}}}, 403},
			{"PUT", "/api/v1/periods/2016/scores", map[string]any{"scores": []any{
				map[string]any{"unit": "stp", "criterion": "1.1", "note": "của mình"},
				map[string]any{"unit": "tt", "criterion": "1.1", "note": "của đơn vị khác"}}}, 403},
			{"GET", "/api/v1/periods/2016/scores?unit=tt", nil, 403},
			{"GET", "/api/v1/periods/2016/scores?tier=department", nil, 403},
			{"GET", "/api/v1/periods/2016/results?tier=department", nil, 403},
			{"GET", "/api/v1/periods/2016/summary", nil, 403},
			{"GET", "/api/v1/periods/2016/units/tt/scorecard.xlsx", nil, 403},
			{"POST", "/api/v1/periods/2016/units/tt/evidence", map[string]any{"criterion": "1.1", "title": "Giả mạo", "url": "https://example.org/x"}, 403},
			{"DELETE", fmt.Sprintf("/api/v1/periods/2016/units/tt/evidence/%d", evID), nil, 403},
			// Through its own path, another unit's evidence does not exist.
			{"DELETE", fmt.Sprintf("/api/v1/periods/2016/units/stp/evidence/%d", evID), nil, 404},
			{"POST", "/api/v1/periods/2016/units/tt/remarks", map[string]any{"criterion": "1.1", "body": "Giải trình hộ"}, 403},
			{"GET", "/api/v1/audit?unit=tt", nil, 403},
		}
		for _, r := range refused {
			ts.must(r.status, r.method, r.path, a.unitStp, r.body)
		}
		if after := a.state(); after != before {
			t.Errorf("%s: another unit's requests changed unit tt's data", stage)
		}
	}
	// Its own sheet is its own alone.
	own := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/units/stp/scores", a.unitStp, nil)
	if contains(own.Body, "Kế hoạch số 12/KH-TTr") || !contains(own.Body, `"unit":"stp"`) {
		t.Errorf("unit stp's sheet shows another unit's data: %s", clip(own.Body))
	}
}

// TestCouncilAssignedUnits: a council member assigned to some units
// scores and remarks only those; unassigned, they may act on all.
func TestCouncilAssignedUnits(t *testing.T) {
	t.Parallel()
	a := newAssessment(t)
	ts := a.ts
	a.stage("self_assessment")
	a.stage("appraisal")
	before := a.state()
	for _, r := range []struct {
		method, path string
		body         any
	}{
		{"PUT", "/api/v1/periods/2016/units/tt/scores", map[string]any{"scores": []any{map[string]any{"criterion": "1.1", "points": 1}}}},
		{"PUT", "/api/v1/periods/2016/scores", map[string]any{"scores": []any{map[string]any{"unit": "tt", "criterion": "1.1", "points": 1}}}},
		// All or nothing: the assigned unit's write in the same batch is not kept.
		{"PUT", "/api/v1/periods/2016/scores", map[string]any{"scores": []any{
			map[string]any{"unit": "stp", "criterion": "1.1", "points": 1},
			map[string]any{"unit": "tt", "criterion": "1.1", "points": 1}}}},
		{"POST", "/api/v1/periods/2016/units/tt/remarks", map[string]any{"criterion": "1.1", "body": "Chưa đạt"}},
	} {
		r := ts.must(http.StatusForbidden, r.method, r.path, a.councilStp, r.body)
		if !contains(r.Body, "assigned to units stp, not tt") {
			t.Errorf("the refusal does not say why: %s", r.Body)
		}
	}
	if after := a.state(); after != before {
		t.Fatal("refused council writes changed the data")
	}
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/units/stp/scores", a.councilStp, map[string]any{"scores": []any{map[string]any{"criterion": "1.1", "points": 7}}})
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/units/stp/remarks", a.councilStp, map[string]any{"criterion": "1.1", "body": "Đạt"})
	// An unrestricted member scores any unit; lifting the assignment does too.
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/units/tt/scores", a.council, map[string]any{"scores": []any{map[string]any{"criterion": "1.1", "points": 9}}})
	ts.must(http.StatusOK, "PATCH", "/api/v1/users/hoidong-stp", ts.admin, map[string]any{"units": []string{}})
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/units/tt/scores", a.councilStp, map[string]any{"scores": []any{map[string]any{"criterion": "1.1", "points": 8}}})
}

// TestLockedPeriodChangesNothing: in a finalized and in a published period
// every write of every role is refused, and nothing of the period changes.
func TestLockedPeriodChangesNothing(t *testing.T) {
	t.Parallel()
	a := newAssessment(t)
	ts := a.ts
	ev := ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/units/tt/evidence", ts.admin, map[string]any{
		"criterion": "1.1", "title": "Kế hoạch số 12/KH-TTr", "url": "https://vanban.laichau.gov.vn/kh-12"}).JSON(t)
	evPath := fmt.Sprintf("/api/v1/periods/2016/units/tt/evidence/%d", jsonInt(t, ev["id"]))
	a.stage("finalized")
	for _, stage := range []string{"finalized", "published"} {
		if stage == "published" {
			ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/publish", a.sec, nil)
		}
		before, audit := a.state(), a.audit()
		var public []byte
		if stage == "published" {
			public = ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier=department", "", nil).Body
		}
		writes := []struct {
			method, path string
			body         func(role string) any
		}{
			{"PUT", "/api/v1/periods/2016/scores", func(role string) any {
				field := "points"
				if role == "unit" {
					field = "self_points"
				}
				return map[string]any{"scores": []any{map[string]any{"unit": "tt", "criterion": "1.1", field: 1}}}
			}},
			{"PUT", "/api/v1/periods/2016/units/tt/scores", func(role string) any {
				field := "points"
				if role == "unit" {
					field = "self_points"
				}
				return map[string]any{"scores": []any{map[string]any{"criterion": "1.1", field: 1, "note": "sửa sau khi chốt"}}}
			}},
			{"PUT", "/api/v1/periods/2016/frameworks/department", func(string) any { return fixtureFramework }},
			{"POST", "/api/v1/periods/2016/units/tt/evidence", func(string) any {
				return map[string]any{"criterion": "1.1", "title": "Bổ sung", "url": "https://vanban.laichau.gov.vn/bo-sung"}
			}},
			{"DELETE", evPath, func(string) any { return nil }},
			{"POST", "/api/v1/periods/2016/units/tt/remarks", func(string) any { return map[string]any{"criterion": "1.1", "body": "Sau khi chốt"} }},
		}
		for _, who := range []struct{ role, token string }{{"admin", ts.admin}, {"secretariat", a.sec}, {"council", a.council}, {"unit", a.unitTT}} {
			for _, w := range writes {
				r := ts.do(w.method, w.path, who.token, w.body(who.role))
				if r.Status != http.StatusConflict && r.Status != http.StatusForbidden {
					t.Errorf("%s: %s %s as %s: status %d, want 409 (or 403 for what the role never may)\n%s", stage, w.method, w.path, who.role, r.Status, clip(r.Body))
				}
				if r.Status == http.StatusConflict && !contains(r.Body, msg.Stage(msg.EN, stage)) {
					t.Errorf("%s: %s %s as %s: the 409 does not name the stage: %s", stage, w.method, w.path, who.role, r.Body)
				}
			}
		}
		if stage == "published" {
			ts.must(http.StatusConflict, "POST", "/api/v1/periods/2016/publish", ts.admin, nil)
			if got := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier=department", "", nil).Body; !bytes.Equal(got, public) {
				t.Errorf("the published results changed")
			}
		}
		if after := a.state(); after != before {
			t.Errorf("%s: refused writes changed the period", stage)
		}
		if got := a.audit(); !bytes.Equal(got, audit) {
			t.Errorf("%s: refused writes were audited:\n%s", stage, clip(got))
		}
	}
}

// TestConcurrentSheetWrites: two writes made on the same ETag at the same
// time give one 200 and one 412 with the winner's values, every time.
func TestConcurrentSheetWrites(t *testing.T) {
	t.Parallel()
	a := newAssessment(t)
	ts := a.ts
	a.stage("appraisal")
	sheet := "/api/v1/periods/2016/units/tt/scores"
	other := ts.user("hoidong2", "council", "")
	for round := 0; round < 10; round++ {
		tag := ts.must(http.StatusOK, "GET", sheet, a.council, nil).Header.Get("ETag")
		values := []string{fmt.Sprintf("%d.25", round%9), fmt.Sprintf("%d.75", round%9)}
		tokens := []string{a.council, other}
		reqs := make([]*http.Request, 2)
		bodies := make([][]byte, 2)
		for i := range reqs {
			bodies[i], _ = json.Marshal(map[string]any{"scores": []any{map[string]any{"criterion": "1.1", "points": values[i]}}})
			req, err := http.NewRequest("PUT", ts.URL+sheet, bytes.NewReader(bodies[i]))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tokens[i])
			req.Header.Set("If-Match", tag)
			reqs[i] = req
		}
		res := make([]response, 2)
		errs := make([]error, 2)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range reqs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				r, err := http.DefaultClient.Do(reqs[i])
				if err != nil {
					errs[i] = err
					return
				}
				defer r.Body.Close()
				b, err := io.ReadAll(r.Body)
				res[i], errs[i] = response{Status: r.StatusCode, Header: r.Header, Body: b}, err
			}(i)
		}
		close(start)
		wg.Wait()
		for i := range res {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			reqs[i].Body = io.NopCloser(bytes.NewReader(bodies[i]))
			checkAgainstSpec(t, reqs[i], res[i])
		}
		statuses := []int{res[0].Status, res[1].Status}
		sort.Ints(statuses)
		if statuses[0] != http.StatusOK || statuses[1] != http.StatusPreconditionFailed {
			t.Fatalf("round %d: statuses %v, want one 200 and one 412\n%s\n%s", round, statuses, clip(res[0].Body), clip(res[1].Body))
		}
		win := 0
		if res[1].Status == http.StatusOK {
			win = 1
		}
		lost := res[1-win]
		var pf struct {
			Error struct {
				Code string `json:"code"`
			} `json:"error"`
			Current struct {
				Criteria []struct {
					Code   string       `json:"code"`
					Points *json.Number `json:"points"`
				} `json:"criteria"`
			} `json:"current"`
		}
		if err := json.Unmarshal(lost.Body, &pf); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(strings.TrimRight(values[win], "0"), ".")
		if pf.Error.Code != "precondition_failed" || len(pf.Current.Criteria) == 0 || pf.Current.Criteria[0].Points == nil || string(*pf.Current.Criteria[0].Points) != want {
			t.Fatalf("round %d: the 412 does not carry the winner's value %s: %s", round, want, clip(lost.Body))
		}
		if lost.Header.Get("ETag") != res[win].Header.Get("ETag") {
			t.Errorf("round %d: the 412's ETag %s is not the sheet's current %s", round, lost.Header.Get("ETag"), res[win].Header.Get("ETag"))
		}
	}
}

// TestAuditExactlyTheAcceptedChanges: a refused request leaves the audit
// log as it was; an accepted score write adds one entry per changed value
// and none for values sent unchanged.
func TestAuditExactlyTheAcceptedChanges(t *testing.T) {
	t.Parallel()
	a := newAssessment(t)
	ts := a.ts
	a.stage("self_assessment")
	sheet := "/api/v1/periods/2016/units/tt/scores"
	stale := ts.must(http.StatusOK, "GET", sheet, a.unitTT, nil).Header.Get("ETag")
	ts.must(http.StatusOK, "PUT", sheet, a.unitTT, map[string]any{"scores": []any{map[string]any{"criterion": "1.2.1", "note": "Đủ báo cáo"}}})

	before, state := a.audit(), a.state()
	refused := []struct {
		name, method, path, token string
		body                      any
		headers                   map[string]string
		status                    int
	}{
		{"unit sets points", "PUT", sheet, a.unitTT, map[string]any{"scores": []any{map[string]any{"criterion": "1.1", "points": 1}}}, nil, 403},
		{"unit writes another unit", "PUT", "/api/v1/periods/2016/units/stp/scores", a.unitTT, map[string]any{"scores": []any{map[string]any{"criterion": "1.1", "self_points": 1}}}, nil, 403},
		{"council before appraisal", "PUT", sheet, a.council, map[string]any{"scores": []any{map[string]any{"criterion": "1.1", "points": 1}}}, nil, 409},
		{"over the maximum", "PUT", sheet, ts.admin, map[string]any{"scores": []any{map[string]any{"criterion": "1.1", "points": 1}, map[string]any{"criterion": "1.2.1", "points": 6}}}, nil, 422},
		{"malformed", "PUT", sheet, ts.admin, `{"scores": [`, nil, 400},
		{"stale ETag", "PUT", sheet, a.unitTT, map[string]any{"scores": []any{map[string]any{"criterion": "1.1", "self_points": 1}}}, map[string]string{"If-Match": stale}, 412},
		{"not an ETag", "PUT", sheet, a.unitTT, map[string]any{"scores": []any{map[string]any{"criterion": "1.1", "self_points": 1}}}, map[string]string{"If-Match": `"2016.stp.1"`}, 412},
		{"evidence by the council", "POST", "/api/v1/periods/2016/units/tt/evidence", a.council, map[string]any{"criterion": "1.1", "title": "X", "url": "https://example.org/x"}, nil, 403},
		{"evidence not a link", "POST", "/api/v1/periods/2016/units/tt/evidence", a.unitTT, map[string]any{"criterion": "1.1", "title": "X", "url": "javascript:alert(1)"}, nil, 422},
		{"evidence on no criterion", "POST", "/api/v1/periods/2016/units/tt/evidence", a.unitTT, map[string]any{"criterion": "9.9", "title": "X", "url": "https://example.org/x"}, nil, 422},
		{"remark before appraisal", "POST", "/api/v1/periods/2016/units/tt/remarks", a.council, map[string]any{"criterion": "1.1", "body": "Sớm quá"}, nil, 409},
		{"secretariat reopens", "POST", "/api/v1/periods/2016/stage", a.sec, map[string]any{"stage": "draft", "reason": "x"}, nil, 403},
		{"reopen without a reason", "POST", "/api/v1/periods/2016/stage", ts.admin, map[string]any{"stage": "draft"}, nil, 422},
		{"same stage", "POST", "/api/v1/periods/2016/stage", a.sec, map[string]any{"stage": "self_assessment"}, nil, 409},
		{"forced publication by the secretariat", "POST", "/api/v1/periods/2016/publish", a.sec, map[string]any{"force": true, "reason": "x"}, nil, 403},
		{"user edit by the secretariat", "PATCH", "/api/v1/users/hoidong", a.sec, map[string]any{"active": false}, nil, 403},
		{"assignment to no unit", "PATCH", "/api/v1/users/hoidong", ts.admin, map[string]any{"units": []string{"nowhere"}}, nil, 404},
		{"framework by the council", "PUT", "/api/v1/periods/2016/frameworks/department", a.council, fixtureFramework, nil, 403},
	}
	for _, r := range refused {
		t.Run(r.name, func(t *testing.T) {
			sub := *ts
			sub.t = t
			got := sub.doWith(r.method, r.path, r.token, r.body, r.headers)
			if got.Status != r.status {
				t.Fatalf("status %d, want %d: %s", got.Status, r.status, clip(got.Body))
			}
			if after := a.audit(); !bytes.Equal(after, before) {
				t.Errorf("the refused request was audited:\n%s", clip(after))
			}
			if after := a.state(); after != state {
				t.Errorf("the refused request changed the data")
			}
		})
	}

	// Accepted: 3 values change (tt 1.1 points, tt 1.1 note, stp 1.1 self
	// points); tt 1.2.1 points and stp 1.1 points are sent unchanged.
	last := auditEntries(t, before)[0].ID
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, map[string]any{"scores": []any{
		map[string]any{"unit": "tt", "criterion": "1.1", "points": 8, "note": "Thẩm định lại"},
		map[string]any{"unit": "tt", "criterion": "1.2.1", "points": 5},
		map[string]any{"unit": "stp", "criterion": "1.1", "self_points": 7, "points": 8},
	}})
	var got []string
	for _, e := range auditEntries(t, a.audit()) {
		if e.ID <= last {
			break
		}
		got = append(got, fmt.Sprintf("%s %s %s %s/%s %s: %s → %s", e.Actor, e.Action, e.Entity, e.Unit, e.Criterion, e.Field, orEmpty(e.OldValue), orEmpty(e.NewValue)))
	}
	sort.Strings(got)
	want := []string{
		"admin update score stp/1.1 self_points: 8 → 7",
		"admin update score tt/1.1 note:  → Thẩm định lại",
		"admin update score tt/1.1 points: 9.5 → 8",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit of the accepted write:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// A write that changes nothing is accepted and audits nothing.
	quiet := a.audit()
	ts.must(http.StatusOK, "PUT", sheet, a.unitTT, map[string]any{"scores": []any{map[string]any{"criterion": "1.1", "self_points": 9.5}}})
	if after := a.audit(); !bytes.Equal(after, quiet) {
		t.Errorf("an unchanged value was audited:\n%s", clip(after))
	}
}

// TestCorrectedPublication: reopen (admin, with a reason) → change →
// publish again is version 2; version 1 is still served byte for byte with
// its original hash, and the audit shows who reopened it and why.
func TestCorrectedPublication(t *testing.T) {
	t.Parallel()
	a := newAssessment(t)
	ts := a.ts
	v1 := ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/publish", a.sec, nil).JSON(t)
	sha1 := v1["sha256"].(string)
	latest1 := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier=department", "", nil).Body
	pinned1 := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier=department&version=1", "", nil).Body
	summary1 := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/summary?version=1", "", nil).Body

	ts.must(http.StatusForbidden, "POST", "/api/v1/periods/2016/stage", a.sec, map[string]any{"stage": "appraisal", "reason": "sửa"})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/periods/2016/stage", ts.admin, map[string]any{"stage": "appraisal"})
	why := "Sai sót điểm tiêu chí 1.1 của Thanh tra tỉnh (Công văn 45/SNV)"
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2016/stage", ts.admin, map[string]any{"stage": "appraisal", "reason": why})
	// While reopened, the public still sees version 1.
	if got := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier=department", "", nil).Body; !bytes.Equal(got, latest1) {
		t.Errorf("the reopened period no longer serves version 1 as published")
	}
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/units/tt/scores", a.council, map[string]any{"scores": []any{map[string]any{"criterion": "1.1", "points": 8}}})
	v2 := ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/publish", a.sec, map[string]any{"reason": "Đính chính"}).JSON(t)
	if v2["version"] != json.Number("2") || v2["sha256"] == sha1 {
		t.Fatalf("the correction: %v (version 1 sha256 %s)", v2, sha1)
	}

	if got := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier=department&version=1", "", nil).Body; !bytes.Equal(got, pinned1) {
		t.Errorf("version 1 changed after the correction:\n%s", clip(got))
	}
	if got := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/summary?version=1", "", nil).Body; !bytes.Equal(got, summary1) {
		t.Errorf("version 1's summary changed after the correction")
	}
	var pub struct {
		Published struct {
			Version int    `json:"version"`
			SHA256  string `json:"sha256"`
		} `json:"published"`
		Units []struct {
			UnitCode string      `json:"unit_code"`
			Points   json.Number `json:"points"`
		} `json:"units"`
	}
	json.Unmarshal(pinned1, &pub)
	if pub.Published.Version != 1 || pub.Published.SHA256 != sha1 {
		t.Errorf("version 1 is served as %+v, want sha256 %s", pub.Published, sha1)
	}
	json.Unmarshal(ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier=department", "", nil).Body, &pub)
	if pub.Published.Version != 2 || pub.Published.SHA256 != v2["sha256"] || pub.Units[0].UnitCode != "tt" || pub.Units[0].Points != "89.503" {
		t.Errorf("the latest is not the correction: %+v", pub)
	}
	vs := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/versions", "", nil)
	if !contains(vs.Body, `"version":2`) || !contains(vs.Body, `"sha256":"`+sha1+`"`) {
		t.Errorf("versions: %s", vs.Body)
	}

	var reopened bool
	for _, e := range auditEntries(t, ts.must(http.StatusOK, "GET", "/api/v1/audit?year=2016&entity=period", ts.admin, nil).Body) {
		if e.Action == "stage" && e.Actor == "admin" && orEmpty(e.OldValue) == "published" && orEmpty(e.NewValue) == "appraisal" && e.Reason == why {
			reopened = true
		}
	}
	if !reopened {
		t.Errorf("the audit does not show the admin reopening the published period with the reason")
	}
}

// TestThreadEntriesNameALeaf: evidence and remarks belong to a leaf of the
// unit's framework, the only places the score sheet shows them. An entry
// on no criterion, or on a parent, would be accepted and never seen.
func TestThreadEntriesNameALeaf(t *testing.T) {
	t.Parallel()
	a := newAssessment(t)
	ts := a.ts
	a.stage("appraisal")
	for _, crit := range []any{"", "1.2", nil} {
		ev := map[string]any{"title": "Văn bản", "url": "https://vanban.laichau.gov.vn/vb-1"}
		rem := map[string]any{"body": "Nhận xét"}
		if crit != nil {
			ev["criterion"], rem["criterion"] = crit, crit
		}
		if r := ts.do("POST", "/api/v1/periods/2016/units/tt/evidence", a.unitTT, ev); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("evidence on criterion %v: status %d, want 422 (the sheet would never show it): %s", crit, r.Status, r.Body)
		}
		if r := ts.do("POST", "/api/v1/periods/2016/units/tt/remarks", a.council, rem); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("remark on criterion %v: status %d, want 422 (the sheet would never show it): %s", crit, r.Status, r.Body)
		}
	}
}

// TestUserEditAuditsOnlyChanges: like score writes, a user edit leaves one
// audit entry per value it changes, none for values sent as they are.
func TestUserEditAuditsOnlyChanges(t *testing.T) {
	t.Parallel()
	a := newAssessment(t) // hoidong-stp is assigned to stp
	ts := a.ts
	before := a.audit()
	ts.must(http.StatusOK, "PATCH", "/api/v1/users/hoidong-stp", ts.admin, map[string]any{"units": []string{"stp"}, "active": true})
	if after := a.audit(); !bytes.Equal(after, before) {
		e := auditEntries(t, after)[0]
		t.Errorf("an edit that changes nothing was audited: %s %s %s %s: %q → %q", e.Actor, e.Action, e.Entity, e.Field, orEmpty(e.OldValue), orEmpty(e.NewValue))
	}
}

// TestAssignedUnitsAreShown: a council member's assignment is part of the
// user as every route shows it (the contract: absent means all units).
func TestAssignedUnitsAreShown(t *testing.T) {
	t.Parallel()
	a := newAssessment(t)
	ts := a.ts
	if r := ts.must(http.StatusOK, "GET", "/api/v1/me", a.councilStp, nil); !contains(r.Body, `"units":["stp"]`) {
		t.Errorf("GET /api/v1/me of an assigned council member: %s", r.Body)
	}
	if r := ts.must(http.StatusOK, "GET", "/api/v1/users", ts.admin, nil); !contains(r.Body, `"username":"hoidong-stp","role":"council","units":["stp"]`) {
		t.Errorf("GET /api/v1/users does not show the assignment: %s", clip(r.Body))
	}
}

// TestThreadStatusOnTheSheet: the council resolves an explained remark
// and reopens it; the sheet shows each leaf's thread status (the response
// held to the contract), and the unit may not explain on it while it is
// resolved.
func TestThreadStatusOnTheSheet(t *testing.T) {
	t.Parallel()
	a := newAssessment(t)
	ts := a.ts
	a.stage("self_assessment")
	a.stage("appraisal")
	remarks := "/api/v1/periods/2016/units/tt/remarks"
	ts.must(http.StatusCreated, "POST", remarks, a.council, map[string]any{"criterion": "1.1", "body": "Thiếu kế hoạch"})
	ts.must(http.StatusCreated, "POST", remarks, a.unitTT, map[string]any{"criterion": "1.1", "body": "Đã bổ sung"})
	status := func() map[string]any {
		t.Helper()
		var sheet struct {
			Criteria []struct {
				Code         string  `json:"code"`
				RemarkStatus *string `json:"remark_status"`
			} `json:"criteria"`
		}
		if err := json.Unmarshal(ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/units/tt/scores", a.unitTT, nil).Body, &sheet); err != nil {
			t.Fatal(err)
		}
		out := map[string]any{}
		for _, c := range sheet.Criteria {
			if c.RemarkStatus != nil {
				out[c.Code] = *c.RemarkStatus
			}
		}
		return out
	}
	if got := status(); len(got) != 1 || got["1.1"] != "open" {
		t.Errorf("before resolving: %v", got)
	}
	ts.must(http.StatusForbidden, "POST", remarks+"/status", a.unitTT, map[string]any{"criterion": "1.1", "status": "resolved"})
	r := ts.must(http.StatusCreated, "POST", remarks+"/status", a.council, map[string]any{"criterion": "1.1", "status": "resolved", "note": "Chấp nhận"}).JSON(t)
	if r["kind"] != "resolved" || r["author"] != "hoidong" || r["body"] != "Chấp nhận" {
		t.Errorf("the resolve's entry: %v", r)
	}
	if got := status(); got["1.1"] != "resolved" {
		t.Errorf("after resolving: %v", got)
	}
	ts.must(http.StatusConflict, "POST", remarks, a.unitTT, map[string]any{"criterion": "1.1", "body": "Thêm nữa"})
	ts.must(http.StatusUnprocessableEntity, "POST", remarks+"/status", a.council, map[string]any{"criterion": "1.1", "status": "reopened"})
	ts.must(http.StatusUnprocessableEntity, "POST", remarks+"/status", a.council, map[string]any{"criterion": "1.1", "status": "closed"})
	ts.must(http.StatusCreated, "POST", remarks+"/status", a.council, map[string]any{"criterion": "1.1", "status": "reopened", "note": "Chưa đủ"})
	if got := status(); got["1.1"] != "open" {
		t.Errorf("after reopening: %v", got)
	}
}
