// Package precomputed serves representations that are made once and then
// only sent: the public JSON, CSV, widget, workbook and pages of published
// snapshots, which never change. A Rep holds the bytes with their type, a
// strong ETag, and gzip and brotli copies compressed once at the best
// levels; its ServeHTTP chooses the copy by Accept-Encoding (q-values,
// identity), answers 304 to If-None-Match, and sets Content-Length and
// Vary: Accept-Encoding. A Front in front of the router answers a request
// URI it has seen served from a Rep itself, without the router and its
// middleware (see Front).
//
// How a page (internal/web) plugs in: make the page's bytes once per
// published snapshot, keep the *Rep with the snapshot (published.Snapshot.Rep
// does it), set the page's own headers (Cache-Control, a CSP) on the
// response, and end the handler with
//
//	precomputed.Serve(c.Response(), c.Request(), rep, route, until)
//
// where route is the router's pattern (c.Path(), for the metrics) and until
// is when the answer may change (published.Cache.Until for a "latest"
// page; the zero time for a numbered version, which never changes). Only a
// page whose bytes depend on nothing but the request URI may do this: not
// one that shows who is signed in, or reads a cookie or Accept-Language.
// A page that reads a cookie (the language) or the request's Host (its
// canonical URL) ends with ServeAnonymous and a rep.Varying("Cookie")
// instead: the Front keeps it only from, and gives it only to, requests
// without a Cookie header that came to the same Host and scheme (the public
// site's pages do, internal/web serveSite). Anything else can still use
// rep.ServeHTTP, which remembers nothing.
//
// ETags: each encoding has its own strong ETag ("h", "h-gz", "h-br", h
// from the identity bytes' SHA-256), as RFC 9110 wants of a strong
// validator (different bytes, different tag); If-None-Match is compared
// weakly (a W/ prefix, as a proxy that recompresses adds, still matches)
// against the tag of the encoding this request would get, so a cache that
// keeps one copy per Accept-Encoding (Vary) revalidates each with its own
// tag.
package precomputed

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Encodings, in the order a Rep keeps them.
const (
	Identity = iota
	Gzip
	Brotli
	nEncodings
)

var encodingNames = [nEncodings]string{"identity", "gzip", "br"}

// MinCompress: below this many bytes nothing is compressed (the headers
// outweigh the gain).
const MinCompress = 256

// Above this many bytes brotli uses a faster level than its best (level
// 11 runs at about 1 MB/s; the first request waits for it).
const brotliBestBelow = 256 << 10

// variant is one encoding's bytes with the header values that go with them,
// made once: serving one sets map entries and allocates nothing.
type variant struct {
	body     []byte
	length   []string // Content-Length
	etag     []string
	encoding []string // Content-Encoding; nil for identity
}

// Rep is one representation: its bytes in each encoding that is worth
// having, with its type and ETags. It never changes after New.
type Rep struct {
	ctype []string
	vs    [nEncodings]*variant
	vary  []string // Vary; nil: Accept-Encoding
}

// Header values shared by every Rep. Slices of capacity 1, so that an
// append by anyone copies them instead of writing into them.
var (
	varyAccept = []string{"Accept-Encoding"}[:1:1]
)

func one(s string) []string { return []string{s}[:1:1] }

// New makes the representation of body, of the Content-Type ctype, and
// compresses it now when its type is text-like and compression pays. body
// is kept and must not be changed afterwards.
func New(ctype string, body []byte) *Rep {
	sum := sha256.Sum256(body)
	tag := base64.RawURLEncoding.EncodeToString(sum[:18])
	r := &Rep{ctype: one(ctype)}
	r.vs[Identity] = &variant{body: body, length: one(strconv.Itoa(len(body))), etag: one(`"` + tag + `"`)}
	if len(body) < MinCompress || !Compressible(ctype) {
		return r
	}
	if gz := gzipBytes(body); len(gz) < len(body)*9/10 {
		r.vs[Gzip] = &variant{body: gz, length: one(strconv.Itoa(len(gz))), etag: one(`"` + tag + `-gz"`), encoding: one("gzip")}
	}
	if br := brotliBytes(body); len(br) < len(body)*9/10 {
		r.vs[Brotli] = &variant{body: br, length: one(strconv.Itoa(len(br))), etag: one(`"` + tag + `-br"`), encoding: one("br")}
	}
	return r
}

