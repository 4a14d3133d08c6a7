package httpapi

import (
	"strings"
	"unicode/utf8"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/textrule"
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

// checkReason bounds a reason given for a change (it goes into the audit
// log) and returns it trimmed, in NFC. A reason given must be visible: one
// of only spaces or zero-width characters is refused, not taken as given.
func checkReason(r string) (string, error) {
	r = nfc(strings.TrimSpace(r))
	if err := textrule.Controls(r, true); err != nil {
		return "", &score.Error{Code: score.EUNPROCESSABLE, Message: "the reason " + err.Error(), Details: []score.Problem{{Field: "reason", Message: "the reason " + err.Error()}}}
	}
	if r != "" && !textrule.Visible(r) {
		msg := "the reason has no visible character (only spaces or invisible characters): write one, or leave it out"
		return "", &score.Error{Code: score.EUNPROCESSABLE, Message: msg, Details: []score.Problem{{Field: "reason", Message: msg}}}
	}
	if utf8.RuneCountInString(r) > store.MaxNoteLength {
		return "", score.Errorf(score.EUNPROCESSABLE, "the reason is longer than %d characters", store.MaxNoteLength)
	}
	return r, nil
}
