package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/portal"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/vnfmt"
	"github.com/parindex/parindex/internal/workflow"
)

// News: the secretariat writes a record in Markdown, previews the
// sanitized HTML the public will get (portal.HTML, the public page's
// renderer; a preview button re-renders without JavaScript), starts from
// the announcement drafted from a published snapshot, attaches the report,
// publishes and unpublishes. The store's news use cases, as the API's.

const newsPerPage = 20

type newsRow struct {
	ID                 int64
	Title, Status, URL string
	Published          bool
	At                 string
}

type newsListData struct {
	Console
	Items      []newsRow
	Page, Last int
	Years      []int // published periods to draft an announcement from
	Form       form
	Errors     []fieldError
}

// NewsRecords lists the records, and starts a new one.
func (h *Handler) NewsRecords(c echo.Context) error { return h.newsList(c, http.StatusOK, form{}) }

func (h *Handler) newsList(c echo.Context, status int, f form) error {
	ctx := c.Request().Context()
	lang := h.lang(c)
	page, _ := strconv.Atoi(c.QueryParam("page"))
	page = max(page, 1)
	ns, total, err := h.cfg.Store.ListNews(ctx, store.NewsQuery{Offset: (page - 1) * newsPerPage, Limit: newsPerPage})
	if err != nil {
		return err
	}
	d := newsListData{Page: page, Last: max((total+newsPerPage-1)/newsPerPage, 1), Form: f, Errors: f.Errors}
	for _, n := range ns {
		r := newsRow{ID: n.ID, Title: n.Title, Status: msg.T(lang, "news.status."+n.Status), URL: "/news/" + n.Slug, Published: n.Status == workflow.NewsPublished}
		if n.PublishedAt != nil {
			r.At = vnfmt.Date(*n.PublishedAt)
		}
		d.Items = append(d.Items, r)
	}
	ps, err := h.cfg.Store.Periods(ctx)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.Stage == workflow.Published {
			d.Years = append(d.Years, p.Year)
		}
	}
	return h.renderConsole(c, status, "news", "news.title", 0, &d)
}

// CreateNews starts a record from a title.
func (h *Handler) CreateNews(c echo.Context) error {
	lang := h.lang(c)
	f := form{Values: map[string]string{"title": c.FormValue("title")}}
	title := f.V("title")
	ch, err := workflow.NewsEdit{Title: &title}.Validate()
	if err == nil && (ch.Title == nil || *ch.Title == "") {
		f.refuse("title", msg.T(lang, "news.title.required"))
		return h.newsList(c, http.StatusUnprocessableEntity, f)
	}
	if err == nil {
		var n workflow.News
		if n, err = h.cfg.Store.CreateNews(c.Request().Context(), store.NewsInput{Title: *ch.Title, By: userOf(c).Username}); err == nil {
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/app/news/%d", n.ID))
		}
	}
	status := formStatus(err)
	if status == 0 {
		return err
	}
	f.refuseErr(lang, err, "title", "title")
	return h.newsList(c, status, f)
}

