package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/web"
)

// specPath is api/openapi.yaml, the contract the server is held to.
var specPath = filepath.Join("..", "..", "api", "openapi.yaml")

var spec struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

// loadSpec loads and validates the contract once for the whole test binary.
func loadSpec(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	spec.once.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromFile(specPath)
		if err != nil {
			spec.err = fmt.Errorf("loading %s: %w", specPath, err)
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			spec.err = fmt.Errorf("%s is not a valid OpenAPI document: %w", specPath, err)
			return
		}
		// The legacy router matches paths without gorilla/mux, so the module
		// needs no dependency beyond kin-openapi itself.
		r, err := legacy.NewRouter(doc)
		if err != nil {
			spec.err = fmt.Errorf("routing %s: %w", specPath, err)
			return
		}
		spec.doc, spec.router = doc, r
	})
	if spec.err != nil {
		t.Fatal(spec.err)
	}
	return spec.doc, spec.router
}

var specOptions = &openapi3filter.Options{
	// An undocumented status is a mismatch, not a pass.
	IncludeResponseStatus: true,
	MultiError:            true,
	// Requests are not validated (tests send bad ones on purpose), but set
	// it anyway so that nothing in the filter trips over bearerAuth.
	AuthenticationFunc: func(context.Context, *openapi3filter.AuthenticationInput) error { return nil },
}

// checkAgainstSpec validates a response against api/openapi.yaml: the
// request's method and path must be an operation of the spec, and the
// response's status, content type and body must be documented for it.
// Requests are not validated: tests send malformed ones on purpose.
func checkAgainstSpec(t *testing.T, req *http.Request, r response) {
	t.Helper()
	doc, router := loadSpec(t)
	route, params, err := router.FindRoute(req)
	if err != nil {
		checkUnrouted(t, doc, req, r, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route, Options: specOptions,
		},
		Status:  r.Status,
		Header:  r.Header,
		Body:    io.NopCloser(bytes.NewReader(r.Body)),
		Options: specOptions,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match api/openapi.yaml (%s %s):\n%v\nbody: %s",
			req.Method, req.URL.RequestURI(), r.Status, route.Method, route.Path, err, clip(r.Body))
	}
}

// checkUnrouted handles a request that is no operation of the spec. That is
// a failure unless the server does not have the route either: echo's own
// 404 (no such route) or 405 (method not allowed). Even then the body must
// be the contract's error body.
func checkUnrouted(t *testing.T, doc *openapi3.T, req *http.Request, r response, routeErr error) {
	t.Helper()
	if web.IsPagePath(req.URL.Path) {
		// A page's unknown address is a page saying so (internal/web), not the API's error.
		if r.Status != http.StatusNotFound && r.Status != http.StatusMethodNotAllowed || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s %s, no route of the pages: %d %q, want a 404 or 405 page", req.Method, req.URL.Path, r.Status, r.Header.Get("Content-Type"))
		}
		return
	}
	var body errorBody
	_ = json.Unmarshal(r.Body, &body)
	code, msg := body.Error.Code, body.Error.Message
	switch {
	case r.Status == http.StatusNotFound && code == "not_found" && strings.HasPrefix(msg, "no such route"):
	case r.Status == http.StatusMethodNotAllowed && code == "method_not_allowed":
	default:
		t.Errorf("api/openapi.yaml has no operation %s %s (%v), but the server answered it with %d: document it in the spec\nbody: %s",
			req.Method, req.URL.Path, routeErr, r.Status, clip(r.Body))
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s → %d: content type %q, want application/json", req.Method, req.URL.Path, r.Status, ct)
		return
	}
	var v any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Errorf("%s %s → %d: the body is not JSON: %v\n%s", req.Method, req.URL.Path, r.Status, err, clip(r.Body))
		return
	}
	if err := doc.Components.Schemas["Error"].Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		t.Errorf("%s %s → %d: the body is not the Error schema of api/openapi.yaml: %v\n%s", req.Method, req.URL.Path, r.Status, err, clip(r.Body))
	}
}

