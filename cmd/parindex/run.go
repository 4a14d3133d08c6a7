package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/parindex/parindex/internal/config"
	"github.com/parindex/parindex/internal/demo"
	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/store"
)

const usage = `usage: parindex <command> [flags]

commands:
  serve [--demo] [--addr :8080] [--db parindex.db]   run the HTTP service
  migrate [status]                                   apply (or list) database migrations
  user add|passwd|disable --username NAME ...        manage accounts (password on standard input)
  export --year 2016 --out report.xlsx [--published]  write the results workbook (Excel) of a year
  bench [--quick] [--units 2000 --criteria 120] [--out FILE] [--only public,...]  measure the service against its targets (temporary database, 127.0.0.1 only)
  healthcheck [URL]                                  exit 0 when the service answers /healthz (for containers)
  backup --out FILE [--db parindex.db]               online, consistent copy of the SQLite database (PostgreSQL: pg_dump)
  migrate-data --from FILE.db --to postgres://...    move every table from SQLite into a new, empty PostgreSQL database

settings come from PARINDEX_* environment variables; see README.md`

// run is the whole program; main only supplies the process's environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		return errors.New(usage)
	}
	switch args[1] {
	case "serve":
		return serve(ctx, args[2:], getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, args[2:], getenv, stdout, stderr)
	case "user":
		return userCmd(ctx, args[2:], getenv, os.Stdin, stdout)
	case "export":
		return export(ctx, args[2:], getenv, stdout, stderr)
	case "bench":
		return benchCmd(ctx, args[2:], stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, args[2:], getenv)
	case "backup":
		return backup(ctx, args[2:], getenv, stdout, stderr)
	case "migrate-data":
		return migrateData(ctx, args[2:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", args[1], usage)
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Load(args, getenv, stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if cfg.AdminPassword != "" {
		hash, err := httpapi.HashPassword(cfg.AdminPassword)
		if err != nil {
			return err
		}
		created, err := st.CreateFirstAdmin(ctx, "admin", hash)
		if err != nil {
			return err
		}
		if created {
			log.Info("created user admin from PARINDEX_ADMIN_PASSWORD")
		}
	}
	if cfg.Demo {
		loaded, err := demo.LoadWorkspace(ctx, st, httpapi.HashPassword)
		if err != nil {
			return fmt.Errorf("loading the demo data: %w", err)
		}
		if loaded {
			log.Info("loaded the demo province: Lai Châu, 2016 published and 2017 in appraisal, with the demo accounts (unit-level scores are illustrative)")
		} else {
			log.Info("the database already has periods: the demo data was not loaded")
		}
	}
	handler := httpapi.New(st, httpapi.Options{TokenTTL: cfg.TokenTTL, BodyLimit: cfg.BodyLimit, Logger: log, EmbedOrigins: cfg.EmbedOrigins, WriteRate: cfg.WriteRate,
		TrustedProxies: cfg.TrustedProxies, EvidenceMaxBytes: cfg.EvidenceMaxBytes, PublicURL: cfg.PublicURL})
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: cfg.ReadHeaderTimeout, ReadTimeout: config.ReadTimeout,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	fmt.Fprintf(stdout, "parindex listening on http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	args = fs.Args()
	st, err := store.Connect(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	switch {
	case len(args) == 0:
		if err := st.Migrate(ctx); err != nil {
			return err
		}
	case len(args) == 1 && args[0] == "status":
	default:
		return fmt.Errorf("usage: parindex migrate [status]")
	}
	lines, err := st.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	return nil
}

func healthcheck(ctx context.Context, args []string, getenv func(string) string) error {
	url := "http://127.0.0.1:8080/healthz"
	if host, port, err := net.SplitHostPort(getenv("PARINDEX_ADDR")); err == nil && port != "" {
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "127.0.0.1" // listening on every address includes loopback
		}
		url = "http://" + net.JoinHostPort(host, port) + "/healthz"
	}
	if len(args) == 1 {
		url = args[0]
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", url, res.Status)
	}
	return nil
}
