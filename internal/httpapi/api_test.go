package httpapi

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixture sets up period 2016 for the department tier: 5 units, a
// 3-level framework totalling 97.5 with 3-decimal maxima, and bands.
func fixture(ts *testServer) {
	ts.t.Helper()
	for _, u := range [][2]string{
		{"tt", "Thanh tra tỉnh"}, {"stc", "Sở Tài chính"}, {"stp", "Sở Tư pháp"},
		{"sgtvt", "Sở Giao thông vận tải"}, {"bdt", "Ban Dân tộc"},
	} {
		ts.must(http.StatusCreated, "POST", "/api/v1/units", ts.admin, map[string]string{"code": u[0], "name": u[1], "tier": "department"})
	}
	ts.must(http.StatusCreated, "POST", "/api/v1/periods", ts.admin, map[string]any{"year": 2016, "title": "Chỉ số CCHC năm 2016"})
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/frameworks/department", ts.admin, fixtureFramework)
}

// The framework: field 1 (20.5) = 1.1 (10) + 1.2 (10.5 = 1.2.1 5.25 + 1.2.2 5.25);
// field 2 (77) = 2.1 (60.247) + 2.2 survey (16.753). Total 97.5.
var fixtureFramework = map[string]any{
	"bands": []map[string]any{
		{"label": "Tốt", "min_index": 80}, {"label": "Khá", "min_index": "70"}, {"label": "Trung bình", "min_index": 50},
	},
	"criteria": []map[string]any{
		{"code": "1", "name": "Công tác chỉ đạo, điều hành cải cách hành chính", "children": []map[string]any{
			{"code": "1.1", "name": "Kế hoạch cải cách hành chính", "max_points": 10},
			{"code": "1.2", "name": "Báo cáo cải cách hành chính", "children": []map[string]any{
				{"code": "1.2.1", "name": "Số lượng báo cáo", "max_points": "5.25"},
				{"code": "1.2.2", "name": "Chất lượng báo cáo", "max_points": 5.25},
			}},
		}},
		{"code": "2", "name": "Cải cách thủ tục hành chính", "children": []map[string]any{
			{"code": "2.1", "name": "Rà soát thủ tục hành chính", "max_points": "60.247"},
			{"code": "2.2", "name": "Mức độ hài lòng của người dân", "max_points": "16.753", "source": "survey"},
		}},
	},
}

// fixtureScores gives Sở Tư pháp and Sở Giao thông vận tải the same total
// (a tie), Ban Dân tộc 2.2 not applicable, and leaves Sở Tài chính's 2.2
// with self points only (provisional).
func fixtureScores() map[string]any {
	type sc = map[string]any
	rows := []sc{}
	add := func(unit string, pts ...any) {
		codes := []string{"1.1", "1.2.1", "1.2.2", "2.1", "2.2"}
		for i, p := range pts {
			rows = append(rows, sc{"unit": unit, "criterion": codes[i], "points": p, "self_points": p})
		}
	}
	add("tt", 9.5, 5, 5.25, "55.5", "15.753")
	add("stp", 8, 4, 4.5, 45, 12)
	add("sgtvt", 7, 4.5, 5, 46, 11)
	add("stc", 9, 5, 5, 52, "15")
	rows[len(rows)-1] = sc{"unit": "stc", "criterion": "2.2", "self_points": "15.5"}
	add("bdt", 5, 3, 3, 30)
	rows = append(rows, sc{"unit": "bdt", "criterion": "2.2", "not_applicable": true, "note": "Không phát sinh"})
	return sc{"scores": rows}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "api", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s differs from the golden file (-want +got):\n%s", name, d)
	}
}

func indent(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		t.Fatal(err)
	}
	out.WriteByte('\n')
	return out.Bytes()
}

