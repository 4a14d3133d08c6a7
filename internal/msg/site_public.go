package msg

// sitePublicTexts are the public site's texts (/, /results, /units, /data, /news).
var sitePublicTexts = map[string][2]string{
	"pub.nav":          {"Trang công khai", "Public pages"},
	"pub.nav.home":     {"Kết quả", "Results"},
	"pub.nav.news":     {"Tin tức", "News"},
	"pub.nav.data":     {"Dữ liệu mở", "Open data"},
	"pub.nav.login":    {"Đăng nhập", "Log in"},
	"pub.back":         {"Về trang kết quả", "Back to the results"},
	"pub.foot.licence": {"Dữ liệu công bố được cấp phép theo", "The published data are licensed under"},
	"pub.foot.data":    {"Tải dữ liệu", "Download the data"},

	"pub.notfound.title": {"Không tìm thấy trang", "Page not found"},
	"pub.notfound.body":  {"Không có kết quả công bố nào ở địa chỉ này.", "There are no published results at this address."},

	"pub.published":    {"Công bố ngày %s, bản công bố số %d", "Published on %s, version %d"},
	"pub.version":      {"Bản công bố số %d", "Version %d"},
	"pub.note":         {"Ghi chú", "Note"},
	"pub.average":      {"Giá trị trung bình", "Average"},
	"pub.noband":       {"Không xếp loại", "No band"},
	"pub.bands":        {"Số đơn vị theo xếp loại", "Units per band"},
	"pub.units.n":      {"%d đơn vị", "%d units"},
	"pub.units.ranked": {"%d đơn vị được đánh giá, %d đơn vị được xếp hạng", "%d units assessed, %d ranked"},
	"pub.leading":      {"Dẫn đầu", "Leading"},
	"pub.trailing":     {"Cuối bảng", "Trailing"},
	"pub.ranking.full": {"Bảng xếp hạng đầy đủ: %s", "The full ranking: %s"},
	"pub.band.count":   {"%s: %d", "%s: %d"},

	"pub.chart.bands":      {"Biểu đồ số đơn vị theo xếp loại, %s năm %d", "Bar chart of the units per band, %s, %d"},
	"pub.chart.bands.desc": {"%d đơn vị: %s.", "%d units: %s."},

	"pub.home.title":     {"Kết quả Chỉ số cải cách hành chính", "Administrative Reform Index results"},
	"pub.home.h1":        {"Kết quả Chỉ số cải cách hành chính", "Administrative Reform Index results"},
	"pub.home.desc":      {"Chỉ số CCHC năm %d đã công bố: %s.", "The published PAR Index of %d: %s."},
	"pub.home.desc.tier": {"%s trung bình %s", "%s, average %s"},
	"pub.home.desc.none": {"Chưa có kết quả Chỉ số CCHC nào được công bố.", "No PAR Index results have been published yet."},
	"pub.home.none":      {"Chưa có kết quả nào được công bố.", "No results have been published yet."},
	"pub.earlier":        {"Các năm trước", "Earlier years"},
	"pub.news":           {"Tin tức", "News"},
	"pub.news.all":       {"Tất cả tin tức", "All news"},
	"pub.news.year":      {"Tin công bố kết quả năm %d", "News of the %d results"},
}
