package web

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/store/storetest"
	"github.com/parindex/parindex/internal/workflow"
)

// TestMissingTemplateFailsNew: a page whose template or partial is not
// there stops New, not a request.
func TestMissingTemplateFailsNew(t *testing.T) {
	t.Parallel()
	if _, err := New(Config{}); err != nil {
		t.Fatalf("the embedded pages: %v", err)
	}
	for _, drop := range []string{"templates/partials/errors.html", "templates/base.html", "templates/app.html", "static/app.css"} {
		m := fstest.MapFS{}
		err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || p == drop {
				return err
			}
			b, err := fs.ReadFile(files, p)
			m[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := newHandler(Config{}, m); err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(strings.TrimPrefix(drop, "templates/"), "static/")) {
			t.Errorf("without %s: %v", drop, err)
		}
	}
}

// TestWrongRoleGets403Page: a signed-in user without the route's role
// gets a 403 page in HTML; a signed-out browser goes to /login.
func TestWrongRoleGets403Page(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t)
	ctx := context.Background()
	u, err := st.CreateUser(ctx, workflow.User{Username: "don-vi", Role: workflow.RoleSecretariat}, "x")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.StartSession(ctx, u.ID, hashID("the-id"), "csrf", "", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	e := echo.New()
	e.GET("/admin-only", func(c echo.Context) error { return c.String(http.StatusOK, "ok") }, h.Require(workflow.RoleAdmin))
	e.GET("/staff", func(c echo.Context) error { return c.String(http.StatusOK, "ok") }, h.Require(workflow.RoleAdmin, workflow.RoleSecretariat))
	get := func(path, cookie string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		if cookie != "" {
			req.Header.Set("Cookie", sessionCookie+"="+cookie)
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec
	}
	r := get("/admin-only", "the-id")
	if r.Code != http.StatusForbidden || !strings.HasPrefix(r.Header().Get("Content-Type"), "text/html") ||
		!strings.Contains(r.Body.String(), "Không có quyền truy cập") || !strings.Contains(r.Body.String(), "Văn phòng thường trực") {
		t.Errorf("wrong role: %d %s %s", r.Code, r.Header().Get("Content-Type"), r.Body)
	}
	if r := get("/staff", "the-id"); r.Code != http.StatusOK {
		t.Errorf("right role: %d", r.Code)
	}
	for _, ck := range []string{"", "not-a-session"} {
		if r := get("/admin-only", ck); r.Code != http.StatusSeeOther || r.Header().Get("Location") != "/login" {
			t.Errorf("signed out (%q): %d %s", ck, r.Code, r.Header().Get("Location"))
		}
	}
}
