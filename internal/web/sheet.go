package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/textrule"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
)

// A unit's scoring sheet: the framework tree as one table, per leaf the
// unit's self points, the council's points, not applicable, the note, the
// evidence and the remark thread. Which cells are inputs is workflow's
// (EditableCells); saving goes through store.UpsertScores with the API's
// guards (the rules, and the revision the page was read at, as If-Match).

// The kinds of a leaf's values, as they name form fields: "self-1.2".
const (
	cellSelf   = "self"
	cellPoints = "points"
	cellNA     = "na"
	cellNote   = "note"
)

// cellView is one value of a leaf in the form.
type cellView struct {
	ID       string // the input's id and name: kind-code
	Kind     string // self, points, na or note
	Label    string // the input's label: the column and the criterion
	Texts    *cellTexts
	Editable bool
	Value    string // as shown or typed
	Was      string // as the page showed it when read (the hidden was-… field)
	Error    string
	// Theirs is someone else's value saved since the page was read, when
	// it differs from both Was and Value (a conflict to choose in).
	Theirs   string
	Conflict bool
}

// cellTexts are the catalog's words every cell may show.
type cellTexts struct{ Yes, Theirs, Keep, Take string }

// Checked says whether a not-applicable checkbox is ticked.
func (c cellView) Checked() bool { return c.Value == "1" }

type evidenceView struct {
	ID               int64
	Title, Reference string
	URL              string // a link's address
	File             string // a file's name and size
	Download         string // the page route of a file's bytes
}

type remarkView struct {
	Kind, Body, Author, At string
}

// sheetRow is a row of the table: a field (the group row), an inner
// criterion, or a leaf with its cells.
type sheetRow struct {
	Code, Name, Max string
	Depth           int
	Leaf            bool
	Survey          bool
	Field           string // the field's code, for the live totals
	MaxMilli        int64
	SelfMilli       string // stored values for the live totals ("" none)
	PointsMilli     string
	Self, Points    cellView
	NA, Note        cellView
	Evidence        []evidenceView
	Remarks         []remarkView
	RemarksLink     string
	AddEvidence     bool          // the form's evidence inputs are shown
	ForCode         string        // "tiêu chí 1.2", for labels
	HTML            template.HTML // the leaf's row, written by leafHTML
	// A refused evidence: its message and what was typed.
	EvidenceError, EvidenceTitle, EvidenceURL string
}

// sheetField is a field (a top-level criterion) with its rows and totals.
type sheetField struct {
	Code, Name, Max     string
	Self, Points, Index string
	Rows                []sheetRow
}

type sheetData struct {
	Year         int
	Unit         workflow.Unit
	Stage        string
	Deadline     string
	Action       string // the sheet's path
	Revision     int64
	ReadOnly     string // why nothing may change, "" when something may
	Editable     bool
	Evidence     bool // the user may attach evidence now
	Notice       string
	Errors       []fieldError
	Conflict     bool
	Fields       []sheetField
	Max          string
	Self, Points string
	Index        string
	Complete     bool
	Provisional  bool
	MaxFileBytes string
	// The places of the columns of points (rule 5), for the live totals.
	MaxPlaces, SelfPlaces, PointsPlaces int
}

// pointsColumn writes a column of points: every value takes the column's
// largest number of places (rule 5: 81,300 beside 82,615). The sheet and
// the points page print their columns with it.
type pointsColumn struct{ places int }

func column(ms []score.Milli) pointsColumn { return pointsColumn{places: vnfmt.PointsPlaces(ms...)} }

func (c pointsColumn) text(m score.Milli) string { return vnfmt.Fixed(m.String(), c.places) }

func sheetPath(year int, code string) string {
	return fmt.Sprintf("/app/periods/%d/units/%s", year, url.PathEscape(code))
}

// cellID is the id and form name of one value of a leaf.
func cellID(kind, code string) string { return kind + "-" + code }

// pointsText is points as the sheet's inputs show them: a decimal comma,
// no thousands separator (so that "1.000" is never read back as 1).
func pointsText(m *score.Milli) string {
	if m == nil {
		return ""
	}
	return strings.Replace(m.String(), ".", ",", 1)
}

func milliAttr(m *score.Milli) string {
	if m == nil {
		return ""
	}
	return strconv.FormatInt(int64(*m), 10)
}

