package httpapi

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/parindex/parindex/internal/demo"
	"github.com/parindex/parindex/internal/precomputed"
)

// The read path through the real server: every public representation is
// served from bytes made once, in identity, gzip and brotli, with
// Content-Length, Vary and a strong ETag per encoding, 304 on
// If-None-Match; the second request of a URI is answered by the Front
// (without echo) with the same headers as the first.

// readPathRoutes are the public representations of the demo.
func readPathRoutes() []string {
	slug := demo.News().Slug
	return []string{
		"/api/v1/public/periods",
		"/api/v1/public/periods/2016/results?tier=department",
		"/api/v1/public/periods/2016/results?tier=district&version=1",
		"/api/v1/public/periods/2016/results.csv?tier=district",
		"/api/v1/public/periods/2016/summary",
		"/api/v1/public/periods/2016/summary.csv?bom=1",
		"/api/v1/public/periods/2016/versions",
		"/api/v1/public/periods/2016/report.xlsx",
		"/api/v1/public/units/thanh-tra",
		"/api/v1/public/news",
		"/api/v1/public/news/" + slug,
		"/embed/periods/2016?tier=district",
		"/embed/periods/2016?tier=department&lang=en&compact=1",
		"/news/" + slug,
	}
}

// rawGet sends a GET with headers and reads the body as sent, without the
// transport's own gzip handling.
func rawGet(t *testing.T, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

// decodeBody undoes the Content-Encoding of a response.
func decodeBody(t *testing.T, res *http.Response, b []byte) []byte {
	t.Helper()
	var r io.Reader
	switch enc := res.Header.Get("Content-Encoding"); enc {
	case "":
		return b
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", res.Request.URL, err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(bytes.NewReader(b))
	default:
		t.Fatalf("%s: Content-Encoding %q", res.Request.URL, enc)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: decoding %s: %v", res.Request.URL, res.Header.Get("Content-Encoding"), err)
	}
	return out
}

// sameHeaders compares two answers' headers, less those each answer has
// its own of, and those named.
func sameHeaders(t *testing.T, what string, a, b http.Header, except ...string) {
	t.Helper()
	for _, h := range []http.Header{a, b} {
		for k := range h {
			if k == "Date" || k == "X-Request-Id" || slices.Contains(except, k) {
				continue
			}
			if strings.Join(a.Values(k), "\n") != strings.Join(b.Values(k), "\n") {
				t.Errorf("%s: %s is %q, then %q", what, k, a.Values(k), b.Values(k))
			}
		}
	}
}

func TestReadPathEncodings(t *testing.T) {
	t.Parallel()
	ts := newPortalServer(t, Options{}, true)
	for _, path := range readPathRoutes() {
		url := ts.URL + path
		// The first GET of a URI goes through echo and its middleware.
		plainRes, plain := rawGet(t, url, "Accept-Encoding", "identity")
		if plainRes.StatusCode != http.StatusOK || len(plain) == 0 {
			t.Errorf("GET %s: %d, %d bytes", path, plainRes.StatusCode, len(plain))
			continue
		}
		compressible := !strings.HasSuffix(path, ".xlsx") && len(plain) >= precomputed.MinCompress
		tags := map[string]bool{}
		for _, c := range []struct{ accept, want string }{
			{"", ""}, {"identity", ""}, {"gzip", "gzip"}, {"br", "br"}, {"gzip, deflate, br", "br"},
			{"br;q=0.5, gzip", "gzip"}, {"gzip;q=0, br;q=0", ""}, {"identity;q=0, gzip", "gzip"},
		} {
			if !compressible {
				c.want = ""
			}
			what := "GET " + path + " (Accept-Encoding: " + c.accept + ")"
			var header []string
			if c.accept != "" {
				header = []string{"Accept-Encoding", c.accept}
			}
			// Twice: the first may go through echo, the second comes from the Front.
			first, firstBody := rawGet(t, url, header...)
			res, b := rawGet(t, url, header...)
			sameHeaders(t, what+", twice", first.Header, res.Header)
			sameHeaders(t, what+", against echo's", plainRes.Header, res.Header, "Content-Encoding", "Content-Length", "Etag")
			if !bytes.Equal(firstBody, b) {
				t.Errorf("%s: two answers differ", what)
			}
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != c.want {
				t.Errorf("%s: %d, Content-Encoding %q, want %q", what, res.StatusCode, res.Header.Get("Content-Encoding"), c.want)
			}
			if res.Header.Get("Content-Length") != strconv.Itoa(len(b)) || res.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("%s: Content-Length %q for %d bytes, Vary %q", what, res.Header.Get("Content-Length"), len(b), res.Header.Get("Vary"))
			}
			if got := decodeBody(t, res, b); !bytes.Equal(got, plain) {
				t.Errorf("%s: the body decodes to %d bytes, not the %d of identity", what, len(got), len(plain))
			}
			if c.want != "" && len(b) >= len(plain) {
				t.Errorf("%s: %d bytes, identity %d", what, len(b), len(plain))
			}
			etag := res.Header.Get("ETag")
			if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) {
				t.Errorf("%s: ETag %q is not strong", what, etag)
			}
			tags[etag] = true
			// 304 for this encoding's tag, from echo and from the Front alike.
			for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag} {
				nm, nb := rawGet(t, url, append(header, "If-None-Match", inm)...)
				if nm.StatusCode != http.StatusNotModified || len(nb) != 0 || nm.Header.Get("ETag") != etag || nm.Header.Get("Vary") != "Accept-Encoding" ||
					nm.Header.Get("Cache-Control") != res.Header.Get("Cache-Control") {
					t.Errorf("%s, If-None-Match %s: %d, %d bytes, ETag %q, Vary %q, Cache-Control %q", what, inm, nm.StatusCode, len(nb),
						nm.Header.Get("ETag"), nm.Header.Get("Vary"), nm.Header.Get("Cache-Control"))
				}
			}
		}
		if want := map[bool]int{true: 3, false: 1}[compressible]; len(tags) != want {
			t.Errorf("GET %s: %d ETags over the encodings, want %d (one per encoding): %v", path, len(tags), want, tags)
		}
		// HEAD: headers only, the same length (through echo: the Front takes GETs).
		req, _ := http.NewRequest(http.MethodHead, url, nil)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK && res.ContentLength != int64(len(plain)) && res.Header.Get("Content-Encoding") == "" {
				t.Errorf("HEAD %s: Content-Length %d, GET has %d bytes", path, res.ContentLength, len(plain))
			}
		}
	}
}

