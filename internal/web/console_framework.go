package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/shopspring/decimal"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
	"github.com/parindex/parindex/internal/xlsx"
)

// The framework editor: /app/periods/:year/framework/:tier. The tree is a
// form of rows in depth-first order, each with its depth; buttons that
// add, remove, move (up, down, in, out) rows re-render the form, so it
// works without JavaScript. Preview validates with the engine's rules
// (score.NewFramework) and shows what changes against the stored
// framework (score.Diff); save calls store.PutFramework, the API's use
// case, and shows its refusals at the rows. A criteria workbook
// (internal/xlsx, as PUT /periods/:year/frameworks/:tier takes) fills
// the form with a preview, saved only when the secretariat saves it.

// fwRow is a criterion as the form holds it.
type fwRow struct {
	Code, Name, Max, Source string
	Depth                   int
	Leaf                    bool
	Sum                     string // a parent's maximum: its leaves' sum
	Err                     string
}

type fwBand struct {
	Label, Min, Err string
}

// fwDiffRow is a line of the preview.
type fwDiffRow struct {
	Code, Name, What string
}

type frameworkPage struct {
	Console
	formState
	Year                int
	Tier                workflow.Tier
	Locked              bool
	Rows                []fwRow
	Bands               []fwBand
	Ranking             string
	Total               string
	Preview             bool // a preview was asked for and the form is valid
	Imported            bool
	FileProblems        []string // a refused workbook's cells, each with its message
	Added, Removed, Chg []fwDiffRow
	BandsChanged, Same  bool
	Notice              string
}

// fwLoad finds the period and tier of the route and the stored framework
// (nil when the tier has none yet).
func (h *Handler) fwLoad(c echo.Context) (*frameworkPage, *score.Framework, bool, error) {
	ctx := c.Request().Context()
	p, ok, err := h.yearParam(c)
	if !ok {
		return nil, nil, false, err
	}
	t, err := h.cfg.Store.Tier(ctx, c.Param("tier"))
	if score.ErrorCode(err) == score.ENOTFOUND {
		return nil, nil, false, h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
	}
	if err != nil {
		return nil, nil, false, err
	}
	f, err := h.framework(ctx, p.Year, t.Code)
	if err != nil {
		return nil, nil, false, err
	}
	k, err := h.console(c, p.Year)
	if err != nil {
		return nil, nil, false, err
	}
	return &frameworkPage{Console: k, Year: p.Year, Tier: t, Locked: p.Locked(), Ranking: string(score.RankShown)}, f, true, nil
}

// fromInput is the form's rows of a framework input (stored or imported).
func (d *frameworkPage) fromInput(in score.FrameworkInput) {
	d.Rows, d.Bands = nil, nil
	var walk func(cs []score.Criterion, depth int)
	walk = func(cs []score.Criterion, depth int) {
		for _, c := range cs {
			r := fwRow{Code: c.Code, Name: c.Name, Depth: depth, Source: string(c.Source)}
			if len(c.Children) == 0 && c.MaxPoints != nil {
				r.Max = vnfmt.Points(*c.MaxPoints)
			}
			if r.Source == "" {
				r.Source = string(score.Appraisal)
			}
			d.Rows = append(d.Rows, r)
			walk(c.Children, depth+1)
		}
	}
	walk(in.Criteria, 0)
	for _, b := range in.Bands {
		d.Bands = append(d.Bands, fwBand{Label: b.Label, Min: vnfmt.Number(b.MinIndex.String())})
	}
	if in.Ranking != "" {
		d.Ranking = string(in.Ranking)
	}
}

func frameworkInput(f *score.Framework) score.FrameworkInput {
	return score.FrameworkInput{Criteria: f.Tree(), Bands: f.Bands, Ranking: f.Ranking}
}

// FrameworkPage shows the editor with the stored framework (or one empty
// row for a tier that has none).
func (h *Handler) FrameworkPage(c echo.Context) error {
	d, f, ok, err := h.fwLoad(c)
	if !ok {
		return err
	}
	if f != nil {
		d.fromInput(frameworkInput(f))
	} else {
		d.Rows = []fwRow{{Source: string(score.Appraisal)}}
	}
	if c.QueryParam("saved") == "1" {
		d.Notice = msg.T(h.lang(c), "fw.saved")
	}
	d.shape()
	return h.render(c, http.StatusOK, "framework", "fw.title", d)
}

