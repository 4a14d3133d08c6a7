package httpapi

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/store/storetest"
	"github.com/parindex/parindex/internal/workflow"
)

// The attacks of the security review (issue 10) on sign-in, the audit log
// and the client's address, each through the real HTTP server.

// clock is a test's movable time for the throttles.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// newTestServerWith is newTestServer with options of the test's own.
func newTestServerWith(t *testing.T, opt Options) *testServer {
	t.Helper()
	st := storetest.Open(t)
	if _, err := st.CreateFirstAdmin(context.Background(), "admin", testHash(t, adminPassword)); err != nil {
		t.Fatal(err)
	}
	opt.TokenTTL, opt.BodyLimit = time.Hour, 2<<20
	if opt.PasswordCost == 0 {
		opt.PasswordCost = testPasswordCost
	}
	opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(New(st, opt))
	t.Cleanup(srv.Close)
	ts := &testServer{t: t, URL: srv.URL, store: st}
	ts.admin = ts.login("admin", adminPassword)
	return ts
}

// signIn tries a password from a client address (sent as X-Forwarded-For;
// it counts only where the server trusts the test's loopback peer).
func (ts *testServer) signIn(username, password, from string) response {
	ts.t.Helper()
	h := map[string]string{}
	if from != "" {
		h["X-Forwarded-For"] = from
	}
	return ts.doWith("POST", "/api/v1/auth/login", "", map[string]string{"username": username, "password": password}, h)
}

// sessionAudit is every audit entry of entity session, oldest first.
func sessionAudit(t *testing.T, st *store.Store) []workflow.AuditEntry {
	t.Helper()
	es, err := st.Audit(context.Background(), store.AuditFilter{Entity: "session", Limit: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
		es[i], es[j] = es[j], es[i]
	}
	return es
}

func countActions(es []workflow.AuditEntry) map[string]int {
	n := map[string]int{}
	for _, e := range es {
		n[e.Action]++
	}
	return n
}

func loopback(t *testing.T) []*net.IPNet {
	_, n, err := net.ParseCIDR("127.0.0.1/32")
	if err != nil {
		t.Fatal(err)
	}
	return []*net.IPNet{n}
}

// TestThrottledSignInsWriteBoundedAudit: once an account is locked out,
// hammering it writes one audit entry when the lockout begins and one
// with the count when it is over, not one per attempt (the review
// measured 80 MB of audit log in 3 s); and a 64 KB X-Request-Id reaches
// neither the audit log nor the answer.
func TestThrottledSignInsWriteBoundedAudit(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Now()}
	ts := newTestServerWith(t, Options{Now: clk.now})
	for i := range maxFailsPerAccount {
		ts.must(http.StatusUnauthorized, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": fmt.Sprintf("guess-number-%d", i)})
	}
	huge := strings.Repeat("x", 64<<10)
	const hammer = 300
	for i := range hammer {
		r := ts.doWith("POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": "guess-again"}, map[string]string{"X-Request-Id": huge})
		if r.Status != http.StatusTooManyRequests {
			t.Fatalf("attempt %d while locked out: %d %s", i, r.Status, r.Body)
		}
		if id := r.Header.Get("X-Request-Id"); len(id) > 64 || id == "" {
			t.Fatalf("the answer's X-Request-Id has %d bytes", len(id))
		}
	}
	got := countActions(sessionAudit(t, ts.store))
	if got["login_failed"] != maxFailsPerAccount || got["login_throttled"] != 1 || got["login_throttled_summary"] != 0 {
		t.Errorf("%d refused attempts left audit entries %v, want %d login_failed and 1 login_throttled", hammer, got, maxFailsPerAccount)
	}

	// The lockout is over: the next sign-in records the count, once.
	clk.advance(failWindow + time.Minute)
	ts.login("admin", adminPassword)
	ts.login("admin", adminPassword)
	es := sessionAudit(t, ts.store)
	got = countActions(es)
	if got["login_throttled"] != 1 || got["login_throttled_summary"] != 1 {
		t.Fatalf("after the lockout: %v, want one login_throttled and one login_throttled_summary", got)
	}
	for _, e := range es {
		if len(e.RequestID) > 64 || len(e.Reason) > 200 || len(e.Field) > 64 {
			t.Errorf("audit entry %d keeps %d bytes of request id, %d of reason", e.ID, len(e.RequestID), len(e.Reason))
		}
		if e.Action == "login_throttled_summary" {
			if e.NewValue == nil || *e.NewValue != fmt.Sprintf("%d attempts refused", hammer) || e.Field != "admin" || !strings.Contains(e.Reason, "from 127.0.0.1") {
				t.Errorf("summary: %+v %v", e, *e.NewValue)
			}
		}
	}

	// A short, plain id of the client's is kept (a proxy's, to follow a
	// request through); anything else is replaced.
	for id, kept := range map[string]bool{"req-2016.05_A": true, strings.Repeat("a", 64): true, strings.Repeat("a", 65): false, "bad id": false, "ü": false} {
		r := ts.doWith("GET", "/api/v1/me", ts.admin, nil, map[string]string{"X-Request-Id": id})
		if got := r.Header.Get("X-Request-Id"); (got == id) != kept || got == "" || len(got) > 64 {
			t.Errorf("client id %q: answered with %q, kept %v", id, got, kept)
		}
	}
}

