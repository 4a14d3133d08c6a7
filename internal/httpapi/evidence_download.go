package httpapi

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
)

// Evidence downloads: one file at a time (ranges, a strong ETag) or the
// unit's evidence as one zip with an index.

// downloadEvidence serves one file: always as an attachment with its
// original name, its sniffed type and nosniff, never cached by anything
// but the browser's own download, with a strong ETag (the hash) and
// ranges (http.ServeContent).
func (s *Server) downloadEvidence(c echo.Context) error {
	year, code, err := readableUnit(c)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return invalid("error.api.evidence_id", c.Param("id"))
	}
	ctx := c.Request().Context()
	e, err := s.store.EvidenceItem(ctx, year, code, id)
	if err != nil {
		return err
	}
	if e.File == nil {
		return score.E(score.ENOTFOUND, "error.api.evidence_link", id, code, e.URL)
	}
	h := c.Response().Header()
	h.Set("Content-Type", e.File.ContentType)
	h.Set("Content-Disposition", contentDisposition(e.File.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox")
	h.Set("ETag", `"`+e.File.SHA256+`"`)
	w := s.transfer(c)
	rd := &errReader{ReadSeeker: s.store.OpenEvidenceFile(ctx, *e.File)}
	http.ServeContent(w, c.Request(), "", e.AddedAt, rd)
	if rd.err != nil && !errors.Is(rd.err, ctxErr(ctx)) {
		s.log.Error("evidence download cut off", "unit", code, "year", year, "id", id, "err", rd.err,
			"request_id", h.Get(echo.HeaderXRequestID))
	}
	return nil
}

func ctxErr(ctx interface{ Err() error }) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return errNever
}

var errNever = errors.New("never")

// errReader keeps the first read error, for the log: ServeContent drops it.
type errReader struct {
	io.ReadSeeker
	err error
}

func (r *errReader) Read(p []byte) (int, error) {
	n, err := r.ReadSeeker.Read(p)
	if err != nil && err != io.EOF && r.err == nil {
		r.err = err
	}
	return n, err
}

// transferWriter is the response of a download: it moves the write
// deadline on while bytes go out (each MiB may take transferIdle), and
// turns ServeContent's plain-text errors (412, 416) into the API's JSON
// error body.
type transferWriter struct {
	*echo.Response
	rc      *http.ResponseController
	written int64
	next    int64
	failed  bool
	lang    string // of the error body (errorLang)
}

func (s *Server) transfer(c echo.Context) *transferWriter {
	return &transferWriter{Response: c.Response(), rc: http.NewResponseController(c.Response()), lang: errorLang(c)}
}

func (w *transferWriter) WriteHeader(code int) {
	if code < 400 {
		w.Response.WriteHeader(code)
		return
	}
	w.failed = true
	h := w.Header()
	for _, k := range []string{"Content-Disposition", "Content-Length", "ETag", "Last-Modified"} {
		h.Del(k)
	}
	h.Set("Content-Type", echo.MIMEApplicationJSON)
	h.Set("Cache-Control", "no-store")
	body := errorBody{errorDetail{Code: score.EINVALID, Message: msg.T(w.lang, "error.http.status", http.StatusText(code)), Details: []problemBody{}}}
	switch code {
	case http.StatusRequestedRangeNotSatisfiable:
		body.Error.Code, body.Error.Message = "range_not_satisfiable", msg.T(w.lang, "error.http.range")
	case http.StatusPreconditionFailed:
		body.Error.Code, body.Error.Message = score.EPRECONDITION, msg.T(w.lang, "error.http.if_match")
	}

	w.Response.WriteHeader(code)
	json.NewEncoder(w.Response).Encode(body)
}

func (w *transferWriter) Write(p []byte) (int, error) {
	if w.failed {
		return len(p), nil // ServeContent's text after an error
	}
	if w.written >= w.next {
		_ = w.rc.SetWriteDeadline(time.Now().Add(transferIdle))
		w.next = w.written + 1<<20
	}
	n, err := w.Response.Write(p)
	w.written += int64(n)
	return n, err
}