// readForm reads the rows and bands as posted.
func (d *frameworkPage) readForm(c echo.Context) {
	n, _ := strconv.Atoi(c.FormValue("rows"))
	n = min(max(n, 0), score.MaxNodes)
	for i := range n {
		p := fmt.Sprintf("c%d.", i)
		depth, _ := strconv.Atoi(c.FormValue(p + "depth"))
		d.Rows = append(d.Rows, fwRow{Code: strings.TrimSpace(c.FormValue(p + "code")), Name: c.FormValue(p + "name"),
			Max: strings.TrimSpace(c.FormValue(p + "max")), Source: c.FormValue(p + "source"), Depth: min(max(depth, 0), score.MaxDepth-1)})
	}
	m, _ := strconv.Atoi(c.FormValue("bands"))
	m = min(max(m, 0), 100)
	for i := range m {
		p := fmt.Sprintf("b%d.", i)
		d.Bands = append(d.Bands, fwBand{Label: c.FormValue(p + "label"), Min: strings.TrimSpace(c.FormValue(p + "min"))})
	}
	if r := c.FormValue("ranking"); r != "" {
		d.Ranking = r
	}
}

// apply does a row button's change: add, del:i, up:i, down:i, in:i,
// out:i, addband, delband:i. A row moves, goes in or out, or is removed
// with its sub-criteria (its subtree); up and down swap it with its
// previous or next sibling, in makes it a child of the previous sibling.
// It says whether op was one.
func (d *frameworkPage) apply(op string) bool {
	name, arg, _ := strings.Cut(op, ":")
	i, err := strconv.Atoi(arg)
	if arg != "" && (err != nil || i < 0) {
		return false
	}
	rows := d.Rows
	switch {
	case name == "add":
		depth := 0
		if len(rows) > 0 {
			depth = rows[len(rows)-1].Depth
		}
		d.Rows = append(rows, fwRow{Depth: depth, Source: string(score.Appraisal)})
		return true
	case name == "addband":
		d.Bands = append(d.Bands, fwBand{})
		return true
	case name == "delband":
		if i < len(d.Bands) {
			d.Bands = append(d.Bands[:i], d.Bands[i+1:]...)
		}
		return true
	case arg == "" || i >= len(rows):
		return false
	}
	end := subtreeEnd(rows, i)
	prev := -1 // the previous sibling's first row
	for j := i - 1; j >= 0 && rows[j].Depth >= rows[i].Depth; j-- {
		if rows[j].Depth == rows[i].Depth {
			prev = j
			break
		}
	}
	switch name {
	case "del":
		d.Rows = append(rows[:i], rows[end:]...)
	case "up":
		if prev >= 0 {
			d.Rows = swapBlocks(rows, prev, i, end)
		}
	case "down":
		if end < len(rows) && rows[end].Depth == rows[i].Depth {
			d.Rows = swapBlocks(rows, i, end, subtreeEnd(rows, end))
		}
	case "in":
		if prev >= 0 && rows[end-1].Depth < score.MaxDepth-1 {
			for j := i; j < end; j++ {
				rows[j].Depth++
			}
		}
	case "out":
		if rows[i].Depth > 0 {
			// It becomes its parent's next sibling: after the parent's
			// other sub-criteria, which stay the parent's.
			parentEnd := end
			for parentEnd < len(rows) && rows[parentEnd].Depth >= rows[i].Depth {
				parentEnd++
			}
			for j := i; j < end; j++ {
				rows[j].Depth--
			}
			d.Rows = swapBlocks(rows, i, end, parentEnd)
		}
	default:
		return false
	}
	return true
}

// subtreeEnd is the row after row i's sub-criteria.
func subtreeEnd(rows []fwRow, i int) int {
	end := i + 1
	for end < len(rows) && rows[end].Depth > rows[i].Depth {
		end++
	}
	return end
}

// swapBlocks swaps rows[a:b] and rows[b:c].
func swapBlocks(rows []fwRow, a, b, c int) []fwRow {
	out := append([]fwRow{}, rows[:a]...)
	out = append(out, rows[b:c]...)
	out = append(out, rows[a:b]...)
	return append(out, rows[c:]...)
}

// shape marks the leaves and adds up each parent's maximum from the
// leaves' typed maxima (those that read as numbers).
func (d *frameworkPage) shape() {
	for i := range d.Rows {
		d.Rows[i].Leaf = i+1 == len(d.Rows) || d.Rows[i+1].Depth <= d.Rows[i].Depth
	}
	var total score.Milli
	for i := range d.Rows {
		if d.Rows[i].Leaf {
			if m, err := parseMilli(d.Rows[i].Max); err == nil && d.Rows[i].Depth == 0 {
				total += m
			}
			continue
		}
		var sum score.Milli
		for j := i + 1; j < len(d.Rows) && d.Rows[j].Depth > d.Rows[i].Depth; j++ {
			if m, err := parseMilli(d.Rows[j].Max); err == nil && d.Rows[j].Leaf {
				sum += m
			}
		}
		d.Rows[i].Sum = vnfmt.Points(sum)
		if d.Rows[i].Depth == 0 {
			total += sum
		}
	}
	d.Total = vnfmt.Points(total)
}

