package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/parindex/parindex/internal/bench"
	"github.com/parindex/parindex/internal/config"
)

// benchCmd runs the benchmark suite and prints its table; --out also
// writes it, with the machine it ran on, to a file.
func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	quick := fs.Bool("quick", false, "short runs and no 20,000-unit tier (CI: under a minute)")
	units := fs.Int("units", 2000, "units of the large synthetic tier")
	criteria := fs.Int("criteria", 120, "scored criteria (leaves) of its framework")
	out := fs.String("out", "", "also write the table, with the machine described, to this file")
	profile := fs.String("profile", "", "write a CPU profile of each part to this directory (go tool pprof)")
	dir := fs.String("dir", "", "directory for the temporary databases (default: the system's)")
	only := fs.String("only", "", "run only these parts, comma-separated: public, upsert, results, workbook, growth (with results), evidence")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	case *units < 1 || *units > 100_000 || *criteria < 1 || *criteria > 1000:
		return errors.New("--units must be 1..100000 and --criteria 1..1000")
	}
	cfg := bench.Defaults(*quick)
	cfg.Units, cfg.Criteria, cfg.Dir, cfg.Log, cfg.Profile = *units, *criteria, *dir, stderr, *profile
	cfg.WriteRate = config.DefaultWriteRate
	if *only != "" {
		cfg.Only = strings.Split(*only, ",")
	}
	if exe, err := os.Executable(); err == nil {
		cfg.Exe = exe
	}
	budget := 10 * time.Minute
	if *quick {
		budget = 3 * time.Minute // about 40 s; room for a busy CI machine
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	start, loadBefore := time.Now(), bench.LoadAverage()
	rows, err := bench.Run(ctx, cfg)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("bench: over its budget of %s: %w", budget, err)
		}
		return fmt.Errorf("bench: %w", err)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "parindex bench%s: %d units × %d criteria, %s on %s\n\n", map[bool]string{true: " --quick"}[*quick],
		*units, *criteria, time.Since(start).Round(time.Second), bench.Machine())
	bench.Print(&buf, rows)
	fmt.Fprintf(&buf, "\n%d of %d targets met (%s, GOMAXPROCS %d; load average %s before, %s after)\n", bench.Targets(rows)-bench.Missed(rows), bench.Targets(rows),
		runtime.Version(), runtime.GOMAXPROCS(0), loadBefore, bench.LoadAverage())
	if _, err := stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	if *out != "" {
		return os.WriteFile(*out, buf.Bytes(), 0o644)
	}
	return nil
}
