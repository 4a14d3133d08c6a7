package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

type unitRef struct {
	ID     int64
	Code   string
	TierID int64
	Tier   string
	Active bool
}

// ScoreGuard refuses score writes inside the transaction that would save
// them, so that the rules see the period exactly as it is then.
type ScoreGuard struct {
	// Rules, when set, checks every write against the workflow's rules
	// (workflow.CheckScore: role, unit, survey criteria, stage, deadline)
	// for this actor at this time, on the period as the transaction sees it.
	Rules *By
	// IfRevision refuses the batch with EPRECONDITION unless the unit's
	// scores are still at this revision (its score sheet's ETag).
	IfRevision *UnitRevision
}

// UnitRevision is the version of one unit's scores in a period.
type UnitRevision struct {
	Unit     string
	Revision int64
}

// UpsertScores writes a batch of scores in one transaction: either every
// write is valid and saved, or nothing is saved and the error lists every
// refused write with its unit, criterion and bound. Only values that change
// are written; each changed value gets one audit entry, and each changed
// unit a new revision.
func (s *Store) UpsertScores(ctx context.Context, year int, actor workflow.User, writes []workflow.ScoreWrite, guards ...ScoreGuard) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		// Writers share the period's row; a stage move, publication or
		// framework change waits for them, and they for it, so no score
		// lands in a period that has just been finalized or reshaped.
		if err := s.lockPeriod(tx, year, true); err != nil {
			return err
		}
		period, err := periodByYear(tx, year)
		if err != nil {
			return err
		}
		// The guards' role checks come first, so that a refusal says what the
		// role may never do before what the stage does not allow now.
		if err := checkGuards(tx, period, writes, guards); err != nil {
			return err
		}
		if err := period.writable("scores"); err != nil {
			return err
		}
		units, err := unitRefs(tx, writes)
		if err != nil {
			return err
		}
		if err := s.lockUnits(tx, period.ID, units); err != nil {
			return err
		}
		if err := checkRevisions(tx, period, guards); err != nil {
			return err
		}
		if err := validateScores(tx, period, units, writes); err != nil {
			return err
		}
		changed, audit, err := diffScores(tx, period, units, writes)
		if err != nil {
			return err
		}
		if err := upsert(tx, period.ID, actor.ID, units, changed); err != nil {
			return err
		}
		if err := bumpRevisions(tx, period.ID, units, changed); err != nil {
			return err
		}
		return record(ctx, tx, audit...)
	})
}

