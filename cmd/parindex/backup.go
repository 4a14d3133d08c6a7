package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/parindex/parindex/internal/config"
	"github.com/parindex/parindex/internal/store"
)

const pgDumpAdvice = `on PostgreSQL, back up with PostgreSQL's own tools:
  pg_dump --format=custom --file=parindex.dump "$PARINDEX_DATABASE_URL"
and restore into a new, empty database with:
  pg_restore --no-owner --dbname="postgres://.../parindex_restored" parindex.dump`

// backup writes an online, consistent copy of the SQLite database to a new
// file; the service may keep running meanwhile. PostgreSQL has pg_dump.
func backup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs, getenv)
	out := fs.String("out", "", "the backup file to write; it must not exist yet (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dsn := *db
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	case *out == "":
		return errors.New("usage: parindex backup --out FILE [--db parindex.db]")
	case store.IsPostgres(dsn):
		fmt.Fprintln(stderr, "parindex backup copies the embedded SQLite database;", pgDumpAdvice)
		return errors.New("backup: the database is PostgreSQL: use pg_dump (see README.md, Running on PostgreSQL)")
	}
	st, err := openExisting(dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", dsn, *out)
	return nil
}

// openExisting connects to a database that must already exist: a command
// pointed at a mistyped SQLite path says so instead of creating an empty
// database there.
func openExisting(dsn string) (*store.Store, error) {
	if !store.IsPostgres(dsn) && !strings.HasPrefix(dsn, "file:") {
		if _, err := os.Stat(dsn); err != nil {
			return nil, fmt.Errorf("no database at %s (set PARINDEX_DATABASE_URL or --db): %w", dsn, err)
		}
	}
	return store.Connect(dsn)
}

// dbFlag registers --db on fs, defaulting to PARINDEX_DATABASE_URL or
// parindex.db: the one way every command is told its database.
func dbFlag(fs *flag.FlagSet, getenv func(string) string) *string {
	dsn := getenv("PARINDEX_DATABASE_URL")
	if dsn == "" {
		dsn = config.Defaults().DatabaseURL
	}
	return fs.String("db", dsn, "SQLite database file or postgres:// URL (PARINDEX_DATABASE_URL)")
}
