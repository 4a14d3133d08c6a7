package web

import (
	"strconv"
	"strings"
	"testing"
)

// TestEditorRowButtons: a row moves, goes in or out, and is removed with
// its sub-criteria.
func TestEditorRowButtons(t *testing.T) {
	t.Parallel()
	// rows writes "code/depth" per row; parse reads it back.
	const tree = "1/0 1.1/1 1.2/1 1.2.1/2 1.2.2/2 2/0 2.1/1 2.2/1"
	parse := func(s string) []fwRow {
		var out []fwRow
		for _, f := range strings.Fields(s) {
			code, depth, _ := strings.Cut(f, "/")
			n, _ := strconv.Atoi(depth)
			out = append(out, fwRow{Code: code, Depth: n})
		}
		return out
	}
	rows := func(rs []fwRow) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Code+"/"+strconv.Itoa(r.Depth))
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct{ op, want string }{
		{"up:5", "2/0 2.1/1 2.2/1 1/0 1.1/1 1.2/1 1.2.1/2 1.2.2/2"},   // a field with its criteria
		{"down:0", "2/0 2.1/1 2.2/1 1/0 1.1/1 1.2/1 1.2.1/2 1.2.2/2"}, // the same, from above
		{"up:0", tree},   // the first stays
		{"up:6", tree},   // the first child stays
		{"down:2", tree}, // the last child stays
		{"up:2", "1/0 1.2/1 1.2.1/2 1.2.2/2 1.1/1 2/0 2.1/1 2.2/1"}, // 1.2 with its children
		{"in:2", "1/0 1.1/1 1.2/2 1.2.1/3 1.2.2/3 2/0 2.1/1 2.2/1"}, // into 1.1, children along
		{"in:1", tree}, // no previous sibling
		{"out:1", "1/0 1.2/1 1.2.1/2 1.2.2/2 1.1/0 2/0 2.1/1 2.2/1"}, // after its parent's others
		{"out:2", "1/0 1.1/1 1.2/0 1.2.1/1 1.2.2/1 2/0 2.1/1 2.2/1"}, // with its children
		{"out:0", tree},                                        // a field stays
		{"del:2", "1/0 1.1/1 2/0 2.1/1 2.2/1"},                 // with its children
		{"del:7", "1/0 1.1/1 1.2/1 1.2.1/2 1.2.2/2 2/0 2.1/1"}, // a leaf
		{"add", tree + " /1"},                                  // at the last row's depth
	} {
		d := &frameworkPage{Rows: parse(tree)}
		if !d.apply(tc.op) {
			t.Errorf("%s: refused", tc.op)
			continue
		}
		if got := rows(d.Rows); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.op, got, tc.want)
		}
	}
	for _, op := range []string{"up:99", "nothing:1", "up:-1", "del", "up:x"} {
		if (&frameworkPage{Rows: parse(tree)}).apply(op) {
			t.Errorf("%s was taken", op)
		}
	}
}
