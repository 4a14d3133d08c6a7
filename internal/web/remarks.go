package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
)

// Remarks and explanations (giải trình): a unit's remark threads, one per
// criterion, and the forms the rules allow the user on each (a remark, an
// explanation, resolving, reopening). What a user may do is asked of the
// same workflow rules the store applies when the form is posted.

// entryView is one entry of a thread.
type entryView struct {
	Kind, Label, Author, When, Body string
}

// formView is one of a thread's forms: its action, the text field's id,
// what was typed and the message at the field.
type formView struct {
	Action, FieldID, Label, Hint, Submit string
	Value, Error                         string
	Required                             bool
}

type threadView struct {
	ID, Criterion, Name string
	Status, Waiting     string // labels; Waiting "" when nobody waits
	Open, Expanded      bool
	Entries             []entryView
	Forms               []formView
	Why                 string // why the user may not write here, "" when a form shows
}

type criterionOption struct {
	Code, Name string
	Selected   bool
}

type remarksData struct {
	Year                     int
	PeriodTitle, Stage       string
	Unit, UnitName           string
	SheetPath, ListPath      string
	Focus                    string
	Threads                  []threadView
	NewCriteria              []criterionOption // the form that starts a thread, when the user may
	New                      formView
	ReadOnly                 string // why the user writes nothing on this unit now
	OpenCount, ResolvedCount int
	Errors                   []fieldError
	Kept                     string // what was typed into a form that is no longer there
}

// threadID is the id of a criterion's thread on the page ("thread-1-2-3"):
// criterion codes are digits and dots.
func threadID(criterion string) string { return "thread-" + strings.ReplaceAll(criterion, ".", "-") }

func fieldID(prefix, criterion string) string {
	return prefix + "-" + strings.ReplaceAll(criterion, ".", "-")
}

// remarksTarget is what the page is about: the period and the unit in it.
type remarksTarget struct {
	period workflow.Period
	unit   store.PeriodUnit
	f      *score.Framework
}

