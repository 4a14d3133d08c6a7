package httpapi

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/parindex/parindex/internal/score"
)

// fileType is an accepted type of evidence file.
type fileType struct {
	Label string   // as people name it
	MIME  string   // what downloads are served as
	Exts  []string // the name's extensions for it, the first one canonical
}

// The accepted types: what units hold their documents as. The legacy
// binary Office formats (DOC, XLS) are not among them: they share one
// container (OLE2) with PowerPoint, Outlook messages and installers, and
// are the usual carriers of macro malware; telling them apart safely means
// parsing that container. Units save them as PDF, DOCX or XLSX.
var (
	typePDF  = fileType{"PDF", "application/pdf", []string{".pdf"}}
	typeJPEG = fileType{"JPEG", "image/jpeg", []string{".jpg", ".jpeg"}}
	typePNG  = fileType{"PNG", "image/png", []string{".png"}}
	typeDOCX = fileType{"DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{".docx"}}
	typeXLSX = fileType{"XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{".xlsx"}}
	typeODT  = fileType{"ODT", "application/vnd.oasis.opendocument.text", []string{".odt"}}
	typeODS  = fileType{"ODS", "application/vnd.oasis.opendocument.spreadsheet", []string{".ods"}}

	acceptedTypes = []fileType{typePDF, typeJPEG, typePNG, typeDOCX, typeXLSX, typeODT, typeODS}
)

// acceptedList names the accepted types for messages: "PDF, JPEG, …".
func acceptedList() string {
	labels := make([]string, len(acceptedTypes))
	for i, t := range acceptedTypes {
		labels[i] = t.Label
	}
	return strings.Join(labels, ", ")
}

func unsupported(key string, args ...any) error {
	what := score.Problem{Field: "file", Key: key, Args: args}
	return &score.Error{Code: score.EUNSUPPORTED,
		Key: "error.sniff.types", Args: []any{acceptedList(), what},
		Details: []score.Problem{what}}
}

// sniff tells the type of an uploaded file from its content alone: the
// client's name and Content-Type are never trusted. PDF, JPEG and PNG by
// their magic numbers (http.DetectContentType); the Office and
// OpenDocument formats by what their zip container holds: the
// [Content_Types].xml of OOXML naming the main part, the mimetype entry of
// ODF. Anything else (HTML or SVG whatever its name, a plain zip, a
// macro-enabled workbook) is refused with 415.
func sniff(f io.ReaderAt, size int64) (fileType, error) {
	head := make([]byte, 512)
	n, err := f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return fileType{}, err
	}
	head = head[:n]
	detected := http.DetectContentType(head)
	switch detected {
	case "application/pdf":
		return typePDF, nil
	case "image/jpeg":
		return typeJPEG, nil
	case "image/png":
		return typePNG, nil
	case "application/zip":
		return sniffZip(f, size)
	}
	what := strings.SplitN(detected, ";", 2)[0]
	if bytes.Contains(bytes.ToLower(head), []byte("<svg")) {
		what = "SVG (image/svg+xml)"
	}
	return fileType{}, unsupported("error.sniff.content", what)
}

// Bounds on the zip container of an Office or OpenDocument file, checked
// before archive/zip reads its directory, so a crafted directory cannot
// take memory.
const (
	maxZipEntries  = 10_000
	maxZipDirBytes = 1 << 20
	maxZipPart     = 1 << 20 // [Content_Types].xml, mimetype
)

const (
	ooxmlDocument = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	ooxmlWorkbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
)

func sniffZip(f io.ReaderAt, size int64) (fileType, error) {
	if err := checkZipDirectory(f, size); err != nil {
		return fileType{}, err
	}
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return fileType{}, unsupported("error.sniff.zip_read", err)
	}
	byName := map[string]*zip.File{}
	for _, zf := range zr.File {
		byName[zf.Name] = zf
	}
	// OpenDocument: the first entry is "mimetype", holding the type.
	if len(zr.File) > 0 && zr.File[0].Name == "mimetype" {
		b, err := readZipPart(zr.File[0])
		if err != nil {
			return fileType{}, err
		}
		switch mt := strings.TrimSpace(string(b)); mt {
		case typeODT.MIME:
			return typeODT, nil
		case typeODS.MIME:
			return typeODS, nil
		default:
			return fileType{}, unsupported("error.sniff.odf_type", clipText(mt, 100))
		}
	}
	ct := byName["[Content_Types].xml"]
	if ct == nil {
		return fileType{}, unsupported("error.sniff.zip")
	}
	b, err := readZipPart(ct)
	if err != nil {
		return fileType{}, err
	}
	var types struct {
		Defaults []struct {
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Default"`
		Overrides []struct {
			PartName    string `xml:"PartName,attr"`
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Override"`
	}
	if err := xml.Unmarshal(b, &types); err != nil {
		return fileType{}, unsupported("error.sniff.content_types")
	}
	for _, d := range types.Defaults {
		if strings.Contains(d.ContentType, "vbaProject") {
			return fileType{}, unsupported("error.sniff.macros")
		}
	}
	var found []fileType
	for _, o := range types.Overrides {
		low := strings.ToLower(o.ContentType)
		if strings.Contains(low, "macroenabled") || strings.Contains(low, "vbaproject") {
			return fileType{}, unsupported("error.sniff.macros")
		}
		if o.ContentType != ooxmlDocument && o.ContentType != ooxmlWorkbook {
			continue
		}
		if byName[strings.TrimPrefix(path.Clean("/"+o.PartName), "/")] == nil {
			return fileType{}, unsupported("error.sniff.main_part", clipText(o.PartName, 100))
		}
		if o.ContentType == ooxmlDocument {
			found = append(found, typeDOCX)
		} else {
			found = append(found, typeXLSX)
		}
	}
	if len(found) != 1 {
		return fileType{}, unsupported("error.sniff.office_kind")
	}
	return found[0], nil
}

// checkZipDirectory reads the end of a zip's central directory and
// refuses one that is zip64, larger than maxZipDirBytes, has more than
// maxZipEntries entries, or is not followed directly by its end record
// (where archive/zip would read on past the declared size).
func checkZipDirectory(f io.ReaderAt, size int64) error {
	const endLen = 22
	tail := min(size, endLen+65535)
	buf := make([]byte, tail)
	if n, err := f.ReadAt(buf, size-tail); int64(n) < tail {
		return fmt.Errorf("reading the upload's end: %w", err)
	}
	for i := len(buf) - endLen; i >= 0; i-- {
		if !bytes.Equal(buf[i:i+4], []byte("PK\x05\x06")) {
			continue
		}
		entries := binary.LittleEndian.Uint16(buf[i+10:])
		dirSize := int64(binary.LittleEndian.Uint32(buf[i+12:]))
		dirOffset := int64(binary.LittleEndian.Uint32(buf[i+16:]))
		end := size - tail + int64(i)
		switch {
		case entries == 0xFFFF || dirSize == 0xFFFFFFFF || dirOffset == 0xFFFFFFFF:
			return unsupported("error.sniff.zip64")
		case int(entries) > maxZipEntries || dirSize > maxZipDirBytes:
			return unsupported("error.sniff.zip_dir", entries, dirSize, maxZipEntries, maxZipDirBytes)
		case dirOffset+dirSize != end:
			return unsupported("error.sniff.zip_end")
		}
		return nil
	}
	return unsupported("error.sniff.zip_noend")
}

// readZipPart reads a small entry of a container, refusing a large one.
func readZipPart(zf *zip.File) ([]byte, error) {
	if zf.UncompressedSize64 > maxZipPart {
		return nil, unsupported("error.sniff.entry_size", clipText(zf.Name, 100), zf.UncompressedSize64)
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, unsupported("error.sniff.entry_err", clipText(zf.Name, 100), err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxZipPart+1))
	if err != nil || len(b) > maxZipPart {
		return nil, unsupported("error.sniff.entry_read", clipText(zf.Name, 100))
	}
	return b, nil
}

func clipText(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// maxFileName bounds a stored file name, in characters.
const maxFileName = 150

// cleanFileName makes an uploaded file's name safe to store, show and
// hand back in Content-Disposition and zip archives: valid UTF-8 in NFC;
// no directories (either slash), control or format characters (such as
// the right-to-left override that disguises "fdp.exe" as "exe.pdf"), or
// characters Windows refuses in names; no leading or trailing dots and
// spaces; at most maxFileName characters. Its extension is made to match
// the sniffed type: "bao-cao.exe" holding a PDF becomes "bao-cao.exe.pdf".
func cleanFileName(raw string, t fileType) string {
	s := norm.NFC.String(strings.ToValidUTF8(raw, ""))
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError:
			return -1
		case strings.ContainsRune(`<>:"|?*`, r):
			return '_'
		case unicode.IsSpace(r):
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Trim(s, " .")
	origExt := path.Ext(s)
	ext := strings.ToLower(origExt)
	matches := false
	for _, e := range t.Exts {
		matches = matches || ext == e
	}
	if !matches {
		ext = t.Exts[0]
		if s == "" {
			s = "tai-lieu"
		}
	} else {
		s, ext = s[:len(s)-len(origExt)], origExt
		s = strings.Trim(s, " .")
		if s == "" {
			s = "tai-lieu"
		}
	}
	if r := []rune(s); len(r) > maxFileName-len(ext) {
		s = strings.TrimRight(string(r[:maxFileName-len(ext)]), " .")
	}
	return s + ext
}

// contentDisposition is an attachment header for a name (RFC 6266): an
// ASCII fallback in filename= (diacritics folded: "Quyết định.pdf" →
// "Quyet dinh.pdf") and the name itself, percent-encoded UTF-8, in filename*.
func contentDisposition(name string) string {
	return `attachment; filename="` + asciiName(name) + `"; filename*=UTF-8''` + encodeRFC5987(name)
}

func asciiName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		case unicode.Is(unicode.Mn, r):
		case r == '"' || r == '\\' || r < 0x20 || r == 0x7f:
			b.WriteByte('_')
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// encodeRFC5987 percent-encodes all but RFC 5987's attr-chars.
func encodeRFC5987(s string) string {
	const attr = "!#$&+-.^_`|~"
	var b strings.Builder
	for _, c := range []byte(s) {
		if c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attr, c) >= 0) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
