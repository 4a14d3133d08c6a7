package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/parindex/parindex/internal/httpapi"
)

// TestUnknownAddressesArePages: an address no page has, on the public
// site or under /app, answers a 404 page in the reader's language (not the
// API's JSON), and a refused query parameter a page naming it; the API
// keeps its JSON.
func TestUnknownAddressesArePages(t *testing.T) {
	t.Parallel()
	s := newSite(t, httpapi.Options{})
	s.fixture()
	b := s.browser()
	for _, path := range []string{"/results/2016", "/no/such/page", "/app/nothing/here"} {
		p := b.get(path)
		if p.Status != http.StatusNotFound || p.Doc == nil || !strings.Contains(p.text(), "Không tìm thấy trang") {
			t.Errorf("GET %s: %d %q %s", path, p.Status, p.Header.Get("Content-Type"), p.Body)
		}
	}
	if p := b.get("/no/such/page?lang=en"); p.Status != http.StatusNotFound || !strings.Contains(p.text(), "Page not found") {
		t.Errorf("in English: %d %s", p.Status, p.text())
	}
	if p := b.get("/results/2016/department?q=a%00b"); p.Status != http.StatusUnprocessableEntity || p.Doc == nil || !strings.Contains(p.text(), "q") {
		t.Errorf("a control character in a page's query: %d %s", p.Status, p.Body)
	}
	if p := b.get("/api/v1/no/such/route"); p.Status != http.StatusNotFound || !strings.HasPrefix(p.Header.Get("Content-Type"), "application/json") {
		t.Errorf("the API's unknown route: %d %q", p.Status, p.Header.Get("Content-Type"))
	}
}
