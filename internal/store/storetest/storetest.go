// Package storetest opens a fresh store for a test: a SQLite file by
// default, or a new PostgreSQL database when PARINDEX_TEST_POSTGRES_URL is
// set (CI sets it, so every store and HTTP test runs on both engines).
package storetest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/parindex/parindex/internal/pgtest"
	"github.com/parindex/parindex/internal/store"
)

// EnvPostgres names the variable holding the PostgreSQL server URL.
const EnvPostgres = "PARINDEX_TEST_POSTGRES_URL"

// URL returns a database URL for one test: a file in the test's temporary
// directory, or a new PostgreSQL database dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgres)
	if admin == "" {
		return filepath.Join(t.TempDir(), "parindex.db")
	}
	u, drop, err := pgtest.NewDatabase(context.Background(), admin)
	if err != nil {
		t.Fatalf("%s is set but: %v", EnvPostgres, err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Errorf("dropping the test database: %v", err)
		}
	})
	return u
}

// Open returns a migrated store on a fresh database, closed when the test ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// Engine names the engine the tests run on.
func Engine() string {
	if os.Getenv(EnvPostgres) != "" {
		return "postgres"
	}
	return "sqlite"
}
