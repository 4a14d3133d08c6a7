package results

import (
	"encoding/json"

	"github.com/parindex/parindex/internal/score"
)

// Change is one unit whose shown result differs between the published
// version and the one about to be published: its index, rank or band.
// A side is nil when the unit is not in that version (or has no value).
type Change struct {
	Tier, TierName     string
	UnitCode, UnitName string
	OldIndex, NewIndex *json.Number
	OldRank, NewRank   *int
	OldBand, NewBand   *string
	Added, Removed     bool // the unit is only in the new, or only in the old version
}

// Diff lists, per tier in the new version's order (then tiers only the
// old one has), the units whose shown index, rank or band changes from
// old to new, in the new ranking's order and then the removed units in the
// old one's. Equal results are left out: a correction that changes
// nothing shown lists nothing.
func Diff(old, new []Tier) []Change {
	var out []Change
	oldTiers := map[string]Tier{}
	for _, t := range old {
		oldTiers[t.Tier] = t
	}
	seen := map[string]bool{}
	for _, nt := range new {
		seen[nt.Tier] = true
		out = append(out, diffTier(oldTiers[nt.Tier], nt)...)
	}
	for _, ot := range old {
		if !seen[ot.Tier] {
			out = append(out, diffTier(ot, Tier{Tier: ot.Tier, TierName: ot.TierName})...)
		}
	}
	return out
}

func diffTier(ot, nt Tier) []Change {
	var out []Change
	olds := map[string]Unit{}
	for _, u := range ot.Units {
		olds[u.UnitCode] = u
	}
	name := nt.TierName
	if name == "" {
		name = ot.TierName
	}
	inNew := map[string]bool{}
	for _, nu := range nt.Units {
		inNew[nu.UnitCode] = true
		ou, ok := olds[nu.UnitCode]
		c := Change{Tier: nt.Tier, TierName: name, UnitCode: nu.UnitCode, UnitName: nu.UnitName,
			NewIndex: nu.Index, NewRank: nu.Rank, NewBand: nu.Band, Added: !ok}
		if ok {
			c.OldIndex, c.OldRank, c.OldBand = ou.Index, ou.Rank, ou.Band
			if sameIndex(ou.Index, nu.Index) && sameInt(ou.Rank, nu.Rank) && sameStr(ou.Band, nu.Band) {
				continue
			}
		}
		out = append(out, c)
	}
	for _, ou := range ot.Units {
		if !inNew[ou.UnitCode] {
			out = append(out, Change{Tier: ot.Tier, TierName: name, UnitCode: ou.UnitCode, UnitName: ou.UnitName,
				OldIndex: ou.Index, OldRank: ou.Rank, OldBand: ou.Band, Removed: true})
		}
	}
	return out
}

// sameIndex compares shown indices as numbers (74.8 and 74.80 are equal).
func sameIndex(a, b *json.Number) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	x, err1 := score.ParseMilli(string(*a))
	y, err2 := score.ParseMilli(string(*b))
	if err1 != nil || err2 != nil {
		return *a == *b
	}
	return x == y
}

func sameInt(a, b *int) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func sameStr(a, b *string) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }
