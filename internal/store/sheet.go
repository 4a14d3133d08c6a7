package store

import (
	"context"
	"database/sql"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

// Sheet reads one unit's score sheet in a period (its framework, scores,
// evidence, remark threads and revision) in one read transaction, so that
// what it shows is one state of the data, and computes the unit's result
// with the engine.
func (s *Store) Sheet(ctx context.Context, year int, unit string) (workflow.Sheet, error) {
	var sh workflow.Sheet
	err := s.readTx(ctx, func(tx *Store) error {
		var err error
		if sh.Period, err = tx.Period(ctx, year); err != nil {
			return err
		}
		if sh.Unit, err = tx.Unit(ctx, unit); err != nil {
			return err
		}
		if sh.Revision, err = tx.Revision(ctx, year, unit); err != nil {
			return err
		}
		if sh.Framework, err = tx.Framework(ctx, year, sh.Unit.Tier); err != nil {
			return err
		}
		scores, err := tx.Scores(ctx, year, "", unit)
		if err != nil {
			return err
		}
		evidence, remarks, err := tx.Threads(ctx, year, unit)
		if err != nil {
			return err
		}
		f := sh.Framework
		sh.Leaves = make([]workflow.SheetLeaf, len(f.Leaves))
		for i := range scores {
			if pos := f.LeafPosition(scores[i].Criterion); pos >= 0 {
				sh.Leaves[pos].Score = &scores[i]
			}
		}
		for _, e := range evidence {
			if pos := f.LeafPosition(e.Criterion); pos >= 0 {
				sh.Leaves[pos].Evidence = append(sh.Leaves[pos].Evidence, e)
			}
		}
		for _, r := range remarks {
			if pos := f.LeafPosition(r.Criterion); pos >= 0 {
				sh.Leaves[pos].Remarks = append(sh.Leaves[pos].Remarks, r)
			}
		}
		return nil
	})
	if err != nil {
		return workflow.Sheet{}, err
	}
	sh.Result = sh.Framework.Evaluate(scoreUnit(sh))
	return sh, nil
}

func scoreUnit(sh workflow.Sheet) score.UnitScores {
	return score.UnitScores{Code: sh.Unit.Code, Name: sh.Unit.Name, Entries: sh.Entries()}
}

// readTx runs fn with a Store whose reads all see one state of the
// database. On PostgreSQL: a read-only, repeatable-read transaction. On
// SQLite, whose transactions here are immediate (they take the write lock
// at BEGIN), a deferred one on a connection of its own: in WAL mode its
// snapshot holds from its first read to its end, and writers go on.
func (s *Store) readTx(ctx context.Context, fn func(tx *Store) error) error {
	if s.dialect == postgresDialect {
		return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			return fn(&Store{db: tx, now: s.now, dialect: s.dialect})
		}, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	}
	return s.db.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		if err := conn.Exec("BEGIN DEFERRED").Error; err != nil {
			return err
		}
		defer conn.WithContext(context.WithoutCancel(ctx)).Exec("ROLLBACK")
		return fn(&Store{db: conn, now: s.now, dialect: s.dialect})
	})
}
