package httpapi

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/store/storetest"
)

// ---------------------------------------------------------------- helpers

// multipartUpload is a form with the fields (in name order), then the file
// part, whose Content-Disposition carries the name as filename*
// (RFC 5987), so that any name, control characters included, arrives as
// written.
func multipartUpload(t testing.TB, fields map[string]string, name string, data []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := mw.WriteField(k, fields[k]); err != nil {
			t.Fatal(err)
		}
	}
	if data != nil {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="file"; filename="upload.bin"; filename*=UTF-8''`+encodeRFC5987(name))
		h.Set("Content-Type", "application/pdf") // a client's claim, never believed
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// upload sends a file as a multipart form, failing unless the status is want.
func (ts *testServer) uploadFile(want int, path, token string, fields map[string]string, name string, data []byte) response {
	ts.t.Helper()
	body, ct := multipartUpload(ts.t, fields, name, data)
	r := ts.doWith("POST", path, token, body, map[string]string{"Content-Type": ct})
	if r.Status != want {
		ts.t.Fatalf("upload %s to %s: status %d, want %d\n%s", name, path, r.Status, want, clip(r.Body))
	}
	return r
}

// samplePDF is a small PDF-looking file whose bytes depend on seed.
func samplePDF(seed int) []byte {
	return fmt.Appendf(nil, "%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog /Seed %d >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n", seed)
}

// randomPDF is n bytes behind a PDF header: incompressible, like a scan.
func randomPDF(seed uint64, n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, 7))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	copy(b, "%PDF-1.5\n")
	return b
}

func samplePNG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sampleJPEG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipOf writes entries (name, content) in order; a name starting with "="
// is stored uncompressed (ODF's mimetype).
func zipEntries(t testing.TB, entries ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(entries); i += 2 {
		name, method := entries[i], zip.Deflate
		if strings.HasPrefix(name, "=") {
			name, method = name[1:], zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(entries[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func contentTypes(overrides ...string) string {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`)
	for i := 0; i+1 < len(overrides); i += 2 {
		fmt.Fprintf(&sb, `<Override PartName="%s" ContentType="%s"/>`, overrides[i], overrides[i+1])
	}
	sb.WriteString(`</Types>`)
	return sb.String()
}

