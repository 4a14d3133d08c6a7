package web_test

import (
	"golang.org/x/net/html"

	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/httpapi"
)

// TestMyWorkPerRole: each role sees the periods with their stage label
// and deadline, and what waits for it.
func TestMyWorkPerRole(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	period := []string{"2026", "Chỉ số CCHC năm 2026", "Thẩm định", "30/6/2027"}

	unit := s.browser()
	unit.mustLogin("tt-user")
	p := unit.get("/app")
	if p.Status != http.StatusOK {
		t.Fatalf("/app: %d %s", p.Status, p.Body)
	}
	if h := text(p.all("h1")[0]); h != "Việc của tôi" {
		t.Errorf("h1 %q", h)
	}
	if !slices.ContainsFunc(p.rows(), func(r []string) bool { return slices.Equal(r, period) }) {
		t.Errorf("the unit's periods: %v", p.rows())
	}
	var counts []string
	for _, d := range p.all("div") {
		if dt := under(d, "dt"); len(dt) == 1 {
			counts = append(counts, text(dt[0])+"="+text(under(d, "dd")[0]))
		}
	}
	if want := []string{"Tiêu chí chưa tự chấm điểm=2", "Nhận xét chờ giải trình=1"}; !slices.Equal(counts, want) {
		t.Errorf("the unit's work: %v, want %v", counts, want)
	}
	if !strings.Contains(p.text(), "Đăng nhập với tên tt-user (Cán bộ đơn vị)") {
		t.Errorf("the signed-in line is missing: %s", p.text())
	}

	council := s.browser()
	council.mustLogin("hoidong")
	p = council.get("/app")
	rows := p.rows()
	if want := [][]string{{"Thanh tra tỉnh", "2 trên 4", "1"}, period}; !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("the council's units: %v, want %v (only its assigned unit; the survey's leaf not counted; the unit's explanation of 1.1 waits for a reply)", rows, want)
	}
	if strings.Contains(p.text(), "Sở Tài chính") {
		t.Error("the council member sees a unit it is not assigned")
	}

	staff := s.browser()
	staff.mustLogin("thuky")
	p = staff.get("/app")
	if rows := p.rows(); !slices.EqualFunc(rows, [][]string{period}, slices.Equal) || !strings.Contains(p.text(), "Văn phòng") {
		t.Errorf("the secretariat's home: %v %s", rows, p.text())
	}
	if strings.Contains(p.text(), "Tiêu chí đã thẩm định") || strings.Contains(p.text(), "chờ giải trình") {
		t.Error("the secretariat sees another role's work")
	}
}

// TestMyWorkGolden keeps the council member's /app as a golden file.
func TestMyWorkGolden(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	b := s.browser()
	b.mustLogin("hoidong")
	p := b.get("/app")
	body := regexp.MustCompile(`name="form_token" value="[^"]+"`).ReplaceAll(p.Body, []byte(`name="form_token" value="TOKEN"`))
	golden(t, "app-council.golden.html", body)
}

