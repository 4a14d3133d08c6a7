package httpapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/parindex/parindex/internal/demo"
	"github.com/parindex/parindex/internal/xlsx"
)

// Tests of issue 10's findings 1, 2 and 8: published results carry only
// published data (rule 9), a closed year stays closed (rule 11), and
// publishing needs appraisal.

// appraisedScores is fixtureScores with Sở Tài chính's 2.2 appraised at
// its self points: the same results, but none provisional, so that the
// period may be finalized and published without force.
func appraisedScores() map[string]any {
	s := fixtureScores()
	for _, r := range s["scores"].([]map[string]any) {
		if r["unit"] == "stc" && r["criterion"] == "2.2" {
			r["points"] = "15.5"
		}
	}
	return s
}

var fixtureLeaves = []struct {
	code string
	max  any
}{{"1.1", 10}, {"1.2.1", "5.25"}, {"1.2.2", "5.25"}, {"2.1", "60.247"}, {"2.2", "16.753"}}

// risingScores are another year of the fixture's units, all appraised:
// Ban Dân tộc at every maximum, Thanh tra tỉnh at 1 point a leaf.
func risingScores() map[string]any {
	var rows []map[string]any
	for _, c := range fixtureLeaves {
		for _, u := range []string{"bdt", "tt", "stc", "stp", "sgtvt"} {
			pts := c.max
			switch {
			case u == "tt":
				pts = 1
			case u == "sgtvt" && c.code == "1.1":
				pts = 9
			}
			rows = append(rows, map[string]any{"unit": u, "criterion": c.code, "points": pts})
		}
	}
	return map[string]any{"scores": rows}
}

// tierDoc is the part of a tier's results these tests compare.
type tierDoc struct {
	PreviousYear *int `json:"previous_year"`
	Previous     *struct {
		Year    int `json:"year"`
		Version int `json:"version"`
	} `json:"previous"`
	Units []struct {
		UnitCode      string       `json:"unit_code"`
		Rank          *int         `json:"rank"`
		Index         *json.Number `json:"index"`
		PreviousRank  *int         `json:"previous_rank"`
		RankChange    *int         `json:"rank_change"`
		PreviousIndex *json.Number `json:"previous_index"`
		IndexChange   *json.Number `json:"index_change"`
	} `json:"units"`
}

func readTier(t *testing.T, body []byte) tierDoc {
	t.Helper()
	var d tierDoc
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatalf("%v\n%s", err, clip(body))
	}
	return d
}

// noPrevious fails unless a tier's results compare with nothing.
func noPrevious(t *testing.T, where string, body []byte) {
	t.Helper()
	d := readTier(t, body)
	if d.PreviousYear != nil || d.Previous != nil || bytes.Contains(body, []byte(`"previous":`)) {
		t.Errorf("%s: previous_year %v, previous %v: nothing published to compare with", where, d.PreviousYear, d.Previous)
	}
	for _, u := range d.Units {
		if u.PreviousRank != nil || u.RankChange != nil || u.PreviousIndex != nil || u.IndexChange != nil {
			t.Errorf("%s: unit %s shows previous figures %v %v %v %v", where, u.UnitCode, u.PreviousRank, u.RankChange, u.PreviousIndex, u.IndexChange)
		}
	}
}

