package precomputed

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Front is the fast path in front of a router. A handler that answers a
// GET with Serve leaves, in the Front, the Rep and the response headers it
// had set by then (the middleware's security headers and CORS, the
// handler's Cache-Control); the next GET of the same request URI is then
// answered by the Front itself, with the same headers and the same Rep,
// until the handler's until passes or Forget is called (past until, one
// request goes to the router for the fresh answer while the others get the
// last one, for at most Stale; when the router keeps nothing, the entry
// goes). The router, its
// middleware and the handler do not run for it: Hooks give such an answer
// what must still be per request (a request id, metrics). A request for
// any other URI, or any other method, goes to the router as before.
//
// What the Front keeps is bounded (MaxEntries URIs; when full it starts
// over), and only answers a handler gave with Serve are kept, so a URI
// that fails or is private is never answered here.
type Front struct {
	next  http.Handler
	hooks Hooks

	// entries maps a request URI to its *entry: read without a lock on
	// every request (sync.Map: reads of keys that are there take no lock
	// and write no shared word); writers hold mu.
	entries sync.Map
	mu      sync.Mutex
	n       int           // entries, under mu
	gen     atomic.Uint64 // bumped by Forget: a handler running across it keeps nothing
}

// MaxEntries bounds the request URIs a Front keeps.
const MaxEntries = 4096

// Hooks are what the Front does for each answer it gives itself.
type Hooks struct {
	// Start runs first and may set per-request headers (a request id).
	Start func(w http.ResponseWriter, r *http.Request)
	// Now is the clock the handlers' until is read by (nil: time.Now).
	Now func() time.Time
	// Observer returns the function that counts an answer of a route and
	// status, resolved once per kept URI and status (metrics).
	Observer func(method, route string, status int) func(time.Duration)
}

type entry struct {
	rep    *Rep
	header http.Header // the other headers, set before the Rep's
	until  time.Time   // zero: until Forget
	route  string
	obs    [2]atomic.Pointer[func(time.Duration)] // 200, 304
	// refreshing: one request, past until, is making the fresh answer.
	refreshing atomic.Bool
	// anon: kept by ServeAnonymous, for requests without a Cookie header
	// that reached the server as the one that made it (origin).
	anon   bool
	origin origin
}

// origin is what of a request, besides its URI, a page's bytes may
// depend on (its canonical address is made of the scheme and Host).
type origin struct {
	host, proto string
	tls         bool
}

func originOf(r *http.Request) origin {
	return origin{host: r.Host, proto: r.Header.Get("X-Forwarded-Proto"), tls: r.TLS != nil}
}

// mayAnswer tells whether the entry may answer r: any request, unless it
// was kept by ServeAnonymous.
func (e *entry) mayAnswer(r *http.Request) bool {
	return !e.anon || len(r.Header["Cookie"]) == 0 && e.origin == originOf(r)
}

// Stale is how long past its until an answer is still given while one
// request makes the fresh one (so that 64 connections do not all go to the
// router, and to the database, the moment an answer expires).
const Stale = time.Second

// NewFront puts a Front before next.
func NewFront(next http.Handler, hooks Hooks) *Front {
	return &Front{next: next, hooks: hooks}
}

type frontKey struct{}

// recorder is what a request passed to the router carries, so that Serve
// can leave its Rep in the Front.
type recorder struct {
	f    *Front
	uri  string
	gen  uint64
	kept bool
}

// Forget drops everything kept: after a publication, a correction or a
// news record changed on this instance.
func (f *Front) Forget() {
	f.mu.Lock()
	f.gen.Add(1)
	f.entries.Clear()
	f.n = 0
	f.mu.Unlock()
}

// Len is how many URIs are kept.
func (f *Front) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

