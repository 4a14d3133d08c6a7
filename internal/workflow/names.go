package workflow

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
)

// The rules on codes, names, reasons, years and accounts' changes that
// every surface applies the same way (the API's handlers and the pages).

// CheckCode applies the rule on a unit's, tier's or user's code
// (textrule.Code); what names it in the message.
func CheckCode(what, code string) error {
	if !textrule.Code(code) {
		return score.Errorf(score.EUNPROCESSABLE, "%s code %q must be 1–64 letters, digits, '.', '_' or '-' (no spaces or diacritics)", what, code)
	}
	return nil
}

// CleanName applies the rules on a name (textrule.Name) and returns it
// cleaned; what names it in the message.
func CleanName(what, name string) (string, error) {
	name, err := textrule.Name(name)
	if err != nil {
		return "", score.Errorf(score.EUNPROCESSABLE, "the %s %v", what, err)
	}
	return name, nil
}

// CheckReason cleans an optional reason: NFC, no control character but
// line breaks, something visible when given, at most MaxNoteLength.
func CheckReason(r string) (string, error) {
	r = textrule.Multiline(strings.TrimSpace(r))
	if err := textrule.Controls(r, true); err != nil {
		return "", &score.Error{Code: score.EUNPROCESSABLE, Message: "the reason " + err.Error(), Details: []score.Problem{{Field: "reason", Message: "the reason " + err.Error()}}}
	}
	if r != "" && !textrule.Visible(r) {
		msg := "the reason has no visible character (only spaces or invisible characters): write one, or leave it out"
		return "", &score.Error{Code: score.EUNPROCESSABLE, Message: msg, Details: []score.Problem{{Field: "reason", Message: msg}}}
	}
	if utf8.RuneCountInString(r) > MaxNoteLength {
		return "", score.Errorf(score.EUNPROCESSABLE, "the reason is longer than %d characters", MaxNoteLength)
	}
	return r, nil
}

// CheckYear refuses a year no assessment could have.
func CheckYear(year int) error {
	if year < 1900 || year > 2200 {
		return score.Errorf(score.EUNPROCESSABLE, "year %d is not a plausible assessment year", year)
	}
	return nil
}

// MaxAssigned is how many units one council member may be assigned.
const MaxAssigned = 10_000

// CheckUserChange applies the rules on a change of an account by actor:
// nobody disables their own account, and a council member has at most
// MaxAssigned units.
func CheckUserChange(actor, username string, disable bool, units *[]string) error {
	if disable && actor == username {
		return score.Errorf(score.EUNPROCESSABLE, "you cannot disable your own account")
	}
	if units != nil && len(*units) > MaxAssigned {
		return score.Errorf(score.EUNPROCESSABLE, "at most 10,000 units may be assigned to one council member")
	}
	return nil
}

// DefaultPeriodTitle is a period's title when none is given.
func DefaultPeriodTitle(year int) string {
	return fmt.Sprintf("Chỉ số cải cách hành chính năm %d", year)
}
