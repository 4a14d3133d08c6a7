package textrule

import "testing"

func TestSlug(t *testing.T) {
	for title, want := range map[string]string{
		"Chỉ số CCHC năm 2016":           "chi-so-cchc-nam-2016",
		"Đánh giá — Sở Tài chính (2017)": "danh-gia-so-tai-chinh-2017",
		"«»": "",
	} {
		if got := Slug(title); got != want {
			t.Errorf("Slug(%q) = %q, want %q", title, got, want)
		}
		if want != "" && !ValidSlug(want) {
			t.Errorf("ValidSlug(%q) = false", want)
		}
	}
	for _, bad := range []string{"", "-a", "a-", "a--b", "Chi-so", "chi so", "chỉ"} {
		if ValidSlug(bad) {
			t.Errorf("ValidSlug(%q) = true", bad)
		}
	}
}
