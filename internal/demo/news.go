package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// ReportURL is the public workbook of the demo's published results.
var ReportURL = fmt.Sprintf("/api/v1/public/periods/%d/report.xlsx", Year)

// Article is the demo's news record, for whichever part of the service
// keeps news: the announcement the demo reproduces.
type Article struct {
	Slug        string
	Title       string
	Summary     string
	Body        string
	PublishedAt time.Time
}

// News returns the demo's news record.
func News() Article {
	return Article{
		Slug:    "cong-bo-chi-so-cai-cach-hanh-chinh-nam-2016",
		Title:   "Công bố Chỉ số cải cách hành chính năm 2016 của các sở, ban, ngành và UBND các huyện, thành phố",
		Summary: "Giá trị trung bình Chỉ số CCHC năm 2016 của khối sở, ban, ngành đạt 74,86%, khối huyện, thành phố đạt 75,76%.",
		Body: "Ngày 27/6/2017, tại hội nghị trực tuyến của UBND tỉnh, tỉnh Lai Châu công bố Chỉ số cải cách hành chính năm 2016 " +
			"của các sở, ban, ngành và UBND các huyện, thành phố.\n\n" +
			"Giá trị trung bình Chỉ số CCHC của khối sở, ban, ngành đạt 74,86%; của khối huyện, thành phố đạt 75,76%. " +
			"Thanh tra tỉnh, Sở Tài chính và UBND thành phố Lai Châu là các đơn vị dẫn đầu.\n\n" +
			"Trong Chỉ số CCHC năm 2016 của các bộ, tỉnh do Bộ Nội vụ công bố, tỉnh Lai Châu xếp thứ 53/63 tỉnh, thành phố.\n\n" +
			"Kết quả chi tiết của từng đơn vị: [Báo cáo kết quả Chỉ số CCHC năm 2016 (tệp Excel)](" + ReportURL + ").\n\n" +
			"Lưu ý: đây là dữ liệu minh họa. Điểm của từng đơn vị là giả định, không phải số liệu công bố chính thức; " +
			"chỉ các giá trị trung bình và các đơn vị dẫn đầu theo công bố ngày 27/6/2017.",
		PublishedAt: PublishedAt,
	}
}

// storeNews keeps the demo's news record, published, announcing the demo
// period with its report attached.
func storeNews(ctx context.Context, st *store.Store) error {
	a := News()
	year := Year
	_, err := st.CreateNews(ctx, store.NewsInput{Slug: a.Slug, Title: a.Title, Summary: a.Summary, Body: a.Body,
		Author: "Tổ thư ký Chỉ số CCHC", Department: "Phòng CCHC, Sở Nội vụ", Category: "Cải cách hành chính",
		Period: &year, Status: workflow.NewsPublished, PublishedAt: &a.PublishedAt, By: "demo",
		Attachments: []workflow.Attachment{{Title: "Báo cáo kết quả Chỉ số CCHC năm 2016 (tệp Excel)", URL: ReportURL}}})
	return err
}
