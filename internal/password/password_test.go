package password

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	if n := CommonCount(); n < 10_000 {
		t.Fatalf("only %d common passwords", n)
	}
	for _, tc := range []struct{ user, pw, want string }{
		{"thuky", strings.Repeat(" ", 8), "only spaces"},
		{"thuky", strings.Repeat(" ", 12), "only spaces"},
		{"thuky", "\t\n \u00a0\u3000         ", "only spaces"},
		{"thuky", "12345678", "at least 10"},
		{"thuky", "password", "at least 10"},
		{"thuky", "  short1  ", "at least 10"},
		{"thuky", "1234567890", "most common"},
		{"thuky", "QwertyUiop", "most common"},
		{"thuky", "password123", "most common"},
		{"thuky", " manchester ", "most common"},
		{"thuky", "aaaaaaaaaaaa", "repeated"},
		{"nguyen.van.an", "Nguyen.Van.An", "the username"},
		{"thuky", strings.Repeat("ă", 25), "repeated"},
		{"thuky", strings.Repeat("ab", 37), "at most 72 bytes"},
		{"thuky", "\xff\xfe-not-utf8-at-all", "UTF-8"},
	} {
		err := Check(tc.user, tc.pw)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Check(%q, %q) = %v, want it to say %q", tc.user, tc.pw, err, tc.want)
		}
	}
	for _, ok := range []string{"admin-password-1", "Sở Nội vụ 2016", "correct horse battery", "password-tt"} {
		if err := Check("thuky", ok); err != nil {
			t.Errorf("Check(%q): %v", ok, err)
		}
	}
}
