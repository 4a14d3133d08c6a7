package msg

import (
	"maps"
	"testing"
)

// TestCatalogComplete fails when a key lacks a language or its two texts
// take different arguments.
func TestCatalogComplete(t *testing.T) {
	seen := map[string]int{}
	for _, part := range texts {
		for key := range part {
			if seen[key]++; seen[key] == 2 {
				t.Errorf("%s is in two parts of the catalog", key)
			}
		}
	}
	for key, e := range catalog {
		if e[0] == "" || e[1] == "" {
			t.Errorf("%s: a text is missing (vi %q, en %q)", key, e[0], e[1])
		}
		vi, en := argVerbs(e[0]), argVerbs(e[1]) // by position: %[2]s may reorder
		if !maps.Equal(vi, en) {
			t.Errorf("%s: the Vietnamese text takes %v, the English one %v", key, vi, en)
		}
	}
	for _, s := range []string{"draft", "self_assessment", "appraisal", "finalized", "published"} {
		if !Has("stage." + s) {
			t.Errorf("stage %s has no label", s)
		}
	}
	for _, r := range []string{"admin", "secretariat", "council", "unit"} {
		if !Has("role." + r) {
			t.Errorf("role %s has no label", r)
		}
	}
}

func TestLookup(t *testing.T) {
	if got := T("", "app.progress", "3", "7"); got != "3 trên 7" {
		t.Errorf("default language: %q", got)
	}
	if got := T("en", "app.progress", "3", "7"); got != "3 of 7" {
		t.Errorf("English: %q", got)
	}
	if got := T("fr", "login.title"); got != "Đăng nhập" {
		t.Errorf("an unknown language falls back to Vietnamese: %q", got)
	}
	if got := T("vi", "no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key: %q", got)
	}
}