func sampleDOCX(t testing.TB) []byte {
	return zipEntries(t, "[Content_Types].xml", contentTypes("/word/document.xml", ooxmlDocument), "_rels/.rels", "<Relationships/>",
		"word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Báo cáo</w:t></w:r></w:p></w:body></w:document>`)
}

func sampleXLSX(t testing.TB) []byte {
	return zipEntries(t, "[Content_Types].xml", contentTypes("/xl/workbook.xml", ooxmlWorkbook), "_rels/.rels", "<Relationships/>",
		"xl/workbook.xml", `<workbook/>`)
}

func sampleODF(t testing.TB, mime string) []byte {
	return zipEntries(t, "=mimetype", mime, "META-INF/manifest.xml", "<manifest/>", "content.xml", "<office:document-content/>")
}

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func evidenceFile(t *testing.T, e map[string]any) map[string]any {
	t.Helper()
	f, ok := e["file"].(map[string]any)
	if !ok {
		t.Fatalf("evidence has no file: %v", e)
	}
	return f
}

func storage(t *testing.T, st *store.Store) store.EvidenceStorage {
	t.Helper()
	s, err := st.EvidenceStorage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	problems, err := st.CheckEvidenceFiles(context.Background())
	if err != nil || len(problems) > 0 {
		t.Fatalf("stored evidence files: %v %v", problems, err)
	}
	return s
}

// ---------------------------------------------------------------- tests

// TestEvidenceFileRoundTrip: a unit uploads files during self-assessment;
// the list, the sheet, the download (bytes, headers, ranges, ETag), the
// zip of the unit and removal; the same bytes are stored once; uploads and
// removals are audited with name, size and hash.
func TestEvidenceFileRoundTrip(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	a := newAssessmentOn(t, ts)
	a.stage("self_assessment")
	base := "/api/v1/periods/2016/units/tt/evidence"
	// Three chunks, the last a half; larger than the server's body limit
	// (2 MiB), which the upload route does not have.
	doc := randomPDF(1, 5*store.EvidenceChunkSize/2)
	name := "Quyết định 45-QĐ-UBND.pdf"
	e := ts.uploadFile(http.StatusCreated, base, a.unitTT, map[string]string{"criterion": "1.1", "title": "Quyết định số 45/QĐ-UBND", "reference": "mục II, trang 3"}, name, doc).JSON(t)
	f := evidenceFile(t, e)
	if e["title"] != "Quyết định số 45/QĐ-UBND" || e["reference"] != "mục II, trang 3" || e["url"] != "" || e["added_by"] != "tt-user" {
		t.Errorf("uploaded evidence: %v", e)
	}
	if f["name"] != name || f["sha256"] != sha(doc) || f["content_type"] != "application/pdf" || f["size"] != jsonNumber(len(doc)) {
		t.Errorf("uploaded file: %v (want %s, %s, %d bytes)", f, name, sha(doc), len(doc))
	}
	id := jsonInt(t, e["id"])
	download := fmt.Sprintf("%s/%d/file", base, id)
	if f["download"] != download {
		t.Errorf("download path %v, want %s", f["download"], download)
	}
	// The same bytes again, on another criterion, and a link: stored once.
	again := ts.uploadFile(http.StatusCreated, base, a.unitTT, map[string]string{"criterion": "1.2.1"}, "bản sao.pdf", doc).JSON(t)
	if again["title"] != "bản sao" {
		t.Errorf("a file without a title is titled %v, want its name without the extension", again["title"])
	}
	ts.must(http.StatusCreated, "POST", base, a.unitTT, map[string]any{"criterion": "1.1", "title": "Kế hoạch", "reference": "điều 2", "url": "https://vanban.laichau.gov.vn/kh"})
	if s := storage(t, ts.store); s.Blobs != 1 || s.Chunks != 3 || s.Bytes != int64(len(doc)) {
		t.Errorf("the same bytes twice: %+v, want 1 blob of 3 chunks, %d bytes", s, len(doc))
	}

	// The list and the sheet.
	list := ts.must(http.StatusOK, "GET", base, a.council, nil).JSON(t)
	items := list["evidence"].([]any)
	if len(items) != 3 || list["files_bytes"] != jsonNumber(2*len(doc)) {
		t.Errorf("list: %d items, files_bytes %v: %s", len(items), list["files_bytes"], clip(mustJSON(list)))
	}
	if one := ts.must(http.StatusOK, "GET", base+"?criterion=1.2.1", a.unitTT, nil).JSON(t)["evidence"].([]any); len(one) != 1 {
		t.Errorf("list of criterion 1.2.1: %d items", len(one))
	}
	sheet := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/units/tt/scores", a.council, nil).JSON(t)
	for _, l := range sheet["criteria"].([]any) {
		leaf := l.(map[string]any)
		if leaf["code"] == "1.1" {
			ev := leaf["evidence"].([]any)
			if len(ev) != 2 || evidenceFile(t, ev[0].(map[string]any))["sha256"] != sha(doc) || ev[1].(map[string]any)["file"] != nil {
				t.Errorf("sheet, criterion 1.1: %v", ev)
			}
		}
	}

	// The unit's scorecard lists the evidence per criterion.
	card, err := excelize.OpenReader(bytes.NewReader(ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/units/tt/scorecard.xlsx", a.unitTT, nil).Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := card.GetRows("Tài liệu kiểm chứng")
	if err != nil {
		t.Fatalf("the scorecard has no evidence sheet: %v", err)
	}
	if all := fmt.Sprint(rows); !strings.Contains(all, name) || !strings.Contains(all, "mục II, trang 3") || !strings.Contains(all, "https://vanban.laichau.gov.vn/kh") {
		t.Errorf("the scorecard's evidence sheet lacks the file, its reference or the link: %s", all)
	}

	// The download: bytes and headers.
	r := ts.must(http.StatusOK, "GET", download, a.council, nil)
	if !bytes.Equal(r.Body, doc) {
		t.Errorf("downloaded %d bytes, not the %d uploaded", len(r.Body), len(doc))
	}
	for k, want := range map[string]string{
		"Content-Type":           "application/pdf",
		"Content-Disposition":    `attachment; filename="Quyet dinh 45-QD-UBND.pdf"; filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2045-Q%C4%90-UBND.pdf`,
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "private, no-store",
		"ETag":                   `"` + sha(doc) + `"`,
		"Accept-Ranges":          "bytes",
		"Content-Length":         fmt.Sprint(len(doc)),
	} {
		if got := r.Header.Get(k); got != want {
			t.Errorf("download header %s: %q, want %q", k, got, want)
		}
	}
	// Ranges, across the chunk boundary; If-None-Match; If-Range.
	from, to := store.EvidenceChunkSize-100, store.EvidenceChunkSize+99
	part := ts.doWith("GET", download, a.unitTT, nil, map[string]string{"Range": fmt.Sprintf("bytes=%d-%d", from, to)})
	if part.Status != http.StatusPartialContent || !bytes.Equal(part.Body, doc[from:to+1]) ||
		part.Header.Get("Content-Range") != fmt.Sprintf("bytes %d-%d/%d", from, to, len(doc)) {
		t.Errorf("range: %d, Content-Range %q, %d bytes", part.Status, part.Header.Get("Content-Range"), len(part.Body))
	}
	tail := ts.doWith("GET", download, a.unitTT, nil, map[string]string{"Range": "bytes=-10"})
	if tail.Status != http.StatusPartialContent || !bytes.Equal(tail.Body, doc[len(doc)-10:]) {
		t.Errorf("suffix range: %d, %d bytes", tail.Status, len(tail.Body))
	}
	if r := ts.doWith("GET", download, a.unitTT, nil, map[string]string{"Range": fmt.Sprintf("bytes=%d-", len(doc)+5)}); r.Status != http.StatusRequestedRangeNotSatisfiable ||
		errorCode(t, r) != "range_not_satisfiable" || r.Header.Get("Content-Range") != fmt.Sprintf("bytes */%d", len(doc)) {
		t.Errorf("a range past the end: %d %s, Content-Range %q", r.Status, r.Body, r.Header.Get("Content-Range"))
	}
	if r := ts.doWith("GET", download, a.unitTT, nil, map[string]string{"If-None-Match": `"` + sha(doc) + `"`}); r.Status != http.StatusNotModified {
		t.Errorf("If-None-Match with the hash: %d, want 304", r.Status)
	}
	if r := ts.doWith("GET", download, a.unitTT, nil, map[string]string{"Range": "bytes=0-9", "If-Range": `"stale"`}); r.Status != http.StatusOK || len(r.Body) != len(doc) {
		t.Errorf("If-Range with another ETag: %d, %d bytes; want the whole file", r.Status, len(r.Body))
	}
	if r := ts.doWith("GET", download, a.unitTT, nil, map[string]string{"If-Match": `"stale"`}); r.Status != http.StatusPreconditionFailed || errorCode(t, r) != "precondition_failed" {
		t.Errorf("If-Match with another ETag: %d %s", r.Status, r.Body)
	}
	link := jsonInt(t, items[2].(map[string]any)["id"])
	ts.must(http.StatusNotFound, "GET", fmt.Sprintf("%s/%d/file", base, link), a.council, nil)
	ts.must(http.StatusNotFound, "GET", fmt.Sprintf("%s/%d/file", base, 999999), a.council, nil)
	ts.must(http.StatusForbidden, "GET", download, a.unitStp, nil)
	// Another unit's file does not exist through this unit's path.
	ts.must(http.StatusNotFound, "GET", fmt.Sprintf("/api/v1/periods/2016/units/stp/evidence/%d/file", id), ts.admin, nil)

	// Two files of one name on one criterion, then the zip of the unit.
	png1, png2 := samplePNG(t), append(samplePNG(t), 0) // a trailing byte: other bytes
	ts.uploadFile(http.StatusCreated, base, a.unitTT, map[string]string{"criterion": "1.1"}, "ảnh.png", png1)
	ts.uploadFile(http.StatusCreated, base, a.unitTT, map[string]string{"criterion": "1.1"}, "Ảnh.png", png2)
	z := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/units/tt/evidence.zip", a.council, nil)
	if z.Header.Get("Content-Type") != "application/zip" || !strings.HasPrefix(z.Header.Get("Content-Disposition"), `attachment; filename="tai-lieu-kiem-chung-2016-tt.zip"`) {
		t.Errorf("zip headers: %v", z.Header)
	}
	zr, err := zip.NewReader(bytes.NewReader(z.Body), int64(len(z.Body)))
	if err != nil {
		t.Fatalf("the zip does not open: %v", err)
	}
	want := map[string][]byte{"1.1/" + name: doc, "1.2.1/bản sao.pdf": doc, "1.1/ảnh.png": png1, "1.1/Ảnh (2).png": png2}
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
		if zf.Name == "danh-muc.csv" {
			rc, _ := zf.Open()
			csv, _ := io.ReadAll(rc)
			for _, s := range []string{"Mã tiêu chí", "mục II, trang 3", "https://vanban.laichau.gov.vn/kh", sha(doc), "1.1/Ảnh (2).png"} {
				if !bytes.Contains(csv, []byte(s)) {
					t.Errorf("danh-muc.csv lacks %q:\n%s", s, csv)
				}
			}
			continue
		}
		if zf.Method != zip.Store {
			t.Errorf("%s is compressed (method %d); files are stored as they are", zf.Name, zf.Method)
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC
		if err != nil {
			t.Errorf("%s: %v", zf.Name, err)
		}
		if !bytes.Equal(got, want[zf.Name]) {
			t.Errorf("zip entry %s: %d bytes, want %d", zf.Name, len(got), len(want[zf.Name]))
		}
	}
	if len(names) != len(want)+1 {
		t.Errorf("zip entries %v, want %d files and danh-muc.csv", names, len(want))
	}

	// Removal: the bytes stay while another evidence uses them.
	ts.must(http.StatusNoContent, "DELETE", fmt.Sprintf("%s/%d", base, id), a.unitTT, nil)
	if s := storage(t, ts.store); s.Blobs != 3 {
		t.Errorf("after removing one of two uses: %d blobs, want 3", s.Blobs)
	}
	ts.must(http.StatusNotFound, "GET", download, a.council, nil)
	second := fmt.Sprintf("%s/%d", base, jsonInt(t, again["id"]))
	if r := ts.must(http.StatusOK, "GET", second+"/file", a.council, nil); !bytes.Equal(r.Body, doc) {
		t.Error("the second use lost its bytes when the first was removed")
	}
	ts.must(http.StatusNoContent, "DELETE", second, a.unitTT, nil)
	if s := storage(t, ts.store); s.Blobs != 2 || s.Bytes != int64(len(png1)+len(png2)) {
		t.Errorf("after removing the last use: %+v, want only the two images", s)
	}

	audit := auditEntries(t, a.audit())
	var created, deleted int
	for _, en := range audit {
		if en.Entity != "evidence" || en.Field != "file" {
			continue
		}
		v := orEmpty(en.NewValue) + orEmpty(en.OldValue)
		if strings.Contains(v, sha(doc)) && strings.Contains(v, fmt.Sprintf("%d bytes", len(doc))) && en.Actor == "tt-user" {
			switch en.Action {
			case "create":
				created++
			case "delete":
				deleted++
			}
		}
		if en.Action == "create" && en.Criterion == "1.1" && strings.Contains(v, name) && !strings.Contains(v, "mục II, trang 3") {
			t.Errorf("the upload's audit entry lacks the reference: %s", v)
		}
	}
	if created != 2 || deleted != 2 {
		t.Errorf("audit: %d uploads and %d removals of the document with its hash and size, want 2 and 2", created, deleted)
	}
}

func jsonNumber(n int) any { return json.Number(fmt.Sprint(n)) }

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

func jsonUnmarshal(b []byte, v any) { _ = json.Unmarshal(b, v) }

// newAssessmentOn is newAssessment on a server made with other options.
func newAssessmentOn(t *testing.T, ts *testServer) *assessment {
	t.Helper()
	fixture(ts)
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, fixtureScores())
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

// TestEvidenceFileTypes: the type comes from the content: every accepted
// type is recognised whatever its name says, and an HTML page renamed
// .pdf, an SVG, a plain zip, a macro-enabled workbook, a legacy DOC and
// text get 415 naming the accepted types, with nothing stored or audited.
func TestEvidenceFileTypes(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	a := newAssessmentOn(t, ts)
	base := "/api/v1/periods/2016/units/tt/evidence"
	scorecard := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/units/tt/scorecard.xlsx", ts.admin, nil).Body
	for _, c := range []struct {
		name, want, stored string
		data               []byte
	}{
		{"scan.pdf", "application/pdf", "scan.pdf", samplePDF(1)},
		{"ảnh chụp bảng tin.png", "image/png", "ảnh chụp bảng tin.png", samplePNG(t)},
		{"photo.JPEG", "image/jpeg", "photo.JPEG", sampleJPEG(t)},
		{"báo cáo.docx", typeDOCX.MIME, "báo cáo.docx", sampleDOCX(t)},
		{"bang-diem.xlsx", typeXLSX.MIME, "bang-diem.xlsx", sampleXLSX(t)},
		{"phieu-diem.xlsx", typeXLSX.MIME, "phieu-diem.xlsx", scorecard}, // a real workbook (excelize's)
		{"van-ban.odt", typeODT.MIME, "van-ban.odt", sampleODF(t, typeODT.MIME)},
		{"so-lieu.ods", typeODS.MIME, "so-lieu.ods", sampleODF(t, typeODS.MIME)},
		{"named-wrong.docx", "application/pdf", "named-wrong.docx.pdf", samplePDF(2)},
		{"no-extension", "image/png", "no-extension.png", append(samplePNG(t), 1)},
	} {
		e := ts.uploadFile(http.StatusCreated, base, ts.admin, map[string]string{"criterion": "2.1"}, c.name, c.data).JSON(t)
		if f := evidenceFile(t, e); f["content_type"] != c.want || f["name"] != c.stored {
			t.Errorf("%s: stored as %v, %v; want %s, %s", c.name, f["name"], f["content_type"], c.stored, c.want)
		}
		r := ts.must(http.StatusOK, "GET", evidenceFile(t, e)["download"].(string), ts.admin, nil)
		if r.Header.Get("Content-Type") != c.want || !bytes.Equal(r.Body, c.data) {
			t.Errorf("%s: served as %q, %d bytes", c.name, r.Header.Get("Content-Type"), len(r.Body))
		}
	}

	before := storage(t, ts.store)
	lastAudit := auditEntries(t, a.audit())
	ole2 := append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 1024)...)
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"quyet-dinh.pdf", []byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")},
		{"bieu-do.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>`)},
		{"bieu-do.png", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)},
		{"tai-lieu.zip", zipEntries(t, "a.txt", "hello")},
		{"macro.xlsx", zipEntries(t, "[Content_Types].xml", contentTypes("/xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"), "xl/workbook.xml", "<workbook/>")},
		{"trinh-chieu.odp", sampleODF(t, "application/vnd.oasis.opendocument.presentation")},
		{"cu.doc", ole2},
		{"ghi-chu.txt", []byte("chỉ là văn bản")},
		{"exe.pdf", append([]byte("MZ\x90\x00"), make([]byte, 600)...)},
	} {
		body, ct := multipartUpload(t, map[string]string{"criterion": "2.1"}, c.name, c.data)
		r := ts.doWith("POST", base, ts.admin, body, map[string]string{"Content-Type": ct})
		if r.Status != http.StatusUnsupportedMediaType || errorCode(t, r) != "unsupported_media_type" || !contains(r.Body, "PDF, JPEG, PNG, DOCX, XLSX, ODT, ODS") {
			t.Errorf("%s: %d %s; want 415 naming the accepted types", c.name, r.Status, clip(r.Body))
		}
	}
	body, ct := multipartUpload(t, map[string]string{"criterion": "2.1"}, "rong.pdf", []byte{})
	if r := ts.doWith("POST", base, ts.admin, body, map[string]string{"Content-Type": ct}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an empty file: %d %s", r.Status, r.Body)
	}
	body, ct = multipartUpload(t, map[string]string{"criterion": "9.9"}, "x.pdf", samplePDF(3))
	if r := ts.doWith("POST", base, ts.admin, body, map[string]string{"Content-Type": ct}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an unknown criterion: %d %s", r.Status, r.Body)
	}
	body, ct = multipartUpload(t, map[string]string{"criterion": "2.1", "colour": "red"}, "x.pdf", samplePDF(3))
	if r := ts.doWith("POST", base, ts.admin, body, map[string]string{"Content-Type": ct}); r.Status != http.StatusBadRequest {
		t.Errorf("an unknown field: %d %s", r.Status, r.Body)
	}
	if after := storage(t, ts.store); after != before {
		t.Errorf("refused uploads stored something: %+v, before %+v", after, before)
	}
	if got := auditEntries(t, a.audit()); len(got) != len(lastAudit) {
		t.Errorf("refused uploads were audited: %d entries, before %d", len(got), len(lastAudit))
	}
}

