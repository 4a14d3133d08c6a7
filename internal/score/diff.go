package score

// DiffEntry is one criterion in a FrameworkDiff: for an added one the new
// node, for a removed one the old; for a changed one both.
type DiffEntry struct {
	Code     string
	Old, New Node // the zero Node on the side where it is missing
	// For a changed criterion, what changed.
	Max, Name, Source, Parent bool
}

// FrameworkDiff is what changes from one framework to another, by code:
// criteria added, removed and changed (maximum, name, source, parent), in
// the order of the framework they are in (the new one, then the old
// one's removed), and whether the bands differ.
type FrameworkDiff struct {
	Added, Removed, Changed []DiffEntry
	Bands                   bool
}

// Empty says whether the two frameworks are the same criteria and bands.
func (d FrameworkDiff) Empty() bool {
	return len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Changed) == 0 && !d.Bands
}

// Diff compares two frameworks; a nil old one is empty (every criterion
// of new is added).
func Diff(old, new *Framework) FrameworkDiff {
	var d FrameworkDiff
	if old == nil {
		old = &Framework{}
	}
	if new == nil {
		new = &Framework{}
	}
	parent := func(f *Framework, n Node) string {
		if n.Parent < 0 {
			return ""
		}
		return f.Nodes[n.Parent].Code
	}
	oldBy := map[string]int{}
	for i, n := range old.Nodes {
		oldBy[n.Code] = i
	}
	newBy := map[string]bool{}
	for _, n := range new.Nodes {
		newBy[n.Code] = true
		i, ok := oldBy[n.Code]
		if !ok {
			d.Added = append(d.Added, DiffEntry{Code: n.Code, New: n})
			continue
		}
		o := old.Nodes[i]
		e := DiffEntry{Code: n.Code, Old: o, New: n, Max: o.Max != n.Max, Name: o.Name != n.Name,
			Source: o.Leaf && n.Leaf && o.Source != n.Source, Parent: parent(old, o) != parent(new, n)}
		if e.Max || e.Name || e.Source || e.Parent {
			d.Changed = append(d.Changed, e)
		}
	}
	for _, o := range old.Nodes {
		if !newBy[o.Code] {
			d.Removed = append(d.Removed, DiffEntry{Code: o.Code, Old: o})
		}
	}
	if len(old.Bands) != len(new.Bands) {
		d.Bands = true
	} else {
		for i := range old.Bands {
			if old.Bands[i].Label != new.Bands[i].Label || !old.Bands[i].MinIndex.Equal(new.Bands[i].MinIndex) {
				d.Bands = true
			}
		}
	}
	return d
}
