package httpapi

import (
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
	"github.com/parindex/parindex/internal/workflow"
)

// The rules themselves are internal/textrule's; these turn its answers
// into the API's errors.

// checkCode refuses codes that would not survive a URL or a spreadsheet.
func checkCode(what, code string) error {
	if !textrule.Code(code) {
		return score.Errorf(score.EUNPROCESSABLE, "%s code %q must be 1–64 letters, digits, '.', '_' or '-' (no spaces or diacritics)", what, code)
	}
	return nil
}

// cleanName returns a name in NFC, the form Vietnamese text is stored in
// (typed text may arrive decomposed), refusing empty or oversized names and
// names with control or invisible characters (bidi overrides, zero-width).
func cleanName(what, name string) (string, error) {
	name, err := textrule.Name(name)
	if err != nil {
		return "", score.Errorf(score.EUNPROCESSABLE, "the %s %v", what, err)
	}
	return name, nil
}

// nfc returns free text (notes, remarks) as stored: in NFC like names,
// line breaks as LF. Its control characters were refused by decode.
func nfc(s string) string { return textrule.Multiline(s) }

// checkReason is workflow.CheckReason (the pages call it too).
func checkReason(r string) (string, error) { return workflow.CheckReason(r) }
