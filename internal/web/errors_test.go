package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/parindex/parindex/internal/msg"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/store/storetest"
	"github.com/parindex/parindex/internal/workflow"
)

// TestStoreErrorInPageLanguage: a page shows what the store refused in
// the page's language, Vietnamese by default and English with ?lang=en,
// as every page does with msg.Error: the refusal of a real use case (a
// stage move to the stage the period is in), and the text of any other
// error never.
func TestStoreErrorInPageLanguage(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	if _, err := st.CreatePeriod(ctx, 2016, "Chỉ số CCHC năm 2016"); err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	e := echo.New()
	show := func(c echo.Context, err error) error {
		lang := h.lang(c)
		return h.render(c, http.StatusConflict, "message", "error.title", message{Heading: msg.T(lang, "error.title"), Body: msg.Error(lang, err)})
	}
	e.GET("/move", func(c echo.Context) error {
		_, err := st.ChangeStage(c.Request().Context(), 2016, store.StageMove{To: workflow.Draft},
			store.By{Actor: workflow.Actor{Name: "thuky", Role: workflow.RoleSecretariat}, At: time.Now()})
		if err == nil {
			t.Fatal("moving a period to its own stage was not refused")
		}
		return show(c, err)
	})
	e.GET("/internal", func(c echo.Context) error { return show(c, context.DeadlineExceeded) })
	get := func(path string) string {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusConflict {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		return rec.Body.String()
	}
	if b := get("/move"); !strings.Contains(b, "Kỳ đánh giá 2016 đã ở giai đoạn Chuẩn bị") || strings.Contains(b, "already") {
		t.Errorf("the refusal in Vietnamese:\n%s", b)
	}
	if b := get("/move?lang=en"); !strings.Contains(b, "period 2016 is already in stage Draft") {
		t.Errorf("the refusal in English:\n%s", b)
	}
	if b := get("/internal"); !strings.Contains(b, msg.T(msg.VI, "error.body")) || strings.Contains(b, "deadline") {
		t.Errorf("an internal error:\n%s", b)
	}
}
