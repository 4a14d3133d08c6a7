package httpapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// What a unit and the council add to a sheet beside the points: evidence
// (links here; files in evidence.go) and remarks.

type evidenceRequest struct {
	Criterion string `json:"criterion"`
	Title     string `json:"title"`
	Reference string `json:"reference"`
	URL       string `json:"url"`
}

// addEvidence attaches a link (JSON) or a file (multipart/form-data, see
// addEvidenceFile).
func (s *Server) addEvidence(c echo.Context) error {
	a, year, code, err := s.sheetAccess(c)
	if err != nil {
		return err
	}
	if isMultipart(c.Request()) {
		return s.addEvidenceFile(c, a, year, code)
	}
	var req evidenceRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	title, err := cleanName("evidence_title", req.Title)
	if err != nil {
		return err
	}
	if err := workflow.CheckEvidenceURL(req.URL); err != nil {
		return err
	}
	reference, err := cleanReference(req.Reference)
	if err != nil {
		return err
	}
	now := s.now()
	e, err := s.store.AddEvidence(c.Request().Context(), year, code, workflow.Evidence{Criterion: req.Criterion, Title: title, Reference: reference, URL: req.URL},
		store.By{Actor: a, At: now})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, e)
}

func (s *Server) removeEvidence(c echo.Context) error {
	a, year, code, err := s.sheetAccess(c)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return invalid("error.api.evidence_id", c.Param("id"))
	}
	now := s.now()
	err = s.store.RemoveEvidence(c.Request().Context(), year, code, id,
		store.By{Actor: a, At: now})
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type remarkRequest struct {
	Criterion string `json:"criterion"`
	Body      string `json:"body"`
}

func (s *Server) addRemark(c echo.Context) error {
	a, year, code, err := s.sheetAccess(c)
	if err != nil {
		return err
	}
	var req remarkRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	body, err := workflow.RemarkBody(req.Criterion, req.Body, true)
	if err != nil {
		return err
	}
	now := s.now()
	r, err := s.store.AddRemark(c.Request().Context(), year, code, workflow.Remark{Criterion: req.Criterion, Body: body},
		store.By{Actor: a, At: now})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, r)
}

type threadStatusRequest struct {
	Criterion string `json:"criterion"`
	Status    string `json:"status"` // resolved or reopened
	Note      string `json:"note"`
}

// setThreadStatus resolves or reopens a criterion's remark thread
// (workflow.CheckThreadStatus, in store.SetThreadStatus).
func (s *Server) setThreadStatus(c echo.Context) error {
	a, year, code, err := s.sheetAccess(c)
	if err != nil {
		return err
	}
	var req threadStatusRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	note, err := workflow.RemarkBody(req.Criterion, req.Note, false)
	if err != nil {
		return err
	}
	r, err := s.store.SetThreadStatus(c.Request().Context(), year, code, req.Criterion, req.Status, note,
		store.By{Actor: a, At: s.now()})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, r)
}
