package httpapi

import (
	"net/http"
	"testing"
)

// TestErrorLanguage: the same refusal reads in English by default and in
// Vietnamese when Accept-Language prefers it (q-values weigh), with the
// same code and the same located problems: an over-maximum score, a stage
// move refused, a workbook import with a bad cell.
func TestErrorLanguage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	over := map[string]any{"scores": []map[string]any{{"unit": "tt", "criterion": "1.1", "points": 10.5}}}
	tpl := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/scores/template.xlsx?tier=department", ts.admin, nil)
	bad := append([]entered(nil), councilScores...)
	bad[6] = entered{"stp", "1.2.1", "6,5", false, ""} // 1.2.1 is worth at most 5.25
	book := fill(t, tpl.Body, bad)

	type answer struct {
		status           int
		message, problem string
	}
	send := func(lang, what string) (errorDetail, int) {
		t.Helper()
		h := map[string]string{}
		if lang != "" {
			h["Accept-Language"] = lang
		}
		var r response
		switch what {
		case "score":
			r = ts.doWith("PUT", "/api/v1/periods/2016/scores", ts.admin, over, h)
		case "stage":
			r = ts.doWith("POST", "/api/v1/periods/2016/stage", ts.admin, map[string]any{"stage": "draft"}, h)
		case "import":
			vi := *ts
			vi.lang = lang
			r = vi.upload("POST", "/api/v1/periods/2016/scores/import", ts.admin, book, false)
		}
		return refusal(t, r), r.Status
	}
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2016/stage", ts.admin, map[string]any{"stage": "self_assessment"})

	cases := []struct {
		what   string
		en, vi answer
	}{
		{"score",
			answer{422, "no score was saved: 1 of 1 scores are refused", "unit tt, criterion 1.1: points 10.5 is outside 0..10 (the criterion's maximum)"},
			answer{422, "Không lưu điểm nào: 1 trên 1 điểm bị từ chối", "đơn vị tt, tiêu chí 1.1: điểm thẩm định 10,5 nằm ngoài khoảng 0..10 (điểm tối đa của tiêu chí)"}},
		{"stage",
			answer{422, "reopening period 2016 (from Self-assessment back to Draft) needs a reason (visible text, not only spaces or invisible characters)", ""},
			answer{422, "Mở lại kỳ đánh giá 2016 (từ giai đoạn Tự đánh giá về Chuẩn bị) cần lý do (chữ nhìn thấy được, không chỉ dấu cách hay ký tự ẩn)", ""}},
		{"import",
			answer{422, "No score was imported: 1 cells of the file are not valid; correct the cells listed and send the file again", "Cell E10: 6.5 is over the maximum 5.25 of criterion 1.2.1 – sheet Sở Tư pháp"},
			answer{422, "Không nhập điểm nào: 1 ô của tệp không hợp lệ; sửa các ô được nêu rồi gửi lại", "Ô E10: 6,5 vượt điểm tối đa 5,25 của tiêu chí 1.2.1 – trang Sở Tư pháp"}},
	}
	for _, tc := range cases {
		for _, l := range []struct {
			header string
			want   answer
		}{
			{"", tc.en}, {"en-US,en;q=0.9", tc.en}, {"fr-FR, en;q=0.8, vi;q=0.5", tc.en}, {"xx;;q=nonsense", tc.en},
			{"vi", tc.vi}, {"vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", tc.vi}, {"en;q=0.3, vi;q=0.7", tc.vi}, {"fr, vi;q=0.5", tc.vi},
		} {
			d, status := send(l.header, tc.what)
			if status != l.want.status || d.Code != "unprocessable" || d.Message != l.want.message {
				t.Errorf("%s, Accept-Language %q: %d %s %q, want %d %q", tc.what, l.header, status, d.Code, d.Message, l.want.status, l.want.message)
			}
			if l.want.problem == "" {
				continue
			}
			if len(d.Details) != 1 || d.Details[0].Message != l.want.problem {
				t.Errorf("%s, Accept-Language %q: details %+v, want one %q", tc.what, l.header, d.Details, l.want.problem)
				continue
			}
			// The problem is located the same in every language.
			p := d.Details[0]
			switch tc.what {
			case "score":
				if p.Unit != "tt" || p.Criterion != "1.1" || p.Field != "points" || p.Value != "10.5" || p.Bound != "10" || p.Index == nil || *p.Index != 0 {
					t.Errorf("score problem %+v", p.Problem)
				}
			case "import":
				if p.Unit != "stp" || p.Criterion != "1.2.1" || p.Field != "'Sở Tư pháp'!E10" || p.Cell != "'Sở Tư pháp'!E10" || p.Value != "6.5" || p.Bound != "5.25" {
					t.Errorf("import problem %+v", p.Problem)
				}
			}
		}
	}
}
