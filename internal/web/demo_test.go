package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/demo"
	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/store/storetest"
)

// TestDemoWorkspace is the README's first minutes in the browser: the
// demo's council member signs in, sees its four units of 2017 with work
// waiting, and resolves an explained remark; the unit's officer sees the
// remark it must answer.
func TestDemoWorkspace(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t)
	if ok, err := demo.LoadWorkspace(context.Background(), st, testHash); err != nil || !ok {
		t.Fatalf("LoadWorkspace = %v, %v", ok, err)
	}
	srv := httptest.NewServer(httpapi.New(st, httpapi.Options{TokenTTL: time.Hour, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PasswordCost: testPasswordCost}))
	t.Cleanup(srv.Close)
	s := &site{t: t, URL: srv.URL, store: st}
	password := map[string]string{}
	for _, a := range demo.Accounts {
		password[a.Username] = a.Password
	}
	council := s.browser()
	if p := council.login("hoidong", password["hoidong"]); p.Status != http.StatusSeeOther {
		t.Fatalf("the demo council member's login: %d", p.Status)
	}
	p := council.get("/app")
	var units []string
	replies := 0
	for _, r := range p.rows() {
		if len(r) == 3 {
			units = append(units, r[0])
			if r[2] != "0" {
				replies++
			}
		}
	}
	if want := []string{"Sở Nội vụ", "Sở Tư pháp", "Sở Xây dựng", "UBND huyện Tam Đường"}; !slices.Equal(units, want) || replies < 2 {
		t.Errorf("the council's 2017 units %v (%d with explanations to reply to), want %v", units, replies, want)
	}
	if !strings.Contains(p.text(), "Đơn vị được phân công, kỳ 2017") {
		t.Errorf("My work has no 2017: %s", p.text())
	}
	list := council.get("/app/periods/2017/remarks")
	if rows := list.rows(); len(rows) < 4 {
		t.Errorf("the council's open remarks of 2017: %v", rows)
	}
	const path = "/app/periods/2017/units/so-tu-phap/remarks"
	if p := council.post(path, url.Values{"action": {"resolve"}, "criterion": {"1.1.1"}, "body": {"Chấp nhận giải trình"}}); p.Status != http.StatusSeeOther {
		t.Errorf("resolving 1.1.1: %d %s", p.Status, text(p.byID("error-summary")))
	}

	unit := s.browser()
	if p := unit.login("sotuphap", password["sotuphap"]); p.Status != http.StatusSeeOther {
		t.Fatalf("the demo unit's login: %d", p.Status)
	}
	counts := myWorkCounts(unit.get("/app"))
	if counts["Tiêu chí chưa tự chấm điểm"] != "0" || counts["Nhận xét chờ giải trình"] == "0" {
		t.Errorf("the demo unit's My work: %v", counts)
	}
	if got := unit.get(path).forms(); !slices.Contains(got, "reply 3.1.3") || slices.Contains(got, "reply 1.1.1") {
		t.Errorf("the demo unit's forms: %v (3.1.3 to answer; 1.1.1 resolved)", got)
	}
	// The open year never reaches a public route; 2016 does.
	for path, want := range map[string]int{"/api/v1/public/periods/2017/results?tier=department": 404, "/api/v1/public/periods/2016/results?tier=department": 200} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, res.StatusCode, want)
		}
	}
	sec := s.browser()
	if p := sec.login("thuky", password["thuky"]); p.Status != http.StatusSeeOther {
		t.Fatalf("the demo secretariat's login: %d", p.Status)
	}
}