// ServeHTTP answers a kept URI itself and passes anything else on.
func (f *Front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		f.next.ServeHTTP(w, r)
		return
	}
	var e *entry
	if v, ok := f.entries.Load(r.RequestURI); ok {
		e = v.(*entry)
		if !e.mayAnswer(r) {
			f.pass(w, r, nil) // a reader with cookies: the router answers, and keeps nothing
			return
		}
	}
	var start time.Time
	if e != nil {
		start = time.Now()
		now := start
		if f.hooks.Now != nil {
			now = f.hooks.Now()
		}
		if !e.until.IsZero() && !now.Before(e.until) {
			// Stale. One request makes the fresh answer through the router;
			// while it does, the others get this one, for at most Stale.
			if e.refreshing.CompareAndSwap(false, true) {
				f.pass(w, r, e)
				return
			}
			if !now.Before(e.until.Add(Stale)) {
				e = nil
			}
		}
	}
	if e == nil {
		f.pass(w, r, nil)
		return
	}
	if f.hooks.Start != nil {
		f.hooks.Start(w, r)
	}
	h := w.Header()
	for k, v := range e.header {
		h[k] = v
	}
	status := e.rep.serve(w, r)
	if f.hooks.Observer != nil {
		e.observe(f, r.Method, status)(time.Since(start))
	}
}

// pass sends a request to the router, with a recorder for Serve. When it
// was to refresh old and the router kept nothing (an error, a 404 now),
// old goes, so that the next requests go to the router too.
func (f *Front) pass(w http.ResponseWriter, r *http.Request, old *entry) {
	rec := &recorder{f: f, uri: r.RequestURI, gen: f.gen.Load()}
	defer func() {
		if old != nil && !rec.kept {
			f.mu.Lock()
			if f.entries.CompareAndDelete(rec.uri, old) {
				f.n--
			}
			f.mu.Unlock()
		}
	}()
	f.next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), frontKey{}, rec)))
}

func (e *entry) observe(f *Front, method string, status int) func(time.Duration) {
	i := 0
	if status == http.StatusNotModified {
		i = 1
	}
	if p := e.obs[i].Load(); p != nil {
		return *p
	}
	fn := f.hooks.Observer(method, e.route, status)
	e.obs[i].Store(&fn)
	return fn
}

// Serve answers r with rep and, when r came through a Front, leaves rep
// there for r's request URI with the headers w holds now (less those
// named in perRequest below), until until (zero: until Forget). route is
// the router's pattern, for the metrics.
func Serve(w http.ResponseWriter, r *http.Request, rep *Rep, route string, until time.Time) {
	if rec, ok := r.Context().Value(frontKey{}).(*recorder); ok && r.Method == http.MethodGet {
		rec.keep(w.Header(), rep, route, until, false, origin{})
	}
	rep.serve(w, r)
}

// ServeAnonymous is Serve for a page whose bytes depend on the reader's
// cookies (a language, a session) and on the address the request came to
// (a canonical URL made of the scheme and Host): rep is left in the Front
// only from a request without a Cookie header, and the Front answers with
// it only requests without one that came to the same Host, scheme and
// X-Forwarded-Proto. A request with a cookie always goes to the router,
// which makes its own answer (and may still answer with a Rep's
// ServeHTTP, remembering nothing).
func ServeAnonymous(w http.ResponseWriter, r *http.Request, rep *Rep, route string, until time.Time) {
	if rec, ok := r.Context().Value(frontKey{}).(*recorder); ok && r.Method == http.MethodGet && len(r.Header["Cookie"]) == 0 {
		rec.keep(w.Header(), rep, route, until, true, originOf(r))
	}
	rep.serve(w, r)
}

// perRequest are the headers a Front never replays: each answer gets its
// own (Start sets them) or the Rep sets them.
var perRequest = map[string]bool{
	"X-Request-Id": true, "Date": true,
	"Vary": true, "Etag": true, "Content-Type": true, "Content-Length": true, "Content-Encoding": true,
}

func (rec *recorder) keep(h http.Header, rep *Rep, route string, until time.Time, anon bool, o origin) {
	if len(h["Set-Cookie"]) > 0 {
		return // an answer for one client only
	}
	e := &entry{rep: rep, header: make(http.Header, len(h)), until: until, route: route, anon: anon, origin: o}
	for k, v := range h {
		if perRequest[k] || len(v) == 0 {
			continue
		}
		e.header[k] = append([]string(nil), v...)[:len(v):len(v)]
	}
	f := rec.f
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.gen.Load() != rec.gen {
		return // forgotten meanwhile: what this request saw may be stale
	}
	rec.kept = true
	if _, had := f.entries.Swap(rec.uri, e); !had {
		f.n++
	}
	if f.n > MaxEntries {
		f.entries.Clear()
		f.entries.Store(rec.uri, e)
		f.n = 1
	}
}
