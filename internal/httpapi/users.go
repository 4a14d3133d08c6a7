package httpapi

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
)

type createUserRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Role     string `json:"role"`
	Unit     string `json:"unit"`
}

var roles = []string{roleAdmin, roleSecretariat, roleCouncil, roleUnit}

func (s *Server) createUser(c echo.Context) error {
	var req createUserRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := checkCode("user", req.Username); err != nil {
		return err
	}
	if !slices.Contains(roles, req.Role) {
		return score.Errorf(score.EUNPROCESSABLE, "role %q is not one of admin, secretariat, council, unit", req.Role)
	}
	if (req.Role == roleUnit) != (req.Unit != "") {
		return score.Errorf(score.EUNPROCESSABLE, "a user with role unit must name its unit, and only such a user may")
	}
	if err := checkPassword(req.Password); err != nil {
		return err
	}
	hash, err := HashPassword(req.Password)
	if err != nil {
		return err
	}
	u, err := s.store.CreateUser(c.Request().Context(), store.User{Username: req.Username, Role: req.Role, Unit: req.Unit}, hash)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

func (s *Server) listUsers(c echo.Context) error {
	us, err := s.store.Users(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"users": nonNil(us)})
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
