package results

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// Publication is a request to publish a period.
type Publication struct {
	Year   int
	By     string         // username of the publisher
	Actor  workflow.Actor // who publishes, for the workflow's rules (workflow.CheckPublish)
	Reason string
	Force  bool // publish even with incomplete or provisional results (an admin's call)
	At     time.Time
}

// NewSnapshot freezes a period's computed tiers as the snapshot a
// publication stores (the store gives it its version): the document as it
// is then served, its hash, and whether forcing was needed.
func NewSnapshot(p workflow.Period, rs []Tier, pub Publication) (workflow.Snapshot, error) {
	if len(rs) == 0 {
		return workflow.Snapshot{}, score.E(score.ECONFLICT, "error.publish.nothing", p.Year)
	}
	p.Stage, p.StageClosesAt = workflow.Published, nil
	content, err := json.Marshal(Snapshot{Year: p.Year, Title: p.Title, Summary: SummaryOf(p, rs), Tiers: rs})
	if err != nil {
		return workflow.Snapshot{}, err
	}
	sum := sha256.Sum256(content)
	return workflow.Snapshot{Year: p.Year, PublishedAt: pub.At.UTC().Truncate(time.Second), PublishedBy: pub.By,
		Reason: strings.TrimSpace(pub.Reason), Forced: pub.Force && len(Blocking(rs)) > 0, SHA256: hex.EncodeToString(sum[:]),
		Provisional: ProvisionalUnits(rs), Content: content}, nil
}

// Decode reads a stored snapshot back into its document, with the
// publication's version, time and hash.
func Decode(snap workflow.Snapshot) (Snapshot, *Published, error) {
	var doc Snapshot
	dec := json.NewDecoder(bytes.NewReader(snap.Content))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return Snapshot{}, nil, fmt.Errorf("snapshot %d v%d: %w", snap.Year, snap.Version, err)
	}
	return doc, &Published{Version: snap.Version, PublishedAt: snap.PublishedAt.UTC().Format(time.RFC3339), SHA256: snap.SHA256}, nil
}

// Incomplete lists the units whose results are incomplete, with the leaves
// that have no points: what blocks finalizing and publishing.
func Incomplete(tiers []Tier) []score.Problem {
	var out score.Problems
	for _, r := range tiers {
		for _, u := range r.Units {
			if !u.Complete {
				out.Add(score.Problem{Unit: u.UnitCode, Key: "error.results.missing", Args: []any{u.UnitName, r.Tier, strings.Join(u.Missing, ", ")}})
			}
		}
	}
	return out
}

// ProvisionalUnits lists the codes of the units whose results count self
// points on some criterion: no appraised (or survey) points there yet.
func ProvisionalUnits(tiers []Tier) []string {
	out := []string{}
	for _, r := range tiers {
		for _, u := range r.Units {
			if u.Provisional {
				out = append(out, u.UnitCode)
			}
		}
	}
	return out
}

// Blocking lists what keeps a period from being finalized or published:
// each unit whose result is incomplete (Incomplete), then each unit whose
// result is provisional, appraisal not being done. Only an admin may
// override it, with a reason.
func Blocking(tiers []Tier) []score.Problem {
	out := score.Problems(Incomplete(tiers))
	for _, r := range tiers {
		for _, u := range r.Units {
			if u.Provisional {
				out.Add(score.Problem{Unit: u.UnitCode, Key: "error.results.provisional", Args: []any{u.UnitName, r.Tier}})
			}
		}
	}
	return out
}

// Blocked is the refusal to finalize or publish (verb) a period while
// Blocking finds anything: 409 listing each unit; nil when nothing blocks.
func Blocked(year int, verb string, tiers []Tier) error {
	ps := Blocking(tiers)
	if len(ps) == 0 {
		return nil
	}
	e := &score.Error{Code: score.ECONFLICT, Details: ps}
	incomplete, provisional := score.Problems(Incomplete(tiers)).Count(), len(ProvisionalUnits(tiers))
	what := score.Term{Kind: "error.verb", Code: verb}
	switch {
	case incomplete.N > 0 && provisional > 0:
		e.Key, e.Args = "error.blocked.both", []any{year, what, incomplete, provisional}
	case incomplete.N > 0:
		e.Key, e.Args = "error.blocked.incomplete", []any{year, what, incomplete}
	default:
		e.Key, e.Args = "error.blocked.provisional", []any{year, what, provisional}
	}
	return e

}
