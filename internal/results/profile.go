package results

import (
	"encoding/json"
	"math/big"
)

// Release is a published snapshot decoded: the document and its publication.
type Release struct {
	Doc Snapshot
	Pub *Published
}

// Profile is a unit's public record across the published periods.
type Profile struct {
	UnitCode  string         `json:"unit_code"`
	UnitName  string         `json:"unit_name"`
	Tier      string         `json:"tier"`
	TierName  string         `json:"tier_name"`
	Year      int            `json:"year"`
	Fields    []ProfileField `json:"fields"`
	Strongest *ProfileField  `json:"strongest"`
	Weakest   *ProfileField  `json:"weakest"`
	History   []ProfileYear  `json:"history"`
}

// ProfileField is one field of a unit's latest results beside its tier's average.
type ProfileField struct {
	Code         string       `json:"code"`
	Name         string       `json:"name"`
	Points       json.Number  `json:"points"`
	MaxPoints    json.Number  `json:"max_points"`
	Index        *json.Number `json:"index"`
	TierAverage  *json.Number `json:"tier_average_index"`
	AboveAverage *bool        `json:"above_average"`
}

// ProfileYear is the unit's results of one published year.
type ProfileYear struct {
	Year         int          `json:"year"`
	Version      int          `json:"version"`
	Tier         string       `json:"tier"`
	TierName     string       `json:"tier_name"`
	Rank         *int         `json:"rank"`
	Ranked       int          `json:"ranked"`
	Points       json.Number  `json:"points"`
	MaxPoints    json.Number  `json:"max_points"`
	Index        *json.Number `json:"index"`
	Band         *string      `json:"band"`
	AverageIndex *json.Number `json:"average_index"`
	RankChange   *int         `json:"rank_change"`
	IndexChange  *json.Number `json:"index_change"`
}

// ProfileOf gathers a unit's results from snapshots, newest year first.
func ProfileOf(code string, snaps []Release) (Profile, bool) {
	var out Profile
	for _, p := range snaps {
		for _, t := range p.Doc.Tiers {
			for _, u := range t.Units {
				if u.UnitCode != code {
					continue
				}
				if out.History == nil {
					out = Profile{UnitCode: u.UnitCode, UnitName: u.UnitName, Tier: t.Tier, TierName: t.TierName, Year: t.Year}
					out.Fields = fieldsOf(u, t)
					out.Strongest, out.Weakest = extremes(out.Fields)
				}
				out.History = append(out.History, ProfileYear{Year: t.Year, Version: p.Pub.Version, Tier: t.Tier, TierName: t.TierName,
					Rank: u.Rank, Ranked: t.Stats.Ranked, Points: u.Points, MaxPoints: u.MaxPoints, Index: u.Index, Band: u.Band,
					AverageIndex: t.AverageIndex, RankChange: u.RankChange, IndexChange: u.IndexChange})
			}
		}
	}
	return out, out.History != nil
}

func fieldsOf(u Unit, t Tier) []ProfileField {
	avg := map[string]*json.Number{}
	for _, f := range t.Stats.Fields {
		avg[f.Code] = f.AverageIndex
	}
	out := make([]ProfileField, len(u.Fields))
	for i, f := range u.Fields {
		out[i] = ProfileField{Code: f.Code, Name: f.Name, Points: f.Points, MaxPoints: f.MaxPoints, Index: f.Index, TierAverage: avg[f.Code]}
		if f.Index != nil && avg[f.Code] != nil {
			above := ratOf(*f.Index).Cmp(ratOf(*avg[f.Code])) > 0
			out[i].AboveAverage = &above
		}
	}
	return out
}

// extremes are the fields with the highest and the lowest shown index (the
// first in framework order on a tie).
func extremes(fs []ProfileField) (hi, lo *ProfileField) {
	for i := range fs {
		f := &fs[i]
		if f.Index == nil {
			continue
		}
		if hi == nil || ratOf(*f.Index).Cmp(ratOf(*hi.Index)) > 0 {
			hi = f
		}
		if lo == nil || ratOf(*f.Index).Cmp(ratOf(*lo.Index)) < 0 {
			lo = f
		}
	}
	if hi != nil {
		x, y := *hi, *lo
		return &x, &y
	}
	return nil, nil
}

func ratOf(n json.Number) *big.Rat {
	r, ok := new(big.Rat).SetString(string(n))
	if !ok {
		return new(big.Rat)
	}
	return r
}