// TestLoginForm: the form's labels and the refusals' messages in
// Vietnamese, tied to the field, with what was typed kept.
func TestLoginForm(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	b := s.browser()
	p := b.get("/login")
	if p.Status != http.StatusOK || attr(p.all("html")[0], "lang") != "vi" || text(p.all("h1")[0]) != "Đăng nhập" {
		t.Fatalf("/login: %d %s", p.Status, p.Body)
	}
	for _, id := range []string{"username", "password"} {
		if l := p.all("label"); !slices.ContainsFunc(l, func(n *html.Node) bool { return attr(n, "for") == id }) {
			t.Errorf("no label for %s", id)
		}
	}
	if len(p.all("a")) == 0 || attr(p.all("a")[0], "href") != "#main" || p.byID("main") == nil {
		t.Error("the page does not start with a skip link to #main")
	}

	// Empty: both fields' messages, 422.
	p = b.do("POST", "/login", url.Values{"form_token": {p.formToken()}})
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("empty form: %d", p.Status)
	}
	summary := p.byID("error-summary")
	if summary == nil || attr(summary, "role") != "alert" {
		t.Fatalf("no error summary with role=alert: %s", p.Body)
	}
	var links []string
	for _, a := range under(summary, "a") {
		links = append(links, attr(a, "href")+" "+text(a))
	}
	if want := []string{"#username Hãy nhập tên đăng nhập.", "#password Hãy nhập mật khẩu."}; !slices.Equal(links, want) {
		t.Errorf("summary links %v, want %v", links, want)
	}

	// Wrong password: 401, the message at the username, the username kept.
	p = b.login("tt-user", "not-the-password")
	if p.Status != http.StatusUnauthorized || !strings.Contains(p.text(), "Tên đăng nhập hoặc mật khẩu không đúng.") {
		t.Fatalf("wrong password: %d %s", p.Status, p.text())
	}
	in := p.byID("username")
	if attr(in, "value") != "tt-user" || attr(in, "aria-invalid") != "true" || attr(in, "aria-describedby") != "username-error" || p.byID("username-error") == nil {
		t.Errorf("the username field after a refusal: %v", in.Attr)
	}
	if attr(p.byID("password"), "value") != "" {
		t.Error("the password is sent back")
	}

	// The API login's throttle counts the form's failures: five in all lock
	// the account from this address, with the wait in Vietnamese.
	for range 4 {
		b.login("tt-user", "not-the-password")
	}
	p = b.login("tt-user", pw)
	if p.Status != http.StatusTooManyRequests || !strings.Contains(p.text(), "Hãy thử lại sau") || p.Header.Get("Retry-After") == "" {
		t.Fatalf("the sixth try: %d %s", p.Status, p.text())
	}
	s.api(http.StatusTooManyRequests, "POST", "/api/v1/auth/login", "", map[string]string{"username": "tt-user", "password": pw}, nil)
	var audit struct {
		Entries []struct{ Action string } `json:"entries"`
	}
	s.api(http.StatusOK, "GET", "/api/v1/audit?entity=session", s.admin, nil, &audit)
	failed := 0
	for _, e := range audit.Entries {
		if e.Action == "login_failed" {
			failed++
		}
	}
	if failed < 5 {
		t.Errorf("the form's failures are not audited as the API's: %d login_failed entries (%+v)", failed, audit.Entries)
	}

	// English on the switch, remembered.
	p = b.get("/login?lang=en")
	if attr(p.all("html")[0], "lang") != "en" || text(p.all("h1")[0]) != "Log in" {
		t.Errorf("?lang=en: %s", p.Body)
	}
	if p = b.get("/login"); text(p.all("h1")[0]) != "Log in" {
		t.Error("the language is not remembered")
	}
}

// TestSessions: the cookie's attributes, rotation at login, and the
// session's end at logout and when the user is disabled.
func TestSessions(t *testing.T) {
	t.Parallel()
	_, local, _ := net.ParseCIDR("127.0.0.0/8")
	s := newSite(t, httpapi.Options{TrustedProxies: []*net.IPNet{local}})
	s.fixture()
	b := s.browser()
	if p := b.get("/app"); p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/login" {
		t.Fatalf("signed out, /app: %d %s", p.Status, p.Header.Get("Location"))
	}
	p := b.login("tt-user", pw)
	ck := sessionCookie(t, p)
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure {
		t.Errorf("the session cookie over plain HTTP: %+v", ck)
	}
	first := ck.Value
	// Signing in again from the same browser gives a new id; the old one is dead.
	p = b.login("tt-user", pw)
	if sessionCookie(t, p).Value == first {
		t.Fatal("the session id was not rotated at login")
	}
	stale := s.browser()
	stale.hdr["Cookie"] = "parindex_session=" + first
	if p := stale.get("/app"); p.Status != http.StatusSeeOther {
		t.Errorf("the replaced session still opens /app: %d", p.Status)
	}
	if p := b.get("/app"); p.Status != http.StatusOK {
		t.Fatalf("/app: %d", p.Status)
	}
	// Logout ends it.
	p = b.do("POST", "/logout", url.Values{"form_token": {b.get("/app").formToken()}})
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/login" {
		t.Fatalf("logout: %d", p.Status)
	}
	if p := b.get("/app"); p.Status != http.StatusSeeOther {
		t.Errorf("after logout /app: %d", p.Status)
	}

	// Behind the trusted proxy over HTTPS the cookie is Secure; the same
	// header from anyone else is not believed (see httpapi's viaHTTPS).
	b.hdr["X-Forwarded-Proto"] = "https"
	if ck := sessionCookie(t, b.login("tt-user", pw)); !ck.Secure {
		t.Errorf("behind the trusted proxy over HTTPS the cookie is not Secure: %+v", ck)
	}
	delete(b.hdr, "X-Forwarded-Proto")

	// Disabling the user ends its session.
	b.mustLogin("tt-user")
	s.api(http.StatusOK, "PATCH", "/api/v1/users/tt-user", s.admin, map[string]any{"active": false, "reason": "left"}, nil)
	if p := b.get("/app"); p.Status != http.StatusSeeOther {
		t.Errorf("a disabled user's session still opens /app: %d", p.Status)
	}
}

