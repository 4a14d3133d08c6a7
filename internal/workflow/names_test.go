package workflow

import (
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/score"
)

// TestSharedRules: the rules the API and the pages both apply.
func TestSharedRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string // "" for none
	}{
		{"a code", CheckCode("unit", "so-tc_1.2"), ""},
		{"a code with a space", CheckCode("unit", "sở tc"), "unit code"},
		{"a year", CheckYear(2017), ""},
		{"a year too early", CheckYear(1899), "not a plausible"},
		{"a year too late", CheckYear(2201), "not a plausible"},
		{"disabling another", CheckUserChange("admin", "hoidong", true, nil), ""},
		{"disabling oneself", CheckUserChange("admin", "admin", true, nil), "your own account"},
		{"enabling oneself", CheckUserChange("admin", "admin", false, nil), ""},
		{"10,000 units", CheckUserChange("admin", "hd", false, new(make([]string, MaxAssigned))), ""},
		{"10,001 units", CheckUserChange("admin", "hd", false, new(make([]string, MaxAssigned+1))), "at most 10,000"},
	} {
		switch {
		case tc.want == "" && tc.err != nil:
			t.Errorf("%s: %v", tc.name, tc.err)
		case tc.want != "" && (score.ErrorCode(tc.err) != score.EUNPROCESSABLE || !strings.Contains(tc.err.Error(), tc.want)):
			t.Errorf("%s: %v, want a 422 saying %q", tc.name, tc.err, tc.want)
		}
	}
	if n, err := CleanName("tier name", "  Cấp xã "); err != nil || n != "Cấp xã" {
		t.Errorf("CleanName: %q %v", n, err)
	}
	if _, err := CleanName("tier name", "Cấp\u202exã"); err == nil {
		t.Error("CleanName took a bidi override")
	}
	if r, err := CheckReason("  lý do  "); err != nil || r != "lý do" {
		t.Errorf("CheckReason: %q %v", r, err)
	}
	if _, err := CheckReason("\u200b"); err == nil {
		t.Error("CheckReason took an invisible reason")
	}
	if DefaultPeriodTitle(2017) != "Chỉ số cải cách hành chính năm 2017" {
		t.Error(DefaultPeriodTitle(2017))
	}
}
