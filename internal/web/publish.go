package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
)

// Publishing: a preview of the snapshot about to be published and, for a
// correction, what it changes against the current version
// (results.Diff); what blocks it; an admin's force with a reason; then
// store.PublishPeriod, the same as POST /api/v1/periods/{year}/publish.

type previewRow struct {
	Rank, Name, Index, Band string
	Complete                bool
}

type previewTier struct {
	Code, Name, Average string
	Rows                []previewRow
}

type changeRow struct {
	Tier, Unit         string
	OldIndex, NewIndex string
	OldRank, NewRank   string
	OldBand, NewBand   string
	Added, Removed     bool
}

type versionRow struct {
	Version             int
	At, By, Reason, SHA string
	Forced              bool
}

type publishData struct {
	Console
	Head      yearHead
	Published bool // the stage is published: a correction needs the year reopened (the board)
	Blocking  []string
	Tiers     []previewTier
	Current   *versionRow // the latest published version, if any
	Changes   []changeRow
	Versions  []versionRow
	Admin     bool
	Done      string // the version just published
	Form      form
	Errors    []fieldError
}

// Publish shows what publishing would freeze.
func (h *Handler) Publish(c echo.Context) error {
	p, ok, err := h.yearPeriod(c)
	if !ok {
		return err
	}
	return h.publishPage(c, http.StatusOK, p, form{}, c.QueryParam("version"))
}

func (h *Handler) publishPage(c echo.Context, status int, p workflow.Period, f form, done string) error {
	ctx := c.Request().Context()
	lang := h.lang(c)
	st := h.cfg.Store
	d := publishData{Head: h.yearHead(c, p, "publish"), Published: p.Stage == workflow.Published,
		Admin: userOf(c).Role == workflow.RoleAdmin, Form: f, Errors: f.Errors, Done: done}
	ds, err := st.PeriodResults(ctx, p)
	if err != nil {
		return err
	}
	tiers := results.Tiers(ds)
	for _, pr := range results.Blocking(tiers) {
		d.Blocking = append(d.Blocking, msg.Problem(lang, pr))
	}
	for _, t := range tiers {
		pt := previewTier{Code: t.Tier, Name: t.TierName, Average: publishedIndex(t.AverageIndex)}
		for _, u := range t.Units {
			pt.Rows = append(pt.Rows, previewRow{Rank: rankText(u.Rank), Name: u.UnitName, Index: publishedIndex(u.Index), Band: strText(u.Band), Complete: u.Complete && !u.Provisional})
		}
		d.Tiers = append(d.Tiers, pt)
	}
	snaps, err := st.Snapshots(ctx, p.Year)
	if err != nil {
		return err
	}
	for _, s := range snaps {
		d.Versions = append(d.Versions, versionRow{Version: s.Version, At: vnfmt.DateTime(s.PublishedAt), By: s.PublishedBy, Reason: s.Reason, SHA: s.SHA256[:12], Forced: s.Forced})
	}
	var old []results.Tier
	if len(snaps) > 0 {
		cur, err := st.Snapshot(ctx, p.Year, 0)
		if err != nil {
			return err
		}
		doc, _, err := results.Decode(cur)
		if err != nil {
			return err
		}
		old = doc.Tiers
		d.Current = &d.Versions[0]
	}
	for _, ch := range results.Diff(old, tiers) {
		d.Changes = append(d.Changes, changeRow{Tier: ch.TierName, Unit: ch.UnitName, OldIndex: publishedIndex(ch.OldIndex), NewIndex: publishedIndex(ch.NewIndex),
			OldRank: rankText(ch.OldRank), NewRank: rankText(ch.NewRank), OldBand: strText(ch.OldBand), NewBand: strText(ch.NewBand), Added: ch.Added, Removed: ch.Removed})
	}
	return h.renderConsole(c, status, "publish", "publish.title", p.Year, &d)
}

// PublishPeriod publishes the year: a refusal (what blocks it, a force
// without a reason or by the secretariat) shows the page again with what
// was typed.
func (h *Handler) PublishPeriod(c echo.Context) error {
	p, ok, err := h.yearPeriod(c)
	if !ok {
		return err
	}
	lang := h.lang(c)
	f := form{Values: map[string]string{"reason": c.FormValue("reason"), "force": c.FormValue("force")}}
	u := userOf(c)
	force := f.V("force") == "1"
	reason, err := workflow.CheckReason(f.V("reason"))
	if err == nil {
		var snap workflow.Snapshot
		snap, _, err = h.cfg.Store.PublishPeriod(c.Request().Context(), results.Publication{
			Year: p.Year, By: u.Username, Actor: u.Actor(), Reason: reason, Force: force, At: h.cfg.Now()})
		if err == nil {
			if h.cfg.OnPublish != nil {
				h.cfg.OnPublish(p.Year)
			}
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/app/periods/%d/publish?version=%d", p.Year, snap.Version))
		}
	}
	status := formStatus(err)
	if status == 0 {
		return err
	}
	if score.ErrorCode(err) == score.ECONFLICT {
		// What blocks publishing is listed on the page; the summary says why.
		f.refuse("reason", msg.Error(lang, err))
	} else {
		f.refuseErr(lang, err, "reason", "reason")
	}
	p, _, _ = h.yearPeriod(c)
	return h.publishPage(c, status, p, f, "")
}

func strText(s *string) string {
	if s == nil || *s == "" {
		return "—"
	}
	return *s
}
