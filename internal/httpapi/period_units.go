package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/score"
)

// A period's units (DESIGN.md rule 11): fixed when the period leaves
// draft; a unit created later joins an open period only when the
// secretariat adds it here.

func (s *Server) listPeriodUnits(c echo.Context) error {
	year, err := atoiParam(c, "year")
	if err != nil {
		return err
	}
	pu, err := s.store.PeriodUnits(c.Request().Context(), year)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, pu)
}

type addPeriodUnitRequest struct {
	Unit   string `json:"unit"`
	Reason string `json:"reason"`
}

func (s *Server) addPeriodUnit(c echo.Context) error {
	year, err := atoiParam(c, "year")
	if err != nil {
		return err
	}
	var req addPeriodUnitRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Unit == "" {
		return invalid("error.api.unit_required")
	}
	if req.Reason, err = checkReason(req.Reason); err != nil {
		return err
	}
	if req.Reason == "" {
		return score.E(score.EUNPROCESSABLE, "error.api.add_unit_reason", year)
	}
	u, err := s.store.AddPeriodUnit(c.Request().Context(), year, req.Unit, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}
