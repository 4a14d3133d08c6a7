package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// The assessment workflow: stages, each unit's score sheet (with its ETag),
// evidence, remarks and explanations.

type stageRequest struct {
	Stage    string     `json:"stage"`
	Reason   string     `json:"reason"`
	ClosesAt *time.Time `json:"closes_at"`
	Force    bool       `json:"force"`
}

func (s *Server) moveStage(c echo.Context) error {
	year, err := atoiParam(c, "year")
	if err != nil {
		return err
	}
	var req stageRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Reason, err = checkReason(req.Reason); err != nil {
		return err
	}
	moved, err := s.store.ChangeStage(c.Request().Context(), year, store.StageMove{To: req.Stage, ClosesAt: req.ClosesAt, Reason: req.Reason, Force: req.Force},
		store.By{Actor: actor(c), At: s.now()})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, moved)
}

type leafSheet struct {
	Code          string              `json:"code"`
	Name          string              `json:"name"`
	Field         string              `json:"field"`
	MaxPoints     json.Number         `json:"max_points"`
	Source        string              `json:"source"`
	SelfPoints    *json.Number        `json:"self_points"`
	Points        *json.Number        `json:"points"`
	NotApplicable bool                `json:"not_applicable"`
	Note          string              `json:"note"`
	UpdatedAt     *time.Time          `json:"updated_at"`
	Evidence      []workflow.Evidence `json:"evidence"`
	Remarks       []workflow.Remark   `json:"remarks"`
	RemarkStatus  *string             `json:"remark_status"` // the thread's (workflow.Thread.Status), nil without one
}

type unitResultSheet struct {
	SelfPoints  json.Number    `json:"self_points"`
	Points      json.Number    `json:"points"`
	MaxPoints   json.Number    `json:"max_points"`
	Index       *json.Number   `json:"index"`
	Complete    bool           `json:"complete"`
	Provisional bool           `json:"provisional"`
	Missing     []string       `json:"missing"`
	Fields      []results.Node `json:"fields"`
}

// sheetOut is one unit's score sheet for a period: every leaf with its
// scores, evidence and remarks, and the unit's own (unranked) result.
type sheetOut struct {
	Year     int             `json:"year"`
	Stage    string          `json:"stage"`
	Unit     string          `json:"unit"`
	UnitName string          `json:"unit_name"`
	Tier     string          `json:"tier"`
	Revision int64           `json:"revision"`
	Result   unitResultSheet `json:"result"`
	Criteria []leafSheet     `json:"criteria"`
}

// etag names a version of a unit's sheet: its score revision (what
// If-Match compares) and its newest evidence and remark.
func (sh sheetOut) etag() string {
	var lastEvidence, lastRemark int64
	for _, l := range sh.Criteria {
		for _, e := range l.Evidence {
			lastEvidence = max(lastEvidence, e.ID)
		}
		for _, r := range l.Remarks {
			lastRemark = max(lastRemark, r.ID)
		}
	}
	return fmt.Sprintf(`"%d.%s.%d.%d.%d"`, sh.Year, sh.Unit, sh.Revision, lastEvidence, lastRemark)
}

// sheet is a unit's score sheet as the API shows it: the store's one
// read of it (store.Sheet), in JSON.
func (s *Server) sheet(ctx context.Context, year int, code string) (sheetOut, error) {
	sh, err := s.store.Sheet(ctx, year, code)
	if err != nil {
		return sheetOut{}, err
	}
	f, u := sh.Framework, sh.Unit
	out := sheetOut{Year: year, Stage: sh.Period.Stage, Unit: u.Code, UnitName: u.Name, Tier: u.Tier, Revision: sh.Revision, Criteria: make([]leafSheet, len(f.Leaves))}
	for pos, ni := range f.Leaves {
		n, sl := f.Nodes[ni], sh.Leaves[pos]
		field := ni
		for f.Nodes[field].Parent >= 0 {
			field = f.Nodes[field].Parent
		}
		l := leafSheet{Code: n.Code, Name: n.Name, Field: f.Nodes[field].Code, MaxPoints: results.PointsNum(n.Max), Source: string(n.Source),
			Evidence: append([]workflow.Evidence{}, withDownloads(year, code, sl.Evidence)...), Remarks: append([]workflow.Remark{}, sl.Remarks...)}
		if sc := sl.Score; sc != nil {
			l.SelfPoints, l.Points, l.NotApplicable, l.Note = pointsPtr(sc.Self), pointsPtr(sc.Points), sc.NotApplicable, sc.Note
			at := sc.UpdatedAt
			l.UpdatedAt = &at
		}
		if st := (workflow.Thread{Criterion: n.Code, Entries: l.Remarks}).Status(); st != "" {
			l.RemarkStatus = &st
		}
		out.Criteria[pos] = l
	}
	r := sh.Result
	out.Result = unitResultSheet{SelfPoints: results.PointsNum(r.Total.Self), Points: results.PointsNum(r.Total.Points), MaxPoints: results.PointsNum(r.Total.Max),
		Index: results.IndexNum(r.Index()), Complete: r.Complete, Provisional: r.Provisional, Missing: nonNil(r.Missing), Fields: make([]results.Node, len(f.Fields))}
	for i, fi := range f.Fields {
		n, sum := f.Nodes[fi], r.Nodes[fi]
		out.Result.Fields[i] = results.Node{Code: n.Code, Name: n.Name, Points: results.PointsNum(sum.Points), MaxPoints: results.PointsNum(sum.Max), Index: results.IndexNum(sum.Index())}
	}
	return out, nil
}

