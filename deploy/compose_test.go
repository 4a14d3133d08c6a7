// Package deploy holds the deployment files (the reverse proxy's
// configuration) and checks docker-compose.yml where no Docker engine runs.
package deploy

import (
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/parindex/parindex/internal/config"
)

// root is the repository root, where docker-compose.yml and the Dockerfile are.
const root = ".."

type compose struct {
	Name      string
	Services  map[string]service
	Volumes   map[string]any
	Networks  map[string]network
	XParindex service `yaml:"x-parindex"` // the instances' shared settings
}

type network struct {
	Ipam struct {
		Config []struct{ Subnet string }
	}
}

// serviceNetwork is a service's place on a network.
type serviceNetwork struct {
	IPv4Address string `yaml:"ipv4_address"`
}

type service struct {
	Image           string
	Build           *build
	Environment     map[string]string
	Ports           []string
	Expose          []string
	Volumes         []string
	DependsOn       map[string]struct{ Condition string } `yaml:"depends_on"`
	Healthcheck     *healthcheck
	Restart         string
	StopGracePeriod string                     `yaml:"stop_grace_period"`
	Networks        map[string]*serviceNetwork `yaml:"networks"`
}

type build struct {
	Context    string
	Dockerfile string
}

type healthcheck struct {
	Test        []string
	Interval    string
	Timeout     string
	Retries     int
	StartPeriod string `yaml:"start_period"`
}

func load(t *testing.T) compose {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var c compose
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true) // a misspelt key is an error, as in docker compose
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	return c
}

