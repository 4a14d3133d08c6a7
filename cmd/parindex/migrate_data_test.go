package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/parindex/parindex/internal/store"
)

// TestMigrateDataToPostgres moves a province that started on SQLite (the
// demo, plus a year of workflow: users, council assignments, scores,
// evidence, remarks, stage moves, a failed login, news) into a new
// PostgreSQL database, and finds every row, the same results byte for
// byte and the same snapshot hashes there.
func TestMigrateDataToPostgres(t *testing.T) {
	t.Parallel()
	pg := postgresURL(t)
	from := filepath.Join(t.TempDir(), "province.db")
	env := map[string]string{"PARINDEX_DATABASE_URL": from, "PARINDEX_ADMIN_PASSWORD": "move-to-postgres"}
	old, err := serveCtx(t, env, "--demo")
	if err != nil {
		t.Fatal(err)
	}
	admin := login(t, old.base, "admin", "move-to-postgres")
	workflowActivity(t, admin)
	before := fetchDocs(t, admin)
	filesBefore := evidenceHashes(t, admin, 2018, "thanh-tra")
	versionsBefore := admin.must(http.StatusOK, "GET", "/api/v1/periods/2016/versions", nil).body
	auditBefore := admin.must(http.StatusOK, "GET", "/api/v1/audit.csv", nil).body
	old.stop()
	countsBefore := rowCounts(t, from)

	var out bytes.Buffer
	args := []string{"parindex", "migrate-data", "--from", from, "--to", pg}
	noenv := func(string) string { return "" }
	if err := run(context.Background(), args, noenv, &out, io.Discard); err != nil {
		t.Fatalf("migrate-data: %v", err)
	}
	t.Logf("migrate-data:\n%s", out.String())
	if !strings.Contains(out.String(), "audit_log") || !strings.Contains(out.String(), "log in again") {
		t.Errorf("migrate-data said:\n%s", out.String())
	}
	// Never into a database that holds data already.
	if err := run(context.Background(), args, noenv, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("a second move into the same database: %v", err)
	}

	countsAfter := rowCounts(t, pg)
	if diff := cmp.Diff(countsBefore, countsAfter); diff != "" {
		t.Errorf("row counts differ after the move (-sqlite +postgres):\n%s", diff)
	}
	for _, c := range countsAfter {
		if c.Rows == 0 && c.Table != "news_related" {
			t.Errorf("the test moved no row of %s: add some activity for it", c.Table)
		}
	}

	moved, err := serveCtx(t, map[string]string{"PARINDEX_DATABASE_URL": pg})
	if err != nil {
		t.Fatal(err)
	}
	admin = login(t, moved.base, "admin", "move-to-postgres")
	sameDocs(t, "moved to PostgreSQL", before, fetchDocs(t, admin))
	sameHashes(t, "evidence files moved to PostgreSQL", filesBefore, evidenceHashes(t, admin, 2018, "thanh-tra"))
	if after := admin.must(http.StatusOK, "GET", "/api/v1/periods/2016/versions", nil).body; !bytes.Equal(versionsBefore, after) {
		t.Errorf("published versions differ:\nbefore %s\nafter  %s", versionsBefore, after)
	}
	if after := admin.must(http.StatusOK, "GET", "/api/v1/audit.csv", nil).body; !bytes.Equal(auditBefore, after) {
		t.Errorf("the audit log differs after the move (%d and %d bytes)", len(auditBefore), len(after))
	}
	// Every account moved with its password; sessions did not.
	login(t, moved.base, "thuky-moi", "password-thuky-moi")
	council := login(t, moved.base, "hoidong-moi", "password-hoidong-moi")
	if r := council.must(http.StatusOK, "GET", "/api/v1/me", nil); !bytes.Contains(r.body, []byte("thanh-tra")) {
		t.Errorf("the council member's assignment did not move: %s", r.body)
	}
	// New rows get new ids: the sequences continue after the moved ones.
	admin.must(http.StatusCreated, "POST", "/api/v1/units", map[string]string{"code": "so-moi", "name": "Sở Mới", "tier": "department"})
	admin.must(http.StatusCreated, "POST", "/api/v1/users", map[string]string{"username": "nguoimoi", "password": "password-nguoimoi", "role": "secretariat"})
	admin.must(http.StatusOK, "PUT", "/api/v1/periods/2018/scores", map[string]any{"scores": []map[string]any{
		{"unit": "thanh-tra", "criterion": "1.1", "points": 50}}})
}

