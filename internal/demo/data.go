package demo

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/parindex/parindex/internal/score"
)

// Year is the demo period: Lai Châu's assessment of 2016, announced on
// 27/6/2017.
const Year = 2016

// Title is the demo period's title.
const Title = "Chỉ số cải cách hành chính năm 2016"

// Tier codes; both tiers exist from the first migration.
const (
	tierDepartment = "department"
	tierDistrict   = "district"
)

// Note marks every demo score as illustrative: the province published the
// tier averages and the leading units, not the units' points.
const (
	Note       = "Điểm minh họa, không phải số liệu công bố chính thức"
	SurveyNote = "Điểm minh họa (điều tra xã hội học), không phải số liệu công bố chính thức"
)

// Reason is recorded with the demo's publication.
const Reason = "Dữ liệu minh họa: điểm từng đơn vị là giả định; giá trị trung bình của khối sở 74,86% và khối huyện 75,76% theo công bố ngày 27/6/2017"

// demoUnit is a unit of the demo province with its illustrative total
// (points out of the framework's 100, in thousandths).
type demoUnit struct {
	Code  string
	Name  string
	Tier  string
	Total score.Milli
}

// units lists the assessed units in the province's usual order. The totals
// are illustrative; they are chosen so that the exact tier means are the
// published 74.86 (Σ 1497.2 over 20 departments) and 75.76 (Σ 606.08 over
// 8 districts), with Thanh tra tỉnh, Sở Tài chính and UBND thành phố Lai
// Châu leading.
var units = []demoUnit{
	{"van-phong-ubnd", "Văn phòng UBND tỉnh", tierDepartment, 81_300},
	{"thanh-tra", "Thanh tra tỉnh", tierDepartment, 86_420},
	{"so-noi-vu", "Sở Nội vụ", tierDepartment, 82_615},
	{"so-tai-chinh", "Sở Tài chính", tierDepartment, 85_170},
	{"so-ke-hoach-dau-tu", "Sở Kế hoạch và Đầu tư", tierDepartment, 78_940},
	{"so-tu-phap", "Sở Tư pháp", tierDepartment, 80_080},
	{"so-cong-thuong", "Sở Công Thương", tierDepartment, 75_210},
	{"so-nong-nghiep", "Sở Nông nghiệp và Phát triển nông thôn", tierDepartment, 71_360},
	{"so-giao-thong-van-tai", "Sở Giao thông vận tải", tierDepartment, 70_620},
	{"so-xay-dung", "Sở Xây dựng", tierDepartment, 72_940},
	{"so-tai-nguyen-moi-truong", "Sở Tài nguyên và Môi trường", tierDepartment, 76_730},
	{"so-thong-tin-truyen-thong", "Sở Thông tin và Truyền thông", tierDepartment, 77_860},
	{"so-lao-dong-tbxh", "Sở Lao động - Thương binh và Xã hội", tierDepartment, 74_470},
	{"so-van-hoa-the-thao-du-lich", "Sở Văn hóa, Thể thao và Du lịch", tierDepartment, 68_270},
	{"so-khoa-hoc-cong-nghe", "Sở Khoa học và Công nghệ", tierDepartment, 69_840},
	{"so-giao-duc-dao-tao", "Sở Giáo dục và Đào tạo", tierDepartment, 76_050},
	{"so-y-te", "Sở Y tế", tierDepartment, 73_580},
	{"so-ngoai-vu", "Sở Ngoại vụ", tierDepartment, 65_130},
	{"ban-dan-toc", "Ban Dân tộc", tierDepartment, 66_915},
	{"ban-quan-ly-kkt", "Ban Quản lý Khu kinh tế", tierDepartment, 63_700},

	{"ubnd-tp-lai-chau", "UBND thành phố Lai Châu", tierDistrict, 84_730},
	{"ubnd-tam-duong", "UBND huyện Tam Đường", tierDistrict, 80_260},
	{"ubnd-phong-tho", "UBND huyện Phong Thổ", tierDistrict, 74_120},
	{"ubnd-sin-ho", "UBND huyện Sìn Hồ", tierDistrict, 72_035},
	{"ubnd-muong-te", "UBND huyện Mường Tè", tierDistrict, 69_765},
	{"ubnd-than-uyen", "UBND huyện Than Uyên", tierDistrict, 78_450},
	{"ubnd-tan-uyen", "UBND huyện Tân Uyên", tierDistrict, 77_140},
	{"ubnd-nam-nhun", "UBND huyện Nậm Nhùn", tierDistrict, 69_580},
}

