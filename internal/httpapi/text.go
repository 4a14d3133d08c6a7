package httpapi

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
)

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// checkCode refuses codes that would not survive a URL or a spreadsheet.
func checkCode(what, code string) error {
	if !codePattern.MatchString(code) {
		return score.Errorf(score.EUNPROCESSABLE, "%s code %q must be 1–64 letters, digits, '.', '_' or '-' (no spaces or diacritics)", what, code)
	}
	return nil
}

// cleanName returns a name in NFC, the form Vietnamese text is stored in
// (typed text may arrive decomposed), refusing empty or oversized names.
func cleanName(what, name string) (string, error) {
	if !utf8.ValidString(name) {
		return "", score.Errorf(score.EUNPROCESSABLE, "the %s is not valid UTF-8", what)
	}
	name = norm.NFC.String(strings.TrimSpace(name))
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return "", score.Errorf(score.EUNPROCESSABLE, "the %s is empty", what)
	case n > 300:
		return "", score.Errorf(score.EUNPROCESSABLE, "the %s is longer than 300 characters", what)
	}
	return name, nil
}

// nfc returns free text (notes, remarks) in NFC, as names are stored.
func nfc(s string) string { return norm.NFC.String(s) }

// checkReason bounds a reason given for a change (it goes into the audit
// log) and returns it trimmed, in NFC.
func checkReason(r string) (string, error) {
	r = nfc(strings.TrimSpace(r))
	if utf8.RuneCountInString(r) > store.MaxNoteLength {
		return "", score.Errorf(score.EUNPROCESSABLE, "the reason is longer than %d characters", store.MaxNoteLength)
	}
	return r, nil
}
