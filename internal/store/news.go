package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
	"github.com/parindex/parindex/internal/workflow"
)

type newsRow struct {
	ID          int64
	Slug        string
	Title       string
	Summary     string
	Body        string
	Author      string
	Department  string
	Category    string
	PeriodYear  *int
	Status      string
	PublishedAt *time.Time
	CreatedAt   time.Time
	CreatedBy   string
	UpdatedAt   time.Time
	UpdatedBy   string
}

func (newsRow) TableName() string { return "news" }

type attachmentRow struct {
	ID       int64
	NewsID   int64
	Position int
	Title    string
	URL      string `gorm:"column:url"`
}

func (attachmentRow) TableName() string { return "news_attachments" }

type relatedRow struct {
	NewsID    int64
	RelatedID int64
	Position  int
}

func (relatedRow) TableName() string { return "news_related" }

func (r newsRow) news() workflow.News {
	n := workflow.News{ID: r.ID, Slug: r.Slug, Title: r.Title, Summary: r.Summary, Body: r.Body, Author: r.Author,
		Department: r.Department, Category: r.Category, Period: r.PeriodYear, Status: r.Status,
		CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, UpdatedAt: r.UpdatedAt, UpdatedBy: r.UpdatedBy,
		Attachments: []workflow.Attachment{}, Related: []workflow.NewsRef{}}
	if r.PublishedAt != nil {
		t := r.PublishedAt.UTC()
		n.PublishedAt = &t
	}
	return n
}

// NewsInput is a news record to create: Related names other records by slug.
// When Slug is empty or taken and FreeSlug is set, the first free slug of
// the form slug, slug-2, slug-3 … is used instead.
type NewsInput struct {
	Slug        string
	FreeSlug    bool
	Title       string
	Summary     string
	Body        string
	Author      string
	Department  string
	Category    string
	Period      *int
	Status      string
	PublishedAt *time.Time
	Attachments []workflow.Attachment
	Related     []string
	By          string
}

// CreateNews adds a news record (a draft unless Status says otherwise).
func (s *Store) CreateNews(ctx context.Context, in NewsInput) (workflow.News, error) {
	if in.Slug == "" { // the title's slug, made unique
		in.Slug, in.FreeSlug = textrule.Slug(in.Title), true
		if in.Slug == "" {
			in.Slug = "tin"
		}
	}
	var id int64
	err := s.tx(ctx, func(tx *gorm.DB) error {
		slug := in.Slug
		if in.FreeSlug {
			var err error
			if slug, err = freeSlug(tx, slug); err != nil {
				return err
			}
		}
		status := in.Status
		if status == "" {
			status = workflow.NewsDraft
		}
		if err := checkPeriod(tx, in.Period); err != nil {
			return err
		}
		now := s.now()
		row := newsRow{Slug: slug, Title: in.Title, Summary: in.Summary, Body: in.Body, Author: in.Author,
			Department: in.Department, Category: in.Category, PeriodYear: in.Period, Status: status,
			PublishedAt: utcPtr(in.PublishedAt), CreatedAt: now, CreatedBy: in.By, UpdatedAt: now, UpdatedBy: in.By}
		if status == workflow.NewsPublished && row.PublishedAt == nil {
			row.PublishedAt = &now
		}
		if err := tx.Create(&row).Error; err != nil {
			return conflict(err, "error.news.slug_taken", slug)
		}
		id = row.ID
		if err := putAttachments(tx, id, in.Attachments); err != nil {
			return err
		}
		return putRelated(tx, id, in.Related)
	})
	if err != nil {
		return workflow.News{}, err
	}
	return s.News(ctx, id)
}

// NewsChange is an edit of a news record: nil fields stay as they are.
type NewsChange = workflow.NewsChange

