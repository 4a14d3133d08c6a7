package web

import (
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/portal"
	"github.com/parindex/parindex/internal/published"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// resultsView is /results/:year/:tier: a published tier's ranking,
// ordered and filtered by ?sort=, ?band= and ?q= on the server.
type resultsView struct {
	Year                     int
	Title, Tier, TierName    string
	Published, Note, Average string
	Summary                  string
	Version                  int
	Latest                   bool // the latest version is shown
	LatestURL                string
	Sort, Band, Q            string
	Sorts, Bands             []option
	Rows                     []resultRow
	All                      bool // no filter: every unit is in the table
	Shown, Total             int
	ChangeHead, NoPrevious   string
	PreviousURL              string
	Chart                    template.HTML
	Fields                   []fieldAverage
	Versions                 []versionView
	Downloads                []download
	Tiers                    []tierLink
	News                     []newsLink
}

type option struct {
	Value, Label string
	Selected     bool
}

type resultRow struct {
	Rank, Code, Name, URL, Points, Index, Band string
	Change, ChangeText, ChangeClass            string
	Previous, IndexChange                      string
	Fold, RankKey, IndexKey                    string
	NameKey                                    int
}

type fieldAverage struct {
	Code, Name, Average string
	Units               int
}

type versionView struct {
	Version           int
	Date, Reason, URL string
	Current           bool
	Changes           []correction
	Compared          int // the version the changes are against
}

type correction struct {
	Name, URL, What string
}

type download struct{ Label, URL, Type string }

type tierLink struct {
	Name, URL string
	Current   bool
}

// Sort orders of the ranking.
var sorts = []string{"rank", "name", "index"}

// Results is a published tier's ranking.
func (h *Handler) Results(c echo.Context) error {
	ctx := c.Request().Context()
	lang := h.lang(c)
	year, ok := yearParam(c)
	if !ok {
		return h.siteNotFound(c)
	}
	version := 0
	if v := c.QueryParam("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return h.siteNotFound(c)
		}
		version = n
	}
	p, err := h.cfg.Published.At(ctx, year, version)
	if err != nil {
		return h.siteFailed(c, err)
	}
	t, ok := p.Tier(c.Param("tier"))
	if !ok {
		return h.siteNotFound(c)
	}
	vs, err := h.cfg.Published.Versions(ctx, year)
	if err != nil {
		return h.siteFailed(c, err)
	}
	v := resultsView{Year: year, Title: t.Title, Tier: t.Tier, TierName: t.TierName, Published: publishedLine(p.Pub, lang), Note: p.Note,
		Average: pct(t.AverageIndex, lang), Version: p.Pub.Version, Latest: len(vs) > 0 && vs[0].Version == p.Pub.Version,
		LatestURL: resultsURL(year, t.Tier), Total: len(t.Units)}
	v.Summary = msg.T(lang, "pub.results.summary", t.Stats.Units, t.Stats.Ranked, t.Stats.AboveAverage)

	// Ordering and filters: what the query asks, anything else the default.
	v.Sort = c.QueryParam("sort")
	if !slices.Contains(sorts, v.Sort) {
		v.Sort = "rank"
	}
	for _, s := range sorts {
		v.Sorts = append(v.Sorts, option{Value: s, Label: msg.T(lang, "pub.sort."+s), Selected: s == v.Sort})
	}
	v.Band = c.QueryParam("band")
	known := v.Band == "" || (v.Band == noBand && t.Stats.NoBand > 0)
	v.Bands = append(v.Bands, option{Value: "", Label: msg.T(lang, "pub.band.all"), Selected: v.Band == ""})
	for _, b := range t.Stats.Bands {
		v.Bands = append(v.Bands, option{Value: b.Label, Label: b.Label, Selected: b.Label == v.Band})
		known = known || b.Label == v.Band
	}
	if t.Stats.NoBand > 0 {
		v.Bands = append(v.Bands, option{Value: noBand, Label: msg.T(lang, "pub.noband"), Selected: v.Band == noBand})
	}
	if !known {
		v.Band = ""
		v.Bands[0].Selected = true
	}
	v.Q = strings.TrimSpace(c.QueryParam("q"))
	v.All = v.Band == "" && v.Q == ""

	if t.PreviousYear != nil {
		v.ChangeHead = msg.T(lang, "pub.change.head", *t.PreviousYear)
		if _, err := h.cfg.Published.At(ctx, *t.PreviousYear, 0); err == nil {
			v.PreviousURL = resultsURL(*t.PreviousYear, t.Tier)
		}
	} else {
		v.NoPrevious = msg.T(lang, "pub.change.none")
	}
	v.Rows = rowsOf(t, lang, v.ChangeHead != "")
	v.Rows = filterRows(v.Rows, t, v.Band, v.Q)
	sortRows(v.Rows, v.Sort)
	v.Shown = len(v.Rows)

	v.Chart = portal.TierChart(t, lang)
	for _, f := range t.Stats.Fields {
		v.Fields = append(v.Fields, fieldAverage{Code: f.Code, Name: f.Name, Average: pct(f.AverageIndex, lang), Units: f.Units})
	}
	if v.Versions, err = h.versionsOf(c, year, t.Tier, vs, p.Pub.Version, lang); err != nil {
		return h.siteFailed(c, err)
	}
	v.Downloads = downloadsOf(year, t.Tier, p.Pub.Version, lang)
	for _, x := range p.Doc.Tiers {
		v.Tiers = append(v.Tiers, tierLink{Name: x.TierName, URL: resultsURL(year, x.Tier), Current: x.Tier == t.Tier})
	}
	news, err := h.publishedNews(ctx, year, 200)
	if err != nil {
		return h.siteFailed(c, err)
	}
	v.News = datedNews(news, lang)
	title := msg.T(lang, "pub.results.title", t.TierName, year)
	desc := msg.T(lang, "pub.results.desc", t.Title, t.TierName, v.Average, t.Stats.Units)
	if lead := ranked(t); len(lead) > 0 {
		desc += " " + msg.T(lang, "pub.results.desc.lead", lead[0].UnitName, pct(lead[0].Index, lang))
	}
	return h.renderSite(c, 200, "site_results", "home", title, desc, v)
}