func TestResultsThroughTheAPI(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, fixtureScores())

	r := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/results?tier=department", ts.admin, nil)
	golden(t, "results-2016-department.golden.json", indent(t, r.Body))

	var res struct {
		AverageIndex json.Number `json:"average_index"`
		MaxPoints    json.Number `json:"max_points"`
		Units        []struct {
			Rank        *int         `json:"rank"`
			UnitCode    string       `json:"unit_code"`
			Points      json.Number  `json:"points"`
			MaxPoints   json.Number  `json:"max_points"`
			Index       *json.Number `json:"index"`
			Band        *string      `json:"band"`
			Complete    bool         `json:"complete"`
			Provisional bool         `json:"provisional"`
		} `json:"units"`
	}
	if err := json.Unmarshal(r.Body, &res); err != nil {
		t.Fatal(err)
	}
	if res.MaxPoints != "97.5" {
		t.Errorf("max_points = %s, want 97.5 (a parent's maximum is the sum of its children)", res.MaxPoints)
	}
	var order []string
	var ranks []int
	for _, u := range res.Units {
		order = append(order, u.UnitCode)
		ranks = append(ranks, *u.Rank)
	}
	// tt 91.003/97.5 = 93.34; stc 86.5/97.5 = 88.72 (provisional); stp and
	// sgtvt 73.5/97.5 = 75.38 tie, ordered Sở Giao… before Sở Tư…; bdt 41/80.747.
	if d := cmp.Diff([]string{"tt", "stc", "sgtvt", "stp", "bdt"}, order); d != "" {
		t.Errorf("rank order (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]int{1, 2, 3, 3, 5}, ranks); d != "" {
		t.Errorf("ranks share a tie and skip the next (-want +got):\n%s", d)
	}
	if res.Units[0].Points != "91.003" {
		t.Errorf("Thanh tra points = %s, want 91.003 exactly", res.Units[0].Points)
	}
	if res.Units[0].Provisional || !res.Units[1].Provisional {
		t.Errorf("only Sở Tài chính counts self points: %+v", res.Units[:2])
	}
	if res.Units[4].MaxPoints != "80.747" {
		t.Errorf("Ban Dân tộc's maximum without the not-applicable 2.2 = %s, want 80.747", res.Units[4].MaxPoints)
	}

	// The 3-decimal value comes back as entered, in the scores listing too.
	s := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores?unit=tt", ts.admin, nil)
	if !contains(s.Body, `"points":15.753`) {
		t.Errorf("15.753 did not come back exactly: %s", s.Body)
	}
}

func TestFrameworkTree(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	r := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/frameworks/department", ts.council(), nil)
	golden(t, "framework-2016-department.golden.json", indent(t, r.Body))

	bad := []struct {
		name, want string
		criteria   []map[string]any
	}{
		{"duplicate code", "code 1.1 is used twice", []map[string]any{
			{"code": "1", "name": "A", "children": []map[string]any{{"code": "1.1", "name": "B", "max_points": 1}, {"code": "1.1", "name": "C", "max_points": 1}}}}},
		{"parent with other points than its children", "criterion 1 gives max_points 6, but its sub-criteria add up to 5", []map[string]any{
			{"code": "1", "name": "A", "max_points": 6, "children": []map[string]any{{"code": "1.1", "name": "B", "max_points": 5}}}}},
		{"negative maximum", "criterion 1.1 has a negative maximum −2", []map[string]any{
			{"code": "1", "name": "A", "children": []map[string]any{{"code": "1.1", "name": "B", "max_points": -2}}}}},
		{"not a number", `criterion 1.1: max_points \"hai\"`, []map[string]any{
			{"code": "1", "name": "A", "children": []map[string]any{{"code": "1.1", "name": "B", "max_points": "hai"}}}}},
		{"four decimals", "1.2345 has more than 3 decimal places", []map[string]any{
			{"code": "1", "name": "A", "children": []map[string]any{{"code": "1.1", "name": "B", "max_points": "1.2345"}}}}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			r := ts.do("PUT", "/api/v1/periods/2016/frameworks/department", ts.admin, map[string]any{"criteria": tc.criteria})
			if r.Status != http.StatusUnprocessableEntity || !contains(r.Body, tc.want) {
				t.Fatalf("status %d, want 422 naming %q:\n%s", r.Status, tc.want, r.Body)
			}
			after := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/frameworks/department", ts.admin, nil)
			if !bytes.Equal(after.Body, r0(ts)) {
				t.Fatal("a refused framework changed the stored one")
			}
		})
	}

	// A framework that would drop a scored leaf is refused, naming it.
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, map[string]any{"scores": []map[string]any{{"unit": "tt", "criterion": "2.2", "points": 16}}})
	smaller := map[string]any{"criteria": []map[string]any{{"code": "1", "name": "A", "children": []map[string]any{{"code": "1.1", "name": "B", "max_points": 10}}}}}
	r = ts.must(http.StatusConflict, "PUT", "/api/v1/periods/2016/frameworks/department", ts.admin, smaller)
	if !contains(r.Body, "criterion 2.2, which the new framework drops") {
		t.Errorf("the refusal does not name the scored criterion: %s", r.Body)
	}
}

