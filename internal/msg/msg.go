// Package msg is the message catalog of the pages people read: every key
// has a Vietnamese and an English text (Vietnamese first, the default),
// with plain fmt-style arguments.
package msg

import "fmt"

// Languages the catalog has; the first is the default.
const (
	VI = "vi"
	EN = "en"
)

// Lang returns a supported language for s, the default for anything else.
func Lang(s string) string {
	if s == EN {
		return EN
	}
	return VI
}

// T returns the text of key in lang with args formatted in; an unknown
// key returns the key itself, so a missing text shows, not a blank.
func T(lang, key string, args ...any) string {
	e, ok := catalog[key]
	if !ok {
		return key
	}
	text := e[0]
	if Lang(lang) == EN {
		text = e[1]
	}
	if len(args) == 0 {
		return text
	}
	return fmt.Sprintf(text, args...)
}

// Has says whether key is in the catalog.
func Has(key string) bool { _, ok := catalog[key]; return ok }

// Stage is the label of a period's stage.
func Stage(lang, stage string) string { return T(lang, "stage."+stage) }

// Role is the label of a user's role.
func Role(lang, role string) string { return T(lang, "role."+role) }

// catalog: key → {Vietnamese, English}.
var catalog = map[string][2]string{
	"site.name":               {"Chỉ số CCHC", "PAR Index"},
	"site.skip":               {"Bỏ qua, đến nội dung chính", "Skip to main content"},
	"site.lang":               {"Ngôn ngữ", "Language"},
	"site.lang.vi":            {"Tiếng Việt", "Tiếng Việt"},
	"site.lang.en":            {"English", "English"},
	"site.signedin":           {"Đăng nhập với tên %s (%s)", "Signed in as %s (%s)"},
	"site.logout":             {"Đăng xuất", "Log out"},
	"site.nav":                {"Tài khoản", "Account"},
	"site.home":               {"Việc của tôi", "My work"},
	"login.title":             {"Đăng nhập", "Log in"},
	"login.intro":             {"Đăng nhập bằng tài khoản được cấp cho đơn vị hoặc hội đồng của anh/chị.", "Log in with the account your unit or council was given."},
	"login.username":          {"Tên đăng nhập", "Username"},
	"login.password":          {"Mật khẩu", "Password"},
	"login.submit":            {"Đăng nhập", "Log in"},
	"login.errors":            {"Chưa đăng nhập được", "You are not logged in"},
	"login.required.username": {"Hãy nhập tên đăng nhập.", "Enter your username."},
	"login.required.password": {"Hãy nhập mật khẩu.", "Enter your password."},
	"login.toolong":           {"Tên đăng nhập có tối đa 64 ký tự và mật khẩu tối đa 72 byte.", "The username has at most 64 characters and the password at most 72 bytes."},
	"login.wrong":             {"Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong username or password."},
	"login.locked.address":    {"Có quá nhiều lần đăng nhập sai từ địa chỉ này. Hãy thử lại sau %d phút.", "Too many failed logins from this address. Try again in %d minutes."},
	"login.locked.account":    {"Có quá nhiều lần đăng nhập sai vào tài khoản này từ địa chỉ này. Hãy thử lại sau %d phút.", "Too many failed logins for this account from this address. Try again in %d minutes."},
	"login.locked.alarm":      {"Tài khoản này bị đăng nhập sai nhiều lần từ nhiều địa chỉ trong một giờ. Hãy thử lại sau %d phút.", "This account has had many failed logins from several addresses within an hour. Try again in %d minutes."},
	"login.expired":           {"Phiên làm việc đã hết hạn. Hãy đăng nhập lại.", "Your session has ended. Please log in again."},
	"form.stale":              {"Biểu mẫu đã cũ hoặc không đến từ trang này. Hãy tải lại trang và thử lại.", "The form is out of date or did not come from this site. Reload the page and try again."},
	"forbidden.title":         {"Không có quyền truy cập", "Access denied"},
	"forbidden.body":          {"Tài khoản của anh/chị (%s) không được mở trang này.", "Your account (%s) may not open this page."},
	"forbidden.cross":         {"Yêu cầu bị từ chối vì đến từ một trang web khác.", "The request was refused because it came from another site."},
	"notfound.title":          {"Không tìm thấy trang", "Page not found"},
	"notfound.body":           {"Không có trang nào ở địa chỉ này.", "There is no page at this address."},
	"error.title":             {"Đã có lỗi", "Something went wrong"},
	"error.body":              {"Máy chủ gặp lỗi khi xử lý yêu cầu. Hãy thử lại sau.", "The server failed to answer. Try again later."},
	"back.home":               {"Về trang Việc của tôi", "Back to My work"},
	"app.title":               {"Việc của tôi", "My work"},
	"app.periods":             {"Các kỳ đánh giá", "Assessment periods"},
	"app.noperiods":           {"Chưa có kỳ đánh giá nào.", "There are no assessment periods yet."},
	"app.col.year":            {"Năm", "Year"},
	"app.col.title":           {"Tên kỳ", "Title"},
	"app.col.stage":           {"Giai đoạn", "Stage"},
	"app.col.deadline":        {"Hạn chót", "Deadline"},
	"app.nodeadline":          {"Không có", "None"},
	"app.unit.heading":        {"Đơn vị %s, kỳ %d", "Unit %s, %d"},
	"app.unit.missing":        {"Tiêu chí chưa tự chấm điểm", "Criteria without self points"},
	"app.unit.remarks":        {"Nhận xét chờ giải trình", "Remarks awaiting your explanation"},
	"app.unit.noopen":         {"Không có kỳ đánh giá nào đang mở cho đơn vị.", "No assessment period is open for your unit."},
	"app.council.heading":     {"Đơn vị được phân công, kỳ %d", "Assigned units, %d"},
	"app.council.nounits":     {"Chưa có đơn vị nào trong kỳ này.", "There are no units in this period."},
	"app.council.noopen":      {"Không có kỳ đánh giá nào đang mở.", "No assessment period is open."},
	"app.col.unit":            {"Đơn vị", "Unit"},
	"app.col.progress":        {"Tiêu chí đã thẩm định", "Criteria appraised"},
	"app.col.replies":         {"Giải trình chờ phản hồi", "Explanations awaiting your reply"},
	"app.progress":            {"%s trên %s", "%s of %s"},
	"app.staff":               {"Màn hình của Văn phòng sẽ có ở phiên bản sau; hiện dùng API.", "The secretariat's screens come in a later version; use the API for now."},
	"stage.draft":             {"Chuẩn bị", "Draft"},
	"stage.self_assessment":   {"Tự đánh giá", "Self-assessment"},
	"stage.appraisal":         {"Thẩm định", "Appraisal"},
	"stage.finalized":         {"Đã chốt kết quả", "Finalized"},
	"stage.published":         {"Đã công bố", "Published"},
	"role.admin":              {"Quản trị", "Administrator"},
	"role.secretariat":        {"Văn phòng thường trực", "Secretariat"},
	"role.council":            {"Thành viên hội đồng thẩm định", "Appraisal council member"},
	"role.unit":               {"Cán bộ đơn vị", "Unit officer"},
}