// Compressible tells the types worth compressing: text, JSON, XML, SVG,
// JavaScript, CSV. A workbook, a zip, an image or a PDF is compressed
// already.
func Compressible(ctype string) bool {
	t, _, _ := strings.Cut(ctype, ";")
	t = strings.ToLower(strings.TrimSpace(t))
	switch {
	case strings.HasPrefix(t, "text/"), strings.HasSuffix(t, "+json"), strings.HasSuffix(t, "+xml"):
		return true
	}
	switch t {
	case "application/json", "application/xml", "application/javascript", "image/svg+xml", "application/yaml":
		return true
	}
	return false
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func brotliBytes(b []byte) []byte {
	level := brotli.BestCompression
	if len(b) > brotliBestBelow {
		level = 6
	}
	// The window need not be larger than the bytes (brotli's window is
	// 2^lgwin - 16 bytes, 2^10 to 2^24): the output is as small, and the
	// encoder's tables, sized by the window, are not 4 MB for a 2 KB page.
	lgwin := 10
	for lgwin < 24 && 1<<lgwin-16 < len(b) {
		lgwin++
	}
	var buf bytes.Buffer
	zw := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: level, LGWin: lgwin})
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// Varying is the same representation (the same bytes and ETags) sent
// with Vary: Accept-Encoding and the request headers named: for a page
// whose bytes also depend on a cookie (Vary: Cookie), so that a shared
// cache does not give one reader's answer to another.
func (r *Rep) Varying(headers ...string) *Rep {
	v := *r
	v.vary = one(strings.Join(append([]string{"Accept-Encoding"}, headers...), ", "))
	return &v
}

// ContentType is the representation's Content-Type.
func (r *Rep) ContentType() string { return r.ctype[0] }

// ETag is the strong ETag of the identity bytes.
func (r *Rep) ETag() string { return r.vs[Identity].etag[0] }

// Body is the bytes in an encoding (Identity, Gzip, Brotli), nil when the
// Rep does not keep that encoding.
func (r *Rep) Body(enc int) []byte {
	if enc < 0 || enc >= nEncodings || r.vs[enc] == nil {
		return nil
	}
	return r.vs[enc].body
}

// Len is the size of the identity bytes.
func (r *Rep) Len() int { return len(r.vs[Identity].body) }

// ServeHTTP answers a GET or HEAD with the representation; it remembers
// nothing (Serve does, behind a Front).
func (r *Rep) ServeHTTP(w http.ResponseWriter, req *http.Request) { r.serve(w, req) }

// serve answers and returns the status it sent.
func (r *Rep) serve(w http.ResponseWriter, req *http.Request) int {
	v := r.vs[r.choose(req.Header["Accept-Encoding"])]
	h := w.Header()
	if r.vary != nil {
		h["Vary"] = r.vary
	} else {
		h["Vary"] = varyAccept
	}
	h["Etag"] = v.etag
	if inm := req.Header["If-None-Match"]; len(inm) > 0 && etagListed(inm, v.etag[0]) {
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified
	}
	h["Content-Type"] = r.ctype
	h["Content-Length"] = v.length
	if v.encoding != nil {
		h["Content-Encoding"] = v.encoding
	}
	w.WriteHeader(http.StatusOK)
	if req.Method != http.MethodHead {
		w.Write(v.body)
	}
	return http.StatusOK
}