func r0(ts *testServer) []byte {
	return ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/frameworks/department", ts.admin, nil).Body
}

func (ts *testServer) council() string { return ts.user("council1", "council", "") }

// TestRefusedScoresKeepNothing sends every kind of bad score request and
// checks that the stored scores are byte-for-byte what they were.
func TestRefusedScoresKeepNothing(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, fixtureScores())
	before := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores?tier=department", ts.admin, nil).Body

	good := map[string]any{"unit": "stp", "criterion": "1.1", "points": 1}
	batch := func(bad map[string]any) map[string]any { return map[string]any{"scores": []map[string]any{good, bad}} }
	cases := []struct {
		name   string
		token  string
		body   any
		status int
		code   string
		want   []string
	}{
		{"over the maximum", ts.admin, batch(map[string]any{"unit": "tt", "criterion": "1.1", "points": 10.5}), 422, "unprocessable",
			[]string{"unit tt, criterion 1.1: points 10.5 is outside 0..10", `"unit":"tt"`, `"criterion":"1.1"`}},
		{"negative", ts.admin, batch(map[string]any{"unit": "tt", "criterion": "1.2.1", "self_points": -1}), 422, "unprocessable",
			[]string{"self_points −1 is outside 0..5.25"}},
		{"unknown unit", ts.admin, batch(map[string]any{"unit": "so-khong-co", "criterion": "1.1", "points": 1}), 422, "unprocessable",
			[]string{`unit \"so-khong-co\" does not exist`}},
		{"unknown criterion", ts.admin, batch(map[string]any{"unit": "tt", "criterion": "9.9", "points": 1}), 422, "unprocessable",
			[]string{`criterion \"9.9\" is not in the 2016 framework of tier department`}},
		{"a parent criterion", ts.admin, batch(map[string]any{"unit": "tt", "criterion": "1.2", "points": 1}), 422, "unprocessable",
			[]string{"criterion 1.2 has sub-criteria"}},
		{"not a number", ts.admin, batch(map[string]any{"unit": "tt", "criterion": "1.1", "points": "chín"}), 422, "unprocessable",
			[]string{`points \"chín\" is not a decimal number`}},
		{"decimal comma", ts.admin, batch(map[string]any{"unit": "tt", "criterion": "1.1", "points": "2,5"}), 422, "unprocessable",
			[]string{"write it with a dot"}},
		{"four decimals", ts.admin, batch(map[string]any{"unit": "tt", "criterion": "1.1", "points": "2.0005"}), 422, "unprocessable",
			[]string{"2.0005 has more than 3 decimal places"}},
		{"given twice", ts.admin, batch(map[string]any{"unit": "stp", "criterion": "1.1", "points": 2}), 422, "unprocessable",
			[]string{"given twice"}},
		{"malformed JSON", ts.admin, `{"scores": [{"unit": "tt", "criterion": "1.1", "points": 1}`, 400, "invalid",
			[]string{"malformed JSON"}},
		{"unknown field", ts.admin, `{"scores": [{"unit": "tt", "criterion": "1.1", "pionts": 1}]}`, 400, "invalid",
			[]string{`unknown field \"pionts\"`}},
		{"empty", ts.admin, `{"scores": []}`, 400, "invalid", []string{"no scores given"}},
		{"oversized body", ts.admin, `{"scores": [{"unit": "tt", "criterion": "1.1", "note": "` + strings.Repeat("x", 3<<20) + `"}]}`, 413, "too_large",
			[]string{"larger than the limit"}},
		{"no token", "", fixtureScores(), 401, "unauthorized", []string{"Authorization: Bearer"}},
		{"bad token", "not-a-token", fixtureScores(), 401, "unauthorized", []string{"log in again"}},
		{"council sets self points", ts.council(), batch(map[string]any{"unit": "tt", "criterion": "1.1", "self_points": 1}), 403, "forbidden",
			[]string{"self_points are the unit's own"}},
	}
	ts.must(http.StatusCreated, "POST", "/api/v1/users", ts.admin, map[string]string{"username": "tt-user", "password": "password-tt", "role": "unit", "unit": "tt"})
	unitTok := ts.login("tt-user", "password-tt")
	cases = append(cases,
		struct {
			name   string
			token  string
			body   any
			status int
			code   string
			want   []string
		}{"unit writes another unit", unitTok, map[string]any{"scores": []map[string]any{{"unit": "stp", "criterion": "1.1", "self_points": 1}}}, 403, "forbidden",
			[]string{"a unit user may only act on its own unit tt, not stp"}},
		struct {
			name   string
			token  string
			body   any
			status int
			code   string
			want   []string
		}{"unit sets official points", unitTok, map[string]any{"scores": []map[string]any{{"unit": "tt", "criterion": "1.1", "points": 1}}}, 403, "forbidden",
			[]string{"points and not_applicable are set by the council"}},
	)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := ts.do("PUT", "/api/v1/periods/2016/scores", tc.token, tc.body)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Body)
			}
			if got := errorCode(t, r); got != tc.code {
				t.Errorf("error code %q, want %q", got, tc.code)
			}
			for _, w := range tc.want {
				if !contains(r.Body, w) {
					t.Errorf("the error does not say %q:\n%s", w, r.Body)
				}
			}
			after := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores?tier=department", ts.admin, nil).Body
			if !bytes.Equal(before, after) {
				t.Fatalf("a refused request changed the stored scores")
			}
		})
	}
}

