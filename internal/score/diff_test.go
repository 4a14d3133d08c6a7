package score

import (
	"slices"
	"strings"
	"testing"
)

// TestDiff: what changes from one framework to another, by code.
func TestDiff(t *testing.T) {
	base := func() FrameworkInput {
		return FrameworkInput{Bands: []Band{band("Tốt", "80"), band("Khá", "70")}, Criteria: []Criterion{
			node("1", "Chỉ đạo, điều hành", leaf("1.1", "Kế hoạch", "10"), leaf("1.2", "Báo cáo", "5")),
			node("2", "Thủ tục hành chính", leaf("2.1", "Rà soát", "60"), survey("2.2", "Hài lòng", "25")),
		}}
	}
	// summary writes a diff as "+code", "-code", "~code:what,what", "bands".
	summary := func(d FrameworkDiff) string {
		var out []string
		for _, e := range d.Added {
			out = append(out, "+"+e.Code)
		}
		for _, e := range d.Removed {
			out = append(out, "-"+e.Code)
		}
		for _, e := range d.Changed {
			var what []string
			for _, w := range []struct {
				on   bool
				name string
			}{{e.Max, "max"}, {e.Name, "name"}, {e.Source, "source"}, {e.Parent, "parent"}} {
				if w.on {
					what = append(what, w.name)
				}
			}
			out = append(out, "~"+e.Code+":"+strings.Join(what, ","))
		}
		if d.Bands {
			out = append(out, "bands")
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		name string
		edit func(in *FrameworkInput)
		want string
	}{
		{"the same", func(in *FrameworkInput) {}, ""},
		{"a leaf's maximum: it and its parent change", func(in *FrameworkInput) {
			in.Criteria[0].Children[0].MaxPoints = mp("12")
		}, "~1:max ~1.1:max"},
		{"a leaf added", func(in *FrameworkInput) {
			in.Criteria[1].Children = append(in.Criteria[1].Children, leaf("2.3", "Công khai", "0"))
		}, "+2.3"},
		{"a leaf removed, its parent's maximum falls", func(in *FrameworkInput) {
			in.Criteria[0].Children = in.Criteria[0].Children[:1]
		}, "-1.2 ~1:max"},
		{"a rename and a source", func(in *FrameworkInput) {
			in.Criteria[0].Children[1].Name = "Báo cáo định kỳ"
			in.Criteria[1].Children[1].Source = Appraisal
		}, "~1.2:name ~2.2:source"},
		{"a leaf moved to another field, maxima of both move", func(in *FrameworkInput) {
			moved := in.Criteria[0].Children[1]
			in.Criteria[0].Children = in.Criteria[0].Children[:1]
			in.Criteria[1].Children = append(in.Criteria[1].Children, moved)
		}, "~1:max ~2:max ~1.2:parent"}, // in the new order: 1.2 is last
		{"a leaf becomes a parent", func(in *FrameworkInput) {
			in.Criteria[0].Children[0] = node("1.1", "Kế hoạch", leaf("1.1.1", "Ban hành", "10"))
		}, "+1.1.1"},
		{"bands", func(in *FrameworkInput) { in.Bands[1] = band("Khá", "65") }, "bands"},
		{"a band fewer", func(in *FrameworkInput) { in.Bands = in.Bands[:1] }, "bands"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := base()
			tc.edit(&in)
			if got := summary(Diff(mustFramework(t, base()), mustFramework(t, in))); got != tc.want {
				t.Errorf("diff %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("from nothing", func(t *testing.T) {
		d := Diff(nil, mustFramework(t, base()))
		var codes []string
		for _, e := range d.Added {
			codes = append(codes, e.Code)
		}
		if !slices.Equal(codes, []string{"1", "1.1", "1.2", "2", "2.1", "2.2"}) || !d.Bands || len(d.Removed)+len(d.Changed) != 0 {
			t.Errorf("from nothing: %+v", d)
		}
		if !Diff(mustFramework(t, base()), mustFramework(t, base())).Empty() {
			t.Error("a framework differs from itself")
		}
	})
}