// TestEvidenceFileNames: a name with directories (either slash), ../,
// control and bidirectional-override characters, Windows' reserved
// characters or decomposed Vietnamese is stored clean, in NFC, and handed
// back so in Content-Disposition and the zip.
func TestEvidenceFileNames(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	newAssessmentOn(t, ts)
	base := "/api/v1/periods/2016/units/tt/evidence"
	for i, c := range []struct{ raw, want string }{
		{"../../../etc/passwd.pdf", "passwd.pdf"},
		{`..\..\Windows\System32\boot.pdf`, "boot.pdf"},
		{`C:\Users\Cán bộ\Desktop\` + norm.NFD.String("Quyết định.pdf"), "Quyết định.pdf"},
		{"bao\x07cao\x1b[31m\x00 quy\r\nIV.pdf", "baocao[31m quyIV.pdf"},
		{"hoa-don\u202efdp.exe", "hoa-donfdp.exe.pdf"},
		{`a<b>c:d"e|f?g*.pdf`, "a_b_c_d_e_f_g_.pdf"},
		{"...", "tai-lieu.pdf"},
		{"  .hidden.pdf. ", "hidden.pdf"},
		{strings.Repeat("dài ", 100) + ".pdf", strings.TrimRight(strings.Repeat("dài ", 100)[:0]+string([]rune(strings.Repeat("dài ", 100))[:maxFileName-4]), " ") + ".pdf"},
	} {
		e := ts.uploadFile(http.StatusCreated, base, ts.admin, map[string]string{"criterion": "1.1", "title": fmt.Sprintf("Tệp %d", i)}, c.raw, samplePDF(100+i)).JSON(t)
		f := evidenceFile(t, e)
		if f["name"] != c.want {
			t.Errorf("%q stored as %q, want %q", c.raw, f["name"], c.want)
			continue
		}
		cd := ts.must(http.StatusOK, "GET", f["download"].(string), ts.admin, nil).Header.Get("Content-Disposition")
		if !strings.HasSuffix(cd, "filename*=UTF-8''"+encodeRFC5987(c.want)) || strings.ContainsAny(cd, "\r\n\x00/\\") {
			t.Errorf("%q: Content-Disposition %q", c.raw, cd)
		}
	}
	z := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/units/tt/evidence.zip", ts.admin, nil).Body
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name != "danh-muc.csv" && (!strings.HasPrefix(zf.Name, "1.1/") || strings.Count(zf.Name, "/") != 1 || strings.Contains(zf.Name, "..")) {
			t.Errorf("zip entry %q is not criterion/name", zf.Name)
		}
	}
}

