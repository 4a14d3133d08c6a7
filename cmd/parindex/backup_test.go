package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/store/storetest"
)

// resultDocs are the results documents a restore must give back byte for
// byte: the public (published) and live rankings of both demo tiers, and
// the summary.
var resultDocs = []string{
	"/api/v1/public/periods/2016/results?tier=department",
	"/api/v1/public/periods/2016/results?tier=district",
	"/api/v1/public/periods/2016/summary",
	"/api/v1/periods/2016/results?tier=department",
	"/api/v1/periods/2016/results?tier=district",
	"/api/v1/periods/2016/summary",
}

// fetchDocs reads resultDocs through c.
func fetchDocs(t *testing.T, c client) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, path := range resultDocs {
		out[path] = c.must(http.StatusOK, "GET", path, nil).body
	}
	return out
}

func sameDocs(t *testing.T, what string, want, got map[string][]byte) {
	t.Helper()
	for _, path := range resultDocs {
		if !bytes.Equal(want[path], got[path]) {
			t.Errorf("%s: %s differs\nbefore %s\nafter  %s", what, path, want[path], got[path])
		}
	}
}

// TestBackupRestore: a backup made while the demo server runs, opened as
// the database of a new server, gives the same results byte for byte.
func TestBackupRestore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, copyPath := filepath.Join(dir, "live.db"), filepath.Join(dir, "backup.db")
	env := map[string]string{"PARINDEX_DATABASE_URL": db, "PARINDEX_ADMIN_PASSWORD": "backup-test-2016"}
	base := startServe(t, env, "--demo")
	admin := login(t, base, "admin", "backup-test-2016")
	before := fetchDocs(t, admin)
	files := backupEvidence(t, admin)

	var out bytes.Buffer
	if err := run(context.Background(), []string{"parindex", "backup", "--out", copyPath}, func(k string) string { return env[k] }, &out, io.Discard); err != nil {
		t.Fatalf("backup of a running server: %v", err)
	}
	if !strings.Contains(out.String(), "backed up") {
		t.Errorf("backup said %q", out.String())
	}
	// Never over an existing file: a second backup to the same name fails
	// and leaves the first intact.
	info, _ := os.Stat(copyPath)
	err := run(context.Background(), []string{"parindex", "backup", "--out", copyPath, "--db", db}, func(string) string { return "" }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a backup over an existing file: %v", err)
	}
	if again, _ := os.Stat(copyPath); again.Size() != info.Size() || again.ModTime() != info.ModTime() {
		t.Error("the refused backup changed the existing file")
	}

	restored := startServe(t, map[string]string{"PARINDEX_DATABASE_URL": copyPath})
	again := login(t, restored, "admin", "backup-test-2016")
	sameDocs(t, "restored from the backup", before, fetchDocs(t, again))
	sameHashes(t, "evidence files restored from the backup", files, evidenceHashes(t, again, 2018, "thanh-tra"))
}

// backupEvidence attaches files of several chunks to a new year of the
// demo and returns their hashes as downloaded.
func backupEvidence(t *testing.T, admin client) map[string]string {
	t.Helper()
	admin.must(http.StatusCreated, "POST", "/api/v1/periods", map[string]any{"year": 2018})
	admin.must(http.StatusOK, "PUT", "/api/v1/periods/2018/frameworks/department", map[string]any{"criteria": []map[string]any{
		{"code": "1", "name": "Công tác chỉ đạo, điều hành", "children": []map[string]any{{"code": "1.1", "name": "Kế hoạch CCHC", "max_points": 10}}}}})
	uploadEvidence(t, admin, 2018, "thanh-tra", map[string]string{"criterion": "1.1", "reference": "trang 1"}, "Kế hoạch.pdf", evidenceDoc(1, 3<<20+17))
	uploadEvidence(t, admin, 2018, "thanh-tra", map[string]string{"criterion": "1.1"}, "nho.pdf", evidenceDoc(2, 1000))
	return evidenceHashes(t, admin, 2018, "thanh-tra")
}

func TestBackupRefusals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", "postgres://u@127.0.0.1:5432/parindex", "--out", "x.db"}, "pg_dump"},
		{[]string{"--db", filepath.Join(t.TempDir(), "missing.db"), "--out", filepath.Join(t.TempDir(), "x.db")}, "no database at"},
		{nil, "usage: parindex backup"},
	} {
		var stderr bytes.Buffer
		err := run(context.Background(), append([]string{"parindex", "backup"}, tc.args...), func(string) string { return "" }, io.Discard, &stderr)
		if err == nil || !strings.Contains(err.Error()+stderr.String(), tc.want) {
			t.Errorf("backup %v: %v %s, want %q", tc.args, err, stderr.String(), tc.want)
		}
	}
}

// TestPostgresDumpRestore follows README's PostgreSQL backup: pg_dump of a
// running demo, pg_restore into a new database, a server on it gives the
// same results byte for byte.
func TestPostgresDumpRestore(t *testing.T) {
	t.Parallel()
	from := postgresURL(t)
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	env := map[string]string{"PARINDEX_DATABASE_URL": from, "PARINDEX_ADMIN_PASSWORD": "dump-restore-2016"}
	before := fetchDocs(t, login(t, startServe(t, env, "--demo"), "admin", "dump-restore-2016"))

	dump := filepath.Join(t.TempDir(), "parindex.dump")
	if out, err := exec.Command("pg_dump", "--format=custom", "--file="+dump, from).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	to := storetest.URL(t) // a new, empty database
	if out, err := exec.Command("pg_restore", "--no-owner", "--dbname="+to, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	restored := startServe(t, map[string]string{"PARINDEX_DATABASE_URL": to})
	sameDocs(t, "restored with pg_restore", before, fetchDocs(t, login(t, restored, "admin", "dump-restore-2016")))
}
