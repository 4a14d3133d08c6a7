-- +goose Up
-- Sign-in throttling and the write rate limit, kept in the database so
-- that every instance on it enforces one limit. Times are Unix
-- milliseconds. Nothing here is history: rows older than the longest
-- window are deleted (the audit log keeps the history).

-- One row per failed sign-in (a wrong password, or an unknown username),
-- kept for an hour: the lockouts count them per account and address, per
-- address, and per account over every address.
CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    addr     TEXT NOT NULL,
    at_ms    INTEGER NOT NULL
);
CREATE INDEX login_failures_pair ON login_failures(username, addr, at_ms);
CREATE INDEX login_failures_account ON login_failures(username, at_ms);
CREATE INDEX login_failures_addr ON login_failures(addr, at_ms);
CREATE INDEX login_failures_at ON login_failures(at_ms);

-- Attempts refused while a lockout lasts, one row per lockout and
-- address (username '' when the whole address is locked out): the first
-- refusal is audited, the others are only counted here, and the count is
-- audited once when the lockout is over.
CREATE TABLE login_refusals (
    username TEXT NOT NULL,
    addr     TEXT NOT NULL,
    first_ms INTEGER NOT NULL,
    last_ms  INTEGER NOT NULL,
    until_ms INTEGER NOT NULL,
    refused  INTEGER NOT NULL,
    PRIMARY KEY (username, addr)
);
CREATE INDEX login_refusals_until ON login_refusals(until_ms);

-- Fixed-window request counters (the write rate limit on PostgreSQL):
-- one row per key (a user's changes, an address's sign-ins).
CREATE TABLE rate_limits (
    bucket    TEXT PRIMARY KEY,
    window_ms INTEGER NOT NULL,
    hits      INTEGER NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits(window_ms);

-- +goose Down
DROP TABLE rate_limits;
DROP TABLE login_refusals;
DROP TABLE login_failures;
