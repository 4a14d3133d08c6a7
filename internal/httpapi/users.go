package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

type createUserRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Role     string `json:"role"`
	Unit     string `json:"unit"`
}

func (s *Server) createUser(c echo.Context) error {
	var req createUserRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := workflow.CheckNewUser(req.Username, req.Role, req.Unit, req.Password); err != nil {
		return err
	}
	hash, err := s.hashPassword(req.Password)
	if err != nil {
		return err
	}
	u, err := s.store.CreateUser(c.Request().Context(), workflow.User{Username: req.Username, Role: req.Role, Unit: req.Unit}, hash)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

func (s *Server) listUsers(c echo.Context) error {
	page, perPage, err := listPage(c)
	if err != nil {
		return err
	}
	us, err := s.store.Users(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"users": nonNil(pageSlice(us, page, perPage)), "page": page, "per_page": perPage, "total": len(us)})
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

type updateUserRequest struct {
	Active   *bool     `json:"active"`
	Password *string   `json:"password"`
	Units    *[]string `json:"units"`
	Reason   string    `json:"reason"`
}

// updateUser disables or re-enables a user, sets a new password, or
// assigns a council member to units (an empty list: all units).
func (s *Server) updateUser(c echo.Context) error {
	var req updateUserRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	name := c.Param("username")
	if req.Active == nil && req.Password == nil && req.Units == nil {
		return invalid("error.api.user_nothing")
	}
	if err := workflow.CheckUserChange(user(c).Username, name, req.Active != nil && !*req.Active, req.Units); err != nil {
		return err
	}
	reason, err := checkReason(req.Reason)
	if err != nil {
		return err
	}
	ch := store.UserChange{Active: req.Active, Units: req.Units, Reason: reason}
	if req.Password != nil {
		if err := workflow.CheckPassword(name, *req.Password); err != nil {
			return err
		}
		hash, err := s.hashPassword(*req.Password)
		if err != nil {
			return err
		}
		ch.PasswordHash = &hash
	}
	u, err := s.store.UpdateUser(c.Request().Context(), name, ch)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}
