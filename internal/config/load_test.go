package config

import (
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestDefaults: nothing set is the service's defaults, as the README's
// configuration table gives them, and they are valid.
func TestDefaults(t *testing.T) {
	t.Parallel()
	c, err := load(nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DatabaseURL != "parindex.db" || c.Demo || c.AdminPassword != "" ||
		c.TokenTTL != 12*time.Hour || c.BodyLimit != 16<<20 || len(c.EmbedOrigins) != 0 || c.WriteRate != 20 ||
		len(c.TrustedProxies) != 0 || c.EvidenceMaxBytes != 20<<20 || c.ReadHeaderTimeout != 10*time.Second {
		t.Errorf("defaults: %+v", c)
	}
	if err := Defaults().Validate(); err != nil {
		t.Errorf("Defaults().Validate() = %v", err)
	}
}

// TestEachVariable: every PARINDEX_* variable is read into its field.
func TestEachVariable(t *testing.T) {
	t.Parallel()
	c, err := load(map[string]string{
		"PARINDEX_ADDR":                "127.0.0.1:9090",
		"PARINDEX_DATABASE_URL":        "postgres://parindex@db:5432/parindex",
		"PARINDEX_DEMO":                "1",
		"PARINDEX_ADMIN_PASSWORD":      "demo-admin-2016",
		"PARINDEX_TOKEN_TTL":           "90m",
		"PARINDEX_BODY_LIMIT_MB":       "4",
		"PARINDEX_EVIDENCE_MAX_BYTES":  "1048576",
		"PARINDEX_EMBED_ORIGINS":       "https://sonoivu.laichau.gov.vn, https://*.laichau.gov.vn 'self'",
		"PARINDEX_WRITE_RATE":          "2.5",
		"PARINDEX_TRUSTED_PROXIES":     "172.28.0.10/32",
		"PARINDEX_READ_HEADER_TIMEOUT": "1500ms",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"Addr", c.Addr, "127.0.0.1:9090"},
		{"DatabaseURL", c.DatabaseURL, "postgres://parindex@db:5432/parindex"},
		{"Demo", c.Demo, true},
		{"AdminPassword", c.AdminPassword, "demo-admin-2016"},
		{"TokenTTL", c.TokenTTL, 90 * time.Minute},
		{"BodyLimit", c.BodyLimit, int64(4 << 20)},
		{"EvidenceMaxBytes", c.EvidenceMaxBytes, int64(1 << 20)},
		{"EmbedOrigins", strings.Join(c.EmbedOrigins, " "), "https://sonoivu.laichau.gov.vn https://*.laichau.gov.vn 'self'"},
		{"WriteRate", c.WriteRate, 2.5},
		{"TrustedProxies", len(c.TrustedProxies), 1},
		{"ReadHeaderTimeout", c.ReadHeaderTimeout, 1500 * time.Millisecond},
	} {
		if f.got != f.want {
			t.Errorf("%s = %v, want %v", f.name, f.got, f.want)
		}
	}
	// 0 is no write limit; PARINDEX_DEMO takes the usual spellings.
	for env, check := range map[string]func(Config) bool{
		"PARINDEX_WRITE_RATE=0": func(c Config) bool { return c.WriteRate == 0 },
		"PARINDEX_DEMO=true":    func(c Config) bool { return c.Demo },
		"PARINDEX_DEMO=0":       func(c Config) bool { return !c.Demo },
		"PARINDEX_DEMO=false":   func(c Config) bool { return !c.Demo },
	} {
		k, v, _ := strings.Cut(env, "=")
		c, err := load(map[string]string{k: v})
		if err != nil || !check(c) {
			t.Errorf("%s: %+v, %v", env, c, err)
		}
	}
}

// TestFlagsWin: --addr, --db and --demo override their variables.
func TestFlagsWin(t *testing.T) {
	t.Parallel()
	c, err := load(map[string]string{"PARINDEX_ADDR": ":1", "PARINDEX_DATABASE_URL": "env.db", "PARINDEX_DEMO": "0"},
		"--addr", "127.0.0.1:0", "--db", "flag.db", "--demo")
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:0" || c.DatabaseURL != "flag.db" || !c.Demo {
		t.Errorf("flags: %+v", c)
	}
	if _, err := load(nil, "--port", "80"); err == nil || !strings.Contains(err.Error(), "flag provided but not defined: -port") {
		t.Errorf("an unknown flag: %v", err)
	}
	if _, err := load(nil, "--demo", "extra"); err == nil || !strings.Contains(err.Error(), "unexpected arguments: extra") {
		t.Errorf("a stray argument: %v", err)
	}
}

// TestDemoEmbedOrigins: the demo may be framed by any page unless
// PARINDEX_EMBED_ORIGINS names the portals; outside the demo, none.
func TestDemoEmbedOrigins(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"PARINDEX_DEMO": "1"}, "*"},
		{map[string]string{"PARINDEX_DEMO": "1", "PARINDEX_EMBED_ORIGINS": "https://sonoivu.laichau.gov.vn"}, "https://sonoivu.laichau.gov.vn"},
		{nil, ""},
	} {
		c, err := load(tc.env)
		if err != nil || strings.Join(c.EmbedOrigins, " ") != tc.want {
			t.Errorf("%v: embed origins %q, %v; want %q", tc.env, c.EmbedOrigins, err, tc.want)
		}
	}
}

