package web

import (
	"net/http"
	"slices"
	"sort"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
)

// The council's overview: a council member's units (its assigned ones;
// none assigned means all, as on My work) or, for staff, every unit of the
// period, with appraisal progress, the live index and how far each unit's
// self-assessment ran ahead of the appraisal, in total and per field.

// councilSorts are the orders ?sort= takes; the first is the default.
var councilSorts = []string{"gap", "progress", "name"}

type councilData struct {
	Year         int
	Title, Stage string
	Assigned     bool
	Sort         string
	Sorts        []sortLink
	Tiers        []councilTier
}

type sortLink struct {
	Label, Href string
	Current     bool
}

type councilTier struct {
	Code, Name string
	Fields     []string // field codes, the columns of the by-field table
	FieldNames []string
	Rows       []councilRow
}

type councilRow struct {
	Code, Name  string
	Done, Of    int
	Index       string
	Provisional bool
	Gap         string
	Ahead       bool // the self-assessment ran ahead of the appraisal
	Compared    int
	FieldGaps   []fieldGap
}

type fieldGap struct {
	Gap   string
	Ahead bool
}

// Council is GET /app/periods/:year/council?sort=gap|progress|name.
func (h *Handler) Council(c echo.Context) error {
	s := c.Get(sessionKey).(store.Session)
	lang := h.lang(c)
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil {
		return h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	order := c.QueryParam("sort")
	if !slices.Contains(councilSorts, order) {
		order = councilSorts[0]
	}
	var codes []string // nil: every unit
	if s.User.Role == workflow.RoleCouncil && len(s.User.Units) > 0 {
		codes = s.User.Units
	}
	sc, err := h.cfg.Store.ScoredUnits(c.Request().Context(), year, codes)
	if err != nil {
		return h.pageRefusal(c, err)
	}
	d := councilData{Year: year, Title: sc.Period.Title, Stage: msg.Stage(lang, sc.Period.Stage), Assigned: codes != nil,
		Sort: order}
	for _, k := range councilSorts {
		d.Sorts = append(d.Sorts, sortLink{Label: msg.T(lang, "council.sort."+k), Href: "?sort=" + k, Current: k == order})
	}
	for _, t := range sc.Tiers {
		d.Tiers = append(d.Tiers, councilTierOf(t, s.User.Role, order))
	}
	return h.render(c, http.StatusOK, "council", "council.title", d)
}

// overviewUnit is one unit's figures, kept exact for sorting.
type overviewUnit struct {
	u        score.UnitScores
	r        score.UnitResult
	done, of int
	total    score.Gap
	nodes    []score.Gap
}

func councilTierOf(t store.ScoredTier, role, order string) councilTier {
	f := t.Framework
	us := make([]overviewUnit, len(t.Units))
	for i, u := range t.Units {
		o := overviewUnit{u: u, r: f.Evaluate(u)}
		o.done, o.of = workflow.Progress(f, u, role)
		o.total, o.nodes = f.SelfGaps(u)
		us[i] = o
	}
	score.SortByName(us, func(o overviewUnit) string { return o.u.Name })
	switch order {
	case "gap": // the furthest ahead first; units with nothing to compare last
		sort.SliceStable(us, func(i, j int) bool {
			a, b := us[i].total, us[j].total
			if (a.Leaves > 0) != (b.Leaves > 0) {
				return a.Leaves > 0
			}
			return a.Ahead() > b.Ahead()
		})
	case "progress": // the least appraised share first
		sort.SliceStable(us, func(i, j int) bool {
			a, b := us[i], us[j]
			return int64(a.done)*int64(max(b.of, 1)) < int64(b.done)*int64(max(a.of, 1))
		})
	}
	out := councilTier{Code: t.Tier.Code, Name: t.Tier.Name}
	for _, fi := range f.Fields {
		out.Fields = append(out.Fields, f.Nodes[fi].Code)
		out.FieldNames = append(out.FieldNames, f.Nodes[fi].Name)
	}
	// Each column of gaps takes its largest number of places (rule 5).
	var totals []score.Milli
	cols := make([][]score.Milli, len(f.Fields))
	for _, o := range us {
		totals = append(totals, o.total.Ahead())
		for k, fi := range f.Fields {
			cols[k] = append(cols[k], o.nodes[fi].Ahead())
		}
	}
	tp := vnfmt.PointsPlaces(totals...)
	for _, o := range us {
		row := councilRow{Code: o.u.Code, Name: o.u.Name, Done: o.done, Of: o.of, Index: indexText(o.r.Index()),
			Provisional: o.r.Provisional, Compared: o.total.Leaves}
		row.Gap, row.Ahead = gapText(o.total, tp)
		for k, fi := range f.Fields {
			var g fieldGap
			g.Gap, g.Ahead = gapText(o.nodes[fi], vnfmt.PointsPlaces(cols[k]...))
			row.FieldGaps = append(row.FieldGaps, g)
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// gapText writes a gap with its sign (+1,50; −0,25; 0), "—" when no leaf
// has both self and appraised points.
func gapText(g score.Gap, places int) (string, bool) {
	if g.Leaves == 0 {
		return "—", false
	}
	return vnfmt.Signed(vnfmt.WithPlaces(g.Ahead().String(), places)), g.Ahead() > 0
}
