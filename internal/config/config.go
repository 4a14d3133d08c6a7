// Package config reads parindex's settings from flags and PARINDEX_*
// environment variables into one value; there is no global configuration.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/password"
)

// Config is everything `parindex serve` can be told.
type Config struct {
	Addr          string        // PARINDEX_ADDR
	DatabaseURL   string        // PARINDEX_DATABASE_URL: a SQLite file path or a postgres:// URL
	Demo          bool          // --demo or PARINDEX_DEMO=1: load the demo province into an empty database
	AdminPassword string        // PARINDEX_ADMIN_PASSWORD: creates user admin on first start
	TokenTTL      time.Duration // PARINDEX_TOKEN_TTL: how long a login lasts
	BodyLimit     int64         // PARINDEX_BODY_LIMIT_MB, in bytes: larger requests get 413
	EmbedOrigins  []string      // PARINDEX_EMBED_ORIGINS: the portals that may frame the widget (CSP frame-ancestors); * by default only in demo mode
	WriteRate     float64       // PARINDEX_WRITE_RATE: changes a second per user (and logins per address), 0 for no limit
	// PARINDEX_TRUSTED_PROXIES: the reverse proxies (CIDRs) whose
	// X-Forwarded-For is believed; none by default: the TCP peer is the
	// client's address.
	TrustedProxies []*net.IPNet
	// EvidenceMaxBytes is PARINDEX_EVIDENCE_MAX_BYTES: the largest evidence
	// file a unit may upload (larger ones get 413 before they are read).
	EvidenceMaxBytes int64
	// ReadHeaderTimeout is PARINDEX_READ_HEADER_TIMEOUT: how long a client
	// may take to send its request headers before the connection is closed
	// (a slowloris holds connections open by never finishing them).
	ReadHeaderTimeout time.Duration
	// PublicURL is PARINDEX_PUBLIC_URL: the public site's address
	// (https://chisocchc.example.gov.vn), which canonical links, Open Graph
	// and the sitemap name; empty: the request's own host.
	PublicURL string
}

// DefaultReadHeaderTimeout is the time a client has to send its headers.
const DefaultReadHeaderTimeout = 10 * time.Second

// ReadTimeout bounds the reading of a whole request (evidence uploads
// move it on as they go); PARINDEX_READ_HEADER_TIMEOUT cannot exceed it.
const ReadTimeout = 2 * time.Minute

// DefaultEvidenceMaxBytes is 20 MiB: a scanned decision or report.
const DefaultEvidenceMaxBytes = 20 << 20

// DefaultWriteRate is generous: a council saving a sheet a second, or a
// secretariat importing many batches, never meets it.
const DefaultWriteRate = 20

// Defaults are the settings when nothing is said.
func Defaults() Config {
	return Config{Addr: ":8080", DatabaseURL: "parindex.db", TokenTTL: 12 * time.Hour, BodyLimit: 16 << 20, WriteRate: DefaultWriteRate, EvidenceMaxBytes: DefaultEvidenceMaxBytes,
		ReadHeaderTimeout: DefaultReadHeaderTimeout}
}

// Load reads the environment, then flags (which win), and validates.
func Load(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	c := Defaults()
	var errs []error
	if v := getenv("PARINDEX_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("PARINDEX_DATABASE_URL"); v != "" {
		c.DatabaseURL = v
	}
	if v := getenv("PARINDEX_DEMO"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("PARINDEX_DEMO=%q: want 1, 0, true or false", v))
		}
		c.Demo = b
	}
	c.AdminPassword = getenv("PARINDEX_ADMIN_PASSWORD")
	if v := getenv("PARINDEX_TOKEN_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("PARINDEX_TOKEN_TTL=%q: want a duration like 12h", v))
		}
		c.TokenTTL = d
	}
	if v := getenv("PARINDEX_BODY_LIMIT_MB"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("PARINDEX_BODY_LIMIT_MB=%q: want a whole number of megabytes", v))
		}
		c.BodyLimit = n << 20
	}
	if v := getenv("PARINDEX_WRITE_RATE"); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r < 0 || math.IsInf(r, 0) || math.IsNaN(r) {
			errs = append(errs, fmt.Errorf("PARINDEX_WRITE_RATE=%q: want changes a second per user, like 20 (0: no limit)", v))
		}
		c.WriteRate = r
	}
	if v := getenv("PARINDEX_EVIDENCE_MAX_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("PARINDEX_EVIDENCE_MAX_BYTES=%q: want a whole number of bytes, like 20971520 (20 MiB)", v))
		}
		c.EvidenceMaxBytes = n
	}
	if v := getenv("PARINDEX_READ_HEADER_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("PARINDEX_READ_HEADER_TIMEOUT=%q: want a duration like 10s", v))
		}
		c.ReadHeaderTimeout = d
	}
	c.PublicURL = strings.TrimRight(strings.TrimSpace(getenv("PARINDEX_PUBLIC_URL")), "/")
	c.EmbedOrigins = strings.FieldsFunc(getenv("PARINDEX_EMBED_ORIGINS"), func(r rune) bool { return r == ',' || r == ' ' })
	if proxies, err := ParseTrustedProxies(getenv("PARINDEX_TRUSTED_PROXIES")); err != nil {
		errs = append(errs, err)
	} else {
		c.TrustedProxies = proxies
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on (PARINDEX_ADDR)")
	fs.StringVar(&c.DatabaseURL, "db", c.DatabaseURL, "SQLite database file or postgres:// URL (PARINDEX_DATABASE_URL)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "load the demo province (Lai Châu 2016) into an empty database (PARINDEX_DEMO)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		errs = append(errs, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " ")))
	}
	if len(errs) > 0 {
		return c, errors.Join(errs...)
	}
	if c.Demo && len(c.EmbedOrigins) == 0 {
		c.EmbedOrigins = []string{"*"} // the demo may be framed by any page; a real portal names itself
	}
	return c, c.Validate()
}

