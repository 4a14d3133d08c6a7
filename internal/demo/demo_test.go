package demo

import (
	"context"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/store/storetest"
	"github.com/parindex/parindex/internal/workflow"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	return storetest.Open(t)
}

func loaded(t *testing.T) *store.Store {
	t.Helper()
	st := openStore(t)
	ok, err := Load(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Fatal("Load on an empty database returned false")
	}
	return st
}

func compute(t *testing.T, st *store.Store, tier string) results.Tier {
	t.Helper()
	ctx := context.Background()
	p, err := st.Period(ctx, Year)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := st.Tier(ctx, tier)
	if err != nil {
		t.Fatal(err)
	}
	d, err := st.TierResults(ctx, p, tr)
	if err != nil {
		t.Fatal(err)
	}
	return d.Results
}

func TestLoadOnlyOnce(t *testing.T) {
	ctx := context.Background()
	st := loaded(t)
	count := func() (int, int, int) {
		us, err := st.Units(ctx, "", true)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := st.Scores(ctx, Year, "", "")
		if err != nil {
			t.Fatal(err)
		}
		snaps, err := st.Snapshots(ctx, Year)
		if err != nil {
			t.Fatal(err)
		}
		return len(us), len(sc), len(snaps)
	}
	u1, s1, n1 := count()
	if u1 != 28 {
		t.Errorf("units = %d, want 28", u1)
	}
	ok, err := Load(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if ok {
		t.Error("the second Load returned true")
	}
	if u2, s2, n2 := count(); u2 != u1 || s2 != s1 || n2 != n1 {
		t.Errorf("the second Load changed the data: units %d→%d, scores %d→%d, snapshots %d→%d", u1, u2, s1, s2, n1, n2)
	}
	periods, err := st.Periods(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(periods) != 1 || periods[0].Year != Year || periods[0].Title != Title || periods[0].Stage != workflow.Published {
		t.Errorf("periods = %+v, want only %d %q, published", periods, Year, Title)
	}
}

func TestPublishedAverages(t *testing.T) {
	st := loaded(t)
	for _, tc := range []struct {
		tier    string
		average string
		units   int
		sum     string // exact sum of the totals: average × units
		leaders []string
	}{
		{tierDepartment, "74.86", 20, "1497.2", []string{"Thanh tra tỉnh", "Sở Tài chính"}},
		{tierDistrict, "75.76", 8, "606.08", []string{"UBND thành phố Lai Châu"}},
	} {
		t.Run(tc.tier, func(t *testing.T) {
			r := compute(t, st, tc.tier)
			if r.AverageIndex == nil || string(*r.AverageIndex) != tc.average {
				t.Errorf("average_index = %v, want %s", r.AverageIndex, tc.average)
			}
			if string(r.MaxPoints) != "100" {
				t.Errorf("framework total = %s, want 100", r.MaxPoints)
			}
			if len(r.Units) != tc.units {
				t.Fatalf("%d units, want %d", len(r.Units), tc.units)
			}
			// The exact mean, not only its rounding: Σ points = average × n.
			var sum score.Milli
			for _, u := range r.Units {
				p, err := score.ParseMilli(string(u.Points))
				if err != nil {
					t.Fatal(err)
				}
				sum += p
				if !u.Complete || u.Provisional || len(u.Missing) > 0 {
					t.Errorf("%s: complete=%v provisional=%v missing=%v", u.UnitName, u.Complete, u.Provisional, u.Missing)
				}
				if string(u.MaxPoints) != "100" {
					t.Errorf("%s: max_points %s, want 100", u.UnitName, u.MaxPoints)
				}
				if u.Index == nil || u.Rank == nil {
					t.Fatalf("%s is unranked", u.UnitName)
				}
				x, ok := new(big.Rat).SetString(string(*u.Index))
				if !ok || x.Sign() < 0 || x.Cmp(big.NewRat(100, 1)) > 0 {
					t.Errorf("%s: index %s outside 0..100", u.UnitName, *u.Index)
				}
			}
			if want, _ := score.ParseMilli(tc.sum); sum != want {
				t.Errorf("Σ points = %s, want exactly %s", sum, tc.sum)
			}
			exact := new(big.Rat).SetFrac64(int64(sum), int64(len(r.Units))*1000)
			if want, _ := new(big.Rat).SetString(tc.average); exact.Cmp(want) != 0 {
				t.Errorf("exact mean = %s, want exactly %s", exact.FloatString(6), tc.average)
			}
			top := map[string]int{}
			for _, u := range r.Units[:3] {
				top[u.UnitName] = *u.Rank
			}
			for _, name := range tc.leaders {
				if rank, ok := top[name]; !ok || rank > len(tc.leaders) {
					t.Errorf("%s is not in ranks 1..%d: top 3 = %v", name, len(tc.leaders), top)
				}
			}
			if *r.Units[0].Rank != 1 || r.Units[0].UnitName != tc.leaders[0] {
				t.Errorf("rank 1 is %s, want %s", r.Units[0].UnitName, tc.leaders[0])
			}
			// No ties, and a spread over several bands.
			bands := map[string]int{}
			for i, u := range r.Units {
				if *u.Rank != i+1 {
					t.Errorf("%s has rank %d at position %d: a tie", u.UnitName, *u.Rank, i+1)
				}
				if u.Band == nil {
					t.Errorf("%s (%s) has no band", u.UnitName, *u.Index)
					continue
				}
				bands[*u.Band]++
			}
			for _, b := range []string{"Tốt", "Khá", "Trung bình"} {
				if bands[b] < 2 {
					t.Errorf("band %s has %d units, want a few: %v", b, bands[b], bands)
				}
			}
		})
	}
}

func TestLeadingDepartments(t *testing.T) {
	r := compute(t, loaded(t), tierDepartment)
	if r.Units[0].UnitName != "Thanh tra tỉnh" || r.Units[1].UnitName != "Sở Tài chính" {
		t.Errorf("ranks 1 and 2 are %s and %s", r.Units[0].UnitName, r.Units[1].UnitName)
	}
}

func TestSnapshot(t *testing.T) {
	ctx := context.Background()
	st := loaded(t)
	snap, err := st.Snapshot(ctx, Year, 0)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Version != 1 || snap.PublishedBy != "demo" || snap.Reason != Reason || snap.Forced {
		t.Errorf("snapshot = v%d by %q, reason %q, forced %v", snap.Version, snap.PublishedBy, snap.Reason, snap.Forced)
	}
	if want := time.Date(2017, 6, 27, 2, 0, 0, 0, time.UTC); !snap.PublishedAt.Equal(want) {
		t.Errorf("published at %s, want %s", snap.PublishedAt, want)
	}
	doc, _, err := results.Decode(snap)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, ts := range doc.Summary.Tiers {
		if ts.AverageIndex != nil {
			got[ts.Tier] = string(*ts.AverageIndex)
		}
		if ts.Complete != ts.Units {
			t.Errorf("tier %s: %d of %d units complete", ts.Tier, ts.Complete, ts.Units)
		}
	}
	if got[tierDepartment] != "74.86" || got[tierDistrict] != "75.76" {
		t.Errorf("published averages = %v", got)
	}
	var leaders []string
	for _, ts := range doc.Summary.Tiers {
		for _, l := range ts.Leading {
			if l.Rank == 1 || ts.Tier == tierDepartment && l.Rank == 2 {
				leaders = append(leaders, l.UnitName)
			}
		}
	}
	slices.Sort(leaders)
	if want := []string{"Sở Tài chính", "Thanh tra tỉnh", "UBND thành phố Lai Châu"}; !slices.Equal(leaders, want) {
		t.Errorf("leading units = %v, want %v", leaders, want)
	}
}

// Two loads into two databases publish the same bytes.
func TestDeterministic(t *testing.T) {
	ctx := context.Background()
	a, err := loaded(t).Snapshot(ctx, Year, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := loaded(t).Snapshot(ctx, Year, 0)
	if err != nil {
		t.Fatal(err)
	}
	if a.SHA256 != b.SHA256 || string(a.Content) != string(b.Content) {
		t.Errorf("two loads differ: %s vs %s", a.SHA256, b.SHA256)
	}
}

func TestScores(t *testing.T) {
	ctx := context.Background()
	st := loaded(t)
	for _, tier := range []string{tierDepartment, tierDistrict} {
		f, err := st.Framework(ctx, Year, tier)
		if err != nil {
			t.Fatal(err)
		}
		if f.Total() != 100_000 {
			t.Errorf("tier %s: framework total %s, want 100", tier, f.Total())
		}
		scores, err := st.Scores(ctx, Year, tier, "")
		if err != nil {
			t.Fatal(err)
		}
		threeDecimals, selfAbove := 0, 0
		for _, s := range scores {
			n, _, ok := f.Lookup(s.Criterion)
			if !ok || !n.Leaf {
				t.Fatalf("%s: score on %s, not a leaf", s.Unit, s.Criterion)
			}
			if s.Self == nil || s.Points == nil {
				t.Fatalf("%s %s: self %v, points %v", s.Unit, s.Criterion, s.Self, s.Points)
			}
			if *s.Points < 0 || *s.Points > n.Max || *s.Self < *s.Points || *s.Self > n.Max {
				t.Errorf("%s %s: points %s, self %s, max %s", s.Unit, s.Criterion, *s.Points, *s.Self, n.Max)
			}
			if *s.Self > *s.Points {
				selfAbove++
			}
			if *s.Points%10 != 0 {
				threeDecimals++
			}
			if !strings.Contains(s.Note, "minh họa") || !strings.Contains(s.Note, "không phải số liệu công bố chính thức") {
				t.Errorf("%s %s: note %q does not say the score is illustrative", s.Unit, s.Criterion, s.Note)
			}
			if s.NotApplicable {
				t.Errorf("%s %s is not applicable", s.Unit, s.Criterion)
			}
		}
		if threeDecimals == 0 {
			t.Errorf("tier %s: no points with 3 decimals", tier)
		}
		if selfAbove < len(scores)/4 {
			t.Errorf("tier %s: self points above the appraisal on only %d of %d scores", tier, selfAbove, len(scores))
		}
	}
}

func TestFrameworks(t *testing.T) {
	for _, tier := range []string{tierDepartment, tierDistrict} {
		f, err := score.NewFramework(framework(tier))
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Fields) != 8 || f.Total() != 100_000 {
			t.Errorf("tier %s: %d fields, total %s", tier, len(f.Fields), f.Total())
		}
		if n := len(f.Leaves); n < 40 || n > 80 {
			t.Errorf("tier %s: %d leaves", tier, n)
		}
		surveys, deepest := 0, 0
		for _, n := range f.Nodes {
			deepest = max(deepest, n.Depth)
			if n.Leaf && n.Source == score.Survey {
				surveys++
			}
			if !norm.NFC.IsNormalString(n.Name) {
				t.Errorf("criterion %s: name not NFC", n.Code)
			}
			if n.Leaf && n.Max <= 0 {
				t.Errorf("criterion %s: max %s", n.Code, n.Max)
			}
		}
		if surveys < 3 {
			t.Errorf("tier %s: %d survey leaves", tier, surveys)
		}
		if deepest < 3 {
			t.Errorf("tier %s: the tree is only %d levels deep", tier, deepest+1)
		}
		if len(f.Bands) != 4 {
			t.Errorf("tier %s: %d bands", tier, len(f.Bands))
		}
	}
}

func TestUnits(t *testing.T) {
	seen := map[string]bool{}
	var sum = map[string]score.Milli{}
	for _, u := range units {
		if seen[u.Code] {
			t.Errorf("code %s twice", u.Code)
		}
		seen[u.Code] = true
		if !norm.NFC.IsNormalString(u.Name) {
			t.Errorf("%s: name not NFC", u.Code)
		}
		for _, r := range u.Code {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Errorf("%s: code is not lowercase ASCII", u.Code)
				break
			}
		}
		sum[u.Tier] += u.Total
	}
	if sum[tierDepartment] != 1_497_200 || sum[tierDistrict] != 606_080 {
		t.Errorf("totals: %v", sum)
	}
}

// A unit of the demo's tiers that the demo does not know stops the load
// before anything is written.
func TestLoadRefusesForeignUnits(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	if _, err := st.CreateUnit(ctx, workflow.Unit{Code: "so-khac", Name: "Sở Khác", Tier: tierDepartment}); err != nil {
		t.Fatal(err)
	}
	ok, err := Load(ctx, st)
	if err == nil || ok {
		t.Fatalf("Load = %v, %v; want an error", ok, err)
	}
	if ps, _ := st.Periods(ctx); len(ps) != 0 {
		t.Errorf("periods were created: %v", ps)
	}
	if us, _ := st.Units(ctx, "", true); len(us) != 1 {
		t.Errorf("%d units, want the 1 that was there", len(us))
	}
}

func TestNews(t *testing.T) {
	n := News()
	for _, s := range []string{"74,86%", "75,76%", "Thanh tra tỉnh", "Sở Tài chính", "UBND thành phố Lai Châu", "minh họa"} {
		if !strings.Contains(n.Body, s) {
			t.Errorf("the news body lacks %q", s)
		}
	}
	if !norm.NFC.IsNormalString(n.Title + n.Summary + n.Body) {
		t.Error("the news text is not NFC")
	}
}
