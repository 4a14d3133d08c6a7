package httpapi

import (
	"bytes"
	"io"

	"github.com/parindex/parindex/internal/results"
)

// csvBytes is the CSV that write makes, after a UTF-8 byte order mark
// when asked (Excel needs it to read Vietnamese).
func csvBytes(bom bool, write func(io.Writer) error) ([]byte, error) {
	var buf bytes.Buffer
	if bom {
		buf.WriteString(results.BOM)
	}
	if err := write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// orEmpty is an optional string, "" when absent.
func orEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
