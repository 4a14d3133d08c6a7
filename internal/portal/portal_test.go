package portal

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/results"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/portal")

func TestNumber(t *testing.T) {
	for _, c := range []struct{ in, vi, en string }{
		{"74.86", "74,86", "74.86"}, {"100", "100", "100"}, {"1497.2", "1.497,2", "1,497.2"},
		{"-88.21", "−88,21", "−88.21"}, {"1234567.891", "1.234.567,891", "1,234,567.891"}, {"0.5", "0,5", "0.5"},
	} {
		if got := Number(c.in, Vietnamese); got != c.vi {
			t.Errorf("Number(%s, vi) = %s, want %s", c.in, got, c.vi)
		}
		if got := Number(c.in, English); got != c.en {
			t.Errorf("Number(%s, en) = %s, want %s", c.in, got, c.en)
		}
	}
	if got := Percent("74.86", Vietnamese); got != "74,86%" {
		t.Errorf("Percent = %s", got)
	}
	if got, want := Signed("1.25", Vietnamese)+" "+Signed("-0.50", Vietnamese)+" "+Signed("0.00", Vietnamese), "+1,25 −0,50 0,00"; got != want {
		t.Errorf("Signed = %s, want %s", got, want)
	}
	at := time.Date(2017, 6, 27, 2, 0, 0, 0, time.UTC)
	if Date(at, Vietnamese) != "27/6/2017" || Date(at, English) != "27 June 2017" {
		t.Errorf("Date = %s, %s", Date(at, Vietnamese), Date(at, English))
	}
	// Nghị định 30/2020: a day below 10 and the months 1 and 2 take a zero.
	if got := Date(time.Date(2020, 1, 4, 17, 0, 0, 0, time.UTC), Vietnamese); got != "05/01/2020" {
		t.Errorf("Date = %s, want 05/01/2020", got)
	}
	if got := Signed("1.25", English) + " " + Signed("-0.50", English); got != "+1.25 −0.50" {
		t.Errorf("Signed (en) = %s", got)
	}
	// A column of points shows the column's largest places.
	if got := strings.Join(Column([]string{"82.615", "81.3", "90"}, Vietnamese), " "); got != "82,615 81,300 90,000" {
		t.Errorf("Column (vi) = %s", got)
	}
	if got := strings.Join(Column([]string{"1234.5", "81"}, English), " "); got != "1,234.5 81.0" {
		t.Errorf("Column (en) = %s", got)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Chỉ số CCHC năm 2016":                                               "chi-so-cchc-nam-2016",
		"ĐÁNH GIÁ Đường   phố: Đà Nẵng!":                                     "danh-gia-duong-pho-da-nang",
		"Công bố Chỉ số cải cách hành chính năm 2016 của các sở, ban, ngành": "cong-bo-chi-so-cai-cach-hanh-chinh-nam-2016-cua-cac-so-ban-nganh",
		"Sở Lao động - Thương binh và Xã hội":                                "so-lao-dong-thuong-binh-va-xa-hoi",
		"Nậm Nhùn, Mường Tè, Sìn Hồ, Phong Thổ, Tân Uyên":                    "nam-nhun-muong-te-sin-ho-phong-tho-tan-uyen",
		"  —  ": "",
		// decomposed input (NFD) folds the same
		"Chi\u0309 sô\u0301": "chi-so",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
		if want != "" && !ValidSlug(want) {
			t.Errorf("ValidSlug(%q) = false", want)
		}
	}
	long := Slug(strings.Repeat("Chỉ số cải cách hành chính ", 10))
	if len(long) > MaxSlug || strings.HasSuffix(long, "-") || !ValidSlug(long) {
		t.Errorf("a long title gives %q", long)
	}
	for _, bad := range []string{"", "-a", "a-", "a--b", "Chi-so", "chỉ", "a b"} {
		if ValidSlug(bad) {
			t.Errorf("ValidSlug(%q) = true", bad)
		}
	}
}