func TestPartialUpdateKeepsOtherFields(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, map[string]any{"scores": []map[string]any{
		{"unit": "tt", "criterion": "1.1", "self_points": 9, "points": 8.5, "note": "Đã có kế hoạch"}}})
	// The council revises points only, in the appraisal stage: self points and note stay.
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2016/stage", ts.admin, map[string]any{"stage": "appraisal"})
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.council(), map[string]any{"scores": []map[string]any{
		{"unit": "tt", "criterion": "1.1", "points": "7.25"}}})
	r := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores?unit=tt", ts.admin, nil)
	for _, w := range []string{`"self_points":9`, `"points":7.25`, `"note":"Đã có kế hoạch"`} {
		if !contains(r.Body, w) {
			t.Errorf("missing %s in %s", w, r.Body)
		}
	}
	// An explicit null clears.
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, map[string]any{"scores": []map[string]any{
		{"unit": "tt", "criterion": "1.1", "points": nil}}})
	r = ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores?unit=tt", ts.admin, nil)
	if !contains(r.Body, `"points":null`) || !contains(r.Body, `"self_points":9`) {
		t.Errorf("null did not clear points only: %s", r.Body)
	}
}

func TestPublishAndPublicResults(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	ts.must(http.StatusNotFound, "GET", "/api/v1/public/periods/2016/results?tier=department", "", nil)

	// Sở Tư pháp has no scores yet: publishing is refused, listing it.
	scores := fixtureScores()
	var keep []map[string]any
	for _, s := range scores["scores"].([]map[string]any) {
		if s["unit"] != "stp" {
			keep = append(keep, s)
		}
	}
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, map[string]any{"scores": keep})
	r := ts.must(http.StatusConflict, "POST", "/api/v1/periods/2016/publish", ts.admin, nil)
	if !contains(r.Body, "Sở Tư pháp (department) has no points on criteria 1.1, 1.2.1, 1.2.2, 2.1, 2.2") {
		t.Errorf("the refusal does not list what is missing: %s", r.Body)
	}
	if p := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016", ts.admin, nil); !contains(p.Body, `"stage":"draft"`) {
		t.Errorf("a refused publication left the stage changed: %s", p.Body)
	}
	ts.must(http.StatusNotFound, "GET", "/api/v1/public/periods/2016/results?tier=department", "", nil)

	// The secretariat may not force; an admin may, with a reason.
	sec := ts.user("thuky", "secretariat", "")
	ts.must(http.StatusForbidden, "POST", "/api/v1/periods/2016/publish", sec, map[string]any{"force": true, "reason": "x"})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/periods/2016/publish", ts.admin, map[string]any{"force": true})

	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, appraisedScores())
	pub := ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/publish", sec, nil).JSON(t)
	if pub["version"] != json.Number("1") || len(pub["sha256"].(string)) != 64 {
		t.Errorf("publication: %v", pub)
	}

	live := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/results?tier=department", ts.admin, nil).JSON(t)
	public := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier=department", "", nil).JSON(t)
	published := public["published"].(map[string]any)
	delete(public, "published")
	if d := cmp.Diff(live, public); d != "" {
		t.Errorf("the public snapshot differs from the results it froze (-live +public):\n%s", d)
	}
	if published["version"] != json.Number("1") || published["sha256"] != pub["sha256"] {
		t.Errorf("published = %v", published)
	}

	// Published results refuse changes.
	r = ts.must(http.StatusConflict, "PUT", "/api/v1/periods/2016/scores", ts.admin, map[string]any{"scores": []map[string]any{{"unit": "tt", "criterion": "1.1", "points": 1}}})
	if !contains(r.Body, "period 2016 is in stage Published") {
		t.Errorf("409 does not say why: %s", r.Body)
	}
	ts.must(http.StatusConflict, "POST", "/api/v1/periods/2016/publish", ts.admin, nil)

	sum := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/summary", "", nil)
	if !contains(sum.Body, `"leading":[{"rank":1,"unit_code":"tt"`) {
		t.Errorf("summary: %s", sum.Body)
	}
	ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier=department&version=1", "", nil)
	ts.must(http.StatusNotFound, "GET", "/api/v1/public/periods/2016/results?tier=department&version=2", "", nil)
	ts.must(http.StatusNotFound, "GET", "/api/v1/public/periods/2016/results?tier=district", "", nil)
	periods := ts.must(http.StatusOK, "GET", "/api/v1/public/periods", "", nil)
	if !contains(periods.Body, `"year":2016`) {
		t.Errorf("public periods: %s", periods.Body)
	}
}

