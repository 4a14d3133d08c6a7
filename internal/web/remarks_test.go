package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/parindex/parindex/internal/httpapi"
)

const remarksPath = "/app/periods/2026/units/tt/remarks"

// forms lists a page's thread forms as "action criterion".
func (p page) forms() []string {
	var out []string
	for _, f := range p.all("form") {
		var action, criterion string
		for _, in := range under(f, "input") {
			switch attr(in, "name") {
			case "action":
				action = attr(in, "value")
			case "criterion":
				criterion = attr(in, "value")
			}
		}
		if action != "" {
			out = append(out, strings.TrimSpace(action+" "+criterion))
		}
	}
	return out
}

// threadText is the text of a thread's details element.
func (p page) threadText(id string) string {
	n := p.byID(id)
	if n == nil {
		return ""
	}
	return text(n)
}

// moreUsers adds a council member assigned to stc only and stc's user.
func (s *site) moreUsers() {
	s.t.Helper()
	for _, u := range []map[string]string{{"username": "hoidong-stc", "role": "council"}, {"username": "stc-user", "role": "unit", "unit": "stc"}} {
		u["password"] = pw
		s.api(http.StatusCreated, "POST", "/api/v1/users", s.admin, u, nil)
	}
	s.api(http.StatusOK, "PATCH", "/api/v1/users/hoidong-stc", s.admin, map[string]any{"units": []string{"stc"}}, nil)
}

// TestRemarksPerRole: what each role sees and may do on tt's threads in
// appraisal (1.1: explained, waits for the council; 2.1: waits for the
// unit).
func TestRemarksPerRole(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	s.moreUsers()
	for _, tc := range []struct {
		user   string
		status int
		forms  []string
		why    bool // a thread says why the user writes nothing
	}{
		{"tt-user", 200, []string{"reply 1.1", "reply 2.1"}, false},
		{"hoidong", 200, []string{"reply 1.1", "resolve 1.1", "reply 2.1", "resolve 2.1", "new"}, false},
		{"thuky", 200, []string{"reply 1.1", "resolve 1.1", "reply 2.1", "resolve 2.1", "new"}, false},
		{"admin", 200, []string{"reply 1.1", "resolve 1.1", "reply 2.1", "resolve 2.1", "new"}, false},
		{"hoidong-stc", 200, nil, true},
		{"stc-user", 403, nil, false},
	} {
		t.Run(tc.user, func(t *testing.T) {
			b := s.browser()
			b.mustLogin(tc.user)
			p := b.get(remarksPath)
			if p.Status != tc.status {
				t.Fatalf("%s: %d, want %d", remarksPath, p.Status, tc.status)
			}
			if tc.status != 200 {
				return
			}
			if got := p.forms(); !slices.Equal(got, tc.forms) {
				t.Errorf("forms %v, want %v", got, tc.forms)
			}
			if h := text(p.all("h1")[0]); h != "Nhận xét và giải trình: Thanh tra tỉnh" {
				t.Errorf("h1 %q", h)
			}
			t11, t21 := p.threadText("thread-1-1"), p.threadText("thread-2-1")
			if !strings.Contains(t11, "Kế hoạch ban hành chậm") || !strings.Contains(t11, "Đã ban hành đúng hạn") || !strings.Contains(t11, "Chờ hội đồng phản hồi") {
				t.Errorf("thread 1.1: %s", t11)
			}
			if !strings.Contains(t21, "Thiếu báo cáo rà soát") || !strings.Contains(t21, "Chờ đơn vị giải trình") || !strings.Contains(t21, "Đang mở") {
				t.Errorf("thread 2.1: %s", t21)
			}
			if why := len(findClass(p.Doc, "why")) > 0; why != tc.why {
				t.Errorf("a thread says why not: %v, want %v", why, tc.why)
			}
			if tc.user == "tt-user" {
				if l := p.byID("body-2-1"); l == nil || attr(l, "name") != "body" {
					t.Error("the unit's explanation field of 2.1 is missing")
				}
				if lbl := labelFor(p, "body-2-1"); lbl != "Giải trình của đơn vị" {
					t.Errorf("the explanation's label %q", lbl)
				}
			}
		})
	}
	// ?criterion= opens that thread and only that one.
	b := s.browser()
	b.mustLogin("tt-user")
	if p := b.get(remarksPath + "?lang=en"); text(p.all("h1")[0]) != "Remarks and explanations: Thanh tra tỉnh" || !strings.Contains(p.threadText("thread-2-1"), "Awaiting the unit's explanation") {
		t.Errorf("in English: %s", p.text())
	}
	b.get("/app?lang=vi")
	p := b.get(remarksPath + "?criterion=2.1")
	if !hasAttr(p.byID("thread-2-1"), "open") || hasAttr(p.byID("thread-1-1"), "open") {
		t.Error("?criterion=2.1 does not open only thread 2.1")
	}
	// The council starts a thread on 1.2.2 from ?criterion=1.2.2: the criterion is chosen.
	c := s.browser()
	c.mustLogin("hoidong")
	p = c.get(remarksPath + "?criterion=1.2.2")
	var selected string
	for _, o := range under(p.byID("new-criterion"), "option") {
		if hasAttr(o, "selected") {
			selected = attr(o, "value")
		}
	}
	if selected != "1.2.2" {
		t.Errorf("the new remark's criterion is %q, want 1.2.2", selected)
	}
}