// TestEvidenceFileTooLarge: a file over the limit gets 413 before its
// body is read: at once when Content-Length says so, and as soon as the
// limit is passed when it does not (chunked). Nothing is stored.
func TestEvidenceFileTooLarge(t *testing.T) {
	t.Parallel()
	const limit = 256 << 10
	ts := newTestServerWith(t, Options{EvidenceMaxBytes: limit})
	newAssessmentOn(t, ts)
	path := "/api/v1/periods/2016/units/tt/evidence"
	addr := strings.TrimPrefix(ts.URL, "http://")

	// Through the client: one byte over.
	r := ts.uploadFile(http.StatusRequestEntityTooLarge, path, ts.admin, map[string]string{"criterion": "1.1"}, "lon.pdf", randomPDF(2, limit+1))
	if errorCode(t, r) != "too_large" || !contains(r.Body, "PARINDEX_EVIDENCE_MAX_BYTES") {
		t.Errorf("one byte over: %s", r.Body)
	}
	ts.uploadFile(http.StatusCreated, path, ts.admin, map[string]string{"criterion": "1.1"}, "vua.pdf", randomPDF(3, limit))

	head, ct := multipartUpload(t, map[string]string{"criterion": "1.1"}, "rat-lon.pdf", []byte("%PDF-1.5\n"))
	head = head[:bytes.LastIndex(head, []byte("%PDF"))+9] // the form up to the file's first bytes

	// A declared 1 GB: refused with only the headers and a few bytes sent.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", path, addr, ts.admin, ct, 1<<30)
	conn.Write(head)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to a declared 1 GB upload after %d bytes of it: %v", len(head), err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !bytes.Contains(body, []byte("too_large")) {
		t.Errorf("a declared 1 GB upload: %d %s", res.StatusCode, body)
	}

	// No length (chunked): the server reads at most about the limit and
	// answers while the client still has most of its 64 MB to send.
	conn2, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close()
	fmt.Fprintf(conn2, "POST %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: %s\r\nTransfer-Encoding: chunked\r\n\r\n", path, addr, ts.admin, ct)
	fmt.Fprintf(conn2, "%x\r\n%s\r\n", len(head), head)
	var sent sync.WaitGroup
	var mu sync.Mutex
	written := 0
	sent.Add(1)
	go func() {
		defer sent.Done()
		chunk := bytes.Repeat([]byte{0xAB}, 32<<10)
		for written < 64<<20 {
			conn2.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if _, err := fmt.Fprintf(conn2, "%x\r\n%s\r\n", len(chunk), chunk); err != nil {
				return
			}
			mu.Lock()
			written += len(chunk)
			mu.Unlock()
		}
	}()
	conn2.SetReadDeadline(time.Now().Add(10 * time.Second))
	res2, err := http.ReadResponse(bufio.NewReader(conn2), nil)
	if err != nil {
		t.Fatalf("no answer to an endless chunked upload: %v", err)
	}
	mu.Lock()
	atAnswer := written
	mu.Unlock()
	body2, _ := io.ReadAll(res2.Body)
	if res2.StatusCode != http.StatusRequestEntityTooLarge || !bytes.Contains(body2, []byte("too_large")) {
		t.Errorf("an endless chunked upload: %d %s", res2.StatusCode, body2)
	}
	// What the client had written includes the kernel's socket buffers
	// (a few MB on loopback).
	if atAnswer > 16<<20 {
		t.Errorf("the server answered only after %d bytes of a chunked upload over a %d-byte limit", atAnswer, limit)
	}
	conn2.Close()
	sent.Wait()
	t.Logf("chunked: answered 413 after the client wrote %d bytes (limit %d)", atAnswer, limit)
	if s := storage(t, ts.store); s.Blobs != 1 {
		t.Errorf("refused uploads were stored: %+v", s)
	}
}