func TestAuthAndRoles(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	r := ts.must(http.StatusUnauthorized, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": "wrong-password"})
	if errorCode(t, r) != "unauthorized" {
		t.Error(string(r.Body))
	}
	ts.must(http.StatusUnauthorized, "POST", "/api/v1/auth/login", "", map[string]string{"username": "nobody", "password": "wrong-password"})
	ts.must(http.StatusUnauthorized, "GET", "/api/v1/units", "", nil)

	council := ts.council()
	ts.must(http.StatusForbidden, "POST", "/api/v1/units", council, map[string]string{"code": "x", "name": "X", "tier": "department"})
	ts.must(http.StatusForbidden, "POST", "/api/v1/users", council, map[string]string{"username": "x", "password": "password-x", "role": "admin"})
	ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/results?tier=department", council, nil)

	unit := ts.user("bdt-user", "unit", "bdt")
	ts.must(http.StatusForbidden, "GET", "/api/v1/periods/2016/results?tier=department", unit, nil)
	ts.must(http.StatusForbidden, "GET", "/api/v1/periods/2016/scores?unit=tt", unit, nil)
	ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores", unit, nil)
	me := ts.must(http.StatusOK, "GET", "/api/v1/me", unit, nil)
	if !contains(me.Body, `"unit":"bdt"`) {
		t.Errorf("me: %s", me.Body)
	}

	// Logging out ends the token.
	ts.must(http.StatusNoContent, "POST", "/api/v1/auth/logout", unit, nil)
	ts.must(http.StatusUnauthorized, "GET", "/api/v1/me", unit, nil)

	// Users: duplicate, bad role, unit user without a unit, short password.
	ts.must(http.StatusConflict, "POST", "/api/v1/users", ts.admin, map[string]string{"username": "council1", "password": "password-x", "role": "council"})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/users", ts.admin, map[string]string{"username": "y", "password": "password-y", "role": "boss"})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/users", ts.admin, map[string]string{"username": "y", "password": "password-y", "role": "unit"})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/users", ts.admin, map[string]string{"username": "y", "password": "short", "role": "council"})
	ts.must(http.StatusNotFound, "POST", "/api/v1/users", ts.admin, map[string]string{"username": "y", "password": "password-y", "role": "unit", "unit": "nowhere"})
}

