package precomputed

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

var body = []byte(strings.Repeat(`{"unit":"Sở Tài chính","index":74.86},`, 200))

func get(t *testing.T, h http.Handler, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/x?tier=department", nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func decoded(t *testing.T, w *httptest.ResponseRecorder) []byte {
	t.Helper()
	var r io.Reader = w.Body
	switch enc := w.Header().Get("Content-Encoding"); enc {
	case "":
	case "gzip":
		zr, err := gzip.NewReader(w.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(w.Body)
	default:
		t.Fatalf("Content-Encoding %q", enc)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestChooseEncoding(t *testing.T) {
	rep := New("application/json", body)
	for _, c := range []struct{ accept, want string }{
		{"", ""},
		{"gzip", "gzip"},
		{"br", "br"},
		{"gzip, deflate, br", "br"},
		{"gzip, deflate, br, zstd", "br"},
		{"br;q=0.5, gzip", "gzip"},
		{"gzip;q=0.5, br;q=0.4", "gzip"},
		{"gzip;q=0, br;q=0", ""},
		{"identity", ""},
		{"gzip;q=0.5, identity", ""},
		{"identity;q=0, gzip;q=0.1", "gzip"},
		{"*", "br"},
		{"*;q=0.5, br;q=0", "gzip"},
		{"GZIP", "gzip"},
		{"x-gzip", "gzip"},
		{"deflate", ""},
		{"gzip;q=1.5", ""}, // not a q-value: not acceptable
		{"gzip;q=abc", ""}, // the same
		{"gzip ; q=0.8", "gzip"},
		{"compress, *;q=0", ""}, // nothing acceptable is kept: identity all the same
	} {
		w := get(t, rep, "Accept-Encoding", c.accept)
		n := w.Body.Len()
		if got := w.Header().Get("Content-Encoding"); got != c.want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", c.accept, got, c.want)
		}
		if !bytes.Equal(decoded(t, w), body) {
			t.Errorf("Accept-Encoding %q: the body does not decode to the bytes", c.accept)
		}
		if w.Header().Get("Vary") != "Accept-Encoding" || w.Header().Get("Content-Length") != strconv.Itoa(n) {
			t.Errorf("Accept-Encoding %q: Vary %q, Content-Length %q for %d bytes", c.accept, w.Header().Get("Vary"), w.Header().Get("Content-Length"), n)
		}
	}
	// Two header lines are one list.
	w := get(t, rep, "Accept-Encoding", "deflate", "Accept-Encoding", "gzip")
	if w.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("two Accept-Encoding lines: %q", w.Header().Get("Content-Encoding"))
	}
}

func TestSizesAndTags(t *testing.T) {
	rep := New("text/csv; charset=utf-8", body)
	gz, br := rep.Body(Gzip), rep.Body(Brotli)
	if len(gz) == 0 || len(br) == 0 || len(gz)*5 > len(body) {
		t.Fatalf("%d bytes: gzip %d, brotli %d", len(body), len(gz), len(br))
	}
	tags := map[string]bool{}
	for _, enc := range []string{"identity", "gzip", "br"} {
		w := get(t, rep, "Accept-Encoding", enc)
		tag := w.Header().Get("ETag")
		if !strings.HasPrefix(tag, `"`) || tags[tag] {
			t.Errorf("%s: ETag %q (strong, one per encoding)", enc, tag)
		}
		tags[tag] = true
		for _, inm := range []string{tag, "W/" + tag, `"other", ` + tag, "*"} {
			w := get(t, rep, "Accept-Encoding", enc, "If-None-Match", inm)
			if w.Code != http.StatusNotModified || w.Body.Len() != 0 || w.Header().Get("ETag") != tag || w.Header().Get("Vary") != "Accept-Encoding" {
				t.Errorf("%s, If-None-Match %s: %d, %d bytes, ETag %q, Vary %q", enc, inm, w.Code, w.Body.Len(), w.Header().Get("ETag"), w.Header().Get("Vary"))
			}
		}
	}
	// Another encoding's tag is another representation.
	w := get(t, rep, "Accept-Encoding", "gzip", "If-None-Match", rep.ETag())
	if w.Code != http.StatusOK {
		t.Errorf("gzip asked with the identity tag: %d", w.Code)
	}
	if New("text/csv; charset=utf-8", append([]byte("x"), body...)).ETag() == rep.ETag() {
		t.Error("other bytes, the same ETag")
	}
}

func TestIncompressible(t *testing.T) {
	for _, c := range []struct {
		ctype string
		body  []byte
	}{
		{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body},
		{"application/json", []byte(`{"ok":true}`)}, // too small to pay
	} {
		rep := New(c.ctype, c.body)
		w := get(t, rep, "Accept-Encoding", "gzip, br")
		if w.Header().Get("Content-Encoding") != "" || !bytes.Equal(w.Body.Bytes(), c.body) || w.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("%s: Content-Encoding %q, Vary %q", c.ctype, w.Header().Get("Content-Encoding"), w.Header().Get("Vary"))
		}
	}
}

