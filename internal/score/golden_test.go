package score

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenDir is testdata/score at the root of the module.
var goldenDir = filepath.Join("..", "..", "testdata", "score")

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *update {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/score/ -run %s -update to write it)", err, t.Name())
	}
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); diff != "" {
		t.Errorf("%s differs (-want +got); if the change is right, rerun with -update:\n%s", path, diff)
	}
}

// tierCase is one tier to evaluate, rank and print.
type tierCase struct {
	title     string
	framework FrameworkInput
	units     [][3]string // code, name, entries (see parseEntries)
	previous  map[string]Previous
}

// parseEntries reads one unit's entries, one token per leaf:
// "2.5" official points, "s2.5" self points only, "2/2.5" self and
// official, "na" not applicable, "-" nothing.
func parseEntries(t *testing.T, s string) []Entry {
	t.Helper()
	var es []Entry
	for _, tok := range strings.Fields(s) {
		switch {
		case tok == "na":
			es = append(es, na())
		case tok == "-":
			es = append(es, Entry{})
		case strings.HasPrefix(tok, "s"):
			es = append(es, Entry{Self: ml(t, tok[1:]), HasSelf: true})
		case strings.Contains(tok, "/"):
			a, b, _ := strings.Cut(tok, "/")
			es = append(es, Entry{Self: ml(t, a), HasSelf: true, Points: ml(t, b), HasPoints: true})
		default:
			es = append(es, Entry{Points: ml(t, tok), HasPoints: true})
		}
	}
	return es
}

func entryToken(e Entry) string {
	switch {
	case e.NotApplicable:
		return "na"
	case e.HasSelf && e.HasPoints:
		return e.Self.String() + "/" + e.Points.String()
	case e.HasSelf:
		return "s" + e.Self.String()
	case e.HasPoints:
		return e.Points.String()
	}
	return "-"
}

func shownIndex(x Index) string {
	if !x.Defined() {
		return "-"
	}
	return x.Shown().StringFixed(2)
}

func exact(r *big.Rat) string {
	if r == nil {
		return "-"
	}
	return r.RatString()
}

