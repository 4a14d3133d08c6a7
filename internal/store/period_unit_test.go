package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPeriodUnitsMigration: migration 00004 gives the periods already past
// draft the units the old rule gave them (active units of the tiers with a
// framework, and units with scores), names frozen where the period is
// finalized or published, and each snapshot its provisional units.
func TestPeriodUnitsMigration(t *testing.T) {
	ctx := context.Background()
	s, err := Connect(testURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, err := s.provider()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 3); err != nil {
		t.Fatal(err)
	}
	db := s.db.WithContext(ctx)
	for _, q := range []string{
		`INSERT INTO tiers (code, name, created_at) VALUES ('commune', 'Cấp xã', CURRENT_TIMESTAMP)`,
		`INSERT INTO units (code, name, tier_id, active, created_at, updated_at) SELECT x.code, x.name, tiers.id, x.active, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
			FROM tiers, (SELECT 'a' AS code, 'Sở A' AS name, TRUE AS active, 'department' AS tier
				UNION ALL SELECT 'b', 'Sở B', TRUE, 'department'
				UNION ALL SELECT 'c', 'Sở C (đã giải thể)', FALSE, 'department'
				UNION ALL SELECT 'd', 'Sở D (đã giải thể)', FALSE, 'department'
				UNION ALL SELECT 'x', 'Xã X', TRUE, 'commune') AS x WHERE tiers.code = x.tier`,
		`INSERT INTO periods (year, title, stage, created_at) VALUES (2016, '2016', 'published', CURRENT_TIMESTAMP),
			(2017, '2017', 'appraisal', CURRENT_TIMESTAMP), (2018, '2018', 'draft', CURRENT_TIMESTAMP)`,
		`INSERT INTO frameworks (period_id, tier_id, ranking, updated_at) SELECT periods.id, tiers.id, 'shown', CURRENT_TIMESTAMP
			FROM periods, tiers WHERE tiers.code = 'department'`,
		`INSERT INTO scores (period_id, unit_id, criterion, points_milli, updated_at) SELECT periods.id, units.id, '1', 1000, CURRENT_TIMESTAMP
			FROM periods, units WHERE periods.year = 2016 AND units.code = 'c'`,
	} {
		if err := db.Exec(q).Error; err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	content := []byte(`{"year":2016,"tiers":[{"tier":"department","units":[{"unit_code":"a","provisional":true},{"unit_code":"b","provisional":false},{"unit_code":"c","provisional":true}]}]}`)
	if err := db.Exec(`INSERT INTO snapshots (period_id, version, published_at, published_by, sha256, content)
		SELECT id, 1, CURRENT_TIMESTAMP, 'admin', 'x', ? FROM periods WHERE year = 2016`, content).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	got := map[int]string{}
	for _, year := range []int{2016, 2017, 2018} {
		pu, err := s.PeriodUnits(ctx, year)
		if err != nil {
			t.Fatal(err)
		}
		line := fmt.Sprint(pu.Fixed)
		for _, u := range pu.Units {
			line += fmt.Sprintf("; %s %s frozen=%v", u.Code, u.Name, u.NameFrozen)
		}
		got[year] = line
	}
	want := map[int]string{
		2016: "true; a Sở A frozen=true; b Sở B frozen=true; c Sở C (đã giải thể) frozen=true",
		2017: "true; a Sở A frozen=false; b Sở B frozen=false",
		2018: "false; a Sở A frozen=false; b Sở B frozen=false", // a draft follows the rule, recorded or not
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("period units after the migration (-want +got):\n%s", d)
	}
	vs, err := s.Snapshots(ctx, 2016)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 || fmt.Sprint(vs[0].Provisional) != "[a c]" {
		t.Errorf("snapshot provisional units: %+v", vs)
	}
	// A rename after the migration changes no frozen name.
	if _, err := s.UpdateUnit(ctx, "a", UnitChange{Name: strp("Sở A mới")}); err != nil {
		t.Fatal(err)
	}
	if pu, _ := s.PeriodUnits(ctx, 2016); pu.Units[0].Name != "Sở A" {
		t.Errorf("2016 after a rename: %+v", pu.Units[0])
	}
	if pu, _ := s.PeriodUnits(ctx, 2017); pu.Units[0].Name != "Sở A mới" {
		t.Errorf("the open 2017 after a rename: %+v", pu.Units[0])
	}
}
