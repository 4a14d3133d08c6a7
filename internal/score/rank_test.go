package score

import (
	"math/big"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// standing is what a ranking test looks at.
type standing struct {
	Rank  int
	Code  string
	Shown string
	Band  string
}

func standings(tr TierResult) []standing {
	var out []standing
	for _, u := range tr.Units {
		s := standing{Rank: u.Rank, Code: u.Code, Band: u.Band, Shown: "-"}
		if u.Index().Defined() {
			s.Shown = u.Index().Shown().StringFixed(2)
		}
		out = append(out, s)
	}
	return out
}

// Rule 6: ranks by index descending; equal shown indices share a rank and
// the next is skipped; within a tie, Vietnamese collation of the name.

func TestRankTies(t *testing.T) {
	tests := []struct {
		name    string
		ranking Ranking
		units   [][3]string // code, name, index
		want    []standing
	}{
		{
			name:    "1, 2, 2, 4",
			ranking: RankShown,
			units: [][3]string{
				{"D", "Sở Y tế", "70"},
				{"B", "Sở Tư pháp", "80.004"},
				{"A", "Thanh tra tỉnh", "91.2"},
				{"C", "Sở Tài chính", "79.996"},
			},
			want: []standing{
				{1, "A", "91.20", "Xuất sắc"},
				{2, "C", "80.00", "Tốt"}, // Tài before Tư, though 79.996 < 80.004
				{2, "B", "80.00", "Tốt"},
				{4, "D", "70.00", "Khá"},
			},
		},
		{
			name:    "exact ranking does not tie 80.004 and 79.996",
			ranking: RankExact,
			units: [][3]string{
				{"D", "Sở Y tế", "70"},
				{"B", "Sở Tư pháp", "80.004"},
				{"A", "Thanh tra tỉnh", "91.2"},
				{"C", "Sở Tài chính", "79.996"},
			},
			want: []standing{
				{1, "A", "91.20", "Xuất sắc"},
				{2, "B", "80.00", "Tốt"},
				{3, "C", "80.00", "Tốt"}, // the band still follows the shown index
				{4, "D", "70.00", "Khá"},
			},
		},
		{
			name:    "exact ranking ties equal exact values",
			ranking: RankExact,
			units: [][3]string{
				{"B", "Sở Tư pháp", "80.004"},
				{"C", "Sở Tài chính", "80.004"},
				{"A", "Thanh tra tỉnh", "80.005"},
			},
			want: []standing{
				{1, "A", "80.01", "Tốt"},
				{2, "C", "80.00", "Tốt"},
				{2, "B", "80.00", "Tốt"},
			},
		},
		{
			name:    "three-way tie, then 5",
			ranking: RankShown,
			units: [][3]string{
				{"E", "Sở Xây dựng", "60"},
				{"A", "Sở Nội vụ", "85.001"},
				{"B", "Sở Công Thương", "84.995"},
				{"C", "Sở Tư pháp", "85.004"},
				{"D", "Ban Dân tộc", "85.004"},
			},
			want: []standing{
				{1, "D", "85.00", "Tốt"},
				{1, "B", "85.00", "Tốt"},
				{1, "A", "85.00", "Tốt"},
				{1, "C", "85.00", "Tốt"},
				{5, "E", "60.00", "Trung bình"},
			},
		},
		{
			name:    "ties at several places",
			ranking: RankShown,
			units: [][3]string{
				{"A", "A", "90"}, {"B", "B", "90"},
				{"C", "C", "80"}, {"D", "D", "80"}, {"E", "E", "80"},
				{"F", "F", "10"},
			},
			want: []standing{
				{1, "A", "90.00", "Xuất sắc"}, {1, "B", "90.00", "Xuất sắc"},
				{3, "C", "80.00", "Tốt"}, {3, "D", "80.00", "Tốt"}, {3, "E", "80.00", "Tốt"},
				{6, "F", "10.00", ""},
			},
		},
		{
			name:    "same name: by code",
			ranking: RankShown,
			units:   [][3]string{{"X2", "Sở Nội vụ", "50"}, {"X1", "Sở Nội vụ", "50"}},
			want:    []standing{{1, "X1", "50.00", "Trung bình"}, {1, "X2", "50.00", "Trung bình"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := oneLeaf(t, tt.ranking, provinceBands()...)
			var us []UnitResult
			for _, u := range tt.units {
				us = append(us, unitAt(t, f, u[0], u[1], u[2]))
			}
			got := standings(f.Rank(us, nil))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ranking (-want +got):\n%s", diff)
			}
			// The input order does not matter.
			for i := 0; i < 5; i++ {
				rand.New(rand.NewPCG(uint64(i), 9)).Shuffle(len(us), func(a, b int) { us[a], us[b] = us[b], us[a] })
				if diff := cmp.Diff(tt.want, standings(f.Rank(us, nil))); diff != "" {
					t.Fatalf("shuffled input, ranking (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// vietnameseAlphabet is the alphabet in its order.
var vietnameseAlphabet = []string{
	"a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l",
	"m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y",
}

// TestVietnameseCollation documents what golang.org/x/text/collate gives
// for Vietnamese, which the tie order relies on.
func TestVietnameseCollation(t *testing.T) {
	col := collate.New(language.Vietnamese)
	for _, letters := range [][]string{vietnameseAlphabet, upper(vietnameseAlphabet)} {
		for i := 1; i < len(letters); i++ {
			if col.CompareString(letters[i-1], letters[i]) >= 0 {
				t.Errorf("%q does not sort before %q", letters[i-1], letters[i])
			}
		}
	}
	// Tones are secondary: ngang, huyền, hỏi, ngã, sắc, nặng.
	tones := []string{"a", "à", "ả", "ã", "á", "ạ"}
	for i := 1; i < len(tones); i++ {
		if col.CompareString(tones[i-1], tones[i]) >= 0 {
			t.Errorf("%q does not sort before %q", tones[i-1], tones[i])
		}
	}
	if col.CompareString("Dân", "Đa") >= 0 || col.CompareString("Đô", "Em") >= 0 {
		t.Error("đ is not a letter between d and e")
	}
	if col.CompareString("Uy", "Ưa") >= 0 || col.CompareString("Ủy", "Ưa") >= 0 {
		t.Error("ư is not a letter after u")
	}
}

func upper(ss []string) []string {
	m := map[string]string{"a": "A", "ă": "Ă", "â": "Â", "b": "B", "c": "C", "d": "D", "đ": "Đ", "e": "E", "ê": "Ê", "g": "G", "h": "H", "i": "I", "k": "K", "l": "L", "m": "M", "n": "N", "o": "O", "ô": "Ô", "ơ": "Ơ", "p": "P", "q": "Q", "r": "R", "s": "S", "t": "T", "u": "U", "ư": "Ư", "v": "V", "x": "X", "y": "Y"}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = m[s]
	}
	return out
}

// TestRankTieOrderIsVietnamese: within a tie, units are in Vietnamese
// alphabetical order, not byte order and not root collation.
func TestRankTieOrderIsVietnamese(t *testing.T) {
	want := []string{
		"Ban Dân tộc",
		"Ban Quản lý các khu kinh tế",
		"Công an tỉnh", // ô before u
		"Cục Thống kê",
		"Dịch vụ hành chính công", // root collation would put Đài before it
		"Đài Phát thanh và Truyền hình",
		"Đoàn Đại biểu Quốc hội",
		"Sở Du lịch",
		"Sở Giao thông vận tải",
		"Sở Tài chính",
		"Sở Tài nguyên và Môi trường",
		"Sở Tuyên truyền", // u before ư
		"Sở Tư pháp",
		"Sở Văn hóa, Thể thao và Du lịch",
		"Sở Y tế",
		"Thanh tra tỉnh",
		"Ủy ban Mặt trận", // Ủ is a U
		"Văn phòng UBND tỉnh",
	}
	f := oneLeaf(t, RankShown, provinceBands()...)
	var us []UnitResult
	perm := rand.New(rand.NewPCG(7, 7)).Perm(len(want))
	for i, p := range perm {
		index := "77.77"
		if i%2 == 1 {
			index = "77.765" // shown 77.77: ties with the others
		}
		us = append(us, unitAt(t, f, "U"+strconv.Itoa(p), want[p], index))
	}
	var got []string
	for _, u := range f.Rank(us, nil).Units {
		if u.Rank != 1 {
			t.Errorf("%s has rank %d, want 1", u.Name, u.Rank)
		}
		got = append(got, u.Name)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tie order (-want +got):\n%s", diff)
	}

	// One unit per letter of the alphabet, capitalised, in a tie.
	us = us[:0]
	letters := upper(vietnameseAlphabet)
	for _, p := range rand.New(rand.NewPCG(8, 8)).Perm(len(letters)) {
		us = append(us, unitAt(t, f, letters[p], letters[p]+" đơn vị", "50"))
	}
	got = got[:0]
	for _, u := range f.Rank(us, nil).Units {
		got = append(got, u.Code)
	}
	if diff := cmp.Diff(letters, got); diff != "" {
		t.Errorf("alphabet order (-want +got):\n%s", diff)
	}
}

// TestRankUndefinedLast: a unit whose every leaf is not applicable has no
// index: rank 0, last, without band, out of the figures.
func TestRankUndefinedLast(t *testing.T) {
	f := oneLeaf(t, RankShown, provinceBands()...)
	us := []UnitResult{
		unitNA(f, "Z", "Ban A"),
		unitAt(t, f, "B", "Sở B", "40"),
		unitNA(f, "Y", "Ban B"),
		unitAt(t, f, "A", "Sở A", "0"),
		unitAt(t, f, "C", "Sở C", "95"),
	}
	tr := f.Rank(us, map[string]Previous{
		"Z": {Rank: 3, Index: Index{Points: 50000, Max: 100000}},
	})
	want := []standing{
		{1, "C", "95.00", "Xuất sắc"},
		{2, "B", "40.00", ""},
		{3, "A", "0.00", ""},
		{0, "Z", "-", ""}, // Ban A before Ban B
		{0, "Y", "-", ""},
	}
	if diff := cmp.Diff(want, standings(tr)); diff != "" {
		t.Errorf("ranking (-want +got):\n%s", diff)
	}
	z := tr.Units[3]
	if z.Previous == nil || z.RankChange != nil || z.IndexChange != nil {
		t.Errorf("unranked unit with a previous: previous %v rank change %v index change %v", z.Previous, z.RankChange, z.IndexChange)
	}
	s := tr.Stats
	if s.Units != 5 || s.Ranked != 3 || s.NoBand != 2 {
		t.Errorf("units %d ranked %d noband %d", s.Units, s.Ranked, s.NoBand)
	}
	if got := fixed2(s.Average); got != "45.00" {
		t.Errorf("average %s, want 45.00 (the unranked left out)", got)
	}
}

// Rule 7: the tier figures.

func TestStats(t *testing.T) {
	f := oneLeaf(t, RankShown, provinceBands()...)
	tests := []struct {
		name                      string
		indices                   []string // "" for an all-N/A unit
		average, min, max, median string   // exact rationals
		above                     int
		bands                     map[string]int
		noBand                    int
	}{
		{
			name:    "odd count",
			indices: []string{"91", "60", "75.5", "82", "49.99"},
			average: "71.698", min: "49.99", max: "91", median: "75.5",
			above: 3, bands: map[string]int{"Xuất sắc": 1, "Tốt": 1, "Khá": 1, "Trung bình": 1}, noBand: 1,
		},
		{
			name:    "even count",
			indices: []string{"91", "60", "75.5", "82", "49.99", ""},
			average: "71.698", min: "49.99", max: "91", median: "75.5",
			above: 3, bands: map[string]int{"Xuất sắc": 1, "Tốt": 1, "Khá": 1, "Trung bình": 1}, noBand: 1,
		},
		{
			name:    "even count of ranked",
			indices: []string{"91", "60", "75.5", "82"},
			average: "77.125", min: "60", max: "91", median: "78.75",
			above: 2, bands: map[string]int{"Xuất sắc": 1, "Tốt": 1, "Khá": 1, "Trung bình": 1},
		},
		{
			// Exact mean 70.0045 shows 70.00; the mean of the shown values
			// (70.01, 70.00) would be 70.005, shown 70.01.
			name:    "mean of exact, not shown, indices",
			indices: []string{"70.005", "70.004"},
			average: "70.0045", min: "70.004", max: "70.005", median: "70.0045",
			above: 1, bands: map[string]int{"Khá": 2},
		},
		{
			// Above the average is judged on shown values: 70.004 and
			// 70.001 both show 70.00 like the average 70.0025.
			name:    "above average on shown values",
			indices: []string{"70.004", "70.001"},
			average: "70.0025", min: "70.001", max: "70.004", median: "70.0025",
			above: 0, bands: map[string]int{"Khá": 2},
		},
		{
			name:    "one unit",
			indices: []string{"66.666"},
			average: "66.666", min: "66.666", max: "66.666", median: "66.666",
			bands: map[string]int{"Trung bình": 1},
		},
		{
			name:    "79.995 counts in Tốt",
			indices: []string{"79.995", "79.994"},
			average: "79.9945", min: "79.994", max: "79.995", median: "79.9945",
			above: 1, bands: map[string]int{"Tốt": 1, "Khá": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var us []UnitResult
			for i, x := range tt.indices {
				code := string(rune('A' + i))
				if x == "" {
					us = append(us, unitNA(f, code, code))
				} else {
					us = append(us, unitAt(t, f, code, code, x))
				}
			}
			s := f.Rank(us, nil).Stats
			for _, c := range []struct {
				what      string
				got, want *big.Rat
			}{
				{"average", s.Average, rat(tt.average)},
				{"min", s.Min, rat(tt.min)},
				{"max", s.Max, rat(tt.max)},
				{"median", s.Median, rat(tt.median)},
			} {
				if !ratEq(c.got, c.want) {
					t.Errorf("%s = %v, want %s", c.what, c.got, c.want.FloatString(4))
				}
			}
			if s.AboveAverage != tt.above {
				t.Errorf("above average %d, want %d", s.AboveAverage, tt.above)
			}
			got := map[string]int{}
			for _, b := range s.Bands {
				if b.Count > 0 {
					got[b.Label] = b.Count
				}
			}
			if diff := cmp.Diff(tt.bands, got); diff != "" {
				t.Errorf("band counts (-want +got):\n%s", diff)
			}
			if s.NoBand != tt.noBand {
				t.Errorf("no band %d, want %d", s.NoBand, tt.noBand)
			}
		})
	}
}

func TestStatsMeanOfShownDiffers(t *testing.T) {
	// The case above, checked from the other side: the engine's average is
	// not the mean of the shown values.
	f := oneLeaf(t, RankShown)
	s := f.Rank([]UnitResult{unitAt(t, f, "A", "A", "70.005"), unitAt(t, f, "B", "B", "70.004")}, nil).Stats
	shownMean := mean([]*big.Rat{Round(rat("70.005"), 2).Rat(), Round(rat("70.004"), 2).Rat()})
	if fixed2(s.Average) != "70.00" || fixed2(shownMean) != "70.01" {
		t.Fatalf("average %s, mean of shown %s", fixed2(s.Average), fixed2(shownMean))
	}
}

func TestStatsCountsAndFields(t *testing.T) {
	f := evalFramework(t) // fields 1 (max 10) and 2 (max 10)
	f.Bands = []Band{band("Tốt", "80")}
	mk := func(code string, e map[string]Entry) UnitResult {
		return f.Evaluate(UnitScores{Code: code, Name: code, Entries: entries(t, f, e)})
	}
	us := []UnitResult{
		mk("A", map[string]Entry{"1.1.1": pts("2"), "1.1.2": pts("3"), "1.2": pts("5"), "2.1": pts("4"), "2.2": pts("6")}),      // 100, 100
		mk("B", map[string]Entry{"1.1.1": pts("1"), "1.1.2": pts("1"), "1.2": pts("1"), "2.1": na(), "2.2": na()}),              // 30, -
		mk("C", map[string]Entry{"1.1.1": self("2"), "1.1.2": pts("2"), "1.2": pts("4.333"), "2.1": pts("1"), "2.2": pts("2")}), // 83.33, 30
		mk("D", map[string]Entry{"1.1.1": pts("1"), "2.1": pts("4"), "2.2": pts("6")}),                                          // 10, 100 (incomplete)
		mk("E", map[string]Entry{"1.1.1": na(), "1.1.2": na(), "1.2": na(), "2.1": na(), "2.2": na()}),                          // undefined
	}
	s := f.Rank(us, nil).Stats
	if s.Units != 5 || s.Ranked != 4 || s.Complete != 4 || s.Provisional != 1 {
		t.Errorf("units %d ranked %d complete %d provisional %d; want 5 4 4 1", s.Units, s.Ranked, s.Complete, s.Provisional)
	}
	want := []FieldAverage{
		// (100 + 30 + 83.33 + 10) / 4 = 223.33/4, exactly
		{Code: "1", Name: "Cải cách thủ tục hành chính", Units: 4, Average: rat("22333/400")},
		{Code: "2", Name: "Chính phủ điện tử", Units: 3, Average: rat("230/3")},
	}
	if diff := cmp.Diff(want, s.Fields, cmp.Comparer(ratEq)); diff != "" {
		t.Errorf("field averages (-want +got):\n%s", diff)
	}
	if fixed2(s.Fields[1].Average) != "76.67" {
		t.Errorf("field 2 average shown %s", fixed2(s.Fields[1].Average))
	}
	// Totals: A 20/20, B 3/10, C 11.333/20, D 11/20: mean of 100, 30, 56.665, 55.
	if !ratEq(s.Average, rat("241665/4000")) {
		t.Errorf("average %s", s.Average.FloatString(5))
	}
}

// TestStatsEmptyTier: no units, no panic, nil figures.
func TestStatsEmptyTier(t *testing.T) {
	f := evalFramework(t)
	f.Bands = []Band{band("Tốt", "80")}
	for _, us := range [][]UnitResult{nil, {}} {
		tr := f.Rank(us, nil)
		s := tr.Stats
		if len(tr.Units) != 0 || s.Units != 0 || s.Ranked != 0 || s.Average != nil || s.Min != nil || s.Max != nil || s.Median != nil || s.AboveAverage != 0 || s.NoBand != 0 {
			t.Errorf("empty tier: %+v", tr)
		}
		if len(s.Bands) != 1 || s.Bands[0].Count != 0 || len(s.Fields) != 2 || s.Fields[0].Average != nil || s.Fields[0].Units != 0 {
			t.Errorf("empty tier bands %+v fields %+v", s.Bands, s.Fields)
		}
	}
}

// Rule 9: against the previous period.
func TestRankChanges(t *testing.T) {
	f := oneLeaf(t, RankShown)
	us := []UnitResult{
		unitAt(t, f, "A", "Sở A", "90"),
		unitAt(t, f, "B", "Sở B", "80.123"),
		unitAt(t, f, "C", "Sở C", "70"),
		unitAt(t, f, "D", "Sở D", "60"),
		unitNA(f, "E", "Sở E"),
	}
	prev := map[string]Previous{
		"A": {Rank: 3, Index: Index{Points: 66666, Max: 97500}},   // rose 2
		"B": {Rank: 1, Index: Index{Points: 85000, Max: 100000}},  // fell 1
		"C": {Rank: 3, Index: Index{Points: 70000, Max: 100000}},  // unchanged
		"E": {Rank: 4, Index: Index{Points: 10000, Max: 100000}},  // unranked now
		"X": {Rank: 2, Index: Index{Points: 100000, Max: 100000}}, // gone
		// D is new
	}
	tr := f.Rank(us, prev)
	byCode := map[string]Ranked{}
	for _, u := range tr.Units {
		byCode[u.Code] = u
	}
	ip := func(i int) *int { return &i }
	tests := []struct {
		code        string
		rankChange  *int
		indexChange *big.Rat
	}{
		{"A", ip(2), new(big.Rat).Sub(rat("90"), rat("6666600/97500"))},
		{"B", ip(-1), rat("-4.877")},
		{"C", ip(0), rat("0")},
		{"D", nil, nil},
		{"E", nil, nil},
	}
	for _, tt := range tests {
		u := byCode[tt.code]
		if !cmp.Equal(tt.rankChange, u.RankChange) {
			t.Errorf("%s: rank change %v, want %v", tt.code, deref(u.RankChange), deref(tt.rankChange))
		}
		if !ratEq(tt.indexChange, u.IndexChange) {
			t.Errorf("%s: index change %v, want %v", tt.code, u.IndexChange, tt.indexChange)
		}
		if _, had := prev[tt.code]; had != (u.Previous != nil) {
			t.Errorf("%s: previous %v", tt.code, u.Previous)
		}
	}
	if got := fixed2(byCode["A"].IndexChange); got != "21.62" { // 90 − 68.3753…
		t.Errorf("A index change shown %s", got)
	}
	// A previous period where the unit was unranked gives no rank change
	// but an index change when both are defined.
	tr = f.Rank(us[:1], map[string]Previous{"A": {Rank: 0, Index: Index{Points: 1, Max: 1000}}})
	if u := tr.Units[0]; u.RankChange != nil || !ratEq(u.IndexChange, rat("89.9")) {
		t.Errorf("previously unranked: %v %v", u.RankChange, u.IndexChange)
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestRankDoesNotAliasStats: figures are fresh values a caller may change.
func TestRankDoesNotAliasStats(t *testing.T) {
	f := oneLeaf(t, RankShown)
	s := f.Rank([]UnitResult{unitAt(t, f, "A", "A", "50")}, nil).Stats
	s.Median.Add(s.Median, big.NewRat(1, 1))
	if s.Min.Cmp(rat("50")) != 0 || s.Max.Cmp(rat("50")) != 0 || s.Average.Cmp(rat("50")) != 0 {
		t.Errorf("changing the median changed min %s max %s average %s", s.Min.RatString(), s.Max.RatString(), s.Average.RatString())
	}
}

// TestStatsMatchesReference: the figures equal a plain computation, every
// index as a fraction, on random tiers with many different maxima.
func TestStatsMatchesReference(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		units := int(seed*7) % 60
		f, us, prev := randomTier(t, seed, units, int(seed*3)%40)
		rs := make([]UnitResult, len(us))
		for i, u := range us {
			rs[i] = f.Evaluate(u)
		}
		tr := f.Rank(rs, prev)
		got := tr.Stats

		var rats []*big.Rat
		for _, u := range tr.Units {
			if x := u.Index(); x.Defined() {
				rats = append(rats, x.Rat())
			}
		}
		sort.Slice(rats, func(i, j int) bool { return rats[i].Cmp(rats[j]) < 0 })
		want := Stats{Units: len(us), Ranked: len(rats), Average: mean(rats)}
		if n := len(rats); n > 0 {
			want.Min, want.Max = rats[0], rats[n-1]
			if n%2 == 1 {
				want.Median = rats[n/2]
			} else {
				want.Median = mean(rats[n/2-1 : n/2+1])
			}
		}
		counts := map[string]int{}
		for _, u := range tr.Units {
			if u.Complete {
				want.Complete++
			}
			if u.Provisional {
				want.Provisional++
			}
			x := u.Index()
			if !x.Defined() {
				continue
			}
			if x.Shown().GreaterThan(Round(want.Average, 2)) {
				want.AboveAverage++
			}
			if b := f.BandFor(x); b == "" {
				want.NoBand++
			} else {
				counts[b]++
			}
		}
		for _, b := range f.Bands {
			want.Bands = append(want.Bands, BandCount{Label: b.Label, MinIndex: b.MinIndex, Count: counts[b.Label]})
		}
		for _, fi := range f.Fields {
			var fr []*big.Rat
			for _, u := range tr.Units {
				if x := u.Nodes[fi].Index(); x.Defined() {
					fr = append(fr, x.Rat())
				}
			}
			want.Fields = append(want.Fields, FieldAverage{Code: f.Nodes[fi].Code, Name: f.Nodes[fi].Name, Units: len(fr), Average: mean(fr)})
		}
		if diff := cmp.Diff(want, got, cmp.Comparer(ratEq), cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
			t.Errorf("seed %d (%d units): stats (-want +got):\n%s", seed, units, diff)
		}
	}
}