func clip(b []byte) string {
	const max = 2000
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

var echoParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

// echoRoutes returns the routes the server serves, as "METHOD /path/{param}".
func echoRoutes(t *testing.T) []string {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "parindex.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := New(st, Options{TokenTTL: time.Hour, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	var out []string
	for _, r := range e.Routes() {
		// Group middleware makes echo register catch-all "not found" routes.
		if r.Method == echo.RouteNotFound || slices.Contains(pagePaths, r.Path) {
			continue
		}
		out = append(out, r.Method+" "+echoParam.ReplaceAllString(r.Path, "{$1}"))
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// specOperations returns the spec's operations as "METHOD /path/{param}".
func specOperations(doc *openapi3.T) []string {
	var out []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			out = append(out, method+" "+path)
		}
	}
	sort.Strings(out)
	return out
}

// TestEveryRouteIsInTheSpec holds routes.go and api/openapi.yaml to the
// same list of operations, both ways.
func TestEveryRouteIsInTheSpec(t *testing.T) {
	t.Parallel()
	doc, _ := loadSpec(t)
	served, documented := echoRoutes(t), specOperations(doc)
	var undocumented, unserved []string
	for _, r := range served {
		if !slices.Contains(documented, r) {
			undocumented = append(undocumented, r)
		}
	}
	for _, o := range documented {
		if !slices.Contains(served, o) {
			unserved = append(unserved, o)
		}
	}
	if len(undocumented) > 0 {
		t.Errorf("routes served but missing from api/openapi.yaml:\n\t%s", strings.Join(undocumented, "\n\t"))
	}
	if len(unserved) > 0 {
		t.Errorf("operations in api/openapi.yaml that the server does not serve:\n\t%s", strings.Join(unserved, "\n\t"))
	}
	if len(served) < 10 {
		t.Errorf("only %d routes found in the echo server: %v", len(served), served)
	}
}

// TestSpecIsValid checks that the contract is a valid OpenAPI 3 document
// and follows the conventions the API promises.
func TestSpecIsValid(t *testing.T) {
	t.Parallel()
	doc, _ := loadSpec(t)
	if !strings.HasPrefix(doc.OpenAPI, "3.0.") {
		t.Errorf("openapi: %s, want 3.0.x", doc.OpenAPI)
	}
	tags := map[string]bool{}
	for _, tg := range doc.Tags {
		tags[tg.Name] = true
	}
	errorSchema := doc.Components.Schemas["Error"]
	if errorSchema == nil {
		t.Fatal("components/schemas has no Error")
	}
	ids := map[string]string{}
	for _, op := range specOperations(doc) {
		method, path, _ := strings.Cut(op, " ")
		o := doc.Paths.Value(path).GetOperation(method)
		if o.OperationID == "" || o.Summary == "" || o.Description == "" {
			t.Errorf("%s: needs an operationId, a summary and a description", op)
		}
		if prev, dup := ids[o.OperationID]; dup && o.OperationID != "" {
			t.Errorf("%s: operationId %s is also used by %s", op, o.OperationID, prev)
		}
		ids[o.OperationID] = op
		if len(o.Tags) == 0 {
			t.Errorf("%s: has no tag", op)
		}
		for _, tg := range o.Tags {
			if !tags[tg] {
				t.Errorf("%s: tag %q is not declared in the top-level tags", op, tg)
			}
		}

		// Security: bearer on /api/v1 except the login and the public routes.
		public := path == "/api/v1/auth/login" || strings.HasPrefix(path, "/api/v1/public/") || !strings.HasPrefix(path, "/api/v1/")
		sec := doc.Security
		if o.Security != nil {
			sec = *o.Security
		}
		switch {
		case public && len(sec) != 0:
			t.Errorf("%s: is public but the spec asks for %v", op, sec)
		case !public && (len(sec) != 1 || sec[0]["bearerAuth"] == nil):
			t.Errorf("%s: needs bearerAuth, the spec has %v", op, sec)
		}

		want := []int{500}
		if !public {
			want = append(want, 401)
		}
		if strings.Contains(path, "{year}") {
			want = append(want, 400, 404)
		}
		if o.RequestBody != nil {
			want = append(want, 400, 413)
			checkRequestBody(t, op, o.RequestBody)
		}
		for _, status := range want {
			if o.Responses.Status(status) == nil {
				t.Errorf("%s: does not document status %d", op, status)
			}
		}
		if o.Responses.Default() != nil {
			t.Errorf("%s: has a default response; list each status instead", op)
		}
		for code, ref := range o.Responses.Map() {
			if code[0] != '4' && code != "500" {
				continue // 503 from /healthz is the Health body
			}
			if code == "412" {
				continue // a stale If-Match: the Error body and the current values (PreconditionFailed)
			}
			if web.IsPagePath(path) && ref.Value.Content.Get("text/html") != nil {
				continue // a page's refusal is a page (internal/web's ErrorPage)
			}
			mt := ref.Value.Content.Get("application/json")
			if mt == nil || mt.Schema == nil || mt.Schema.Value != errorSchema.Value {
				t.Errorf("%s: response %s is not the Error schema", op, code)
			}
		}
	}
}

// checkRequestBody requires every object of a JSON request body to refuse
// unknown fields, as the server's decoder does.
func checkRequestBody(t *testing.T, op string, body *openapi3.RequestBodyRef) {
	t.Helper()
	mt := body.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		t.Errorf("%s: the request body is not described as application/json", op)
		return
	}
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, s *openapi3.SchemaRef)
	walk = func(where string, s *openapi3.SchemaRef) {
		if s == nil || s.Value == nil || seen[s.Value] {
			return
		}
		v := s.Value
		seen[v] = true
		if v.Type.Is("object") && (v.AdditionalProperties.Has == nil || *v.AdditionalProperties.Has) {
			t.Errorf("%s: request object %s must say additionalProperties: false (the server refuses unknown fields)", op, where)
		}
		for name, p := range v.Properties {
			walk(where+"."+name, p)
		}
		walk(where+"[]", v.Items)
		for _, group := range []openapi3.SchemaRefs{v.AllOf, v.OneOf, v.AnyOf} {
			for _, x := range group {
				walk(where, x)
			}
		}
	}
	walk("body", mt.Schema)
}

