package textrule

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func fault(err error) Fault {
	var e *Error
	if errors.As(err, &e) {
		return e.Fault
	}
	return 0
}

func TestControls(t *testing.T) {
	for _, c := range []struct {
		s         string
		multiline bool
		want      Fault
		r         rune
	}{
		{"Sở Tư pháp", false, 0, 0},
		{"a\x00b", false, Control, 0},
		{"a\x00b", true, Control, 0},
		{"a\x01", true, Control, 1},
		{"a\x1b[31m", true, Control, 0x1b},
		{"a\x7f", false, Control, 0x7f},
		{"a\u0085b", true, Control, 0x85},
		{"a\u009fb", false, Control, 0x9f},
		{"a\tb", false, Control, '\t'},
		{"a\nb", false, Control, '\n'},
		{"a\tb\nc", true, 0, 0},
		{"a\r\nb", true, 0, 0},
		{"a\rb", true, Control, '\r'},
		{"a\r", true, Control, '\r'},
		{"\xff", false, BadUTF8, 0},
		{"a\uFFFDb", false, 0, 0}, // a replacement character that was sent as one
		{"a\u200bb", false, 0, 0}, // invisible, but no control character: Chars refuses it
	} {
		err := Controls(c.s, c.multiline)
		if fault(err) != c.want {
			t.Errorf("Controls(%q, %v) = %v, want fault %d", c.s, c.multiline, err, c.want)
			continue
		}
		if c.want == Control && c.r != 0 && err.(*Error).Rune != c.r {
			t.Errorf("Controls(%q): rune %U, want %U", c.s, err.(*Error).Rune, c.r)
		}
	}
}

func TestName(t *testing.T) {
	nfd := norm.NFD.String("Sở Tư pháp")
	for _, c := range []struct {
		in, want string
		fault    Fault
	}{
		{"  Sở Tư pháp ", "Sở Tư pháp", 0},
		{nfd, "Sở Tư pháp", 0},
		{"Sở Tư\u200b pháp", "", Format},
		{"\u202eSở Tư pháp", "", Format},
		{"Sở\u2066 Tư pháp", "", Format},
		{"Sở\u00adTư", "", Format},
		{"Sở\u2028Tư", "", Format},
		{"Sở\nTư", "", Control},
		{"Sở\x00", "", Control},
		{"   ", "", Empty},
		{"\u3000", "", Empty},
		{"\u0301", "\u0301", 0}, // a lone combining mark is a mark: visible by the rule
		{strings.Repeat("a", 301), "", TooLong},
		{strings.Repeat("ệ", 300), strings.Repeat("ệ", 300), 0},
	} {
		got, err := Name(c.in)
		if fault(err) != c.fault || got != c.want {
			t.Errorf("Name(%q) = %q, %v; want %q, fault %d", c.in, got, err, c.want, c.fault)
		}
	}
}

func TestVisible(t *testing.T) {
	for s, want := range map[string]bool{
		"":             false,
		"   ":          false,
		"\u200b":       false,
		"\u200b\u200d": false,
		"\u00a0\u3000": false,
		"\u2060\ufeff": false,
		"\t\n":         false,
		"a":            true,
		"đ":            true,
		".":            true,
		"1":            true,
		"✓":            true,
		" \u200bx":     true,
	} {
		if got := Visible(s); got != want {
			t.Errorf("Visible(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestNameKey: the three "Sở Tư pháp" of the review (NFC, NFD, with a
// zero-width space) and the capitalised one share a key; other names do not.
func TestNameKey(t *testing.T) {
	want := NameKey("Sở Tư pháp")
	for _, s := range []string{
		norm.NFD.String("Sở Tư pháp"), "Sở Tư\u200b pháp", "SỞ TƯ PHÁP", "sở tư pháp", "Sở  Tư pháp ",
		"Sở Tư pha\u0301p", "\u202dSở Tư pháp", "Ｓở Tư pháp",
	} {
		if got := NameKey(s); got != want {
			t.Errorf("NameKey(%q) = %q, want %q", s, got, want)
		}
	}
	for _, s := range []string{"Sở Tư phap", "So Tu phap", "Sở Tài chính", "Sỏ Tư pháp"} {
		if NameKey(s) == want {
			t.Errorf("NameKey(%q) is the key of Sở Tư pháp", s)
		}
	}
	if NameKey("ĐIỆN BIÊN") != NameKey("điện biên") || NameKey("Đăk Lăk") == NameKey("Dăk Lăk") {
		t.Error("Đ folds to đ, and stays apart from D")
	}
}

// TestCodes: the code patterns are ASCII only, so no control, invisible
// or look-alike character passes, nor a trailing line break.
func TestCodes(t *testing.T) {
	for _, s := range []string{"stp", "STC", "so-tu-phap", "ubnd_tp.lai-chau", strings.Repeat("a", 64)} {
		if !Code(s) {
			t.Errorf("Code(%q) = false", s)
		}
	}
	for _, s := range []string{"", "-a", "a b", "sở", "a\x00", "a\n", "a\u200b", "\u202estp", "stp\t", strings.Repeat("a", 65), "ѕtp"} {
		if Code(s) {
			t.Errorf("Code(%q) = true", s)
		}
	}
	for _, s := range []string{"1", "1.2.3", "A.b"} {
		if !CriterionCode(s) {
			t.Errorf("CriterionCode(%q) = false", s)
		}
	}
	for _, s := range []string{"", "1.", ".1", "1..2", "1.2\n", "1\x00", "1.\u200b2", "1 2"} {
		if CriterionCode(s) {
			t.Errorf("CriterionCode(%q) = true", s)
		}
	}
}

func TestMessages(t *testing.T) {
	_, err := Name("Sở\u200bTư")
	if got := err.Error(); got != "holds the invisible character U+200B (zero-width space)" {
		t.Errorf("message %q", got)
	}
	if e := err.(*Error); e.Fault != Format || e.Rune != '\u200b' {
		t.Errorf("fault %+v", e)
	}
	if got := Controls("a\x00", true).Error(); got != "holds the control character U+0000 (NUL)" {
		t.Errorf("message %q", got)
	}
}

func TestMultiline(t *testing.T) {
	if got := Multiline("Dòng 1\r\nDo\u0300ng 2"); got != "Dòng 1\nDòng 2" {
		t.Errorf("Multiline = %q", got)
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"Sở Tư pháp":         "Sở Tư pháp",
		"Dòng 1\r\nDòng 2\t": "Dòng 1\r\nDòng 2\t",
		"Sở Tư\x00pháp":      `Sở Tư\u0000pháp`,
		"\x1b[2J\u0085":      `\u001B[2J\u0085`,
		"a\xffb":             "a\uFFFDb",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
		if err := Controls(strings.ReplaceAll(Escape(in), "\r", "\n"), true); err != nil {
			t.Errorf("Escape(%q) still %v", in, err)
		}
	}
}
