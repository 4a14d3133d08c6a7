package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/store/storetest"
	"github.com/parindex/parindex/internal/web"
	"github.com/parindex/parindex/internal/workflow"
)

// largeSite is the real HTTP server on a database (storetest's engine)
// with a tier of units × 120 leaves of 1.25 points in 8 fields, every leaf
// scored in 2024 (published, forced) and in 2025 (in appraisal), and a
// secretariat user "thuky".
type largeSite struct {
	URL   string
	store *store.Store
}

func newLargeSite(tb testing.TB, units int) largeSite {
	tb.Helper()
	ctx := context.Background()
	st := storetest.Open(tb)
	hash, err := testHash(pw)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, workflow.User{Username: "thuky", Role: "secretariat"}, hash); err != nil {
		tb.Fatal(err)
	}
	tier, err := st.CreateTier(ctx, workflow.Tier{Code: "commune", Name: "Cấp xã"})
	if err != nil {
		tb.Fatal(err)
	}
	in := web.ProvinceFramework()
	for u := range units {
		if _, err := st.CreateUnit(ctx, workflow.Unit{Code: fmt.Sprintf("u%05d", u), Name: fmt.Sprintf("UBND xã Thử %05d", u), Tier: tier.Code}); err != nil {
			tb.Fatal(err)
		}
	}
	for round, year := range []int{2024, 2025} {
		if _, err := st.CreatePeriod(ctx, year, fmt.Sprintf("Chỉ số CCHC năm %d", year)); err != nil {
			tb.Fatal(err)
		}
		f, err := st.PutFramework(ctx, year, tier.Code, in)
		if err != nil {
			tb.Fatal(err)
		}
		var writes []workflow.ScoreWrite
		for u := range units {
			for l, leaf := range f.Leaves {
				self, pts := web.ProvincePoints(u, l, round)
				writes = append(writes, workflow.ScoreWrite{Unit: fmt.Sprintf("u%05d", u), Criterion: f.Nodes[leaf].Code,
					Self: &self, SetSelf: true, Points: &pts, SetPoints: true})
			}
		}
		for start := 0; start < len(writes); start += 24000 {
			if err := st.UpsertScores(ctx, year, workflow.User{}, writes[start:min(start+24000, len(writes))]); err != nil {
				tb.Fatal(err)
			}
		}
		if year == 2024 {
			_, _, err := st.PublishPeriod(ctx, results.Publication{Year: year, By: "admin", Actor: workflow.Actor{Name: "admin", Role: "admin"},
				Reason: "thử tải", Force: true, At: time.Now()})
			if err != nil {
				tb.Fatal(err)
			}
		}
	}
	if _, err := st.MoveStage(ctx, 2025, store.StageMove{To: workflow.Appraisal}); err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(httpapi.New(st, httpapi.Options{TokenTTL: time.Hour, PasswordCost: testPasswordCost,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	tb.Cleanup(srv.Close)
	return largeSite{URL: srv.URL, store: st}
}

// client signs a user in through the login form and returns a client
// holding the session cookie.
func (s largeSite) client(tb testing.TB, user string) *http.Client {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(s.URL + "/login")
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := html.Parse(res.Body)
	res.Body.Close()
	if err != nil {
		tb.Fatal(err)
	}
	var token string
	for _, n := range under(doc, "input") {
		if attr(n, "name") == "form_token" {
			token = attr(n, "value")
		}
	}
	res, err = c.PostForm(s.URL+"/login", url.Values{"form_token": {token}, "username": {user}, "password": {pw}})
	if err != nil {
		tb.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		tb.Fatalf("login of %s: %d", user, res.StatusCode)
	}
	return c
}

// getPage GETs a path and wants 200, returning the body.
func getPage(tb testing.TB, c *http.Client, u string) string {
	tb.Helper()
	res, err := c.Get(u)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: %d: %.300s", u, res.StatusCode, b)
	}
	return string(b)
}

// BenchmarkDashboardRequest2000 is the whole request of a 2,000-unit
// tier's dashboard (120 leaves each, the previous year published, so
// every chart is drawn) through the real HTTP server on a SQLite file
// (or PostgreSQL, storetest's engine): session, period, tiers, the
// results (cached: the scores do not change between requests) and the
// page.
func BenchmarkDashboardRequest2000(b *testing.B) {
	s := newLargeSite(b, 2000)
	c := s.client(b, "thuky")
	u := s.URL + "/app/periods/2025/dashboard?tier=commune"
	if page := getPage(b, c, u); strings.Count(page, "<svg") < 5 || !strings.Contains(page, "Thử 01999") {
		b.Fatalf("the dashboard lacks charts or units")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		getPage(b, c, u)
	}
}

// BenchmarkDashboardRequest2000Cold is the same request after a score of
// the tier changed (one unit's score written, outside the timing): the
// results are computed again.
func BenchmarkDashboardRequest2000Cold(b *testing.B) {
	s := newLargeSite(b, 2000)
	c := s.client(b, "thuky")
	u := s.URL + "/app/periods/2025/dashboard?tier=commune"
	getPage(b, c, u)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		pts := score.Milli(i % 1251)
		if err := s.store.UpsertScores(ctx, 2025, workflow.User{}, []workflow.ScoreWrite{{Unit: "u00000", Criterion: "1.1", Points: &pts, SetPoints: true}}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		getPage(b, c, u)
	}
}
