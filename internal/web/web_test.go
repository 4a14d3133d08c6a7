package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/net/html"

	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/web")

const pw = "password-of-the-test"

// testPasswordCost is the bcrypt cost of the test servers' hashes, as in
// internal/httpapi's tests: at the service's cost (bcrypt.DefaultCost,
// which httpapi's TestPasswordCost holds) the sign-ins were seven tenths
// of this package's time.
const testPasswordCost = bcrypt.MinCost

// testHash hashes a password at testPasswordCost.
func testHash(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), testPasswordCost)
	return string(h), err
}

// site is the real HTTP server (the API and the pages) on a temporary
// database, with an assessment year in appraisal.
type site struct {
	t     *testing.T
	URL   string
	store *store.Store
	dsn   string // the database's URL, for a second instance on it
	admin string // an admin's API token
}

func newSite(t *testing.T, opt httpapi.Options) *site {
	t.Helper()
	dsn := storetest.URL(t)
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	hash, err := testHash(pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateFirstAdmin(context.Background(), "admin", hash); err != nil {
		t.Fatal(err)
	}
	opt.TokenTTL, opt.Logger = time.Hour, slog.New(slog.NewTextHandler(io.Discard, nil))
	if opt.PasswordCost == 0 {
		opt.PasswordCost = testPasswordCost
	}
	srv := httptest.NewServer(httpapi.New(st, opt))
	t.Cleanup(srv.Close)
	s := &site{t: t, URL: srv.URL, store: st, dsn: dsn}
	var tok struct{ Token string }
	s.api(http.StatusOK, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": pw}, &tok)
	s.admin = tok.Token
	return s
}

// api calls the JSON API and wants the status.
func (s *site) api(want int, method, path, token string, body, out any) {
	s.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, s.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		s.t.Fatalf("%s %s: %d, want %d: %s", method, path, res.StatusCode, want, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			s.t.Fatal(err)
		}
	}
}

func (s *site) token(user string) string {
	var tok struct{ Token string }
	s.api(http.StatusOK, "POST", "/api/v1/auth/login", "", map[string]string{"username": user, "password": pw}, &tok)
	return tok.Token
}

// fixture: units tt and stc, a unit user of tt, a council member
// assigned tt, a secretariat user; 2026 in appraisal: tt self-assessed
// 1.1 and 2.1 (of the four leaves it enters; 2.2 is the survey's), the
// council appraised 1.1 and 1.2.1 and remarked on 1.1 (explained) and
// 2.1 (awaiting).
func (s *site) fixture() {
	s.t.Helper()
	a := s.admin
	for _, u := range [][2]string{{"tt", "Thanh tra tỉnh"}, {"stc", "Sở Tài chính"}} {
		s.api(http.StatusCreated, "POST", "/api/v1/units", a, map[string]string{"code": u[0], "name": u[1], "tier": "department"}, nil)
	}
	for _, u := range []map[string]string{
		{"username": "tt-user", "role": "unit", "unit": "tt"},
		{"username": "hoidong", "role": "council"},
		{"username": "thuky", "role": "secretariat"},
	} {
		u["password"] = pw
		s.api(http.StatusCreated, "POST", "/api/v1/users", a, u, nil)
	}
	s.api(http.StatusOK, "PATCH", "/api/v1/users/hoidong", a, map[string]any{"units": []string{"tt"}}, nil)
	s.api(http.StatusCreated, "POST", "/api/v1/periods", a, map[string]any{"year": 2026, "title": "Chỉ số CCHC năm 2026"}, nil)
	s.api(http.StatusOK, "PUT", "/api/v1/periods/2026/frameworks/department", a, departments(10), nil)
	sec, unit, council := s.token("thuky"), s.token("tt-user"), s.token("hoidong")
	s.api(http.StatusOK, "POST", "/api/v1/periods/2026/stage", sec, map[string]any{"stage": "self_assessment", "closes_at": "2027-03-31T10:00:00Z"}, nil)
	s.api(http.StatusOK, "PUT", "/api/v1/periods/2026/units/tt/scores", unit, map[string]any{"scores": []map[string]any{
		{"criterion": "1.1", "self_points": 9.5}, {"criterion": "2.1", "self_points": "50"}}}, nil)
	s.api(http.StatusOK, "POST", "/api/v1/periods/2026/stage", sec, map[string]any{"stage": "appraisal", "closes_at": "2027-06-30T10:00:00Z"}, nil)
	s.api(http.StatusOK, "PUT", "/api/v1/periods/2026/units/tt/scores", council, map[string]any{"scores": []map[string]any{
		{"criterion": "1.1", "points": 8}, {"criterion": "1.2.1", "points": 5}}}, nil)
	for _, r := range []struct{ token, criterion, body string }{
		{council, "1.1", "Kế hoạch ban hành chậm"}, {unit, "1.1", "Đã ban hành đúng hạn"}, {council, "2.1", "Thiếu báo cáo rà soát"},
	} {
		s.api(http.StatusCreated, "POST", "/api/v1/periods/2026/units/tt/remarks", r.token, map[string]any{"criterion": r.criterion, "body": r.body}, nil)
	}
}

// departments is the fixture's department framework as the API takes it,
// with criterion 1.1's maximum max (10 in the fixture).
func departments(max any) map[string]any {
	return map[string]any{
		"bands": []map[string]any{{"label": "Tốt", "min_index": 80}, {"label": "Khá", "min_index": 70}},
		"criteria": []map[string]any{
			{"code": "1", "name": "Công tác chỉ đạo, điều hành cải cách hành chính", "children": []map[string]any{
				{"code": "1.1", "name": "Kế hoạch cải cách hành chính", "max_points": max},
				{"code": "1.2", "name": "Báo cáo cải cách hành chính", "children": []map[string]any{
					{"code": "1.2.1", "name": "Số lượng báo cáo", "max_points": "5.25"},
					{"code": "1.2.2", "name": "Chất lượng báo cáo", "max_points": 5.25},
				}},
			}},
			{"code": "2", "name": "Cải cách thủ tục hành chính", "children": []map[string]any{
				{"code": "2.1", "name": "Rà soát thủ tục hành chính", "max_points": "60.247"},
				{"code": "2.2", "name": "Mức độ hài lòng của người dân", "max_points": "16.753", "source": "survey"},
			}},
		},
	}
}

// browser is a client with cookies that does not follow redirects.
type browser struct {
	s   *site
	c   *http.Client
	hdr map[string]string // sent with every request
}

func (s *site) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{s: s, hdr: map[string]string{}, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type page struct {
	Status int
	Header http.Header
	Body   []byte
	Doc    *html.Node
}

func (b *browser) do(method, path string, form url.Values) page {
	b.s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.s.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.hdr {
		req.Header.Set(k, v)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.s.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	p := page{Status: res.StatusCode, Header: res.Header, Body: raw}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		if p.Doc, err = html.Parse(bytes.NewReader(raw)); err != nil {
			b.s.t.Fatal(err)
		}
	}
	return p
}

func (b *browser) get(path string) page { return b.do("GET", path, nil) }

// formToken is the form_token of the page's first form.
func (p page) formToken() string {
	for _, n := range p.all("input") {
		if attr(n, "name") == "form_token" {
			return attr(n, "value")
		}
	}
	return ""
}

// login signs in through the form and wants /app.
func (b *browser) login(user, password string) page {
	b.s.t.Helper()
	form := b.get("/login")
	p := b.do("POST", "/login", url.Values{"form_token": {form.formToken()}, "username": {user}, "password": {password}})
	return p
}

func (b *browser) mustLogin(user string) {
	b.s.t.Helper()
	p := b.login(user, pw)
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/app" {
		b.s.t.Fatalf("login of %s: %d %s %s", user, p.Status, p.Header.Get("Location"), p.Body)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// all returns the page's elements of a tag, in document order.
func (p page) all(tag string) []*html.Node { return under(p.Doc, tag) }

func under(root *html.Node, tag string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if root != nil {
		walk(root)
	}
	return out
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func (p page) byID(id string) *html.Node {
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && attr(n, "id") == id && found == nil {
			found = n
		}
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.Doc)
	return found
}

// rows are the text of each body row's cells, per table.
func (p page) rows() [][]string {
	var out [][]string
	for _, tr := range p.all("tr") {
		if tr.Parent == nil || tr.Parent.Data != "tbody" {
			continue
		}
		var cells []string
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				cells = append(cells, text(c))
			}
		}
		out = append(out, cells)
	}
	return out
}

func (p page) text() string { return text(p.Doc) }

// golden compares got with testdata/web/name (rewritten with -update).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "web", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/web -run %s -update)", err, t.Name())
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the golden file (run with -update after checking the change):\n%s", name, got)
	}
}