// TestEvidenceQuota: a unit keeps at most the quota of files per period;
// beyond, 409 saying what it keeps and what it may.
func TestEvidenceQuota(t *testing.T) {
	t.Parallel()
	ts := newTestServerWith(t, Options{EvidenceUnitQuota: 300 << 10})
	a := newAssessmentOn(t, ts)
	a.stage("self_assessment")
	path := "/api/v1/periods/2016/units/tt/evidence"
	first := ts.uploadFile(http.StatusCreated, path, a.unitTT, map[string]string{"criterion": "1.1"}, "a.pdf", randomPDF(4, 200<<10)).JSON(t)
	r := ts.uploadFile(http.StatusConflict, path, a.unitTT, map[string]string{"criterion": "1.1"}, "b.pdf", randomPDF(5, 150<<10))
	if !contains(r.Body, "300 KiB a unit may keep per period") || !contains(r.Body, "200 KiB") {
		t.Errorf("over the quota: %s", r.Body)
	}
	// A small one fits, and the same file again counts again.
	ts.uploadFile(http.StatusCreated, path, a.unitTT, map[string]string{"criterion": "1.1"}, "c.pdf", randomPDF(6, 50<<10))
	ts.uploadFile(http.StatusConflict, path, a.unitTT, map[string]string{"criterion": "1.2.1"}, "a-again.pdf", randomPDF(4, 200<<10))
	// Another unit has its own quota; removing frees room.
	ts.uploadFile(http.StatusCreated, "/api/v1/periods/2016/units/stp/evidence", a.unitStp, map[string]string{"criterion": "1.1"}, "b.pdf", randomPDF(5, 150<<10))
	ts.must(http.StatusNoContent, "DELETE", fmt.Sprintf("%s/%d", path, jsonInt(t, first["id"])), a.unitTT, nil)
	ts.uploadFile(http.StatusCreated, path, a.unitTT, map[string]string{"criterion": "1.1"}, "b.pdf", randomPDF(5, 150<<10))
	if used := ts.must(http.StatusOK, "GET", path, a.unitTT, nil).JSON(t)["files_bytes"]; used != jsonNumber(200<<10) {
		t.Errorf("files_bytes %v, want %d", used, 200<<10)
	}
}

