package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/shopspring/decimal"

	"github.com/parindex/parindex/internal/score"
)

// decode reads the request body as one JSON value into v, refusing unknown
// fields and trailing data, with messages that say where it went wrong.
func decode(c echo.Context, v any) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var mbe *echo.HTTPError
		if errors.As(err, &mbe) {
			return mbe
		}
		return invalid("error.api.body_read")
	}
	return decodeBytes(body, v)
}

func decodeBytes(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return invalid("error.api.body_empty")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, body)
	}
	if dec.More() {
		return invalid("error.api.body_trailing")
	}
	return checkJSONText(body)
}

func jsonError(err error, body []byte) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return invalid("error.api.json_syntax", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		return invalid("error.api.json_type", typ.Field, kindName(typ.Type.Kind().String()), typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("error.api.json_eof")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return invalid("error.api.json_field", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return invalid("error.api.json", err.Error())
}

func kindName(k string) string {
	switch k {
	case "string":
		return "a string"
	case "struct", "map":
		return "an object"
	case "slice":
		return "a list"
	case "bool":
		return "true or false"
	}
	return "a number"
}

// decimalJSON is a decimal given as a JSON number or as a string holding
// one. Decoding never fails: a bad value is kept with its error, so that the
// caller can say which unit and criterion it belongs to.
type decimalJSON struct {
	set   bool // the field was present
	null  bool
	value decimal.Decimal
	raw   string
	err   error
}

func (d *decimalJSON) UnmarshalJSON(b []byte) error {
	d.set = true
	s := string(bytes.TrimSpace(b))
	d.raw = s
	if s == "null" {
		d.null = true
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(b, &s); err != nil {
			d.err = fmt.Errorf("%s is not a decimal number", d.raw)
			return nil
		}
		d.raw = s
		s = strings.TrimSpace(s)
	}
	v, err := decimal.NewFromString(s)
	if s == "" || strings.ContainsAny(s, "eE,") || err != nil {
		d.err = fmt.Errorf("%q is not a decimal number (write it with a dot, like 2.5)", d.raw)
		return nil
	}
	d.value = v
	return nil
}

// milli converts to points, refusing more than 3 decimals. It is nil when
// the value is absent or null.
func (d decimalJSON) milli() (*score.Milli, error) {
	if d.err != nil {
		return nil, d.err
	}
	if d.null || !d.set {
		return nil, nil
	}
	m, err := score.MilliFromDecimal(d.value)
	if err != nil {
		return nil, err
	}
	return &m, nil
}

func atoiParam(c echo.Context, name string) (int, error) {
	v := c.Param(name)
	n, err := strconv.Atoi(v)
	if err != nil || n < 1900 || n > 2200 {
		return 0, invalid("error.api.year_param", name, v)
	}
	return n, nil
}