// target loads the route's period and unit, and says with a page why the
// user may not see them (404 for a period or unit that is not there, 403
// for another unit's user).
func (h *Handler) remarksTarget(c echo.Context) (remarksTarget, bool, error) {
	ctx := c.Request().Context()
	s := c.Get(sessionKey).(store.Session)
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil {
		return remarksTarget{}, false, h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	code := c.Param("code")
	if err := workflow.MayReadUnit(s.User.Actor(), code); err != nil {
		return remarksTarget{}, false, h.message(c, http.StatusForbidden, "forbidden.title", "remarks.forbidden")
	}
	p, err := h.cfg.Store.Period(ctx, year)
	if score.ErrorCode(err) == score.ENOTFOUND {
		return remarksTarget{}, false, h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	} else if err != nil {
		return remarksTarget{}, false, err
	}
	units, err := h.cfg.Store.PeriodUnits(ctx, year)
	if err != nil {
		return remarksTarget{}, false, err
	}
	i := slices.IndexFunc(units.Units, func(pu store.PeriodUnit) bool { return pu.Code == code })
	if i < 0 {
		return remarksTarget{}, false, h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	f, err := h.framework(ctx, year, units.Units[i].Tier)
	if err != nil {
		return remarksTarget{}, false, err
	}
	if f == nil {
		return remarksTarget{}, false, h.message(c, http.StatusNotFound, "notfound.title", "remarks.noframework")
	}
	return remarksTarget{period: p, unit: units.Units[i], f: f}, true, nil
}

// Remarks shows a unit's threads; ?criterion= opens that one (and starts
// a new thread there when it has none and the user may remark).
func (h *Handler) Remarks(c echo.Context) error {
	t, ok, err := h.remarksTarget(c)
	if !ok {
		return err
	}
	d, err := h.remarksData(c, t, c.QueryParam("criterion"), nil)
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "remarks", "remarks.title", d)
}

// typed is a posted form that was refused: which form, what it held, and
// the message at its field.
type typed struct {
	action, criterion, body, message string
}

// remarksData builds the page, with a refused form's text and message.
func (h *Handler) remarksData(c echo.Context, t remarksTarget, focus string, refused *typed) (remarksData, error) {
	ctx := c.Request().Context()
	s := c.Get(sessionKey).(store.Session)
	lang := h.lang(c)
	a, now := s.User.Actor(), h.cfg.Now()
	_, entries, err := h.cfg.Store.Threads(ctx, t.period.Year, t.unit.Code)
	if err != nil {
		return remarksData{}, err
	}
	base := "/app/periods/" + strconv.Itoa(t.period.Year)
	d := remarksData{Year: t.period.Year, PeriodTitle: t.period.Title, Stage: msg.Stage(lang, t.period.Stage), Unit: t.unit.Code, UnitName: t.unit.Name,
		SheetPath: base + "/units/" + url.PathEscape(t.unit.Code), ListPath: base + "/remarks", Focus: focus}
	var threads []workflow.Thread
	for _, ni := range t.f.Leaves {
		if th := workflow.ThreadOf(entries, t.f.Nodes[ni].Code); len(th.Entries) > 0 {
			threads = append(threads, th)
		}
	}
	for _, th := range threads {
		d.Threads = append(d.Threads, h.threadView(lang, a, t, th, focus, refused, now))
		if th.Open() {
			d.OpenCount++
		} else {
			d.ResolvedCount++
		}
	}
	// A new thread: the criteria the user may remark on.
	if kind, err := workflow.CheckRemark(a, t.period, t.unit.Code, workflow.Thread{}, now); err == nil && kind == workflow.KindRemark {
		for _, ni := range t.f.Leaves {
			n := t.f.Nodes[ni]
			d.NewCriteria = append(d.NewCriteria, criterionOption{Code: n.Code, Name: n.Name, Selected: n.Code == focus && workflow.ThreadOf(entries, n.Code).Entries == nil})
		}
		d.New = formView{Action: "new", FieldID: "new-body", Label: msg.T(lang, "remarks.new.body"), Submit: msg.T(lang, "remarks.new.submit"), Required: true}
		if refused != nil && refused.action == "new" {
			d.New.Value, d.New.Error = refused.body, refused.message
			for i := range d.NewCriteria {
				d.NewCriteria[i].Selected = d.NewCriteria[i].Code == refused.criterion
			}
		}
	} else if err != nil && len(threads) == 0 {
		d.ReadOnly = msg.Error(lang, err)
	}
	if refused != nil {
		id := "new-body"
		switch refused.action {
		case "reply":
			id = fieldID("body", refused.criterion)
		case "resolve", "reopen":
			id = fieldID(refused.action, refused.criterion)
		}
		if !d.hasField(id) {
			// The form is gone (the thread was resolved, the stage moved):
			// the summary leads to the thread, or to the page.
			id, d.Kept = "main", refused.body
			if slices.ContainsFunc(d.Threads, func(v threadView) bool { return v.Criterion == refused.criterion }) {
				id = threadID(refused.criterion)
			}
		}
		d.Errors = []fieldError{{Field: id, Message: refused.message}}
	}
	return d, nil
}

// hasField says whether the page has a form with the text field id.
func (d remarksData) hasField(id string) bool {
	if id == d.New.FieldID && d.NewCriteria != nil {
		return true
	}
	for _, t := range d.Threads {
		for _, f := range t.Forms {
			if f.FieldID == id {
				return true
			}
		}
	}
	return false
}

// threadView is a thread with the forms the rules allow the user now.
func (h *Handler) threadView(lang string, a workflow.Actor, t remarksTarget, th workflow.Thread, focus string, refused *typed, now time.Time) threadView {
	n, _, _ := t.f.Lookup(th.Criterion)
	v := threadView{ID: threadID(th.Criterion), Criterion: th.Criterion, Name: n.Name, Open: th.Open(),
		Status: msg.T(lang, "remarks.status."+th.Status())}
	switch {
	case th.AwaitsExplanation():
		v.Waiting = msg.T(lang, "remarks.waiting.unit")
	case th.AwaitsReply():
		v.Waiting = msg.T(lang, "remarks.waiting.council")
	}
	v.Expanded = th.Criterion == focus || (focus == "" && th.Open())
	for _, e := range th.Entries {
		v.Entries = append(v.Entries, entryView{Kind: e.Kind, Label: msg.T(lang, "remarks.kind."+e.Kind), Author: e.Author, When: vnfmt.DateTime(e.CreatedAt), Body: e.Body})
	}
	fill := func(f formView) formView {
		if refused != nil && refused.action == f.Action && refused.criterion == th.Criterion {
			f.Value, f.Error = refused.body, refused.message
			v.Expanded = true
		}
		return f
	}
	kind, whyNot := workflow.CheckRemark(a, t.period, t.unit.Code, th, now)
	if whyNot == nil {
		v.Forms = append(v.Forms, fill(formView{Action: "reply", FieldID: fieldID("body", th.Criterion), Label: msg.T(lang, "remarks.reply."+kind),
			Submit: msg.T(lang, "remarks.submit."+kind), Required: true}))
	}
	if workflow.CheckThreadStatus(a, t.period, t.unit.Code, th, workflow.KindResolved, "") == nil {
		v.Forms = append(v.Forms, fill(formView{Action: "resolve", FieldID: fieldID("resolve", th.Criterion), Label: msg.T(lang, "remarks.resolve.note"),
			Hint: msg.T(lang, "remarks.resolve.hint"), Submit: msg.T(lang, "remarks.resolve.submit")}))
	}
	// With a reason given: whether the rule lets this user reopen it now.
	if workflow.CheckThreadStatus(a, t.period, t.unit.Code, th, workflow.KindReopened, "lý do") == nil {
		v.Forms = append(v.Forms, fill(formView{Action: "reopen", FieldID: fieldID("reopen", th.Criterion), Label: msg.T(lang, "remarks.reopen.note"),
			Submit: msg.T(lang, "remarks.reopen.submit"), Required: true}))
	}
	if len(v.Forms) == 0 && whyNot != nil {
		v.Why = msg.Error(lang, whyNot)
	}
	return v
}

// PostRemark adds a remark or an explanation, or resolves or reopens a
// thread, through the store's use cases (their rules in one transaction);
// a refusal shows the page again with what was typed and the message at
// its field, a success goes back to the thread (post/redirect/get).
func (h *Handler) PostRemark(c echo.Context) error {
	t, ok, err := h.remarksTarget(c)
	if !ok {
		return err
	}
	s := c.Get(sessionKey).(store.Session)
	ctx := c.Request().Context()
	by := store.By{Actor: s.User.Actor(), At: h.cfg.Now()}
	by.Actor.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
	f := typed{action: c.FormValue("action"), criterion: c.FormValue("criterion"), body: c.FormValue("body")}
	switch f.action {
	case "new", "reply":
		var body string
		if body, err = workflow.RemarkBody(f.criterion, f.body, true); err == nil {
			_, err = h.cfg.Store.AddRemark(ctx, t.period.Year, t.unit.Code, workflow.Remark{Criterion: f.criterion, Body: body}, by)
		}
	case "resolve", "reopen":
		to := map[string]string{"resolve": workflow.KindResolved, "reopen": workflow.KindReopened}[f.action]
		var note string
		if note, err = workflow.RemarkBody(f.criterion, f.body, false); err == nil {
			_, err = h.cfg.Store.SetThreadStatus(ctx, t.period.Year, t.unit.Code, f.criterion, to, note, by)
		}
	default:
		return h.message(c, http.StatusBadRequest, "remarks.badform.title", "remarks.badform.body")
	}
	if err != nil {
		status := formStatus(err)
		if status == 0 {
			return err
		}
		f.message = msg.Error(h.lang(c), err)
		d, derr := h.remarksData(c, t, f.criterion, &f)
		if derr != nil {
			return derr
		}
		return h.render(c, status, "remarks", "remarks.title", d)
	}
	return c.Redirect(http.StatusSeeOther, threadPath(t.period.Year, t.unit.Code, f.criterion))
}

// threadPath is the address of a unit's thread on a criterion.
func threadPath(year int, unit, criterion string) string {
	return "/app/periods/" + strconv.Itoa(year) + "/units/" + url.PathEscape(unit) + "/remarks?criterion=" + url.QueryEscape(criterion) + "#" + threadID(criterion)
}

// openRow is an open thread in the list of open remarks.
type openRow struct {
	UnitName, Criterion, Name string
	Waiting, When, Path       string
	Mine                      bool // waits for this user's side
}

type openData struct {
	Year        int
	PeriodTitle string
	Stage       string
	Rows        []openRow
	Units       int // how many units the list covers
}

// OpenRemarks lists the open threads of a period: of the user's unit, of
// a council member's assigned units (all, when none are assigned), or of
// every unit for the secretariat.
func (h *Handler) OpenRemarks(c echo.Context) error {
	ctx := c.Request().Context()
	s := c.Get(sessionKey).(store.Session)
	lang := h.lang(c)
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil {
		return h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	p, err := h.cfg.Store.Period(ctx, year)
	if score.ErrorCode(err) == score.ENOTFOUND {
		return h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	} else if err != nil {
		return err
	}
	rows, units, err := h.openRows(ctx, lang, year, s.User)
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "remarks-open", "remarks.open.title", openData{Year: year, PeriodTitle: p.Title, Stage: msg.Stage(lang, p.Stage), Rows: rows, Units: units})
}

// readableUnits are the period's units whose threads the user's lists
// show: its own, a council member's assigned ones (all when none), all.
func readableUnits(units []store.PeriodUnit, u workflow.User) []store.PeriodUnit {
	var out []store.PeriodUnit
	for _, pu := range units {
		switch {
		case u.Role == workflow.RoleUnit && pu.Code != u.Unit:
		case u.Role == workflow.RoleCouncil && len(u.Units) > 0 && !slices.Contains(u.Units, pu.Code):
		default:
			out = append(out, pu)
		}
	}
	return out
}

// openRows are the open threads of the user's units, by unit (the
// period's order) and criterion (the framework's).
func (h *Handler) openRows(ctx context.Context, lang string, year int, u workflow.User) ([]openRow, int, error) {
	st := h.cfg.Store
	all, err := st.PeriodUnits(ctx, year)
	if err != nil {
		return nil, 0, err
	}
	units := readableUnits(all.Units, u)
	codes := make([]string, len(units))
	for i, pu := range units {
		codes[i] = pu.Code
	}
	entries, err := st.PeriodRemarks(ctx, year, codes)
	if err != nil {
		return nil, 0, err
	}
	frameworks := map[string]*score.Framework{}
	var rows []openRow
	for _, pu := range units {
		if len(entries[pu.Code]) == 0 {
			continue
		}
		f, ok := frameworks[pu.Tier]
		if !ok {
			if f, err = h.framework(ctx, year, pu.Tier); err != nil {
				return nil, 0, err
			}
			frameworks[pu.Tier] = f
		}
		if f == nil {
			continue
		}
		for _, ni := range f.Leaves {
			n := f.Nodes[ni]
			th := workflow.ThreadOf(entries[pu.Code], n.Code)
			if !th.Open() {
				continue
			}
			r := openRow{UnitName: pu.Name, Criterion: n.Code, Name: n.Name, When: vnfmt.Date(th.Entries[len(th.Entries)-1].CreatedAt),
				Path: threadPath(year, pu.Code, n.Code)}
			switch {
			case th.AwaitsExplanation():
				r.Waiting, r.Mine = msg.T(lang, "remarks.waiting.unit"), u.Role == workflow.RoleUnit
			case th.AwaitsReply():
				r.Waiting, r.Mine = msg.T(lang, "remarks.waiting.council"), u.Role != workflow.RoleUnit
			}
			rows = append(rows, r)
		}
	}
	return rows, len(units), nil
}