// bands are the province's classification, the same for both tiers; a
// unit below 50 is Yếu, which is no band.
func bands() []score.Band {
	return []score.Band{
		{Label: "Xuất sắc", MinIndex: decimal.NewFromInt(90)},
		{Label: "Tốt", MinIndex: decimal.NewFromInt(80)},
		{Label: "Khá", MinIndex: decimal.NewFromInt(70)},
		{Label: "Trung bình", MinIndex: decimal.NewFromInt(50)},
	}
}

func mustMilli(s string) *score.Milli {
	m, err := score.ParseMilli(s)
	if err != nil {
		panic(fmt.Sprintf("demo data: %v", err))
	}
	return &m
}

// leaf is a criterion the appraisal council scores.
func leaf(code, name, max string) score.Criterion {
	return score.Criterion{Code: code, Name: name, MaxPoints: mustMilli(max), Source: score.Appraisal}
}

// survey is a criterion whose points come from the sociological survey.
func survey(code, name, max string) score.Criterion {
	return score.Criterion{Code: code, Name: name, MaxPoints: mustMilli(max), Source: score.Survey}
}

func node(code, name string, children ...score.Criterion) score.Criterion {
	return score.Criterion{Code: code, Name: name, Children: children}
}

// pick returns the department or the district variant of a text.
func pick(district bool, department, districtText string) string {
	if district {
		return districtText
	}
	return department
}