// Validate reports settings that cannot work.
func (c Config) Validate() error {
	var errs []error
	if c.Addr == "" {
		errs = append(errs, errors.New("the listen address is empty"))
	}
	if c.DatabaseURL == "" {
		errs = append(errs, errors.New("PARINDEX_DATABASE_URL is empty"))
	}
	if c.TokenTTL < time.Minute {
		errs = append(errs, fmt.Errorf("PARINDEX_TOKEN_TTL %s is shorter than a minute", c.TokenTTL))
	}
	if c.BodyLimit < 1<<20 {
		errs = append(errs, fmt.Errorf("PARINDEX_BODY_LIMIT_MB must be at least 1"))
	}
	if c.EvidenceMaxBytes < 1<<10 || c.EvidenceMaxBytes > 1<<30 {
		errs = append(errs, fmt.Errorf("PARINDEX_EVIDENCE_MAX_BYTES %d must be between 1024 bytes and 1 GiB (1073741824)", c.EvidenceMaxBytes))
	}
	if c.ReadHeaderTimeout < 100*time.Millisecond || c.ReadHeaderTimeout > ReadTimeout {
		errs = append(errs, fmt.Errorf("PARINDEX_READ_HEADER_TIMEOUT %s must be between 100ms and the read timeout, %s", c.ReadHeaderTimeout, ReadTimeout))
	}
	if c.AdminPassword != "" {
		if err := password.Check("admin", c.AdminPassword); err != nil {
			// The operator reads the settings' errors in English.
			errs = append(errs, fmt.Errorf("PARINDEX_ADMIN_PASSWORD: %s", msg.Error(msg.EN, err)))
		}
	}
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			errs = append(errs, fmt.Errorf("PARINDEX_PUBLIC_URL %q: want the site's address without a path, like https://chisocchc.example.gov.vn", c.PublicURL))
		}
	}
	for _, o := range c.EmbedOrigins {
		if !embedOrigin.MatchString(o) {
			errs = append(errs, fmt.Errorf("PARINDEX_EMBED_ORIGINS: %q is not an origin like https://sonoivu.laichau.gov.vn (or *, or 'self')", o))
		}
	}
	return errors.Join(errs...)
}

// embedOrigin is a CSP frame-ancestors source: an http(s) origin, possibly
// with a wildcard subdomain, or * or 'self'.
var embedOrigin = regexp.MustCompile(`^(\*|'self'|https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?)$`)

// ParseTrustedProxies reads PARINDEX_TRUSTED_PROXIES: CIDRs (10.0.0.0/8,
// fd00::/8) or single addresses, separated by commas or spaces. A bad
// entry is an error naming it.
func ParseTrustedProxies(v string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	var bad []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		if !strings.Contains(f, "/") {
			if ip := net.ParseIP(f); ip != nil {
				bits := 128
				if ip4 := ip.To4(); ip4 != nil {
					ip, bits = ip4, 32
				}
				out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
				continue
			}
		} else if _, n, err := net.ParseCIDR(f); err == nil {
			out = append(out, n)
			continue
		}
		bad = append(bad, strconv.Quote(f))
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("PARINDEX_TRUSTED_PROXIES: %s is not a CIDR like 172.28.0.10/32 or 10.0.0.0/8 (or a single address)", strings.Join(bad, ", "))
	}
	return out, nil
}
