package store

import (
	"context"
	"errors"
	"github.com/parindex/parindex/internal/workflow"
	"time"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/score"
)

// Session is a browser session (the pages under /app): the signed-in
// user and the session's form token. Its id is known only to the browser;
// the table keeps its hash.
type Session struct {
	User      workflow.User
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
}

type sessionRow struct {
	ID        int64
	IDHash    string
	UserID    int64
	CSRF      string `gorm:"column:csrf"`
	CreatedAt int64  `gorm:"autoCreateTime:false"`
	LastSeen  int64
	ExpiresAt int64
}

func (sessionRow) TableName() string { return "sessions" }

// StartSession records a new session of a user by the hash of its id,
// ending the session the browser held before (oldIDHash, "" for none: a
// login rotates the id) and sweeping expired sessions, in one transaction.
func (s *Store) StartSession(ctx context.Context, userID int64, idHash, csrf, oldIDHash string, expires time.Time) error {
	now := s.now().Unix()
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id_hash = ? OR expires_at <= ?", oldIDHash, now).Delete(&sessionRow{}).Error; err != nil {
			return err
		}
		return tx.Create(&sessionRow{IDHash: idHash, UserID: userID, CSRF: csrf, CreatedAt: now, LastSeen: now, ExpiresAt: expires.Unix()}).Error
	})
}

// SessionByID returns the live session with the hash idHash of an active
// user: not past its absolute expiry and seen within idle. It moves the
// session's last use to now (at most one write a minute per session).
func (s *Store) SessionByID(ctx context.Context, idHash string, idle time.Duration) (Session, error) {
	now := s.now()
	var row sessionRow
	db := s.db.WithContext(ctx)
	err := db.Where("id_hash = ? AND expires_at > ? AND last_seen > ?", idHash, now.Unix(), now.Add(-idle).Unix()).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Session{}, score.E(score.EUNAUTHORIZED, "error.session.unknown")
	}
	if err != nil {
		return Session{}, err
	}
	var u workflow.User
	err = s.userQuery(ctx).Where("users.id = ? AND users.active", row.UserID).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Session{}, score.E(score.EUNAUTHORIZED, "error.session.disabled")
	}
	if err != nil {
		return Session{}, err
	}
	if u.Role == workflow.RoleCouncil {
		if u.Units, err = councilUnits(db, u.ID); err != nil {
			return Session{}, err
		}
	}
	if now.Unix()-row.LastSeen >= 60 {
		if err := db.Model(&sessionRow{}).Where("id = ?", row.ID).Update("last_seen", now.Unix()).Error; err != nil {
			return Session{}, err
		}
	}
	return Session{User: u, CSRF: row.CSRF, CreatedAt: time.Unix(row.CreatedAt, 0), ExpiresAt: time.Unix(row.ExpiresAt, 0)}, nil
}

// EndSession ends a session (logout).
func (s *Store) EndSession(ctx context.Context, idHash string) error {
	return s.db.WithContext(ctx).Where("id_hash = ?", idHash).Delete(&sessionRow{}).Error
}

// endSessions ends every browser session of a user: it is disabled or
// its password changed (where its API tokens end too).
func endSessions(tx *gorm.DB, userID int64) error {
	return tx.Where("user_id = ?", userID).Delete(&sessionRow{}).Error
}
