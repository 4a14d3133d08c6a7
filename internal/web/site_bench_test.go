package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/demo"
	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/store/storetest"
)

// BenchmarkSitePages: a public page over loopback, rendered from the
// cached snapshot through the whole server (routing, middleware, one query
// for the published years) for a reader with a cookie (render/), and
// answered by the Front for a reader without (front/).
func BenchmarkSitePages(b *testing.B) {
	st := storetest.Open(b)
	if _, err := demo.Load(context.Background(), st); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(httpapi.New(st, httpapi.Options{TokenTTL: time.Hour, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PasswordCost: testPasswordCost}))
	b.Cleanup(srv.Close)
	for _, path := range []string{"/", "/results/2016/department", "/results/2016/department?sort=name&band=T%E1%BB%91t", "/units/thanh-tra?with=so-tai-chinh", "/sitemap.xml"} {
		for _, mode := range []string{"render", "front"} {
			b.Run(mode+path, func(b *testing.B) {
				var n int64
				req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
				if mode == "render" {
					req.Header.Set("Cookie", "parindex_lang=vi")
				}
				for b.Loop() {
					res, err := http.DefaultClient.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					n, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusOK {
						b.Fatalf("%s: %d", path, res.StatusCode)
					}
				}
				b.SetBytes(n)
			})
		}
	}
}
