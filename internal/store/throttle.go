package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/parindex/parindex/internal/workflow"
)

// Sign-in throttling and the shared write rate limit (migration 00005).
// The rules (how many failures lock what, for how long) are the HTTP
// layer's; the store counts, in the database, so that every instance on
// it sees the same counts. Times are Unix milliseconds.

// FailureRule selects failed sign-ins: of an account ("" for any), from an
// address ("" for any), after Since. N picks the N-th most recent.
type FailureRule struct {
	Username, Addr string
	Since          time.Time
	N              int
}

// NthFailures returns, for each rule, the time of the N-th most recent
// failure it selects, or the zero time when fewer match: a rule "5 within
// 15 minutes" is met when its time is not zero, and is met until that
// failure is 15 minutes old. One query, whatever the number of rules.
func (s *Store) NthFailures(ctx context.Context, rules []FailureRule) ([]time.Time, error) {
	if len(rules) == 0 {
		return nil, nil
	}
	var q strings.Builder
	var args []any
	q.WriteString("SELECT ")
	for i, r := range rules {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(SELECT at_ms FROM login_failures WHERE at_ms > ?")
		args = append(args, r.Since.UnixMilli())
		if r.Username != "" {
			q.WriteString(" AND username = ?")
			args = append(args, r.Username)
		}
		if r.Addr != "" {
			q.WriteString(" AND addr = ?")
			args = append(args, r.Addr)
		}
		fmt.Fprintf(&q, " ORDER BY at_ms DESC LIMIT 1 OFFSET %d)", max(0, r.N-1))
	}
	vals := make([]sql.NullInt64, len(rules))
	dest := make([]any, len(rules))
	for i := range vals {
		dest[i] = &vals[i]
	}
	if err := s.db.WithContext(ctx).Raw(q.String(), args...).Row().Scan(dest...); err != nil {
		return nil, err
	}
	out := make([]time.Time, len(rules))
	for i, v := range vals {
		if v.Valid {
			out[i] = time.UnixMilli(v.Int64).UTC()
		}
	}
	return out, nil
}

// LoginFailed counts a failed sign-in of username from addr and audits
// it as action (login_failed; password_change_failed for a wrong current
// password), together.
func (s *Store) LoginFailed(ctx context.Context, username, addr string, at time.Time, action string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec("INSERT INTO login_failures (username, addr, at_ms) VALUES (?, ?, ?)", username, addr, at.UnixMilli()).Error; err != nil {
			return err
		}
		return record(ctx, tx, workflow.AuditEntry{Action: action, Entity: "session", Field: username, Reason: "from " + addr})
	})
}

// LoginSucceeded forgets the failures of username from addr: a user who
// typed the password wrong and then right starts again from nothing
// there. Its failures elsewhere, and addr's on other accounts, still count.
func (s *Store) LoginSucceeded(ctx context.Context, username, addr string) error {
	return s.db.WithContext(ctx).Exec("DELETE FROM login_failures WHERE username = ? AND addr = ?", username, addr).Error
}

// LoginRefused counts an attempt refused during a lockout of username ("":
// the whole address) from addr that lasts until until. The first refusal
// of a lockout is audited (login_throttled); the others are only counted,
// in one row, and their number is audited once (login_throttled_summary)
// when the lockout is over: when the next lockout of the same account and
// address begins, or when CloseLockouts finds it ended. However many
// attempts a lockout refuses, it writes at most two audit entries.
func (s *Store) LoginRefused(ctx context.Context, username, addr string, at, until time.Time) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		ended, err := closeLockouts(tx, "username = ? AND addr = ? AND until_ms <= ?", username, addr, at.UnixMilli())
		if err != nil {
			return err
		}
		var refused int64
		err = tx.Raw(`INSERT INTO login_refusals (username, addr, first_ms, last_ms, until_ms, refused) VALUES (?, ?, ?, ?, ?, 1)
			ON CONFLICT (username, addr) DO UPDATE SET refused = login_refusals.refused + 1, last_ms = excluded.last_ms,
				until_ms = CASE WHEN excluded.until_ms > login_refusals.until_ms THEN excluded.until_ms ELSE login_refusals.until_ms END
			RETURNING refused`, username, addr, at.UnixMilli(), at.UnixMilli(), until.UnixMilli()).Scan(&refused).Error
		if err != nil {
			return err
		}
		if refused == 1 {
			locked := "account " + username + " from this address"
			if username == "" {
				locked = "every account from this address"
			}
			ended = append(ended, workflow.AuditEntry{Action: "login_throttled", Entity: "session", Field: username,
				NewValue: strp(fmt.Sprintf("%s locked until %s; further attempts until then are counted and recorded once, when it ends", locked, until.UTC().Format(time.RFC3339))),
				Reason:   "from " + addr})
		}
		return record(ctx, tx, ended...)
	})
}

