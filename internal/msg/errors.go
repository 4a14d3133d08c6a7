package msg

import (
	"errors"
	"strconv"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
	"github.com/parindex/parindex/internal/vnfmt"
)

// The domain's errors carry a message key and its arguments (score.Error,
// score.Problem); this file renders them. Their texts are in the catalog
// under "error." (errorTexts), Vietnamese and English like every text.

func init() {
	// score.Error's Error() is English, for logs and tests.
	score.English = func(key string, args []any) string { return render(EN, key, args) }
}

// Error is the text of err for a person reading lang: a *score.Error's
// message, or the catalog's "something went wrong" for any other error
// (whose text is never shown).
func Error(lang string, err error) string {
	var e *score.Error
	if errors.As(err, &e) {
		return render(lang, e.Key, e.Args)
	}
	return T(lang, "error.body")
}

// Problem is the text of one problem of a *score.Error for lang.
func Problem(lang string, p score.Problem) string { return render(lang, p.Key, p.Args) }

// Source is the label of a criterion's source of points (appraisal, survey).
func Source(lang, source string) string { return T(lang, "source."+source) }

// render is the text of key in lang, each argument written for lang: a
// term by its label, a number as lang writes it, a nested error by its
// own text.
func render(lang, key string, args []any) string {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = arg(lang, a)
	}
	return T(lang, key, out...)
}

func arg(lang string, a any) any {
	switch v := a.(type) {
	case score.Term:
		if k := v.Kind + "." + v.Code; Has(k) {
			return T(lang, k)
		}
		return v.Code
	case score.Number:
		if Lang(lang) == EN {
			return vnfmt.NumberEnglish(string(v))
		}
		return vnfmt.Number(string(v))
	case score.Tally:
		if v.AtLeast {
			return T(lang, "error.count.atleast", v.N)
		}
		return strconv.Itoa(v.N)
	case *score.Error:
		return render(lang, v.Key, v.Args)
	case score.Problem:
		return render(lang, v.Key, v.Args)
	case *textrule.Error:
		return textFault(lang, v)
	case error:
		var e *score.Error
		if errors.As(v, &e) {
			return render(lang, e.Key, e.Args)
		}
		var te *textrule.Error
		if errors.As(v, &te) {
			return textFault(lang, te)
		}
		return v.Error()
	}
	return a
}

// textFault is what is wrong with a text, as a predicate ("is empty").
func textFault(lang string, e *textrule.Error) string {
	switch e.Fault {
	case textrule.BadUTF8:
		return T(lang, "error.text.utf8")
	case textrule.Control:
		return T(lang, "error.text.control", textrule.RuneName(e.Rune))
	case textrule.Format:
		return T(lang, "error.text.format", textrule.RuneName(e.Rune))
	case textrule.Empty:
		return T(lang, "error.text.empty")
	case textrule.Invisible:
		return T(lang, "error.text.invisible")
	case textrule.TooLong:
		return T(lang, "error.text.toolong", e.Max)
	}
	return T(lang, "error.text.invalid")
}

