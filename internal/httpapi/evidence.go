package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// Evidence files: a unit uploads the documents themselves (multipart, on
// the same route as links), the council and staff download them one by one
// or as one zip of the unit. Who may add and remove is workflow's
// CheckEvidence, as for links; who may read is MayReadUnit, as for the
// sheet.

const (
	// DefaultEvidenceMaxBytes bounds an evidence file when Options say nothing.
	DefaultEvidenceMaxBytes = 20 << 20
	// DefaultEvidenceUnitQuota bounds a unit's evidence files in a period.
	DefaultEvidenceUnitQuota = 1 << 30

	// multipartSlack is what an upload may carry besides the file: the
	// form's boundaries, part headers and its small fields.
	multipartSlack = 64 << 10
	// maxFormField bounds criterion, title and reference, in bytes.
	maxFormField = 4 << 10
	// transferIdle is how long a transfer may go without moving a MiB
	// before the connection's deadline passes, and uploadMax how long an
	// upload may take at all: the server's 2-minute timeouts would cut a
	// 20 MB file on a slow line.
	transferIdle = 2 * time.Minute
	uploadMax    = 15 * time.Minute
)

const evidenceRoute = "/api/v1/periods/:year/units/:code/evidence"

// isEvidenceUpload says whether a request is a file upload, which has its
// own, larger, limit instead of the body limit of every other route.
func isEvidenceUpload(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && (c.Path() == evidenceRoute || c.Path() == pageEvidenceRoute) && isMultipart(c.Request())
}

// pageEvidenceRoute is the sheet page's upload (internal/web), bounded by
// pageUpload instead.
const pageEvidenceRoute = "/app/periods/:year/units/:code/evidence"

func isMultipart(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "multipart/form-data"
}

func (s *Server) evidenceMax() int64 {
	if s.opt.EvidenceMaxBytes > 0 {
		return s.opt.EvidenceMaxBytes
	}
	return DefaultEvidenceMaxBytes
}

func (s *Server) evidenceQuota() int64 {
	if s.opt.EvidenceUnitQuota > 0 {
		return s.opt.EvidenceUnitQuota
	}
	return DefaultEvidenceUnitQuota
}

func (s *Server) fileTooLarge() error {
	max := s.evidenceMax()
	return &score.Error{Code: score.ETOOLARGE,
		Key: "error.api.file_large", Args: []any{store.ByteSize(max), max},
		Details: []score.Problem{{Field: "file", Bound: strconv.FormatInt(max, 10), Key: "error.api.file_max", Args: []any{max}}}}
}

// addEvidenceFile receives a multipart upload: fields criterion, title
// (optional: the file's name), reference (optional) and file. What may be
// refused before the body is read is (the role, the stage, the declared
// length, a full quota); the file is then streamed to an unlinked
// temporary file while it is hashed and counted, sniffed, and stored with
// its evidence row and audit entry in one transaction.
func (s *Server) addEvidenceFile(c echo.Context, a workflow.Actor, year int, code string) error {
	req, ctx, now := c.Request(), c.Request().Context(), s.now()
	p, err := s.store.Period(ctx, year)
	if err != nil {
		return err
	}
	if err := workflow.CheckEvidence(a, p, code, now); err != nil {
		return err
	}
	max := s.evidenceMax()
	if req.ContentLength > max+multipartSlack {
		c.Response().Header().Set("Connection", "close")
		return s.fileTooLarge()
	}
	if req.ContentLength > multipartSlack {
		used, err := s.store.EvidenceBytes(ctx, year, code)
		if err != nil {
			return err
		}
		if least := req.ContentLength - multipartSlack; used+least > s.evidenceQuota() {
			return s.overQuota(code, year, used, least)
		}
	}
	req.Body = http.MaxBytesReader(c.Response(), req.Body, max+multipartSlack)
	mr, err := req.MultipartReader()
	if err != nil {
		return invalid("error.api.multipart_boundary", err)
	}
	tmp, done, err := s.tempUpload()
	if err != nil {
		return err
	}
	defer done()

	var up store.FileUpload
	var rawName, title string
	var haveFile, haveTitle bool
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return s.uploadError(err)
		}
		switch name := part.FormName(); name {
		case "criterion", "title", "reference":
			v, err := readFormField(part, name)
			if err != nil {
				return s.uploadError(err)
			}
			switch name {
			case "criterion":
				up.Criterion = strings.TrimSpace(v)
			case "title":
				title, haveTitle = v, true
			case "reference":
				if up.Reference, err = cleanReference(v); err != nil {
					return err
				}
			}
		case "file":
			if haveFile {
				return score.E(score.EUNPROCESSABLE, "error.api.one_file")
			}
			haveFile, rawName = true, partFileName(part)
			if err := s.receive(c, part, tmp, &up); err != nil {
				return err
			}
		default:
			return invalid("error.api.form_field", clipText(name, 100))
		}
		part.Close()
	}
	if !haveFile {
		return score.E(score.EUNPROCESSABLE, "error.api.no_file")
	}
	if !haveTitle {
		title = ""
	}
	e, err := s.attachFile(c, year, code, store.By{Actor: a, At: now}, up, tmp, rawName, title)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, withDownload(year, code, e))
}

