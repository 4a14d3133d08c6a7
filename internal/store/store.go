// Package store keeps parindex's data. It is the only package that imports
// gorm and the migration tool; everything above it sees domain values.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/migrations"
)

// Store is the database behind the service.
type Store struct {
	db      *gorm.DB
	now     func() time.Time
	dialect string // sqliteDialect or postgresDialect, where their SQL differs
}

const (
	sqliteDialect   = "sqlite"
	postgresDialect = "postgres"
)

// aggregate is the string aggregate function of the dialect.
func (s *Store) aggregate(expr, sep string) string {
	if s.dialect == postgresDialect {
		return "string_agg(" + expr + ", " + sep + ")"
	}
	return "group_concat(" + expr + ", " + sep + ")"
}

// Open connects to the database named by dsn (a postgres:// URL, or a
// SQLite file path or file: URI) and applies pending migrations.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := Connect(dsn)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// IsPostgres reports whether a database URL names PostgreSQL rather than a
// SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Connect opens the database without migrating it: a postgres:// URL, or
// else a SQLite file path.
func Connect(dsn string) (*Store, error) {
	dialect, open := sqliteDialect, sqlite.Open(sqliteDSN(dsn))
	if IsPostgres(dsn) {
		dialect, open = postgresDialect, postgres.Open(dsn)
	}
	db, err := gorm.Open(open, &gorm.Config{
		Logger:                 logger.Discard,
		TranslateError:         true,
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", redact(dsn), err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	if dialect == sqliteDialect {
		// One writer at a time is SQLite's model; immediate transactions and
		// a busy timeout make writers queue instead of failing with "locked".
		sqlDB.SetMaxOpenConns(4)
	} else {
		sqlDB.SetMaxOpenConns(16)
	}
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqlDB.Ping(); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open %s: %w", redact(dsn), err)
	}
	return &Store{db: db, now: func() time.Time { return time.Now().UTC() }, dialect: dialect}, nil
}

// redact hides a URL's password before it reaches a log or an error.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// sqliteDSN adds the settings every connection needs: WAL, a busy timeout,
// foreign keys and immediate write transactions.
func sqliteDSN(path string) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "on")
	q.Set("_txlock", "immediate")
	q.Set("_synchronous", "NORMAL")
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	if !strings.HasPrefix(path, "file:") {
		path = "file:" + path
	}
	return path + sep + q.Encode()
}

// Close releases the database.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

func (s *Store) provider() (*goose.Provider, error) {
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, err
	}
	if s.dialect == postgresDialect {
		fsys, err := fs.Sub(migrations.Postgres, "postgres")
		if err != nil {
			return nil, err
		}
		// Instances starting together migrate once: a session advisory lock.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		return goose.NewProvider(goose.DialectPostgres, sqlDB, fsys, goose.WithSessionLocker(locker))
	}
	fsys, err := fs.Sub(migrations.SQLite, "sqlite")
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.DialectSQLite3, sqlDB, fsys)
}

// Migrate applies every pending migration, each in its own transaction.
func (s *Store) Migrate(ctx context.Context) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return s.fillNameKeys(ctx)
}

// MigrationStatus lists each migration and whether it has been applied.
func (s *Store) MigrationStatus(ctx context.Context) ([]string, error) {
	p, err := s.provider()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range st {
		out = append(out, fmt.Sprintf("%05d %-8s %s", m.Source.Version, m.State, m.Source.Path))
	}
	return out, nil
}

// InTx runs fn with a Store whose every call is part of one transaction:
// all of them are kept, or none.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(&Store{db: tx, now: s.now, dialect: s.dialect})
	})
}

// tx runs fn in one transaction: everything or nothing.
func (s *Store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(fn)
}

// notFound turns gorm's "no row" into the domain's not-found error, with
// the message key and its arguments.
func notFound(err error, key string, args ...any) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return score.E(score.ENOTFOUND, key, args...)
	}
	return err
}

// conflict turns a unique-constraint violation into the domain's conflict.
func conflict(err error, key string, args ...any) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return score.E(score.ECONFLICT, key, args...)
	}
	return err
}

// SQL is the store's database/sql pool, for the benchmark suite's floors
// (what the database does with no validation, diff or audit).
func (s *Store) SQL() (*sql.DB, error) { return s.db.DB() }
