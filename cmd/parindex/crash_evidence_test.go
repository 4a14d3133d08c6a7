package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/store"
)

// evidenceCrashState is what a killed server left of the evidence files.
type evidenceCrashState struct {
	files   map[string]bool // hashes of the evidence rows' files
	audited map[string]bool // hashes named by upload audit entries
	blobs   int64
	temp    []string // what the child left in its temporary directory
}

func inspectEvidence(t *testing.T, db, tmp string) evidenceCrashState {
	t.Helper()
	ctx := context.Background()
	st, err := store.Connect(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	lines, err := st.IntegrityCheck(ctx)
	if err != nil || !store.IntegrityOK(lines) {
		t.Fatalf("PRAGMA integrity_check and foreign_key_check after the kill: %v %v", lines, err)
	}
	problems, err := st.CheckEvidenceFiles(ctx)
	if err != nil || len(problems) > 0 {
		t.Fatalf("a half-stored file after the kill: %v %v", problems, err)
	}
	s := evidenceCrashState{files: map[string]bool{}, audited: map[string]bool{}}
	es, err := st.UnitEvidence(ctx, 2030, "c000")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		s.files[e.File.SHA256] = true
	}
	audit, err := st.Audit(ctx, store.AuditFilter{Year: 2030, Entity: "evidence"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range audit {
		if e.Action == "create" && e.NewValue != nil {
			if i := strings.Index(*e.NewValue, "sha256 "); i >= 0 {
				s.audited[(*e.NewValue)[i+7:i+7+64]] = true
			}
		}
	}
	storage, err := st.EvidenceStorage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.blobs = storage.Blobs
	entries, _ := os.ReadDir(tmp)
	for _, e := range entries {
		s.temp = append(s.temp, e.Name())
	}
	return s
}

// TestCrashMidEvidenceUpload kills the server with SIGKILL at several
// points of a 20 MiB upload (while the body arrives, while it is hashed
// and sniffed, while its chunks are written) and checks all or nothing:
// the file with its evidence row, every chunk and its audit entry, or none
// of them; no chunk of no blob; a sound database; and nothing left in the
// server's temporary directory (uploads are unlinked as soon as created).
func TestCrashMidEvidenceUpload(t *testing.T) {
	t.Parallel()
	bin := parindexBinary(t)
	dir := t.TempDir()
	db, tmp := filepath.Join(dir, "crash.db"), filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	start := func() (*child, string) {
		c := startChildEnv(t, bin, db, "TMPDIR="+tmp)
		return c, c.login(t)
	}
	c, tok := start()
	c.call(t, "POST", "/api/v1/periods", tok, map[string]any{"year": 2030, "title": "Thử sự cố"}, 201)
	c.call(t, "PUT", "/api/v1/periods/2030/frameworks/department", tok, map[string]any{"criteria": []map[string]any{
		{"code": "1", "name": "Lĩnh vực", "children": []map[string]any{{"code": "1.1", "name": "Tiêu chí", "max_points": "1"}}}}}, 200)
	c.call(t, "POST", "/api/v1/units", tok, map[string]string{"code": "c000", "name": "Đơn vị 000", "tier": "department"}, 201)

	upload := func(ctx context.Context, c *child, tok string, data []byte) (int, error) {
		body, ct := multipartFile(t, map[string]string{"criterion": "1.1", "reference": "trang 1"}, "ho-so.pdf", data)
		req, err := http.NewRequestWithContext(ctx, "POST", c.base+"/api/v1/periods/2030/units/c000/evidence", bytes.NewReader(body))
		if err != nil {
			return 0, err
		}
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode, nil
	}
	const size = 20 << 20
	// The kill points are fractions of a warm upload: the first one fills
	// SQLite's page cache and takes longer, so timing it put every kill
	// after 25 % past the commit.
	var full time.Duration
	for i := range 2 {
		t0 := time.Now()
		if st, err := upload(context.Background(), c, tok, evidenceDoc(uint64(100+i), size)); err != nil || st != 201 {
			t.Fatalf("a 20 MiB upload: %d %v", st, err)
		}
		full = time.Since(t0)
	}
	kept := 2
	outcomes := map[string]int{}
	for i, frac := range crashPoints(t, []float64{0.1, 0.25, 0.3, 0.35, 0.4, 0.45, 0.55, 0.7, 0.85, 1.0, 1.5}, []float64{0.25, 0.7, 1.5}) {
		data := evidenceDoc(uint64(200+i), size)
		h := hashOf(data)
		res := make(chan int, 1)
		go func() {
			st, _ := upload(context.Background(), c, tok, data)
			res <- st
		}()
		time.Sleep(time.Duration(frac * float64(full)))
		c.kill()
		status := <-res
		s := inspectEvidence(t, db, tmp)
		if len(s.temp) > 0 {
			t.Errorf("killed at %.0f%%: the temporary directory holds %v", 100*frac, s.temp)
		}
		switch {
		case s.files[h] && s.audited[h] && len(s.files) == kept+1 && len(s.audited) == kept+1 && s.blobs == int64(kept+1):
			kept++
			outcomes["kept whole"]++
			t.Logf("upload killed at %.0f%% of %s: the file was kept whole, with its audit entry (answer %d)", 100*frac, full.Round(time.Millisecond), status)
		case !s.files[h] && !s.audited[h] && len(s.files) == kept && len(s.audited) == kept && s.blobs == int64(kept):
			if status == 201 {
				t.Errorf("the upload was answered 201 but is not in the database")
			}
			outcomes["nothing kept"]++
			t.Logf("upload killed at %.0f%% of %s: nothing of it was kept", 100*frac, full.Round(time.Millisecond))
		default:
			t.Fatalf("upload killed at %.0f%%: %d files, %d audited uploads, %d blobs (%d kept before; this file: row %v, audit %v)",
				100*frac, len(s.files), len(s.audited), s.blobs, kept, s.files[h], s.audited[h])
		}
		c, tok = start()
	}
	// The server goes on: the files kept download whole.
	var list struct {
		Evidence []struct {
			File struct{ Download, SHA256 string }
		}
	}
	getJSON(t, c.base+"/api/v1/periods/2030/units/c000/evidence", tok, &list)
	for _, e := range list.Evidence {
		st, out, err := c.send(context.Background(), "GET", e.File.Download, tok, nil)
		if err != nil || st != 200 || hashOf(out) != e.File.SHA256 {
			t.Errorf("%s after the kills: %d %v, hash %s want %s", e.File.Download, st, err, hashOf(out), e.File.SHA256)
		}
	}
	if len(list.Evidence) != kept {
		t.Errorf("%d files listed, %d kept", len(list.Evidence), kept)
	}
	t.Logf("outcomes: %v", outcomes)
}
