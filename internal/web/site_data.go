package web

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
)

// dataView is /data: every published dataset with stable URLs, the data
// dictionary of the ranking CSV (internal/results/csv.go) and the licence.
type dataView struct {
	Base    string // the site's address, shown before each path
	Years   []dataYear
	Columns []dataColumn
}

type dataYear struct {
	Year                int
	Title, Published    string
	Version             int
	Tiers               []dataTier
	Summary, SummaryCSV string
	Report, Versions    string
}

type dataTier struct {
	Name, Code      string
	JSON, CSV, Page string
}

// dataColumn is a column of results.csv: its name, what it holds, its
// unit and its rounding (DESIGN.md rules 5–9).
type dataColumn struct{ Name, Meaning, Unit, Rounding string }

// csvColumns are WriteResultsCSV's columns in its order; <code> stands
// for each field's code.
var csvColumns = []struct{ name, unit, rounding string }{
	{"rank", "int", "none"},
	{"unit_code", "text", "none"},
	{"unit_name", "text", "none"},
	{"points", "points", "entered"},
	{"max_points", "points", "entered"},
	{"index", "percent", "2"},
	{"band", "text", "none"},
	{"previous_rank", "int", "none"},
	{"rank_change", "int", "none"},
	{"previous_index", "percent", "2"},
	{"index_change", "pp", "2"},
	{"field_<code>_points", "points", "entered"},
	{"field_<code>_max_points", "points", "entered"},
	{"field_<code>_index", "percent", "2"},
}

// Data is the open data page.
func (h *Handler) Data(c echo.Context) error {
	ctx := c.Request().Context()
	lang := h.lang(c)
	rs, err := h.releases(ctx)
	if err != nil {
		return h.siteFailed(c, err)
	}
	v := dataView{Base: h.siteBase(c)}
	for _, r := range rs {
		base := fmt.Sprintf("/api/v1/public/periods/%d", r.Doc.Year)
		ver := "version=" + strconv.Itoa(r.Pub.Version)
		y := dataYear{Year: r.Doc.Year, Title: r.Doc.Title, Published: publishedLine(r.Pub, lang), Version: r.Pub.Version,
			Summary: base + "/summary?" + ver, SummaryCSV: base + "/summary.csv?" + ver + "&bom=1",
			Report: base + "/report.xlsx?" + ver, Versions: base + "/versions"}
		for _, t := range r.Doc.Tiers {
			q := "?tier=" + url.QueryEscape(t.Tier) + "&" + ver
			y.Tiers = append(y.Tiers, dataTier{Name: t.TierName, Code: t.Tier, JSON: base + "/results" + q, CSV: base + "/results.csv" + q + "&bom=1",
				Page: resultsURL(r.Doc.Year, t.Tier)})
		}
		v.Years = append(v.Years, y)
	}
	for _, col := range csvColumns {
		v.Columns = append(v.Columns, dataColumn{Name: col.name, Meaning: msg.T(lang, "pub.data.col."+col.name),
			Unit: msg.T(lang, "pub.data.unit."+col.unit), Rounding: msg.T(lang, "pub.data.round."+col.rounding)})
	}
	return h.renderSite(c, 200, "site_data", "data", msg.T(lang, "pub.data.title"), msg.T(lang, "pub.data.desc"), v)
}
