// Package results builds the results documents of a period: each tier's
// ranking with its figures, the summary, and the frozen snapshot that a
// publication stores. Every consumer (API, workbooks, portal) reads these.
package results

import (
	"encoding/json"
	"math/big"

	"github.com/shopspring/decimal"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// The results documents. Every decimal is a json.Number printed exactly:
// points as entered, indices rounded once, for display, to 2 places.

type Node struct {
	Code      string       `json:"code"`
	Name      string       `json:"name"`
	Points    json.Number  `json:"points"`
	MaxPoints json.Number  `json:"max_points"`
	Index     *json.Number `json:"index"`
}

type Unit struct {
	Rank          *int         `json:"rank"`
	UnitCode      string       `json:"unit_code"`
	UnitName      string       `json:"unit_name"`
	SelfPoints    json.Number  `json:"self_points"`
	Points        json.Number  `json:"points"`
	MaxPoints     json.Number  `json:"max_points"`
	Index         *json.Number `json:"index"`
	Band          *string      `json:"band"`
	Complete      bool         `json:"complete"`
	Provisional   bool         `json:"provisional"`
	Missing       []string     `json:"missing"`
	PreviousRank  *int         `json:"previous_rank"`
	RankChange    *int         `json:"rank_change"`
	PreviousIndex *json.Number `json:"previous_index"`
	IndexChange   *json.Number `json:"index_change"`
	Fields        []Node       `json:"fields"`
}

type BandCount struct {
	Label    string      `json:"label"`
	MinIndex json.Number `json:"min_index"`
	Units    int         `json:"units"`
}

type FieldAverage struct {
	Code         string       `json:"code"`
	Name         string       `json:"name"`
	Units        int          `json:"units"`
	AverageIndex *json.Number `json:"average_index"`
}

type Stats struct {
	Units        int            `json:"units"`
	Ranked       int            `json:"ranked"`
	Complete     int            `json:"complete"`
	Provisional  int            `json:"provisional"`
	AverageIndex *json.Number   `json:"average_index"`
	MinIndex     *json.Number   `json:"min_index"`
	MaxIndex     *json.Number   `json:"max_index"`
	MedianIndex  *json.Number   `json:"median_index"`
	AboveAverage int            `json:"above_average"`
	Bands        []BandCount    `json:"bands"`
	NoBand       int            `json:"no_band"`
	Fields       []FieldAverage `json:"fields"`
}

type Published struct {
	Version     int    `json:"version"`
	PublishedAt string `json:"published_at"`
	SHA256      string `json:"sha256"`
}

type Tier struct {
	Year         int          `json:"year"`
	Title        string       `json:"title"`
	Tier         string       `json:"tier"`
	TierName     string       `json:"tier_name"`
	Ranking      string       `json:"ranking"`
	MaxPoints    json.Number  `json:"max_points"`
	AverageIndex *json.Number `json:"average_index"`
	PreviousYear *int         `json:"previous_year"`
	Previous     *PreviousRef `json:"previous,omitempty"` // the published version compared with
	Published    *Published   `json:"published,omitempty"`
	Stats        Stats        `json:"stats"`
	Units        []Unit       `json:"units"`
}

type Leader struct {
	Rank     int         `json:"rank"`
	UnitCode string      `json:"unit_code"`
	UnitName string      `json:"unit_name"`
	Index    json.Number `json:"index"`
	Band     *string     `json:"band"`
}

type TierSummary struct {
	Tier         string       `json:"tier"`
	TierName     string       `json:"tier_name"`
	Units        int          `json:"units"`
	Complete     int          `json:"complete"`
	AverageIndex *json.Number `json:"average_index"`
	MinIndex     *json.Number `json:"min_index"`
	MaxIndex     *json.Number `json:"max_index"`
	MedianIndex  *json.Number `json:"median_index"`
	AboveAverage int          `json:"above_average"`
	Bands        []BandCount  `json:"bands"`
	Leading      []Leader     `json:"leading"`
}

type Summary struct {
	Year      int           `json:"year"`
	Title     string        `json:"title"`
	Stage     string        `json:"stage"`
	Published *Published    `json:"published,omitempty"`
	Tiers     []TierSummary `json:"tiers"`
}

// Snapshot is what a publication freezes: every tier's results and the
// summary, exactly as they are then served.
type Snapshot struct {
	Year    int     `json:"year"`
	Title   string  `json:"title"`
	Summary Summary `json:"summary"`
	Tiers   []Tier  `json:"tiers"`
}

// IndexNum prints an index as shown: 2 places; nil when undefined.
func IndexNum(x score.Index) *json.Number {
	if !x.Defined() {
		return nil
	}
	n := json.Number(x.Shown().StringFixed(2))
	return &n
}

// RatNum prints an exact value as shown: 2 places, half-up; nil for none.
func RatNum(r *big.Rat) *json.Number {
	if r == nil {
		return nil
	}
	n := json.Number(score.Round(r, 2).StringFixed(2))
	return &n
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Detailed is a tier's results with the framework and leaf scores they
// were computed from (what the live workbook's detail sheets show).
type Detailed struct {
	Results   Tier
	Framework *score.Framework
	Scores    []score.UnitScores
}

// Input is what a tier's results are computed from: the period, the tier,
// its framework and leaf scores, and the latest published version of the
// tier's previous period (nil when there is none) that changes are
// measured against. The store loads it; Build needs no database.
type Input struct {
	Period    workflow.Period
	Tier      workflow.Tier
	Framework *score.Framework
	Scores    []score.UnitScores
	Previous  *workflow.Snapshot
}

// Build computes a tier's results from values, with changes against the
// previous published period of the same tier.
func Build(in Input) (Detailed, error) {
	p, t, f := in.Period, in.Tier, in.Framework
	prev, ref, err := previousPublished(in.Previous, t.Code)
	if err != nil {
		return Detailed{}, err
	}
	tr := f.Rank(evaluate(f, in.Scores), prev)
	out := Tier{Year: p.Year, Title: p.Title, Tier: t.Code, TierName: t.Name, Ranking: string(f.Ranking),
		MaxPoints: PointsNum(f.Total()), AverageIndex: RatNum(tr.Stats.Average), Stats: statsOf(tr.Stats), Units: make([]Unit, len(tr.Units))}
	if ref != nil {
		out.PreviousYear, out.Previous = &ref.Year, ref
	}
	for i, r := range tr.Units {
		out.Units[i] = unitOf(f, r)
	}
	return Detailed{Results: out, Framework: f, Scores: in.Scores}, nil
}

// Tiers is the results of each detailed tier.
func Tiers(ds []Detailed) []Tier {
	out := make([]Tier, len(ds))
	for i, d := range ds {
		out[i] = d.Results
	}
	return out
}

func evaluate(f *score.Framework, units []score.UnitScores) []score.UnitResult {
	out := make([]score.UnitResult, len(units))
	for i, u := range units {
		out[i] = f.Evaluate(u)
	}
	return out
}

func unitOf(f *score.Framework, r score.Ranked) Unit {
	u := Unit{UnitCode: r.Code, UnitName: r.Name, SelfPoints: PointsNum(r.Total.Self), Points: PointsNum(r.Total.Points),
		MaxPoints: PointsNum(r.Total.Max), Index: IndexNum(r.Index()), Band: strPtr(r.Band), Complete: r.Complete,
		Provisional: r.Provisional, Missing: nonNil(r.Missing), RankChange: r.RankChange, IndexChange: RatNum(r.IndexChange)}
	if r.Rank > 0 {
		rank := r.Rank
		u.Rank = &rank
	}
	if r.Previous != nil {
		if r.Previous.Rank > 0 {
			pr := r.Previous.Rank
			u.PreviousRank = &pr
		}
		u.PreviousIndex = IndexNum(r.Previous.Index)
	}
	u.Fields = make([]Node, len(f.Fields))
	for i, fi := range f.Fields {
		n, sum := f.Nodes[fi], r.Nodes[fi]
		u.Fields[i] = Node{Code: n.Code, Name: n.Name, Points: PointsNum(sum.Points), MaxPoints: PointsNum(sum.Max), Index: IndexNum(sum.Index())}
	}
	return u
}

func statsOf(x score.Stats) Stats {
	out := Stats{Units: x.Units, Ranked: x.Ranked, Complete: x.Complete, Provisional: x.Provisional,
		AverageIndex: RatNum(x.Average), MinIndex: RatNum(x.Min), MaxIndex: RatNum(x.Max), MedianIndex: RatNum(x.Median),
		AboveAverage: x.AboveAverage, NoBand: x.NoBand, Bands: make([]BandCount, len(x.Bands)), Fields: make([]FieldAverage, len(x.Fields))}
	for i, b := range x.Bands {
		out.Bands[i] = BandCount{Label: b.Label, MinIndex: DecimalNum(b.MinIndex), Units: b.Count}
	}
	for i, fa := range x.Fields {
		out.Fields[i] = FieldAverage{Code: fa.Code, Name: fa.Name, Units: fa.Units, AverageIndex: RatNum(fa.Average)}
	}
	return out
}

// SummaryOf condenses computed tier results into the period summary.
func SummaryOf(p workflow.Period, tiers []Tier) Summary {
	out := Summary{Year: p.Year, Title: p.Title, Stage: p.Stage, Tiers: make([]TierSummary, len(tiers))}
	for i, r := range tiers {
		ts := TierSummary{Tier: r.Tier, TierName: r.TierName, Units: r.Stats.Units, Complete: r.Stats.Complete,
			AverageIndex: r.Stats.AverageIndex, MinIndex: r.Stats.MinIndex, MaxIndex: r.Stats.MaxIndex, MedianIndex: r.Stats.MedianIndex,
			AboveAverage: r.Stats.AboveAverage, Bands: r.Stats.Bands, Leading: []Leader{}}
		for _, u := range r.Units {
			if u.Rank == nil || *u.Rank > 3 {
				break
			}
			ts.Leading = append(ts.Leading, Leader{Rank: *u.Rank, UnitCode: u.UnitCode, UnitName: u.UnitName, Index: *u.Index, Band: u.Band})
		}
		out.Tiers[i] = ts
	}
	return out
}

// PointsNum prints points exactly, as entered.
func PointsNum(m score.Milli) json.Number { return json.Number(m.String()) }

// DecimalNum prints a decimal exactly.
func DecimalNum(d decimal.Decimal) json.Number { return json.Number(d.String()) }

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