// TestAuditTextIsBounded: a framework whose summary is a few hundred KB
// (two thousand bands with long labels) is audited with its text cut at
// 16 KB and marked, and the change itself is kept whole.
func TestAuditTextIsBounded(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	var bands []map[string]any
	for i := range 2000 {
		bands = append(bands, map[string]any{"label": fmt.Sprintf("Xếp loại số %04d của khối sở, ban, ngành", i), "min_index": fmt.Sprintf("%d.%02d", i/20, (i%20)*5)})
	}
	fw := map[string]any{"bands": bands, "criteria": fixtureFramework["criteria"]}
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/frameworks/department", ts.admin, fw)
	got := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/frameworks/department", ts.admin, nil)
	if !contains(got.Body, "Xếp loại số 1999") {
		t.Fatal("the framework was not kept whole")
	}
	es, err := ts.store.Audit(context.Background(), store.AuditFilter{Entity: "framework", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 || es[0].NewValue == nil {
		t.Fatalf("no framework audit entry: %+v", es)
	}
	v := *es[0].NewValue
	if len(v) > 16<<10 || !strings.HasSuffix(v, "…[truncated]") || !strings.Contains(v, " criteria, ") {
		t.Errorf("the framework's audit text has %d bytes and ends %q", len(v), v[max(0, len(v)-40):])
	}
}

// TestForwardedForIsNotBelieved: without trusted proxies a client cannot
// pick its address with X-Forwarded-For: rotating it neither escapes the
// per-address lockout nor forges the address in the audit log. Behind a
// trusted proxy the forwarded address is the client's.
func TestForwardedForIsNotBelieved(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	for i := range maxFailsPerAddress {
		r := ts.signIn(fmt.Sprintf("spray-%d", i), "guess-password", fmt.Sprintf("203.0.113.%d", i+1))
		if r.Status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d %s", i, r.Status, r.Body)
		}
	}
	if r := ts.signIn("admin", adminPassword, "198.51.100.77"); r.Status != http.StatusTooManyRequests {
		t.Errorf("after %d failures from one peer with rotating X-Forwarded-For: %d, want 429", maxFailsPerAddress, r.Status)
	}
	for _, e := range sessionAudit(t, ts.store) {
		if e.Reason != "from 127.0.0.1" {
			t.Errorf("audit entry %s %s says %q, want the TCP peer 127.0.0.1", e.Action, e.Field, e.Reason)
		}
	}

	behind := newTestServerWith(t, Options{TrustedProxies: loopback(t)})
	behind.signIn("admin", "guess-password", "203.0.113.9, 198.51.100.7")
	es := sessionAudit(t, behind.store)
	if len(es) != 1 || es[0].Reason != "from 198.51.100.7" {
		t.Errorf("behind a trusted proxy the client is the nearest address it forwarded: %+v", es)
	}
}

// TestLockoutPerAccountAndAddress: five wrong passwords from one address
// no longer lock the admin out everywhere: the right password from an
// address that has not failed still signs in. A guesser spread over many
// addresses slows the account down for every address that has failed.
func TestLockoutPerAccountAndAddress(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Now()}
	ts := newTestServerWith(t, Options{TrustedProxies: loopback(t), Now: clk.now})
	const attacker, admin = "203.0.113.66", "198.51.100.10"
	for i := range maxFailsPerAccount {
		if r := ts.signIn("admin", fmt.Sprintf("guess-number-%d", i), attacker); r.Status != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, r.Status)
		}
	}
	r := ts.signIn("admin", adminPassword, attacker)
	if s, _ := strconv.Atoi(r.Header.Get("Retry-After")); r.Status != http.StatusTooManyRequests || s < 1 || s > int(failWindow.Seconds()) {
		t.Errorf("the attacker's address: %d, Retry-After %q, want 429", r.Status, r.Header.Get("Retry-After"))
	}
	if r := ts.signIn("admin", adminPassword, admin); r.Status != http.StatusOK {
		t.Fatalf("the admin from an address that has not failed: %d %s, want 200", r.Status, r.Body)
	}

	// Many addresses, each below its own lockout, together put the account
	// in alarm: an address that has failed twice within the hour is
	// refused, even with the right password, while a clean one signs in.
	clk.advance(failWindow) // the first lockout is over; its failures still count for the hour
	for i := range accountAlarm - maxFailsPerAccount {
		from := fmt.Sprintf("192.0.2.%d", i/maxFailsInAlarm+1)
		if r := ts.signIn("admin", fmt.Sprintf("spread-guess-%d", i), from); r.Status != http.StatusUnauthorized {
			t.Fatalf("spread guess %d from %s: %d %s", i, from, r.Status, r.Body)
		}
	}
	r = ts.signIn("admin", adminPassword, "192.0.2.1")
	if s, _ := strconv.Atoi(r.Header.Get("Retry-After")); r.Status != http.StatusTooManyRequests || s <= int(failWindow.Seconds()) || s > int(alarmWindow.Seconds()) {
		t.Errorf("an address that failed twice while the account is in alarm: %d, Retry-After %q, want 429 for up to an hour", r.Status, r.Header.Get("Retry-After"))
	}
	if r := ts.signIn("admin", "spread-guess-x", "192.0.2.200"); r.Status != http.StatusUnauthorized {
		t.Errorf("a fresh address while in alarm: %d, want its first try (401)", r.Status)
	}
	if r := ts.signIn("admin", adminPassword, "192.0.2.201"); r.Status != http.StatusOK {
		t.Errorf("the right password from a clean address while in alarm: %d %s", r.Status, r.Body)
	}
	// The hour passes: the alarm is over.
	clk.advance(alarmWindow)
	if r := ts.signIn("admin", adminPassword, "192.0.2.1"); r.Status != http.StatusOK {
		t.Errorf("an hour later: %d %s", r.Status, r.Body)
	}
}

