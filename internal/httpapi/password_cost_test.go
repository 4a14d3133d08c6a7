package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/parindex/parindex/internal/store/storetest"
)

// TestPasswordCost: the service hashes every password at bcrypt's default
// cost (10) — the admin of PARINDEX_ADMIN_PASSWORD and the user command
// through HashPassword, and the server, whose Options leave PasswordCost
// at 0 in serve, on user creation, an admin's password reset and a user's
// own change; the unknown-user comparison costs the same. Only a test
// server lowers it, through Options.PasswordCost.
func TestPasswordCost(t *testing.T) {
	t.Parallel()
	if bcrypt.DefaultCost != 10 {
		t.Fatalf("bcrypt.DefaultCost is %d", bcrypt.DefaultCost)
	}
	h, err := HashPassword("a-password-of-the-cli")
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := bcrypt.Cost([]byte(h)); c != bcrypt.DefaultCost {
		t.Errorf("HashPassword: cost %d, want %d", c, bcrypt.DefaultCost)
	}
	if c, _ := bcrypt.Cost(dummyHash); c != bcrypt.DefaultCost {
		t.Errorf("the unknown-user hash: cost %d, want %d", c, bcrypt.DefaultCost)
	}
	for _, tc := range []struct {
		opt, want int
	}{{0, bcrypt.DefaultCost}, {bcrypt.MinCost, bcrypt.MinCost}} {
		s := &Server{opt: Options{PasswordCost: tc.opt}}
		if c, _ := bcrypt.Cost(s.noSuchUserHash()); c != tc.want {
			t.Errorf("PasswordCost %d: the unknown-user hash has cost %d, want %d", tc.opt, c, tc.want)
		}
	}

	for _, tc := range []struct {
		name string
		cost int // Options.PasswordCost
		want int
	}{{"service", 0, bcrypt.DefaultCost}, {"test", bcrypt.MinCost, bcrypt.MinCost}} {
		// The server as serve makes it (the admin from HashPassword), but
		// for PasswordCost.
		st := storetest.Open(t)
		admin, err := HashPassword(adminPassword)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateFirstAdmin(context.Background(), "admin", admin); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(New(st, Options{TokenTTL: time.Hour, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PasswordCost: tc.cost}))
		t.Cleanup(srv.Close)
		ts := &testServer{t: t, URL: srv.URL, store: st}
		ts.admin = ts.login("admin", adminPassword)
		if _, hash, _ := st.Credentials(context.Background(), "admin"); !costIs(hash, bcrypt.DefaultCost) {
			t.Errorf("the first admin (HashPassword, as serve makes it): %q is not of cost %d", hash[:7], bcrypt.DefaultCost)
		}
		cost := func(what, username string) {
			t.Helper()
			_, hash, err := ts.store.Credentials(context.Background(), username)
			if err != nil {
				t.Fatal(err)
			}
			if c, _ := bcrypt.Cost([]byte(hash)); c != tc.want {
				t.Errorf("%s server, %s: cost %d, want %d", tc.name, what, c, tc.want)
			}
		}
		ts.user("thuky", "secretariat", "")
		cost("a created user", "thuky")
		ts.must(http.StatusOK, "PATCH", "/api/v1/users/thuky", ts.admin, map[string]any{"password": "a-reset-password-1", "reason": "quên mật khẩu"})
		cost("a reset password", "thuky")
		tok := ts.login("thuky", "a-reset-password-1")
		ts.must(http.StatusNoContent, "POST", "/api/v1/me/password", tok, map[string]string{"current_password": "a-reset-password-1", "new_password": "an-own-new-password"})
		cost("an own password change", "thuky")
	}
}

func costIs(hash string, want int) bool {
	c, err := bcrypt.Cost([]byte(hash))
	return err == nil && c == want
}