func boolText(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// parsePoints reads points typed as "2,5" or "2.5"; "" is none. The
// store checks the bounds (0..max) as it does the API's.
func parsePoints(s string) (*score.Milli, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, ""
	}
	if strings.Contains(s, ",") {
		if strings.Contains(s, ".") || strings.Count(s, ",") > 1 {
			return nil, "sheet.bad.separator"
		}
		s = strings.Replace(s, ",", ".", 1)
	}
	if strings.ContainsAny(s, "eE+ \t") || strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") {
		return nil, "sheet.bad.number"
	}
	for _, r := range strings.TrimPrefix(s, "-") {
		if (r < '0' || r > '9') && r != '.' {
			return nil, "sheet.bad.number"
		}
	}
	m, err := score.ParseMilli(s)
	if err != nil {
		if _, frac, ok := strings.Cut(s, "."); ok && len(frac) > 3 {
			return nil, "sheet.bad.places"
		}
		return nil, "sheet.bad.number"
	}
	return &m, ""
}

// sheetView builds the page from a sheet, for the actor at now.
func (h *Handler) sheetView(lang string, sh workflow.Sheet, a workflow.Actor) sheetData {
	now := h.cfg.Now()
	f, p := sh.Framework, sh.Period
	d := sheetData{Year: p.Year, Unit: sh.Unit, Stage: msg.Stage(lang, p.Stage), Action: sheetPath(p.Year, sh.Unit.Code), Revision: sh.Revision,
		Evidence: workflow.CheckEvidence(a, p, sh.Unit.Code, now) == nil}
	if p.StageClosesAt != nil {
		d.Deadline = vnfmt.Date(*p.StageClosesAt)
	}
	if h.cfg.EvidenceMaxBytes > 0 {
		d.MaxFileBytes = vnfmt.Bytes(h.cfg.EvidenceMaxBytes)
	}
	r := sh.Result
	// Rule 5: every value of a column of points takes the column's places.
	var maxes, selfs, pointss []score.Milli
	for _, n := range f.Nodes {
		maxes = append(maxes, n.Max)
	}
	for _, l := range sh.Leaves {
		if l.Score != nil && l.Score.Self != nil {
			selfs = append(selfs, *l.Score.Self)
		}
		if l.Score != nil && l.Score.Points != nil {
			pointss = append(pointss, *l.Score.Points)
		}
	}
	for _, sum := range r.Nodes {
		selfs, pointss = append(selfs, sum.Self), append(pointss, sum.Points)
	}
	maxCol, selfCol, pointsCol := column(maxes), column(selfs), column(pointss)
	d.MaxPlaces, d.SelfPlaces, d.PointsPlaces = maxCol.places, selfCol.places, pointsCol.places
	d.Max, d.Self, d.Points, d.Index = maxCol.text(r.Total.Max), selfCol.text(r.Total.Self), pointsCol.text(r.Total.Points), indexText(r.Index())
	d.Complete, d.Provisional = r.Complete, r.Provisional
	texts := &cellTexts{Yes: msg.T(lang, "sheet.yes"), Theirs: msg.T(lang, "sheet.conflict.theirs"), Keep: msg.T(lang, "sheet.conflict.keep"), Take: msg.T(lang, "sheet.conflict.take")}
	var field *sheetField
	for ni, n := range f.Nodes {
		if n.Parent < 0 {
			sum := r.Nodes[ni]
			d.Fields = append(d.Fields, sheetField{Code: n.Code, Name: n.Name, Max: maxCol.text(n.Max),
				Self: selfCol.text(sum.Self), Points: pointsCol.text(sum.Points), Index: indexText(sum.Index())})
			field = &d.Fields[len(d.Fields)-1]
		}
		row := sheetRow{Code: n.Code, Name: n.Name, Max: maxCol.text(n.Max), Depth: n.Depth, Leaf: n.Leaf, Field: field.Code, MaxMilli: int64(n.Max)}
		if n.Leaf {
			h.leafRow(&row, sh, f.LeafPosition(n.Code), n, a, now, lang, texts)
			if sc := sh.Leaves[f.LeafPosition(n.Code)].Score; sc != nil {
				if !row.Self.Editable && sc.Self != nil {
					row.Self.Value = selfCol.text(*sc.Self)
				}
				if !row.Points.Editable && sc.Points != nil {
					row.Points.Value = pointsCol.text(*sc.Points)
				}
			}
			if row.Self.Editable || row.Points.Editable || row.NA.Editable || row.Note.Editable {
				d.Editable = true
			}
			row.AddEvidence = d.Evidence
		}
		field.Rows = append(field.Rows, row)
	}
	if !d.Editable {
		if err := workflow.SheetReadOnly(a, p, sh.Unit.Code, now); err != nil {
			d.ReadOnly = msg.Error(lang, err)
		} else {
			d.ReadOnly = msg.T(lang, "sheet.readonly.none")
		}
	}
	return d
}

