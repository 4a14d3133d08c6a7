package httpapi

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/xlsx"
)

// Workbooks in and out: reading an upload within its limit, and sending a
// workbook as an attachment.

// isUpload reports whether the request carries a workbook rather than JSON.
func isUpload(c echo.Context) bool {
	ct, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	return ct == "multipart/form-data" || ct == xlsx.ContentType
}

// upload reads an uploaded workbook: the multipart field "file", or the
// body itself sent as xlsx. Larger than the limit is refused with 413.
func upload(c echo.Context) ([]byte, error) {
	ct, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	switch ct {
	case xlsx.ContentType, "application/octet-stream":
		return readLimited(c.Request().Body)
	case "multipart/form-data":
		mr, err := c.Request().MultipartReader()
		if err != nil {
			return nil, invalid("error.api.upload_multipart", err)
		}
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return nil, invalid("error.api.upload_nofile")
			}
			if err != nil {
				return nil, uploadError(err)
			}
			if part.FormName() == "file" {
				return readLimited(part)
			}
		}
	}
	return nil, invalid("error.api.upload_how", xlsx.ContentType)
}

func readLimited(r io.Reader) ([]byte, error) {
	limit := xlsx.DefaultLimits.MaxBytes
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, uploadError(err)
	}
	if int64(len(data)) > limit {
		return nil, score.E(score.ETOOLARGE, "error.api.upload_large", limit>>20)
	}
	return data, nil
}

// uploadError passes on the body limit's 413 and calls anything else a bad upload.
func uploadError(err error) error {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he
	}
	return invalid("error.api.upload_read", err)
}

// sendWorkbook writes a workbook fully before answering, so that a
// failure is an error response, not a truncated file.
func sendWorkbook(c echo.Context, filename string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, attachment(filename))
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, xlsx.ContentType, buf.Bytes())
}

func attachment(filename string) string { return `attachment; filename="` + filename + `"` }
