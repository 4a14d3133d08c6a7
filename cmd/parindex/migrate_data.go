package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/parindex/parindex/internal/store"
)

// migrateData moves a province from the embedded SQLite file to PostgreSQL:
// every table with its ids, in one transaction on the target, which must be
// empty. Login tokens are not copied: everyone logs in again.
func migrateData(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate-data", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "the SQLite database file to copy (required)")
	to := fs.String("to", "", "the postgres:// URL of a new, empty database (required)")
	escapeAudit := fs.Bool("escape-audit", false, `copy audit log values holding control characters with them written as \u0000 (the log refuses corrections); each is listed`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	case *from == "" || *to == "":
		return errors.New("usage: parindex migrate-data --from parindex.db --to postgres://user@host:5432/parindex")
	case store.IsPostgres(*from):
		return errors.New("migrate-data: --from is the SQLite file to move from")
	case !store.IsPostgres(*to):
		return errors.New("migrate-data: --to must be a postgres:// URL")
	}
	if _, err := os.Stat(*from); err != nil {
		return fmt.Errorf("migrate-data: no database at %s: %w", *from, err)
	}
	src, err := store.Connect(*from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to) // applies the schema to the new database
	if err != nil {
		return err
	}
	defer dst.Close()
	opt := store.CopyOptions{EscapeAudit: *escapeAudit, Escaped: func(place string) {
		fmt.Fprintf(stdout, "%s: control characters written as \\u0000\n", place)
	}}
	counts, err := store.CopyData(ctx, src, dst, opt)
	if err != nil {
		return err
	}
	var total int64
	for _, c := range counts {
		fmt.Fprintf(stdout, "%-17s %8d rows\n", c.Table, c.Rows)
		total += c.Rows
	}
	fmt.Fprintf(stdout, "copied %d rows from %s; login tokens are not copied: users log in again\n", total, *from)
	return nil
}
