package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/parindex/parindex/internal/password"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

type changePasswordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// changeOwnPassword lets every signed-in user change their own password:
// the current one is required (a stolen token alone does not take the
// account over; wrong guesses count as failed sign-ins and are throttled
// like them), the new one follows the password rules, and every other
// session of the user ends; the one asking stays signed in.
func (s *Server) changeOwnPassword(c echo.Context) error {
	var req changePasswordRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.CurrentPassword == "" || req.NewPassword == "" {
		return invalid("error.api.password_required")
	}
	if len(req.CurrentPassword) > password.MaxBytes {
		return invalid("error.api.password_long", password.MaxBytes)
	}
	u := user(c)
	ctx := c.Request().Context()
	addr, now := c.RealIP(), s.now()
	lock, err := s.checkSignIn(ctx, u.Username, addr, now)
	if err != nil {
		return err
	}
	if lock != nil {
		return s.refuseSignIn(c, ctx, lock, addr, now)
	}
	_, hash, err := s.store.Credentials(ctx, u.Username)
	if err != nil {
		return err
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(req.CurrentPassword)) != nil {
		if err := s.store.LoginFailed(ctx, u.Username, addr, now, "password_change_failed"); err != nil {
			return err
		}
		return &score.Error{Code: score.EFORBIDDEN, Key: "error.api.password_wrong",
			Details: []score.Problem{{Field: "current_password", Key: "error.api.password_wrong_field"}}}
	}
	if err := workflow.CheckPassword(u.Username, req.NewPassword); err != nil {
		return &score.Error{Code: score.EUNPROCESSABLE, Key: "error.api.nested", Args: []any{err}, Details: []score.Problem{{Field: "new_password", Key: "error.api.nested", Args: []any{err}}}}
	}
	if req.NewPassword == req.CurrentPassword {
		return &score.Error{Code: score.EUNPROCESSABLE, Key: "error.api.password_same",
			Details: []score.Problem{{Field: "new_password", Key: "error.api.password_same_field"}}}
	}
	newHash, err := s.hashPassword(req.NewPassword)
	if err != nil {
		return err
	}
	if err := s.store.ChangeOwnPassword(ctx, u.Username, newHash, hashToken(bearer(c))); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
