package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

// BenchmarkCouncilOverview renders the council's overview page
// (GET /app/periods/:year/council) for a council member assigned 20 units
// of a 2,000-unit tier with 120 criteria, every leaf appraised and the 20
// self-assessed, and one of them's points page, through the real handler
// with a session cookie:
//
//	go test ./internal/bench -run '^$' -bench CouncilOverview -benchtime 50x
func BenchmarkCouncilOverview(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "council.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	p, err := setupProvince(ctx, st, "council", 2000, 120, year)
	if err != nil {
		b.Fatal(err)
	}
	if err := p.load(ctx, st, year, 0); err != nil {
		b.Fatal(err)
	}
	assigned := p.Codes[:2000:2000][990:1010]
	var self []workflow.ScoreWrite
	for i := range assigned {
		for l, code := range p.Leaves {
			v := p.points(990+i, l, 1)
			self = append(self, workflow.ScoreWrite{Unit: assigned[i], Criterion: code, Self: &v, SetSelf: true})
		}
	}
	if err := st.UpsertScores(ctx, year, workflow.User{}, self); err != nil {
		b.Fatal(err)
	}
	// The council works in appraisal: the period's units are fixed by then.
	for _, to := range []string{workflow.SelfAssessment, workflow.Appraisal} {
		if _, err := st.ChangeStage(ctx, year, store.StageMove{To: to}, store.By{Actor: workflow.Actor{Name: "bench", Role: workflow.RoleAdmin}, At: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
	hash, err := httpapi.HashPassword(password)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, workflow.User{Username: "hoidong", Role: workflow.RoleCouncil, Active: true}, hash); err != nil {
		b.Fatal(err)
	}
	if _, err := st.UpdateUser(ctx, "hoidong", store.UserChange{Units: &assigned}); err != nil {
		b.Fatal(err)
	}
	r := &runner{cfg: Defaults(true), st: st}
	stop, err := r.startServers()
	if err != nil {
		b.Fatal(err)
	}
	defer stop()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	form := benchGet(b, c, r.base+"/login")
	tok := regexp.MustCompile(`name="form_token" value="([^"]+)"`).FindStringSubmatch(form)
	if tok == nil {
		b.Fatalf("no form token on /login")
	}
	res, err := c.PostForm(r.base+"/login", url.Values{"form_token": {tok[1]}, "username": {"hoidong"}, "password": {password}})
	if err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	b.Run("overview", func(b *testing.B) {
		page := r.base + "/app/periods/2030/council?sort=gap"
		body := benchGet(b, c, page)
		if n := strings.Count(body, `/points"`); n != 20 {
			b.Fatalf("the overview lists %d units, want the 20 assigned", n)
		}
		for b.Loop() {
			benchGet(b, c, page)
		}
		b.ReportMetric(float64(len(body))/1024, "page-KB")
	})
	b.Run("mywork", func(b *testing.B) { // the same 20 units' progress on /app
		for b.Loop() {
			benchGet(b, c, r.base+"/app")
		}
	})
	b.Run("points", func(b *testing.B) {
		page := r.base + "/app/periods/2030/units/" + assigned[0] + "/points"
		body := benchGet(b, c, page)
		if !strings.Contains(body, `class="reach`) {
			b.Fatalf("no points page: %s", body)
		}
		for b.Loop() {
			benchGet(b, c, page)
		}
		b.ReportMetric(float64(len(body))/1024, "page-KB")
	})
}

func benchGet(b testing.TB, c *http.Client, u string) string {
	res, err := c.Get(u)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: %d %s", u, res.StatusCode, raw)
	}
	return string(raw)
}