func TestHead(t *testing.T) {
	rep := New("application/json", body)
	req := httptest.NewRequest(http.MethodHead, "/x", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	w := httptest.NewRecorder()
	rep.ServeHTTP(w, req)
	if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") != strconv.Itoa(len(rep.Body(Gzip))) {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %q", w.Code, w.Body.Len(), w.Header().Get("Content-Length"))
	}
}

// router counts the requests that reach it and answers /x with Serve.
type router struct {
	calls int
	rep   *Rep
	until time.Time
	extra func(w http.ResponseWriter)
}

func (r *router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.calls++
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("X-Request-Id", "from-the-router")
	if r.extra != nil {
		r.extra(w)
	}
	if strings.HasPrefix(req.URL.Path, "/x") {
		Serve(w, req, r.rep, "/x", r.until)
		return
	}
	http.NotFound(w, req)
}

func TestFront(t *testing.T) {
	now := time.Date(2017, 6, 27, 9, 0, 0, 0, time.UTC)
	rt := &router{rep: New("application/json", body), until: now.Add(time.Second)}
	seen := map[string]int{}
	ids := 0
	f := NewFront(rt, Hooks{
		Start: func(w http.ResponseWriter, r *http.Request) {
			ids++
			w.Header().Set("X-Request-Id", "front-"+strconv.Itoa(ids))
		},
		Now: func() time.Time { return now },
		Observer: func(method, route string, status int) func(time.Duration) {
			return func(time.Duration) { seen[method+" "+route+" "+strconv.Itoa(status)]++ }
		},
	})
	first := get(t, f, "Accept-Encoding", "gzip")
	second := get(t, f, "Accept-Encoding", "gzip")
	if rt.calls != 1 {
		t.Fatalf("the router ran %d times for two GETs of one URI", rt.calls)
	}
	if !bytes.Equal(first.Body.Bytes(), second.Body.Bytes()) || second.Header().Get("X-Frame-Options") != "DENY" ||
		second.Header().Get("X-Request-Id") != "front-1" || second.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("the Front's answer: %v", second.Header())
	}
	for k := range first.Header() {
		if second.Header().Get(k) == "" {
			t.Errorf("the Front's answer has no %s", k)
		}
	}
	if w := get(t, f, "If-None-Match", rt.rep.ETag()); w.Code != http.StatusNotModified || rt.calls != 1 {
		t.Errorf("304 from the Front: %d, router ran %d times", w.Code, rt.calls)
	}
	if seen["GET /x 200"] != 1 || seen["GET /x 304"] != 1 {
		t.Errorf("counted %v", seen)
	}
	// Another URI, another method, a request after until, after Forget: the router.
	req := httptest.NewRequest(http.MethodGet, "/x?tier=district", nil)
	f.ServeHTTP(httptest.NewRecorder(), req)
	req = httptest.NewRequest(http.MethodPost, "/x?tier=department", nil)
	f.ServeHTTP(httptest.NewRecorder(), req)
	if rt.calls != 3 {
		t.Errorf("router ran %d times, want 3", rt.calls)
	}
	now = now.Add(time.Second)
	rt.until = time.Time{} // kept until Forget
	get(t, f)
	if rt.calls != 4 {
		t.Errorf("after until: router ran %d times, want 4", rt.calls)
	}
	get(t, f)
	f.Forget()
	get(t, f)
	if rt.calls != 5 || f.Len() != 1 {
		t.Errorf("after Forget: router ran %d times, want 5; %d kept", rt.calls, f.Len())
	}
	// Not found is never kept; an answer that sets a cookie is not either.
	for range 2 {
		f.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/missing", nil))
	}
	rt.extra = func(w http.ResponseWriter) { w.Header().Set("Set-Cookie", "s=1") }
	f.Forget()
	get(t, f)
	get(t, f)
	if rt.calls != 9 {
		t.Errorf("router ran %d times, want 9", rt.calls)
	}
}

