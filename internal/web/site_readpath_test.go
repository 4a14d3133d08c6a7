package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/parindex/parindex/internal/httpapi"
)

// The public pages on the read path (site.go serveSite): bytes made once
// for the same page, strong ETags per encoding, 304s, gzip and brotli,
// Vary: Accept-Encoding, Cookie; kept in the Front only for readers
// without cookies; forgotten on publication.

// rawPage sends a GET with headers, without the transport's gzip handling
// and without a cookie jar.
func (s *site) rawPage(path string, header ...string) (*http.Response, []byte) {
	s.t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	res, err := client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return res, b
}

func decoded(t *testing.T, res *http.Response, b []byte) []byte {
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
		t.Fatalf("%s: %v", res.Request.URL, err)
	}
	return out
}

func TestSitePagesReadPath(t *testing.T) {
	t.Parallel()
	s := demoSite(t, httpapi.Options{PublicURL: publicURL})
	for _, path := range []string{"/", "/units/thanh-tra", "/results/2016/department", "/results/2016/district?sort=name", "/sitemap.xml"} {
		var plain []byte
		tags := map[string]bool{}
		for _, enc := range []string{"identity", "gzip", "br", "identity", "gzip", "br"} { // twice: the second from the Front
			res, b := s.rawPage(path, "Accept-Encoding", enc)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s (%s): %d", path, enc, res.StatusCode)
			}
			want := map[string]string{"identity": "", "gzip": "gzip", "br": "br"}[enc]
			if got := res.Header.Get("Content-Encoding"); got != want {
				t.Errorf("GET %s (%s): Content-Encoding %q", path, enc, got)
			}
			if v := res.Header.Get("Vary"); v != "Accept-Encoding, Cookie" {
				t.Errorf("GET %s (%s): Vary %q", path, enc, v)
			}
			if res.Header.Get("Content-Length") == "" || res.Header.Get("Content-Length") != strings.TrimSpace(res.Header.Get("Content-Length")) || res.ContentLength != int64(len(b)) {
				t.Errorf("GET %s (%s): Content-Length %q for %d bytes", path, enc, res.Header.Get("Content-Length"), len(b))
			}
			if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=120" {
				t.Errorf("GET %s (%s): Cache-Control %q", path, enc, cc)
			}
			if path != "/sitemap.xml" && (res.Header.Get("Content-Language") != "vi" || res.Header.Get("Content-Security-Policy") == "") {
				t.Errorf("GET %s (%s): Content-Language %q, CSP %q", path, enc, res.Header.Get("Content-Language"), res.Header.Get("Content-Security-Policy"))
			}
			body := decoded(t, res, b)
			if plain == nil {
				plain = body
			} else if !bytes.Equal(body, plain) {
				t.Errorf("GET %s (%s): not the identity bytes once decoded", path, enc)
			}
			tag := res.Header.Get("ETag")
			if !strings.HasPrefix(tag, `"`) {
				t.Errorf("GET %s (%s): ETag %q, want a strong one", path, enc, tag)
			}
			tags[tag] = true
			old, rest := s.rawPage(path, "Accept-Encoding", enc, "If-None-Match", tag)
			if old.StatusCode != http.StatusNotModified || len(rest) != 0 || old.Header.Get("ETag") != tag {
				t.Errorf("GET %s (%s) If-None-Match: %d, %d bytes, ETag %q", path, enc, old.StatusCode, len(rest), old.Header.Get("ETag"))
			}
		}
		if len(tags) != 3 {
			t.Errorf("GET %s: ETags %v, want one per encoding", path, tags)
		}
	}
}

