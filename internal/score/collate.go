package score

import (
	"bytes"
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// SortByName sorts xs by name in Vietnamese collation (a ă â b c d đ e ê …),
// stably, as Vietnamese lists are read.
func SortByName[T any](xs []T, name func(T) string) {
	keys := collationKeys(len(xs), func(i int) string { return name(xs[i]) })
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return bytes.Compare(keys[idx[a]], keys[idx[b]]) < 0 })
	sorted := make([]T, len(xs))
	for i, j := range idx {
		sorted[i] = xs[j]
	}
	copy(xs, sorted)
}

// collationKeys returns the Vietnamese sort key of each of n names.
func collationKeys(n int, name func(int) string) [][]byte {
	col := collate.New(language.Vietnamese)
	var buf collate.Buffer
	keys := make([][]byte, n)
	for i := range keys {
		keys[i] = append([]byte(nil), col.KeyFromString(&buf, name(i))...)
		buf.Reset()
	}
	return keys
}