func TestUnitsAndTiers(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.must(http.StatusCreated, "POST", "/api/v1/tiers", ts.admin, map[string]string{"code": "commune", "name": "Cấp xã"})
	ts.must(http.StatusConflict, "POST", "/api/v1/tiers", ts.admin, map[string]string{"code": "commune", "name": "Cấp xã"})
	// Decomposed (NFD) input is stored in NFC.
	nfd := "Xa\u0303 Sơn Bi\u0300nh"
	ts.must(http.StatusCreated, "POST", "/api/v1/units", ts.admin, map[string]string{"code": "son-binh", "name": nfd, "tier": "commune"})
	ts.must(http.StatusCreated, "POST", "/api/v1/units", ts.admin, map[string]string{"code": "an-binh", "name": "Xã Đông Phong", "tier": "commune"})
	ts.must(http.StatusCreated, "POST", "/api/v1/units", ts.admin, map[string]string{"code": "dao-san", "name": "Xã Dào San", "tier": "commune"})
	ts.must(http.StatusNotFound, "POST", "/api/v1/units", ts.admin, map[string]string{"code": "u", "name": "U", "tier": "province"})
	ts.must(http.StatusConflict, "POST", "/api/v1/units", ts.admin, map[string]string{"code": "son-binh", "name": "Khác", "tier": "commune"})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/units", ts.admin, map[string]string{"code": "có dấu", "name": "X", "tier": "commune"})

	r := ts.must(http.StatusOK, "GET", "/api/v1/units?tier=commune", ts.admin, nil)
	// Vietnamese order: D before Đ before S.
	want := `[{"code":"dao-san","name":"Xã Dào San","tier":"commune","active":true},{"code":"an-binh","name":"Xã Đông Phong","tier":"commune","active":true},{"code":"son-binh","name":"Xã Sơn Bình","tier":"commune","active":true}]`
	if !contains(r.Body, want) {
		t.Errorf("units:\n%s\nwant %s", r.Body, want)
	}
	ts.must(http.StatusOK, "PATCH", "/api/v1/units/son-binh", ts.admin, map[string]any{"name": "Xã Sơn Bình (mới)", "active": false})
	r = ts.must(http.StatusOK, "GET", "/api/v1/units?tier=commune", ts.admin, nil)
	if contains(r.Body, "son-binh") {
		t.Errorf("a deactivated unit is still listed: %s", r.Body)
	}
	r = ts.must(http.StatusOK, "GET", "/api/v1/units?tier=commune&inactive=true", ts.admin, nil)
	if !contains(r.Body, `"name":"Xã Sơn Bình (mới)","tier":"commune","active":false`) {
		t.Errorf("inactive listing: %s", r.Body)
	}
	ts.must(http.StatusNotFound, "PATCH", "/api/v1/units/nowhere", ts.admin, map[string]any{"active": false})
}