// TestSitePagesLanguageAndCookies: a cookie-less reader gets the
// Vietnamese page from the Front; a reader with the English cookie (or any
// cookie) gets a fresh page of their own, private; ?lang= sets the cookie
// and is never kept.
func TestSitePagesLanguageAndCookies(t *testing.T) {
	t.Parallel()
	s := demoSite(t, httpapi.Options{PublicURL: publicURL})
	for _, path := range []string{"/", "/units/thanh-tra", "/results/2016/department"} {
		for range 2 {
			if res, _ := s.rawPage(path); res.Header.Get("Content-Language") != "vi" {
				t.Fatalf("GET %s: %q", path, res.Header.Get("Content-Language"))
			}
		}
		res, b := s.rawPage(path, "Cookie", "parindex_lang=en", "Accept-Encoding", "gzip")
		if res.Header.Get("Content-Language") != "en" || !bytes.Contains(decoded(t, res, b), []byte(`<html lang="en"`)) {
			t.Errorf("GET %s with the en cookie: %q", path, res.Header.Get("Content-Language"))
		}
		if cc := res.Header.Get("Cache-Control"); cc != "private, no-cache" || res.Header.Get("ETag") == "" || res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("GET %s with a cookie: Cache-Control %q, ETag %q, Content-Encoding %q", path, cc, res.Header.Get("ETag"), res.Header.Get("Content-Encoding"))
		}
		if old, _ := s.rawPage(path, "Cookie", "parindex_lang=en", "Accept-Encoding", "gzip", "If-None-Match", res.Header.Get("ETag")); old.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s with a cookie, revalidated: %d", path, old.StatusCode)
		}
		// ?lang=en sets the cookie: private, and never kept for the next reader of that address.
		for range 2 {
			res, _ := s.rawPage(path + "?lang=en")
			if res.Header.Get("Content-Language") != "en" || len(res.Header.Values("Set-Cookie")) == 0 || res.Header.Get("Cache-Control") != "private, no-cache" {
				t.Errorf("GET %s?lang=en: %q, Set-Cookie %q, Cache-Control %q", path, res.Header.Get("Content-Language"), res.Header.Values("Set-Cookie"), res.Header.Get("Cache-Control"))
			}
		}
		// A cookie-less reader still gets Vietnamese, from the cache.
		if res, b := s.rawPage(path); res.Header.Get("Content-Language") != "vi" || !bytes.Contains(b, []byte(`<html lang="vi"`)) {
			t.Errorf("GET %s without a cookie after the English readers: %q", path, res.Header.Get("Content-Language"))
		}
	}
}

// TestSitePagesHost: without PARINDEX_PUBLIC_URL the canonical address is
// the request's Host; a page kept for one Host is not given to another.
func TestSitePagesHost(t *testing.T) {
	t.Parallel()
	s := demoSite(t, httpapi.Options{})
	for range 2 {
		if _, b := s.rawPage("/", "Host", "evil.example"); !bytes.Contains(b, []byte("http://evil.example/")) {
			t.Fatalf("GET / for evil.example: not its canonical address")
		}
	}
	if _, b := s.rawPage("/"); bytes.Contains(b, []byte("evil.example")) {
		t.Errorf("GET / got the page kept for another Host")
	}
	// A proxy's X-Forwarded-Proto from an untrusted address: not kept, not answered from the Front.
	for range 2 {
		if _, b := s.rawPage("/units/thanh-tra", "X-Forwarded-Proto", "https"); bytes.Contains(b, []byte("https://")) && !bytes.Contains(b, []byte("http://127.0.0.1")) {
			t.Errorf("an untrusted X-Forwarded-Proto was believed")
		}
	}
}

// TestSitePagesCorrection: the home page, kept in the Front, shows a
// correction (v2) at once, with a new ETag.
func TestSitePagesCorrection(t *testing.T) {
	t.Parallel()
	s := demoSite(t, httpapi.Options{PublicURL: publicURL})
	s.published2017()
	var tag string
	for range 2 {
		res, b := s.rawPage("/")
		tag = res.Header.Get("ETag")
		if !bytes.Contains(b, []byte("trung bình: <strong>8,25%")) {
			t.Fatalf("home before the correction lacks the 2017 average 8,25%%")
		}
		if _, b := s.rawPage("/units/so-tai-chinh"); !bytes.Contains(b, []byte("90,00%")) {
			t.Fatalf("the unit page before the correction lacks 90,00%%")
		}
	}
	s.api(http.StatusOK, "POST", "/api/v1/periods/2017/stage", s.admin, map[string]any{"stage": "appraisal", "reason": "Sai sót điểm của Sở Tài chính"}, nil)
	s.api(http.StatusOK, "PUT", "/api/v1/periods/2017/scores", s.admin, map[string]any{"scores": []map[string]any{{"unit": "so-tai-chinh", "criterion": "1.1", "points": 7}}}, nil)
	s.api(http.StatusCreated, "POST", "/api/v1/periods/2017/publish", s.admin, map[string]any{"force": true, "reason": "Đính chính điểm Sở Tài chính"}, nil)
	res, b := s.rawPage("/")
	if bytes.Contains(b, []byte("trung bình: <strong>8,25%")) || !bytes.Contains(b, []byte("trung bình: <strong>7,25%")) || res.Header.Get("ETag") == tag {
		t.Errorf("home after the correction: still the old figures, or ETag %q unchanged", tag)
	}
	if old, _ := s.rawPage("/", "If-None-Match", tag); old.StatusCode != http.StatusOK {
		t.Errorf("the old ETag revalidates to %d after the correction", old.StatusCode)
	}
	if _, b := s.rawPage("/units/so-tai-chinh"); !bytes.Contains(b, []byte("70,00%")) || bytes.Contains(b, []byte("90,00%")) {
		t.Errorf("the unit page is not the correction")
	}
}