// leafRow fills a leaf's cells from its stored score and the actor's rights.
func (h *Handler) leafRow(row *sheetRow, sh workflow.Sheet, pos int, n score.Node, a workflow.Actor, now time.Time, lang string, texts *cellTexts) {
	year, unit := sh.Period.Year, sh.Unit.Code
	row.Survey = n.Source == score.Survey
	rights := workflow.EditableCells(a, sh.Period, unit, n.Code, row.Survey, now)
	l := sh.Leaves[pos]
	var sc workflow.Score
	if l.Score != nil {
		sc = *l.Score
	}
	row.SelfMilli, row.PointsMilli = milliAttr(sc.Self), milliAttr(sc.Points)
	cell := func(kind, v string, editable bool) cellView {
		return cellView{ID: cellID(kind, n.Code), Kind: kind, Editable: editable, Value: v, Was: v, Texts: texts,
			Label: msg.T(lang, "sheet.label", msg.T(lang, "sheet.col."+kind), n.Code)}
	}
	row.Self = cell(cellSelf, pointsText(sc.Self), rights.Self)
	row.Points = cell(cellPoints, pointsText(sc.Points), rights.Points)
	row.NA = cell(cellNA, boolText(sc.NotApplicable), rights.NotApplicable)
	row.Note = cell(cellNote, sc.Note, rights.Note)
	for _, e := range l.Evidence {
		ev := evidenceView{ID: e.ID, Title: e.Title, Reference: e.Reference, URL: e.URL}
		if e.File != nil {
			ev.File = e.File.Name + ", " + vnfmt.Bytes(e.File.Size)
			ev.Download = fmt.Sprintf("%s/evidence/%d/file", sheetPath(year, unit), e.ID)
		}
		row.Evidence = append(row.Evidence, ev)
	}
	for _, r := range l.Remarks {
		row.Remarks = append(row.Remarks, remarkView{Kind: r.Kind, Body: r.Body, Author: r.Author, At: vnfmt.DateTime(r.CreatedAt)})
	}
	row.RemarksLink = sheetPath(year, unit) + "/remarks?criterion=" + url.QueryEscape(n.Code)
	row.ForCode = msg.T(lang, "sheet.forcode", n.Code)
}

// cells are a leaf row's four values, for loops over them.
func (r *sheetRow) cells() []*cellView { return []*cellView{&r.Self, &r.Points, &r.NA, &r.Note} }

// sheetUnit reads the route's year and unit and checks that the user may
// read the unit's sheet.
func (h *Handler) sheetUnit(c echo.Context) (int, string, workflow.Actor, error) {
	s := c.Get(sessionKey).(store.Session)
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil || year < 1900 || year > 2200 {
		return 0, "", workflow.Actor{}, score.E(score.ENOTFOUND, "error.api.year_param", "year", c.Param("year"))
	}
	a := s.User.Actor()
	a.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
	code := c.Param("code")
	return year, code, a, workflow.MayReadUnit(a, code)
}

// sheetFailure is the page of an error that leaves no sheet to show: 403,
// 404, or the error page; the message is the error catalog's.
func (h *Handler) sheetFailure(c echo.Context, err error) error {
	var se *score.Error
	if !errors.As(err, &se) {
		return err
	}
	if se.Code == score.EFORBIDDEN || se.Code == score.ENOTFOUND {
		return h.pageRefusal(c, err)
	}
	status := formStatus(err)
	if status == 0 {
		return err
	}
	return h.message(c, status, "error.title", "sheet.message", msg.Error(h.lang(c), err))
}

// Notices a sheet shows after a redirect (?saved=).
var sheetNotices = map[string]string{
	"1": "sheet.saved", "unchanged": "sheet.unchanged", "evidence": "sheet.evidence.added", "removed": "sheet.evidence.removed",
}

// Sheet shows a unit's sheet: to the unit itself, the council (every
// unit; it scores its assigned ones) and the secretariat.
func (h *Handler) Sheet(c echo.Context) error {
	year, code, a, err := h.sheetUnit(c)
	if err != nil {
		return h.sheetFailure(c, err)
	}
	sh, err := h.cfg.Store.Sheet(c.Request().Context(), year, code)
	if err != nil {
		return h.sheetFailure(c, err)
	}
	lang := h.lang(c)
	d := h.sheetView(lang, sh, a)
	if k, ok := sheetNotices[c.QueryParam("saved")]; ok {
		d.Notice = msg.T(lang, k)
	}
	return h.renderSheet(c, http.StatusOK, &d)
}