func signed(r *big.Rat) string {
	if r == nil {
		return "-"
	}
	s := fixed2(r)
	if r.Sign() > 0 {
		s = "+" + s
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// writeTier evaluates and ranks c and prints every figure as a readable
// TSV: the inputs first (framework, bands, entries, previous period), so
// that the outputs below them can be checked by hand.
func writeTier(t *testing.T, w io.Writer, c tierCase) {
	t.Helper()
	p := func(cells ...any) {
		for i, c := range cells {
			if i > 0 {
				fmt.Fprint(w, "\t")
			}
			fmt.Fprint(w, c)
		}
		fmt.Fprintln(w)
	}
	f := mustFramework(t, c.framework)
	p("## " + c.title)
	p()
	p("# framework", "total "+f.Total().String(), "ranking "+string(f.Ranking))
	p("code", "max", "source", "name")
	for _, n := range f.Nodes {
		src := ""
		if n.Leaf {
			src = string(n.Source)
		}
		p(strings.Repeat("  ", n.Depth)+n.Code, n.Max, src, n.Name)
	}
	p()
	p("# bands")
	p("label", "min_index")
	for _, b := range f.Bands {
		p(b.Label, b.MinIndex)
	}
	p()
	p("# entries: self/official, s = self only, na = not applicable, - = nothing")
	head := []any{"unit"}
	for _, li := range f.Leaves {
		head = append(head, f.Nodes[li].Code)
	}
	p(head...)
	var results []UnitResult
	for _, u := range c.units {
		es := parseEntries(t, u[2])
		if len(es) != len(f.Leaves) {
			t.Fatalf("%s: %d entries for %d leaves", u[0], len(es), len(f.Leaves))
		}
		row := []any{u[0]}
		for _, e := range es {
			row = append(row, entryToken(e))
		}
		p(row...)
		results = append(results, f.Evaluate(UnitScores{Code: u[0], Name: u[1], Entries: es}))
	}
	p()
	p("# previous period")
	p("unit", "rank", "points", "max", "index")
	for _, u := range c.units {
		if pr, ok := c.previous[u[0]]; ok {
			p(u[0], pr.Rank, pr.Index.Points, pr.Index.Max, shownIndex(pr.Index))
		}
	}
	tr := f.Rank(results, c.previous)
	p()
	p("# ranking")
	p("rank", "code", "name", "points", "max", "index", "band", "complete", "provisional", "rank_change", "index_change", "self_points", "missing")
	for _, u := range tr.Units {
		rank, rc := "-", "-"
		if u.Rank > 0 {
			rank = fmt.Sprint(u.Rank)
		}
		if u.RankChange != nil {
			rc = fmt.Sprintf("%+d", *u.RankChange)
			if *u.RankChange == 0 {
				rc = "0"
			}
		}
		missing := strings.Join(u.Missing, ",")
		if missing == "" {
			missing = "-"
		}
		band := u.Band
		if band == "" {
			band = "-"
		}
		p(rank, u.Code, u.Name, u.Total.Points, u.Total.Max, shownIndex(u.Index()), band, yesNo(u.Complete), yesNo(u.Provisional), rc, signed(u.IndexChange), u.Total.Self, missing)
	}
	p()
	p("# field indices (points/max of the field)")
	head = []any{"code"}
	for _, fi := range f.Fields {
		head = append(head, f.Nodes[fi].Code)
	}
	p(head...)
	for _, u := range tr.Units {
		row := []any{u.Code}
		for _, fi := range f.Fields {
			s := u.Nodes[fi]
			row = append(row, fmt.Sprintf("%s (%s/%s)", shownIndex(s.Index()), s.Points, s.Max))
		}
		p(row...)
	}
	s := tr.Stats
	p()
	p("# stats", "shown", "exact")
	p("units", s.Units)
	p("ranked", s.Ranked)
	p("complete", s.Complete)
	p("provisional", s.Provisional)
	p("average", fixed2(s.Average), exact(s.Average))
	p("min", fixed2(s.Min), exact(s.Min))
	p("max", fixed2(s.Max), exact(s.Max))
	p("median", fixed2(s.Median), exact(s.Median))
	p("above_average", s.AboveAverage)
	p()
	p("# band counts")
	p("label", "min_index", "count")
	for _, b := range s.Bands {
		p(b.Label, b.MinIndex, b.Count)
	}
	p("(no band)", "-", s.NoBand)
	p()
	p("# field averages")
	p("code", "units", "average", "exact", "name")
	for _, fa := range s.Fields {
		p(fa.Code, fa.Units, fixed2(fa.Average), exact(fa.Average), fa.Name)
	}
	p()
}

// departmentFramework is a 3-level framework of 8 fields, 28 leaves,
// totalling 100, like a province's department-tier PAR framework.
func departmentFramework() FrameworkInput {
	return FrameworkInput{
		Criteria: []Criterion{
			node("1", "Công tác chỉ đạo, điều hành cải cách hành chính",
				node("1.1", "Kế hoạch cải cách hành chính năm",
					leaf("1.1.1", "Ban hành kế hoạch kịp thời", "1"),
					leaf("1.1.2", "Mức độ thực hiện kế hoạch", "2"),
				),
				leaf("1.2", "Báo cáo cải cách hành chính", "1"),
				node("1.3", "Kiểm tra cải cách hành chính",
					leaf("1.3.1", "Ban hành kế hoạch kiểm tra", "0.5"),
					leaf("1.3.2", "Xử lý vấn đề phát hiện qua kiểm tra", "1.5"),
				),
				leaf("1.4", "Tuyên truyền cải cách hành chính", "2"),
				leaf("1.5", "Sáng kiến trong cải cách hành chính", "2"),
			),
			node("2", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
				leaf("2.1", "Tham mưu ban hành văn bản quy phạm pháp luật", "3"),
				leaf("2.2", "Rà soát, hệ thống hóa văn bản", "2.5"),
				leaf("2.3", "Kiểm tra, xử lý văn bản", "2.5"),
			),
			node("3", "Cải cách thủ tục hành chính",
				leaf("3.1", "Rà soát, đánh giá thủ tục hành chính", "3"),
				leaf("3.2", "Công khai thủ tục hành chính", "3"),
				node("3.3", "Cơ chế một cửa, một cửa liên thông",
					leaf("3.3.1", "Tỷ lệ hồ sơ giải quyết đúng hạn", "4"),
					leaf("3.3.2", "Xin lỗi khi giải quyết trễ hạn", "1"),
				),
				leaf("3.4", "Tiếp nhận, xử lý phản ánh, kiến nghị", "3"),
			),
			node("4", "Cải cách tổ chức bộ máy hành chính nhà nước",
				leaf("4.1", "Sắp xếp tổ chức bộ máy", "4"),
				leaf("4.2", "Quản lý biên chế", "4"),
			),
			node("5", "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
				leaf("5.1", "Vị trí việc làm", "3"),
				leaf("5.2", "Chấp hành kỷ luật, kỷ cương hành chính", "4"),
				leaf("5.3", "Đào tạo, bồi dưỡng", "3"),
			),
			node("6", "Cải cách tài chính công",
				leaf("6.1", "Tự chủ tài chính của đơn vị sự nghiệp công lập", "4"),
				leaf("6.2", "Thực hiện quy định về quản lý tài chính", "4"),
			),
			node("7", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
				node("7.1", "Dịch vụ công trực tuyến",
					leaf("7.1.1", "Tỷ lệ dịch vụ công trực tuyến toàn trình", "3"),
					leaf("7.1.2", "Tỷ lệ hồ sơ nộp trực tuyến", "3"),
				),
				leaf("7.2", "Phần mềm quản lý văn bản và điều hành", "3"),
				leaf("7.3", "Hệ thống quản lý chất lượng ISO", "3"),
			),
			node("8", "Tác động của cải cách hành chính",
				survey("8.1", "Mức độ hài lòng của người dân, tổ chức", "20"),
				survey("8.2", "Đánh giá của cán bộ, công chức", "10"),
			),
		},
		Bands: provinceBands(),
	}
}

func TestGoldenTier(t *testing.T) {
	c := tierCase{
		title:     "department tier, 2016",
		framework: departmentFramework(),
		units: [][3]string{
			// One token per leaf (see parseEntries), by field:
			//                                    1                         | 2         | 3                   | 4       | 5           | 6       | 7               | 8
			{"SNV", "Sở Nội vụ" /*            */, "1 2/1.5 1 0.5 1 2 1        3 2 2       2.5 3 3 1 2           4 3.5     3 3.5 2.5     3.5 3.5   2 2 2.5 2         15.753 8.047"},
			{"TTT", "Thanh tra tỉnh" /*       */, "1 2 1 0.5 1.5 2 1.5        3 2.5 2.5   3 3 4 1 3             4 4       3 4 3         na 4      3 2.5 3 3         15.2 8.6"},
			{"STC", "Sở Tài chính" /*         */, "1 2 1 0.5 1 2 1            3 2.5 2     3 3 4 1 2.5           4 3.5     3 4 2.5       4 4       3 3 3 2.5         15.954 8.95"},
			{"STP", "Sở Tư pháp" /*           */, "1 1.5 1 0.5 1 1.5 0.5      3 2.5 2.5   2.5 2.5 3 0.5 2       3.5 3.5   2.5 4 2       3 3.5     2.5 2 2.5 2       10.734 7.1"},
			{"SKHDT", "Sở Kế hoạch và Đầu tư", "1 1.5 1 0.5 1 1.5 1        2.5 2 2     3 2.5 3.5 1 2.5       3.5 3     2.5 3.5 2.5   3.5 3.5   2.5 2 2.5 2.5     10.25 7.9"},
			{"SGTVT", "Sở Giao thông vận tải", "1 1.5 1 0.5 1 1.5 0        2.5 2 2     2.5 2.5 3 0.5 2       3.5 3     2.5 3.5 2     3 3.5     2 2 2.5 2         8.15 7.25"},
			{"SXD", "Sở Xây dựng" /*          */, "1 s1.5 1 0.5 s1.5 1.5 0.5  2.5 2 2     2.5 2.5 3 1 2         3 3       2.5 3.5 2.5   3 3       2 2 s3 2.5        10 7.6"},
			{"SYT", "Sở Y tế" /*              */, "1 1.5 1 0.5 1 1.5 -        2 1.5 1.5   2 2 2.5 0.5 2         3 3       2 3 2         2.5 3     1.5 1.5 2.5 2     10.7 -"},
			{"SGDDT", "Sở Giáo dục và Đào tạo", "0.5 1 1 0 0.5 1 0         1.5 1.5 1   1.5 2 2 0 1.5         2.5 2.5   2 3 1.5       2.5 2.5   1.5 1 1.5 1       6.05 6.2"},
			{"BDT", "Ban Dân tộc" /*          */, "1 1.5 1 0.5 1 1.5 0.5      2.5 2 2     2.5 2.5 na na 2.5     3.5 3.5   2.5 3.5 2.5   na 3.5    na na 2.5 2       10.378 8.3"},
			{"VPUB", "Văn phòng UBND tỉnh" /**/, "1 2 1 0.5 1.5 2 0.5        3 2.5 2     3 3 3.5 1 2.5         4 3.5     3 4 3         na 4      3 3 3 2           12.86 8.2"},
		},
		previous: map[string]Previous{
			"TTT":   {Rank: 2, Index: Index{Points: 84370, Max: 96000}},
			"STC":   {Rank: 1, Index: Index{Points: 88500, Max: 100000}},
			"SNV":   {Rank: 3, Index: Index{Points: 82010, Max: 100000}},
			"STP":   {Rank: 6, Index: Index{Points: 74125, Max: 100000}},
			"SKHDT": {Rank: 4, Index: Index{Points: 77330, Max: 100000}},
			"SGTVT": {Rank: 8, Index: Index{Points: 70004, Max: 100000}},
			"SXD":   {Rank: 5, Index: Index{Points: 75000, Max: 100000}},
			"SYT":   {Rank: 7, Index: Index{Points: 71995, Max: 100000}},
			"SGDDT": {Rank: 9, Index: Index{Points: 65500, Max: 100000}},
			"BDT":   {Rank: 10, Index: Index{Points: 58250, Max: 89000}},
			// VPUB was not assessed in the previous period.
		},
	}
	var buf bytes.Buffer
	writeTier(t, &buf, c)
	checkGolden(t, "tier.golden", buf.Bytes())
}

func TestGoldenEdgeCases(t *testing.T) {
	small := func(bands []Band, ranking Ranking) FrameworkInput {
		return FrameworkInput{
			Criteria: []Criterion{
				node("1", "Cải cách thể chế",
					leaf("1.1", "Ban hành văn bản", "25"),
					leaf("1.2", "Rà soát văn bản", "15"),
				),
				node("2", "Cải cách tài chính công",
					leaf("2.1", "Tự chủ tài chính", "2.5"),
					survey("2.2", "Mức độ hài lòng", "55"),
				),
			},
			Bands:   bands,
			Ranking: ranking,
		}
	}
	cases := []tierCase{
		{
			title:     "empty tier: no units",
			framework: small(provinceBands(), RankShown),
		},
		{
			title:     "framework total 97.5: Lai Châu's 67.41 points of 97.5 (69.14); a unit with every leaf not applicable; 82.0544 and 82.0451 tie",
			framework: small([]Band{band("Đạt", "50"), band("Tốt", "80")}, RankShown),
			units: [][3]string{
				{"LCU", "Lai Châu", "20.5 11.91 0 35"},
				{"NA", "Trung tâm Hành chính công", "na na na na"},
				{"A", "Ủy ban nhân dân huyện Tam Đường", "25 15 2.5 37.503"},
				{"B", "Ủy ban nhân dân huyện Sìn Hồ", "25 15 2.5 37.494"},
				{"C", "Ủy ban nhân dân huyện Mường Tè", "10 5 na 10"},
			},
			previous: map[string]Previous{
				"NA":  {Rank: 1, Index: Index{Points: 10, Max: 10}},
				"LCU": {Rank: 0, Index: Index{}},
				"A":   {Rank: 3, Index: Index{Points: 79995, Max: 100000}},
			},
		},
		{
			title:     "the same units ranked on exact indices",
			framework: small([]Band{band("Đạt", "50"), band("Tốt", "80")}, RankExact),
			units: [][3]string{
				{"LCU", "Lai Châu", "20.5 11.91 0 35"},
				{"NA", "Trung tâm Hành chính công", "na na na na"},
				{"A", "Ủy ban nhân dân huyện Tam Đường", "25 15 2.5 37.503"},
				{"B", "Ủy ban nhân dân huyện Sìn Hồ", "25 15 2.5 37.494"},
				{"C", "Ủy ban nhân dân huyện Mường Tè", "10 5 na 10"},
			},
		},
		{
			title:     "only units without an index",
			framework: small(provinceBands(), RankShown),
			units: [][3]string{
				{"X", "Ban Quản lý dự án", "na na na na"},
				{"Y", "Ban Dân tộc", "na na na na"},
			},
		},
	}
	var buf bytes.Buffer
	for _, c := range cases {
		writeTier(t, &buf, c)
	}
	checkGolden(t, "tier_edge.golden", buf.Bytes())
}
