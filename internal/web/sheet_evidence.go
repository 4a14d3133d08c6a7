package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/textrule"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
)

// Evidence from a sheet's row: the row's button names its criterion
// (evidence=CODE) and posts the sheet's form here, with the row's title,
// link (ev-title-CODE, ev-url-CODE) or file (ev-file-CODE). The rules
// (workflow.CheckEvidence) are the store's, inside its transaction.

// AddSheetEvidence attaches a link or a file to a leaf of the sheet.
func (h *Handler) AddSheetEvidence(c echo.Context) error {
	year, code, a, err := h.sheetUnit(c)
	if err != nil {
		return h.sheetFailure(c, err)
	}
	ctx := c.Request().Context()
	criterion := strings.TrimSpace(c.FormValue("evidence"))
	title, link := c.FormValue("ev-title-"+criterion), strings.TrimSpace(c.FormValue("ev-url-"+criterion))
	by := store.By{Actor: a, At: h.cfg.Now()}
	lang := h.lang(c)
	fail := func(field string, text string) error {
		sh, err := h.cfg.Store.Sheet(ctx, year, code)
		if err != nil {
			return h.sheetFailure(c, err)
		}
		d := h.sheetView(lang, sh, a)
		d.Errors = []fieldError{{Field: field + criterion, Message: text}}
		for fi := range d.Fields {
			for ri := range d.Fields[fi].Rows {
				if r := &d.Fields[fi].Rows[ri]; r.Code == criterion {
					r.EvidenceError, r.EvidenceTitle, r.EvidenceURL = text, title, link
				}
			}
		}
		return h.renderSheet(c, http.StatusUnprocessableEntity, &d)
	}
	fh, ferr := c.FormFile("ev-file-" + criterion)
	switch {
	case ferr == nil && fh.Size > 0 && h.cfg.AddFile != nil:
		_, err = h.cfg.AddFile(c, year, code, by, EvidenceFile{Criterion: criterion, Title: title, File: fh})
		if err != nil {
			return h.evidenceRefused(c, err, "ev-file-", fail)
		}
	case link == "" && strings.TrimSpace(title) == "":
		return fail("ev-url-", msg.T(lang, "sheet.evidence.empty"))
	default:
		clean, err := textrule.Name(title)
		if err != nil {
			return fail("ev-title-", msg.T(lang, "sheet.evidence.title"))
		}
		if err := workflow.CheckEvidenceURL(link); err != nil {
			return fail("ev-url-", msg.Error(lang, err))
		}
		_, err = h.cfg.Store.AddEvidence(ctx, year, code, workflow.Evidence{Criterion: criterion, Title: clean, URL: link}, by)
		if err != nil {
			return h.evidenceRefused(c, err, "ev-url-", fail)
		}
	}
	return c.Redirect(http.StatusSeeOther, sheetPath(year, code)+"?saved=evidence#row-"+criterion)
}

// evidenceRefused shows the store's refusal at the row, or, when there is
// no sheet to show it on, as a page of its own.
func (h *Handler) evidenceRefused(c echo.Context, err error, field string, fail func(string, string) error) error {
	var se *score.Error
	if !errors.As(err, &se) {
		return err
	}
	if se.Code == score.ENOTFOUND || se.Code == score.EFORBIDDEN {
		return h.sheetFailure(c, err)
	}
	return fail(field, msg.Error(h.lang(c), err))
}

// RemoveSheetEvidence removes a piece of evidence from the sheet.
func (h *Handler) RemoveSheetEvidence(c echo.Context) error {
	year, code, a, err := h.sheetUnit(c)
	if err != nil {
		return h.sheetFailure(c, err)
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return h.sheetFailure(c, score.E(score.ENOTFOUND, "error.evidence.not_found", code, 0, year))
	}
	if err := h.cfg.Store.RemoveEvidence(c.Request().Context(), year, code, id, store.By{Actor: a, At: h.cfg.Now()}); err != nil {
		return h.sheetFailure(c, err)
	}
	return c.Redirect(http.StatusSeeOther, sheetPath(year, code)+"?saved=removed")
}

// SessionUser is the signed-in user of a request that passed Require,
// for a handler of the API's that a page route reuses (evidence downloads).
func SessionUser(c echo.Context) (workflow.User, bool) {
	s, ok := c.Get(sessionKey).(store.Session)
	return s.User, ok
}

// TooLarge is the page of an upload larger than the file limit.
func (h *Handler) TooLarge(c echo.Context, max int64) error {
	return h.message(c, http.StatusRequestEntityTooLarge, "error.title", "sheet.evidence.toolarge", vnfmt.Bytes(max))
}