// sheetAccess checks that the caller may touch a unit's sheet.
func (s *Server) sheetAccess(c echo.Context) (workflow.Actor, int, string, error) {
	year, err := atoiParam(c, "year")
	if err != nil {
		return workflow.Actor{}, 0, "", err
	}
	a := actor(c)
	code := c.Param("code")
	return a, year, code, workflow.MayTouchUnit(a, code)
}

// readableUnit reads the year and unit of a route whose unit's unpublished
// data only those may see who may read it (workflow.MayReadUnit: the
// sheet, its evidence, its zip).
func readableUnit(c echo.Context) (int, string, error) {
	year, err := atoiParam(c, "year")
	if err != nil {
		return 0, "", err
	}
	code := c.Param("code")
	return year, code, workflow.MayReadUnit(actor(c), code)
}

// getSheet shows a unit's sheet: to the unit itself, and to the council
// and secretariat (a council member reads every unit, scores its own).
func (s *Server) getSheet(c echo.Context) error {
	year, code, err := readableUnit(c)
	if err != nil {
		return err
	}
	sh, err := s.sheet(c.Request().Context(), year, code)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", sh.etag())
	return c.JSON(http.StatusOK, sh)
}

type sheetItem struct {
	Criterion     string      `json:"criterion"`
	SelfPoints    decimalJSON `json:"self_points"`
	Points        decimalJSON `json:"points"`
	NotApplicable *bool       `json:"not_applicable"`
	Note          *string     `json:"note"`
}

// putSheet saves scores of one unit. With If-Match (the sheet's ETag) a
// write made on stale values is refused with 412 and the current sheet, so
// two council members never silently overwrite each other.
func (s *Server) putSheet(c echo.Context) error {
	_, year, code, err := s.sheetAccess(c)
	if err != nil {
		return err
	}
	var req struct {
		Scores []sheetItem `json:"scores"`
	}
	if err := decode(c, &req); err != nil {
		return err
	}
	switch {
	case len(req.Scores) == 0:
		return invalid("error.api.no_sheet_scores")
	case len(req.Scores) > MaxScoresPerRequest:
		return score.E(score.ETOOLARGE, "error.api.too_many_scores", len(req.Scores), MaxScoresPerRequest)
	}
	items := make([]scoreItem, len(req.Scores))
	for i, it := range req.Scores {
		items[i] = scoreItem{Unit: code, Criterion: it.Criterion, SelfPoints: it.SelfPoints, Points: it.Points, NotApplicable: it.NotApplicable, Note: it.Note}
	}
	writes, err := scoreWrites(items)
	if err != nil {
		return err
	}
	var guards []store.ScoreGuard
	if m := c.Request().Header.Get("If-Match"); m != "" {
		rev, ok := parseETag(m, year, code)
		if !ok {
			return score.E(score.EPRECONDITION, "error.api.if_match", m, code, year)
		}
		guards = append(guards, store.ScoreGuard{IfRevision: &store.UnitRevision{Unit: code, Revision: rev}})
	}
	ctx := c.Request().Context()
	if err := s.saveScores(c, year, writes, guards...); err != nil {
		if score.ErrorCode(err) == score.EPRECONDITION {
			if sh, serr := s.sheet(ctx, year, code); serr == nil {
				c.Response().Header().Set("ETag", sh.etag())
				return c.JSON(http.StatusPreconditionFailed, map[string]any{"error": s.errorDetail(c, err), "current": sh})
			}
		}
		return err
	}
	sh, err := s.sheet(ctx, year, code)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", sh.etag())
	return c.JSON(http.StatusOK, sh)
}

// parseETag reads the score revision out of a sheet's ETag.
func parseETag(v string, year int, unit string) (int64, bool) {
	v = strings.TrimPrefix(strings.TrimSpace(v), "W/")
	prefix := fmt.Sprintf(`"%d.%s.`, year, unit)
	if !strings.HasPrefix(v, prefix) || !strings.HasSuffix(v, `"`) {
		return 0, false
	}
	parts := strings.Split(v[len(prefix):len(v)-1], ".")
	rev, err := strconv.ParseInt(parts[0], 10, 64)
	return rev, err == nil && rev >= 0 && len(parts) == 3
}
