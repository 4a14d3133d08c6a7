package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
)

// NewPostgresDatabase creates an empty database on the server of adminURL,
// for one test or one benchmark, and returns its URL and a function that
// drops it.
func NewPostgresDatabase(ctx context.Context, adminURL string) (string, func() error, error) {
	admin, err := Connect(adminURL)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	name := "parindex_t_" + hex.EncodeToString(b)
	if err := admin.db.WithContext(ctx).Exec("CREATE DATABASE " + name).Error; err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create test database: %w", err)
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() error {
		defer admin.Close()
		return admin.db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").Error
	}
	return u.String(), drop, nil
}