// lockUnits makes every written unit's revision row exist and, on
// PostgreSQL, locks those rows (in id order, so writers cannot deadlock)
// until the transaction ends: concurrent writes to one unit then run one
// after the other, and each sees the other's values and revision. SQLite's
// immediate transactions already serialize writers.
func (s *Store) lockUnits(tx *gorm.DB, periodID int64, units map[string]unitRef) error {
	ids := make([]int64, 0, len(units))
	for _, u := range units {
		ids = append(ids, u.ID)
	}
	slices.Sort(ids)
	for start := 0; start < len(ids); start += 400 {
		part := ids[start:min(start+400, len(ids))]
		var sb strings.Builder
		args := make([]any, 0, 2*len(part))
		sb.WriteString("INSERT INTO unit_revisions (period_id, unit_id, revision) VALUES ")
		for i, id := range part {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString("(?, ?, 0)")
			args = append(args, periodID, id)
		}
		sb.WriteString(" ON CONFLICT DO NOTHING")
		if err := tx.Exec(sb.String(), args...).Error; err != nil {
			return err
		}
		if s.dialect == postgresDialect {
			var locked []int64
			err := tx.Raw("SELECT unit_id FROM unit_revisions WHERE period_id = ? AND unit_id IN ? ORDER BY unit_id FOR UPDATE", periodID, part).Scan(&locked).Error
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// checkRevisions refuses a write made on stale values (If-Match).
func checkRevisions(tx *gorm.DB, period periodRow, guards []ScoreGuard) error {
	for _, g := range guards {
		if g.IfRevision == nil {
			continue
		}
		rev, err := unitRevision(tx, period.ID, g.IfRevision.Unit)
		if err != nil {
			return err
		}
		if rev != g.IfRevision.Revision {
			return score.E(score.EPRECONDITION, "error.score.revision", g.IfRevision.Unit, g.IfRevision.Revision, rev)
		}
	}
	return nil
}

func checkGuards(tx *gorm.DB, period periodRow, writes []workflow.ScoreWrite, guards []ScoreGuard) error {
	var sources []score.Source
	for _, g := range guards {
		if g.Rules == nil {
			continue
		}
		if sources == nil {
			var err error
			if sources, err = leafSources(tx, period, writes); err != nil {
				return err
			}
		}
		var byCode = map[string]*score.Problems{}
		var codes []string
		for i, w := range writes {
			err := workflow.CheckScore(g.Rules.Actor, period.period(), workflow.ScoreChange{Unit: w.Unit, Criterion: w.Criterion,
				Self: w.SetSelf, Points: w.SetPoints, NotApplicable: w.SetNotApplicable, Note: w.SetNote, Survey: sources[i] == score.Survey}, g.Rules.At)
			if err == nil {
				continue
			}
			var e *score.Error
			if !errors.As(err, &e) {
				return err
			}
			if byCode[e.Code] == nil {
				byCode[e.Code] = &score.Problems{}
				codes = append(codes, e.Code)
			}
			i := i
			byCode[e.Code].Add(score.Problem{Unit: w.Unit, Criterion: w.Criterion, Index: &i, Key: e.Key, Args: e.Args})
		}
		for _, code := range []string{score.EFORBIDDEN, score.ECONFLICT} {
			if ps := byCode[code]; ps != nil {
				e := &score.Error{Code: code, Key: "error.scores.role", Details: *ps}
				if code == score.ECONFLICT {
					e.Key, e.Args = "error.scores.stage", []any{period.Year, score.StageTerm(period.Stage)}
				}
				return e
			}
		}
		if len(codes) > 0 {
			ps := byCode[codes[0]]
			return &score.Error{Code: codes[0], Key: "error.scores.none", Details: *ps}
		}
	}
	return nil
}

// leafSources returns the source of the leaf each write names in its
// unit's framework (survey criteria are the secretariat's), "" where the
// write names no leaf: validateScores refuses those.
func leafSources(tx *gorm.DB, period periodRow, writes []workflow.ScoreWrite) ([]score.Source, error) {
	out := make([]score.Source, len(writes))
	units, err := unitRefs(tx, writes)
	if err != nil {
		return nil, err
	}
	frameworks := map[int64]*score.Framework{}
	for i, w := range writes {
		u, ok := units[w.Unit]
		if !ok {
			continue
		}
		f, ok := frameworks[u.TierID]
		if !ok {
			f, err = loadFramework(tx, period, tierRow{ID: u.TierID, Code: u.Tier})
			if err != nil && score.ErrorCode(err) != score.ENOTFOUND {
				return nil, err
			}
			frameworks[u.TierID] = f
		}
		if f == nil {
			continue
		}
		if n, _, ok := f.Lookup(w.Criterion); ok && n.Leaf {
			out[i] = n.Source
		}
	}
	return out, nil
}

func validateScores(tx *gorm.DB, period periodRow, units map[string]unitRef, writes []workflow.ScoreWrite) error {
	year := period.Year
	members, err := periodMembers(tx, period, units)
	if err != nil {
		return err
	}
	frameworks := map[int64]*score.Framework{}
	var problems score.Problems
	seen := make(map[[2]string]int, len(writes))
	for i, w := range writes {
		i := i
		at := func(key string, args ...any) {
			problems.Add(score.Problem{Unit: w.Unit, Criterion: w.Criterion, Index: &i, Key: key, Args: args})
		}
		u, ok := units[w.Unit]
		switch {
		case w.Unit == "":
			at("error.score.no_unit", i+1)
			continue
		case !ok:
			at("error.unit.not_found", w.Unit)
			continue
		case !u.Active:
			at("error.unit.deactivated", w.Unit)
			continue
		case members != nil && !members[u.ID]:
			at("error.score.not_member", w.Unit, year, score.StageTerm(workflow.Draft), year)
			continue
		}
		f, ok := frameworks[u.TierID]
		if !ok {
			var err error
			f, err = loadFramework(tx, period, tierRow{ID: u.TierID, Code: u.Tier})
			if err != nil && score.ErrorCode(err) != score.ENOTFOUND {
				return err
			}
			frameworks[u.TierID] = f
		}
		if f == nil {
			at("error.framework.none_unit", year, u.Tier, w.Unit)
			continue
		}
		n, _, ok := f.Lookup(w.Criterion)
		switch {
		case !ok:
			at("error.criterion.unknown", w.Criterion, year, u.Tier)
			continue
		case !n.Leaf:
			at("error.score.parent", w.Criterion)
			continue
		}
		if prev, dup := seen[[2]string{w.Unit, w.Criterion}]; dup {
			at("error.score.twice", w.Unit, w.Criterion, prev+1)
			continue
		}
		seen[[2]string{w.Unit, w.Criterion}] = i
		for _, v := range []struct {
			name string
			set  bool
			p    *score.Milli
		}{{"self_points", w.SetSelf, w.Self}, {"points", w.SetPoints, w.Points}} {
			if v.set && v.p != nil && (*v.p < 0 || *v.p > n.Max) {
				problems.Add(score.Problem{Unit: w.Unit, Criterion: w.Criterion, Field: v.name, Index: &i, Value: v.p.String(), Bound: n.Max.String(),
					Key: "error.score.range", Args: []any{w.Unit, w.Criterion, score.Term{Kind: "error.thing", Code: v.name}, score.Number(v.p.String()), score.Number(n.Max.String())}})
			}
		}
		if len([]rune(w.Note)) > workflow.MaxNoteLength {
			at("error.score.note_long", w.Unit, w.Criterion, workflow.MaxNoteLength)
		}
	}
	return problems.Err("error.scores.refused", problems.Count(), len(writes))
}

// storedScore is a score row as it is before a write.
type storedScore struct {
	UnitID        int64
	Criterion     string
	SelfMilli     sql.NullInt64
	PointsMilli   sql.NullInt64
	NotApplicable bool
	Note          string
}

// diffScores merges each write into the stored row and keeps only the
// writes that change something, full rows, with one audit entry per
// changed value.
func diffScores(tx *gorm.DB, period periodRow, units map[string]unitRef, writes []workflow.ScoreWrite) ([]workflow.ScoreWrite, []workflow.AuditEntry, error) {
	ids := make([]int64, 0, len(units))
	for _, u := range units {
		ids = append(ids, u.ID)
	}
	stored, err := storedScores(tx, period.ID, ids)
	if err != nil {
		return nil, nil, err
	}
	changed := make([]workflow.ScoreWrite, 0, len(writes))
	audit := make([]workflow.AuditEntry, 0, len(writes))
	year := yearp(period.Year)
	for _, w := range writes {
		old := stored[scoreKey{units[w.Unit].ID, w.Criterion}]
		merged := workflow.ScoreWrite{Unit: w.Unit, Criterion: w.Criterion, Self: milliPtr(old.SelfMilli), Points: milliPtr(old.PointsMilli),
			NotApplicable: old.NotApplicable, Note: old.Note, SetSelf: true, SetPoints: true, SetNotApplicable: true, SetNote: true}
		entry := func(field string, o, n *string) {
			audit = append(audit, workflow.AuditEntry{Action: "update", Entity: "score", Year: year, Unit: w.Unit, Criterion: w.Criterion, Field: field, OldValue: o, NewValue: n})
		}
		n := len(audit)
		if w.SetSelf && !sameMilli(merged.Self, w.Self) {
			entry("self_points", milliText(merged.Self), milliText(w.Self))
			merged.Self = w.Self
		}
		if w.SetPoints && !sameMilli(merged.Points, w.Points) {
			entry("points", milliText(merged.Points), milliText(w.Points))
			merged.Points = w.Points
		}
		if w.SetNotApplicable && merged.NotApplicable != w.NotApplicable {
			entry("not_applicable", strp(fmt.Sprint(merged.NotApplicable)), strp(fmt.Sprint(w.NotApplicable)))
			merged.NotApplicable = w.NotApplicable
		}
		if w.SetNote && merged.Note != w.Note {
			entry("note", strp(merged.Note), strp(w.Note))
			merged.Note = w.Note
		}
		if len(audit) > n {
			changed = append(changed, merged)
		}
	}
	return changed, audit, nil
}

type scoreKey struct {
	unit      int64
	criterion string
}

// storedScores reads the stored scores of some units in a period, straight
// from the transaction's connection: the ids are the database's own, so
// they are written into the SQL, which then needs no parameter.
func storedScores(tx *gorm.DB, periodID int64, ids []int64) (map[scoreKey]storedScore, error) {
	stored := map[scoreKey]storedScore{}
	ctx := tx.Statement.Context
	for start := 0; start < len(ids); start += 500 {
		var sb strings.Builder
		sb.WriteString("SELECT unit_id, criterion, self_milli, points_milli, not_applicable, note FROM scores WHERE period_id = ")
		sb.WriteString(strconv.FormatInt(periodID, 10))
		sb.WriteString(" AND unit_id IN (")
		for i, id := range ids[start:min(start+500, len(ids))] {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(strconv.FormatInt(id, 10))
		}
		sb.WriteString(")")
		rows, err := tx.Statement.ConnPool.QueryContext(ctx, sb.String())
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r storedScore
			if err := rows.Scan(&r.UnitID, &r.Criterion, &r.SelfMilli, &r.PointsMilli, &r.NotApplicable, &r.Note); err != nil {
				rows.Close()
				return nil, err
			}
			stored[scoreKey{r.UnitID, r.Criterion}] = r
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return stored, nil
}

func sameMilli(a, b *score.Milli) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

func milliText(m *score.Milli) *string {
	if m == nil {
		return nil
	}
	return strp(m.String())
}

// bumpRevisions gives each changed unit a new revision, in chunked
// statements: lockUnits has already made every written unit's row exist.
func bumpRevisions(tx *gorm.DB, periodID int64, units map[string]unitRef, changed []workflow.ScoreWrite) error {
	seen := map[string]bool{}
	var ids []int64
	for _, w := range changed {
		if !seen[w.Unit] {
			seen[w.Unit] = true
			ids = append(ids, units[w.Unit].ID)
		}
	}
	for start := 0; start < len(ids); start += 500 {
		err := tx.Exec("UPDATE unit_revisions SET revision = revision + 1 WHERE period_id = ? AND unit_id IN ?",
			periodID, ids[start:min(start+500, len(ids))]).Error
		if err != nil {
			return err
		}
	}
	return nil
}

func unitRevision(tx *gorm.DB, periodID int64, unit string) (int64, error) {
	var rev sql.NullInt64
	err := tx.Raw(`SELECT unit_revisions.revision FROM unit_revisions JOIN units ON units.id = unit_revisions.unit_id
		WHERE unit_revisions.period_id = ? AND units.code = ?`, periodID, unit).Scan(&rev).Error
	return rev.Int64, err
}

// Revision returns the version of a unit's scores in a period (0 before
// any score), the ETag of its score sheet.
func (s *Store) Revision(ctx context.Context, year int, unit string) (int64, error) {
	db := s.db.WithContext(ctx)
	period, err := periodByYear(db, year)
	if err != nil {
		return 0, err
	}
	return unitRevision(db, period.ID, unit)
}

func unitRefs(tx *gorm.DB, writes []workflow.ScoreWrite) (map[string]unitRef, error) {
	codes := make([]string, 0, 64)
	seen := map[string]bool{}
	for _, w := range writes {
		if !seen[w.Unit] {
			seen[w.Unit] = true
			codes = append(codes, w.Unit)
		}
	}
	out := make(map[string]unitRef, len(codes))
	for start := 0; start < len(codes); start += 500 {
		end := min(start+500, len(codes))
		var refs []unitRef
		err := tx.Table("units").
			Select("units.id, units.code, units.tier_id, tiers.code AS tier, units.active").
			Joins("JOIN tiers ON tiers.id = units.tier_id").
			Where("units.code IN ?", codes[start:end]).Find(&refs).Error
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			out[r.Code] = r
		}
	}
	return out, nil
}

// upsertSuffix makes an inserted row replace the stored one: diffScores
// hands upsert full rows, the stored values merged with the changes.
const upsertSuffix = " ON CONFLICT (period_id, unit_id, criterion) DO UPDATE SET self_milli = excluded.self_milli, " +
	"points_milli = excluded.points_milli, not_applicable = excluded.not_applicable, note = excluded.note, " +
	"updated_at = excluded.updated_at, updated_by = excluded.updated_by"

// upsert writes full score rows in multi-row statements.
func upsert(tx *gorm.DB, periodID, actorID int64, units map[string]unitRef, rows []workflow.ScoreWrite) error {
	now := time.Now().UTC()
	const batch = 500
	b := newSQLBatch(tx)
	for start := 0; start < len(rows); start += batch {
		b.reset()
		b.raw("INSERT INTO scores (period_id, unit_id, criterion, self_milli, points_milli, not_applicable, note, updated_at, updated_by) VALUES ")
		at := b.param(now)
		for j, w := range rows[start:min(start+batch, len(rows))] {
			if j > 0 {
				b.raw(",(")
			} else {
				b.raw("(")
			}
			b.int(periodID)
			b.int(units[w.Unit].ID)
			b.str(w.Criterion)
			milliValue(b, w.Self)
			milliValue(b, w.Points)
			b.bool(w.NotApplicable)
			b.str(w.Note)
			b.ref(at)
			if actorID > 0 {
				b.int(actorID)
			} else {
				b.null()
			}
			b.raw(")")
		}
		b.raw(upsertSuffix)
		if err := b.exec(tx.Statement.Context); err != nil {
			return err
		}
	}
	return nil
}

func milliValue(b *sqlBatch, m *score.Milli) {
	if m == nil {
		b.null()
		return
	}
	b.int(int64(*m))
}

func milliPtr(n sql.NullInt64) *score.Milli {
	if !n.Valid {
		return nil
	}
	m := score.Milli(n.Int64)
	return &m
}

// Scores lists the stored scores of a period, for one unit or one tier.
func (s *Store) Scores(ctx context.Context, year int, tier, unit string) ([]workflow.Score, error) {
	db := s.db.WithContext(ctx)
	period, err := periodByYear(db, year)
	if err != nil {
		return nil, err
	}
	q := db.Table("scores").
		Select("units.code, scores.criterion, scores.self_milli, scores.points_milli, scores.not_applicable, scores.note, scores.updated_at").
		Joins("JOIN units ON units.id = scores.unit_id").
		Joins("JOIN tiers ON tiers.id = units.tier_id").
		Where("scores.period_id = ?", period.ID)
	if unit != "" {
		if _, err := unitByCode(db, unit); err != nil {
			return nil, err
		}
		q = q.Where("units.code = ?", unit)
	}
	if tier != "" {
		if _, err := tierByCode(db, tier); err != nil {
			return nil, err
		}
		q = q.Where("tiers.code = ?", tier)
	}
	rows, err := q.Order("units.code, scores.id").Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []workflow.Score
	for rows.Next() {
		var sc workflow.Score
		var self, pts sql.NullInt64
		if err := rows.Scan(&sc.Unit, &sc.Criterion, &self, &pts, &sc.NotApplicable, &sc.Note, &sc.UpdatedAt); err != nil {
			return nil, err
		}
		sc.Self, sc.Points = milliPtr(self), milliPtr(pts)
		out = append(out, sc)
	}
	return out, rows.Err()
}

// TierScores returns what the engine needs to compute a tier's results:
// the framework and, for each unit, its entries by leaf position. The
// units are the period's units of the tier (rule 11, period_unit.go): in a
// draft, the tier's active units and any deactivated unit that has scores
// in the period.
func (s *Store) TierScores(ctx context.Context, year int, tier string) (*score.Framework, []score.UnitScores, error) {
	in, err := s.tierInputs(ctx, workflow.Period{Year: year}, workflow.Tier{Code: tier}, nil)
	return in.Framework, in.Scores, err
}

// packedScores reads the scores of the units that the SQL condition on
// unit_id picks into out (by pos, each unit's place there).
func (s *Store) packedScores(db *gorm.DB, f *score.Framework, periodID int64, units string, args []any, pos map[int64]int, out []score.UnitScores) error {
	// One row per unit with its scores packed as "code self points na;…":
	// crossing from the driver once per unit instead of once per value is
	// what keeps a 240,000-score tier well under the time budget.
	rows, err := db.Raw(`SELECT unit_id, `+s.aggregate(`criterion || ' ' || ((COALESCE(self_milli + 1, 0) << 32) | (COALESCE(points_milli + 1, 0) << 1) | CAST(not_applicable AS INTEGER))`, "';'")+`
		FROM scores
		WHERE period_id = ? AND `+units+`
		GROUP BY unit_id`, append([]any{periodID}, args...)...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		unitID int64
		packed sql.RawBytes
	)
	for rows.Next() {
		if err := rows.Scan(&unitID, &packed); err != nil {
			return err
		}
		ui, ok := pos[unitID]
		if !ok {
			continue
		}
		if err := unpackScores(f, packed, out[ui].Entries); err != nil {
			return fmt.Errorf("scores of unit %s: %w", out[ui].Code, err)
		}
	}
	return rows.Err()
}

// PreviousYear returns the latest year before year that has a framework
// for the tier, for rank and index changes (rule 9).
func (s *Store) PreviousYear(ctx context.Context, year int, tier string) (int, bool, error) {
	var prev sql.NullInt64
	err := s.db.WithContext(ctx).Raw(`SELECT MAX(periods.year) FROM periods
		JOIN frameworks ON frameworks.period_id = periods.id
		JOIN tiers ON tiers.id = frameworks.tier_id
		WHERE periods.year < ? AND tiers.code = ?`, year, tier).Scan(&prev).Error
	return int(prev.Int64), prev.Valid, err
}

// unpackScores reads "code packed;…" into entries by leaf position, where
// packed = (self+1)<<32 | (points+1)<<1 | not_applicable, 0 meaning absent.
func unpackScores(f *score.Framework, packed []byte, entries []score.Entry) error {
	for len(packed) > 0 {
		item := packed
		if k := bytes.IndexByte(packed, ';'); k >= 0 {
			item, packed = packed[:k], packed[k+1:]
		} else {
			packed = nil
		}
		sp := bytes.IndexByte(item, ' ')
		if sp < 0 {
			return fmt.Errorf("malformed packed score %q", item)
		}
		leaf := f.LeafPosition(string(item[:sp]))
		if leaf < 0 {
			continue // PutFramework keeps this from happening
		}
		v, err := strconv.ParseInt(string(item[sp+1:]), 10, 64)
		if err != nil {
			return fmt.Errorf("malformed packed score %q", item)
		}
		self, pts := v>>32, (v>>1)&(1<<31-1)
		entries[leaf] = score.Entry{
			Self: score.Milli(self - 1), HasSelf: self > 0,
			Points: score.Milli(pts - 1), HasPoints: pts > 0,
			NotApplicable: v&1 == 1,
		}
	}
	return nil
}