// evidenceZip streams every file of a unit's evidence as one zip, each
// entry named by its criterion ("1.2/quyet-dinh.pdf"; a second file of the
// same name "1.2/quyet-dinh (2).pdf"), stored as it is (the files are
// compressed already) with the CRC kept at upload, so nothing is read
// twice and memory holds one chunk; danh-muc.csv lists every piece of
// evidence, links too. A fault mid-way aborts the connection, so a client
// never takes a cut archive for a whole one.
func (s *Server) evidenceZip(c echo.Context) error {
	year, code, err := readableUnit(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	es, err := s.store.UnitEvidence(ctx, year, code)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", contentDisposition(fmt.Sprintf("tai-lieu-kiem-chung-%d-%s.zip", year, code)))
	h.Set("Cache-Control", "private, no-store")
	w := s.transfer(c)
	w.WriteHeader(http.StatusOK)
	zw := zip.NewWriter(w)
	fail := func(err error) {
		if ctx.Err() == nil {
			s.log.Error("evidence zip cut off", "unit", code, "year", year, "err", err, "request_id", h.Get(echo.HeaderXRequestID))
		}
		panic(http.ErrAbortHandler)
	}
	var index bytes.Buffer
	index.WriteString(results.BOM)
	csvw := results.NewCSVWriter(&index)
	csvw.Write([]string{"Mã tiêu chí", "Tài liệu", "Trích dẫn", "Tệp trong gói", "Đường dẫn", "Kích thước (byte)", "SHA-256", "Người nộp", "Thời điểm nộp"})
	used := map[string]bool{"danh-muc.csv": true}
	for _, e := range es {
		at := e.AddedAt.In(ictZone).Format("02/01/2006 15:04")
		if e.File == nil {
			csvw.Write([]string{e.Criterion, e.Title, e.Reference, "", e.URL, "", "", e.AddedBy, at})
			continue
		}
		name := zipEntryName(used, e.Criterion, e.File.Name)
		csvw.Write([]string{e.Criterion, e.Title, e.Reference, name, "", strconv.FormatInt(e.File.Size, 10), e.File.SHA256, e.AddedBy, at})
		fh := &zip.FileHeader{Name: name, Method: zip.Store, CRC32: e.File.CRC32,
			CompressedSize64: uint64(e.File.Size), UncompressedSize64: uint64(e.File.Size), CreatorVersion: 20, ReaderVersion: 20}
		setZipTime(fh, e.AddedAt)
		if !isASCII(name) {
			fh.Flags |= 0x800 // the name is UTF-8
		}
		ew, err := zw.CreateRaw(fh)
		if err != nil {
			fail(err)
		}
		if _, err := io.Copy(ew, s.store.OpenEvidenceFile(ctx, *e.File)); err != nil {
			fail(err)
		}
	}
	if err := csvw.Flush(); err != nil {
		fail(err)
	}
	iw, err := zw.CreateHeader(&zip.FileHeader{Name: "danh-muc.csv", Method: zip.Deflate, Modified: s.now()})
	if err != nil {
		fail(err)
	}
	if _, err := iw.Write(index.Bytes()); err != nil {
		fail(err)
	}
	if err := zw.Close(); err != nil {
		fail(err)
	}
	return nil
}

var ictZone = time.FixedZone("ICT", 7*3600)

// zipEntryName is "criterion/name", made unique (ignoring case, as
// Windows does) with " (2)", " (3)" before the extension.
func zipEntryName(used map[string]bool, criterion, name string) string {
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		ext = name[i:]
	}
	base := strings.TrimSuffix(name, ext)
	entry := criterion + "/" + name
	for i := 2; used[strings.ToLower(entry)]; i++ {
		entry = fmt.Sprintf("%s/%s (%d)%s", criterion, base, i, ext)
	}
	used[strings.ToLower(entry)] = true
	return entry
}

// setZipTime sets an entry's MS-DOS time, in Vietnam's time (what
// archivers show), and its Modified for readers of the extended field.
func setZipTime(fh *zip.FileHeader, t time.Time) {
	t = t.In(ictZone)
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, ictZone)
	}
	fh.Modified = t
	fh.ModifiedDate = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	fh.ModifiedTime = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