// CloseLockouts audits the refusal counts of the lockouts that ended by
// now and forgets them, and deletes the failures older than keep and the
// rate windows older than window. Instances call it now and then; two
// instances calling it at once audit each lockout once (the rows are
// claimed by deleting them).
func (s *Store) CloseLockouts(ctx context.Context, now time.Time, keep, window time.Duration) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		ended, err := closeLockouts(tx, "until_ms <= ?", now.UnixMilli())
		if err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM login_failures WHERE at_ms <= ?", now.Add(-keep).UnixMilli()).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM rate_limits WHERE window_ms <= ?", now.Add(-window).UnixMilli()).Error; err != nil {
			return err
		}
		return record(ctx, tx, ended...)
	})
}

// closeLockouts deletes the refusal rows matching where and returns the
// summaries to audit: one for each lockout that refused more than its
// first attempt (that one was audited when it happened).
func closeLockouts(tx *gorm.DB, where string, args ...any) ([]workflow.AuditEntry, error) {
	rows, err := tx.Raw("DELETE FROM login_refusals WHERE "+where+" RETURNING username, addr, first_ms, last_ms, refused", args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []workflow.AuditEntry
	for rows.Next() {
		var username, addr string
		var first, last, refused int64
		if err := rows.Scan(&username, &addr, &first, &last, &refused); err != nil {
			return nil, err
		}
		if refused < 2 {
			continue
		}
		out = append(out, workflow.AuditEntry{Action: "login_throttled_summary", Entity: "session", Field: username,
			NewValue: strp(fmt.Sprintf("%d attempts refused", refused)),
			Reason: fmt.Sprintf("from %s, between %s and %s", addr,
				time.UnixMilli(first).UTC().Format(time.RFC3339), time.UnixMilli(last).UTC().Format(time.RFC3339))})
	}
	return out, rows.Err()
}

// Hit counts one request of bucket in its current fixed window and
// returns the requests counted in that window and when it ends. A window
// begins with the first request after the previous one ended. One
// statement: the write rate limit costs one upsert per request.
func (s *Store) Hit(ctx context.Context, bucket string, now time.Time, window time.Duration) (int64, time.Time, error) {
	start := now.Add(-window).UnixMilli()
	var v struct {
		WindowMs int64
		Hits     int64
	}
	err := s.db.WithContext(ctx).Raw(`INSERT INTO rate_limits (bucket, window_ms, hits) VALUES (?, ?, 1)
		ON CONFLICT (bucket) DO UPDATE SET
			hits = CASE WHEN rate_limits.window_ms > ? THEN rate_limits.hits + 1 ELSE 1 END,
			window_ms = CASE WHEN rate_limits.window_ms > ? THEN rate_limits.window_ms ELSE excluded.window_ms END
		RETURNING window_ms, hits`, bucket, now.UnixMilli(), start, start).Scan(&v).Error
	if err != nil {
		return 0, time.Time{}, err
	}
	return v.Hits, time.UnixMilli(v.WindowMs).Add(window).UTC(), nil
}

// Shared reports whether several instances may share this database
// (PostgreSQL), so that limits must be counted in it.
func (s *Store) Shared() bool { return s.dialect == postgresDialect }