// noBand is ?band= for the units below every band.
const noBand = "-"

func rowsOf(t results.Tier, lang string, changes bool) []resultRow {
	points := make([]string, len(t.Units))
	for i, u := range t.Units {
		points[i] = string(u.Points)
	}
	points = portal.Column(points, lang) // 81,300 beside 82,615
	rows := make([]resultRow, len(t.Units))
	for i, u := range t.Units {
		r := resultRow{Rank: "—", Code: u.UnitCode, Name: u.UnitName, URL: unitURL(u.UnitCode), Points: points[i], Index: pct(u.Index, lang),
			Band: str(u.Band), Fold: fold(u.UnitName), RankKey: "999999", IndexKey: "-1"}
		if u.Rank != nil {
			r.Rank, r.RankKey = strconv.Itoa(*u.Rank), strconv.Itoa(*u.Rank)
		}
		if u.Index != nil {
			r.IndexKey = string(*u.Index)
		}
		if changes {
			r.Change, r.ChangeText, r.ChangeClass = rankChange(u, lang)
			r.Previous = pct(u.PreviousIndex, lang)
			if u.IndexChange != nil {
				r.IndexChange = portal.Signed(string(*u.IndexChange), lang)
			} else {
				r.IndexChange = "—"
			}
		}
		rows[i] = r
	}
	// Each row's place in Vietnamese collation, for site.js to sort by
	// name as the server does.
	byName := slices.Clone(rows)
	score.SortByName(byName, func(r resultRow) string { return r.Name })
	pos := map[string]int{}
	for i, r := range byName {
		pos[r.Code] = i
	}
	for i := range rows {
		rows[i].NameKey = pos[rows[i].Code]
	}
	return rows
}

func rankChange(u results.Unit, lang string) (shown, text, class string) {
	switch c := u.RankChange; {
	case c == nil:
		return "—", msg.T(lang, "pub.change.new"), ""
	case *c > 0:
		return "▲ " + strconv.Itoa(*c), msg.T(lang, "pub.change.up", *c), "up"
	case *c < 0:
		return "▼ " + strconv.Itoa(-*c), msg.T(lang, "pub.change.down", -*c), "down"
	}
	return "=", msg.T(lang, "pub.change.same"), ""
}

