package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/portal"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// News records (tin tức): the secretariat writes them in Markdown; the
// public reads published ones as sanitized HTML, in JSON or as a page.

// newsOut is a news record for the secretariat: the Markdown and its HTML.
type newsOut struct {
	workflow.News
	BodyHTML template.HTML `json:"body_html"`
	URL      string        `json:"url"`
}

func newsOf(n workflow.News) (newsOut, error) {
	h, err := portal.HTML(n.Body)
	return newsOut{News: n, BodyHTML: h, URL: "/news/" + n.Slug}, err
}

func (s *Server) createNews(c echo.Context) error {
	var req workflow.NewsEdit
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Title == nil {
		return score.E(score.EUNPROCESSABLE, "error.api.news_title")
	}
	ch, err := req.Validate()
	if err != nil {
		return err
	}
	in := store.NewsInput{Title: *ch.Title, Summary: orEmpty(ch.Summary), Body: orEmpty(ch.Body), Author: orEmpty(ch.Author),
		Department: orEmpty(ch.Department), Category: orEmpty(ch.Category), By: user(c).Username}
	if ch.Period != nil {
		in.Period = *ch.Period
	}
	if ch.PublishedAt != nil {
		in.PublishedAt = *ch.PublishedAt
	}
	if ch.Attachments != nil {
		in.Attachments = *ch.Attachments
	}
	if ch.Related != nil {
		in.Related = *ch.Related
	}
	if ch.Slug != nil {
		in.Slug = *ch.Slug
	} // else the store makes it from the title
	n, err := s.store.CreateNews(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return s.sendNews(c, http.StatusCreated, n)
}

func (s *Server) sendNews(c echo.Context, status int, n workflow.News) error {
	out, err := newsOf(n)
	if err != nil {
		return err
	}
	return c.JSON(status, out)
}

func newsID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, invalid("error.api.news_id", c.Param("id"))
	}
	return id, nil
}

func (s *Server) getNews(c echo.Context) error {
	id, err := newsID(c)
	if err != nil {
		return err
	}
	n, err := s.store.News(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return s.sendNews(c, http.StatusOK, n)
}

func (s *Server) updateNews(c echo.Context) error {
	id, err := newsID(c)
	if err != nil {
		return err
	}
	var req workflow.NewsEdit
	if err := decode(c, &req); err != nil {
		return err
	}
	ch, err := req.Validate()
	if err != nil {
		return err
	}
	ch.By = user(c).Username
	n, err := s.store.UpdateNews(c.Request().Context(), id, ch)
	if err != nil {
		return err
	}
	s.front.Forget() // the public news answers kept by the read path
	return s.sendNews(c, http.StatusOK, n)
}

func (s *Server) publishNews(c echo.Context) error   { return s.setNewsStatus(c, workflow.NewsPublished) }
func (s *Server) unpublishNews(c echo.Context) error { return s.setNewsStatus(c, workflow.NewsDraft) }

func (s *Server) setNewsStatus(c echo.Context, status string) error {
	id, err := newsID(c)
	if err != nil {
		return err
	}
	n, err := s.store.SetNewsStatus(c.Request().Context(), id, status, user(c).Username)
	if err != nil {
		return err
	}
	s.front.Forget()
	return s.sendNews(c, http.StatusOK, n)
}

type newsPage[T any] struct {
	Items      []T      `json:"items"`
	Page       int      `json:"page"`
	PerPage    int      `json:"per_page"`
	Total      int      `json:"total"`
	Categories []string `json:"categories"`
}

func (s *Server) listNews(c echo.Context) error {
	page, perPage, err := pageQuery(c, NewsPerPage, MaxNewsPerPage)
	if err != nil {
		return err
	}
	status := c.QueryParam("status")
	if status != "" && status != workflow.NewsDraft && status != workflow.NewsPublished {
		return invalid("error.api.news_status", status)
	}
	ctx := c.Request().Context()
	ns, total, err := s.store.ListNews(ctx, store.NewsQuery{Status: status, Category: c.QueryParam("category"), Offset: (page - 1) * perPage, Limit: perPage})
	if err != nil {
		return err
	}
	cats, err := s.store.NewsCategories(ctx, "")
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newsPage[workflow.News]{Items: nonNil(ns), Page: page, PerPage: perPage, Total: total, Categories: nonNil(cats)})
}

// publicNews is a published news record as the public sees it: no
// accounts, no drafts among the related records.
type publicNews struct {
	Slug        string                `json:"slug"`
	Title       string                `json:"title"`
	Summary     string                `json:"summary"`
	Author      string                `json:"author"`
	Department  string                `json:"department"`
	Category    string                `json:"category"`
	Period      *int                  `json:"period"`
	PublishedAt *time.Time            `json:"published_at"`
	URL         string                `json:"url"`
	BodyHTML    *template.HTML        `json:"body_html,omitempty"`
	Attachments []workflow.Attachment `json:"attachments,omitempty"`
	Related     []publicRef           `json:"related,omitempty"`
}

type publicRef struct {
	Slug        string     `json:"slug"`
	Title       string     `json:"title"`
	PublishedAt *time.Time `json:"published_at"`
	URL         string     `json:"url"`
}