// TestFrontStale: past until, one request makes the fresh answer through
// the router while the others get the last one, for at most Stale; a
// refresh that keeps nothing (the answer is gone) drops the entry.
func TestFrontStale(t *testing.T) {
	now := time.Date(2017, 6, 27, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	old, fresh := New("application/json", body), New("application/json", append([]byte(" "), body...))
	var calls atomic.Int32
	gate := make(chan struct{})
	entered := make(chan struct{}, 1)
	gone := false
	rt := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		switch {
		case n == 1:
			Serve(w, r, old, "/x", clock().Add(time.Second))
		case gone:
			http.NotFound(w, r)
		default:
			entered <- struct{}{}
			<-gate
			Serve(w, r, fresh, "/x", clock().Add(time.Second))
		}
	})
	f := NewFront(rt, Hooks{Now: clock})
	get(t, f)
	mu.Lock()
	now = now.Add(1500 * time.Millisecond) // stale, within Stale
	mu.Unlock()
	done := make(chan *httptest.ResponseRecorder)
	go func() { done <- get(t, f) }()
	<-entered // the refresh is in the router
	if w := get(t, f); w.Header().Get("ETag") != old.ETag() || calls.Load() != 2 {
		t.Errorf("while refreshing: ETag %q (want the old %q), router ran %d times", w.Header().Get("ETag"), old.ETag(), calls.Load())
	}
	close(gate)
	if w := <-done; w.Header().Get("ETag") != fresh.ETag() {
		t.Errorf("the refreshing request got %q", w.Header().Get("ETag"))
	}
	if w := get(t, f); w.Header().Get("ETag") != fresh.ETag() || calls.Load() != 2 {
		t.Errorf("after the refresh: ETag %q, router ran %d times", w.Header().Get("ETag"), calls.Load())
	}
	// Past until, the refresh answers 404: the entry goes, nothing stale stays.
	gone = true
	mu.Lock()
	now = now.Add(1500 * time.Millisecond)
	mu.Unlock()
	for i := range 2 {
		if w := get(t, f); w.Code != http.StatusNotFound {
			t.Errorf("after the answer went (%d): %d", i, w.Code)
		}
	}
	if f.Len() != 0 || calls.Load() != 4 {
		t.Errorf("%d kept, router ran %d times", f.Len(), calls.Load())
	}
}

// anonRouter answers /x with ServeAnonymous.
type anonRouter struct{ calls int }

func (a *anonRouter) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	a.calls++
	ServeAnonymous(w, req, New("text/html; charset=utf-8", body).Varying("Cookie"), "/x", time.Time{})
}

// TestServeAnonymous: a page is kept only from a request without a
// Cookie, and given only to requests without one, to the same Host and
// X-Forwarded-Proto; Vary names Cookie.
func TestServeAnonymous(t *testing.T) {
	rt := &anonRouter{}
	f := NewFront(rt, Hooks{})
	get(t, f, "Cookie", "parindex_lang=en")
	get(t, f, "Cookie", "parindex_lang=en")
	if rt.calls != 2 || f.Len() != 0 {
		t.Fatalf("requests with a cookie: router ran %d times, %d kept", rt.calls, f.Len())
	}
	w := get(t, f)
	get(t, f)
	if rt.calls != 3 || w.Header().Get("Vary") != "Accept-Encoding, Cookie" {
		t.Errorf("without a cookie: router ran %d times, want 3; Vary %q", rt.calls, w.Header().Get("Vary"))
	}
	get(t, f, "Cookie", "s=1")
	get(t, f, "X-Forwarded-Proto", "https")
	req := httptest.NewRequest(http.MethodGet, "/x?tier=department", nil)
	req.Host = "other.example"
	f.ServeHTTP(httptest.NewRecorder(), req)
	if rt.calls != 6 {
		t.Errorf("a cookie, another proto, another Host: router ran %d times, want 6", rt.calls)
	}
}