// TestBadValues: a value that cannot work stops the start with a message
// naming the variable (and the value, where there is one to show); every
// bad variable is named at once, not one per start.
func TestBadValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, value string
		want        []string
	}{
		{"PARINDEX_DEMO", "yes", []string{`PARINDEX_DEMO="yes"`}},
		{"PARINDEX_TOKEN_TTL", "soon", []string{`PARINDEX_TOKEN_TTL="soon"`, "duration"}},
		{"PARINDEX_TOKEN_TTL", "30s", []string{"PARINDEX_TOKEN_TTL", "shorter than a minute"}},
		{"PARINDEX_BODY_LIMIT_MB", "lots", []string{`PARINDEX_BODY_LIMIT_MB="lots"`}},
		{"PARINDEX_BODY_LIMIT_MB", "0", []string{"PARINDEX_BODY_LIMIT_MB", "at least 1"}},
		{"PARINDEX_WRITE_RATE", "fast", []string{`PARINDEX_WRITE_RATE="fast"`}},
		{"PARINDEX_WRITE_RATE", "-1", []string{`PARINDEX_WRITE_RATE="-1"`}},
		{"PARINDEX_WRITE_RATE", "NaN", []string{`PARINDEX_WRITE_RATE="NaN"`}},
		{"PARINDEX_WRITE_RATE", "+Inf", []string{`PARINDEX_WRITE_RATE="+Inf"`}},
		{"PARINDEX_EVIDENCE_MAX_BYTES", "20MB", []string{`PARINDEX_EVIDENCE_MAX_BYTES="20MB"`}},
		{"PARINDEX_EVIDENCE_MAX_BYTES", "1023", []string{"PARINDEX_EVIDENCE_MAX_BYTES 1023", "between 1024 bytes and 1 GiB"}},
		{"PARINDEX_EVIDENCE_MAX_BYTES", "1073741825", []string{"PARINDEX_EVIDENCE_MAX_BYTES 1073741825"}},
		{"PARINDEX_EMBED_ORIGINS", "javascript:alert(1)", []string{"PARINDEX_EMBED_ORIGINS", `"javascript:alert(1)"`}},
		{"PARINDEX_EMBED_ORIGINS", "https://sonoivu.laichau.gov.vn/tin-tuc", []string{"PARINDEX_EMBED_ORIGINS", `"https://sonoivu.laichau.gov.vn/tin-tuc"`}},
		{"PARINDEX_TRUSTED_PROXIES", "caddy", []string{"PARINDEX_TRUSTED_PROXIES", `"caddy"`}},
		{"PARINDEX_ADMIN_PASSWORD", "short", []string{"PARINDEX_ADMIN_PASSWORD", "at least 10 characters"}},
		{"PARINDEX_READ_HEADER_TIMEOUT", "soon", []string{`PARINDEX_READ_HEADER_TIMEOUT="soon"`, "duration"}},
		{"PARINDEX_READ_HEADER_TIMEOUT", "10ms", []string{"PARINDEX_READ_HEADER_TIMEOUT 10ms", "between 100ms"}},
		{"PARINDEX_READ_HEADER_TIMEOUT", "5m", []string{"PARINDEX_READ_HEADER_TIMEOUT 5m0s", "the read timeout, 2m0s"}},
	} {
		_, err := load(map[string]string{tc.name: tc.value})
		if err == nil {
			t.Errorf("%s=%q was accepted", tc.name, tc.value)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s=%q: %q does not say %q", tc.name, tc.value, err, w)
			}
		}
	}
	// Empty settings given by flag.
	if _, err := load(nil, "--db", ""); err == nil || !strings.Contains(err.Error(), "PARINDEX_DATABASE_URL is empty") {
		t.Errorf("--db '': %v", err)
	}
	if _, err := load(nil, "--addr", ""); err == nil || !strings.Contains(err.Error(), "listen address is empty") {
		t.Errorf("--addr '': %v", err)
	}
	// All at once: parse errors together, range errors together.
	_, err := load(map[string]string{"PARINDEX_DEMO": "yes", "PARINDEX_TOKEN_TTL": "soon", "PARINDEX_READ_HEADER_TIMEOUT": "later"})
	for _, name := range []string{"PARINDEX_DEMO", "PARINDEX_TOKEN_TTL", "PARINDEX_READ_HEADER_TIMEOUT"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("three bad values: %v does not name %s", err, name)
		}
	}
	_, err = load(map[string]string{"PARINDEX_TOKEN_TTL": "1s", "PARINDEX_BODY_LIMIT_MB": "0", "PARINDEX_EVIDENCE_MAX_BYTES": "1", "PARINDEX_READ_HEADER_TIMEOUT": "1h"})
	for _, name := range []string{"PARINDEX_TOKEN_TTL", "PARINDEX_BODY_LIMIT_MB", "PARINDEX_EVIDENCE_MAX_BYTES", "PARINDEX_READ_HEADER_TIMEOUT"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("four values out of range: %v does not name %s", err, name)
		}
	}
}

// TestVariablesAreDocumented: the variables Load reads are exactly those
// of the README's configuration table.
func TestVariablesAreDocumented(t *testing.T) {
	t.Parallel()
	read := map[string]bool{}
	if _, err := Load(nil, func(k string) string { read[k] = true; return "" }, nil); err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "\n## Configuration\n")
	if !ok {
		t.Fatal("README.md has no ## Configuration section")
	}
	table, _, _ = strings.Cut(table, "\n## ")
	var documented []string
	for _, m := range regexp.MustCompile("(?m)^\\| `(PARINDEX_[A-Z_]+)`").FindAllStringSubmatch(table, -1) {
		documented = append(documented, m[1])
	}
	var names []string
	for k := range read {
		names = append(names, k)
	}
	sort.Strings(names)
	sort.Strings(documented)
	if !slices.Equal(names, documented) {
		t.Errorf("Load reads %v;\nthe README's configuration table documents %v", names, documented)
	}
}
