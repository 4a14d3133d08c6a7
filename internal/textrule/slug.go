package textrule

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxSlug is the longest slug Slug makes.
const MaxSlug = 80

// Slug folds a Vietnamese title into a URL path segment: lower case, đ as
// d, diacritics removed, words joined by '-': "Chỉ số CCHC năm 2016" →
// "chi-so-cchc-nam-2016". It is cut at a word boundary after MaxSlug
// characters, and empty when the title has no letter or digit it can keep.
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(title)) {
		if r == 'đ' {
			r = 'd'
		}
		switch {
		case unicode.Is(unicode.Mn, r): // a combining mark: the diacritic goes
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	s := b.String()
	if len(s) > MaxSlug {
		s = s[:MaxSlug]
		if i := strings.LastIndexByte(s, '-'); i > 0 {
			s = s[:i]
		}
	}
	return s
}

// ValidSlug reports whether s is a slug as Slug makes them.
func ValidSlug(s string) bool {
	if s == "" || len(s) > MaxSlug || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
