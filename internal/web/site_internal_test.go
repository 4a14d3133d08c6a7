package web

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/parindex/parindex/internal/published"
	"github.com/parindex/parindex/internal/results"
)

// TestCorrections: what a version changed in a tier against the one
// before: each unit whose shown index, rank or band moved, or that
// came or went; nothing for a unit that stayed the same.
func TestCorrections(t *testing.T) {
	t.Parallel()
	num := func(s string) *json.Number { n := json.Number(s); return &n }
	rank := func(n int) *int { return &n }
	band := func(s string) *string { return &s }
	snap := func(v int, units ...results.Unit) *published.Snapshot {
		return &published.Snapshot{Pub: &results.Published{Version: v}, Doc: results.Snapshot{Tiers: []results.Tier{{Tier: "department", Units: units}}}}
	}
	v1 := snap(1,
		results.Unit{UnitCode: "a", UnitName: "Sở A", Rank: rank(1), Index: num("86.42"), Band: band("Tốt")},
		results.Unit{UnitCode: "b", UnitName: "Sở B", Rank: rank(2), Index: num("79.99"), Band: band("Khá")},
		results.Unit{UnitCode: "c", UnitName: "Sở C", Rank: rank(3), Index: num("70.00"), Band: band("Khá")},
		results.Unit{UnitCode: "gone", UnitName: "Sở Cũ", Rank: rank(4), Index: num("60.00")})
	v2 := snap(2,
		results.Unit{UnitCode: "b", UnitName: "Sở B", Rank: rank(1), Index: num("88.00"), Band: band("Tốt")},
		results.Unit{UnitCode: "a", UnitName: "Sở A", Rank: rank(2), Index: num("86.42"), Band: band("Tốt")},
		results.Unit{UnitCode: "c", UnitName: "Sở C", Rank: rank(3), Index: num("70.00"), Band: band("Khá")},
		results.Unit{UnitCode: "new", UnitName: "Sở Mới", Rank: rank(4), Index: num("50.00")})
	var got []string
	for _, c := range corrections(v1, v2, "department", "vi") {
		got = append(got, c.Name+": "+c.What)
	}
	want := []string{
		"Sở B: chỉ số 79,99% → 88,00%; hạng 2 → 1; xếp loại Khá → Tốt",
		"Sở A: hạng 1 → 2",
		"Sở Mới: được bổ sung",
		"Sở Cũ: không còn trong bảng",
	}
	if !slices.Equal(got, want) {
		t.Errorf("corrections:\n got %q\nwant %q", got, want)
	}
	if c := corrections(v1, v1, "department", "vi"); len(c) != 0 {
		t.Errorf("a version against itself: %v", c)
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"Sở Tài chính": "so tai chinh", "ĐỒNG THÁP": "dong thap", "Nậm Nhùn": "nam nhun"} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}