// renderSheet writes the sheet's leaf rows (leafHTML) as its cells are
// now, and renders the page.
func (h *Handler) renderSheet(c echo.Context, status int, d *sheetData) error {
	lang := h.lang(c)
	t := &rowTexts{Survey: msg.T(lang, "sheet.survey"), Remove: msg.T(lang, "sheet.evidence.remove"), Add: msg.T(lang, "sheet.evidence.add"),
		TitleLabel: msg.T(lang, "sheet.evidence.title.label"), URL: msg.T(lang, "sheet.evidence.url"), File: msg.T(lang, "sheet.evidence.file"),
		Attach: msg.T(lang, "sheet.evidence.attach"), Remark: msg.T(lang, "sheet.remark.remark"), Explanation: msg.T(lang, "sheet.remark.explanation"),
		Open: msg.T(lang, "sheet.remarks.open"), New: msg.T(lang, "sheet.remarks.new")}
	if d.MaxFileBytes != "" {
		t.Max = msg.T(lang, "sheet.evidence.max", d.MaxFileBytes)
	}
	for fi := range d.Fields {
		for ri := range d.Fields[fi].Rows {
			if r := &d.Fields[fi].Rows[ri]; r.Leaf {
				r.HTML = leafHTML(r, t, d.Evidence)
			}
		}
	}
	return h.render(c, status, "sheet", "sheet.title", *d)
}

// change is a value the form changed: its cell, and the write.
type change struct {
	cell *cellView
	row  *sheetRow
}

// readForm puts what was typed into the page's cells (keeping it, for a
// re-render) and returns the writes of the values that changed since the
// page was read, with a message at each value that cannot be read.
func readForm(c echo.Context, lang string, d *sheetData) ([]workflow.ScoreWrite, []change, []fieldError) {
	var writes []workflow.ScoreWrite
	var changes []change
	var bad []fieldError
	for fi := range d.Fields {
		for ri := range d.Fields[fi].Rows {
			row := &d.Fields[fi].Rows[ri]
			if !row.Leaf {
				continue
			}
			w := workflow.ScoreWrite{Unit: d.Unit.Code, Criterion: row.Code}
			for _, cv := range row.cells() {
				if _, posted := c.Request().Form["was-"+cv.ID]; !posted {
					continue // not an input when the page was read
				}
				kind := cv.Kind
				typed, was := c.FormValue(cv.ID), c.FormValue("was-"+cv.ID)
				if kind == cellNA && typed != "" {
					typed = "1"
				}
				if c.FormValue("pick-"+cv.ID) == "theirs" {
					typed = cv.Value // the stored value: nothing to write
				}
				if cv.Editable {
					cv.Value, cv.Was = typed, was
				}
				// A value typed where the rules no longer let the user write
				// (the stage moved since the page was read) still goes to the
				// store, whose refusal then says why: never dropped in silence.
				if same(kind, typed, was) {
					continue
				}
				changes = append(changes, change{cell: cv, row: row})
				switch kind {
				case cellSelf, cellPoints:
					m, key := parsePoints(typed)
					if key != "" {
						cv.Error = msg.T(lang, key, row.Code)
						bad = append(bad, fieldError{Field: cv.ID, Message: cv.Error})
						continue
					}
					if kind == cellSelf {
						w.SetSelf, w.Self = true, m
					} else {
						w.SetPoints, w.Points = true, m
					}
				case cellNA:
					w.SetNotApplicable, w.NotApplicable = true, typed == "1"
				case cellNote:
					if err := textrule.Controls(typed, true); err != nil {
						cv.Error = msg.T(lang, "sheet.bad.note", row.Code)
						bad = append(bad, fieldError{Field: cv.ID, Message: cv.Error})
						continue
					}
					w.SetNote, w.Note = true, textrule.Multiline(strings.TrimSpace(typed))
				}
			}
			if w.SetSelf || w.SetPoints || w.SetNotApplicable || w.SetNote {
				writes = append(writes, w)
			}
		}
	}
	return writes, changes, bad
}

// same says whether a typed value is the one the page showed.
func same(kind, typed, was string) bool {
	switch kind {
	case cellSelf, cellPoints:
		a, ea := parsePoints(typed)
		b, eb := parsePoints(was)
		if ea != "" || eb != "" {
			return strings.TrimSpace(typed) == strings.TrimSpace(was)
		}
		return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
	case cellNote:
		return textrule.Multiline(strings.TrimSpace(typed)) == textrule.Multiline(strings.TrimSpace(was))
	}
	return typed == was
}

