package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
)

// Unit names are held to textrule.Name (NFC, no control or invisible
// character) and are unique in their tier under textrule.NameKey: the
// check runs inside the write's transaction, and the unique index on
// (tier_id, name_key) refuses the second of two creations that ran at once.

// unitName returns a unit's name as stored, or a 422 naming the field.
func unitName(code, name string) (string, error) {
	clean, err := textrule.Name(name)
	if err != nil {
		return "", &score.Error{Code: score.EUNPROCESSABLE, Key: "error.unit.name", Args: []any{err},
			Details: []score.Problem{{Unit: code, Field: "name", Key: "error.unit.name", Args: []any{err}}}}
	}
	return clean, nil
}

// unitNameFree refuses a name whose key another unit of the tier (other
// than the unit with id except) already has.
func unitNameFree(tx *gorm.DB, tierID int64, key string, except int64, name string) error {
	var other struct{ Code, Name string }
	err := tx.Raw("SELECT code, name FROM units WHERE tier_id = ? AND name_key = ? AND id <> ?", tierID, key, except).Take(&other).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return nil
	case err != nil:
		return err
	}
	taken := score.P("error.unit.name_same", other.Code, other.Name)
	taken.Unit, taken.Field = other.Code, "name"
	return &score.Error{Code: score.ECONFLICT, Key: "error.unit.name_is_taken", Args: []any{name, taken},
		Details: []score.Problem{taken}}
}

// fillNameKeys gives the units written before name keys existed their
// key. Where two of them already share one, the first keeps it and the
// other stays without (conflicting with nothing) until it is renamed.
func (s *Store) fillNameKeys(ctx context.Context) error {
	var rows []struct {
		ID   int64
		Name string
	}
	db := s.db.WithContext(ctx)
	if err := db.Raw("SELECT id, name FROM units WHERE name_key IS NULL ORDER BY id").Scan(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		err := db.Exec("UPDATE units SET name_key = ? WHERE id = ? AND name_key IS NULL", textrule.NameKey(r.Name), r.ID).Error
		if err != nil && !errors.Is(err, gorm.ErrDuplicatedKey) {
			return fmt.Errorf("fill the name key of unit %d: %w", r.ID, err)
		}
	}
	return nil
}