// attachFile sniffs a received file (in tmp, counted and hashed in up),
// names it, and attaches it with its evidence row and audit entry: the
// API's upload and the sheet page's both end here. A blank title is the
// file's name.
func (s *Server) attachFile(c echo.Context, year int, code string, by store.By, up store.FileUpload, tmp *os.File, rawName, title string) (workflow.Evidence, error) {
	if up.Size == 0 {
		return workflow.Evidence{}, &score.Error{Code: score.EUNPROCESSABLE, Key: "error.api.file_empty", Details: []score.Problem{{Field: "file", Key: "error.api.empty"}}}
	}
	t, err := sniff(tmp, up.Size)
	if err != nil {
		return workflow.Evidence{}, err
	}
	up.ContentType, up.Name, up.Content = t.MIME, cleanFileName(rawName, t), tmp
	if strings.TrimSpace(title) == "" {
		title = strings.TrimSuffix(up.Name, path.Ext(up.Name)) // cleanFileName keeps an extension
	}
	if up.Title, err = cleanName("evidence_title", title); err != nil {
		return workflow.Evidence{}, err
	}
	return s.store.AddEvidenceFile(c.Request().Context(), year, code, up, s.evidenceQuota(), by)
}

// tempUpload is an unlinked temporary file for an upload: its bytes live
// while it is open, and the kernel frees them when the process ends
// however it ends. done closes (and, if unlinking failed, removes) it.
func (s *Server) tempUpload() (tmp *os.File, done func(), err error) {
	tmp, err = os.CreateTemp(s.opt.TempDir, "parindex-upload-*")
	if err != nil {
		return nil, nil, err
	}
	unlinked := os.Remove(tmp.Name()) == nil
	return tmp, func() {
		tmp.Close()
		if !unlinked {
			os.Remove(tmp.Name())
		}
	}, nil
}

func (s *Server) overQuota(code string, year int, used, more int64) error {
	q := s.evidenceQuota()
	return score.E(score.ECONFLICT, "error.api.quota",
		code, store.ByteSize(used), year, store.ByteSize(more), store.ByteSize(q))
}

// uploadError maps a failure reading the upload: over the limit is 413,
// anything else a malformed request.
func (s *Server) uploadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return s.fileTooLarge()
	}
	var de *score.Error
	if errors.As(err, &de) {
		return err
	}
	return invalid("error.api.multipart_read", err)
}

// receive streams the file part into tmp, hashing and counting it; more
// than the limit is refused as soon as it is read.
func (s *Server) receive(c echo.Context, part io.Reader, tmp *os.File, up *store.FileUpload) error {
	max := s.evidenceMax()
	h, crc := sha256.New(), crc32.NewIEEE()
	src := &io.LimitedReader{R: &deadlineReader{r: part, rc: http.NewResponseController(c.Response()), until: time.Now().Add(uploadMax)}, N: max + 1}
	n, err := io.CopyBuffer(io.MultiWriter(tmp, h, crc), src, make([]byte, 256<<10))
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return fmt.Errorf("writing the upload to %s: %w", tmp.Name(), err) // the disk, not the client
		}
		return s.uploadError(err)
	}
	if n > max {
		c.Response().Header().Set("Connection", "close")
		return s.fileTooLarge()
	}
	up.Size, up.SHA256, up.CRC32 = n, hex.EncodeToString(h.Sum(nil)), crc.Sum32()
	return nil
}

