package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
)

// The floors the benchmark suite (parindex bench) measures the store
// against: what the database itself does with the same rows when nothing
// is validated, diffed or audited. Nothing else calls these.

// RawInsertPoints inserts points[u][l] as the points of the tier's u-th
// unit (in code order) on the framework's l-th leaf, with one prepared
// INSERT statement in one transaction: no validation, no diff, no audit.
// It returns how many rows it inserted.
func (s *Store) RawInsertPoints(ctx context.Context, year int, tier string, points [][]score.Milli) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *gorm.DB) error {
		period, err := periodByYear(tx, year)
		if err != nil {
			return err
		}
		t, err := tierByCode(tx, tier)
		if err != nil {
			return err
		}
		f, err := loadFramework(tx, period, t)
		if err != nil {
			return err
		}
		var ids []int64
		if err := tx.Table("units").Where("tier_id = ?", t.ID).Order("code").Pluck("id", &ids).Error; err != nil {
			return err
		}
		if len(ids) < len(points) {
			return fmt.Errorf("tier %s has %d units, not %d", tier, len(ids), len(points))
		}
		conn, ok := tx.Statement.ConnPool.(*sql.Tx)
		if !ok {
			return fmt.Errorf("raw insert: not in a database/sql transaction")
		}
		stmt, err := conn.PrepareContext(ctx, `INSERT INTO scores (period_id, unit_id, criterion, points_milli, not_applicable, note, updated_at)
			VALUES (?, ?, ?, ?, 0, '', ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		now := time.Now().UTC()
		for u, row := range points {
			for l, p := range row {
				if _, err := stmt.ExecContext(ctx, period.ID, ids[u], f.Nodes[f.Leaves[l]].Code, int64(p), now); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	return n, err
}

// SumPoints is the database's own sum of the points of each unit of a
// tier: SUM ... GROUP BY over the stored integers. It returns the number
// of units summed and the grand total, in thousandths.
func (s *Store) SumPoints(ctx context.Context, year int, tier string) (int, int64, error) {
	db := s.db.WithContext(ctx)
	period, err := periodByYear(db, year)
	if err != nil {
		return 0, 0, err
	}
	t, err := tierByCode(db, tier)
	if err != nil {
		return 0, 0, err
	}
	rows, err := db.Raw(`SELECT unit_id, SUM(points_milli) FROM scores
		WHERE period_id = ? AND unit_id IN (SELECT id FROM units WHERE tier_id = ?)
		GROUP BY unit_id`, period.ID, t.ID).Rows()
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	var units int
	var total int64
	for rows.Next() {
		var id int64
		var sum sql.NullInt64
		if err := rows.Scan(&id, &sum); err != nil {
			return 0, 0, err
		}
		units++
		total += sum.Int64
	}
	return units, total, rows.Err()
}
