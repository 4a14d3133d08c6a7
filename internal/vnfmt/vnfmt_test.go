package vnfmt

import (
	"slices"
	"testing"
	"time"

	"github.com/parindex/parindex/internal/score"
)

// Nghị định 30/2020/NĐ-CP, Phụ lục I: a day below 10 and the months 1 and
// 2 take a leading zero. The day is Vietnam's, whatever the input's zone.
func TestDate(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2020, 1, 5, 9, 0, 0, 0, Zone), "05/01/2020"},
		{time.Date(2017, 6, 27, 9, 0, 0, 0, Zone), "27/6/2017"},
		{time.Date(2021, 2, 9, 0, 0, 0, 0, Zone), "09/02/2021"},
		{time.Date(2020, 12, 15, 23, 59, 0, 0, Zone), "15/12/2020"},
		{time.Date(2017, 3, 1, 0, 0, 0, 0, Zone), "01/3/2017"},
		{time.Date(2019, 11, 10, 0, 0, 0, 0, Zone), "10/11/2019"},
		// 17:00 UTC is already the next day in Vietnam.
		{time.Date(2017, 6, 26, 17, 0, 0, 0, time.UTC), "27/6/2017"},
		{time.Date(2020, 12, 31, 16, 59, 0, 0, time.UTC), "31/12/2020"},
		{time.Date(2020, 12, 31, 17, 0, 0, 0, time.UTC), "01/01/2021"},
	} {
		if got := Date(c.at); got != c.want {
			t.Errorf("Date(%s) = %s, want %s", c.at.Format(time.RFC3339), got, c.want)
		}
	}
}

func TestDateTime(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2017, 6, 27, 2, 0, 0, 0, time.UTC), "09:00 ngày 27/6/2017"},
		{time.Date(2020, 1, 4, 17, 5, 0, 0, time.UTC), "00:05 ngày 05/01/2020"},
		{time.Date(2021, 2, 9, 14, 30, 59, 0, Zone), "14:30 ngày 09/02/2021"},
	} {
		if got := DateTime(c.at); got != c.want {
			t.Errorf("DateTime(%s) = %s, want %s", c.at.Format(time.RFC3339), got, c.want)
		}
	}
}

func TestZone(t *testing.T) {
	name, offset := time.Date(2017, 6, 27, 0, 0, 0, 0, Zone).Zone()
	if name != "ICT" || offset != 7*3600 {
		t.Errorf("Zone is %s %+d s, want ICT +25200 s", name, offset)
	}
}

func TestNumbers(t *testing.T) {
	for _, c := range []struct {
		name, got, want string
	}{
		{"decimal comma", Number("74.86"), "74,86"},
		{"integer", Number("100"), "100"},
		{"thousands", Number("1497.2"), "1.497,2"},
		{"one thousand", Number("1000"), "1.000"},
		{"millions", Number("1234567.891"), "1.234.567,891"},
		{"below one", Number("0.5"), "0,5"},
		{"negative", Number("-88.21"), "−88,21"},
		{"negative thousands", Number("-1234.5"), "−1.234,5"},
		{"digits kept", Number("81.300"), "81,300"},
		{"percent", Percent("74.86"), "74,86%"},
		{"percent as given", Percent("80"), "80%"},
		{"index", Index("74.86"), "74,86%"},
		{"index padded", Index("80"), "80,00%"},
		{"index rounded half-up", Index("79.995"), "80,00%"},
		{"index rounded down", Index("74.8649"), "74,86%"},
		{"signed rise", Signed("1.25"), "+1,25"},
		{"signed fall", Signed("-0.50"), "−0,50"},
		{"signed zero", Signed("0.00"), "0,00"},
		{"signed negative zero", Signed("-0.00"), "0,00"},
		{"signed thousands", Signed("1234"), "+1.234"},
		{"points as entered", Points(15753), "15,753"},
		{"points one place", Points(81300), "81,3"},
		{"points whole", Points(82000), "82"},
		{"points thousands", Points(1497200), "1.497,2"},
		{"fixed pads", Fixed("81.3", 3), "81,300"},
		{"fixed pads an integer", Fixed("82", 2), "82,00"},
		{"fixed keeps", Fixed("82.615", 3), "82,615"},
		{"fixed half-up", Fixed("74.865", 2), "74,87"},
		{"fixed half-up to integer", Fixed("2.5", 0), "3"},
		{"fixed below half", Fixed("2.4999", 0), "2"},
		{"fixed negative half away from zero", Fixed("-0.125", 2), "−0,13"},
		{"fixed negative rounds to zero", Fixed("-0.001", 2), "0,00"},
		{"fixed thousands", Fixed("1234.5", 2), "1.234,50"},
		{"not a decimal is kept", Fixed("abc", 2), "abc"},
		{"english", NumberEnglish("-1497.25"), "−1,497.25"},
		{"english signed", SignedEnglish("1.25") + " " + SignedEnglish("-0.5"), "+1.25 −0.5"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, c.got, c.want)
		}
	}
}

// A column of points shows every value with the column's largest number
// of places, as provinces print their tables.
func TestColumn(t *testing.T) {
	for _, c := range []struct {
		in, want []string
		places   int
	}{
		{[]string{"82.615", "81.3", "86.42", "90"}, []string{"82,615", "81,300", "86,420", "90,000"}, 3},
		{[]string{"92", "90.25", "88.5"}, []string{"92,00", "90,25", "88,50"}, 2},
		{[]string{"100", "100"}, []string{"100", "100"}, 0},
		{[]string{"1234.5", "-2"}, []string{"1.234,5", "−2,0"}, 1},
		{nil, []string{}, 0},
	} {
		if got := ColumnPlaces(c.in...); got != c.places {
			t.Errorf("ColumnPlaces(%v) = %d, want %d", c.in, got, c.places)
		}
		if got := Column(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Column(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		in   []score.Milli
		want int
	}{
		{[]score.Milli{82615, 81300}, 3},
		{[]score.Milli{81300, 90250}, 2},
		{[]score.Milli{90250, 81300}, 2},
		{[]score.Milli{1500, 2000}, 1},
		{[]score.Milli{2000, 0}, 0},
		{[]score.Milli{-1500}, 1},
		{nil, 0},
	} {
		if got := PointsPlaces(c.in...); got != c.want {
			t.Errorf("PointsPlaces(%v) = %d, want %d", c.in, got, c.want)
		}
		var s []string
		for _, m := range c.in {
			s = append(s, m.String())
		}
		if got := ColumnPlaces(s...); got != c.want {
			t.Errorf("ColumnPlaces(%v) = %d, want PointsPlaces' %d", s, got, c.want)
		}
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{512: "512 byte", 1 << 10: "1 KB", 1536: "1,5 KB", 20 << 20: "20 MB", 1<<20 + 1<<19: "1,5 MB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}