// deadlineReader moves the connection's deadlines on while the body
// moves: each MiB may take transferIdle, the whole at most until. The
// write deadline moves too: the server sets it when the headers have been
// read, and the answer comes after the body.
type deadlineReader struct {
	r     io.Reader
	rc    *http.ResponseController
	until time.Time
	n     int64
	next  int64
}

func (d *deadlineReader) Read(p []byte) (int, error) {
	if d.n >= d.next {
		// Not every writer supports deadlines (tests' recorders): errors are ignored.
		_ = d.rc.SetReadDeadline(minTime(time.Now().Add(transferIdle), d.until))
		_ = d.rc.SetWriteDeadline(time.Now().Add(2 * transferIdle))
		d.next = d.n + 1<<20
	}
	n, err := d.r.Read(p)
	d.n += int64(n)
	return n, err
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// readFormField reads a small text field of the upload.
func readFormField(part io.Reader, name string) (string, error) {
	b, err := io.ReadAll(io.LimitReader(part, maxFormField+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxFormField {
		return "", score.E(score.EUNPROCESSABLE, "error.api.form_long", name, maxFormField)
	}
	if !utf8.Valid(b) {
		return "", score.E(score.EUNPROCESSABLE, "error.api.form_utf8", name)
	}
	return string(b), nil
}

// partFileName is the file name the client sent, as it sent it (filename*
// decoded); mime/multipart's FileName would cut it with the server's
// filepath.Base, which leaves a Windows path whole on Linux.
func partFileName(p *multipart.Part) string {
	if _, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition")); err == nil {
		if n, ok := params["filename"]; ok {
			return n
		}
	}
	return p.FileName()
}

// cleanReference is the optional place in the document ("mục II, trang
// 3"): NFC, control characters dropped, at most 300 characters.
func cleanReference(v string) (string, error) {
	v = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, v)
	v = nfc(strings.Join(strings.Fields(v), " "))
	if utf8.RuneCountInString(v) > 300 {
		return "", score.E(score.EUNPROCESSABLE, "error.api.reference_long", 300)
	}
	return v, nil
}

// withDownload sets the download path of a file's evidence.
func withDownload(year int, unit string, e workflow.Evidence) workflow.Evidence {
	if e.File != nil {
		f := *e.File
		f.Download = fmt.Sprintf("/api/v1/periods/%d/units/%s/evidence/%d/file", year, url.PathEscape(unit), e.ID)
		e.File = &f
	}
	return e
}

func withDownloads(year int, unit string, es []workflow.Evidence) []workflow.Evidence {
	for i := range es {
		es[i] = withDownload(year, unit, es[i])
	}
	return es
}

// evidenceList is the answer of GET …/evidence.
type evidenceList struct {
	Year       int                 `json:"year"`
	Unit       string              `json:"unit"`
	FilesBytes int64               `json:"files_bytes"`
	QuotaBytes int64               `json:"quota_bytes"`
	MaxBytes   int64               `json:"max_file_bytes"`
	Evidence   []workflow.Evidence `json:"evidence"`
}

// listEvidence lists a unit's evidence, links and files, optionally of one
// criterion: to whoever may read the unit's sheet.
func (s *Server) listEvidence(c echo.Context) error {
	year, code, err := readableUnit(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	es, err := s.store.UnitEvidence(ctx, year, code)
	if err != nil {
		return err
	}
	out := evidenceList{Year: year, Unit: code, QuotaBytes: s.evidenceQuota(), MaxBytes: s.evidenceMax(), Evidence: []workflow.Evidence{}}
	criterion := c.QueryParam("criterion")
	for _, e := range es {
		if e.File != nil {
			out.FilesBytes += e.File.Size
		}
		if criterion == "" || e.Criterion == criterion {
			out.Evidence = append(out.Evidence, withDownload(year, code, e))
		}
	}
	return c.JSON(http.StatusOK, out)
}
