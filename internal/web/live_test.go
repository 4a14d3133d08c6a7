package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// TestLiveResultsFollowWrites: after a first request, every change to what
// a tier's results are computed from shows on the next request of the
// console's dashboard and of the API's results (both read the live
// results cache), including a score written by a second instance on the
// same database; and the API's results are then exactly what the store
// computes afresh.
func TestLiveResultsFollowWrites(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	ctx := context.Background()
	sec, council := s.token("thuky"), s.token("hoidong")
	b := s.browser()
	b.mustLogin("thuky")
	dash := func() string {
		t.Helper()
		p := b.get("/app/periods/2026/dashboard?tier=department")
		if p.Status != http.StatusOK {
			t.Fatalf("dashboard: %d", p.Status)
		}
		return p.text()
	}
	// apiResults is the API's live results of 2026's departments, checked
	// against a fresh computation by the store.
	apiResults := func() []byte {
		t.Helper()
		var got json.RawMessage
		s.api(http.StatusOK, "GET", "/api/v1/periods/2026/results?tier=department", sec, nil, &got)
		p, err := s.store.Period(ctx, 2026)
		if err != nil {
			t.Fatal(err)
		}
		tier, err := s.store.Tier(ctx, "department")
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.store.TierResults(ctx, p, tier)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(d.Results)
		var compact bytes.Buffer
		if err := json.Compact(&compact, got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(compact.Bytes(), want) {
			t.Fatalf("the API's results are not the store's fresh ones:\n%s\n%s", compact.Bytes(), want)
		}
		return want
	}
	var summary json.RawMessage
	prevDash, prevAPI := dash(), apiResults()
	changed := func(what string, wantAPI bool, dashHas, dashLacks string) {
		t.Helper()
		d, a := dash(), apiResults()
		if wantAPI && bytes.Equal(a, prevAPI) {
			t.Errorf("%s: the API's results did not change", what)
		}
		if dashHas != "" && !strings.Contains(d, dashHas) {
			t.Errorf("%s: the dashboard lacks %q", what, dashHas)
		}
		if dashLacks != "" && strings.Contains(d, dashLacks) {
			t.Errorf("%s: the dashboard still has %q", what, dashLacks)
		}
		if d == prevDash && dashHas != "" {
			t.Errorf("%s: the dashboard did not change", what)
		}
		s.api(http.StatusOK, "GET", "/api/v1/periods/2026/summary", sec, nil, &summary)
		p, err := s.store.Period(ctx, 2026)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := s.store.PeriodResults(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(results.SummaryOf(p, results.Tiers(fresh)))
		var compact bytes.Buffer
		if err := json.Compact(&compact, summary); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(compact.Bytes(), want) {
			t.Errorf("%s: the API's summary is not the store's fresh one:\n%s\n%s", what, compact.Bytes(), want)
		}
		prevDash, prevAPI = d, a
	}

	s.api(http.StatusOK, "PUT", "/api/v1/periods/2026/units/tt/scores", council, map[string]any{"scores": []map[string]any{
		{"criterion": "1.1", "points": 3}}}, nil)
	changed("a score written", true, "", "")

	s.api(http.StatusOK, "PUT", "/api/v1/periods/2026/frameworks/department", s.admin, departments(12), nil)
	changed("a framework maximum", true, "", "")

	s.api(http.StatusOK, "PATCH", "/api/v1/units/stc", s.admin, map[string]any{"name": "Sở Tài chính tỉnh"}, nil)
	changed("a unit renamed", true, "Sở Tài chính tỉnh", "")

	s.api(http.StatusOK, "PATCH", "/api/v1/units/stc", s.admin, map[string]any{"active": false}, nil)
	changed("a unit deactivated (and so out of the period)", true, "", "Sở Tài chính tỉnh")

	s.api(http.StatusOK, "POST", "/api/v1/periods/2026/stage", s.admin, map[string]any{"stage": "self_assessment", "closes_at": "2027-03-31T10:00:00Z", "reason": "mở lại để sửa"}, nil)
	changed("a stage move", false, "", "")

	s.api(http.StatusCreated, "POST", "/api/v1/periods", s.admin, map[string]any{"year": 2025, "title": "Chỉ số CCHC năm 2025"}, nil)
	s.api(http.StatusOK, "PUT", "/api/v1/periods/2025/frameworks/department", s.admin, map[string]any{
		"criteria": []map[string]any{{"code": "1", "name": "Tiêu chí", "max_points": 10}}}, nil)
	s.api(http.StatusOK, "PUT", "/api/v1/periods/2025/units/tt/scores", s.admin, map[string]any{"scores": []map[string]any{
		{"criterion": "1", "self_points": 5, "points": 5}}}, nil)
	s.api(http.StatusCreated, "POST", "/api/v1/periods/2025/publish", s.admin, map[string]any{"force": true, "reason": "công bố thử năm trước"}, nil)
	changed("the previous year published", true, "2025", "")

	other, err := store.Open(ctx, s.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	pts := score.Milli(4000)
	if err := other.UpsertScores(ctx, 2026, workflow.User{}, []workflow.ScoreWrite{{Unit: "tt", Criterion: "1.2.1", Self: &pts, SetSelf: true}}); err != nil {
		t.Fatal(err)
	}
	changed("a score written by another instance", true, "", "")
}