// comparesWith fails unless a tier's results compare with version of
// year, showing exactly the ranks and indices that version published.
func comparesWith(t *testing.T, where string, body []byte, year, version int, published []byte) {
	t.Helper()
	d, prev := readTier(t, body), readTier(t, published)
	if d.PreviousYear == nil || *d.PreviousYear != year || d.Previous == nil || d.Previous.Year != year || d.Previous.Version != version {
		t.Fatalf("%s: previous_year %v, previous %+v; want %d version %d", where, d.PreviousYear, d.Previous, year, version)
	}
	was := map[string][2]string{}
	for _, u := range prev.Units {
		was[u.UnitCode] = [2]string{fmt.Sprint(*u.Rank), string(*u.Index)}
	}
	for _, u := range d.Units {
		if u.PreviousRank == nil || u.PreviousIndex == nil || u.RankChange == nil {
			t.Errorf("%s: unit %s has no previous figures", where, u.UnitCode)
			continue
		}
		if got := [2]string{fmt.Sprint(*u.PreviousRank), string(*u.PreviousIndex)}; got != was[u.UnitCode] {
			t.Errorf("%s: unit %s previous rank and index %v, version %d of %d published %v", where, u.UnitCode, got, version, year, was[u.UnitCode])
		}
		if *u.RankChange != *u.PreviousRank-*u.Rank {
			t.Errorf("%s: unit %s rank change %d from %d to %d", where, u.UnitCode, *u.RankChange, *u.PreviousRank, *u.Rank)
		}
	}
}

// TestPreviousYearOnlyPublished (finding 1): a draft 2017 never reaches
// 2018's published results, CSV, workbook, widget or unit profiles; once
// 2017 is published, later results compare with that version only, and a
// republished 2017 changes nothing 2018 has already published.
func TestPreviousYearOnlyPublished(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	sec := ts.user("thuky", "secretariat", "")
	ts.must(http.StatusCreated, "POST", "/api/v1/periods", ts.admin, map[string]any{"year": 2017})
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2017/frameworks/department", ts.admin, fixtureFramework)
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2017/scores", ts.admin, appraisedScores())
	ts.must(http.StatusCreated, "POST", "/api/v1/periods", ts.admin, map[string]any{"year": 2018})
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2018/frameworks/department", ts.admin, fixtureFramework)
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2018/scores", ts.admin, risingScores())
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2018/publish", sec, nil)

	// 2017 is a draft: nothing of it shows anywhere, public or staff.
	public := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2018/results?tier=department", "", nil).Body
	noPrevious(t, "public 2018", public)
	noPrevious(t, "live 2018", ts.must(http.StatusOK, "GET", "/api/v1/periods/2018/results?tier=department", ts.admin, nil).Body)
	rows, err := csv.NewReader(bytes.NewReader(ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2018/results.csv?tier=department", "", nil).Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		if r[7]+r[8]+r[9]+r[10] != "" {
			t.Errorf("results.csv: %s has previous figures %v", r[1], r[7:11])
		}
	}
	book := openBook(t, ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2018/report.xlsx", "", nil).Body)
	sheet, err := book.GetRows(book.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, r := range sheet {
		cells = append(cells, r...)
	}
	if slices.ContainsFunc(cells, func(c string) bool { return strings.Contains(c, "năm 2017") }) || !slices.Contains(cells, xlsx.NoPreviousYear) {
		t.Errorf("the public workbook's ranking sheet compares with 2017 or does not say it has nothing to compare with:\n%q", cells)
	}
	widget := ts.must(http.StatusOK, "GET", "/embed/periods/2018?tier=department", "", nil).Body
	if contains(widget, "So với 2017") || !contains(widget, "Chưa có kết quả công bố của năm trước") {
		t.Errorf("the widget compares with the draft 2017 or does not say it has nothing to compare with:\n%s", clip(widget))
	}
	prof := ts.must(http.StatusOK, "GET", "/api/v1/public/units/bdt", "", nil).JSON(t)
	if h := prof["history"].([]any)[0].(map[string]any); h["rank_change"] != nil || h["index_change"] != nil {
		t.Errorf("the unit profile shows changes against the draft 2017: %v", h)
	}

	// 2017 published: the live view compares with that version, labelled;
	// 2018's version 1 froze what it showed.
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2017/publish", sec, nil)
	pub2017v1 := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2017/results?tier=department", "", nil).Body
	if got := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2018/results?tier=department", "", nil).Body; !bytes.Equal(got, public) {
		t.Errorf("publishing 2017 changed 2018's published version 1")
	}
	comparesWith(t, "live 2018", ts.must(http.StatusOK, "GET", "/api/v1/periods/2018/results?tier=department", ts.admin, nil).Body, 2017, 1, pub2017v1)
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2018/stage", ts.admin, map[string]any{"stage": "appraisal", "reason": "So sánh với kết quả năm 2017 đã công bố"})
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2018/publish", sec, nil)
	v2 := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2018/results?tier=department", "", nil).Body
	comparesWith(t, "public 2018 v2", v2, 2017, 1, pub2017v1)

	// 2017 reopened and changed: the live change reaches no 2018 figure;
	// its correction (version 2) reaches only what is computed after it.
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2017/stage", ts.admin, map[string]any{"stage": "appraisal", "reason": "Đính chính điểm của Ban Dân tộc"})
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2017/scores", ts.admin, map[string]any{"scores": []map[string]any{{"unit": "bdt", "criterion": "2.1", "points": 60}}})
	comparesWith(t, "live 2018, 2017 reopened", ts.must(http.StatusOK, "GET", "/api/v1/periods/2018/results?tier=department", ts.admin, nil).Body, 2017, 1, pub2017v1)
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2017/publish", sec, map[string]any{"reason": "Đính chính"})
	pub2017v2 := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2017/results?tier=department", "", nil).Body
	if bytes.Equal(pub2017v1, pub2017v2) {
		t.Fatal("the correction of 2017 changed nothing")
	}
	for _, v := range []string{"", "&version=2"} {
		if got := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2018/results?tier=department"+v, "", nil).Body; !bytes.Equal(got, v2) {
			t.Errorf("republishing 2017 changed 2018's published version 2 (%q)", v)
		}
	}
	comparesWith(t, "live 2018 after the correction", ts.must(http.StatusOK, "GET", "/api/v1/periods/2018/results?tier=department", ts.admin, nil).Body, 2017, 2, pub2017v2)
}