func TestHealthAndUnknownRoutes(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.must(http.StatusOK, "GET", "/healthz", "", nil)
	r := ts.must(http.StatusNotFound, "GET", "/api/v1/public/nothing", "", nil)
	if errorCode(t, r) != "not_found" {
		t.Error(string(r.Body))
	}
}

// fixture2017 gives period 2017 (which must exist) the fixture's framework
// and scores in which Ban Dân tộc rises from 5th to 1st with every leaf at
// its maximum and Thanh tra falls with 1 point on each.
func fixture2017(ts *testServer) {
	ts.t.Helper()
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2017/frameworks/department", ts.admin, fixtureFramework)
	var rows []map[string]any
	for _, c := range []struct {
		code string
		max  any
	}{{"1.1", 10}, {"1.2.1", "5.25"}, {"1.2.2", "5.25"}, {"2.1", "60.247"}, {"2.2", "16.753"}} {
		rows = append(rows, map[string]any{"unit": "bdt", "criterion": c.code, "points": c.max})
		rows = append(rows, map[string]any{"unit": "tt", "criterion": c.code, "points": 1})
	}
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2017/scores", ts.admin, map[string]any{"scores": rows})
}

// TestChangeAgainstPreviousYear: rule 9, through the API.
func TestChangeAgainstPreviousYear(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, appraisedScores())
	// Only a published previous year is compared with (rule 9).
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/publish", ts.admin, nil)
	ts.must(http.StatusCreated, "POST", "/api/v1/periods", ts.admin, map[string]any{"year": 2017})
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2017/frameworks/department", ts.admin, fixtureFramework)
	// 2017: Ban Dân tộc rises from 5th to 1st with every leaf at its maximum.
	var rows []map[string]any
	for _, c := range []struct {
		code string
		max  any
	}{{"1.1", 10}, {"1.2.1", "5.25"}, {"1.2.2", "5.25"}, {"2.1", "60.247"}, {"2.2", "16.753"}} {
		rows = append(rows, map[string]any{"unit": "bdt", "criterion": c.code, "points": c.max})
		rows = append(rows, map[string]any{"unit": "tt", "criterion": c.code, "points": 1})
	}
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2017/scores", ts.admin, map[string]any{"scores": rows})
	r := ts.must(http.StatusOK, "GET", "/api/v1/periods/2017/results?tier=department", ts.admin, nil)
	var res struct {
		PreviousYear int `json:"previous_year"`
		Units        []struct {
			UnitCode      string       `json:"unit_code"`
			Rank          int          `json:"rank"`
			PreviousRank  *int         `json:"previous_rank"`
			RankChange    *int         `json:"rank_change"`
			PreviousIndex *json.Number `json:"previous_index"`
			IndexChange   *json.Number `json:"index_change"`
		} `json:"units"`
	}
	if err := json.Unmarshal(r.Body, &res); err != nil {
		t.Fatal(err)
	}
	if res.PreviousYear != 2016 {
		t.Errorf("previous_year = %d", res.PreviousYear)
	}
	bdt, tt := res.Units[0], res.Units[1]
	if bdt.UnitCode != "bdt" || *bdt.PreviousRank != 5 || *bdt.RankChange != 4 || *bdt.PreviousIndex != "50.78" {
		t.Errorf("Ban Dân tộc: %+v", bdt)
	}
	// 100 − 41/80.747×100 = 49.2241… → 49.22 (the exact difference, rounded once).
	if *bdt.IndexChange != "49.22" {
		t.Errorf("index change = %s, want 49.22", *bdt.IndexChange)
	}
	// Thanh tra: 5/97.5 = 5.13 (2nd) from 93.34 (1st): −88.21.
	if tt.UnitCode != "tt" || *tt.RankChange != -1 || *tt.IndexChange != "-88.21" {
		t.Errorf("Thanh tra: %+v rank change %d index change %s", tt, *tt.RankChange, *tt.IndexChange)
	}
}
