// Package textrule holds, in one place, the rules for text that reaches
// the service: which characters a code, a name, a one-line or a multi-line
// text may hold, when a required reason counts as given, and the key under
// which unit names are compared. The HTTP layer, the workbook reader, the
// workflow and the store call it. It is pure: no I/O, nothing of the
// project imported.
package textrule

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// MaxName is the length of the longest name, in characters.
const MaxName = 300

// Fault is the kind of thing wrong with a text.
type Fault uint8

// Faults.
const (
	BadUTF8   Fault = iota + 1
	Control         // a control character: C0 (U+0000–U+001F), DEL, C1 (U+0080–U+009F)
	Format          // an invisible character: format (Cf: bidi controls, zero-width), line or paragraph separator
	Empty           // nothing but spaces
	Invisible       // no letter, mark, digit, punctuation or symbol
	TooLong
)

// Error says what is wrong with a text. Its English message is a
// predicate for the caller to prefix with the field ("the unit name "…);
// the catalog (internal/msg) writes it in each language.
type Error struct {
	Fault Fault
	Rune  rune // the refused character, for Control and Format
	Max   int  // the limit, for TooLong
}

func (e *Error) Error() string {
	switch e.Fault {
	case BadUTF8:
		return "is not valid UTF-8"
	case Control:
		return "holds the control character " + RuneName(e.Rune)
	case Format:
		return "holds the invisible character " + RuneName(e.Rune)
	case Empty:
		return "is empty"
	case Invisible:
		return "has no visible character (only spaces or invisible characters)"
	case TooLong:
		return fmt.Sprintf("is longer than %d characters", e.Max)
	}
	return "is not valid"
}

// runeNames names the characters people meet in pasted text.
var runeNames = map[rune]string{
	0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x09: "tab", 0x0A: "line feed", 0x0B: "vertical tab",
	0x0C: "form feed", 0x0D: "carriage return", 0x1B: "escape", 0x7F: "DEL", 0x85: "next line",
	0xAD: "soft hyphen", 0x200B: "zero-width space", 0x200C: "zero-width non-joiner", 0x200D: "zero-width joiner",
	0x200E: "left-to-right mark", 0x200F: "right-to-left mark", 0x202A: "left-to-right embedding",
	0x202B: "right-to-left embedding", 0x202C: "pop directional formatting", 0x202D: "left-to-right override",
	0x202E: "right-to-left override", 0x2028: "line separator", 0x2029: "paragraph separator",
	0x2060: "word joiner", 0x2066: "left-to-right isolate", 0x2067: "right-to-left isolate",
	0x2068: "first strong isolate", 0x2069: "pop directional isolate", 0xFEFF: "byte order mark",
}

// RuneName writes a character for a message: U+200B (zero-width space).
func RuneName(r rune) string {
	if n, ok := runeNames[r]; ok {
		return fmt.Sprintf("U+%04X (%s)", r, n)
	}
	return fmt.Sprintf("U+%04X", r)
}

// IsControl reports a control character: C0, DEL or C1.
func IsControl(r rune) bool { return r < 0x20 || (r >= 0x7F && r <= 0x9F) }

// isInvisible reports a character that shows nothing in a name: a format
// character (bidi controls, zero-width ones, the soft hyphen) or a line or
// paragraph separator.
func isInvisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r)
}

// Controls refuses text that is not valid UTF-8 or holds a control
// character. A multi-line text (a note, a body, a reason) may hold tabs and
// line breaks: LF, and CR only as part of CRLF.
func Controls(s string, multiline bool) error {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return &Error{Fault: BadUTF8}
		case !IsControl(r):
		case multiline && (r == '\t' || r == '\n'):
		case multiline && r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
		default:
			return &Error{Fault: Control, Rune: r}
		}
	}
	return nil
}

// Chars refuses what a name or another one-line text people read may not
// hold: invalid UTF-8, control characters, and the invisible ones (format
// characters such as bidi overrides and zero-width spaces, line and
// paragraph separators), which make two names look alike or a name read
// backwards.
func Chars(s string) error {
	if err := Controls(s, false); err != nil {
		return err
	}
	for _, r := range s {
		if isInvisible(r) {
			return &Error{Fault: Format, Rune: r}
		}
	}
	return nil
}

// Name returns a name as it is stored: trimmed, in NFC (typed text may
// arrive decomposed), refusing what Chars refuses, an empty name, one
// without a visible character and one longer than MaxName.
func Name(s string) (string, error) {
	if err := Chars(s); err != nil {
		return "", err
	}
	s = norm.NFC.String(strings.TrimSpace(s))
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return "", &Error{Fault: Empty}
	case n > MaxName:
		return "", &Error{Fault: TooLong, Max: MaxName}
	case !Visible(s):
		return "", &Error{Fault: Invisible}
	}
	return s, nil
}

// Multiline returns a multi-line text (a note, a body, a reason) as it is
// stored: in NFC, line breaks as LF. Call Controls first.
func Multiline(s string) string {
	return norm.NFC.String(strings.ReplaceAll(s, "\r\n", "\n"))
}

// Visible reports whether s has a character one can see: a letter, mark,
// number, punctuation or symbol (not only spaces, zero-width or other
// format characters). A required reason must be visible.
func Visible(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S) {
			return true
		}
	}
	return false
}

// NameKey is the key under which two unit names are the same name: both
// in compatibility form (NFKC: composed and decomposed accents, full-width
// letters alike), case-folded (Unicode full folding, which is Vietnamese's:
// Đ/đ, Ư/ư, Ở/ở; the language has no special casing rules), invisible and
// control characters dropped, spaces collapsed. "Sở Tư pháp", its NFD
// twin, "SỞ TƯ PHÁP" and "Sở Tư\u200b pháp" share one key.
func NameKey(s string) string {
	s = strings.Map(func(r rune) rune {
		if IsControl(r) || isInvisible(r) {
			return -1
		}
		return r
	}, norm.NFKC.String(s))
	s = cases.Fold().String(s) // a Caser is not safe to share between goroutines
	return norm.NFC.String(strings.Join(strings.Fields(s), " "))
}

var (
	codePattern          = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)
	criterionCodePattern = regexp.MustCompile(`^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$`)
)

// Code reports whether s is a code of a unit, tier or user: 1–64 ASCII
// letters, digits, '.', '_' or '-', starting with a letter or digit; so no
// space, diacritic, control or invisible character, and it survives a URL
// and a spreadsheet.
func Code(s string) bool { return codePattern.MatchString(s) }

// CriterionCode reports whether s is a criterion's code: ASCII letters or
// digits separated by single dots, like 1.2.3.
func CriterionCode(s string) bool { return criterionCodePattern.MatchString(s) }

// Escape returns s with what no stored text may hold written visibly: a
// control character other than tab, LF and CR as \u0000, invalid UTF-8 as
// U+FFFD. The audit log keeps what it is given this way, so that a value
// older versions let in (a NUL, which PostgreSQL cannot store) is shown as
// it was and never keeps the log from moving.
func Escape(s string) string {
	clean := true
	for i, r := range s {
		if (IsControl(r) && r != '\t' && r != '\n' && r != '\r') || (r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD")) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			fmt.Fprintf(&b, `\u%04X`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