func TestHTMLIsSanitized(t *testing.T) {
	h, err := HTML("# Tin\n\n<script>alert(1)</script><iframe src=x></iframe>\n\n[a](javascript:alert(1)) [b](https://example.org) ![i](https://example.org/a.png)\n\n<img src=x onerror=alert(1)>")
	if err != nil {
		t.Fatal(err)
	}
	s := string(h)
	for _, bad := range []string{"<script", "<iframe", "javascript:", "onerror", "alert"} {
		if strings.Contains(s, bad) {
			t.Errorf("kept %q: %s", bad, s)
		}
	}
	for _, want := range []string{"<h1>Tin</h1>", `href="https://example.org"`, `rel="nofollow noopener"`, `<img src="https://example.org/a.png"`} {
		if !strings.Contains(s, want) {
			t.Errorf("lost %q: %s", want, s)
		}
	}
}

func num(s string) *json.Number { n := json.Number(s); return &n }
func intp(i int) *int           { return &i }
func strp(s string) *string     { return &s }

// fixtureTier has a tie, a unit below every band, an unranked unit and a
// previous year, so that every branch of the widget shows.
func fixtureTier() results.Tier {
	prev := 2015
	u := func(rank *int, name, points, index string, band *string, change *int) results.Unit {
		x := results.Unit{Rank: rank, UnitCode: strings.ToLower(name[:3]), UnitName: name, Points: json.Number(points), MaxPoints: "97.5", Band: band, RankChange: change}
		if index != "" {
			x.Index = num(index)
		}
		return x
	}
	return results.Tier{Year: 2016, Title: "Chỉ số CCHC năm 2016", Tier: "department", TierName: "Khối sở, ban, ngành",
		AverageIndex: num("61.53"), PreviousYear: &prev,
		Published: &results.Published{Version: 2, PublishedAt: "2017-06-27T02:00:00Z", SHA256: strings.Repeat("a", 64)},
		Stats: results.Stats{Units: 5, Ranked: 4, AverageIndex: num("61.53"), AboveAverage: 3,
			Bands: []results.BandCount{{Label: "Tốt", MinIndex: "80", Units: 1}, {Label: "Khá", MinIndex: "70", Units: 2}}, NoBand: 1},
		Units: []results.Unit{
			u(intp(1), "Thanh tra tỉnh", "91.253", "93.59", strp("Tốt"), intp(2)),
			u(intp(2), "Sở Giao thông vận tải <&>", "73.5", "75.38", strp("Khá"), intp(0)),
			u(intp(2), "Sở Tư pháp", "73.5", "75.38", strp("Khá"), intp(-1)),
			u(intp(4), "Ban Dân tộc", "1.5", "1.54", nil, nil),
			u(nil, "Sở Mới", "0", "", nil, nil),
		}}
}

func TestEmbedGolden(t *testing.T) {
	for _, c := range []struct {
		name string
		opt  EmbedOptions
	}{
		{"embed-fixture-vi.golden.html", EmbedOptions{Note: "Đính chính điểm của Sở Tư pháp", Data: []Link{{Label: "CSV", URL: "/x.csv?a=1&b=2"}}}},
		{"embed-fixture-en-compact.golden.html", EmbedOptions{Lang: English, Compact: true}},
	} {
		var buf bytes.Buffer
		if err := Embed(&buf, fixtureTier(), c.opt); err != nil {
			t.Fatal(err)
		}
		golden(t, c.name, buf.Bytes())
	}
	var buf bytes.Buffer
	if err := Embed(&buf, fixtureTier(), EmbedOptions{}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{"Sở Giao thông vận tải &lt;&amp;&gt;", `width="1.54%"`, `class="val out"`, "▲ 2", "tăng 2 bậc", "▼ 1", "giữ nguyên hạng",
		"không có hạng năm 2015", "So với 2015", "61,53%", "Công bố ngày 27/6/2017, bản công bố số 2", "91,253"} {
		if !strings.Contains(page, want) {
			t.Errorf("the widget lacks %q", want)
		}
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "portal", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./internal/portal -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s; check the change, then rerun with -update", name, path)
	}
}
