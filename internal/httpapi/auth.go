package httpapi

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

const userKey = "parindex.user"

// HashPassword hashes a password for storage (bcrypt).
func HashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	return string(h), err
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginResponse struct {
	Token     string        `json:"token"`
	ExpiresAt time.Time     `json:"expires_at"`
	User      workflow.User `json:"user"`
}

// A hash to compare against when the user does not exist, so that a wrong
// username takes as long as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("parindex-no-such-user"), bcrypt.DefaultCost)

func (s *Server) login(c echo.Context) error {
	var req loginRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Username == "" || req.Password == "" {
		return invalid("error.api.login_required")
	}
	// Nothing longer than an account can have reaches the throttle or the
	// audit log.
	if len(req.Username) > 64 || len(req.Password) > 72 {
		return invalid("error.api.login_long")
	}
	u, err := s.signIn(c, req.Username, req.Password)
	if err != nil {
		return err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	expires := s.now().Add(s.opt.TokenTTL).UTC().Truncate(time.Second)
	if err := s.store.CreateToken(c.Request().Context(), u.ID, hashToken(token), expires); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, loginResponse{Token: token, ExpiresAt: expires, User: u})
}

// signIn checks a username and password against the throttle, audited:
// the user, a lockout's 429 (score.ETOOMANY, with Retry-After set), or
// 401 for a wrong username or password. The API login and the pages'
// login both sign in here.
func (s *Server) signIn(c echo.Context, username, password string) (workflow.User, error) {
	addr, now := c.RealIP(), s.now()
	ctx := store.WithActor(c.Request().Context(), workflow.Actor{Name: "anonymous", RequestID: c.Response().Header().Get(echo.HeaderXRequestID)})
	s.sweep(ctx, now)
	lock, err := s.checkSignIn(ctx, username, addr, now)
	if err != nil {
		return workflow.User{}, err
	}
	if lock != nil {
		return workflow.User{}, &signInLocked{lockout: *lock, err: s.refuseSignIn(c, ctx, lock, addr, now)}
	}
	u, hash, err := s.store.Credentials(ctx, username)
	if err != nil && score.ErrorCode(err) != score.ENOTFOUND {
		return workflow.User{}, err
	}
	if err != nil {
		hash = string(s.noSuchUserHash())
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || u.Username == "" {
		if err := s.store.LoginFailed(ctx, username, addr, now, "login_failed"); err != nil {
			return workflow.User{}, err
		}
		return workflow.User{}, score.E(score.EUNAUTHORIZED, "error.api.login_wrong")
	}
	if err := s.store.LoginSucceeded(ctx, username, addr); err != nil {
		return workflow.User{}, err
	}
	return u, nil
}

func (s *Server) logout(c echo.Context) error {
	if err := s.store.DeleteToken(c.Request().Context(), hashToken(bearer(c))); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) me(c echo.Context) error { return c.JSON(http.StatusOK, user(c)) }

func bearer(c echo.Context) string {
	h := c.Request().Header.Get(echo.HeaderAuthorization)
	if len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// authenticate requires a valid bearer token on every /api/v1 route it wraps.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		token := bearer(c)
		if token == "" {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="parindex"`)
			return score.E(score.EUNAUTHORIZED, "error.api.bearer")
		}
		u, err := s.store.UserByToken(c.Request().Context(), hashToken(token))
		if err != nil {
			return err
		}
		c.Set(userKey, u)
		rid := c.Response().Header().Get(echo.HeaderXRequestID)
		c.SetRequest(c.Request().WithContext(store.WithActor(c.Request().Context(), workflow.Actor{Name: u.Username, RequestID: rid})))
		return next(c)
	}
}

// allow lets only the given roles through.
func (s *Server) allow(roles ...string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := user(c)
			if !slices.Contains(roles, u.Role) {
				return forbidden("error.api.role", u.Role, c.Request().Method, c.Path(), strings.Join(roles, ", "))
			}
			return next(c)
		}
	}
}

func user(c echo.Context) workflow.User {
	u, _ := c.Get(userKey).(workflow.User)
	return u
}

// actor is the signed-in user as the workflow's rules see it, with a
// council member's assigned units.
func actor(c echo.Context) workflow.Actor {
	return user(c).Actor()
}
