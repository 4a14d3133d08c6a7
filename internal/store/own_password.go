package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/workflow"
)

// ChangeOwnPassword sets a user's new password hash, as the user asked
// (the current password was checked), and ends every session of the user
// but the one holding keepTokenHash (and every browser session), audited, in one transaction.
func (s *Store) ChangeOwnPassword(ctx context.Context, username, passwordHash, keepTokenHash string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var row userRow
		if err := tx.Where("username = ? AND active", username).Take(&row).Error; err != nil {
			return notFound(err, "error.user.not_found", username)
		}
		if err := tx.Model(&userRow{}).Where("id = ?", row.ID).Update("password_hash", passwordHash).Error; err != nil {
			return err
		}
		ended := tx.Where("user_id = ? AND token_hash <> ?", row.ID, keepTokenHash).Delete(&tokenRow{})
		if ended.Error != nil {
			return ended.Error
		}
		if err := endSessions(tx, row.ID); err != nil {
			return err
		}
		return record(ctx, tx, workflow.AuditEntry{Action: "update", Entity: "user", Field: username + ".password", NewValue: strp("(changed)"),
			Reason: "changed by the user, with the current password; the user's other sessions ended"})
	})
}