func publicNewsOf(n workflow.News) publicNews {
	return publicNews{Slug: n.Slug, Title: n.Title, Summary: n.Summary, Author: n.Author, Department: n.Department,
		Category: n.Category, Period: n.Period, PublishedAt: n.PublishedAt, URL: "/news/" + n.Slug}
}

func publishedRelated(n workflow.News) []publicRef {
	out := []publicRef{}
	for _, r := range n.Related {
		if r.Status == workflow.NewsPublished {
			out = append(out, publicRef{Slug: r.Slug, Title: r.Title, PublishedAt: r.PublishedAt, URL: "/news/" + r.Slug})
		}
	}
	return out
}

func (s *Server) publicNewsList(c echo.Context) error {
	page, perPage, err := pageQuery(c, NewsPerPage, MaxNewsPerPage)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ns, total, err := s.store.ListNews(ctx, store.NewsQuery{Status: workflow.NewsPublished, Category: c.QueryParam("category"), Offset: (page - 1) * perPage, Limit: perPage})
	if err != nil {
		return err
	}
	cats, err := s.store.NewsCategories(ctx, workflow.NewsPublished)
	if err != nil {
		return err
	}
	items := make([]publicNews, len(ns))
	for i, n := range ns {
		items[i] = publicNewsOf(n)
	}
	body, err := jsonBytes(newsPage[publicNews]{Items: items, Page: page, PerPage: perPage, Total: total, Categories: nonNil(cats)}, pretty(c))
	if err != nil {
		return err
	}
	return s.serveBody(c, cacheLists, echo.MIMEApplicationJSON, body)
}

// publishedNews loads a published record by slug; drafts do not exist here.
func (s *Server) publishedNews(c echo.Context) (workflow.News, error) {
	slug := c.Param("slug")
	n, err := s.store.NewsBySlug(c.Request().Context(), slug)
	if err == nil && n.Status != workflow.NewsPublished {
		err = score.E(score.ENOTFOUND, "error.news.not_found", slug)
	}
	return n, err
}

func (s *Server) publicNewsItem(c echo.Context) error {
	n, err := s.publishedNews(c)
	if err != nil {
		return err
	}
	out := publicNewsOf(n)
	h, err := portal.HTML(n.Body)
	if err != nil {
		return err
	}
	out.BodyHTML, out.Attachments, out.Related = &h, n.Attachments, publishedRelated(n)
	body, err := jsonBytes(out, pretty(c))
	if err != nil {
		return err
	}
	return s.serveBody(c, cacheLists, echo.MIMEApplicationJSON, body)
}

// newsPageHTML is /news/{slug}: the record as a page, with the rankings of
// the period it announces, for a province without a portal of its own.
func (s *Server) newsPageHTML(c echo.Context) error {
	n, err := s.publishedNews(c)
	if err != nil {
		return err
	}
	var opt portal.PageOptions
	if n.Period != nil {
		p, err := s.publishedAt(c.Request().Context(), *n.Period, 0)
		switch {
		case err == nil:
			for _, t := range p.Doc.Tiers {
				t.Published = p.Pub
				opt.Rankings = append(opt.Rankings, t)
			}
			opt.Published, opt.Note = p.Pub, p.Note
		case score.ErrorCode(err) != score.ENOTFOUND:
			return err
		}
	}
	for _, r := range publishedRelated(n) {
		opt.Related = append(opt.Related, portal.Link{Label: r.Title, URL: r.URL})
	}
	var buf bytes.Buffer
	if err := portal.NewsPage(&buf, n, opt); err != nil {
		return err
	}
	s.pageHeaders(c, "https: data:")
	return s.serveBody(c, cacheLists, echo.MIMETextHTMLCharsetUTF8, buf.Bytes())
}

// newsDraft writes the announcement of a published period as a draft
// news record, every figure from the latest published snapshot.
func (s *Server) newsDraft(c echo.Context) error {
	period, err := s.period(c)
	if err != nil {
		return err
	}
	n, err := s.writeNewsDraft(c.Request().Context(), period.Year, user(c).Username)
	if err != nil {
		return err
	}
	return s.sendNews(c, http.StatusCreated, n)
}

// writeNewsDraft stores the announcement draft of a published period,
// written from its latest version (the API's news-draft and the console's
// news page both make it here).
func (s *Server) writeNewsDraft(ctx context.Context, year int, by string) (workflow.News, error) {
	p, err := s.publishedAt(ctx, year, 0)
	if score.ErrorCode(err) == score.ENOTFOUND {
		return workflow.News{}, score.E(score.ECONFLICT, "error.api.announce", year)
	}
	if err != nil {
		return workflow.News{}, err
	}
	links := portal.DraftLinks{Report: fmt.Sprintf("/api/v1/public/periods/%d/report.xlsx", year), Rankings: map[string]string{}, Note: p.Note}
	for _, t := range p.Doc.Tiers {
		links.Rankings[t.Tier] = fmt.Sprintf("/embed/periods/%d?tier=%s", year, url.QueryEscape(t.Tier))
	}
	d := portal.Announcement(p.Doc, *p.Pub, links)
	return s.store.CreateNews(ctx, store.NewsInput{Slug: portal.Slug(d.Title), FreeSlug: true, Title: d.Title, Summary: d.Summary,
		Body: d.Body, Department: d.Department, Category: d.Category, Period: &year,
		Attachments: d.Attachments, By: by})
}
