-- +goose Up
-- PostgreSQL twin of sqlite/00005_throttle.sql: sign-in throttling and the
-- write rate limit shared by every instance on the database.

CREATE TABLE login_failures (
    id       BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    addr     TEXT NOT NULL,
    at_ms    BIGINT NOT NULL
);
CREATE INDEX login_failures_pair ON login_failures(username, addr, at_ms);
CREATE INDEX login_failures_account ON login_failures(username, at_ms);
CREATE INDEX login_failures_addr ON login_failures(addr, at_ms);
CREATE INDEX login_failures_at ON login_failures(at_ms);

CREATE TABLE login_refusals (
    username TEXT NOT NULL,
    addr     TEXT NOT NULL,
    first_ms BIGINT NOT NULL,
    last_ms  BIGINT NOT NULL,
    until_ms BIGINT NOT NULL,
    refused  BIGINT NOT NULL,
    PRIMARY KEY (username, addr)
);
CREATE INDEX login_refusals_until ON login_refusals(until_ms);

CREATE TABLE rate_limits (
    bucket    TEXT PRIMARY KEY,
    window_ms BIGINT NOT NULL,
    hits      BIGINT NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits(window_ms);

-- +goose Down
DROP TABLE rate_limits;
DROP TABLE login_refusals;
DROP TABLE login_failures;