// withoutPublished is a tier's results without the "published" block.
func withoutPublished(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var v map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%v\n%s", err, clip(body))
	}
	delete(v, "published")
	return v
}

// periodUnitsOf is a period's units as a line each: code, name as the
// period shows it, tier, whether the name is frozen (not whether the unit
// is active now: that is today's state, not the period's).
func periodUnitsOf(t *testing.T, body []byte) string {
	t.Helper()
	var pu struct {
		Fixed bool `json:"fixed"`
		Units []struct {
			Code       string `json:"code"`
			Name       string `json:"name"`
			Tier       string `json:"tier"`
			NameFrozen bool   `json:"name_frozen"`
		} `json:"units"`
	}
	if err := json.Unmarshal(body, &pu); err != nil {
		t.Fatal(err)
	}
	out := fmt.Sprintf("fixed %v\n", pu.Fixed)
	for _, u := range pu.Units {
		out += fmt.Sprintf("%s %s %s %v\n", u.Code, u.Name, u.Tier, u.NameFrozen)
	}
	return out
}

// TestClosedYearStaysClosed (finding 2): creating, renaming and
// deactivating units changes nothing of the demo's published 2016 nor of
// a finalized 2017: their live views equal what they froze. A unit created
// later joins an open period only when the secretariat adds it.
func TestClosedYearStaysClosed(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t) // on PostgreSQL too when the tests are
	if ok, err := demo.Load(context.Background(), ts.store); err != nil || !ok {
		t.Fatalf("demo.Load = %v, %v", ok, err)
	}
	sec := ts.user("thuky", "secretariat", "")
	tiers := []string{"department", "district"}
	published := map[string][]byte{}
	for _, tier := range tiers {
		published[tier] = ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier="+tier, "", nil).Body
	}
	var list struct {
		Units []struct {
			Code string `json:"code"`
			Name string `json:"name"`
		} `json:"units"`
	}
	if err := json.Unmarshal(ts.must(http.StatusOK, "GET", "/api/v1/units?tier=department", ts.admin, nil).Body, &list); err != nil {
		t.Fatal(err)
	}
	// 2017: every department unit appraised, then finalized.
	ts.must(http.StatusCreated, "POST", "/api/v1/periods", ts.admin, map[string]any{"year": 2017})
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2017/frameworks/department", ts.admin, fixtureFramework)
	var rows []map[string]any
	for i, u := range list.Units {
		for _, c := range fixtureLeaves {
			pts := any(i % 5)
			if c.code == "2.1" {
				pts = c.max
			}
			rows = append(rows, map[string]any{"unit": u.Code, "criterion": c.code, "points": pts})
		}
	}
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2017/scores", ts.admin, map[string]any{"scores": rows})
	for _, stage := range []string{"self_assessment", "appraisal", "finalized"} {
		ts.must(http.StatusOK, "POST", "/api/v1/periods/2017/stage", sec, map[string]any{"stage": stage})
	}
	finalized := ts.must(http.StatusOK, "GET", "/api/v1/periods/2017/results?tier=department", ts.admin, nil).Body
	units2017 := ts.must(http.StatusOK, "GET", "/api/v1/periods/2017/units", ts.admin, nil).Body
	// 2018 is open (self-assessment).
	ts.must(http.StatusCreated, "POST", "/api/v1/periods", ts.admin, map[string]any{"year": 2018})
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2018/frameworks/department", ts.admin, fixtureFramework)
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2018/stage", sec, map[string]any{"stage": "self_assessment"})

	renamed, dropped := list.Units[0].Code, list.Units[1].Code
	ts.must(http.StatusCreated, "POST", "/api/v1/units", sec, map[string]string{"code": "so-moi", "name": "Sở Mới", "tier": "department"})
	ts.must(http.StatusOK, "PATCH", "/api/v1/units/"+renamed, sec, map[string]any{"name": "Tên mới của đơn vị"})
	ts.must(http.StatusOK, "PATCH", "/api/v1/units/"+dropped, sec, map[string]any{"active": false})

	same := func(where string, want, got []byte) {
		t.Helper()
		if d := cmp.Diff(withoutPublished(t, want), withoutPublished(t, got)); d != "" {
			t.Errorf("%s changed after a unit was created, renamed and deactivated (-before +after):\n%s", where, d)
		}
	}
	for _, tier := range tiers {
		same("the live 2016 "+tier, published[tier], ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/results?tier="+tier, ts.admin, nil).Body)
	}
	sum := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016/summary", ts.admin, nil).Body
	if !contains(sum, `"average_index":74.86`) || !contains(sum, `"average_index":75.76`) {
		t.Errorf("the live 2016 summary no longer has the averages 74.86 and 75.76:\n%s", clip(sum))
	}
	same("the finalized 2017", finalized, ts.must(http.StatusOK, "GET", "/api/v1/periods/2017/results?tier=department", ts.admin, nil).Body)
	if got := ts.must(http.StatusOK, "GET", "/api/v1/periods/2017/units", ts.admin, nil).Body; periodUnitsOf(t, got) != periodUnitsOf(t, units2017) {
		t.Errorf("the units of the finalized 2017 changed:\n%s\nwas\n%s", got, units2017)
	}
	// A closed year takes no unit; an open one only when the secretariat says so.
	for _, year := range []string{"2016", "2017"} {
		ts.must(http.StatusConflict, "POST", "/api/v1/periods/"+year+"/units", sec, map[string]any{"unit": "so-moi", "reason": "bổ sung"})
	}
	ts.must(http.StatusConflict, "PUT", "/api/v1/periods/2017/scores", ts.admin, map[string]any{"scores": []map[string]any{{"unit": "so-moi", "criterion": "1.1", "points": 1}}})
	r := ts.must(http.StatusUnprocessableEntity, "PUT", "/api/v1/periods/2018/scores", ts.admin, map[string]any{"scores": []map[string]any{{"unit": "so-moi", "criterion": "1.1", "points": 1}}})
	if !contains(r.Body, `"unit":"so-moi"`) || !contains(r.Body, "not one of the units of period 2018") {
		t.Errorf("a score of a unit outside the open period: %s", r.Body)
	}
	open := ts.must(http.StatusOK, "GET", "/api/v1/periods/2018/results?tier=department", ts.admin, nil).Body
	if contains(open, `"so-moi"`) || contains(open, `"`+dropped+`"`) || !contains(open, "Tên mới của đơn vị") {
		t.Errorf("the open 2018 has the new or the deactivated unit, or not the new name:\n%s", clip(open))
	}
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/periods/2018/units", sec, map[string]any{"unit": "so-moi"})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/periods/2018/units", sec, map[string]any{"unit": dropped, "reason": "bổ sung"})
	ts.must(http.StatusForbidden, "POST", "/api/v1/periods/2018/units", ts.council(), map[string]any{"unit": "so-moi", "reason": "bổ sung"})
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2018/units", sec, map[string]any{"unit": "so-moi", "reason": "Sở mới thành lập (Quyết định 12/QĐ-UBND)"})
	ts.must(http.StatusConflict, "POST", "/api/v1/periods/2018/units", sec, map[string]any{"unit": "so-moi", "reason": "lần nữa"})
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2018/scores", ts.admin, map[string]any{"scores": []map[string]any{{"unit": "so-moi", "criterion": "1.1", "points": 1}}})
	audit := ts.must(http.StatusOK, "GET", "/api/v1/audit?year=2018&unit=so-moi", ts.admin, nil).Body
	if !contains(audit, `"entity":"period_unit"`) || !contains(audit, "Quyết định 12/QĐ-UBND") {
		t.Errorf("adding a unit to 2018 is not audited with its reason:\n%s", clip(audit))
	}

	// Published, renamed again, and reopened: 2017 keeps its units and names.
	ts.must(http.StatusCreated, "POST", "/api/v1/periods/2017/publish", sec, nil)
	snap := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2017/results?tier=department", "", nil).Body
	same("the published 2017", finalized, snap)
	ts.must(http.StatusOK, "PATCH", "/api/v1/units/"+renamed, sec, map[string]any{"name": "Tên thứ ba"})
	ts.must(http.StatusOK, "PATCH", "/api/v1/units/"+dropped, sec, map[string]any{"active": true})
	same("the live view of the published 2017", snap, ts.must(http.StatusOK, "GET", "/api/v1/periods/2017/results?tier=department", ts.admin, nil).Body)
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2017/stage", ts.admin, map[string]any{"stage": "appraisal", "reason": "Đính chính"})
	if got := ts.must(http.StatusOK, "GET", "/api/v1/periods/2017/units", ts.admin, nil).Body; periodUnitsOf(t, got) != periodUnitsOf(t, units2017) {
		t.Errorf("reopening 2017 changed its units or their names:\n%s\nwas\n%s", got, units2017)
	}
}