// errorTexts are the messages of the domain's errors and problems.
var errorTexts = map[string][2]string{
	"error.thread.resolved_explain": {"Đơn vị %s, tiêu chí %s: hội đồng đã kết thúc nhận xét này; không cần giải trình trừ khi nhận xét được mở lại", "unit %s, criterion %s: the council resolved this remark; there is nothing to explain unless it reopens it"},
	"error.thread.status":           {"Trạng thái của một nhận xét là %s hoặc %s, không phải %q", "a thread's status is %s or %s, not %q"},
	"error.thread.none":             {"Đơn vị %s, tiêu chí %s chưa có nhận xét nào để kết thúc hay mở lại", "unit %s, criterion %s has no remark to resolve or reopen"},
	"error.thread.resolved_already": {"Đơn vị %s, tiêu chí %s: nhận xét đã được kết thúc", "unit %s, criterion %s: the remark is resolved already"},
	"error.thread.open_already":     {"Đơn vị %s, tiêu chí %s: nhận xét đang mở", "unit %s, criterion %s: the remark is open already"},
	"error.thread.reopen_reason":    {"Mở lại nhận xét về tiêu chí %s cần có lý do (chữ nhìn thấy được)", "reopening the remark on criterion %s needs a reason (visible text)"},
	"error.thread.unit":             {"Nhận xét do hội đồng hoặc Văn phòng thường trực kết thúc và mở lại, không phải đơn vị", "remarks are resolved and reopened by the council or the secretariat, not by the unit"},
	"error.thread.stage":            {"Kỳ đánh giá %d đang ở giai đoạn %s: hội đồng kết thúc nhận xét ở giai đoạn thẩm định", "period %d is in stage %s: the council resolves remarks in the appraisal stage"},
	"error.remark.length":           {"Nội dung phải có từ %d đến %d ký tự", "the text must have %d to %d characters"},
	"error.count.atleast":           {"ít nhất %d", "at least %d"},

	"error.text.utf8":      {"không phải văn bản UTF-8 hợp lệ", "is not valid UTF-8"},
	"error.text.control":   {"có ký tự điều khiển %s: hãy xoá ký tự này", "holds the control character %s"},
	"error.text.format":    {"có ký tự ẩn %s: hãy xoá ký tự này", "holds the invisible character %s"},
	"error.text.empty":     {"để trống", "is empty"},
	"error.text.invisible": {"không có ký tự nhìn thấy được", "has no visible character (only spaces or invisible characters)"},
	"error.text.toolong":   {"dài hơn %d ký tự", "is longer than %d characters"},
	"error.text.invalid":   {"không hợp lệ", "is not valid"},

	// The score engine: points and frameworks.
	"error.points.places":           {"%s có hơn 3 chữ số thập phân", "%s has more than 3 decimal places"},
	"error.points.range":            {"%s nằm ngoài giới hạn (tối đa %s)", "%s is out of range (at most %s)"},
	"error.points.number":           {"%q không phải là số thập phân", "%q is not a decimal number"},
	"error.framework.invalid":       {"Bộ tiêu chí không hợp lệ", "the framework is not valid"},
	"error.framework.ranking":       {"cách xếp hạng %q không phải là %q hay %q", "ranking %q is neither %q nor %q"},
	"error.framework.empty":         {"bộ tiêu chí cần ít nhất một tiêu chí", "a framework needs at least one criterion"},
	"error.framework.too_many":      {"một bộ tiêu chí có tối đa %d tiêu chí", "a framework has at most %d criteria"},
	"error.framework.code_twice":    {"mã %s được dùng hai lần (%q và %q)", "code %s is used twice (%q and %q)"},
	"error.framework.parent_max":    {"tiêu chí %s ghi điểm tối đa %s, nhưng các tiêu chí thành phần cộng lại là %s: điểm tối đa của tiêu chí cha là tổng của các tiêu chí thành phần (hãy bỏ trống)", "criterion %s gives max_points %s, but its sub-criteria add up to %s: a parent's maximum is the sum of its children (leave it out)"},
	"error.framework.code":          {"mã %q phải gồm chữ hoặc số cách nhau bằng dấu chấm, như 1.2.3", "code %q must be letters or digits separated by dots, like 1.2.3"},
	"error.framework.no_name":       {"tiêu chí %s không có tên", "criterion %s has no name"},
	"error.framework.too_deep":      {"tiêu chí %s lồng sâu hơn %d cấp", "criterion %s is nested deeper than %d levels"},
	"error.framework.parent_source": {"tiêu chí %s có tiêu chí thành phần, nên chỉ các tiêu chí thành phần có nguồn điểm", "criterion %s has sub-criteria, so only they have a source"},
	"error.framework.leaf_max":      {"tiêu chí %s không có tiêu chí thành phần nên cần điểm tối đa", "criterion %s is a leaf and needs max_points"},
	"error.framework.negative_max":  {"tiêu chí %s có điểm tối đa âm %s", "criterion %s has a negative maximum %s"},
	"error.framework.max_over":      {"tiêu chí %s có điểm tối đa lớn hơn %s", "criterion %s has a maximum over %s"},
	"error.framework.source":        {"tiêu chí %s có nguồn điểm %q; nguồn điểm phải là %q hoặc %q", "criterion %s has source %q; it must be %q or %q"},
	"error.band.no_label":           {"một mức xếp loại không có tên", "a band has no label"},
	"error.band.twice":              {"mức xếp loại %q được ghi hai lần", "band %q is given twice"},
	"error.band.same_min":           {"mức xếp loại %q có cùng ngưỡng chỉ số %s với một mức khác", "band %q has the same min_index %s as another band"},
	"error.band.range":              {"mức xếp loại %q có ngưỡng chỉ số %s ngoài khoảng 0..100", "band %q has min_index %s outside 0..100"},

	// Workflow: stages, roles, scores, evidence, remarks.
	"error.what.scores":           {"điểm", "scores"},
	"error.what.evidence":         {"tài liệu kiểm chứng", "evidence"},
	"error.what.remarks":          {"nhận xét", "remarks"},
	"error.period.locked":         {"Kỳ đánh giá %d đang ở giai đoạn %s: không thể thay đổi %s nữa (quản trị viên có thể mở lại kỳ, kèm lý do)", "period %d is in stage %s: %s can no longer change (an admin may reopen it, with a reason)"},
	"error.stage.closed":          {"Giai đoạn %s của kỳ đánh giá %d đã hết hạn lúc %s", "stage %s of period %d closed at %s"},
	"error.unit.not_own":          {"Cán bộ đơn vị chỉ làm việc với đơn vị của mình (%s), không phải %s", "a unit user may only act on its own unit %s, not %s"},
	"error.unit.read_own":         {"Cán bộ đơn vị chỉ xem được đơn vị của mình (%s), không phải %s", "a unit user may only read its own unit %s, not %s"},
	"error.council.not_assigned":  {"Thành viên hội đồng %s được phân công các đơn vị %s, không phải %s", "council member %s is assigned to units %s, not %s"},
	"error.score.survey_points":   {"Đơn vị %s, tiêu chí %s: đây là tiêu chí điều tra xã hội học, điểm và ô không phát sinh do Văn phòng thường trực nhập", "unit %s, criterion %s: criterion %[2]s is a survey criterion: its points and not_applicable are entered by the secretariat"},
	"error.score.survey_self":     {"Đơn vị %s, tiêu chí %s: đây là tiêu chí điều tra xã hội học, đơn vị không tự chấm; điểm lấy từ kết quả điều tra của Văn phòng thường trực", "unit %s, criterion %s: criterion %[2]s is a survey criterion: units do not self-assess it; its points come from the secretariat's survey"},
	"error.score.council_self":    {"Đơn vị %s, tiêu chí %s: điểm tự chấm là của đơn vị; hội đồng nhập điểm thẩm định", "unit %s, criterion %s: self_points are the unit's own; the council enters points"},
	"error.score.unit_points":     {"Đơn vị %s, tiêu chí %s: điểm thẩm định và ô không phát sinh do hội đồng nhập; đơn vị nhập điểm tự chấm và ghi chú", "unit %s, criterion %s: points and not_applicable are set by the council; a unit enters self_points and notes"},
	"error.score.self_over.sheet": {"Đã hết thời gian tự đánh giá: ở giai đoạn %[2]s điểm tự chấm của đơn vị %[1]s không đổi được nữa; hãy trả lời nhận xét của hội đồng bằng giải trình", "self-assessment is over: in stage %[2]s the self points of unit %[1]s are frozen; answer the council's remarks with an explanation"},
	"error.score.stage.sheet":     {"Kỳ đánh giá %[2]d đang ở giai đoạn %[3]s, khi đó vai trò %[4]s không nhập điểm của đơn vị %[1]s", "period %[2]d is in stage %[3]s, where the role %[4]s enters no scores of unit %[1]s"},
	"error.score.self_over":       {"Đơn vị %s, tiêu chí %s: đã hết thời gian tự đánh giá: ở giai đoạn %s điểm tự chấm không đổi được nữa; hãy trả lời nhận xét của hội đồng bằng giải trình", "unit %s, criterion %s: self-assessment is over: in stage %s self points are frozen; answer the council's remarks with an explanation"},
	"error.score.stage":           {"Đơn vị %s, tiêu chí %s: kỳ đánh giá %d đang ở giai đoạn %s, khi đó vai trò %s không nhập điểm", "unit %s, criterion %s: period %d is in stage %s, where the role %s enters no scores"},
	"error.evidence.council":      {"Tài liệu kiểm chứng do đơn vị hoặc Văn phòng thường trực đính kèm, không phải hội đồng", "evidence is attached by the unit or the secretariat, not the council"},
	"error.evidence.stage":        {"Kỳ đánh giá %d đang ở giai đoạn %s: đơn vị đính kèm tài liệu kiểm chứng ở giai đoạn tự đánh giá và thẩm định", "period %d is in stage %s: units attach evidence in the self-assessment and appraisal stages"},
	"error.remark.stage":          {"Kỳ đánh giá %d đang ở giai đoạn %s: nhận xét và giải trình được viết ở giai đoạn thẩm định", "period %d is in stage %s: remarks and explanations are written in the appraisal stage"},
	"error.stage.unknown":         {"Giai đoạn %q không phải là một trong %s", "stage %q is not one of %s"},
	"error.stage.publish_route":   {"Công bố có đường dẫn riêng: POST /api/v1/periods/%d/publish", "publishing has its own route: POST /api/v1/periods/%d/publish"},
	"error.stage.staff":           {"Chỉ quản trị viên hoặc Văn phòng thường trực chuyển giai đoạn của kỳ đánh giá", "only an admin or the secretariat moves a period between stages"},
	"error.stage.force_admin":     {"Chỉ quản trị viên được chuyển giai đoạn bắt buộc", "only an admin may force a stage move"},
	"error.stage.force_reason":    {"Chuyển giai đoạn bắt buộc cần lý do (chữ nhìn thấy được, không chỉ dấu cách hay ký tự ẩn)", "a forced move needs a reason (visible text, not only spaces or invisible characters)"},
	"error.stage.already":         {"Kỳ đánh giá %d đã ở giai đoạn %s", "period %d is already in stage %s"},
	"error.stage.reopen_admin":    {"Chuyển kỳ đánh giá %d từ giai đoạn %s về %s là mở lại kỳ: việc điều chỉnh này do quản trị viên làm", "moving period %d back from %s to %s reopens it: that is an admin's correction"},
	"error.stage.reopen_reason":   {"Mở lại kỳ đánh giá %d (từ giai đoạn %s về %s) cần lý do (chữ nhìn thấy được, không chỉ dấu cách hay ký tự ẩn)", "reopening period %d (from %s back to %s) needs a reason (visible text, not only spaces or invisible characters)"},
	"error.publish.force_admin":   {"Chỉ quản trị viên được công bố bắt buộc", "only an admin may force a publication"},
	"error.publish.force_reason":  {"Công bố bắt buộc cần lý do", "a forced publication needs a reason"},
	"error.deadline.range":        {"Hạn chót %s không hợp lý cho kỳ đánh giá %d: hạn chót phải từ %s đến %s (giờ Việt Nam)", "closes_at %s is not a plausible deadline of period %d: it must lie from %s to %s (Vietnam time)"},
	"error.deadline.within":       {"hạn chót của kỳ đánh giá %d nằm từ %s đến %s (giờ Việt Nam)", "a deadline of period %d lies from %s to %s (Vietnam time)"},
	"error.deadline.stage":        {"Hạn chót chỉ đặt cho đơn vị, ở giai đoạn %s hoặc %s", "closes_at is a deadline for units, in the %s or %s stage"},
	"error.link.long":             {"Đường dẫn tài liệu kiểm chứng dài hơn %d ký tự", "the evidence URL is longer than %d characters"},
	"error.link.absolute":         {"Đường dẫn tài liệu kiểm chứng %q phải là liên kết http hoặc https đầy đủ", "the evidence URL %q must be an absolute http or https link"},
	"error.code.user":             {"Mã người dùng %q phải có 1–64 chữ cái, chữ số, '.', '_' hoặc '-' (không dấu cách, không dấu tiếng Việt)", "user code %q must be 1–64 letters, digits, '.', '_' or '-' (no spaces or diacritics)"},
	"error.role.unknown":          {"Vai trò %q không phải là một trong admin, secretariat, council, unit", "role %q is not one of admin, secretariat, council, unit"},
	"error.user.unit":             {"Người dùng vai trò unit phải ghi đơn vị của mình, và chỉ người dùng đó được ghi", "a user with role unit must name its unit, and only such a user may"},
	"error.password.utf8":         {"Mật khẩu không phải văn bản UTF-8 hợp lệ", "the password is not valid UTF-8"},
	"error.password.blank":        {"Mật khẩu không được chỉ có dấu cách", "the password must not be only spaces"},
	"error.password.long":         {"Mật khẩu có tối đa %d byte", "the password must be at most %d bytes"},
	"error.password.short":        {"Mật khẩu phải có ít nhất %d ký tự (dấu cách ở đầu và cuối không tính)", "the password must have at least %d characters (leading and trailing spaces do not count)"},
	"error.password.username":     {"Mật khẩu không được trùng tên đăng nhập", "the password must not be the username"},
	"error.password.repeated":     {"Mật khẩu không được là một ký tự lặp lại", "the password must not be one character repeated"},
	"error.password.common":       {"Mật khẩu này là một trong những mật khẩu phổ biến nhất, bị thử đầu tiên khi dò mật khẩu: hãy chọn mật khẩu khác", "the password is one of the most common passwords, which are tried first by anyone guessing: choose another"},
	"error.news.invalid":          {"Bản tin không hợp lệ", "the news record is not valid"},
	"error.news.utf8":             {"Trường %s không phải văn bản UTF-8 hợp lệ", "the %s is not valid UTF-8"},
	"error.news.empty":            {"Trường %s để trống", "the %s is empty"},
	"error.news.long":             {"Trường %s dài hơn %d ký tự", "the %s is longer than %d characters"},
	"error.news.chars":            {"Trường %s %v", "the %s %v"},
	"error.news.slug":             {"Đường dẫn rút gọn (slug) %q phải gồm chữ thường a-z, chữ số và từng dấu '-' ở giữa, tối đa %d ký tự (như chi-so-cchc-nam-2016)", "slug %q must be lowercase letters a-z, digits and single '-' between them, at most %d characters (like chi-so-cchc-nam-2016)"},
	"error.news.period":           {"period phải là một năm như 2016, hoặc null", "period must be a year like 2016, or null"},
	"error.news.published_at":     {"published_at phải là một ngày như 2017-06-27 hoặc một thời điểm như 2017-06-27T09:00:00+07:00, hoặc null", "published_at must be a date like 2017-06-27 or a time like 2017-06-27T09:00:00+07:00, or null"},
	"error.news.published_at_bad": {"published_at %q không phải là một ngày như 2017-06-27 hay một thời điểm như 2017-06-27T09:00:00+07:00", "published_at %q is not a date like 2017-06-27 or a time like 2017-06-27T09:00:00+07:00"},
	"error.news.attachments":      {"tối đa %d tệp đính kèm", "at most %d attachments"},
	"error.news.related":          {"tối đa %d bản tin liên quan", "at most %d related news records"},
	"error.news.attachment_title": {"tệp đính kèm cần tiêu đề dài tối đa %d ký tự", "an attachment needs a title of at most %d characters"},
	"error.news.attachment_chars": {"tiêu đề của tệp đính kèm %v", "the attachment's title %v"},
	"error.news.attachment_url":   {"đường dẫn tệp đính kèm %q phải là một đường dẫn trên trang này (/api/v1/public/...) hoặc một địa chỉ http(s)", "attachment URL %q must be a path on this site (/api/v1/public/...) or an http(s) address"},

	// The store: periods, tiers, units, users, scores, evidence, news, results.
	"error.what.framework":       {"bộ tiêu chí", "the framework"},
	"error.what.units":           {"các đơn vị của kỳ", "its units"},
	"error.verb.finalized":       {"chốt kết quả", "finalized"},
	"error.verb.published":       {"công bố", "published"},
	"error.blocked.both":         {"Kỳ đánh giá %d chưa thể %s: %s đơn vị có kết quả chưa đầy đủ và %d đơn vị có kết quả tạm thời (điểm tự chấm chưa được thẩm định) (quản trị viên có thể làm bắt buộc, kèm lý do)", "period %d cannot be %s: %s units have incomplete results and %d units have provisional results (self points not yet appraised) (an admin may force it with a reason)"},
	"error.blocked.incomplete":   {"Kỳ đánh giá %d chưa thể %s: %s đơn vị có kết quả chưa đầy đủ (quản trị viên có thể làm bắt buộc, kèm lý do)", "period %d cannot be %s: %s units have incomplete results (an admin may force it with a reason)"},
	"error.blocked.provisional":  {"Kỳ đánh giá %d chưa thể %s: %d đơn vị có kết quả tạm thời (điểm tự chấm chưa được thẩm định) (quản trị viên có thể làm bắt buộc, kèm lý do)", "period %d cannot be %s: %d units have provisional results (self points not yet appraised) (an admin may force it with a reason)"},
	"error.results.missing":      {"đơn vị %s (%s) chưa có điểm ở các tiêu chí %s", "unit %s (%s) has no points on criteria %s"},
	"error.results.provisional":  {"đơn vị %s (%s) có kết quả tạm thời: một số tiêu chí chỉ tính điểm tự chấm, chưa có điểm thẩm định", "unit %s (%s) is provisional: some criteria count only its self points, with no appraised points yet"},
	"error.publish.nothing":      {"Kỳ đánh giá %d chưa có bộ tiêu chí của khối nào: không có gì để công bố", "period %d has no framework for any tier: there is nothing to publish"},
	"error.publish.already":      {"Kỳ đánh giá %d đã công bố; muốn điều chỉnh phải mở lại kỳ trước", "period %d is already published; a correction needs the period reopened first"},
	"error.published.none":       {"Kết quả năm %d chưa được công bố", "the results of %d are not published"},
	"error.published.no_version": {"Kỳ đánh giá %d không có bản công bố số %d", "period %d has no published version %d"},
	"error.criterion.unknown":    {"không có tiêu chí %q trong bộ tiêu chí năm %d của khối %s", "criterion %q is not in the %d framework of tier %s"},
	"error.evidence.parent":      {"tiêu chí %s có tiêu chí thành phần: hãy đính kèm vào một tiêu chí thành phần", "criterion %s has sub-criteria: attach to one of them"},
	"error.evidence.criterion":   {"Tài liệu kiểm chứng cần ghi tiêu chí mà nó chứng minh", "evidence needs the criterion it supports"},
	"error.evidence.not_found":   {"Đơn vị %s không có tài liệu kiểm chứng số %d trong năm %d", "unit %s has no evidence %d in %d"},
	"error.evidence.quota":       {"Đơn vị %s đang lưu %s tệp kiểm chứng trong năm %d; tệp này (%s) sẽ vượt mức %s mà một đơn vị được lưu mỗi kỳ: hãy xoá các tệp không còn cần", "unit %s keeps %s of evidence files in %d; this file (%s) would take it over the %s a unit may keep per period: remove files it no longer needs"},
	"error.remark.criterion":     {"Nhận xét cần ghi tiêu chí mà nó nói đến", "a remark needs the criterion it is about"},
	"error.framework.drops":      {"đơn vị %s đã có điểm ở tiêu chí %s, tiêu chí mà bộ tiêu chí mới bỏ đi", "unit %s has a score on criterion %s, which the new framework drops"},
	"error.framework.splits":     {"đơn vị %s đã có điểm ở tiêu chí %s, tiêu chí mà bộ tiêu chí mới chia thành các tiêu chí thành phần", "unit %s has a score on criterion %s, which the new framework splits into sub-criteria"},
	"error.framework.overflows":  {"đơn vị %s có %s điểm ở tiêu chí %s, vượt điểm tối đa mới %s", "unit %s has %s points on criterion %s, over its new maximum %s"},
	"error.framework.loses":      {"Bộ tiêu chí mới sẽ làm mất hoặc vượt điểm đã nhập; hãy sửa hoặc xoá các điểm đó trước", "the framework would lose or overflow scores already entered; change or clear those scores first"},
	"error.framework.none":       {"Kỳ đánh giá %d chưa có bộ tiêu chí của khối %s", "period %d has no framework for tier %s"},
	"error.framework.none_unit":  {"kỳ đánh giá %d chưa có bộ tiêu chí của khối %s của đơn vị %s", "period %d has no framework for tier %s of unit %s"},
	"error.news.slug_taken":      {"Đã có bản tin với đường dẫn rút gọn %q", "a news record with slug %q already exists"},
	"error.news.not_found":       {"Không có bản tin %q", "there is no news record %q"},
	"error.news.no_id":           {"Không có bản tin số %d", "there is no news record %d"},
	"error.audit.not_found":      {"Không có mục nhật ký số %d", "there is no audit entry %d"},
	"error.news.self":            {"bản tin không thể liên quan đến chính nó", "a news record cannot be related to itself"},
	"error.news.related_bad":     {"Không liên kết được một số bản tin liên quan", "some related news records cannot be linked"},
	"error.period.exists":        {"Kỳ đánh giá %d đã có", "period %d already exists"},
	"error.period.not_found":     {"Không có kỳ đánh giá %d", "period %d does not exist"},
	"error.period_unit.draft":    {"Kỳ đánh giá %d đang ở giai đoạn %s: kỳ gồm mọi đơn vị đang hoạt động của các khối, và danh sách đơn vị được chốt khi kỳ rời giai đoạn này", "period %d is in %s: it takes every active unit of its tiers, and its units are fixed when it leaves that stage"},
	"error.period_unit.none":     {"Không thêm được đơn vị nào", "no unit was added"},
	"error.period_unit.already":  {"Đơn vị %s đã thuộc kỳ đánh giá %d", "unit %s is already one of the units of period %d"},
	"error.score.revision":       {"Điểm của đơn vị %s đã thay đổi từ khi anh/chị tải về (phiên bản %d, nay là %d): hãy tải lại rồi sửa lại", "the scores of unit %s changed since you read them (revision %d, now %d): reload them and apply your change again"},
	"error.scores.role":          {"Không lưu điểm nào: vai trò của anh/chị không được thực hiện một số thay đổi này", "no score was saved: your role may not make some of these changes"},
	"error.scores.stage":         {"Không lưu điểm nào: kỳ đánh giá %d đang ở giai đoạn %s", "no score was saved: period %d is in stage %s"},
	"error.scores.none":          {"Không lưu điểm nào", "no score was saved"},
	"error.scores.refused":       {"Không lưu điểm nào: %s trên %d điểm bị từ chối", "no score was saved: %s of %d scores are refused"},
	"error.score.no_unit":        {"điểm thứ %d không ghi đơn vị", "score %d names no unit"},
	"error.score.not_member":     {"đơn vị %s không thuộc kỳ đánh giá %d: danh sách đơn vị đã chốt khi kỳ rời giai đoạn %s (Văn phòng thường trực có thể thêm: POST /api/v1/periods/%d/units)", "unit %s is not one of the units of period %d: they were fixed when it left %s (the secretariat may add it: POST /api/v1/periods/%d/units)"},
	"error.score.parent":         {"tiêu chí %s có tiêu chí thành phần: hãy chấm từng tiêu chí thành phần", "criterion %s has sub-criteria: score each of them instead"},
	"error.score.twice":          {"đơn vị %s, tiêu chí %s được ghi hai lần (cả ở điểm thứ %d)", "unit %s, criterion %s is given twice (also as score %d)"},
	"error.score.range":          {"đơn vị %s, tiêu chí %s: %s %s nằm ngoài khoảng 0..%s (điểm tối đa của tiêu chí)", "unit %s, criterion %s: %s %s is outside 0..%s (the criterion's maximum)"},
	"error.score.note_long":      {"đơn vị %s, tiêu chí %s: ghi chú dài hơn %d ký tự", "unit %s, criterion %s: the note is longer than %d characters"},
	"error.session.unknown":      {"Phiên làm việc không tồn tại hoặc đã kết thúc: hãy đăng nhập lại", "the session is unknown or has ended: log in again"},
	"error.session.disabled":     {"Tài khoản của phiên làm việc đã bị khoá: hãy đăng nhập lại", "the session's user is disabled: log in again"},
	"error.token.unknown":        {"Mã truy cập không tồn tại hoặc đã hết hạn: hãy đăng nhập lại", "the token is unknown or has expired: log in again"},
	"error.tier.exists":          {"Khối %s đã có", "tier %s already exists"},
	"error.tier.not_found":       {"Không có khối %q", "tier %q does not exist"},
	"error.unit.exists":          {"Đơn vị %s đã có (hoặc khối %s đã có đơn vị tên %q)", "unit %s already exists (or a unit of tier %s named %q)"},
	"error.unit.name_taken":      {"Một đơn vị khác của khối đã có tên %q", "another unit of the tier is named %q"},
	"error.unit.not_found":       {"Không có đơn vị %q", "unit %q does not exist"},
	"error.unit.deactivated":     {"đơn vị %s đã ngừng hoạt động", "unit %s is deactivated"},
	"error.unit.name":            {"Tên đơn vị %v", "the unit name %v"},
	"error.unit.name_same":       {"đơn vị %s cùng khối đã có tên %q: tên đơn vị là duy nhất trong một khối, không kể chữ hoa chữ thường, cách mã hoá dấu hay dấu cách", "unit %s of the same tier is already named %q: unit names are unique in a tier, whatever their case, accents' Unicode form or spacing"},
	"error.unit.name_is_taken":   {"Tên %q đã được dùng: %v", "the name %q is taken: %v"},
	"error.user.exists":          {"Người dùng %s đã có", "user %s already exists"},
	"error.user.none":            {"Không có người dùng này", "no such user"},
	"error.user.not_found":       {"Không có người dùng %q", "user %q does not exist"},
	"error.user.assign_council":  {"Chỉ thành viên hội đồng được phân công đơn vị; %s là %s", "only council members are assigned units; %s is %s"},

	// Workbooks (internal/xlsx): the Vietnamese texts are those the
	// workbook import has always shown.
	"error.xlsx.at":                  {"Ô %s: %s – trang %s", "Cell %s: %s – sheet %s"},
	"error.xlsx.at_part":             {"Ô %s: %s – %s", "Cell %s: %s – %s"},
	"error.xlsx.at_row":              {"Dòng %d: %s – %s", "Row %d: %s – %s"},
	"error.xlsx.sheet":               {"trang %s", "sheet %s"},
	"error.xlsx.part":                {"thành phần %s", "part %s"},
	"error.xlsx.error":               {"%s", "%s"},
	"error.xlsx.text":                {"%s %v", "the %s %v"},
	"error.xlsx.what.tier":           {"mã khối", "tier code"},
	"error.xlsx.what.unit":           {"mã đơn vị", "unit code"},
	"error.xlsx.what.criterion_code": {"mã tiêu chí", "criterion code"},
	"error.xlsx.what.criterion_name": {"tên tiêu chí", "criterion name"},
	"error.xlsx.what.band":           {"tên xếp loại", "band name"},
	"error.xlsx.what.note":           {"ghi chú", "note"},
	"error.xlsx.text_cells":          {"Không nhập điểm nào: %s ô của tệp có ký tự không hợp lệ; sửa các ô được nêu rồi gửi lại", "No score was imported: %s cells of the file hold characters that are not allowed; correct the cells listed and send the file again"},
	"error.xlsx.cells":               {"Không nhập điểm nào: %s ô của tệp không hợp lệ; sửa các ô được nêu rồi gửi lại", "No score was imported: %s cells of the file are not valid; correct the cells listed and send the file again"},
	"error.xlsx.untyped":             {"Không nhập điểm nào: %s ô của tệp không phải là số hay chữ gõ vào; sửa các ô được nêu rồi gửi lại", "No score was imported: %s cells of the file are not a typed number or text; correct the cells listed and send the file again"},
	"error.xlsx.hint.points":         {"gõ điểm là một số, như 2,5", "type the points as a number, like 2.5"},
	"error.xlsx.hint.na":             {"gõ x hoặc để trống", "type x or leave it empty"},
	"error.xlsx.hint.note":           {"gõ ghi chú là văn bản", "type the note as text"},
	"error.xlsx.type.b":              {"đúng/sai (TRUE/FALSE)", "true/false (TRUE/FALSE)"},
	"error.xlsx.type.e":              {"giá trị lỗi (như #REF!)", "error value (like #REF!)"},
	"error.xlsx.type.d":              {"ngày tháng", "date"},
	"error.xlsx.row_number":          {"dòng mang số %q không hợp lệ", "the row's number %q is not valid"},
	"error.xlsx.row_order":           {"sau dòng %d là một dòng mang số %d: các dòng không theo thứ tự", "row %d is followed by a row numbered %d: the rows are out of order"},
	"error.xlsx.cell_style":          {"ô có định dạng không hợp lệ", "the cell's style is not valid"},
	"error.xlsx.cell_name":           {"ô mang tên %q không hợp lệ", "the cell's name %q is not valid"},
	"error.xlsx.cell_order":          {"ô %s đứng sau ô cột %s cùng dòng: các ô không theo thứ tự", "cell %s comes after the cell of column %s in its row: the cells are out of order"},
	"error.xlsx.cell_type":           {"ô kiểu %s, không phải là số hay chữ gõ vào: %s", "the cell holds a %s, not a typed number or text: %s"},
	"error.xlsx.cell_type_unknown":   {"ô có kiểu dữ liệu %q không đọc được: %s", "the cell has a data type %q that cannot be read: %s"},
	"error.xlsx.formula":             {"ô có công thức (giá trị có thể lấy từ ô hoặc tệp khác); không dùng công thức: %s", "the cell holds a formula (its value may come from another cell or file); do not use formulas: %s"},
	"error.xlsx.unit_twice":          {"đơn vị %s đã có ở trang %s", "unit %s is already on sheet %s"},
	"error.xlsx.unit_unknown":        {"không có đơn vị mã %q trong khối mã %q", "there is no unit with code %q in the tier with code %q"},
	"error.xlsx.year":                {"Mẫu chấm điểm này là của năm %[1]d, không phải năm %[2]d: hãy nhập vào năm %[1]d hoặc tải mẫu của năm %[2]d", "This scoring template is for %[1]d, not %[2]d: import it into %[1]d or download the template of %[2]d"},
	"error.xlsx.no_code":             {"dòng có dữ liệu nhưng không có mã tiêu chí", "the row holds data but no criterion code"},
	"error.xlsx.criterion_unknown":   {"không có tiêu chí %q trong bộ tiêu chí năm %d của khối mã %q", "there is no criterion %q in the %d framework of the tier with code %q"},
	"error.xlsx.parent":              {"tiêu chí %s có tiêu chí thành phần; hãy chấm từng tiêu chí thành phần", "criterion %s has sub-criteria; score each of them instead"},
	"error.xlsx.negative":            {"%s nhỏ hơn 0: điểm không được âm", "%s is below 0: points cannot be negative"},
	"error.xlsx.over_max":            {"%s vượt điểm tối đa %s của tiêu chí %s", "%s is over the maximum %s of criterion %s"},
	"error.xlsx.na_points":           {"tiêu chí %s được đánh dấu không phát sinh nhưng ô %s có điểm: chỉ dùng một trong hai", "criterion %s is marked not applicable but cell %s holds points: use only one of the two"},
	"error.xlsx.na_value":            {"%q không hợp lệ: gõ x nếu tiêu chí không phát sinh, hoặc để trống", "%q is not valid: type x if the criterion is not applicable, or leave it empty"},
	"error.xlsx.note_long":           {"ghi chú dài hơn %s ký tự", "the note is longer than %s characters"},
	"error.xlsx.empty":               {"Tệp không có điểm nào để nhập: các ô nền vàng đều trống", "The file has no scores to import: the yellow cells are all empty"},
	"error.xlsx.decimal_mark":        {"%q không rõ đâu là dấu thập phân: gõ số như 2,5", "%q has no clear decimal mark: type a number like 2.5"},
	"error.xlsx.not_number":          {"%q không phải là số: gõ số như 2,5 hoặc 2.5", "%q is not a number: type a number like 2,5 or 2.5"},
	"error.xlsx.places":              {"%s có quá 3 chữ số thập phân", "%s has more than 3 decimal places"},
	"error.xlsx.too_big":             {"%s quá lớn", "%s is too large"},
	"error.xlsx.template_units":      {"%s có %d đơn vị; một mẫu chấm điểm chứa tối đa %d đơn vị: chọn đơn vị bằng tham số unit", "%s has %d units; a scoring template holds at most %d units: choose units with the unit parameter"},
	"error.xlsx.not_template":        {"Tệp này không phải là mẫu chấm điểm (không có trang %q đầu tiên): hãy tải mẫu từ parindex rồi điền vào đó", "This file is not a scoring template (it has no first sheet %q): download the template from parindex and fill it in"},
	"error.xlsx.no_marker":           {"Tệp này không phải là mẫu chấm điểm của parindex (trang %q không có dòng %q đúng): hãy tải mẫu mới", "This file is not a parindex scoring template (sheet %q has no correct %q row): download a new template"},
	"error.xlsx.no_year":             {"Trang %q không ghi rõ năm đánh giá và mã khối: hãy tải mẫu mới", "Sheet %q does not give the assessment year and the tier code: download a new template"},
	"error.xlsx.source":              {"nguồn điểm %q không rõ: ghi thẩm định hoặc điều tra XHH", "the source of points %q is unclear: write thẩm định (appraisal) or điều tra XHH (survey)"},
	"error.xlsx.parent_order":        {"tiêu chí %s đứng trước (hoặc thiếu) tiêu chí cha %s", "criterion %s comes before (or lacks) its parent criterion %s"},
	"error.xlsx.no_header":           {"Trang %q không có dòng tiêu đề với các cột Mã, Tên tiêu chí, Điểm tối đa", "Sheet %q has no header row with the columns Mã, Tên tiêu chí, Điểm tối đa (code, criterion name, maximum points)"},
	"error.xlsx.band_number":         {"%q không phải là số", "%q is not a number"},
	"error.xlsx.framework_text":      {"Bảng tiêu chí có ô chứa ký tự không hợp lệ: sửa các ô được nêu rồi gửi lại", "The framework workbook has cells holding characters that are not allowed: correct the cells listed and send it again"},
	"error.xlsx.framework":           {"Bảng tiêu chí không hợp lệ: sửa các ô được nêu rồi gửi lại", "The framework workbook is not valid: correct the cells listed and send it again"},
	"error.xlsx.file_size":           {"Tệp %s MB lớn hơn giới hạn %s MB", "The file of %s MB is larger than the limit of %s MB"},
	"error.xlsx.xls":                 {"Tệp là bảng tính Excel cũ (.xls) hoặc đã đặt mật khẩu: hãy lưu lại thành .xlsx, không đặt mật khẩu", "The file is an old Excel workbook (.xls) or has a password: save it again as .xlsx, without a password"},
	"error.xlsx.not_xlsx":            {"Tệp tải lên không phải là bảng tính Excel .xlsx", "The uploaded file is not an Excel .xlsx workbook"},
	"error.xlsx.entries":             {"Tệp có %d thành phần, nhiều hơn giới hạn %d", "The file has %d parts, more than the limit of %d"},
	"error.xlsx.entry_size":          {"Thành phần %s của tệp giải nén ra %s MB, lớn hơn giới hạn %s MB", "Part %s of the file unzips to %s MB, more than the limit of %s MB"},
	"error.xlsx.ratio":               {"Thành phần %s của tệp nén quá %d lần (có thể là tệp độc hại \"zip bomb\")", "Part %s of the file is compressed more than %d times (it may be a malicious \"zip bomb\")"},
	"error.xlsx.unzipped":            {"Tệp giải nén ra hơn %s MB, lớn hơn giới hạn", "The file unzips to more than %s MB, over the limit"},
	"error.xlsx.sheets":              {"Tệp có %d trang tính, nhiều hơn giới hạn %d", "The file has %d sheets, more than the limit of %d"},
	"error.xlsx.corrupt":             {"Không đọc được bảng tính: tệp .xlsx bị hỏng hoặc không đúng định dạng", "The workbook cannot be read: the .xlsx file is damaged or not in the right format"},
	"error.xlsx.sheet_unreadable":    {"Không đọc được trang %q", "Sheet %q cannot be read"},
	"error.xlsx.rows":                {"Trang %q có hơn %d dòng, nhiều hơn giới hạn", "Sheet %q has more than %d rows, over the limit"},
	"error.xlsx.row_unreadable":      {"Không đọc được dòng %d của trang %q", "Row %d of sheet %q cannot be read"},
	"error.xlsx.cells_limit":         {"Tệp có hơn %d ô có dữ liệu, nhiều hơn giới hạn", "The file has more than %d cells with data, over the limit"},
	"error.xlsx.sheet_corrupt":       {"Không đọc được trang %q: tệp bị hỏng hoặc không phải tệp Excel (.xlsx) hợp lệ", "Sheet %q cannot be read: the file is damaged or not a valid Excel (.xlsx) file"},

	// The JSON API (internal/httpapi).
	"error.api.positive":             {"%s=%q không phải là số nguyên dương", "%s=%q is not a positive whole number"},
	"error.api.audit_limit":          {"limit=%d vượt quá cỡ trang tối đa %d", "limit=%d is over the maximum page of %d"},
	"error.api.login_required":       {"Cần có username và password", "username and password are required"},
	"error.api.login_long":           {"Tên đăng nhập có tối đa 64 ký tự và mật khẩu tối đa 72 byte", "the username has at most 64 characters and the password at most 72 bytes"},
	"error.api.login_wrong":          {"Tên đăng nhập hoặc mật khẩu không đúng", "wrong username or password"},
	"error.api.bearer":               {"Đường dẫn này cần tiêu đề Authorization: Bearer <token>; lấy mã truy cập từ POST /api/v1/auth/login", "this route needs an Authorization: Bearer <token> header; get a token from POST /api/v1/auth/login"},
	"error.api.role":                 {"Vai trò %s không được %s %s (được phép: %s)", "role %s may not %s %s (allowed: %s)"},
	"error.api.body_read":            {"Không đọc được nội dung yêu cầu", "the request body could not be read"},
	"error.api.body_empty":           {"Nội dung yêu cầu trống: cần một đối tượng JSON", "the request body is empty: a JSON object is expected"},
	"error.api.body_trailing":        {"Nội dung yêu cầu có dữ liệu sau giá trị JSON", "the request body has data after the JSON value"},
	"error.api.json_syntax":          {"JSON sai cú pháp ở byte %d: %s", "malformed JSON at byte %d: %s"},
	"error.api.json_type":            {"JSON sai: trường %q phải là %s, không phải %s", "malformed JSON: field %q must be %s, not %s"},
	"error.api.json_eof":             {"JSON sai: nội dung kết thúc trước khi giá trị đầy đủ", "malformed JSON: the body ends before the value is complete"},
	"error.api.json_field":           {"Trường không được biết: %s", "unknown field %s"},
	"error.api.json":                 {"JSON sai: %s", "malformed JSON: %s"},
	"error.api.year_param":           {"%s %q không phải là một năm", "%s %q is not a year"},
	"error.api.file_large":           {"Tệp lớn hơn giới hạn %s (%d byte, PARINDEX_EVIDENCE_MAX_BYTES): hãy quét với độ phân giải thấp hơn hoặc tách tài liệu", "the file is larger than the limit of %s (%d bytes, PARINDEX_EVIDENCE_MAX_BYTES): scan at a lower resolution or split the document"},
	"error.api.file_max":             {"tối đa %d byte", "at most %d bytes"},
	"error.api.multipart_boundary":   {"Tệp tải lên không phải multipart/form-data có boundary: %v", "the upload is not multipart/form-data with a boundary: %v"},
	"error.api.one_file":             {"Mỗi lần tải lên một tệp: gửi từng tệp trong một yêu cầu riêng", "one file per upload: send each file in a request of its own"},
	"error.api.form_field":           {"Trường biểu mẫu không được biết %q: gửi criterion, title, reference và file", "unknown form field %q: send criterion, title, reference and file"},
	"error.api.no_file":              {"Không có tệp: gửi tệp trong trường biểu mẫu file", "no file: send it as the form field file"},
	"error.api.file_empty":           {"Tệp trống", "the file is empty"},
	"error.api.empty":                {"trống", "empty"},
	"error.api.quota":                {"Đơn vị %s đang lưu %s tệp kiểm chứng trong năm %d; tệp này (%s trở lên) sẽ vượt mức %s mà một đơn vị được lưu mỗi kỳ: hãy xoá các tệp không còn cần", "unit %s keeps %s of evidence files in %d; this file (%s or more) would take it over the %s a unit may keep per period: remove files it no longer needs"},
	"error.api.multipart_read":       {"Không đọc được tệp tải lên dạng multipart/form-data: %v", "the upload could not be read as multipart/form-data: %v"},
	"error.api.form_long":            {"Trường biểu mẫu %s dài hơn %d byte", "the form field %s is longer than %d bytes"},
	"error.api.form_utf8":            {"Trường biểu mẫu %s không phải văn bản UTF-8 hợp lệ", "the form field %s is not valid UTF-8"},
	"error.api.reference_long":       {"Số, ký hiệu văn bản kiểm chứng dài hơn %d ký tự", "the evidence reference is longer than %d characters"},
	"error.api.evidence_id":          {"Mã tài liệu kiểm chứng %q không phải là số", "evidence id %q is not a number"},
	"error.api.evidence_link":        {"Tài liệu kiểm chứng %d của đơn vị %s là một liên kết, không phải tệp: %s", "evidence %d of unit %s is a link, not a file: %s"},
	"error.api.remark_length":        {"Nhận xét phải có từ 1 đến %d ký tự", "the remark must have 1 to %d characters"},
	"error.sniff.types":              {"Tệp kiểm chứng phải là một trong các loại %s (loại tệp được đọc từ nội dung, không phải từ tên tệp): %v", "evidence files must be one of %s (the type is read from the content, not from the name): %v"},
	"error.sniff.content":            {"nội dung của tệp là %s", "its content is %s"},
	"error.sniff.zip_read":           {"một tệp nén zip không đọc được (%v)", "a zip archive that cannot be read (%v)"},
	"error.sniff.odf_type":           {"một tệp OpenDocument loại %q (chỉ nhận văn bản và bảng tính)", "an OpenDocument file of type %q (only text documents and spreadsheets are accepted)"},
	"error.sniff.zip":                {"một tệp nén zip (không phải tài liệu Office)", "a zip archive (not an Office document)"},
	"error.sniff.content_types":      {"một tài liệu Office có [Content_Types].xml không đọc được", "an Office document whose [Content_Types].xml cannot be read"},
	"error.sniff.zip64":              {"một tệp nén zip64 (tài liệu Office cỡ này là tệp zip thường)", "a zip64 archive (Office documents of this size are plain zips)"},
	"error.sniff.zip_dir":            {"một tệp nén zip có %d thành phần và thư mục %d byte (tối đa %d thành phần, %d byte)", "a zip archive with %d entries and a %d-byte directory (at most %d entries, %d bytes)"},
	"error.sniff.zip_end":            {"một tệp nén zip có thư mục không kết thúc ở chỗ bản ghi cuối bắt đầu", "a zip archive whose directory does not end where its end record starts"},
	"error.sniff.zip_noend":          {"một tệp nén zip thiếu bản ghi cuối", "a zip archive without its end record"},
	"error.sniff.entry_size":         {"một tệp nén có thành phần %s chiếm %d byte", "an archive whose %s takes %d bytes"},
	"error.sniff.entry_err":          {"một tệp nén có thành phần %s không đọc được (%v)", "an archive whose %s cannot be read (%v)"},
	"error.sniff.entry_read":         {"một tệp nén có thành phần %s không đọc được", "an archive whose %s cannot be read"},
	"error.sniff.main_part":          {"một tài liệu Office thiếu phần chính %s", "an Office document whose main part %s is missing"},
	"error.sniff.office_kind":        {"một tài liệu Office không phải văn bản Word cũng không phải bảng tính Excel (hoặc tự nhận là cả hai)", "an Office document that is neither a Word document nor an Excel workbook (or claims to be both)"},
	"error.sniff.macros":             {"một tài liệu Office có macro (hãy lưu lại không có macro, dạng DOCX hoặc XLSX, hoặc PDF)", "an Office document with macros (save it without macros, as DOCX or XLSX, or as PDF)"},
	"error.api.path_param":           {"tham số đường dẫn %s %v", "the path parameter %s %v"},
	"error.api.query_name":           {"tên của tham số truy vấn %q %v", "the name of query parameter %q %v"},
	"error.api.query_param":          {"tham số truy vấn %s %v", "the query parameter %s %v"},
	"error.api.params":               {"Một tham số có ký tự điều khiển hoặc không phải UTF-8 hợp lệ: %v", "a parameter holds a control character or is not valid UTF-8: %v"},
	"error.api.json_text":            {"%s %v", "%s %v"},
	"error.api.json_text_line":       {"%s %v (dấu tab và xuống dòng chỉ dùng cho ghi chú, nội dung, tóm tắt và lý do)", "%s %v (tabs and line breaks are for notes, bodies, summaries and reasons)"},
	"error.api.json_controls":        {"Yêu cầu có văn bản chứa ký tự điều khiển (%s trường): %v", "the request holds text with control characters (%s fields): %v"},
	"error.api.news_title":           {"Bản tin cần có tiêu đề", "a news record needs a title"},
	"error.api.news_id":              {"Mã bản tin %q không phải là số", "news id %q is not a number"},
	"error.api.news_status":          {"Trạng thái %q không phải là draft hay published", "status %q is not draft or published"},
	"error.api.announce":             {"Kỳ đánh giá %d chưa công bố: thông báo được viết từ kết quả đã công bố", "period %d is not published: the announcement is written from the published results"},
	"error.api.page":                 {"%s=%q: cần một số nguyên từ 1 đến %d", "%s=%q: want a whole number from 1 to %d"},
	"error.api.password_required":    {"Cần có current_password và new_password", "current_password and new_password are required"},
	"error.api.password_long":        {"Mật khẩu hiện tại có tối đa %d byte", "the current password has at most %d bytes"},
	"error.api.password_wrong":       {"Mật khẩu hiện tại không đúng: mật khẩu chưa được đổi", "the current password is wrong: the password was not changed"},
	"error.api.password_wrong_field": {"sai mật khẩu", "wrong password"},
	"error.api.nested":               {"%v", "%v"},
	"error.api.password_same":        {"Mật khẩu mới trùng mật khẩu hiện tại", "the new password is the current one"},
	"error.api.password_same_field":  {"trùng mật khẩu hiện tại", "the same as the current password"},
	"error.api.unit_required":        {"Cần có unit: gửi {\"unit\": \"<mã>\", \"reason\": \"...\"}", "unit is required: send {\"unit\": \"<code>\", \"reason\": \"...\"}"},
	"error.api.add_unit_reason":      {"Thêm đơn vị vào kỳ đánh giá %d cần lý do", "adding a unit to period %d needs a reason"},
	"error.api.year":                 {"Năm %d không phải là năm đánh giá hợp lý", "year %d is not a plausible assessment year"},
	"error.api.criterion_name":       {"tiêu chí %s: %v", "criterion %s: %v"},
	"error.api.max_points":           {"tiêu chí %s: max_points %v", "criterion %s: max_points %v"},
	"error.api.min_index":            {"mức xếp loại %q: min_index %v", "band %q: min_index %v"},
	"error.api.no_min_index":         {"mức xếp loại %q không có min_index", "band %q has no min_index"},
	"error.api.lang":                 {"lang %q không phải là vi hay en", "lang %q is not vi or en"},
	"error.api.bool":                 {"%s %q không phải là true hay false", "%s %q is not true or false"},
	"error.api.published_tier":       {"Kết quả đã công bố của năm %d không có khối %q", "the published results of %d have no tier %q"},
	"error.api.published_unit":       {"Đơn vị %s chưa có kết quả công bố", "unit %s has no published results"},
	"error.api.version":              {"version %q không phải là số phiên bản", "version %q is not a version number"},
	"error.api.tier_param":           {"Cần có tham số tier, ví dụ ?tier=department", "the tier parameter is required, for example ?tier=department"},
	"error.api.rate_writes":          {"Người dùng %s thay đổi quá nhiều: tối đa %g lần một giây; hãy thử lại sau %d giây", "too many changes from user %s: at most %g a second; try again in %d s"},
	"error.api.rate_logins":          {"Quá nhiều lần đăng nhập từ %s: tối đa %g lần một giây; hãy thử lại sau %d giây", "too many logins from %s: at most %g a second; try again in %d s"},
	"error.api.no_scores":            {"Không có điểm nào: gửi {\"scores\": [{\"unit\", \"criterion\", ...}]}", "no scores given: send {\"scores\": [{\"unit\", \"criterion\", ...}]}"},
	"error.api.too_many_scores":      {"%d điểm trong một yêu cầu; mỗi yêu cầu gửi tối đa %d điểm", "%d scores in one request; send at most %d per request"},
	"error.api.score_value":          {"đơn vị %s, tiêu chí %s: %s %v", "unit %s, criterion %s: %s %v"},
	"error.api.score_nothing":        {"đơn vị %s, tiêu chí %s: không có gì để lưu (gửi self_points, points, not_applicable hoặc note)", "unit %s, criterion %s: nothing to save (give self_points, points, not_applicable or note)"},
	"error.api.unit_or_tier":         {"Gửi unit hoặc tier, ví dụ ?tier=department", "give unit or tier, for example ?tier=department"},
	"error.code.unit":                {"Mã đơn vị %q phải có 1–64 chữ cái, chữ số, '.', '_' hoặc '-' (không dấu cách, không dấu tiếng Việt)", "unit code %q must be 1–64 letters, digits, '.', '_' or '-' (no spaces or diacritics)"},
	"error.code.tier":                {"Mã khối %q phải có 1–64 chữ cái, chữ số, '.', '_' hoặc '-' (không dấu cách, không dấu tiếng Việt)", "tier code %q must be 1–64 letters, digits, '.', '_' or '-' (no spaces or diacritics)"},
	"error.api.name":                 {"%s %v", "the %s %v"},
	"error.thing.self_points":        {"điểm tự đánh giá", "self_points"},
	"error.thing.points":             {"điểm thẩm định", "points"},
	"error.thing.period_title":       {"Tên kỳ đánh giá", "period title"},
	"error.thing.criterion_name":     {"Tên tiêu chí", "criterion name"},
	"error.thing.band_label":         {"Tên mức xếp loại", "band label"},
	"error.thing.evidence_title":     {"Tên tài liệu kiểm chứng", "evidence title"},
	"error.thing.tier_name":          {"Tên khối", "tier name"},
	"error.api.reason":               {"Lý do %v", "the reason %v"},
	"error.api.reason_invisible":     {"Lý do không có ký tự nhìn thấy được (chỉ có dấu cách hoặc ký tự ẩn): hãy viết lý do, hoặc bỏ trống", "the reason has no visible character (only spaces or invisible characters): write one, or leave it out"},
	"error.api.reason_long":          {"Lý do dài hơn %d ký tự", "the reason is longer than %d characters"},
	"error.login.address":            {"Có quá nhiều lần đăng nhập sai từ địa chỉ %s", "too many failed logins from address %s"},
	"error.login.account":            {"Có quá nhiều lần đăng nhập sai vào tài khoản %s từ địa chỉ này", "too many failed logins for account %s from this address"},
	"error.login.alarm":              {"Tài khoản %s đã bị đăng nhập sai từ %d lần trở lên từ nhiều địa chỉ trong một giờ: mỗi địa chỉ đã đăng nhập sai vào tài khoản này chỉ được thử %d lần một giờ", "account %s has had %d or more failed logins from several addresses within an hour: an address that has failed for it gets %d tries an hour"},
	"error.login.wait":               {"%v: hãy thử lại sau %d phút", "%v: try again in %d minutes"},
	"error.api.tier_required":        {"Cần có tier (ví dụ department hoặc district)", "tier is required (for example department or district)"},
	"error.api.unit_nothing":         {"Không có gì để thay đổi: gửi name, active hoặc cả hai", "nothing to change: give name, active or both"},
	"error.api.inactive":             {"inactive=%q: dùng true hoặc false", "inactive=%q: use true or false"},
	"error.api.upload_multipart":     {"Không đọc được nội dung multipart: %v", "the multipart body cannot be read: %v"},
	"error.api.upload_nofile":        {"Nội dung multipart không có trường \"file\" chứa bảng tính", "the multipart body has no field \"file\" holding the workbook"},
	"error.api.upload_how":           {"Gửi bảng tính trong trường file của multipart/form-data, hoặc làm nội dung với Content-Type %s", "send the workbook as the multipart/form-data field file, or as the body with Content-Type %s"},
	"error.api.upload_large":         {"Bảng tính lớn hơn %d MB", "the workbook is larger than %d MB"},
	"error.api.upload_read":          {"Không đọc được tệp tải lên: %v", "the upload cannot be read: %v"},
	"error.api.user_nothing":         {"Không có gì để thay đổi: gửi active, password hoặc units", "nothing to change: give active, password or units"},
	"error.api.disable_self":         {"Anh/chị không thể khoá tài khoản của chính mình", "you cannot disable your own account"},
	"error.api.assign_many":          {"Một thành viên hội đồng được phân công tối đa %s đơn vị", "at most %s units may be assigned to one council member"},
	"error.api.no_sheet_scores":      {"Không có điểm nào: gửi {\"scores\": [{\"criterion\", \"points\", ...}]}", "no scores given: send {\"scores\": [{\"criterion\", \"points\", ...}]}"},
	"error.api.if_match":             {"If-Match %s không phải là ETag của bảng điểm năm %[3]d của đơn vị %[2]s", "If-Match %s is not an ETag of unit %s's %d score sheet"},
	"error.api.tier_unit":            {"Khối %s không có đơn vị đang hoạt động %q", "tier %s has no active unit %q"},
	"error.api.council_tier":         {"Thành viên hội đồng %s được phân công các đơn vị %s, không đơn vị nào thuộc khối %s", "council member %s is assigned to units %s, none of them in tier %s"},
	"error.xlsx.no_framework":        {"Mẫu chấm điểm là của khối mã %q, nhưng năm %d không có bộ tiêu chí của khối này", "The scoring template is for the tier with code %q, but %d has no framework for that tier"},
	"error.xlsx.located":             {"Ô %s (trang %s): %v", "Cell %s (sheet %s): %v"},

	// HTTP's own refusals (internal/httpapi's error handler).
	"error.http.status":     {"%s", "%s"},
	"error.http.route":      {"Không có đường dẫn này: %s %s", "no such route: %s %s"},
	"error.http.method":     {"Phương thức %s không dùng được với %s", "method %s is not allowed on %s"},
	"error.http.body_limit": {"Nội dung yêu cầu lớn hơn giới hạn %sB", "the request body is larger than the limit of %sB"},
	"error.http.auth":       {"Cần xác thực", "authentication is required"},
	"error.http.internal":   {"Lỗi nội bộ: yêu cầu chưa được thực hiện; lỗi đã được ghi lại", "internal error: the request was not completed; it has been logged"},
	"error.http.range":      {"Khoảng (Range) được yêu cầu không nằm trong tệp (Content-Range cho biết cỡ tệp)", "the Range asked for is not within the file (Content-Range gives its size)"},
	"error.http.if_match":   {"Tệp không phải là tệp mà If-Match nêu (ETag của tệp là mã SHA-256 của nó)", "the file is not the one named by If-Match (its ETag is its SHA-256)"},
}
