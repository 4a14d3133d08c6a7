// Package web is parindex's pages for people signed in: server-rendered
// html/template pages from embed.FS, sessions in the database, and the
// cross-site protections of every form. It calls the same store and
// workflow rules as the API; the routes are mounted beside the API's in
// internal/httpapi/routes.go.
package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/live"
	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/precomputed"
	"github.com/parindex/parindex/internal/published"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
)

//go:embed templates static
var files embed.FS

// StaticPrefix is where the fingerprinted assets are served.
const StaticPrefix = "/static/"

// Session limits: a session ends after IdleTimeout without a request and
// AbsoluteTimeout after its login, whichever comes first.
const (
	IdleTimeout     = 2 * time.Hour
	AbsoluteTimeout = 12 * time.Hour
)

// Refusal is why a sign-in was refused: Kind is "wrong" (a wrong username
// or password), or the throttle's "address", "account" or "alarm" with the
// minutes to wait.
type Refusal struct {
	Kind    string
	Minutes int
}

// Config is what the pages need from the server they are mounted on.
type Config struct {
	Store *store.Store
	// SignIn checks a username and password with the API login's throttle
	// and audit: a refusal, or the user.
	SignIn func(c echo.Context, username, password string) (workflow.User, *Refusal, error)
	// HTTPS says whether the request reached the site over HTTPS, directly
	// or through a trusted proxy (then cookies are Secure).
	HTTPS func(r *http.Request) bool
	// HashPassword hashes a new password at the API's cost.
	HashPassword func(password string) (string, error)
	Now          func() time.Time
	Logger       *slog.Logger
	// EvidenceMaxBytes is the server's limit of one evidence file (shown
	// beside the upload); AddFile receives an uploaded evidence file as the
	// API's upload does (its limits, type sniffing, names, the unit's quota)
	// and attaches it with store.AddEvidenceFile. Nil: no uploads.
	EvidenceMaxBytes int64
	AddFile          func(c echo.Context, year int, unit string, by store.By, f EvidenceFile) (workflow.Evidence, error)
	// Published is the cache of published snapshots the public API reads;
	// the public site reads nothing else of the results.
	Published *published.Cache
	// Live is the cache of live results the dashboard reads (the server
	// passes the API's, shared; nil: one of its own).
	Live *live.Cache
	// PublicURL is the public site's address (no trailing slash) for
	// canonical links, Open Graph and the sitemap; "" is the request's host.
	PublicURL string
	// OnPublish is told of each publication made from a page, as the API's
	// publish route counts it and makes its cache of published snapshots
	// forget the year.
	OnPublish func(year int)
	// NewsDraft writes the announcement draft of a published period, the
	// same as the API's news-draft route.
	NewsDraft func(ctx context.Context, year int, by string) (workflow.News, error)
	// OnNewsChange is told of each change of a news record made from a
	// page, as the API's news routes tell the public read path.
	OnNewsChange func()
}

// EvidenceFile is a file uploaded from a sheet's row, with its criterion
// and the title typed beside it ("" for the file's name).
type EvidenceFile struct {
	Criterion, Title string
	File             *multipart.FileHeader
}

// Handler serves the pages.
type Handler struct {
	cfg    Config
	pages  map[string]*template.Template
	assets map[string]asset  // by fingerprinted name
	paths  map[string]string // static/ file name → its fingerprinted path
	css    string            // fingerprinted paths of app.css and app.js
	js     string
	cross  *http.CrossOriginProtection
	recent precomputed.Recent // the public pages' Reps, by content (site.go)
}

type asset struct {
	body []byte
	mime string
}

// mimeTypes are the types of the files static/ may hold.
var mimeTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
	".svg": "image/svg+xml",
	".png": "image/png",
	".ico": "image/x-icon",
}

