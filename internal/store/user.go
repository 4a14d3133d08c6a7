package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/workflow"
)

type userRow struct {
	ID           int64
	Username     string
	PasswordHash string
	Role         string
	UnitID       sql.NullInt64
	Active       bool
	CreatedAt    time.Time
}

func (userRow) TableName() string { return "users" }

type tokenRow struct {
	ID        int64
	UserID    int64
	TokenHash string
	ExpiresAt int64
	CreatedAt time.Time
}

func (tokenRow) TableName() string { return "tokens" }

// CreateUser adds a user with an already hashed password.
func (s *Store) CreateUser(ctx context.Context, u workflow.User, passwordHash string) (workflow.User, error) {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		row := userRow{Username: u.Username, PasswordHash: passwordHash, Role: u.Role, Active: true}
		if u.Unit != "" {
			unit, err := unitByCode(tx, u.Unit)
			if err != nil {
				return err
			}
			row.UnitID = sql.NullInt64{Int64: unit.ID, Valid: true}
		}
		if err := tx.Create(&row).Error; err != nil {
			return conflict(err, "error.user.exists", u.Username)
		}
		u.ID, u.Active, u.CreatedAt = row.ID, true, row.CreatedAt
		desc := u.Role
		if u.Unit != "" {
			desc += " of unit " + u.Unit
		}
		return record(ctx, tx, workflow.AuditEntry{Action: "create", Entity: "user", Field: u.Username, NewValue: strp(desc)})
	})
	return u, err
}

// CreateFirstAdmin creates the admin user only when there is no user at
// all, so that restarting with PARINDEX_ADMIN_PASSWORD set changes nothing.
func (s *Store) CreateFirstAdmin(ctx context.Context, username, passwordHash string) (bool, error) {
	created := false
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&userRow{}).Count(&n).Error; err != nil || n > 0 {
			return err
		}
		created = true
		if err := tx.Create(&userRow{Username: username, PasswordHash: passwordHash, Role: workflow.RoleAdmin, Active: true}).Error; err != nil {
			return err
		}
		return record(ctx, tx, workflow.AuditEntry{Action: "create", Entity: "user", Field: username, NewValue: strp(workflow.RoleAdmin), Reason: "first start with PARINDEX_ADMIN_PASSWORD"})
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return false, nil // another instance starting at the same time created it first
	}
	return created, err
}

func (s *Store) userQuery(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Table("users").
		Select("users.id, users.username, users.role, COALESCE(units.code, '') AS unit, users.active, users.created_at").
		Joins("LEFT JOIN units ON units.id = users.unit_id")
}

// Users lists every user by name, with council members' assigned units.
func (s *Store) Users(ctx context.Context) ([]workflow.User, error) {
	var out []workflow.User
	if err := s.userQuery(ctx).Order("users.username").Find(&out).Error; err != nil {
		return nil, err
	}
	var links []struct {
		UserID int64
		Code   string
	}
	err := s.db.WithContext(ctx).Raw("SELECT council_units.user_id, units.code FROM council_units JOIN units ON units.id = council_units.unit_id ORDER BY units.code").Scan(&links).Error
	byUser := map[int64][]string{}
	for _, l := range links {
		byUser[l.UserID] = append(byUser[l.UserID], l.Code)
	}
	for i := range out {
		out[i].Units = byUser[out[i].ID]
	}
	return out, err
}

// Credentials returns an active user and its password hash by username.
func (s *Store) Credentials(ctx context.Context, username string) (workflow.User, string, error) {
	var row userRow
	err := s.db.WithContext(ctx).Where("username = ? AND active", username).Take(&row).Error
	if err != nil {
		return workflow.User{}, "", notFound(err, "error.user.none")
	}
	u, err := s.User(ctx, username)
	return u, row.PasswordHash, err
}

// CreateToken records a session token by its hash.
func (s *Store) CreateToken(ctx context.Context, userID int64, tokenHash string, expires time.Time) error {
	return s.db.WithContext(ctx).Create(&tokenRow{UserID: userID, TokenHash: tokenHash, ExpiresAt: expires.Unix()}).Error
}