// DraftNews writes the announcement of a published year (the API's
// news-draft) and opens it.
func (h *Handler) DraftNews(c echo.Context) error {
	year, _ := strconv.Atoi(c.FormValue("year"))
	if h.cfg.NewsDraft == nil {
		return fmt.Errorf("web: no NewsDraft in the pages' Config")
	}
	n, err := h.cfg.NewsDraft(c.Request().Context(), year, userOf(c).Username)
	if err != nil {
		if status := formStatus(err); status != 0 {
			f := form{}
			f.refuse("year", msg.Error(h.lang(c), err))
			return h.newsList(c, status, f)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/app/news/%d", n.ID))
}

type newsEditData struct {
	Console
	News        workflow.News
	Published   bool
	Form        form
	Errors      []fieldError
	Preview     template.HTML
	Attachments []workflow.Attachment
	Report      string // the report a record of a published year may attach
	Saved       string // what was just done
}

func (h *Handler) newsByParam(c echo.Context) (workflow.News, bool, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err == nil {
		n, err := h.cfg.Store.News(c.Request().Context(), id)
		if err == nil {
			return n, true, nil
		}
		if score.ErrorCode(err) != score.ENOTFOUND {
			return n, false, err
		}
	}
	return workflow.News{}, false, h.message(c, http.StatusNotFound, "notfound.title", "notfound.body")
}

// NewsItem shows a record's editor with the preview of its body.
func (h *Handler) NewsItem(c echo.Context) error {
	n, ok, err := h.newsByParam(c)
	if !ok {
		return err
	}
	f := form{Values: map[string]string{"title": n.Title, "summary": n.Summary, "body": n.Body}}
	return h.newsItem(c, http.StatusOK, n, f, c.QueryParam("done"))
}

func (h *Handler) newsItem(c echo.Context, status int, n workflow.News, f form, done string) error {
	preview, err := portal.HTML(f.V("body"))
	if err != nil {
		return err
	}
	d := newsEditData{News: n, Published: n.Status == workflow.NewsPublished, Form: f, Errors: f.Errors, Preview: preview,
		Attachments: n.Attachments, Saved: done}
	if n.Period != nil {
		if p, err := h.cfg.Store.Period(c.Request().Context(), *n.Period); err == nil && p.Stage == workflow.Published {
			d.Report = reportURL(p.Year)
			for _, a := range n.Attachments {
				if a.URL == d.Report {
					d.Report = ""
				}
			}
		}
	}
	return h.renderConsole(c, status, "news_item", "news.edit", 0, &d)
}

func reportURL(year int) string { return fmt.Sprintf("/api/v1/public/periods/%d/report.xlsx", year) }

// SaveNews saves, previews, publishes or unpublishes a record, or attaches
// the report of its year (the button pressed: action). A preview saves
// nothing; publishing saves what was typed first.
func (h *Handler) SaveNews(c echo.Context) error {
	n, ok, err := h.newsByParam(c)
	if !ok {
		return err
	}
	ctx := c.Request().Context()
	lang := h.lang(c)
	by := userOf(c).Username
	f := form{Values: map[string]string{"title": c.FormValue("title"), "summary": c.FormValue("summary"), "body": c.FormValue("body")}}
	action := c.FormValue("action")
	if action == "preview" {
		return h.newsItem(c, http.StatusOK, n, f, "")
	}
	title, summary, body := f.V("title"), f.V("summary"), f.V("body")
	edit := workflow.NewsEdit{Title: &title, Summary: &summary, Body: &body}
	if action == "attach" && n.Period != nil {
		var as []workflow.AttachmentInput
		has := false
		for _, a := range n.Attachments {
			as = append(as, workflow.AttachmentInput{Title: a.Title, URL: a.URL})
			has = has || a.URL == reportURL(*n.Period)
		}
		if !has {
			as = append(as, workflow.AttachmentInput{Title: msg.T(msg.VI, "news.report.title", *n.Period), URL: reportURL(*n.Period)})
		}
		edit.Attachments = &as
	}
	ch, err := edit.Validate()
	if err == nil {
		ch.By = by
		n, err = h.cfg.Store.UpdateNews(ctx, n.ID, ch)
	}
	if err == nil {
		switch action {
		case "publish":
			n, err = h.cfg.Store.SetNewsStatus(ctx, n.ID, workflow.NewsPublished, by)
		case "unpublish":
			n, err = h.cfg.Store.SetNewsStatus(ctx, n.ID, workflow.NewsDraft, by)
		case "attach":
		default:
			action = "save"
		}
		h.newsChanged() // the record was saved, whatever its status change did
	}
	if err != nil {
		status := formStatus(err)
		if status == 0 {
			return err
		}
		f.refuseErr(lang, err, "title", "title", "summary", "body")
		return h.newsItem(c, status, n, f, "")
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/app/news/%d?done=%s", n.ID, action))
}

// newsChanged tells the server that a news record changed from a page, as
// the API's news routes do (the public read path forgets its answers).
func (h *Handler) newsChanged() {
	if h.cfg.OnNewsChange != nil {
		h.cfg.OnNewsChange()
	}
}