// TestSpecSmoke drives the real server through a whole assessment so that
// every response shape of the contract is checked against a real answer:
// the harness validates each response against api/openapi.yaml.
func TestSpecSmoke(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin

	ts.must(200, "GET", "/healthz", "", nil)
	ts.must(200, "GET", "/api/openapi.yaml", "", nil)
	ts.must(200, "GET", "/api/v1/me", admin, nil)
	ts.must(200, "GET", "/api/v1/tiers", admin, nil)
	ts.must(201, "POST", "/api/v1/tiers", admin, map[string]string{"code": "commune", "name": "Cấp xã"})

	units := []map[string]string{
		{"code": "TTT", "name": "Thanh tra tỉnh", "tier": "department"},
		{"code": "STC", "name": "Sở Tài chính", "tier": "department"},
		{"code": "SXD", "name": "Sở Xây dựng", "tier": "department"},
		{"code": "TPLC", "name": "UBND thành phố Lai Châu", "tier": "district"},
	}
	for _, u := range units {
		ts.must(201, "POST", "/api/v1/units", admin, u)
	}
	ts.must(200, "GET", "/api/v1/units?tier=department", admin, nil)
	ts.must(200, "GET", "/api/v1/units?inactive=true", admin, nil)
	ts.must(200, "GET", "/api/v1/units/STC", admin, nil)
	ts.must(200, "PATCH", "/api/v1/units/TPLC", admin, map[string]any{"name": "UBND Thành phố Lai Châu", "active": true})

	unitTok := ts.user("stc", "unit", "STC")
	council := ts.user("council1", "council", "")
	ts.must(200, "GET", "/api/v1/users", admin, nil)

	ts.must(201, "POST", "/api/v1/periods", admin, map[string]any{"year": 2015})
	ts.must(201, "POST", "/api/v1/periods", admin, map[string]any{"year": 2016, "title": "Chỉ số CCHC năm 2016"})
	ts.must(200, "GET", "/api/v1/periods", admin, nil)
	ts.must(200, "GET", "/api/v1/periods/2016", unitTok, nil)

	framework := map[string]any{
		"bands": []map[string]any{
			{"label": "Tốt", "min_index": 80},
			{"label": "Khá", "min_index": "70"},
			{"label": "Trung bình", "min_index": 50},
		},
		"criteria": []map[string]any{
			{"code": "1", "name": "Công tác chỉ đạo, điều hành CCHC", "children": []map[string]any{
				{"code": "1.1", "name": "Kế hoạch CCHC", "max_points": 2.5},
				{"code": "1.2", "name": "Mức độ hài lòng", "max_points": "3", "source": "survey"},
			}},
			{"code": "2", "name": "Cải cách thể chế", "children": []map[string]any{
				{"code": "2.1", "name": "Xây dựng và tổ chức thực hiện văn bản QPPL", "max_points": 4.5},
			}},
		},
	}
	for _, year := range []string{"2015", "2016"} {
		ts.must(200, "PUT", "/api/v1/periods/"+year+"/frameworks/department", admin, framework)
	}
	f := ts.must(200, "GET", "/api/v1/periods/2016/frameworks/department", council, nil).JSON(t)
	if f["max_points"] != json.Number("10") || f["leaves"] != json.Number("3") {
		t.Errorf("framework: max_points %v, leaves %v; want 10, 3", f["max_points"], f["leaves"])
	}

	// 2015: the previous period, for rank and index changes.
	ts.must(200, "PUT", "/api/v1/periods/2015/scores", admin, map[string]any{"scores": []map[string]any{
		{"unit": "TTT", "criterion": "1.1", "points": 2},
		{"unit": "TTT", "criterion": "1.2", "points": 2},
		{"unit": "TTT", "criterion": "2.1", "points": 3},
		{"unit": "STC", "criterion": "1.1", "points": 2.5},
		{"unit": "STC", "criterion": "1.2", "points": 3},
		{"unit": "STC", "criterion": "2.1", "points": 4},
	}})
	saved := ts.must(200, "PUT", "/api/v1/periods/2016/scores", admin, map[string]any{"scores": []map[string]any{
		{"unit": "TTT", "criterion": "1.1", "points": 2.5},
		{"unit": "TTT", "criterion": "1.2", "points": "2.75"},
		{"unit": "TTT", "criterion": "2.1", "points": 4},
		{"unit": "STC", "criterion": "1.1", "points": 2},
		{"unit": "STC", "criterion": "1.2", "points": 3, "note": "kết quả điều tra XHH"},
		{"unit": "STC", "criterion": "2.1", "not_applicable": true},
	}}).JSON(t)
	if saved["saved"] != json.Number("6") {
		t.Errorf("saved %v, want 6", saved["saved"])
	}
	ts.must(200, "POST", "/api/v1/periods/2016/stage", admin, map[string]any{"stage": "self_assessment"})
	ts.must(200, "PUT", "/api/v1/periods/2016/scores", unitTok, map[string]any{"scores": []map[string]any{
		{"unit": "STC", "criterion": "1.1", "self_points": "2.25", "note": "Có kế hoạch CCHC năm"},
	}})
	ts.must(200, "POST", "/api/v1/periods/2016/stage", admin, map[string]any{"stage": "appraisal"})
	ts.must(200, "PUT", "/api/v1/periods/2016/scores", council, map[string]any{"scores": []map[string]any{
		{"unit": "STC", "criterion": "1.1", "points": 2, "note": nil},
	}})
	ts.must(200, "GET", "/api/v1/periods/2016/scores?tier=department", council, nil)
	ts.must(200, "GET", "/api/v1/periods/2016/scores", unitTok, nil)

	// Live results: SXD has no scores yet, so it is incomplete.
	res := ts.must(200, "GET", "/api/v1/periods/2016/results?tier=department", admin, nil).JSON(t)
	rows, _ := res["units"].([]any)
	if len(rows) != 3 {
		t.Fatalf("results: %d units, want 3: %v", len(rows), res)
	}
	first, _ := rows[0].(map[string]any)
	if first["unit_code"] != "TTT" || first["index"] != json.Number("92.50") || first["rank"] != json.Number("1") {
		t.Errorf("first unit: %v, want TTT ranked 1 with index 92.50", first)
	}
	ts.must(404, "GET", "/api/v1/periods/2016/results?tier=district", admin, nil) // no framework
	ts.must(200, "GET", "/api/v1/periods/2016/summary", council, nil)

	// Nothing is published yet.
	ts.must(404, "GET", "/api/v1/public/periods/2016/results?tier=department", "", nil)
	ts.must(404, "GET", "/api/v1/public/periods/2016/summary", "", nil)
	ts.must(404, "GET", "/api/v1/public/periods/2016/versions", "", nil)
	ts.must(404, "GET", "/api/v1/periods/2016/versions", admin, nil)
	ts.must(200, "GET", "/api/v1/public/periods", "", nil)

	// 2015 stays incomplete for SXD: only an admin's forced publication
	// passes. It comes first: 2016 compares only with a published 2015.
	ts.must(403, "POST", "/api/v1/periods/2015/publish", ts.user("sec1", "secretariat", ""), map[string]any{"force": true, "reason": "x"})
	ts.must(422, "POST", "/api/v1/periods/2015/publish", admin, map[string]any{"force": true})
	forced := ts.must(201, "POST", "/api/v1/periods/2015/publish", admin, map[string]any{"force": true, "reason": "số liệu năm trước"}).JSON(t)
	if forced["forced"] != true {
		t.Errorf("forced publication: %v", forced)
	}

	// Incomplete results block publication, listing what is missing.
	r := ts.must(409, "POST", "/api/v1/periods/2016/publish", admin, nil)
	if !contains(r.Body, "SXD") {
		t.Errorf("publish of incomplete results does not name SXD: %s", r.Body)
	}
	ts.must(200, "PUT", "/api/v1/periods/2016/scores", admin, map[string]any{"scores": []map[string]any{
		{"unit": "SXD", "criterion": "1.1", "not_applicable": true},
		{"unit": "SXD", "criterion": "1.2", "not_applicable": true},
		{"unit": "SXD", "criterion": "2.1", "not_applicable": true},
	}})
	pub := ts.must(201, "POST", "/api/v1/periods/2016/publish", admin, map[string]any{"reason": "Hội nghị trực tuyến 27/6/2017"}).JSON(t)
	if pub["version"] != json.Number("1") {
		t.Errorf("publication version %v, want 1", pub["version"])
	}
	ts.must(409, "POST", "/api/v1/periods/2016/publish", admin, nil)

	// Public, published.
	ts.must(200, "GET", "/api/v1/public/periods", "", nil)
	pr := ts.must(200, "GET", "/api/v1/public/periods/2016/results?tier=department", "", nil).JSON(t)
	if pr["published"] == nil || pr["previous_year"] != json.Number("2015") {
		t.Errorf("published results: published %v, previous_year %v", pr["published"], pr["previous_year"])
	}
	ts.must(200, "GET", "/api/v1/public/periods/2016/results?tier=department&version=1", "", nil)
	ts.must(200, "GET", "/api/v1/public/periods/2015/results?tier=department", "", nil)
	ts.must(404, "GET", "/api/v1/public/periods/2016/results?tier=department&version=2", "", nil)
	ts.must(404, "GET", "/api/v1/public/periods/2016/results?tier=district", "", nil)
	ts.must(400, "GET", "/api/v1/public/periods/2016/results?tier=department&version=x", "", nil)
	ts.must(400, "GET", "/api/v1/public/periods/2016/results", "", nil)
	ts.must(200, "GET", "/api/v1/public/periods/2016/summary", "", nil)
	ts.must(200, "GET", "/api/v1/public/periods/2016/versions", "", nil)
	ts.must(200, "GET", "/api/v1/periods/2016/versions", council, nil)
	ts.must(200, "GET", "/api/v1/periods/2016/summary", admin, nil)

	// Errors.
	ts.must(401, "GET", "/api/v1/units", "", nil)
	ts.must(401, "GET", "/api/v1/units", "not-a-token", nil)
	ts.must(401, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": "wrong-password"})
	ts.must(403, "GET", "/api/v1/users", unitTok, nil)
	ts.must(403, "GET", "/api/v1/periods/2016/results?tier=department", unitTok, nil)
	ts.must(403, "PUT", "/api/v1/periods/2016/scores", unitTok, map[string]any{"scores": []map[string]any{
		{"unit": "TTT", "criterion": "1.1", "self_points": 1},
	}})
	ts.must(400, "POST", "/api/v1/units", admin, `{"code": "X",`)
	ts.must(400, "POST", "/api/v1/units", admin, `{"code": "X", "name": "X", "tier": "department", "colour": "red"}`)
	ts.must(400, "GET", "/api/v1/periods/abcd", admin, nil)
	ts.must(400, "GET", "/api/v1/periods/2016/scores", admin, nil)
	ts.must(404, "GET", "/api/v1/periods/2099", admin, nil)
	ts.must(404, "GET", "/api/v1/units/NOPE", admin, nil)
	ts.must(404, "GET", "/api/v1/periods/2016/results?tier=nope", admin, nil)
	ts.must(409, "POST", "/api/v1/units", admin, units[0])
	ts.must(409, "POST", "/api/v1/periods", admin, map[string]any{"year": 2016})
	ts.must(422, "POST", "/api/v1/units", admin, map[string]string{"code": "có dấu", "name": "X", "tier": "department"})
	ts.must(422, "PUT", "/api/v1/periods/2016/frameworks/district", admin, map[string]any{"criteria": []any{}})
	ts.must(201, "POST", "/api/v1/periods", admin, map[string]any{"year": 2017})
	ts.must(200, "PUT", "/api/v1/periods/2017/frameworks/department", admin, framework)
	bad := ts.must(422, "PUT", "/api/v1/periods/2017/scores", admin, map[string]any{"scores": []map[string]any{
		{"unit": "NOPE", "criterion": "1.1", "points": 1},
		{"unit": "TTT", "criterion": "1.1", "points": "2.6"},
	}})
	if !contains(bad.Body, `"unit":"NOPE"`) || !contains(bad.Body, `"index":1`) {
		t.Errorf("refused scores are not located: %s", bad.Body)
	}
	ts.must(422, "PUT", "/api/v1/periods/2017/scores", admin, map[string]any{"scores": []map[string]any{
		{"unit": "TTT", "criterion": "1.2", "points": "1,5"},
	}})
	ts.must(409, "PUT", "/api/v1/periods/2016/scores", admin, map[string]any{"scores": []map[string]any{
		{"unit": "TTT", "criterion": "1.1", "points": 1},
	}})
	ts.must(413, "POST", "/api/v1/auth/login", "", `{"username": "`+strings.Repeat("a", 3<<20)+`"}`)
	ts.must(404, "GET", "/api/v1/no-such-route", admin, nil)
	ts.must(404, "GET", "/api/v1/public/no-such-route", "", nil)
	ts.must(405, "DELETE", "/api/v1/units", admin, nil)

	ts.must(204, "POST", "/api/v1/auth/logout", unitTok, nil)
	ts.must(401, "GET", "/api/v1/me", unitTok, nil)
}
