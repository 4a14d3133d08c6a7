package store

import (
	"context"
	"strings"
)

// IntegrityCheck asks the database to check itself and returns what it
// found: ["ok"] for a sound SQLite file (PRAGMA integrity_check). PostgreSQL
// checks its pages itself; there the answer is ["ok"] when it answers.
func (s *Store) IntegrityCheck(ctx context.Context) ([]string, error) {
	if s.dialect == postgresDialect {
		return []string{"ok"}, s.Ping(ctx)
	}
	var lines []string
	if err := s.db.WithContext(ctx).Raw("PRAGMA integrity_check").Scan(&lines).Error; err != nil {
		return nil, err
	}
	var fks []struct{ Table string }
	if err := s.db.WithContext(ctx).Raw("PRAGMA foreign_key_check").Scan(&fks).Error; err != nil {
		return nil, err
	}
	for _, fk := range fks {
		lines = append(lines, "foreign key violation in "+fk.Table)
	}
	return lines, nil
}

// IntegrityOK reports whether IntegrityCheck found nothing wrong.
func IntegrityOK(lines []string) bool {
	return len(lines) == 1 && strings.EqualFold(lines[0], "ok")
}
