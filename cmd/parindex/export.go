package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/parindex/parindex/internal/results"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/xlsx"
)

// export writes a year's results workbook to a file: the live results with
// every leaf (what GET /api/v1/periods/{year}/report.xlsx serves), or with
// --published the published snapshot's (the public route's, byte for byte).
func export(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs, getenv)
	year := fs.Int("year", 0, "the assessment year, e.g. 2016 (required)")
	out := fs.String("out", "", "the workbook to write, e.g. report.xlsx (required)")
	published := fs.Bool("published", false, "write the published snapshot's workbook instead of the live results")
	version := fs.Int("version", 0, "with --published: that version (default the latest)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	case *year == 0 || *out == "":
		return errors.New("usage: parindex export --year 2016 --out report.xlsx [--db parindex.db] [--published [--version N]]")
	}
	st, err := openExisting(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	var rep xlsx.Report
	if *published {
		rep, err = publishedReport(ctx, st, *year, *version)
	} else {
		rep, err = liveReport(ctx, st, *year)
	}
	if err != nil {
		return err
	}
	if isTerminal(stderr) {
		rep.Progress = progressBar(stderr, "parindex export")
	}
	units := 0
	for _, t := range rep.Tiers {
		units += len(t.Results.Units)
	}
	if err := writeFile(*out, func(w io.Writer) error { return xlsx.WriteReport(w, rep) }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: results of %d, %d tiers, %d units\n", *out, *year, len(rep.Tiers), units)
	return nil
}

func liveReport(ctx context.Context, st *store.Store, year int) (xlsx.Report, error) {
	p, err := st.Period(ctx, year)
	if err != nil {
		return xlsx.Report{}, err
	}
	tiers, err := st.PeriodResults(ctx, p)
	if err != nil {
		return xlsx.Report{}, err
	}
	return xlsx.Report{Year: p.Year, Title: p.Title, At: time.Now(), Tiers: tiers}, nil
}

func publishedReport(ctx context.Context, st *store.Store, year, version int) (xlsx.Report, error) {
	snap, err := st.Snapshot(ctx, year, version)
	if err != nil {
		return xlsx.Report{}, err
	}
	doc, pub, err := results.Decode(snap)
	if err != nil {
		return xlsx.Report{}, err
	}
	rep := xlsx.Report{Year: doc.Year, Title: doc.Title, Published: pub, At: snap.PublishedAt}
	for _, t := range doc.Tiers {
		rep.Tiers = append(rep.Tiers, xlsx.ReportTier{Results: t})
	}
	return rep, nil
}

// writeFile writes to a temporary file beside path and renames it, so that
// a failed export never leaves half a workbook.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".parindex-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressBar draws "label [#####-----]  52%" on one terminal line.
func progressBar(w io.Writer, label string) func(done, total int) {
	last := -1
	return func(done, total int) {
		if total <= 0 {
			return
		}
		pct := done * 100 / total
		if pct == last {
			return
		}
		last = pct
		n := pct * 30 / 100
		fmt.Fprintf(w, "\r%s [%s%s] %3d%%", label, strings.Repeat("#", n), strings.Repeat("-", 30-n), pct)
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}
