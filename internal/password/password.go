// Package password holds the rules a new password must meet, for the API,
// the command line and PARINDEX_ADMIN_PASSWORD alike.
package password

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn/frequency"

	"github.com/parindex/parindex/internal/score"
)

const (
	// MinLength is the least number of characters, not counting leading
	// and trailing spaces.
	MinLength = 10
	// MaxBytes is bcrypt's limit: it ignores what comes after.
	MaxBytes = 72
)

// common is the set of the 30,000 most common passwords of zxcvbn's list
// (from leaked password dumps, lower case), shipped in the binary by the
// github.com/trustelem/zxcvbn module (MIT).
var common = sync.OnceValue(func() map[string]struct{} {
	list := frequency.FrequencyLists["passwords"]
	set := make(map[string]struct{}, len(list))
	for _, p := range list {
		set[p] = struct{}{}
	}
	return set
})

// CommonCount is the number of common passwords refused.
func CommonCount() int { return len(common()) }

// Check says why p may not be username's password (an EUNPROCESSABLE
// *score.Error), or nil: blank, shorter
// than MinLength characters, longer than MaxBytes bytes, one character
// repeated, the username, or one of the most common passwords (in any
// letter case).
func Check(username, p string) error {
	trimmed := strings.TrimSpace(p)
	if !utf8.ValidString(p) {
		return score.E(score.EUNPROCESSABLE, "error.password.utf8")
	}
	if strings.IndexFunc(p, func(r rune) bool { return !unicode.IsSpace(r) }) < 0 {
		return score.E(score.EUNPROCESSABLE, "error.password.blank")
	}
	if len(p) > MaxBytes {
		return score.E(score.EUNPROCESSABLE, "error.password.long", MaxBytes)
	}
	if utf8.RuneCountInString(trimmed) < MinLength {
		return score.E(score.EUNPROCESSABLE, "error.password.short", MinLength)
	}
	if strings.EqualFold(trimmed, username) {
		return score.E(score.EUNPROCESSABLE, "error.password.username")
	}
	if first, _ := utf8.DecodeRuneInString(trimmed); strings.Trim(trimmed, string(first)) == "" {
		return score.E(score.EUNPROCESSABLE, "error.password.repeated")
	}
	if _, ok := common()[strings.ToLower(trimmed)]; ok {
		return score.E(score.EUNPROCESSABLE, "error.password.common")
	}
	return nil
}