// parseMilli reads a typed maximum: "2,5" or "2.5".
func parseMilli(s string) (score.Milli, error) {
	return score.ParseMilli(strings.Replace(s, ",", ".", 1))
}

// input builds the framework input from the rows, with the API's name
// rules; what it cannot read it puts at the row, in the page's language.
func (d *frameworkPage) input(lang string) (score.FrameworkInput, bool) {
	in := score.FrameworkInput{Ranking: score.Ranking(d.Ranking)}
	ok := true
	type frame struct {
		depth int
		list  *[]score.Criterion
	}
	stack := []frame{{-1, &in.Criteria}}
	for i := range d.Rows {
		r := &d.Rows[i]
		name, err := workflow.CleanName("criterion_name", r.Name)
		if err != nil {
			d.rowErr(i, msg.Error(lang, err))
			ok = false
		}
		c := score.Criterion{Code: r.Code, Name: name}
		if r.Leaf {
			c.Source = score.Source(r.Source)
			if m, err := parseMilli(r.Max); err == nil {
				c.MaxPoints = &m
			} else if r.Max != "" {
				d.rowErr(i, msg.T(lang, "fw.max.number", r.Max))
				ok = false
			}
		}
		for len(stack) > 1 && stack[len(stack)-1].depth >= r.Depth {
			stack = stack[:len(stack)-1]
		}
		top := stack[len(stack)-1]
		if r.Depth > top.depth+1 {
			d.rowErr(i, msg.T(lang, "fw.depth.jump"))
			ok = false
		}
		*top.list = append(*top.list, c)
		added := &(*top.list)[len(*top.list)-1]
		stack = append(stack, frame{r.Depth, &added.Children})
	}
	for i := range d.Bands {
		b := &d.Bands[i]
		label, err := workflow.CleanName("band_label", b.Label)
		if err != nil {
			b.Err, ok = msg.Error(lang, err), false
			d.add(fmt.Sprintf("b%d-label", i), b.Err)
		}
		v, err := decimal.NewFromString(strings.Replace(b.Min, ",", ".", 1))
		if err != nil {
			b.Err, ok = msg.T(lang, "fw.band.number", b.Min), false
			d.add(fmt.Sprintf("b%d-min", i), b.Err)
		}
		in.Bands = append(in.Bands, score.Band{Label: label, MinIndex: v})
	}
	return in, ok
}

// rowErr puts a message at a row and in the summary.
func (d *frameworkPage) rowErr(i int, message string) {
	if d.Rows[i].Err != "" {
		d.Rows[i].Err += " "
	}
	d.Rows[i].Err += message
	d.add(fmt.Sprintf("c%d-code", i), message)
}

// refusal shows a rule's refusal: each problem at the row of its
// criterion, the bands' at the bands, the rest above the form.
func (d *frameworkPage) refusal(lang string, err error) bool {
	e, ok := err.(*score.Error)
	if !ok {
		return false
	}
	if len(e.Details) == 0 {
		d.add("rows-title", msg.Error(lang, err))
		return true
	}
	for _, p := range e.Details {
		i := -1
		for j, r := range d.Rows {
			// A problem of a row without a code names no criterion and no field.
			if r.Code == p.Criterion && (p.Criterion != "" || p.Field == "") {
				i = j
				break
			}
		}
		switch {
		case i >= 0:
			d.rowErr(i, msg.Problem(lang, p))
		case p.Field == "bands":
			d.add("bands-title", msg.Problem(lang, p))
		case p.Field == "ranking":
			d.add("ranking", msg.Problem(lang, p))
		default:
			d.add("rows-title", msg.Problem(lang, p))
		}
	}
	return true
}

