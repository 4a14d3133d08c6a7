package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// copiedTables are the tables a data move copies, each after the tables it
// references. Columns are not listed: each row is read as the source has
// it and written under the same column names.
var copiedTables = []string{
	"tiers", "units", "users", "periods", "frameworks", "criteria", "bands",
	"scores", "snapshots", "council_units", "unit_revisions",
	"evidence_blobs", "evidence_chunks", "evidence",
	"remarks", "audit_log", "news", "news_attachments", "news_related",
	"period_units",
}

// skippedTables are left behind on purpose: login tokens and browser
// sessions (everyone logs in again on the new database) and the migration tool's own bookkeeping;
// also the sign-in throttle's and the rate limit's counters, which expire
// within the hour (the audit log, copied, keeps what they recorded).
var skippedTables = map[string]bool{"tokens": true, "sessions": true, "goose_db_version": true,
	"login_failures": true, "login_refusals": true, "rate_limits": true}

// seededTiers are the tiers the first migration creates; a target holding
// only these is still empty.
var seededTiers = map[string]bool{"department": true, "district": true}

// TableCount is the number of rows of one table.
type TableCount struct {
	Table string
	Rows  int64
}

// CopyData copies every table of src (rows, ids and all) into dst, whose
// migrations must be current and which must hold no data yet, in one
// transaction on dst: the move happens whole or not at all. The source is
// read in one transaction too, so the copy is consistent; stop the service
// first anyway, or its writes queue behind the move. Counts are checked in
// the target before it commits. PostgreSQL sequences are reset past the
// copied ids, so new rows get new ones. A source holding control
// characters is refused before anything is copied (see CopyOptions).
func CopyData(ctx context.Context, src, dst *Store, opts ...CopyOptions) ([]TableCount, error) {
	opt := copyOptions(opts)
	for _, st := range []*Store{src, dst} {
		current, err := st.MigrationsCurrent(ctx)
		if err != nil {
			return nil, err
		}
		if !current {
			return nil, fmt.Errorf("copy data: a database has pending migrations; run parindex migrate on it first")
		}
	}
	if err := checkTables(ctx, src); err != nil {
		return nil, err
	}
	var counts []TableCount
	err := src.db.WithContext(ctx).Transaction(func(from *gorm.DB) error {
		if err := checkSourceText(from, opt); err != nil {
			return err
		}
		return dst.db.WithContext(ctx).Transaction(func(to *gorm.DB) error {
			if err := ensureEmpty(to); err != nil {
				return err
			}
			if err := to.Exec("DELETE FROM tiers").Error; err != nil {
				return err
			}
			counts = counts[:0]
			for _, table := range copiedTables {
				n, err := copyTable(from, to, dst.dialect, table, opt.fix(table))
				if err != nil {
					return fmt.Errorf("copy %s: %w", table, err)
				}
				var got int64
				if err := to.Raw("SELECT COUNT(*) FROM " + quoteIdent(table)).Scan(&got).Error; err != nil {
					return err
				}
				if got != n {
					return fmt.Errorf("copy %s: %d rows read but %d in the target", table, n, got)
				}
				counts = append(counts, TableCount{Table: table, Rows: n})
			}
			if dst.dialect == postgresDialect {
				return resetSequences(to)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// RowCounts counts the rows of every table a data move copies.
func (s *Store) RowCounts(ctx context.Context) ([]TableCount, error) {
	out := make([]TableCount, 0, len(copiedTables))
	for _, table := range copiedTables {
		var n int64
		if err := s.db.WithContext(ctx).Raw("SELECT COUNT(*) FROM " + quoteIdent(table)).Scan(&n).Error; err != nil {
			return nil, err
		}
		out = append(out, TableCount{Table: table, Rows: n})
	}
	return out, nil
}

// checkTables refuses a source with a table the move does not know, so a
// new migration cannot be forgotten here silently.
func checkTables(ctx context.Context, st *Store) error {
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if st.dialect == postgresDialect {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	}
	var names []string
	if err := st.db.WithContext(ctx).Raw(q).Scan(&names).Error; err != nil {
		return err
	}
	known := map[string]bool{}
	for _, t := range copiedTables {
		known[t] = true
	}
	var unknown []string
	for _, n := range names {
		if !known[n] && !skippedTables[n] {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("copy data: the source has tables this version does not know how to copy: %s", strings.Join(unknown, ", "))
	}
	return nil
}

// ensureEmpty refuses a target that holds anything but the seeded tiers.
func ensureEmpty(to *gorm.DB) error {
	var tiers []string
	if err := to.Raw("SELECT code FROM tiers").Scan(&tiers).Error; err != nil {
		return err
	}
	for _, code := range tiers {
		if !seededTiers[code] {
			return fmt.Errorf("copy data: the target is not empty (it has tier %q); migrate into a new, empty database", code)
		}
	}
	others := append([]string{"tokens"}, copiedTables[1:]...)
	for _, table := range others {
		var n int64
		if err := to.Raw("SELECT COUNT(*) FROM " + quoteIdent(table)).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("copy data: the target is not empty (%s has %d rows); migrate into a new, empty database", table, n)
		}
	}
	return nil
}

// maxBatchBytes bounds the text and bytes of one batch of copied rows.
const maxBatchBytes = 8 << 20

// copyTable copies the rows of one table in batches and returns how many.
func copyTable(from, to *gorm.DB, dialect, table string, fix func(column string, id, v any) any) (int64, error) {
	types, err := columnTypes(to, dialect, table)
	if err != nil {
		return 0, err
	}
	rows, err := from.Raw("SELECT * FROM " + quoteIdent(table)).Rows()
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	quoted := make([]string, len(cols))
	for i, c := range cols {
		if _, ok := types[c]; !ok {
			return 0, fmt.Errorf("the target has no column %s.%s", table, c)
		}
		quoted[i] = quoteIdent(c)
	}
	// PostgreSQL takes at most 65,535 parameters in one statement.
	batch := min(500, 60000/len(cols))
	insert := "INSERT INTO " + quoteIdent(table) + " (" + strings.Join(quoted, ", ") + ") VALUES "
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	var args []any
	var pending, total, bytes int64
	flush := func() error {
		if pending == 0 {
			return nil
		}
		values := strings.TrimSuffix(strings.Repeat(row+", ", int(pending)), ", ")
		if err := to.Exec(insert+values, args...).Error; err != nil {
			return err
		}
		clear(args)
		args, pending, bytes = args[:0], 0, 0
		return nil
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return 0, err
		}
		for i, c := range cols {
			v, err := convert(vals[i], types[c])
			if err != nil {
				return 0, fmt.Errorf("row %d, column %s: %w", total+1, c, err)
			}
			if fix != nil {
				v = fix(c, rowID(cols, vals), v)
			}
			args = append(args, v)
			switch x := v.(type) {
			case []byte:
				bytes += int64(len(x))
			case string:
				bytes += int64(len(x))
			}
		}
		pending++
		total++
		// Evidence chunks are a MiB each: a statement carries at most
		// maxBatchBytes of values, so memory stays bounded.
		if pending == int64(batch) || bytes >= maxBatchBytes {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return total, flush()
}

// columnTypes maps each column of a target table to its declared type,
// lower case: what a source value must be turned into.
func columnTypes(to *gorm.DB, dialect, table string) (map[string]string, error) {
	q := "SELECT name, type FROM pragma_table_info(?)"
	if dialect == postgresDialect {
		q = "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?"
	}
	rows, err := to.Raw(q, table).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	types := map[string]string{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, err
		}
		types[name] = strings.ToLower(typ)
	}
	if len(types) == 0 {
		return nil, fmt.Errorf("the target has no table %s", table)
	}
	return types, rows.Err()
}

// convert turns a value as the source driver returns it into what the
// target column takes: SQLite keeps booleans as integers, and may hand back
// text and times as bytes or strings.
func convert(v any, typ string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch {
	case typ == "boolean":
		switch x := v.(type) {
		case int64:
			return x != 0, nil
		case bool:
			return x, nil
		}
	case typ == "bytea":
		if s, ok := v.(string); ok {
			return []byte(s), nil
		}
	case strings.HasPrefix(typ, "timestamp"):
		switch x := v.(type) {
		case string:
			return parseTime(x)
		case []byte:
			return parseTime(string(x))
		}
	case typ == "text":
		if b, ok := v.([]byte); ok {
			return string(b), nil
		}
	}
	return v, nil
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time", s)
}

// resetSequences moves each table's id sequence past the copied ids.
func resetSequences(to *gorm.DB) error {
	for _, table := range copiedTables {
		types, err := columnTypes(to, postgresDialect, table)
		if err != nil {
			return err
		}
		if _, ok := types["id"]; !ok {
			continue // council_units, unit_revisions, news_related: keys of other tables
		}
		var seq sql.NullString
		if err := to.Raw("SELECT pg_get_serial_sequence(?, 'id')", table).Scan(&seq).Error; err != nil {
			return err
		}
		if !seq.Valid {
			continue
		}
		q := "SELECT setval(?, COALESCE((SELECT MAX(id) FROM " + quoteIdent(table) + "), 0) + 1, false)"
		if err := to.Exec(q, seq.String).Error; err != nil {
			return fmt.Errorf("reset sequence of %s: %w", table, err)
		}
	}
	return nil
}

func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
