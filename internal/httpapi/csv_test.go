package httpapi

import "testing"

func TestInertCell(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Sở Tài chính":             "Sở Tài chính",
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+1+1":                     "'+1+1",
		"@SUM(A1)":                 "'@SUM(A1)",
		"-88.21":                   "-88.21",
		"-cmd":                     "'-cmd",
		"":                         "",
	} {
		if got := inertCell(in); got != want {
			t.Errorf("inertCell(%q) = %q, want %q", in, got, want)
		}
	}
}