// framework is the demo's criteria tree for a tier: the 8 fields of a
// provincial PAR index, 100 points. Districts have criteria on the commune
// level (cấp xã) that departments do not.
func framework(tier string) score.FrameworkInput {
	d := tier == tierDistrict

	field1 := node("1", "Công tác chỉ đạo, điều hành cải cách hành chính",
		node("1.1", "Kế hoạch cải cách hành chính năm",
			leaf("1.1.1", "Ban hành kế hoạch cải cách hành chính năm kịp thời", "1"),
			leaf("1.1.2", "Mức độ thực hiện kế hoạch cải cách hành chính", "2"),
		),
		leaf("1.2", "Thực hiện chế độ báo cáo cải cách hành chính định kỳ đầy đủ, đúng hạn", "2"),
		node("1.3", "Kiểm tra công tác cải cách hành chính",
			leaf("1.3.1", pick(d, "Ban hành kế hoạch kiểm tra cải cách hành chính đối với các đơn vị trực thuộc",
				"Ban hành kế hoạch kiểm tra cải cách hành chính đối với các phòng chuyên môn và UBND cấp xã"), "0.5"),
			leaf("1.3.2", "Mức độ thực hiện kế hoạch kiểm tra", "1"),
			leaf("1.3.3", "Xử lý các vấn đề phát hiện qua kiểm tra", "0.5"),
		),
		node("1.4", "Công tác tuyên truyền cải cách hành chính",
			leaf("1.4.1", "Ban hành kế hoạch tuyên truyền cải cách hành chính", "0.5"),
			leaf("1.4.2", "Mức độ thực hiện kế hoạch tuyên truyền", "1.5"),
		),
		leaf("1.5", "Sáng kiến, giải pháp mới trong cải cách hành chính", "1.5"),
		leaf("1.6", "Thực hiện các nhiệm vụ cải cách hành chính được UBND tỉnh giao", "1.5"),
	) // 12

	var field2 score.Criterion
	if d {
		field2 = node("2", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
			node("2.1", "Xây dựng và ban hành văn bản quy phạm pháp luật của huyện",
				leaf("2.1.1", "Ban hành kế hoạch xây dựng văn bản quy phạm pháp luật năm", "0.5"),
				leaf("2.1.2", "Thực hiện đúng quy trình xây dựng, ban hành văn bản quy phạm pháp luật", "2"),
			),
			node("2.2", "Tự kiểm tra, rà soát, hệ thống hóa văn bản quy phạm pháp luật",
				leaf("2.2.1", "Ban hành kế hoạch rà soát, hệ thống hóa văn bản quy phạm pháp luật", "0.5"),
				leaf("2.2.2", "Mức độ thực hiện kế hoạch rà soát, hệ thống hóa", "1"),
				leaf("2.2.3", "Xử lý kết quả rà soát", "1"),
			),
			node("2.3", "Tổ chức thực hiện văn bản quy phạm pháp luật",
				leaf("2.3.1", "Mức độ thực hiện kế hoạch phổ biến, giáo dục pháp luật", "1"),
				leaf("2.3.2", "Kiểm tra, theo dõi tình hình thi hành pháp luật", "1"),
				leaf("2.3.3", "Hướng dẫn, kiểm tra việc xây dựng, thực hiện hương ước, quy ước ở cấp xã", "1"),
			),
		) // 8
	} else {
		field2 = node("2", "Cải cách thể chế",
			node("2.1", "Tham mưu xây dựng văn bản quy phạm pháp luật thuộc lĩnh vực quản lý",
				leaf("2.1.1", "Tham mưu xây dựng văn bản quy phạm pháp luật theo chương trình của UBND tỉnh", "2"),
				leaf("2.1.2", "Thực hiện đúng quy trình soạn thảo, lấy ý kiến, thẩm định", "1"),
			),
			node("2.2", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật",
				leaf("2.2.1", "Ban hành kế hoạch rà soát, hệ thống hóa văn bản quy phạm pháp luật", "0.5"),
				leaf("2.2.2", "Mức độ thực hiện kế hoạch rà soát, hệ thống hóa", "1"),
				leaf("2.2.3", "Xử lý hoặc kiến nghị xử lý kết quả rà soát", "0.5"),
			),
			node("2.3", "Tổ chức thực hiện văn bản quy phạm pháp luật",
				leaf("2.3.1", "Ban hành kế hoạch phổ biến, giáo dục pháp luật", "0.5"),
				leaf("2.3.2", "Mức độ thực hiện kế hoạch phổ biến, giáo dục pháp luật", "1"),
				leaf("2.3.3", "Kiểm tra, theo dõi tình hình thi hành pháp luật trong lĩnh vực quản lý", "1.5"),
			),
		) // 8
	}

	field3 := node("3", "Cải cách thủ tục hành chính",
		node("3.1", "Kiểm soát thủ tục hành chính",
			leaf("3.1.1", "Ban hành kế hoạch kiểm soát thủ tục hành chính", "0.5"),
			leaf("3.1.2", "Mức độ thực hiện kế hoạch kiểm soát thủ tục hành chính", "1.5"),
			leaf("3.1.3", "Rà soát, đánh giá, đề xuất đơn giản hóa thủ tục hành chính", "2"),
		),
		node("3.2", "Công khai thủ tục hành chính",
			leaf("3.2.1", pick(d, "Tham mưu công bố thủ tục hành chính thuộc thẩm quyền giải quyết kịp thời",
				"Niêm yết công khai thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả cấp huyện"), "1.5"),
			leaf("3.2.2", "Công khai thủ tục hành chính trên Trang thông tin điện tử", "1.5"),
			leaf("3.2.3", pick(d, "Công khai địa chỉ tiếp nhận phản ánh, kiến nghị về quy định hành chính",
				"Tỷ lệ UBND cấp xã niêm yết công khai thủ tục hành chính đúng quy định"), "1"),
		),
		leaf("3.3", "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính", "2"),
		node("3.4", "Đánh giá của người dân, tổ chức về thủ tục hành chính (điều tra xã hội học)",
			survey("3.4.1", "Tính đầy đủ, dễ hiểu của thông tin thủ tục hành chính được công khai", "2"),
			survey("3.4.2", "Tính đơn giản, dễ thực hiện của thủ tục hành chính", "2"),
		),
	) // 14

	field4 := node("4", "Cải cách tổ chức bộ máy hành chính nhà nước",
		node("4.1", "Thực hiện quy định về chức năng, nhiệm vụ, cơ cấu tổ chức",
			leaf("4.1.1", pick(d, "Tham mưu ban hành quy định chức năng, nhiệm vụ, quyền hạn, cơ cấu tổ chức của cơ quan",
				"Ban hành quy định chức năng, nhiệm vụ, quyền hạn của các phòng chuyên môn"), "1.5"),
			leaf("4.1.2", "Thực hiện quy định về cơ cấu tổ chức, số lượng cấp phó", "1.5"),
		),
		node("4.2", "Quản lý, sử dụng biên chế",
			leaf("4.2.1", "Sử dụng biên chế không vượt số được giao", "1.5"),
			leaf("4.2.2", "Xây dựng và thực hiện đề án vị trí việc làm", "1.5"),
		),
		node("4.3", "Thực hiện phân cấp quản lý",
			leaf("4.3.1", "Thực hiện các nhiệm vụ được phân cấp", "1.5"),
			leaf("4.3.2", pick(d, "Kiểm tra, đánh giá việc thực hiện nhiệm vụ được phân cấp",
				"Hướng dẫn, kiểm tra UBND cấp xã thực hiện nhiệm vụ được phân cấp"), "1.5"),
		),
	) // 9

	field5 := node("5", "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
		leaf("5.1", "Bố trí công chức theo vị trí việc làm được phê duyệt", "2"),
		node("5.2", "Tuyển dụng, sử dụng và quản lý công chức, viên chức",
			leaf("5.2.1", "Thực hiện đúng quy định về tuyển dụng công chức, viên chức", "1.5"),
			leaf("5.2.2", "Bổ nhiệm, bổ nhiệm lại lãnh đạo đúng quy định", "1.5"),
		),
		leaf("5.3", "Đánh giá, phân loại cán bộ, công chức, viên chức", "2"),
		node("5.4", "Đào tạo, bồi dưỡng",
			leaf("5.4.1", "Ban hành kế hoạch đào tạo, bồi dưỡng năm", "0.5"),
			leaf("5.4.2", "Mức độ thực hiện kế hoạch đào tạo, bồi dưỡng", "1.5"),
			leaf("5.4.3", pick(d, "Tỷ lệ công chức được bồi dưỡng kỹ năng, nghiệp vụ theo vị trí việc làm",
				"Tỷ lệ cán bộ, công chức cấp xã đạt chuẩn theo quy định"), "1"),
		),
		node("5.5", "Chấp hành kỷ luật, kỷ cương hành chính",
			leaf("5.5.1", "Thực hiện quy tắc ứng xử, văn hóa công sở", "1"),
			leaf("5.5.2", "Không có cán bộ, công chức, viên chức bị xử lý kỷ luật", "1"),
			survey("5.5.3", "Mức độ hài lòng của người dân về thái độ phục vụ của công chức (điều tra xã hội học)", "1"),
		),
	) // 13

	field6 := node("6", "Đổi mới cơ chế quản lý tài chính đối với cơ quan hành chính, đơn vị sự nghiệp công lập",
		node("6.1", "Thực hiện cơ chế tự chủ, tự chịu trách nhiệm về biên chế và kinh phí quản lý hành chính",
			leaf("6.1.1", "Ban hành quy chế chi tiêu nội bộ", "1"),
			leaf("6.1.2", "Ban hành quy chế quản lý, sử dụng tài sản công", "1"),
			leaf("6.1.3", "Tiết kiệm kinh phí, tăng thu nhập cho cán bộ, công chức", "1"),
		),
		node("6.2", "Thực hiện cơ chế tự chủ tại đơn vị sự nghiệp công lập",
			leaf("6.2.1", pick(d, "Giao quyền tự chủ cho các đơn vị sự nghiệp trực thuộc",
				"Giao quyền tự chủ cho các đơn vị sự nghiệp công lập thuộc huyện"), "1.5"),
			leaf("6.2.2", "Kiểm tra việc thực hiện quyền tự chủ ở đơn vị sự nghiệp", "1.5"),
		),
		node("6.3", "Công khai, kiểm tra tài chính",
			leaf("6.3.1", "Công khai dự toán, quyết toán ngân sách theo quy định", "1.5"),
			leaf("6.3.2", pick(d, "Thực hiện kết luận thanh tra, kiểm toán về tài chính",
				"Hướng dẫn, kiểm tra công tác tài chính - ngân sách cấp xã"), "1.5"),
		),
	) // 9

	field7 := node("7", "Hiện đại hóa hành chính",
		node("7.1", "Ứng dụng công nghệ thông tin",
			leaf("7.1.1", "Ban hành kế hoạch ứng dụng công nghệ thông tin năm", "0.5"),
			leaf("7.1.2", "Mức độ thực hiện kế hoạch ứng dụng công nghệ thông tin", "1"),
			leaf("7.1.3", pick(d, "Sử dụng phần mềm quản lý văn bản và điều hành",
				"Sử dụng phần mềm quản lý văn bản và điều hành ở cấp huyện và cấp xã"), "1.5"),
			leaf("7.1.4", "Sử dụng thư điện tử công vụ trong trao đổi văn bản", "1"),
			node("7.1.5", "Cung cấp dịch vụ công trực tuyến",
				leaf("7.1.5.1", "Tỷ lệ thủ tục hành chính cung cấp trực tuyến mức độ 3, 4", "1.5"),
				leaf("7.1.5.2", "Tỷ lệ hồ sơ được tiếp nhận, xử lý trực tuyến mức độ 3, 4", "1.5"),
			),
		),
		node("7.2", pick(d, "Trang thông tin điện tử của cơ quan", "Trang thông tin điện tử của huyện"),
			leaf("7.2.1", "Cập nhật thông tin thường xuyên", "1"),
			leaf("7.2.2", "Đầy đủ thông tin theo quy định", "1"),
		),
		node("7.3", "Áp dụng hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2008",
			leaf("7.3.1", "Tỷ lệ thủ tục hành chính được áp dụng ISO", "1.5"),
			leaf("7.3.2", "Duy trì, cải tiến hệ thống quản lý chất lượng", "1.5"),
		),
		survey("7.4", "Mức độ hài lòng về ứng dụng công nghệ thông tin trong giải quyết thủ tục hành chính (điều tra xã hội học)", "2"),
	) // 14

	satisfaction := func(code string) score.Criterion {
		return node(code, "Sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính (điều tra xã hội học)",
			survey(code+".1", "Tiếp cận dịch vụ", "2"),
			survey(code+".2", "Thủ tục hành chính", "2"),
			survey(code+".3", "Sự phục vụ của công chức", "2"),
			survey(code+".4", "Kết quả giải quyết công việc", "2"),
			survey(code+".5", "Tiếp nhận và xử lý góp ý, phản ánh, kiến nghị", "2"),
		)
	}
	var field8 score.Criterion
	if d {
		field8 = node("8", "Thực hiện cơ chế một cửa, một cửa liên thông",
			node("8.1", "Triển khai cơ chế một cửa, một cửa liên thông ở cấp huyện",
				leaf("8.1.1", "Số thủ tục hành chính giải quyết theo cơ chế một cửa, một cửa liên thông", "1.5"),
				leaf("8.1.2", "Cơ sở vật chất, trang thiết bị của Bộ phận tiếp nhận và trả kết quả", "1.25"),
				leaf("8.1.3", "Bố trí công chức làm việc tại Bộ phận tiếp nhận và trả kết quả", "1.25"),
			),
			node("8.2", "Kết quả giải quyết thủ tục hành chính",
				leaf("8.2.1", "Tỷ lệ hồ sơ giải quyết đúng hạn", "2.5"),
				leaf("8.2.2", "Xin lỗi tổ chức, cá nhân khi giải quyết hồ sơ quá hạn", "1"),
				leaf("8.2.3", "Tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích", "1.5"),
			),
			node("8.3", "Thực hiện cơ chế một cửa ở cấp xã",
				leaf("8.3.1", "Tỷ lệ UBND cấp xã thực hiện cơ chế một cửa đúng quy định", "1"),
				leaf("8.3.2", "Tỷ lệ hồ sơ giải quyết đúng hạn ở cấp xã", "1"),
			),
			satisfaction("8.4"),
		) // 21
	} else {
		field8 = node("8", "Thực hiện cơ chế một cửa, một cửa liên thông",
			node("8.1", "Triển khai cơ chế một cửa, một cửa liên thông",
				leaf("8.1.1", "Số thủ tục hành chính giải quyết theo cơ chế một cửa, một cửa liên thông", "2"),
				leaf("8.1.2", "Cơ sở vật chất, trang thiết bị của Bộ phận tiếp nhận và trả kết quả", "1.5"),
				leaf("8.1.3", "Bố trí công chức làm việc tại Bộ phận tiếp nhận và trả kết quả", "1.5"),
			),
			node("8.2", "Kết quả giải quyết thủ tục hành chính",
				leaf("8.2.1", "Tỷ lệ hồ sơ giải quyết đúng hạn", "3"),
				leaf("8.2.2", "Xin lỗi tổ chức, cá nhân khi giải quyết hồ sơ quá hạn", "1"),
				leaf("8.2.3", "Tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích", "2"),
			),
			satisfaction("8.3"),
		) // 21
	}

	return score.FrameworkInput{
		Criteria: []score.Criterion{field1, field2, field3, field4, field5, field6, field7, field8},
		Bands:    bands(),
		Ranking:  score.RankShown,
	}
}
