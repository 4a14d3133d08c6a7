package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestAssessmentFlow follows one year as a province runs it: draft →
// self-assessment with evidence → appraisal with remarks and explanations →
// finalize → publish, with the audit recording each step.
func TestAssessmentFlow(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	sec := ts.user("thuky", "secretariat", "")
	council := ts.user("hoidong", "council", "")
	ts.must(http.StatusCreated, "POST", "/api/v1/users", ts.admin, map[string]string{"username": "tt-user", "password": "password-tt", "role": "unit", "unit": "tt"})
	unit := ts.login("tt-user", "password-tt")
	sheet := "/api/v1/periods/2016/units/tt/scores"

	// Draft: units and council wait.
	r := ts.must(http.StatusConflict, "PUT", sheet, unit, map[string]any{"scores": []map[string]any{{"criterion": "1.1", "self_points": 9}}})
	if !contains(r.Body, "stage Draft") {
		t.Errorf("the refusal does not name the stage: %s", r.Body)
	}

	// Self-assessment, with a deadline.
	closes := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	p := ts.must(http.StatusOK, "POST", "/api/v1/periods/2016/stage", sec, map[string]any{"stage": "self_assessment", "closes_at": closes})
	if !contains(p.Body, `"stage":"self_assessment"`) || !contains(p.Body, closes.Format(time.RFC3339)) {
		t.Errorf("stage move: %s", p.Body)
	}
	got := ts.must(http.StatusOK, "GET", sheet, unit, nil)
	tag := got.Header.Get("ETag")
	if tag == "" {
		t.Fatal("the sheet has no ETag")
	}
	saved := ts.doIfMatch("PUT", sheet, unit, tag, map[string]any{"scores": []map[string]any{
		{"criterion": "1.1", "self_points": 9.5, "note": "Có kế hoạch CCHC năm 2016"},
		{"criterion": "2.1", "self_points": "15.753"}, // 2.2 is a survey criterion: units do not self-assess it
	}})
	if saved.Status != http.StatusOK || saved.Header.Get("ETag") == tag {
		t.Fatalf("save with the current ETag: %d %s (ETag %s → %s)", saved.Status, saved.Body, tag, saved.Header.Get("ETag"))
	}
	// A stale ETag gets 412 and the current values.
	stale := ts.doIfMatch("PUT", sheet, unit, tag, map[string]any{"scores": []map[string]any{{"criterion": "1.1", "self_points": 1}}})
	if stale.Status != http.StatusPreconditionFailed || !contains(stale.Body, `"current"`) || !contains(stale.Body, `"self_points":9.5`) {
		t.Fatalf("stale write: %d %s", stale.Status, stale.Body)
	}
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/units/tt/evidence", unit, map[string]any{
		"criterion": "1.1", "title": "Kế hoạch số 12/KH-TTr", "url": "https://vanban.laichau.gov.vn/kh-12"})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/periods/2016/units/tt/evidence", unit, map[string]any{
		"criterion": "1.1", "title": "Tệp", "url": "javascript:alert(1)"})
	ts.must(http.StatusForbidden, "POST", "/api/v1/periods/2016/units/stc/evidence", unit, map[string]any{
		"criterion": "1.1", "title": "Tệp", "url": "https://example.org/x"})
	ts.must(http.StatusConflict, "PUT", "/api/v1/periods/2016/scores", council, map[string]any{"scores": []map[string]any{{"unit": "tt", "criterion": "1.1", "points": 9}}})

	// Appraisal: the council scores and remarks; the unit's self points freeze, it explains.
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2016/stage", sec, map[string]any{"stage": "appraisal"})
	ts.must(http.StatusConflict, "PUT", sheet, unit, map[string]any{"scores": []map[string]any{{"criterion": "1.1", "self_points": 10}}})
	ts.must(http.StatusOK, "PUT", sheet, council, map[string]any{"scores": []map[string]any{{"criterion": "1.1", "points": 8}}})
	rem := ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/units/tt/remarks", council, map[string]any{"criterion": "1.1", "body": "Kế hoạch ban hành chậm"}).JSON(t)
	exp := ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/units/tt/remarks", unit, map[string]any{"criterion": "1.1", "body": "Đã ban hành đúng hạn, xem văn bản kèm theo"}).JSON(t)
	if rem["kind"] != "remark" || exp["kind"] != "explanation" {
		t.Errorf("kinds: %v / %v", rem["kind"], exp["kind"])
	}
	sh := ts.must(http.StatusOK, "GET", sheet, unit, nil)
	var body struct {
		Result struct {
			Points      json.Number `json:"points"`
			Provisional bool        `json:"provisional"`
			Complete    bool        `json:"complete"`
		} `json:"result"`
		Criteria []struct {
			Code     string            `json:"code"`
			Evidence []json.RawMessage `json:"evidence"`
			Remarks  []struct {
				Kind   string `json:"kind"`
				Author string `json:"author"`
			} `json:"remarks"`
		} `json:"criteria"`
	}
	if err := json.Unmarshal(sh.Body, &body); err != nil {
		t.Fatal(err)
	}
	// 8 (council on 1.1) + 15.753 (self on 2.1, provisional); the rest missing.
	if body.Result.Points != "23.753" || !body.Result.Provisional || body.Result.Complete {
		t.Errorf("the unit's own result: %+v", body.Result)
	}
	c11 := body.Criteria[0]
	if c11.Code != "1.1" || len(c11.Evidence) != 1 || len(c11.Remarks) != 2 || c11.Remarks[1].Author != "tt-user" {
		t.Errorf("criterion 1.1 on the sheet: %+v", c11)
	}

	// Finalizing with missing points is refused, listing them; an admin may force it.
	r = ts.must(http.StatusConflict, "POST", "/api/v1/periods/2016/stage", sec, map[string]any{"stage": "finalized"})
	if !contains(r.Body, "has no points on criteria") {
		t.Errorf("finalize refusal: %s", r.Body)
	}
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", sec, appraisedScores())
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2016/stage", sec, map[string]any{"stage": "finalized", "reason": "Hội đồng đã thống nhất"})
	ts.must(http.StatusConflict, "PUT", "/api/v1/periods/2016/scores", ts.admin, map[string]any{"scores": []map[string]any{{"unit": "tt", "criterion": "1.1", "points": 1}}})
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/publish", sec, nil)

	// The audit tells the story, newest first, with who did each step.
	a := ts.must(http.StatusOK, "GET", "/api/v1/audit?year=2016&limit=500", ts.admin, nil)
	var audit struct {
		Entries []struct {
			Actor, Action, Entity, Unit, Criterion, Field, Reason string
			OldValue                                              *string `json:"old_value"`
			NewValue                                              *string `json:"new_value"`
		} `json:"entries"`
	}
	if err := json.Unmarshal(a.Body, &audit); err != nil {
		t.Fatal(err)
	}
	var story []string
	for _, e := range audit.Entries {
		if e.Entity == "score" {
			continue
		}
		story = append(story, e.Actor+" "+e.Action+" "+e.Entity)
	}
	want := "thuky publish snapshot|thuky stage period|thuky stage period|tt-user create explanation|hoidong create remark|thuky stage period|tt-user create evidence|thuky stage period|admin update framework|admin create period"
	if got := strings.Join(story, "|"); got != want {
		t.Errorf("audit story:\n got %s\nwant %s", got, want)
	}
	var selfChange bool
	for _, e := range audit.Entries {
		if e.Entity == "score" && e.Actor == "tt-user" && e.Field == "self_points" && e.Criterion == "1.1" && e.OldValue == nil && *e.NewValue == "9.5" {
			selfChange = true
		}
	}
	if !selfChange {
		t.Errorf("the unit's first self score is not audited as nil → 9.5")
	}
	csv := ts.must(http.StatusOK, "GET", "/api/v1/audit.csv?year=2016", sec, nil)
	if !strings.HasPrefix(string(csv.Body), "\ufeffid,at,actor,action") || !contains(csv.Body, "Đã ban hành đúng hạn") {
		t.Errorf("audit CSV: %.300s", csv.Body)
	}
}

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	for i := 0; i < maxFailsPerAccount; i++ {
		ts.must(http.StatusUnauthorized, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": "guess-" + string(rune('a'+i))})
	}
	r := ts.must(http.StatusTooManyRequests, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": adminPassword})
	if r.Header.Get("Retry-After") == "" || errorCode(t, r) != "too_many_requests" {
		t.Errorf("throttled login: %v %s", r.Header, r.Body)
	}
	a := ts.must(http.StatusOK, "GET", "/api/v1/audit?entity=session", ts.admin, nil)
	if n := strings.Count(string(a.Body), `"action":"login_failed"`); n != maxFailsPerAccount || !contains(a.Body, `"action":"login_throttled"`) {
		t.Errorf("audited %d failures: %s", n, a.Body)
	}
	// Another account from another address is not blocked by this one.
	ts.user("other", "council", "")
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	r := ts.must(http.StatusOK, "GET", "/api/v1/me", ts.admin, nil)
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Cache-Control": "no-store"} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
}

func TestUserAdministration(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	tok := ts.user("hd", "council", "")
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/users", ts.admin, map[string]string{"username": "samepass12", "password": "samepass12", "role": "council"})
	u := ts.must(http.StatusOK, "PATCH", "/api/v1/users/hd", ts.admin, map[string]any{"units": []string{"tt", "stc"}})
	if !contains(u.Body, `"units":["stc","tt"]`) {
		t.Errorf("assignment: %s", u.Body)
	}
	ts.must(http.StatusNotFound, "PATCH", "/api/v1/users/hd", ts.admin, map[string]any{"units": []string{"nowhere"}})
	ts.must(http.StatusUnprocessableEntity, "PATCH", "/api/v1/users/admin", ts.admin, map[string]any{"active": false})
	// A new password ends the user's sessions.
	ts.must(http.StatusOK, "PATCH", "/api/v1/users/hd", ts.admin, map[string]any{"password": "a-new-password"})
	ts.must(http.StatusUnauthorized, "GET", "/api/v1/me", tok, nil)
	tok = ts.login("hd", "a-new-password")
	ts.must(http.StatusOK, "PATCH", "/api/v1/users/hd", ts.admin, map[string]any{"active": false, "reason": "nghỉ hưu"})
	ts.must(http.StatusUnauthorized, "GET", "/api/v1/me", tok, nil)
	ts.must(http.StatusUnauthorized, "POST", "/api/v1/auth/login", "", map[string]string{"username": "hd", "password": "a-new-password"})
}

// doIfMatch sends a request with an If-Match header.
func (ts *testServer) doIfMatch(method, path, token, etag string, body any) response {
	ts.t.Helper()
	return ts.doWith(method, path, token, body, map[string]string{"If-Match": etag})
}
