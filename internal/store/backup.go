package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// MigrationsCurrent reports whether every migration of this binary has
// been applied to the database. It takes no migration lock, so it answers
// while another instance migrates (false, until that instance is done).
func (s *Store) MigrationsCurrent(ctx context.Context) (bool, error) {
	p, err := s.provider()
	if err != nil {
		return false, err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return false, err
	}
	return !pending, nil
}

// ErrBackupUnsupported is returned by Backup on PostgreSQL, whose own tools
// (pg_dump, pg_restore) make consistent online copies.
var ErrBackupUnsupported = errors.New("backup copies SQLite databases; on PostgreSQL use pg_dump -Fc (and pg_restore to restore)")

// Backup writes a consistent copy of a SQLite database to a new file while
// the service keeps running (VACUUM INTO reads one snapshot of the
// database). It refuses to overwrite an existing file.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect != sqliteDialect {
		return ErrBackupUnsupported
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if err := s.db.WithContext(ctx).Exec("VACUUM INTO ?", path).Error; err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