// filterRows keeps the rows of a band ("-": none) whose folded name holds q.
func filterRows(rows []resultRow, t results.Tier, band, q string) []resultRow {
	fq := fold(q)
	out := rows[:0]
	for _, r := range rows {
		if band == noBand && r.Band != "" || band != "" && band != noBand && r.Band != band {
			continue
		}
		if fq != "" && !strings.Contains(r.Fold, fq) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// sortRows orders the rows: by rank (the published order), by name in
// Vietnamese collation, or by index from the lowest.
func sortRows(rows []resultRow, by string) {
	switch by {
	case "name":
		slices.SortStableFunc(rows, func(a, b resultRow) int { return a.NameKey - b.NameKey })
	case "index":
		slices.SortStableFunc(rows, func(a, b resultRow) int {
			return compareShown(a.IndexKey, b.IndexKey)
		})
	}
}

// compareShown compares two shown indices (2 places, or "-1" for none).
func compareShown(a, b string) int {
	ha, hb := hundredths(a), hundredths(b)
	switch {
	case ha < hb:
		return -1
	case ha > hb:
		return 1
	}
	return 0
}

func hundredths(s string) int {
	if s == "-1" {
		return -1
	}
	whole, frac, _ := strings.Cut(s, ".")
	w, _ := strconv.Atoi(whole)
	f, _ := strconv.Atoi((frac + "00")[:2])
	return w*100 + f
}

// versionsOf lists a year's published versions, each with what it
// corrected in this tier against the version before it.
func (h *Handler) versionsOf(c echo.Context, year int, tier string, vs []workflow.Snapshot, current int, lang string) ([]versionView, error) {
	ctx := c.Request().Context()
	out := make([]versionView, 0, len(vs))
	for i, s := range vs {
		vv := versionView{Version: s.Version, Date: portal.Date(s.PublishedAt, lang), Reason: s.Reason, Current: s.Version == current,
			URL: resultsURL(year, tier) + "?version=" + strconv.Itoa(s.Version)}
		if i+1 < len(vs) {
			older := vs[i+1].Version
			a, err := h.cfg.Published.At(ctx, year, older)
			if err != nil {
				return nil, err
			}
			b, err := h.cfg.Published.At(ctx, year, s.Version)
			if err != nil {
				return nil, err
			}
			vv.Compared, vv.Changes = older, corrections(a, b, tier, lang)
		}
		out = append(out, vv)
	}
	return out, nil
}

// corrections are the units of a tier whose index, rank or band differ
// between two versions (or that only one of them has).
func corrections(a, b *published.Snapshot, tier, lang string) []correction {
	ta, _ := a.Tier(tier)
	tb, _ := b.Tier(tier)
	before := map[string]results.Unit{}
	for _, u := range ta.Units {
		before[u.UnitCode] = u
	}
	var out []correction
	for _, u := range tb.Units {
		o, ok := before[u.UnitCode]
		delete(before, u.UnitCode)
		if !ok {
			out = append(out, correction{Name: u.UnitName, URL: unitURL(u.UnitCode), What: msg.T(lang, "pub.fix.added")})
			continue
		}
		var what []string
		if pct(o.Index, lang) != pct(u.Index, lang) {
			what = append(what, msg.T(lang, "pub.fix.index", pct(o.Index, lang), pct(u.Index, lang)))
		}
		if rankOf(o) != rankOf(u) {
			what = append(what, msg.T(lang, "pub.fix.rank", rankOf(o), rankOf(u)))
		}
		if str(o.Band) != str(u.Band) {
			what = append(what, msg.T(lang, "pub.fix.band", bandOr(o.Band, lang), bandOr(u.Band, lang)))
		}
		if len(what) > 0 {
			out = append(out, correction{Name: u.UnitName, URL: unitURL(u.UnitCode), What: strings.Join(what, "; ")})
		}
	}
	for _, u := range ta.Units {
		if _, gone := before[u.UnitCode]; gone {
			out = append(out, correction{Name: u.UnitName, What: msg.T(lang, "pub.fix.removed")})
		}
	}
	return out
}

func rankOf(u results.Unit) string {
	if u.Rank == nil {
		return "—"
	}
	return strconv.Itoa(*u.Rank)
}

func bandOr(b *string, lang string) string {
	if b == nil {
		return msg.T(lang, "pub.noband")
	}
	return *b
}

// downloadsOf are the public API's files of a tier, at this version.
func downloadsOf(year int, tier string, version int, lang string) []download {
	q := "?tier=" + url.QueryEscape(tier) + "&version=" + strconv.Itoa(version)
	base := fmt.Sprintf("/api/v1/public/periods/%d", year)
	return []download{
		{Label: msg.T(lang, "pub.dl.csv"), URL: base + "/results.csv" + q + "&bom=1", Type: "CSV"},
		{Label: msg.T(lang, "pub.dl.json"), URL: base + "/results" + q, Type: "JSON"},
		{Label: msg.T(lang, "pub.dl.xlsx"), URL: base + "/report.xlsx?version=" + strconv.Itoa(version), Type: "XLSX"},
	}
}