// TestEvidenceFileMatrix: uploading and removing files follows
// workflow.CheckEvidence exactly as links do, for every role and stage;
// refused requests store and audit nothing.
func TestEvidenceFileMatrix(t *testing.T) {
	t.Parallel()
	w := newPermWorld(t)
	ts := w.ts
	for _, role := range matrixRoles {
		for _, stage := range matrixStages {
			year := w.years[stage]
			p := fmt.Sprintf("/api/v1/periods/%d/units/tt/evidence", year)
			before, stored := w.lastAuditID(t), storage(t, ts.store)
			body, ct := multipartUpload(t, map[string]string{"criterion": "1.1", "reference": "trang 1"}, "ma-tran.pdf", samplePDF(w.next()+1_000_000))
			r := ts.doWith("POST", p, w.tokens[role], body, map[string]string{"Content-Type": ct})
			if want := evidenceWrite(201)(role, stage); r.Status != want {
				t.Errorf("upload as %s in %s: %d, want %d: %s", role, stage, r.Status, want, clip(r.Body))
			}
			if r.Status >= 400 && (w.lastAuditID(t) != before || storage(t, ts.store) != stored) {
				t.Errorf("upload as %s in %s: refused, but stored or audited", role, stage)
			}
			id := w.files[year][slices.Index(matrixRoles, role)]
			before = w.lastAuditID(t)
			r = ts.do("DELETE", fmt.Sprintf("%s/%d", p, id), w.tokens[role], nil)
			if want := evidenceWrite(204)(role, stage); r.Status != want {
				t.Errorf("removing a file as %s in %s: %d, want %d: %s", role, stage, r.Status, want, clip(r.Body))
			}
			if r.Status >= 400 && w.lastAuditID(t) != before {
				t.Errorf("removing a file as %s in %s: refused, but audited", role, stage)
			}
			if want := unitReadable(200)(role, stage); ts.do("GET", fmt.Sprintf("%s/%d/file", p, w.files[year][0]), w.tokens[role], nil).Status != want {
				t.Errorf("download as %s in %s: want %d", role, stage, want)
			}
		}
	}
}