func labelFor(p page, id string) string {
	for _, l := range p.all("label") {
		if attr(l, "for") == id {
			return text(l)
		}
	}
	return ""
}

func findClass(root *html.Node, class string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && slices.Contains(strings.Fields(attr(n, "class")), class) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

// TestRemarksFlow: the unit explains, the council resolves and reopens;
// refusals show the page again with what was typed and the message at
// the field; My work and the list count open threads by the same rule.
func TestRemarksFlow(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	unit, council := s.browser(), s.browser()
	unit.mustLogin("tt-user")
	council.mustLogin("hoidong")

	// An empty explanation: 422, the summary links to the field, which says why.
	p := unit.post(remarksPath, url.Values{"action": {"reply"}, "criterion": {"2.1"}, "body": {"   "}})
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("an empty explanation: %d", p.Status)
	}
	checkRefusal(t, p, "body-2-1", "")
	long := strings.Repeat("giải trình ", 400) // 4,400 characters
	p = unit.post(remarksPath, url.Values{"action": {"reply"}, "criterion": {"2.1"}, "body": {long}})
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a long explanation: %d", p.Status)
	}
	checkRefusal(t, p, "body-2-1", long)

	// The explanation: back to the thread, which now waits for the council.
	p = unit.post(remarksPath, url.Values{"action": {"reply"}, "criterion": {"2.1"}, "body": {"Đã bổ sung báo cáo rà soát số 12/BC"}})
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != remarksPath+"?criterion=2.1#thread-2-1" {
		t.Fatalf("the explanation: %d %s", p.Status, p.Header.Get("Location"))
	}
	if got := unit.get(remarksPath).threadText("thread-2-1"); !strings.Contains(got, "Đã bổ sung báo cáo rà soát số 12/BC") || !strings.Contains(got, "Chờ hội đồng phản hồi") {
		t.Errorf("after the explanation: %s", got)
	}
	if got := myWorkCounts(unit.get("/app")); got["Nhận xét chờ giải trình"] != "0" {
		t.Errorf("the unit's My work after explaining: %v", got)
	}
	if rows := council.get("/app").rows(); len(rows) == 0 || rows[0][2] != "2" {
		t.Errorf("the council's My work: %v, want 2 explanations awaiting its reply", rows)
	}

	// The unit may not resolve: 403 with the page again.
	if p := unit.post(remarksPath, url.Values{"action": {"resolve"}, "criterion": {"1.1"}}); p.Status != http.StatusForbidden || p.byID("error-summary") == nil {
		t.Errorf("the unit resolving: %d", p.Status)
	}
	// The council resolves 1.1.
	p = council.post(remarksPath, url.Values{"action": {"resolve"}, "criterion": {"1.1"}, "body": {"Chấp nhận giải trình"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("resolving: %d %s", p.Status, p.Body)
	}
	p = unit.get(remarksPath)
	if got := p.threadText("thread-1-1"); !strings.Contains(got, "Đã giải quyết") || !strings.Contains(got, "Chấp nhận giải trình") {
		t.Errorf("the resolved thread: %s", got)
	}
	if got := p.forms(); !slices.Equal(got, []string{"reply 2.1"}) {
		t.Errorf("the unit's forms after the resolve: %v, want only 2.1's", got)
	}
	// A stale page: the unit explains on the resolved thread; 409, the text kept.
	p = unit.do("POST", remarksPath, url.Values{"form_token": {p.formToken()}, "action": {"reply"}, "criterion": {"1.1"}, "body": {"Bổ sung thêm"}})
	if p.Status != http.StatusConflict || !strings.Contains(text(p.byID("error-summary")), "Bổ sung thêm") {
		t.Errorf("an explanation on a resolved thread: %d %s", p.Status, text(p.byID("error-summary")))
	}
	if links := under(p.byID("error-summary"), "a"); len(links) != 1 || attr(links[0], "href") != "#thread-1-1" {
		t.Errorf("the summary should lead to the thread: %v", links)
	}
	// The list: 1.1 is gone, 2.1 waits for the council.
	list := council.get("/app/periods/2026/remarks")
	if rows := list.rows(); len(rows) != 1 || !strings.HasPrefix(rows[0][0], "2.1 ") || rows[0][1] != "Thanh tra tỉnh" || rows[0][2] != "Chờ hội đồng phản hồi" {
		t.Errorf("the council's open remarks: %v", rows)
	}
	// Reopening needs a reason, kept with the message at its field.
	p = council.post(remarksPath, url.Values{"action": {"reopen"}, "criterion": {"1.1"}, "body": {""}})
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("reopening without a reason: %d", p.Status)
	}
	checkRefusal(t, p, "reopen-1-1", "")
	if p := council.post(remarksPath, url.Values{"action": {"reopen"}, "criterion": {"1.1"}, "body": {"Chưa có văn bản kèm theo"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("reopening: %d", p.Status)
	}
	if rows := unit.get("/app/periods/2026/remarks").rows(); len(rows) != 2 || !strings.HasPrefix(rows[0][0], "1.1 ") {
		t.Errorf("the unit's open remarks after the reopening: %v", rows)
	}
	// The API's audit has the resolve and the reopen, by the council member.
	var audit struct {
		Entries []struct {
			Actor, Field, Criterion string
			OldValue                string `json:"old_value"`
			NewValue                string `json:"new_value"`
		} `json:"entries"`
	}
	s.api(http.StatusOK, "GET", "/api/v1/audit?year=2026&unit=tt&entity=remark&limit=10", s.admin, nil, &audit)
	var changes []string
	for _, a := range audit.Entries {
		if a.Field == "status" {
			changes = append(changes, fmt.Sprintf("%s %s %s→%s", a.Actor, a.Criterion, a.OldValue, a.NewValue))
		}
	}
	if want := []string{"hoidong 1.1 resolved→open", "hoidong 1.1 open→resolved"}; !slices.Equal(changes, want) {
		t.Errorf("audited status changes %v, want %v", changes, want)
	}
	// A form posted without the session's token changes nothing.
	if p := council.do("POST", remarksPath, url.Values{"action": {"resolve"}, "criterion": {"2.1"}}); p.Status != http.StatusForbidden {
		t.Errorf("a post without the form token: %d", p.Status)
	}
}

// checkRefusal: the error summary links to the field, which is invalid,
// described by its message, and holds what was typed.
func checkRefusal(t *testing.T, p page, id, typed string) {
	t.Helper()
	summary := p.byID("error-summary")
	if summary == nil || attr(summary, "role") != "alert" {
		t.Fatalf("no error summary: %s", p.Body)
	}
	if links := under(summary, "a"); len(links) != 1 || attr(links[0], "href") != "#"+id {
		t.Errorf("the summary's links: %v, want one to #%s", text(summary), id)
	}
	f := p.byID(id)
	if f == nil {
		t.Fatalf("no field %s", id)
	}
	if attr(f, "aria-invalid") != "true" || !strings.Contains(attr(f, "aria-describedby"), id+"-error") || p.byID(id+"-error") == nil {
		t.Errorf("field %s: aria-invalid %q, aria-describedby %q", id, attr(f, "aria-invalid"), attr(f, "aria-describedby"))
	}
	if typed != "" && text(f) != strings.Join(strings.Fields(typed), " ") {
		t.Errorf("field %s does not keep what was typed", id)
	}
}

func myWorkCounts(p page) map[string]string {
	out := map[string]string{}
	for _, d := range p.all("div") {
		if dt := under(d, "dt"); len(dt) == 1 {
			out[text(dt[0])] = text(under(d, "dd")[0])
		}
	}
	return out
}

// TestRemarksPerStage: before appraisal the council writes nothing and
// the secretariat may; once finalized nobody writes, and a post is
// refused with the page again.
func TestRemarksPerStage(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	staff, council, unit := s.browser(), s.browser(), s.browser()
	staff.mustLogin("thuky")
	council.mustLogin("hoidong")
	unit.mustLogin("tt-user")
	s.api(http.StatusOK, "POST", "/api/v1/periods/2026/stage", s.admin, map[string]any{"stage": "self_assessment", "reason": "kiểm thử giai đoạn"}, nil)
	if got := council.get(remarksPath).forms(); len(got) != 0 {
		t.Errorf("the council's forms in self-assessment: %v", got)
	}
	if got := unit.get(remarksPath).forms(); len(got) != 0 {
		t.Errorf("the unit's forms in self-assessment: %v", got)
	}
	if got := staff.get(remarksPath).forms(); !slices.Contains(got, "resolve 1.1") || !slices.Contains(got, "new") {
		t.Errorf("the secretariat's forms in self-assessment: %v", got)
	}
	if p := council.post(remarksPath, url.Values{"action": {"resolve"}, "criterion": {"1.1"}}); p.Status != http.StatusConflict || p.byID("error-summary") == nil {
		t.Errorf("the council resolving in self-assessment: %d", p.Status)
	}
	s.api(http.StatusOK, "POST", "/api/v1/periods/2026/stage", s.admin, map[string]any{"stage": "finalized", "force": true, "reason": "kiểm thử giai đoạn"}, nil)
	for _, b := range []*browser{staff, council, unit} {
		p := b.get(remarksPath)
		if got := p.forms(); len(got) != 0 {
			t.Errorf("forms in a finalized period: %v", got)
		}
		if len(findClass(p.Doc, "why")) != 2 {
			t.Errorf("the threads of a finalized period do not say why nothing can be written")
		}
	}
	p := staff.post(remarksPath, url.Values{"action": {"new"}, "criterion": {"1.1"}, "body": {"Sau khi chốt"}})
	if p.Status != http.StatusConflict || p.byID("error-summary") == nil || !strings.Contains(text(p.byID("error-summary")), "Sau khi chốt") {
		t.Errorf("a remark after finalizing: %d", p.Status)
	}
	_, remarks, err := s.store.Threads(t.Context(), 2026, "tt")
	if err != nil || len(remarks) != 3 {
		t.Errorf("the refused posts wrote: %d entries, %v", len(remarks), err)
	}
	// The list is the same in every stage: it reads.
	if rows := staff.get("/app/periods/2026/remarks").rows(); len(rows) != 2 {
		t.Errorf("the secretariat's open remarks: %v", rows)
	}
}

// TestOpenRemarksPerRole: the unit sees its own, a council member its
// assigned units', the secretariat every unit's; each row links to its
// thread.
func TestOpenRemarksPerRole(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	s.moreUsers()
	council := s.token("hoidong-stc")
	s.api(http.StatusCreated, "POST", "/api/v1/periods/2026/units/stc/remarks", council, map[string]any{"criterion": "1.1", "body": "Chưa đạt"}, nil)
	for _, tc := range []struct {
		user  string
		units []string
	}{
		{"tt-user", []string{"Thanh tra tỉnh", "Thanh tra tỉnh"}},
		{"stc-user", []string{"Sở Tài chính"}},
		{"hoidong", []string{"Thanh tra tỉnh", "Thanh tra tỉnh"}},
		{"hoidong-stc", []string{"Sở Tài chính"}},
		{"thuky", []string{"Sở Tài chính", "Thanh tra tỉnh", "Thanh tra tỉnh"}}, // the period's order
	} {
		b := s.browser()
		b.mustLogin(tc.user)
		p := b.get("/app/periods/2026/remarks")
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", tc.user, p.Status)
		}
		var units []string
		for _, r := range p.rows() {
			units = append(units, r[1])
		}
		if !slices.Equal(units, tc.units) {
			t.Errorf("%s sees %v, want %v", tc.user, units, tc.units)
		}
		for _, a := range under(p.all("table")[0], "a") {
			if h := attr(a, "href"); !strings.HasPrefix(h, "/app/periods/2026/units/") || !strings.Contains(h, "/remarks?criterion=") {
				t.Errorf("%s: a row links to %s", tc.user, h)
			}
		}
	}
	b := s.browser()
	b.mustLogin("tt-user")
	if p := b.get("/app/periods/2999/remarks"); p.Status != http.StatusNotFound {
		t.Errorf("a period that does not exist: %d", p.Status)
	}
	if p := b.get("/app/periods/2026/units/nope/remarks"); p.Status != http.StatusForbidden {
		t.Errorf("another unit's page for a unit user: %d", p.Status)
	}
	a := s.browser()
	a.mustLogin("thuky")
	if p := a.get("/app/periods/2026/units/nope/remarks"); p.Status != http.StatusNotFound {
		t.Errorf("a unit that is not in the period: %d", p.Status)
	}
	// My work links to the list.
	p := b.get("/app")
	found := false
	for _, l := range p.all("a") {
		found = found || attr(l, "href") == "/app/periods/2026/remarks"
	}
	if !found {
		t.Error("My work does not link to the open remarks")
	}
}
