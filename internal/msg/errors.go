package msg

import (
	"errors"

	"github.com/parindex/parindex/internal/score"
)

// Error is the text of err for a person reading lang: a *score.Error's
// message, or the catalog's "something went wrong" for any other error
// (whose text is never shown).
//
// For now it returns the message the error was made with; the catalog of
// error messages (codes and fields in the domain, sentences here) replaces
// it without changing this signature.
func Error(lang string, err error) string {
	var e *score.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return T(lang, "error.body")
}

// Problem is the text of one problem of a *score.Error for lang.
func Problem(lang string, p score.Problem) string { return p.Message }