// TestCompose checks what `docker compose config` would, and what the
// deployment promises: PostgreSQL with a volume and a health check, two
// parindex instances on it that start once it is healthy and report
// readiness, and a proxy that waits for both.
func TestCompose(t *testing.T) {
	c := load(t)
	var names []string
	for n := range c.Services {
		names = append(names, n)
	}
	slices.Sort(names)
	if want := []string{"parindex-1", "parindex-2", "postgres", "proxy"}; !slices.Equal(names, want) {
		t.Fatalf("services %v, want %v", names, want)
	}

	for name, s := range c.Services {
		if (s.Image == "") == (s.Build == nil) {
			t.Errorf("%s: needs an image or a build, not both", name)
		}
		if s.Healthcheck == nil {
			t.Errorf("%s: has no health check", name)
		} else {
			checkHealthcheck(t, name, *s.Healthcheck)
		}
		for dep := range s.DependsOn {
			if _, ok := c.Services[dep]; !ok {
				t.Errorf("%s: depends on unknown service %s", name, dep)
			}
		}
		for _, v := range s.Volumes {
			src, _, ok := strings.Cut(v, ":")
			if !ok {
				t.Errorf("%s: volume %q has no target", name, v)
				continue
			}
			if strings.HasPrefix(src, ".") || strings.HasPrefix(src, "/") {
				if _, err := os.Stat(filepath.Join(root, src)); err != nil {
					t.Errorf("%s: mounts %s, which does not exist: %v", name, src, err)
				}
			} else if _, ok := c.Volumes[src]; !ok {
				t.Errorf("%s: named volume %s is not declared under volumes", name, src)
			}
		}
		if s.Build != nil {
			dockerfile := s.Build.Dockerfile
			if dockerfile == "" {
				dockerfile = "Dockerfile"
			}
			if _, err := os.Stat(filepath.Join(root, s.Build.Context, dockerfile)); err != nil {
				t.Errorf("%s: builds from %s: %v", name, dockerfile, err)
			}
		}
	}

	pg := c.Services["postgres"]
	if !strings.HasPrefix(pg.Image, "postgres:") {
		t.Errorf("postgres: image %q", pg.Image)
	}
	if !slices.Contains(pg.Volumes, "pgdata:/var/lib/postgresql/data") {
		t.Errorf("postgres: the data directory is not on the pgdata volume: %v", pg.Volumes)
	}
	if pg.Healthcheck == nil || !strings.Contains(strings.Join(pg.Healthcheck.Test, " "), "pg_isready") {
		t.Errorf("postgres: the health check does not run pg_isready")
	}
	if _, ok := c.Volumes["pgdata"]; !ok {
		t.Error("the pgdata volume is not declared")
	}

	user, db := pg.Environment["POSTGRES_USER"], pg.Environment["POSTGRES_DB"]
	for _, name := range []string{"parindex-1", "parindex-2"} {
		s := c.Services[name]
		if s.Build == nil || s.Build.Context != "." {
			t.Errorf("%s: is not built from the repository's Dockerfile", name)
		}
		url := s.Environment["PARINDEX_DATABASE_URL"]
		if !strings.HasPrefix(url, "postgres://"+user+":") || !strings.Contains(url, "@postgres:5432/"+db) {
			t.Errorf("%s: PARINDEX_DATABASE_URL %q does not name the postgres service's database %s as %s", name, url, db, user)
		}
		if s.Environment["PARINDEX_ADDR"] != ":8080" || !slices.Contains(s.Expose, "8080") {
			t.Errorf("%s: does not listen on 8080", name)
		}
		if s.DependsOn["postgres"].Condition != "service_healthy" {
			t.Errorf("%s: does not wait for postgres to be healthy: %+v", name, s.DependsOn)
		}
		// serve gives requests in flight 20 s after SIGTERM; docker must wait longer.
		if d, err := time.ParseDuration(s.StopGracePeriod); err != nil || d <= 20*time.Second {
			t.Errorf("%s: stop_grace_period %q, want more than 20s", name, s.StopGracePeriod)
		}
		if hc := s.Healthcheck; hc == nil || !slices.Equal(hc.Test, []string{"CMD", "parindex", "healthcheck", "http://127.0.0.1:8080/readyz"}) {
			t.Errorf("%s: health check %+v, want parindex healthcheck of /readyz", name, hc)
		}
	}

	proxy := c.Services["proxy"]
	for _, name := range []string{"parindex-1", "parindex-2"} {
		if proxy.DependsOn[name].Condition != "service_healthy" {
			t.Errorf("proxy: does not wait for %s to be healthy", name)
		}
	}
	if len(proxy.Ports) != 1 || !strings.HasSuffix(proxy.Ports[0], ":80") {
		t.Errorf("proxy: ports %v, want one published port to 80", proxy.Ports)
	}
	for name, s := range c.Services {
		if name != "proxy" && len(s.Ports) > 0 {
			t.Errorf("%s: publishes ports %v; only the proxy should", name, s.Ports)
		}
	}
}

// TestTrustedProxy: the instances believe X-Forwarded-For from the proxy
// alone: PARINDEX_TRUSTED_PROXIES is valid (as serve reads it) and holds
// the proxy's fixed address, which lies in the declared subnet, and no
// other service's address nor the whole network.
func TestTrustedProxy(t *testing.T) {
	c := load(t)
	proxy := c.Services["proxy"]
	var addr net.IP
	for name, n := range proxy.Networks {
		if n == nil || n.IPv4Address == "" {
			t.Fatalf("proxy: network %s gives no fixed ipv4_address", name)
		}
		addr = net.ParseIP(n.IPv4Address)
		if addr == nil {
			t.Fatalf("proxy: ipv4_address %q is not an address", n.IPv4Address)
		}
		def, ok := c.Networks[name]
		if !ok || len(def.Ipam.Config) == 0 {
			t.Fatalf("network %s has no declared subnet for the proxy's fixed address", name)
		}
		_, subnet, err := net.ParseCIDR(def.Ipam.Config[0].Subnet)
		if err != nil || !subnet.Contains(addr) {
			t.Errorf("network %s: subnet %q does not hold the proxy's %s (%v)", name, def.Ipam.Config[0].Subnet, addr, err)
		}
	}
	if addr == nil {
		t.Fatal("proxy: no fixed address on a network")
	}
	for _, name := range []string{"parindex-1", "parindex-2"} {
		v := c.Services[name].Environment["PARINDEX_TRUSTED_PROXIES"]
		nets, err := config.ParseTrustedProxies(v)
		if err != nil || len(nets) == 0 {
			t.Errorf("%s: PARINDEX_TRUSTED_PROXIES %q: %v", name, v, err)
			continue
		}
		for _, n := range nets {
			if ones, bits := n.Mask.Size(); ones != bits || !n.Contains(addr) {
				t.Errorf("%s: PARINDEX_TRUSTED_PROXIES trusts %s, more than the proxy's %s", name, n, addr)
			}
		}
	}
}

