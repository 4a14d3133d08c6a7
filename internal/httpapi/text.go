package httpapi

import (
	"strings"
	"unicode/utf8"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
	"github.com/parindex/parindex/internal/workflow"
)

// The rules themselves are internal/textrule's; these turn its answers
// into the API's errors.

// checkCode refuses codes that would not survive a URL or a spreadsheet.
func checkCode(what, code string) error {
	if !textrule.Code(code) {
		return score.E(score.EUNPROCESSABLE, "error.code."+what, code)
	}
	return nil
}

// cleanName returns a name in NFC, the form Vietnamese text is stored in
// (typed text may arrive decomposed), refusing empty or oversized names and
// names with control or invisible characters (bidi overrides, zero-width).
func cleanName(what, name string) (string, error) {
	name, err := textrule.Name(name)
	if err != nil {
		return "", score.E(score.EUNPROCESSABLE, "error.api.name", score.Term{Kind: "error.thing", Code: what}, err)
	}
	return name, nil
}

// nfc returns free text (notes, remarks) as stored: in NFC like names,
// line breaks as LF. Its control characters were refused by decode.
func nfc(s string) string { return textrule.Multiline(s) }

// checkReason bounds a reason given for a change (it goes into the audit
// log) and returns it trimmed, in NFC. A reason given must be visible: one
// of only spaces or zero-width characters is refused, not taken as given.
func checkReason(r string) (string, error) {
	r = nfc(strings.TrimSpace(r))
	if err := textrule.Controls(r, true); err != nil {
		return "", &score.Error{Code: score.EUNPROCESSABLE, Key: "error.api.reason", Args: []any{err}, Details: []score.Problem{{Field: "reason", Key: "error.api.reason", Args: []any{err}}}}
	}
	if r != "" && !textrule.Visible(r) {
		return "", &score.Error{Code: score.EUNPROCESSABLE, Key: "error.api.reason_invisible", Details: []score.Problem{{Field: "reason", Key: "error.api.reason_invisible"}}}
	}
	if utf8.RuneCountInString(r) > workflow.MaxNoteLength {
		return "", score.E(score.EUNPROCESSABLE, "error.api.reason_long", workflow.MaxNoteLength)
	}
	return r, nil
}