// TestReadPathSecurityHeaders: an answer of the Front carries what the
// middleware gives the same route through echo: security headers, CORS on
// the public API, the widget's CSP, a request id of its own.
func TestReadPathSecurityHeaders(t *testing.T) {
	t.Parallel()
	ts := newPortalServer(t, Options{}, true)
	for _, c := range []struct {
		path string
		want map[string]string
	}{
		{"/api/v1/public/periods/2016/results?tier=department", map[string]string{"Access-Control-Allow-Origin": "*", "X-Frame-Options": "DENY",
			"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'", "Cache-Control": cacheLatest}},
		{"/api/v1/public/periods/2016/results.csv?tier=department&version=1", map[string]string{"Cache-Control": cacheVersioned,
			"Content-Disposition": `attachment; filename="parindex-2016-department-v1.csv"`}},
		{"/embed/periods/2016?tier=district", map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}},
	} {
		var ids []string
		for i := range 3 {
			res, _ := rawGet(t, ts.URL+c.path, "X-Request-Id", map[bool]string{true: "mine-1", false: ""}[i == 2])
			for k, v := range c.want {
				if res.Header.Get(k) != v {
					t.Errorf("GET %s (%d): %s %q, want %q", c.path, i, k, res.Header.Get(k), v)
				}
			}
			if strings.HasPrefix(c.path, "/embed/") && !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors") {
				t.Errorf("GET %s (%d): CSP %q", c.path, i, res.Header.Get("Content-Security-Policy"))
			}
			ids = append(ids, res.Header.Get("X-Request-Id"))
		}
		if ids[0] == "" || ids[0] == ids[1] || ids[2] != "mine-1" {
			t.Errorf("GET %s: request ids %q: each its own, the client's when plain", c.path, ids)
		}
	}
}

// TestReadPathUnpublishedAndCorrection: an unpublished year 404s on every
// representation, also asked twice (a 404 is never kept); a correction
// (v2) is served at once with new ETags, and version 1 keeps its bytes and
// its tags.
func TestReadPathUnpublishedAndCorrection(t *testing.T) {
	t.Parallel()
	ts := newPortalServer(t, Options{}, true)
	ts.must(http.StatusCreated, "POST", "/api/v1/periods", ts.admin, map[string]any{"year": 2017, "title": "Chỉ số cải cách hành chính năm 2017"})
	for _, path := range readPathRoutes() {
		if !strings.Contains(path, "/2016") {
			continue
		}
		for _, year := range []string{"2017", "2099"} {
			p := strings.Replace(path, "2016", year, 1)
			for range 2 {
				if res, b := rawGet(t, ts.URL+p, "Accept-Encoding", "gzip"); res.StatusCode != http.StatusNotFound {
					t.Errorf("GET %s: %d, want 404\n%s", p, res.StatusCode, b)
				}
			}
		}
	}

	latest := "/api/v1/public/periods/2016/results?tier=department"
	pinned := latest + "&version=1"
	type seen struct {
		tag  string
		body []byte
	}
	before := map[string]seen{}
	for _, p := range []string{latest, pinned, "/api/v1/public/periods/2016/versions", "/embed/periods/2016?tier=district"} {
		for _, enc := range []string{"identity", "gzip", "br"} {
			res, b := rawGet(t, ts.URL+p, "Accept-Encoding", enc)
			before[p+" "+enc] = seen{res.Header.Get("ETag"), b}
		}
	}
	why := "Đính chính số liệu (thử nghiệm)"
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2016/stage", ts.admin, map[string]any{"stage": "appraisal", "reason": why})
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/publish", ts.admin, map[string]any{"reason": why})
	for _, p := range []string{latest, pinned, "/api/v1/public/periods/2016/versions", "/embed/periods/2016?tier=district"} {
		for _, enc := range []string{"identity", "gzip", "br"} {
			res, b := rawGet(t, ts.URL+p, "Accept-Encoding", enc)
			was := before[p+" "+enc]
			old, _ := rawGet(t, ts.URL+p, "Accept-Encoding", enc, "If-None-Match", was.tag)
			if p == pinned {
				if res.Header.Get("ETag") != was.tag || !bytes.Equal(b, was.body) || old.StatusCode != http.StatusNotModified {
					t.Errorf("%s (%s) after the correction: ETag %q was %q, same bytes %v, revalidation %d", p, enc, res.Header.Get("ETag"), was.tag, bytes.Equal(b, was.body), old.StatusCode)
				}
				continue
			}
			if res.Header.Get("ETag") == was.tag || bytes.Equal(b, was.body) || old.StatusCode != http.StatusOK {
				t.Errorf("%s (%s) after the correction: ETag %q still, revalidation %d", p, enc, was.tag, old.StatusCode)
			}
			if p == latest && !bytes.Contains(decodeBody(t, res, b), []byte(`"version":2`)) {
				t.Errorf("%s (%s): not version 2", p, enc)
			}
		}
	}
}
