package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/store"
)

// TestUserCommandPasswordRules: `parindex user add` and `passwd` apply
// the password rules of the API (at least 10 characters, not blank, not
// a common password).
func TestUserCommandPasswordRules(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "users.db")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	env := func(string) string { return "" }
	user := func(password string, args ...string) error {
		return userCmd(context.Background(), append(args, "--db", db), env, strings.NewReader(password+"\n"), io.Discard)
	}
	for pw, want := range map[string]string{"        ": "only spaces", "12345678": "at least 10", "password": "at least 10", "1234567890": "most common", "qwertyuiop": "most common"} {
		if err := user(pw, "add", "--username", "thuky", "--role", "secretariat"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("user add with %q: %v, want %q", pw, err, want)
		}
	}
	if err := user("mật khẩu của thư ký", "add", "--username", "thuky", "--role", "secretariat"); err != nil {
		t.Fatal(err)
	}
	if err := user("1q2w3e4r5t", "passwd", "--username", "thuky"); err == nil || !strings.Contains(err.Error(), "most common") {
		t.Errorf("user passwd with a common password: %v", err)
	}
	if err := user("mật khẩu mới của thư ký", "passwd", "--username", "thuky"); err != nil {
		t.Error(err)
	}
}
