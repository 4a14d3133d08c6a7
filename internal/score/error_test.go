package score

import "testing"

// TestStatus: every code stands for one HTTP status, a client error;
// anything else is 0 (the server's own error).
func TestStatus(t *testing.T) {
	seen := map[int]string{}
	for _, code := range []string{EINVALID, EUNPROCESSABLE, ENOTFOUND, ECONFLICT, EUNAUTHORIZED, EFORBIDDEN, ETOOLARGE, EPRECONDITION, ETOOMANY, EUNSUPPORTED} {
		s := Status(code)
		if s < 400 || s > 499 {
			t.Errorf("Status(%q) = %d, want a 4xx", code, s)
		}
		if other, dup := seen[s]; dup {
			t.Errorf("%q and %q both stand for %d", code, other, s)
		}
		seen[s] = code
	}
	if s := Status(""); s != 0 {
		t.Errorf(`Status("") = %d, want 0`, s)
	}
	if s := Status("internal"); s != 0 {
		t.Errorf(`Status("internal") = %d, want 0`, s)
	}
}