// TestCaddyfile: the proxy balances exactly the compose file's instances,
// checks /readyz, and keeps /metrics internal.
func TestCaddyfile(t *testing.T) {
	data, err := os.ReadFile("Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if strings.Count(text, "{") != strings.Count(text, "}") {
		t.Error("Caddyfile: unbalanced braces")
	}
	proxy := regexp.MustCompile(`(?m)^\s*reverse_proxy\s+(.+?)\s*\{`).FindStringSubmatch(text)
	if proxy == nil {
		t.Fatal("Caddyfile: no reverse_proxy block")
	}
	upstreams := strings.Fields(proxy[1])
	var instances []string
	for name, s := range load(t).Services {
		if s.Build != nil {
			instances = append(instances, name+":8080")
		}
	}
	slices.Sort(upstreams)
	slices.Sort(instances)
	if !slices.Equal(upstreams, instances) {
		t.Errorf("Caddyfile balances %v; the compose file's instances are %v", upstreams, instances)
	}
	for _, want := range []string{"health_uri /readyz", "health_interval ", "lb_policy ", "handle /metrics"} {
		if !strings.Contains(text, want) {
			t.Errorf("Caddyfile: lacks %q", want)
		}
	}
}

// TestDockerfile: multi-stage, cgo for SQLite, a non-root user, and the
// package it builds exists.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if n := len(regexp.MustCompile(`(?m)^FROM `).FindAllString(text, -1)); n < 2 {
		t.Errorf("Dockerfile: %d stages, want a build stage and a runtime stage", n)
	}
	for _, want := range []string{"CGO_ENABLED=1", "./cmd/parindex", "HEALTHCHECK", `ENTRYPOINT ["parindex"]`} {
		if !strings.Contains(text, want) {
			t.Errorf("Dockerfile: lacks %q", want)
		}
	}
	users := regexp.MustCompile(`(?m)^USER\s+(\S+)`).FindAllStringSubmatch(text, -1)
	if len(users) == 0 || users[len(users)-1][1] == "root" || users[len(users)-1][1] == "0" {
		t.Errorf("Dockerfile: the image must run as a non-root user: %v", users)
	}
	if _, err := os.Stat(filepath.Join(root, "cmd", "parindex", "main.go")); err != nil {
		t.Error(err)
	}
	ignore, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".git", "*.db"} {
		if !strings.Contains(string(ignore), want) {
			t.Errorf(".dockerignore: lacks %s (it would go into the image's build context)", want)
		}
	}
}

func checkHealthcheck(t *testing.T, name string, hc healthcheck) {
	t.Helper()
	if len(hc.Test) < 2 || (hc.Test[0] != "CMD" && hc.Test[0] != "CMD-SHELL") {
		t.Errorf("%s: health check test %v must start with CMD or CMD-SHELL", name, hc.Test)
	}
	for _, d := range []string{hc.Interval, hc.Timeout, hc.StartPeriod} {
		if d == "" {
			continue
		}
		if _, err := time.ParseDuration(d); err != nil {
			t.Errorf("%s: health check duration %q: %v", name, d, err)
		}
	}
	if hc.Interval == "" || hc.Timeout == "" || hc.Retries < 1 {
		t.Errorf("%s: health check needs an interval, a timeout and retries: %+v", name, hc)
	}
}
