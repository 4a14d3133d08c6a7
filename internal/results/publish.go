package results

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
)

// Publication is a request to publish a period.
type Publication struct {
	Year   int
	By     string // username of the publisher
	Reason string
	Force  bool // publish even with incomplete results (an admin's call)
	At     time.Time
}

// Publish computes every tier and freezes the result as the period's next
// published version, in one transaction: incomplete results (unless
// forced) or any failure leave the period exactly as it was. It returns
// the stored snapshot and the units whose results are incomplete.
func Publish(ctx context.Context, st *store.Store, pub Publication) (store.Snapshot, []score.Problem, error) {
	var snap store.Snapshot
	var incomplete []score.Problem
	err := st.InTx(ctx, func(tx *store.Store) error {
		if err := tx.LockPeriod(ctx, pub.Year); err != nil {
			return err
		}
		p, err := tx.Period(ctx, pub.Year)
		if err != nil {
			return err
		}
		if p.Stage == store.StagePublished {
			return score.Errorf(score.ECONFLICT, "period %d is already published; a correction needs the period reopened first", p.Year)
		}
		if snap, incomplete, err = build(ctx, tx, p, pub); err != nil {
			return err
		}
		if len(incomplete) > 0 && !pub.Force {
			return &score.Error{Code: score.ECONFLICT, Message: fmt.Sprintf("period %d cannot be published: %s units have incomplete results (an admin may force it with a reason)", p.Year, score.Problems(incomplete).Count()), Details: incomplete}
		}
		snap, err = tx.Publish(ctx, snap)
		return err
	})
	if err != nil {
		return store.Snapshot{}, nil, err
	}
	return snap, incomplete, nil
}

func build(ctx context.Context, st *store.Store, p store.Period, pub Publication) (store.Snapshot, []score.Problem, error) {
	rs, err := ComputePeriod(ctx, st, p)
	if err != nil {
		return store.Snapshot{}, nil, err
	}
	if len(rs) == 0 {
		return store.Snapshot{}, nil, score.Errorf(score.ECONFLICT, "period %d has no framework for any tier: there is nothing to publish", p.Year)
	}
	incomplete := Incomplete(rs)
	p.Stage, p.StageClosesAt = store.StagePublished, nil
	content, err := json.Marshal(Snapshot{Year: p.Year, Title: p.Title, Summary: SummaryOf(p, rs), Tiers: rs})
	if err != nil {
		return store.Snapshot{}, nil, err
	}
	sum := sha256.Sum256(content)
	return store.Snapshot{Year: p.Year, PublishedAt: pub.At.UTC().Truncate(time.Second), PublishedBy: pub.By,
		Reason: strings.TrimSpace(pub.Reason), Forced: pub.Force && len(incomplete) > 0, SHA256: hex.EncodeToString(sum[:]), Content: content}, incomplete, nil
}

// Decode reads a stored snapshot back into its document, with the
// publication's version, time and hash.
func Decode(snap store.Snapshot) (Snapshot, *Published, error) {
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
				out.Add(score.Problem{Unit: u.UnitCode, Message: fmt.Sprintf("unit %s (%s) has no points on criteria %s", u.UnitName, r.Tier, strings.Join(u.Missing, ", "))})
			}
		}
	}
	return out
}
