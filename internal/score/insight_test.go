package score

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// NextBand at the band edges: bands follow the shown index (2 places,
// half-up), not the exact one; not applicable leaves leave the maximum.
func TestNextBand(t *testing.T) {
	// 1.1 is worth 100 points (the index is its points) or, with 1.2 not
	// applicable, 97.5 of 100 (Lai Châu's 2016: 2.5 points not applicable).
	two := mustFramework(t, FrameworkInput{Criteria: []Criterion{
		node("1", "Lĩnh vực", leaf("1.1", "Tiêu chí", "97.5"), leaf("1.2", "Không phát sinh", "2.5")),
	}, Bands: provinceBands()})
	one := oneLeaf(t, RankShown, provinceBands()...)
	odd := oneLeaf(t, RankShown, band("Đạt", "69.995"))
	tests := []struct {
		name      string
		f         *Framework
		es        []Entry
		ok        bool
		band      string // the next band
		current   string
		needed    string
		open      string
		reachable bool
	}{
		{"69.994 shows 69.99: one thousandth short of Khá", one, []Entry{pts("69.994")}, true, "Khá", "Trung bình", "0.001", "0", false},
		{"69.995 shows 70.00 and is Khá: next is Tốt", one, []Entry{pts("69.995")}, true, "Tốt", "Khá", "10", "0", false},
		{"79.994 self points: 0.001 to Tốt, 20.006 still open", one, []Entry{self("79.994")}, true, "Tốt", "Khá", "0.001", "20.006", true},
		{"exactly 70: Khá, 9.995 to 79.995", one, []Entry{pts("70")}, true, "Tốt", "Khá", "9.995", "0", false},
		{"below every band: the lowest is next", one, []Entry{pts("10")}, true, "Trung bình", "", "39.995", "0", false},
		{"no points at all: open is the whole maximum", one, []Entry{{}}, true, "Trung bình", "", "49.995", "100", true},
		{"in the top band: nothing above", one, []Entry{pts("89.995")}, false, "", "", "", "", false},
		{"every leaf not applicable: no index", one, []Entry{na()}, false, "", "", "", "", false},
		// 68.245/97.5 = 69.9949 shows 69.99; 68.246/97.5 = 69.9959 shows 70.00.
		{"2.5 not applicable: 68.245 of 97.5 is 0.001 short", two, []Entry{pts("68.245"), na()}, true, "Khá", "Trung bình", "0.001", "0", false},
		{"2.5 not applicable: 68.246 of 97.5 shows 70.00", two, []Entry{pts("68.246"), na()}, true, "Tốt", "Khá", "9.75", "0", false},
		{"the same points with 1.2 applicable and open", two, []Entry{pts("68.246")}, true, "Khá", "Trung bình", "1.749", "2.5", true},
		{"more needed than is open: cannot be reached", two, []Entry{pts("60"), self("0.5")}, true, "Khá", "Trung bình", "9.495", "2", false},
		{"a band minimum with three places: 69.995 is reached at 70.00", odd, []Entry{pts("69.99")}, true, "Đạt", "", "0.005", "0", false},
		{"no bands at all", oneLeaf(t, RankShown), []Entry{pts("50")}, false, "", "", "", "", false},
	}
	for _, tt := range tests {
		r, ok := tt.f.NextBand(UnitScores{Entries: tt.es})
		if ok != tt.ok {
			t.Errorf("%s: ok %v, want %v (%+v)", tt.name, ok, tt.ok, r)
			continue
		}
		if !ok {
			continue
		}
		got := []any{r.Band.Label, r.Current, r.Needed.String(), r.Open.String(), r.Reachable}
		want := []any{tt.band, tt.current, tt.needed, tt.open, tt.reachable}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: (band, current, needed, open, reachable) -want +got:\n%s", tt.name, d)
		}
		// The points needed are exactly enough: with them the shown index
		// reaches the band, with one thousandth less it does not.
		x := tt.f.Evaluate(UnitScores{Entries: tt.es}).Index()
		if at := (Index{Points: x.Points + r.Needed, Max: x.Max}); tt.f.BandFor(at) != r.Band.Label {
			t.Errorf("%s: %s more points give band %q, not %q", tt.name, r.Needed, tt.f.BandFor(at), r.Band.Label)
		}
		if below := (Index{Points: x.Points + r.Needed - 1, Max: x.Max}); tt.f.BandFor(below) == r.Band.Label {
			t.Errorf("%s: %s is more than needed", tt.name, r.Needed)
		}
	}
}

// Losses: the most lost first, framework order on a tie; not applicable
// leaves and leaves at their maximum are left out.
func TestLosses(t *testing.T) {
	f := evalFramework(t) // 1.1.1 (2), 1.1.2 (3), 1.2 (5), 2.1 (4), 2.2 survey (6)
	es := entries(t, f, map[string]Entry{
		"1.1.1": pts("2"),       // full marks: no loss
		"1.1.2": both("3", "1"), // appraised 1 of 3
		"1.2":   self("3"),      // not appraised yet: 2 lost on self points
		"2.1":   na(),
	})
	var got []string
	for _, l := range f.Losses(UnitScores{Entries: es}) {
		s := f.Nodes[l.Node].Code + " " + l.Max.String() + "−" + l.Points.String() + "=" + l.Lost.String()
		switch {
		case l.Appraised:
			s += " appraised"
		case !l.Scored:
			s += " unscored"
		}
		got = append(got, s)
	}
	want := []string{"2.2 6−0=6 unscored", "1.1.2 3−1=2 appraised", "1.2 5−3=2"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("losses -want +got:\n%s", d)
	}
}

func TestSelfGaps(t *testing.T) {
	f := evalFramework(t)
	es := entries(t, f, map[string]Entry{
		"1.1.1": both("2", "0.5"), // ahead by 1.5
		"1.1.2": both("1", "2"),   // behind by 1
		"1.2":   {Self: mustMilli("5"), HasSelf: true, Points: mustMilli("1"), HasPoints: true, NotApplicable: true},
		"2.1":   self("4"), // not appraised: not compared
		"2.2":   pts("6"),  // no self points: not compared
	})
	total, nodes := f.SelfGaps(UnitScores{Entries: es})
	if total.Ahead().String() != "0.5" || total.Leaves != 2 || total.Self.String() != "3" || total.Points.String() != "2.5" {
		t.Errorf("total %+v ahead %s, want 3 − 2.5 = 0.5 over 2 leaves", total, total.Ahead())
	}
	got := map[string]string{}
	for _, code := range []string{"1", "1.1", "1.2", "2"} {
		_, i, _ := f.Lookup(code)
		got[code] = nodes[i].Ahead().String() + "/" + string(rune('0'+nodes[i].Leaves))
	}
	if want := map[string]string{"1": "0.5/2", "1.1": "0.5/2", "1.2": "0/0", "2": "0/0"}; !cmp.Equal(want, got) {
		t.Errorf("gaps by node %v, want %v", got, want)
	}
}
