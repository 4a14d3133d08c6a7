package store

import (
	"context"
	"github.com/parindex/parindex/internal/workflow"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/score"
)

// TestSessionLife: a session lives until its idle or absolute limit,
// logout, a new login from the same browser, disabling its user, or a
// change of its user's password.
func TestSessionLife(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	now := time.Unix(1_800_000_000, 0)
	st.now = func() time.Time { return now }
	u, err := st.CreateUser(ctx, workflow.User{Username: "an", Role: workflow.RoleSecretariat}, "x")
	if err != nil {
		t.Fatal(err)
	}
	live := func(hash string) bool {
		t.Helper()
		_, err := st.SessionByID(ctx, hash, 2*time.Hour)
		if err != nil && score.ErrorCode(err) != score.EUNAUTHORIZED {
			t.Fatal(err)
		}
		return err == nil
	}
	start := func(hash, old string) {
		t.Helper()
		if err := st.StartSession(ctx, u.ID, hash, "csrf-"+hash, old, now.Add(12*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	start("a", "")
	sess, err := st.SessionByID(ctx, "a", 2*time.Hour)
	if err != nil || sess.User.Username != "an" || sess.CSRF != "csrf-a" {
		t.Fatalf("got %+v, %v", sess, err)
	}
	// Idle: seen an hour and a half ago keeps it; two hours without use end it.
	now = now.Add(90 * time.Minute)
	if !live("a") {
		t.Fatal("a session used 90 minutes ago ended")
	}
	now = now.Add(2*time.Hour + time.Second)
	if live("a") {
		t.Fatal("a session idle for two hours still lives")
	}
	// Absolute: used every hour, it still ends after 12 hours.
	start("b", "")
	for range 11 {
		now = now.Add(time.Hour)
		if !live("b") {
			t.Fatal("a session in use ended before its absolute limit")
		}
	}
	now = now.Add(time.Hour)
	if live("b") {
		t.Fatal("a session outlived its absolute limit")
	}
	// Rotation: a login from the browser holding c ends c.
	start("c", "")
	start("d", "c")
	if live("c") || !live("d") {
		t.Fatal("the login did not rotate the session")
	}
	if err := st.EndSession(ctx, "d"); err != nil || live("d") {
		t.Fatalf("logout did not end the session (%v)", err)
	}
	// A password change, by an admin or by the user, ends every session.
	start("e", "")
	pw := "y"
	if _, err := st.UpdateUser(ctx, "an", UserChange{PasswordHash: &pw}); err != nil || live("e") {
		t.Fatalf("a password change left the session alive (%v)", err)
	}
	start("f", "")
	if err := st.ChangeOwnPassword(ctx, "an", "z", "none"); err != nil || live("f") {
		t.Fatalf("changing one's own password left the session alive (%v)", err)
	}
	// Disabling the user ends its sessions; enabling it again does not revive them.
	start("g", "")
	off, on := false, true
	if _, err := st.UpdateUser(ctx, "an", UserChange{Active: &off}); err != nil || live("g") {
		t.Fatalf("disabling the user left the session alive (%v)", err)
	}
	if _, err := st.UpdateUser(ctx, "an", UserChange{Active: &on}); err != nil || live("g") {
		t.Fatalf("enabling the user revived its session (%v)", err)
	}
}