// diff fills the preview of f against the stored framework.
func (d *frameworkPage) diff(lang string, stored, f *score.Framework) {
	df := score.Diff(stored, f)
	d.Preview, d.Same, d.BandsChanged = true, df.Empty(), df.Bands
	for _, e := range df.Added {
		d.Added = append(d.Added, fwDiffRow{Code: e.Code, Name: e.New.Name, What: vnfmt.Points(e.New.Max)})
	}
	for _, e := range df.Removed {
		d.Removed = append(d.Removed, fwDiffRow{Code: e.Code, Name: e.Old.Name, What: vnfmt.Points(e.Old.Max)})
	}
	for _, e := range df.Changed {
		var what []string
		if e.Max {
			what = append(what, msg.T(lang, "fw.diff.max", vnfmt.Points(e.Old.Max), vnfmt.Points(e.New.Max)))
		}
		if e.Name {
			what = append(what, msg.T(lang, "fw.diff.name", e.Old.Name))
		}
		if e.Source {
			what = append(what, msg.T(lang, "fw.diff.source", msg.T(lang, "fw.source."+string(e.Old.Source)), msg.T(lang, "fw.source."+string(e.New.Source))))
		}
		if e.Parent {
			what = append(what, msg.T(lang, "fw.diff.parent"))
		}
		d.Chg = append(d.Chg, fwDiffRow{Code: e.Code, Name: e.New.Name, What: strings.Join(what, "; ")})
	}
}

// FrameworkPost handles the editor's buttons: a row button re-renders
// the form changed; preview validates and shows the changes; save stores
// through store.PutFramework and goes back to the editor.
func (h *Handler) FrameworkPost(c echo.Context) error {
	lang := h.lang(c)
	d, stored, ok, err := h.fwLoad(c)
	if !ok {
		return err
	}
	if d.Locked {
		return h.message(c, http.StatusConflict, "fw.locked.title", "fw.locked.body")
	}
	d.readForm(c)
	op := c.FormValue("op")
	if op != "save" && op != "preview" {
		if !d.apply(op) {
			return h.message(c, http.StatusBadRequest, "error.title", "error.body")
		}
		d.shape()
		return h.render(c, http.StatusOK, "framework", "fw.title", d)
	}
	d.shape()
	in, ok := d.input(lang)
	if !ok {
		return h.render(c, http.StatusUnprocessableEntity, "framework", "fw.title", d)
	}
	if op == "preview" {
		f, err := score.NewFramework(in)
		if err != nil {
			if !d.refusal(lang, err) {
				return err
			}
			return h.render(c, http.StatusUnprocessableEntity, "framework", "fw.title", d)
		}
		d.diff(lang, stored, f)
		return h.render(c, http.StatusOK, "framework", "fw.title", d)
	}
	if _, err := h.cfg.Store.PutFramework(c.Request().Context(), d.Year, d.Tier.Code, in); err != nil {
		if !d.refusal(lang, err) {
			return err
		}
		return h.render(c, http.StatusUnprocessableEntity, "framework", "fw.title", d)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/app/periods/%d/framework/%s?saved=1", d.Year, url.PathEscape(d.Tier.Code)))
}

// FrameworkImport reads a criteria workbook into the form, with the
// preview of what it changes; nothing is saved until the form is.
func (h *Handler) FrameworkImport(c echo.Context) error {
	lang := h.lang(c)
	d, stored, ok, err := h.fwLoad(c)
	if !ok {
		return err
	}
	if d.Locked {
		return h.message(c, http.StatusConflict, "fw.locked.title", "fw.locked.body")
	}
	refuse := func(message string) error {
		if stored != nil {
			d.fromInput(frameworkInput(stored))
		}
		d.add("file", message)
		d.shape()
		return h.render(c, http.StatusUnprocessableEntity, "framework", "fw.title", d)
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return refuse(msg.T(lang, "fw.import.nofile"))
	}
	if fh.Size > xlsx.DefaultLimits.MaxBytes {
		return refuse(msg.T(lang, "fw.import.toolarge", xlsx.DefaultLimits.MaxBytes>>20))
	}
	file, err := fh.Open()
	if err != nil {
		return err
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, xlsx.DefaultLimits.MaxBytes+1))
	if err != nil {
		return err
	}
	in, _, err := xlsx.ReadFramework(data, xlsx.DefaultLimits)
	if err != nil {
		e, ok := err.(*score.Error)
		if !ok {
			return err
		}
		for _, p := range e.Details {
			d.FileProblems = append(d.FileProblems, msg.Problem(lang, p))
		}
		return refuse(msg.Error(lang, err))
	}
	d.fromInput(in)
	d.Imported = true
	d.shape()
	in2, ok := d.input(lang)
	if !ok {
		return h.render(c, http.StatusUnprocessableEntity, "framework", "fw.title", d)
	}
	f, err := score.NewFramework(in2)
	if err != nil {
		if !d.refusal(lang, err) {
			return err
		}
		return h.render(c, http.StatusUnprocessableEntity, "framework", "fw.title", d)
	}
	d.diff(lang, stored, f)
	return h.render(c, http.StatusOK, "framework", "fw.title", d)
}
