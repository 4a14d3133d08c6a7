package demo

import "time"

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
			"Lưu ý: đây là dữ liệu minh họa. Điểm của từng đơn vị là giả định, không phải số liệu công bố chính thức; " +
			"chỉ các giá trị trung bình và các đơn vị dẫn đầu theo công bố ngày 27/6/2017.",
		PublishedAt: PublishedAt,
	}
}
