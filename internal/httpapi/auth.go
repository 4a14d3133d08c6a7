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

	"github.com/parindex/parindex/internal/password"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

const (
	roleAdmin       = store.RoleAdmin
	roleSecretariat = store.RoleSecretariat
	roleCouncil     = store.RoleCouncil
	roleUnit        = store.RoleUnit
)

const userKey = "parindex.user"

// HashPassword hashes a password for storage (bcrypt).
func HashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	return string(h), err
}

// CheckPassword applies the password rules (internal/password): at least
// 10 characters, not blank, not the username, not one of the most common
// passwords, short enough for bcrypt.
func CheckPassword(username, p string) error {
	if err := password.Check(username, p); err != nil {
		return score.Errorf(score.EUNPROCESSABLE, "%s", err.Error())
	}
	return nil
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
	Token     string     `json:"token"`
	ExpiresAt time.Time  `json:"expires_at"`
	User      store.User `json:"user"`
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
		return invalid("username and password are required")
	}
	// Nothing longer than an account can have reaches the throttle or the
	// audit log.
	if len(req.Username) > 64 || len(req.Password) > 72 {
		return invalid("the username has at most 64 characters and the password at most 72 bytes")
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
func (s *Server) signIn(c echo.Context, username, password string) (store.User, error) {
	addr, now := c.RealIP(), s.now()
	ctx := store.WithActor(c.Request().Context(), store.Actor{Name: "anonymous", RequestID: c.Response().Header().Get(echo.HeaderXRequestID)})
	s.sweep(ctx, now)
	lock, err := s.checkSignIn(ctx, username, addr, now)
	if err != nil {
		return store.User{}, err
	}
	if lock != nil {
		return store.User{}, &signInLocked{lockout: *lock, err: s.refuseSignIn(c, ctx, lock, addr, now)}
	}
	u, hash, err := s.store.Credentials(ctx, username)
	if err != nil && score.ErrorCode(err) != score.ENOTFOUND {
		return store.User{}, err
	}
	if err != nil {
		hash = string(dummyHash)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || u.Username == "" {
		if err := s.store.LoginFailed(ctx, username, addr, now, "login_failed"); err != nil {
			return store.User{}, err
		}
		return store.User{}, score.Errorf(score.EUNAUTHORIZED, "wrong username or password")
	}
	if err := s.store.LoginSucceeded(ctx, username, addr); err != nil {
		return store.User{}, err
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
			return score.Errorf(score.EUNAUTHORIZED, "this route needs an Authorization: Bearer <token> header; get a token from POST /api/v1/auth/login")
		}
		u, err := s.store.UserByToken(c.Request().Context(), hashToken(token))
		if err != nil {
			return err
		}
		c.Set(userKey, u)
		rid := c.Response().Header().Get(echo.HeaderXRequestID)
		c.SetRequest(c.Request().WithContext(store.WithActor(c.Request().Context(), store.Actor{Name: u.Username, RequestID: rid})))
		return next(c)
	}
}

// allow lets only the given roles through.
func (s *Server) allow(roles ...string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := user(c)
			if !slices.Contains(roles, u.Role) {
				return forbidden("role %s may not %s %s (allowed: %s)", u.Role, c.Request().Method, c.Path(), strings.Join(roles, ", "))
			}
			return next(c)
		}
	}
}

func user(c echo.Context) store.User {
	u, _ := c.Get(userKey).(store.User)
	return u
}

// actor is the signed-in user as the workflow's rules see it, with a
// council member's assigned units.
func actor(c echo.Context) workflow.Actor {
	u := user(c)
	return workflow.Actor{Name: u.Username, Role: u.Role, Unit: u.Unit, Units: u.Units}
}

// wfPeriod is a stored period as the workflow's rules see it.
func wfPeriod(p store.Period) workflow.Period {
	return workflow.Period{Year: p.Year, Stage: p.Stage, ClosesAt: p.StageClosesAt}
}
