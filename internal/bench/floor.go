package bench

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/store"
)

// The floors the benchmark suite measures the store against: what the
// database itself does with the same rows when nothing is validated,
// diffed or audited. They use the store's connection pool directly, on
// SQLite (the suite's database).

// ids finds the period's and the tier's row ids.
func ids(ctx context.Context, db *sql.DB, year int, tier string) (periodID, tierID int64, err error) {
	if err := db.QueryRowContext(ctx, `SELECT id FROM periods WHERE year = ?`, year).Scan(&periodID); err != nil {
		return 0, 0, fmt.Errorf("period %d: %w", year, err)
	}
	if err := db.QueryRowContext(ctx, `SELECT id FROM tiers WHERE code = ?`, tier).Scan(&tierID); err != nil {
		return 0, 0, fmt.Errorf("tier %s: %w", tier, err)
	}
	return periodID, tierID, nil
}

// rawInsertPoints inserts points[u][l] as the points of the tier's u-th
// unit (in code order) on the framework's l-th leaf, with one prepared
// INSERT statement in one transaction: no validation, no diff, no audit.
// It returns how many rows it inserted.
func rawInsertPoints(ctx context.Context, st *store.Store, year int, tier string, points [][]score.Milli) (int, error) {
	db, err := st.SQL()
	if err != nil {
		return 0, err
	}
	f, err := st.Framework(ctx, year, tier)
	if err != nil {
		return 0, err
	}
	periodID, tierID, err := ids(ctx, db, year, tier)
	if err != nil {
		return 0, err
	}
	rows, err := db.QueryContext(ctx, `SELECT id FROM units WHERE tier_id = ? ORDER BY code`, tierID)
	if err != nil {
		return 0, err
	}
	var units []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		units = append(units, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(units) < len(points) {
		return 0, fmt.Errorf("tier %s has %d units, not %d", tier, len(units), len(points))
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO scores (period_id, unit_id, criterion, points_milli, not_applicable, note, updated_at)
		VALUES (?, ?, ?, ?, 0, '', ?)`)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	now := time.Now().UTC()
	n := 0
	for u, row := range points {
		for l, p := range row {
			if _, err := stmt.ExecContext(ctx, periodID, units[u], f.Nodes[f.Leaves[l]].Code, int64(p), now); err != nil {
				return 0, err
			}
			n++
		}
	}
	return n, tx.Commit()
}

// sumPoints is the database's own sum of the points of each unit of a
// tier: SUM ... GROUP BY over the stored integers. It returns the number
// of units summed and the grand total, in thousandths.
func sumPoints(ctx context.Context, st *store.Store, year int, tier string) (int, int64, error) {
	db, err := st.SQL()
	if err != nil {
		return 0, 0, err
	}
	periodID, tierID, err := ids(ctx, db, year, tier)
	if err != nil {
		return 0, 0, err
	}
	rows, err := db.QueryContext(ctx, `SELECT unit_id, SUM(points_milli) FROM scores
		WHERE period_id = ? AND unit_id IN (SELECT id FROM units WHERE tier_id = ?)
		GROUP BY unit_id`, periodID, tierID)
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
