-- +goose Up
-- PostgreSQL twin of sqlite/00008_sessions.sql: browser sessions by the
-- hash of their id, with idle and absolute expiry and a form token.
CREATE TABLE sessions (
    id         BIGSERIAL PRIMARY KEY,
    id_hash    TEXT NOT NULL UNIQUE,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- +goose Down
DROP TABLE sessions;
