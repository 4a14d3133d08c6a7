// Package migrations holds the versioned SQL schema, embedded in the binary
// and applied in order on start by the store (with goose).
package migrations

import "embed"

// SQLite is the schema for the embedded default engine.
//
//go:embed sqlite/*.sql
var SQLite embed.FS

// Postgres is the same schema for PostgreSQL: the files pair up by number,
// and differ only where the engines' SQL does.
//
//go:embed postgres/*.sql
var Postgres embed.FS
