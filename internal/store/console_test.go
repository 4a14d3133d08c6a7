package store

import (
	"context"
	"slices"
	"testing"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// TestCreatePeriodFrom: the new year has each tier's framework of the
// earlier one and its active units; a failing copy leaves no period.
func TestCreatePeriodFrom(t *testing.T) {
	ctx := WithActor(context.Background(), workflow.Actor{Name: "thuky"})
	s := open(t)
	for _, u := range []workflow.Unit{{Code: "a", Name: "Sở A", Tier: "department"}, {Code: "b", Name: "Sở B", Tier: "department"}, {Code: "h", Name: "Huyện H", Tier: "district"}} {
		if _, err := s.CreateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreatePeriod(ctx, 2016, "2016"); err != nil {
		t.Fatal(err)
	}
	ten := score.Milli(10000)
	in := score.FrameworkInput{Ranking: score.RankExact, Bands: []score.Band{{Label: "Tốt"}},
		Criteria: []score.Criterion{{Code: "1", Name: "Lĩnh vực", Children: []score.Criterion{{Code: "1.1", Name: "Tiêu chí", MaxPoints: &ten, Source: score.Survey}}}}}
	if _, err := s.PutFramework(ctx, 2016, "department", in); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateUnit(ctx, "b", UnitChange{Active: new(false)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreatePeriodFrom(ctx, 2017, "2017", 2015); score.ErrorCode(err) != score.ENOTFOUND {
		t.Errorf("from a year that does not exist: %v", err)
	}
	if _, err := s.Period(ctx, 2017); score.ErrorCode(err) != score.ENOTFOUND {
		t.Errorf("a failed copy left the period: %v", err)
	}
	p, tiers, err := s.CreatePeriodFrom(ctx, 2017, "2017", 2016)
	if err != nil || p.Stage != workflow.Draft || len(tiers) != 1 || tiers[0].Code != "department" {
		t.Fatalf("copy: %+v %v %v", p, tiers, err)
	}
	old, _ := s.Framework(ctx, 2016, "department")
	got, err := s.Framework(ctx, 2017, "department")
	if err != nil || !score.Diff(old, got).Empty() || got.Ranking != score.RankExact {
		t.Errorf("the copied framework: %+v %v", got, err)
	}
	pu, err := s.PeriodUnits(ctx, 2017)
	if err != nil || len(pu.Units) != 1 || pu.Units[0].Code != "a" {
		t.Errorf("2017's units (the active ones of the tiers copied): %+v %v", pu.Units, err)
	}
	if _, _, err := s.CreatePeriodFrom(ctx, 2017, "again", 2016); score.ErrorCode(err) != score.ECONFLICT {
		t.Errorf("the same year twice: %v", err)
	}
}

// TestAssignUnits: all members' units in one transaction: one unknown unit
// changes nobody's.
func TestAssignUnits(t *testing.T) {
	ctx := WithActor(context.Background(), workflow.Actor{Name: "thuky"})
	s := open(t)
	for _, u := range []workflow.Unit{{Code: "a", Name: "Sở A", Tier: "department"}, {Code: "b", Name: "Sở B", Tier: "department"}} {
		if _, err := s.CreateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"hd1", "hd2"} {
		if _, err := s.CreateUser(ctx, workflow.User{Username: n, Role: workflow.RoleCouncil}, "x"); err != nil {
			t.Fatal(err)
		}
	}
	err := s.AssignUnits(ctx, map[string][]string{"hd1": {"a", "b"}, "hd2": {"a", "nosuch"}}, "")
	if score.ErrorCode(err) != score.ENOTFOUND {
		t.Fatalf("an unknown unit: %v", err)
	}
	if u, _ := s.User(ctx, "hd1"); len(u.Units) != 0 {
		t.Errorf("hd1 was changed by a refused save: %v", u.Units)
	}
	if err := s.AssignUnits(ctx, map[string][]string{"hd1": {"a", "b"}, "hd2": nil}, "năm 2017"); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.User(ctx, "hd1"); !slices.Equal(u.Units, []string{"a", "b"}) {
		t.Errorf("hd1: %v", u.Units)
	}
}