// choose picks the encoding for an Accept-Encoding: the highest q-value
// among those the Rep keeps; on a tie the smaller (br, then gzip, then
// identity). Identity is acceptable unless refused (identity;q=0, or *;q=0
// without naming it); when nothing acceptable is kept, identity is sent
// all the same (RFC 9110 12.5.3).
func (r *Rep) choose(header []string) int {
	if len(header) == 0 || r.vs[Gzip] == nil && r.vs[Brotli] == nil {
		return Identity
	}
	var q [nEncodings]int // thousandths; -1: not named
	q[Identity], q[Gzip], q[Brotli] = -1, -1, -1
	star := -1
	for _, line := range header {
		for line != "" {
			var item string
			item, line, _ = strings.Cut(line, ",")
			name, params, _ := strings.Cut(item, ";")
			name = strings.TrimSpace(name)
			qv := qvalue(params)
			switch {
			case name == "*":
				star = qv
			case strings.EqualFold(name, "gzip"), strings.EqualFold(name, "x-gzip"):
				q[Gzip] = max(q[Gzip], qv)
			case strings.EqualFold(name, "br"):
				q[Brotli] = max(q[Brotli], qv)
			case strings.EqualFold(name, "identity"):
				q[Identity] = max(q[Identity], qv)
			}
		}
	}
	for i := range q {
		if q[i] < 0 {
			q[i] = star // -1 still when * is not named either
		}
	}
	if q[Identity] < 0 {
		q[Identity] = 1 // acceptable unless refused, below any named coding
	}
	best, bestQ := Identity, q[Identity]
	for _, enc := range [...]int{Gzip, Brotli} {
		if r.vs[enc] != nil && q[enc] > 0 && q[enc] >= bestQ {
			best, bestQ = enc, q[enc]
		}
	}
	return best
}

// qvalue reads ";q=0.5" (in thousandths, 1000 when absent or unreadable
// as a q-value but present as another parameter).
func qvalue(params string) int {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		return parseQ(strings.TrimSpace(v))
	}
	return 1000
}

// parseQ reads a qvalue (RFC 9110 12.4.2: 0, 0.xxx, 1, 1.000); anything
// else is 0, not acceptable.
func parseQ(v string) int {
	if v == "" || (v[0] != '0' && v[0] != '1') {
		return 0
	}
	whole := int(v[0] - '0')
	frac, scale := 0, 100
	if len(v) > 1 {
		if v[1] != '.' || len(v) > 5 {
			return 0
		}
		for i := 2; i < len(v); i++ {
			if v[i] < '0' || v[i] > '9' {
				return 0
			}
			frac += int(v[i]-'0') * scale
			scale /= 10
		}
	}
	if whole == 1 {
		if frac != 0 {
			return 0
		}
		return 1000
	}
	return frac
}

// etagListed tells whether an If-None-Match names etag, with the weak
// comparison RFC 9110 13.1.2 prescribes for it, or is "*".
func etagListed(header []string, etag string) bool {
	for _, line := range header {
		for line != "" {
			var t string
			t, line, _ = strings.Cut(line, ",")
			t = strings.TrimSpace(t)
			t = strings.TrimPrefix(t, "W/")
			if t == etag || t == "*" {
				return true
			}
		}
	}
	return false
}

// Recent makes Reps like New, but gives back the Rep it made last time for
// the same type and bytes: for answers rebuilt from the database now and
// then (a list of news), which mostly come out the same, so they are not
// compressed again. It keeps at most MaxRecent Reps.
type Recent struct {
	mu   sync.Mutex
	reps map[[32]byte]*Rep
}

// MaxRecent bounds the Reps a Recent keeps; when full it starts over.
const MaxRecent = 512

// New is New(ctype, body), or the same Rep as before.
func (rc *Recent) New(ctype string, body []byte) *Rep {
	h := sha256.New()
	h.Write([]byte(ctype))
	h.Write([]byte{0})
	h.Write(body)
	var key [32]byte
	h.Sum(key[:0])
	rc.mu.Lock()
	r := rc.reps[key]
	rc.mu.Unlock()
	if r != nil {
		return r
	}
	r = New(ctype, body)
	rc.mu.Lock()
	if rc.reps == nil || len(rc.reps) >= MaxRecent {
		rc.reps = map[[32]byte]*Rep{}
	}
	rc.reps[key] = r
	rc.mu.Unlock()
	return r
}