// workflowActivity adds a year of work on top of the demo (2018: the demo
// has 2016 published and 2017 in appraisal, with its own thuky and hoidong).
func workflowActivity(t *testing.T, admin client) {
	t.Helper()
	admin.must(http.StatusCreated, "POST", "/api/v1/users", map[string]string{"username": "thuky-moi", "password": "password-thuky-moi", "role": "secretariat"})
	admin.must(http.StatusCreated, "POST", "/api/v1/users", map[string]string{"username": "hoidong-moi", "password": "password-hoidong-moi", "role": "council"})
	admin.must(http.StatusCreated, "POST", "/api/v1/users", map[string]string{"username": "tt-user", "password": "password-tt-user", "role": "unit", "unit": "thanh-tra"})
	admin.must(http.StatusOK, "PATCH", "/api/v1/users/hoidong-moi", map[string]any{"units": []string{"thanh-tra"}, "reason": "phân công thẩm định"})
	client{t: t, base: admin.base}.must(http.StatusUnauthorized, "POST", "/api/v1/auth/login", map[string]string{"username": "thuky-moi", "password": "wrong-password"})

	admin.must(http.StatusCreated, "POST", "/api/v1/periods", map[string]any{"year": 2018, "title": "Chỉ số CCHC năm 2018"})
	admin.must(http.StatusOK, "PUT", "/api/v1/periods/2018/frameworks/department", map[string]any{
		"bands": []map[string]any{{"label": "Tốt", "min_index": 80}},
		"criteria": []map[string]any{{"code": "1", "name": "Công tác chỉ đạo, điều hành", "children": []map[string]any{
			{"code": "1.1", "name": "Kế hoạch CCHC", "max_points": 60},
			{"code": "1.2", "name": "Mức độ hài lòng", "max_points": "40", "source": "survey"}}}},
	})
	admin.must(http.StatusOK, "POST", "/api/v1/periods/2018/stage", map[string]any{"stage": "self_assessment", "reason": "mở tự chấm"})
	unit := login(t, admin.base, "tt-user", "password-tt-user")
	unit.must(http.StatusOK, "PUT", "/api/v1/periods/2018/scores", map[string]any{"scores": []map[string]any{
		{"unit": "thanh-tra", "criterion": "1.1", "self_points": "55.5", "note": "Kế hoạch số 12/KH-TTr"}}})
	unit.must(http.StatusCreated, "POST", "/api/v1/periods/2018/units/thanh-tra/evidence", map[string]string{
		"criterion": "1.1", "title": "Kế hoạch CCHC 2018", "url": "https://thanhtra.laichau.gov.vn/kh-cchc-2018.pdf"})
	// Files: one of nine chunks (more than one batch of the move), one
	// small, and the small one again (stored once).
	uploadEvidence(t, unit, 2018, "thanh-tra", map[string]string{"criterion": "1.1", "title": "Báo cáo CCHC 2018", "reference": "mục II, trang 3"}, "Báo cáo.pdf", evidenceDoc(3, 9<<20-5))
	uploadEvidence(t, unit, 2018, "thanh-tra", map[string]string{"criterion": "1.1"}, "quyet-dinh.pdf", evidenceDoc(4, 2000))
	uploadEvidence(t, unit, 2018, "thanh-tra", map[string]string{"criterion": "1.1"}, "ban-sao.pdf", evidenceDoc(4, 2000))
	admin.must(http.StatusOK, "POST", "/api/v1/periods/2018/stage", map[string]any{"stage": "appraisal", "reason": "thẩm định"})
	council := login(t, admin.base, "hoidong-moi", "password-hoidong-moi")
	council.must(http.StatusOK, "PUT", "/api/v1/periods/2018/scores", map[string]any{"scores": []map[string]any{
		{"unit": "thanh-tra", "criterion": "1.1", "points": "52.25"}}})
	council.must(http.StatusCreated, "POST", "/api/v1/periods/2018/units/thanh-tra/remarks", map[string]string{"criterion": "1.1", "body": "Thiếu báo cáo quý IV"})
	admin.must(http.StatusOK, "POST", "/api/v1/periods/2018/stage", map[string]any{"stage": "self_assessment", "reason": "cho giải trình", "force": true})
	admin.must(http.StatusOK, "POST", "/api/v1/periods/2018/stage", map[string]any{"stage": "draft", "reason": "mở lại để nhập tiếp", "force": true})
}

// rowCounts counts every table's rows in a database.
func rowCounts(t *testing.T, url string) []store.TableCount {
	t.Helper()
	st, err := store.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	counts, err := st.RowCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return counts
}