// pages: each page's template file and the partials it uses, all parsed
// at start, after the base layout.
var pages = map[string][]string{
	"login":   {"login.html", "partials/errors.html", "partials/field.html"},
	"app":     {"app.html", "partials/periods.html"},
	"message": {"message.html"},
	"sheet":   {"sheet.html"},
	// The console (console.go): its home, and the screens of console*.go.
	"console":      consolePage("console.html"),
	"period_new":   consolePage("period_new.html"),
	"units":        consolePage("units.html"),
	"unit":         consolePage("unit.html"),
	"tiers":        consolePage("tiers.html"),
	"framework":    consolePage("framework.html"),
	"users":        consolePage("users.html"),
	"user":         consolePage("user.html"),
	"assignments":  consolePage("assignments.html"),
	"remarks":      {"remarks.html"},
	"remarks-open": {"remarks-open.html"},
	// The public site (site*.go): published snapshots only.
	"site_home":    {"site_home.html", "partials/site_layout.html"},
	"site_results": {"site_results.html", "partials/site_layout.html"},
	"site_unit":    {"site_unit.html", "partials/site_layout.html"},
	"site_data":    {"site_data.html", "partials/site_layout.html"},
	"site_news":    {"site_news.html", "partials/site_layout.html"},
	"site_message": {"site_message.html", "partials/site_layout.html"},
	"points":       {"points.html"},
	"council":      {"council.html"},
	// The console's screens of the year, news and audit (run.go and
	// board.go, imports.go, dashboard.go, publish.go, exports.go, news.go,
	// audit.go).
	"board":      consolePage("board.html", "partials/year_nav.html"),
	"publish":    consolePage("publish.html", "partials/year_nav.html"),
	"imports":    consolePage("imports.html", "partials/year_nav.html"),
	"exports":    consolePage("exports.html", "partials/year_nav.html"),
	"dashboard":  consolePage("dashboard.html", "partials/year_nav.html"),
	"news":       consolePage("news.html"),
	"news_item":  consolePage("news_item.html"),
	"audit":      consolePage("audit.html"),
	"audit_item": consolePage("audit_item.html"),
}

// fieldView is an input with its label and message (partials/field.html).
type fieldView struct {
	ID, Label, Type, Autocomplete, Value, Error string
}

var funcs = template.FuncMap{
	"field": func(id, label, typ, autocomplete, value, err string) fieldView {
		return fieldView{ID: id, Label: label, Type: typ, Autocomplete: autocomplete, Value: value, Error: err}
	},
	"num": func(n int) string { return vnfmt.Number(strconv.Itoa(n)) },
	// summary is the error summary's data (partials/errors.html): its
	// title and the page's errors, each with Field and Message.
	"summary": func(title string, errs any) map[string]any { return map[string]any{"Title": title, "Errors": errs} },
	"navlink": func(path, href, label string) navLink {
		return navLink{Href: href, Label: label, Current: path == href}
	},
	"cfield": func(id, label, value, err string) consoleField {
		return consoleField{ID: id, Label: label, Value: value, Error: err, Type: "text"}
	},
	"inc":      func(i int) int { return i + 1 },
	"list":     func(xs ...string) []string { return xs },
	"add":      func(a, b int) int { return a + b },
	"sub":      func(a, b int) int { return a - b },
	"optional": func(f consoleField) consoleField { f.Optional = true; return f },
	"hint":     func(hint string, f consoleField) consoleField { f.Hint = hint; return f },
	"ftype":    func(typ string, f consoleField) consoleField { f.Type = typ; return f },
	"fmode":    func(mode string, f consoleField) consoleField { f.InputMode = mode; return f },
	"fauto":    func(auto string, f consoleField) consoleField { f.Autocomplete = auto; return f },
}

// New parses every page and fingerprints the assets; a missing or broken
// template fails here, not on a request.
func New(cfg Config) (*Handler, error) { return newHandler(cfg, files) }