func TestUntrustedForwardedProto(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	b := s.browser()
	b.hdr["X-Forwarded-Proto"] = "https"
	if ck := sessionCookie(t, b.login("hoidong", pw)); ck.Secure {
		t.Error("X-Forwarded-Proto from a client that is no trusted proxy made the cookie Secure")
	}
}

func sessionCookie(t *testing.T, p page) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: p.Header}).Cookies() {
		if c.Name == "parindex_session" && c.Value != "" {
			return c
		}
	}
	t.Fatalf("no session cookie set: %d %v %s", p.Status, p.Header, p.Body)
	return nil
}

// TestCrossSitePosts: a POST another site makes the browser send is 403,
// whether it says so (Sec-Fetch-Site) or only shows its Origin, and a POST
// without the form's token is 403 too; none of them logs out.
func TestCrossSitePosts(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	b := s.browser()
	b.mustLogin("hoidong")
	tok := b.get("/app").formToken()
	if tok == "" {
		t.Fatal("the logout form has no token")
	}
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Origin": "http://evil.example"},
	} {
		for k, v := range h {
			b.hdr[k] = v
		}
		if p := b.do("POST", "/logout", url.Values{"form_token": {tok}}); p.Status != http.StatusForbidden || !strings.Contains(p.text(), "trang web khác") {
			t.Errorf("cross-site logout with %v: %d %s", h, p.Status, p.text())
		}
		if p := b.do("POST", "/login", url.Values{"form_token": {tok}, "username": {"hoidong"}, "password": {pw}}); p.Status != http.StatusForbidden {
			t.Errorf("cross-site login with %v: %d", h, p.Status)
		}
		for k := range h {
			delete(b.hdr, k)
		}
	}
	for _, bad := range []url.Values{{}, {"form_token": {"forged"}}} {
		if p := b.do("POST", "/logout", bad); p.Status != http.StatusForbidden || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			t.Errorf("logout with form %v: %d %s", bad, p.Status, p.Header.Get("Content-Type"))
		}
	}
	if p := b.get("/app"); p.Status != http.StatusOK {
		t.Fatalf("a refused POST ended the session: %d", p.Status)
	}
	// The same-site form works.
	b.hdr["Sec-Fetch-Site"] = "same-origin"
	b.hdr["Origin"] = s.URL
	if p := b.do("POST", "/logout", url.Values{"form_token": {tok}}); p.Status != http.StatusSeeOther {
		t.Errorf("same-site logout: %d %s", p.Status, p.Body)
	}
	// The login form needs its own token.
	fresh := s.browser()
	if p := fresh.do("POST", "/login", url.Values{"username": {"hoidong"}, "password": {pw}}); p.Status != http.StatusForbidden {
		t.Errorf("a login without the form's token: %d", p.Status)
	}
}

// TestStaticAssets: the page links its assets by content hash, served
// with a year's immutable cache; anything else under /static/ is 404.
func TestStaticAssets(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	b := s.browser()
	p := b.get("/login")
	var refs []string
	for _, l := range p.all("link") {
		refs = append(refs, attr(l, "href"))
	}
	for _, sc := range p.all("script") {
		refs = append(refs, attr(sc, "src"))
		if !hasAttr(sc, "defer") {
			t.Error("the script is not deferred")
		}
	}
	if len(refs) != 2 {
		t.Fatalf("assets %v", refs)
	}
	fp := regexp.MustCompile(`^/static/app\.[0-9a-f]{12}\.(css|js)$`)
	for _, r := range refs {
		if !fp.MatchString(r) {
			t.Errorf("asset %s is not fingerprinted", r)
		}
		a := b.get(r)
		if a.Status != http.StatusOK || a.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || len(a.Body) == 0 {
			t.Errorf("%s: %d %q", r, a.Status, a.Header.Get("Cache-Control"))
		}
	}
	if a := b.get("/static/app.css"); a.Status != http.StatusNotFound {
		t.Errorf("an unfingerprinted name: %d", a.Status)
	}
	csp := p.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if r := b.get("/"); r.Status != http.StatusOK || !strings.Contains(r.text(), "Đăng nhập") {
		t.Errorf("/ (the public home, with a link to log in): %d %s", r.Status, r.Body)
	}
}
