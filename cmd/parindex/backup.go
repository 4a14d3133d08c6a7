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
	dsn := getenv("PARINDEX_DATABASE_URL")
	if dsn == "" {
		dsn = config.Defaults().DatabaseURL
	}
	out := fs.String("out", "", "the backup file to write; it must not exist yet (required)")
	fs.StringVar(&dsn, "db", dsn, "the database to copy (PARINDEX_DATABASE_URL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	case *out == "":
		return errors.New("usage: parindex backup --out FILE [--db parindex.db]")
	case store.IsPostgres(dsn):
		fmt.Fprintln(stderr, "parindex backup copies the embedded SQLite database;", pgDumpAdvice)
		return errors.New("backup: the database is PostgreSQL: use pg_dump (see README.md, Running on PostgreSQL)")
	}
	if !strings.HasPrefix(dsn, "file:") {
		if _, err := os.Stat(dsn); err != nil {
			return fmt.Errorf("backup: no database at %s: %w", dsn, err)
		}
	}
	st, err := store.Connect(dsn)
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
