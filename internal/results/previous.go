package results

import (
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// PreviousRef names what a tier's changes are measured against: a
// published version of the previous period of the tier.
type PreviousRef struct {
	Year    int `json:"year"`
	Version int `json:"version"`
}

// previousSnapshot is the part of a published snapshot that later years
// compare with.
type previousSnapshot struct {
	Tiers []struct {
		Tier  string `json:"tier"`
		Units []struct {
			UnitCode string       `json:"unit_code"`
			Rank     *int         `json:"rank"`
			Index    *json.Number `json:"index"`
		} `json:"units"`
	} `json:"tiers"`
}

// previousPublished is each unit's standing in the previous period of the
// tier (the latest earlier period with a framework for it) as that period's
// latest published version shows it: its rank and its shown (2-place)
// index. Rule 9: without a published version there is nothing to compare
// with, so nothing unpublished ever reaches a result through these figures.
func previousPublished(snap *workflow.Snapshot, tier string) (map[string]score.Previous, *PreviousRef, error) {
	if snap == nil {
		return nil, nil, nil
	}
	var err error
	var doc previousSnapshot
	if err := json.Unmarshal(snap.Content, &doc); err != nil {
		return nil, nil, fmt.Errorf("snapshot %d v%d: %w", snap.Year, snap.Version, err)
	}
	for _, t := range doc.Tiers {
		if t.Tier != tier {
			continue
		}
		prev := make(map[string]score.Previous, len(t.Units))
		for _, u := range t.Units {
			var p score.Previous
			if u.Rank != nil {
				p.Rank = *u.Rank
			}
			if u.Index != nil {
				if p.Index, err = shownIndex(*u.Index); err != nil {
					return nil, nil, fmt.Errorf("snapshot %d v%d, unit %s: %w", snap.Year, snap.Version, u.UnitCode, err)
				}
			}
			prev[u.UnitCode] = p
		}
		return prev, &PreviousRef{Year: snap.Year, Version: snap.Version}, nil
	}
	return nil, nil, nil // that version did not publish the tier
}

// shownIndex reads a published index (a percentage with 2 places) back
// as an exact Index: thousandths of a point out of 100 points.
func shownIndex(n json.Number) (score.Index, error) {
	d, err := decimal.NewFromString(string(n))
	if err != nil {
		return score.Index{}, err
	}
	return score.Index{Points: score.Milli(d.Shift(3).Round(0).IntPart()), Max: 100_000}, nil
}