// UpdateNews edits a news record.
func (s *Store) UpdateNews(ctx context.Context, id int64, ch NewsChange) (workflow.News, error) {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		row, err := newsByID(tx, id)
		if err != nil {
			return err
		}
		set := func(dst *string, src *string) {
			if src != nil {
				*dst = *src
			}
		}
		set(&row.Slug, ch.Slug)
		set(&row.Title, ch.Title)
		set(&row.Summary, ch.Summary)
		set(&row.Body, ch.Body)
		set(&row.Author, ch.Author)
		set(&row.Department, ch.Department)
		set(&row.Category, ch.Category)
		if ch.Period != nil {
			if err := checkPeriod(tx, *ch.Period); err != nil {
				return err
			}
			row.PeriodYear = *ch.Period
		}
		if ch.PublishedAt != nil {
			row.PublishedAt = utcPtr(*ch.PublishedAt)
		}
		row.UpdatedAt, row.UpdatedBy = s.now(), ch.By
		if err := tx.Select("*").Save(&row).Error; err != nil {
			return conflict(err, "error.news.slug_taken", row.Slug)
		}
		if ch.Attachments != nil {
			if err := tx.Where("news_id = ?", id).Delete(&attachmentRow{}).Error; err != nil {
				return err
			}
			if err := putAttachments(tx, id, *ch.Attachments); err != nil {
				return err
			}
		}
		if ch.Related != nil {
			if err := tx.Where("news_id = ?", id).Delete(&relatedRow{}).Error; err != nil {
				return err
			}
			return putRelated(tx, id, *ch.Related)
		}
		return nil
	})
	if err != nil {
		return workflow.News{}, err
	}
	return s.News(ctx, id)
}

// SetNewsStatus publishes or unpublishes a news record. Publishing keeps a
// published date already set (the date shown) and sets it to now otherwise.
func (s *Store) SetNewsStatus(ctx context.Context, id int64, status, by string) (workflow.News, error) {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		row, err := newsByID(tx, id)
		if err != nil {
			return err
		}
		now := s.now()
		row.Status, row.UpdatedAt, row.UpdatedBy = status, now, by
		if status == workflow.NewsPublished && row.PublishedAt == nil {
			row.PublishedAt = &now
		}
		return tx.Select("*").Save(&row).Error
	})
	if err != nil {
		return workflow.News{}, err
	}
	return s.News(ctx, id)
}

// News returns a news record with its attachments and related records.
func (s *Store) News(ctx context.Context, id int64) (workflow.News, error) {
	db := s.db.WithContext(ctx)
	row, err := newsByID(db, id)
	if err != nil {
		return workflow.News{}, err
	}
	return complete(db, row)
}

// NewsBySlug returns the news record with a slug.
func (s *Store) NewsBySlug(ctx context.Context, slug string) (workflow.News, error) {
	db := s.db.WithContext(ctx)
	var row newsRow
	if err := db.Where("slug = ?", slug).Take(&row).Error; err != nil {
		return workflow.News{}, notFound(err, "error.news.not_found", slug)
	}
	return complete(db, row)
}

// NewsQuery selects news records for a list.
type NewsQuery struct {
	Status   string // "" for any
	Category string // "" for any
	Offset   int
	Limit    int
}

// ListNews lists news records newest first (by published date, then by
// creation), without their bodies, and counts all that match.
func (s *Store) ListNews(ctx context.Context, q NewsQuery) ([]workflow.News, int, error) {
	db := s.db.WithContext(ctx).Model(&newsRow{})
	if q.Status != "" {
		db = db.Where("status = ?", q.Status)
	}
	if q.Category != "" {
		db = db.Where("category = ?", q.Category)
	}
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var rows []newsRow
	err := db.Omit("body").Order("published_at IS NULL, published_at DESC, id DESC").Offset(q.Offset).Limit(q.Limit).Find(&rows).Error
	if err != nil {
		return nil, 0, err
	}
	out := make([]workflow.News, len(rows))
	for i, r := range rows {
		out[i] = r.news()
	}
	return out, int(total), nil
}

// NewsCategories lists the categories in use by records of a status ("" for any).
func (s *Store) NewsCategories(ctx context.Context, status string) ([]string, error) {
	db := s.db.WithContext(ctx).Model(&newsRow{}).Where("category <> ''")
	if status != "" {
		db = db.Where("status = ?", status)
	}
	var out []string
	err := db.Distinct("category").Order("category").Pluck("category", &out).Error
	return out, err
}

func newsByID(db *gorm.DB, id int64) (newsRow, error) {
	var row newsRow
	err := db.Where("id = ?", id).Take(&row).Error
	return row, notFound(err, "error.news.no_id", id)
}

func complete(db *gorm.DB, row newsRow) (workflow.News, error) {
	n := row.news()
	var atts []attachmentRow
	if err := db.Where("news_id = ?", row.ID).Order("position").Find(&atts).Error; err != nil {
		return workflow.News{}, err
	}
	for _, a := range atts {
		n.Attachments = append(n.Attachments, workflow.Attachment{Title: a.Title, URL: a.URL})
	}
	var rel []newsRow
	err := db.Table("news").Select("news.id, news.slug, news.title, news.status, news.published_at").
		Joins("JOIN news_related ON news_related.related_id = news.id").
		Where("news_related.news_id = ?", row.ID).Order("news_related.position").Find(&rel).Error
	if err != nil {
		return workflow.News{}, err
	}
	for _, r := range rel {
		x := r.news()
		n.Related = append(n.Related, workflow.NewsRef{ID: x.ID, Slug: x.Slug, Title: x.Title, Status: x.Status, PublishedAt: x.PublishedAt})
	}
	return n, nil
}

func putAttachments(tx *gorm.DB, id int64, atts []workflow.Attachment) error {
	for i, a := range atts {
		if err := tx.Create(&attachmentRow{NewsID: id, Position: i, Title: a.Title, URL: a.URL}).Error; err != nil {
			return err
		}
	}
	return nil
}

func putRelated(tx *gorm.DB, id int64, slugs []string) error {
	var problems score.Problems
	seen := map[int64]bool{}
	for i, slug := range slugs {
		var other newsRow
		err := tx.Select("id").Where("slug = ?", slug).Take(&other).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			problems.Add(score.Problem{Field: "related", Index: &i, Value: slug, Key: "error.news.not_found", Args: []any{slug}})
			continue
		case err != nil:
			return err
		case other.ID == id:
			problems.Add(score.Problem{Field: "related", Index: &i, Key: "error.news.self"})
			continue
		case seen[other.ID]:
			continue
		}
		seen[other.ID] = true
		if err := tx.Create(&relatedRow{NewsID: id, RelatedID: other.ID, Position: i}).Error; err != nil {
			return err
		}
	}
	return problems.Err("error.news.related_bad")
}

func checkPeriod(tx *gorm.DB, year *int) error {
	if year == nil {
		return nil
	}
	if _, err := periodByYear(tx, *year); err != nil {
		if score.ErrorCode(err) == score.ENOTFOUND {
			return score.E(score.EUNPROCESSABLE, "error.period.not_found", *year)
		}
		return err
	}
	return nil
}

// freeSlug returns slug, or slug-2, slug-3 … whichever is free first
// (slugs hold only a-z, 0-9 and '-', so LIKE needs no escaping).
func freeSlug(tx *gorm.DB, slug string) (string, error) {
	var taken []string
	if err := tx.Model(&newsRow{}).Where("slug = ? OR slug LIKE ?", slug, slug+"-%").
		Pluck("slug", &taken).Error; err != nil {
		return "", err
	}
	used := map[string]bool{}
	for _, t := range taken {
		used[t] = true
	}
	cand := slug
	for i := 2; used[cand]; i++ {
		cand = fmt.Sprintf("%s-%d", slug, i)
	}
	return cand, nil
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
