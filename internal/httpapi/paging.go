package httpapi

import (
	"strconv"

	"github.com/labstack/echo/v4"
)

// MaxPerPage bounds one page of the lists that grow with the province
// (units, users): a list never answers with more than this.
const MaxPerPage = 500

// News lists page by NewsPerPage, up to MaxNewsPerPage a page.
const (
	NewsPerPage    = 20
	MaxNewsPerPage = 100
)

// listPage reads ?page= (from 1) and ?per_page= (1..MaxPerPage, all of
// MaxPerPage by default).
func listPage(c echo.Context) (page, perPage int, err error) {
	return pageQuery(c, MaxPerPage, MaxPerPage)
}

// pageQuery reads ?page= (from 1) and ?per_page= (1..maxPer, perPage by
// default): the one page rule of every paged list.
func pageQuery(c echo.Context, perPage, maxPer int) (int, int, error) {
	page := 1
	for _, p := range []struct {
		name string
		v    *int
		max  int
	}{{"page", &page, 1_000_000}, {"per_page", &perPage, maxPer}} {
		s := c.QueryParam(p.name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > p.max {
			return 0, 0, invalid("error.api.page", p.name, s, p.max)
		}
		*p.v = n
	}
	return page, perPage, nil
}

// pageSlice returns the page's part of xs.
func pageSlice[T any](xs []T, page, perPage int) []T {
	from := min(len(xs), (page-1)*perPage)
	return xs[from:min(len(xs), from+perPage)]
}
