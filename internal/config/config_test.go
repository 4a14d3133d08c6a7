package config

import (
	"io"
	"strings"
	"testing"
)

func load(env map[string]string, args ...string) (Config, error) {
	return Load(args, func(k string) string { return env[k] }, io.Discard)
}

// TestTrustedProxies: none by default (the TCP peer is the address);
// CIDRs and single addresses, comma or space separated; a bad entry stops
// the start with a message naming it.
func TestTrustedProxies(t *testing.T) {
	c, err := load(nil)
	if err != nil || len(c.TrustedProxies) != 0 {
		t.Fatalf("default: %v %v, want no trusted proxy", c.TrustedProxies, err)
	}
	c, err = load(map[string]string{"PARINDEX_TRUSTED_PROXIES": " 172.28.0.10/32, 10.0.0.0/8  fd00::/8,192.0.2.1 2001:db8::1 "})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range c.TrustedProxies {
		got = append(got, n.String())
	}
	if want := "172.28.0.10/32 10.0.0.0/8 fd00::/8 192.0.2.1/32 2001:db8::1/128"; strings.Join(got, " ") != want {
		t.Errorf("parsed %v, want %s", got, want)
	}
	for _, bad := range []string{"10.0.0.300/8", "caddy", "10.0.0.0/33", "*"} {
		_, err := load(map[string]string{"PARINDEX_TRUSTED_PROXIES": "172.28.0.10/32 " + bad})
		if err == nil || !strings.Contains(err.Error(), `"`+bad+`"`) || !strings.Contains(err.Error(), "PARINDEX_TRUSTED_PROXIES") {
			t.Errorf("%q: err = %v, want it named", bad, err)
		}
	}
}

// TestAdminPasswordRules: PARINDEX_ADMIN_PASSWORD follows the password
// rules of every account.
func TestAdminPasswordRules(t *testing.T) {
	for pw, want := range map[string]string{
		"short":                 "at least 10 characters",
		"          ":            "only spaces",
		"1234567890":            "most common",
		"admin":                 "at least 10",
		"demo-admin-2016":       "",
		"a strong one, at last": "",
	} {
		_, err := load(map[string]string{"PARINDEX_ADMIN_PASSWORD": pw})
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("PARINDEX_ADMIN_PASSWORD=%q: err = %v, want %q", pw, err, want)
		}
	}
}

// TestPublicURL: empty by default (the request's host); an address
// without its trailing slash; anything else stops the start.
func TestPublicURL(t *testing.T) {
	if c, err := load(nil); err != nil || c.PublicURL != "" {
		t.Fatalf("default: %q %v", c.PublicURL, err)
	}
	if c, err := load(map[string]string{"PARINDEX_PUBLIC_URL": " https://chisocchc.example.gov.vn/ "}); err != nil || c.PublicURL != "https://chisocchc.example.gov.vn" {
		t.Errorf("got %q %v", c.PublicURL, err)
	}
	for _, bad := range []string{"chisocchc.example.gov.vn", "ftp://x.vn", "https://x.vn/cchc", "https://x.vn/?a=1", "https://u:p@x.vn"} {
		if _, err := load(map[string]string{"PARINDEX_PUBLIC_URL": bad}); err == nil || !strings.Contains(err.Error(), "PARINDEX_PUBLIC_URL") {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}