// TestPublishNeedsAppraisal (finding 8): results made of self points
// alone are neither finalized nor published, from any stage, unless an
// admin forces it with a reason; the version then says which units were
// provisional.
func TestPublishNeedsAppraisal(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	fixture(ts)
	sec := ts.user("thuky", "secretariat", "")
	// Every unit assessed itself; nobody appraised anything.
	var rows []map[string]any
	for _, r := range fixtureScores()["scores"].([]map[string]any) {
		if r["self_points"] != nil || r["not_applicable"] != nil {
			delete(r, "points")
			rows = append(rows, r)
		}
	}
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, map[string]any{"scores": rows})
	ts.must(http.StatusOK, "POST", "/api/v1/periods/2016/stage", sec, map[string]any{"stage": "self_assessment"})
	all := []string{"tt", "stc", "stp", "sgtvt", "bdt"}
	refused := func(what string, r response) {
		t.Helper()
		var body struct {
			Error struct {
				Message string `json:"message"`
				Details []struct {
					Unit    string `json:"unit"`
					Message string `json:"message"`
				} `json:"details"`
			} `json:"error"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatal(err)
		}
		var units []string
		for _, d := range body.Error.Details {
			units = append(units, d.Unit)
		}
		slices.Sort(units)
		want := slices.Clone(all)
		slices.Sort(want)
		if !slices.Equal(units, want) || !strings.Contains(body.Error.Message, "5 units have provisional results") {
			t.Errorf("%s: the refusal does not list every provisional unit: %s", what, r.Body)
		}
	}
	refused("publish", ts.must(http.StatusConflict, "POST", "/api/v1/periods/2016/publish", sec, nil))
	refused("finalize", ts.must(http.StatusConflict, "POST", "/api/v1/periods/2016/stage", sec, map[string]any{"stage": "finalized"}))
	if p := ts.must(http.StatusOK, "GET", "/api/v1/periods/2016", ts.admin, nil); !contains(p.Body, `"stage":"self_assessment"`) {
		t.Errorf("a refused publication moved the period: %s", p.Body)
	}
	ts.must(http.StatusNotFound, "GET", "/api/v1/public/periods/2016/results?tier=department", "", nil)

	// Incomplete and provisional units are listed together.
	ts.must(http.StatusOK, "PUT", "/api/v1/periods/2016/scores", ts.admin, map[string]any{"scores": []map[string]any{{"unit": "tt", "criterion": "1.1", "self_points": nil}}})
	r := ts.must(http.StatusConflict, "POST", "/api/v1/periods/2016/publish", ts.admin, nil)
	if !contains(r.Body, "1 units have incomplete results and 5 units have provisional results") || !contains(r.Body, "Thanh tra tỉnh (department) has no points on criteria 1.1") {
		t.Errorf("incomplete and provisional: %s", r.Body)
	}

	// Only an admin forces it, with a reason; the version records the provisional units.
	ts.must(http.StatusForbidden, "POST", "/api/v1/periods/2016/publish", sec, map[string]any{"force": true, "reason": "Công bố tạm"})
	ts.must(http.StatusUnprocessableEntity, "POST", "/api/v1/periods/2016/publish", ts.admin, map[string]any{"force": true})
	pub := ts.must(http.StatusCreated, "POST", "/api/v1/periods/2016/publish", ts.admin, map[string]any{"force": true, "reason": "Công bố kết quả tự đánh giá theo chỉ đạo của UBND tỉnh"}).JSON(t)
	if pub["forced"] != true || fmt.Sprint(pub["provisional"]) != "[tt stc stp sgtvt bdt]" && len(pub["provisional"].([]any)) != 5 {
		t.Errorf("forced publication: %v", pub)
	}
	for _, path := range []string{"/api/v1/periods/2016/versions", "/api/v1/public/periods/2016/versions"} {
		vs := ts.must(http.StatusOK, "GET", path, ts.admin, nil).JSON(t)["versions"].([]any)
		v := vs[0].(map[string]any)
		got := []string{}
		for _, u := range v["provisional"].([]any) {
			got = append(got, u.(string))
		}
		slices.Sort(got)
		want := slices.Clone(all)
		slices.Sort(want)
		if v["forced"] != true || !slices.Equal(got, want) {
			t.Errorf("%s: %v", path, v)
		}
	}
	res := ts.must(http.StatusOK, "GET", "/api/v1/public/periods/2016/results?tier=department", "", nil).Body
	if strings.Count(string(res), `"provisional":true`) != 5 {
		t.Errorf("the snapshot does not mark the provisional units:\n%s", clip(res))
	}
}
