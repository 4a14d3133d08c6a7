package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/demo"
	"github.com/parindex/parindex/internal/httpapi"
)

// demoSite is the real server with the demo province loaded and published.
func demoSite(t *testing.T, opt httpapi.Options) *site {
	t.Helper()
	s := newSite(t, opt)
	if ok, err := demo.Load(context.Background(), s.store); err != nil || !ok {
		t.Fatalf("loading the demo: %v %v", ok, err)
	}
	return s
}

func TestSiteHomeOfTheDemo(t *testing.T) {
	s := demoSite(t, httpapi.Options{})
	p := s.browser().get("/")
	if p.Status != http.StatusOK {
		t.Fatalf("/: %d %s", p.Status, p.Body)
	}
	body := p.text()
	for _, want := range []string{"74,86%", "75,76%", "Thanh tra tỉnh", "Sở Tài chính", "UBND thành phố Lai Châu", "Đăng nhập"} {
		if !strings.Contains(body, want) {
			t.Errorf("the home page lacks %q", want)
		}
	}
	t.Logf("%s", p.Body)
}

func TestSiteResultsDump(t *testing.T) {
	s := demoSite(t, httpapi.Options{})
	p := s.browser().get("/results/2016/district?sort=name")
	t.Logf("%d %s", p.Status, p.Body)
}