func newHandler(cfg Config, fsys fs.FS) (*Handler, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.HTTPS == nil {
		cfg.HTTPS = func(r *http.Request) bool { return r.TLS != nil }
	}
	if cfg.Published == nil && cfg.Store != nil {
		cfg.Published = published.New(cfg.Store, cfg.Now) // the server passes the API's, shared
	}
	if cfg.Live == nil && cfg.Store != nil {
		cfg.Live = live.New(cfg.Store)
	}
	h := &Handler{cfg: cfg, pages: map[string]*template.Template{}, assets: map[string]asset{}, paths: map[string]string{}, cross: http.NewCrossOriginProtection()}
	statics, err := fs.ReadDir(fsys, "static")
	if err != nil {
		return nil, fmt.Errorf("web: assets: %w", err)
	}
	for _, e := range statics {
		name := e.Name()
		b, err := fs.ReadFile(fsys, "static/"+name)
		if err != nil {
			return nil, fmt.Errorf("web: asset %s: %w", name, err)
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		fp := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		mime := mimeTypes[ext]
		if mime == "" {
			return nil, fmt.Errorf("web: asset %s: no type known for %s files", name, ext)
		}
		h.assets[fp] = asset{body: b, mime: mime}
		h.paths[name] = StaticPrefix + fp
	}
	h.css, h.js = h.paths["app.css"], h.paths["app.js"]
	if h.css == "" || h.js == "" {
		return nil, fmt.Errorf("web: static/app.css and static/app.js are needed by every page")
	}
	asset := func(name string) (string, error) {
		p, ok := h.paths[name]
		if !ok {
			return "", fmt.Errorf("no static/%s", name)
		}
		return p, nil
	}
	for name, uses := range pages {
		t := template.New(name).Funcs(funcs).Funcs(template.FuncMap{"asset": asset})
		for _, f := range append([]string{"base.html"}, uses...) {
			b, err := fs.ReadFile(fsys, "templates/"+f)
			if err != nil {
				return nil, fmt.Errorf("web: page %s: %w", name, err)
			}
			if _, err := t.New(f).Parse(string(b)); err != nil {
				return nil, fmt.Errorf("web: page %s: %w", name, err)
			}
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("web: page %s defines no content", name)
		}
		h.pages[name] = t
	}
	return h, nil
}

// Static serves a fingerprinted asset, cached for a year: its name
// changes with its content.
func (h *Handler) Static(c echo.Context) error {
	a, ok := h.assets[strings.TrimPrefix(c.Request().URL.Path, StaticPrefix)]
	if !ok {
		return h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	hd := c.Response().Header()
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	return c.Blob(http.StatusOK, a.mime, a.body)
}

// view is what every page's template gets.
type view struct {
	Lang     string
	Title    string
	Path     string
	CSS, JS  string
	User     *workflow.User
	RoleName string
	CSRF     string
	Data     any
	Site     *siteMeta // a public page's description, canonical URL and language links (site.go)
}

// T is the catalog's text in the page's language.
func (v view) T(key string, args ...any) string { return msg.T(v.Lang, key, args...) }

// Other is the language the switch offers.
func (v view) Other() string {
	if v.Lang == msg.EN {
		return msg.VI
	}
	return msg.EN
}

const langCookie = "parindex_lang"

// lang is the page's language: ?lang= (remembered in a cookie), the
// cookie, or Vietnamese.
func (h *Handler) lang(c echo.Context) string {
	if q := c.QueryParam("lang"); q != "" {
		l := msg.Lang(q)
		c.SetCookie(&http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true,
			SameSite: http.SameSiteLaxMode, Secure: h.cfg.HTTPS(c.Request())})
		return l
	}
	if ck, err := c.Cookie(langCookie); err == nil {
		return msg.Lang(ck.Value)
	}
	return msg.VI
}

// render executes a page into a buffer first, so that a failing template
// sends an error page, not half a page.
func (h *Handler) render(c echo.Context, status int, page, titleKey string, data any) error {
	lang := h.lang(c)
	v := view{Lang: lang, Title: msg.T(lang, titleKey), Path: c.Request().URL.Path, CSS: h.css, JS: h.js, Data: data}
	if s, ok := c.Get(sessionKey).(store.Session); ok {
		v.User, v.CSRF, v.RoleName = &s.User, s.CSRF, msg.Role(lang, s.User.Role)
	} else if tok, ok := c.Get(loginTokenKey).(string); ok {
		v.CSRF = tok
	}
	return h.execute(c, status, page, v)
}

// execute renders a page's view into a buffer and sends it.
func (h *Handler) execute(c echo.Context, status int, page string, v view) error {
	b, err := h.pageBytes(c, page, v)
	if err == errSent {
		return nil
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, b)
}

// errSent: the answer is sent already (a failing template's 500).
var errSent = errors.New("web: the answer is sent")

// pageBytes renders a page's view and sets the headers of every page (its
// CSP and language); a failing template has sent a 500 then (err is
// errSent).
func (h *Handler) pageBytes(c echo.Context, page string, v view) ([]byte, error) {
	var b bytes.Buffer
	if err := h.pages[page].ExecuteTemplate(&b, "base.html", v); err != nil {
		h.cfg.Logger.Error("rendering a page", "page", page, "err", err)
		if err := c.String(http.StatusInternalServerError, msg.T(v.Lang, "error.body")); err != nil {
			return nil, err
		}
		return nil, errSent
	}
	hd := c.Response().Header()
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "+
		"form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	hd.Set("Content-Language", v.Lang)
	return b.Bytes(), nil
}

type message struct{ Heading, Body string }

// message renders a page of one message (403, 404, 500).
func (h *Handler) message(c echo.Context, status int, titleKey, bodyKey string, args ...any) error {
	lang := h.lang(c)
	return h.render(c, status, "message", titleKey, message{Heading: msg.T(lang, titleKey), Body: msg.T(lang, bodyKey, args...)})
}
