package main

import (
	"fmt"
	"net/http"
	"testing"
)

// twoInstances starts two `parindex serve` on one database.
func twoInstances(t *testing.T, env map[string]string) [2]server {
	t.Helper()
	var out [2]server
	for i := range out {
		s, err := serveCtx(t, env)
		if err != nil {
			t.Fatalf("instance %d did not start: %v", i+1, err)
		}
		out[i] = s
	}
	return out
}

// TestTwoInstancesShareTheThrottles: behind a proxy that balances two
// instances, an attacker gets no more attempts than from one: the failed
// sign-ins of an account and the write rate limit are counted in the
// shared PostgreSQL database (the review found each instance counting its
// own, so two instances allowed twice as many).
func TestTwoInstancesShareTheThrottles(t *testing.T) {
	// Not parallel: the write limit's count is exact only when the eight
	// changes take less than the two seconds that refill one.
	const pw = "two-instances-throttle"

	// Five wrong passwords, alternating between the instances, lock the
	// account from this address on both.
	servers := twoInstances(t, map[string]string{"PARINDEX_DATABASE_URL": postgresURL(t), "PARINDEX_ADMIN_PASSWORD": pw, "PARINDEX_WRITE_RATE": "0"})
	for i := range 5 {
		c := client{t: t, base: servers[i%2].base}
		c.must(http.StatusUnauthorized, "POST", "/api/v1/auth/login", map[string]string{"username": "admin", "password": fmt.Sprintf("guess-number-%d", i)})
	}
	for _, s := range servers {
		r := client{t: t, base: s.base}.call("POST", "/api/v1/auth/login", map[string]string{"username": "admin", "password": pw})
		if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
			t.Errorf("%s: the right password after 5 failures spread over two instances: %d %s, want 429 with Retry-After", s.base, r.status, r.body)
		}
	}
	for _, s := range servers {
		s.stop()
	}

	// PARINDEX_WRITE_RATE 0.5: five changes per user in ten seconds, in
	// all, whichever instance takes them.
	servers = twoInstances(t, map[string]string{"PARINDEX_DATABASE_URL": postgresURL(t), "PARINDEX_ADMIN_PASSWORD": pw, "PARINDEX_WRITE_RATE": "0.5"})
	admins := [2]client{login(t, servers[0].base, "admin", pw), login(t, servers[1].base, "admin", pw)}
	accepted := 0
	for i := range 8 {
		r := admins[i%2].call("POST", "/api/v1/tiers", map[string]string{"code": fmt.Sprintf("tier%d", i), "name": fmt.Sprintf("Khối %d", i)})
		switch r.status {
		case http.StatusCreated:
			accepted++
		case http.StatusTooManyRequests:
			if r.header.Get("Retry-After") == "" {
				t.Errorf("429 without Retry-After")
			}
		default:
			t.Fatalf("change %d: %d %s", i, r.status, r.body)
		}
	}
	if accepted != 5 {
		t.Errorf("%d changes accepted through two instances, want the one limit of 5", accepted)
	}
}
