package web

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

const (
	sessionCookie = "parindex_session"
	loginCookie   = "parindex_login" // the login form's token, before there is a session
	sessionKey    = "parindex.session"
	loginTokenKey = "parindex.login_token"
	formTokenName = "form_token"
)

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// cookie is one of the site's cookies: HttpOnly, SameSite=Lax, Secure over
// HTTPS; maxAge < 0 deletes it.
func (h *Handler) cookie(c echo.Context, name, value string, maxAge int) {
	c.SetCookie(&http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: h.cfg.HTTPS(c.Request())})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// crossSite says whether a state-changing request is one another site
// made the browser send (Sec-Fetch-Site, or Origin against Host); the
// caller answers it with refuseCrossSite.
func (h *Handler) crossSite(c echo.Context) bool { return h.cross.Check(c.Request()) != nil }

func (h *Handler) refuseCrossSite(c echo.Context) error {
	return h.message(c, http.StatusForbidden, "forbidden.title", "forbidden.cross")
}

// session returns the live session of the request's cookie, if any.
func (h *Handler) session(c echo.Context) (store.Session, bool, error) {
	ck, err := c.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return store.Session{}, false, nil
	}
	s, err := h.cfg.Store.SessionByID(c.Request().Context(), hashID(ck.Value), IdleTimeout)
	if score.ErrorCode(err) == score.EUNAUTHORIZED {
		return store.Session{}, false, nil
	}
	return s, err == nil, err
}

// Require lets through only a signed-in user of one of the roles. A
// signed-out browser is sent to /login; a user of another role gets a 403
// page. A state-changing request must come from this site and carry the
// session's form token, or it gets a 403 page.
func (h *Handler) Require(roles ...string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			unsafe := !safeMethod(c.Request().Method)
			if unsafe && h.crossSite(c) {
				return h.refuseCrossSite(c)
			}
			s, ok, err := h.session(c)
			if err != nil {
				return err
			}
			if !ok {
				return c.Redirect(http.StatusSeeOther, "/login")
			}
			c.Set(sessionKey, s)
			ctx := store.WithActor(c.Request().Context(), workflow.Actor{Name: s.User.Username, RequestID: c.Response().Header().Get(echo.HeaderXRequestID)})
			c.SetRequest(c.Request().WithContext(ctx))
			if !slices.Contains(roles, s.User.Role) {
				return h.message(c, http.StatusForbidden, "forbidden.title", "forbidden.body", msg.Role(h.lang(c), s.User.Role))
			}
			if unsafe && !sameToken(c.FormValue(formTokenName), s.CSRF) {
				return h.message(c, http.StatusForbidden, "forbidden.title", "form.stale")
			}
			return next(c)
		}
	}
}

// Logout ends the session (POST with the form token, through Require).
func (h *Handler) Logout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		if err := h.cfg.Store.EndSession(c.Request().Context(), hashID(ck.Value)); err != nil {
			return err
		}
	}
	h.cookie(c, sessionCookie, "", -1)
	return c.Redirect(http.StatusSeeOther, "/login")
}
