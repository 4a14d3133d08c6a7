// Package demo loads the demo province: Lai Châu's 2016 assessment.
package demo

import (
	"context"

	"github.com/parindex/parindex/internal/store"
)

// Load fills an empty database (one without periods) with the demo data
// and publishes it. It reports whether it loaded anything.
func Load(ctx context.Context, st *store.Store) (bool, error) {
	return false, nil
}
