-- +goose Up
-- Browser sessions (the pages under /app): the cookie holds a random id,
-- the table only its SHA-256. A session ends at logout, at expires_at
-- (the absolute limit, Unix seconds), when last_seen is older than the
-- idle limit, and when its user is disabled or its password changes.
-- csrf is the session's form token, sent in every form.
CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    id_hash    TEXT NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- +goose Down
DROP TABLE sessions;