// UserByToken returns the active user holding an unexpired token.
func (s *Store) UserByToken(ctx context.Context, tokenHash string) (workflow.User, error) {
	var u workflow.User
	err := s.userQuery(ctx).
		Joins("JOIN tokens ON tokens.user_id = users.id").
		Where("tokens.token_hash = ? AND tokens.expires_at > ? AND users.active", tokenHash, s.now().Unix()).
		Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return workflow.User{}, score.E(score.EUNAUTHORIZED, "error.token.unknown")
	}
	if err != nil || u.Role != workflow.RoleCouncil {
		return u, err
	}
	u.Units, err = councilUnits(s.db.WithContext(ctx), u.ID)
	return u, err
}

// DeleteToken ends a session; expired tokens are swept at the same time.
func (s *Store) DeleteToken(ctx context.Context, tokenHash string) error {
	return s.db.WithContext(ctx).
		Where("token_hash = ? OR expires_at <= ?", tokenHash, s.now().Unix()).
		Delete(&tokenRow{}).Error
}

// UserChange is an edit of a user: nil fields stay as they are.
type UserChange struct {
	Active       *bool
	PasswordHash *string
	Units        *[]string // a council member's assigned units; empty means all
	Reason       string
}

// UpdateUser changes a user, audited. Disabling a user or changing its
// password ends its sessions.
func (s *Store) UpdateUser(ctx context.Context, username string, ch UserChange) (workflow.User, error) {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var row userRow
		if err := tx.Where("username = ?", username).Take(&row).Error; err != nil {
			return notFound(err, "error.user.not_found", username)
		}
		var audit []workflow.AuditEntry
		entry := func(field string, o, n *string) {
			audit = append(audit, workflow.AuditEntry{Action: "update", Entity: "user", Field: username + "." + field, OldValue: o, NewValue: n, Reason: ch.Reason})
		}
		revoke := false
		if ch.Active != nil && *ch.Active != row.Active {
			entry("active", strp(fmt.Sprint(row.Active)), strp(fmt.Sprint(*ch.Active)))
			row.Active, revoke = *ch.Active, revoke || !*ch.Active
		}
		if ch.PasswordHash != nil {
			entry("password", nil, strp("(changed)"))
			row.PasswordHash, revoke = *ch.PasswordHash, true
		}
		if err := tx.Select("active", "password_hash").Save(&row).Error; err != nil {
			return err
		}
		if revoke {
			if err := tx.Where("user_id = ?", row.ID).Delete(&tokenRow{}).Error; err != nil {
				return err
			}
			if err := endSessions(tx, row.ID); err != nil {
				return err
			}
		}
		if ch.Units != nil {
			if row.Role != workflow.RoleCouncil {
				return score.E(score.EUNPROCESSABLE, "error.user.assign_council", username, score.RoleTerm(row.Role))
			}
			old, err := councilUnits(tx, row.ID)
			if err != nil {
				return err
			}
			if err := tx.Exec("DELETE FROM council_units WHERE user_id = ?", row.ID).Error; err != nil {
				return err
			}
			for _, code := range *ch.Units {
				u, err := unitByCode(tx, code)
				if err != nil {
					return err
				}
				if err := tx.Exec("INSERT INTO council_units (user_id, unit_id) VALUES (?, ?) ON CONFLICT DO NOTHING", row.ID, u.ID).Error; err != nil {
					return err
				}
			}
			want := slices.Clone(*ch.Units)
			slices.Sort(want)
			want = slices.Compact(want)
			if !slices.Equal(old, want) {
				entry("units", strp(strings.Join(old, ",")), strp(strings.Join(want, ",")))
			}
		}
		return record(ctx, tx, audit...)
	})
	if err != nil {
		return workflow.User{}, err
	}
	return s.User(ctx, username)
}

// User returns a user by name, with a council member's assigned units.
func (s *Store) User(ctx context.Context, username string) (workflow.User, error) {
	var u workflow.User
	if err := s.userQuery(ctx).Where("users.username = ?", username).Take(&u).Error; err != nil {
		return workflow.User{}, notFound(err, "error.user.not_found", username)
	}
	units, err := councilUnits(s.db.WithContext(ctx), u.ID)
	u.Units = units
	return u, err
}

func councilUnits(db *gorm.DB, userID int64) ([]string, error) {
	var codes []string
	err := db.Raw("SELECT units.code FROM council_units JOIN units ON units.id = council_units.unit_id WHERE council_units.user_id = ? ORDER BY units.code", userID).Scan(&codes).Error
	return codes, err
}
