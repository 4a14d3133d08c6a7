package demo

import (
	"context"
	"slices"
	"testing"

	"github.com/parindex/parindex/internal/password"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// cheapHash stands in for bcrypt in the tests: the demo stores what it
// is given.
func cheapHash(p string) (string, error) { return "hash:" + p, nil }

func workspace(t *testing.T) *store.Store {
	t.Helper()
	st := openStore(t)
	ok, err := LoadWorkspace(context.Background(), st, cheapHash)
	if err != nil || !ok {
		t.Fatalf("LoadWorkspace = %v, %v", ok, err)
	}
	return st
}

// TestWorkspaceYear: 2017 is in appraisal beside the published 2016,
// every unit has self points on every leaf it assesses, about half are
// appraised, the survey is entered; 2016's figures are untouched.
func TestWorkspaceYear(t *testing.T) {
	ctx := context.Background()
	st := workspace(t)
	ps, err := st.Periods(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stages := map[int]string{}
	for _, p := range ps {
		stages[p.Year] = p.Stage
	}
	if len(ps) != 2 || stages[Year] != workflow.Published || stages[OpenYear] != workflow.Appraisal {
		t.Fatalf("periods: %v", stages)
	}
	for tier, avg := range map[string]string{tierDepartment: "74.86", tierDistrict: "75.76"} {
		if r := compute(t, st, tier); r.AverageIndex == nil || string(*r.AverageIndex) != avg {
			t.Errorf("2016 %s average = %v, want %s", tier, r.AverageIndex, avg)
		}
	}
	if r := compute(t, st, tierDepartment); r.Units[0].UnitName != "Thanh tra tỉnh" || r.Units[1].UnitName != "Sở Tài chính" {
		t.Errorf("2016 leaders: %s, %s", r.Units[0].UnitName, r.Units[1].UnitName)
	}
	for _, tier := range []string{tierDepartment, tierDistrict} {
		f, err := st.Framework(ctx, OpenYear, tier)
		if err != nil {
			t.Fatal(err)
		}
		scores, err := st.Scores(ctx, OpenYear, tier, "")
		if err != nil {
			t.Fatal(err)
		}
		type count struct{ self, points, appraisal int }
		per := map[string]*count{}
		for _, s := range scores {
			n, _, _ := f.Lookup(s.Criterion)
			c := per[s.Unit]
			if c == nil {
				c = &count{}
				per[s.Unit] = c
			}
			if n.Source == score.Survey {
				if s.Points == nil || s.Self != nil {
					t.Errorf("%s %s: a survey leaf with points %v, self %v", s.Unit, s.Criterion, s.Points, s.Self)
				}
				continue
			}
			c.appraisal++
			if s.Self != nil {
				c.self++
			}
			if s.Points != nil {
				c.points++
			}
		}
		full, none, some := 0, 0, 0
		leaves := 0
		for _, ni := range f.Leaves {
			if f.Nodes[ni].Source != score.Survey {
				leaves++
			}
		}
		for _, u := range units {
			if u.Tier != tier {
				continue
			}
			c := per[u.Code]
			if c == nil || c.self != leaves {
				t.Errorf("%s is not fully self-assessed: %+v of %d", u.Code, c, leaves)
				continue
			}
			switch c.points {
			case leaves:
				full++
			case 0:
				none++
			default:
				some++
			}
		}
		n := full + none + some
		if full < n/2-1 || full > n/2+1 {
			t.Errorf("tier %s: %d of %d units appraised, want about half (%d begun)", tier, full, n, some)
		}
		if tier == tierDepartment && some != 1 {
			t.Errorf("tier %s: %d units appraised in part, want %s only", tier, some, partial)
		}
	}
}

// TestWorkspaceAccounts: the three demo users with their roles, unit and
// assignments, passwords the rules accept; none of them after Load alone.
func TestWorkspaceAccounts(t *testing.T) {
	ctx := context.Background()
	st := workspace(t)
	for _, a := range Accounts {
		if err := password.Check(a.Username, a.Password); err != nil {
			t.Errorf("%s's password: %v", a.Username, err)
		}
		u, hash, err := st.Credentials(ctx, a.Username)
		if err != nil {
			t.Fatalf("%s: %v", a.Username, err)
		}
		if u.Role != a.Role || u.Unit != a.Unit || !slices.Equal(u.Units, slices.Sorted(slices.Values(a.Units))) || !u.Active || hash != "hash:"+a.Password {
			t.Errorf("%s: %+v (hash %q)", a.Username, u, hash)
		}
	}
	roles := map[string]bool{}
	for _, a := range Accounts {
		roles[a.Role] = true
	}
	if !roles[workflow.RoleUnit] || !roles[workflow.RoleCouncil] || !roles[workflow.RoleSecretariat] {
		t.Errorf("the demo accounts' roles: %v", roles)
	}

	plain := loaded(t) // Load: the published year only
	if users, err := plain.Users(ctx); err != nil || len(users) != 0 {
		t.Errorf("Load created users: %v, %v", users, err)
	}
	if ps, _ := plain.Periods(ctx); len(ps) != 1 {
		t.Errorf("Load created %d periods", len(ps))
	}
	// Into a database with periods, LoadWorkspace loads nothing.
	if ok, err := LoadWorkspace(ctx, plain, cheapHash); ok || err != nil {
		t.Errorf("LoadWorkspace on a loaded database = %v, %v", ok, err)
	}
	if users, _ := plain.Users(ctx); len(users) != 0 {
		t.Errorf("LoadWorkspace on a loaded database created users: %v", users)
	}
}

// TestWorkspaceRemarks: a few threads open, some explained, one resolved;
// the council member's units have work waiting for it and for the unit.
func TestWorkspaceRemarks(t *testing.T) {
	ctx := context.Background()
	st := workspace(t)
	all, err := st.PeriodRemarks(ctx, OpenYear, nil)
	if err != nil {
		t.Fatal(err)
	}
	var open, explained, awaitingUnit, resolved int
	council := Accounts[1]
	for unit, entries := range all {
		if !slices.Contains(council.Units, unit) {
			t.Errorf("a remark on %s, which the demo council member is not assigned", unit)
		}
		for _, th := range workflow.Threads(entries) {
			switch {
			case th.AwaitsReply():
				open++
				explained++
			case th.AwaitsExplanation():
				open++
				awaitingUnit++
			case th.Status() == workflow.ThreadResolved:
				resolved++
			}
			if th.Entries[0].Kind != workflow.KindRemark || th.Entries[0].Author != council.Username {
				t.Errorf("%s %s starts with %+v", unit, th.Criterion, th.Entries[0])
			}
		}
	}
	if open < 3 || explained < 2 || awaitingUnit < 2 || resolved != 1 {
		t.Errorf("threads: %d open (%d explained, %d awaiting the unit), %d resolved", open, explained, awaitingUnit, resolved)
	}
	mine := workflow.Threads(all[Accounts[0].Unit])
	if len(mine) < 2 || !slices.ContainsFunc(mine, workflow.Thread.AwaitsExplanation) {
		t.Errorf("the demo unit's threads: %+v", mine)
	}
}
