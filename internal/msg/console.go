package msg

// consoleTexts are the texts of the secretariat's console screens of a
// year (board, imports, dashboard, publishing, exports), the news and the
// audit log.
var consoleTexts = map[string][2]string{
	"console.nav":      {"Bảng điều khiển", "Console"},
	"console.home":     {"Bảng điều khiển", "Console"},
	"console.year":     {"Kỳ đánh giá %d", "Assessment %d"},
	"console.yearnav":  {"Các màn hình của kỳ %d", "Screens of %d"},
	"console.stage":    {"Giai đoạn:", "Stage:"},
	"console.deadline": {"hạn chót", "deadline"},
	"console.errors":   {"Chưa thực hiện được", "Not done"},
	"console.refused":  {"Không thực hiện được", "Refused"},
	"console.none":     {"—", "—"},

	"board.title":           {"Tiến độ", "Board"},
	"board.heading":         {"Tiến độ kỳ đánh giá %d", "Board of %d"},
	"board.move":            {"Chuyển giai đoạn", "Move to another stage"},
	"board.to":              {"Chuyển sang giai đoạn", "Move to stage"},
	"board.deadline":        {"Hạn chót của đơn vị (không bắt buộc)", "Units' deadline (optional)"},
	"board.deadline.hint":   {"Ngày/tháng/năm, ví dụ 31/3/2027; hạn là cuối ngày đó.", "Day/month/year, for example 31/3/2027; the deadline is the end of that day."},
	"board.deadline.bad":    {"Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/3/2027.", "Enter the date as day/month/year, for example 31/3/2027."},
	"board.reason":          {"Lý do", "Reason"},
	"board.reason.hint":     {"Bắt buộc khi quay lại giai đoạn trước hoặc khi buộc chuyển.", "Needed to move back to an earlier stage, or to force the move."},
	"board.force":           {"Buộc chuyển dù còn đơn vị chưa đủ điểm (quản trị viên)", "Force the move although some units' results are not complete (admin)"},
	"board.submit":          {"Chuyển giai đoạn", "Move"},
	"board.nomove":          {"Kỳ này đã công bố; dùng màn hình Công bố.", "This year is published; use the Publishing screen."},
	"board.moved":           {"Đã chuyển sang giai đoạn %s.", "Moved to %s."},
	"board.chase":           {"Đơn vị cần nhắc", "Whom to chase"},
	"board.csv":             {"Tải bảng tiến độ (CSV)", "Download the board (CSV)"},
	"board.noframework":     {"Khối này chưa có bộ tiêu chí trong kỳ.", "This tier has no framework this year."},
	"board.chased":          {"%s trong %s đơn vị còn việc phải làm.", "%s of %s units have something left to do."},
	"board.nounits":         {"Kỳ này chưa có đơn vị nào.", "This year has no units."},
	"board.col.tier":        {"Khối", "Tier"},
	"board.col.code":        {"Mã đơn vị", "Unit code"},
	"board.col.unit":        {"Đơn vị", "Unit"},
	"board.col.noself":      {"Chưa tự chấm", "No self points"},
	"board.col.noappraisal": {"Chưa thẩm định", "Not appraised"},
	"board.col.nosurvey":    {"Chưa có điểm điều tra", "No survey points"},
	"board.col.remarks":     {"Nhận xét chờ giải trình", "Open remarks"},
}
