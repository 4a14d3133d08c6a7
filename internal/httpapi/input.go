package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
)

// Text enters the API in three ways, each checked once, where it enters,
// by textrule.Controls: path and query parameters (checkParams), JSON
// bodies (checkJSONText, from decode) and workbooks (internal/xlsx).
// Control characters never reach the database: PostgreSQL cannot hold NUL,
// and the others hide or rewrite what people read.

// multilineFields are the JSON fields whose text may hold tabs and line
// breaks: notes, remark and news bodies, reasons, a news record's summary.
var multilineFields = map[string]bool{"note": true, "body": true, "reason": true, "summary": true}

// checkParams refuses a request whose path or query parameters are not
// valid UTF-8 or hold a control character, naming each parameter.
func checkParams(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		var problems score.Problems
		values := c.ParamValues()
		for i, name := range c.ParamNames() {
			if i < len(values) {
				if err := textrule.Controls(values[i], false); err != nil {
					problems.Add(score.Problem{Field: name, Key: "error.api.path_param", Args: []any{name, err}})
				}
			}
		}
		query := c.QueryParams()
		names := make([]string, 0, len(query))
		for name := range query {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if err := textrule.Controls(name, false); err != nil {
				problems.Add(score.Problem{Field: strconv.Quote(name), Key: "error.api.query_name", Args: []any{name, err}})
				continue
			}
			for _, v := range query[name] {
				if err := textrule.Controls(v, false); err != nil {
					problems.Add(score.Problem{Field: name, Key: "error.api.query_param", Args: []any{name, err}})
					break
				}
			}
		}
		if len(problems) > 0 {
			return problems.Err("error.api.params", problems[0])
		}
		return next(c)
	}
}

// checkJSONText refuses a decoded JSON body any of whose strings holds a
// control character, naming each by its path (scores[3].note). Only the
// multilineFields may hold tabs and line breaks. Most bodies have no
// escape that could make one, so they are passed on one scan.
func checkJSONText(body []byte) error {
	if !mayHoldControls(body) {
		return nil
	}
	var problems score.Problems
	walkJSONStrings(body, func(path []pathStep, s string) {
		multiline := len(path) > 0 && path[len(path)-1].key != "" && multilineFields[path[len(path)-1].key]
		if err := textrule.Controls(s, multiline); err != nil {
			field := pathString(path)
			key := "error.api.json_text"
			if !multiline {
				key = "error.api.json_text_line"
			}
			problems.Add(score.Problem{Field: field, Key: key, Args: []any{field, err}})
		}
	})
	if len(problems) == 0 {
		return nil
	}
	return problems.Err("error.api.json_controls", problems.Count(), problems[0])
}

// mayHoldControls reports whether a JSON text may decode to a string with
// a control character: an escape of one (\n, \u0000…), DEL, or a C1
// character written as UTF-8. Raw C0 bytes in a string are a syntax error,
// refused before.
func mayHoldControls(body []byte) bool {
	for i := 0; i < len(body); i++ {
		switch b := body[i]; {
		case b == '\\' && i+1 < len(body):
			switch body[i+1] {
			case '"', '\\', '/':
				i++
				continue
			case 'u':
				if i+5 < len(body) {
					if v, err := strconv.ParseUint(string(body[i+2:i+6]), 16, 32); err == nil && !textrule.IsControl(rune(v)) {
						i += 5
						continue
					}
				}
			}
			return true
		case b == 0x7F:
			return true
		case b == 0xC2 && i+1 < len(body) && body[i+1] >= 0x80 && body[i+1] <= 0x9F:
			return true
		}
	}
	return false
}

// pathStep is one step into a JSON value: an object's key or a list's index.
type pathStep struct {
	key   string
	index int
	list  bool
}

func pathString(path []pathStep) string {
	var b strings.Builder
	for _, p := range path {
		if p.list {
			fmt.Fprintf(&b, "[%d]", p.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p.key)
	}
	if b.Len() == 0 {
		return "(body)"
	}
	return b.String()
}

// walkJSONStrings calls fn with every string value of a valid JSON text
// and its path.
func walkJSONStrings(body []byte, fn func(path []pathStep, s string)) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	type frame struct {
		object, wantKey bool
	}
	var frames []frame
	var path []pathStep
	// next moves on after a value: an object waits for its next key, a
	// list counts on.
	next := func() {
		if len(frames) == 0 {
			return
		}
		if frames[len(frames)-1].object {
			frames[len(frames)-1].wantKey = true
			path = path[:len(path)-1]
		} else {
			path[len(path)-1].index++
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF || err != nil {
			return
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				frames = append(frames, frame{object: true, wantKey: true})
			case '[':
				frames = append(frames, frame{})
				path = append(path, pathStep{list: true})
			case '}':
				frames = frames[:len(frames)-1]
				next()
			case ']':
				frames = frames[:len(frames)-1]
				path = path[:len(path)-1]
				next()
			}
		case string:
			if n := len(frames); n > 0 && frames[n-1].object && frames[n-1].wantKey {
				frames[n-1].wantKey = false
				path = append(path, pathStep{key: t})
				continue
			}
			fn(path, t)
			next()
		default:
			next()
		}
	}
}