// SaveSheet saves the changed values of a sheet, all or nothing, with the
// API's guards: the workflow's rules for this user now, and the revision
// the page was read at. A value that cannot be saved re-renders the sheet
// (422) with everything typed; someone else's save in between shows
// their values beside the user's (409) to choose from; a success goes
// back to the sheet (303).
func (h *Handler) SaveSheet(c echo.Context) error {
	year, code, a, err := h.sheetUnit(c)
	if err != nil {
		return h.sheetFailure(c, err)
	}
	ctx := c.Request().Context()
	sh, err := h.cfg.Store.Sheet(ctx, year, code)
	if err != nil {
		return h.sheetFailure(c, err)
	}
	lang := h.lang(c)
	d := h.sheetView(lang, sh, a)
	rev, err := strconv.ParseInt(c.FormValue("revision"), 10, 64)
	if err != nil {
		rev = -1 // not a revision this sheet ever had: a conflict
	}
	d.Revision = rev
	writes, changes, bad := readForm(c, lang, &d)
	if len(bad) > 0 {
		d.Errors = bad
		return h.renderSheet(c, http.StatusUnprocessableEntity, &d)
	}
	if len(writes) == 0 {
		return c.Redirect(http.StatusSeeOther, d.Action+"?saved=unchanged")
	}
	s := c.Get(sessionKey).(store.Session)
	by := store.By{Actor: a, At: h.cfg.Now()}
	err = h.cfg.Store.UpsertScores(ctx, year, s.User, writes, store.ScoreGuard{Rules: &by},
		store.ScoreGuard{IfRevision: &store.UnitRevision{Unit: code, Revision: rev}})
	if err == nil {
		return c.Redirect(http.StatusSeeOther, d.Action+"?saved=1")
	}
	var se *score.Error
	if !errors.As(err, &se) {
		return err
	}
	switch {
	case se.Code == score.EPRECONDITION:
		return h.sheetConflict(c, lang, a, year, code, changes)
	case se.Code == score.EUNPROCESSABLE && len(se.Details) > 0:
		d.Errors = cellProblems(lang, &d, changes, se.Details)
	default:
		d.Errors = []fieldError{{Field: "sheet-table", Message: msg.Error(lang, err)}}
	}
	status := formStatus(err)
	if status == 0 {
		return err
	}
	return h.renderSheet(c, status, &d)
}

// cellProblems puts each refused value's message at its cell (the field
// the store names, else the criterion's first changed value).
func cellProblems(lang string, d *sheetData, changes []change, ps []score.Problem) []fieldError {
	var out []fieldError
	for _, p := range ps {
		text := msg.Problem(lang, p)
		var at *cellView
		for _, ch := range changes {
			kind := ch.cell.Kind
			if ch.row.Code != p.Criterion {
				continue
			}
			if p.Field == "" || (p.Field == "self_points" && kind == cellSelf) || (p.Field == "points" && kind == cellPoints) {
				at = ch.cell
				break
			}
		}
		if at == nil {
			out = append(out, fieldError{Field: "sheet-table", Message: text})
			continue
		}
		at.Error = text
		out = append(out, fieldError{Field: at.ID, Message: text})
	}
	return out
}

// sheetConflict answers a save made on a sheet someone else has saved
// since: the sheet as it is now, with the user's changed values typed in,
// and where the other person changed the same value, both, to choose.
func (h *Handler) sheetConflict(c echo.Context, lang string, a workflow.Actor, year int, code string, changes []change) error {
	sh, err := h.cfg.Store.Sheet(c.Request().Context(), year, code)
	if err != nil {
		return h.sheetFailure(c, err)
	}
	d := h.sheetView(lang, sh, a)
	d.Conflict = true
	mine := map[string]cellView{}
	for _, ch := range changes {
		mine[ch.cell.ID] = *ch.cell
	}
	for fi := range d.Fields {
		for ri := range d.Fields[fi].Rows {
			row := &d.Fields[fi].Rows[ri]
			for _, cv := range row.cells() {
				m, ok := mine[cv.ID]
				if !ok || !cv.Editable {
					continue
				}
				kind := cv.Kind
				theirs := cv.Value
				cv.Value = m.Value
				if !same(kind, theirs, m.Was) && !same(kind, theirs, m.Value) {
					cv.Conflict, cv.Theirs = true, theirs
					d.Errors = append(d.Errors, fieldError{Field: cv.ID, Message: msg.T(lang, "sheet.conflict.cell", row.Code, msg.T(lang, "sheet.col."+kind))})
				}
			}
		}
	}
	if len(d.Errors) == 0 {
		d.Errors = []fieldError{{Field: "sheet-table", Message: msg.T(lang, "sheet.conflict.none")}}
	}
	return h.renderSheet(c, http.StatusConflict, &d)
}