// TestEvidenceSameBytesConcurrently: the same bytes uploaded to many
// criteria at once while copies are removed: no request fails, and the
// bytes are stored once, whole, as long as one evidence uses them.
func TestEvidenceSameBytesConcurrently(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	newAssessmentOn(t, ts)
	path := "/api/v1/periods/2016/units/tt/evidence"
	doc := randomPDF(9, 2*store.EvidenceChunkSize+10)
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 4 {
				body, ct := multipartUpload(t, map[string]string{"criterion": []string{"1.1", "1.2.1", "1.2.2", "2.1"}[(g+i)%4]}, "cung-noi-dung.pdf", doc)
				req, _ := http.NewRequest("POST", ts.URL+path, bytes.NewReader(body))
				req.Header.Set("Content-Type", ct)
				req.Header.Set("Authorization", "Bearer "+ts.admin)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					errs <- err.Error()
					return
				}
				out, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusCreated {
					errs <- fmt.Sprintf("upload: %d %s", res.StatusCode, out)
					return
				}
				if i%2 == 1 { // remove every other one again
					var e struct{ ID int64 }
					jsonUnmarshal(out, &e)
					req, _ := http.NewRequest("DELETE", fmt.Sprintf("%s%s/%d", ts.URL, path, e.ID), nil)
					req.Header.Set("Authorization", "Bearer "+ts.admin)
					res, err := http.DefaultClient.Do(req)
					if err != nil || res.StatusCode != http.StatusNoContent {
						errs <- fmt.Sprintf("remove: %v %v", err, res)
						return
					}
					res.Body.Close()
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	list := ts.must(http.StatusOK, "GET", path, ts.admin, nil).JSON(t)["evidence"].([]any)
	if s := storage(t, ts.store); len(list) != 12 || s.Blobs != 1 || s.Bytes != int64(len(doc)) {
		t.Errorf("%d evidence kept, storage %+v; want 12 using one blob of %d bytes", len(list), s, len(doc))
	}
	f := evidenceFile(t, list[0].(map[string]any))
	if r := ts.must(http.StatusOK, "GET", f["download"].(string), ts.admin, nil); !bytes.Equal(r.Body, doc) {
		t.Error("the bytes kept are not the bytes uploaded")
	}
	for _, e := range list {
		ts.must(http.StatusNoContent, "DELETE", fmt.Sprintf("%s/%v", path, e.(map[string]any)["id"]), ts.admin, nil)
	}
	if s := storage(t, ts.store); s != (store.EvidenceStorage{}) {
		t.Errorf("after removing every use: %+v", s)
	}
}

// TestEvidenceSlowTransfers: behind a server with 300 ms timeouts (serve
// has 2 minutes), a file that takes four times as long to upload or
// download still goes through: each MiB moves the connection's deadline on.
func TestEvidenceSlowTransfers(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t)
	if _, err := st.CreateFirstAdmin(context.Background(), "admin", testHash(t, adminPassword)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(New(st, Options{TokenTTL: time.Hour, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PasswordCost: testPasswordCost}))
	// The server's timeout is a second: with 300 ms, a loaded machine (CI
	// runs the browser tests meanwhile) could reach the handler, which
	// extends the deadlines as the bytes come, after the first deadline.
	const timeout = time.Second
	srv.Config.ReadTimeout, srv.Config.WriteTimeout = timeout, timeout
	srv.Start()
	t.Cleanup(srv.Close)
	ts := &testServer{t: t, URL: srv.URL, store: st}
	ts.admin = ts.login("admin", adminPassword)
	fixture(ts)
	doc := randomPDF(11, 12<<20)
	body, ct := multipartUpload(t, map[string]string{"criterion": "1.1"}, "cham.pdf", doc)
	pr, pw := io.Pipe()
	go func() { // 12 MiB in about 4 s
		for rest := body; len(rest) > 0; {
			n := min(len(rest), 256<<10)
			if _, err := pw.Write(rest[:n]); err != nil {
				return
			}
			rest = rest[n:]
			time.Sleep(80 * time.Millisecond)
		}
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/periods/2016/units/tt/evidence", pr)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+ts.admin)
	start := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("a slow upload: %v", err)
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("a slow upload: %d %s", res.StatusCode, out)
	}
	if took := time.Since(start); took < 3*timeout {
		t.Errorf("the slow upload took %s, not longer than the server's timeout of %s: it proves nothing", took, timeout)
	} else {
		t.Logf("uploaded in %s", took.Round(time.Millisecond))
	}
	var e struct{ File struct{ Download string } }
	jsonUnmarshal(out, &e)

	req, _ = http.NewRequest("GET", srv.URL+e.File.Download, nil)
	req.Header.Set("Authorization", "Bearer "+ts.admin)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got bytes.Buffer
	start = time.Now()
	for {
		n, err := io.CopyN(&got, res.Body, 256<<10)
		if err != nil || n == 0 {
			break
		}
		time.Sleep(80 * time.Millisecond)
	}
	if !bytes.Equal(got.Bytes(), doc) {
		t.Errorf("a slow download got %d of %d bytes in %s", got.Len(), len(doc), time.Since(start).Round(time.Millisecond))
	}
	if took := time.Since(start); took < 3*timeout {
		t.Errorf("the slow download took %s, not longer than the server's timeout of %s: it proves nothing", took, timeout)
	}
}