// TestWeakPasswordsRefused: blank, short and common passwords are refused
// on creation and on change; ten characters of a rare kind pass.
func TestWeakPasswordsRefused(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.user("thuky", "secretariat", "")
	for _, pw := range []string{strings.Repeat(" ", 8), "12345678", "password", strings.Repeat(" ", 12), "1234567890", "qwertyuiop", "Password123", "passw0rd", "aaaaaaaaaaaa"} {
		r := ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/users", ts.admin, map[string]string{"username": "weak", "password": pw, "role": "council"})
		if !contains(r.Body, "password") {
			t.Errorf("%q: the refusal does not say why: %s", pw, r.Body)
		}
		ts.must(http.StatusUnprocessableEntity, "PATCH", "/api/v1/users/thuky", ts.admin, map[string]any{"password": pw})
	}
	ts.must(http.StatusCreated, "POST", "/api/v1/users", ts.admin, map[string]string{"username": "manh", "password": "Hội đồng 2016!", "role": "council"})
	ts.login("manh", "Hội đồng 2016!")
}

// TestChangeOwnPassword: every role changes its own password with the
// current one; a wrong current password is refused and counted like a
// failed sign-in; the user's other sessions end, this one stays.
func TestChangeOwnPassword(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	for _, u := range []struct{ name, role, unit string }{{"thuky", "secretariat", ""}, {"hoidong", "council", ""}, {"tt-user", "unit", "tt"}, {"admin", "admin", ""}} {
		here := ts.admin
		old := adminPassword
		if u.name != "admin" {
			here, old = ts.user(u.name, u.role, u.unit), "password-"+u.name
		}
		elsewhere := ts.login(u.name, old)
		before := len(sessionAudit(t, ts.store))
		r := ts.must(http.StatusForbidden, "POST", "/api/v1/me/password", here, map[string]string{"current_password": "not-my-password", "new_password": "a-new-password-" + u.name})
		if !contains(r.Body, "current password is wrong") || !contains(r.Body, `"field":"current_password"`) {
			t.Errorf("%s: wrong current password: %s", u.name, r.Body)
		}
		if es := sessionAudit(t, ts.store); len(es) != before+1 || es[len(es)-1].Action != "password_change_failed" {
			t.Errorf("%s: the wrong current password is not audited as a failed sign-in", u.name)
		}
		r = ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/me/password", here, map[string]string{"current_password": old, "new_password": "1234567890"})
		if !contains(r.Body, `"field":"new_password"`) {
			t.Errorf("%s: weak new password: %s", u.name, r.Body)
		}
		ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/me/password", here, map[string]string{"current_password": old, "new_password": old})
		ts.must(http.StatusBadRequest, "POST", "/api/v1/me/password", here, map[string]string{"new_password": "a-new-password-" + u.name})
		ts.must(http.StatusNoContent, "POST", "/api/v1/me/password", here, map[string]string{"current_password": old, "new_password": "a-new-password-" + u.name})
		ts.must(http.StatusOK, "GET", "/api/v1/me", here, nil)
		ts.must(http.StatusUnauthorized, "GET", "/api/v1/me", elsewhere, nil)
		ts.must(http.StatusUnauthorized, "POST", "/api/v1/auth/login", "", map[string]string{"username": u.name, "password": old})
		ts.login(u.name, "a-new-password-"+u.name)
		if u.name == "admin" {
			ts.admin = here
		}
	}
	es, err := ts.store.Audit(context.Background(), store.AuditFilter{Entity: "user", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	changed := 0
	for _, e := range es {
		if strings.HasSuffix(e.Field, ".password") && e.Actor == strings.TrimSuffix(e.Field, ".password") {
			changed++
		}
	}
	if changed != 4 {
		t.Errorf("%d password changes audited as made by their users, want 4", changed)
	}
	ts.must(http.StatusUnauthorized, "POST", "/api/v1/me/password", "", map[string]string{"current_password": "x", "new_password": "y"})
}

// TestWrongCurrentPasswordIsThrottled: a stolen token cannot be used to
// guess the account's password through POST /me/password.
func TestWrongCurrentPasswordIsThrottled(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	tok := ts.user("hoidong", "council", "")
	for i := range maxFailsPerAccount {
		ts.must(http.StatusForbidden, "POST", "/api/v1/me/password", tok, map[string]string{"current_password": fmt.Sprintf("guess-%d", i), "new_password": "a-new-password-1"})
	}
	r := ts.must(http.StatusTooManyRequests, "POST", "/api/v1/me/password", tok, map[string]string{"current_password": "password-hoidong", "new_password": "a-new-password-1"})
	if r.Header.Get("Retry-After") == "" {
		t.Errorf("no Retry-After: %v", r.Header)
	}
}

// TestEmbedErrorsCarryTheWidgetCSP: every answer under /embed/, a 404 of
// an unknown path or year and a 400 of a bad option too, carries the
// widget's Content-Security-Policy.
func TestEmbedErrorsCarryTheWidgetCSP(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	for path, status := range map[string]int{
		"/embed/":                       http.StatusNotFound,
		"/embed/nothing":                http.StatusNotFound,
		"/embed/periods/1999":           http.StatusNotFound,
		"/embed/periods/nineteen":       http.StatusBadRequest,
		"/embed/periods/2016?lang=fr":   http.StatusBadRequest,
		"/embed/periods/2016?tier=none": http.StatusNotFound,
	} {
		r := ts.do("GET", path, "", nil)
		csp := r.Header.Get("Content-Security-Policy")
		if r.Status != status || !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors") || !strings.Contains(csp, "base-uri 'none'") {
			t.Errorf("GET %s: %d, CSP %q; want %d with the widget's policy", path, r.Status, csp, status)
		}
	}
}
