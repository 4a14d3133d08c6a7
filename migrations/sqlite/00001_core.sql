-- +goose Up
-- Points are stored as integers in thousandths (milli-points): exact, and
-- summable by the database itself. Text is stored exactly as sent (NFC).

CREATE TABLE tiers (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO tiers (code, name, created_at) VALUES
    ('department', 'Khối sở, ban, ngành', CURRENT_TIMESTAMP),
    ('district', 'Khối huyện, thành phố', CURRENT_TIMESTAMP);

CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    tier_id    INTEGER NOT NULL REFERENCES tiers(id),
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX units_tier ON units(tier_id, active);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'secretariat', 'council', 'unit')),
    unit_id       INTEGER REFERENCES units(id),
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX tokens_expiry ON tokens(expires_at);

CREATE TABLE periods (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    stage      TEXT NOT NULL DEFAULT 'draft',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE frameworks (
    id         INTEGER PRIMARY KEY,
    period_id  INTEGER NOT NULL REFERENCES periods(id),
    tier_id    INTEGER NOT NULL REFERENCES tiers(id),
    ranking    TEXT NOT NULL DEFAULT 'shown',
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (period_id, tier_id)
);

CREATE TABLE criteria (
    id           INTEGER PRIMARY KEY,
    framework_id INTEGER NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    parent_code  TEXT,
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    max_milli    INTEGER CHECK (max_milli BETWEEN 0 AND 1000000000),
    source       TEXT,
    UNIQUE (framework_id, code)
);

CREATE TABLE bands (
    id           INTEGER PRIMARY KEY,
    framework_id INTEGER NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    label        TEXT NOT NULL,
    min_index    TEXT NOT NULL
);

CREATE TABLE scores (
    id             INTEGER PRIMARY KEY,
    period_id      INTEGER NOT NULL REFERENCES periods(id),
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    criterion      TEXT NOT NULL,
    self_milli     INTEGER CHECK (self_milli BETWEEN 0 AND 1000000000),
    points_milli   INTEGER CHECK (points_milli BETWEEN 0 AND 1000000000),
    not_applicable INTEGER NOT NULL DEFAULT 0,
    note           TEXT NOT NULL DEFAULT '',
    updated_at     TIMESTAMP NOT NULL,
    updated_by     INTEGER REFERENCES users(id),
    UNIQUE (period_id, unit_id, criterion)
);

CREATE TABLE snapshots (
    id           INTEGER PRIMARY KEY,
    period_id    INTEGER NOT NULL REFERENCES periods(id),
    version      INTEGER NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    forced       INTEGER NOT NULL DEFAULT 0,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    UNIQUE (period_id, version)
);

-- +goose Down
DROP TABLE snapshots;
DROP TABLE scores;
DROP TABLE bands;
DROP TABLE criteria;
DROP TABLE frameworks;
DROP TABLE periods;
DROP TABLE tokens;
DROP TABLE users;
DROP TABLE units;
DROP TABLE tiers;
