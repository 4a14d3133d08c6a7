package web

import (
	"context"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
)

// periodRow is a period as My work lists it.
type periodRow struct {
	Year     int
	Title    string
	Stage    string // label
	Deadline string // vnfmt date, "" for none
}

// unitWork is what a unit still has to do in an open period.
type unitWork struct {
	Year     int
	Unit     string
	Missing  int // leaves the unit enters with no self points
	Awaiting int // remarks whose thread waits for the unit's explanation
}

// councilUnit is an assigned unit's appraisal progress.
type councilUnit struct {
	Code, Name string
	Done, Of   int
	Replies    int // explanations waiting for the council's reply
}

type councilWork struct {
	Year  int
	Units []councilUnit
}

type appData struct {
	Periods []periodRow
	Unit    []unitWork
	Council []councilWork
	Staff   bool
	Role    string
}

// open says whether people work in a period now: past its draft, before
// its results are fixed.
func open(p workflow.Period) bool {
	return p.Stage != workflow.Draft && !p.Locked()
}

// App is My work, the signed-in home: the periods with their stage and
// deadline, and per role what waits for the user.
func (h *Handler) App(c echo.Context) error {
	ctx := c.Request().Context()
	s := c.Get(sessionKey).(store.Session)
	lang := h.lang(c)
	ps, err := h.cfg.Store.Periods(ctx)
	if err != nil {
		return err
	}
	d := appData{Role: s.User.Role, Staff: s.User.Role == workflow.RoleAdmin || s.User.Role == workflow.RoleSecretariat}
	for _, p := range ps {
		r := periodRow{Year: p.Year, Title: p.Title, Stage: msg.Stage(lang, p.Stage)}
		if p.StageClosesAt != nil {
			r.Deadline = vnfmt.Date(*p.StageClosesAt)
		}
		d.Periods = append(d.Periods, r)
		if !open(p) {
			continue
		}
		switch s.User.Role {
		case workflow.RoleUnit:
			w, ok, err := h.unitWork(ctx, p.Year, s.User)
			if err != nil {
				return err
			}
			if ok {
				d.Unit = append(d.Unit, w)
			}
		case workflow.RoleCouncil:
			w, err := h.councilWork(ctx, p.Year, s.User)
			if err != nil {
				return err
			}
			d.Council = append(d.Council, w)
		}
	}
	return h.render(c, http.StatusOK, "app", "app.title", d)
}

// framework is a tier's framework in a period, nil when it has none.
func (h *Handler) framework(ctx context.Context, year int, tier string) (*score.Framework, error) {
	f, err := h.cfg.Store.Framework(ctx, year, tier)
	if score.ErrorCode(err) == score.ENOTFOUND {
		return nil, nil
	}
	return f, err
}

// unitWork counts a unit's leaves without self points (the survey's
// leaves are the secretariat's) and its remarks awaiting an explanation
// (an open thread whose last word is the council's remark). ok is
// false when the unit is not in the period.
func (h *Handler) unitWork(ctx context.Context, year int, u workflow.User) (unitWork, bool, error) {
	st := h.cfg.Store
	units, err := st.PeriodUnits(ctx, year)
	if err != nil {
		return unitWork{}, false, err
	}
	i := slices.IndexFunc(units.Units, func(pu store.PeriodUnit) bool { return pu.Code == u.Unit })
	if i < 0 {
		return unitWork{}, false, nil
	}
	w := unitWork{Year: year, Unit: units.Units[i].Name}
	f, err := h.framework(ctx, year, units.Units[i].Tier)
	if err != nil || f == nil {
		return w, f != nil, err
	}
	scores, err := st.Scores(ctx, year, "", u.Unit)
	if err != nil {
		return w, false, err
	}
	byCode := map[string]workflow.Score{}
	for _, sc := range scores {
		byCode[sc.Criterion] = sc
	}
	for _, ni := range f.Leaves {
		n := f.Nodes[ni]
		if n.Source == score.Survey && !workflow.MayEnterSurvey(u.Role) {
			continue
		}
		if sc, ok := byCode[n.Code]; !ok || (sc.Self == nil && !sc.NotApplicable) {
			w.Missing++
		}
	}
	_, remarks, err := st.Threads(ctx, year, u.Unit)
	if err != nil {
		return w, false, err
	}
	w.Awaiting = awaiting(remarks, workflow.Thread.AwaitsExplanation)
	return w, true, nil
}

// awaiting counts a unit's open threads that wait for one side
// (workflow.Thread: the unit's explanation or the council's reply).
func awaiting(remarks []workflow.Remark, waits func(workflow.Thread) bool) int {
	n := 0
	for _, t := range workflow.Threads(remarks) {
		if waits(t) {
			n++
		}
	}
	return n
}

// councilWork is a council member's units in a period (its assigned ones;
// none assigned means all) with how many of the leaves it appraises have
// points or are marked not applicable, and the explanations waiting for
// its reply.
func (h *Handler) councilWork(ctx context.Context, year int, u workflow.User) (councilWork, error) {
	st := h.cfg.Store
	w := councilWork{Year: year, Units: []councilUnit{}}
	units, err := st.PeriodUnits(ctx, year)
	if err != nil {
		return w, err
	}
	var codes []string // nil: every unit
	if len(u.Units) > 0 {
		codes = u.Units
	}
	scored, err := st.ScoredUnits(ctx, year, codes)
	if err != nil {
		return w, err
	}
	progress := map[string][2]int{} // unit → done, of
	for _, t := range scored.Tiers {
		for _, us := range t.Units {
			done, of := workflow.Progress(t.Framework, us, u.Role)
			progress[us.Code] = [2]int{done, of}
		}
	}
	for _, pu := range units.Units {
		if len(u.Units) > 0 && !slices.Contains(u.Units, pu.Code) {
			continue
		}
		cu := councilUnit{Code: pu.Code, Name: pu.Name, Done: progress[pu.Code][0], Of: progress[pu.Code][1]}
		_, remarks, err := st.Threads(ctx, year, pu.Code)
		if err != nil {
			return w, err
		}
		cu.Replies = awaiting(remarks, workflow.Thread.AwaitsReply)
		w.Units = append(w.Units, cu)
	}
	return w, nil
}
